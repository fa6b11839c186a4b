"""Large N-Quads/N-Triples loads into a store that names no graph go through Oxigraph's own
``bulk_load`` (backends/native.py); they must give exactly what the Python path gives, stay
invisible until done, and leave nothing behind when they fail or are killed."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from rdflib import URIRef
from rdflib.compare import isomorphic

from claimgraph.graph.backends import native, oxigraph, oxigraph_writes, terms
from claimgraph.graph.backends.journal import FILE_NAME
from claimgraph.graph.store import open_store
from tests.graph.killing import sigkill_mid_load

EX = "http://example.org/"
FILE_GRAPH = EX + "file"


def _nquads(path: Path, n: int = 40) -> Path:
    lines = [f'<{EX}s{i}> <{EX}p> "v{i}" <{EX}g{i % 3}> .' for i in range(n)]
    lines += [f'<{EX}s{i}> <{EX}q> _:b{i % 2} <{EX}g0> .' for i in range(4)]
    lines += [f'_:b0 <{EX}p> "blank" <{EX}g1> .', f'<{EX}d> <{EX}p> "default graph" .',
              f'<{EX}s0> <{EX}p> "v0" <{EX}g0> .']  # a duplicate: the graph holds it once
    path.write_text("\n".join(lines) + "\n")
    return path


class _Spy:
    """Wraps the pyoxigraph store to see what readers see while ``bulk_load`` runs."""

    def __init__(self, inner, outer) -> None:
        self.inner, self.outer, self.seen = inner, outer, []

    def bulk_load(self, **kwargs):
        self.inner.bulk_load(**kwargs)
        self.seen.append((self.outer.graphs(), self.outer.count(),
                          self.outer.query("SELECT * WHERE { ?s ?p ?o }").rows))

    def bulk_extend(self, quads):
        self.inner.bulk_extend(quads)
        self.seen.append((self.outer.graphs(), self.outer.count(),
                          self.outer.query("SELECT * WHERE { ?s ?p ?o }").rows))

    def __getattr__(self, name):
        return getattr(self.inner, name)

    def __len__(self) -> int:
        return len(self.inner)


@pytest.fixture(params=["memory", "oxigraph"])
def empty(request, tmp_path):
    url = "memory:" if request.param == "memory" else f"oxigraph:{tmp_path / 'store'}"
    store = open_store(url)
    yield store
    store.close()


def _python_path(monkeypatch) -> None:
    monkeypatch.setattr(native, "LINE_FORMATS", set())


def _dataset(store) -> dict[str, object]:
    return {g: store.triples(g) for g in store.graphs()}


def test_native_load_matches_the_python_path(empty, tmp_path, monkeypatch):
    path = _nquads(tmp_path / "f.nq")
    spy = _Spy(empty._store, empty)
    empty._store = spy
    calls = []
    monkeypatch.setattr(oxigraph, "stream_quads", lambda *a, **k: calls.append(a) or iter(()))
    counts = empty.load_file(str(path), "application/n-quads", default_graph=FILE_GRAPH)
    assert calls == [] and len(spy.seen) == 1, "the native loader was not used"
    assert spy.seen[0] == ([], 0, []), "readers saw the load before it finished"
    assert counts == {FILE_GRAPH: 1, EX + "g0": 18, EX + "g1": 14, EX + "g2": 13}
    assert empty.graphs() == sorted(counts) and empty.count() == sum(counts.values())
    empty._store = spy.inner
    monkeypatch.undo()

    reference = open_store("memory:")  # the Python path: a store that already names a graph
    reference.replace_graph(EX + "other", [(URIRef(EX + "a"), URIRef(EX + "p"), URIRef(EX + "b"))])
    assert reference.load_file(str(path), "application/n-quads",
                               default_graph=FILE_GRAPH) == counts
    reference.remove_graph(EX + "other")
    ours, theirs = _dataset(empty), _dataset(reference)
    assert ours.keys() == theirs.keys()
    for graph in ours:
        assert isomorphic(ours[graph], theirs[graph]), graph


def test_a_store_that_names_a_graph_takes_the_python_path(tmp_path, monkeypatch):
    store = open_store("memory:")
    store.replace_graph(EX + "g0", [(URIRef(EX + "old"), URIRef(EX + "p"), URIRef(EX + "x"))])
    path = _nquads(tmp_path / "f.nq")
    counts = store.load_file(str(path), "application/n-quads", default_graph=FILE_GRAPH)
    assert counts[EX + "g0"] == 18  # replaced, not merged with the old triple
    assert not store.query(f"ASK {{ <{EX}old> ?p ?o }}").boolean


def test_python_path_readers_see_the_old_graphs_until_the_commit(tmp_path, monkeypatch):
    monkeypatch.setattr(oxigraph_writes, "SMALL_WRITE", 5)
    store = open_store(f"oxigraph:{tmp_path / 'store'}")
    old = (URIRef(EX + "old"), URIRef(EX + "p"), URIRef(EX + "x"))
    store.replace_graph(EX + "g0", [old])
    spy = _Spy(store._store, store)
    store._store = spy
    counts = store.load_file(str(_nquads(tmp_path / "f.nq")), "application/n-quads",
                             default_graph=FILE_GRAPH)
    store._store = spy.inner
    graphs, count, rows = spy.seen[0]  # (then the swap of the large staging graph)
    assert graphs == [EX + "g0"] and count == 1 and [r["s"] for r in rows] == [old[0]]
    assert store.graphs() == sorted(counts) and counts[EX + "g0"] == 18
    store.close()


def test_malformed_half_way_leaves_nothing(empty, tmp_path):
    bad = tmp_path / "bad.nq"
    good = "".join(f'<{EX}s{i}> <{EX}p> "v{i}" <{EX}g{i % 7}> .\n' for i in range(5000))
    bad.write_text(good + f"<{EX}s> <{EX}p> oops <{EX}g1> .\n" + good)
    with pytest.raises(SyntaxError) as caught:
        empty.load_file(str(bad), "application/n-quads", default_graph=FILE_GRAPH)
    assert "line 5001" in str(caught.value)
    assert empty.graphs() == [] and empty.count() == 0
    assert empty._visible is None and not empty._hidden
    if empty._journal:
        folder = Path(empty.url.partition(":")[2])
        assert not (folder / FILE_NAME).exists() and not list(folder.glob("bulk-*.sst"))


def test_blank_node_graph_names_fall_back_to_the_file_graph(empty, tmp_path):
    path = tmp_path / "blank.nq"
    path.write_text(f'<{EX}a> <{EX}p> "x" _:g .\n<{EX}b> <{EX}p> "y" <{EX}g> .\n')
    counts = empty.load_file(str(path), "application/n-quads", default_graph=FILE_GRAPH)
    assert counts == {FILE_GRAPH: 1, EX + "g": 1}
    assert [type(g).__name__ for g in empty._store.named_graphs()] == ["NamedNode"] * 2


def test_a_line_over_the_literal_limit_is_refused(empty, tmp_path, monkeypatch):
    monkeypatch.setattr(oxigraph, "MAX_LITERAL_CHARS", 100)
    monkeypatch.setattr(terms, "MAX_LITERAL_CHARS", 100)
    path = tmp_path / "long.nt"
    path.write_text(f'<{EX}a> <{EX}p> "short" .\n<{EX}a> <{EX}p> "{"x" * 150}" .\n')
    with pytest.raises(SyntaxError, match="over the limit"):
        empty.load_file(str(path), "application/n-triples", default_graph=FILE_GRAPH)
    assert empty.graphs() == [] and empty.count() == 0


@pytest.mark.parametrize("limit", [1, 5, 6, 7, 64])
def test_longest_line_within(tmp_path, monkeypatch, limit):
    monkeypatch.setattr(native, "CHUNK", 4)  # lines straddling chunk boundaries
    lines = [b"ab", b"abcdef", b"", b"abcde", b"a" * 9 + b"x"]
    for count in range(1, len(lines) + 1):
        for tail in (b"", b"\n"):
            data = b"\n".join(lines[:count]) + tail
            path = tmp_path / "f.nt"
            path.write_bytes(data)
            expected = max(len(line) for line in data.split(b"\n")) <= limit
            assert native.longest_line_within(path, limit) == expected, (data, limit)


def test_watcher_reports_the_file_position(tmp_path):
    path = tmp_path / "f.nq"
    path.write_bytes(b"x" * 5000)
    seen = []
    done = threading.Event()

    def progress(n, unit="quads"):
        seen.append((n, unit))
        done.set()

    with open(path, "rb") as handle, native.Watcher(path, progress, interval=0.01):
        handle.seek(1234)
        assert done.wait(10)
    assert (1234, "bytes read") in seen


@pytest.mark.slow
def test_sigkill_mid_native_load_leaves_the_store_empty(tmp_path):
    store_dir = tmp_path / "store"
    url = f"oxigraph:{store_dir}"
    big = tmp_path / "big.nq"  # ~90 MB: a few seconds of native loading
    with open(big, "w") as out:
        for i in range(800_000):
            out.write(f'<{EX}s{i}> <{EX}p> "value {i} of a long generated literal" '
                      f'<{EX}g{i % 1000}> .\n')
    sigkill_mid_load(store_dir, ["--no-ledger", str(big)], settle=1.5)
    with open_store(url) as store:
        assert store.graphs() == [] and store.count() == 0
    assert not (store_dir / FILE_NAME).exists()
    with open_store(url) as store:  # and the store loads the file afterwards
        counts = store.load_file(str(big), "application/n-quads", default_graph=FILE_GRAPH)
        assert len(counts) == 1000 and sum(counts.values()) == 800_000


@pytest.mark.slow
def test_full_disk_during_a_native_load(small_disk, tmp_path):
    big = tmp_path / "big.nt"  # ~25 MB of N-Triples: cannot fit on a 12 MB disk
    with open(big, "w") as out:
        for i in range(300_000):
            out.write(f'<urn:s{i}> <urn:p> "a literal long enough to fill the disk {i}" .\n')
    url = f"oxigraph:{small_disk / 'store'}"
    with open_store(url) as store:
        with pytest.raises(OSError, match="No space left"):
            store.load_file(str(big), "application/n-triples", default_graph=FILE_GRAPH)
        assert store.graphs() == [] and store.count() == 0
    assert not list((small_disk / "store").glob("bulk-*.sst"))
    with open_store(url) as store:
        assert store.graphs() == [] and store.count() == 0
