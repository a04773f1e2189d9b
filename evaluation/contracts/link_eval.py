"""Measure name linking on real SEAO rows whose supplier NEQs are known, hiding the NEQs.

Method (leave-one-out): for each row with a NEQ, the reference is a register of (name, NEQ)
pairs built from *every other* row with a NEQ — one "enterprise" per NEQ carrying all the names
it was published under in those rows. The row's NEQ is hidden and its supplier name is linked by
:func:`esq.contracts.supplier_link.link_suppliers`. A link is correct when the NEQ of the chosen
reference entry equals the hidden NEQ.

- precision = correct links / links made;
- recall = correct links / rows whose NEQ is present in their reference (the others cannot be
  found by any method, and any link made for them is an error).

It runs twice: names only, and with each supplier's town (column 9) passed as
``supplier_locality``, as the pipeline does, so that its words alone do not make a match.

The reference is small (≤ 115 NEQs) and drawn from the same buyers, so it is an easier haystack
than the REQ register; the figures measure the name rules, not the register's size.

Run: ``python -m evaluation.contracts.link_eval [path/to/contrats-nb3_8villes_subset.csv]``.
"""

from __future__ import annotations

import csv
import sys
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from esq.contracts.supplier_link import LINKED_METHODS, link_suppliers

# contrats-nb3 layout (see the shared PROVENANCE.md): supplier name, town, NEQ.
NAME_COLUMN, TOWN_COLUMN, NEQ_COLUMN = 7, 8, 11
DEFAULT_SEAO_ROWS = Path("/work/shared/data/real/seao/contrats-nb3_8villes_subset.csv")


@dataclass(frozen=True)
class LinkReport:
    rows: int
    findable: int
    links: int
    correct: int
    reviews: int
    errors: tuple[tuple[str, str, str], ...]  # (supplier name, hidden NEQ, linked NEQ)

    @property
    def precision(self) -> float:
        return self.correct / self.links if self.links else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.findable if self.findable else 0.0


def read_seao_rows(path: Path) -> list[tuple[str, str]]:
    """(supplier name, NEQ) of every row of the contrats-nb3 extract that carries a NEQ."""
    with path.open(encoding="utf-8", newline="") as fh:
        return [(r[NAME_COLUMN], r[NEQ_COLUMN]) for r in csv.reader(fh) if r[NEQ_COLUMN].strip()]


def read_seao_localities(path: Path) -> list[str | None]:
    """Supplier town of the same rows as :func:`read_seao_rows`, in the same order."""
    with path.open(encoding="utf-8", newline="") as fh:
        return [r[TOWN_COLUMN].strip() or None for r in csv.reader(fh) if r[NEQ_COLUMN].strip()]


def _register(pairs: list[tuple[str, str]]) -> pd.DataFrame:
    names: dict[str, list[str]] = {}
    for name, neq in pairs:
        names.setdefault(neq, [])
        if name not in names[neq]:
            names[neq].append(name)
    return pd.DataFrame(
        {
            "enterprise_id": list(names),
            "name": [v[0] for v in names.values()],
            "other_names": [" | ".join(v[1:]) or None for v in names.values()],
            "neq": [None] * len(names),  # names only: the NEQ is what we try to find
        }
    )


def leave_one_out(
    pairs: list[tuple[str, str]],
    localities: list[str | None] | None = None,
    **thresholds: float,
) -> LinkReport:
    """Link each row's name against the register of all other rows (module docstring); with
    ``localities``, each supplier's town is passed as the pipeline passes it."""
    towns = localities if localities is not None else [None] * len(pairs)
    findable = links = correct = reviews = 0
    errors = []
    for i, (name, neq) in enumerate(pairs):
        others = pairs[:i] + pairs[i + 1 :]
        register = _register(others)
        findable += neq in set(register.enterprise_id)
        supplier = pd.DataFrame({"supplier_ref": ["s"], "supplier_name": [name],
                                 "supplier_neq": [None],
                                 "supplier_locality": [towns[i]]})  # fmt: skip
        out = link_suppliers(supplier, register, **thresholds)
        row = out.links.iloc[0]
        reviews += row.link_method == "review"
        if row.link_method in LINKED_METHODS:
            links += 1
            if row.enterprise_id == neq:
                correct += 1
            else:
                errors.append((name, neq, str(row.enterprise_id)))
    return LinkReport(len(pairs), findable, links, correct, reviews, tuple(errors))


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    path = Path(args[0]) if args else DEFAULT_SEAO_ROWS
    pairs = read_seao_rows(path)
    runs = [("names only", None), ("with supplier town", read_seao_localities(path))]
    for label, towns in runs:
        report = leave_one_out(pairs, towns)
        print(
            f"{label}: rows with NEQ {report.rows}; findable {report.findable}; "
            f"links {report.links}; correct {report.correct}; review {report.reviews}; "
            f"precision {report.precision:.3f}; recall {report.recall:.3f}"
        )
        for name, hidden, linked in report.errors:
            print(f"  wrong: {name!r} (NEQ {hidden}) -> {linked}")


if __name__ == "__main__":
    main()
