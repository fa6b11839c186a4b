"""A human-readable reference of the ontology, generated from claimgraph.ttl.

``header()`` describes the ontology and ``terms()`` lists every cg: class, property, datatype, concept scheme and controlled-vocabulary
value as plain dicts (label, comment, domain, range, super-terms, anchor...) for the server's
/ontology page to render; ``markdown()`` renders the same into docs/ontology-reference.md.
Run ``python -m claimgraph.ontology.reference --markdown docs/ontology-reference.md
--diagram docs/ontology-diagram.svg`` to regenerate the docs (the diagram: see diagram.py).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from claimgraph.ontology.model import CG, ONTOLOGY_IRI, bind_prefixes, load_ontology

KINDS = (  # (rdf:type, kind, section heading), in the order of the reference
    (OWL.Class, "class", "Classes"),
    (OWL.ObjectProperty, "object property", "Object properties"),
    (OWL.DatatypeProperty, "datatype property", "Datatype properties"),
    (RDFS.Datatype, "datatype", "Datatypes"),
    (SKOS.ConceptScheme, "concept scheme", "Controlled vocabularies"),
)
CHARACTERISTICS = ((OWL.FunctionalProperty, "functional"), (OWL.TransitiveProperty, "transitive"),
                   (OWL.SymmetricProperty, "symmetric"))

Ref = dict  # {"text": str, "iri": str | None, "anchor": str | None}


def _en(g: Graph, node, prop) -> str:
    values = [v for v in g.objects(node, prop) if isinstance(v, Literal)]
    for v in values:
        if v.language == "en":
            return str(v)
    return str(values[0]) if values else ""


def _ref(g: Graph, node) -> Ref:
    """A named term as a link (anchor only for cg: terms), or an anonymous class expression."""
    if isinstance(node, URIRef):
        anchor = node[len(CG):] if node.startswith(str(CG)) else None
        return {"text": node.n3(g.namespace_manager), "iri": str(node), "anchor": anchor}
    return {"text": _expression(g, node), "iri": None, "anchor": None}


def _expression(g: Graph, node) -> str:
    def name(n):
        return n.n3(g.namespace_manager) if isinstance(n, URIRef) else f"({_expression(g, n)})"
    for prop, joiner in ((OWL.unionOf, " or "), (OWL.intersectionOf, " and ")):
        members = g.value(node, prop)
        if members is not None:
            return joiner.join(name(m) for m in Collection(g, members))
    on = g.value(node, OWL.onProperty)
    if on is not None:
        for prop, word in ((OWL.hasValue, "value"), (OWL.someValuesFrom, "some"),
                           (OWL.allValuesFrom, "only")):
            v = g.value(node, prop)
            if v is not None:
                return f"{name(on)} {word} {v.n3(g.namespace_manager) if isinstance(v, Literal) else name(v)}"
    return "(class expression)"


def _refs(g: Graph, nodes) -> list[Ref]:
    return sorted((_ref(g, n) for n in set(nodes)), key=lambda r: r["text"])


def _disjoint(g: Graph, cls: URIRef) -> set:
    out = set(g.objects(cls, OWL.disjointWith)) | set(g.subjects(OWL.disjointWith, cls))
    for node in g.subjects(RDF.type, OWL.AllDisjointClasses):
        members = list(Collection(g, g.value(node, OWL.members)))
        if cls in members:
            out |= set(members) - {cls}
    return out


def _is_cg(node) -> bool:
    return isinstance(node, URIRef) and node.startswith(str(CG))


def header(ontology: Graph | None = None) -> dict:
    """The ontology's own description, for the top of the /ontology page."""
    g = ontology if ontology is not None else bind_prefixes(load_ontology())
    return {"iri": str(ONTOLOGY_IRI), "namespace": str(CG), "prefix": "cg",
            "version_iri": str(g.value(ONTOLOGY_IRI, OWL.versionIRI)),
            "version": str(g.value(ONTOLOGY_IRI, OWL.versionInfo)),
            "label": _en(g, ONTOLOGY_IRI, RDFS.label), "comment": _en(g, ONTOLOGY_IRI, RDFS.comment)}


def terms(ontology: Graph | None = None) -> list[dict]:
    """Every cg: term as a dict, grouped by kind (classes first) and sorted by name within a kind.

    Keys: iri, curie, anchor, name, kind, section, label, comment, and lists of Refs: for classes
    super, sub, equivalent, disjoint, domain_of, range_of, members (a vocabulary's values); for
    properties domain, range, super, sub, inverse, and characteristics (list of str); for
    values type and scheme.
    """
    g = ontology if ontology is not None else bind_prefixes(load_ontology())
    out: list[dict] = []
    seen: set[URIRef] = set()
    for rdf_type, kind, section in KINDS:
        for node in sorted(n for n in g.subjects(RDF.type, rdf_type) if _is_cg(n)):
            seen.add(node)
            out.append(_term(g, node, kind, section))
    values = [n for n in set(g.subjects(RDF.type, None)) if _is_cg(n) and n not in seen]
    order = {t["iri"]: i for i, t in enumerate(out)}
    for node in sorted(values, key=lambda n: (order.get(str(g.value(n, SKOS.inScheme)), 0), n)):
        out.append(_term(g, node, "vocabulary value", "Controlled vocabularies"))
    return out


def _term(g: Graph, node: URIRef, kind: str, section: str) -> dict:
    t = {"iri": str(node), "curie": node.n3(g.namespace_manager), "anchor": node[len(CG):],
         "name": node[len(CG):], "kind": kind, "section": section,
         "label": _en(g, node, RDFS.label), "comment": _en(g, node, RDFS.comment)}
    if kind == "class":
        t["super"] = _refs(g, g.objects(node, RDFS.subClassOf))
        t["sub"] = _refs(g, (s for s in g.subjects(RDFS.subClassOf, node) if _is_cg(s)))
        t["equivalent"] = _refs(g, g.objects(node, OWL.equivalentClass))
        t["disjoint"] = _refs(g, _disjoint(g, node))
        t["domain_of"] = _refs(g, (p for p in g.subjects(RDFS.domain, node) if _is_cg(p)))
        t["range_of"] = _refs(g, (p for p in g.subjects(RDFS.range, node) if _is_cg(p)))
        t["members"] = _refs(g, (i for i in g.subjects(RDF.type, node) if _is_cg(i)))
    elif kind in ("object property", "datatype property"):
        t["domain"] = _refs(g, g.objects(node, RDFS.domain))
        t["range"] = _refs(g, g.objects(node, RDFS.range))
        t["super"] = _refs(g, g.objects(node, RDFS.subPropertyOf))
        t["sub"] = _refs(g, (s for s in g.subjects(RDFS.subPropertyOf, node) if _is_cg(s)))
        t["inverse"] = _refs(g, set(g.objects(node, OWL.inverseOf)) | set(g.subjects(OWL.inverseOf, node)))
        t["characteristics"] = [word for ty, word in CHARACTERISTICS if (node, RDF.type, ty) in g]
    elif kind == "datatype":
        t["equivalent"] = _refs(g, g.objects(node, OWL.equivalentClass))
    elif kind == "concept scheme":
        t["members"] = _refs(g, g.subjects(SKOS.inScheme, node))
    else:
        t["type"] = _refs(g, (o for o in g.objects(node, RDF.type) if o != OWL.NamedIndividual))
        t["scheme"] = _refs(g, g.objects(node, SKOS.inScheme))
    return t


FIELDS = (("super", "Subclass of"), ("equivalent", "Equivalent to"),
          ("sub", "Specialised by"), ("domain", "Domain"), ("range", "Range"),
          ("inverse", "Inverse of"), ("disjoint", "Disjoint with"),
          ("domain_of", "Domain of"), ("range_of", "Range of"), ("type", "Instance of"),
          ("scheme", "In scheme"), ("members", "Values"))


def _md_ref(r: Ref) -> str:
    text = r["text"].replace("|", "\\|")
    if r["anchor"]:
        return f"[`{text}`](#{r['anchor']})"
    if r["iri"]:
        return f"[`{text}`]({r['iri']})"
    return f"`{text}`"


def markdown(ontology: Graph | None = None) -> str:
    """The whole reference as Markdown: deterministic, so the checked-in file can be compared."""
    g = ontology if ontology is not None else bind_prefixes(load_ontology())
    items = terms(g)
    lines = ["# claimgraph ontology reference", "",
             "<!-- Generated by `python -m claimgraph.ontology.reference --markdown "
             "docs/ontology-reference.md`; do not edit by hand. -->", "",
             f"Ontology `{ONTOLOGY_IRI}`, version `{g.value(ONTOLOGY_IRI, OWL.versionIRI)}` "
             f"(`{g.value(ONTOLOGY_IRI, OWL.versionInfo)}`), namespace prefix `cg:` = "
             f"`{CG}`.", "", _en(g, ONTOLOGY_IRI, RDFS.comment), "",
             "Open-ended properties (no domain on purpose): "
             + ", ".join(f"[`{t['curie']}`](#{t['anchor']})" for t in items
                         if t["kind"].endswith("property") and not t["domain"]) + ".", ""]
    sections: dict[str, list[dict]] = {}
    for t in items:
        sections.setdefault(t["section"], []).append(t)
    lines.append("## Contents")
    lines.append("")
    for section, group in sections.items():
        links = ", ".join(f"[{t['name']}](#{t['anchor']})" for t in group)
        lines.append(f"- **{section}**: {links}")
    for section, group in sections.items():
        lines += ["", f"## {section}"]
        for t in group:
            lines += ["", f'### <a id="{t["anchor"]}"></a>{t["label"] or t["name"]} (`{t["curie"]}`)', "",
                      f"*{t['kind']}* · `{t['iri']}`", "", t["comment"] or "*(no comment)*", ""]
            if t.get("characteristics"):
                lines.append(f"- **Characteristics**: {', '.join(t['characteristics'])}")
            for key, title in FIELDS:
                refs = t.get(key)
                if refs:
                    if key == "super" and t["kind"] != "class":
                        title = "Subproperty of"
                    lines.append(f"- **{title}**: {', '.join(_md_ref(r) for r in refs)}")
            if lines[-1] == "":
                lines.pop()
    return "\n".join(lines).rstrip() + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write the ontology reference (Markdown) and/or the class diagram (SVG or DOT)."""
    parser = argparse.ArgumentParser(prog="python -m claimgraph.ontology.reference",
                                     description=main.__doc__)
    parser.add_argument("--markdown", type=Path, help="write the Markdown reference here")
    parser.add_argument("--diagram", type=Path, help="write the class diagram here (.svg or .dot)")
    args = parser.parse_args(argv)
    from claimgraph.ontology.diagram import write_diagram

    if args.markdown is None and args.diagram is None:
        sys.stdout.write(markdown())
        return 0
    if args.markdown is not None:
        args.markdown.write_text(markdown(), encoding="utf-8")
        print(f"wrote {args.markdown}", file=sys.stderr)
    if args.diagram is not None:
        try:
            write_diagram(args.diagram)
        except (OSError, RuntimeError) as e:
            print(f"error: {e}", file=sys.stderr)
            return 1
        print(f"wrote {args.diagram}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
