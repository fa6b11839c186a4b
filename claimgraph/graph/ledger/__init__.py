"""The claim ledger: derive each checkable claim's status history from the statements in the store.

Rules are SPARQL files in ``rules/`` (header lines ``#+ rule:``, ``#+ status:``,
``#+ description:``); each returns ``?claim ?evidence ?date`` rows, one per status change it
justifies. :func:`refresh` runs them all over the whole store and writes the result, a
``cg:StatusChange`` per row with its valid time (``cg:changedAt``, the date of the evidence),
its transaction time (``cg:recordedAt``, kept from the first refresh that saw it), the evidence
statement and the rule, plus each claim's ``cg:currentStatus``, recurrences (``cg:restates``),
syndicated copies (``cg:copyOf``) and the listings of :mod:`.listings` (the actor network's links,
the contradicting pairs), into one named graph that is replaced atomically. The ledger is
a pure function of the articles in the store, so reloading the same articles changes nothing.
It is derived with pyoxigraph's terms whatever the store (see :mod:`.oxterms`).
"""

from __future__ import annotations

import collections
import contextlib
import datetime
import gc
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache, partial
from importlib import resources
from typing import Callable, Iterator

import pyoxigraph as ox
from rdflib import Namespace

from claimgraph.graph.annotation_rdf import stable_hash
from claimgraph.graph.ledger import listings, oxterms
from claimgraph.graph.ledger.oxterms import (DATE_TYPES, RDF_TYPE, RDFS_COMMENT, RDFS_LABEL,
                                             XSD_DATE, XSD_DATETIME, Term, Triple, cg, iri,
                                             plain, rows, text)
from claimgraph.graph.store import Store

ID = Namespace(oxterms.ID)   # rdflib's, for watch.py; the refresh uses oxterms
CG = Namespace(oxterms.CG)
LEDGER_GRAPH = str(ID["ledger"])
# What the refresh derives, versioned: raise it when that changes (new listings, new terms), so
# that a ledger derived by an earlier claimgraph is known to be outdated (2: claim tallies;
# 3: location positions; 4: location counts; 5: the recurring claims' figures; 6: dispute entries;
# 7: rival control refutes only when stated as fact, and disputes when assessed; contradiction
# pairs and dispute entries one per two statements, none for evidence against a deadline;
# 8: status positions with each claim's changes in the ledger's order, not by status name;
# 9: display labels, location parents; 10: the actor links' display labels on the links).
FORMAT = 10
_CALENDAR_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")  # a day, a month or a year
STATUSES = ("unverified", "asserted", "disputed", "confirmed", "refuted", "expired")
# Between changes on the same date (or undated), the more settled status wins.
PRECEDENCE = {"unverified": 0, "asserted": 0, "disputed": 1, "confirmed": 2, "refuted": 2,
              "expired": 2}
RESTATES, COPY_OF = cg("restates"), cg("copyOf")


@dataclass(frozen=True)
class Rule:
    """A ledger rule: its name, the status it sets, what it means, and its SPARQL."""

    name: str
    status: str
    description: str
    sparql: str

    @property
    def iri(self) -> ox.NamedNode:
        return iri(f"{oxterms.ID}ledger/rule/{self.name}")


@dataclass(frozen=True)
class Change:
    """One derived status change of a claim (``claim_node`` and ``evidence_node``: the terms
    the claim and the evidence were read as, which may be blank nodes)."""

    claim: str
    status: str
    evidence: str | None
    date: str | None
    rule: str
    claim_node: Term | None = field(default=None, compare=False, repr=False)
    evidence_node: Term | None = field(default=None, compare=False, repr=False)

    @property
    def iri(self) -> ox.NamedNode:
        return iri(f"{oxterms.ID}ledger/change/"
                   + stable_hash(self.claim, self.status, self.evidence, self.rule))

    def sort_key(self) -> tuple[str, int, str]:
        return (self.date or "", PRECEDENCE[self.status], self.rule)


def _read(name: str) -> str:
    return resources.files("claimgraph.graph.ledger").joinpath(name).read_text("utf-8")


@lru_cache(maxsize=1)
def rules() -> tuple[Rule, ...]:
    """The packaged ledger rules, in file-name order."""
    folder = resources.files("claimgraph.graph.ledger").joinpath("rules")
    found = []
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if not entry.name.endswith(".rq"):
            continue
        text = entry.read_text("utf-8")
        header = {}
        for line in text.splitlines():
            if line.startswith("#+ "):
                key, _, value = line[3:].partition(":")
                header[key.strip()] = value.strip()
        if header.get("status") not in STATUSES or not header.get("rule"):
            raise ValueError(f"ledger rule {entry.name}: needs '#+ rule:' and a '#+ status:' "
                             f"among {', '.join(STATUSES)}")
        found.append(Rule(header["rule"], header["status"], header.get("description", ""), text))
    return tuple(found)


def derive(store: Store, as_of: datetime.date) -> list[Change]:
    """Run every rule over the store; return the status changes they justify, sorted."""
    as_of_term = oxterms.sparql(ox.Literal(as_of.isoformat(), datatype=XSD_DATE))
    changes: set[Change] = set()
    for rule in rules():
        for row in rows(store, rule.sparql.replace("VALUES ?asOf { UNDEF }",
                                                   f"VALUES ?asOf {{ {as_of_term} }}")):
            claim, evidence, date = row["claim"], row["evidence"], row["date"]
            changes.add(Change(text(claim), rule.status,
                               text(evidence) if evidence is not None else None,
                               text(date) if date is not None else None, rule.name,
                               claim, evidence))
    return sorted(changes, key=lambda c: (c.claim,) + c.sort_key())


def current_statuses(changes: list[Change]) -> dict[str, Change]:
    """The change that decides each claim's current status: the latest, the most settled."""
    current: dict[str, Change] = {}
    for change in changes:
        held = current.get(change.claim)
        if held is None or change.sort_key() >= held.sort_key():
            current[change.claim] = change
    return current


def restatements(store: Store) -> list[Triple]:
    """``(later, cg:restates, earlier)`` for every statement that asserts a claim some earlier
    statement asserted first."""
    # recurrence.rq also pairs each claim's first statement with itself: dropped here rather
    # than by a SPARQL FILTER, which Virtuoso 7.2 can evaluate wrongly (see the query).
    return [(row["later"], RESTATES, row["earlier"])
            for row in rows(store, _read("recurrence.rq"))
            if row["earlier"] is not None and row["later"] != row["earlier"]]


TEXT_BATCH = 200  # repeated texts whose statements one query looks up


def syndicated_copies(store: Store) -> set[Triple]:
    """``(later, cg:copyOf, earlier)``: the same speaker's same words in two documents. Each
    group of a speaker's statements with one text points to its least IRI, from every other
    statement of the group whose source differs from one of the first's."""
    texts = [row["text"] for row in rows(store, _read("repeated-texts.rq"))]
    body = _read("copies.rq")
    groups: dict[tuple[Term, Term], dict[Term, set[Term]]] = {}
    for start in range(0, len(texts), TEXT_BATCH):
        values = " ".join(oxterms.sparql(said) for said in texts[start:start + TEXT_BATCH])
        query = body.replace("WHERE {", f"WHERE {{ VALUES ?text {{ {values} }}", 1)
        for row in rows(store, query):
            sources = groups.setdefault((row["speaker"], row["text"]), {})
            said = sources.setdefault(row["statement"], set())
            if row["source"] is not None:
                said.add(row["source"])
    copies = set()
    for statements in groups.values():
        if len(statements) < 2:
            continue
        earlier = min(statements, key=text)
        for later, sources in statements.items():
            if later != earlier and any(a != b for a in statements[earlier] for b in sources):
                copies.add((later, COPY_OF, earlier))
    return copies


def outdated(store: Store) -> bool:
    """Whether the store holds a ledger that an earlier claimgraph derived (another FORMAT)."""
    if LEDGER_GRAPH not in store.graphs():
        return False
    formats = {text(row["format"]) for row in
               rows(store, _read("format.rq"), default_graph_uris=[LEDGER_GRAPH])}
    return formats != {str(FORMAT)}


def mark_stale(store: Store, create: bool = False) -> bool:
    """Record in the ledger that the data is about to change: a write that changes what the
    ledger is derived from calls this first, and the refresh that follows removes the mark, so a
    refresh skipped (``--no-ledger``) or never reached (the process killed) is known later
    (:func:`stale_since`). Into a store without a ledger only when ``create`` (a write that a
    refresh will follow: killed before it, the store would hold data and no ledger, and nothing
    would tell). Whether it added a mark (there was none). One small update, whatever the
    store's size."""
    if not create and LEDGER_GRAPH not in store.graphs():
        return False
    if stale_since(store) is not None:
        return False
    store.update(_read("mark-stale.rq").replace(
        "VALUES ?ledger { UNDEF }", f"VALUES ?ledger {{ <{LEDGER_GRAPH}> }}"))
    return True


@contextlib.contextmanager
def changing(store: Store) -> Iterator[None]:
    """Around a write that changes the data the ledger is derived from and after which no
    refresh follows (an update or a Graph Store write over HTTP): the ledger is marked stale
    before it (:func:`mark_stale`), and the mark taken back when the write fails."""
    added = mark_stale(store)
    try:
        yield
    except BaseException:
        if added:
            clear_mark(store)
        raise


def clear_mark(store: Store) -> None:
    """Remove the mark of :func:`mark_stale` when the write it announced wrote nothing (a file
    refused while it streamed): the ledger is as current as it was."""
    store.update(_read("clear-mark.rq").replace(
        "VALUES ?ledger { UNDEF }", f"VALUES ?ledger {{ <{LEDGER_GRAPH}> }}"))


def stale_since(store: Store) -> str | None:
    """When the data changed without the ledger being derived again (a load or drop with
    ``--no-ledger``, or one stopped before its refresh), or None (no such change, or no ledger)."""
    since = [text(row["since"]) for row in
             rows(store, _read("stale.rq"), default_graph_uris=[LEDGER_GRAPH])]
    return min(since) if since else None


def needs_refresh(store: Store) -> str | None:
    """Why the store's ledger should be derived again, or None: never derived although data was
    written for it (a first load stopped before its refresh), derived by an earlier claimgraph
    (:func:`outdated`), or older than the data (:func:`stale_since`)."""
    if LEDGER_GRAPH not in store.graphs():
        return None
    since = stale_since(store)
    derived = rows(store, _read("format.rq"), default_graph_uris=[LEDGER_GRAPH])
    if since is not None and not derived:
        return (f"was never derived: the data changed at {since} and the refresh that follows "
                "never finished")
    if outdated(store):
        return "was derived by an earlier claimgraph"
    if since is not None:
        return f"is older than the data, which changed at {since} without a refresh"
    return None


def changed_at(date: str) -> ox.Literal:
    """The valid time of a change, typed as its evidence's date is: an ``xsd:date``, or an
    ``xsd:gYearMonth`` / ``xsd:gYear`` for an article dated only by month or year."""
    datatype = DATE_TYPES[len(date)] if _CALENDAR_DATE.fullmatch(date) else XSD_DATE
    return ox.Literal(date, datatype=datatype)


def recorded_at(moment: datetime.datetime | Term) -> Term:
    """A transaction time as the store keeps it: ``2026-11-26T14:59:56Z``.

    Oxigraph stores an ``xsd:dateTime`` in canonical form (``Z`` for UTC), while other stores
    (and rdflib) may write and read it as ``+00:00``; written otherwise, every kept time would
    differ from the stored one, and each refresh would rewrite every change's time."""
    if isinstance(moment, datetime.datetime):
        value: datetime.datetime | None = moment
    elif type(moment) is ox.Literal and moment.datatype == XSD_DATETIME:
        try:
            value = datetime.datetime.fromisoformat(moment.value)
        except ValueError:
            return moment
    else:
        return moment
    if value.tzinfo is None:
        return ox.Literal(value.isoformat(), datatype=XSD_DATETIME)
    utc = value.astimezone(datetime.timezone.utc)
    stamp = utc.strftime("%Y-%m-%dT%H:%M:%S") + (f".{utc.microsecond:06d}".rstrip("0")
                                                  if utc.microsecond else "") + "Z"
    return ox.Literal(stamp, datatype=XSD_DATETIME)


@dataclass
class LedgerSummary:
    """What a refresh found: counts of claims by current status and of changes."""

    changes: int
    claims_by_status: dict[str, int]


def refresh(store: Store, as_of: datetime.date | None = None,
            now: datetime.datetime | None = None,
            progress: Callable[[str], None] | None = None) -> LedgerSummary:
    """Re-derive the ledger from the store and replace its named graph atomically;
    ``progress`` is told each step as it begins (at 10M triples a refresh takes minutes)."""
    step = progress or (lambda name: None)
    as_of = as_of or datetime.date.today()
    now = now or datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    with _without_cycle_collection():
        try:
            with _Parts(_network_parts(store), store.concurrent_reads) as network:
                triples, summary = _status_ledger(store, as_of, now, step)
                step("actor links, disputes, timeline and place positions")
                triples += network.results()
        finally:
            oxterms.integer.cache_clear()   # the triples hold the literals they need
        step(f"writing {len(triples):,} triples")
        store.replace_graph(LEDGER_GRAPH, triples)
    return summary


@contextlib.contextmanager
def _without_cycle_collection() -> Iterator[None]:
    """Python's cycle collector paused: a refresh makes millions of tuples that live until the
    write (4.4M triples at 10M), and each full collection walks all of them, for no garbage (the
    derivation makes no reference cycles): at 10M it took 8 s of a 62 s derivation, at 1M 0.9 s
    of 5 s. Reference counting still frees everything as usual."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _network_parts(store: Store) -> list[Callable[[], list[Triple]]]:
    """The parts of the ledger that read the store independently of the status changes,
    longest first (at 10M triples: actor links 23 s, timeline positions 19 s, dispute entries
    7 s, restatements and place positions 3 s each, against 44 s for the status changes and
    what follows from them), so that whichever thread is free takes the next."""
    return [partial(part, store) for part in (
        listings.actor_links, listings.timeline_positions, listings.dispute_entries,
        restatements, listings.labels_and_locations)]


def _status_ledger(store: Store, as_of: datetime.date, now: datetime.datetime,
                   step: Callable[[str], None]
                   ) -> tuple[list[Triple], LedgerSummary]:
    """The status changes and what is derived from them: current statuses, copies, claimants,
    recurring claims, contradicting pairs and status positions."""
    step("status changes")
    changes = derive(store, as_of)
    recorded = {text(row["change"]): recorded_at(row["recorded"]) for row in
                rows(store, _read("existing.rq"), default_graph_uris=[LEDGER_GRAPH])}
    now_term = recorded_at(now)
    ledger = iri(LEDGER_GRAPH)
    triples: list[Triple] = [(ledger, RDF_TYPE, cg("ClaimLedger")),
                             (ledger, cg("ledgerFormat"), oxterms.number(FORMAT))]
    for rule in rules():
        triples += [(rule.iri, RDF_TYPE, cg("LedgerRule")),
                    (rule.iri, RDFS_LABEL, plain(rule.name)),
                    (rule.iri, RDFS_COMMENT, ox.Literal(rule.description, language="en"))]
    # At 10M triples there are ~90k changes: the few rules, labels and dates they share, and
    # each claim, are made into a term once (statuses by oxterms.cg's cache).
    rule_terms: dict[str, tuple[ox.NamedNode, ox.Literal]] = {}
    dates: dict[str, ox.Literal] = {}
    claims: dict[str, Term] = {}
    change_type, change_of, derived_by, evidence_pred = (
        cg("StatusChange"), cg("changeOf"), cg("derivedByRule"), cg("evidence"))
    status_change, new_status, recorded_pred, changed_pred = (
        listings.STATUS_CHANGE, listings.NEW_STATUS, listings.RECORDED_AT, listings.CHANGED_AT)
    for change in changes:
        c = change.iri
        claim = claims.get(change.claim) or claims.setdefault(
            change.claim, change.claim_node or iri(change.claim))
        key = f"{change.status} ({change.rule})"
        rule_iri, label = rule_terms.get(key) or rule_terms.setdefault(
            key, (iri(f"{oxterms.ID}ledger/rule/{change.rule}"),
                  ox.Literal(key, language="en")))
        triples += [(c, RDF_TYPE, change_type), (c, change_of, claim), (claim, status_change, c),
                    (c, new_status, cg(change.status)), (c, derived_by, rule_iri),
                    (c, recorded_pred, recorded.get(c.value, now_term)), (c, RDFS_LABEL, label)]
        if change.evidence:
            triples.append((c, evidence_pred, change.evidence_node or iri(change.evidence)))
        if change.date:
            date = dates.get(change.date)
            if date is None:
                date = dates[change.date] = changed_at(change.date)
            triples.append((c, changed_pred, date))
    current = current_statuses(changes)
    counts: dict[str, int] = {}
    current_pred = cg("currentStatus")
    for claim_iri, change in current.items():
        triples.append((claims[claim_iri], current_pred, cg(change.status)))
        counts[change.status] = counts.get(change.status, 0) + 1
    step("syndicated copies")
    # in a stable order; pyoxigraph orders no IRI against a blank node, so by their text
    copies = sorted(syndicated_copies(store), key=lambda t: (text(t[0]), text(t[2])))
    triples += copies
    step("claimants and recurring claims")
    # every claim with a change: read once for the tallies and the status order
    claim_labels = list(listings.node_labels(store, claims.values()))
    triples += listings.claimants(store, {claim: change.status
                                          for claim, change in current.items()}, claim_labels)
    triples += listings.recurrences(store, {text(later) for later, _, _ in copies})
    step("contradictions and status positions")
    triples += listings.contradiction_pairs(store)
    triples += listings.status_positions(triples, claim_labels)
    return triples, LedgerSummary(len(changes), dict(sorted(counts.items())))


class _Parts:
    """Runs independent parts of a refresh on a second thread while the caller derives its own,
    when the store serves concurrent readers (Oxigraph evaluates a query without holding
    Python's lock, so two derivation queries use both cores). When the caller asks for the
    results it takes the parts not yet started, so both threads work to the end (at 10M triples
    the status changes took 50 s and the parts 68 s: given wholly to the second thread, they made
    the caller wait 19 s). Without concurrent readers the caller runs every part itself, when it
    asks. Leaving the block stops the second thread after its current part, so no thread
    outlives a failed refresh."""

    def __init__(self, parts: list[Callable[[], list]], concurrent: bool) -> None:
        self._waiting = collections.deque(enumerate(parts))
        self._results: list[list] = [[] for _ in parts]
        self._stopped = False
        self._pool = (ThreadPoolExecutor(max_workers=1, thread_name_prefix="ledger-refresh")
                      if concurrent else None)
        self._helper = self._pool.submit(self._run) if self._pool is not None else None

    def _run(self) -> None:
        try:
            while not self._stopped:
                try:
                    index, part = self._waiting.popleft()
                except IndexError:
                    return
                self._results[index] = part()
        except BaseException:
            self._stopped = True   # the other thread starts no further part
            raise

    def results(self) -> list:
        """Every part's results, in the order the parts were given."""
        self._run()
        if self._helper is not None:
            self._helper.result()   # waits for its last part; raises what it raised
        return [item for result in self._results for item in result]

    def __enter__(self) -> "_Parts":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stopped = True
        if self._pool is not None:
            self._pool.shutdown(wait=True)
