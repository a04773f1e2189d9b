"""The contracts tables of the public contract (schemas/tables.py lists every table).

Amounts are money: DECIMAL(18,2), cents exact, as the parsers read them (``Decimal``)."""

from __future__ import annotations

from schemas.table_shape import MONEY, Column, Table

_c = Column

CONTRACTS = Table(
    "contracts",
    "One row per contract of the eight cities (SEAO and Montréal), updates and amendments "
    "collapsed, a Montréal row repeating a SEAO contract counted once, supplier linked to a "
    "social economy enterprise when it is one.",
    (
        _c("source_id", "VARCHAR", "Catalog id of the source the row was kept from."),
        _c(
            "contract_key", "VARCHAR", "Contract key within the source (SEAO: ocid|award|supplier)."
        ),
        _c("buyer_city", "VARCHAR", "City that awarded the contract."),
        _c("buyer_unit", "VARCHAR", "Borough, service or unit of the buyer, when given."),
        _c("buyer_raw", "VARCHAR", "Buyer name as published."),
        _c("supplier_name", "VARCHAR", "Supplier name as published."),
        _c("supplier_neq", "VARCHAR", "Supplier NEQ when published and valid (SEAO)."),
        _c(
            "supplier_ref",
            "VARCHAR",
            "Supplier identity used for counting: neq:<NEQ> or name:<key>.",
        ),
        _c("amount_awarded", MONEY, "Amount when awarded, signed or approved (CAD)."),
        _c("amount_final", MONEY, "Latest known amount: final or amended value (CAD)."),
        _c("amount", MONEY, "Spend counted: final amount when known, else awarded (CAD)."),
        _c("currency", "VARCHAR", "Currency of the amounts."),
        _c("date", "DATE", "Award, signature or approval date."),
        _c("year", "INTEGER", "Year of the date (empty when the source gives no date)."),
        _c("title", "VARCHAR", "Object of the contract (tender title, OBJET, DESCRIPTION)."),
        _c("category", "VARCHAR", "SEAO category or Montréal activity."),
        _c("method", "VARCHAR", "Procurement method (e.g. Contrat de gré à gré)."),
        _c("ocid", "VARCHAR", "OCDS contracting process id (SEAO)."),
        _c("enterprise_id", "VARCHAR", "Social economy enterprise the supplier was linked to."),
        _c(
            "link_method",
            "VARCHAR",
            "neq, name_exact, name_fuzzy, review, person, candidate (an unlisted non-profit: "
            "not counted) or no_match.",
        ),
        _c("link_score", "DOUBLE", "Name score of the best candidate (1.0 for NEQ links)."),
        _c(
            "link_detail",
            "VARCHAR",
            "What matched: the NEQ, the two name keys, or the person rule.",
        ),
        _c(
            "tied_social_economy",
            "BOOLEAN",
            "The supplier waits in review on a name tie between social economy enterprises only "
            "(listed or by legal form, no candidate): its money is social economy spend "
            "whichever it is.",
        ),
        _c(
            "also_published_as",
            "VARCHAR",
            "Montréal row (source:key) dropped as the same contract.",
        ),
        _c("fetch_ref", "VARCHAR", "Landing-zone entry the row was read from."),
        _c("record_ref", "VARCHAR", "File and release or line the row came from."),
    ),
    ("source_id", "contract_key"),
)

SUPPLIER_REVIEW = Table(
    "supplier_review",
    "Supplier-enterprise pairs whose name score fell in the review band (or tied): a person "
    "decides; they are not counted as social economy spend meanwhile, unless every enterprise "
    "the supplier is tied between is a social economy enterprise.",
    (
        _c("left_record", "VARCHAR", "Supplier, as supplier:<supplier_ref>."),
        _c("right_record", "VARCHAR", "Candidate enterprise id."),
        _c("score", "DOUBLE", "Name score of the pair (0-1)."),
        _c("agreeing_fields", "VARCHAR", "Fields that agreed (comma-separated)."),
        _c("kind", "VARCHAR", "Kind of pair: supplier_enterprise."),
        _c("left_name", "VARCHAR", "Supplier name as published."),
        _c("right_name", "VARCHAR", "Enterprise name."),
    ),
    # A pair, not a supplier: one supplier's link units (per town, name, kind) may each wait on
    # another enterprise (seen on the 500 000-register hard world).
    ("left_record", "right_record"),
    may_hold_register_data=True,
)

PROCUREMENT_BY_CITY_YEAR = Table(
    "procurement_by_city_year",
    "Per city and year: spend, spend with social economy enterprises and its share, counts of "
    "contracts and suppliers. An empty year gathers contracts without a date.",
    (
        _c("city", "VARCHAR", "City (one of the eight)."),
        _c("year", "INTEGER", "Year of the contracts' dates; empty for undated contracts."),
        _c("contracts", "BIGINT", "Contracts counted."),
        _c("suppliers", "BIGINT", "Distinct suppliers (by NEQ, else name key)."),
        _c("total_spend", MONEY, "Sum of the contracts' amounts (CAD)."),
        _c(
            "social_economy_contracts",
            "BIGINT",
            "Contracts with a linked social economy enterprise.",
        ),
        _c("social_economy_suppliers", "BIGINT", "Distinct linked social economy suppliers."),
        _c(
            "social_economy_spend",
            MONEY,
            "Spend with social economy enterprises (CAD): suppliers linked to one, and suppliers "
            "tied between social economy enterprises only (tied_social_economy).",
        ),
        _c("social_economy_share", "DOUBLE", "social_economy_spend / total_spend (0-1)."),
        _c(
            "pending_review_contracts",
            "BIGINT",
            "Contracts whose supplier waits in supplier_review and that are not counted in "
            "social_economy_contracts.",
        ),
        _c(
            "pending_review_spend",
            MONEY,
            "Spend with suppliers waiting in supplier_review (CAD) that may be social economy "
            "spend once a person decides; never in social_economy_spend (a tie between social "
            "economy enterprises only is counted there, not here).",
        ),
    ),
    (),
)

TOP_SOCIAL_ECONOMY_SUPPLIERS = Table(
    "top_social_economy_suppliers",
    "Per city, the social economy enterprises it spent most with (all years, top 10).",
    (
        _c("city", "VARCHAR", "City."),
        _c("rank", "BIGINT", "Rank by spend within the city (1 = most)."),
        _c("enterprise_id", "VARCHAR", "Enterprise."),
        _c("enterprise_name", "VARCHAR", "Enterprise name."),
        _c("contracts", "BIGINT", "Contracts with this enterprise."),
        _c("spend", MONEY, "Spend with this enterprise (CAD)."),
        _c("share_of_city_spend", "DOUBLE", "Share of the city's total spend (0-1)."),
        _c("first_year", "INTEGER", "Year of the first contract."),
        _c("last_year", "INTEGER", "Year of the latest contract."),
    ),
    ("city", "rank"),
    may_hold_register_data=True,
)
