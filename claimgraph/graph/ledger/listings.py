"""Listings derived with the ledger, for catalog queries that list the whole graph.

The actor network's weighted links (``actor-network``), the pairs of contradicting statements
(``contradictions``), who claimed what (``track-record``) and how often each claim was made
(``recurring-claims``) are aggregates over every statement: hundreds of milliseconds of index
lookups at 1M triples on disk before the first row can be sorted, and their orders need a label
per row. The ledger refresh computes them once per load and writes them into the ledger graph,
each with an integer that is its position in the catalog query's order, so that a query cuts
a page from one index scan and looks up labels and texts for that page only:

- ``cg:ActorLink`` nodes (``links.rq``): ``cg:linkSource``, ``cg:linkTarget``,
  ``cg:linkRelation`` (a string) and ``cg:linkOrder`` = weight x ORDER_SPAN + (ORDER_SPAN - 1 -
  position), the position running over all links by weight (heaviest first), source label,
  target label, relation: sorting by it descending is that order, ``weight >= n`` is
  ``cg:linkOrder >= n x ORDER_SPAN``, and the weight is its quotient, all without a second
  lookup per link.
- ``cg:ContradictionPair`` nodes (``contradiction-pairs.rq``): ``cg:pairStatement``,
  ``cg:pairOther``, ``cg:pairRelation``, ``cg:pairSpeaker`` (the speakers of both statements)
  and ``cg:pairOrder``, the position by relation, then statement and other statement IRI.
- dispute entries (``disputes.rq``), one per actor and dispute of one of the actor's
  statements: ``cg:disputeActor``, ``cg:disputePosition`` (from 0 among the actor's, in the
  ``disputes`` query's order), ``cg:disputedStatement``, ``cg:disputeRelation``,
  ``cg:disputingStatement``, ``cg:disputingSpeaker``.
- ``speaker cg:claimed claim`` and ``speaker cg:claimantOrder n`` (``claimants.rq``): the
  speaker's position by label among those with a claim that has a current status.
- ``cg:ClaimTally`` nodes (``speaker cg:claimTally t``): per speaker and current status,
  ``cg:tallyStatus``, ``cg:tallyClaims`` (how many claims) and ``cg:tallyLabels`` (their
  distinct labels, sorted, joined by "; "): track-record's rows, whose label lists ran to 40 KB
  at 1M triples. Built here rather than by the query's GROUP_CONCAT because Virtuoso 7.2 carries
  a computed string through its ORDER BY in temporary rows of about 4 KB and refuses a longer one
  (SR319, SR478), whereas a stored literal goes through the sort as a reference.
- ``claim cg:recurrenceOrder n`` (``assertions.rq``): as ``cg:linkOrder``, with the number of
  distinct statements that assert the claim and are not syndicated copies as the weight; and
  the claim's other figures in ``recurring-claims`` (``cg:recurrenceStatements``,
  ``cg:recurrenceSpeakers``, ``cg:recurrenceDocuments``, ``cg:recurrenceCopies``, and from
  ``assertion-dates.rq`` ``cg:recurrenceFirstDate`` and ``cg:recurrenceLastDate``), which the
  query read per claim where counting every claim's statements took 6 s at 10M triples.
- ``statement cg:timelineOrder n`` (``timeline-keys.rq``): the statement's position in the
  ``timeline`` query's order (date as text, undated last, then source, position in the text,
  IRI), so that its page without parameters is cut from one scan instead of dating all
  statements first.
- ``location cg:locationOrder n`` (``location-keys.rq``): the location's position in the
  ``locations`` query's order (smallest label, places without one first, then IRI), so that a
  page of places is looked up by position instead of sorting every place by label; and its
  counts (``location-counts.rq``): ``cg:locationMentions``, ``cg:locationClaims``,
  ``cg:locationTargeted`` (statements that mention it, claims about it, operations that target
  it; none when 0), which the listing read per place where counting them for every place
  scanned every statement (0.3 s of 0.6 for every place at 1M triples).
- ``change cg:statusOrder n`` (``status-order.rq``): the status change's position in the
  ``claim-status`` query's order without parameters (claim label, date, recording time,
  status, IRI), ranked by the engine's own ORDER BY in a memory store holding the new changes
  and their claims' labels, so that a page is looked up by position rather than sorted from
  every change.

The nodes carry no ``rdf:type`` (the properties' domains give it): at 1M triples that is 40,000
triples fewer to write on every refresh.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from importlib import resources

from rdflib import BNode, Literal, Namespace, URIRef
from rdflib.namespace import RDFS, XSD
from rdflib.term import Node

from claimgraph.graph.annotation_rdf import stable_hash
from claimgraph.graph.store import Store, open_store

ID = Namespace("https://w3id.org/claimgraph/id/")
CG = Namespace("https://w3id.org/claimgraph/ontology#")
ORDER_SPAN = 10**9
LINK = str(ID["ledger/link/"])
# the terms once: an rdflib Namespace attribute costs microseconds, times 200k triples
LINK_SOURCE, LINK_TARGET, LINK_RELATION, LINK_ORDER, LINK_POSITION = (
    CG.linkSource, CG.linkTarget, CG.linkRelation, CG.linkOrder, CG.linkPosition)
PAIR_STATEMENT, PAIR_OTHER, PAIR_RELATION, PAIR_SPEAKER, PAIR_ORDER = (
    CG.pairStatement, CG.pairOther, CG.pairRelation, CG.pairSpeaker, CG.pairOrder)
CLAIMED, CLAIMANT_ORDER, RECURRENCE_ORDER = CG.claimed, CG.claimantOrder, CG.recurrenceOrder
(DISPUTE_ACTOR, DISPUTE_POSITION, DISPUTED_STATEMENT, DISPUTE_RELATION, DISPUTING_STATEMENT,
 DISPUTING_SPEAKER) = (CG.disputeActor, CG.disputePosition, CG.disputedStatement,
                       CG.disputeRelation, CG.disputingStatement, CG.disputingSpeaker)
DISPUTE = str(ID["ledger/dispute/"])
(RECURRENCE_STATEMENTS, RECURRENCE_SPEAKERS, RECURRENCE_DOCUMENTS, RECURRENCE_COPIES,
 RECURRENCE_FIRST, RECURRENCE_LAST) = (
    CG.recurrenceStatements, CG.recurrenceSpeakers, CG.recurrenceDocuments, CG.recurrenceCopies,
    CG.recurrenceFirstDate, CG.recurrenceLastDate)
TIMELINE_ORDER, LOCATION_ORDER = CG.timelineOrder, CG.locationOrder
LOCATION_COUNTS = {"mentions": CG.locationMentions, "claims": CG.locationClaims,
                   "targeted": CG.locationTargeted}
CLAIM_TALLY, TALLY_STATUS, TALLY_CLAIMS, TALLY_LABELS = (
    CG.claimTally, CG.tallyStatus, CG.tallyClaims, CG.tallyLabels)
TALLY = str(ID["ledger/tally/"])
TALLY_SEPARATOR = "; "
STATUS_ORDER = CG.statusOrder
LABEL_BATCH = 500  # nodes whose labels one query looks up
RDFS_LABEL = RDFS.label
STATUS_RANKING_GRAPH = "urn:claimgraph:status-ranking"

Triple = tuple[URIRef, URIRef, object]


def _read(name: str) -> str:
    return resources.files("claimgraph.graph.ledger").joinpath(name).read_text("utf-8")


def actor_links(store: Store) -> list[Triple]:
    """The actor network's links, each with its weight and its position in the listing (in its
    order key and on its own, for the pages of actor-network)."""
    rows = store.query(_read("links.rq")).rows
    if len(rows) >= ORDER_SPAN:
        raise ValueError(f"{len(rows)} actor links: more than the order key can rank")
    labels = smallest_labels(store, {row[end] for row in rows for end in ("source", "target")})

    def label(node: Node) -> tuple[int, str]:
        # MIN(STR(?label)) as the engine orders it: unbound before any string
        found = labels.get(node)
        return (0, "") if found is None else (1, found)

    def order(row: dict) -> tuple:
        source, target = row["source"], row["target"]
        return (-int(row["weight"]), label(source), label(target), str(row["relation"]),
                _term_key(source), _term_key(target))

    relations: dict[str, Literal] = {}
    triples: list[Triple] = []
    for position, row in enumerate(sorted(rows, key=order)):
        source, target, relation = row["source"], row["target"], str(row["relation"])
        weight = int(row["weight"])
        link = URIRef(LINK + stable_hash(str(source), str(target), relation))
        order_key = weight * ORDER_SPAN + ORDER_SPAN - 1 - position
        triples += [(link, LINK_SOURCE, source), (link, LINK_TARGET, target),
                    (link, LINK_RELATION, relations.setdefault(relation, Literal(relation))),
                    (link, LINK_ORDER, Literal(str(order_key), datatype=XSD.integer)),
                    (link, LINK_POSITION, integer(position))]
    return triples


def dispute_entries(store: Store) -> list[Triple]:
    """Every actor's disputes (``disputes.rq``), each actor's in the disputes query's order
    (disputed statement, relation, disputing statement, its speaker), numbered from 0. An
    entry's IRI is a hash of what it lists, so that a new article moves the positions of the
    entries after its own and changes nothing else of them."""
    by_actor: dict[str, list[dict]] = {}
    for row in store.query(_read("disputes.rq")).rows:
        by_actor.setdefault(str(row["actor"]), []).append(row)

    def order(row: dict) -> tuple:
        return (_term_key(row["statement"]), str(row["relation"]),
                _term_key(row["disputing_statement"]), _term_key(row["disputed_by"]))

    relations: dict[str, Literal] = {}
    triples: list[Triple] = []
    for actor, rows in by_actor.items():
        actor_node = URIRef(actor)
        for position, row in enumerate(sorted(rows, key=order)):
            statement, disputing, speaker = (row["statement"], row["disputing_statement"],
                                             row["disputed_by"])
            relation = str(row["relation"])
            entry = URIRef(DISPUTE + stable_hash(actor, str(statement), relation, str(disputing),
                                                 str(speaker)))
            triples += [(entry, DISPUTE_ACTOR, actor_node),
                        (entry, DISPUTE_POSITION, integer(position)),
                        (entry, DISPUTED_STATEMENT, statement),
                        (entry, DISPUTE_RELATION, relations.setdefault(relation, Literal(relation))),
                        (entry, DISPUTING_STATEMENT, disputing), (entry, DISPUTING_SPEAKER, speaker)]
    return triples


def _term_key(term: Node) -> tuple[int, str]:
    """SPARQL's ORDER BY among blank nodes and IRIs: blank nodes first, then by code point."""
    return (0 if isinstance(term, BNode) else 1, str(term))


def node_labels(store: Store, nodes: Iterable[Node]) -> Iterator[tuple[Node, Literal]]:
    """(node, label) for every ``rdfs:label`` of ``nodes``: IRIs LABEL_BATCH at a time, blank
    nodes (which a query cannot name) from one pass over the labels of every blank node."""
    wanted = set(nodes)
    iris = sorted(str(n) for n in wanted if isinstance(n, URIRef))
    body = _read("labels.rq")
    for start in range(0, len(iris), LABEL_BATCH):
        values = " ".join(f"<{iri}>" for iri in iris[start:start + LABEL_BATCH])
        text = body.replace("WHERE {", f"WHERE {{ VALUES ?node {{ {values} }}", 1)
        for row in store.query(text).rows:
            yield row["node"], row["label"]
    if any(isinstance(n, BNode) for n in wanted):
        text = body.replace("WHERE {", "WHERE { FILTER(isBlank(?node))", 1)
        for row in store.query(text).rows:
            if row["node"] in wanted:
                yield row["node"], row["label"]


def smallest_labels(store: Store, nodes: Iterable[Node]) -> dict[Node, str]:
    """Each node's smallest label as a string (``MIN(STR(?label))``); a node without a label
    is left out."""
    smallest: dict[Node, str] = {}
    for node, label in node_labels(store, nodes):
        text = str(label)
        if node not in smallest or text < smallest[node]:
            smallest[node] = text
    return smallest


def contradiction_pairs(store: Store) -> list[Triple]:
    """The contradicting statement pairs, each with its speakers and its position."""
    pairs: dict[tuple[str, str, str], set[str]] = {}
    for row in store.query(_read("contradiction-pairs.rq")).rows:
        speakers = pairs.setdefault((str(row["relation"]), str(row["statement"]),
                                     str(row["other"])), set())
        speakers.update((str(row["speaker"]), str(row["other_speaker"])))
    relations: dict[str, Literal] = {}
    triples: list[Triple] = []
    for position, key in enumerate(sorted(pairs)):
        relation, statement, other = key
        pair = ID["ledger/contradiction/" + stable_hash(statement, other, relation)]
        triples += [(pair, PAIR_STATEMENT, URIRef(statement)), (pair, PAIR_OTHER, URIRef(other)),
                    (pair, PAIR_RELATION, relations.setdefault(relation, Literal(relation))),
                    (pair, PAIR_ORDER, integer(position))]
        triples += [(pair, PAIR_SPEAKER, URIRef(s)) for s in sorted(pairs[key])]
    return triples


def claimants(store: Store, statuses: Mapping[str, str],
              claim_labels: Iterable[tuple[Node, Literal]]) -> list[Triple]:
    """``speaker cg:claimed claim`` for every claim a speaker asserted, each speaker's position
    by label among those who asserted a claim with a current status (``statuses``: claim IRI to
    status name; track-record's rows), and their tallies (:func:`claim_tallies`)."""
    labels: dict[str, str] = {}
    with_status: dict[URIRef, set[str]] = {}
    triples: list[Triple] = []
    for row in store.query(_read("claimants.rq")).rows:
        speaker, claim = row["speaker"], row["claim"]
        triples.append((speaker, CLAIMED, claim))
        if str(claim) in statuses:
            label = row.get("label")
            labels[str(speaker)] = str(label) if label is not None else str(speaker)
            with_status.setdefault(speaker, set()).add(str(claim))
    ordered = sorted(labels, key=lambda s: (labels[s], s))
    triples += [(URIRef(s), CLAIMANT_ORDER, integer(n))
                for n, s in enumerate(ordered)]
    return triples + claim_tallies(with_status, statuses, claim_labels)


def claim_tallies(claimed: Mapping[URIRef, set[str]], statuses: Mapping[str, str],
                  claim_labels: Iterable[tuple[Node, Literal]]) -> list[Triple]:
    """One ``cg:ClaimTally`` per speaker in ``claimed`` (speaker to the claims with a status they
    asserted) and current status: how many claims, and their labels as track-record gives them
    (each claim's labels in ``claim_labels``, or its IRI when it has none; distinct, sorted by
    code point)."""
    texts: dict[str, set[str]] = {}
    for claim, label in claim_labels:
        texts.setdefault(str(claim), set()).add(str(label))
    triples: list[Triple] = []
    for speaker, asserted in claimed.items():
        groups: dict[str, list[str]] = {}
        for claim in asserted:
            groups.setdefault(statuses[claim], []).append(claim)
        for status, group in groups.items():
            shown = sorted(set().union(*(texts.get(c, {c}) for c in group)))
            tally = URIRef(TALLY + stable_hash(str(speaker), status))
            triples += [(speaker, CLAIM_TALLY, tally), (tally, TALLY_STATUS, CG[status]),
                        (tally, TALLY_CLAIMS, integer(len(group))),
                        (tally, TALLY_LABELS, Literal(TALLY_SEPARATOR.join(shown)))]
    return triples


def recurrences(store: Store, copies: set[str]) -> list[Triple]:
    """Each claim's ``cg:recurrenceOrder``: statements x ORDER_SPAN + (ORDER_SPAN - 1 -
    position), where statements is how many distinct statements that are not syndicated copies
    (``copies``) assert it, and position runs over all claims by that number (most first), label;
    and what recurring-claims shows of it: ``cg:recurrenceStatements`` (that number),
    ``cg:recurrenceSpeakers``, ``cg:recurrenceDocuments``, ``cg:recurrenceCopies`` and the
    first and last date, ``cg:recurrenceFirstDate`` / ``cg:recurrenceLastDate``."""
    originals: dict[str, set[str]] = {}
    seen: dict[str, tuple[set[str], set[str], set[str]]] = {}
    labels: dict[str, tuple[int, str]] = {}
    for row in store.query(_read("assertions.rq")).rows:
        claim, statement, label = str(row["claim"]), str(row["statement"]), row.get("label")
        counted = originals.setdefault(claim, set())
        speakers, documents, copied = seen.setdefault(claim, (set(), set(), set()))
        speakers.add(str(row["speaker"]))
        documents.add(str(row["doc"]))
        if statement in copies:
            copied.add(statement)
        else:
            counted.add(statement)
        labels[claim] = (0, "") if label is None else (1, str(label))
    ordered = sorted(originals, key=lambda c: (-len(originals[c]), labels[c], c))
    triples: list[Triple] = []
    for n, c in enumerate(ordered):
        claim, (speakers, documents, copied) = URIRef(c), seen[c]
        triples += [
            (claim, RECURRENCE_ORDER, Literal(str(len(originals[c]) * ORDER_SPAN + ORDER_SPAN - 1
                                                  - n), datatype=XSD.integer)),
            (claim, RECURRENCE_STATEMENTS, integer(len(originals[c]))),
            (claim, RECURRENCE_SPEAKERS, integer(len(speakers))),
            (claim, RECURRENCE_DOCUMENTS, integer(len(documents))),
            (claim, RECURRENCE_COPIES, integer(len(copied)))]
    for row in store.query(_read("assertion-dates.rq")).rows:
        claim = URIRef(str(row["claim"]))
        if str(claim) not in originals:
            continue
        for column, predicate in (("first", RECURRENCE_FIRST), ("last", RECURRENCE_LAST)):
            if row.get(column) is not None:
                triples.append((claim, predicate, row[column]))
    return triples


@lru_cache(maxsize=None)
def integer(n: int) -> Literal:
    """``n`` as an ``xsd:integer`` literal, made once: at 10M triples a refresh writes ~2M
    positions and counts, most of them small numbers that recur from listing to listing (each
    rdflib literal costs ~4.5 us to make). ``ledger.refresh`` empties the cache when it ends."""
    return Literal(str(n), datatype=XSD.integer)


def timeline_positions(store: Store) -> list[Triple]:
    """``statement cg:timelineOrder n``: each statement's position in the timeline's order,
    ``ORDER BY (!BOUND(?dkey)) ?dkey ?source ?start ?statement`` as SPARQL sorts it (strings
    and IRIs by code point, an unbound ``?start`` before any number); a statement with several
    keys (two sources, say) takes its first."""
    best: dict[str, tuple] = {}
    for row in store.query(_read("timeline-keys.rq")).rows:
        statement, dkey, start = str(row["statement"]), row.get("dkey"), row.get("start")
        start_key = (0, 0) if start is None else (1, _number(start))
        key = (dkey is None, "" if dkey is None else str(dkey), str(row["source"]), start_key,
               statement)
        if statement not in best or key < best[statement]:
            best[statement] = key
    ordered = sorted(best.values())
    return [(URIRef(key[-1]), TIMELINE_ORDER, integer(n))
            for n, key in enumerate(ordered)]


def location_positions(store: Store) -> list[Triple]:
    """``location cg:locationOrder n``: each location's position in the locations listing's
    order, ``ORDER BY ?label ?location`` as SPARQL sorts it (an unbound label first, strings and
    IRIs by code point); and its counts of mentions, claims and operations targeting it."""
    keys = sorted((row.get("label") is not None, str(row.get("label") or ""), str(row["location"]))
                  for row in store.query(_read("location-keys.rq")).rows)
    triples = [(URIRef(key[-1]), LOCATION_ORDER, integer(n)) for n, key in enumerate(keys)]
    for row in store.query(_read("location-counts.rq")).rows:
        for column, predicate in LOCATION_COUNTS.items():
            count = row.get(column)  # an xsd:integer from COUNT, written as it came
            if count is not None and str(count) != "0":
                triples.append((URIRef(str(row["location"])), predicate, count))
    return triples


def _number(term: object) -> float:
    try:
        return float(str(term))
    except ValueError:
        return float("inf")


def status_positions(ledger: list[Triple],
                     claim_labels: Iterable[tuple[Node, Literal]]) -> list[Triple]:
    """``change cg:statusOrder n`` for the status changes among the ``ledger`` triples about to
    be written: each change's first row in claim-status's order (status-order.rq), with the
    claims' labels from ``claim_labels``."""
    wanted = {CG.statusChange, CG.newStatus, CG.recordedAt, CG.changedAt}
    rows = [t for t in ledger if t[1] in wanted]
    claims = {s for s, p, _ in rows if p == CG.statusChange}
    if not claims:
        return []
    rows += [(claim, RDFS_LABEL, label) for claim, label in claim_labels if claim in claims]
    ranking = open_store("memory:")
    try:
        ranking.replace_graph(STATUS_RANKING_GRAPH, rows)
        first: dict[str, int] = {}
        for position, row in enumerate(ranking.query(_read("status-order.rq")).rows):
            first.setdefault(str(row["change"]), position)
    finally:
        ranking.close()
    return [(URIRef(change), STATUS_ORDER, integer(n))
            for change, n in first.items()]
