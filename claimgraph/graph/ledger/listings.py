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
  lookup per link. ``cg:linkSourceLabel`` and ``cg:linkTargetLabel``: the two actors' display
  labels (as ``display-labels.rq`` chooses them), on the link, because Oxigraph's memory storage
  finds a busy actor's own label by walking every quad the actor is the subject of (the first
  page's 200 look-ups walked 791k quads at 1M triples), and a link has a handful.
- ``cg:ContradictionPair`` nodes (``contradiction-pairs.rq``), one per two statements that
  conflict, under the strongest relation between them (PAIR_RELATIONS): ``cg:pairStatement``,
  ``cg:pairOther``, ``cg:pairRelation``, ``cg:pairSpeaker`` (the speakers of both statements)
  and ``cg:pairOrder``, the position by relation, then statement and other statement IRI.
  Evidence against a deadline is no conflict: it reports the deadline's outcome (a deadline
  that failed), not that the statement setting it was wrong.
- dispute entries (``disputes.rq``), one per actor and dispute of one of the actor's
  statements (the strongest relation, DISPUTE_RELATIONS, when the disputing statement is
  related to it in several ways): ``cg:disputeActor``, ``cg:disputePosition`` (from 0 among
  the actor's, in the
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
  ``locations`` query's order (its display label, places without one first, then IRI), so that a
  page of places is looked up by position instead of sorting every place by label; and its
  counts (``location-counts.rq``): ``cg:locationMentions``, ``cg:locationClaims``,
  ``cg:locationTargeted`` (statements that mention it, claims about it, operations that target
  it; none when 0), which the listing read per place where counting them for every place
  scanned every statement (0.3 s of 0.6 for every place at 1M triples); and its direct parents
  (``location-parents.rq``): ``cg:locationParent``, each place it is located in that contains
  no other place it is located in (containment is closed transitively), which the listing
  tested per page where every article restates a place's containers and the test compared
  every copy with every other (0.25 s of the first page's 0.3 s at 1M triples).
- ``node cg:displayLabel "label"`` (``display-labels.rq``): the one label the listings show for
  a resource, chosen from its ``rdfs:label`` values (English, else untagged, else another
  language; the smallest). The listings read it with one lookup per row where choosing among
  the label's copies (one per article naming the actor) took most of a page's time: the
  busiest speaker's disputes 173 ms at 1M triples on disk, 14 ms without the copies.
- ``change cg:statusOrder n`` (``status-order.rq``): the status change's position in the
  ``claim-status`` query's order without parameters (claim label, then each claim's changes in
  the ledger's order: date, status precedence, rule, IRI), ranked by the engine's own ORDER BY
  in a memory store holding the new changes, their rules and their claims' labels, so that a
  page is looked up by position rather than sorted from every change.

The nodes carry no ``rdf:type``: the ontology's ``rdfs:domain`` of their properties types them
(RDFS entailment), and their pages show that class (claimgraph/server/web/vocab.py
``domain_types``). Typed, the 1M store's ledger grew by 47,377 triples (+10.8%), its first
write by 0.8 s and the refresh's peak RSS by 110 MB (docs/claim-ledger.md). Terms are
pyoxigraph's (see :mod:`.oxterms`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from importlib import resources

import pyoxigraph as ox

from claimgraph.graph.annotation_rdf import stable_hash
from claimgraph.graph.labels import label_key
from claimgraph.graph.ledger import oxterms
from claimgraph.graph.ledger.oxterms import (ID, RDFS_LABEL, Term, Triple, cg, integer, iri,
                                             number, plain, rows, text)
from claimgraph.graph.store import Store, open_store

ORDER_SPAN = 10**9
LINK = ID + "ledger/link/"
LINK_SOURCE, LINK_TARGET, LINK_RELATION, LINK_ORDER, LINK_POSITION = (
    cg("linkSource"), cg("linkTarget"), cg("linkRelation"), cg("linkOrder"), cg("linkPosition"))
LINK_SOURCE_LABEL, LINK_TARGET_LABEL = cg("linkSourceLabel"), cg("linkTargetLabel")
PAIR_STATEMENT, PAIR_OTHER, PAIR_RELATION, PAIR_SPEAKER, PAIR_ORDER = (
    cg("pairStatement"), cg("pairOther"), cg("pairRelation"), cg("pairSpeaker"), cg("pairOrder"))
CLAIMED, CLAIMANT_ORDER, RECURRENCE_ORDER = (cg("claimed"), cg("claimantOrder"),
                                             cg("recurrenceOrder"))
(DISPUTE_ACTOR, DISPUTE_POSITION, DISPUTED_STATEMENT, DISPUTE_RELATION, DISPUTING_STATEMENT,
 DISPUTING_SPEAKER) = (cg("disputeActor"), cg("disputePosition"), cg("disputedStatement"),
                       cg("disputeRelation"), cg("disputingStatement"), cg("disputingSpeaker"))
DISPUTE = ID + "ledger/dispute/"
# How two statements conflict, strongest first (the relations the queries name): a statement
# that disputes another and is evidence against a claim the other asserts is listed once, as
# disputing it (the relation the annotation states between the two, over one derived through a
# claim), and one that contradicts it (a stronger dispute) as contradicting it.
PAIR_RELATIONS = ("contradicts", "disputes", "evidence against a claim of")
DISPUTE_RELATIONS = ("contradicts", "disputes", "evidence against")
CONTRADICTION = ID + "ledger/contradiction/"
(RECURRENCE_STATEMENTS, RECURRENCE_SPEAKERS, RECURRENCE_DOCUMENTS, RECURRENCE_COPIES,
 RECURRENCE_FIRST, RECURRENCE_LAST) = (
    cg("recurrenceStatements"), cg("recurrenceSpeakers"), cg("recurrenceDocuments"),
    cg("recurrenceCopies"), cg("recurrenceFirstDate"), cg("recurrenceLastDate"))
TIMELINE_ORDER, LOCATION_ORDER, LOCATION_PARENT = (cg("timelineOrder"), cg("locationOrder"),
                                                  cg("locationParent"))
DISPLAY_LABEL = cg("displayLabel")
LOCATION_COUNTS = {"mentions": cg("locationMentions"), "claims": cg("locationClaims"),
                   "targeted": cg("locationTargeted")}
CLAIM_TALLY, TALLY_STATUS, TALLY_CLAIMS, TALLY_LABELS = (
    cg("claimTally"), cg("tallyStatus"), cg("tallyClaims"), cg("tallyLabels"))
TALLY = ID + "ledger/tally/"
TALLY_SEPARATOR = "; "
STATUS_CHANGE, NEW_STATUS, RECORDED_AT, CHANGED_AT, DERIVED_BY_RULE, STATUS_ORDER = (
    cg("statusChange"), cg("newStatus"), cg("recordedAt"), cg("changedAt"), cg("derivedByRule"),
    cg("statusOrder"))
LABEL_BATCH = 500  # nodes whose labels one query looks up
STATUS_RANKING_GRAPH = "urn:claimgraph:status-ranking"


def _read(name: str) -> str:
    return resources.files("claimgraph.graph.ledger").joinpath(name).read_text("utf-8")


def actor_links(store: Store) -> list[Triple]:
    """The actor network's links, each with its weight and its position in the listing (in its
    order key and on its own, for the pages of actor-network)."""
    found = rows(store, _read("links.rq"))
    if len(found) >= ORDER_SPAN:
        raise ValueError(f"{len(found)} actor links: more than the order key can rank")
    labels, display = label_choices(store, {row[end] for row in found
                                            for end in ("source", "target")})

    def label(node: Term) -> tuple[int, str]:
        # MIN(STR(?label)) as the engine orders it: unbound before any string
        found = labels.get(node)
        return (0, "") if found is None else (1, found)

    def order(row: oxterms.Row) -> tuple:
        source, target = row["source"], row["target"]
        return (-int(text(row["weight"])), label(source), label(target), text(row["relation"]),
                _term_key(source), _term_key(target))

    triples: list[Triple] = []
    for position, row in enumerate(sorted(found, key=order)):
        source, target, relation = row["source"], row["target"], text(row["relation"])
        weight = int(text(row["weight"]))
        link = iri(LINK + stable_hash(text(source), text(target), relation))
        order_key = weight * ORDER_SPAN + ORDER_SPAN - 1 - position
        triples += [(link, LINK_SOURCE, source), (link, LINK_TARGET, target),
                    (link, LINK_RELATION, oxterms.relation(relation)),
                    (link, LINK_ORDER, number(order_key)),
                    (link, LINK_POSITION, integer(position))]
        for predicate, end in ((LINK_SOURCE_LABEL, source), (LINK_TARGET_LABEL, target)):
            if end in display:
                triples.append((link, predicate, display[end]))
    return triples


def dispute_entries(store: Store) -> list[Triple]:
    """Every actor's disputes (``disputes.rq``), each actor's in the disputes query's order
    (disputed statement, relation, disputing statement, its speaker), numbered from 0; a
    disputing statement is listed once per disputed statement and speaker, under the strongest
    relation (DISPUTE_RELATIONS). An entry's IRI is a hash of what it lists, so that a new
    article moves the positions of the entries after its own and changes nothing else of them."""
    strongest: dict[Term, dict[tuple[Term, Term, Term], oxterms.Row]] = {}
    for row in rows(store, _read("disputes.rq")):
        entries = strongest.setdefault(row["actor"], {})
        key = (row["statement"], row["disputing_statement"], row["disputed_by"])
        held = entries.get(key)
        if held is None or (DISPUTE_RELATIONS.index(text(row["relation"]))
                            < DISPUTE_RELATIONS.index(text(held["relation"]))):
            entries[key] = row
    by_actor = {actor: list(entries.values()) for actor, entries in strongest.items()}

    def order(row: oxterms.Row) -> tuple:
        return (_term_key(row["statement"]), text(row["relation"]),
                _term_key(row["disputing_statement"]), _term_key(row["disputed_by"]))

    triples: list[Triple] = []
    for actor, actor_rows in by_actor.items():
        for position, row in enumerate(sorted(actor_rows, key=order)):
            statement, disputing, speaker = (row["statement"], row["disputing_statement"],
                                             row["disputed_by"])
            relation = text(row["relation"])
            entry = iri(DISPUTE + stable_hash(text(actor), text(statement), relation,
                                              text(disputing), text(speaker)))
            triples += [(entry, DISPUTE_ACTOR, actor),
                        (entry, DISPUTE_POSITION, integer(position)),
                        (entry, DISPUTED_STATEMENT, statement),
                        (entry, DISPUTE_RELATION, oxterms.relation(relation)),
                        (entry, DISPUTING_STATEMENT, disputing),
                        (entry, DISPUTING_SPEAKER, speaker)]
    return triples


def _term_key(term: Term) -> tuple[int, str]:
    """SPARQL's ORDER BY among blank nodes and IRIs: blank nodes first, then by code point."""
    return (0 if oxterms.is_blank(term) else 1, text(term))


def node_labels(store: Store, nodes: Iterable[Term]) -> Iterator[tuple[Term, Term]]:
    """(node, label) for every ``rdfs:label`` of ``nodes``: IRIs LABEL_BATCH at a time, blank
    nodes (which a query cannot name) from one pass over the labels of every blank node."""
    wanted = set(nodes)
    iris = sorted(text(n) for n in wanted if not oxterms.is_blank(n))
    body = _read("labels.rq")
    for start in range(0, len(iris), LABEL_BATCH):
        values = " ".join(f"<{value}>" for value in iris[start:start + LABEL_BATCH])
        query = body.replace("WHERE {", f"WHERE {{ VALUES ?node {{ {values} }}", 1)
        for row in rows(store, query):
            yield row["node"], row["label"]
    if any(oxterms.is_blank(n) for n in wanted):
        query = body.replace("WHERE {", "WHERE { FILTER(isBlank(?node))", 1)
        for row in rows(store, query):
            if row["node"] in wanted:
                yield row["node"], row["label"]


def label_choices(store: Store, nodes: Iterable[Term]) -> tuple[dict[Term, str],
                                                                 dict[Term, ox.Literal]]:
    """Each node's smallest label as a string (``MIN(STR(?label))``, the links' order), and each
    IRI's display label as display-labels.rq chooses it (the smallest English label, else
    untagged, else in another language; a plain literal), from one read of their labels; a
    node without a label is in neither."""
    smallest: dict[Term, str] = {}
    display: dict[Term, tuple[int, str]] = {}
    for node, label in node_labels(store, nodes):
        value = text(label)
        if node not in smallest or value < smallest[node]:
            smallest[node] = value
        if not oxterms.is_blank(node):
            key = label_key(getattr(label, "language", None), value)
            if node not in display or key < display[node]:
                display[node] = key
    return smallest, {node: plain(value) for node, (_, value) in display.items()}


def smallest_labels(store: Store, nodes: Iterable[Term]) -> dict[Term, str]:
    """Each node's smallest label as a string (``MIN(STR(?label))``); a node without a label
    is left out."""
    return label_choices(store, nodes)[0]


def contradiction_pairs(store: Store) -> list[Triple]:
    """The contradicting statement pairs, each with its speakers and its position: two
    statements once, under the strongest relation between them (PAIR_RELATIONS), and for two
    statements that dispute each other, from the one with the lesser IRI (as contradicts)."""
    pairs: dict[tuple[str, str, str], tuple[Term, Term, set[Term]]] = {}
    for row in rows(store, _read("contradiction-pairs.rq")):
        statement, other = row["statement"], row["other"]
        key = (text(row["relation"]), text(statement), text(other))
        held = pairs.get(key) or pairs.setdefault(key, (statement, other, set()))
        held[2].update((row["speaker"], row["other_speaker"]))
    kept: dict[tuple[str, str], tuple[str, str, str]] = {}
    for key in pairs:
        relation, statement, other = key
        both = (min(statement, other), max(statement, other))
        held = kept.get(both)
        if held is None or ((PAIR_RELATIONS.index(relation), statement)
                            < (PAIR_RELATIONS.index(held[0]), held[1])):
            kept[both] = key
    triples: list[Triple] = []
    for position, key in enumerate(sorted(kept.values())):
        relation = key[0]
        statement, other, speakers = pairs[key]
        pair = iri(CONTRADICTION + stable_hash(key[1], key[2], relation))
        triples += [(pair, PAIR_STATEMENT, statement), (pair, PAIR_OTHER, other),
                    (pair, PAIR_RELATION, oxterms.relation(relation)),
                    (pair, PAIR_ORDER, integer(position))]
        triples += [(pair, PAIR_SPEAKER, s) for s in sorted(speakers, key=text)]
    return triples


def claimants(store: Store, statuses: Mapping[str, str],
              claim_labels: Iterable[tuple[Term, Term]]) -> list[Triple]:
    """``speaker cg:claimed claim`` for every claim a speaker asserted, each speaker's position
    by label among those who asserted a claim with a current status (``statuses``: claim IRI to
    status name; track-record's rows), and their tallies (:func:`claim_tallies`)."""
    with_status: dict[Term, set[str]] = {}
    triples: list[Triple] = []
    for row in rows(store, _read("claimants.rq")):
        speaker, claim = row["speaker"], row["claim"]
        triples.append((speaker, CLAIMED, claim))
        if text(claim) in statuses:
            with_status.setdefault(speaker, set()).add(text(claim))
    smallest = smallest_labels(store, with_status)
    labels = {s: smallest.get(s, text(s)) for s in with_status}
    ordered = sorted(labels, key=lambda s: (labels[s], text(s)))
    triples += [(s, CLAIMANT_ORDER, integer(n)) for n, s in enumerate(ordered)]
    return triples + claim_tallies(with_status, statuses, claim_labels)


def claim_tallies(claimed: Mapping[Term, set[str]], statuses: Mapping[str, str],
                  claim_labels: Iterable[tuple[Term, Term]]) -> list[Triple]:
    """One ``cg:ClaimTally`` per speaker in ``claimed`` (speaker to the claims with a status they
    asserted) and current status: how many claims, and their labels as track-record gives them
    (each claim's labels in ``claim_labels``, or its IRI when it has none; distinct, sorted by
    code point)."""
    texts: dict[str, set[str]] = {}
    for claim, label in claim_labels:
        texts.setdefault(text(claim), set()).add(text(label))
    triples: list[Triple] = []
    for speaker, asserted in claimed.items():
        groups: dict[str, list[str]] = {}
        for claim in asserted:
            groups.setdefault(statuses[claim], []).append(claim)
        for status, group in groups.items():
            shown = sorted(set().union(*(texts.get(c, {c}) for c in group)))
            tally = iri(TALLY + stable_hash(text(speaker), status))
            triples += [(speaker, CLAIM_TALLY, tally), (tally, TALLY_STATUS, cg(status)),
                        (tally, TALLY_CLAIMS, integer(len(group))),
                        (tally, TALLY_LABELS, plain(TALLY_SEPARATOR.join(shown)))]
    return triples


def recurrences(store: Store, copies: set[str]) -> list[Triple]:
    """Each claim's ``cg:recurrenceOrder``: statements x ORDER_SPAN + (ORDER_SPAN - 1 -
    position), where statements is how many distinct statements that are not syndicated copies
    (``copies``) assert it, and position runs over all claims by that number (most first), label;
    and what recurring-claims shows of it: ``cg:recurrenceStatements`` (that number),
    ``cg:recurrenceSpeakers``, ``cg:recurrenceDocuments``, ``cg:recurrenceCopies`` and the
    first and last date, ``cg:recurrenceFirstDate`` / ``cg:recurrenceLastDate``."""
    originals: dict[str, set[str]] = {}
    claim_terms: dict[str, Term] = {}
    seen: dict[str, tuple[set[str], set[str], set[str]]] = {}
    for row in rows(store, _read("assertions.rq")):
        claim, statement = text(row["claim"]), text(row["statement"])
        counted = originals.get(claim)
        if counted is None:
            counted = originals[claim] = set()
            claim_terms[claim] = row["claim"]
        speakers, documents, copied = seen.get(claim) or seen.setdefault(claim,
                                                                         (set(), set(), set()))
        speakers.add(text(row["speaker"]))
        documents.add(text(row["doc"]))
        if statement in copies:
            copied.add(statement)
        else:
            counted.add(statement)
    smallest = smallest_labels(store, claim_terms.values())
    labels = {claim: (0, "") if term not in smallest else (1, smallest[term])
              for claim, term in claim_terms.items()}
    ordered = sorted(originals, key=lambda c: (-len(originals[c]), labels[c], c))
    triples: list[Triple] = []
    for n, c in enumerate(ordered):
        claim, (speakers, documents, copied) = claim_terms[c], seen[c]
        statements = len(originals[c])
        triples += [
            (claim, RECURRENCE_ORDER, number(statements * ORDER_SPAN + ORDER_SPAN - 1 - n)),
            (claim, RECURRENCE_STATEMENTS, integer(statements)),
            (claim, RECURRENCE_SPEAKERS, integer(len(speakers))),
            (claim, RECURRENCE_DOCUMENTS, integer(len(documents))),
            (claim, RECURRENCE_COPIES, integer(len(copied)))]
    for row in rows(store, _read("assertion-dates.rq")):
        claim = row["claim"]
        if text(claim) not in originals:
            continue
        for column, predicate in (("first", RECURRENCE_FIRST), ("last", RECURRENCE_LAST)):
            date = row[column]
            if date is not None:
                triples.append((claim, predicate, date))
    return triples


def timeline_positions(store: Store) -> list[Triple]:
    """``statement cg:timelineOrder n``: each statement's position in the timeline's order,
    ``ORDER BY (!BOUND(?dkey)) ?dkey ?source ?start ?statement`` as SPARQL sorts it (strings
    and IRIs by code point, an unbound ``?start`` before any number); a statement with several
    keys (two sources, say) takes its first."""
    best: dict[str, tuple] = {}
    terms: dict[str, Term] = {}
    for row in rows(store, _read("timeline-keys.rq")):
        node = row["statement"]
        statement, dkey, start = text(node), row["dkey"], row["start"]
        start_key = (0, 0.0) if start is None else (1, _number(start))
        key = (dkey is None, "" if dkey is None else text(dkey), text(row["source"]), start_key,
               statement)
        held = best.get(statement)
        if held is None:
            terms[statement] = node
        if held is None or key < held:
            best[statement] = key
    ordered = sorted(best.values())
    return [(terms[key[-1]], TIMELINE_ORDER, integer(n)) for n, key in enumerate(ordered)]


def labels_and_locations(store: Store) -> list[Triple]:
    """The display labels, and the locations' positions ordered by them, counts and parents."""
    labels = display_labels(store)
    return ([(node, DISPLAY_LABEL, plain(label)) for node, label in labels.items()]
            + location_positions(store, labels))


def location_positions(store: Store, labels: Mapping[Term, str]) -> list[Triple]:
    """``location cg:locationOrder n``: each location's position in the locations listing's
    order, ``ORDER BY ?label ?location`` as SPARQL sorts it with each place's display label in
    ``labels`` (an unbound label first, strings and IRIs by code point); and its counts of
    mentions, claims and operations targeting it, and its direct parents."""
    keyed = []
    for row in rows(store, _read("location-keys.rq")):
        label = labels.get(row["location"])
        keyed.append((label is not None, label or "", text(row["location"]), row["location"]))
    keyed.sort(key=lambda k: k[:3])
    triples = [(key[-1], LOCATION_ORDER, integer(n)) for n, key in enumerate(keyed)]
    for row in rows(store, _read("location-counts.rq")):
        for column, predicate in LOCATION_COUNTS.items():
            count = row[column]  # an xsd:integer from COUNT, written as it came
            if count is not None and text(count) != "0":
                triples.append((row["location"], predicate, count))
    return triples + location_parents(store)


def location_parents(store: Store) -> list[Triple]:
    """``location cg:locationParent parent``: of the places a location is located in, each that
    contains none of the others (location-parents.rq)."""
    containers: dict[Term, set[Term]] = {}
    for row in rows(store, _read("location-parents.rq")):
        containers.setdefault(row["location"], set()).add(row["container"])
    triples = []
    for location, around in containers.items():
        for parent in around:
            if not any(parent in containers.get(middle, ()) for middle in around
                       if middle != parent):
                triples.append((location, LOCATION_PARENT, parent))
    triples.sort(key=lambda t: (text(t[0]), text(t[2])))
    return triples


def display_labels(store: Store) -> dict[Term, str]:
    """Every named resource with an ``rdfs:label`` outside the ledger, with the label to show
    (display-labels.rq), written as ``node cg:displayLabel "label"``."""
    return {row["node"]: text(row["label"]) for row in rows(store, _read("display-labels.rq"))}


def _number(term: Term) -> float:
    try:
        return float(text(term))
    except ValueError:
        return float("inf")


def status_positions(ledger: list[Triple],
                     claim_labels: Iterable[tuple[Term, Term]]) -> list[Triple]:
    """``change cg:statusOrder n`` for the status changes among the ``ledger`` triples about to
    be written: each change's first row in claim-status's order (status-order.rq), with the
    claims' labels from ``claim_labels``."""
    wanted = {STATUS_CHANGE, NEW_STATUS, CHANGED_AT, DERIVED_BY_RULE}
    kept = [t for t in ledger if t[1] in wanted]
    claims = {s for s, p, _ in kept if p == STATUS_CHANGE}
    if not claims:
        return []
    kept += [(claim, RDFS_LABEL, label) for claim, label in claim_labels if claim in claims]
    ranking = open_store("memory:")
    try:
        ranking.replace_graph(STATUS_RANKING_GRAPH, kept)
        first: dict[Term, int] = {}
        for position, row in enumerate(rows(ranking, _read("status-order.rq"))):
            first.setdefault(row["change"], position)
    finally:
        ranking.close()
    return [(change, STATUS_ORDER, integer(n)) for change, n in first.items()]
