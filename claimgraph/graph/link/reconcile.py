"""Linking in: match other people's names against our actors and places (the matching behind the
W3C Entity Reconciliation API served at /reconcile, see ``claimgraph.server.reconcile``).

A name is compared through ``names.name_key``, so transliterations and Cyrillic match: an exact
key match on our preferred label scores 100, on an alias 95, anything else the similarity of the
keys (difflib ratio) times 90. Types restrict the candidates (a type names one of our classes and
matches its subclasses too); properties move the score: +5 for each that agrees, -20 for each
that contradicts what we know (a Wikidata item that another of our entities is ``owl:sameAs``
contradicts as much as another item of its own). A result is a ``match`` when it scores at least
95 and no other result comes within 10 of it.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any, Iterable

from claimgraph.graph.link.model import ID, Entity
from claimgraph.graph.link.names import name_key

# Our classes and what each one also is, for type filtering.
SUPERCLASSES: dict[str, set[str]] = {
    "Person": {"Actor"}, "Organization": {"Actor"}, "State": {"Organization", "Actor", "Country",
                                                             "Location"},
    "GovernmentBody": {"Organization", "Actor"},
    "IntelligenceService": {"GovernmentBody", "Organization", "Actor"},
    "MilitaryUnit": {"Organization", "Actor"}, "MediaOutlet": {"Organization", "Actor"},
    "Country": {"Location"}, "Region": {"Location"}, "City": {"Location"},
    "River": {"Location"}, "Area": {"Location"},
}
TYPES = sorted(set(SUPERCLASSES) | {"Actor", "Location"})
PROPERTIES = {
    "locatedIn": "Located in (a place, by name or id)",
    "memberOf": "Member of / part of (an organization or state, by name or id)",
    "role": "Role or position title",
    "wikidata": "Wikidata item (Q-number)",
}
MATCH_SCORE = 95.0
MATCH_MARGIN = 10.0


class ReconcileError(ValueError):
    """A reconciliation query is malformed; the message says which field and what was expected."""


@dataclass
class Result:
    """One reconciliation result."""

    entity: Entity
    score: float
    match: bool = False

    def to_json(self) -> dict[str, Any]:
        """The result as the Reconciliation API writes it."""
        return {"id": entity_id(self.entity), "name": self.entity.label,
                "description": describe(self.entity),
                "type": [{"id": self.entity.cls, "name": self.entity.cls}],
                "score": round(self.score, 2), "match": self.match}


def entity_id(entity: Entity) -> str:
    """Our id of an entity in the API: its IRI after ``…/id/`` (``city/pokrovsk``)."""
    return str(entity.iri)[len(str(ID)):]


def describe(entity: Entity) -> str:
    """A one-line description: class, and where it lies or what it belongs to."""
    parts = [entity.cls]
    if entity.places:
        parts.append("in " + entity.places[0])
    elif entity.members:
        parts.append("of " + entity.members[0])
    return " ".join(parts)


def _name_score(query_key: str, entity: Entity) -> float:
    best = 0.0
    for name, preferred in entity.names():
        key = name_key(name)
        if key == query_key:
            return 100.0 if preferred else 95.0
        best = max(best, 90.0 * difflib.SequenceMatcher(None, query_key, key).ratio())
    return best


def _check_types(value: Any) -> list[str]:
    types = [value] if isinstance(value, str) else value
    if not isinstance(types, list) or not all(isinstance(t, str) for t in types):
        raise ReconcileError("'type' must be a type id or a list of type ids")
    out = []
    for t in types:
        local = t.rsplit("#", 1)[-1]
        if local not in TYPES:
            raise ReconcileError(f"unknown type {t!r}; known types: {', '.join(TYPES)}")
        out.append(local)
    return out


def _values(v: Any) -> list[str]:
    items = v if isinstance(v, list) else [v]
    out = []
    for item in items:
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            out.append(item["id"])
        elif isinstance(item, (str, int, float)) and not isinstance(item, bool):
            out.append(str(item))
        else:
            raise ReconcileError(f"property value {item!r} must be a string, a number or "
                                 "an object with an 'id'")
    return out


def _qids(entity: Entity) -> set[str]:
    return {s.rsplit("/", 1)[-1] for s in entity.same_as}


def _property_delta(entity: Entity, pid: str, wanted: list[str],
                    by_id: dict[str, Entity], qid_holders: dict[str, set[str]]) -> float:
    if pid == "wikidata":
        ours, asked = _qids(entity), {w.strip().upper() for w in wanted}
        if ours:
            return 5.0 if ours & asked else -20.0
        # no item of its own, but the item asked for is another entity's: that contradicts
        held_by_others = any(qid_holders.get(q, set()) - {entity_id(entity)} for q in asked)
        return -20.0 if held_by_others else 0.0
    known = {"locatedIn": entity.within or entity.places, "memberOf": entity.members,
             "role": entity.roles}[pid]
    if not known:
        return 0.0
    keys = {name_key(k) for k in known}
    for w in wanted:
        names = [w] + ([by_id[w].label] + by_id[w].aliases if w in by_id else [])
        if any(name_key(n) in keys for n in names):
            return 5.0
    return -20.0


def reconcile(query: dict[str, Any], entities: Iterable[Entity],
              default_limit: int = 10) -> list[Result]:
    """The results for one query object of the Reconciliation API, best first."""
    if not isinstance(query, dict) or not isinstance(query.get("query"), str) \
            or not query["query"].strip():
        raise ReconcileError("each query must be an object with a non-empty 'query' string")
    limit = query.get("limit", default_limit)
    if not isinstance(limit, int) or isinstance(limit, bool) or limit < 1:
        raise ReconcileError("'limit' must be a positive integer")
    types = _check_types(query["type"]) if query.get("type") else []
    props = query.get("properties", [])
    if not isinstance(props, list):
        raise ReconcileError("'properties' must be a list of {pid, v} objects")
    wanted_props = []
    for prop in props:
        if not isinstance(prop, dict) or prop.get("pid") not in PROPERTIES or "v" not in prop:
            raise ReconcileError(f"property {prop!r} must be {{'pid': one of "
                                 f"{', '.join(PROPERTIES)}, 'v': value}}")
        wanted_props.append((prop["pid"], _values(prop["v"])))
    pool = list(entities)
    by_id = {entity_id(e): e for e in pool}
    qid_holders: dict[str, set[str]] = {}
    for e in pool:
        for qid in _qids(e):
            qid_holders.setdefault(qid, set()).add(entity_id(e))
    query_key = name_key(query["query"])
    results = []
    for entity in pool:
        if types and not ({entity.cls} | SUPERCLASSES.get(entity.cls, set())) & set(types):
            continue
        score = _name_score(query_key, entity)
        if score < 50.0:
            continue
        for pid, wanted in wanted_props:
            score += _property_delta(entity, pid, wanted, by_id, qid_holders)
        results.append(Result(entity, max(0.0, min(100.0, score))))
    results.sort(key=lambda r: (-r.score, entity_id(r.entity)))
    if results and results[0].score >= MATCH_SCORE and \
            (len(results) == 1 or results[0].score - results[1].score >= MATCH_MARGIN):
        results[0].match = True
    return results[:limit]


def suggest(prefix: str, entities: Iterable[Entity], types: list[str] | None = None,
            limit: int = 10, cursor: int = 0) -> list[Entity]:
    """Entities one of whose names starts with ``prefix`` (by key), then those containing it."""
    key = name_key(prefix)
    starts, contains = [], []
    for entity in entities:
        if types and not ({entity.cls} | SUPERCLASSES.get(entity.cls, set())) & set(types):
            continue
        keys = [name_key(n) for n, _ in entity.names()]
        if any(k.startswith(key) for k in keys):
            starts.append(entity)
        elif any(key in k for k in keys):
            contains.append(entity)
    ranked = sorted(starts, key=lambda e: e.label) + sorted(contains, key=lambda e: e.label)
    return ranked[cursor:cursor + limit]
