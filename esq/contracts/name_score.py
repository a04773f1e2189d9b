"""Score supplier names against a reference of organisation names, in DuckDB. No file I/O.

A name is compared through its variants' keys (:mod:`esq.contracts.name_variants`); the
blocking and the scores are set-based SQL (:mod:`esq.contracts.name_score_sql`), run once for
all the names :meth:`NameIndex.prepare` is given; :meth:`NameIndex.candidates` then reads them.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import pandas as pd

from esq.contracts.name_ends import cut_short, ends_whole
from esq.contracts.name_score_sql import WORDS_SQL, score_pairs
from esq.contracts.name_variants import core, name_variants, tail, variants_and_family
from esq.scratch_db import scratch_connection

#: Whether a supplier key may be the reference key (with the reference name's family word).
Accept = Callable[[str, str, str | None], bool]


@dataclass(frozen=True)
class Candidate:
    """A reference entry and how well a supplier name matched it."""

    ref: str
    score: float
    supplier_key: str
    reference_key: str
    reference_family: str | None = None


class NameIndex:
    """Reference names (ref id, name) as DuckDB tables of keys, words and word weights."""

    def __init__(self, pairs: Iterable[tuple[str, str | None]]):
        rows: dict[tuple[str, str], str | None] = {}
        for ref, name in pairs:
            keys, family = variants_and_family(name)
            for key in keys:
                rows.setdefault((ref, key), family)
        self.con = scratch_connection()
        # core and tail once per distinct key (a key recurs across enterprises and variants)
        cores = {key: core(key) for _, key in rows}
        tails = {key: tail(c) for key, c in cores.items()}
        rk = pd.DataFrame(
            [
                (i, ref, key, cores[key], tails[key], fam)
                for i, ((ref, key), fam) in enumerate(rows.items())
            ],
            columns=["i", "ref", "key", "core", "tail", "family"],
        )
        self.con.register("rk_frame", rk)
        self.con.execute("CREATE TABLE rk AS SELECT * FROM rk_frame")
        self.con.unregister("rk_frame")
        self.con.execute(
            f"CREATE TABLE rt AS {WORDS_SQL.format(id='i', key='key', table='rk')};"
            "CREATE TABLE tw AS SELECT tok, count(DISTINCT ref) AS df FROM rt JOIN rk USING (i) "
            "GROUP BY tok"
        )
        n = max(int(rk.ref.nunique()), 1)
        self.max_weight = math.log(1 + n)
        self.con.execute(f"ALTER TABLE tw ADD COLUMN w DOUBLE; UPDATE tw SET w = ln(1 + {n} / df)")
        self.con.execute(
            "CREATE TABLE rw AS SELECT i, sum(w) AS w FROM rt JOIN tw USING (tok) GROUP BY i"
        )
        self._cache: dict[str, list[Candidate]] = {}

    def prepare(self, names: Iterable[str | None]) -> None:
        """Score every name not scored yet, in one set-based pass (candidates then read them)."""
        todo = sorted({n for n in names if isinstance(n, str) and n not in self._cache})
        if not todo:
            return
        sk = pd.DataFrame(
            [
                (q, skey, core(skey), cut_short(name), ends_whole(name))
                for q, name in enumerate(todo)
                for skey in name_variants(name)
            ],
            columns=["q", "skey", "score_core", "cut_name", "whole"],
        )
        found = self._score(sk.reset_index(names="j")) if len(sk) else pd.DataFrame()
        for name in todo:
            self._cache[name] = []
        columns = ("q", "ref", "score", "skey", "key", "family")
        rows = zip(*(found[c].tolist() for c in columns), strict=True) if len(found) else ()
        for r in rows:
            self._cache[todo[r[0]]].append(
                Candidate(r[1], r[2], r[3], r[4], r[5] if isinstance(r[5], str) else None)
            )

    def _score(self, sk: pd.DataFrame) -> pd.DataFrame:
        with self.con.cursor() as con:  # its temporary tables go with it
            return score_pairs(con, sk, self.max_weight)

    def candidates(self, name: str | None, accept: Accept | None = None) -> list[Candidate]:
        """Best candidate per reference id, highest score first (ties by ref id); pairs of keys
        that ``accept`` (supplier key, reference key, reference family) refuses are skipped."""
        if not isinstance(name, str):
            return []
        self.prepare([name])
        found = self._cache[name]
        if accept is None:
            return list(found)
        return [c for c in found if accept(c.supplier_key, c.reference_key, c.reference_family)]
