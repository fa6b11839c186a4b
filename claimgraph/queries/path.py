"""The ``path`` query: the shortest chain of relations between two entities.

A bidirectional breadth-first search. Each expansion reads the current frontier's links: first
its incoming relations, then, unless the two searches already meet, its outgoing ones. On the
in-memory store they are read from its indexes (``OxigraphStore.links``), or from a link index
held in memory (links.LinkIndex, see PathSearch); on any other store by the body of rq/path.rq,
the frontier bound through VALUES, which gives the same rows. Each level of the smaller
frontier is expanded in turn, so the first meeting gives a shortest chain. Neighbours are taken
in a fixed order (incoming before outgoing, then statement relations first, then by IRI), so
the answer is deterministic; of several shortest chains, the one through the least meeting IRI
is given.
"""

from __future__ import annotations

from collections.abc import Iterator

from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from claimgraph.graph.backends.terms import Solutions
from claimgraph.graph.store import QueryResult, Store
from claimgraph.queries.catalog import QueryDef
from claimgraph.queries.links import LinkIndex
from claimgraph.queries.params import ParameterError, render_many

MAX_HOPS = 12
# Per side: beyond this the search gives up, and says so, rather than read the whole store (at
# 10M triples the busiest speaker alone has 57,000 neighbours).
MAX_VISITED = 500_000
BATCH = 400            # frontier nodes bound per neighbourhood query
# At most this many frontier nodes have their outgoing links looked up relation by relation
# (rq/path.rq): an entity's restated type and labels are most of its outgoing triples.
FEW = 8
_CG = "https://w3id.org/claimgraph/ontology#"
_PRIORITY = {name: i for i, name in enumerate(
    "speaker about disputes reports contradicts supports asserts evidenceAgainst evidenceFor "
    "claimedLocation claimedParty setBy targets conductedBy aimsToInfluence party hasPosition "
    "heldBy holdsRole roleIn memberOf locatedIn adjacentTo".split())}
# The relations followed: the FILTER of rq/path.rq (a test keeps the two the same).
ORDERED_RELATIONS = [_CG + name for name in _PRIORITY]
RELATIONS = frozenset(ORDERED_RELATIONS)
# The two halves of an expansion, cheaper first (rq/path.rq): (marker bound, other marker).
_DIRECTIONS = (("incoming", "outgoing"), ("outgoing", "incoming"))
# Every marker of rq/path.rq's members: the one a run binds to the frontier, the others to nothing.
MARKERS = ("incoming", "outgoing", "outgoing_by_relation", "incoming_by_relation")
# Stores whose incoming links are read by the member that filters (an index lookup a node on
# Oxigraph); any other store's are looked up relation by relation (rq/path.rq).
_FILTERING_STORES = ("oxigraph:", "memory:")

# parent[node] = (previous node, relation, True when the triple is previous -relation-> node)
Parents = dict[str, tuple[str, str, bool] | None]


def _rows(store: Store, text: str) -> Iterator[tuple[str, str, str]]:
    """(node, relation, neighbour) IRIs of a neighbourhood query's answer.

    A path search reads thousands of rows to keep a few: taken as pyoxigraph terms where the
    store offers them, as building rdflib terms for every row cost as much as the query."""
    query = getattr(store, "query_solutions", None)
    answer = query(text) if query is not None else store.query(text)
    if isinstance(answer, Solutions):
        node, relation, neighbour = (answer.variables.index(v)
                                     for v in ("node", "relation", "neighbour"))
        for solution in answer.rows:
            yield solution[node].value, solution[relation].value, solution[neighbour].value
    else:
        for row in answer.rows:
            yield str(row["node"]), str(row["relation"]), str(row["neighbour"])


def _links(store: Store, body: str, frontier: list[str], direction: tuple[str, str],
           index: LinkIndex | None) -> Iterator[tuple[str, str, str]]:
    """(node, relation, neighbour) of the frontier's links in one direction: from the link
    index when there is one, else from an in-memory store's indexes (OxigraphStore.links), else
    by rq/path.rq in batches (the outgoing links of at most FEW nodes, and the incoming links on
    a store other than Oxigraph, by its members that look each relation up)."""
    bound, other = direction
    links = index.links if index is not None else _index_reader(store)
    if links is not None:
        yield from links(frontier, RELATIONS, incoming=bound == "incoming")
        return
    if bound == "outgoing" and len(frontier) <= FEW:
        bound = "outgoing_by_relation"
    elif bound == "incoming" and not str(getattr(store, "url", "")).startswith(_FILTERING_STORES):
        bound = "incoming_by_relation"
    for i in range(0, len(frontier), BATCH):
        text = render_many(body, bound, [URIRef(n) for n in frontier[i:i + BATCH]],
                           empty=[marker for marker in MARKERS if marker != bound])
        yield from _rows(store, text)


def _index_reader(store: Store):
    # Read from the indexes in memory only: there the search took 58 ms against 155 by SPARQL
    # (1M triples, the busiest pair); on RocksDB 218 against 161, as Python then decodes the
    # ledger's quads about an actor too, which the query's FILTER drops before they reach it.
    return getattr(store, "links", None) if getattr(store, "url", None) == "memory:" else None


def _neighbours(store: Store, body: str, frontier: list[str], direction: tuple[str, str],
                index: LinkIndex | None) -> dict[str, list[tuple[str, str]]]:
    out: dict[str, list[tuple[str, str]]] = {}
    for node, relation, neighbour in _links(store, body, frontier, direction, index):
        out.setdefault(node, []).append((neighbour, relation.removeprefix(_CG)))
    for edges in out.values():
        edges.sort(key=lambda e: (_PRIORITY.get(e[1], 99), e[0]))
    return out


def _expand(store: Store, body: str, frontier: list[str], parents: Parents,
            other: Parents, index: LinkIndex | None) -> list[str]:
    """Expand one level; record parents of new nodes; return the new frontier.

    When the incoming half already reaches the other search, the outgoing half is skipped: the
    frontier is then incomplete, but the search ends at this level anyway, and every meeting
    found at a level is a shortest chain (any shorter one would have met a level earlier)."""
    new: list[str] = []
    for direction in _DIRECTIONS:
        forward = direction[0] == "outgoing"
        edges = _neighbours(store, body, frontier, direction, index)
        for node in frontier:
            for neighbour, relation in edges.get(node, ()):
                if neighbour not in parents:
                    parents[neighbour] = (node, relation, forward)
                    new.append(neighbour)
        if any(n in other for n in new):
            break
    return new


def _chain(parents: Parents, node: str) -> list[str]:
    chain = [node]
    while parents[chain[-1]] is not None:
        chain.append(parents[chain[-1]][0])
    return chain


def find_path(store: Store, body: str, start: str, goal: str, max_hops: int,
              index: LinkIndex | None = None) -> list[tuple]:
    """The steps (from node, relation, to node, forward) of a shortest path, or [] when there
    is none of at most ``max_hops`` steps. Raises ParameterError when the search gives up first
    (more than MAX_VISITED entities reached on one side). ``index``: the store's links held in
    memory (links.LinkIndex), read instead of the store."""
    if start == goal:
        return []
    fwd: Parents = {start: None}
    bwd: Parents = {goal: None}
    front_f, front_b = [start], [goal]
    depth = 0
    while front_f and front_b and depth < max_hops:
        expand_forward = len(front_f) <= len(front_b)
        if expand_forward:
            front_f = _expand(store, body, front_f, fwd, bwd, index)
            new, other = front_f, bwd
        else:
            front_b = _expand(store, body, front_b, bwd, fwd, index)
            new, other = front_b, fwd
        depth += 1
        meets = [n for n in new if n in other]
        if meets:
            meet = min(meets, key=lambda n: (len(_chain(fwd, n)) + len(_chain(bwd, n)), n))
            return _steps(fwd, bwd, meet)
        # beyond the last level, no chain of up to max_hops steps: the answer is [], not a give-up
        if depth < max_hops and front_f and front_b and max(len(fwd), len(bwd)) > MAX_VISITED:
            raise ParameterError("max_hops", f"no chain of up to {depth} steps, and the search "
                                 f"gave up there: it had reached {max(len(fwd), len(bwd)):,} "
                                 f"entities on one side (the limit is {MAX_VISITED:,})")
    return []


def _steps(fwd: Parents, bwd: Parents, meet: str) -> list[tuple]:
    steps = []
    node = meet
    while fwd[node] is not None:
        prev, relation, forward = fwd[node]
        steps.append((prev, relation, node, forward))
        node = prev
    steps.reverse()
    node = meet
    while bwd[node] is not None:
        nxt, relation, forward = bwd[node]
        # bwd stored nxt -relation-> node when forward; along the chain we go node -> nxt.
        steps.append((node, relation, nxt, not forward))
        node = nxt
    return steps


class PathSearch:
    """Shortest-chain searches in one store. With ``keep_index`` the store's links are held in
    memory (links.LinkIndex): built by the first search, built again after the store's data
    changed (Store.data_version). A store that searches elsewhere (the server's, whose query
    workers keep their own index) is handed the search whole, through its ``path_steps``."""

    def __init__(self, store: Store, body: str, links_query: str, *, keep_index: bool) -> None:
        self.store, self.body, self.links_query = store, body, links_query
        self.keep_index = keep_index
        self._index: LinkIndex | None = None
        self._version: object = None

    def index(self) -> LinkIndex | None:
        """The link index for the store's current data, when this search keeps one."""
        if not self.keep_index:
            return None
        version = self.store.data_version()
        if self._index is None or version != self._version:
            self._index = LinkIndex.build(self.store, ORDERED_RELATIONS, self.links_query)
            self._version = version
        return self._index

    def steps(self, start: str, goal: str, max_hops: int) -> list[tuple]:
        """What find_path gives for this store."""
        delegated = getattr(self.store, "path_steps", None)
        if delegated is not None:
            return delegated(start, goal, max_hops)
        return find_path(self.store, self.body, start, goal, max_hops, self.index())


def shortest_path(store: Store, query: QueryDef, terms: dict[str, Node],
                  search: PathSearch | None = None) -> QueryResult:
    """Run the path query: one row per step, with labels and the statement text involved."""
    from claimgraph.queries.catalog import Catalog

    max_hops = int(terms["max_hops"].toPython()) if "max_hops" in terms else 6
    if not 1 <= max_hops <= MAX_HOPS:
        raise ParameterError("max_hops", f"must be between 1 and {MAX_HOPS}, got {max_hops}")
    if search is None:
        search = PathSearch(store, query.body, "", keep_index=False)
    steps = search.steps(str(terms["from"]), str(terms["to"]), max_hops)
    nodes = sorted({n for step in steps for n in (step[0], step[2])})
    described: dict[str, dict] = {}
    if nodes:
        text = render_many(Catalog.load().system("labels"), "node", [URIRef(n) for n in nodes])
        described = {str(r["node"]): r for r in store.query(text).rows}
    rows = []
    for number, (a, relation, b, forward) in enumerate(steps, start=1):
        subject, obj = (a, b) if forward else (b, a)
        info_s, info_o = described.get(subject, {}), described.get(obj, {})
        text = info_s.get("text") or info_o.get("text")
        row: dict[str, Node] = {
            "step": Literal(number, datatype=XSD.integer), "subject": URIRef(subject),
            "relation": Literal(relation), "object": URIRef(obj),
            "from_node": URIRef(a), "to_node": URIRef(b)}
        for key, info in (("subject_label", info_s), ("object_label", info_o)):
            if info.get("label") is not None:
                row[key] = info["label"]
        if text is not None:
            row["text"] = text
        rows.append(row)
    return QueryResult("select", variables=list(query.columns), rows=rows)
