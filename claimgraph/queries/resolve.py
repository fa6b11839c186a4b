"""Entity resolution and name search: from what a user types to the IRI of one entity.

An entity parameter may be a full IRI, a prefixed name (``cg:``, ``id:``, ``wd:``; a ``wd:`` item
resolves to the entity that is ``owl:sameAs`` it when there is one), or a name. Names are
matched against every label, preferred label, alias and slug (rq/system/resolve.rq),
case-, accent- and punctuation-insensitively, among the entities of the parameter's type; a
name that is one entity's label and another's alias is ambiguous (``Resolver.resolve_name``).
The candidate set is small (names of entities, not statements' texts), so it is read once per
Resolver and data version of the store (Store.data_version) and normalized in Python; the cache lives on the Resolver object.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from rdflib import URIRef

from claimgraph.graph.store import Store
from claimgraph.queries.params import ParameterError, check_iri, expand_prefixed, render, literal_value

# Which categories of entity (see resolve.rq) each parameter type accepts.
TYPE_CATEGORIES: dict[str, tuple[str, ...]] = {
    "actor": ("actor",),
    "location": ("location",),
    "statement": ("statement",),
    "negotiation": ("negotiation",),
    "operation": ("operation",),
    "entity": ("actor", "location", "negotiation", "operation", "statement", "claim",
               "document", "event"),
    "claim": ("claim",),  # not a parameter type: `claimgraph ledger why` resolves claims alone
}
# Statements' labels are their texts; they resolve by slug or exact label only and are left
# out of autocomplete unless asked for.
SEARCH_CATEGORIES = ("actor", "location", "negotiation", "operation", "claim", "event", "document")
_APOSTROPHES = re.compile(r"[’'`ʼ‘´]")
_NON_WORD = re.compile(r"[^\w]+")


def normalize(name: str) -> str:
    """Case-, accent- and punctuation-insensitive form of a name: 'Kupyans’k' -> 'kupyansk'."""
    decomposed = unicodedata.normalize("NFKD", name)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    stripped = _APOSTROPHES.sub("", stripped.casefold())
    return " ".join(_NON_WORD.sub(" ", stripped).replace("_", " ").split())


@dataclass(frozen=True)
class Name:
    entity: str
    category: str
    name: str
    via: str
    key: str


class Resolver:
    """Resolves names to entities in one store; caches the store's names on this object."""

    def __init__(self, store: Store, resolve_query: str) -> None:
        self.store = store
        self.resolve_query = resolve_query
        self._names: list[Name] | None = None
        self._size: object = None

    def names(self) -> list[Name]:
        """Every name of every typed entity; re-read when the store's data changed."""
        size = self.store.data_version()
        if self._names is None or size != self._size:
            rows = self.store.query(render(self.resolve_query, {})).records()
            self._names = [Name(str(r["entity"]), str(r["category"]), str(r["name"]),
                                str(r["via"]), normalize(str(r["name"]))) for r in rows]
            self._size = size
        return self._names

    def _sameas(self, iri: URIRef) -> URIRef | None:
        rows = self.store.query(render(
            "SELECT DISTINCT ?e WHERE {\n#@ bind link\n"
            "?e <http://www.w3.org/2002/07/owl#sameAs> ?link }", {"link": iri})).records()
        return URIRef(str(rows[0]["e"])) if len(rows) == 1 else None

    def resolve(self, param: str, type_: str, value: object) -> URIRef:
        """The IRI a parameter value denotes; ParameterError when unknown or ambiguous."""
        text = str(value).strip()
        if not text:
            raise ParameterError(param, "is empty")
        prefixed = expand_prefixed(text)
        if prefixed is not None:
            if text.startswith("wd:"):
                return self._sameas(prefixed) or prefixed
            return prefixed
        if re.match(r"^[a-z][a-z0-9+.-]*://", text, re.IGNORECASE):
            iri = check_iri(text)
            if iri is None:
                raise ParameterError(param, "is not a valid IRI (no spaces, control characters "
                                            "or any of <>\"{}|^`\\ allowed)")
            return iri
        return self.resolve_name(param, type_, text)

    def resolve_name(self, param: str, type_: str, text: str) -> URIRef:
        """Resolve a name: exact match on a label or slug first, then on an alias, then a
        unique prefix; otherwise an error listing the candidates.

        A name that is the label of one entity and an alias of another is ambiguous too:
        "Moscow" is the city's label and, as the articles use it for the state (metonymy), an
        alias of Russia. Picking the label would answer "nothing was said about Moscow" without
        a word about the statements on Russia; the error lists both, and the user picks one by
        a fuller name or its IRI."""
        categories = TYPE_CATEGORIES[type_]
        key = normalize(text)
        if not key:
            raise ParameterError(param, f"{text[:60]!r} contains no letters or digits")
        names = [n for n in self.names() if n.category in categories]
        exact = [n for n in names if n.key == key]
        labelled = {n.entity for n in exact if n.via in ("label", "slug")}
        aliased = {n.entity for n in exact if n.via == "alias"}
        for found in (labelled, aliased):
            if len(found) > 1:
                raise ParameterError(param, f"{text[:60]!r} is ambiguous",
                                     self._describe(found, names), ambiguous=True)
            if len(found) == 1:
                if found is labelled and aliased - labelled:
                    described = self._describe(labelled | aliased, names)
                    label = {d["entity"]: d["label"] for d in described}
                    others = ", ".join(sorted(label[e] for e in aliased - labelled))
                    raise ParameterError(
                        param, f"{text[:60]!r} is ambiguous: the name of "
                               f"{label[next(iter(labelled))]} and another name of {others}",
                        described, ambiguous=True)
                return URIRef(found.pop())
        prefixed = {n.entity for n in names if n.key.startswith(key)}
        if len(prefixed) == 1:
            return URIRef(prefixed.pop())
        candidates = [hit["entity"] for hit in rank(names, key, 10)]
        ambiguous = len(prefixed) > 1
        reason = (f"{text[:60]!r} is ambiguous" if ambiguous
                  else f"no {type_ if type_ != 'entity' else 'entity'} named {text[:60]!r}")
        raise ParameterError(param, reason, self._describe(candidates, names), ambiguous=ambiguous)

    def _describe(self, entities, names: list[Name]) -> list[dict]:
        out = []
        for entity in sorted(entities, key=str) if isinstance(entities, set) else entities:
            own = [n for n in names if n.entity == entity]
            label = next((n.name for n in own if n.via == "label"), own[0].name if own else entity)
            out.append({"entity": entity, "label": label,
                        "type": sorted({n.category for n in own})[0] if own else None})
        return out

    def search(self, q: str, limit: int = 10,
               categories: tuple[str, ...] = SEARCH_CATEGORIES) -> list[dict]:
        """Entities whose name matches ``q``: exact, then prefix (of the name or of a word in
        it), then substring; labels before aliases; at most ``limit``."""
        key = normalize(q)
        if not key:
            return []
        return rank([n for n in self.names() if n.category in categories], key, limit)


def rank(names: list[Name], key: str, limit: int) -> list[dict]:
    """Rank matches of ``key`` among ``names``; one hit per entity, its best name."""
    best: dict[str, tuple[tuple, Name]] = {}
    for n in names:
        if n.key == key:
            tier = 0
        elif n.key.startswith(key):
            tier = 1
        elif f" {key}" in f" {n.key}":
            tier = 2
        elif key in n.key:
            tier = 3
        else:
            continue
        score = (tier, 0 if n.via in ("label", "slug") else 1, len(n.key), n.name, n.entity)
        if n.entity not in best or score < best[n.entity][0]:
            best[n.entity] = (score, n)
    hits = sorted(best.values(), key=lambda item: item[0])[:max(0, limit)]
    out = []
    for score, n in hits:
        label = next((m.name for m in names if m.entity == n.entity and m.via == "label"), n.name)
        out.append({"entity": n.entity, "label": label, "type": n.category, "matched": n.name,
                    "via": n.via, "match": ["exact", "prefix", "word prefix", "substring"][score[0]]})
    return out


def search(store: Store, q: str, limit: int = 10) -> list[dict]:
    """Autocomplete: entities whose label or alias matches ``q``, ranked exact > prefix >
    substring. A one-off Resolver is made; hold a Resolver to reuse its name cache."""
    from claimgraph.queries.catalog import Catalog
    limit_term = literal_value("limit", "integer", limit)
    return Resolver(store, Catalog.load().system("resolve")).search(q, int(limit_term))
