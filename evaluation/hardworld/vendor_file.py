"""The supplier list with truth (``truth/suppliers.csv``, issue 17's `esq match` bench).

One row per contract row, as the contract files publish the supplier (name, NEQ) with the
buyer's town, amount and date, then what a city's vendor file holds beside a name: the
supplier's town and postal code. Real ERP vendor masters carry the payee's address; a list
of names alone would be poorer than what cities hold, and poorer than what the pipeline's
own linker gets from SEAO (its supplier locality). So:

- ``supplier_city``: SEAO's rows keep the locality SEAO publishes (about 80 % of awards,
  spelt as SEAO spells towns: « St- », no accents, capitals, « (Québec) »); Montréal's rows,
  whose open files carry no address, get one at the same rate and with the same noise;
- ``supplier_postal_code``: half the rows, the code of the supplier's site, sometimes
  without its space, now and then a stale code of the same town.

The place columns are drawn from a random stream of their own (seeded from the world's seed),
so every other file of a world is byte-identical to the previous generator version's.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

from evaluation.hardworld.contract_files import ContractTruth
from evaluation.hardworld.model import Org
from evaluation.hardworld.places import postal_in, town_spelling

CITY_SHARE = 0.8  # SEAO's own rate of published supplier localities (contracts._award)
POSTAL_SHARE = 0.5
HEADER = [
    "source_id", "contract_key", "buyer_city", "supplier_name", "supplier_neq",
    "supplier_city", "supplier_postal_code", "amount", "date",
    "true_eid", "true_neq", "true_role", "true_basis",
]  # fmt: skip


def vendor_place(rng: random.Random, org: Org, row: ContractTruth) -> tuple[str, str]:
    """(town, postal code) of the row's supplier as a vendor file holds them ("" if none)."""
    if row.source_id.startswith("seao"):
        city = row.locality or ""
    else:
        city = town_spelling(rng, org.town.name) if rng.random() < CITY_SHARE else ""
    postal = ""
    if org.site is not None and rng.random() < POSTAL_SHARE:
        postal = org.site.postal
        roll = rng.random()
        if roll < 0.05:
            postal = postal_in(rng, org.site.town)  # a stale code of the same town
        elif roll < 0.25:
            postal = postal.replace(" ", "")
    return city, postal


def write_supplier_list(
    path: Path, rows: list[ContractTruth], by_eid: dict[str, Org], seed: int
) -> None:
    """Write the list with its truth columns (module docstring)."""
    rng = random.Random(f"vendor-file/{seed}")
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        for r in rows:
            o = by_eid[r.supplier_eid]
            city, postal = vendor_place(rng, o, r)
            writer.writerow([
                r.source_id, r.contract_key, r.city or "", r.supplier_name, r.supplier_neq or "",
                city, postal, f"{r.amount:.2f}", r.date, o.eid, o.neq or "", o.role, o.basis,
            ])  # fmt: skip
