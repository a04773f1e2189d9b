import pytest

from esq.normalise.address import Address, address, street_key


@pytest.mark.parametrize(
    ("value", "civic", "street", "unit", "po_box"),
    [
        ("190 RUE Bonaventure APP: 100 CP: 1281", "190", "RUE Bonaventure", "100", "1281"),
        ("100-190 RUE Bonaventure", "190", "RUE Bonaventure", "100", None),
        ("911, rue Notre-Dame-Sud", "911", "rue Notre-Dame-Sud", None, None),
        ("301 rue St-Jacques, bureau 201", "301", "rue St-Jacques", "201", None),
        ("650, 4e avenue, bureau 7", "650", "4e avenue", "7", None),
        ("10, rue des Églises O.", "10", "rue des Églises O.", None, None),  # MUN.csv madr1
        ("1216 rue Principale", "1216", "rue Principale", None, None),
        ("12A rue de l'Église", "12A", "rue de l'Église", None, None),
        ("12 D'Youville", "12", "D'Youville", None, None),
        ("123 rue des Érables #4", "123", "rue des Érables", "4", None),
        ("55 boul. des Forges, local 3", "55", "boul. des Forges", "3", None),
        ("2900, MONSEIGNEUR ST-ARNAUD, C.P. 1383", "2900", "MONSEIGNEUR ST-ARNAUD", None, "1383"),
        ("CP 368", None, None, None, "368"),
        ("C.P. 128", None, None, None, "128"),
        ("CASE POSTALE 128", None, None, None, "128"),
        ("CP 161 succ. B", None, None, None, "161"),
        ("4e avenue", None, "4e avenue", None, None),
        # Invented lines with the shapes seen in the Mauricie samples.
        ("1-205-1500 AV. de la Gare", "1500", "AV. de la Gare", "1-205", None),
        ("W-120 RUE Exemple", "120", "RUE Exemple", "W", None),
        ("B200-3000 BLVD Des Exemples", "3000", "BLVD Des Exemples", "B200", None),
        ("E-1010-4000 BOUL. Exemple", "4000", "BOUL. Exemple", "E-1010", None),
        ("#12-34 AVE du Parc", "34", "AVE du Parc", "12", None),
        ("# 12-34 AVE du Parc", "34", "AVE du Parc", "12", None),
        ("2e ét.-500 RUE Exemple", "500", "RUE Exemple", "2e ét.", None),
        ("Ét. 3-700 CH. Exemple", "700", "CH. Exemple", "Ét. 3", None),
        ("2ÈME-500 RUE Exemple", "500", "RUE Exemple", "2ÈME", None),
        ("12-B RUE Exemple", "12B", "RUE Exemple", None, None),
        ("12-B RUE Exemple APP: 3", "12B", "RUE Exemple", "3", None),
        ("44E rue du Moulin", "44E", "rue du Moulin", None, None),
        ("4e Rue", None, "4e Rue", None, None),
        ("3351", "3351", None, None, None),
        ("CP - 21", None, None, None, "21"),
        ("bur 7-650 AVE 4e", "650", "AVE 4e", "7", None),
        ("Chemin du Lac-Exemple", None, "Chemin du Lac-Exemple", None, None),
    ],
)
def test_address(value, civic, street, unit, po_box):
    parsed = address(value)
    assert parsed == Address(value, civic, street, unit, po_box)


@pytest.mark.parametrize("value", [None, "", "NA", float("nan")])
def test_no_address(value):
    assert address(value) is None


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("rue St-Jacques", "RUE SAINT-JACQUES"),
        ("boul. des Forges", "Boulevard des Forges"),
        ("4e avenue", "4ième Avenue"),
        ("ch. du Lac", "chemin du Lac"),
        ("rue Notre-Dame O.", "rue Notre-Dame Ouest"),
        ("r. Notre-Dame", "rue Notre-Dame"),
        ("12 r. Notre-Dame", "12 rue Notre-Dame"),
        ("R Principale", "RUE PRINCIPALE"),
        ("4e r. du Pont", "4e Rue du Pont"),
        ("bd des Récollets", "boulevard des Récollets"),
        ("Boul Saint-Laurent", "boul. St-Laurent"),
        ("Bl. Gene-H.-Kruger", "Boulevard Gene-H.-Kruger"),
        ("Blvd. Thibeau", "boulevard Thibeau"),
        ("Ch Sainte-Foy", "chemin Ste-Foy"),
        ("Chem. du Roy", "Chemin du Roy"),
        ("av. Royale", "avenue Royale"),
        ("Ave. Cartier", "Avenue Cartier"),
        ("rte 153", "Route 153"),
        ("Rt. 155", "route 155"),
        ("Rte. Marie-Victorin", "route Marie-Victorin"),
        ("rg St-Joseph", "rang Saint-Joseph"),
        ("Rg. 3 Ouest", "Rang 3 O."),
        ("Mtée Ste-Julie", "montée Sainte-Julie"),
    ],
)
def test_street_key_equates_spellings(left, right):
    assert street_key(left) == street_key(right)


@pytest.mark.parametrize(
    ("street", "key"),
    [
        ("r. Notre-Dame", "rue notre dame"),
        ("bd des Forges", "boulevard des forges"),
        ("rg St-Joseph", "rang saint joseph"),
        # An initial inside the name is not a street type.
        ("boul. R.-Bourassa", "boulevard r bourassa"),
        ("rue Jean-R.-Tremblay", "rue jean r tremblay"),
        ("av. J.-A.-Bombardier", "avenue j a bombardier"),
    ],
)
def test_street_key_folds_street_types(street, key):
    assert street_key(street) == key


def test_street_key_of_nothing():
    assert street_key(None) is None
    assert street_key(" - ") is None
