"""Reconciliation queries (W3C Entity Reconciliation API v0.2, as OpenRefine 3.x speaks it)
answered with the contracts' linker. Pure: JSON-shaped dicts in, JSON-shaped dicts out.

A query is a supplier name with optional properties ``neq``, ``municipality`` and
``postal_code``. Its candidates are those of :meth:`SupplierLinker.candidates` (the listings'
guard, no enterprise holding another NEQ), scored 0–100: 90 × the name score, plus 5 for an
agreeing municipality and 5 for an agreeing postal code; each property's agreement is a
feature. ``match`` is true only for the enterprise `esq match` would link: the one
:meth:`SupplierLinker.link_one` links (NEQ, exact name, or a fuzzy name clear of the next one),
or the one a tie leaves at the query's place (:mod:`esq.matching.ties`); never a review-band
score, nor a tie broken on weak evidence when the query's place is elsewhere. A natural
person's name gets no candidates. Malformed input raises :class:`RequestError` with a message
for the client.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from esq.contracts.supplier_link import SupplierLinker
from esq.matching.ties import (
    break_tie,
    elsewhere,
    tied_ids,
    towns_by_postal_code,
    weakly_decided,
)
from esq.normalise.neq import neq as check_neq
from esq.normalise.postal import postal_code
from esq.normalise.text import fold

ENTITY_TYPE = {"id": "enterprise", "name": "Social economy enterprise"}
QUERY_PROPERTIES = {
    "neq": "NEQ (Québec enterprise number)",
    "municipality": "Municipality",
    "postal_code": "Postal code",
}
QUERY_FIELDS = {"query", "type", "limit", "properties", "type_strict"}
MAX_BATCH = 50
MAX_QUERY_CHARS = 300
MAX_LIMIT = 25
DEFAULT_LIMIT = 5


class RequestError(ValueError):
    """A request the service refuses; ``status`` is the HTTP code (400 malformed, 413 too big)."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


def _first_text(value: Any) -> str | None:
    """A property value as text: a string, a number, or a reconciled {id, name}; first of a list."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name") or value.get("id")
    if isinstance(value, bool) or value is None:
        return None
    text = str(value).strip()
    return text or None


def _check_query(key: str, query: Any) -> dict[str, Any]:
    """The query's fields, checked against the v0.2 query shape; RequestError if not."""
    if not isinstance(query, dict):
        raise RequestError(f"query {key!r} must be an object")
    extra = set(query) - QUERY_FIELDS
    if extra:
        raise RequestError(f"query {key!r} has unknown field(s): {', '.join(sorted(extra))}")
    text = query.get("query")
    props = query.get("properties", [])
    if text is not None and not isinstance(text, str):
        raise RequestError(f"query {key!r}: 'query' must be a string")
    if text is not None and len(text) > MAX_QUERY_CHARS:
        raise RequestError(f"query {key!r}: longer than {MAX_QUERY_CHARS} characters", 413)
    if not isinstance(props, list) or not all(
        isinstance(p, dict) and isinstance(p.get("pid"), str) and "v" in p for p in props
    ):
        raise RequestError(f"query {key!r}: 'properties' must be a list of {{pid, v}} objects")
    unknown = {p["pid"] for p in props} - set(QUERY_PROPERTIES)
    if unknown:
        raise RequestError(
            f"query {key!r}: unknown property {', '.join(sorted(unknown))} "
            f"(known: {', '.join(QUERY_PROPERTIES)})"
        )
    if not (text and text.strip()) and not props:
        raise RequestError(f"query {key!r} needs a non-empty 'query' or 'properties'")
    limit = query.get("limit", DEFAULT_LIMIT)
    if isinstance(limit, bool) or not isinstance(limit, int | float) or limit < 1:
        raise RequestError(f"query {key!r}: 'limit' must be a positive integer")
    values = {p["pid"]: _first_text(p["v"]) for p in props}
    return {"query": (text or "").strip(), "limit": min(int(limit), MAX_LIMIT), **values}


class Reconciler:
    """Enterprises (``warehouse.enterprise_index.ENTERPRISE_FIELDS``) and their linker."""

    def __init__(self, enterprises: pd.DataFrame):
        self.linker = SupplierLinker(enterprises)
        self.town_at = towns_by_postal_code(enterprises)
        self.by_id: dict[str, dict[str, Any]] = {
            r["enterprise_id"]: r for r in enterprises.to_dict("records")
        }
        self.by_neq = {r["neq"]: e for e, r in self.by_id.items() if r.get("neq")}
        self._suggest = sorted(
            (fold(str(n)), e)
            for e, r in self.by_id.items()
            for n in [r["name"], *str(r.get("other_names") or "").split(" | ")]
            if n
        )

    def entity(self, enterprise_id: str) -> dict[str, Any] | None:
        """One enterprise's fields, or None."""
        return self.by_id.get(enterprise_id)

    def describe(self, rec: dict[str, Any]) -> str:
        """« Trois-Rivières · coopérative · NEQ 1143282979 · listed »."""
        parts = [rec.get("municipality"), rec.get("legal_form")]
        parts += [f"NEQ {rec['neq']}" if rec.get("neq") else None, rec.get("social_economy_basis")]
        return " · ".join(str(p) for p in parts if p)

    def _candidate(self, ref: str, score: float, features: list, match: bool) -> dict[str, Any]:
        rec = self.by_id[ref]
        return {"id": ref, "name": rec["name"] or ref, "description": self.describe(rec),
                "score": score, "features": features, "match": match,
                "type": [ENTITY_TYPE]}  # fmt: skip

    def reconcile(self, q: dict[str, Any]) -> list[dict[str, Any]]:
        """Candidates of one checked query (:func:`_check_query`), best first."""
        text = q["query"]
        if text in self.by_id:  # an identifier as query returns that entity
            return [self._candidate(text, 100.0, [{"id": "id", "value": True}], True)]
        raw_neq = q.get("neq") or (text if check_neq(text).status == "valid" else None)
        # no town but a postal code: the town of the enterprises at that code, as `esq match`
        place = q.get("municipality") or self.town_at(q.get("postal_code"))
        row, _ = self.linker.link_one("q", text or None, raw_neq, place)
        if row["link_method"] == "person":
            return []
        chosen = row.get("enterprise_id")
        postal = q.get("postal_code")
        tied = tied_ids(row.get("link_detail"), row.get("candidates"))
        if tied:
            chosen = break_tie(tied, self.entity, place, postal)
        elif chosen and weakly_decided(row):
            chosen = None if elsewhere(chosen, self.entity, place, postal) else chosen
        valid_neq = check_neq(raw_neq).value if raw_neq else None
        scored: dict[str, tuple[float, list]] = {}
        if row["link_method"] == "neq":
            scored[chosen] = (100.0, [{"id": "neq", "value": True}])
        if text:
            for c in self.linker.candidates(text, valid_neq, place):
                if c.ref not in scored:
                    scored[c.ref] = self._score(c.ref, c.score, q)
        results = [self._candidate(r, s, f, r == chosen) for r, (s, f) in scored.items()]
        results.sort(key=lambda r: (-r["score"], r["id"]))
        return results[: q["limit"]]

    def _score(self, ref: str, name_score: float, q: dict[str, Any]) -> tuple[float, list]:
        rec = self.by_id[ref]
        features: list[dict[str, Any]] = [{"id": "name", "value": name_score}]
        score = 90 * name_score  # up to 10 more when the place agrees
        if q.get("municipality"):
            same = bool(rec.get("municipality")) and fold(q["municipality"]) == fold(
                str(rec["municipality"])
            )
            features.append({"id": "municipality", "value": same})
            score += 5 * same
        if q.get("postal_code"):
            same = postal_code(q["postal_code"]) == postal_code(rec.get("postal_code"))
            same = same and postal_code(q["postal_code"]) is not None
            features.append({"id": "postal_code", "value": same})
            score += 5 * same
        return round(min(score, 100.0), 2), features

    def reconcile_batch(self, batch: Any) -> dict[str, dict[str, list]]:
        """A query batch ({key: query}) to a result batch ({key: {"result": [...]}})."""
        if not isinstance(batch, dict) or not batch:
            raise RequestError("'queries' must be a non-empty JSON object of queries")
        if len(batch) > MAX_BATCH:
            raise RequestError(f"{len(batch)} queries in one batch; at most {MAX_BATCH}", 413)
        checked = {k: _check_query(k, q) for k, q in batch.items()}
        return {k: {"result": self.reconcile(q)} for k, q in checked.items()}

    def suggest(self, prefix: str, cursor: int = 0, limit: int = 10) -> list[dict[str, Any]]:
        """Entities whose name (or a word of it) starts with ``prefix``; an id or NEQ as is."""
        wanted = fold(prefix.strip())
        if not wanted:
            return []
        exact = [e for e in (prefix.strip(), self.by_neq.get(prefix.strip())) if e in self.by_id]
        starts = [e for n, e in self._suggest if n.startswith(wanted)]
        words = [e for n, e in self._suggest if f" {wanted}" in f" {n}" and len(wanted) > 1]
        found = list(dict.fromkeys([*exact, *starts, *words]))[cursor : cursor + limit]
        return [{"id": e, "name": self.by_id[e]["name"] or e,
                 "description": self.describe(self.by_id[e]),
                 "notable": [ENTITY_TYPE]} for e in found]  # fmt: skip
