"""Every catalog query on an invented world (two articles, invented actors and towns), so that
no answer is hard-wired to the seed; through Python, the CLI and HTTP."""

from __future__ import annotations

import pytest

from tests.queries.helpers import QueryFailed
from tests.queries.synthetic import EXTERNAL_LINK, statement_text

ID = "https://w3id.org/claimgraph/id/"
DREMEL, VARNHOLT = ID + "person/oskar-dremel", ID + "person/ilsa-varnholt"


def test_statements_by(ask_synthetic):
    records = ask_synthetic("statements-by", actor="general varnholt")
    assert sorted(r["text"] for r in records) == sorted(
        statement_text(s) for s in ("varnholt-denies", "varnholt-counts", "varnholt-contradicts"))
    dated = {r["text"]: r["date"] for r in records}
    assert dated[statement_text("varnholt-denies")] == "2031-02-25"
    # undated statements take their article's publication date
    assert dated[statement_text("varnholt-contradicts")] == "2031-04-10"
    assert [r["date"] for r in records] == sorted(r["date"] for r in records)


def test_statements_about(ask_synthetic):
    records = ask_synthetic("statements-about", entity="Brenvik")
    assert {(r["speaker_label"], r["relation"]) for r in records} == {
        ("Oskar Dremel", "about"), ("Ilsa Varnholt", "about")}
    about_statement = ask_synthetic("statements-about", entity="dremel-took-brenvik")
    assert {r["relation"] for r in about_statement} == {"disputes"}
    assert {r["speaker"] for r in about_statement} == {VARNHOLT}


def test_disputes(ask_synthetic):
    records = ask_synthetic("disputes", actor="Dremel")
    # Varnholt's denial disputes Dremel's statement and is evidence against its claim: once,
    # as the stronger relation the two statements have
    assert [(r["relation"], r["disputed_by"]) for r in records] == [("disputes", VARNHOLT)]
    officials = ask_synthetic("disputes", actor="Norland officials")
    assert [(r["relation"], r["disputed_by"]) for r in officials] == [("contradicts", VARNHOLT)]
    # contradiction is mutual; a plain dispute is not
    varnholt = ask_synthetic("disputes", actor="Varnholt")
    assert [(r["relation"], r["disputed_by"]) for r in varnholt] == [
        ("contradicts", ID + "group/norland-officials")]


@pytest.mark.parametrize("where", ["brennvik", "BRENWICK", "Vester Oblast"])
def test_claims_about_location(ask_synthetic, where):
    records = ask_synthetic("claims-about-location", location=where)
    assert len(records) == 1
    claim = records[0]
    assert (claim["place_label"], claim["control_type"], claim["party_label"]) == (
        "Brenvik", "capture", "Norland")
    assert claim["claimed_by_label"] == "Oskar Dremel"
    assert claim["date"] == "2031-02-20"
    assert claim["disputed_by"] == "Ilsa Varnholt"
    assert claim["confirmed_by"] is None
    assert ask_synthetic("claims-about-location", location="Kelda") == []


def test_deadlines(ask_synthetic):
    records = ask_synthetic("deadlines", location="Kelda", actor="Marshal Dremel")
    assert len(records) == 1
    d = records[0]
    # the ledger's current status (the annotation says "asserted"): not yet due, no evidence
    assert (d["set_by"], d["count"], d["failed"], d["outcome"], d["status"]) == (
        DREMEL, 3, 2, "pending", "unverified")
    assert d["due_dates"] == "2031-06-01"
    assert d["reported_by"] == "Ilsa Varnholt"
    assert ask_synthetic("deadlines", location="Vester Oblast") == records
    assert ask_synthetic("deadlines", location="Kelda", actor="Varnholt") == []


def test_targets(ask_synthetic):
    expected = {"Brenvik", "Tålsmark", "Kelda"}
    for actor in ("Dremel", "Norland"):   # Dremel through his role, Norland as conductor
        assert {r["location_label"] for r in ask_synthetic("targets", actor=actor)} == expected
    assert ask_synthetic("targets", actor="Varnholt") == []
    by_place = {r["location_label"]: r for r in ask_synthetic("targets", operation="Spring offensive")}
    assert by_place["Brenvik"]["claims"] == 1
    # the ledger's current status (the annotation says "disputed"): Varnholt states the contrary
    assert by_place["Brenvik"]["claim_statuses"] == "Capture of Brenvik by Norland: refuted"
    assert by_place["Tålsmark"]["claims"] == 0 and by_place["Tålsmark"]["statements"] == 0
    assert by_place["Brenvik"]["region_label"] == "Vester Oblast"


def test_negotiations(ask_synthetic):
    records = ask_synthetic("negotiations")
    assert len(records) == 1
    n = records[0]
    assert set(n["party_labels"].split("; ")) == {"Norland", "Suderia"}
    assert n["operation_labels"] == "Spring offensive"
    assert set(n["positions"].split("; ")) == {
        "Norland: Keep Brenvik.", "Suderia: Full withdrawal from Vester Oblast."}
    assert n["statements"] == 2   # one about the talks, one aiming to influence them
    assert ask_synthetic("negotiations", negotiation="the lake talks") == records


def test_actor_network(ask_synthetic):
    links = {(r["source"], r["target"], r["relation"]): r["weight"]
             for r in ask_synthetic("actor-network")}
    assert links[(VARNHOLT, DREMEL, "disputed")] == 1
    assert links[(VARNHOLT, DREMEL, "spoke about")] == 2
    assert links[(VARNHOLT, DREMEL, "reported")] == 1
    assert all(source != target for source, target, _ in links)
    heavy = ask_synthetic("actor-network", actor="Dremel", min_weight=2)
    assert [(r["source"], r["relation"]) for r in heavy] == [(VARNHOLT, "spoke about")]


def test_path(ask_synthetic):
    steps = ask_synthetic("path", **{"from": "Tålsmark", "to": "Varnholt"})
    assert steps[0]["from_node"] == ID + "city/talsmark"
    assert steps[-1]["to_node"] == VARNHOLT
    assert all(s["relation"] for s in steps)
    assert len(steps) <= 4
    assert ask_synthetic("path", **{"from": "Lonely Isle", "to": "Varnholt"}) == []
    with pytest.raises(QueryFailed):
        ask_synthetic("path", **{"from": "Kelda", "to": "Varnholt", "max_hops": 99})


def test_timeline(ask_synthetic):
    records = ask_synthetic("timeline", **{"from": "2031-02-21", "to": "2031-04-09"})
    assert [r["date"] for r in records] == ["2031-02-25", "2031-02-26", "2031-04-08"]
    everything = ask_synthetic("timeline")
    assert len(everything) == 7
    assert [r["date"] for r in everything] == sorted(r["date"] for r in everything)
    assert [r["date"] for r in ask_synthetic("timeline", entity="Kelda")] == [
        "2031-02-10", "2031-02-26"]
    with pytest.raises(QueryFailed):
        ask_synthetic("timeline", **{"from": "2031-02-30"})


def test_sources(ask_synthetic, synthetic):
    records = ask_synthetic("sources", statement="varnholt-denies")
    assert len(records) == 1
    s = records[0]
    assert s["exact"] == statement_text("varnholt-denies")
    assert (s["publisher_label"], s["date_published"], s["url"]) == (
        "North Gazette", "2031-03-01", "https://news.example.org/north-gazette-1")
    assert s["annotation"] == "manual annotation"
    full = synthetic.query(
        "SELECT ?t WHERE { <%s> <https://w3id.org/claimgraph/ontology#fullText> ?t }"
        % s["article"]).records()[0]["t"]
    assert full[s["start"]:s["end"]] == s["exact"]


def test_roles(ask_synthetic):
    records = ask_synthetic("roles", actor="Varnholt")
    assert [(r["title"], r["current"], r["start"], r["end"], r["organization_label"])
            for r in records] == [("Defence Minister of Suderia", "false", "2020-01", "2028-05",
                                   "Suderia")]
    assert {r["actor"] for r in ask_synthetic("roles")} == {VARNHOLT, DREMEL}


def test_external_links(ask_synthetic):
    assert ask_synthetic("external-links", entity="Dremel") == [
        {"entity": DREMEL, "label": "Oskar Dremel", "link": EXTERNAL_LINK, "authority": "other"}]
    assert ask_synthetic("external-links", entity="Varnholt") == []


def test_locations(ask_synthetic):
    by_label = {}
    for r in ask_synthetic("locations"):
        by_label.setdefault(r["label"], []).append(r)
    brenvik = by_label["Brenvik"][0]
    assert (brenvik["lat"], brenvik["long"], brenvik["type"]) == (61.5, 12.25, "city")
    assert brenvik["parent_label"] == "Vester Oblast"   # the direct parent, not Suderia
    assert (brenvik["mentions"], brenvik["claims"], brenvik["targeted"]) == (2, 1, 1)
    assert by_label["Kelda"][0]["claims"] == 1          # the deadline
    assert len(by_label["Marnow"]) == 2
    assert by_label["Lonely Isle"][0]["parent"] is None


def test_contradictions(ask_synthetic):
    records = ask_synthetic("contradictions")
    pairs = {(r["relation"], r["speaker"], r["other_speaker"]) for r in records}
    assert ("contradicts", VARNHOLT, ID + "group/norland-officials") in pairs \
        or ("contradicts", ID + "group/norland-officials", VARNHOLT) in pairs
    assert sum(r["relation"] == "contradicts" for r in records) == 1   # listed once
    assert ("disputes", VARNHOLT, DREMEL) in pairs
    # the denial is also evidence against Dremel's claim: the two statements are one pair
    assert ("evidence against a claim of", VARNHOLT, DREMEL) not in pairs
    statement_pairs = [frozenset((r["statement"], r["other_statement"])) for r in records]
    assert len(statement_pairs) == len(set(statement_pairs))
    only = ask_synthetic("contradictions", actor="Norland officials")
    assert [r["relation"] for r in only] == ["contradicts"]


def test_ambiguous_name_lists_candidates(ask_synthetic):
    with pytest.raises(QueryFailed) as error:
        ask_synthetic("statements-about", entity="Marnow")
    assert "ambiguous" in error.value.detail
