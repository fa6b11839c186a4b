"""Watches and the change feed: follow status changes and new claims about chosen entities.

A watch is a small resource in its own named graph (``…/id/watches``), so it survives reloads of
the articles and can be exported or dropped like any other graph. The feed lists the ledger's
status changes whose claim is watched or concerns a watched entity (its location, party or
setter, or a place inside a watched place), recorded after a given time.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from importlib import resources

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, XSD

from claimgraph.graph.annotation_rdf import stable_hash
from claimgraph.graph.ledger import CG, ID
from claimgraph.graph.store import Store

WATCH_GRAPH = str(ID["watches"])


def _read(name: str) -> str:
    return resources.files("claimgraph.graph.ledger").joinpath(name).read_text("utf-8")


def add_watch(store: Store, target: str, now: datetime.datetime | None = None) -> str:
    """Watch an entity or claim IRI; return the watch's IRI (watching twice changes nothing)."""
    now = now or datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    watch = ID["watch/" + stable_hash(target)]
    graph = store.triples(WATCH_GRAPH) if WATCH_GRAPH in store.graphs() else None
    triples = list(graph) if graph is not None else []
    if (watch, RDF.type, CG.Watch) not in set(triples):
        triples += [(watch, RDF.type, CG.Watch), (watch, CG.watches, URIRef(target)),
                    (watch, CG.recordedAt, Literal(now.isoformat(), datatype=XSD.dateTime))]
        store.replace_graph(WATCH_GRAPH, triples)
    return str(watch)


def remove_watch(store: Store, target: str) -> bool:
    """Stop watching ``target``; return whether it was watched."""
    if WATCH_GRAPH not in store.graphs():
        return False
    watch = ID["watch/" + stable_hash(target)]
    triples = [t for t in store.triples(WATCH_GRAPH) if t[0] != watch]
    existed = len(triples) < len(store.triples(WATCH_GRAPH))
    if existed:
        store.replace_graph(WATCH_GRAPH, triples)
    return existed


def watched(store: Store) -> list[str]:
    """The IRIs being watched."""
    rows = store.query("PREFIX cg: <https://w3id.org/claimgraph/ontology#> "
                       "SELECT ?target WHERE { ?w a cg:Watch ; cg:watches ?target } ORDER BY ?target",
                       default_graph_uris=[WATCH_GRAPH]).rows
    return [str(r["target"]) for r in rows]


@dataclass
class FeedEntry:
    """One status change in the feed."""

    change: str
    claim: str
    claim_label: str
    status: str
    changed_at: str | None
    recorded_at: str
    rule: str
    evidence: str | None
    evidence_text: str | None
    speaker_label: str | None

    def as_dict(self) -> dict[str, str | None]:
        return dict(self.__dict__)


def changes_since(store: Store, since: datetime.datetime | None = None,
                  targets: list[str] | None = None, limit: int = 200) -> list[FeedEntry]:
    """Status changes recorded after ``since`` about ``targets`` (default: all watched IRIs),
    newest first. With no watches and no targets, every change is listed."""
    targets = targets if targets is not None else watched(store)
    since_term = Literal((since or datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc))
                         .isoformat(), datatype=XSD.dateTime)
    values = " ".join(URIRef(t).n3() for t in targets) if targets else "UNDEF"
    sparql = (_read("changes.rq")
              .replace("VALUES ?since { UNDEF }", f"VALUES ?since {{ {since_term.n3()} }}")
              .replace("VALUES ?target { UNDEF }", f"VALUES ?target {{ {values} }}")
              + f"\nLIMIT {int(limit)}")
    entries = []
    for row in store.query(sparql).rows:
        def text(name: str) -> str | None:
            value = row.get(name)
            return str(value) if value is not None else None
        entries.append(FeedEntry(str(row["change"]), str(row["claim"]), str(row["claimLabel"]),
                                 str(row["status"]).rsplit("#", 1)[-1], text("changedAt"),
                                 str(row["recordedAt"]), str(row["rule"]), text("evidence"),
                                 text("evidenceText"), text("speakerLabel")))
    return entries
