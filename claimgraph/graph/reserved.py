"""What claimgraph writes itself, and so no loaded file or command may write in its place.

- The reserved graphs: the claim ledger's and the watches' (a dump made by ``claimgraph
  export`` restores them with ``load --allow-reserved-graphs``), and every graph under the
  backends' STAGING_PREFIX, where a write stages graphs that no reader sees and the next open
  for writing deletes (never allowed).
- The ledger's terms: the properties the claim ledger derives (its status changes, current
  statuses, restatements, copies and the listings' positions and tallies, all declared in the
  ontology) and the classes of its own nodes. Outside the ledger's graph they would be a second
  ledger: every catalog query reads the union of the graphs, so a claim would show the
  status a file states beside the one the ledger derives, and the listings would count twice.
  ``cg:recordedAt`` also dates the watches, in their graph.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Iterator

import pyoxigraph as ox

from claimgraph.graph.store import STAGING_PREFIX, RefusedTripleError

CG = "https://w3id.org/claimgraph/ontology#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LEDGER_PROPERTIES = frozenset(CG + name for name in (
    "changeOf changedAt claimTally claimantOrder claimed copyOf currentStatus derivedByRule "
    "disputeActor disputePosition disputeRelation disputedStatement disputingSpeaker "
    "disputingStatement displayLabel evidence ledgerFormat ledgerStaleSince linkOrder "
    "linkPosition linkRelation linkSource linkSourceLabel linkTarget linkTargetLabel "
    "locationClaims locationMentions locationOrder locationParent "
    "locationTargeted newStatus pairOrder pairOther pairRelation pairSpeaker pairStatement "
    "recordedAt recurrenceCopies recurrenceDocuments recurrenceFirstDate recurrenceLastDate "
    "recurrenceOrder recurrenceSpeakers recurrenceStatements restates statusChange "
    "statusOrder tallyClaims tallyLabels tallyStatus timelineOrder").split())
LEDGER_CLASSES = frozenset(CG + name for name in ("ClaimLedger", "LedgerRule", "StatusChange"))
STAGING_REASON = ("is under urn:claimgraph:staging:, where claimgraph stages a write: no reader "
                  "sees such a graph and the next write deletes it; name the graph otherwise")
# Syntaxes whose parser has read no further than the line of the triple it gives (checked for
# the line a refused triple is reported at; JSON-LD and RDF/XML are read further ahead)
_LINE_EXACT = {"text/turtle", "application/trig", "application/n-triples",
               "application/n-quads"}


def reserved_graphs() -> dict[str, str]:
    """The graphs claimgraph writes itself, which no loaded file may write, with what they hold."""
    from claimgraph.graph.ledger import LEDGER_GRAPH
    from claimgraph.graph.ledger.watch import WATCH_GRAPH

    restore = "; a dump made by `claimgraph export` loads with --allow-reserved-graphs"
    return {LEDGER_GRAPH: "claimgraph derives for the claim ledger (`claimgraph ledger "
                          "refresh`)" + restore,
            WATCH_GRAPH: "claimgraph keeps for the watches (`claimgraph watch`)" + restore}


def is_reserved(graph: str) -> bool:
    """Whether claimgraph writes ``graph`` itself (a reserved graph or a staging graph)."""
    return graph.startswith(STAGING_PREFIX) or graph in reserved_graphs()


class LedgerTerms:
    """The check (claimgraph.graph.store.QuadCheck) that refuses the ledger's terms outside
    the graphs claimgraph writes them to."""

    def __init__(self) -> None:
        from claimgraph.graph.ledger import LEDGER_GRAPH
        from claimgraph.graph.ledger.watch import WATCH_GRAPH

        self.ledger = LEDGER_GRAPH
        self.recorded = frozenset({LEDGER_GRAPH, WATCH_GRAPH})

    def refusal(self, predicate: str, value: object, graph: str) -> str | None:
        """Why a triple with ``predicate`` and object ``value`` (a pyoxigraph term) may not
        be written to ``graph``, or None."""
        if predicate == RDF_TYPE:
            if type(value) is ox.NamedNode and value.value in LEDGER_CLASSES \
                    and graph != self.ledger:
                return f"a node of class {short(value.value)}"
            return None
        if predicate not in LEDGER_PROPERTIES or graph == self.ledger:
            return None
        if predicate == CG + "recordedAt" and graph in self.recorded:
            return None
        return f"property {short(predicate)}"

    def __call__(self, quad: ox.Quad) -> None:
        predicate = quad.predicate.value   # most quads leave here: this runs on every quad
        if predicate == RDF_TYPE:
            value = quad.object
            if type(value) is not ox.NamedNode or value.value not in LEDGER_CLASSES:
                return
        elif predicate not in LEDGER_PROPERTIES:
            return
        graph = quad.graph_name.value if type(quad.graph_name) is ox.NamedNode else ""
        what = self.refusal(quad.predicate.value, quad.object, graph)
        if what is not None:
            raise RefusedTripleError(message(what, quad.subject), quad)

    def patterns(self) -> Iterator[tuple[str, str | None]]:
        yield from ((p, None) for p in sorted(LEDGER_PROPERTIES))
        yield from ((RDF_TYPE, c) for c in sorted(LEDGER_CLASSES))


def short(iri: str) -> str:
    """``cg:name`` for an IRI of the ontology, ``<iri>`` for any other."""
    return "cg:" + iri[len(CG):] if iri.startswith(CG) else f"<{iri}>"


def message(what: str, subject: object) -> str:
    """The reason a file stating the ledger's ``what`` (about ``subject``) is refused."""
    return (f"refused: it states {what} (of {subject}), which only the claim ledger derives, in "
            "its own graph: loaded as data, claims would show a second status and the listings "
            "count twice. A dump with the ledger is N-Quads, TriG or JSON-LD (`claimgraph "
            "export`, restored with --allow-reserved-graphs); a Turtle, N-Triples or RDF/XML "
            "export leaves the ledger out")


class _LineReader(io.RawIOBase):
    """A file read one line at a time, counting the lines read."""

    def __init__(self, handle: io.BufferedReader) -> None:
        self.handle, self.lines, self.at_start = handle, 0, True

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def]
        line = self.handle.readline(len(buffer))   # a line longer than the buffer: in parts
        if line and self.at_start:
            self.lines += 1
        self.at_start = line.endswith(b"\n")
        buffer[:len(line)] = line
        return len(line)


def line_of(path: Path, media_type: str, quad: ox.Quad, base_iri: str) -> int | None:
    """The line at which the parser of ``path`` gives a triple equal to ``quad`` (its graph
    aside), for the syntaxes whose parser reads no further than that; else None."""
    from claimgraph.graph.backends.terms import format_of

    if media_type not in _LINE_EXACT:
        return None
    wanted = (quad.subject, quad.predicate, quad.object)
    try:
        with open(path, "rb") as handle:
            reader = _LineReader(handle)
            for found in ox.parse(reader, format=format_of(media_type), base_iri=base_iri):
                if (found.subject, found.predicate, found.object) == wanted:
                    return reader.lines or None
    except (SyntaxError, OSError):
        return None
    return None
