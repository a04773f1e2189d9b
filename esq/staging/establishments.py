"""Stage the register's secondary establishments: the addresses of its sites, normalised.

Entity resolution reads them as address evidence (``esq.entities.establishments``): a hub lists
an organisation at its site while the register's head office is elsewhere. Values are normalised
with the listings' own normalisers, each distinct value once (a register has hundreds of
thousands of establishments, with far fewer distinct towns).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from esq.normalise.address import address, street_key
from esq.normalise.municipality import MunicipalityIndex
from esq.normalise.names import normalise_name
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


def _per_value(values: pd.Series, fn) -> pd.Series:
    """``fn`` applied once per distinct value."""
    distinct = values.dropna().unique()
    return values.map(dict(zip(distinct, (fn(v) for v in distinct), strict=True)))


def _name_key(name: object) -> str | None:
    parts = normalise_name(name)
    return parts.key if parts is not None else None


def normalise_establishments(raw: pd.DataFrame, municipalities: MunicipalityIndex) -> pd.DataFrame:
    """Rows of ``register_establishments`` in the listing vocabulary (postal, civic, town)."""
    if raw.empty:
        return pd.DataFrame(columns=list(ESTABLISHMENT_FILE_COLUMNS), dtype=object)
    postal = _per_value(raw.postal, postal_code)
    parsed = _per_value(raw.address, address)
    civic = parsed.map(lambda a: a.civic_number if a is not None else None)
    street = parsed.map(lambda a: street_key(a.street) if a is not None else None)
    towns = pd.Series(list(zip(raw.municipality, postal, strict=True)), index=raw.index)
    found = _per_value(towns, lambda mp: municipalities.resolve(mp[0], postal_code=mp[1]))
    names = _per_value(raw.establishment_name, _name_key)
    out = pd.DataFrame(
        {
            "record_key": raw.record_key,
            "name_key": names,
            "address": parsed.map(lambda a: a.line if a is not None else None),
            "civic_number": civic,
            "street_key": street,
            "municipality": found.map(lambda m: m.name if m else None),
            "municipality_code": found.map(lambda m: m.code if m else None),
            "mrc": found.map(lambda m: m.mrc if m else None),
            "region_code": found.map(lambda m: m.region_code if m else None),
            "postal_code": postal,
        }
    ).astype(object)
    return out.where(out.notna(), None).reset_index(drop=True)


def write_side_tables(
    folder: Path, side_tables: dict[str, pd.DataFrame], municipalities: MunicipalityIndex
) -> None:
    """Write the establishments of a register source; remove a stale file of a source that no
    longer yields them (a staged folder must describe one parse)."""
    from esq.store import write_frame

    target = folder / "establishments.parquet"
    raw = side_tables.get("establishments")
    if raw is None:
        target.unlink(missing_ok=True)
        return
    write_frame(target, normalise_establishments(raw, municipalities))
