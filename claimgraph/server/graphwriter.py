"""RDF graphs written with pyoxigraph's serializers, so that the bytes carry the store's terms.

Every graph the server sends is written here: CONSTRUCT and DESCRIBE answers on /sparql, Graph
Store GETs, the RDF documents of /id/ pages, the service description and VoID. A graph comes as
pyoxigraph triples (``terms.Triples``, from ``Store.query_terms``), written as they are, or as
an rdflib graph the server built itself (its terms converted once). rdflib's writers are not
used: they rewrite literals to their canonical form (``"01"^^xsd:integer`` as ``1``,
``"1.50"^^xsd:decimal`` as ``1.5``, an ill-typed ``"true "^^xsd:boolean`` as ``false``), and
write an ``"INF"^^xsd:double`` into JSON-LD as ``Infinity``, which is not JSON.

Turtle, TriG and RDF/XML name IRIs with the prefixes of ``PREFIXES`` that the graph uses, except
a prefix under which some IRI of the graph goes on with characters a prefixed name could hold
only escaped (``id:person\\/x``): rdflib's Turtle parser, among others, cannot read those, so
that prefix's IRIs are written in full. Triples are grouped by subject and predicate, so that
each subject is stated once. JSON-LD is pyoxigraph's expanded form; the /id/ pages compact it
with a context of those prefixes (``compact=True``), leaving out any prefix that is also the
scheme of an IRI in the graph, which a JSON-LD reader would otherwise expand.

Every format carries every graph except RDF/XML: XML 1.0 cannot carry most control characters
(U+0001, even as ``&#1;``) or U+FFFE, nor name a predicate that does not end in an XML name
(``<http://ex.org/1>``). pyoxigraph writes such a document anyway; it is checked with expat
and refused (:class:`Unwritable`, answered 406 naming the formats that can carry it).
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import IO, Any, Callable, Iterable, Mapping
from xml.parsers import expat

import pyoxigraph as ox
from rdflib import Graph

from claimgraph.graph.backends.terms import TermError, Triples, to_oxigraph
from claimgraph.graph.store import QueryResult
from claimgraph.server.serializers import NOT_XML, Serializer, Unwritable
from claimgraph.server.web.vocab import PREFIXES as VOCAB_PREFIXES

# The registry's graph formats (formats.py), by name.
FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD, "rdfxml": ox.RdfFormat.RDF_XML,
}
PREFIXES: dict[str, str] = {**VOCAB_PREFIXES,
                            "sd": "http://www.w3.org/ns/sparql-service-description#",
                            "void": "http://rdfs.org/ns/void#"}
_GROUPED = frozenset({"turtle", "trig", "jsonld", "rdfxml"})
# a local part every writer and reader takes as it is (stricter than Turtle's PN_LOCAL)
_PLAIN_LOCAL = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*\Z")
_UNNAMED_DATATYPES = frozenset({"http://www.w3.org/2001/XMLSchema#string",
                                "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"})
_ADVICE = "ask for Turtle, N-Triples or JSON-LD"

GraphAnswer = Triples | Graph | None


def triples_of(graph: GraphAnswer) -> list[ox.Triple]:
    """The graph's triples as pyoxigraph terms (an rdflib graph's converted)."""
    if graph is None:
        return []
    if isinstance(graph, Triples):
        return graph.triples
    try:
        return [ox.Triple(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o)) for s, p, o in graph]
    except TypeError:   # pyoxigraph refuses what RDF does not allow
        raise Unwritable("the graph holds a triple with a literal subject or a predicate that "
                         "is not an IRI, which no RDF format can carry") from None
    except TermError as exc:
        raise Unwritable(f"the graph cannot be written: {exc}") from None


def _iris(triples: list[ox.Triple]) -> set[str]:
    """Every IRI a writer may abbreviate: subjects, predicates, objects and datatypes."""
    found: set[str] = set()
    add = found.add
    for triple in triples:
        subject, obj = triple.subject, triple.object
        if type(subject) is ox.NamedNode:
            add(subject.value)
        add(triple.predicate.value)
        if type(obj) is ox.NamedNode:
            add(obj.value)
        elif type(obj) is ox.Literal and obj.datatype.value not in _UNNAMED_DATATYPES:
            add(obj.datatype.value)
    return found


@lru_cache(maxsize=8)
def _namespace_pattern(namespaces: tuple[str, ...]) -> re.Pattern[str]:
    # no namespace may begin another, so an IRI lies under one of them at most
    assert not any(a != b and a.startswith(b) for a in namespaces for b in namespaces)
    return re.compile("|".join(re.escape(ns) for ns in namespaces))


def _prefixes(iris: Iterable[str], candidates: Mapping[str, str]) -> dict[str, str]:
    """The candidates some IRI uses and under which every IRI has a plain local part (see the
    module docstring), in the candidates' order."""
    if not candidates:
        return {}
    by_namespace = {ns: prefix for prefix, ns in candidates.items()}
    match = _namespace_pattern(tuple(by_namespace)).match
    plain = _PLAIN_LOCAL.match
    used: set[str] = set()
    unusable: set[str] = set()
    for iri in iris:
        found = match(iri)
        if found is not None:
            prefix = by_namespace[found.group()]
            used.add(prefix)
            if not plain(iri, found.end()):
                unusable.add(prefix)
    return {p: ns for p, ns in candidates.items() if p in used and p not in unusable}


def _grouped(triples: list[ox.Triple]) -> list[ox.Triple]:
    """The triples with each subject's together, and within it each predicate's, in the order
    they first appear (the writers state a subject once only for consecutive triples)."""
    by_subject: dict[Any, dict[Any, list[ox.Triple]]] = {}
    for triple in triples:
        by_subject.setdefault(triple.subject, {}).setdefault(triple.predicate, []).append(triple)
    return [t for by_predicate in by_subject.values() for same in by_predicate.values()
            for t in same]


def check_xml(body: bytes | IO[bytes],
              triples: Iterable[ox.Triple] | Callable[[], Iterable[ox.Triple]],
              advice: str = _ADVICE) -> None:
    """Unwritable if ``body`` (the bytes, or a binary file read to its end), the RDF/XML of
    ``triples``, is not well-formed XML, naming the term XML cannot carry and ending with
    ``advice`` (the formats that can). ``triples`` may be a function that reads them: they are
    needed only when the body is refused."""
    parser = expat.ParserCreate(namespace_separator=" ")
    try:
        if isinstance(body, bytes):
            parser.Parse(body, True)
        else:
            while chunk := body.read(1 << 20):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
        return
    except expat.ExpatError:
        pass
    found = list(triples() if callable(triples) else triples)
    for triple in found:
        for term in (triple.subject, triple.predicate, triple.object):
            bad = NOT_XML.search(term.value)
            if bad:
                where = "" if term is triple.subject else f" (a term of {triple.subject})"
                raise Unwritable(f"the graph holds the character U+{ord(bad.group()):04X} in "
                                 f"{str(term)[:200]}{where}, which XML cannot carry; {advice}")
    for predicate in dict.fromkeys(t.predicate for t in found):
        alone = ox.serialize([ox.Triple(ox.NamedNode("urn:x"), predicate, ox.Literal(""))],
                             format=ox.RdfFormat.RDF_XML)
        try:
            expat.ParserCreate(namespace_separator=" ").Parse(alone, True)
        except expat.ExpatError:
            raise Unwritable(f"RDF/XML cannot name the predicate <{predicate.value}>, which "
                             f"does not end in an XML name; {advice}") from None
    raise Unwritable(f"the graph cannot be written as well-formed RDF/XML; {advice}")


def _compact_iri(iri: str, prefixes: Mapping[str, str], used: dict[str, str]) -> str:
    for prefix, ns in prefixes.items():
        if iri.startswith(ns) and _PLAIN_LOCAL.match(iri, len(ns)):
            used[prefix] = ns
            return prefix + ":" + iri[len(ns):]
    return iri


def _compact_jsonld(body: bytes, iris: set[str], prefixes: Mapping[str, str]) -> bytes:
    """pyoxigraph's expanded JSON-LD with property and datatype IRIs as compact IRIs, under a
    context of the prefixes used (see the module docstring)."""
    schemes = {iri.partition(":")[0] for iri in iris}
    safe = {p: ns for p, ns in prefixes.items() if p not in schemes}
    used: dict[str, str] = {}
    nodes = json.loads(body)
    compacted = []
    for node in nodes:
        out: dict[str, Any] = {}
        for key, values in node.items():
            if key.startswith("@"):
                out[key] = values
                continue
            for value in values:
                if "@type" in value:
                    value["@type"] = _compact_iri(value["@type"], safe, used)
            out[_compact_iri(key, safe, used)] = values
        compacted.append(out)
    context = {p: ns for p, ns in safe.items() if p in used}
    return json.dumps({"@context": context, "@graph": compacted}, ensure_ascii=False,
                      indent=2).encode("utf-8")


def write(graph: GraphAnswer, name: str, *, prefixes: Mapping[str, str] = PREFIXES,
          compact: bool = False) -> bytes:
    """``graph`` in the format ``name`` (a key of ``FORMATS``), naming IRIs with those of
    ``prefixes`` it can (JSON-LD only with ``compact``); Unwritable if the format cannot carry
    the graph (see the module docstring)."""
    triples = triples_of(graph)
    wanted: dict[str, str] = {}
    iris: set[str] = set()
    if name in _GROUPED:
        triples = _grouped(triples)
        if name != "jsonld" or compact:
            iris = _iris(triples)
            wanted = _prefixes(iris, prefixes)
    # pyoxigraph's JSON-LD writer takes no context: the prefixes are _compact_jsonld's
    body = ox.serialize(triples, format=FORMATS[name],
                        prefixes=wanted if name != "jsonld" else None)
    if name == "rdfxml":
        check_xml(body, triples)
    elif name == "jsonld" and compact:
        body = _compact_jsonld(body, iris, wanted)
    return body


def graph_serializer(name: str) -> Serializer:
    """The registry's serializer for the graph format ``name``: writes a ``Triples`` answer, or
    a ``QueryResult`` holding an rdflib graph."""

    def serialize(result: QueryResult | Triples) -> bytes:
        return write(result if isinstance(result, Triples) else result.graph, name)

    serialize.__name__ = f"graph_{name}"
    return serialize
