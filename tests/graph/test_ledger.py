"""The claim ledger: status changes, their dates and evidence, recurrence, and idempotence."""

from __future__ import annotations

import contextlib
import datetime
import gc
import threading
import textwrap
from pathlib import Path

import pytest
from rdflib import Literal, Namespace
from rdflib.compare import isomorphic
from rdflib.namespace import XSD

from claimgraph.graph import ledger
from claimgraph.graph.annotation import annotation_to_graph
from claimgraph.graph.backends import oxigraph_writes
from claimgraph.graph.backends.terms import to_rdflib
from claimgraph.graph.store import open_store
from claimgraph.queries.runner import QueryRunner
from tests.graph.spying import Spy

CG = "https://w3id.org/claimgraph/ontology#"
CG_ = Namespace(CG)
AS_OF = datetime.date(2025, 6, 1)
NOW = datetime.datetime(2025, 6, 1, 12, 0, tzinfo=datetime.timezone.utc)

ENTITIES = """
actors:
  - {id: ivan-petrov, type: Person, name: Ivan Petrov, member_of: [russia]}
  - {id: olha-koval, type: Person, name: Olha Koval, member_of: [ukraine]}
  - {id: jane-reporter, type: Person, name: Jane Reporter}
  - {id: russia, type: State, name: Russia}
  - {id: ukraine, type: State, name: Ukraine}
  - {id: ukrainian-army, type: MilitaryUnit, name: Ukrainian Army, member_of: [ukraine]}
  - {id: test-gazette, type: MediaOutlet, name: Test Gazette}
locations:
  - {id: testville, type: City, name: Testville, located_in: ukraine}
  - {id: otherville, type: City, name: Otherville, located_in: ukraine}
"""


def article(doc_id: str, date: str, text: str, statements: str) -> str:
    return (f"format: claimgraph-annotation/1\ndocument:\n  id: {doc_id}\n  type: NewsArticle\n"
            f"  headline: {doc_id}\n  publisher: test-gazette\n  date_published: {date}\n"
            f"  text: {text!r}\n"
            + ENTITIES + "statements:\n" + textwrap.indent(textwrap.dedent(statements), "  "))


ARTICLES = {
    "a1": article("a1", "2025-01-10",
                  "Petrov said Russia captured Testville. Petrov set a deadline to take Testville "
                  "by 1 February. Koval predicted Russia would take Otherville.", """
        - id: capture
          speaker: ivan-petrov
          kind: claim
          text: Petrov said Russia captured Testville.
          asserts: [{id: c-testville, type: capture, party: russia, location: testville}]
        - id: deadline
          speaker: ivan-petrov
          kind: deadline
          text: Petrov set a deadline to take Testville by 1 February.
          asserts: [{id: d-testville, type: deadline, set_by: ivan-petrov, location: testville,
                     objective: taking Testville, due: 2025-02-01}]
        - id: forecast
          speaker: olha-koval
          kind: prediction
          text: Koval predicted Russia would take Otherville.
          asserts: [{id: p-otherville, type: prediction, party: russia, location: otherville}]
    """),
    "a2": article("a2", "2025-01-20", "Petrov said Russia captured Testville.", """
        - id: again
          speaker: ivan-petrov
          kind: claim
          text: Petrov said Russia captured Testville.
          asserts: [{id: c-testville, type: capture, party: russia, location: testville}]
    """),
    "a3": article("a3", "2025-02-05", "Koval said Petrov's claim is propaganda.", """
        - id: doubt
          speaker: olha-koval
          kind: assessment
          text: Koval said Petrov's claim is propaganda.
          evidence_against: []
          disputes: [claimed]
        - id: claimed
          speaker: ivan-petrov
          kind: claim
          text: Petrov's claim
          asserts: [{id: c-testville, type: capture, party: russia, location: testville}]
    """),
    "a4": article("a4", "2025-03-01", "Reporter saw the Ukrainian Army in control of Testville.", """
        - id: seen
          speaker: jane-reporter
          kind: claim
          text: Reporter saw the Ukrainian Army in control of Testville.
          asserts: [{id: u-testville, type: control, party: ukrainian-army, location: testville}]
    """),
    "a5": article("a5", "2025-04-01", "Reporter confirmed Russia captured Otherville.", """
        - id: fell
          speaker: jane-reporter
          kind: claim
          text: Reporter confirmed Russia captured Otherville.
          asserts: [{id: c-otherville, type: capture, party: russia, location: otherville}]
    """),
}

CHANGES = """
PREFIX cg: <https://w3id.org/claimgraph/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?claim ?status ?date ?rule ?evidenceText WHERE {
  ?subject rdfs:label ?claimLabel ; cg:statusChange ?c .
  ?c cg:newStatus ?s ; cg:derivedByRule ?r .
  ?r rdfs:label ?rule . BIND(STRAFTER(STR(?s), "#") AS ?status)
  OPTIONAL { ?c cg:changedAt ?date } OPTIONAL { ?c cg:evidence/cg:text ?evidenceText }
  BIND(?claimLabel AS ?claim)
}"""


@pytest.fixture
def store(tmp_path: Path):
    store = open_store("memory:")
    for name, text in ARTICLES.items():
        path = tmp_path / f"{name}.yaml"
        path.write_text(text, encoding="utf-8")
        graph_iri, graph = annotation_to_graph(path)
        store.replace_graph(graph_iri, graph)
    yield store
    store.close()


def changes(store) -> set[tuple]:
    return {(str(r["claim"]), str(r["status"]), str(r.get("date", "")), str(r["rule"]),
             str(r.get("evidenceText", ""))) for r in store.query(CHANGES).rows}


def current(store) -> dict[str, str]:
    rows = store.query("""PREFIX cg: <https://w3id.org/claimgraph/ontology#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?l ?s WHERE { ?c cg:currentStatus ?st ; rdfs:label ?l BIND(STRAFTER(STR(?st), "#") AS ?s) }""").rows
    return {str(r["l"]): str(r["s"]) for r in rows}


def test_every_status_change_has_its_date_and_evidence(store):
    ledger.refresh(store, as_of=AS_OF, now=NOW)
    got = changes(store)
    capture = "Capture of Testville by Russia"
    assert (capture, "unverified", "2025-01-10", "first-assertion",
            "Petrov said Russia captured Testville.") in got
    assert (capture, "disputed", "2025-02-05", "disputed-by-other-speaker",
            "Koval said Petrov's claim is propaganda.") in got
    assert (capture, "refuted", "2025-03-01", "refuted-by-reported-control",
            "Reporter saw the Ukrainian Army in control of Testville.") in got
    assert ("Deadline for taking Testville set by Ivan Petrov", "expired", "2025-02-01",
            "past-due", "Petrov set a deadline to take Testville by 1 February.") in got
    assert ("Prediction about Otherville by Russia", "confirmed", "2025-04-01",
            "prediction-came-true", "Reporter confirmed Russia captured Otherville.") in got



def _ledger_of(tmp_path: Path, articles: dict[str, str]):
    store = open_store("memory:")
    for name, text in articles.items():
        path = tmp_path / f"{name}.yaml"
        path.write_text(text, encoding="utf-8")
        store.replace_graph(*annotation_to_graph(path))
    ledger.refresh(store, as_of=AS_OF, now=NOW)
    return store


@pytest.mark.parametrize(("kind", "status", "rule"), [
    ("claim", "refuted", "refuted-by-reported-control"),
    ("denial", "refuted", "refuted-by-reported-control"),
    ("assessment", "disputed", "disputed-by-assessed-control"),
    ("prediction", "disputed", "disputed-by-assessed-control"),
])
def test_a_rival_control_refutes_only_when_stated_as_fact(tmp_path, kind, status, rule):
    """The ledger's statuses: evidence against a claim in an assessment, prediction or similar
    statement disputes it; refuting it takes the contrary stated as fact. So another party's
    control of the place refutes a capture when reported as fact, and disputes it when assessed
    (the seed's "Ukraine's forces are still holding the northwestern sector", an assessment)."""
    holding = article("h1", "2025-03-01", "Koval says the Ukrainian Army still holds Testville.", f"""
        - id: holding
          speaker: olha-koval
          kind: {kind}
          text: Koval says the Ukrainian Army still holds Testville.
          asserts: [{{id: u-testville, type: control, party: ukrainian-army, location: testville}}]
    """)
    store = _ledger_of(tmp_path, {"a1": ARTICLES["a1"], "h1": holding})
    try:
        capture = [c for c in changes(store) if c[0] == "Capture of Testville by Russia"]
        assert sorted((c[1], c[3]) for c in capture) == [(status, rule),
                                                         ("unverified", "first-assertion")]
        assert current(store)["Capture of Testville by Russia"] == status
    finally:
        store.close()



def test_two_statements_are_one_contradiction_pair_under_their_strongest_relation(tmp_path):
    """Koval and Petrov dispute each other, and Koval's is evidence against Petrov's claim too:
    one pair, disputes, from the statement with the lesser IRI; each one's disputes list the
    other once, as disputes."""
    both = article("m1", "2025-03-01", "Petrov says Russia took Testville. Koval says it did not.", """
        - id: took
          speaker: ivan-petrov
          kind: claim
          text: Petrov says Russia took Testville.
          disputes: [did-not]
          asserts: [{id: c-testville, type: capture, party: russia, location: testville}]
        - id: did-not
          speaker: olha-koval
          kind: denial
          text: Koval says it did not.
          disputes: [took]
          evidence_against: [c-testville]
    """)
    store = _ledger_of(tmp_path, {"m1": both})
    try:
        runner = QueryRunner(store)
        pairs = runner.run("contradictions", limit=0)
        assert [(r["relation"], r["statement"] < r["other_statement"]) for r in pairs] == [
            ("disputes", True)]
        for actor in ("Ivan Petrov", "Olha Koval"):
            assert [r["relation"] for r in runner.run("disputes", actor=actor)] == ["disputes"]
    finally:
        store.close()


def test_current_status_is_the_latest_change(store):
    ledger.refresh(store, as_of=AS_OF, now=NOW)
    assert current(store) == {
        "Capture of Testville by Russia": "refuted",
        "Deadline for taking Testville set by Ivan Petrov": "expired",
        "Prediction about Otherville by Russia": "confirmed",
        "Control of Testville by Ukrainian Army": "unverified",
        "Capture of Otherville by Russia": "unverified",
    }


def test_before_the_due_date_the_deadline_is_open(store):
    ledger.refresh(store, as_of=datetime.date(2025, 1, 15), now=NOW)
    assert current(store)["Deadline for taking Testville set by Ivan Petrov"] == "unverified"


def test_restated_claims_are_linked_and_counted_once(store):
    ledger.refresh(store, as_of=AS_OF, now=NOW)
    rows = store.query("""PREFIX cg: <https://w3id.org/claimgraph/ontology#>
        SELECT (COUNT(DISTINCT ?claim) AS ?claims) (COUNT(DISTINCT ?later) AS ?restatements) WHERE {
          ?later cg:restates ?first . ?first cg:asserts ?claim }""").rows
    assert int(rows[0]["claims"]) == 1 and int(rows[0]["restatements"]) == 2
    copies = store.query("""PREFIX cg: <https://w3id.org/claimgraph/ontology#>
        SELECT ?a ?b WHERE { ?a cg:copyOf ?b }""").rows
    assert len(copies) == 1


def test_recurring_claims_count_a_syndicated_copy_apart(store):
    """The restated claim: its restatements are statements, its syndicated copy is a copy, and
    the figures are those of every statement that asserts it (listings.recurrences)."""
    ledger.refresh(store, as_of=AS_OF, now=NOW)
    copy, _ = (str(t) for t in store.query("""PREFIX cg: <https://w3id.org/claimgraph/ontology#>
        SELECT ?a ?b WHERE { ?a cg:copyOf ?b }""").rows[0].values())
    claims = {str(r["claim"]) for r in store.query(f"""PREFIX cg: <https://w3id.org/claimgraph/ontology#>
        SELECT ?claim WHERE {{ <{copy}> cg:asserts ?claim }}""").rows}
    records = [r for r in QueryRunner(store).run("recurring-claims", limit=0, min_statements=1)
               if r["claim"] in claims]
    assert records and all(r["copies"] == 1 for r in records)
    for r in records:
        said = {str(x["s"]) for x in store.query(f"""PREFIX cg: <https://w3id.org/claimgraph/ontology#>
            SELECT ?s WHERE {{ ?s cg:asserts <{r["claim"]}> ; cg:speaker ?x ; cg:source ?d }}""").rows}
        assert copy in said and r["statements"] == len(said) - 1


def test_track_record_rows_are_the_speakers_tallies(store):
    """track-record reads the ledger's cg:ClaimTally: one row per speaker and status, restated
    claims once, labels sorted; each speaker's label is in every article (one row each still)."""
    ledger.refresh(store, as_of=AS_OF, now=NOW)
    records = QueryRunner(store).execute("track-record", {"limit": "0"}).records()
    assert [(r["speaker_label"], r["status"], int(r["claims"]), r["claim_labels"])
            for r in records] == [
        ("Ivan Petrov", "expired", 1, "Deadline for taking Testville set by Ivan Petrov"),
        ("Ivan Petrov", "refuted", 1, "Capture of Testville by Russia"),
        ("Jane Reporter", "unverified", 2,
         "Capture of Otherville by Russia; Control of Testville by Ukrainian Army"),
        ("Olha Koval", "confirmed", 1, "Prediction about Otherville by Russia"),
    ]


def test_reloading_the_same_articles_changes_nothing(store, tmp_path):
    ledger.refresh(store, as_of=AS_OF, now=NOW)
    before = store.triples(ledger.LEDGER_GRAPH)
    for name in ARTICLES:
        graph_iri, graph = annotation_to_graph(tmp_path / f"{name}.yaml")
        store.replace_graph(graph_iri, graph)
    later = NOW + datetime.timedelta(days=3)
    ledger.refresh(store, as_of=AS_OF, now=later)
    assert isomorphic(before, store.triples(ledger.LEDGER_GRAPH))


def test_a_refresh_of_unchanged_articles_writes_nothing(tmp_path, monkeypatch):
    # on disk, where a time is kept in canonical form: rdflib writes UTC as +00:00, Oxigraph
    # keeps Z, and a kept time written back as rdflib read it differed from the stored one
    monkeypatch.setattr(oxigraph_writes, "SMALL_WRITE", 5)  # the ledger is a replacement
    store = open_store(f"oxigraph:{tmp_path / 'store'}")
    try:
        for name, text in ARTICLES.items():
            path = tmp_path / f"{name}.yaml"
            path.write_text(text, encoding="utf-8")
            store.replace_graph(*annotation_to_graph(path))
        ledger.refresh(store, as_of=AS_OF, now=NOW)
        spy = store._store = Spy(store._store)
        ledger.refresh(store, as_of=AS_OF, now=NOW + datetime.timedelta(days=3))
        store._store = spy.inner
        assert spy.calls == []
        times = {str(r["t"]) for r in store.query(
            f"SELECT DISTINCT ?t WHERE {{ ?c <{CG}recordedAt> ?t }}").rows}
        assert times == {"2025-06-01T12:00:00+00:00"}   # the first refresh's, read by rdflib
    finally:
        store.close()


def test_a_change_dated_by_month_is_typed_so_and_ordered_by_its_text(store, tmp_path):
    # annotation files give days; RDF written through the API may date an article by month
    graph_iri, graph = annotation_to_graph(tmp_path / "a3.yaml")
    day = Literal("2025-02-05", datatype=XSD.date)
    for s, p, o in list(graph.triples((None, None, day))):
        graph.remove((s, p, o))
        graph.add((s, p, Literal("2025-02", datatype=XSD.gYearMonth)))
    store.replace_graph(graph_iri, graph)
    ledger.refresh(store, as_of=AS_OF, now=NOW)
    typed = {o.datatype for o in store.triples(ledger.LEDGER_GRAPH).objects(None, CG_.changedAt)}
    assert typed == {XSD.date, XSD.gYearMonth}
    runner = QueryRunner(store)
    for limit in (100, 0):   # the page read by the ledger's positions, and every row sorted
        rows = [r for r in runner.run("claim-status", limit=limit)
                if str(r["claim_label"]).startswith("Capture of Testville")]
        dates = [str(r.get("changed_at", "")) for r in rows]
        assert dates == sorted(dates) and "2025-02" in dates, dates


def test_seed_captures_and_deadlines_are_refuted_or_expired_by_malomuzh(seed_graph):
    store = open_store("memory:")
    graph_iri, graph = seed_graph
    store.replace_graph(graph_iri, graph)
    ledger.refresh(store, as_of=AS_OF, now=NOW)
    status = current(store)
    assert status["Capture of Pokrovsk by Russia"] == "refuted"
    assert status["Capture of Myrnohrad by Russia"] == "refuted"
    assert status["Deadline for taking Pokrovsk set by Vladimir Putin (16 times)"] == "expired"
    evidence = {(c, s, e[:40]) for c, s, _, _, e in changes(store)}
    assert ("Capture of Myrnohrad by Russia", "refuted", "“Putin is trying to make it look real to") in evidence
    assert ("Deadline for taking Pokrovsk set by Vladimir Putin (16 times)", "expired",
            "The expert points out that Putin has set") in evidence


def _histories(rows) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for row in rows:
        out.setdefault(str(row["claim_label"]), []).append(str(row["status"]))
    return out


def test_seed_histories_read_in_the_ledgers_order(seed_graph):
    """Undated changes in the order the ledger decides by (and its pages list them): the first
    assertion first, the status that decides the current status last; not by status name."""
    store = open_store("memory:")
    store.replace_graph(*seed_graph)
    ledger.refresh(store, as_of=AS_OF, now=NOW)
    runner = QueryRunner(store)
    capture = "Capture of Pokrovsk by Russia"
    expected = {
        # disputed by the denial (rule 20) and by the assessment of rival control (rule 45),
        # refuted by the denial (rule 30)
        capture: ["unverified", "disputed", "disputed", "refuted"],
        "Capture of Myrnohrad by Russia": ["unverified", "disputed", "refuted"],
        "Deadline for taking Pokrovsk set by Vladimir Putin (16 times)": ["unverified", "expired"],
        "Prediction about Left Bank by Russia": ["unverified", "disputed", "disputed"],
    }
    for params in ({}, {"limit": 0}, {"location": "Donetsk Oblast"}, {"claim": capture}):
        rows = runner.run("claim-status", **params)
        got = _histories(rows)
        assert {label: got[label] for label in expected if label in got} \
            == {label: order for label, order in expected.items() if label in got}, params
        assert capture in got, params
        assert all(history[-1] == next(str(r["current_status"]) for r in rows
                                       if str(r["claim_label"]) == label)
                   for label, history in got.items()), params
    rules = [str(r["rule"]) for r in runner.run("claim-status", claim=capture)]
    assert rules[1:] == ["disputed-by-assessed-control", "disputed-by-other-speaker",
                         "refuted-by-counter-assertion"]


def test_ledger_why_reads_the_history_from_the_first_assertion(tmp_path):
    import json

    from click.testing import CliRunner

    from claimgraph.cli import cli

    url = f"oxigraph:{tmp_path / 'store'}"
    assert CliRunner().invoke(cli, ["--store", url, "load", "--example"]).exit_code == 0
    why = CliRunner().invoke(cli, ["--store", url, "ledger", "why",
                                   "Capture of Pokrovsk by Russia", "--format", "json"])
    assert why.exit_code == 0, why.stderr
    assert [r["status"] for r in json.loads(why.stdout)] \
        == ["unverified", "disputed", "disputed", "refuted"]


def test_undated_changes_follow_the_ledgers_precedence_then_the_rule():
    """Every status on one undated claim, with rule names in the reverse order of the statuses'
    precedence: claim-status and the ledger's cg:statusOrder give ledger.PRECEDENCE's order."""
    from claimgraph.graph.ledger import listings, oxterms

    claim = oxterms.iri(oxterms.ID + "claim/every-status")
    names = {"unverified": "f-first", "asserted": "e-asserted", "disputed": "d-disputed",
             "confirmed": "c-confirmed", "refuted": "b-refuted", "expired": "a-expired"}
    assert set(names) == set(ledger.STATUSES)
    triples = [(claim, oxterms.RDFS_LABEL, oxterms.plain("Every status"))]
    for status, rule in names.items():
        change = oxterms.iri(oxterms.ID + f"ledger/change/{status}")
        rule_iri = oxterms.iri(oxterms.ID + f"ledger/rule/{rule}")
        triples += [(claim, listings.STATUS_CHANGE, change),
                    (change, listings.NEW_STATUS, oxterms.cg(status)),
                    (change, listings.RECORDED_AT, ledger.recorded_at(NOW)),
                    (change, listings.DERIVED_BY_RULE, rule_iri),
                    (rule_iri, oxterms.RDFS_LABEL, oxterms.plain(rule))]
    triples += listings.status_positions(triples, [(claim, triples[0][2])])
    store = open_store("memory:")
    store.replace_graph(ledger.LEDGER_GRAPH, triples)
    expected = sorted(names, key=lambda status: (ledger.PRECEDENCE[status], names[status]))
    assert expected[:3] == ["asserted", "unverified", "disputed"]
    runner = QueryRunner(store)
    for params in ({}, {"limit": 0}, {"claim": str(claim.value)}, {"limit": 2, "offset": 2}):
        got = [str(r["status"]) for r in runner.run("claim-status", **params)]
        start = int(params.get("offset", 0))
        assert got == expected[start:start + int(params.get("limit", 100)) or None], params


def test_a_refresh_tells_its_steps(store):
    steps = []
    ledger.refresh(store, as_of=AS_OF, now=NOW, progress=steps.append)
    assert steps[0] == "status changes" and len(steps) == 6
    written = len(store.triples(ledger.LEDGER_GRAPH))
    assert steps[-1] == f"writing {written:,} triples"


def test_the_second_thread_derives_the_same_ledger(store, tmp_path, monkeypatch):
    threads = []
    actor_links = ledger.listings.actor_links

    def recorded(*args):
        threads.append(threading.current_thread().name)
        return actor_links(*args)

    monkeypatch.setattr(ledger.listings, "actor_links", recorded)
    assert store.concurrent_reads  # the embedded store reads on two threads
    ledger.refresh(store, as_of=AS_OF, now=NOW)
    assert threads[0].startswith("ledger-refresh")
    alone = open_store("memory:")
    try:
        for name in ARTICLES:
            alone.replace_graph(*annotation_to_graph(tmp_path / f"{name}.yaml"))
        alone.concurrent_reads = False
        steps = []
        ledger.refresh(alone, as_of=AS_OF, now=NOW,
                       progress=lambda step: steps.append((step, len(threads))))
        assert threads[1] == threading.current_thread().name
        # on one thread the links are read at their own step, after the status changes'
        assert [count for step, count in steps if step.startswith("actor links")] == [1]
        assert steps[0] == ("status changes", 1)
        assert isomorphic(alone.triples(ledger.LEDGER_GRAPH), store.triples(ledger.LEDGER_GRAPH))
    finally:
        alone.close()


def test_the_caller_takes_the_parts_the_second_thread_has_not_started(store, monkeypatch):
    ledger.refresh(store, as_of=AS_OF, now=NOW)
    before = store.triples(ledger.LEDGER_GRAPH)
    ran: dict[str, str] = {}
    links_started, disputes_done = threading.Event(), threading.Event()
    actor_links, dispute_entries, derive = (
        ledger.listings.actor_links, ledger.listings.dispute_entries, ledger.derive)

    def slow_links(store):   # the second thread's first part, held until the caller is done
        ran["actor_links"] = threading.current_thread().name
        links_started.set()
        assert disputes_done.wait(30)
        return actor_links(store)

    def disputes(store):
        ran["dispute_entries"] = threading.current_thread().name
        try:
            return dispute_entries(store)
        finally:
            disputes_done.set()

    def status_changes(*args):   # the caller starts once the second thread holds its part
        assert links_started.wait(30)
        return derive(*args)

    monkeypatch.setattr(ledger.listings, "actor_links", slow_links)
    monkeypatch.setattr(ledger.listings, "dispute_entries", disputes)
    monkeypatch.setattr(ledger, "derive", status_changes)
    ledger.refresh(store, as_of=AS_OF, now=NOW)
    assert ran["actor_links"].startswith("ledger-refresh")
    assert ran["dispute_entries"] == threading.current_thread().name
    assert isomorphic(before, store.triples(ledger.LEDGER_GRAPH))


def test_once_a_part_fails_no_thread_starts_another():
    started = []

    def broken():
        started.append("broken")
        raise RuntimeError("the links could not be read")

    def later():
        started.append("later")
        return [("a", "b", "c")]

    with ledger._Parts([broken, later, later], concurrent=True) as parts:
        assert isinstance(parts._helper.exception(timeout=30), RuntimeError)   # the second thread's
        with pytest.raises(RuntimeError, match="links"):
            parts.results()     # the caller takes none of the parts left
    assert started == ["broken"]


@pytest.mark.parametrize("fails", [False, True], ids=["done", "failed"])
def test_the_cycle_collector_is_paused_during_a_refresh_and_restored_after(store, monkeypatch,
                                                                           fails):
    seen = []
    actor_links = ledger.listings.actor_links

    def links(store):
        seen.append(gc.isenabled())
        if fails:
            raise RuntimeError("the links could not be read")
        return actor_links(store)

    monkeypatch.setattr(ledger.listings, "actor_links", links)
    assert gc.isenabled()
    try:
        if fails:
            with pytest.raises(RuntimeError, match="links"):
                ledger.refresh(store, as_of=AS_OF, now=NOW)
        else:
            ledger.refresh(store, as_of=AS_OF, now=NOW)
        assert seen == [False] and gc.isenabled()
        gc.disable()   # a caller that paused it keeps it paused
        with contextlib.suppress(RuntimeError):
            ledger.refresh(store, as_of=AS_OF, now=NOW)
        assert not gc.isenabled()
    finally:
        gc.enable()


@pytest.mark.parametrize("concurrent", [True, False], ids=["two-threads", "one-thread"])
@pytest.mark.parametrize("part", ["contradiction_pairs", "actor_links"])  # each thread's
def test_a_failing_part_fails_the_refresh_and_writes_nothing(store, monkeypatch, concurrent, part):
    ledger.refresh(store, as_of=AS_OF, now=NOW)
    before = store.triples(ledger.LEDGER_GRAPH)
    assert list(before.triples((None, to_rdflib(ledger.listings.PAIR_STATEMENT), None)))  # what would go
    assert list(before.triples((None, to_rdflib(ledger.listings.LINK_SOURCE), None)))

    def broken(store):
        raise RuntimeError(f"{part} could not be read")

    monkeypatch.setattr(ledger.listings, part, broken)
    store.concurrent_reads = concurrent
    with pytest.raises(RuntimeError, match=part):
        ledger.refresh(store, as_of=AS_OF, now=NOW + datetime.timedelta(days=3))
    assert isomorphic(before, store.triples(ledger.LEDGER_GRAPH))
    assert not [t for t in threading.enumerate() if t.name.startswith("ledger-refresh")]
