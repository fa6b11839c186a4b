"""The store commands of the CLI: load, validate, query, stats, graphs, export, drop, optimize."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Dataset
from rdflib.compare import isomorphic

from claimgraph.cli import cli
from claimgraph.graph.store import open_store

PUTIN_QUERY = ("SELECT ?same WHERE { <https://w3id.org/claimgraph/id/person/vladimir-putin> "
               "<http://www.w3.org/2002/07/owl#sameAs> ?same "
               "FILTER(STRSTARTS(STR(?same), 'http://www.wikidata.org/')) }")


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def store_url(tmp_path):
    return f"oxigraph:{tmp_path / 'store'}"


def run(runner, store_url, *args):
    return runner.invoke(cli, ["--store", store_url, *args], catch_exceptions=False)


def test_every_command_has_help(runner):
    for command in ("load", "validate", "query", "stats", "graphs", "export", "drop", "optimize"):
        result = runner.invoke(cli, [command, "--help"])
        assert result.exit_code == 0 and "Usage:" in result.output


def test_load_example_then_query_stats_export_drop(runner, store_url):
    loaded = run(runner, store_url, "load", "--example", "--no-ledger")
    assert loaded.exit_code == 0 and "loaded" in loaded.stdout
    again = run(runner, store_url, "load", "--example", "--if-empty")
    assert again.exit_code == 0 and "nothing loaded" in again.stderr

    answer = run(runner, store_url, "query", PUTIN_QUERY, "--format", "json")
    assert answer.exit_code == 0
    bindings = json.loads(answer.stdout)["results"]["bindings"]
    assert bindings == [{"same": {"type": "uri", "value": "http://www.wikidata.org/entity/Q7747"}}]
    csv = run(runner, store_url, "query", PUTIN_QUERY, "--format", "csv")
    assert csv.stdout.splitlines() == ["same", "http://www.wikidata.org/entity/Q7747"]

    stats = run(runner, store_url, "stats")
    assert stats.exit_code == 0 and "graphs:  1" in stats.stdout
    assert "http://xmlns.com/foaf/0.1/Person" in stats.stdout

    graphs = run(runner, store_url, "graphs")
    graph = graphs.stdout.split("\t")[0]
    exported = run(runner, store_url, "export", "--format", "nquads")
    dataset = Dataset()
    dataset.parse(data=exported.stdout_bytes, format="nquads")
    assert len(dataset) == int(graphs.stdout.split("\t")[1])

    assert run(runner, store_url, "drop", graph).exit_code == 0
    assert run(runner, store_url, "graphs").stdout == ""
    missing = run(runner, store_url, "drop", graph)
    assert missing.exit_code == 1 and "no graph" in missing.stderr


@pytest.mark.parametrize("fmt,suffix", [("nquads", "nq"), ("trig", "trig")])
def test_export_of_one_graph_restores_that_graph(runner, store_url, tmp_path, fmt, suffix):
    # --format nquads/trig wrote the graph's triples into the default graph: loaded back, they
    # went into a graph named after the file
    from claimgraph.graph.annotation import annotation_to_graph, bundled_annotations

    document = annotation_to_graph(bundled_annotations()[0])[0]
    assert run(runner, store_url, "load", "--example", "--no-ledger").exit_code == 0
    dump = tmp_path / f"one.{suffix}"
    dump.write_bytes(run(runner, store_url, "export", "--graph", document, "--format",
                         fmt).stdout_bytes)
    restored_url = f"oxigraph:{tmp_path / 'restored'}"
    loaded = run(runner, restored_url, "load", "--no-ledger", str(dump))
    assert loaded.exit_code == 0 and f"-> <{document}>" in loaded.stdout, loaded.stderr
    with open_store(store_url, read_only=True) as before, \
            open_store(restored_url, read_only=True) as after:
        assert after.graphs() == [document]
        assert isomorphic(after.triples(document), before.triples(document))


def test_query_from_file_and_construct(runner, store_url, tmp_path):
    run(runner, store_url, "load", "--example")
    rq = tmp_path / "q.rq"
    rq.write_text("CONSTRUCT { ?s a ?c } WHERE { ?s a ?c } LIMIT 3")
    result = run(runner, store_url, "query", "--file", str(rq), "--format", "ntriples")
    assert result.exit_code == 0 and len(result.stdout.strip().splitlines()) == 3
    ask = run(runner, store_url, "query", "ASK { ?s ?p ?o }")
    assert ask.stdout.strip() == "true"


EXACT = ('CONSTRUCT { <urn:x:a> <urn:x:p> "01"^^<http://www.w3.org/2001/XMLSchema#integer>, '
         '"1.50"^^<http://www.w3.org/2001/XMLSchema#decimal>, '
         '"true "^^<http://www.w3.org/2001/XMLSchema#boolean>, "chat"@fr-be } WHERE {}')


@pytest.mark.parametrize("fmt,parse_as", [("turtle", ox.RdfFormat.TURTLE),
                                          ("ntriples", ox.RdfFormat.N_TRIPLES),
                                          ("nquads", ox.RdfFormat.N_QUADS),
                                          ("trig", ox.RdfFormat.TRIG),
                                          ("jsonld", ox.RdfFormat.JSON_LD),
                                          ("table", ox.RdfFormat.TURTLE)])
def test_a_construct_answer_keeps_its_literals_as_written(runner, store_url, fmt, parse_as):
    """rdflib's writers would give 1, 1.5 and false: the CLI writes the engine's terms, as the
    endpoint does."""
    open_store(store_url).close()
    result = run(runner, store_url, "query", EXACT, "--format", fmt)
    assert result.exit_code == 0, result.stderr
    objects = {(o.value, o.datatype.value.rsplit("#", 1)[-1] if o.language is None else o.language)
               for o in (q.object for q in ox.parse(result.stdout.encode(), format=parse_as))}
    assert objects == {("01", "integer"), ("1.50", "decimal"), ("true ", "boolean"),
                       ("chat", "fr-be")}


def test_failures_exit_non_zero_with_message(runner, store_url, tmp_path):
    open_store(store_url).close()
    bad = run(runner, store_url, "query", "SELECT WHERE {")
    assert bad.exit_code == 1 and "malformed SPARQL" in bad.stderr
    wrong_format = run(runner, store_url, "query", "ASK {}", "--format", "turtle")
    assert wrong_format.exit_code == 2
    good = tmp_path / "good.ttl"
    good.write_text("<http://example.org/a> <http://example.org/p> 1 .\n")
    broken = tmp_path / "broken.ttl"
    broken.write_text("<http://example.org/a> <http://example.org/p> .\n")
    loaded = run(runner, store_url, "load", str(good), str(broken))
    assert loaded.exit_code == 1
    assert "broken.ttl:1:" in loaded.stderr and "1 of 2 file(s) failed" in loaded.stderr
    assert "good.ttl" in loaded.stdout and "the other files were loaded" in loaded.stderr
    alone = run(runner, store_url, "load", str(broken))
    assert alone.exit_code == 1
    assert "1 of 1 file(s) failed; nothing was loaded." in alone.stderr
    assert "other files" not in alone.stderr
    unknown = runner.invoke(cli, ["--store", "nosuch:x", "stats"])
    assert unknown.exit_code == 1 and "unknown store URL" in unknown.stderr


def test_validate_writes_nothing(runner, store_url, tmp_path):
    checked = run(runner, store_url, "validate")
    assert checked.exit_code == 0 and "valid" in checked.stdout
    broken = tmp_path / "broken.yaml"
    broken.write_text("format: claimgraph-annotation/1\n")
    refused = run(runner, store_url, "validate", str(broken))
    assert refused.exit_code == 1 and "broken.yaml" in refused.stderr
    assert "1 of 1 file(s) failed." in refused.stderr and "other files" not in refused.stderr
    assert run(runner, store_url, "graphs").stdout == ""


def test_catalog_names_are_dispatched(runner, store_url):
    result = run(runner, store_url, "query", "no-such-query")
    assert result.exit_code != 0
    assert "catalog" in result.stderr.lower() or "no-such-query" in result.stderr


def test_export_all_with_void(runner, store_url, tmp_path):
    from rdflib import Graph, URIRef
    from rdflib.namespace import DCTERMS, RDF

    run(runner, store_url, "load", "--example")
    void = tmp_path / "void.ttl"
    result = run(runner, store_url, "export", "--all", "--format", "nquads", "--void", str(void),
                 "--dump-url", "https://example.org/claimgraph.nq")
    assert result.exit_code == 0, result.output
    description = Graph().parse(void, format="turtle")
    datasets = set(description.subjects(RDF.type, URIRef("http://rdfs.org/ns/void#Dataset")))
    assert datasets and any(description.value(d, DCTERMS.license) for d in datasets)
    assert (None, URIRef("http://rdfs.org/ns/void#dataDump"),
            URIRef("https://example.org/claimgraph.nq")) in description


def test_load_if_empty_derives_again_a_ledger_an_earlier_claimgraph_derived(runner, store_url):
    from claimgraph.graph import ledger
    from claimgraph.graph.store import open_store

    assert run(runner, store_url, "load", "--example").exit_code == 0
    current = run(runner, store_url, "load", "--example", "--if-empty")
    assert "nothing loaded" in current.stderr and "earlier claimgraph" not in current.stderr
    with open_store(store_url) as store:
        # what a ledger of format 1 lacked: its format, and the claim tallies
        store.update(f"""PREFIX cg: <https://w3id.org/claimgraph/ontology#>
            DELETE WHERE {{ GRAPH <{ledger.LEDGER_GRAPH}> {{ ?l cg:ledgerFormat ?f }} }};
            DELETE WHERE {{ GRAPH <{ledger.LEDGER_GRAPH}> {{ ?s cg:claimTally ?t . ?t ?p ?o }} }}""")
        assert ledger.outdated(store)
        assert not run_track_record(store)
    again = run(runner, store_url, "load", "--example", "--if-empty")
    assert again.exit_code == 0 and "earlier claimgraph, deriving it again" in again.stderr
    with open_store(store_url) as store:
        assert not ledger.outdated(store)
        assert run_track_record(store)
    kept = run(runner, store_url, "load", "--example", "--if-empty", "--no-ledger")
    assert "earlier claimgraph" not in kept.stderr


def run_track_record(store) -> list:
    from claimgraph.queries.runner import run as run_query

    return run_query(store, "track-record", actor="Putin")


@pytest.mark.parametrize("args,counts", [
    (["--store", "memory:"], "(1 worker x 4 threads, 2 query processes each)"),
    (["--store", "memory:", "--threads", "1", "--query-workers", "1"],
     "(1 worker x 1 thread, 1 query process each)"),
    (["--workers", "3", "--threads", "2", "--query-workers", "3"],
     "(3 workers x 2 threads, 3 query processes each)"),
])
def test_serve_counts_its_processes_in_words(runner, store_url, monkeypatch, args, counts):
    # `serve --store memory:` said "(1 workers x 4 threads, …)"
    import claimgraph.cli.serve as serve

    class Idle:
        def run(self) -> None:
            pass

    monkeypatch.setattr(serve, "_gunicorn_application", lambda config, options: Idle())
    monkeypatch.delenv("CLAIMGRAPH_EXEC_WORKERS", raising=False)
    result = runner.invoke(cli, ["--store", store_url, "serve", *args])
    assert result.exit_code == 0, result.output
    assert counts in result.stderr, result.stderr


def test_serve_warns_of_a_ledger_an_earlier_claimgraph_derived(runner, store_url, capsys):
    from claimgraph.cli.serve import _warn_if_ledger_outdated
    from claimgraph.graph import ledger
    from claimgraph.graph.store import open_store

    assert run(runner, store_url, "load", "--example").exit_code == 0
    _warn_if_ledger_outdated(store_url)
    assert "earlier claimgraph" not in capsys.readouterr().err
    with open_store(store_url) as store:
        store.update(f"""PREFIX cg: <https://w3id.org/claimgraph/ontology#>
            DELETE WHERE {{ GRAPH <{ledger.LEDGER_GRAPH}> {{ ?l cg:ledgerFormat ?f }} }}""")
    _warn_if_ledger_outdated(store_url)
    assert "claimgraph ledger refresh" in capsys.readouterr().err
    _warn_if_ledger_outdated(store_url + "-missing")  # no store there: nothing to say, no error


ADVICE = re.compile(r"(?:`|claimgraph\s+)((?:ledger\s+refresh|load)(?:\s+--[\w-]+)*)")


def test_every_command_advised_to_derive_the_ledger_again_does_it(runner, store_url, capsys):
    # serve, load --help and the ontology's comments advised `load --if-empty`, a usage error
    from rdflib import Graph
    from rdflib.namespace import RDFS

    from claimgraph.cli.serve import _warn_if_ledger_outdated
    from claimgraph.graph import ledger
    from claimgraph.ontology.model import CG

    assert run(runner, store_url, "load", "--example").exit_code == 0
    with open_store(store_url) as store:
        ledger.mark_stale(store)
    _warn_if_ledger_outdated(store_url)
    texts = [capsys.readouterr().err, run(runner, store_url, "load", "--help").stdout]
    ontology = Graph().parse(Path(__file__).parents[2] / "claimgraph/ontology/claimgraph.ttl")
    texts += [str(ontology.value(CG[name], RDFS.comment))
              for name in ("ledgerFormat", "ledgerStaleSince")]
    advised = {" ".join(match.split()) for text in texts for match in ADVICE.findall(text)}
    assert "ledger refresh" in advised and len(advised) > 1, texts
    for command in sorted(advised):
        with open_store(store_url) as store:
            ledger.mark_stale(store)
        done = run(runner, store_url, *command.split())
        assert done.exit_code == 0, (command, done.stderr)
        assert _stale_since(store_url) is None, command


def _index_files(store_url: str) -> int:
    return len(list(Path(store_url.partition(":")[2]).glob("*.sst")))


def _graphs(store_url: str) -> dict[str, object]:
    # read-only: a process that opens the store to write may compact it on its own
    dump = io.BytesIO()
    ox.Store.read_only(store_url.partition(":")[2]).dump(dump, ox.RdfFormat.N_QUADS)
    dataset = Dataset()
    dataset.parse(data=dump.getvalue(), format="nquads")
    return {str(g.identifier): g for g in dataset.graphs() if len(g)}


READER_QUERIES = [  # each through another of the store's indexes
    "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g",
    "SELECT ?s WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l } ORDER BY ?s",
    "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p <https://w3id.org/claimgraph/ontology#refuted> }",
]


def _claimgraph(*args: str) -> subprocess.CompletedProcess:
    # a process of its own for each command, as a user runs them: the store's files are
    # written out when the process closes it
    return subprocess.run([sys.executable, "-c", "from claimgraph.cli import main; main()",
                           *args], capture_output=True, text=True, timeout=300,
                          cwd=Path(__file__).resolve().parents[2])


def test_optimize_merges_the_index_files_and_keeps_every_quad(runner, store_url, tmp_path):
    data = tmp_path / "synthetic.nq"
    assert run(runner, store_url, "bench", "generate", "--triples", "30000",
               "--out", str(data)).exit_code == 0
    # the bulk loader's files, then the ledger's: index files of their own
    assert _claimgraph("--store", store_url, "load", "--no-ledger", str(data)).returncode == 0
    assert _claimgraph("--store", store_url, "ledger", "refresh").returncode == 0
    before, files = _graphs(store_url), _index_files(store_url)
    # readers (a server's query workers) opened before the compaction: one has read, one not
    reader, idle = (open_store(store_url, read_only=True) for _ in range(2))
    asked = [reader.query(q).records() for q in READER_QUERIES]
    optimized = _claimgraph("--store", store_url, "optimize")
    assert optimized.returncode == 0, optimized.stderr
    assert f"optimized {store_url}" in optimized.stderr and "index files" in optimized.stderr
    assert _index_files(store_url) < files
    # the files they opened are gone: they read on and answer the same
    for view in (reader, idle):
        assert [view.query(q).records() for q in READER_QUERIES] == asked
        view.close()
    after = _graphs(store_url)
    assert sorted(after) == sorted(before) and len(after) > 50
    assert all(isomorphic(before[name], after[name]) for name in before)


def test_optimize_elsewhere_says_what_it_can_do(runner):
    memory = runner.invoke(cli, ["--store", "memory:", "optimize"])
    assert memory.exit_code == 0 and "nothing to compact" in memory.stderr
    remote = runner.invoke(cli, ["--store", "sparql:http://127.0.0.1:9/sparql", "optimize"])
    assert remote.exit_code == 1 and "manages its own files" in remote.stderr


def test_a_large_load_suggests_optimize(runner, store_url, tmp_path, monkeypatch):
    import claimgraph.cli.store as store_commands

    small = run(runner, store_url, "load", "--example", "--no-ledger")
    assert small.exit_code == 0 and "optimize" not in small.stderr
    monkeypatch.setattr(store_commands, "OPTIMIZE_HINT", 1000)
    other = tmp_path / "other.ttl"
    other.write_text("".join(f"<http://example.org/s{i}> <http://example.org/p> {i} .\n"
                             for i in range(1200)))
    large = run(runner, store_url, "load", str(other), "--no-ledger")
    assert large.exit_code == 0
    assert "hint: after a load of 1,200 triples, `claimgraph optimize`" in large.stderr
    elsewhere = runner.invoke(cli, ["--store", "memory:", "load", str(other), "--no-ledger"])
    assert elsewhere.exit_code == 0 and "optimize" not in elsewhere.stderr


def test_the_step_clock_keeps_the_time_moving_within_a_step_and_clears_its_line():
    import time as clock_time

    from claimgraph.cli.store import StepClock

    out = io.StringIO()
    with StepClock(out, "ledger", interval=0.01) as clock:
        clock("status changes")
        clock_time.sleep(0.2)
        clock("writing 12 triples")
    drawn = out.getvalue()
    assert drawn.count("ledger: status changes (") >= 5    # redrawn while the step lasted
    assert drawn.rstrip("\r\033[K").endswith("ledger: writing 12 triples (0 s)")
    assert drawn.endswith("\r\033[K")                      # the line is cleared at the end
    after = len(out.getvalue())
    clock_time.sleep(0.05)
    assert len(out.getvalue()) == after                    # and nothing is drawn after it


def test_load_on_a_terminal_shows_the_ledger_steps_on_stderr(tmp_path):
    """On a terminal, `load` shows the ledger refresh's steps on stderr as they begin (at 10M
    triples a refresh takes minutes); the line is cleared once it is done."""
    import os
    import pty

    primary, secondary = pty.openpty()
    try:
        process = subprocess.run(
            [sys.executable, "-c", "from claimgraph.cli import main; main()",
             "--store", f"oxigraph:{tmp_path / 'store'}", "load", "--example"],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=secondary, timeout=300)
        os.close(secondary)
        secondary = None
        shown = b""
        while True:
            try:
                chunk = os.read(primary, 65536)
            except OSError:   # the terminal's other end is closed: all has been read
                break
            if not chunk:
                break
            shown += chunk
    finally:
        if secondary is not None:
            os.close(secondary)
        os.close(primary)
    assert process.returncode == 0 and b"loaded" in process.stdout
    text = shown.decode()
    assert "ledger: status changes (" in text and "ledger: writing " in text
    assert text.index("ledger: status changes") < text.index("ledger: writing ")
    # the step line is cleared before the summary is written
    assert re.search(r"\r\033\[K[^\r]*\r\033\[Kledger: [\d,]+ status changes", text)


def test_a_batch_with_a_nan_reports_every_file_and_derives_the_ledger(runner, store_url, tmp_path):
    # `confidence: .nan` crashed SHACL after a.yaml was written: no report, no ledger
    from claimgraph.graph.annotation import bundled_annotations

    seed = bundled_annotations()[0].read_text(encoding="utf-8")
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "a.yaml").write_text(seed, encoding="utf-8")
    (folder / "b.yaml").write_text(seed.replace("speaker: vladimir-putin",
                                                "speaker: vladimir-putin\n    confidence: .nan", 1),
                                   encoding="utf-8")
    result = run(runner, store_url, "load", str(folder))
    assert result.exit_code == 1
    assert f"loaded {folder / 'a.yaml'} ->" in result.stdout
    assert (f"error: {folder / 'b.yaml'}:275: statements[2].confidence: nan is not a number: "
            "expected a number from 0 to 1") in result.stderr
    assert "1 of 2 file(s) failed; the other files were loaded." in result.stderr
    assert "https://w3id.org/claimgraph/id/ledger\t" in run(runner, store_url, "graphs").stdout


@pytest.mark.parametrize("command", ["load", "validate"])
def test_a_folder_with_nothing_to_load_is_an_error(runner, store_url, tmp_path, command):
    # both exited 0 in silence: a mistyped folder passed a CI step
    empty = tmp_path / "empty"
    empty.mkdir()
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "readme.txt").write_text("not RDF")
    for folder in (empty, notes):
        result = run(runner, store_url, command, str(folder))
        assert result.exit_code == 1
        assert result.stderr.startswith(f"error: {folder}: no loadable files in the folder: "
                                        "expected annotations (.yaml) or RDF (")


@pytest.mark.parametrize("command", [["graphs"], ["stats"], ["export"], ["ask", "claim-status"]],
                         ids=" ".join)
def test_reading_a_store_that_does_not_exist_does_not_create_it(runner, tmp_path, command):
    # graphs, stats and export created an empty store at a mistyped path and printed nothing
    missing = tmp_path / "typo"
    result = run(runner, f"oxigraph:{missing}", *command)
    assert result.exit_code == 1 and not missing.exists()
    assert f"no store at {missing}: the folder does not exist (a load creates it)" in result.stderr


NOWHERE = "http://127.0.0.1:1/sparql"   # nothing listens on port 1: no answer is needed


@pytest.mark.parametrize("command", [
    ["link", "--dry-run", "--endpoint", NOWHERE], ["link", "--endpoint", NOWHERE],
    ["enrich", "--endpoint", NOWHERE], ["drop", "urn:x"], ["optimize"], ["ledger", "refresh"],
    ["watch", "add", "Putin"], ["watch", "remove", "Putin"]], ids=" ".join)
def test_changing_a_store_that_does_not_exist_does_not_create_it(runner, tmp_path, command):
    # each made an empty store at the mistyped path and answered from it (exit 0, or `drop`'s
    # "no graph", or `watch add`'s usage error after creating it)
    missing = tmp_path / "typo"
    result = run(runner, f"oxigraph:{missing}", *command)
    assert result.exit_code == 1 and not missing.exists()
    assert result.stderr == (f"error: no store at {missing}: the folder does not exist "
                             "(a load creates it)\n")
    assert result.stdout == ""


def test_load_creates_the_store(runner, tmp_path):
    folder = tmp_path / "new"
    assert run(runner, f"oxigraph:{folder}", "load", "--example").exit_code == 0
    assert run(runner, f"oxigraph:{folder}", "graphs").stdout.count("\n") == 2   # seed + ledger


def test_an_empty_store_url_is_an_error_not_the_default(runner, tmp_path, monkeypatch):
    # it fell back to oxigraph:./claimgraph-data and created it where the command ran
    monkeypatch.chdir(tmp_path)
    given = runner.invoke(cli, ["--store", "", "graphs"], catch_exceptions=False)
    assert given.exit_code == 1 and "the store URL (--store) is empty" in given.stderr
    monkeypatch.setenv("CLAIMGRAPH_STORE", "")
    unset = runner.invoke(cli, ["load", "--example"], catch_exceptions=False)
    assert unset.exit_code == 1 and "the store URL ($CLAIMGRAPH_STORE) is empty" in unset.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("update", ["INSERT DATA { <urn:a> <urn:b> <urn:c> }", "DROP ALL",
                                    "LOAD <http://127.0.0.1:9/x>",
                                    "PREFIX ex: <urn:ex:>\nCLEAR ALL"])
def test_query_says_it_takes_no_updates(runner, update):
    # it said "malformed SPARQL: error at 1:10: expected CONSTRUCT"
    result = run(runner, "memory:", "query", update)
    assert result.exit_code == 2
    assert "`query` runs SPARQL queries (SELECT, ASK, CONSTRUCT, DESCRIBE), not updates" \
        in result.stderr and "malformed" not in result.stderr
    malformed = run(runner, "memory:", "query", "SELECT * WHERE { ?s ?p }")
    assert malformed.exit_code == 1 and "malformed SPARQL" in malformed.stderr


def test_load_refuses_a_graph_written_twice_in_a_batch_and_the_reserved_graphs(runner, store_url,
                                                                               tmp_path):
    from claimgraph.graph.annotation import bundled_annotations
    from claimgraph.graph.ledger.watch import WATCH_GRAPH

    seed = bundled_annotations()[0]
    batch = tmp_path / "batch"
    batch.mkdir()
    for name in ("a.yaml", "b.yaml"):   # two files of one document
        (batch / name).write_text(seed.read_text(encoding="utf-8"), encoding="utf-8")
    twice = run(runner, store_url, "load", "--no-ledger", str(batch))
    assert twice.exit_code == 1 and twice.stdout.count("loaded") == 1
    assert (f"{batch / 'b.yaml'}: refused: it writes graph <" in twice.stderr
            and f"which {batch / 'a.yaml'} of this batch writes too" in twice.stderr)

    assert run(runner, store_url, "watch", "add", "Pokrovsk").exit_code == 0
    dump = tmp_path / "dump.nq"
    dump.write_bytes(run(runner, store_url, "export").stdout_bytes)
    restored_url = f"oxigraph:{tmp_path / 'restored'}"
    refused = run(runner, restored_url, "load", "--no-ledger", str(dump))
    assert refused.exit_code == 1 and "which claimgraph keeps for the watches" in refused.stderr
    restored = run(runner, restored_url, "load", "--no-ledger", "--allow-reserved-graphs",
                   str(dump))
    assert restored.exit_code == 0 and f"<{WATCH_GRAPH}>" in restored.stdout
    assert run(runner, restored_url, "watch", "list").stdout.strip().endswith("/city/pokrovsk")


def _status_changes(store_url: str) -> int:
    with open_store(store_url, read_only=True) as store:
        return int(store.query("PREFIX cg: <https://w3id.org/claimgraph/ontology#> "
                               "SELECT (COUNT(*) AS ?n) WHERE { ?c a cg:StatusChange }"
                               ).rows[0]["n"])


def _stale_since(store_url: str):
    from claimgraph.graph import ledger

    with open_store(store_url, read_only=True) as store:
        return ledger.stale_since(store)


def test_drop_derives_the_ledger_again(runner, store_url):
    from claimgraph.graph.annotation import annotation_to_graph, bundled_annotations

    document = annotation_to_graph(bundled_annotations()[0])[0]
    assert run(runner, store_url, "load", "--example").exit_code == 0
    assert _status_changes(store_url) == 13 and _stale_since(store_url) is None
    dropped = run(runner, store_url, "drop", document)
    assert dropped.exit_code == 0 and "ledger: 0 status changes" in dropped.stderr
    assert _status_changes(store_url) == 0   # none left whose evidence is gone

    assert run(runner, store_url, "load", "--example").exit_code == 0
    kept = run(runner, store_url, "drop", "--no-ledger", document)
    assert kept.exit_code == 0 and "ledger: not derived again (--no-ledger)" in kept.stderr
    assert _status_changes(store_url) == 13 and _stale_since(store_url) is not None
    # the store holds no data but the ledger: --if-empty loads into it, and the refresh that
    # follows derives the ledger again
    again = run(runner, store_url, "load", "--example", "--if-empty")
    assert f"-> <{document}>" in again.stdout and "ledger: 13 status changes" in again.stderr
    assert _status_changes(store_url) == 13 and _stale_since(store_url) is None


def test_a_load_killed_before_its_ledger_refresh_leaves_the_ledger_known_to_be_stale(
        runner, store_url, tmp_path, capsys):
    from claimgraph.cli.serve import _warn_if_ledger_outdated
    from tests.graph.killing import ROOT

    assert run(runner, store_url, "load", "--example").exit_code == 0
    article = tmp_path / "more.ttl"
    article.write_text("<http://example.org/a> <http://example.org/p> 'more' .\n")
    killed = subprocess.run(   # the process dies as its ledger refresh begins
        [sys.executable, "-c", "import os, signal\nfrom claimgraph.graph import ledger\n"
         "ledger.refresh = lambda *a, **k: os.kill(os.getpid(), signal.SIGKILL)\n"
         "from claimgraph.cli import main; main()", "--store", store_url, "load", str(article)],
        env={**__import__("os").environ, "PYTHONPATH": str(ROOT)}, capture_output=True)
    assert killed.returncode == -9
    with open_store(store_url, read_only=True) as store:
        assert article.resolve().as_uri() in store.graphs()
    assert _stale_since(store_url) is not None
    _warn_if_ledger_outdated(store_url)
    assert "claim ledger is older than the data" in capsys.readouterr().err
    again = run(runner, store_url, "load", "--example", "--if-empty")
    assert again.exit_code == 0 and "ledger: it is older than the data" in again.stderr
    assert _stale_since(store_url) is None
    _warn_if_ledger_outdated(store_url)
    assert "claim ledger" not in capsys.readouterr().err


def test_query_calls_a_service_only_on_the_allow_list(runner, store_url, tmp_path, monkeypatch):
    from tests.reliability.support import Canary

    monkeypatch.delenv("CLAIMGRAPH_SERVICE_ALLOWLIST", raising=False)
    monkeypatch.delenv("CLAIMGRAPH_CONFIG", raising=False)
    open_store(store_url).close()
    canary = Canary()
    try:
        endpoint = f"{canary.url}sparql"
        query = f"SELECT * WHERE {{ SERVICE <{endpoint}> {{ ?s ?p ?o }} }}"
        shared = tmp_path / "shared.rq"
        shared.write_text(f"PREFIX remote: <{canary.url}>\n"
                          "SELECT * WHERE { SERVICE SILENT remote:sparql { ?s ?p ?o } }")
        for args in (["query", query], ["query", "-f", str(shared)]):
            refused = run(runner, store_url, *args)
            assert refused.exit_code == 1
            assert (f"refused: SERVICE <{endpoint}> is not allowed" in refused.stderr
                    and "--allow-service PREFIX" in refused.stderr)
        variable = run(runner, store_url, "query", "SELECT * WHERE { SERVICE ?e { ?s ?p ?o } }")
        assert variable.exit_code == 1 and "variable endpoint" in variable.stderr
        assert canary.requests == []

        run(runner, store_url, "query", "--allow-service", canary.url, query)
        assert canary.requests == ["POST /sparql"]
        monkeypatch.setenv("CLAIMGRAPH_SERVICE_ALLOWLIST", canary.url)   # the server's setting
        run(runner, store_url, "query", "-f", str(shared))
        assert canary.requests == ["POST /sparql"] * 2
    finally:
        canary.close()
