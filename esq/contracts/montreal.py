"""Montréal's four contract datasets (CSV) → contract rows. Pure parsing of a byte stream.

Layouts seen in real files (../shared/data/real/montreal-contrats, open data CC BY 4.0):

- council / agglomeration council: FOURNISSEUR, RÉPARTITION, SERVICE, DIRECTION, NO DE DOSSIER,
  OBJET, NO DÉCISION, DATE SIGNATURE, MONTANT (whole dollars);
- officials: NOM DU FOURNISSEUR, NUMÉRO, DATE D'APPROBATION, APPROBATEUR, DESCRIPTION, SERVICE,
  ACTIVITÉ, MONTANT (decimal comma "39757,63"), PORTION À LA CHARGE DE L'AGGLO.;
- officials 2014-2015 file: no header row, 8 columns (no APPROBATEUR), every date empty.

Inferred, not seen: the executive-committee dataset is read with the council layout (a public
loader of ``contratscomiteexecutif.csv`` maps it to the same columns); the borough-council
dataset is taken as the council layout plus an ARRONDISSEMENT column, which, when present,
becomes the buyer unit. DataStore exports drop accents and punctuation from names (NUMERO,
ACTIVITE, DATE D APPROBATION) and add ``_id``: headers are compared after folding (no accents,
upper case, punctuation → space), and all spellings live in :data:`HEADER_ALIASES`, so a new
variant is a data edit. Unknown columns are ignored.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import BinaryIO

from esq.adapters.tabular import sniff_delimiter
from esq.adapters.text_decode import decode_text, line_issues
from esq.contracts.rows import ContractRow, Reject, montreal_contract_key, truncate

# canonical field -> folded header spellings (see _fold_header)
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "supplier": ("FOURNISSEUR", "NOM DU FOURNISSEUR", "NOM FOURNISSEUR"),
    "allocation": ("REPARTITION", "PORTION A LA CHARGE DE L AGGLO"),
    "service": ("SERVICE",),
    "direction": ("DIRECTION",),
    "borough": ("ARRONDISSEMENT",),
    "number": ("NO DE DOSSIER", "NUMERO DE DOSSIER", "NUMERO", "NO DOSSIER"),
    "object": ("OBJET", "DESCRIPTION"),
    "decision": ("NO DECISION", "NUMERO DECISION", "NO DE DECISION", "NUMERO DE DECISION"),
    "date": ("DATE SIGNATURE", "DATE DE SIGNATURE", "DATE D APPROBATION", "DATE APPROBATION"),
    "approver": ("APPROBATEUR",),
    "activity": ("ACTIVITE",),
    "amount": ("MONTANT",),
}
# header-less files, recognised by their column count
HEADERLESS_LAYOUTS: dict[int, tuple[str, ...]] = {
    8: ("supplier", "number", "date", "object", "service", "activity", "amount", "allocation"),
}
_ALIAS = {alias: field for field, names in HEADER_ALIASES.items() for alias in names}
_SPACES = re.compile(r"[\s\u00a0\u202f]+")


class MontrealFormatError(ValueError):
    """The file's header matches no known Montréal contract layout."""


def _fold_header(name: str) -> str:
    text = unicodedata.normalize("NFKD", name.replace("\ufeff", ""))
    text = "".join(c for c in text if not unicodedata.combining(c)).upper()
    return " ".join(re.sub(r"[^A-Z0-9]+", " ", text).split())


def parse_amount(text: str) -> Decimal:
    """Montréal amounts: "39757,63", "25 394 602,80", "1,234.56", "648253 $"; ValueError if not."""
    clean = _SPACES.sub("", text).replace("$", "")
    if "," in clean and "." in clean:  # the right-most mark is the decimal separator
        thousands = "," if clean.rfind(".") > clean.rfind(",") else "."
        clean = clean.replace(thousands, "")
    try:
        amount = Decimal(clean.replace(",", "."))
    except InvalidOperation:
        amount = Decimal("NaN")
    if not clean or not amount.is_finite():
        raise ValueError(f"MONTANT {text!r} is not an amount")
    return amount


def parse_date(text: str) -> date | None:
    """ISO dates (a time part is ignored); empty → None; anything else → ValueError."""
    text = text.strip()
    if not text:
        return None
    match = re.match(r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T].*)?$", text)
    if not match:
        raise ValueError(f"date {text!r} is not YYYY-MM-DD")
    return date(*(int(g) for g in match.groups()))


def _columns(first: list[str]) -> tuple[list[str | None], bool]:
    """Field of each column, and whether ``first`` was a header row."""
    fields = [_ALIAS.get(_fold_header(c)) for c in first]
    if {"supplier", "amount"} <= set(fields):
        return fields, True
    if len(first) in HEADERLESS_LAYOUTS:
        return list(HEADERLESS_LAYOUTS[len(first)]), False
    raise MontrealFormatError(f"unknown Montréal contract header: {first!r}")


def _row(
    values: dict[str, str], dataset: str, source_id: str, ref: str, seen: Counter[str]
) -> ContractRow:
    amount = parse_amount(values.get("amount", ""))
    signed = parse_date(values.get("date", ""))
    number = values.get("number") or values.get("decision") or None
    seen[number or ""] += 1  # only valid rows take an occurrence number
    unit = values.get("borough") or values.get("service") or None
    return ContractRow(
        source_id=source_id,
        contract_key=montreal_contract_key(dataset, number, seen[number or ""]),
        supplier_name=values.get("supplier") or None,
        amount_awarded=amount,
        amount_final=amount,
        buyer_raw="Ville de Montréal",  # the publisher; the unit is in buyer_unit
        buyer_city="Montréal",
        buyer_unit=unit,
        date=signed,
        title=values.get("object") or None,
        category=values.get("activity") or None,
        unit_detail=values.get("direction") or values.get("service") or None,
        record_ref=ref,
    )


def parse_montreal(
    fileobj: BinaryIO,
    dataset: str,
    rejects: list[Reject],
    source_id: str = "montreal-contrats",
    file_name: str = "",
    encoding: str | None = None,
) -> Iterator[ContractRow]:
    """Yield rows of one Montréal contract CSV; bad lines go to ``rejects`` with the reason.

    ``dataset`` (e.g. "conseil", "fonctionnaires") is part of the contract key. Quoted fields
    may contain newlines; the locator is the physical line where the record ends. The
    encoding (per line where a file mixes UTF-8 and cp1252) and the delimiter (a file saved
    by a French Excel uses ``;`` and decimal commas) are detected unless ``encoding`` is given.
    """
    decoded = decode_text(fileobj.read(), encoding)
    rejects += [
        Reject(source_id, f"{file_name}:{i.line}", i.message, i.raw, i.rule, i.severity)
        for i in line_issues(decoded)
    ]
    text = decoded.text.removeprefix("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
    first = next(reader, None)
    if first is None:
        return
    fields, had_header = _columns(first)
    records = reader if had_header else _prepend(first, reader)
    seen: Counter[str] = Counter()
    for record in records:
        ref = f"{file_name}:{reader.line_num}"
        if not any(v.strip() for v in record):
            continue  # blank line
        if len(record) != len(fields):
            reason = f"expected {len(fields)} fields, got {len(record)}"
            rejects.append(Reject(source_id, ref, reason, truncate(",".join(record))))
            continue
        values = {f: " ".join(v.split()) for f, v in zip(fields, record, strict=True) if f}
        try:
            yield _row(values, dataset, source_id, ref, seen)
        except ValueError as exc:
            rejects.append(Reject(source_id, ref, str(exc), truncate(",".join(record))))


def _prepend(first: list[str], rest: Iterator[list[str]]) -> Iterator[list[str]]:
    yield first
    yield from rest
