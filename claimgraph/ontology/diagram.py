"""The ontology's class diagram, generated from claimgraph.ttl as Graphviz DOT (and SVG via `dot`).

Nodes are the cg: classes, each listing its standard super-classes (schema:, prov:, foaf:...);
hollow arrows are rdfs:subClassOf (dashed: member of a class defined as a union); labelled arrows are object properties from their domain to
their range (a union domain or range draws one arrow per member). Output is deterministic.
"""

from __future__ import annotations

import html
import shutil
import subprocess
from pathlib import Path

from rdflib import BNode, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS

from claimgraph.ontology.model import CG, bind_prefixes, load_ontology

# Colours by the top class a cg: class falls under, so the diagram's areas are visible.
AREAS = (("Actor", "#fde2c8"), ("Role", "#fde2c8"), ("Statement", "#d8e8fb"),
         ("CheckableClaim", "#f9d5d5"), ("Location", "#d9f2d9"), ("MilitaryOperation", "#ece0f7"),
         ("Negotiation", "#ece0f7"), ("NegotiatingPosition", "#ece0f7"),
         ("SourceDocument", "#fff5c2"), ("TextSpan", "#fff5c2"), ("Communication", "#fff5c2"),
         ("Annotating", "#e6e6e6"))


def _members(g: Graph, node) -> list[URIRef]:
    """A named class, or the named members of a union."""
    if isinstance(node, URIRef):
        return [node]
    union = g.value(node, OWL.unionOf) if isinstance(node, BNode) else None
    return [m for m in Collection(g, union) if isinstance(m, URIRef)] if union is not None else []


def _colour(g: Graph, cls: URIRef) -> str:
    ancestors = set(g.transitive_objects(cls, RDFS.subClassOf))
    for name, colour in AREAS:
        if CG[name] in ancestors:
            return colour
    return "#ffffff"


def dot(ontology: Graph | None = None) -> str:
    """The class diagram as a DOT program."""
    g = ontology if ontology is not None else bind_prefixes(load_ontology())
    nsm = g.namespace_manager
    classes = sorted(c for c in g.subjects(RDF.type, OWL.Class)
                     if isinstance(c, URIRef) and c.startswith(str(CG)))
    lines = ["digraph claimgraph {",
             '  graph [rankdir=LR, fontname="Helvetica", fontsize=11, nodesep=0.25, ranksep=0.6,'
             ' label="claimgraph ontology (generated from claimgraph.ttl)", labelloc=t];',
             '  node [shape=plain, fontname="Helvetica", fontsize=10];',
             '  edge [fontname="Helvetica", fontsize=8, color="#555555"];']
    for cls in classes:
        name = cls[len(CG):]
        external = sorted(o.n3(nsm) for o in g.objects(cls, RDFS.subClassOf)
                          if isinstance(o, URIRef) and not o.startswith(str(CG)))
        rows = [f'<tr><td bgcolor="{_colour(g, cls)}"><b>{html.escape(name)}</b></td></tr>']
        if external:
            rows.append(f'<tr><td><font point-size="8" color="#444444">'
                        f'{html.escape(", ".join(external))}</font></td></tr>')
        lines.append(f'  "{name}" [label=<<table border="1" cellborder="0" cellspacing="0" '
                     f'cellpadding="3">{"".join(rows)}</table>>, URL="ontology-reference.md#{name}"];')
    for cls in classes:
        for sup in sorted(o for o in g.objects(cls, RDFS.subClassOf) if o in classes):
            lines.append(f'  "{cls[len(CG):]}" -> "{sup[len(CG):]}" [arrowhead=onormal];')
    for cls in classes:  # a class defined as a union: its members are kinds of it
        for eq in g.objects(cls, OWL.equivalentClass):
            for member in sorted(m for m in _members(g, eq) if m in classes):
                lines.append(f'  "{member[len(CG):]}" -> "{cls[len(CG):]}" '
                             f'[arrowhead=onormal, style=dashed, color="#999999"];')
    props = sorted(p for p in g.subjects(RDF.type, OWL.ObjectProperty)
                   if isinstance(p, URIRef) and p.startswith(str(CG)))
    inverses = {o for p in props for o in g.objects(p, OWL.inverseOf)}
    for prop in props:
        if prop in inverses:  # drawn once, from the forward property
            continue
        domains = [d for node in g.objects(prop, RDFS.domain) for d in _members(g, node)]
        ranges = [r for node in g.objects(prop, RDFS.range) for r in _members(g, node)]
        for d in sorted(x for x in domains if x in classes):
            for r in sorted(x for x in ranges if x in classes):
                lines.append(f'  "{d[len(CG):]}" -> "{r[len(CG):]}" '
                             f'[label="{prop[len(CG):]}", arrowsize=0.6];')
    lines.append("}")
    return "\n".join(lines) + "\n"


def svg(dot_source: str) -> str:
    """Render DOT with Graphviz's `dot` (it must be installed)."""
    exe = shutil.which("dot")
    if exe is None:
        raise RuntimeError("Graphviz `dot` is not installed; install graphviz or write a .dot file")
    done = subprocess.run([exe, "-Tsvg"], input=dot_source.encode("utf-8"), capture_output=True,
                          check=False, timeout=120)
    if done.returncode != 0:
        raise RuntimeError(f"dot failed: {done.stderr.decode('utf-8', 'replace').strip()}")
    return done.stdout.decode("utf-8")


def write_diagram(path: Path, ontology: Graph | None = None) -> None:
    """Write the diagram to ``path``: DOT if it ends in .dot, else SVG (plus the .dot beside it)."""
    source = dot(ontology)
    path = Path(path)
    if path.suffix == ".dot":
        path.write_text(source, encoding="utf-8")
        return
    path.with_suffix(".dot").write_text(source, encoding="utf-8")
    path.write_text(svg(source), encoding="utf-8")
