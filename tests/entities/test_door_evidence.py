"""Door evidence rules (door_evidence.py), table-driven on crafted names (none from real data)."""

from __future__ import annotations

import pandas as pd
import pytest

from esq.entities.door_evidence import door_evidence_links
from esq.entities.door_words import domain_spells, kind_phrase_key, shares_word
from esq.entities.exact import with_members
from esq.entities.name_typo import typo_links

TOWN = {"municipality": "Trois-Rivières", "municipality_code": "37067", "mrc": None}


def _reg(name_key: str, key: str = "1", family: str | None = None, **more: object) -> dict:
    return {"source_id": "req", "record_key": key, "source_role": "register",
            "name_key": name_key, "name_family": family, "legal_form": "obnl",
            "register_status": "IM", "postal_code": "G9A 5P8", "civic_number": "3102",
            "street_key": "rue des forges", "website_domain": None, **TOWN, **more}  # fmt: skip


def _hub(name_key: str, family: str | None = None, **more: object) -> dict:
    return {"source_id": "hub", "record_key": "h", "source_role": "listing",
            "name_key": name_key, "name_family": family, "legal_form": None,
            "register_status": None, "postal_code": "G9A 5P8", "civic_number": "3102",
            "street_key": "rue des forges", "website_domain": None, **TOWN, **more}  # fmt: skip


@pytest.mark.parametrize(
    ("records", "rule"),
    [
        # One kind of body (home support) written with two phrases, one place, one door.
        ([_reg("soutien a domicile des vallons"), _reg("cdc des vallons", "2"),
          _hub("aide chez soi des vallons")], "door_kind_phrase"),
        # … for another place: two bodies.
        ([_reg("soutien a domicile des vallons"), _hub("aide chez soi des collines")], None),
        # A shared identifying word, the only registration at the door sharing one.
        ([_reg("le gouvernail revue litteraire"), _reg("cuisines collectives du quai", "2"),
          _hub("editions d art le gouvernail")], "door_shared_word"),
        # A word the other's begins with (an abbreviation): « gym » / « gymnase ».
        ([_reg("gymnase social des faubourgs"), _reg("table des aines", "2"),
          _hub("communo gym")], "door_shared_word"),
        # An acronym of consecutive words: « APH » / « association ... personnes handicapees ».
        ([_reg("association pour les personnes handicapees"), _hub("maison de repit aph")],
         "door_shared_word"),
        # A word four register names hold is common (a kind, a vocabulary's core): no link.
        ([_reg("le gouvernail revue litteraire"),
          *(_reg(f"cafe le gouvernail {i}", f"o{i}", civic_number=str(10 + i)) for i in range(3)),
          _hub("editions d art le gouvernail")], None),
        # Two registrations at the door share a word with the listing: nobody decides.
        ([_reg("brasserie boreale"), _reg("boreale emploi", "2"), _hub("cafe boreale")], None),
        # A place after « de la », « du », a region word: not an identity.
        ([_reg("maison des jeunes de la pointe"), _hub("le relais de la pointe")], None),
        ([_reg("table des aines de la mauricie"), _hub("cibles budgetaires mauricie")], None),
        ([_reg("pompiers volontaires secteur lavoie"), _hub("journal lavoie")], None),
        # The same word at another door of the town (another street, other postal code).
        ([_reg("le gouvernail revue litteraire", postal_code="G8T 1A1",
          street_key="rue royale"), _hub("editions d art le gouvernail")], None),
        # The only registration at the door, of the kind the listing names: a door and a kind
        # word are no name (two CPEs of one building).
        ([_reg("des employes de l hopital", family="cpe"), _hub("les lucioles", "cpe")], None),
        ([_reg("des employes de l hopital", family="cpe"), _hub("les lucioles")], None),
        # « CAB » abbreviates a kind of body, not which one.
        ([_reg("centre d action benevole le tremplin"), _hub("cab sainte anne")], None),
        # The only registration at the door, whose name the listing's domain spells.
        ([_reg("centre d action benevole des vallons"),
          _hub("les trouvailles", website_domain="cabdesvallons.org")], "door_sole_domain"),
        ([_reg("centre d action benevole des vallons"),
          _hub("les trouvailles", website_domain="lestrouvailles.org")], None),
        # A foundation and a body: families disagree.
        ([_reg("le gouvernail", family="fondation"), _hub("editions le gouvernail")], None),
        # A struck-off registration is history.
        ([_reg("le gouvernail revue litteraire", register_status="RD"),
          _hub("editions d art le gouvernail")], None),
    ],
)  # fmt: skip
def test_door_evidence_links(records, rule) -> None:
    found = door_evidence_links(with_members(pd.DataFrame(records)), None, set())
    assert [r for _, _, r in found] == ([rule] if rule else [])
    if rule:
        assert found[0][0] == "hub:h" and found[0][1] == "req:1"


def test_a_linked_listing_is_left_alone() -> None:
    records = [_reg("le gouvernail revue litteraire"), _hub("editions d art le gouvernail")]
    assert door_evidence_links(with_members(pd.DataFrame(records)), None, {"hub:h"}) == []


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("aide chez soi des vallons", "~aide-domicile vallons"),
        ("les aides familiales de la riviere", "~aide-domicile riviere"),
        ("soutien a domicile", "~aide-domicile"),
        ("maison des jeunes des vallons", None),
        (None, None),
    ],
)
def test_kind_phrase_key(key, expected) -> None:
    assert kind_phrase_key(key) == expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("editions le gouvernail", "le gouvernail revue", True),
        ("communo gym", "gymnase social", True),
        ("academie de danse", "ecole de danse l etoile", True),
        ("le relais de la pointe", "les amis de la pointe", False),
        ("cafe du centre", "centre d entraide", False),  # « centre » is generic
        ("le quai", "le quai", True),
    ],
)
def test_shares_word(a, b, expected) -> None:
    assert shares_word(a, b, frozenset()) is expected


@pytest.mark.parametrize(
    ("domain", "key", "expected"),
    [
        ("cabdesvallons.org", "centre d action benevole des vallons", True),
        ("centreactionbenevolevallons.ca", "centre d action benevole des vallons", True),
        ("legouvernail.qc.ca", "le gouvernail", True),
        ("gouvernail.ca", "le gouvernail revue", False),
        ("ab.ca", "alpha beta", False),
        (None, "le gouvernail", False),
    ],
)
def test_domain_spells(domain, key, expected) -> None:
    assert domain_spells(domain, key) is expected


def _named(key: str, role: str, record: str, region: str = "04", **more: object) -> dict:
    source = "req" if role == "register" else "hub"
    return {"source_id": source, "record_key": record, "source_role": role, "name_key": key,
            "name_family": None, "legal_form": None, "region_code": region,
            "register_status": "IM" if role == "register" else None, "municipality": "Ville",
            "mrc": None, **more}  # fmt: skip


@pytest.mark.parametrize(
    ("records", "linked"),
    [
        # One edit in a long word, the only registration of the region one typo away.
        ([_named("club de chasse et peche kinogami", "register", "1"),
          _named("club de chasse et peche kinogaml", "listing", "h")], True),
        # The edit in the word's first three letters, in its last three, a letter dropped
        # at its start, a one-word name: the join on either end finds each.
        ([_named("club de chasse et peche kinogami", "register", "1"),
          _named("club de chasse et peche kxnogami", "listing", "h")], True),
        ([_named("club de chasse et peche kinogami", "register", "1"),
          _named("club de chasse et peche kinogamx", "listing", "h")], True),
        ([_named("club de chasse et peche kinogami", "register", "1"),
          _named("club de chasse et peche inogami", "listing", "h")], True),
        ([_named("kinogami", "register", "1"), _named("kinogaml", "listing", "h")], True),
        # Another region: no link.
        ([_named("club de chasse et peche kinogami", "register", "1", region="05"),
          _named("club de chasse et peche kinogaml", "listing", "h")], False),
        # Two registrations one typo away (kinogami, kinogamo): nobody decides.
        ([_named("club de chasse et peche kinogami", "register", "1"),
          _named("club de chasse et peche kinogamo", "register", "2"),
          _named("club de chasse et peche kinogaml", "listing", "h")], False),
        # The listing's word is a word of another register name of the region: not a typo.
        ([_named("club de chasse et peche kinogami", "register", "1"),
          _named("les amis du lac kinogaml", "register", "2"),
          _named("club de chasse et peche kinogaml", "listing", "h")], False),
        # A short word (under 6 letters) one edit apart is another name.
        ([_named("club de chasse et peche du lac vert", "register", "1"),
          _named("club de chasse et peche du lac vers", "listing", "h")], False),
        # Two edits: another name.
        ([_named("club de chasse et peche kinogami", "register", "1"),
          _named("club de chasse et peche kinogxxi", "listing", "h")], False),
        # A kind of body on one side only: a typo on top of a dropped kind word is two bodies.
        ([_named("club de chasse et peche kinogami", "register", "1", name_family="cdc"),
          _named("club de chasse et peche kinogaml", "listing", "h")], False),
        # A struck-off registration is history.
        ([_named("club de chasse et peche kinogami", "register", "1", register_status="RD"),
          _named("club de chasse et peche kinogaml", "listing", "h")], False),
    ],
)  # fmt: skip
def test_typo_links(records, linked) -> None:
    found = typo_links(with_members(pd.DataFrame(records)), set())
    assert found == ([("hub:h", "req:1")] if linked else [])
