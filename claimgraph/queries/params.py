"""Parameter types of the named queries, their checks, and how a value is bound into a query.

A value never reaches the query text as text: it is turned into an rdflib term (an IRI checked
to be an IRI, or a typed literal) and the term's own serialization (``Term.n3()``, which escapes
quotes, backslashes and newlines) is written into a ``VALUES`` block at a ``#@ bind`` marker.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Iterable, Mapping

from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from claimgraph.graph.sparql_text import sparql_literal

# Entity types are resolved to IRIs (see resolve.py); the others become literals.
ENTITY_TYPES = ("actor", "location", "entity", "statement", "negotiation", "operation")
PARAM_TYPES = ENTITY_TYPES + ("date", "integer", "string")

PREFIXES = {
    "cg": "https://w3id.org/claimgraph/ontology#",
    "id": "https://w3id.org/claimgraph/id/",
    "wd": "http://www.wikidata.org/entity/",
}
# What may not appear in an IRI written as <...> (SPARQL's IRIREF production), nor spaces.
_BAD_IRI_CHARS = re.compile(r'[\x00-\x20<>"{}|^`\\\x7f]')
_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$")
_PREFIXED = re.compile(r"^(?P<prefix>[a-z]+):(?P<local>[A-Za-z0-9_][A-Za-z0-9_./%-]*)$")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
# The body markers (docs/queries.md); catalog.py checks them against the header with the same
# patterns, render() below rewrites them.
BIND_MARKER = re.compile(r"^(?P<indent>\s*)#@\s*bind\s+(?P<name>[a-z][a-z0-9_]*)"
                         r"(?:\s+\?(?P<var>[A-Za-z_][A-Za-z0-9_]*))?\s*$")
MODIFIER_MARKER = re.compile(r"^\s*#@\s*(?P<modifier>limit|offset)\s+(?P<name>[a-z][a-z0-9_]*)\s*$")
ABSENT_MARKER = re.compile(r"^(?P<indent>\s*)#@\s*absent\s+(?P<name>[a-z][a-z0-9_]*)"
                           r"\s+\?(?P<var>[A-Za-z_][A-Za-z0-9_]*)\s*$")
FIRST_MARKER = re.compile(r"^(?P<indent>\s*)#@\s*first\s+\?(?P<var>[A-Za-z_][A-Za-z0-9_]*)"
                          r"\s+(?P<offset>[a-z][a-z0-9_]*)\s+(?P<limit>[a-z][a-z0-9_]*)"
                          r"(?:\s+(?P<base>[a-z][a-z0-9_]*)\s+(?P<end>[a-z][a-z0-9_]*))?\s*$")
UPTO_MARKER = re.compile(r"^\s*#@\s*upto\s+(?P<offset>[a-z][a-z0-9_]*)"
                         r"\s+(?P<limit>[a-z][a-z0-9_]*)\s*$")
# '#@ when COND [and COND]' / '#@ else' / '#@ end': a block of the body kept only for the form of
# the query its conditions name (COND: 'no NAME', or 'NAME = 0' for an integer parameter), so
# that a form (every row) can have its own plan rather than share a branch guarded by FILTERs.
WHEN_MARKER = re.compile(r"^\s*#@\s*when\s+(?P<conditions>.+?)\s*$")
WHEN_CONDITION = re.compile(r"^(?:no\s+(?P<absent>[a-z][a-z0-9_]*)"
                            r"|(?P<zero>[a-z][a-z0-9_]*)\s*=\s*0)$")
BLOCK_MARKER = re.compile(r"^\s*#@\s*(?P<marker>else|end)\s*$")
# Up to this many positions a '#@ first' marker lists them (each one index lookup); beyond, it
# becomes a FILTER over every position.
FIRST_VALUES = 10_000
NOTHING = "urn:claimgraph:nothing"  # an IRI no graph uses: a VALUES block of it matches no row
MAX_STRING = 500
# The largest integer parameter (limit, offset, a threshold): far more rows than any store holds,
# and small enough that an offset plus a limit stays a 64-bit integer, as the stores' parsers and
# xsd:integer values need; beyond it a value is refused here, not by the store's query parser.
MAX_INTEGER = 10**12


class ParameterError(ValueError):
    """A parameter is missing, unknown, malformed or does not resolve to one entity.

    ``ambiguous`` is true when the value names more than one entity (``candidates`` lists them),
    so that callers tell that case from an unknown name without reading ``reason``'s wording."""

    def __init__(self, name: str, reason: str, candidates: Iterable[dict] = (),
                 ambiguous: bool = False) -> None:
        super().__init__(f"parameter {name!r}: {reason}")
        self.name, self.reason = name, reason
        self.candidates = list(candidates)
        self.ambiguous = ambiguous

    def to_dict(self) -> dict:
        return {"parameter": self.name, "reason": self.reason, "candidates": self.candidates}


def check_iri(value: str) -> URIRef | None:
    """``value`` as an IRI when it is an absolute IRI with none of the forbidden characters."""
    if _IRI.match(value) and not _BAD_IRI_CHARS.search(value):
        return URIRef(value)
    return None


def expand_prefixed(value: str) -> URIRef | None:
    """``cg:Foo`` / ``id:person/x`` / ``wd:Q1`` as an IRI, when the prefix is one of PREFIXES."""
    match = _PREFIXED.match(value)
    if match and match["prefix"] in PREFIXES:
        return check_iri(PREFIXES[match["prefix"]] + match["local"])
    return None


def literal_value(name: str, type_: str, value: object) -> Literal:
    """A date, integer or string parameter as a typed literal; ParameterError when malformed."""
    if type_ == "integer":
        try:
            number = value if isinstance(value, int) and not isinstance(value, bool) \
                else int(str(value).strip(), 10)
        except ValueError:
            raise ParameterError(name, f"expected an integer, got {str(value)[:60]!r}") from None
        if abs(number) > MAX_INTEGER:
            bound = f"at most {MAX_INTEGER:,}" if number > 0 else f"at least -{MAX_INTEGER:,}"
            raise ParameterError(name, f"{str(number)[:60]} is out of range: expected {bound}")
        return Literal(number, datatype=XSD.integer)
    text = value.isoformat() if isinstance(value, date) else str(value)
    if type_ == "date":
        text = text.strip()
        if not _DATE.match(text):
            raise ParameterError(name, f"expected a date YYYY-MM-DD (or YYYY-MM, YYYY), "
                                       f"got {text[:60]!r}")
        if len(text) == 10:
            try:
                date.fromisoformat(text)
            except ValueError:
                raise ParameterError(name, f"{text!r} is not a calendar date") from None
        return Literal(text)
    if len(text) > MAX_STRING:
        raise ParameterError(name, f"longer than {MAX_STRING} characters")
    return Literal(text)


def sparql_term(term: Node) -> str:
    """An IRI or literal in SPARQL syntax. Literals use only ECHAR escapes (never \\u, which
    engines expand before parsing), so every quote in the value stays escaped."""
    if isinstance(term, URIRef):
        if check_iri(str(term)) is None:
            raise ValueError(f"not a valid IRI: {str(term)[:80]!r}")
        return f"<{term}>"
    if isinstance(term, Literal):
        if term.datatype and check_iri(str(term.datatype)) is None:
            raise ValueError(f"not a valid datatype IRI: {str(term.datatype)[:80]!r}")
        return sparql_literal(term)
    raise TypeError(f"cannot bind {term!r}")


def render(body: str, terms: Mapping[str, Node]) -> str:
    """The query body with each ``#@ bind`` marker replaced by a VALUES block of its term, or
    dropped when the parameter has no value; each ``#@ limit`` / ``#@ offset`` marker by
    ``LIMIT n`` / ``OFFSET n`` (none for 0 or no value); each ``#@ absent NAME ?var`` marker by
    ``VALUES ?var { true }`` when the parameter has no value, and dropped when it has one; each
    ``#@ first ?var OFFSET LIMIT`` marker by a restriction of ``?var`` to the integers 0 to
    offset + limit - 1 (none when the limit is 0: every row), and ``#@ first ?var OFFSET LIMIT
    BASE END`` to the integers from base up to base + offset + limit - 1 and below end
    (BASE and END name integer terms a runner computes; 0 and no end when they have no value);
    each ``#@ upto OFFSET LIMIT`` marker by ``LIMIT offset+limit`` (none when the limit is 0).
    The lines between ``#@ when CONDITIONS`` and ``#@ else`` (or ``#@ end``) are kept only when
    every condition holds, those between ``#@ else`` and ``#@ end`` only when one does not."""
    out = []
    keep = True
    for line in body.splitlines():
        when = WHEN_MARKER.match(line)
        if when is not None:
            keep = all(_holds(condition, terms) for condition in when_conditions(when))
            continue
        block = BLOCK_MARKER.match(line)
        if block is not None:
            keep = not keep if block["marker"] == "else" else True
            continue
        if not keep:
            continue
        first = FIRST_MARKER.match(line)
        if first is not None:
            out.extend(_first_positions(first, terms))
            continue
        upto = UPTO_MARKER.match(line)
        if upto is not None:
            limit = limit_count(upto["limit"], terms.get(upto["limit"]))
            if limit:
                offset = limit_count(upto["offset"], terms.get(upto["offset"]))
                out.append(f"LIMIT {offset + limit}")
            continue
        limit = MODIFIER_MARKER.match(line)
        if limit is not None:
            count = limit_count(limit["name"], terms.get(limit["name"]))
            if count:
                out.append(f"{limit['modifier'].upper()} {count}")
            continue
        absent = ABSENT_MARKER.match(line)
        if absent is not None:
            if terms.get(absent["name"]) is None:
                out.append(f"{absent['indent']}VALUES ?{absent['var']} {{ true }}")
            continue
        match = BIND_MARKER.match(line)
        if match is None:
            if not line.startswith("#+"):
                out.append(line)
            continue
        term = terms.get(match["name"])
        if term is None:
            continue
        var = match["var"] or match["name"]
        out.append(f"{match['indent']}VALUES ?{var} {{ {sparql_term(term)} }}")
    return "\n".join(out) + "\n"


def when_conditions(marker: re.Match) -> list[re.Match]:
    """The conditions of a ``#@ when`` marker; ValueError naming one that is malformed."""
    conditions = []
    for text in re.split(r"\s+and\s+", marker["conditions"]):
        condition = WHEN_CONDITION.match(text.strip())
        if condition is None:
            raise ValueError(f"expected 'no NAME' or 'NAME = 0', got {text.strip()!r}")
        conditions.append(condition)
    return conditions


def _holds(condition: re.Match, terms: Mapping[str, Node]) -> bool:
    if condition["absent"]:
        return terms.get(condition["absent"]) is None
    return limit_count(condition["zero"], terms.get(condition["zero"])) == 0


def _first_positions(marker: re.Match, terms: Mapping[str, Node]) -> list[str]:
    # The positions the page's rows can take, those it skips (the OFFSET above cuts them) first.
    limit = limit_count(marker["limit"], terms.get(marker["limit"]))
    offset = limit_count(marker["offset"], terms.get(marker["offset"]))
    start = limit_count(marker["base"], terms.get(marker["base"])) if marker["base"] else 0
    end = terms.get(marker["end"]) if marker["end"] else None
    stop = None if end is None else limit_count(marker["end"], end)
    if limit:
        stop = start + offset + limit if stop is None else min(stop, start + offset + limit)
    indent, var = marker["indent"], marker["var"]
    lower = f"?{var} >= {start}" if start else ""
    if stop is None:
        return [f"{indent}FILTER({lower})"] if lower else []
    if stop <= start:
        return [f"{indent}FILTER(false)"]
    if stop - start > FIRST_VALUES:
        return [f"{indent}FILTER({lower + ' && ' if lower else ''}?{var} < {stop})"]
    return [f"{indent}VALUES ?{var} {{ {' '.join(map(str, range(start, stop)))} }}"]


def limit_count(name: str, term: Node | None) -> int:
    """The row limit (or offset) an integer parameter asks for: 0 (none) when it has no value."""
    if term is None:
        return 0
    value = term.toPython() if isinstance(term, Literal) else None
    if not isinstance(value, int) or isinstance(value, bool):
        raise ParameterError(name, f"expected an integer, got {str(term)[:60]!r}")
    if value < 0:
        raise ParameterError(name, f"expected 0 or a positive number of rows, got {value}")
    return value


def render_many(body: str, name: str, terms: Iterable[Node], empty: Iterable[str] = ()) -> str:
    """Like render, binding one marker to several IRIs or literals (BFS frontiers, probed
    positions); the markers named in ``empty`` bind their variable to an IRI that names nothing,
    so that their group yields no row (an empty VALUES block would say that, but rdflib 7 cannot
    evaluate one)."""
    values = " ".join(sparql_term(t) for t in terms if isinstance(t, Literal)
                      or (isinstance(t, URIRef) and check_iri(str(t)) is not None))
    bound = {name: values} | {other: f"<{NOTHING}>" for other in empty}
    out = []
    for line in body.splitlines():
        match = BIND_MARKER.match(line)
        if match is None:
            if not line.startswith("#+"):
                out.append(line)
        elif match["name"] in bound:
            out.append(f"{match['indent']}VALUES ?{match['var'] or match['name']} "
                       f"{{ {bound[match['name']]} }}")
    return "\n".join(out) + "\n"
