"""Registrations of other legal forms: kept aside by REQ staging, picked when a listing names
them (esq.register.other_forms, esq.register.named)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pytest

from esq.catalog import load_catalog
from esq.normalise.municipality import MunicipalityIndex
from esq.register.named import named_entries, named_registrations, stage_named
from esq.register.other_forms import OTHER_FORMS_FILE, other_forms, write_other_forms
from esq.register.req_zip import load_req_zip
from tests.shared_data import MUN_CSV

CAFE, PLAIN, SITE_ONLY, COOP, SHORT = (
    "1160000001", "1160000002", "1160000003", "1140000004", "1160000005"
)  # fmt: skip


def _firm(neq: str, form: str, line1: str, town: str, postal: str) -> dict[str, str]:
    return {"NEQ": neq, "COD_FORME_JURI": form, "COD_STAT_IMMAT": "IM",
            "ADR_DOMCL_LIGN1_ADR": line1, "ADR_DOMCL_LIGN2_ADR": f"{town} (Québec)",
            "ADR_DOMCL_LIGN3_ADR": postal}  # fmt: skip


def _name(neq: str, name: str, kind: str = "N") -> dict[str, str]:
    return {"NEQ": neq, "NOM_ASSUJ": name, "STAT_NOM": "V", "TYP_NOM_ASSUJ": kind}


ROWS = {
    "entreprise": [
        _firm(CAFE, "CIE", "3374, rue des Érables", "Lévis", "G6V 1A1"),
        _firm(PLAIN, "CIE", "12, rue Principale", "Lévis", "G6V 1A1"),
        _firm(SITE_ONLY, "CIE", "1, rue du Port", "Gatineau", "J8X 1A1"),
        _firm(COOP, "COP", "5, rue du Lac", "Lévis", "G6V 1A1"),
        _firm(SHORT, "CIE", "9, rue Nord", "Lévis", "G6V 2B2"),
    ],
    "nom": [
        _name(CAFE, "9419-8383 QUÉBEC INC."),
        _name(CAFE, "La Boussole du Centre", "A"),  # the trade name
        _name(PLAIN, "9001-0001 QUÉBEC INC."),  # no name of its own: not kept
        _name(SITE_ONLY, "9002-0002 Québec inc."),
        _name(COOP, "Coopérative La Ruche"),
        _name(COOP, "La Ruche", "A"),  # social economy form: staged with the register
        _name(SHORT, "9003-0003 Québec inc."),
        _name(SHORT, "Le Nid", "A"),
    ],
    "etablissements": [
        # a named site away from the head office
        {"NEQ": SITE_ONLY, "NO_SUF_ETAB": "2", "IND_ETAB_PRINC": "N", "NOM_ETAB": "ATELIER VERT",
         "LIGN1_ADR": "40, rue Laval", "LIGN2_ADR": "Gatineau (Québec)", "LIGN3_ADR": "J8Y 3B3"},
    ],
    "domainevaleur": [],
}  # fmt: skip


@pytest.fixture
def staged(build_req_zip, tmp_path: Path) -> Path:
    with duckdb.connect() as con:
        load_req_zip(build_req_zip(rows=ROWS), con)
        write_other_forms(other_forms(con), tmp_path)
    return tmp_path / OTHER_FORMS_FILE


def test_only_other_forms_with_a_name_of_their_own_are_kept(staged: Path) -> None:
    rows = duckdb.sql(f"SELECT neq, name_keys, postals, towns FROM '{staged}' ORDER BY neq")
    assert rows.fetchall() == [
        (CAFE, ["9419 8383 quebec", "la boussole du centre"], ["G6V1A1"], ["levis"]),
        (SITE_ONLY, ["9002 0002 quebec", "atelier vert"], ["J8X1A1", "J8Y3B3"], ["gatineau"]),
        (SHORT, ["9003 0003 quebec", "le nid"], ["G6V2B2"], ["levis"]),
    ]


def test_no_table_removes_a_stale_file(staged: Path) -> None:
    write_other_forms(None, staged.parent)
    assert not staged.exists()


@pytest.mark.parametrize(
    ("name", "postal", "town", "neq", "expected"),
    [
        ("La Boussole du Centre", "G6V 1A1", None, None, {CAFE}),  # the trade name, same place
        ("Café La Boussole du Centre", "G6V 1A1", None, None, {CAFE}),  # trade name at the end
        ("La Boussole du Centre Café", "G6V 1A1", None, None, {CAFE}),  # or at the start
        ("LA BOUSSOLE DU CENTRE", "g6v1a1", None, None, {CAFE}),  # case, spacing
        ("Café Boussole du Centre", "G6V 1A1", None, None, {CAFE}),  # the article left out
        ("9419-8383 Quebec inc.", "G6V 1A1", None, None, {CAFE}),  # the numbered name
        ("La Boussole du Centre", "G6V 1A2", "Lévis", None, {CAFE}),  # same town
        ("La Boussole du Centre", "H2X 1Y1", "Montréal", None, set()),  # another place
        ("La Boussole du Centre", None, None, None, set()),  # no place: no evidence
        ("Café Boussole", "G6V 1A1", None, None, set()),  # part of a word group only
        ("Café Le Nid", "G6V 2B2", None, None, set()),  # too short to find inside another
        ("Le Nid", "G6V 2B2", None, None, {SHORT}),  # but equal is enough
        ("Atelier vert", "J8Y 3B3", None, None, {SITE_ONLY}),  # a named site's postal code
        ("Anything", None, None, SITE_ONLY, {SITE_ONLY}),  # the listing gives the NEQ
        ("9001-0001 Québec inc.", "G6V 1A1", None, None, set()),  # no name of its own
        ("La Ruche", "G6V 1A1", None, COOP, set()),  # a co-op is in the register already
    ],
)
def test_listings_name_registrations(staged: Path, name, postal, town, neq, expected) -> None:
    listing = pd.DataFrame(
        {"name": [name], "postal_code": [postal], "municipality": [town], "neq": [neq]}
    )
    con, sql = named_entries(listing, staged)
    with con:
        assert {row[0] for row in con.sql(sql).select("neq").fetchall()} == expected


def test_a_named_registration_is_staged_as_a_register_record(staged: Path) -> None:
    listing = pd.DataFrame({"name": ["Café La Boussole du Centre"], "postal_code": ["G6V 1A1"],
                            "neq": [None]})  # fmt: skip
    source = load_catalog().get("req-registre")
    rows = stage_named(source, "req-registre/20260601T000000Z", listing, staged,
                       lambda: MunicipalityIndex.from_csv(MUN_CSV))  # fmt: skip
    (row,) = rows.to_dict("records")
    assert (row["record_key"], row["neq"], row["legal_form"], row["social_economy_basis"]) == (
        CAFE, CAFE, "societe-par-actions", "register"
    )  # fmt: skip
    assert row["source_id"] == "req-registre" and "La Boussole du Centre" in row["other_names"]


def test_only_listings_name_registrations_for_entity_resolution(staged: Path) -> None:
    """named_registrations (ER's input): hub rows name, register rows do not; the rows carry
    the register's fetch reference; none without a staged register."""
    source = load_catalog().get("req-registre")
    listings = pd.DataFrame(
        {
            "source_id": ["req-registre", "hub", "hub"],
            "source_role": ["register", "listing", "listing"],
            "fetch_ref": ["req-registre/20260601T000000Z", "hub/x", "hub/x"],
            # a register row named like a company names nothing
            "name": ["Le Nid", "Café La Boussole du Centre", "Autre chose"],
            "postal_code": ["G6V 2B2", "G6V 1A1", "G6V 2B2"],
            "municipality": [None, None, None],
            "neq": [COOP, None, None],
        }
    )

    def load() -> MunicipalityIndex:
        return MunicipalityIndex.from_csv(MUN_CSV)

    rows = named_registrations(source, listings, staged.parent, load)
    assert list(rows.record_key) == [CAFE]
    assert set(rows.fetch_ref) == {"req-registre/20260601T000000Z"}
    assert named_registrations(source, listings.iloc[1:], staged.parent, load).empty
    assert named_registrations(source, listings, staged.parent / "none", load).empty
