"""The truth files of a hard world, written as Parquet (background rows streamed by chunk)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from evaluation.hardworld.contract_files import ContractTruth
from evaluation.hardworld.model import Org
from evaluation.hardworld.places import CITY_CODES
from evaluation.hardworld.vendor_file import write_supplier_list

LISTING_SCHEMA = pa.schema(
    [
        ("source_id", pa.string()),
        ("record_key", pa.string()),
        ("eid", pa.string()),
        ("phenomena", pa.string()),
    ]
)
ENTITY_SCHEMA = pa.schema(
    [
        ("eid", pa.string()),
        ("role", pa.string()),
        ("kind", pa.string()),
        ("name", pa.string()),
        ("neq", pa.string()),
        ("form", pa.string()),
        ("status", pa.string()),
        ("basis", pa.string()),
        ("town_code", pa.string()),
        ("region", pa.string()),
        ("successor", pa.string()),
        ("namesake_of", pa.string()),
        ("phenomena", pa.string()),
    ]
)
SE_BASES = ("listed", "legal_form")


def background_basis(form: pa.Array, status: pa.Array) -> pa.Array:
    active = pc.equal(status, "IM")
    coop = pc.is_in(form, pa.array(["COP", "SMU"]))
    return pc.if_else(pc.invert(active), "former", pc.if_else(coop, "legal_form", "candidate"))


class TruthWriter:
    """Streams truth rows to Parquet files under ``folder``."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._listings = pq.ParquetWriter(folder / "listings.parquet", LISTING_SCHEMA)
        self._entities = pq.ParquetWriter(folder / "entities.parquet", ENTITY_SCHEMA)

    def listings(self, rows: list[tuple[str, str | None, str, str]]) -> None:
        cols = list(zip(*rows, strict=True)) if rows else [[], [], [], []]
        self._listings.write_table(
            pa.table([pa.array(c, pa.string()) for c in cols], schema=LISTING_SCHEMA)
        )

    def background(self, chunk: pa.Table) -> None:
        """Social economy entries of the background register: each its own entity."""
        eid = pc.binary_join_element_wise("R", chunk["neq"], "")
        n = chunk.num_rows
        self._listings.write_table(
            pa.table(
                {
                    "source_id": pa.array(["req-registre"] * n, pa.string()),
                    "record_key": chunk["neq"],
                    "eid": eid,
                    "phenomena": pa.array(["background"] * n, pa.string()),
                }
            )
        )
        none = pa.nulls(n, pa.string())
        self._entities.write_table(
            pa.table(
                {
                    "eid": eid,
                    "role": pa.array(["background"] * n, pa.string()),
                    "kind": none,
                    "name": chunk["name"],
                    "neq": chunk["neq"],
                    "form": chunk["form"],
                    "status": chunk["status"],
                    "basis": background_basis(chunk["form"], chunk["status"]),
                    "town_code": chunk["town_code"],
                    "region": none,
                    "successor": none,
                    "namesake_of": none,
                    "phenomena": none,
                },
                schema=ENTITY_SCHEMA,
            )
        )

    def entities(self, orgs: list[Org]) -> None:
        rows = [
            {
                "eid": o.eid,
                "role": o.role,
                "kind": o.kind,
                "name": o.name,
                "neq": o.neq,
                "form": o.registration.form if o.registration else None,
                "status": o.status,
                "basis": o.basis,
                "town_code": o.town.code,
                "region": o.town.region,
                "successor": o.successor,
                "namesake_of": o.namesake_of,
                "phenomena": ";".join(o.phenomena),
            }
            for o in orgs
        ]
        self._entities.write_table(pa.Table.from_pylist(rows, schema=ENTITY_SCHEMA))

    def contracts(
        self, rows: list[ContractTruth], orgs: list[Org], seed: int
    ) -> dict[str, dict[str, float]]:
        """Write contract truth, the supplier list (:mod:`evaluation.hardworld.vendor_file`,
        its place columns drawn from ``seed``) and per-city spend; return the spend."""
        by_eid = {o.eid: o for o in orgs}
        table = pa.Table.from_pylist(
            [
                {
                    **{k: v for k, v in asdict(r).items() if k != "locality"},
                    "supplier_role": by_eid[r.supplier_eid].role,
                    "supplier_basis": by_eid[r.supplier_eid].basis,
                    "supplier_true_neq": by_eid[r.supplier_eid].neq,
                }
                for r in rows
            ]
        )
        pq.write_table(table, self.folder / "contracts.parquet")
        spend: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        for r in rows:
            if r.city is None or r.duplicate_of:
                continue
            basis = by_eid[r.supplier_eid].basis
            spend[r.city]["total"] += r.amount
            if basis in SE_BASES:
                spend[r.city]["social_economy"] += r.amount
            elif basis == "candidate":
                spend[r.city]["candidates"] += r.amount
        out = {c: {k: round(v, 2) for k, v in spend[c].items()} for c in CITY_CODES.values()}
        pq.write_table(
            pa.Table.from_pylist(
                [
                    {
                        "city": c,
                        **{
                            k: out[c].get(k, 0.0) for k in ("total", "social_economy", "candidates")
                        },
                    }
                    for c in out
                ]
            ),
            self.folder / "spend.parquet",
        )
        write_supplier_list(self.folder / "suppliers.csv", rows, by_eid, seed)
        return out

    def close(self) -> None:
        self._listings.close()
        self._entities.close()
