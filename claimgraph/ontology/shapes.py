"""SHACL validation of claimgraph data against claimgraph/ontology/shapes.ttl, with readable messages.

``validate(g)`` returns one line per violation, naming the focus node (with its label when the
data has one), the property path and the rule broken; an empty list means the data is valid.
No inference is run: only the ontology's rdfs:subClassOf triples are mixed into (a copy of) the
data, so that shapes targeting cg:Statement also reach cg:Quotation and so on.
"""

from __future__ import annotations

from dataclasses import dataclass

from pyshacl import validate as _pyshacl_validate
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SKOS

from claimgraph.ontology.model import CG, CGSH, SH, bind_prefixes, load_ontology, load_shapes

_DESCRIBING = (RDFS.label, SKOS.prefLabel, CG.roleTitle, CG.headline, CG.text, CG.goal)


@dataclass(frozen=True)
class Violation:
    """One SHACL result, already resolved into readable parts."""

    focus: str
    path: str
    message: str
    component: str
    value: str | None
    severity: str

    def __str__(self) -> str:
        where = f"{self.focus}: {self.path}: " if self.path else f"{self.focus}: "
        value = f"; value {self.value}" if self.value is not None else ""
        severity = "" if self.severity == "Violation" else f"{self.severity}: "
        return f"{severity}{where}{self.message} [{self.component}{value}]"


def class_hierarchy(ontology: Graph | None = None) -> Graph:
    """The ontology's rdfs:subClassOf triples between named classes."""
    onto = ontology if ontology is not None else load_ontology()
    out = Graph()
    for s, o in onto.subject_objects(RDFS.subClassOf):
        if isinstance(s, URIRef) and isinstance(o, URIRef):
            out.add((s, RDFS.subClassOf, o))
    return out


def contract_shapes(shapes: Graph) -> list[URIRef]:
    """The shapes of the interchange contract (typed cgsh:ContractShape)."""
    return sorted(s for s in shapes.subjects(RDF.type, CGSH.ContractShape) if isinstance(s, URIRef))


def _flatten(g: Graph) -> Graph:
    if not hasattr(g, "contexts"):
        return g
    out = Graph()
    for s, p, o, _ in g.quads((None, None, None, None)):
        out.add((s, p, o))
    return out


def _describe(data: Graph, node) -> str:
    if isinstance(node, Literal):
        return node.n3()
    name = node.n3() if isinstance(node, URIRef) else "a blank node"
    for prop in _DESCRIBING:
        text = data.value(node, prop)
        if text is not None:
            text = str(text).replace("\n", " ")
            short = text if len(text) <= 60 else text[:57] + "..."
            return f"{name} ({short})"
    if isinstance(node, BNode):
        # A selector or geometry: say whose it is.
        for subject, prop in data.subject_predicates(node):
            return f"{prop.n3(data.namespace_manager)} of {_describe(data, subject)}"
    return name


def _path(results: Graph, path, nsm) -> str:
    if path is None:
        return ""
    if isinstance(path, URIRef):
        return path.n3(nsm)
    inverse = results.value(path, SH.inversePath)
    if inverse is not None:
        return f"^{_path(results, inverse, nsm)}"
    alternatives = results.value(path, SH.alternativePath)
    if alternatives is not None:
        return "|".join(_path(results, p, nsm) for p in Collection(results, alternatives))
    if (path, RDF.first, None) in results:
        return "/".join(_path(results, p, nsm) for p in Collection(results, path))
    return "(complex path)"


def violations(results: Graph, data: Graph) -> list[Violation]:
    """Turn a SHACL validation report graph into Violations, in a stable order."""
    nsm = bind_prefixes(Graph()).namespace_manager
    out = set()
    for result in results.objects(None, SH.result):
        focus = results.value(result, SH.focusNode)
        messages = sorted(str(m) for m in results.objects(result, SH.resultMessage))
        component = results.value(result, SH.sourceConstraintComponent)
        comp = str(component).rsplit("#", 1)[-1].replace("ConstraintComponent", "") if component else "?"
        value = results.value(result, SH.value)
        severity = results.value(result, SH.resultSeverity)
        path = _path(results, results.value(result, SH.resultPath), nsm)
        if focus == results.value(result, SH.sourceShape) and value is not None:
            # A whole-graph check (the shape targets itself, see shapes.ttl): the value is
            # the offending resource, so name it as the focus.
            focus, value = value, None
        out.add(Violation(
            focus=_describe(data, focus),
            path=path,
            message="; ".join(messages) or "constraint not satisfied",
            component=comp,
            value=None if value is None else (value.n3(nsm) if isinstance(value, URIRef) else
                                              _describe(data, value)),
            severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
        ))
    return sorted(out, key=lambda v: (v.focus, v.path, v.message, v.value or ""))


def validate(g: Graph, *, contract: bool = True, shapes: Graph | None = None,
             hierarchy: Graph | None = None) -> list[str]:
    """Validate ``g`` against the shapes; return readable violation messages (empty: valid).

    ``contract=False`` skips the interchange-contract shapes, for data before the contract is
    materialized. ``shapes`` and ``hierarchy`` (see ``class_hierarchy``) may be passed in to avoid
    re-parsing them when validating many graphs. A Dataset is validated as the union of its graphs.
    """
    return [str(v) for v in validation_report(g, contract=contract, shapes=shapes,
                                              hierarchy=hierarchy)]


def validation_report(g: Graph, *, contract: bool = True, shapes: Graph | None = None,
                      hierarchy: Graph | None = None) -> list[Violation]:
    """Like ``validate`` but returns the structured Violations."""
    shapes_graph = shapes if shapes is not None else load_shapes()
    if not contract:
        shapes_graph = shapes_graph + Graph()  # a copy: the caller's graph stays as it was
        for shape in contract_shapes(shapes_graph):
            shapes_graph.add((shape, SH.deactivated, Literal(True)))
    data = _flatten(g)
    conforms, results, _ = _pyshacl_validate(
        data, shacl_graph=shapes_graph,
        ont_graph=hierarchy if hierarchy is not None else class_hierarchy(),
        inference="none", abort_on_first=False, allow_warnings=False, advanced=False,
        meta_shacl=False, debug=False, inplace=False)
    if isinstance(results, Exception):  # pyshacl reports a broken shape this way
        raise ValueError(f"the SHACL shapes could not be applied: {results}")
    if conforms:
        return []
    return violations(results, data)
