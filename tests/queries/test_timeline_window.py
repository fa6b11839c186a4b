"""The timeline's date range read as a window of the ledger's positions (queries/timeline.py).

The oracle is timeline.rq itself without a window, which dates every statement: on a synthetic
world with every kind of date (said, reported, only the source's, partial, none) and places in
the text, the windowed answers must be the same rows in the same order, page by page; a store
with no ledger, or one whose articles were removed since it was derived, falls back to dating.
"""

from __future__ import annotations

import datetime
import random

import pytest
from rdflib import Literal
from rdflib.namespace import XSD

from claimgraph.graph import ledger
from claimgraph.graph.store import open_store
from claimgraph.graph.synthetic import SyntheticGraph
from claimgraph.queries.params import render
from claimgraph.queries.runner import QueryRunner
from claimgraph.queries.timeline import date_window

CG = "https://w3id.org/claimgraph/ontology#"
OA = "http://www.w3.org/ns/oa#"
ID = "https://w3id.org/claimgraph/id/"
AS_OF = datetime.date(2026, 1, 1)
NOW = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)


def varied_world(tmp_path, seed: int = 5):
    """A synthetic world whose statements are dated every way the timeline knows."""
    path = tmp_path / "world.nq"
    with open(path, "w", encoding="utf-8") as out:
        SyntheticGraph(40_000, seed).write(out)
    store = open_store("memory:")
    store.load_file(str(path), "application/n-quads", default_graph="urn:unused")
    rows = store.query(f"""SELECT ?g ?s ?d ?r WHERE {{ GRAPH ?g {{ ?s <{CG}speaker> ?x ;
        <{CG}source> ?d . OPTIONAL {{ ?s <{CG}dateReported> ?r }} }} }} ORDER BY ?s""").rows
    rng = random.Random(seed)
    inserts, deletes = [], []
    for row in rows:
        g, s, doc = (f"<{row[k]}>" for k in ("g", "s", "d"))
        roll = rng.random()
        if roll < 0.15:
            said = f'"2022-{rng.randint(1, 6):02d}-{rng.randint(1, 28):02d}"' \
                   f"^^<{XSD.date}>"
            inserts.append(f"GRAPH {g} {{ {s} <{CG}dateSaid> {said} }}")
        elif roll < 0.22:  # a partial date, compared as text
            inserts.append(f'GRAPH {g} {{ {s} <{CG}dateSaid> "2022-0{rng.randint(1, 6)}" }}')
        elif roll < 0.32 and row.get("r") is not None:  # dated by its source only
            deletes.append(f"GRAPH {g} {{ {s} <{CG}dateReported> {row['r'].n3()} }}")
        elif roll < 0.36 and row.get("r") is not None:  # undated: no date, source undated
            deletes.append(f"GRAPH {g} {{ {s} <{CG}dateReported> {row['r'].n3()} }}")
            store.update(f"DELETE WHERE {{ GRAPH {g} {{ {doc} <{CG}datePublished> ?p }} }}")
        if rng.random() < 0.5:
            inserts.append(f"GRAPH {g} {{ {s} <{CG}span> [ <{OA}hasSelector> [ <{OA}start> "
                           f"{rng.randint(0, 5)} ] ] }}")
    store.update("DELETE DATA { " + " ".join(deletes) + " }")
    store.update("INSERT DATA { " + " ".join(inserts) + " }")
    return store


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    store = varied_world(tmp_path_factory.mktemp("window"))
    ledger.refresh(store, as_of=AS_OF, now=NOW)
    return store


def answer(runner: QueryRunner, params: dict, window: bool = True) -> list[tuple]:
    """The timeline's rows, through its runner or (window=False) dating every statement."""
    if window:
        result = runner.execute("timeline", params).result
    else:
        query, terms = runner.bind("timeline", params)
        result = runner.store.query(render(query.body, terms))
    return [tuple(row.get(c) for c in result.variables) for row in result.rows]


def busiest(store) -> str:
    row = store.query(f"""SELECT ?x (COUNT(*) AS ?n) WHERE {{ ?s <{CG}speaker> ?x }}
        GROUP BY ?x ORDER BY DESC(?n) ?x LIMIT 1""").rows[0]
    return str(row["x"])


# The synthetic world's reports date from 2022-02-24 on, over a few weeks at this size.
RANGES = [("2022-03-01", "2022-03-31"), ("2022-03", "2022-04"), ("2022-03-15", None),
          (None, "2022-03-15"), ("2022-03-10", "2022-03-10"), ("2022", None), ("2030-01-01", None),
          (None, "1999-01-01"), ("2022-04-01", "2022-03-01"), ("2021-01-01", "2027-01-01")]


@pytest.mark.parametrize("start,end", RANGES)
def test_windowed_range_equals_dating_every_statement(world, start, end):
    runner = QueryRunner(world)
    params = {k: v for k, v in (("from", start), ("to", end)) if v is not None}
    whole = answer(runner, params | {"limit": 0}, window=False)
    assert answer(runner, params | {"limit": 0}) == whole
    for offset, limit in ((0, 100), (0, 7), (13, 7), (len(whole) - 3, 10), (len(whole) + 5, 10)):
        page = {"offset": max(offset, 0), "limit": limit}
        assert answer(runner, params | page) == whole[max(offset, 0):max(offset, 0) + limit]


@pytest.mark.parametrize("start,end", RANGES[:6])
def test_windowed_range_of_an_entity_equals_dating_its_statements(world, start, end):
    runner = QueryRunner(world)
    params = {k: v for k, v in (("from", start), ("to", end)) if v is not None}
    params["entity"] = busiest(world)
    whole = answer(runner, params | {"limit": 0}, window=False)
    assert answer(runner, params | {"limit": 0}) == whole
    for offset in (0, 5, max(len(whole) - 2, 0)):
        page = {"offset": offset, "limit": 6}
        assert answer(runner, params | page) == whole[offset:offset + 6]


def test_the_entity_ranges_are_not_all_empty(world):
    runner = QueryRunner(world)
    assert len(answer(runner, {"entity": busiest(world), "from": "2022-03-01", "limit": 0})) > 20


def test_the_window_is_the_run_of_positions_whose_dates_are_in_range(world):
    probe = QueryRunner(world).catalog.system("timeline-probe")
    keys = {int(str(r["p"])): (None if r.get("k") is None else str(r["k"]))
            for r in world.query(f"""SELECT ?p (MIN(STR(COALESCE(?said, ?rep, ?pub))) AS ?k)
                WHERE {{ ?s <{CG}timelineOrder> ?p . OPTIONAL {{ ?s <{CG}dateSaid> ?said }}
                OPTIONAL {{ ?s <{CG}dateReported> ?rep }}
                OPTIONAL {{ ?s <{CG}source> ?d OPTIONAL {{ ?d <{CG}datePublished> ?pub }} }} }}
                GROUP BY ?p""").rows}
    assert sorted(keys) == list(range(len(keys)))
    rng = random.Random(2)
    dated = sorted(k for k in keys.values() if k is not None)
    for _ in range(40):
        start = rng.choice(dated + [None, "2000", "2099"])
        end = rng.choice(dated + [None, "2000", "2099"])
        inside = [p for p, k in keys.items() if k is not None and (start is None or k >= start)
                  and (end is None or k <= end)]
        first, stop = date_window(world, probe, start, end)
        if inside:
            assert (first, stop) == (min(inside), max(inside) + 1)
        else:
            assert first == stop


def test_statements_loaded_since_the_refresh(world, tmp_path):
    """An entity's range still finds them, after the placed ones (as the entity's timeline with
    no range has them); a range alone reads the ledger's positions, like the timeline with no
    parameters, and leaves them out."""
    store = varied_world(tmp_path)
    ledger.refresh(store, as_of=AS_OF, now=NOW)
    speaker = busiest(store)
    new = [f"{ID}statement/late-{i}" for i in range(3)]
    store.update("INSERT DATA { GRAPH <urn:late> { " + " ".join(
        f'<{s}> <{CG}speaker> <{speaker}> ; <{CG}kind> <{CG}assessment> ; <{CG}text> "late {i}" ;'
        f' <{CG}source> <urn:late-doc> ; <{CG}dateReported> "2022-03-0{i + 1}"^^<{XSD.date}> .'
        for i, s in enumerate(new)) + " } }")
    runner = QueryRunner(store)
    params = {"from": "2022-03-01", "to": "2022-03-31", "limit": 0}
    with_entity = params | {"entity": speaker}
    rows, dated = answer(runner, with_entity), answer(runner, with_entity, window=False)
    assert [str(r[1]) for r in rows[-3:]] == new  # after the placed ones, as with no range
    assert rows == [r for r in dated if str(r[1]) not in new] + [
        r for r in dated if str(r[1]) in new]
    alone = answer(runner, params)
    assert not {str(r[1]) for r in alone} & set(new)
    assert alone == [r for r in answer(runner, params, window=False) if str(r[1]) not in new]


def test_no_ledger_or_a_stale_one_dates_every_statement(tmp_path):
    store = varied_world(tmp_path)
    runner = QueryRunner(store)
    probe = runner.catalog.system("timeline-probe")
    params = {"from": "2022-03-01", "to": "2022-03-31", "limit": 0}
    assert date_window(store, probe, "2022-03-01", "2022-03-31") is None
    before = answer(runner, params)
    assert before and before == answer(runner, params, window=False)
    ledger.refresh(store, as_of=AS_OF, now=NOW)
    assert date_window(store, probe, "2022-03-01", "2022-03-31") is not None
    first = store.query(f"SELECT ?s WHERE {{ ?s <{CG}timelineOrder> 0 }}").rows[0]["s"]
    store.update(f"DELETE WHERE {{ GRAPH ?g {{ <{first}> ?p ?o }} }}")  # removed, not refreshed
    assert date_window(store, probe, "2022-03-01", "2022-03-31") is None
    assert answer(runner, params) == answer(runner, params, window=False)


def test_first_marker_with_a_window():
    from claimgraph.queries.params import FIRST_VALUES
    body = "SELECT * WHERE {\n  #@ first ?p offset limit lo hi\n}"

    def cut(**terms):
        return render(body, {k: Literal(v, datatype=XSD.integer) for k, v in terms.items()}
                      ).splitlines()[1].strip()
    assert cut(offset=0, limit=3) == "VALUES ?p { 0 1 2 }"
    assert cut(offset=2, limit=3, lo=10, hi=100) == "VALUES ?p { 10 11 12 13 14 }"
    assert cut(offset=2, limit=3, lo=10, hi=13) == "VALUES ?p { 10 11 12 }"
    assert cut(offset=0, limit=3, lo=10, hi=10) == "FILTER(false)"
    assert cut(offset=0, limit=0, lo=10, hi=20) == "VALUES ?p { " + " ".join(
        map(str, range(10, 20))) + " }"
    assert cut(offset=0, limit=0, lo=10) == "FILTER(?p >= 10)"
    assert cut(offset=0, limit=0) == "}"  # no restriction: the marker's line is gone
    assert cut(offset=0, limit=0, lo=5, hi=5 + FIRST_VALUES + 1) == \
        f"FILTER(?p >= 5 && ?p < {5 + FIRST_VALUES + 1})"


def test_explain_shows_the_window_the_query_runs_with(world):
    runner = QueryRunner(world)
    probe = runner.catalog.system("timeline-probe")
    first, stop = date_window(world, probe, "2022-03-01", "2022-03-31")
    text = runner.sparql_for("timeline", {"from": "2022-03-01", "to": "2022-03-31"})
    assert f'VALUES ?window_start {{ "{first}"^^<{XSD.integer}> }}' in text
    assert f'VALUES ?window_end {{ "{stop}"^^<{XSD.integer}> }}' in text
    assert "VALUES ?window_start" not in runner.sparql_for("timeline", {"entity": busiest(world)})
