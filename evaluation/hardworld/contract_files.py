"""Contract files: SEAO monthly and weekly OCDS packages that overlap, Montréal's CSVs.

Truth rows are keyed exactly as the readers key contract rows (esq.contracts.rows), so the
evaluation joins them to the warehouse's ``contracts`` table without guessing.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_HALF_EVEN, Decimal

from esq.contracts.rows import montreal_contract_key, seao_contract_key, supplier_key
from evaluation.contracts.seao_shape import (
    OCID_PREFIX,
    Award,
    Supplier,
    Tender,
    build_package,
    build_release,
)
from evaluation.hardworld.contracts import END, Contract

#: Weekly files cover the last quarter, monthly ones everything: they overlap.
WEEKLY_FROM = datetime(2025, 10, 6, 0, 0)
_CENT = Decimal("0.01")


@dataclass
class ContractTruth:
    source_id: str
    contract_key: str
    supplier_eid: str
    city: str | None
    amount: float  # the money this row counts once collapsed (final, else awarded; split)
    supplier_name: str
    supplier_neq: str | None
    date: str
    duplicate_of: str | None  # a Montréal row that is the same contract as this SEAO key
    phenomena: str
    locality: str | None = None  # the supplier's town as SEAO publishes it (never Montréal's)


def _split(amount: float, n: int) -> float:
    if n <= 1:
        return amount
    return float((Decimal(str(amount)) / n).quantize(_CENT, rounding=ROUND_HALF_EVEN))


def _releases(c: Contract) -> list[dict]:
    tender = Tender(id=f"T-{c.number}", title=c.title, category=c.category, method="open")
    awards = [
        Award(
            id=f"{c.number}-{i + 1}",
            date=c.date,
            amount=a.amount,
            supplier=Supplier(a.name, a.neq, a.locality, "Québec", "Canada"),
        )
        for i, a in enumerate(c.awards)
    ]
    out = [
        build_release(
            notice=c.number, moment=c.date, tag="award", buyer=c.buyer, tender=tender, awards=awards
        )
    ]
    if c.updated:
        settled = [
            Award(
                a.id,
                a.date,
                a.amount,
                a.supplier,
                contract_amount=x.final,
                amendments=({"id": "1", "date": c.updated.isoformat(), "description": "Avenant"},),
            )
            for a, x in zip(awards, c.awards, strict=True)
        ]
        out.append(
            build_release(
                notice=c.number,
                moment=c.updated,
                tag="contractUpdate",
                buyer=c.buyer,
                tender=tender,
                awards=settled,
            )
        )
    if c.joint:  # one award, several suppliers
        for rel in out:
            first = rel["awards"][0]
            first["suppliers"] = [s for a in rel["awards"] for s in a["suppliers"]]
            rel["awards"], rel["contracts"] = [first], rel["contracts"][:1]
    return out


def seao_files(
    contracts: list[Contract], source_id: str
) -> tuple[list[tuple[str, bytes, dict]], list[ContractTruth]]:
    """Monthly packages of every release, weekly packages of the last quarter (overlapping)."""
    releases = [
        (datetime.fromisoformat(r["date"]), r)
        for c in contracts
        if c.channel == "seao"
        for r in _releases(c)
    ]
    files = []
    month = datetime(2024, 1, 1)
    while month < END:
        nxt = (month + timedelta(days=32)).replace(day=1)
        _package(files, "mensuel", month, nxt, releases)
        month = nxt
    week = WEEKLY_FROM
    while week < END:
        _package(files, "hebdo", week, week + timedelta(days=7), releases)
        week += timedelta(days=7)
    return files, [t for c in contracts if c.channel == "seao" for t in _seao_truth(c, source_id)]


def _package(files: list, kind: str, start: datetime, end: datetime, releases: list) -> None:
    chosen = [r for moment, r in releases if start <= moment < end]
    if not chosen:
        return
    name = f"{kind}_{start:%Y%m%d}_{end - timedelta(days=1):%Y%m%d}.json"
    uri = f"https://www.donneesquebec.ca/recherche/dataset/seao/resource/{name}"
    body = json.dumps(
        build_package(chosen, uri, end, "Secrétariat du Conseil du trésor"),
        ensure_ascii=False,
        default=str,
    )
    files.append(
        (
            name,
            body.encode("utf-8"),
            {"url": uri, "params": {}, "http_status": 200, "content_type": "application/json"},
        )
    )


def _seao_truth(c: Contract, source_id: str) -> list[ContractTruth]:
    ocid = OCID_PREFIX + c.number
    out = []
    n = len(c.awards) if c.joint else 1
    for i, a in enumerate(c.awards):
        award_id = f"{c.number}-1" if c.joint else f"{c.number}-{i + 1}"
        party = Supplier(a.name, a.neq).party_id
        key = seao_contract_key(ocid, award_id, supplier_key(a.neq, party, a.name))
        total = c.awards[0] if c.joint else a
        amount = total.final if total.final is not None else total.amount
        out.append(
            ContractTruth(
                source_id,
                key,
                a.supplier,
                c.city,
                _split(amount, n),
                a.name,
                a.neq,
                c.date.date().isoformat(),
                None,
                ";".join(c.phenomena + a.phenomena),
                a.locality,
            )
        )
    return out


COUNCIL = [
    "FOURNISSEUR",
    "RÉPARTITION",
    "SERVICE",
    "DIRECTION",
    "NO DE DOSSIER",
    "OBJET",
    "NO DÉCISION",
    "DATE SIGNATURE",
    "MONTANT",
]
OFFICIALS = [
    "NOM DU FOURNISSEUR",
    "NUMÉRO",
    "DATE D'APPROBATION",
    "APPROBATEUR",
    "DESCRIPTION",
    "SERVICE",
    "ACTIVITÉ",
    "MONTANT",
    "PORTION À LA CHARGE DE L'AGGLO.",
]


def montreal_files(
    contracts: list[Contract], sources: dict[str, str], rng
) -> tuple[dict[str, bytes], list[ContractTruth]]:
    """The council CSV (with the SEAO contracts Montréal also publishes) and the officials CSV."""
    council, officials, truth = [], [], []
    for c in contracts:
        a = c.awards[0]
        amount = a.final if a.final is not None else a.amount
        if c.channel == "conseil" or c.also_on_montreal:
            number = c.number if c.channel == "conseil" else f"11{c.number}"
            signed = c.date + timedelta(days=rng.randint(0, 20))
            council.append(
                [
                    a.name if c.channel == "conseil" else a.name.upper(),
                    "Ville centrale",
                    c.category,
                    "Direction générale",
                    number,
                    c.title,
                    f"CE{number[-6:]}",
                    f"{signed:%Y-%m-%d}",
                    f"{round(amount)}",
                ]
            )
            dup = _seao_truth(c, "")[0].contract_key if c.channel == "seao" else None
            truth.append(
                ContractTruth(
                    sources["conseil"],
                    montreal_contract_key(f"conseil/{FILE['conseil']}", number, 1),
                    a.supplier,
                    "Montréal",
                    float(round(amount)),
                    a.name,
                    None,
                    f"{signed:%Y-%m-%d}",
                    dup,
                    ";".join(c.phenomena + a.phenomena),
                )
            )
        elif c.channel == "fonctionnaires":
            officials.append(
                [
                    a.name,
                    c.number,
                    f"{c.date:%Y-%m-%d}",
                    "Directeur",
                    c.title,
                    c.category,
                    "Approvisionnement",
                    f"{amount:.2f}".replace(".", ","),
                    "0,00",
                ]
            )
            truth.append(
                ContractTruth(
                    sources["fonctionnaires"],
                    montreal_contract_key(f"fonctionnaires/{FILE['fonctionnaires']}", c.number, 1),
                    a.supplier,
                    "Montréal",
                    amount,
                    a.name,
                    None,
                    f"{c.date:%Y-%m-%d}",
                    None,
                    ";".join(a.phenomena),
                )
            )
    return {"conseil": _csv(COUNCIL, council), "fonctionnaires": _csv(OFFICIALS, officials)}, truth


#: Landed file name per Montréal dataset (part of the reader's contract key).
FILE = {"conseil": "contrats-conseil.csv", "fonctionnaires": "contrats-fonctionnaires.csv"}


def _csv(header: list[str], rows: list[list[str]]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue().encode("utf-8-sig")
