"""The public contract: every warehouse table and column, described once.

From this one definition come the producers' column order (esq), the DuckDB tables and their
COMMENT ON, the published Parquet schema, datapackage.json and docs/data-dictionary.md.
Listing fields are declared in schemas/listing.py and reach the ``listings`` table from there.
"""

from __future__ import annotations

from schemas.contract_tables import (
    CONTRACTS,
    PROCUREMENT_BY_CITY_YEAR,
    SUPPLIER_REVIEW,
    TOP_SOCIAL_ECONOMY_SUPPLIERS,
)
from schemas.listing import LISTING_COLUMNS, ListingSchema, listing_sql_types
from schemas.table_shape import Column, Table

_c = Column


def listing_columns(*names: str) -> tuple[Column, ...]:
    """Listing fields as warehouse columns (type and description from the listing schema)."""
    columns = ListingSchema.to_schema().columns
    types = listing_sql_types()
    return tuple(Column(n, types[n], columns[n].description or "") for n in names)


_ADDRESS = ("municipality", "municipality_code", "mrc", "region_code", "postal_code")
_COORDINATES = ("latitude", "longitude")

#: What each basis means (DESIGN §3); the same text in the data dictionary and README.
BASIS_DESCRIPTION = (
    "Why it counts as social economy today: listed (a hub, the directory or a city dataset "
    "lists it, with or without an NEQ); both (listed, and an active co-operative or mutual of "
    "the register); legal_form (an active co-operative or mutual of the register that no "
    "source lists: its legal form alone counts it). Active non-profits no source lists are in "
    "candidates; struck-off, annulled or absorbed registrations no source lists are in "
    "neither. A listed enterprise run through a company (a numbered company whose other names "
    "include its trade name) carries the company's NEQ and legal form, basis listed; a "
    "company's registration alone is in neither."
)


def _golden_columns(basis: str) -> tuple[Column, ...]:
    return (
        _c("enterprise_id", "VARCHAR", "Stable enterprise id; never reused, kept across runs."),
        _c(
            "name",
            "VARCHAR",
            "Name: the register's legal name when linked (a company's registration, often a "
            "number, only when no source names it), else the hubs' name.",
        ),
        _c("other_names", "VARCHAR", "Other names seen in sources, separated by ' | '."),
        _c("neq", "VARCHAR", "Québec enterprise number (NEQ, 10 digits) when known."),
        _c("org_id", "VARCHAR", "org-id.guide identifier CA-QC_QBC-<NEQ> when the NEQ is known."),
        _c("legal_form", "VARCHAR", "Legal form in esq's vocabulary (cooperative, obnl, …)."),
        _c("social_economy_basis", "VARCHAR", basis),
        _c("address", "VARCHAR", "Street address line as given (civic number, street, unit)."),
        *listing_columns(*_ADDRESS, *_COORDINATES, "phone", "website", "email"),
        _c("sector", "VARCHAR", "Sector of activity as the best source states it."),
        _c("register_status", "VARCHAR", "Status in the REQ register (e.g. IM = registered)."),
        _c("source_count", "BIGINT", "Number of distinct sources listing the enterprise."),
        _c("listing_count", "BIGINT", "Number of source records linked to the enterprise."),
        _c("first_seen", "DATE", "Date of the first fetch in which the enterprise appeared."),
        _c("last_seen", "DATE", "Date of the latest fetch in which the enterprise appeared."),
    )


ENTERPRISES = Table(
    "enterprises",
    "One row per golden social economy enterprise of today (DESIGN §3): listed by a source, "
    "or an active co-operative or mutual of the register; each field from the best source.",
    _golden_columns(BASIS_DESCRIPTION),
    ("enterprise_id",),
    may_hold_register_data=True,
)

CANDIDATES = Table(
    "candidates",
    "Active non-profits of the register (APE, ASS…) that no source lists: the register cannot "
    "say whether they have market activity, so they are not counted as enterprises (nor in "
    "coverage or the regional views) until a source lists them; they then keep their id.",
    _golden_columns("Always candidate: an active non-profit of the register no source lists."),
    ("enterprise_id",),
    may_hold_register_data=True,
)

LISTINGS = Table(
    "listings",
    "One row per staged source record, normalised, with the enterprise it was linked to.",
    (
        *listing_columns(*LISTING_COLUMNS),
        _c(
            "enterprise_id",
            "VARCHAR",
            "Golden record this record belongs to: in enterprises or candidates, or, for a "
            "struck-off or absorbed registration no source lists, in neither (history).",
        ),
        _c("link_method", "VARCHAR", "How the record was linked: a rule, model, or singleton."),
        _c("link_score", "DOUBLE", "Match probability when a model linked the record."),
    ),
    ("source_id", "record_key"),
    may_hold_register_data=True,
)

ENTERPRISE_LINKS = Table(
    "enterprise_links",
    "Why records were linked into one enterprise: one row per link.",
    (
        _c("enterprise_id", "VARCHAR", "Enterprise the two records belong to."),
        _c("left_record", "VARCHAR", "First record, as source_id:record_key."),
        _c("right_record", "VARCHAR", "Second record, as source_id:record_key."),
        _c("rule", "VARCHAR", "Deterministic rule or model that made the link."),
        _c("score", "DOUBLE", "Match probability for model links; empty for rules."),
        _c("agreeing_fields", "VARCHAR", "Fields that agreed (comma-separated)."),
    ),
    ("left_record", "right_record"),
)

FIELD_PROVENANCE = Table(
    "field_provenance",
    "For each enterprise field, the record and source that supplied its value.",
    (
        _c("enterprise_id", "VARCHAR", "Enterprise."),
        _c("field", "VARCHAR", "Column of the enterprises table."),
        _c("source_id", "VARCHAR", "Source that supplied the value."),
        _c("record_key", "VARCHAR", "Record that supplied the value."),
        _c("fetch_ref", "VARCHAR", "Landing-zone entry of that record."),
    ),
    ("enterprise_id", "field"),
)

ENTERPRISE_IDS = Table(
    "enterprise_ids",
    "Every enterprise id ever issued and what became of it (ids are never reused).",
    (
        _c("enterprise_id", "VARCHAR", "Enterprise id."),
        _c("status", "VARCHAR", "active, merged or removed."),
        _c("merged_into", "VARCHAR", "Surviving id when this one was merged."),
        _c("split_from", "VARCHAR", "Id this one split from, when it was created by a split."),
    ),
    ("enterprise_id",),
)

REVIEW = Table(
    "review",
    "Record pairs the model was unsure about (or could not tell apart), left unmerged for a "
    "reviewer; decisions go to ESQ_HOME/review/decisions.csv and override the model.",
    (
        _c("left_record", "VARCHAR", "First record, as source_id:record_key."),
        _c("right_record", "VARCHAR", "Second record, as source_id:record_key."),
        _c("score", "DOUBLE", "Match probability from the model."),
        _c("agreeing_fields", "VARCHAR", "Fields that agreed (comma-separated)."),
        _c(
            "reason",
            "VARCHAR",
            "score_band (between the review and automatic thresholds), "
            "ambiguous_register (two register records scored alike), names_disagree (high "
            "score from address/phone/web alone) or names_guard (high score with the name, "
            "but the names share only a place or generic words, or name two kinds of body).",
        ),
        _c("left_enterprise_id", "VARCHAR", "Enterprise of the first record in this run."),
        _c("right_enterprise_id", "VARCHAR", "Enterprise of the second record in this run."),
        _c("left_name", "VARCHAR", "Name of the first record."),
        _c("right_name", "VARCHAR", "Name of the second record."),
        _c("left_address", "VARCHAR", "Address of the first record."),
        _c("right_address", "VARCHAR", "Address of the second record."),
        _c("left_municipality", "VARCHAR", "Municipality of the first record."),
        _c("right_municipality", "VARCHAR", "Municipality of the second record."),
        _c("left_neq", "VARCHAR", "NEQ of the first record, if any."),
        _c("right_neq", "VARCHAR", "NEQ of the second record, if any."),
    ),
    ("left_record", "right_record"),
    may_hold_register_data=True,
)

QUARANTINE = Table(
    "quarantine",
    "Every rejected row (severity row), value (severity value, row kept) or mapped column "
    "missing from a source (severity column), with its reason.",
    (
        _c("source_id", "VARCHAR", "Source of the record."),
        _c("record_key", "VARCHAR", "Record key when one could be read."),
        _c("fetch_ref", "VARCHAR", "Landing-zone entry the record was read from."),
        _c("location", "VARCHAR", "File and line (or page) of the record."),
        _c(
            "severity",
            "VARCHAR",
            "row: the record was not staged; value: only the value was; column: a mapped "
            "column is missing from the source.",
        ),
        _c("rule", "VARCHAR", "Rule that rejected it."),
        _c("column", "VARCHAR", "Source column concerned."),
        _c("value", "VARCHAR", "Offending value."),
        _c("message", "VARCHAR", "Human-readable reason."),
        _c("raw_record", "VARCHAR", "The raw record as received (JSON or raw line)."),
    ),
    (),
    may_hold_register_data=True,
)

SOURCES = Table(
    "sources",
    "The source catalog with each source's status, freshness and licence.",
    (
        _c("source_id", "VARCHAR", "Catalog id."),
        _c(
            "kind",
            "VARCHAR",
            "Adapter kind (tabular, ckan, arcgis, html, wordpress, req_zip, ocds, "
            "montreal_contracts).",
        ),
        _c("role", "VARCHAR", "listing, register, contracts or reference."),
        _c("title", "VARCHAR", "Title of the source."),
        _c("publisher", "VARCHAR", "Publisher."),
        _c("city", "VARCHAR", "City the source covers, if any."),
        _c("region", "VARCHAR", "Administrative region code the source covers, if any."),
        _c("cadence", "VARCHAR", "Expected update cadence."),
        _c("enabled", "BOOLEAN", "Whether the source is fetched."),
        _c("disabled_reason", "VARCHAR", "Why a source is disabled."),
        _c("licence_id", "VARCHAR", "Licence identifier."),
        _c("licence_title", "VARCHAR", "Licence title."),
        _c("licence_url", "VARCHAR", "Licence URL."),
        _c("attribution", "VARCHAR", "Attribution text to show with the data."),
        _c("non_commercial", "BOOLEAN", "True when the licence forbids commercial use."),
        _c("fetch_ref", "VARCHAR", "Landing-zone entry used by this publication."),
        _c(
            "last_fetch_status",
            "VARCHAR",
            "Outcome of the latest fetch attempt: success (the data in use is current: new, or "
            "confirmed unchanged by the server or by its bytes), replayed (sample mode), failed "
            "(nothing usable came), refused (bytes that are not the source's table); empty when "
            "never fetched. The attempt's own time and raw status are in `esq status`, not here, "
            "so that an unchanged re-run publishes identical files.",
        ),
        _c("last_success_at", "VARCHAR", "When the used landing entry was fetched (UTC)."),
        _c("source_last_modified", "VARCHAR", "Last-Modified reported by the source."),
        _c("last_error", "VARCHAR", "Error of the latest failed fetch."),
        _c("rows_parsed", "BIGINT", "Records read from the landing entry."),
        _c("rows_staged", "BIGINT", "Records staged after validation."),
        _c("rows_quarantined", "BIGINT", "Records rejected whole."),
        _c("stale", "BOOLEAN", "True when the latest fetch failed and older data is used."),
    ),
    ("source_id",),
)

MUNICIPALITIES = Table(
    "municipalities",
    "Québec municipalities from the MAMH répertoire, with their MRC and administrative region.",
    (
        _c("code", "VARCHAR", "MAMH geographic code (5 digits); enterprises.municipality_code."),
        _c("name", "VARCHAR", "Official name of the municipality."),
        _c("mrc", "VARCHAR", "Regional county municipality (MRC) or equivalent territory."),
        _c("mrc_code", "VARCHAR", "Code of the MRC or equivalent territory."),
        _c("region_code", "VARCHAR", "Administrative region code (01-17)."),
        _c("region_name", "VARCHAR", "Administrative region name."),
    ),
    ("code",),
)

CHANGES = Table(
    "changes",
    "What changed in enterprises since the previous publication (all new on the first one).",
    (
        _c("enterprise_id", "VARCHAR", "Enterprise concerned."),
        _c("change", "VARCHAR", "new, updated, merged or removed."),
        _c(
            "fields_changed",
            "VARCHAR",
            "For updated: enterprises columns whose value changed (comma-separated).",
        ),
        _c("merged_into", "VARCHAR", "For merged: the surviving enterprise id."),
        _c("name", "VARCHAR", "Enterprise name (the previous one for merged and removed)."),
    ),
    ("enterprise_id",),
    may_hold_register_data=True,
)

PUBLIC_TABLES: tuple[Table, ...] = (
    ENTERPRISES,
    CANDIDATES,
    LISTINGS,
    ENTERPRISE_LINKS,
    FIELD_PROVENANCE,
    ENTERPRISE_IDS,
    REVIEW,
    QUARANTINE,
    SOURCES,
    CONTRACTS,
    SUPPLIER_REVIEW,
    PROCUREMENT_BY_CITY_YEAR,
    TOP_SOCIAL_ECONOMY_SUPPLIERS,
    MUNICIPALITIES,
    CHANGES,
)


def table(name: str) -> Table:
    for t in PUBLIC_TABLES:
        if t.name == name:
            return t
    raise KeyError(name)
