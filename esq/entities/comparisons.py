"""Splink settings: one comparison per kind of evidence, blocking rules that keep pairs few."""

from __future__ import annotations

from typing import Any

#: Never compare two names of one record, nor two register records (distinct NEQs). A
#: listing's unique_id sorts before every register row's (``features.build_scoring_table``)
#: and Splink keeps l.unique_id < r.unique_id, so the left side of a pair is never the
#: register: DuckDB pushes that filter below the join, which then never enumerates
#: register-register matches of a key (millions on a 3 M register) only to drop them.
_PAIR_FILTER = "l.member <> r.member AND NOT l.is_register"

#: Blocking rules: exact name key; rarest words within a region; shared contact keys.
BLOCKING_RULES: tuple[str, ...] = (
    "l.name_key = r.name_key",
    "l.tok1 = r.tok1 AND l.region_code = r.region_code",
    "l.tok2 = r.tok2 AND l.region_code = r.region_code",
    "l.tok1 = r.tok1 AND l.tok2 = r.tok2",
    # An acronym or a qualifier on one side shifts which words are rarest.
    "l.tok1 = r.tok2 AND l.region_code = r.region_code",
    "l.tok2 = r.tok1 AND l.region_code = r.region_code",
    "l.tok1 = r.tok3 AND l.region_code = r.region_code",
    "l.tok3 = r.tok1 AND l.region_code = r.region_code",
    "l.phone = r.phone",
    "l.website_domain = r.website_domain",
    "l.postal_code = r.postal_code AND l.civic_number = r.civic_number",
)

_OVERLAP = (
    "len(list_intersect(name_toks_l, name_toks_r)) / "
    "greatest(least(len(name_toks_l), len(name_toks_r)), 1)"
)
_JW_NAME = "jaro_winkler_similarity(name_key_l, name_key_r)"
_JW_STREET = "jaro_winkler_similarity(street_key_l, street_key_r) >= 0.9"


def _level(sql: str, label: str, **extra: Any) -> dict[str, Any]:
    return {"sql_condition": sql, "label_for_charts": label, **extra}


def _null(sql: str) -> dict[str, Any]:
    return _level(sql, "null", is_null_level=True)


def _exact_or_else(col: str, label: str) -> dict[str, Any]:
    return {
        "output_column_name": label,
        "comparison_levels": [
            _null(f"{col}_l IS NULL OR {col}_r IS NULL"),
            _level(f"{col}_l = {col}_r", "exact"),
            _level("ELSE", "else"),
        ],
    }


def comparisons() -> list[dict[str, Any]]:
    """Name (term-frequency adjusted), family words, one address, phone, domain, place."""
    name = {
        "output_column_name": "name",
        "comparison_levels": [
            _null("name_key_l IS NULL OR name_key_r IS NULL"),
            _level(
                "name_key_l = name_key_r",
                "exact",
                tf_adjustment_column="name_key",
                tf_adjustment_weight=1.0,
            ),
            _level(f"{_JW_NAME} >= 0.95", "jaro_winkler_0.95"),
            _level(f"{_OVERLAP} >= 1.0", "words_subset"),
            _level(f"{_JW_NAME} >= 0.88", "jaro_winkler_0.88"),
            _level(f"{_OVERLAP} >= 0.5", "words_half"),
            _level("ELSE", "else"),
        ],
    }
    family = {
        "output_column_name": "family",
        "comparison_levels": [
            _null("name_family_l IS NULL OR name_family_r IS NULL"),
            _level("name_family_l = name_family_r", "exact"),
            _level(
                "starts_with(name_family_l, name_family_r) OR "
                "starts_with(name_family_r, name_family_l)",
                "variant",
            ),
            _level("ELSE", "else"),
        ],
    }
    located = (
        "((civic_number_{s} IS NOT NULL AND street_key_{s} IS NOT NULL) "
        "OR postal_code_{s} IS NOT NULL)"
    )
    address = {
        "output_column_name": "address",
        "comparison_levels": [
            _null(f"NOT {located.format(s='l')} OR NOT {located.format(s='r')}"),
            _level(
                f"civic_number_l = civic_number_r AND {_JW_STREET} AND "
                "(unit_l IS NULL OR unit_r IS NULL OR unit_l = unit_r)",
                "door",
            ),
            _level(f"civic_number_l = civic_number_r AND {_JW_STREET}", "building_other_unit"),
            _level(
                "postal_code_l = postal_code_r AND civic_number_l = civic_number_r", "postal_civic"
            ),
            _level("postal_code_l = postal_code_r", "postal"),
            _level("fsa_l = fsa_r", "fsa"),
            _level("ELSE", "else"),
        ],
    }
    place = {
        "output_column_name": "place",
        "comparison_levels": [
            _null("region_code_l IS NULL OR region_code_r IS NULL"),
            _level("municipality_code_l = municipality_code_r", "municipality"),
            _level("region_code_l = region_code_r", "region"),
            _level("ELSE", "else"),
        ],
    }
    return [
        name,
        family,
        address,
        _exact_or_else("phone", "phone"),
        _exact_or_else("website_domain", "domain"),
        place,
    ]


def settings() -> dict[str, Any]:
    """The untrained settings dictionary (training fills m, u and lambda)."""
    return {
        "link_type": "dedupe_only",
        "unique_id_column_name": "unique_id",
        "comparisons": comparisons(),
        "blocking_rules_to_generate_predictions": [
            {"blocking_rule": f"{rule} AND {_PAIR_FILTER}", "sql_dialect": "duckdb"}
            for rule in BLOCKING_RULES
        ],
        "additional_columns_to_retain": ["member", "is_register", "neq"],
        "retain_matching_columns": False,
        "retain_intermediate_calculation_columns": False,
        "probability_two_random_records_match": 0.0005,
    }
