"""Identical records of one source: resolved once, through their first record.

A hub export repeats its organisations: one row per contact, per sector of activity or per
double entry, identical in every field entity resolution matches on (issue 13: a 200 000-row
export of 20 000 organisations). Every such record gives the same rule keys and the same model
comparison vectors as its first copy, so it would only multiply the candidate pairs — by the
square of its copies (an organisation listed 400 times is 80 000 pairs of itself). Such a
record is taken out before the rules and the model and joins the cluster of its first copy
afterwards, by the rule ``identical_record``.

Only listing records are folded (never the register: two registrations are two bodies), only
within one source, only at a door (a postal code or a civic number: two identical records with
neither could be two bodies of one name in one town, which the clustering keeps apart), and
never a record a reviewer's decision names.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from esq.entities.exact import Link

RULE = "identical_record"
#: Listing columns no rule, comparison or guard reads (they read the normalised keys: name_key,
#: postal_code, civic_number, street_key, phone, website_domain, municipality_code...), only the
#: golden records and the review table's display: records differing only in these are identical
#: for matching. A hub typing an organisation again writes « Coop de Crabtree » or « COOP DE
#: CRABTREE », its website with or without « https:// »: one name key, one domain.
NOT_MATCHED = frozenset(
    {"record_key", "fetch_ref", "member", "sector", "sector_code", "territory", "member_category",
     "name", "address", "municipality_raw", "legal_form_raw", "website", "phone_ext",
     "social_page", "email", "latitude", "longitude", "flags"}
)  # fmt: skip


def identical_records(framed: pd.DataFrame, keep: Iterable[str] = ()) -> pd.Series:
    """Member of each folded record -> member of its first copy (same source, every matched
    column equal, at a door); ``keep`` names members that are never folded."""
    door = framed.postal_code.notna() | framed.civic_number.notna()
    candidates = framed[(framed.source_role != "register") & door & ~framed.member.isin(set(keep))]
    if len(candidates) < 2:
        return pd.Series([], dtype=object)
    columns = [c for c in candidates.columns if c not in NOT_MATCHED]
    # Listing values are text, floats or missing (schemas/listing.py): hashable as they are;
    # a missing value equals a missing value.
    group = candidates.groupby(columns, sort=False, dropna=False).ngroup()
    folded = group.duplicated()
    if not folded.any():
        return pd.Series([], dtype=object)
    first = pd.Series(candidates.member.to_numpy(), index=group.to_numpy())
    first = first[~first.index.duplicated()]
    return pd.Series(
        first.loc[group[folded].to_numpy()].to_numpy(),
        index=candidates.member[folded].to_numpy(),
        dtype=object,
    )


def unfold(clusters: dict[str, list[str]], folded: pd.Series) -> list[Link]:
    """Put each folded record in its first copy's cluster (``clusters`` in place); the links
    that attached them."""
    if not len(folded):
        return []
    wanted = set(folded.to_numpy())
    label_of = {m: label for label, members in clusters.items() for m in members if m in wanted}
    links = []
    for member, first in zip(folded.index, folded.to_numpy(), strict=True):
        clusters[label_of[first]].append(member)
        links.append(Link(first, member, RULE, None, "all"))
    return links
