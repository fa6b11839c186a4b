"""The data of an entity page: label, types, properties, parts, incoming links, statements.

A resource without an ``rdf:type`` shows the classes its properties' ``rdfs:domain`` give it
(``types_from_domain`` says so): the claim ledger's listing nodes are typed only that way.

The same dict renders the HTML page and is the page's JSON twin, so it holds only JSON values.
A reference to a resource is ``{"iri", "label", "href"}``; a literal is ``{"value", "datatype",
"lang"}``.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from rdflib import Literal, URIRef
from rdflib.term import Node

from claimgraph.server.web import store_access as sa
from claimgraph.server.web.iris import href, is_web
from claimgraph.server.web.vocab import (CG, category, compact, domain_types, is_entailed,
                                         specific_types)

OWL_SAMEAS = "http://www.w3.org/2002/07/owl#sameAs"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
HIDDEN = {RDF_TYPE, CG + "fullText"}
FIRST = [CG + "slug", "http://www.w3.org/2000/01/rdf-schema#label",
         "http://www.w3.org/2004/02/skos/core#altLabel", "http://www.w3.org/2000/01/rdf-schema#comment"]
EXTERNAL_SITES = [("http://www.wikidata.org/entity/", "Wikidata"),
                  ("https://sws.geonames.org/", "GeoNames"), ("http://dbpedia.org/resource/", "DBpedia")]
MAX_TRIPLES = 5000
MAX_INCOMING = 500


class Labeller:
    """Collects IRIs while a page is assembled, then labels them all in one query."""

    def __init__(self) -> None:
        self.refs: list[dict[str, Any]] = []

    def ref(self, iri: str) -> dict[str, Any]:
        item = {"iri": iri, "label": None, "href": href(iri)}
        self.refs.append(item)
        return item

    def value(self, term: Node) -> dict[str, Any]:
        if isinstance(term, URIRef):
            return self.ref(str(term))
        if isinstance(term, Literal):
            return {"value": str(term), "lang": term.language,
                    "datatype": compact(str(term.datatype)) if term.datatype else None}
        return {"value": str(term), "lang": None, "datatype": None}

    def finish(self) -> None:
        found = sa.labels(item["iri"] for item in self.refs)
        for item in self.refs:
            item["label"] = found.get(item["iri"]) or item["iri"]


def _properties(rows: list[tuple[Node, Node]], lab: Labeller) -> tuple[list, list]:
    """(annotated properties, entailed interchange properties), each a list of
    ``{"property": ref, "values": [...]}`` in a stable, readable order."""
    by_prop: dict[str, list[Node]] = defaultdict(list)
    props_by_object: dict[Node, set[str]] = defaultdict(set)
    for p, o in rows:
        if str(p) not in HIDDEN and o not in by_prop[str(p)]:
            by_prop[str(p)].append(o)
            props_by_object[o].add(str(p))
    own, entailed = [], []
    order = {p: i for i, p in enumerate(FIRST)}
    for prop in sorted(by_prop, key=lambda p: (order.get(p, len(order)), not p.startswith(CG), p)):
        values = sorted(by_prop[prop], key=lambda t: (not isinstance(t, Literal), str(t)))
        derived = all(is_entailed(prop, props_by_object[v]) for v in values)
        target = entailed if derived or prop in _CONTRACT_ONLY else own
        target.append({"property": lab.ref(prop), "values": [lab.value(v) for v in values]})
    return own, entailed


# Contract copies that are not sub-property entailments (see claimgraph.graph.contract).
_CONTRACT_ONLY = {"http://schema.org/name", "http://xmlns.com/foaf/0.1/name",
                  "http://schema.org/url", "http://www.w3.org/2004/02/skos/core#prefLabel"}


def entity_data(iri: str, page_by: int = 1, page_about: int = 1,
                page_size: int = 50) -> dict[str, Any] | None:
    """Everything the entity page shows about ``iri``; None if the graph says nothing of it."""
    rows = sa.run("outgoing", this=iri, limit=MAX_TRIPLES).rows
    if not rows:
        return None
    lab = Labeller()
    own_rows = [(r["p"], r["o"]) for r in rows if str(r["s"]) == iri]
    types = [str(o) for p, o in own_rows if str(p) == RDF_TYPE]
    # untyped (the ledger's listing nodes): the classes its properties' domains imply
    implied = [] if types else domain_types({str(p) for p, _ in own_rows})
    properties, entailed = _properties(own_rows, lab)
    parts_rows: dict[str, list] = defaultdict(list)
    for r in rows:
        if str(r["s"]) != iri:
            parts_rows[str(r["s"])].append((r["p"], r["o"]))
    parts = []
    for part, prow in sorted(parts_rows.items()):
        ptypes = [str(o) for p, o in prow if str(p) == RDF_TYPE]
        props, _ = _properties(prow, lab)
        parts.append({"iri": part, "fragment": part.split("#", 1)[-1],
                      "types": [lab.ref(t) for t in specific_types(ptypes)], "properties": props})
    full_text = next((str(o) for p, o in own_rows if str(p) == CG + "fullText"), None)
    cat = category(types)
    data: dict[str, Any] = {
        "iri": iri, "href": href(iri), "label": None,
        "category": {"key": cat[0], "label": cat[1], "colour": cat[2]},
        "types": [lab.ref(t) for t in specific_types(types) or implied],
        "types_from_domain": bool(implied),
        "properties": properties, "interchange": entailed, "parts": parts,
        "incoming": _incoming(iri, lab),
        "external": _external(own_rows),
        "statements_by": _statements("by", iri, page_by, page_size, lab),
        "statements_about": _statements("about", iri, page_about, page_size, lab),
        "full_text": full_text,
    }
    me = lab.ref(iri)
    lab.finish()
    data["label"] = me["label"]
    return data


def _incoming(iri: str, lab: Labeller) -> list[dict[str, Any]]:
    rows = sa.run("incoming", this=iri, limit=MAX_INCOMING + 1).rows
    props_by_subject: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        props_by_subject[str(r["s"])].add(str(r["p"]))
    grouped: dict[str, list[str]] = defaultdict(list)
    for r in rows[:MAX_INCOMING]:
        s, p = str(r["s"]), str(r["p"])
        if not is_entailed(p, props_by_subject[s]) and s not in grouped[p]:
            grouped[p].append(s)
    return [{"property": lab.ref(p), "subjects": [lab.ref(s) for s in subjects],
             "truncated": len(rows) > MAX_INCOMING}
            for p, subjects in sorted(grouped.items(), key=lambda kv: (not kv[0].startswith(CG), kv[0]))]


def _external(own_rows: list[tuple[Node, Node]]) -> list[dict[str, str]]:
    out = []
    for p, o in own_rows:
        if str(p) == OWL_SAMEAS and isinstance(o, URIRef):
            site = next((name for prefix, name in EXTERNAL_SITES if str(o).startswith(prefix)),
                        "External")
            out.append({"site": site, "iri": str(o), "id": str(o).rstrip("/").rsplit("/", 1)[-1],
                        "href": str(o) if is_web(str(o)) else None})
        elif str(p) == "http://schema.org/url":
            out.append({"site": "Web", "iri": str(o), "id": str(o),
                        "href": str(o) if is_web(str(o)) else None})
    return sorted(out, key=lambda e: (e["site"], e["iri"]))


def _statements(role: str, iri: str, page: int, size: int, lab: Labeller) -> dict[str, Any]:
    total = sa.as_int(sa.scalar(sa.run(f"count-{role}", this=iri), "n"))
    pages = max(1, -(-total // size))
    page = min(max(1, page), pages)
    rows = sa.run(f"statements-{role}", this=iri, limit=size, offset=(page - 1) * size).rows \
        if total else []
    items = [{"iri": str(r["st"]), "href": href(str(r["st"])), "text": str(r["text"]),
              "kind": str(r["kind"]).rsplit("#", 1)[-1] if r.get("kind") else None,
              "speaker": lab.ref(str(r["speaker"])),
              "date": str(r["date"]) if r.get("date") else None,
              "source": lab.ref(str(r["doc"])) if r.get("doc") else None} for r in rows]
    return {"total": total, "page": page, "pages": pages, "page_size": size, "items": items}
