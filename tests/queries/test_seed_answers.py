"""Issue 5's "Done means" on the seed article, each through Python, the CLI and HTTP."""

from __future__ import annotations

import pytest

from tests.queries.helpers import QueryFailed

ID = "https://w3id.org/claimgraph/id/"
TROPHIES = {"Pokrovsk", "Myrnohrad", "Kostiantynivka", "Kupiansk", "Vovchansk", "Huliaipole"}


def test_statements_by_malomuzh(ask_seed):
    records = ask_seed("statements-by", actor="Malomuzh")
    assert len(records) >= 6
    assert {r["source"] for r in records} == {ID + "document/tsn-2972918-malomuzh-six-axes"}
    texts = [r["text"] for r in records]
    assert any("escalation across six operational directions is closely linked to upcoming "
               "talks" in t for t in texts)
    sixteen = [r for r in records if "deadlines for taking Pokrovsk 16 times" in r["text"]]
    assert len(sixteen) == 1 and sixteen[0]["kind"] == "claim"
    assert ID + "person/vladimir-putin" in sixteen[0]["about"].split()
    # nobody else's words
    assert not any(t.startswith("Putin has set deadlines") for t in texts)


def test_statements_by_filters_on_kind(ask_seed):
    records = ask_seed("statements-by", actor="malomuzh", kind="denial")
    assert [r["kind"] for r in records] == ["denial"]
    assert "it’s not actually happening" in records[0]["text"]


@pytest.mark.parametrize("actor", ["Putin", "Russia"])
def test_targets_of_putin_or_russia(ask_seed, actor):
    records = ask_seed("targets", actor=actor)
    assert {r["location_label"] for r in records} == TROPHIES
    assert len(records) == 6


def test_targets_counts_claims_of_capture_or_control_only(ask_seed):
    """Pokrovsk has one claim of capture or control (the one claims-about-location lists for
    it); Putin's deadline for taking it is not one."""
    rows = {r["location_label"]: r for r in ask_seed("targets", actor="Putin")}
    assert (rows["Pokrovsk"]["claims"], rows["Pokrovsk"]["claim_statuses"]) \
        == (1, "Capture of Pokrovsk by Russia: refuted")
    listed = {r["claim_label"] for r in ask_seed("claims-about-location", location="Pokrovsk")
              if r["place_label"] == "Pokrovsk"}
    assert listed == {"Capture of Pokrovsk by Russia"}
    assert {label: r["claims"] for label, r in rows.items() if r["claims"]} \
        == {"Pokrovsk": 1, "Myrnohrad": 1}


def test_targets_of_someone_without_operations(ask_seed):
    assert ask_seed("targets", actor="Malomuzh") == []


@pytest.mark.parametrize("place", ["Pokrovsk", "Myrnohrad"])
def test_announced_capture_disputed_by_malomuzh(ask_seed, place):
    records = ask_seed("claims-about-location", location=place.lower())
    captures = [r for r in records if r["control_type"] == "capture"
                and r["place_label"] == place]
    assert len(captures) == 1
    capture = captures[0]
    assert capture["claimed_by"] == ID + "person/vladimir-putin"
    assert capture["party_label"] == "Russia"
    # the ledger's current status, as claim-status gives it (the annotation says "disputed")
    assert capture["status"] == "refuted"
    assert "Mykola Malomuzh" in capture["disputed_by"].split("; ")


def current_statuses(ask_seed) -> dict[str, str]:
    return {r["claim_label"]: r["current_status"] for r in ask_seed("claim-status", limit=0)}


def test_claim_statuses_are_the_ledgers_in_every_query(ask_seed):
    """claims-about-location, targets and deadlines report the status claim-status gives, never
    the annotation's cg:status ("disputed" for the captures, "asserted" by default)."""
    ledger = current_statuses(ask_seed)
    about = {r["claim_label"]: r["status"]
             for r in ask_seed("claims-about-location", location="Donetsk Oblast")}
    assert about and about == {label: ledger[label] for label in about}
    assert about["Control of Northwestern sector of Pokrovsk by Armed Forces of Ukraine"] \
        == "unverified"
    pokrovsk = next(r for r in ask_seed("targets", actor="Putin")
                    if r["location_label"] == "Pokrovsk")
    assert "Capture of Pokrovsk by Russia: refuted" in pokrovsk["claim_statuses"].split("; ")
    deadline = ask_seed("deadlines", location="Pokrovsk")[0]
    assert deadline["status"] == ledger[deadline["deadline_label"]] == "expired"


def test_deadlines_for_pokrovsk(ask_seed):
    records = ask_seed("deadlines", location="Pokrovsk")
    assert len(records) == 1
    deadline = records[0]
    assert deadline["set_by_label"] == "Vladimir Putin"
    assert deadline["count"] == 16 and deadline["failed"] == 16
    assert deadline["outcome"] == "failed"
    assert deadline["reported_by"] == "Mykola Malomuzh"
    assert ask_seed("deadlines", location="Pokrovsk", actor="Malomuzh") == []
    assert ask_seed("deadlines", location="Kupyansk") == []


def test_disputes_of_putin_include_malomuzh(ask_seed):
    records = ask_seed("disputes", actor="Putin")
    assert "Mykola Malomuzh" in {r["disputed_by_label"] for r in records}
    assert any(r["relation"] == "disputes" and "announced the capture" in r["text"]
               and "not actually happening" in r["disputing_text"] for r in records)


def test_disputes_of_putin_are_the_two_statements_malomuzh_disputes(ask_seed):
    """Malomuzh's "16 times, all of which have failed" reports Putin's deadlines and is evidence
    against the deadline claim: that is its outcome (expired), not a dispute of the statement
    that set it. His denial disputes the announced captures and is evidence against the
    captures: listed once, as disputes."""
    records = ask_seed("disputes", actor="Putin")
    assert sorted((r["relation"], r["text"][:40]) for r in records) == [
        ("disputes", "Russian dictator Vladimir Putin has been"),
        ("disputes", "he has already announced the capture of ")]
    assert {r["disputing_text"][:40] for r in records} == {
        "“Putin is trying to make it look real to"}


def test_contradictions_list_two_statements_once_and_no_failed_deadline(ask_seed):
    records = ask_seed("contradictions", limit=0)
    texts = [(r["relation"], r["text"][:30], r["other_text"][:30]) for r in records]
    assert not [t for t in texts if t[2].startswith("Putin has set deadlines")], texts
    statement_pairs = [frozenset((r["statement"], r["other_statement"])) for r in records]
    assert len(statement_pairs) == len(set(statement_pairs)) == 4, texts
    assert ("disputes", "“Putin is trying to make it lo", "he has already announced the c") \
        in texts


def test_path_from_malomuzh_to_putin(ask_seed):
    steps = ask_seed("path", **{"from": "Malomuzh", "to": "Putin"})
    assert steps, "no chain found"
    assert steps[0]["from_node"] == ID + "person/mykola-malomuzh"
    assert steps[-1]["to_node"] == ID + "person/vladimir-putin"
    for before, after in zip(steps, steps[1:]):
        assert before["to_node"] == after["from_node"]
    assert [s["step"] for s in steps] == list(range(1, len(steps) + 1))


def test_negotiation_parties_and_offensive(ask_seed):
    records = ask_seed("negotiations")
    linked = [r for r in records
              if {"United States", "Russia"} <= set(r["party_labels"].split("; "))]
    assert linked
    assert "Russian offensive on six frontline axes" in linked[0]["operation_labels"]
    assert ID + "operation/russian-offensive-six-axes" in linked[0]["operations"].split()


def test_external_links_of_putin(ask_seed):
    records = ask_seed("external-links", entity="Putin")
    assert "http://www.wikidata.org/entity/Q7747" in {r["link"] for r in records}
    assert {r["authority"] for r in records} >= {"wikidata"}


def test_unknown_actor_is_refused(ask_seed):
    with pytest.raises(QueryFailed) as error:
        ask_seed("statements-by", actor="Nobody Atall")
    assert "actor" in error.value.detail


def test_claim_statuses_without_a_ledger_are_empty():
    """Before the ledger is derived (``load --no-ledger``) claim-status lists nothing, and the
    other queries give no status either, rather than the annotation's."""
    from claimgraph.graph.annotation import annotation_to_graph, bundled_annotations
    from claimgraph.queries import QueryRunner
    from tests.queries.oxistore import store_with

    runner = QueryRunner(store_with(*(annotation_to_graph(p) for p in bundled_annotations())))
    assert runner.run("claim-status") == []
    about = runner.run("claims-about-location", location="Pokrovsk")
    assert about and {r["status"] for r in about} == {None}
    pokrovsk = next(r for r in runner.run("targets", actor="Putin")
                    if r["location_label"] == "Pokrovsk")
    assert pokrovsk["claim_statuses"] == "Capture of Pokrovsk by Russia"
    assert [r["status"] for r in runner.run("deadlines", location="Pokrovsk")] == [None]
