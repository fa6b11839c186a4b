"""SELECT answers held as plain cells: what a backend returns for ``Store.query``.

Building an rdflib term costs microseconds, more than an index lookup, and the answers of the
catalog's whole listings run to hundreds of thousands of rows. So a SELECT answer is kept as
cells made of Python's own strings and tuples, read once from the engine's terms:

* an IRI is its ``str``;
* a literal is ``(lexical form, key)``, the key ``""`` for a plain string, ``"@" + language``
  for a language-tagged one, else the datatype IRI;
* a blank node is ``(identifier,)``;
* an unbound variable is ``None``.

:class:`TableResult` answers ``records()`` from the cells directly (the named-query API, the
CLI), converts them to rdflib terms only when ``rows`` is read (pages and views that want
terms), and pickles as the cells, which is how an answer leaves a server's query worker (an
rdflib term pickles and unpickles at several microseconds). ``records()`` gives exactly what
:meth:`QueryResult.records` gives for the same rdflib rows, including rdflib's normalization
of typed literals ("2025-06-01T12:00:00Z" reads "2025-06-01T12:00:00+00:00"), so that every
backend's records agree.

RDF allows ill-typed literals (``"x"^^xsd:integer``) and the store keeps them as they are; rdflib
logs a warning with a traceback each time it builds one. Those records are dropped
(``quiet_ill_typed_literals``, run when this module is imported): an answer that holds such a
literal is not an error, and a traceback in the server's log would say it was.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from typing import Any, Iterable, Sequence

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from claimgraph.graph.store import QueryResult, StoreError

Cell = str | tuple[str, str] | tuple[str] | None

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
_INTEGER = re.compile(r"[+-]?[0-9]+")


class _IllTypedLiteralFilter(logging.Filter):
    """Drops rdflib's "Failed to convert Literal lexical form to value" records."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("Failed to convert Literal lexical form")


def quiet_ill_typed_literals() -> None:
    """Keep rdflib from logging a traceback for each ill-typed literal it builds (once)."""
    logger = logging.getLogger("rdflib.term")
    if not any(isinstance(f, _IllTypedLiteralFilter) for f in logger.filters):
        logger.addFilter(_IllTypedLiteralFilter())


quiet_ill_typed_literals()


class TermError(StoreError, ValueError):
    """A term that cannot be represented in the other library (for example an invalid IRI)."""


def unsupported(term: Any) -> TermError:
    """The error for a term neither cells nor rdflib can hold."""
    return TermError(f"unsupported term {term!r} (RDF-star triple terms are not supported)")


def cell_of(term: Any) -> Cell:
    """The cell of a pyoxigraph term (see the module docstring)."""
    cls = type(term)
    if cls is ox.NamedNode:
        return term.value
    if cls is ox.Literal:
        language = term.language
        if language:
            return (term.value, "@" + language)
        datatype = term.datatype.value
        return (term.value, "" if datatype == XSD_STRING else datatype)
    if cls is ox.BlankNode:
        return (term.value,)
    if term is None:
        return None
    raise unsupported(term)


def cells_of(solutions: Iterable[Any], width: int) -> list[tuple[Cell, ...]]:
    """The rows of a pyoxigraph SELECT answer as cells; a term that repeats (the same node on
    many rows, a few relations) is read once."""
    seen: dict[Any, Cell] = {}
    columns = range(width)
    rows = []
    for solution in solutions:
        row = []
        for i in columns:
            term = solution[i]
            if term is None:
                row.append(None)
                continue
            cell = seen.get(term)
            if cell is None:
                cell = seen[term] = cell_of(term)
            row.append(cell)
        rows.append(tuple(row))
    return rows


@lru_cache(maxsize=65536)
def _typed_record(value: str, datatype: str) -> object:
    # what QueryResult.records makes of the rdflib literal: numbers as numbers, else its text
    term = Literal(value, datatype=URIRef(datatype))
    python = term.toPython()
    if isinstance(python, (int, float)) and not isinstance(python, bool):
        return python
    return str(term)


def record_of(cell: Cell) -> object:
    """The plain value of a cell, as QueryResult.records gives it for the rdflib term."""
    if cell is None or type(cell) is str:
        return cell
    if len(cell) == 1:
        return cell[0]
    value, key = cell
    if not key or key[0] == "@":
        return value
    if key == XSD_INTEGER and _INTEGER.fullmatch(value):
        return int(value)
    return _typed_record(value, key)


def term_of(cell: Cell) -> Node | None:
    """The rdflib term of a cell."""
    if cell is None:
        return None
    if type(cell) is str:
        return URIRef(cell)
    if len(cell) == 1:
        return BNode(cell[0])
    value, key = cell
    if not key:
        return Literal(value)
    if key[0] == "@":
        return Literal(value, lang=key[1:])
    return Literal(value, datatype=datatype_iri(key))


@lru_cache(maxsize=256)
def datatype_iri(iri: str) -> URIRef:
    """The rdflib IRI of a datatype (a few recur on every row: made once each)."""
    return URIRef(iri)


class TableResult(QueryResult):
    """A SELECT answer held as cells (see the module docstring); ``rows`` is made on first use."""

    def __init__(self, variables: Sequence[str], cells: list[tuple[Cell, ...]]) -> None:
        self.kind = "select"
        self.variables = list(variables)
        self.boolean = None
        self.graph = None
        self.cells: list[tuple[Cell, ...]] | None = cells
        self._rows: list[dict[str, Node]] | None = None

    @property  # type: ignore[override]
    def rows(self) -> list[dict[str, Node]]:
        if self._rows is None:
            converted: dict[Cell, Node] = {}
            rows = []
            for cells in self.cells or ():
                row = {}
                for name, cell in zip(self.variables, cells):
                    if cell is not None:
                        term = converted.get(cell)
                        if term is None:
                            term = converted[cell] = term_of(cell)  # type: ignore[assignment]
                        row[name] = term
                rows.append(row)
            self._rows = rows
        return self._rows

    @rows.setter
    def rows(self, rows: list[dict[str, Node]]) -> None:
        self._rows, self.cells = rows, None   # the rows given now are the answer

    def row_count(self) -> int:
        return len(self.cells) if self.cells is not None else len(self.rows)

    def records(self) -> list[dict[str, object]]:
        if self.cells is None:
            return super().records()
        names = self.variables
        return [{name: record_of(cell) for name, cell in zip(names, cells)}
                for cells in self.cells]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, QueryResult):
            return NotImplemented
        return (other.kind, other.variables, other.rows, other.boolean, other.graph) == \
            (self.kind, self.variables, self.rows, self.boolean, self.graph)

    __hash__ = None  # type: ignore[assignment]   # mutable, as the dataclass it stands for

    def __reduce__(self) -> tuple:
        if self.cells is None:
            return (QueryResult, ("select", self.variables, self.rows))
        return (TableResult, (self.variables, self.cells))

    def __repr__(self) -> str:
        return f"TableResult(variables={self.variables!r}, rows={self.row_count()})"
