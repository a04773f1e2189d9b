"""The rule stage's set-based pairs: each rule's cases, the guards, the order of the links."""

from __future__ import annotations

import pandas as pd
import pytest

from esq.entities.compat import core_key
from esq.entities.exact import MAX_GROUP, rule_links
from esq.entities.rule_pairs import add_core_keys, core_keys, register_rows
from esq.scratch_db import scratch_connection

_TOWN = {"municipality_code": "37067", "municipality": "Trois-Rivières", "region_code": "04"}
_OTHER_TOWN = {"municipality_code": "51085", "municipality": "Louiseville", "region_code": "04"}


def _row(source: str, key: str, name: str, **fields: object) -> dict[str, object]:
    role = "register" if source == "register" else "listing"
    return {"source_id": source, "record_key": key, "source_role": role, "name_key": name,
            **_TOWN, **fields}  # fmt: skip


CASES = {
    "same NEQ": (
        [
            _row("hub", "1", "ruche", neq="1111111111"),
            _row("register", "9", "autre nom", neq="1111111111"),
        ],
        [("hub:1", "register:9", "same_neq")],
    ),
    "never two register records": (
        [
            _row("register", "1", "ruche", neq="1111111111"),
            _row("register", "2", "ruche", neq="1111111111"),
        ],
        [],
    ),
    "same name, same town": (
        [_row("hub", "1", "la ruche bleue"), _row("register", "7", "la ruche bleue")],
        [
            ("hub:1", "register:7", "same_name_municipality"),
            ("hub:1", "register:7", "same_name_region_unique"),
            ("hub:1", "register:7", "same_core_name_region_unique"),
        ],
    ),
    "same name in another town of the region, one registration only": (
        [
            _row("hub", "1", "la ruche bleue"),
            _row("register", "7", "la ruche bleue", **_OTHER_TOWN),
        ],
        [
            ("hub:1", "register:7", "same_name_region_unique"),
            ("hub:1", "register:7", "same_core_name_region_unique"),
        ],
    ),
    "same name in another town, two registrations: not unique": (
        [
            _row("hub", "1", "la ruche bleue"),
            _row("register", "7", "la ruche bleue", **_OTHER_TOWN),
            _row("register", "8", "la ruche bleue", **_OTHER_TOWN),
        ],
        [],
    ),
    "core name: stopwords and word order": (
        [
            _row("hub", "1", "club chasse et peche lavallee"),
            _row("register", "7", "club de chasse et peche lavallee", **_OTHER_TOWN),
        ],
        [("hub:1", "register:7", "same_core_name_region_unique")],
    ),
    "shared phone, compatible names, ordered by member": (
        [
            _row("hub", "2", "atelier du rucher", phone="8195550000"),
            _row("hub", "1", "rucher", phone="8195550000"),
            _row("hub", "3", "atelier rucher", phone="8195550000"),
        ],
        [
            ("hub:1", "hub:2", "same_phone_compatible_name"),
            ("hub:1", "hub:3", "same_phone_compatible_name"),
            ("hub:2", "hub:3", "same_phone_compatible_name"),
        ],
    ),
    "shared phone, names of two bodies": (
        [
            _row("hub", "1", "ressourcerie bois francs", phone="8195550000"),
            _row("hub", "2", "maison des jeunes", phone="8195550000"),
        ],
        [],
    ),
    "shared host's domain identifies nobody": (
        [
            _row("hub", "1", "caisse ruche", website_domain="desjardins.com"),
            _row("hub", "2", "caisse ruche nord", website_domain="desjardins.com", **_OTHER_TOWN),
        ],
        [],
    ),
    "own domain, compatible names": (
        [
            _row("hub", "1", "caisse ruche", website_domain="ruche.coop"),
            _row("hub", "2", "caisse ruche", website_domain="ruche.coop"),
        ],
        [
            ("hub:1", "hub:2", "same_name_municipality"),
            ("hub:1", "hub:2", "same_domain_compatible_name"),
        ],
    ),
    "one door, compatible names": (
        [
            _row("hub", "1", "fournil nord", postal_code="G9A 5H7", civic_number="12"),
            _row(
                "register", "7", "le fournil du nord inc", postal_code="G9A 5H7", civic_number="12"
            ),
        ],
        [("hub:1", "register:7", "same_postal_civic_compatible_name")],
    ),
}


@pytest.mark.parametrize(("rows", "expected"), CASES.values(), ids=CASES.keys())
def test_rule_cases(rows, expected):
    links = rule_links(pd.DataFrame(rows))
    assert [(lk.left, lk.right, lk.rule) for lk in links] == expected


@pytest.mark.parametrize(("records", "linked"), [(MAX_GROUP, True), (MAX_GROUP + 1, False)])
def test_a_key_shared_by_too_many_records_is_no_identity(records, linked):
    rows = [_row("hub", f"{i:02d}", f"atelier ruche {i}", phone="8195550000")
            for i in range(records)]  # fmt: skip
    assert bool(rule_links(pd.DataFrame(rows))) is linked


@pytest.mark.parametrize(
    "key",
    [
        "club de chasse et peche x",
        "corporation de transport adapte et collectif du haut saint maurice ctachsm",
        "a b c abc",
        "de la",
        "ecole  du  rang",  # two spaces: core_key itself decides
        "école du rang",
        "zeta alpha zeta",
    ],
)
def test_core_keys_are_core_key(key):
    assert core_keys(pd.Series([key, None])).tolist() == [core_key(key), None]


def test_listed_only_cores_keep_every_key_a_listing_may_share():
    listed = ["peche chasse club x", "haut transport", "abc"]
    register = [
        "club de chasse et peche x",  # the listing's core, words in another order
        "le club chasse peche x",  # a stopword first
        "transport du haut",
        "a b c abc",  # a trailing acronym: no, four words at least
        "ecole  du  rang",  # two spaces: core_key itself decides
        "zeta alpha",  # no listing's word: never read
    ]
    roles = ["listing"] * len(listed) + ["register"] * len(register)
    frame = pd.DataFrame({"name_key": listed + register, "source_role": roles})
    con = scratch_connection()
    try:
        register_rows(con, "named", frame, ["name_key", "source_role"])
        view = add_core_keys(con, "named", listed_only=True)
        got = dict(con.execute(f"SELECT name_key, core_key FROM {view}").fetchall())
    finally:
        con.close()
    shared = {core_key(k) for k in listed}
    for key in listed + register:
        if core_key(key) in shared:
            assert got[key] == core_key(key)
    assert "zeta alpha" not in got
