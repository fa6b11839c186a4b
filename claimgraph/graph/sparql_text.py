"""Literals written into SPARQL text (VALUES blocks the code builds), escaped for every engine.

rdflib's ``Literal.n3()`` is not safe for this: a value with a newline becomes a triple-quoted
string, and one that also ends in a backslash and a quote comes out unparseable. Here every
literal is one short string whose only escapes are SPARQL's ECHARs (never ``\\u``, which engines
expand before parsing), so every quote in the value stays escaped.
"""

from __future__ import annotations

from rdflib import Literal
from rdflib.namespace import XSD

_ECHAR = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t",
          "\b": "\\b", "\f": "\\f"}


def sparql_literal(term: Literal) -> str:
    """``term`` in SPARQL syntax, with its language tag or datatype (none for xsd:string)."""
    body = "".join(_ECHAR.get(ch, ch) for ch in str(term))
    if term.language:
        return f'"{body}"@{term.language}'
    if term.datatype and term.datatype != XSD.string:
        return f'"{body}"^^<{term.datatype}>'
    return f'"{body}"'
