"""The listing schema: one staged row per source record, whatever the source.

Pandera validates it lazily inside the staging asset; failing rows go to quarantine with the rule
and the column that failed (see esq/staging/validate.py).
"""

from __future__ import annotations

import pandera.pandas as pa
from pandera.typing import Series

#: Listing fields a catalog entry may map a source column to.
MAPPABLE_FIELDS: frozenset[str] = frozenset(
    {
        "name",
        "other_names",
        "neq",
        "legal_form",
        "address",
        "municipality",
        "postal_code",
        "latitude",
        "longitude",
        "phone",
        "website",
        "email",
        "sector",
        "sector_code",
        "register_status",
        "territory",
        "member_category",
    }
)

#: Column order of the staged listings (also the warehouse `listings` table, before linkage).
LISTING_COLUMNS: tuple[str, ...] = (
    "source_id",
    "record_key",
    "fetch_ref",
    "source_role",
    "name",
    "name_key",
    "name_family",
    "other_names",
    "neq",
    "neq_status",
    "legal_form",
    "legal_form_raw",
    "address",
    "civic_number",
    "street_key",
    "unit",
    "municipality_raw",
    "municipality",
    "municipality_code",
    "mrc",
    "region_code",
    "postal_code",
    "latitude",
    "longitude",
    "phone",
    "phone_ext",
    "website",
    "website_domain",
    "social_page",
    "email",
    "sector",
    "sector_code",
    "register_status",
    "territory",
    "member_category",
    "social_economy_basis",
    "flags",
)

NEQ_PATTERN = r"^\d{10}$"
POSTAL_PATTERN = r"^[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z] \d[ABCEGHJ-NPRSTV-Z]\d$"


class ListingSchema(pa.DataFrameModel):
    """A staged listing. Optional fields are nullable; formats are checked where known."""

    source_id: Series[str] = pa.Field(str_matches=r"^[a-z0-9][a-z0-9-]*$")
    record_key: Series[str] = pa.Field(str_length={"min_value": 1})
    fetch_ref: Series[str]
    source_role: Series[str] = pa.Field(isin=["listing", "register"])
    name: Series[str] = pa.Field(str_length={"min_value": 2, "max_value": 300})
    name_key: Series[str] = pa.Field(str_length={"min_value": 1})
    name_family: Series[str] = pa.Field(nullable=True)
    other_names: Series[str] = pa.Field(nullable=True)
    neq: Series[str] = pa.Field(nullable=True, str_matches=NEQ_PATTERN)
    neq_status: Series[str] = pa.Field(
        isin=["valid", "luhn_failed", "excel_damaged", "malformed", "missing"]
    )
    legal_form: Series[str] = pa.Field(nullable=True)
    legal_form_raw: Series[str] = pa.Field(nullable=True)
    address: Series[str] = pa.Field(nullable=True)
    civic_number: Series[str] = pa.Field(nullable=True)
    street_key: Series[str] = pa.Field(nullable=True)
    unit: Series[str] = pa.Field(nullable=True)
    municipality_raw: Series[str] = pa.Field(nullable=True)
    municipality: Series[str] = pa.Field(nullable=True)
    municipality_code: Series[str] = pa.Field(nullable=True, str_matches=r"^\d{5}$")
    mrc: Series[str] = pa.Field(nullable=True)
    region_code: Series[str] = pa.Field(nullable=True, str_matches=r"^\d{2}$")
    postal_code: Series[str] = pa.Field(nullable=True, str_matches=POSTAL_PATTERN)
    latitude: Series[float] = pa.Field(nullable=True, ge=44.0, le=63.0)
    longitude: Series[float] = pa.Field(nullable=True, ge=-80.0, le=-57.0)
    phone: Series[str] = pa.Field(nullable=True, str_matches=r"^\+1\d{10}$")
    phone_ext: Series[str] = pa.Field(nullable=True)
    website: Series[str] = pa.Field(nullable=True, str_startswith="http")
    website_domain: Series[str] = pa.Field(nullable=True)
    social_page: Series[str] = pa.Field(nullable=True)
    email: Series[str] = pa.Field(nullable=True, str_matches=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    sector: Series[str] = pa.Field(nullable=True)
    sector_code: Series[str] = pa.Field(nullable=True)
    register_status: Series[str] = pa.Field(nullable=True)
    territory: Series[str] = pa.Field(nullable=True)
    member_category: Series[str] = pa.Field(nullable=True)
    social_economy_basis: Series[str] = pa.Field(isin=["listed", "legal_form", "register"])
    flags: Series[str] = pa.Field(nullable=True)

    class Config:
        strict = True
        coerce = True
        ordered = False
        unique = ("source_id", "record_key")
