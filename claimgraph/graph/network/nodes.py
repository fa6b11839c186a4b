"""Node attributes for the projections: label, IRI, most specific class, category and counts.

Every attribute is a plain string, int or bool and none is ever None, so that GraphML and GEXF
exports keep one type per attribute and open in Gephi without the store.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Iterable

import networkx as nx
from rdflib import URIRef

from claimgraph.graph.network.sparql import CG, select_chunked
from claimgraph.graph.store import Store

# Checked in this order: the first class a node has gives its category.
CATEGORIES = (("statement", CG.Statement), ("claim", CG.CheckableClaim), ("actor", CG.Actor),
              ("location", CG.Location), ("document", CG.SourceDocument),
              ("negotiation", CG.Negotiation), ("operation", CG.MilitaryOperation),
              ("communication", CG.Communication), ("role", CG.Role))


@lru_cache(maxsize=1)
def _superclasses() -> dict[URIRef, frozenset[URIRef]]:
    from claimgraph.graph.contract import axioms

    return {cls: frozenset(sups) for cls, sups in axioms().superclasses.items()}


def most_specific(types: Iterable[str]) -> str:
    """The local name of the deepest cg: class among ``types`` (ties broken by name), or ''."""
    sups = _superclasses()
    cg_types = {URIRef(t) for t in types if t.startswith(str(CG))}
    if not cg_types:
        return ""

    def depth(cls: URIRef) -> int:
        return sum(1 for sup in sups.get(cls, ()) if str(sup).startswith(str(CG)))

    best = sorted(cg_types, key=lambda c: (-depth(c), str(c)))[0]
    return str(best)[len(str(CG)):]


def local_name(iri: str) -> str:
    """The last path segment or fragment of an IRI, as a fallback label."""
    return iri.rstrip("/").rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def node_attributes(store: Store, iris: Iterable[str]) -> dict[str, dict[str, object]]:
    """Attributes for each IRI, from the ``nodes`` and ``statement_info`` queries."""
    iris = set(iris)
    out: dict[str, dict[str, object]] = {}
    for row in select_chunked(store, "nodes", iris):
        iri = str(row["n"])
        types = str(row.get("types") or "").split()
        type_set = set(types)
        category = next((name for name, cls in CATEGORIES if str(cls) in type_set), "other")
        out[iri] = {
            "label": str(row.get("label") or local_name(iri)), "iri": iri,
            "class": most_specific(types),
            "classes": " ".join(sorted(t[len(str(CG)):] for t in types)),
            "category": category,
            "is_actor": str(CG.Actor) in type_set, "is_location": str(CG.Location) in type_set,
            "statements": int(row.get("statements") or 0),
            "mentions": int(row.get("mentions") or 0),
        }
    for iri in iris - out.keys():
        out[iri] = {"label": local_name(iri), "iri": iri, "class": "", "classes": "",
                    "category": "other", "is_actor": False, "is_location": False,
                    "statements": 0, "mentions": 0}
    statements = [iri for iri, attrs in out.items() if attrs["category"] == "statement"]
    for row in select_chunked(store, "statement_info", statements):
        kind = str(row.get("kind") or "")
        out[str(row["st"])].update({
            "kind": local_name(kind) if kind else "", "speaker": str(row.get("speaker") or ""),
            "speaker_label": str(row.get("speakerLabel") or ""),
            "source": str(row.get("source") or ""), "date": str(row.get("date") or ""),
            "text": str(row.get("text") or "")})
    return out


def annotate(graph: nx.Graph, store: Store) -> nx.Graph:
    """Set the attributes of every node of ``graph`` from the store; return the graph."""
    for iri, attrs in node_attributes(store, graph.nodes).items():
        graph.nodes[iri].update(attrs)
    return graph
