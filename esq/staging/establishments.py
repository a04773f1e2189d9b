"""Stage the register's secondary establishments: the addresses of its sites, normalised.

Entity resolution reads them as address evidence (``esq.entities.establishments``): a hub lists
an organisation at its site while the register's head office is elsewhere. Values are normalised
with the listings' own normalisers, each distinct value once (a register has hundreds of
thousands of establishments, with far fewer distinct towns).
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

from esq.normalise.address import address, street_key
from esq.normalise.municipality import MunicipalityIndex
from esq.normalise.names import normalise_name
from esq.normalise.per_value import per_value
from esq.normalise.postal import postal_code

#: Columns of ``establishments.parquet`` (one row per site; ``record_key`` is the register's).
ESTABLISHMENT_FILE_COLUMNS = (
    "record_key",
    "name_key",
    "address",
    "civic_number",
    "street_key",
    "municipality",
    "municipality_code",
    "mrc",
    "region_code",
    "postal_code",
)


def _name_key(name: object) -> str | None:
    parts = normalise_name(name)
    return parts.key if parts is not None else None


def _address_parts(value: object) -> tuple[str | None, str | None, str | None]:
    """(line, civic number, street key) of an address line."""
    parsed = address(value)
    if parsed is None:
        return None, None, None
    return parsed.line, parsed.civic_number, street_key(parsed.street)


def _missing_as_none(values: list) -> list:
    """pandas' missing markers (NaN, NA) as None: a missing value has no normalised form."""
    return [None if v is None or v is pd.NA or v != v else v for v in values]


def normalise_establishments(raw: pd.DataFrame, municipalities: MunicipalityIndex) -> pd.DataFrame:
    """Rows of ``register_establishments`` in the listing vocabulary (postal, civic, town)."""
    if raw.empty:
        return pd.DataFrame(columns=list(ESTABLISHMENT_FILE_COLUMNS), dtype=object)
    raw_postal = _missing_as_none(raw.postal.tolist())
    postal = per_value(raw_postal, postal_code)
    parts = per_value(_missing_as_none(raw.address.tolist()), _address_parts)
    # A missing postal code reaches resolve() as NaN, which it counts as given (as the
    # Series-based version did; kept so that the staged output does not change).
    town_postal = [math.nan if r is None else p for r, p in zip(raw_postal, postal, strict=True)]
    towns = zip(_missing_as_none(raw.municipality.tolist()), town_postal, strict=True)
    found = per_value(towns, lambda m, p: municipalities.resolve(m, postal_code=p), star=True)
    names = per_value(_missing_as_none(raw.establishment_name.tolist()), _name_key)
    out = pd.DataFrame(
        {
            "record_key": raw.record_key.tolist(),
            "name_key": names,
            "address": [p[0] for p in parts],
            "civic_number": [p[1] for p in parts],
            "street_key": [p[2] for p in parts],
            "municipality": [m.name if m else None for m in found],
            "municipality_code": [m.code if m else None for m in found],
            "mrc": [m.mrc if m else None for m in found],
            "region_code": [m.region_code if m else None for m in found],
            "postal_code": postal,
        }
    ).astype(object)
    return out.where(out.notna(), None).reset_index(drop=True)


def write_side_tables(
    folder: Path, side_tables: dict[str, pd.DataFrame], municipalities: MunicipalityIndex
) -> None:
    """Write the establishments of a register source, and its entries of other legal forms;
    remove a stale file of a source that no longer yields them (a staged folder must describe
    one parse)."""
    from esq.register.other_forms import write_other_forms
    from esq.store import write_frame

    write_other_forms(side_tables.get("other_forms"), folder)
    target = folder / "establishments.parquet"
    raw = side_tables.get("establishments")
    if raw is None:
        target.unlink(missing_ok=True)
        return
    write_frame(target, normalise_establishments(raw, municipalities))
