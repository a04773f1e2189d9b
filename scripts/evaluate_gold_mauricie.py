"""Print how entity resolution does on the real Mauricie gold set (evaluation/gold/).

.venv/bin/python scripts/evaluate_gold_mauricie.py [--list] [--names] [SHARED_DIR]

SHARED_DIR defaults to $ESQ_SHARED, then <repo>/../shared, then /work/shared. The hub files and the
REQ extract are read there (no open licence); the output names listings by source, row and key
hash only. --list prints every listing in error; --names adds the listing's and the register's names
to that list, read from the shared files, for a person looking at the errors: terminal only, never
paste it into the repo (the files have no open licence).
"""

from __future__ import annotations

import csv
import os
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from evaluation.entities.gold_mauricie import (  # noqa: E402
    HUB_FILES,
    REQ_FILE,
    GoldFigures,
    evaluate_gold,
)

MUN = ROOT / "sample/landing/mamh-municipalites/20260601T000000Z/files/MUN.csv"
ERRORS = ("wrong_neq", "neq_not_expected", "missed")


def _shared(args: list[str]) -> Path:
    candidates = [Path(a) for a in args]
    if os.environ.get("ESQ_SHARED"):
        candidates.append(Path(os.environ["ESQ_SHARED"]))
    candidates += [ROOT.parent / "shared", Path("/work/shared")]
    for c in candidates:
        if (c / "data" / "real" / "pole-mauricie").is_dir():
            return c
    raise SystemExit("shared data folder not found (pass it or set ESQ_SHARED)")


def _print_summary(g: GoldFigures) -> None:
    o = g.by_outcome
    print(f"gold listings: {g.listings}  verdicts: {dict(sorted(g.by_verdict.items()))}")
    print(f"right NEQ (coverage):      {o['right']:4d}  {g.coverage:.1%} of all  (target >= 85 %)")
    print(f"  of listings whose NEQ is in the extract: {g.reachable_coverage:.1%}")
    ceiling = g.by_verdict["neq"] / g.listings
    print(
        f"  ceiling (gold NEQ in the extract): {g.by_verdict['neq']}/{g.listings} = {ceiling:.1%}"
    )
    wrong = o["wrong_neq"] + o["neq_not_expected"]
    print(f"wrong NEQ:                 {wrong:4d}  {g.wrong_rate:.1%} of all  (target <= 1 %)")
    print(f"  another NEQ than gold:   {o['wrong_neq']:4d}")
    print(f"  NEQ where gold has none: {o['neq_not_expected']:4d}")
    given = o["right"] + wrong
    print(f"precision of the NEQs given: {o['right']}/{given} = {o['right'] / max(given, 1):.1%}")
    print(f"missed (gold NEQ, none):   {o['missed']:4d}")
    print(f"no NEQ, rightly:           {o['none_right']:4d}")
    unstaged = sum(1 for r in g.rows if not r["staged"])
    if unstaged:
        print(f"listings staging dropped (counted as no NEQ): {unstaged}")
    by_conf = Counter((r["confidence"], r["outcome"]) for r in g.rows)
    for conf in ("high", "medium"):
        n = sum(v for (c, _), v in by_conf.items() if c == conf)
        print(
            f"  {conf:6} confidence: {n:3d} listings, "
            + ", ".join(
                f"{out} {by_conf[(conf, out)]}"
                for out in ("right", *ERRORS)
                if by_conf[(conf, out)]
            )
        )


def _print_breakdown(g: GoldFigures) -> None:
    causes = g.causes()
    per = g.breakdown()
    for out in ERRORS:
        if not g.by_outcome[out]:
            continue
        main = sorted(((n, c) for (o, c), n in causes.items() if o == out), reverse=True)
        codes = sorted(((n, c) for (o, c), n in per.items() if o == out), reverse=True)
        print(f"\n{out} ({g.by_outcome[out]} listings)")
        print("  main cause:   " + ", ".join(f"{c} {n}" for n, c in main))
        print("  all evidence: " + ", ".join(f"{c} {n}" for n, c in codes))


def _names(real: Path) -> tuple[dict[tuple[str, int], str], dict[str, str]]:
    """Listing names by (source id, row) and register names by NEQ, from the shared files."""

    def rows(path: Path) -> list[dict[str, str]]:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            return list(csv.DictReader(fh))

    listed = {
        (sid, i): r["NomEntreprise"]
        for sid, rel in HUB_FILES
        for i, r in enumerate(rows(real / rel), start=1)
    }
    return listed, {r["NEQ"]: r["NomEntreprise"] for r in rows(real / REQ_FILE)}


def main(argv: list[str]) -> int:
    flags = {a for a in argv if a.startswith("--")}
    real = _shared([a for a in argv if a not in flags]) / "data" / "real"
    g = evaluate_gold(real, MUN)
    _print_summary(g)
    _print_breakdown(g)
    if flags & {"--list", "--names"}:
        listed, registered = _names(real) if "--names" in flags else ({}, {})
        print("\nsource_id,row,key_sha1,outcome,gold_neq,found_neq,evidence")
        for r in g.rows:
            if r["outcome"] in ERRORS:
                print(
                    f"{r['source_id']},{r['row']},{r['key_sha1']},{r['outcome']},"
                    f"{r['gold_neq'] or ''},{r['found_neq'] or ''},{';'.join(r['evidence'])}"
                )
                if listed:
                    print(
                        f"    listing: {listed[(r['source_id'], r['row'])]}\n"
                        f"    gold:    {registered.get(r['gold_neq'] or '', '-')}\n"
                        f"    found:   {registered.get(r['found_neq'] or '', '-')}"
                    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
