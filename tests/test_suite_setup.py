"""The two test commands: `make test` (the developer loop, slow drills left out) and `make test-all`
(everything), the one CI runs and the README names for CI."""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def make_recipe(target: str) -> str:
    """The command lines of TARGET in the Makefile."""
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    match = re.search(rf"^{re.escape(target)}:.*\n((?:\t.*\n)+)", text, re.M)
    assert match, f"no `{target}` target in the Makefile"
    return match.group(1)


def ci_make_target() -> str:
    """The make target .ci/run ends with."""
    [target] = re.findall(r"^make ([\w-]+)\s*$", (ROOT / ".ci" / "run").read_text(encoding="utf-8"), re.M)
    return target


def test_make_test_leaves_the_slow_tests_out_and_test_all_runs_them():
    assert '-m "not slow"' in make_recipe("test")
    everything = make_recipe("test-all")
    assert "-m pytest" in everything and "slow" not in everything, everything


def test_ci_runs_the_whole_suite_and_the_readme_says_so():
    assert ci_make_target() == "test-all"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci_lines = [line for line in readme.splitlines() if line.startswith("make ") and "CI" in line]
    assert ci_lines and all(line.split()[1] == "test-all" for line in ci_lines), ci_lines


def test_the_markers_are_registered():
    pytest_ini = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["pytest"]["ini_options"]
    assert "--strict-markers" in pytest_ini["addopts"]
    assert {m.split(":")[0] for m in pytest_ini["markers"]} >= {"slow", "browser"}
