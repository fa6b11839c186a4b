"""Serializers from a query answer to bytes: SPARQL results (JSON, XML, CSV, TSV).

SPARQL results follow the W3C recommendations "SPARQL 1.1 Query Results JSON Format", "SPARQL
Query Results XML Format (Second Edition)" and "SPARQL 1.1 Query Results CSV and TSV Formats".
ASK has no CSV/TSV form in the standard; like Apache Jena, we write a one-column ``_askResult``
table. Graphs (CONSTRUCT, DESCRIBE) are written by :mod:`claimgraph.server.graphwriter`.

The results writers take a ``QueryResult`` (rdflib terms) or, from the query workers, a
``terms.Solutions`` (pyoxigraph terms, ``Store.query_terms``): writing those directly skips a
conversion to rdflib that costs more than evaluating a selective query. Both give the same bytes
(except that rdflib rewrites some literals to their canonical form, e.g. "01"^^xsd:integer to
"1"; pyoxigraph's terms keep the lexical form the data has).

Some answers cannot be written in some formats: XML 1.0 has no way at all to carry most control
characters (U+0001, even as ``&#1;``) or U+FFFE. The writers raise :class:`Unwritable` rather
than send a document that does not parse; the server answers 406, naming formats that can
carry it.
"""

from __future__ import annotations

import json
import re
from json.encoder import encode_basestring as _json_string   # json.dumps' own, ensure_ascii=False
from typing import Callable
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from claimgraph.graph.backends.table import unsupported
from claimgraph.graph.backends.terms import Solutions, Triples
from claimgraph.graph.store import QueryResult

# Each format's writer: SPARQL results take a QueryResult or Solutions, graphs (graphwriter.py)
# a QueryResult holding an rdflib graph or Triples.
Serializer = Callable[["QueryResult | Solutions | Triples"], bytes]

# A term as the writers see it: kind ("uri", "bnode" or "literal"), value (IRI, label or lexical
# form), language, datatype (None for xsd:string and language-tagged literals).
Parts = tuple[str, str, "str | None", "str | None"]
_XSD_STRING = str(XSD.string)
# characters XML 1.0 cannot carry, escaped or not
NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class Unwritable(ValueError):
    """The answer holds something the asked-for format cannot carry."""


def _rdflib_parts(term: Node) -> Parts:
    if isinstance(term, URIRef):
        return ("uri", str(term), None, None)
    if isinstance(term, BNode):
        return ("bnode", str(term), None, None)
    if isinstance(term, Literal):
        if term.language:
            return ("literal", str(term), term.language, None)
        datatype = str(term.datatype) if term.datatype is not None else None
        return ("literal", str(term), None, None if datatype == _XSD_STRING else datatype)
    return ("literal", str(term), None, None)


def _ox_parts(term: object) -> Parts:
    # table.cell_of's reading of a term, unrolled into the writers' parts: this is the
    # endpoint's hot path, where going through the cell cost 13% more per answer
    cls = type(term)
    if cls is ox.NamedNode:
        return ("uri", term.value, None, None)  # type: ignore[attr-defined]
    if cls is ox.Literal:
        language = term.language  # type: ignore[attr-defined]
        if language:
            return ("literal", term.value, language, None)  # type: ignore[attr-defined]
        datatype = term.datatype.value  # type: ignore[attr-defined]
        return ("literal", term.value, None,  # type: ignore[attr-defined]
                None if datatype == _XSD_STRING else datatype)
    if cls is ox.BlankNode:
        return ("bnode", term.value, None, None)  # type: ignore[attr-defined]
    raise unsupported(term)   # as the conversion to rdflib terms would


def _table(result: QueryResult | Solutions) -> list[list[Parts | None]]:
    """The rows of a SELECT answer, one entry per variable (None where unbound)."""
    if isinstance(result, Solutions):
        width = range(len(result.variables))
        return [[None if (term := solution[i]) is None else _ox_parts(term) for i in width]
                for solution in result.rows]
    names = result.variables
    return [[None if (term := row.get(name)) is None else _rdflib_parts(term) for name in names]
            for row in result.rows]


def _json_term(parts: Parts) -> str:
    kind, value, language, datatype = parts
    if language:
        return f'{{"type": "{kind}", "value": {_json_string(value)}, "xml:lang": ' \
               f'{_json_string(language)}}}'
    if datatype is not None:
        return f'{{"type": "{kind}", "value": {_json_string(value)}, "datatype": ' \
               f'{_json_string(datatype)}}}'
    return f'{{"type": "{kind}", "value": {_json_string(value)}}}'


def _ox_json_term(term: object) -> str:
    # _json_term(_ox_parts(term)) without the tuple between them: the endpoint's hot path
    cls = type(term)
    if cls is ox.NamedNode:
        value = term.value  # type: ignore[attr-defined]
        return f'{{"type": "uri", "value": {_json_string(value)}}}'
    if cls is ox.Literal:
        value = _json_string(term.value)  # type: ignore[attr-defined]
        language = term.language  # type: ignore[attr-defined]
        if language:
            return f'{{"type": "literal", "value": {value}, "xml:lang": {_json_string(language)}}}'
        datatype = term.datatype.value  # type: ignore[attr-defined]
        if datatype == _XSD_STRING:
            return f'{{"type": "literal", "value": {value}}}'
        return f'{{"type": "literal", "value": {value}, "datatype": {_json_string(datatype)}}}'
    if cls is ox.BlankNode:
        value = term.value  # type: ignore[attr-defined]
        return f'{{"type": "bnode", "value": {_json_string(value)}}}'
    raise unsupported(term)


def sparql_json(result: QueryResult | Solutions) -> bytes:
    """The answer as ``json.dumps(..., ensure_ascii=False)`` writes it, byte for byte, written
    as text, and from pyoxigraph's terms without the writers' tuples: building the dicts for
    json.dumps took longer (50 rows: 204 -> 114 us, 100k rows: 762 -> 284 ms)."""
    if result.kind == "ask":
        return json.dumps({"head": {}, "boolean": bool(result.boolean)}).encode()
    keys = [_json_string(name) for name in result.variables]
    if isinstance(result, Solutions):
        rows = ["{" + ", ".join(f"{key}: {_ox_json_term(term)}" for key, term in zip(keys, row)
                                if term is not None) + "}"
                for row in result.rows]
    else:
        rows = ["{" + ", ".join(f"{key}: {_json_term(parts)}" for key, parts in zip(keys, row)
                                if parts is not None) + "}"
                for row in _table(result)]
    return ('{"head": {"vars": [' + ", ".join(keys) + ']}, "results": {"bindings": ['
            + ", ".join(rows) + "]}}").encode("utf-8")


def _xml_term(parts: Parts) -> str:
    kind, value, language, datatype = parts
    if kind != "literal":
        return f"<{kind}>{escape(value)}</{kind}>"
    if language:
        return f"<literal xml:lang={quoteattr(language)}>{escape(value)}</literal>"
    if datatype is not None:
        return f"<literal datatype={quoteattr(datatype)}>{escape(value)}</literal>"
    return f"<literal>{escape(value)}</literal>"


def _ox_xml_term(term: object) -> str:
    # _xml_term(_ox_parts(term)) without the tuple between them
    cls = type(term)
    if cls is ox.Literal:
        value = escape(term.value)  # type: ignore[attr-defined]
        language = term.language  # type: ignore[attr-defined]
        if language:
            return f"<literal xml:lang={quoteattr(language)}>{value}</literal>"
        datatype = term.datatype.value  # type: ignore[attr-defined]
        if datatype == _XSD_STRING:
            return f"<literal>{value}</literal>"
        return f"<literal datatype={quoteattr(datatype)}>{value}</literal>"
    if cls is ox.NamedNode:
        return f"<uri>{escape(term.value)}</uri>"  # type: ignore[attr-defined]
    if cls is ox.BlankNode:
        return f"<bnode>{escape(term.value)}</bnode>"  # type: ignore[attr-defined]
    raise unsupported(term)


def sparql_xml(result: QueryResult | Solutions) -> bytes:
    parts = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n']
    if result.kind == "ask":
        parts.append(f"<head/>\n<boolean>{'true' if result.boolean else 'false'}</boolean>\n")
    else:
        names = result.variables
        parts.append("<head>")
        parts.extend(f"<variable name={quoteattr(name)}/>" for name in names)
        parts.append("</head>\n<results>\n")
        bindings = [f"<binding name={quoteattr(name)}>" for name in names]
        if isinstance(result, Solutions):
            parts.extend("<result>" + "".join(f"{binding}{_ox_xml_term(term)}</binding>"
                                              for binding, term in zip(bindings, row)
                                              if term is not None) + "</result>\n"
                         for row in result.rows)
        else:
            parts.extend("<result>" + "".join(f"{binding}{_xml_term(term)}</binding>"
                                              for binding, term in zip(bindings, row)
                                              if term is not None) + "</result>\n"
                         for row in _table(result))
        parts.append("</results>\n")
    parts.append("</sparql>\n")
    text = "".join(parts)
    bad = NOT_XML.search(text)
    if bad:
        raise Unwritable(f"the answer holds the character U+{ord(bad.group()):04X}, which XML "
                         "cannot carry; ask for SPARQL JSON, CSV or TSV")
    return text.encode("utf-8")


def _csv_field(value: str) -> str:
    if any(ch in value for ch in '",\r\n'):
        return '"' + value.replace('"', '""') + '"'
    return value


def _csv_term(parts: Parts | None) -> str:
    if parts is None:
        return ""
    if parts[0] == "bnode":
        return _csv_field(f"_:{parts[1]}")
    return _csv_field(parts[1])


def _ox_csv_term(term: object) -> str:
    # _csv_term(_ox_parts(term)) without the tuple between them
    cls = type(term)
    if cls is ox.Literal or cls is ox.NamedNode:
        return _csv_field(term.value)  # type: ignore[attr-defined]
    if term is None:
        return ""
    if cls is ox.BlankNode:
        return _csv_field(f"_:{term.value}")  # type: ignore[attr-defined]
    raise unsupported(term)


def sparql_csv(result: QueryResult | Solutions) -> bytes:
    if result.kind == "ask":
        return f"_askResult\r\n{'true' if result.boolean else 'false'}\r\n".encode()
    lines = [",".join(_csv_field(name) for name in result.variables)]
    if isinstance(result, Solutions):
        lines.extend(",".join(map(_ox_csv_term, row)) for row in result.rows)
    else:
        lines.extend(",".join(_csv_term(term) for term in row) for row in _table(result))
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


_TSV_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"})


def _tsv_term(parts: Parts | None) -> str:
    if parts is None:
        return ""
    kind, value, language, datatype = parts
    if kind == "uri":
        return f"<{value}>"
    if kind == "bnode":
        return f"_:{value}"
    text = '"' + value.translate(_TSV_ESCAPES) + '"'
    if language:
        return f"{text}@{language}"
    if datatype is not None:
        return f"{text}^^<{datatype}>"
    return text


def _ox_tsv_term(term: object) -> str:
    # _tsv_term(_ox_parts(term)) without the tuple between them
    cls = type(term)
    if cls is ox.Literal:
        text = '"' + term.value.translate(_TSV_ESCAPES) + '"'  # type: ignore[attr-defined]
        language = term.language  # type: ignore[attr-defined]
        if language:
            return f"{text}@{language}"
        datatype = term.datatype.value  # type: ignore[attr-defined]
        return text if datatype == _XSD_STRING else f"{text}^^<{datatype}>"
    if cls is ox.NamedNode:
        return f"<{term.value}>"  # type: ignore[attr-defined]
    if term is None:
        return ""
    if cls is ox.BlankNode:
        return f"_:{term.value}"  # type: ignore[attr-defined]
    raise unsupported(term)


def sparql_tsv(result: QueryResult | Solutions) -> bytes:
    if result.kind == "ask":
        return f"?_askResult\n{'true' if result.boolean else 'false'}\n".encode()
    lines = ["\t".join(f"?{name}" for name in result.variables)]
    if isinstance(result, Solutions):
        lines.extend("\t".join(map(_ox_tsv_term, row)) for row in result.rows)
    else:
        lines.extend("\t".join(_tsv_term(term) for term in row) for row in _table(result))
    return ("\n".join(lines) + "\n").encode("utf-8")
