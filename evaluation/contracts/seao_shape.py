"""Builders of OCDS releases and packages in SEAO's published shape (see esq.contracts.ocds).

Used by the sample generator (real SEAO rows turned back into releases) and by the benchmark
(synthetic releases); kept here so both write exactly the shape the reader expects.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

OCID_PREFIX = "ocds-ec9k95-"


@dataclass(frozen=True)
class Supplier:
    name: str
    neq: str | None = None
    locality: str | None = None
    region: str | None = None
    country: str | None = None
    postal_code: str | None = None

    @property
    def party_id(self) -> str:
        """SEAO's convention is FO-<NEQ>; without a NEQ a stable id from the name."""
        return f"FO-{self.neq}" if self.neq else f"FO-X{zlib.crc32(self.name.encode()):08d}"


@dataclass(frozen=True)
class Award:
    id: str
    date: datetime
    amount: float
    supplier: Supplier
    contract_amount: float | None = None  # settled value; the award value when None
    contract_status: str = "active"
    amendments: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True)
class Tender:
    id: str
    title: str
    category: str  # "S3 - Services d'architecture et d'ingénierie"
    unspsc: str | None = None
    method: str | None = None  # "open", "limited", "direct"; unknown in the XML-era rows
    method_details: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def buyer_party_id(name: str) -> str:
    """A stable OP- id per buyer name (real ids are SEAO organisation numbers)."""
    return f"OP-{zlib.crc32(name.encode()) % 100000}"


def _main_category(category: str) -> str:
    return {"S": "services", "G": "goods", "C": "works"}.get(category[:1], "services")


def _method(tender: Tender) -> dict[str, str]:
    fields = {"procurementMethod": tender.method, "procurementMethodDetails": tender.method_details}
    return {k: v for k, v in fields.items() if v}


def _address(s: Supplier) -> dict[str, str]:
    fields = {
        "locality": s.locality,
        "region": s.region,
        "postalCode": s.postal_code,
        "countryName": s.country,
    }
    return {k: v for k, v in fields.items() if v}


def build_release(
    *, notice: str, moment: datetime, tag: str, buyer: str, tender: Tender, awards: list[Award]
) -> dict[str, Any]:
    """One release: id is the publication timestamp, as SEAO does."""
    suppliers = {a.supplier.party_id: a.supplier for a in awards}
    parties: list[dict[str, Any]] = [
        {
            "name": buyer,
            "id": buyer_party_id(buyer),
            "roles": ["buyer"],
            "details": {"municipal": "1"},
        }
    ]
    for pid, s in suppliers.items():
        parties.append(
            {
                "name": s.name,
                "id": pid,
                "address": _address(s),
                "roles": ["supplier"],
                "details": {"neq": s.neq} if s.neq else {},
            }
        )
    item = {"id": tender.category.split(" ")[0], "description": tender.category}
    if tender.unspsc:
        item["classification"] = {"scheme": "UNSPSC", "id": tender.unspsc}
    return {
        "ocid": OCID_PREFIX + notice,
        "id": moment.strftime("%Y%m%d%H%M%S"),
        "date": moment.isoformat(),
        "language": "fr",
        "tag": [tag],
        "initiationType": "tender",
        "parties": parties,
        "buyer": {"name": buyer, "id": buyer_party_id(buyer)},
        "tender": {
            "id": tender.id,
            "title": tender.title,
            "status": "complete",
            "items": [item],
            **({"procurementMethod": tender.method} if tender.method else {}),
            **(
                {"procurementMethodDetails": tender.method_details} if tender.method_details else {}
            ),
            "mainProcurementCategory": _main_category(tender.category),
            **tender.extra,
        },
        "awards": [
            {
                "id": a.id,
                "status": "active",
                "date": a.date.isoformat(),
                "value": {"amount": a.amount, "currency": "CAD"},
                "suppliers": [{"name": a.supplier.name, "id": a.supplier.party_id}],
            }
            for a in awards
        ],
        "contracts": [_contract(a) for a in awards],
    }


def _contract(a: Award) -> dict[str, Any]:
    amount = a.amount if a.contract_amount is None else a.contract_amount
    contract: dict[str, Any] = {
        "id": a.id,
        "awardID": a.id,
        "status": a.contract_status,
        "value": {"amount": amount, "currency": "CAD"},
        "dateSigned": a.date.isoformat(),
    }
    if a.amendments:
        contract["amendments"] = list(a.amendments)
    return contract


def build_package(
    releases: list[dict[str, Any]], uri: str, published: datetime, publisher: str
) -> dict[str, Any]:
    """A release package with SEAO's top-level keys."""
    return {
        "uri": uri,
        "version": "1.1",
        "publishedDate": published.isoformat(),
        "publisher": {"name": publisher},
        "license": "https://creativecommons.org/licenses/by/4.0/",
        "releases": releases,
    }
