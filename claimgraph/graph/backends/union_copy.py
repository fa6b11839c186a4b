"""A read-only in-memory copy of a store whose default graph holds the union of its named graphs.

A query that names no graph reads the union of the named graphs, which SPARQL defines as a set
of triples. Oxigraph up to pyoxigraph 0.5.13 gives that union as a bag (a triple once per named
graph that holds it, oxigraph/oxigraph#1919), and every article restates the entities it names,
so such a query meets a busy speaker's label once per article quoting them: counts are inflated
and joins do that work again and again. A copy that is never written can hold the union itself:
each distinct triple once, in its default graph, which queries that name no graph then read
instead of the union flag. Their answers are the set SPARQL defines, and a join over restated
triples meets one copy (the benchmark's query about one city on the 1M graph: 5.4 -> 1.3 ms).
The copy costs memory (on the 1M graph 326 -> 520 MiB) and time to make (~4 s at 1M).

The server's in-memory snapshot (server/snapshot.py) is such a copy. The source's named graphs
are kept as they were; triples the source held in its default graph are part of the union and
are not told apart from it here (claimgraph writes every triple into a named graph).
"""

from __future__ import annotations

from collections.abc import Collection
from typing import IO

import pyoxigraph as ox

from claimgraph.graph.backends.oxigraph import OxigraphStore
from claimgraph.graph.store import Store


class UnionCopy(OxigraphStore):
    """``OxigraphStore.memory_from_nquads`` for this class: the copy, read-only."""

    default_is_union = True
    _links_graph = ox.DefaultGraph()

    def __init__(self, path: str | None = None, *, read_only: bool = False) -> None:
        if path is not None:   # a store on disk is written, and its union would go stale
            raise ValueError("a UnionCopy is made in memory, by UnionCopy.memory_from_nquads")
        super().__init__(None)
        self._quads = 0

    @classmethod
    def _memory_loaded(cls, **source: object) -> "UnionCopy":
        store = super()._memory_loaded(**source)
        assert isinstance(store, UnionCopy)
        store._quads = len(store._store)
        # the loaded copy's own quads, read while the union is added (a memory store iterates
        # a snapshot); its blank nodes are renamed by the loader, so the file is not read again
        store._store.bulk_extend(ox.Quad(quad.subject, quad.predicate, quad.object)
                                 for quad in store._store.quads_for_pattern(None, None, None, None))
        store.read_only = True
        return store

    def count(self, graph_iri: str | None = None) -> int:
        """As the source counted: its quads, not the union's copies."""
        return self._quads if graph_iri is None else super().count(graph_iri)

    def dump_visible(self, out: IO[bytes]) -> None:
        ox.serialize(self._named_quads(), out, ox.RdfFormat.N_QUADS)

    def export(self, out: IO[bytes], rdflib_format: str, graph_iri: str | None = None,
               leave_out: Collection[str] = ()) -> None:
        if graph_iri is None:   # the named graphs, without the union's copies
            Store.export(self, out, rdflib_format, None, leave_out)
        else:
            super().export(out, rdflib_format, graph_iri, leave_out)

    def _named_quads(self):
        return (quad for quad in self._store.quads_for_pattern(None, None, None, None)
                if type(quad.graph_name) is not ox.DefaultGraph)
