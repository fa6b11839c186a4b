"""One behaviour suite that every store backend passes: memory:, oxigraph:PATH and sparql:."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from claimgraph.graph.store import QuerySyntaxError, RefusedGraphError, StoreError

EX = "http://example.org/"
G1, G2 = EX + "graph/1", EX + "graph/2"
A, B, KNOWS, NAME = (URIRef(EX + n) for n in ("a", "b", "knows", "name"))


def triples(n: int, tag: str = "x") -> list[tuple]:
    return [(URIRef(f"{EX}s{i}"), NAME, Literal(f"{tag}{i}", lang="en")) for i in range(n)]


def names(store, sparql: str, **kwargs) -> set[str]:
    return {str(row["o"]) for row in store.query(sparql, **kwargs).rows}


def test_replace_graph_stores_and_counts(store):
    assert store.graphs() == [] and store.count() == 0
    assert store.replace_graph(G1, triples(3)) == 3
    assert store.replace_graph(G2, [(A, KNOWS, B), (A, NAME, Literal(7))]) == 2
    assert store.graphs() == [G1, G2]
    assert store.count() == 5 and store.count(G1) == 3 and store.count(EX + "none") == 0


def test_union_default_graph_and_exact_selection(store):
    store.replace_graph(G1, [(A, NAME, Literal("one"))])
    store.replace_graph(G2, [(B, NAME, Literal("two"))])
    query = "SELECT ?o WHERE { ?s ?p ?o }"
    assert names(store, query) == {"one", "two"}
    assert names(store, query, default_graph_uris=[G2]) == {"two"}
    assert names(store, query, default_graph_uris=[G1, G2]) == {"one", "two"}
    named = "SELECT ?o WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert names(store, named, named_graph_uris=[G1]) == {"one"}
    assert names(store, named) == {"one", "two"}
    rows = store.query(f"SELECT ?g WHERE {{ GRAPH ?g {{ <{B}> ?p ?o }} }}").rows
    assert [str(r["g"]) for r in rows] == [G2]


def test_result_kinds_and_terms(store):
    store.replace_graph(G1, [(A, NAME, Literal("Київ", lang="uk")), (A, KNOWS, B),
                             (A, URIRef(EX + "age"), Literal(42))])
    result = store.query(f"SELECT ?p ?o WHERE {{ <{A}> ?p ?o }} ORDER BY ?p")
    assert result.kind == "select" and result.variables == ["p", "o"]
    objects = {row["p"]: row["o"] for row in result.rows}
    assert objects[NAME] == Literal("Київ", lang="uk") and objects[KNOWS] == B
    assert objects[URIRef(EX + "age")] == Literal(42)
    assert store.query(f"ASK {{ <{A}> <{KNOWS}> <{B}> }}").boolean is True
    assert store.query(f"ASK {{ <{B}> <{KNOWS}> <{A}> }}").boolean is False
    constructed = store.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ ?s <{KNOWS}> ?o . ?s ?p ?o }}")
    assert constructed.kind == "graph" and set(constructed.graph) == {(A, KNOWS, B)}
    unbound = store.query(f"SELECT ?s ?x WHERE {{ ?s <{KNOWS}> ?o OPTIONAL {{ ?s <{EX}no> ?x }} }}")
    assert unbound.rows == [{"s": A}] and unbound.records() == [{"s": str(A), "x": None}]


def test_triples_round_trip(store):
    graph = Graph()
    for t in triples(4) + [(A, KNOWS, B)]:
        graph.add(t)
    store.replace_graph(G1, graph)
    assert isomorphic(store.triples(G1), graph)


def test_replace_changes_only_its_graph_and_is_idempotent(store):
    store.replace_graph(G1, triples(3, "old"))
    store.replace_graph(G2, [(A, KNOWS, B)])
    assert store.replace_graph(G1, triples(2, "new")) == 2
    assert store.replace_graph(G1, triples(2, "new")) == 2
    assert names(store, "SELECT ?o WHERE { ?s ?p ?o }", default_graph_uris=[G1]) == {"new0", "new1"}
    assert store.count(G2) == 1 and store.count() == 3


def test_replace_graphs_many_at_once(store):
    counts = store.replace_graphs({G1: triples(2), G2: triples(3, "y")})
    assert counts == {G1: 2, G2: 3} and store.graphs() == [G1, G2]


def test_remove_graph(store):
    store.replace_graph(G1, triples(2))
    store.replace_graph(G2, triples(1))
    assert store.remove_graph(G1) is True
    assert store.remove_graph(G1) is False
    assert store.graphs() == [G2] and store.count() == 1


def test_syntax_errors(store):
    with pytest.raises(QuerySyntaxError):
        store.query("SELEC ?x WHERE { ?x ?y ?z }")
    with pytest.raises(QuerySyntaxError):
        store.update("INSERT DATA { <a> }")


def test_update_is_atomic_and_visible(store):
    store.update(f"INSERT DATA {{ GRAPH <{G1}> {{ <{A}> <{KNOWS}> <{B}> }} }}")
    assert store.count(G1) == 1
    with pytest.raises(StoreError):
        store.update(f"INSERT DATA {{ GRAPH <{G1}> {{ <{B}> <{KNOWS}> <{A}> }} }} ; "
                     f"INSERT DATA {{ GRAPH <{G1}> {{ <{B}> <{KNOWS}> }} }}")
    assert store.count(G1) == 1


def _failing(n: int):
    yield from triples(n)
    raise RuntimeError("source broke mid-way")


@pytest.mark.parametrize("size", ["small", "large"])
def test_failed_replace_leaves_graphs_as_before(store, request, size):
    if size == "large":
        request.getfixturevalue("small_writes")
    store.replace_graph(G1, triples(3, "before"))
    store.replace_graph(G2, [(A, KNOWS, B)])
    with pytest.raises(RuntimeError):
        store.replace_graph(G1, _failing(20))
    with pytest.raises(StoreError):  # an IRI with a space, after many good triples
        store.replace_graph(G1, triples(20) + [(URIRef(EX + "bad iri"), NAME, Literal(1))])
    with pytest.raises(RuntimeError):  # a brand-new graph is not left half-written either
        store.replace_graph(EX + "graph/new", _failing(20))
    assert store.graphs() == [G1, G2] and store.count() == 4
    assert names(store, "SELECT ?o WHERE { ?s ?p ?o }", default_graph_uris=[G1]) == {
        "before0", "before1", "before2"}


@pytest.mark.parametrize("size", ["small", "large"])
def test_load_file_replaces_named_graphs(store, tmp_path, request, size):
    if size == "large":
        request.getfixturevalue("small_writes")
    store.replace_graph(G2, [(A, KNOWS, B)])
    nquads = tmp_path / "two.nq"
    lines = [f'<{EX}s{i}> <{NAME}> "v{i}" <{G1 if i % 2 else G2}> .' for i in range(12)]
    lines.append(f'<{EX}d> <{NAME}> "default" .')
    nquads.write_text("\n".join(lines) + "\n")
    seen: list[int] = []
    counts = store.load_file(str(nquads), "application/n-quads",
                             default_graph=EX + "file", progress=seen.append)
    assert counts == {G1: 6, G2: 6, EX + "file": 1} and seen[-1] == 13
    assert store.graphs() == [EX + "file", G1, G2] and store.count() == 13
    assert store.load_file(str(nquads), "application/n-quads", default_graph=EX + "file") == counts
    assert store.count() == 13


@pytest.mark.parametrize("size", ["small", "large"])
def test_load_file_with_syntax_error_changes_nothing(store, tmp_path, request, size):
    if size == "large":
        request.getfixturevalue("small_writes")
    store.replace_graph(G2, [(A, KNOWS, B)])
    bad = tmp_path / "bad.ttl"
    good = "".join(f'<{EX}s{i}> <{NAME}> "v{i}" .\n' for i in range(30))
    bad.write_text(good + f"<{EX}s> <{NAME}> oops .\n")
    with pytest.raises(SyntaxError) as caught:
        store.load_file(str(bad), "text/turtle", default_graph=G2)
    assert "31" in str(caught.value)
    with pytest.raises(SyntaxError):
        store.load_file(str(bad), "text/turtle", default_graph=EX + "graph/new")
    assert store.graphs() == [G2] and store.count() == 1


@pytest.mark.parametrize("size", ["small", "large"])
def test_load_file_naming_a_refused_graph_changes_nothing(store, tmp_path, request, size):
    if size == "large":
        request.getfixturevalue("small_writes")
    store.replace_graph(G2, [(A, KNOWS, B)])
    nquads = tmp_path / "refused.nq"
    nquads.write_text("".join(f'<{EX}s{i}> <{NAME}> "v{i}" <{EX}graph/new> .\n'
                              for i in range(30)) + f'<{EX}s> <{NAME}> "x" <{G2}> .\n')
    with pytest.raises(RefusedGraphError) as caught:
        store.load_file(str(nquads), "application/n-quads", default_graph=EX + "file",
                        refuse=[G2])
    assert caught.value.graph == G2
    assert store.graphs() == [G2] and store.count() == 1


def test_export(store):
    store.replace_graph(G1, triples(2))
    store.replace_graph(G2, [(A, KNOWS, B)])
    out = io.BytesIO()
    store.export(out, "nquads")
    dataset = Dataset()
    dataset.parse(data=out.getvalue(), format="nquads")
    assert len(dataset.graph(URIRef(G1))) == 2 and len(dataset.graph(URIRef(G2))) == 1
    one = io.BytesIO()
    store.export(one, "turtle", G2)
    assert isomorphic(Graph().parse(data=one.getvalue(), format="turtle"), store.triples(G2))


@pytest.mark.parametrize("fmt", ["nquads", "trig", "json-ld"])
def test_export_of_one_graph_in_a_quad_format_keeps_its_name(store, fmt):
    store.replace_graph(G1, triples(2))
    store.replace_graph(G2, [(A, KNOWS, B), (B, NAME, Literal("b"))])
    out = io.BytesIO()
    store.export(out, fmt, G2)
    dataset = Dataset()
    dataset.parse(data=out.getvalue(), format=fmt)
    assert {str(g.identifier) for g in dataset.graphs() if len(g)} == {G2}
    assert isomorphic(dataset.graph(URIRef(G2)), store.triples(G2))


def test_oxigraph_persists_across_processes(tmp_path):
    from claimgraph.graph.store import open_store

    url = f"oxigraph:{tmp_path / 'db'}"
    with open_store(url) as store:
        store.replace_graph(G1, triples(3))
    code = ("import sys; from claimgraph.graph.store import open_store\n"
            f"s = open_store({url!r})\n"
            f"print(s.count(), s.graphs())\n"
            f"s.replace_graph({G2!r}, [])\n"
            f"s.update('INSERT DATA {{ GRAPH <{G2}> {{ <{A}> <{KNOWS}> <{B}> }} }}')\n")
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=root, env={"PYTHONPATH": str(root)}, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"3 ['{G1}']"
    with open_store(url) as store:
        assert store.graphs() == [G1, G2] and store.count() == 4
    with open_store(url, read_only=True) as store:
        assert store.count() == 4
