"""The listing schema: one staged row per source record, whatever the source.

Each listing field is declared once, here: its pandera check, its description (the warehouse
``listings`` table, datapackage.json and the data dictionary take it from here) and whether a
catalog entry may map a source column to it (``metadata={"mappable": True}``).

Pandera validates it lazily in staging (:func:`esq.staging.stage.validate_listings`); failing
rows go to quarantine with the rule and the column that failed.
"""

from __future__ import annotations

import pandera.pandas as pa
from pandera.typing import Series

from schemas.listing_fields import MAPPABLE_FIELD_NAMES

NEQ_PATTERN = r"^\d{10}$"
POSTAL_PATTERN = r"^[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z] \d[ABCEGHJ-NPRSTV-Z]\d$"
MAPPABLE = {"mappable": True}


def _opt(description: str, mappable: bool = False, **checks: object) -> object:
    """An optional (nullable) listing field."""
    return pa.Field(
        nullable=True, description=description, metadata=MAPPABLE if mappable else None, **checks
    )


class ListingSchema(pa.DataFrameModel):
    """A staged listing. Optional fields are nullable; formats are checked where known."""

    source_id: Series[str] = pa.Field(
        str_matches=r"^[a-z0-9][a-z0-9-]*$", description="Catalog id of the source."
    )
    record_key: Series[str] = pa.Field(
        str_length={"min_value": 1}, description="Key of the record, stable within its source."
    )
    fetch_ref: Series[str] = pa.Field(
        description="Landing-zone entry the record was read from (source/fetch)."
    )
    source_role: Series[str] = pa.Field(
        isin=["listing", "register"], description="Role of the source: listing or register."
    )
    name: Series[str] = pa.Field(
        str_length={"min_value": 2, "max_value": 300},
        description="Name as given by the source (whitespace cleaned).",
        metadata=MAPPABLE,
    )
    name_key: Series[str] = pa.Field(
        str_length={"min_value": 1},
        description="Comparison key of the name (folded, legal forms stripped).",
    )
    name_family: Series[str] = _opt("Family words taken out of the name (e.g. cooperative).")
    other_names: Series[str] = _opt("Other names the source gives.", mappable=True)
    neq: Series[str] = _opt("NEQ as normalised (10 digits).", True, str_matches=NEQ_PATTERN)
    neq_status: Series[str] = pa.Field(
        isin=["valid", "luhn_failed", "excel_damaged", "malformed", "missing"],
        description="valid, luhn_failed, excel_damaged, malformed or missing.",
    )
    legal_form: Series[str] = _opt("Legal form in esq's vocabulary.", mappable=True)
    legal_form_raw: Series[str] = _opt("Legal form or type as the source states it.")
    address: Series[str] = _opt("Street address line.", mappable=True)
    civic_number: Series[str] = _opt("Civic number parsed from the address.")
    street_key: Series[str] = _opt("Comparison key of the street.")
    unit: Series[str] = _opt("Suite, apartment or office.")
    municipality_raw: Series[str] = _opt("Municipality as the source spells it.")
    municipality: Series[str] = _opt("Municipality name from the MAMH répertoire.", mappable=True)
    municipality_code: Series[str] = _opt(
        "MAMH geographic code of the municipality (5 digits).", str_matches=r"^\d{5}$"
    )
    mrc: Series[str] = _opt("Regional county municipality (MRC) or equivalent territory.")
    region_code: Series[str] = _opt(
        "Québec administrative region code (01-17).", str_matches=r"^\d{2}$"
    )
    postal_code: Series[str] = _opt(
        "Canadian postal code, formatted A1A 1A1.", True, str_matches=POSTAL_PATTERN
    )
    latitude: Series[float] = _opt(
        "Latitude (WGS 84) when a source gives coordinates.", True, ge=44.0, le=63.0
    )
    longitude: Series[float] = _opt(
        "Longitude (WGS 84) when a source gives coordinates.", True, ge=-80.0, le=-57.0
    )
    phone: Series[str] = _opt("Phone number in E.164 form.", True, str_matches=r"^\+1\d{10}$")
    phone_ext: Series[str] = _opt("Phone extension.")
    website: Series[str] = _opt("Website URL, normalised.", True, str_startswith="http")
    website_domain: Series[str] = _opt("Registrable domain of the website (matching key).")
    social_page: Series[str] = _opt("Social-media page when the website is one.")
    email: Series[str] = _opt(
        "Contact e-mail address.", True, str_matches=r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
    )
    sector: Series[str] = _opt("Sector of activity as stated.", mappable=True)
    sector_code: Series[str] = _opt("SCIAN/NAICS sector code when given.", mappable=True)
    register_status: Series[str] = _opt("Register status code (register records).", True)
    territory: Series[str] = _opt("Territory label given by a hub (MRC or city).", True)
    member_category: Series[str] = _opt("Hub membership category.", mappable=True)
    social_economy_basis: Series[str] = pa.Field(
        isin=["listed", "legal_form", "register"], description="listed, legal_form or register."
    )
    flags: Series[str] = _opt("Quality flags: values rejected or unresolved (';'-separated).")

    class Config:
        strict = True
        coerce = True
        ordered = False
        unique = ("source_id", "record_key")


_COLUMNS = ListingSchema.to_schema().columns

#: Column order of the staged listings (also the warehouse `listings` table, before linkage).
LISTING_COLUMNS: tuple[str, ...] = tuple(_COLUMNS)

#: Listing fields a catalog entry may map a source column to.
MAPPABLE_FIELDS: frozenset[str] = frozenset(
    name for name, column in _COLUMNS.items() if (column.metadata or {}).get("mappable")
)
if MAPPABLE_FIELDS != MAPPABLE_FIELD_NAMES:  # the catalog checks mappings against the light list
    raise RuntimeError(
        "schemas.listing_fields.MAPPABLE_FIELD_NAMES differs from the schema's mappable fields: "
        f"{sorted(MAPPABLE_FIELDS ^ MAPPABLE_FIELD_NAMES)}"
    )

#: pandera dtype -> warehouse (DuckDB) type of a listing column.
_SQL_TYPES = {"str": "VARCHAR", "float64": "DOUBLE"}


def listing_sql_types() -> dict[str, str]:
    """Each listing column's warehouse type, from its pandera dtype."""
    return {name: _SQL_TYPES[str(column.dtype)] for name, column in _COLUMNS.items()}
