"""The listing fields a catalog entry may map a source column to, without pandera.

Loading the catalog checks every mapping against these names; importing pandera for them
(schemas.listing) cost `esq run` over a second before it could tell that nothing changed.
schemas.listing derives the same set from its schema and refuses to load if they differ.
"""

from __future__ import annotations

MAPPABLE_FIELD_NAMES: frozenset[str] = frozenset(
    {
        "name", "other_names", "neq", "legal_form", "address", "municipality", "postal_code",
        "latitude", "longitude", "phone", "website", "email", "sector", "sector_code",
        "register_status", "territory", "member_category",
    }
)  # fmt: skip
