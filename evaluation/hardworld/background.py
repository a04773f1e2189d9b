"""The rest of the register, vectorised: millions of entries written in chunks, never all in memory.

Background entries are drawn from the same vocabulary as the world (so they make natural
namesakes of listed enterprises) with the real register's mix: about 30 % social economy legal
forms, and among all entries about 55 % active. Each chunk is built with numpy and pyarrow and
appended to the member CSVs; the truth file gets one row per social economy entry.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from esq.register.req_columns import REQ_COLUMNS
from evaluation.hardworld.model import STREETS
from evaluation.hardworld.names import CORES, KINDS, QUALIFIERS, SYLLABLES, TRADES, de
from evaluation.hardworld.neqs import background_neqs
from evaluation.hardworld.places import Town
from evaluation.hardworld.register_rows import ACTIVITY
from evaluation.hardworld.unique_names import NameRegister

CHUNK = 250_000
FORMS = np.array(["APE", "COP", "ASS", "SMU", "CIE", "PP", "SENC"])
FORM_P = np.array([0.20, 0.07, 0.03, 0.003, 0.457, 0.16, 0.08])
STATUSES = np.array(["IM", "RD", "RO", "RX"])
STATUS_P = np.array([0.55, 0.26, 0.17, 0.02])
SE_FORMS = ("APE", "COP", "ASS", "SMU")
_LETTERS = np.array(list("ABCEGHJKLMNPRSTVWXYZ"))


def _prefixes(form: str) -> list[str]:
    kinds = [k.prefix for k in KINDS if k.form == form and k.key != "english"]
    if form == "CIE":
        return list(TRADES)
    if form in ("PP", "SENC"):
        return TRADES[:6]
    return kinds or ["Association"]


def _take(values: list[str], idx: np.ndarray) -> pa.Array:
    return pa.array(values, pa.string()).take(pa.array(idx))


def _names(
    rng: np.random.Generator,
    forms: np.ndarray,
    towns: list[Town],
    town_idx: np.ndarray,
    in_force: NameRegister | None = None,
    active: np.ndarray | None = None,
    index: np.ndarray | None = None,
) -> pa.Array:
    """Legal names: family prefix + core, some numbered. Most cores are invented proper names
    (« BERGELIN », « MARLIVILLE ») so names are mostly distinct, as in the register; one in ten
    uses the world's vocabulary (« LE PHARE DU NORD ») and one in five is « DE <town> », which
    make the natural namesakes of listed enterprises."""
    n = len(forms)
    syllables = [_take(part, rng.integers(0, len(part), n)) for part in SYLLABLES]
    invented = pc.binary_join_element_wise(*syllables, "")
    invented = pc.binary_join_element_wise(
        invented, _take(["", "", " du Quartier", " inc."], rng.integers(0, 4, n)), ""
    )
    worldish = pc.binary_join_element_wise(
        _take(CORES, rng.integers(0, len(CORES), n)),
        _take(QUALIFIERS, rng.integers(0, len(QUALIFIERS), n)),
        " ",
    )
    worldish = pc.if_else(
        pa.array(rng.random(n) < 0.1), _take(CORES, rng.integers(0, len(CORES), n)), worldish
    )
    roll = rng.random(n)
    core = pc.if_else(pa.array(roll < 0.1), worldish, invented)
    town_core = pa.array([de(t.name) for t in towns]).take(pa.array(town_idx))
    # « de Montréal » names are few: a town core only in towns under 30 000 people
    small = np.array([t.population < 30_000 for t in towns])[town_idx]
    core = pc.if_else(pa.array((roll > 0.8) & small), town_core, core)
    prefix = pa.nulls(n, pa.string())
    for form in np.unique(forms):
        options = _prefixes(str(form))
        mask = pa.array(forms == form)
        prefix = pc.if_else(mask, _take(options, rng.integers(0, len(options), n)), prefix)
    suffix = _take(
        ["", " INC.", " LTÉE", " S.E.N.C.", " ENR."],
        np.select(
            [forms == "CIE", forms == "SENC", forms == "PP"],
            [rng.choice([1, 2], n), np.full(n, 3), np.full(n, 4)],
            0,
        ),
    )
    name = pc.binary_join_element_wise(prefix, pa.scalar(" "), core, suffix, "")
    numbered = pa.array((forms == "CIE") & (rng.random(n) < 0.35))
    digits = pc.binary_join_element_wise(
        pa.array(rng.integers(9000, 9499, n).astype(str)),
        pa.array(rng.integers(1000, 9999, n).astype(str)),
        pa.scalar(" QUÉBEC INC."),
        "-",
    )
    digits = pc.replace_substring(digits, "- QUÉBEC", " QUÉBEC")
    name = pc.if_else(numbered, digits, name)
    # an active co-op or non-profit cannot take a name already in force (unique_names.py); no
    # random draw here, so every other entry is as in VERSION 3; without ``in_force``
    # (bench/er_world.py's cached frames) names are drawn as in VERSION 3
    if in_force is not None and active is not None and index is not None:
        se = active & np.isin(forms, SE_FORMS)
        name = in_force.admit(name, core, prefix, se, index, SYLLABLES)
    return pc.if_else(pa.array(rng.random(n) < 0.7), pc.utf8_upper(name), name)


def _dates(
    rng: np.random.Generator, n: int, start: str = "1960-01-01", days: int = 23_000
) -> pa.Array:
    when = np.datetime64(start) + rng.integers(0, days, n).astype("timedelta64[D]")
    return pa.array(when.astype(str))


def _address(rng: np.random.Generator, towns: list[Town], town_idx: np.ndarray) -> list[pa.Array]:
    n = len(town_idx)
    streets = [f"{t} {s}".upper() for t, s in STREETS]
    line1 = pc.binary_join_element_wise(
        pa.array(rng.integers(1, 4000, n).astype(str)),
        _take(streets, rng.integers(0, len(streets), n)),
        ", ",
    )
    line2 = pa.array([f"{t.name} (Québec)" for t in towns]).take(pa.array(town_idx))
    fsa = pa.array([t.fsa for t in towns]).take(pa.array(town_idx))
    ldu = pc.binary_join_element_wise(
        pa.array(rng.integers(0, 10, n).astype(str)),
        pa.array(_LETTERS[rng.integers(0, 20, n)]),
        pa.array(rng.integers(0, 10, n).astype(str)),
        "",
    )
    postal = pc.binary_join_element_wise(fsa, ldu, " ")
    return [line1, line2, _const("", n), postal]


def _const(value: str, n: int) -> pa.Array:
    return pa.repeat(pa.scalar(value, pa.string()), n)


def _table(member: str, columns: dict[str, pa.Array], n: int) -> pa.Table:
    blank = _const("", n)
    return pa.table({c: columns.get(c, blank) for c in REQ_COLUMNS[member]})


def background_chunks(
    rng: np.random.Generator,
    n: int,
    towns: list[Town],
    weights: np.ndarray,
    in_force: Iterable[str] = (),
) -> Iterator[tuple[dict[str, pa.Table], pa.Table]]:
    """Yield per chunk the member tables and the truth rows (neq, form, status, name, town).
    ``in_force``: the cores (name less the kind of body) of the world's active social economy
    registrations."""
    register = NameRegister(in_force)
    neqs = background_neqs(rng, n)
    p = weights / weights.sum()
    for start in range(0, n, CHUNK):
        neq = pa.array(neqs[start : start + CHUNK])
        m = len(neq)
        forms = rng.choice(FORMS, m, p=FORM_P)
        statuses = rng.choice(STATUSES, m, p=STATUS_P)
        status = pa.array(statuses)
        town_idx = rng.choice(len(towns), m, p=p)
        index = np.arange(start, start + m)
        name = _names(rng, forms, towns, town_idx, register, statuses == "IM", index)
        immat = _dates(rng, m)
        lines = _address(rng, towns, town_idx)
        cae = np.array([ACTIVITY.get(str(f), ACTIVITY["APE"])[0] for f in FORMS])[
            _form_index(forms)
        ]
        desc = np.array([ACTIVITY.get(str(f), ACTIVITY["APE"])[1] for f in FORMS])[
            _form_index(forms)
        ]
        ent = {
            "NEQ": neq,
            "IND_FAIL": _const("N", m),
            "DAT_IMMAT": immat,
            "COD_REGIM_JURI": _const("QC", m),
            "COD_STAT_IMMAT": status,
            "COD_FORME_JURI": pa.array(forms),
            "DAT_STAT_IMMAT": immat,
            "AN_DECL": _const("2024", m),
            "COD_ACT_ECON_CAE": pa.array(cae),
            "DESC_ACT_ECON_ASSUJ": pa.array(desc),
            "ADR_DOMCL_ADR_DISP": _const("O", m),
            **{f"ADR_DOMCL_LIGN{i}_ADR": a for i, a in enumerate(lines, start=1)},
        }
        nom = {
            "NEQ": neq,
            "NOM_ASSUJ": name,
            "STAT_NOM": _const("V", m),
            "TYP_NOM_ASSUJ": _const("N", m),
            "DAT_INIT_NOM_ASSUJ": immat,
        }
        etab = {
            "NEQ": neq,
            "NO_SUF_ETAB": _const("1", m),
            "IND_ETAB_PRINC": _const("O", m),
            "IND_DISP": _const("O", m),
            "COD_ACT_ECON": pa.array(cae),
            "DESC_ACT_ECON_ETAB": pa.array(desc),
            **{f"LIGN{i}_ADR": a for i, a in enumerate(lines, start=1)},
        }
        tables = {
            "entreprise": _table("entreprise", ent, m),
            "nom": _table("nom", nom, m),
            "etablissements": _table("etablissements", etab, m),
        }
        se = pa.array(np.isin(forms, SE_FORMS))
        truth = pa.table(
            {
                "neq": neq,
                "form": pa.array(forms),
                "status": status,
                "name": name,
                "town_code": pa.array([t.code for t in towns]).take(pa.array(town_idx)),
            }
        ).filter(se)
        yield tables, truth


def _form_index(forms: np.ndarray) -> np.ndarray:
    lookup = {str(f): i for i, f in enumerate(FORMS)}
    codes = np.zeros(len(forms), dtype=np.int64)
    for f, i in lookup.items():
        codes[forms == f] = i
    return codes
