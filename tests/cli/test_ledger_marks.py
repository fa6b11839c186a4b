"""The claim ledger's mark that the data changed: written before a load's data can be read and
removed by the refresh that follows, so that a crash at any point leaves a current ledger or a
mark (findings 5, 7 and 8 of s17-h3), and `load --if-empty` counting only data graphs."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest
from click.testing import CliRunner

from claimgraph.cli import cli
from claimgraph.graph import ledger
from claimgraph.graph.store import open_store
from tests.graph.killing import ROOT

SEED = "https://w3id.org/claimgraph/id/document/tsn-2972918-malomuzh-six-axes"


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def store_url(tmp_path):
    return f"oxigraph:{tmp_path / 'store'}"


def run(runner, store_url, *args):
    return runner.invoke(cli, ["--store", store_url, *args], catch_exceptions=False)


def _read(store_url: str, what):
    with open_store(store_url, read_only=True) as store:
        return what(store)


def test_load_if_empty_loads_into_a_store_whose_documents_were_all_dropped(runner, store_url):
    assert run(runner, store_url, "load", "--example").exit_code == 0
    assert run(runner, store_url, "drop", SEED).exit_code == 0
    assert _read(store_url, lambda s: s.graphs()) == [ledger.LEDGER_GRAPH]
    loaded = run(runner, store_url, "load", "--example", "--if-empty")
    assert loaded.exit_code == 0 and f"-> <{SEED}>" in loaded.stdout
    assert "ledger: 13 status changes" in loaded.stderr


def test_load_if_empty_loads_after_a_ledger_refresh_of_a_new_store(runner, store_url):
    open_store(store_url).close()       # only load creates a store (docs/cli.md)
    assert run(runner, store_url, "ledger", "refresh").exit_code == 0
    loaded = run(runner, store_url, "load", "--example", "--if-empty")
    assert loaded.exit_code == 0 and f"-> <{SEED}>" in loaded.stdout
    kept = run(runner, store_url, "load", "--example", "--if-empty")
    assert kept.exit_code == 0 and "already holds 1 graph(s) of data; nothing loaded" in kept.stderr


@pytest.mark.parametrize("tail", [
    b'<http://ex/a> <http://ex/p> "unterminated .\n',
    b'<http://ex/a> <http://ex/p> "\xff" .\n',
    b'<http://ex/a> <http://ex/p> "x" <https://w3id.org/claimgraph/id/ledger> .\n',
], ids=["syntax", "utf8", "ledger-graph"])
def test_a_refused_streamed_file_leaves_the_ledger_as_it_was(runner, store_url, tmp_path,
                                                             monkeypatch, tail):
    from claimgraph.graph import load

    assert run(runner, store_url, "load", "--example").exit_code == 0
    before = _read(store_url, lambda s: sorted(map(str, s.triples(ledger.LEDGER_GRAPH))))
    bad = tmp_path / "bad.nq"
    bad.write_bytes(b"".join(b'<http://ex/s%d> <http://ex/p> "v" <http://ex/g> .\n' % i
                             for i in range(200)) + tail)
    monkeypatch.setattr(load, "STREAM_BYTES", 1024)   # streamed, as a file over 16 MiB is
    refused = run(runner, store_url, "load", str(bad))
    assert refused.exit_code == 1 and "streamed as written" in refused.stderr
    assert _read(store_url, ledger.stale_since) is None
    assert _read(store_url, lambda s: sorted(map(str, s.triples(ledger.LEDGER_GRAPH)))) == before
    again = run(runner, store_url, "load", "--example", "--if-empty")
    assert "ledger:" not in again.stderr


def test_a_refused_streamed_first_load_leaves_the_store_empty(runner, store_url, tmp_path,
                                                              monkeypatch):
    from claimgraph.graph import load

    bad = tmp_path / "bad.nt"
    bad.write_bytes(b'<http://ex/s> <http://ex/p> "v" .\n' * 100 + b'<http://ex/a> "x" .\n')
    monkeypatch.setattr(load, "STREAM_BYTES", 1024)
    assert run(runner, store_url, "load", str(bad)).exit_code == 1
    assert _read(store_url, lambda s: s.graphs()) == []


def _killed_at_refresh(store_url: str, path, stream: bool) -> None:
    """Load ``path`` in a process that dies (SIGKILL) as its ledger refresh begins."""
    patch = "from claimgraph.graph import load\nload.STREAM_BYTES = 1024\n" if stream else ""
    killed = subprocess.run(
        [sys.executable, "-c", "import os, signal\nfrom claimgraph.graph import ledger\n"
         "ledger.refresh = lambda *a, **k: os.kill(os.getpid(), signal.SIGKILL)\n" + patch
         + "from claimgraph.cli import main; main()", "--store", store_url, "load", str(path)],
        env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True)
    assert killed.returncode == -signal.SIGKILL, killed.stderr


@pytest.mark.parametrize("stream", [False, True], ids=["annotation", "native-bulk-load"])
def test_a_first_load_killed_during_its_ledger_refresh_leaves_a_mark(runner, store_url,
                                                                     tmp_path, capsys, stream):
    from claimgraph.cli.serve import _warn_if_ledger_outdated
    from claimgraph.graph.annotation import bundled_annotations

    if stream:   # a first load of a large N-Triples file: Oxigraph's own bulk loader
        source = tmp_path / "big.nt"
        source.write_text("".join(f'<http://ex/s{i}> <http://ex/p> "v{i}" .\n'
                                  for i in range(200)))
        graph = source.resolve().as_uri()
    else:
        source = bundled_annotations()[0]
        graph = SEED
    _killed_at_refresh(store_url, source, stream)
    assert graph in _read(store_url, lambda s: s.graphs())
    assert _read(store_url, ledger.stale_since) is not None
    reason = _read(store_url, ledger.needs_refresh)
    assert reason is not None and reason.startswith("was never derived")
    _warn_if_ledger_outdated(store_url)
    assert "claim ledger was never derived" in capsys.readouterr().err
    again = run(runner, store_url, "load", "--example", "--if-empty")
    assert again.exit_code == 0 and "ledger: it was never derived" in again.stderr
    assert "ledger: " in again.stderr.split("deriving it again", 1)[1]
    assert _read(store_url, ledger.stale_since) is None
    assert _read(store_url, ledger.needs_refresh) is None


def test_a_no_ledger_load_into_a_store_without_a_ledger_writes_no_mark(runner, store_url):
    assert run(runner, store_url, "load", "--no-ledger", "--example").exit_code == 0
    assert _read(store_url, lambda s: s.graphs()) == [SEED]
