"""Rows for bench/er_match.py: a register and hub listings with names as hard as the field's.

The register's names come from the hard world's background generator
(``evaluation/hardworld/background.py``): legal-form prefixes (« Coopérative de solidarité »,
« Centre de la petite enfance »), invented and shared cores (« Le Phare du Nord », « de
Boisbriand »), numbered companies, « INC. »/« LTÉE », capitals and accents, real MAMH towns.
Listings are hub renderings of the register's social economy entries (« Coop X », « CPE X »,
« CAB de X », accents dropped, « St- », typos, a town or « une division de » added, a site in
another town of the region), second listings of one enterprise by another hub, and namesakes
from the world's vocabulary. Every name goes through the product's ``normalise_name``, so
``name_key``/``name_family`` are what staging would give.

Normalising 1.5 M distinct names takes minutes, so a generated frame is cached as Parquet
(keyed by sizes, seed and ``VERSION``) and each benchmark process reads it.
"""

from __future__ import annotations

import random
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from esq.normalise.address import street_key
from esq.normalise.legal_form import legal_form
from esq.normalise.names import normalise_name
from evaluation.hardworld.background import FORM_P, FORMS, SE_FORMS, _names
from evaluation.hardworld.model import STREETS
from evaluation.hardworld.names import CORES, KINDS, QUALIFIERS, de, hub_spelling
from evaluation.hardworld.places import load_towns, postal_in, town_weights
from schemas.listing import LISTING_COLUMNS

#: 2: addresses as the hard world's register has them (``background._address``): any of the
#: forward sortation area's 2 000 local delivery units and its 24 streets, not 100 units and 4
#: streets (which put 162 register rows on each postal code, 20x the hard world's density).
VERSION = 2
ARROW = "string[pyarrow]"
_STREETS = tuple(street_key(f"{kind} {name}") for kind, name in STREETS)
_LDU_LETTERS = np.array(list("ABCEGHJKLMNPRSTVWXYZ"))  # the letters Canada Post uses


def _normalised(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    """(name_key, name_family) of each raw name, normalising each distinct name once."""
    lowered = raw.str.lower()  # case never changes the key: halves the distinct names
    parts = {s: normalise_name(s) for s in lowered.dropna().unique()}
    key = lowered.map({s: p.key if p else None for s, p in parts.items()})
    family = lowered.map({s: p.family if p else None for s, p in parts.items()})
    return key.astype(ARROW), family.astype(ARROW)


def _register(rng: np.random.Generator, n: int, towns: list, p: np.ndarray) -> pd.DataFrame:
    forms = rng.choice(FORMS, n, p=FORM_P)
    town_idx = rng.choice(len(towns), n, p=p)
    town = pd.DataFrame([(t.code, t.name, t.mrc, t.region, t.fsa) for t in towns])
    town = town.iloc[town_idx].reset_index(drop=True)
    ids = pd.Series(np.arange(n)).astype(ARROW)
    ldu = (
        pd.Series(rng.integers(0, 10, n)).astype(str)
        + pd.Series(_LDU_LETTERS[rng.integers(0, len(_LDU_LETTERS), n)])
        + pd.Series(rng.integers(0, 10, n)).astype(str)
    )
    forms_s = pd.Series(forms)
    return pd.DataFrame(
        {
            "source_id": "register",
            "record_key": ids,
            "source_role": "register",
            "name": pd.Series(_names(rng, forms, towns, town_idx).to_pandas()).astype(ARROW),
            "neq": ids.str.zfill(10),
            "neq_status": "valid",
            "legal_form": forms_s.map({f: legal_form(f) for f in FORMS}).astype(ARROW),
            "legal_form_raw": forms_s.astype(ARROW),
            "municipality": town[1].astype(ARROW),
            "municipality_code": town[0].astype(ARROW),
            "mrc": town[2].astype(ARROW),
            "region_code": town[3].astype(ARROW),
            "postal_code": (town[4] + " " + ldu.astype(str)).astype(ARROW),
            "civic_number": pd.Series(rng.integers(1, 4000, n)).astype(str).astype(ARROW),
            "street_key": pd.Series(np.array(_STREETS)[rng.integers(0, len(_STREETS), n)]).astype(
                ARROW
            ),
            "register_status": pd.Series(np.where(rng.random(n) < 0.7, "IM", "RD")).astype(ARROW),
        }
    )


def _trade(rng: random.Random, legal: str, town: str) -> str:
    """A hub's name for a registered one: the kind's short form, no « inc. », a town added."""
    name = legal.title() if legal.isupper() else legal
    for kind in KINDS:
        if kind.short and name.lower().startswith(kind.prefix.lower()) and rng.random() < 0.6:
            name = kind.short + name[len(kind.prefix) :]
            break
    for suffix in (", Inc.", " Inc.", " Ltée"):
        if name.endswith(suffix) and rng.random() < 0.7:
            name = name[: -len(suffix)]
    roll = rng.random()
    if roll < 0.06:
        name = f"{name} {de(town)}"  # the town it works in
    elif roll < 0.09:
        name = f"{rng.choice(CORES)}, une division de {name}"
    return hub_spelling(rng, name)[0]


def _listings(rng: np.random.Generator, reg: pd.DataFrame, n: int, towns: list) -> pd.DataFrame:
    """Hub listings: 80 % register entries, 10 % a second hub's listing, 10 % namesakes."""
    py = random.Random(int(rng.integers(1 << 31)))
    social = np.flatnonzero(np.isin(reg.legal_form_raw.to_numpy(), SE_FORMS))
    n_copy, n_new = int(n * 0.8), n - int(n * 0.8) - int(n * 0.1)
    lst = reg.iloc[rng.choice(social, n_copy)].reset_index(drop=True)
    fresh = lst.iloc[rng.integers(0, n_copy, n_new)].reset_index(drop=True).copy()
    fresh["name"] = [
        f"{py.choice(KINDS).prefix} {py.choice(CORES)} {py.choice(QUALIFIERS)}"
        for _ in range(n_new)
    ]
    again = lst.iloc[rng.integers(0, n_copy, n - n_copy - n_new)]
    lst = pd.concat([lst, fresh, again], ignore_index=True)
    lst["source_id"] = np.where(np.arange(n) < n_copy + n_new, "hub", "hub-b")
    lst["name"] = [_trade(py, s, t) for s, t in zip(lst.name, lst.municipality, strict=True)]
    # A site in another town of the region for a quarter (hubs list where they work).
    by_region: dict[str, list] = {}
    for t in towns:
        by_region.setdefault(t.region, []).append(t)
    moved = np.flatnonzero(rng.random(n) < 0.25)
    sites = [py.choice(by_region[r]) for r in lst.region_code.iloc[moved]]
    cols = ["municipality", "municipality_code", "mrc", "postal_code"]
    lst[cols] = lst[cols].astype(object)
    lst.loc[moved, cols] = [[t.name, t.code, t.mrc, postal_in(py, t)] for t in sites]
    lst.loc[rng.random(n) < 0.2, "postal_code"] = None
    phones = pd.Series([f"819555{i:04d}" for i in rng.integers(0, 9999, n)])
    lst["phone"] = phones.where(rng.random(n) < 0.6).astype(ARROW)  # some switchboards shared
    lst["record_key"] = pd.Series(np.arange(n)).astype(str).astype(ARROW)
    lst["source_role"], lst["neq"], lst["neq_status"] = "listing", None, "missing"
    lst["legal_form"] = lst["legal_form_raw"] = lst["register_status"] = None
    return lst


def make_frames(n_listings: int, n_register: int, seed: int = 1) -> pd.DataFrame:
    """Register rows and listings in one frame of ``LISTING_COLUMNS`` (Arrow strings)."""
    cache = Path(tempfile.gettempdir()) / f"er-match-v{VERSION}-{n_listings}-{n_register}-s{seed}"
    if (cache / "frame.parquet").exists():
        return pd.read_parquet(cache / "frame.parquet", dtype_backend="pyarrow").astype(
            {c: ARROW for c in LISTING_COLUMNS}
        )
    rng = np.random.default_rng(seed)
    towns = load_towns()
    weights = np.array(town_weights(towns))
    reg = _register(rng, n_register, towns, weights / weights.sum())
    lst = _listings(rng, reg, n_listings, towns)
    # the listings' register-only columns are all empty: give them the register's types
    empty = [c for c in lst.columns if c in reg.columns and lst[c].isna().all()]
    lst = lst.astype({c: reg[c].dtype for c in empty})
    frame = pd.concat([reg, lst], ignore_index=True)
    frame["name_key"], frame["name_family"] = _normalised(frame["name"])
    frame = frame[frame.name_key.notna()]
    for col in LISTING_COLUMNS:
        frame[col] = frame[col].astype(ARROW) if col in frame else pd.Series(dtype=ARROW)
    frame = frame[list(LISTING_COLUMNS)].reset_index(drop=True)
    cache.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), cache / "part")
    (cache / "part").rename(cache / "frame.parquet")
    return frame
