"""The loader: good files load into their own graphs, bad ones are refused with a clear message
and the store left exactly as it was."""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

import pytest
from rdflib import Dataset, URIRef
from rdflib.compare import isomorphic

from claimgraph.graph import load as loader
from claimgraph.graph.annotation import bundled_annotations
from claimgraph.graph.load import file_graph_iri, load_paths
from claimgraph.graph.store import open_store

SEED = bundled_annotations()[0]
EX = "http://example.org/"


@pytest.fixture
def seeded(tmp_path):
    store = open_store(f"oxigraph:{tmp_path / 'store'}")
    reports = load_paths(store, [SEED], validators=[])
    assert [r.error for r in reports] == [None]
    yield store
    store.close()


def snapshot(store) -> Dataset:
    dataset = Dataset()
    for name in store.graphs():
        graph = dataset.graph(URIRef(name))
        for triple in store.triples(name):
            graph.add(triple)
    return dataset


def same(store, before: Dataset) -> bool:
    after = snapshot(store)
    names = {str(g.identifier) for g in before.graphs() if len(g)}
    return names == set(store.graphs()) and all(
        isomorphic(before.graph(URIRef(n)), after.graph(URIRef(n))) for n in names)


def test_seed_loads_and_reload_is_idempotent(seeded):
    before = snapshot(seeded)
    count = seeded.count()
    assert count > 500 and len(seeded.graphs()) == 1
    reports = load_paths(seeded, [SEED], validators=[])
    assert reports[0].error is None and seeded.count() == count and same(seeded, before)


def test_rdf_files_get_their_own_graph_or_keep_theirs(seeded, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.ttl").write_text(f"<{EX}a> <{EX}p> 'á' .\n", encoding="utf-8")
    (folder / "b.trig").write_text(f"<{EX}g> {{ <{EX}b> <{EX}p> 1 . }}\n")
    (folder / "c.jsonld").write_text(f'{{"@id": "{EX}c", "{EX}p": "x"}}')
    (folder / "d.rdf").write_text(
        '<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
        f' xmlns:ex="{EX}"><rdf:Description rdf:about="{EX}d"><ex:p>y</ex:p>'
        "</rdf:Description></rdf:RDF>")
    (folder / "e.nt").write_text(f"<{EX}e> <{EX}p> <{EX}f> .\n")
    (folder / "notes.txt").write_text("ignored")
    reports = load_paths(seeded, [folder], validators=[])
    assert [r.error for r in reports] == [None] * 5
    expected = {file_graph_iri(folder / n) for n in ("a.ttl", "c.jsonld", "d.rdf", "e.nt")}
    assert expected | {EX + "g"} <= set(seeded.graphs())
    assert len(seeded.graphs()) == 6  # the seed, four files, and <g>


def test_batch_loads_good_files_and_lists_bad_ones(seeded, tmp_path):
    good = tmp_path / "good.ttl"
    good.write_text(f"<{EX}a> <{EX}p> <{EX}b> .\n")
    bad = tmp_path / "bad.ttl"
    bad.write_text(f"<{EX}a> <{EX}p> <{EX}b> .\n<{EX}a> <{EX}p> .\n")
    reports = load_paths(seeded, [bad, good, tmp_path / "missing.ttl"], validators=[])
    errors = {r.path.name: str(r.error) for r in reports if r.error}
    assert set(errors) == {"bad.ttl", "missing.ttl"}
    assert "bad.ttl:2:" in errors["bad.ttl"]
    assert file_graph_iri(good) in seeded.graphs() and file_graph_iri(bad) not in seeded.graphs()


def test_a_checker_failing_on_one_file_does_not_end_the_batch(seeded, tmp_path):
    def failing_on_b(graph) -> list[str]:
        if (URIRef(EX + "b"), None, None) in graph:
            raise ArithmeticError("the checker failed")
        return []

    (tmp_path / "a.ttl").write_text(f"<{EX}a> <{EX}p> 1 .\n")
    (tmp_path / "b.ttl").write_text(f"<{EX}b> <{EX}p> 2 .\n")
    (tmp_path / "c.ttl").write_text(f"<{EX}c> <{EX}p> 3 .\n")
    reports = load_paths(seeded, [tmp_path], validators=[failing_on_b])
    assert [r.path.name for r in reports] == ["a.ttl", "b.ttl", "c.ttl"]
    assert [bool(r.graphs) for r in reports] == [True, False, True]
    assert str(reports[1].error) == (f"{tmp_path / 'b.ttl'}: the file could not be checked, and "
                                     "was not loaded: ArithmeticError: the checker failed")
    assert file_graph_iri(tmp_path / "b.ttl") not in seeded.graphs()


def test_an_annotation_error_names_the_field(seeded, tmp_path):
    path = _seed_variant(tmp_path, "nan", "speaker: vladimir-putin",
                         "speaker: vladimir-putin\n    confidence: .nan")
    error = str(load_paths(seeded, [path], validators=[])[0].error)
    assert error.startswith(f"{path}:")
    assert ":275: statements[2].confidence: nan is not a number: expected a number from 0 to 1" in error


@pytest.mark.parametrize("stream_bytes", [loader.STREAM_BYTES, 10], ids=["whole", "streamed"])
def test_a_byte_order_mark_is_named(seeded, tmp_path, monkeypatch, stream_bytes):
    # it was refused as "\ufeff is not a valid subject", an invisible character in the message
    monkeypatch.setattr(loader, "STREAM_BYTES", stream_bytes)
    before = snapshot(seeded)
    for suffix in (".ttl", ".nt", ".nq", ".trig"):
        path = tmp_path / f"bom{suffix}"
        path.write_bytes(b"\xef\xbb\xbf" + f"<{EX}a> <{EX}p> <{EX}b> .\n".encode())
        error = str(load_paths(seeded, [path], validators=[])[0].error)
        assert error.startswith(f"{path}:1: the file starts with a UTF-8 byte-order mark (U+FEFF)")
        assert same(seeded, before)
    jsonld = tmp_path / "bom.jsonld"  # the JSON-LD parser skips it
    jsonld.write_bytes(b"\xef\xbb\xbf" + f'{{"@id": "{EX}a", "{EX}p": "x"}}'.encode())
    assert load_paths(seeded, [jsonld], validators=[])[0].error is None


def test_validate_refuses_what_load_refuses(tmp_path):
    from claimgraph.graph.annotation import schema

    relaxed = json.loads(json.dumps(schema()))  # the dbpedia pattern as it was: '>' passed
    relaxed["properties"]["actors"]["items"]["properties"]["dbpedia"]["pattern"] = "^[^\\s/]+$"
    path = _seed_variant(tmp_path, "gt", "dbpedia: Vladimir_Putin", "dbpedia: Vladimir>Putin")
    store = open_store("memory:")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("claimgraph.graph.annotation.schema", lambda: relaxed)
        loaded = load_paths(store, [path], validators=[])[0].error
        validated = load_paths(None, [path], validators=[])[0].error
    assert loaded is not None and validated is not None
    assert "Invalid IRI code point '>'" in str(validated) and str(validated) == str(loaded)


def _seed_variant(tmp_path: Path, name: str, old: str, new: str) -> Path:
    text = SEED.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / f"{name}.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def _bad_files(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    latin = tmp_path / "latin1.ttl"
    latin.write_bytes(f'<{EX}a> <{EX}p> "ok" .\n<{EX}k> <{EX}p> "Kyïv" .\n'.encode("latin-1"))
    garbage = tmp_path / "garbage.ttl"
    rng = random.Random(7)
    garbage.write_bytes(rng.randbytes(50 * 1024 * 1024))
    xxe = tmp_path / "xxe.rdf"
    xxe.write_text('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                   '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">&x;</rdf:RDF>')
    remote = tmp_path / "remote.jsonld"
    remote.write_text('{"@context": "http://127.0.0.1:9/ctx", "@id": "http://a", "name": "x"}')
    spaces = tmp_path / "spaces.ttl"
    spaces.write_text(f"<{EX}a> <{EX}p> <{EX}b> .\n<{EX}a b> <{EX}p> <{EX}c> .\n")
    syntax = tmp_path / "syntax.ttl"
    syntax.write_text(f"@prefix ex: <{EX}> .\nex:a ex:p ex:b .\nex:a ex:p ;\n")
    empty = tmp_path / "empty.ttl"
    empty.write_text("")
    malformed = tmp_path / "malformed.yaml"
    malformed.write_text("format: claimgraph-annotation/1\ndocument:\n  id: [unclosed\n")
    return {
        "malformed yaml": (malformed, "malformed.yaml:4: invalid YAML"),
        "turtle syntax": (syntax, "syntax.ttl:3: RDF syntax error"),
        "unknown speaker": (_seed_variant(tmp_path, "speaker", "speaker: vladimir-putin",
                                          "speaker: nobody-known"), "nobody-known"),
        "invalid date": (_seed_variant(tmp_path, "date", "start: 2005-04", "start: 2005-13"),
                         "date.yaml:49: actors[0].roles[0].start: '2005-13'"),
        "iri with spaces": (spaces, "Invalid IRI"),
        "missing": (tmp_path / "nope.ttl", "no such file"),
        "empty": (empty, "empty"),
        "garbage 50 MB": (garbage, "garbage.ttl:1: RDF syntax error"),
        "wrong encoding": (latin, "latin1.ttl:2: not valid UTF-8"),
        "xxe": (xxe, "refused"),
        "remote context": (remote, "remote contexts"),
    }


def test_bad_files_refused_and_store_unchanged(seeded, tmp_path):
    before = snapshot(seeded)
    for name, (path, expected) in _bad_files(tmp_path).items():
        reports = load_paths(seeded, [path], validators=[])
        assert len(reports) == 1 and reports[0].error is not None, name
        assert expected in str(reports[0].error), (name, str(reports[0].error))
        assert reports[0].graphs == {}
        assert same(seeded, before), name


def test_size_limit(seeded, tmp_path, monkeypatch):
    monkeypatch.setattr(loader, "MAX_BYTES", 10)
    path = tmp_path / "big.nt"
    path.write_text(f"<{EX}a> <{EX}p> <{EX}b> .\n")
    assert "over the limit" in str(load_paths(seeded, [path], validators=[])[0].error)


def test_shacl_hook_refuses_and_validate_only_writes_nothing(seeded, tmp_path):
    path = tmp_path / "x.ttl"
    path.write_text(f"<{EX}a> <{EX}p> <{EX}b> .\n")
    count = seeded.count()
    refused = load_paths(seeded, [path], validators=[lambda g: [f"{len(g)} triple(s) bad"]])
    assert "breaks the shapes: 1 triple(s) bad" in str(refused[0].error)
    checked = load_paths(None, [path], validators=[])
    assert checked[0].error is None and checked[0].graphs == {file_graph_iri(path): 1}
    assert seeded.count() == count


def test_large_rdf_file_streams(seeded, tmp_path, monkeypatch):
    monkeypatch.setattr(loader, "STREAM_BYTES", 100)
    path = tmp_path / "big.nt"
    path.write_text("".join(f"<{EX}s{i}> <{EX}p> \"{i}\" .\n" for i in range(1000)))
    seen: list[int] = []
    report = load_paths(seeded, [path], validators=[], progress=lambda p: seen.append)[0]
    assert report.error is None and report.graphs == {file_graph_iri(path): 1000}
    assert report.warnings and seen[-1] == 1000


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_symlink_out_of_folder_is_skipped(seeded, tmp_path):
    outside = tmp_path / "outside.ttl"
    outside.write_text(f"<{EX}a> <{EX}p> <{EX}b> .\n")
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "link.ttl").symlink_to(outside)
    reports = load_paths(seeded, [folder], validators=[])
    assert "symbolic link out of the folder" in str(reports[0].error)
    assert file_graph_iri(outside) not in seeded.graphs()


def _undescribed(graph) -> list[str]:
    """A stand-in for the shapes: every node referred to must have a type in the graph."""
    return [f"{node} has no type" for node in graph.objects(None, URIRef(f"{EX}refersTo"))
            if graph.value(node, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")) is None]


def test_graphs_of_one_file_are_checked_together_when_one_needs_another(seeded, tmp_path):
    rdf_type = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
    shared = (f"<{EX}place> {rdf_type} <{EX}Place> <{EX}gazetteer> .\n"
              f"<{EX}other> {rdf_type} <{EX}Place> <{EX}gazetteer> .\n")
    good = tmp_path / "good.nq"
    good.write_text(f"<{EX}article> <{EX}refersTo> <{EX}place> <{EX}doc1> .\n" + shared)
    report, = load_paths(seeded, [good], validators=[_undescribed])
    assert report.error is None and report.graphs == {f"{EX}doc1": 1, f"{EX}gazetteer": 2}
    count = seeded.count()
    bad = tmp_path / "bad.nq"
    bad.write_text(f"<{EX}article> <{EX}refersTo> <{EX}place> <{EX}doc1> .\n"
                   f"<{EX}article> <{EX}refersTo> <{EX}nowhere> <{EX}doc2> .\n" + shared)
    report, = load_paths(seeded, [bad], validators=[_undescribed])
    message = str(report.error)
    assert "bad.nq" in message and "its 3 graphs, checked together" in message
    assert f"{EX}nowhere has no type" in message and f"{EX}place has" not in message
    alone = tmp_path / "alone.nq"
    alone.write_text(f"<{EX}article> <{EX}refersTo> <{EX}place> <{EX}doc3> .\n")
    report, = load_paths(seeded, [alone], validators=[_undescribed])
    assert f"graph <{EX}doc3> breaks the shapes: {EX}place has no type" in str(report.error)
    assert seeded.count() == count


def test_a_batch_refuses_a_later_file_that_writes_a_graph_an_earlier_one_wrote(seeded, tmp_path,
                                                                               monkeypatch):
    monkeypatch.setattr(loader, "STREAM_BYTES", 200)
    folder = tmp_path / "dup"
    folder.mkdir()
    (folder / "a.trig").write_text(f"<{EX}g> {{ <{EX}a> <{EX}p> 1 . }}\n")
    (folder / "b.trig").write_text(f"<{EX}g> {{ <{EX}b> <{EX}p> 2 . }}\n")
    (folder / "c.nq").write_text(  # streamed: its first graph is new, a later one is <g>
        "".join(f'<{EX}s{i}> <{EX}p> "{i}" <{EX}h> .\n' for i in range(10))
        + f'<{EX}c> <{EX}p> "3" <{EX}g> .\n')
    for store in (seeded, None):   # load, and validate
        reports = {r.path.name: r for r in load_paths(store, [folder, folder / "a.trig"],
                                                      validators=[])}
        assert sorted(reports) == ["a.trig", "b.trig", "c.nq"]   # a.trig collected once
        assert reports["a.trig"].error is None and reports["a.trig"].graphs == {f"{EX}g": 1}
        for later in ("b.trig", "c.nq"):
            message = str(reports[later].error)
            assert message.startswith(f"{folder / later}: refused: it writes graph <{EX}g>")
            assert f"which {folder / 'a.trig'} of this batch writes too" in message
    rows = seeded.query(f"SELECT ?s WHERE {{ GRAPH <{EX}g> {{ ?s ?p ?o }} }}").rows
    assert [str(r["s"]) for r in rows] == [f"{EX}a"]
    assert f"{EX}h" not in seeded.graphs()


@pytest.mark.parametrize("size", ["held", "streamed", "first load"])
def test_files_may_not_write_the_ledger_or_the_watches(tmp_path, monkeypatch, size):
    from claimgraph.graph.ledger import LEDGER_GRAPH
    from claimgraph.graph.ledger.watch import WATCH_GRAPH

    if size != "held":
        monkeypatch.setattr(loader, "STREAM_BYTES", 200)
    store = open_store(f"oxigraph:{tmp_path / 'store'}")
    if size != "first load":   # into a store that names no graph, Oxigraph's loader parses it
        store.update(f"INSERT DATA {{ GRAPH <{EX}kept> {{ <{EX}a> <{EX}p> 1 }} }}")
    before = snapshot(store)
    try:
        for reserved in (LEDGER_GRAPH, WATCH_GRAPH):
            path = tmp_path / "junk.nq"
            path.write_text("".join(f'<{EX}s{i}> <{EX}p> "{i}" <{EX}new> .\n' for i in range(10))
                            + f'<{EX}x> <{EX}p> "junk" <{reserved}> .\n')
            report = load_paths(store, [path], validators=[])[0]
            assert f"refused: it writes graph <{reserved}>, which claimgraph" in str(report.error)
            assert "--allow-reserved-graphs" in str(report.error)
            assert same(store, before)
        restored = load_paths(store, [path], validators=[], allow_reserved=True)[0]
        assert restored.error is None and store.count(WATCH_GRAPH) == 1
    finally:
        store.close()
