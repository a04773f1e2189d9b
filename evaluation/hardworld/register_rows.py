"""Register rows of the world's own organisations (Entreprise, Nom, Etablissements, Fusion...).

Column semantics follow esq/register/req_entries.py: the current legal name is Nom V/N, other
names in force V/A, former names A/N; the main establishment has IND_ETAB_PRINC = O and sits at
the domicile; a listed site that is not the head office is a secondary establishment.
"""

from __future__ import annotations

from esq.register.req_columns import REQ_COLUMNS
from evaluation.hardworld.model import Address, Org, Registration

FORM_LABELS = {
    "APE": "Personne morale sans but lucratif",
    "COP": "Coopérative",
    "ASS": "Association",
    "SMU": "Société mutuelle",
    "CIE": "Société par actions ou compagnie",
    "PP": "Entreprise individuelle",
    "SENC": "Société en nom collectif",
}
STATUS_LABELS = {
    "IM": "Immatriculée",
    "RD": "Radiée sur demande",
    "RO": "Radiée d'office",
    "RX": "Radiée (fusion)",
}
ACTIVITY = {
    "COP": ("8699", "SERVICES À LA COMMUNAUTÉ"),
    "APE": ("9631", "ORGANISME COMMUNAUTAIRE"),
    "ASS": ("9691", "LOISIRS"),
    "SMU": ("7331", "ASSURANCE"),
    "CIE": ("7721", "SERVICES-CONSEILS"),
    "SENC": ("4011", "CONSTRUCTION"),
}


def _blank(member: str) -> dict[str, str]:
    return dict.fromkeys(REQ_COLUMNS[member], "")


def _lines(address: Address, upper: bool) -> dict[str, str]:
    lines = address.register_lines(upper)
    return {f"LIGN{i}_ADR": v for i, v in enumerate(lines, start=1)}


def _etab(
    neq: str, suffix: int, address: Address, upper: bool, cae: tuple[str, str], name: str
) -> dict[str, str]:
    row = _blank("etablissements")
    row.update(
        NEQ=neq,
        NO_SUF_ETAB=str(suffix),
        IND_ETAB_PRINC="O" if suffix == 1 else "N",
        IND_SALON_BRONZ="N",
        IND_VENTE_TABAC_DETL="N",
        IND_DISP="O",
        COD_ACT_ECON=cae[0],
        DESC_ACT_ECON_ETAB=cae[1],
        NO_ACT_ECON_ETAB="1",
        NOM_ETAB=name,
        **_lines(address, upper),
    )
    return row


def _nom(
    neq: str, name: str, stat: str, typ: str, start: str, end: str = "", foreign: str = ""
) -> dict[str, str]:
    values = [neq, name, foreign, stat, typ, start, end]
    return dict(zip(REQ_COLUMNS["nom"], values, strict=True))


def registration_rows(reg: Registration, org: Org) -> dict[str, list[dict[str, str]]]:
    """Rows of one registration, keyed by REQ member."""
    cae = ACTIVITY.get(reg.form, ACTIVITY["APE"])
    ent = _blank("entreprise")
    head = reg.head.register_lines(reg.upper)
    status_date = reg.registered if reg.status == "IM" else f"20{18 + int(reg.neq[-2]) % 7}-03-15"
    ent.update(
        NEQ=reg.neq,
        IND_FAIL="N",
        DAT_IMMAT=reg.registered,
        COD_REGIM_JURI="QC",
        COD_INTVAL_EMPLO_QUE="2",
        COD_STAT_IMMAT=reg.status,
        COD_FORME_JURI=reg.form,
        DAT_STAT_IMMAT=status_date,
        AN_DECL="2025",
        DAT_MAJ_INDEX_NOM=reg.registered,
        COD_ACT_ECON_CAE=cae[0],
        NO_ACT_ECON_ASSUJ="1",
        DESC_ACT_ECON_ASSUJ=cae[1],
        DAT_CONSTI=reg.registered,
        ADR_DOMCL_ADR_DISP="O",
        ADR_DOMCL_LIGN1_ADR=head[0],
        ADR_DOMCL_LIGN2_ADR=head[1],
        ADR_DOMCL_LIGN3_ADR=head[2],
        ADR_DOMCL_LIGN4_ADR=head[3],
    )
    noms = [_nom(reg.neq, reg.name, "V", "N", reg.registered, foreign=reg.foreign_name or "")]
    noms += [
        _nom(reg.neq, n.upper() if reg.upper else n, "V", "A", reg.registered)
        for n in reg.other_names
    ]
    noms += [_nom(reg.neq, n, "A", "N", "1990-01-01", reg.registered) for n in reg.former_names]
    etab_name = reg.other_names[0] if reg.other_names else ""
    etabs = [_etab(reg.neq, 1, reg.head, reg.upper, cae, etab_name if reg.sites else "")]
    etabs += [
        _etab(reg.neq, i, s, reg.upper, cae, etab_name) for i, s in enumerate(reg.sites, start=2)
    ]
    rows: dict[str, list[dict[str, str]]] = {
        "entreprise": [ent],
        "nom": noms,
        "etablissements": etabs,
    }
    if reg.absorbed:
        fus = []
        for pred_neq, pred_name in reg.absorbed:
            row = _blank("fusionscissions")
            row.update(
                NEQ=reg.neq,
                NEQ_ASSUJ_REL=pred_neq,
                DENOMN_SOC=pred_name,
                COD_RELA_ASSUJ="FUS",
                DAT_EFCTVT="2019-04-01",
                IND_DISP="O",
            )
            fus.append(row)
        rows["fusionscissions"] = fus
    return rows


def domain_rows() -> list[dict[str, str]]:
    """DomaineValeur rows for every code the world uses."""
    rows = [("FORME_JURI", c, label) for c, label in FORM_LABELS.items()]
    rows += [("STAT_IMMAT", c, label) for c, label in STATUS_LABELS.items()]
    return [dict(zip(REQ_COLUMNS["domainevaleur"], r, strict=True)) for r in rows]
