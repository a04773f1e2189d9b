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

import numpy as np
import pandas as pd

from esq.entities.cluster import Clustering
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


def unfold(clustering: Clustering, members: np.ndarray, folded: pd.Series) -> Clustering:
    """The clustering over every row (``members``, the whole table in order): each folded
    record joins its first copy's cluster, with a link saying so. Labels stay the smallest
    member of their cluster."""
    if not len(folded):
        return clustering
    members = np.asarray(members, dtype=object)
    labels = pd.Series(members.copy(), index=members, dtype=object)  # members stay as given
    labels[clustering.members] = clustering.labels()
    labels[folded.index] = labels[folded.to_numpy()].to_numpy()
    touched = np.zeros(len(members), dtype=bool)
    touched[pd.Index(members).get_indexer(clustering.members[clustering.positions])] = True
    touched[pd.Index(members).get_indexer(np.concatenate([folded.index, folded.to_numpy()]))] = True
    positions = np.flatnonzero(touched)
    at = labels.to_numpy()[positions]
    roots = pd.Series(members[positions]).groupby(at).transform("min").to_numpy(dtype=object)
    links = clustering.links + [
        Link(first, member, RULE, None, "all")
        for member, first in zip(folded.index, folded.to_numpy(), strict=True)
    ]
    return Clustering(
        links,
        members,
        positions,
        roots,
        clustering.refused,
        clustering.ambiguous,
        clustering.guarded,
    )
