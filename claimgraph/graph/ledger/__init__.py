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
"""

from __future__ import annotations

import datetime
import re
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Callable

from rdflib import Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, XSD
from rdflib.term import Node

from claimgraph.graph.annotation_rdf import date_literal, stable_hash
from claimgraph.graph.ledger import listings
from claimgraph.graph.sparql_text import sparql_literal
from claimgraph.graph.store import Store

ID = Namespace("https://w3id.org/claimgraph/id/")
CG = Namespace("https://w3id.org/claimgraph/ontology#")
LEDGER_GRAPH = str(ID["ledger"])
# What the refresh derives, versioned: raise it when that changes (new listings, new terms), so
# that a ledger derived by an earlier claimgraph is known to be outdated (2: claim tallies;
# 3: location positions; 4: location counts; 5: the recurring claims' figures; 6: dispute entries).
FORMAT = 6
_CALENDAR_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")  # a day, a month or a year
STATUSES = ("unverified", "asserted", "disputed", "confirmed", "refuted", "expired")
# Between changes on the same date (or undated), the more settled status wins.
PRECEDENCE = {"unverified": 0, "asserted": 0, "disputed": 1, "confirmed": 2, "refuted": 2,
              "expired": 2}


@dataclass(frozen=True)
class Rule:
    """A ledger rule: its name, the status it sets, what it means, and its SPARQL."""

    name: str
    status: str
    description: str
    sparql: str

    @property
    def iri(self) -> URIRef:
        return ID[f"ledger/rule/{self.name}"]


@dataclass(frozen=True)
class Change:
    """One derived status change of a claim."""

    claim: str
    status: str
    evidence: str | None
    date: str | None
    rule: str

    @property
    def iri(self) -> URIRef:
        return ID["ledger/change/" + stable_hash(self.claim, self.status, self.evidence,
                                                 self.rule)]

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
    as_of_term = Literal(as_of.isoformat(), datatype=XSD.date).n3()
    changes: set[Change] = set()
    for rule in rules():
        result = store.query(rule.sparql.replace("VALUES ?asOf { UNDEF }",
                                                 f"VALUES ?asOf {{ {as_of_term} }}"))
        for row in result.rows:
            evidence, date = row.get("evidence"), row.get("date")
            changes.add(Change(str(row["claim"]), rule.status,
                               str(evidence) if evidence is not None else None,
                               str(date) if date is not None else None, rule.name))
    return sorted(changes, key=lambda c: (c.claim,) + c.sort_key())


def current_statuses(changes: list[Change]) -> dict[str, Change]:
    """The change that decides each claim's current status: the latest, the most settled."""
    current: dict[str, Change] = {}
    for change in changes:
        held = current.get(change.claim)
        if held is None or change.sort_key() >= held.sort_key():
            current[change.claim] = change
    return current


def restatements(store: Store) -> list[tuple[Node, URIRef, Node]]:
    """``(later, cg:restates, earlier)`` for every statement that asserts a claim some earlier
    statement asserted first."""
    # recurrence.rq also pairs each claim's first statement with itself: dropped here rather
    # than by a SPARQL FILTER, which Virtuoso 7.2 can evaluate wrongly (see the query).
    return [(row["later"], CG.restates, row["earlier"])
            for row in store.query(_read("recurrence.rq")).rows
            if row.get("earlier") is not None and row["later"] != row["earlier"]]


TEXT_BATCH = 200  # repeated texts whose statements one query looks up


def syndicated_copies(store: Store) -> set[tuple[Node, URIRef, Node]]:
    """``(later, cg:copyOf, earlier)``: the same speaker's same words in two documents. Each
    group of a speaker's statements with one text points to its least IRI, from every other
    statement of the group whose source differs from one of the first's."""
    texts = [row["text"] for row in store.query(_read("repeated-texts.rq")).rows]
    body = _read("copies.rq")
    groups: dict[tuple[Node, Node], dict[Node, set[Node]]] = {}
    for start in range(0, len(texts), TEXT_BATCH):
        values = " ".join(sparql_literal(text) for text in texts[start:start + TEXT_BATCH])
        query = body.replace("WHERE {", f"WHERE {{ VALUES ?text {{ {values} }}", 1)
        for row in store.query(query).rows:
            sources = groups.setdefault((row["speaker"], row["text"]), {})
            said = sources.setdefault(row["statement"], set())
            if row.get("source") is not None:
                said.add(row["source"])
    copies = set()
    for statements in groups.values():
        if len(statements) < 2:
            continue
        earlier = min(statements, key=str)
        for later, sources in statements.items():
            if later != earlier and any(a != b for a in statements[earlier] for b in sources):
                copies.add((later, CG.copyOf, earlier))
    return copies


def outdated(store: Store) -> bool:
    """Whether the store holds a ledger that an earlier claimgraph derived (another FORMAT)."""
    if LEDGER_GRAPH not in store.graphs():
        return False
    formats = {str(row["format"]) for row in
               store.query(_read("format.rq"), default_graph_uris=[LEDGER_GRAPH]).rows}
    return formats != {str(FORMAT)}


def changed_at(date: str) -> Literal:
    """The valid time of a change, typed as its evidence's date is: an ``xsd:date``, or an
    ``xsd:gYearMonth`` / ``xsd:gYear`` for an article dated only by month or year."""
    return date_literal(date) if _CALENDAR_DATE.fullmatch(date) else Literal(date, datatype=XSD.date)


def recorded_at(moment: datetime.datetime | Literal) -> Literal:
    """A transaction time as the store keeps it: ``2026-11-26T14:59:56Z``.

    Oxigraph stores an ``xsd:dateTime`` in canonical form (``Z`` for UTC), while rdflib writes
    and reads it as ``+00:00``; written as rdflib has it, every kept time would differ from the
    stored one, and each refresh would rewrite every change's time."""
    value = moment.toPython() if isinstance(moment, Literal) else moment
    if not isinstance(value, datetime.datetime) or value.tzinfo is None:
        return moment if isinstance(moment, Literal) else Literal(value, datatype=XSD.dateTime)
    utc = value.astimezone(datetime.timezone.utc)
    text = utc.strftime("%Y-%m-%dT%H:%M:%S") + (f".{utc.microsecond:06d}".rstrip("0")
                                                 if utc.microsecond else "") + "Z"
    return Literal(text, datatype=XSD.dateTime, normalize=False)


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
    try:
        with _Parts(store.concurrent_reads) as parts:
            network = parts.start(_network_listings, store)
            triples, summary = _status_ledger(store, as_of, now, step)
            step("actor links, disputes, timeline and place positions")
            triples += network.result()
    finally:
        listings.integer.cache_clear()   # the triples hold the literals they need
    step(f"writing {len(triples):,} triples")
    store.replace_graph(LEDGER_GRAPH, triples)
    return summary


def _network_listings(store: Store) -> list[tuple[Node, URIRef, Node]]:
    """The parts of the ledger that read the store independently of the status changes (at 10M
    triples, beside :func:`_status_ledger` on a second thread: 115 s of deriving on one thread
    took 83 s on two, each thread's part about as long as the other's)."""
    return (listings.actor_links(store) + restatements(store)
            + listings.location_positions(store) + listings.timeline_positions(store)
            + listings.dispute_entries(store))


def _status_ledger(store: Store, as_of: datetime.date, now: datetime.datetime,
                   step: Callable[[str], None]
                   ) -> tuple[list[tuple[Node, URIRef, Node]], LedgerSummary]:
    """The status changes and what is derived from them: current statuses, copies, claimants,
    recurring claims, contradicting pairs and status positions."""
    step("status changes")
    changes = derive(store, as_of)
    recorded = {str(row["change"]): recorded_at(row["recorded"]) for row in
                store.query(_read("existing.rq"), default_graph_uris=[LEDGER_GRAPH]).rows}
    now_term = recorded_at(now)
    ledger = URIRef(LEDGER_GRAPH)
    triples = [(ledger, RDF.type, CG.ClaimLedger),
               (ledger, CG.ledgerFormat, Literal(str(FORMAT), datatype=XSD.integer))]
    for rule in rules():
        triples += [(rule.iri, RDF.type, CG.LedgerRule),
                    (rule.iri, RDFS.label, Literal(rule.name)),
                    (rule.iri, RDFS.comment, Literal(rule.description, lang="en"))]
    # At 10M triples there are ~90k changes: the few statuses, rules, labels and dates they
    # share are each made into a term once (building an rdflib term costs microseconds).
    status_terms = {status: CG[status] for status in STATUSES}
    rule_terms: dict[str, tuple[URIRef, Literal]] = {}
    dates: dict[str, Literal] = {}
    change_type, change_of, status_change, new_status, derived_by, recorded_pred, evidence_pred, \
        changed_pred = (CG.StatusChange, CG.changeOf, CG.statusChange, CG.newStatus,
                        CG.derivedByRule, CG.recordedAt, CG.evidence, CG.changedAt)
    for change in changes:
        c, claim = change.iri, URIRef(change.claim)
        key = f"{change.status} ({change.rule})"
        rule_iri, label = rule_terms.get(key) or rule_terms.setdefault(
            key, (ID[f"ledger/rule/{change.rule}"], Literal(key, lang="en")))
        triples += [(c, RDF.type, change_type), (c, change_of, claim), (claim, status_change, c),
                    (c, new_status, status_terms[change.status]), (c, derived_by, rule_iri),
                    (c, recorded_pred, recorded.get(str(c), now_term)), (c, RDFS.label, label)]
        if change.evidence:
            triples.append((c, evidence_pred, URIRef(change.evidence)))
        if change.date:
            date = dates.get(change.date)
            if date is None:
                date = dates[change.date] = changed_at(change.date)
            triples.append((c, changed_pred, date))
    current = current_statuses(changes)
    counts: dict[str, int] = {}
    current_pred = CG.currentStatus
    for claim, change in current.items():
        triples.append((URIRef(claim), current_pred, status_terms[change.status]))
        counts[change.status] = counts.get(change.status, 0) + 1
    step("syndicated copies")
    copies = sorted(syndicated_copies(store))
    triples += copies
    step("claimants and recurring claims")
    # every claim with a change: read once for the tallies and the status order
    claim_labels = list(listings.node_labels(store, {URIRef(c.claim) for c in changes}))
    triples += listings.claimants(store, {claim: change.status
                                          for claim, change in current.items()}, claim_labels)
    triples += listings.recurrences(store, {str(later) for later, _, _ in copies})
    step("contradictions and status positions")
    triples += listings.contradiction_pairs(store)
    triples += listings.status_positions(triples, claim_labels)
    return triples, LedgerSummary(len(changes), dict(sorted(counts.items())))


class _Parts:
    """Runs a part of a refresh beside the caller's: on a second thread when the store serves
    concurrent readers (Oxigraph evaluates a query without holding Python's lock, so two
    derivation queries use both cores), else in the caller when its result is asked for (so
    that the steps reported run in the order they are told). Leaving the block waits for the
    part, so no thread outlives a failed refresh."""

    def __init__(self, concurrent: bool) -> None:
        self._pool = (ThreadPoolExecutor(max_workers=1, thread_name_prefix="ledger-refresh")
                      if concurrent else None)

    def start(self, part: Callable[..., list], *args: object) -> "Future | _Deferred":
        if self._pool is not None:
            return self._pool.submit(part, *args)
        return _Deferred(part, args)

    def __enter__(self) -> "_Parts":
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)


@dataclass
class _Deferred:
    """A part run in the caller, when its result is asked for."""

    part: Callable[..., list]
    args: tuple

    def result(self) -> list:
        return self.part(*self.args)
