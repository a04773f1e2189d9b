"""The populations the namesake measure compares: one region's active social economy registrations,
its hub listings and SEAO supplier rows, read from the real samples or from a hard world.

The real files (REQ-derived Mauricie extract, the Pôle's listings) carry no open licence: they are
read from the shared folder at run time and nothing of them is copied. A world's population is
derived from its register ZIP exactly as the real extract was (`PROVENANCE.md` of
req-extract-mauricie): Entreprise.csv with COD_STAT_IMMAT « IM » and a social economy form, the
head office's municipality in the region, the current name of Nom.csv (STAT_NOM « V »,
TYP_NOM_ASSUJ « N »).
"""

from __future__ import annotations

import csv
import os
import zipfile
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from evaluation.hardworld.places import load_towns, strip_accents

#: The real extract's filter (PMSBL and SMU are absent from it, kept for the generator's SMU).
SE_FORMS = ("APE", "COP", "ASS", "SMU", "PMSBL")
MAURICIE = "04"
_REPO = Path(__file__).resolve().parents[2]


def _shared() -> Path:
    """$ESQ_SHARED, else <repo>/../shared, else /work/shared (as tests/shared_data.py)."""
    env = os.environ.get("ESQ_SHARED")
    options = [Path(env)] if env else []
    options += [_REPO.parent / "shared", Path("/work/shared")]
    return next((c for c in options if c.is_dir()), options[-1])


REAL = _shared() / "data" / "real"
REGISTER_COLUMNS = ["neq", "name", "town", "form"]


def _town_label(text: pa.Array) -> pa.Array:
    """« TROIS-RIVIÈRES (QUÉBEC) » → « TROIS-RIVIERES »: the comparison form of a municipality."""
    upper = pc.utf8_upper(pc.utf8_trim_whitespace(text))
    bare = pc.replace_substring_regex(upper, r"\s*(\(QU[EÉ]BEC\)|QC)$", "")
    saints = pc.replace_substring_regex(bare, r"\bST(E?)[- ]", r"SAINT\1-")
    return pa.array([strip_accents(v) if v else v for v in saints.to_pylist()], pa.string())


def region_towns(region: str | None = MAURICIE) -> dict[str, str]:
    """Comparison label → municipality name, for every municipality of the region (MAMH; all
    of them for ``None``)."""
    return {
        strip_accents(t.name.upper()): t.name
        for t in load_towns()
        if region is None or t.region == region
    }


def _rows(path: Path) -> list[dict[str, str | None]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return [
            {k: (None if v in ("", "NA") else v) for k, v in r.items()} for r in csv.DictReader(fh)
        ]


def real_register(root: Path = REAL) -> pd.DataFrame:
    """The real extract, one row per NEQ (it repeats a few): neq, name, town, form."""
    rows = {r["NEQ"]: r for r in _rows(root / "req-extract-mauricie" / "Entreprise_LatLong.csv")}
    frame = pd.DataFrame(rows.values())
    labels = [
        _town_label(pa.array(frame[c].fillna(""), pa.string())).to_pandas()
        for c in ("Municipalite", "Adresse_Lign3")
    ]
    # the town is on the Municipalite line, or on the next one when that line holds a box
    # (« CP 1606 »); a town of no Mauricie municipality (the extract's regex noise) stays as is
    local = set(region_towns())
    town = labels[0].where(labels[0].isin(local), labels[1].where(labels[1].isin(local)))
    return pd.DataFrame(
        {
            "neq": frame["NEQ"],
            "name": frame["NomEntreprise"],
            "town": town.fillna(labels[0]),
            "form": frame["FormeJuridique"],
        }
    )


def real_listings(root: Path = REAL) -> pd.DataFrame:
    """The Pôle's distinct listing names (directory and members): source, name."""
    folder = root / "pole-mauricie"
    out = [
        (path.stem, r["NomEntreprise"])
        for path in sorted(folder.glob("*.csv"))
        for r in _rows(path)
        if r.get("NomEntreprise")
    ]
    return pd.DataFrame(out, columns=["source", "name"]).drop_duplicates("name")


def real_seao(root: Path = REAL) -> pd.DataFrame:
    """The real SEAO rows of the eight cities (no header): supplier name, published NEQ."""
    with (root / "seao" / "contrats-nb3_8villes_subset.csv").open(encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    return pd.DataFrame(
        {"name": [r[7] for r in rows], "neq": [r[11].strip() or None for r in rows]}
    )


def _zip_table(zf: zipfile.ZipFile, member: str, columns: list[str]) -> pa.Table:
    options = pacsv.ConvertOptions(
        include_columns=columns, column_types=dict.fromkeys(columns, pa.string())
    )
    with zf.open(member) as fh:
        return pacsv.read_csv(fh, convert_options=options)


def world_register(world: Path, region: str | None = MAURICIE) -> pd.DataFrame:
    """A world's active social economy registrations whose head office is in the region (in
    Québec for ``None``)."""
    zpath = next((world / "landing" / "req-registre").glob("*/files/*.zip"))
    towns = region_towns(region)
    with zipfile.ZipFile(zpath) as zf:
        ent = _zip_table(
            zf,
            "Entreprise.csv",
            [
                "NEQ",
                "COD_STAT_IMMAT",
                "COD_FORME_JURI",
                "ADR_DOMCL_LIGN2_ADR",
                "ADR_DOMCL_LIGN3_ADR",
            ],
        )
        keep = pc.and_(
            pc.equal(ent["COD_STAT_IMMAT"], "IM"),
            pc.is_in(ent["COD_FORME_JURI"], pa.array(SE_FORMS)),
        )
        ent = ent.filter(keep)
        # the town is on line 2, or on line 3 when line 2 holds a unit or a box
        town = pc.coalesce(
            *[
                pc.if_else(pc.is_in(lab, pa.array(list(towns))), lab, None)
                for lab in (_town_label(ent[c].combine_chunks()) for c in ent.column_names[3:])
            ]
        )
        ent = ent.append_column("town", town).filter(pc.is_valid(town))
        nom = _zip_table(zf, "Nom.csv", ["NEQ", "NOM_ASSUJ", "STAT_NOM", "TYP_NOM_ASSUJ"])
    nom = nom.filter(
        pc.and_(
            pc.and_(pc.equal(nom["STAT_NOM"], "V"), pc.equal(nom["TYP_NOM_ASSUJ"], "N")),
            pc.is_in(nom["NEQ"], ent["NEQ"].combine_chunks()),
        )
    )
    names = nom.to_pandas().drop_duplicates("NEQ").set_index("NEQ")["NOM_ASSUJ"]
    frame = ent.select(["NEQ", "town", "COD_FORME_JURI"]).to_pandas()
    frame.columns = ["neq", "town", "form"]
    frame["name"] = frame["neq"].map(names)
    return frame.dropna(subset=["name"])[REGISTER_COLUMNS]


def world_listings(
    world: Path, region: str = MAURICIE, source: str = "hw-pole-a-repertoire"
) -> pd.DataFrame:
    """Hub A's listing names (the Mauricie layout) of enterprises of the region: source, name."""
    truth = world / "truth"
    listings = pd.read_parquet(
        truth / "listings.parquet", columns=["source_id", "record_key", "eid"]
    )
    entities = pd.read_parquet(truth / "entities.parquet", columns=["eid", "region"])
    local = set(entities.loc[entities["region"] == region, "eid"])
    rows = listings[(listings["source_id"] == source) & listings["eid"].isin(local)]
    # hub A's record key is « name|postal code »
    names = rows["record_key"].str.rsplit("|", n=1).str[0]
    return pd.DataFrame({"source": source, "name": names}).drop_duplicates("name")


def world_seao(world: Path) -> pd.DataFrame:
    """A world's SEAO supplier rows of the eight cities: supplier name, published NEQ."""
    rows = pd.read_csv(world / "truth" / "suppliers.csv", dtype=str, keep_default_na=False)
    rows = rows[rows["source_id"] == "seao-contrats"]
    return pd.DataFrame(
        {"name": rows["supplier_name"], "neq": rows["supplier_neq"].replace("", None)}
    ).reset_index(drop=True)


def world_se_suppliers(world: Path) -> pd.Series:
    """The published names of a world's contract rows (eight cities, every source) whose true
    supplier is a social economy enterprise."""
    rows = pd.read_csv(world / "truth" / "suppliers.csv", dtype=str, keep_default_na=False)
    return rows.loc[rows["true_role"] == "se", "supplier_name"].reset_index(drop=True)
