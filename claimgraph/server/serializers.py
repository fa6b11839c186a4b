"""Serializers from a ``QueryResult`` to bytes: SPARQL results (JSON, XML, CSV, TSV) and RDF graphs.

SPARQL results follow the W3C recommendations "SPARQL 1.1 Query Results JSON Format", "SPARQL
Query Results XML Format (Second Edition)" and "SPARQL 1.1 Query Results CSV and TSV Formats".
ASK has no CSV/TSV form in the standard; like Apache Jena, we write a one-column ``_askResult``
table. Graphs are written with rdflib's serializers; a CONSTRUCT result has only a default graph,
so its N-Quads is its N-Triples and its TriG is its Turtle.
"""

from __future__ import annotations

import json
from typing import Callable
from xml.sax.saxutils import escape, quoteattr

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from claimgraph.graph.store import QueryResult

Serializer = Callable[[QueryResult], bytes]


def _json_term(term: Node) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    if isinstance(term, Literal):
        out = {"type": "literal", "value": str(term)}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype is not None and term.datatype != XSD.string:
            out["datatype"] = str(term.datatype)
        return out
    return {"type": "literal", "value": str(term)}


def sparql_json(result: QueryResult) -> bytes:
    if result.kind == "ask":
        return json.dumps({"head": {}, "boolean": bool(result.boolean)}).encode()
    bindings = [{name: _json_term(term) for name, term in row.items() if term is not None}
                for row in result.rows]
    return json.dumps({"head": {"vars": result.variables}, "results": {"bindings": bindings}},
                      ensure_ascii=False).encode("utf-8")


def _xml_term(term: Node) -> str:
    if isinstance(term, URIRef):
        return f"<uri>{escape(str(term))}</uri>"
    if isinstance(term, BNode):
        return f"<bnode>{escape(str(term))}</bnode>"
    assert isinstance(term, Literal)
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{escape(str(term))}</literal>"
    if term.datatype is not None and term.datatype != XSD.string:
        return f"<literal datatype={quoteattr(str(term.datatype))}>{escape(str(term))}</literal>"
    return f"<literal>{escape(str(term))}</literal>"


def sparql_xml(result: QueryResult) -> bytes:
    parts = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n']
    if result.kind == "ask":
        parts.append(f"<head/>\n<boolean>{'true' if result.boolean else 'false'}</boolean>\n")
    else:
        parts.append("<head>")
        parts.extend(f"<variable name={quoteattr(name)}/>" for name in result.variables)
        parts.append("</head>\n<results>\n")
        for row in result.rows:
            parts.append("<result>")
            parts.extend(f"<binding name={quoteattr(name)}>{_xml_term(term)}</binding>"
                         for name, term in row.items() if term is not None)
            parts.append("</result>\n")
        parts.append("</results>\n")
    parts.append("</sparql>\n")
    return "".join(parts).encode("utf-8")


def _csv_field(value: str) -> str:
    if any(ch in value for ch in '",\r\n'):
        return '"' + value.replace('"', '""') + '"'
    return value


def _csv_term(term: Node | None) -> str:
    if term is None:
        return ""
    if isinstance(term, BNode):
        return _csv_field(f"_:{term}")
    return _csv_field(str(term))


def sparql_csv(result: QueryResult) -> bytes:
    if result.kind == "ask":
        return f"_askResult\r\n{'true' if result.boolean else 'false'}\r\n".encode()
    lines = [",".join(_csv_field(name) for name in result.variables)]
    lines.extend(",".join(_csv_term(row.get(name)) for name in result.variables)
                 for row in result.rows)
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


_TSV_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"})
_BARE = {XSD.integer, XSD.decimal, XSD.double, XSD.boolean}


def _tsv_term(term: Node | None) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    assert isinstance(term, Literal)
    text = '"' + str(term).translate(_TSV_ESCAPES) + '"'
    if term.language:
        return f"{text}@{term.language}"
    if term.datatype is not None and term.datatype != XSD.string:
        return f"{text}^^<{term.datatype}>"
    return text


def sparql_tsv(result: QueryResult) -> bytes:
    if result.kind == "ask":
        return f"?_askResult\n{'true' if result.boolean else 'false'}\n".encode()
    lines = ["\t".join(f"?{name}" for name in result.variables)]
    lines.extend("\t".join(_tsv_term(row.get(name)) for name in result.variables)
                 for row in result.rows)
    return ("\n".join(lines) + "\n").encode("utf-8")


def graph_serializer(rdflib_format: str) -> Serializer:
    """A serializer writing ``result.graph`` with one of rdflib's graph formats."""

    def serialize(result: QueryResult) -> bytes:
        graph = result.graph if result.graph is not None else Graph()
        data = graph.serialize(format=rdflib_format, encoding="utf-8")
        return data if isinstance(data, bytes) else data.encode("utf-8")

    serialize.__name__ = f"graph_{rdflib_format.replace('-', '_')}"
    return serialize
