"""A small published warehouse (enterprises and municipalities) for the matching tests."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

ENTERPRISES = pd.DataFrame(
    {
        "enterprise_id": ["E1", "E2", "E3", "E4", "E5", "E6"],
        "name": [
            "Ressourcerie Table des Bois",
            "Coopérative de travail Vélo de l'Est",
            "Les Ateliers Pignon du Quartier",
            "Coop Grenier populaire",
            "Cuisine collective Grenier populaire",
            "Centre de la petite enfance <b>Les Lucioles</b>",
        ],
        "other_names": [None, None, None, None, "Grenier populaire (Le) inc.", None],
        "neq": ["1143282979", None, "1167280206", None, None, None],
        "legal_form": ["obnl", "cooperative", "obnl", "cooperative", "obnl", "obnl"],
        "social_economy_basis": ["both", "listed", "listed", "both", "listed", "listed"],
        "address": ["12 rue A", None, "3 rue C", None, None, None],
        "municipality": [
            "Trois-Rivières",
            "Sherbrooke",
            "Shawinigan",
            "Sherbrooke",
            "Trois-Rivières",
            "Granby",
        ],
        "postal_code": ["G9A 1A1", "J1H 1A1", "G9N 1A1", "J1H 2B2", "G9A 2B2", None],
        "region_code": ["04", "05", "04", "05", "04", "05"],
        "mrc": [None] * 6,
        "sector": [None] * 6,
        "website": [None] * 6,
        "register_status": [None] * 6,
    }
)
MUNICIPALITIES = pd.DataFrame({"region_code": ["04", "05"], "region_name": ["Mauricie", "Estrie"]})


def make_warehouse(path: Path) -> Path:
    """Write the two tables into a new DuckDB file at ``path``."""
    con = duckdb.connect(str(path))
    try:
        con.register("e", ENTERPRISES)
        con.register("m", MUNICIPALITIES)
        con.execute("CREATE TABLE enterprises AS SELECT * FROM e")
        con.execute("CREATE TABLE municipalities AS SELECT * FROM m")
    finally:
        con.close()
    return path
