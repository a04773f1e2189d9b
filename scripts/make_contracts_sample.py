"""Write the bundled contract samples as landing-zone entries (deterministic; rerun at will).

- sample/landing/seao-contrats/<fetch_id>/: the 197 real SEAO rows (open data, CC BY 4.0, via
  github.com/jhroy/seao) turned back into OCDS release packages of SEAO's published shape:
  ``mensuel_sample.json`` holds one award release per notice; ``hebdo_sample.json`` holds a
  later amendment release for every notice whose final amount differs from the awarded one,
  plus exact repeats of some monthly releases (the real files overlap the same way).
- sample/landing/montreal-contrats-conseil/…: contracts.csv (exact copy, with its artificial
  bad line); sample/landing/montreal-contrats-fonctionnaires/…: contractsfonc.csv (exact copy)
  and the first 200 records of the header-less 2014-2015 officials file (byte-exact prefix).

Usage: python scripts/make_contracts_sample.py [--out sample/landing]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
from collections import defaultdict
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from esq.landing import LandingWriter, Manifest, fetch_id_for
from evaluation.contracts.seao_shape import Award, Supplier, Tender, build_package, build_release

NOW = datetime(2026, 6, 1, tzinfo=UTC)
LOCAL = ZoneInfo("America/Toronto")
SEAO_CSV = "seao/contrats-nb3_8villes_subset.csv"
MTL = "montreal-contrats"
SLICE_RECORDS = 200
PUBLISHER = "esq sample, reconstructed from SEAO open data (CC BY 4.0)"


def shared_dir() -> Path:
    """ESQ_SHARED, else <repo>/../shared, else /work/shared."""
    if os.environ.get("ESQ_SHARED"):
        return Path(os.environ["ESQ_SHARED"])
    sibling = Path(__file__).resolve().parents[1].parent / "shared"
    return sibling if sibling.is_dir() else Path("/work/shared")


def _award(row: list[str], final: bool, amends: str | None, when: datetime) -> Award:
    awarded, last = Decimal(row[12]), Decimal(row[18])
    signed = datetime.fromisoformat(row[6][:10]).replace(hour=0, tzinfo=LOCAL)
    supplier = Supplier(row[7], row[11] or None, row[8] or None, row[9] or None, row[10] or None)
    amendments: tuple[dict[str, str], ...] = ()
    if final and last != awarded:
        amendments = (
            {
                "id": "1",
                "date": when.isoformat(),
                "description": "Montant final publié",
                "amendsReleaseID": amends or "",
                "releaseID": when.strftime("%Y%m%d%H%M%S"),
            },
        )
    return Award(
        id=row[0],
        date=signed,
        amount=float(awarded),
        supplier=supplier,
        contract_amount=float(last) if final else None,
        contract_status="terminated" if final else "active",
        amendments=amendments,
    )


def _release(
    notice: str, group: list[list[str]], moment: datetime, tag: str, amends: str | None = None
) -> dict:
    """A release of one notice; ``amends`` (the first release id) marks the final-amount one."""
    first = group[0]
    tender = Tender(first[1], first[3], first[4], first[5] or None)
    final = amends is not None
    awards = [_award(r, final, amends, moment) for r in group]
    return build_release(
        notice=notice, moment=moment, tag=tag, buyer=first[2], tender=tender, awards=awards
    )


def seao_packages(rows: list[list[str]]) -> tuple[dict, dict]:
    """(monthly, weekly) packages from the CSV rows; see the module docstring."""
    notices: dict[str, list[list[str]]] = defaultdict(list)
    for row in rows:
        notices[row[0].split("-")[0]].append(row)
    monthly, weekly = [], []
    for n, (notice, group) in enumerate(sorted(notices.items())):
        signed = datetime.fromisoformat(group[0][6][:10]).replace(hour=10, tzinfo=LOCAL)
        base = _release(notice, group, signed + timedelta(days=7), "award")
        monthly.append(base)
        if any(Decimal(r[18]) != Decimal(r[12]) for r in group):
            final_at = signed + timedelta(days=180)
            weekly.append(_release(notice, group, final_at, "contractUpdate", base["id"]))
        elif n % 5 == 0:
            weekly.append(base)  # the same release published again in an overlapping file
    return (
        build_package(monthly, "urn:esq:sample:seao:mensuel", NOW, PUBLISHER),
        build_package(weekly, "urn:esq:sample:seao:hebdo", NOW, PUBLISHER),
    )


def first_records(text: str, count: int) -> str:
    """The exact text of the first ``count`` CSV records (quoted newlines stay inside)."""
    out, pending, records = [], "", 0
    for line in text.splitlines(keepends=True):
        pending += line
        if pending.count('"') % 2 == 0:
            out.append(pending)
            pending, records = "", records + 1
            if records == count:
                break
    return "".join(out)


def _write(out: Path, source_id: str, files: list[tuple[str, bytes, str, str]]) -> Path:
    """One landing entry with a fixed fetch id and manifest (finished_at = started_at)."""
    shutil.rmtree(out / source_id / fetch_id_for(NOW), ignore_errors=True)
    writer = LandingWriter(out, source_id, mode="sample", now=NOW)
    for name, body, content_type, origin in files:
        writer.add_bytes(
            name,
            body,
            url=None,
            content_type=content_type,
            fetched_at="2026-06-01T00:00:00Z",
            params={"origin": origin},
        )
    entry = writer.commit()
    manifest = Manifest.from_json((entry.path / "manifest.json").read_text("utf-8"))
    fixed = replace(manifest, finished_at=manifest.started_at)
    (entry.path / "manifest.json").write_text(fixed.to_json(), encoding="utf-8")
    return entry.path


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("sample/landing"))
    args = parser.parse_args(argv)
    shared = shared_dir() / "data" / "real"
    with (shared / SEAO_CSV).open(encoding="utf-8", newline="") as fh:
        monthly, weekly = seao_packages(list(csv.reader(fh)))
    origin = "SEAO open data via github.com/jhroy/seao contrats-nb3.csv, rebuilt as OCDS"
    dump = lambda p: json.dumps(p, ensure_ascii=False, indent=1).encode() + b"\n"  # noqa: E731
    _write(
        args.out,
        "seao-contrats",
        [
            ("mensuel_sample.json", dump(monthly), "application/json", origin),
            ("hebdo_sample.json", dump(weekly), "application/json", origin),
        ],
    )
    ovc = "Ville de Montréal open data via github.com/opennorth/ovc-vdm {}"
    mtl = shared / MTL
    _write(
        args.out,
        "montreal-contrats-conseil",
        [
            (
                "contracts.csv",
                (mtl / "contracts.csv").read_bytes(),
                "text/csv",
                ovc.format("fixtures"),
            )
        ],
    )
    full = (mtl / "20142015contratsfonctionnairesvillecentrale.csv").read_bytes().decode("utf-8")
    _write(
        args.out,
        "montreal-contrats-fonctionnaires",
        [
            ("contractsfonc.csv", (mtl / "contractsfonc.csv").read_bytes(), "text/csv",
             ovc.format("fixtures")),
            ("20142015contratsfonctionnairesvillecentrale-200.csv",
             first_records(full, SLICE_RECORDS).encode(), "text/csv",
             ovc.format(f"examples, first {SLICE_RECORDS} records")),
        ],
    )  # fmt: skip


if __name__ == "__main__":
    main()
