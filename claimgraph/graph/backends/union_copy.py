"""A read-only in-memory copy of a store that also keeps the union of its named graphs as a set.

A query that names no graph reads the union of the named graphs, which SPARQL defines as a set
of triples. Oxigraph up to pyoxigraph 0.5.13 gives that union as a bag (a triple once per named
graph that holds it, oxigraph/oxigraph#1919), and every article restates the entities it names,
so such a query meets a busy speaker's label once per article quoting them: counts are inflated
and joins do that work again and again. A copy that is never written can keep the union itself:
each distinct triple once, in the default graph of a second memory store, which answers every
query that names no graph (no `GRAPH`, `FROM`, `default-graph-uri` or `named-graph-uri`), and
the links the path search scans. Its answers are the set SPARQL defines, and it is smaller than
the bag: on the 1M benchmark graph with its ledger (1,343,043 quads, 1,033,323 distinct
triples), raw pyoxigraph, the catalog's timeline 34.6 -> 15.7 ms, contradictions 69.8 -> 14.4,
claim-status 41.4 -> 16.3, negotiations 58.9 -> 17.1; the benchmark's query about one city
5.4 -> ~1.3 ms. Queries that name graphs read the copy of the named graphs, as before.

Both stores in one (the union in the copy's own default graph) was tried first: its scans walk
the named graphs' quads and the union's together, and the catalog queries at 1M took 1.5-2x
longer. Two stores cost the memory of the distinct triples (~60% more at 1M) and ~4 s to build.

The server's in-memory snapshot (server/snapshot.py) is such a copy. Triples the source held in
its default graph are part of the union (claimgraph writes every triple into a named graph).
"""

from __future__ import annotations

import re

import pyoxigraph as ox

from claimgraph.graph.backends.oxigraph import _DATASET_CLAUSE, OxigraphStore

# a GRAPH pattern (an IRI, a variable or a prefixed name after it): the query reads named graphs
_GRAPH_PATTERN = re.compile(r"\bGRAPH(\s*[<?$]|\s+[A-Za-z_][\w.-]*:)", re.IGNORECASE)
# a comment, or what may hold a # that starts none: an IRI, a string
_COMMENT_OR_TERM = re.compile(
    r"""<[^<>"{}|^`\\\s]*>|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|#[^\n]*""")


def _without_comments(sparql: str) -> str:
    return _COMMENT_OR_TERM.sub(lambda m: " " if m.group().startswith("#") else m.group(),
                                sparql)


class UnionCopy(OxigraphStore):
    """``UnionCopy.memory_from_nquads(path)``: the copy, read-only."""

    def __init__(self, path: str | None = None, *, read_only: bool = False) -> None:
        if path is not None:   # a store on disk is written, and its union would go stale
            raise ValueError("a UnionCopy is made in memory, by UnionCopy.memory_from_nquads")
        super().__init__(None)
        self._union = ox.Store()

    @classmethod
    def _memory_loaded(cls, **source: object) -> "UnionCopy":
        store = super()._memory_loaded(**source)
        assert isinstance(store, UnionCopy)
        # from the loaded copy, whose blank nodes the loader named: the union shares them
        store._union.bulk_extend(ox.Quad(quad.subject, quad.predicate, quad.object)
                                 for quad in store._store.quads_for_pattern(None, None, None, None))
        store.read_only = True
        return store

    def _union_for(self, sparql: str, default_graph_uris: list[str] | None,
                   named_graph_uris: list[str] | None) -> ox.Store | None:
        if default_graph_uris is not None or named_graph_uris is not None:
            return None
        text = _without_comments(sparql)
        if _DATASET_CLAUSE.search(text) or _GRAPH_PATTERN.search(text):
            return None
        return self._union

    def _link_source(self) -> ox.Store:
        return self._union
