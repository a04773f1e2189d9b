"""Per city, the spend error of hard-world runs split into causes, contract by contract (issue 12).

    python scripts/evaluate_hard.py --size small --seed 1 --worlds /tmp/w --keep   # prints HOME
    python scripts/spend_errors.py HOME WORLD [HOME WORLD ...] [--top N] [--json FILE]

HOME is a kept ESQ_HOME (or a warehouse file). Prints, per world: truth, measured, error and the
pending review amount per city, the dollars of each cause per city (kinds (a) recall, (b)
precision, (c) amount, (d) review/candidate: evaluation/contracts/spend_errors.py), the totals
per cause and the top N contracts of each cause; then the same for the cities' total spend
(whoever the supplier: only amount causes).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from evaluation.contracts.spend_errors import by_cause, decompose, wape

TOP_COLUMNS = ["city", "dollars", "supplier_name", "supplier_eid", "linked_eid", "link_method",
               "link_detail", "contract_key"]  # fmt: skip


def _print(title: str, table: pd.DataFrame, lines: pd.DataFrame, top: int) -> dict:
    totals = by_cause(lines)
    print(f"\n== {title}: WAPE {wape(table):.4f}")
    head = table[["truth", "measured", "error", "pending", "residual"]]
    print(head.round({"truth": 0, "measured": 0, "error": 3, "pending": 0, "residual": 2})
          .to_string())  # fmt: skip
    if len(totals):
        print("\ndollars per cause and city (+ counted too much, − too little)")
        print(table.drop(columns=head.columns).T.round(0).to_string())
        print("\ntotals per cause over the eight cities")
        print(totals.round(0).to_string())
    for cause in totals.index if top > 0 else ():
        group = lines[lines.cause == cause]
        order = (group.truth_amount if cause.startswith("(b) linked to another")
                 else group.dollars.abs())  # fmt: skip
        rows = group.loc[order.sort_values(ascending=False).index, TOP_COLUMNS].head(top)
        print(f"-- {cause}")
        print(rows.round({"dollars": 0}).to_string(index=False))
    return {
        "wape": wape(table),
        "per_city": table.reset_index().to_dict("records"),
        "causes": totals.reset_index().to_dict("records"),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pairs", type=Path, nargs="+", help="HOME WORLD pairs")
    parser.add_argument("--top", type=int, default=5, help="contracts listed per cause")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    if len(args.pairs) % 2:
        parser.error("give HOME WORLD pairs")
    pd.set_option("display.width", 250)
    pd.set_option("display.max_columns", 40)
    pd.set_option("display.max_colwidth", 50)
    report = {}
    for home, world in zip(args.pairs[::2], args.pairs[1::2], strict=True):
        report[world.name] = {
            scope: _print(f"{world.name}, {scope} spend", *decompose(home, world, scope), args.top)
            for scope in ("se", "total")
        }
    if args.json:
        args.json.write_text(json.dumps(report, indent=1, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
