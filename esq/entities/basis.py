"""What `enterprises` counts (DESIGN §3): the social economy of today, and what is set apart.

Per the Loi sur l'économie sociale (art. 3) the social economy is co-operatives, mutuals and
non-profits *with market activity*. The register alone cannot show market activity, so:

- a golden record some source lists (a hub, the directory, a city dataset) is an enterprise,
  basis ``listed`` — or ``both`` when it is also an active co-operative or mutual, whose legal
  form alone would count it;
- an active (IM) co-operative or mutual of the register that no source lists is an
  enterprise, basis ``legal_form``;
- an active non-profit (APE, ASS, PMSBL…) that no source lists is a *candidate*: its own
  table, never counted in coverage or the regional views, an enterprise once a source lists it;
- a registration of another legal form (a numbered company) that no source lists is no
  enterprise and no candidate: it is kept with the register's records only, like a former one;
- a struck-off, annulled or absorbed registration (RD, RO, RX, AI…) that no source lists is
  a *former* registration: it stays in the register's listings only. One a source lists is an
  enterprise whose register status says so.
"""

from __future__ import annotations

import pandas as pd

from esq.normalise.legal_form import is_social_economy_form

#: The register status of a registration in force ("immatriculée").
ACTIVE_STATUS = "IM"
ENTERPRISE = "enterprise"
CANDIDATE = "candidate"
FORMER = "former"


def counts_by_form(legal_form: object) -> bool:
    """Co-operatives (every kind) and mutuals: social economy by their legal form alone."""
    return isinstance(legal_form, str) and (
        legal_form.startswith("cooperative") or legal_form == "mutuelle"
    )


def is_active(status: object) -> bool:
    """In force, or of unknown status (a source that gives no status, e.g. an extract of
    active entities only): only a stated other status sets a registration apart."""
    return not isinstance(status, str) or not status.strip() or status == ACTIVE_STATUS


def standing(listed: bool, legal_form: object, status: object) -> tuple[str, str | None]:
    """(enterprise / candidate / former, social economy basis or None) of one golden record."""
    by_form = counts_by_form(legal_form) and is_active(status)
    if listed:
        return ENTERPRISE, "both" if by_form else "listed"
    if by_form:
        return ENTERPRISE, "legal_form"
    if isinstance(legal_form, str) and not is_social_economy_form(legal_form):
        # A company's registration that a listing named (esq.register.named) but that no
        # listing joined: kept with the register's records only, like a former one.
        return FORMER, None
    if is_active(status):
        return CANDIDATE, None
    return FORMER, None


def split_golden(
    golden: pd.DataFrame, listed_ids: set[str]
) -> tuple[pd.DataFrame, pd.DataFrame, set[str]]:
    """(enterprises, candidates, former ids) from every golden record; ``listed_ids`` are the
    clusters holding a record of a non-register source. Basis set on both frames."""
    # One call per distinct (listed, form, status): a register gives ~800 000 records but
    # only a few hundred such combinations.
    memo: dict[tuple, tuple[str, str | None]] = {}
    decided = []
    for e, form, status in zip(
        golden.enterprise_id, golden.legal_form, golden.register_status, strict=True
    ):
        key = (e in listed_ids, form, status)
        got = memo.get(key)
        if got is None:
            got = memo[key] = standing(*key)
        decided.append(got)
    kinds = pd.Series([k for k, _ in decided], index=golden.index, dtype="object")
    out = golden.assign(social_economy_basis=[b for _, b in decided])
    enterprises = out[kinds == ENTERPRISE].reset_index(drop=True)
    candidates = out[kinds == CANDIDATE].assign(social_economy_basis="candidate")
    former = set(out.enterprise_id[kinds == FORMER])
    return enterprises, candidates.reset_index(drop=True), former
