"""The links the path query follows, read once and held in memory, for processes that answer many.

A path search between two busy speakers reads thousands of links to keep a few: at 1M triples
the busiest speaker alone is the object of ~16,000 quads, and even read straight from Oxigraph's
indexes each costs about a microsecond before Python sees it (claimgraph/queries/path.py). A
process that answers path queries all day (the server's query workers, a long-lived
``claimgraph.Graph``) can instead read every followed link once, ~190k at 1M triples in under a
second, and answer from arrays.

The index is compressed sparse rows, one per direction: entity IRIs sorted and numbered, and
for each entity its links as (relation, neighbour) numbers sorted by the relation's priority,
then by the neighbour's IRI, the order in which path.py takes them. ``links`` gives the same
rows as ``OxigraphStore.links`` and rq/path.rq for the same store.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Sequence

from claimgraph.graph.store import Store
from claimgraph.queries.params import render_many


class LinkIndex:
    """Every link of the followed relations between two IRIs, in both directions."""

    def __init__(self, iris: list[str], relations: Sequence[str],
                 links: Iterable[tuple[str, int, str]]) -> None:
        """``links``: (subject IRI, relation position in ``relations``, object IRI), in any
        order and possibly repeated; ``iris``: every IRI they name, sorted."""
        self.relations = list(relations)
        self._iris = iris
        self._ids = {iri: i for i, iri in enumerate(iris)}
        ids, n, r = self._ids, len(iris), len(self.relations)
        keyed = {(ids[s], p, ids[o]) for s, p, o in links}
        self.size = len(keyed)
        # One integer per link and direction, ordered as (node, relation priority, neighbour).
        self._out = _Rows(sorted((s * r + p) * n + o for s, p, o in keyed), n, r)
        self._in = _Rows(sorted((o * r + p) * n + s for s, p, o in keyed), n, r)

    @classmethod
    def build(cls, store: Store, relations: Sequence[str], all_links_query: str) -> "LinkIndex":
        """Read the links of ``relations`` (full IRIs, in priority order) from ``store``: from
        its indexes where it offers that (OxigraphStore.relation_links), else with
        ``all_links_query`` (rq/system/path-links.rq)."""
        position = {relation: i for i, relation in enumerate(relations)}
        read = getattr(store, "relation_links", None)
        if read is not None:
            found = read(relations)
        else:
            text = render_many(all_links_query, "relation",
                               [_iri(relation) for relation in relations])
            found = [(str(row["s"]), str(row["p"]), str(row["o"]))
                     for row in store.query(text).rows]
        triples = [(s, position[p], o) for s, p, o in found]
        iris = sorted({s for s, _, _ in triples} | {o for _, _, o in triples})
        return cls(iris, relations, triples)

    def links(self, nodes: Iterable[str], relations: object = None, *,
              incoming: bool) -> list[tuple[str, str, str]]:
        """(node, relation, neighbour) for each link of ``nodes`` in one direction, as
        OxigraphStore.links gives them (``relations`` is accepted for the same signature; the
        index holds only the relations it was built with)."""
        rows = self._in if incoming else self._out
        iris, names, ids = self._iris, self.relations, self._ids
        found: list[tuple[str, str, str]] = []
        for node in nodes:
            i = ids.get(node)
            if i is None:
                continue
            lo, hi = rows.offsets[i], rows.offsets[i + 1]
            found.extend((node, names[p], iris[t])
                         for p, t in zip(rows.relation[lo:hi], rows.target[lo:hi]))
        return found


class _Rows:
    """One direction of the index: ``offsets[i]:offsets[i + 1]`` are entity i's links."""

    def __init__(self, keys: list[int], n: int, r: int) -> None:
        self.target = array("i", (key % n for key in keys))
        self.relation = array("b", ((key // n) % r for key in keys))
        counts = [0] * (n + 1)
        for key in keys:
            counts[key // (n * r) + 1] += 1
        for i in range(n):
            counts[i + 1] += counts[i]
        self.offsets = array("q", counts)


def _iri(value: str):
    from rdflib import URIRef
    return URIRef(value)
