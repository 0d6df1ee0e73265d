"""The wheel as pip builds it from a clean copy of the tree: every data file the code loads is in it, the
build warns about nothing, and its metadata declares what the code imports (Dask as an extra)."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("infratrack", "crawler", "extract", "db", "dashboard", "backfill")
SKIP = shutil.ignore_patterns(".git", ".venv*", "__pycache__", "build", "*.egg-info", ".pytest_cache", ".hypothesis",
                              "*.duckdb*", "*.pyc")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[zipfile.ZipFile, str]:
    """The wheel built from a copy of the tree (the build writes beside its sources), and pip's output."""
    tmp = tmp_path_factory.mktemp("wheel")
    src = tmp / "src"
    shutil.copytree(ROOT, src, ignore=SKIP)
    r = subprocess.run([sys.executable, "-m", "pip", "wheel", str(src), "--no-deps", "-v", "-w", str(tmp / "dist")],
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    [wheel] = (tmp / "dist").glob("infratrack-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        yield zf, r.stdout + r.stderr


def _tracked(pattern: str) -> set[str]:
    return {p.relative_to(ROOT).as_posix() for p in ROOT.glob(pattern) if p.is_file() and "__pycache__" not in p.parts}


def test_the_wheel_holds_every_data_file(built):
    zf, _ = built
    names = set(zf.namelist())
    for pattern in ("extract/data/*.toml", "db/migrations/*.sql", "backfill/data/*.toml", "infratrack/sources.toml",
                    "infratrack/demo_site/**/*", "dashboard/**/*.py"):
        expected = _tracked(pattern)
        assert expected, f"nothing in the tree matches {pattern}"
        assert expected <= names, f"missing from the wheel: {sorted(expected - names)[:5]}"


def test_every_resource_the_code_loads_is_in_the_wheel(built):
    # resources.files("pkg").joinpath("name"): the one way the code reads its data
    zf, _ = built
    names = set(zf.namelist())
    found = 0
    for package in PACKAGES:
        for py in (ROOT / package).rglob("*.py"):
            for pkg, name in re.findall(r'resources\.files\("([\w.]+)"\)\.joinpath\((f?"[^"]+")\)', py.read_text("utf-8")):
                found += 1
                folder = pkg.replace(".", "/")
                pattern = re.sub(r"\{[^}]*\}", "*", name.lstrip("f").strip('"'))
                assert any(Path(n).match(f"{folder}/{pattern}") or n.startswith(f"{folder}/{pattern}/")
                           for n in names), f"{py.name} loads {folder}/{pattern}, which the wheel lacks"
    assert found >= 10


def test_the_build_warns_about_nothing(built):
    _, output = built
    warnings = re.findall(r"\w*(?:Setuptools\w*Warning|BuildBackendWarning|is absent from the `packages`)[^\n]*", output)
    assert warnings == []


def test_the_metadata_declares_what_the_code_imports(built):
    zf, _ = built
    [meta] = [n for n in zf.namelist() if n.endswith(".dist-info/METADATA")]
    message = Parser().parsestr(zf.read(meta).decode("utf-8"))
    requires = message.get_all("Requires-Dist")
    base = {re.match(r"[\w.-]+", r).group(0).lower().replace("_", "-"): r for r in requires if "extra ==" not in r}
    for name in ("numpy", "pandas", "altair", "streamlit", "duckdb", "pyarrow", "lxml"):
        assert name in base, f"{name} is imported but not declared"
    assert ">=14.0.1" in base["pyarrow"].replace(" ", "")  # the fix of CVE-2023-47248
    assert "dask" not in base and "distributed" not in base, "Dask is an extra, not a requirement"
    assert "dask" in message.get_all("Provides-Extra")
    assert any(r.startswith("dask") and 'extra == "dask"' in r for r in requires)
    # a version cap on a calendar (dask 2026.x) breaks installs the day the year turns
    assert not [r for r in requires if re.search(r"<\s*20\d\d", r)]


def test_without_the_dask_extra_the_dask_engine_says_how_to_get_it():
    # a Python where `distributed` cannot be imported, as after `pip install infratrack` without [dask]
    probe = ("import sys\nsys.modules['distributed'] = None\n"
             "from backfill.engines import DaskEngine, SchedulerUnreachable\n"
             "try:\n    DaskEngine(None, 1).__enter__()\nexcept SchedulerUnreachable as exc:\n    print(exc)\n")
    r = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert "pip install 'infratrack[dask]'" in r.stdout, r.stderr
