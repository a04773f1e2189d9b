"""A deterministic SYNTHETIC REQ open-data ZIP: real file names, columns and formats, made-up rows.

Names are built from word lists (no real enterprise name); municipalities come from the open
MAMH table. Formats follow the real files: UTF-8 with BOM, comma-separated, every field
double-quoted, CRLF line ends, dates ``YYYY-MM-DD``, NEQs of 10 digits that pass the Luhn check
over their last 8 digits. Domicile address layout (an approximation of the real one): line 1
street, line 2 "Municipality (Québec)" (or a suite, the municipality moving to line 3),
line 4 the postal code.
"""

from __future__ import annotations

import csv
import random
import shutil
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from esq.register.neq import luhn_check_digit
from esq.register.req_columns import REQ_COLUMNS, REQ_FILES

BOM = "\ufeff"

# (code, weight, label): social-economy codes as seen in the real register; the others are
# placeholders for the rest of the register. Labels are ours, the real ones live in
# DomaineValeur.csv.
FORMS = [
    ("APE", 25, "Personne morale sans but lucratif"),
    ("COP", 12, "Coopérative"),
    ("ASS", 4, "Association"),
    ("SMU", 1, "Société mutuelle"),
    ("CIE", 40, "Société par actions ou compagnie"),
    ("PP", 12, "Entreprise individuelle"),
    ("SENC", 6, "Société en nom collectif"),
]
STATUSES = [
    ("IM", 80, "Immatriculée"),
    ("RD", 12, "Radiée sur demande"),
    ("RO", 8, "Radiée d'office"),
]
NEQ_PREFIXES = ["114", "116", "117", "118", "3364", "337", "22"]

_PREFIX_BY_FORM = {
    "APE": ["CENTRE DE LA PETITE ENFANCE", "CORPORATION DE DÉVELOPPEMENT COMMUNAUTAIRE DE",
            "ASSOCIATION DES LOISIRS DE", "MAISON DES JEUNES DE", "COMPTOIR ALIMENTAIRE DE",
            "FONDATION", "CENTRE D'ACTION BÉNÉVOLE DE", "SOCIÉTÉ D'HABITATION COMMUNAUTAIRE DE"],
    "COP": ["COOPÉRATIVE DE SOLIDARITÉ", "COOPÉRATIVE DE TRAVAIL", "COOPÉRATIVE D'HABITATION",
            "COOPÉRATIVE DE CONSOMMATEURS", "COOPÉRATIVE FUNÉRAIRE DE"],
    "ASS": ["ASSOCIATION CHASSE ET PÊCHE DE", "CLUB DE L'ÂGE D'OR DE", "CERCLE DES FERMIÈRES DE"],
    "SMU": ["MUTUELLE DE PRÉVENTION", "SOCIÉTÉ MUTUELLE D'ASSURANCE DE"],
}  # fmt: skip
_WORDS = ["BORÉAL", "DU RUISSEAU", "LES TROIS PIGNONS", "L'ENVOL", "DU VIEUX-MOULIN", "ARC-EN-CIEL",
          "LA RUCHE", "DU HUARD", "LE GRENIER", "DES BERGES", "LA SOURCE", "DES DEUX RIVES",
          "L'ÉRABLIÈRE", "LE PHARE", "DU COTEAU", "LA PASSERELLE", "DES QUATRE-VENTS"]  # fmt: skip
_TRADES = ["GESTION", "CONSTRUCTION", "TRANSPORT", "RÉNOVATIONS", "SERVICES", "IMMEUBLES"]
_SUFFIXES = {"CIE": ["INC.", "LTÉE"], "SENC": ["S.E.N.C."], "PP": ["ENR."]}
_STREETS = ["rue Principale", "rue Saint-Pierre", "boul. des Forges", "ch. du Lac", "av. du Parc",
            "rue Notre-Dame", "rang Saint-Joseph", "rue de l'Église"]  # fmt: skip
_ACTIVITIES = [("6241", "SERVICE DE GARDE À L'ENFANCE"), ("6351", "RÉSIDENCE POUR PERSONNES ÂGÉES"),
               ("9631", "LOISIRS ET ACTIVITÉS COMMUNAUTAIRES"), ("6011", "ÉPICERIE"),
               ("4011", "CONSTRUCTION RÉSIDENTIELLE"), ("7721", "SERVICES-CONSEILS"),
               ("9911", "ORGANISME DE BIENFAISANCE"), ("4561", "TRANSPORT PAR CAMION")]  # fmt: skip


@dataclass(frozen=True)
class Municipality:
    name: str
    postal: str


def read_municipalities(mun_csv: Path) -> list[Municipality]:
    """Municipality names and municipal-office postal codes from the MAMH MUN.csv."""
    with Path(mun_csv).open(encoding="utf-8-sig", newline="") as fh:
        rows = [Municipality(r["munnom"], r["mcodpos"]) for r in csv.DictReader(fh)]
    return [m for m in rows if m.name and len(m.postal) == 6]


def _pick(rng: random.Random, weighted: list[tuple[str, int, str]]) -> str:
    return rng.choices([w[0] for w in weighted], [w[1] for w in weighted])[0]


def make_neq(rng: random.Random, taken: set[str]) -> str:
    """A fresh 10-digit NEQ with a real-looking prefix whose last 8 digits pass Luhn."""
    while True:
        head = rng.choice(NEQ_PREFIXES)
        body = head + "".join(rng.choice("0123456789") for _ in range(9 - len(head)))
        neq = body + luhn_check_digit(body[2:])
        if neq not in taken:
            taken.add(neq)
            return neq


def _name(rng: random.Random, form: str, town: str) -> str:
    if form in _PREFIX_BY_FORM:
        prefix = rng.choice(_PREFIX_BY_FORM[form])
        tail = town.upper() if prefix.endswith(" DE") else rng.choice(_WORDS)
        return f"{prefix} {tail}"
    if form == "CIE" and rng.random() < 0.3:
        return f"{rng.randint(9000, 9499)}-{rng.randint(1000, 9999)} QUÉBEC INC."
    return f"{rng.choice(_TRADES)} {rng.choice(_WORDS)} {rng.choice(_SUFFIXES[form])}"


def _date(rng: random.Random, start: int = 1975, end: int = 2025) -> str:
    return f"{rng.randint(start, end)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def _address(rng: random.Random, town: Municipality) -> list[str]:
    street = f"{rng.randint(1, 3999)} {rng.choice(_STREETS)}"
    postal = (
        town.postal[:3]
        + f"{rng.randint(0, 9)}{rng.choice('ABCEGHJKLMNPRSTVWXYZ')}{rng.randint(0, 9)}"
    )
    city = f"{town.name} (Québec)"
    if rng.random() < 0.05:
        return [street, f"bureau {rng.randint(100, 400)}", city, postal]
    return [street, city, "", postal]


def enterprise_rows(
    n: int, seed: int, towns: list[Municipality]
) -> Iterator[dict[str, list[dict[str, str]]]]:
    """Yield, per synthetic enterprise, its rows for each member keyed as in ``REQ_FILES``."""
    rng = random.Random(seed)
    taken: set[str] = set()
    order: list[str] = []  # NEQs so far, in a stable order, for merger partners
    for _ in range(n):
        neq, form, town = make_neq(rng, taken), _pick(rng, FORMS), rng.choice(towns)
        status, name = _pick(rng, STATUSES), _name(rng, form, town.name)
        cae, activity = rng.choice(_ACTIVITIES)
        adr = _address(rng, town)
        immat = _date(rng)
        objet = f"{activity}\nAU BÉNÉFICE DE LA COMMUNAUTÉ" if form in ("APE", "COP") else ""
        ent = dict.fromkeys(REQ_COLUMNS["entreprise"], "")
        status_date = immat if status == "IM" else _date(rng, 2015)
        ent.update(NEQ=neq, IND_FAIL="N", DAT_IMMAT=immat, COD_REGIM_JURI="QC",
                   COD_INTVAL_EMPLO_QUE=str(rng.randint(1, 6)), COD_STAT_IMMAT=status,
                   COD_FORME_JURI=form, DAT_STAT_IMMAT=status_date,
                   AN_DECL=str(rng.randint(2018, 2025)), DAT_MAJ_INDEX_NOM=immat,
                   COD_ACT_ECON_CAE=cae, NO_ACT_ECON_ASSUJ="1", DESC_ACT_ECON_ASSUJ=activity,
                   DAT_CONSTI=immat, OBJET_SOC=objet, ADR_DOMCL_ADR_DISP="O",
                   ADR_DOMCL_LIGN1_ADR=adr[0], ADR_DOMCL_LIGN2_ADR=adr[1],
                   ADR_DOMCL_LIGN3_ADR=adr[2], ADR_DOMCL_LIGN4_ADR=adr[3])  # fmt: skip
        noms = [_nom(neq, name, "V", "N", immat, "")]
        if rng.random() < 0.12:
            noms.append(_nom(neq, f"{rng.choice(_WORDS)} {town.name.upper()}", "V", "A", immat, ""))
        if rng.random() < 0.1:
            old = _name(rng, form, town.name)
            noms.append(_nom(neq, old, "A", "N", _date(rng, 1960, 1974), immat))
        etabs = [_etab(neq, 1, adr, cae, activity, name if rng.random() < 0.3 else "")]
        if rng.random() < 0.1:
            etabs.append(_etab(neq, 2, _address(rng, rng.choice(towns)), cae, activity, ""))
        bundle = {"entreprise": [ent], "nom": noms, "etablissements": etabs}
        if rng.random() < 0.02 and order:
            other = rng.choice(order)
            fus = dict.fromkeys(REQ_COLUMNS["fusionscissions"], "")
            fus.update(
                NEQ=neq,
                NEQ_ASSUJ_REL=other,
                DENOMN_SOC=_name(rng, form, town.name),
                COD_RELA_ASSUJ="FUS",
                DAT_EFCTVT=_date(rng, 2000),
                IND_DISP="O",
            )
            bundle["fusionscissions"] = [fus]
        if rng.random() < 0.02:
            values = [neq, "CONT", "QC", "", town.name, _date(rng, 2000)]
            row = dict(zip(REQ_COLUMNS["continuationstransformations"], values, strict=True))
            bundle["continuationstransformations"] = [row]
        order.append(neq)
        yield bundle


def _nom(neq: str, name: str, stat: str, typ: str, start: str, end: str) -> dict[str, str]:
    return dict(zip(REQ_COLUMNS["nom"], [neq, name, "", stat, typ, start, end], strict=True))


def _etab(neq: str, suffix: int, adr: list[str], cae: str, act: str, nom: str) -> dict[str, str]:
    row = dict.fromkeys(REQ_COLUMNS["etablissements"], "")
    row.update(NEQ=neq, NO_SUF_ETAB=str(suffix), IND_ETAB_PRINC="O" if suffix == 1 else "N",
               IND_SALON_BRONZ="N", IND_VENTE_TABAC_DETL="N", IND_DISP="O", LIGN1_ADR=adr[0],
               LIGN2_ADR=adr[1], LIGN3_ADR=adr[2], LIGN4_ADR=adr[3], COD_ACT_ECON=cae,
               DESC_ACT_ECON_ETAB=act, NO_ACT_ECON_ETAB="1", NOM_ETAB=nom)  # fmt: skip
    return row


def domain_rows() -> list[dict[str, str]]:
    """DomaineValeur rows for the codes the synthetic data uses."""
    rows = [("FORME_JURI", code, label) for code, _, label in FORMS]
    rows += [("STAT_IMMAT", code, label) for code, _, label in STATUSES]
    return [dict(zip(REQ_COLUMNS["domainevaleur"], r, strict=True)) for r in rows]


def listed_bundle(neq: str, name: str, form: str, address: list[str]) -> dict[str, list[dict]]:
    """The register rows of an enterprise given from outside (e.g. one a sample hub lists)."""
    ent = dict.fromkeys(REQ_COLUMNS["entreprise"], "")
    ent.update(NEQ=neq, IND_FAIL="N", DAT_IMMAT="2001-05-01", COD_REGIM_JURI="QC",
               COD_STAT_IMMAT="IM", COD_FORME_JURI=form, DAT_STAT_IMMAT="2001-05-01",
               AN_DECL="2025", DESC_ACT_ECON_ASSUJ="SERVICES À LA COMMUNAUTÉ",
               ADR_DOMCL_ADR_DISP="O", ADR_DOMCL_LIGN1_ADR=address[0],
               ADR_DOMCL_LIGN2_ADR=address[1], ADR_DOMCL_LIGN3_ADR=address[2],
               ADR_DOMCL_LIGN4_ADR=address[3])  # fmt: skip
    return {
        "entreprise": [ent],
        "nom": [_nom(neq, name, "V", "N", "2001-05-01", "")],
        "etablissements": [_etab(neq, 1, address, "9631", "SERVICES", "")],
    }


def write_req_zip(
    target: Path,
    n: int,
    seed: int,
    towns: list[Municipality],
    extra: Iterable[dict[str, list[dict]]] = (),
) -> dict[str, int]:
    """Write a synthetic REQ ZIP with ``n`` enterprises (plus ``extra`` bundles); returns rows
    written per member.

    Members are written to CSV files next to ``target`` first (zipfile allows one open
    member at a time), then deflated into the archive and deleted.
    """
    counts = dict.fromkeys(REQ_FILES, 0)
    with tempfile.TemporaryDirectory(prefix=".req-sample-", dir=Path(target).parent) as work:
        paths = {key: Path(work) / name for key, name in REQ_FILES.items()}
        handles = {k: p.open("w", encoding="utf-8-sig", newline="") for k, p in paths.items()}
        try:
            writers = {k: csv.DictWriter(fh, REQ_COLUMNS[k], quoting=csv.QUOTE_ALL)
                       for k, fh in handles.items()}  # fmt: skip
            for writer in writers.values():
                writer.writeheader()
            bundles = [*enterprise_rows(n, seed, towns), *extra, {"domainevaleur": domain_rows()}]
            for bundle in bundles:
                for key, rows in bundle.items():
                    writers[key].writerows(rows)
                    counts[key] += len(rows)
        finally:
            for fh in handles.values():
                fh.close()
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
            for key, path in paths.items():
                # a fixed timestamp: same seed, same bytes
                info = zipfile.ZipInfo(REQ_FILES[key], date_time=(2026, 6, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                with zf.open(info, "w", force_zip64=True) as dst, path.open("rb") as src:
                    shutil.copyfileobj(src, dst, 1 << 20)
    return counts
