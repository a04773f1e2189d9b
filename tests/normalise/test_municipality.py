import csv
from importlib import resources

import pytest

from esq.normalise.municipality import MunicipalityIndex, region_code_from_label
from esq.normalise.places import place_key
from tests.shared_data import MUN_CSV


@pytest.fixture(scope="module")
def index() -> MunicipalityIndex:
    return MunicipalityIndex.from_csv(MUN_CSV)


@pytest.mark.parametrize(
    ("value", "code"),
    [
        # Spellings seen in the Mauricie samples and the SEAO/Montréal open data.
        ("Trois-Rivières (Québec)", "37067"),
        ("TROIS-RIVIÈRES (QUÉBEC)", "37067"),
        ("TROIS-RIVIERES", "37067"),
        ("trois-rivieres (Québec)", "37067"),
        ("TROIS-RIVIÈRES QC", "37067"),
        ("TROIS-RIVIÈRES OUEST (QUÉBEC)", "37067"),
        ("Cap-de-la-Madeleine", "37067"),
        ("St-Tite", "35027"),
        ("SAINT-TITE QC", "35027"),
        ("Ste-Thècle", "35050"),
        ("Ste-Geneviève-de-Batiscan", "37215"),
        ("Saint-Etienne-des-Grès", "51090"),
        ("St-Alexis-Des-Monts (Québec)", "51065"),
        ("ST-BARNABÉ NORD (Québec)", "51025"),
        ("Shawinigan-Sud (Québec)", "36033"),
        ("Grand-Mère", "36033"),
        ("Saint-Gérard-des-Laurentides", "36033"),
        ("Parent", "90012"),
        ("La tuque (Québec)", "90012"),
        ("OBEDJIWAN (QUÉBEC)", "90804"),
        ("Saint-Jean-sur-Richelieu", "56083"),
        ("Saint-Jean sur Richelieu", "56083"),
        ("Notre-Dame-de-l'Ile-Perrot", "71065"),
        ("Saint-Isidore (Montérégie)", "67040"),
        # Montréal boroughs and former municipalities.
        ("Verdun", "66023"),
        ("Lachine", "66023"),
        ("Plateau-Mont-Royal", "66023"),
        ("Le Plateau-Mont-Royal", "66023"),
        ("Rosemont–La Petite-Patrie", "66023"),
        ("Rosemont-La Petite-Patrie", "66023"),
        ("Mercier–Hochelaga-Maisonneuve", "66023"),
        ("Rivière-des-Prairies- Pointe-aux-Trembles", "66023"),
        ("Lasalle", "66023"),
        ("Montréal (Verdun)", "66023"),
        ("Montréal-Ouest", "66047"),  # a reconstituted town, not a borough
        # Other 2002 mergers and Québec's arrondissements.
        ("Hull", "81017"),
        ("Aylmer", "81017"),
        ("Sainte-Foy", "23027"),
        ("Charlesbourg", "23027"),
        ("Beauport", "23027"),
        ("La Cité-Limoilou", "23027"),
        ("Québec (Québec)", "23027"),
        ("Chomedey", "65005"),
        ("Jonquière", "94068"),
        ("Chicoutimi", "94068"),
        ("Saint-Hubert", "58227"),
        ("Saint-Romuald", "25213"),
        ("Lennoxville", "43027"),
        # Buyer names of the SEAO sample.
        ("Ville de Gatineau.", "81017"),
        ("Ville de Longueuil .", "58227"),
        ("Ville de Lévis.", "25213"),
    ],
)
def test_resolve(index, value, code):
    found = index.resolve(value)
    assert found is not None
    assert found.code == code


def test_resolved_fields(index):
    found = index.resolve("St-Tite")
    assert (found.name, found.mrc, found.mrc_code, found.region_code, found.region_name) == (
        "Saint-Tite",
        "Mékinac",
        "350",
        "04",
        "Mauricie",
    )
    assert index.resolve("Trois-Rivières").mrc is None  # a city outside any MRC


@pytest.mark.parametrize(
    ("value", "postal", "code"),
    [
        ("Saint-Stanislas", None, None),  # Mauricie and Saguenay–Lac-Saint-Jean
        ("St-Stanislas (Québec)", "G0X 3E0", "37245"),
        ("Saint-Stanislas", "G8L 1A1", "92070"),
        ("Saint-Isidore", None, None),
        ("Saint-Isidore", "G0S 2S0", "26063"),
        ("Bedford", None, None),  # ville and canton share town hall and postal code
        ("Bedford", "J0J 1A0", None),
        ("Lac-Simon", None, None),  # municipality (Outaouais) and reserve (Abitibi)
        ("Cacouna", None, "12057"),  # municipality preferred over the reserve, same region
        ("Kuujjuaq", None, "99095"),  # village nordique preferred over category-I land
        # An alias never hides an official name; a postal code lets it compete.
        ("Ville-Marie", None, "85025"),
        ("Ville-Marie", "H3B 1A1", "66023"),
        ("Saint-Georges", None, "29073"),
        ("Mercier", None, "67045"),
    ],
)
def test_homonyms(index, value, postal, code):
    found = index.resolve(value, postal)
    assert (found.code if found else None) == code


@pytest.mark.parametrize(
    "value",
    ["CP 368", "425, BOULEVARD SAINT-JOSEPH", "Ottawa", "Saint-Saintanislas", "", None, "NA", 42],
)
def test_unresolved(index, value):
    assert index.resolve(value) is None


def test_candidates_lists_homonyms(index):
    assert {m.code for m in index.candidates("Saint-Stanislas")} == {"37245", "92070"}
    assert index.candidates("Nulle-Part") == ()


def test_index_has_every_named_municipality(index):
    assert len(index) == 1277  # 1,285 rows less 8 "Toponyme à venir"
    assert index.by_code("66023").name == "Montréal"


@pytest.mark.parametrize(
    ("label", "code"),
    [
        ("Estrie (05)", "05"),
        ("Saguenay--Lac-Saint-Jean (02)", "02"),
        ("MRC Brome-Missisquoi (460)", "460"),
    ],
)
def test_region_code_from_label(label, code):
    assert region_code_from_label(label) == code


def test_region_code_from_label_rejects_labels_without_code():
    with pytest.raises(ValueError, match="no code"):
        region_code_from_label("Estrie")


def _aliases() -> list[dict[str, str]]:
    table = resources.files("esq.normalise").joinpath("data/municipality_aliases.csv")
    with table.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_alias_points_to_an_existing_municipality(index):
    rows = _aliases()
    assert len(rows) > 150
    missing = [r for r in rows if index.by_code(r["code"]) is None]
    assert missing == []
    assert {r["kind"] for r in rows} <= {
        "borough",
        "arrondissement",
        "former-municipality",
        "former-name",
        "neighbourhood",
        "variant",
    }


def test_aliases_resolve_without_postal_code_unless_an_official_name_shadows_them(index):
    with MUN_CSV.open(encoding="utf-8-sig", newline="") as handle:
        official = {place_key(r["munnom"]) for r in csv.DictReader(handle)}
    for row in _aliases():
        found = index.resolve(row["alias"])
        if place_key(row["alias"]) in official:
            assert found is None or found.code != row["code"] or found.name == row["alias"]
        else:
            assert found is not None and found.code == row["code"], row
