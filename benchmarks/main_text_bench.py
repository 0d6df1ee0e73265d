"""Score extract.main_text on the article-extraction benchmark; print one JSON line.

Usage: python benchmarks/main_text_bench.py /path/to/article-extraction

The folder must hold the benchmark's evaluate.py, ground-truth.json and html/; its scoring
functions are imported from there so the numbers match its own command line.
"""
from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extract import main_text  # noqa: E402


def load_evaluate(folder: Path):
    """The benchmark's evaluate.py as a module."""
    spec = importlib.util.spec_from_file_location("article_extraction_evaluate", folder / "evaluate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    folder = Path(argv[0]).resolve()
    ev = load_evaluate(folder)
    pages = ev.load_dataset(folder)
    outputs, elapsed, errors = ev.run_system(main_text, pages, warmup=True)
    rows = [ev.page_scores(true, outputs.get(pid), 4, "word") for pid, true, _url, _html in pages]
    scores = ev.aggregate(rows)
    print(json.dumps({
        "f1": round(scores["f1"], 4), "precision": round(scores["precision"], 4),
        "recall": round(scores["recall"], 4), "docs_per_s": round(len(pages) / elapsed, 1) if elapsed else None,
        "pages": len(pages), "errors": errors,
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
