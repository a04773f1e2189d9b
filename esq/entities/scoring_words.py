"""The scoring table's name words, as SQL shared by the table's build and the pass that finds
the register rows a blocking rule can pair (``blockable.py``).

``name_toks`` are the words that identify: stopwords, generic words (« centre », « maison »)
and the words of the record's own municipality are left out.
"""

from __future__ import annotations

from esq.entities.compat import GENERIC, STOPWORDS


def places_sql(names: str) -> str:
    """A query of each municipality of ``names`` and its words (``place``): a town's words once
    per town, not once per name (3 M names, a thousand towns)."""
    return f"""
        SELECT municipality, list_transform(regexp_split_to_array(
                   lower(strip_accents(coalesce(municipality, ''))), '[^a-z0-9]+'),
                   lambda w: CASE w WHEN 'st' THEN 'saint' WHEN 'ste' THEN 'sainte'
                             ELSE w END) AS place
        FROM (SELECT DISTINCT municipality FROM {names})
    """


def name_toks_sql() -> str:
    """The SQL expression of a row's identifying words, from its ``name_key`` and ``place``."""
    stop = ", ".join(f"'{w}'" for w in sorted(STOPWORDS | GENERIC))
    return f"""list_distinct(list_filter(string_split(name_key, ' '),
                                  lambda w: w NOT IN ({stop}) AND w <> ''
                                  AND NOT list_contains(place, w)))"""


def rarest_sql(toks: str, freq: str, key: str, max_block: int) -> str:
    """A query of each ``key`` of ``toks`` (key, tok) and its three rarest words (``rare``, then
    first in alphabetical order; a word of more than ``max_block`` names never counts): a
    top-3, not a sorted list."""
    return f"""
        SELECT {key}, min_by(tok, struct_pack(n := n, tok := tok), 3) AS rare
        FROM {toks} JOIN {freq} USING (tok) WHERE n <= {max_block} GROUP BY {key}
    """
