"""Checks of the graphs an update writes, and of its literals, made before it reaches the store.

claimgraph keeps every triple in a named graph (one per source document), and its default
graph is the read-only union of them: queries that name no graph see that union, the Graph
Store refuses writes to ``?default`` (405), and the service description says so. Oxigraph's
update engine still has a default graph of its own, which an update that names no graph would
write: its triples would then show in every query but belong to no graph the Graph Store, the
loader or ``claimgraph drop`` can reach. So ``check_update`` refuses (400) every operation that
names that graph:

- triples outside ``GRAPH`` in ``INSERT DATA``, ``DELETE DATA``, ``DELETE WHERE``, and in the
  ``INSERT``/``DELETE`` templates of an update without ``WITH``. DELETE too: nothing claimgraph
  writes is in that graph, so such a DELETE would silently remove nothing, where its author
  expects it to act on the union;
- ``LOAD`` without ``INTO GRAPH``; ``CLEAR DEFAULT`` and ``DROP DEFAULT``; ``ADD``, ``MOVE`` and
  ``COPY`` from or to ``DEFAULT``;
- and, as it would silently match nothing, an ``INSERT``/``DELETE … WHERE`` without ``WITH`` or
  ``USING`` whose ``WHERE`` holds a triple pattern outside ``GRAPH`` (in an ``OPTIONAL``,
  ``MINUS``, ``EXISTS`` or sub-select too): Oxigraph matches it against that own default graph,
  not the union the author sees in queries.

Every graph IRI an update writes into (``GRAPH <iri>`` in an ``INSERT`` template, ``WITH`` in
an update that inserts, ``INTO GRAPH``, ``CREATE GRAPH``, the target of ``ADD``/``MOVE``/
``COPY``) must pass the rule the Graph Store applies to a new ``?graph=``
(``querycheck.check_graph_iri``: absolute http, https, urn or tag), so that whatever an update
writes can be read and deleted there. A graph it only removes from or reads (``CLEAR``/``DROP
GRAPH``, ``GRAPH <iri>`` in a ``DELETE`` template, the source of ``ADD``/``MOVE``/``COPY``) may
have any absolute IRI: removing creates no graph, and the loader names an RDF file's graph
``file://…``, which must be removable over HTTP too. A graph named by a variable (``GRAPH ?g``)
is bound only when the update runs and is not checked. A literal written in the
update text may be at most ``MAX_LITERAL_CHARS`` long, as in files ``claimgraph load`` reads.

What claimgraph writes itself is refused as the loader and the Graph Store refuse it
(claimgraph.graph.reserved): an update may read the reserved graphs (the claim ledger's, the
watches', staging graphs) but not name one as a graph it writes or removes from (``GRAPH`` in a
template, ``WITH``, ``INTO GRAPH``, ``CREATE``, ``CLEAR``/``DROP GRAPH``, the target of ``ADD``,
``MOVE``, ``COPY`` and the source of ``MOVE``), and an ``INSERT`` template may not name the
properties and classes only the ledger derives. ``CLEAR ALL``/``DROP ALL`` empty the whole store,
the ledger with it, and are allowed.

The walk follows the SPARQL 1.1 Update grammar over querycheck's tokens; at anything it does
not recognise it stops, and Oxigraph's parser, which runs next, reports the syntax error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from claimgraph.graph import querycheck, reserved
from claimgraph.graph.backends.terms import MAX_LITERAL_CHARS
from claimgraph.graph.querycheck import QueryRefused

_UNION = "the default graph is the union of the named graphs and cannot be written"
_IN_GRAPH = "put the triples in GRAPH <iri> { … }"
_WHERE_DEFAULT = ("the WHERE clause matches triples outside GRAPH, but an update's WHERE reads "
                  "the store's own default graph, which holds nothing claimgraph loads (the "
                  "default graph queries see is the union of the named graphs, which an update "
                  "cannot read): match in GRAPH ?g { … }, or name the graphs to read with "
                  "USING <iri> or WITH <iri>")
_RESERVED = ("claimgraph writes this graph itself (the claim ledger's, the watches' or a staging "
             "graph): an update may read it but not write to it or remove from it; `claimgraph "
             "ledger refresh` derives the ledger again")
_ESCAPE = re.compile(r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}|\\.")


def check_update(text: str) -> None:
    """Refuse (QueryRefused, 400) an update that writes the default graph, writes a graph IRI
    the Graph Store would refuse, writes or removes from a reserved graph, inserts a term only
    the claim ledger writes, or holds a literal over ``MAX_LITERAL_CHARS``."""
    found = querycheck.tokens(text)
    for kind, value in found:
        if kind == "string" and len(value) > MAX_LITERAL_CHARS:
            _check_literal_length(value)
    _Walk(found).operations()


def _check_literal_length(token: str) -> None:
    quote = 3 if token[:3] in ('"""', "'''") else 1
    length = len(_ESCAPE.sub("x", token[quote:-quote]))
    if length > MAX_LITERAL_CHARS:
        raise QueryRefused(f"the update holds a literal of {length:,} characters; the limit "
                           f"is {MAX_LITERAL_CHARS:,} characters (as for claimgraph load)")


def _check_absolute(iri: str, where: str) -> None:
    """Refuse a graph IRI that is not absolute (a relative one with no BASE)."""
    try:
        scheme = urlsplit(iri).scheme
    except ValueError as error:   # an unbalanced IPv6 bracket
        raise QueryRefused(f"{where} <{iri}> is not a valid IRI: {error}") from None
    if not scheme:
        raise QueryRefused(f"{where} <{iri}>: graph IRIs must be absolute")


def _default(operation: str, advice: str) -> QueryRefused:
    return QueryRefused(f"{operation} names the default graph, but {_UNION}: {advice}")


class _Stop(Exception):
    """The text is not an update the walk can follow: leave it to Oxigraph's parser."""


@dataclass
class _Walk:
    """A walk over an update's tokens, operation by operation."""

    found: list[tuple[str, str]]
    at: int = 0
    prefixes: dict[str, str] = field(default_factory=dict)
    base: str | None = None

    def operations(self) -> None:
        try:
            while self.at < len(self.found):
                word = self._word()
                if self.found[self.at] == ("other", ";"):
                    self.at += 1
                elif word == "PREFIX":
                    self._prefix()
                elif word == "BASE":
                    self.at += 1
                    self.base = self._iri()
                elif word == "LOAD":
                    self._load()
                elif word in ("CLEAR", "DROP"):
                    self._clear(word)
                elif word == "CREATE":
                    self.at += 1
                    self._skip("SILENT")
                    self._expect("GRAPH")
                    self._graph("CREATE GRAPH")
                elif word in ("ADD", "MOVE", "COPY"):
                    self._copy(word)
                elif word in ("WITH", "INSERT", "DELETE"):
                    self._modify()
                else:
                    raise _Stop
        except _Stop:
            return

    # -- tokens -------------------------------------------------------------------------

    def _word(self, offset: int = 0) -> str | None:
        index = self.at + offset
        if index < len(self.found) and self.found[index][0] == "word":
            return self.found[index][1].upper()
        return None

    def _skip(self, word: str) -> bool:
        if self._word() == word:
            self.at += 1
            return True
        return False

    def _expect(self, word: str) -> None:
        if not self._skip(word):
            raise _Stop

    def _iri(self) -> str:
        if self.at >= len(self.found) or self.found[self.at][0] not in ("iri", "pname"):
            raise _Stop
        kind, value = self.found[self.at]
        self.at += 1
        return querycheck.resolve(value, kind, self.prefixes, self.base) or ""

    def _graph(self, where: str, writes: bool = True, changes: bool = True) -> str:
        """The graph IRI at the cursor; checked as a graph written into, or, when the update
        only removes from it or reads it (``writes`` false), as an absolute IRI; and, when the
        update writes or removes from it (``changes``), refused if claimgraph writes it."""
        iri = self._iri()
        if writes:
            querycheck.check_graph_iri(iri, where)
        else:
            _check_absolute(iri, where)
        if changes and reserved.is_reserved(iri):
            raise QueryRefused(f"{where} <{iri}>: {_RESERVED}")
        return iri

    def _prefix(self) -> None:
        self.at += 1
        if self.at >= len(self.found) or self.found[self.at][0] != "pname":
            raise _Stop
        name = self.found[self.at][1].rstrip(":")
        self.at += 1
        self.prefixes[name] = self._iri()

    # -- operations ---------------------------------------------------------------------

    def _load(self) -> None:
        self.at += 1
        self._skip("SILENT")
        self._iri()
        if not self._skip("INTO"):
            raise _default("LOAD without INTO GRAPH",
                           "load into a named graph with LOAD <…> INTO GRAPH <iri>")
        self._expect("GRAPH")
        self._graph("LOAD INTO GRAPH")

    def _clear(self, operation: str) -> None:
        self.at += 1
        self._skip("SILENT")
        if self._skip("GRAPH"):
            self._graph(f"{operation} GRAPH", writes=False)
        elif self._word() == "DEFAULT":
            raise _default(f"{operation} DEFAULT", f"{operation} GRAPH <iri> names one graph, "
                                                   f"{operation} ALL every graph")
        elif self._word() in ("NAMED", "ALL"):
            self.at += 1
        else:
            raise _Stop

    def _copy(self, operation: str) -> None:
        self.at += 1
        self._skip("SILENT")
        for where in (operation, f"{operation} … TO"):
            if self._word() == "DEFAULT":
                raise _default(f"{where} DEFAULT",
                               f"name both graphs: {operation} GRAPH <iri> TO GRAPH <iri>")
            self._skip("GRAPH")
            self._graph(f"{where} GRAPH", writes=where != operation,
                        changes=where != operation or operation == "MOVE")
            if where == operation:
                self._expect("TO")

    def _modify(self) -> None:
        graph = None
        if self._skip("WITH"):
            graph = self._graph("WITH", writes=self._inserts())
        operation = self._word()
        self.at += 1
        if operation not in ("INSERT", "DELETE"):
            raise _Stop
        if graph is None and self._word() in ("DATA", "WHERE"):
            shape = self._word()
            self.at += 1
            if shape == "WHERE" and operation == "INSERT":
                raise _Stop
            self._template(f"{operation} {shape}", f"{_IN_GRAPH} or GRAPH ?g {{ … }}"
                           if shape == "WHERE" else _IN_GRAPH, default_allowed=False)
            return
        advice = f"{_IN_GRAPH}, or name the graph for the whole update with WITH <iri>"
        self._template(operation, advice, default_allowed=graph is not None)
        if operation == "DELETE" and self._skip("INSERT"):
            self._template("INSERT", advice, default_allowed=graph is not None)
        using = False
        while self._skip("USING"):
            using = True
            self._skip("NAMED")
            self._iri()      # querycheck.check has checked it
        self._expect("WHERE")
        if graph is None and not using:
            if self._group_reads_default():
                raise QueryRefused(_WHERE_DEFAULT)
        else:
            self._block()

    def _template(self, operation: str, advice: str, *, default_allowed: bool) -> None:
        """Walk a ``{ … }`` of quads: check each GRAPH's IRI, and refuse triples outside any
        GRAPH unless they go to a WITH graph."""
        if self.at >= len(self.found) or self.found[self.at] != ("open", "{"):
            raise _Stop
        start = self.at
        self.at += 1
        while self.at < len(self.found):
            kind, value = self.found[self.at]
            if kind == "close":
                self.at += 1
                if operation.startswith("INSERT"):
                    self._refuse_ledger_terms(operation, start)
                return
            if self._skip("GRAPH"):
                if self.at < len(self.found) and self.found[self.at][0] == "var":
                    self.at += 1
                else:
                    self._graph(f"{operation}: GRAPH", writes=operation.startswith("INSERT"))
                self._block()
            elif value == ".":
                self.at += 1
            elif not default_allowed:
                raise _default(f"{operation} with triples outside GRAPH", advice)
            elif kind == "open":
                self._block()
            else:
                self.at += 1
        raise _Stop

    def _refuse_ledger_terms(self, operation: str, start: int) -> None:
        """Refuse an insert template (the tokens from ``start`` to the cursor) that names one
        of the terms only the claim ledger writes, wherever it stands in a triple. A term bound
        by a variable when the update runs is not seen here."""
        for kind, value in self.found[start:self.at]:
            if kind not in ("iri", "pname"):
                continue
            iri = querycheck.resolve(value, kind, self.prefixes, self.base)
            if iri in reserved.LEDGER_PROPERTIES:
                what = f"property {reserved.short(iri)}"
            elif iri in reserved.LEDGER_CLASSES:
                what = f"class {reserved.short(iri)}"
            else:
                continue
            raise QueryRefused(f"{operation} names the {what}, which only the claim ledger "
                               "derives, in its own graph: written as data, a claim would show "
                               "a second status and the listings would count twice")

    def _inserts(self) -> bool:
        """Whether the operation after ``WITH <iri>`` (the cursor at the IRI) has an ``INSERT``
        template, which writes the WITH graph: ``INSERT { … }`` or ``DELETE { … } INSERT``."""
        saved = self.at
        try:
            self.at += 1
            if self._skip("DELETE"):
                self._block()
            return self._word() == "INSERT"
        except _Stop:
            return True         # a text the walk cannot follow: check the graph as written
        finally:
            self.at = saved

    def _group_reads_default(self) -> bool:
        """Walk a group graph pattern (``{ … }``); whether it holds a triple pattern outside
        ``GRAPH`` (or ``SERVICE``), which Oxigraph would match against its own default graph.
        The whole group is walked, so that the walk can go on after it."""
        if self.at >= len(self.found) or self.found[self.at] != ("open", "{"):
            raise _Stop
        self.at += 1
        reads = False
        if self._word() == "SELECT":          # a sub-select fills its group
            while self._word() != "WHERE" and self.found[self.at:self.at + 1] != [("open", "{")]:
                self._step()
            self._skip("WHERE")
            reads = self._group_reads_default()
            while self.at < len(self.found) and self.found[self.at][0] != "close":
                self._step()                  # GROUP BY, HAVING, ORDER BY, LIMIT, VALUES
            self.at += 1
            return reads
        while self.at < len(self.found):
            kind, value = self.found[self.at]
            word = self._word()
            if kind == "close":
                self.at += 1
                return reads
            if word in ("GRAPH", "SERVICE"):
                self.at += 1
                self._skip("SILENT")
                self.at += 1                  # the graph or endpoint: an IRI or a variable
                self._block()
            elif word in ("OPTIONAL", "MINUS", "LATERAL"):
                self.at += 1
                reads |= self._group_reads_default()
            elif word == "UNION" or value == ".":
                self.at += 1
            elif word in ("FILTER", "BIND"):
                self.at += 1
                reads |= self._expression_reads_default()
            elif word == "VALUES":
                self.at += 1
                self._step()                  # ?a, or ( ?a ?b )
                self._block()                 # the data
            elif value == "{":
                reads |= self._group_reads_default()
            else:
                reads = True                  # the subject of a triple pattern
                self._step()
        raise _Stop

    def _expression_reads_default(self) -> bool:
        """Walk a FILTER's or BIND's expression; whether an ``EXISTS { … }`` in it reads the
        own default graph."""
        if self._word() in ("NOT", "EXISTS"):
            self._skip("NOT")
            self._expect("EXISTS")
            return self._group_reads_default()
        if self.at < len(self.found) and self.found[self.at][0] in ("word", "iri", "pname"):
            self.at += 1                      # a function's name
        if self.at >= len(self.found) or self.found[self.at] != ("open", "("):
            raise _Stop
        end = self._end_of(self.at)
        reads = False
        self.at += 1
        while self.at < end:
            if self._word() == "EXISTS" and self.found[self.at + 1:self.at + 2] == [("open", "{")]:
                self.at += 1
                reads |= self._group_reads_default()
            else:
                self.at += 1
        self.at = end + 1
        return reads

    def _end_of(self, start: int) -> int:
        """The index of the bracket that closes the one at ``start``."""
        depth = 0
        for index in range(start, len(self.found)):
            kind = self.found[index][0]
            depth += 1 if kind == "open" else -1 if kind == "close" else 0
            if depth == 0:
                return index
        raise _Stop

    def _step(self) -> None:
        """Step over one token, or a whole bracketed group."""
        if self.at >= len(self.found):
            raise _Stop
        if self.found[self.at][0] == "open":
            self._block()
        else:
            self.at += 1

    def _block(self) -> None:
        """Step over a bracketed group (``{ … }``), whatever it holds."""
        if self.at >= len(self.found) or self.found[self.at][0] != "open":
            raise _Stop
        depth = 0
        while self.at < len(self.found):
            kind = self.found[self.at][0]
            depth += 1 if kind == "open" else -1 if kind == "close" else 0
            self.at += 1
            if depth == 0:
                return
        raise _Stop
