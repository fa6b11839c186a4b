"""What linking works on: our entities as read from the store, the external candidates, the rules
that say which external classes fit which of our classes, and the .rq templates.

The .rq files in ``queries/`` are SPARQL with ``{{name}}`` placeholders, filled by ``render`` with
VALUES members written by ``sparql_term`` (so every inserted value is a properly escaped term).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib import resources
from typing import Iterable

from rdflib import Literal, Namespace, URIRef
from rdflib.term import Node

from claimgraph.graph.sparql_text import sparql_literal
from claimgraph.graph.store import Store

CG = Namespace("https://w3id.org/claimgraph/ontology#")
ID = Namespace("https://w3id.org/claimgraph/id/")
WD = Namespace("http://www.wikidata.org/entity/")
LINKSET_BASE = Namespace(ID["linkset/"])
ENRICHMENT_BASE = Namespace(ID["enrichment/"])

# Our classes, most specific first: an entity is linked as the first of these it is typed with.
CLASS_ORDER = ["Person", "City", "Region", "River", "Area", "State", "Country",
               "IntelligenceService", "MediaOutlet", "MilitaryUnit", "GovernmentBody",
               "Organization"]
PLACE_CLASSES = {"City", "Region", "River", "Area", "State", "Country"}
ORGANIZATION_CLASSES = {"IntelligenceService", "MediaOutlet", "MilitaryUnit", "GovernmentBody",
                        "Organization"}

# Our class -> the Wikidata classes (P31, through P279*) an item must have to fit it. The class
# QIDs are the ones verified in shared/reference (human, city, country, oblast of Ukraine,
# river). An empty set means no class is known to require, so untyped items are acceptable.
# An item typed only with known classes outside the set is rejected: a city is not a person.
DEFAULT_CLASS_RULES: dict[str, frozenset[str]] = {
    "Person": frozenset({WD.Q5}),
    "State": frozenset({WD.Q6256}), "Country": frozenset({WD.Q6256}),
    "Region": frozenset({WD.Q3348196}),
    "City": frozenset({WD.Q515}),
    "River": frozenset({WD.Q4022}),
    "Area": frozenset(),
    **{name: frozenset() for name in ORGANIZATION_CLASSES},
}


def render(name: str, **values: str) -> str:
    """The named .rq template with its ``{{placeholders}}`` filled in."""
    text = resources.files("claimgraph.graph.link").joinpath("queries", f"{name}.rq") \
        .read_text("utf-8")

    def fill(match: re.Match[str]) -> str:
        return values[match.group(1)]

    return re.sub(r"\{\{(\w+)\}\}", fill, text)


def sparql_term(term: Node | str) -> str:
    """A term in SPARQL syntax, for a VALUES block."""
    if isinstance(term, URIRef):
        if re.search(r'[<>"{}|^`\\\s]', str(term)):
            raise ValueError(f"not a valid IRI for SPARQL: {term!r}")
        return f"<{term}>"
    if isinstance(term, (Literal, str)):
        return sparql_literal(term if isinstance(term, Literal) else Literal(term))
    raise TypeError(f"cannot write {term!r} into SPARQL")


def values(terms: Iterable[Node | str]) -> str:
    """VALUES members for the terms, space separated."""
    return " ".join(sparql_term(t) for t in terms)


@dataclass
class Entity:
    """One of our actors or places, with the context used to score candidates for it."""

    iri: URIRef
    cls: str
    label: str
    aliases: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)     # labels of what it lies in directly
    within: list[str] = field(default_factory=list)     # labels of all places it lies in
    members: list[str] = field(default_factory=list)    # labels of what it is a member of
    roles: list[str] = field(default_factory=list)      # titles of roles it holds
    point: tuple[float, float] | None = None            # (long, lat)
    same_as: list[str] = field(default_factory=list)    # existing owl:sameAs targets

    @property
    def kind(self) -> str:
        """person, organization or place."""
        if self.cls == "Person":
            return "person"
        return "place" if self.cls in PLACE_CLASSES else "organization"

    def names(self) -> list[tuple[str, bool]]:
        """(name, is the preferred label) pairs."""
        return [(self.label, True)] + [(a, False) for a in self.aliases if a != self.label]


@dataclass
class Candidate:
    """An external item that one of an entity's names found, with what is known about it."""

    item: URIRef
    labels: list[tuple[Literal, bool]] = field(default_factory=list)  # (label, preferred)
    classes: set[URIRef] = field(default_factory=set)
    context: dict[str, list[tuple[URIRef, Literal]]] = field(default_factory=dict)
    point: tuple[float, float] | None = None

    @property
    def label(self) -> str:
        """The English preferred label, else any preferred label, else the IRI's last segment."""
        preferred = [lab for lab, pref in self.labels if pref]
        for lab in preferred:
            if lab.language == "en":
                return str(lab)
        return str(preferred[0]) if preferred else str(self.item).rsplit("/", 1)[-1]


def parse_point(wkt: str) -> tuple[float, float] | None:
    """(long, lat) of a WKT ``POINT(long lat)``, optionally with a CRS IRI in front."""
    match = re.search(r"point\s*\(\s*(-?[\d.]+(?:e-?\d+)?)\s+(-?[\d.]+(?:e-?\d+)?)\s*\)",
                      wkt, re.I)
    if not match:
        return None
    long, lat = float(match.group(1)), float(match.group(2))
    return (long, lat) if -180 <= long <= 180 and -90 <= lat <= 90 else None


def is_derived_graph(graph_iri: str) -> bool:
    """Whether a named graph was written by linking or enrichment rather than from a source."""
    return graph_iri.startswith((str(LINKSET_BASE), str(ENRICHMENT_BASE)))


def read_entities(store: Store) -> list[Entity]:
    """The linkable entities of the store, read from the source graphs only (not from earlier
    linksets or enrichments, so that a re-run does not feed on its own output)."""
    sources = [g for g in store.graphs() if not is_derived_graph(g)]
    if not sources:
        return []
    query = render("entities", classes=values(CG[c] for c in CLASS_ORDER))
    rows = store.query(query, default_graph_uris=sources).rows
    facts: dict[URIRef, dict[str, list[Node]]] = {}
    for row in rows:
        facts.setdefault(row["entity"], {}).setdefault(str(row["what"]), []).append(row["value"])
    entities = []
    for iri, f in sorted(facts.items()):
        types = {str(t)[len(str(CG)):] for t in f.get("type", []) if str(t).startswith(str(CG))}
        cls = next((c for c in CLASS_ORDER if c in types), None)
        labels = sorted(str(v) for v in f.get("label", []))
        if cls is None or not labels or not isinstance(iri, URIRef):
            continue
        points = [p for p in (parse_point(str(w)) for w in f.get("wkt", [])) if p]
        entities.append(Entity(
            iri=iri, cls=cls, label=labels[0],
            aliases=sorted({str(v) for v in f.get("alias", [])} | set(labels[1:])),
            # the parents' labels first, then their aliases
            places=sorted({str(v) for v in f.get("placeLabel", [])})
            + sorted({str(v) for v in f.get("place", [])} - {str(v) for v in f.get("placeLabel", [])}),
            within=sorted({str(v) for v in f.get("within", [])}),
            members=sorted({str(v) for v in f.get("member", [])}),
            roles=sorted({str(v) for v in f.get("role", [])}),
            point=points[0] if points else None,
            same_as=sorted(str(v) for v in f.get("sameAs", []))))
    return entities
