"""Consistency checks of the ontology, alone or with data, by the HermiT OWL reasoner.

``check_consistency(data)`` loads the ontology and the data into a fresh owlready2 World, runs
HermiT (shipped with owlready2, run on the machine's Java) and reports whether the whole is
consistent and which classes, if any, are unsatisfiable. When HermiT finds the data
inconsistent it says no more than that, so the report adds the likely causes that a cheap
structural check finds: individuals whose types (asserted, or implied by property domains and
ranges) fall into disjoint classes, literals whose datatype or language tag is outside their
property's range, and functional properties with more than one value.

Limits, by design: HermiT only knows the OWL 2 datatype map, so axioms about xsd:date,
xsd:gYear(Month) and geo:wktLiteral values are ignored by the reasoner (the SHACL shapes check
those). Pellet, the other reasoner owlready2 ships, needs a newer Java than 17 in owlready2 0.51
and is offered only as an option. The source documents' full text is left out of the input:
it is large and carries no axioms.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, XSD

from claimgraph.ontology.model import CG, load_ontology, owlready_world

REASONERS = ("hermit", "pellet")
#: Predicates left out of the reasoner's input: big literals that carry no axioms.
STRIPPED_PREDICATES = frozenset({CG.fullText})


@dataclass
class ConsistencyReport:
    """What the reasoner found. ``consistent`` is False when the ontology plus data has no model."""

    consistent: bool
    reasoner: str
    triples: int
    seconds: float
    unsatisfiable_classes: list[str] = field(default_factory=list)
    likely_causes: list[str] = field(default_factory=list)
    message: str = ""

    @property
    def coherent(self) -> bool:
        """Consistent and with no unsatisfiable named class."""
        return self.consistent and not self.unsatisfiable_classes

    def __str__(self) -> str:
        head = (f"{self.reasoner}: {'consistent' if self.consistent else 'INCONSISTENT'}"
                f" ({self.triples} triples, {self.seconds:.1f} s)")
        lines = [head]
        lines += [f"  unsatisfiable class: {c}" for c in self.unsatisfiable_classes]
        lines += [f"  likely cause: {c}" for c in self.likely_causes]
        if self.message:
            lines.append(f"  {self.message}")
        return "\n".join(lines)


def reasoner_input(data: Graph) -> Graph:
    """The triples of ``data`` (all named graphs of a Dataset) minus the stripped predicates."""
    out = Graph()
    source = data.quads((None, None, None, None)) if hasattr(data, "contexts") else (
        (s, p, o, None) for s, p, o in data)
    for s, p, o, _ in source:
        if p not in STRIPPED_PREDICATES:
            out.add((s, p, o))
    return out


def check_consistency(data: Graph | None = None, reasoner: str = "hermit") -> ConsistencyReport:
    """Check the ontology, plus ``data`` if given, for consistency with HermiT (or Pellet).

    Raises RuntimeError if the reasoner cannot run at all (no Java, a Java error); an
    inconsistency is not an error but a report with ``consistent=False``.
    """
    import owlready2

    if reasoner not in REASONERS:
        raise ValueError(f"unknown reasoner {reasoner!r}; expected one of {', '.join(REASONERS)}")
    extra = reasoner_input(data) if data is not None else None
    world = owlready_world(extra)
    n = len(world.graph)
    start = time.monotonic()
    try:
        if reasoner == "hermit":
            owlready2.sync_reasoner_hermit(world, debug=0, ignore_unsupported_datatypes=True)
        else:
            owlready2.sync_reasoner_pellet(world, debug=0)
    except owlready2.OwlReadyInconsistentOntologyError:
        seconds = time.monotonic() - start
        ontology = load_ontology()
        causes = likely_causes(ontology, extra) if extra is not None else []
        return ConsistencyReport(False, reasoner, n, seconds, likely_causes=causes,
                                 message="the reasoner found no model of the ontology plus data")
    except owlready2.OwlReadyJavaError as e:
        raise RuntimeError(f"{reasoner} could not run: {str(e).strip()[:2000]}") from e
    seconds = time.monotonic() - start
    unsat = sorted(c.iri for c in world.inconsistent_classes())
    return ConsistencyReport(True, reasoner, n, seconds, unsatisfiable_classes=unsat)


def _disjoint_pairs(ontology: Graph) -> set[frozenset[URIRef]]:
    pairs: set[frozenset[URIRef]] = set()
    for node in ontology.subjects(RDF.type, OWL.AllDisjointClasses):
        members = [m for m in Collection(ontology, ontology.value(node, OWL.members))]
        pairs |= {frozenset(p) for p in combinations(members, 2)}
    for a, b in ontology.subject_objects(OWL.disjointWith):
        pairs.add(frozenset((a, b)))
    return pairs


def _superclasses(ontology: Graph) -> dict[URIRef, set[URIRef]]:
    closure: dict[URIRef, set[URIRef]] = {}
    for cls in set(ontology.subjects(RDF.type, OWL.Class)):
        if isinstance(cls, URIRef):
            closure[cls] = {c for c in ontology.transitive_objects(cls, RDFS.subClassOf)
                            if isinstance(c, URIRef)}
    return closure


def _name(g: Graph, node) -> str:
    lab = g.value(node, RDFS.label)
    return f"{node.n3()} ({lab})" if lab is not None else node.n3()


def likely_causes(ontology: Graph, data: Graph) -> list[str]:
    """Structural reasons for an inconsistency: disjoint types, literals outside their property's
    range, and functional properties with more than one value.

    Types are the asserted ones plus those implied by named-class domains and ranges, closed
    under rdfs:subClassOf. This finds the common mistakes, not every possible inconsistency.
    """
    supers = _superclasses(ontology)
    types: dict[object, set[URIRef]] = defaultdict(set)
    for s, cls in data.subject_objects(RDF.type):
        types[s].add(cls)
    for s, p, o in data:
        for dom in ontology.objects(p, RDFS.domain):
            if isinstance(dom, URIRef):
                types[s].add(dom)
        if not isinstance(o, URIRef | BNode):
            continue
        for rng in ontology.objects(p, RDFS.range):
            if isinstance(rng, URIRef) and (rng, RDF.type, OWL.Class) in ontology:
                types[o].add(rng)
    disjoint = _disjoint_pairs(ontology)
    causes = []
    for node, asserted in types.items():
        closed = set()
        for cls in asserted:
            closed |= supers.get(cls, {cls})
        clash = sorted({" and ".join(sorted(pair)) for pair in disjoint if pair <= closed})
        for c in clash:
            causes.append(f"{_name(data, node)} is in disjoint classes {c}")
    causes += _datatype_clashes(ontology, data)
    for prop in sorted(set(ontology.subjects(RDF.type, OWL.FunctionalProperty))):
        for s in sorted(set(data.subjects(prop, None))):
            values = sorted(set(data.objects(s, prop)))
            if len(values) > 1:
                shown = ", ".join(v.n3() for v in values)
                causes.append(f"{_name(data, s)} has {len(values)} values of functional "
                              f"property {prop.n3()}: {shown}")
    return sorted(set(causes))


_INTEGERS = {XSD.integer, XSD.nonNegativeInteger, XSD.positiveInteger, XSD.nonPositiveInteger,
             XSD.negativeInteger, XSD.long, XSD.int, XSD.short, XSD.byte, XSD.unsignedLong,
             XSD.unsignedInt, XSD.unsignedShort, XSD.unsignedByte}
#: For the ranges HermiT checks (the OWL 2 datatype map), the literal datatypes that fit them.
_FITS = {XSD.string: {XSD.string}, RDF.PlainLiteral: {XSD.string, RDF.langString},
         XSD.boolean: {XSD.boolean}, XSD.integer: _INTEGERS, XSD.decimal: _INTEGERS | {XSD.decimal},
         XSD.anyURI: {XSD.anyURI}, XSD.dateTime: {XSD.dateTime, XSD.dateTimeStamp}}


def _datatype_clashes(ontology: Graph, data: Graph) -> list[str]:
    """Literals whose datatype (or language tag) does not fit their property's declared range."""
    causes = []
    for prop, rng in ontology.subject_objects(RDFS.range):
        fits = _FITS.get(rng)
        if fits is None:
            continue
        for s, o in data.subject_objects(prop):
            if not isinstance(o, Literal):
                continue
            dt = RDF.langString if o.language else (o.datatype or XSD.string)
            if dt not in fits:
                causes.append(f"{_name(data, s)} has {prop.n3()} {o.n3()}, which is not in "
                              f"its range {rng.n3()}")
    return causes


def main(argv: list[str] | None = None) -> int:
    """``python -m claimgraph.ontology.reasoning [DATA.ttl ...]``: exit 0 if consistent, 1 if not."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("data", nargs="*", help="RDF files to check with the ontology")
    parser.add_argument("--reasoner", choices=REASONERS, default="hermit")
    args = parser.parse_args(argv)
    data = None
    if args.data:
        data = Graph()
        for path in args.data:
            data.parse(path)
    try:
        report = check_consistency(data, args.reasoner)
    except RuntimeError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    print(report)
    return 0 if report.coherent else 1


if __name__ == "__main__":
    sys.exit(main())
