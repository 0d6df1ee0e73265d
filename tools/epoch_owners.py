"""Which owners in Epoch AI's GPU-cluster list the entity registry does not know yet.

    python tools/epoch_owners.py path/to/epoch-gpu-clusters.csv [--toml]

The dataset (Epoch AI, https://epoch.ai/data/gpu-clusters, CC BY 4.0) names each cluster's owners
in its Owner column, several joined by commas, spelt as the source did ("Meta AI", "Softbank").
This normalises them, looks each up among the registry's names and aliases, and lists the ones
missing, most clusters first; --toml prints a stub entry for each to edit into
extract/data/entities.toml (kind and aliases need a human: a lab is an organisation, a vendor a
supplier). Nothing is written: the registry stays hand-curated.
"""
from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from extract.entities import registry  # noqa: E402

# Epoch's spelling -> the registry's name, where they differ by more than case and an acronym;
# None for an owner deliberately left out of the registry
NORMALISE = {
    "Meta AI": "Meta", "Nebius AI": "Nebius", "Softbank": "SoftBank", "Lambda Labs": "Lambda",
    "Together": "Together AI", "NVIDIA": "Nvidia", "Stargate (OpenAI)": "Stargate", "DeepMind": "Google",
    "Google DeepMind": "Google", "Julich Supercomputing Center": "Forschungszentrum Jülich",
    "Moscow State Univeristy": "Moscow State University", "Hewlett Packard Enterprise": "HPE",
    "Preferred Networks Inc": "Preferred Networks", "SberCloud": "Sber", "Iliad SA": "Scaleway",
    "Cerebras Systems": "Cerebras", "Dell Technologies": "Dell",
    "Compute Canada": "Digital Research Alliance of Canada",
    "Corvex.ai": "Corvex", "SMC - Sustainable Metal Cloud": "Sustainable Metal Cloud",
    "National Health Research Institutes Taiwan": "National Health Research Institutes",
    "Bloomberg": None,  # left out: named as a news source far more often than as a cluster owner
}
_ACRONYM = re.compile(r"^(?P<long>.+?)\s*\((?P<short>[^)]+)\)$")


def owners(row: dict) -> list[str]:
    """The normalised owners of one dataset row (those deliberately left out dropped)."""
    names = (NORMALISE.get(o.strip(), o.strip()) for o in row.get("Owner", "").split(",") if o.strip())
    return [n for n in names if n is not None]


def spellings(owner: str) -> list[str]:
    """An owner's name and, for "Long Name (ACR)", both parts."""
    m = _ACRONYM.match(owner)
    return [owner, m.group("long"), m.group("short")] if m else [owner]


def missing(rows: list[dict]) -> Counter[str]:
    """Owners (with their number of clusters) that no registry name or alias spells."""
    known = {a.casefold() for e in registry() for a in (e.name, *e.aliases)}
    counts: Counter[str] = Counter()
    for row in rows:
        for owner in owners(row):
            if not any(s.casefold() in known for s in spellings(owner)):
                counts[owner] += 1
    return counts


def stub(owner: str) -> str:
    """A registry entry to complete by hand."""
    names = spellings(owner)
    slug = re.sub(r"[^a-z0-9]+", "-", names[-1].lower()).strip("-")
    aliases = ", ".join(f'"{n}"' for n in names[1:])
    return f'[[entity]]\nid = "{slug}"\nname = "{names[-1] if len(names) > 1 else owner}"\nkind = "company"\n' + (
        f"aliases = [{aliases}]\n" if aliases else "")


def main(argv: list[str] | None = None) -> int:
    """Print the owners the registry lacks."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("csv", type=Path)
    ap.add_argument("--toml", action="store_true", help="print stub entries instead of a list")
    args = ap.parse_args(argv)
    with args.csv.open(encoding="utf-8", newline="") as f:
        counts = missing(list(csv.DictReader(f)))
    for owner, n in counts.most_common():
        print(stub(owner) if args.toml else f"{n:4d}  {owner}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
