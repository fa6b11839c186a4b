"""Store commands: load, validate, query, stats, graphs, export, drop.

Every command opens the store named by ``--store`` / ``$CLAIMGRAPH_STORE``, writes results to
stdout and diagnostics to stderr, and exits 1 when something failed (2 for usage errors).
"""

from __future__ import annotations

import re
import sys
import threading
import time
from importlib import resources
from pathlib import Path
from typing import TextIO

import click

from claimgraph.cli.extract import PUBLISHER_NEEDED, check_date, check_publisher, check_url
from claimgraph.cli.output import writable_file
from claimgraph.cli.values import absolute_iri
from claimgraph.graph.store import QuerySyntaxError, Store, StoreError, open_store

CATALOG_NAME = re.compile(r"^[a-z][a-z0-9-]*$")
EXPORT_FORMATS = {"turtle": "turtle", "ntriples": "nt", "nquads": "nquads", "trig": "trig",
                  "jsonld": "json-ld", "rdfxml": "xml"}
QUAD_FORMATS = {"nquads", "trig", "jsonld"}
# Triples loaded at once from which `load` suggests compacting the store (claimgraph optimize)
OPTIMIZE_HINT = 1_000_000


def _open(ctx: click.Context, read_only: bool = False, create: bool = False) -> Store:
    """The store of ``--store``; only ``load`` creates an ``oxigraph:`` folder that does not
    exist (docs/cli.md, under "Commands")."""
    try:
        return open_store((ctx.obj or {}).get("store_url"), read_only=read_only, create=create)
    except StoreError as error:
        raise click.ClickException(str(error)) from None


class _Progress:
    """A one-line progress display on stderr (only on a terminal): quads and quads/s, or, when
    the store's engine parses the file itself, the share of the file read, then bytes written."""

    def __init__(self, path: Path) -> None:
        self.path, self.start, self.shown = path, time.monotonic(), False

    def __call__(self, n: int, unit: str = "quads") -> None:
        elapsed = time.monotonic() - self.start
        if unit == "bytes read":
            size = max(self.path.stat().st_size, 1)
            line = f"read {n / 2**20:,.0f} of {size / 2**20:,.0f} MB ({n / size:.0%})"
        elif unit == "bytes written":
            line = f"file parsed; writing the indexes: {n / 2**20:,.0f} MB written"
        else:
            line = f"{n:,} triples, {n / max(elapsed, 1e-6):,.0f} triples/s"
        sys.stderr.write(f"\r\033[K{self.path.name}: {line}, {elapsed:,.0f} s")
        sys.stderr.flush()
        self.shown = True


class StepClock:
    """A one-line display of a long task's current step and the time so far, redrawn every
    ``interval`` seconds on ``stream`` (a refresh at 10M triples spends a minute in one step:
    the time keeps moving so that it is seen to be working); the line is cleared at the end."""

    def __init__(self, stream: TextIO, label: str, interval: float = 1.0) -> None:
        self.stream, self.label, self.interval = stream, label, interval
        self.start = time.monotonic()
        self.step = "starting"
        self._lock = threading.Lock()
        self._done = threading.Event()
        self._ticker = threading.Thread(target=self._tick, name="step-clock", daemon=True)

    def __enter__(self) -> "StepClock":
        self._ticker.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._done.set()
        self._ticker.join()
        with self._lock:
            self.stream.write("\r\033[K")
            self.stream.flush()

    def __call__(self, step: str) -> None:
        self.step = step
        self._draw()

    def _tick(self) -> None:
        while not self._done.wait(self.interval):
            self._draw()

    def _draw(self) -> None:
        with self._lock:
            if self._done.is_set():
                return
            self.stream.write(f"\r\033[K{self.label}: {self.step} "
                              f"({time.monotonic() - self.start:,.0f} s)")
            self.stream.flush()


def refresh_ledger(store: Store, **options):
    """``ledger.refresh`` showing its steps and the time so far on one line of stderr (on a
    terminal; a refresh at 10M triples takes minutes), the line cleared when it is done."""
    from claimgraph.graph.ledger import refresh

    if not sys.stderr.isatty():
        return refresh(store, **options)
    with StepClock(sys.stderr, "ledger") as clock:
        return refresh(store, progress=clock, **options)


def _progress_factory():
    if not sys.stderr.isatty():
        return None
    return _Progress


def _report(reports, verb: str) -> int:
    failed = 0
    for report in reports:
        if sys.stderr.isatty():
            sys.stderr.write("\r\033[K")
        for warning in report.warnings:
            click.echo(f"warning: {warning}", err=True)
        if report.error is not None:
            failed += 1
            click.echo(f"error: {report.error}", err=True)
            continue
        for graph, count in report.graphs.items():
            click.echo(f"{verb} {report.path} -> <{graph}> ({count:,} triples)")
    if failed:
        if failed < len(reports):
            rest = f"; the other files were {verb}"
        else:
            rest = "; nothing was loaded" if verb == "loaded" else ""
        click.echo(f"{failed} of {len(reports)} file(s) failed{rest}.", err=True)
    return 1 if failed else 0


@click.command("load")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--example", is_flag=True, help="Also load the bundled seed annotation.")
@click.option("--if-empty", is_flag=True,
              help="Do nothing when the store already holds data, graphs other than the claim "
                   "ledger and the watches (but derive again a ledger that is older than the "
                   "data or that an earlier claimgraph derived).")
@click.option("--extract", "articles", multiple=True, type=click.Path(path_type=Path),
              metavar="ARTICLE.txt",
              help="Extract statements from an article's text and load them (repeatable); "
                   "every assertion is marked as machine-extracted.")
@click.option("--url", callback=check_url, help="With --extract: the article's URL.")
@click.option("--date", "date_published", callback=check_date,
              help="With --extract: its publication date.")
@click.option("--publisher", callback=check_publisher,
              help="With --extract: its publisher (required with --extract).")
@click.option("--no-ledger", is_flag=True,
              help="Do not re-derive the claim ledger after loading.")
@click.option("--allow-reserved-graphs", is_flag=True,
              help="Let files write the graphs claimgraph keeps itself (the claim ledger, the "
                   "watches), as a dump made by `claimgraph export` does: restoring it keeps "
                   "the ledger's recording times and the watches.")
@click.pass_context
def load_command(ctx: click.Context, paths: tuple[Path, ...], example: bool, if_empty: bool,
                 articles: tuple[Path, ...], url: str | None, date_published: str | None,
                 publisher: str | None, no_ledger: bool, allow_reserved_graphs: bool) -> None:
    """Load annotation (.yaml; .json saying format claimgraph-annotation/1) and RDF files or
    folders, one named graph per source document.

    Reloading a file replaces its graph and changes nothing else. Each file is checked and
    written in one transaction; bad files are listed and the exit code is 1, as is a file that
    writes a graph an earlier file of the same batch wrote or one claimgraph keeps itself (the
    claim ledger's, the watches', a staging graph), or states the ledger's own terms elsewhere.
    After a load, the claim ledger is re-derived from the whole store; the
    ledger records beforehand that the data is changing, so that a refresh skipped with
    --no-ledger, or never reached, is known later: `claimgraph ledger refresh` (or
    `claimgraph load --example --if-empty`) then derives it again.
    """
    import tempfile

    from claimgraph.graph import ledger
    from claimgraph.graph.load import load_paths, reserved_graphs

    targets = list(paths)
    if example:
        from claimgraph.graph.annotation import bundled_annotations
        targets += bundled_annotations()
    if not targets and not articles:
        raise click.UsageError("give files or folders to load, --extract ARTICLE, or --example")
    if articles and publisher is None:
        raise click.UsageError(f"--extract: {PUBLISHER_NEEDED}")
    with tempfile.TemporaryDirectory(prefix="claimgraph-extract-") as scratch:
        extracted = {_extract_to(article, Path(scratch) / str(i), url, date_published,
                                 publisher): article for i, article in enumerate(articles)}
        targets += list(extracted)
        with _open(ctx, create=True) as store:
            # the graphs claimgraph keeps itself (a ledger, watches) are not data
            data = [g for g in store.graphs() if g not in reserved_graphs()] if if_empty else []
            if data:
                click.echo(f"{store.url} already holds {len(data)} graph(s) of data; "
                           "nothing loaded", err=True)
                if not no_ledger:
                    _refresh_outdated_ledger(store)
                return
            marked: list[bool] = []
            reports = _name_articles(
                load_paths(store, targets, progress=_progress_factory(),
                           allow_reserved=allow_reserved_graphs,
                           before_write=lambda: marked.append(
                               ledger.mark_stale(store, create=not no_ledger))),
                extracted)
            code = _report(reports, "loaded")
            if any(r.graphs for r in reports):
                _after_data_change(store, no_ledger)
            elif any(marked):   # a file refused as it streamed: the data did not change
                ledger.clear_mark(store)
            written = sum(sum(r.graphs.values()) for r in reports)
            if written >= OPTIMIZE_HINT and store.url.startswith("oxigraph:"):
                click.echo(f"hint: after a load of {written:,} triples, `claimgraph optimize` "
                           "makes the store's reads faster (docs/scaling.md)", err=True)
        ctx.exit(code)


def _refresh_ledger(store: Store) -> None:
    summary = refresh_ledger(store)
    counts = ", ".join(f"{n} {s}" for s, n in summary.claims_by_status.items())
    click.echo(f"ledger: {summary.changes} status changes ({counts or 'no claims'})", err=True)


def _after_data_change(store: Store, no_ledger: bool) -> None:
    """Re-derive the ledger after a load or drop, or, with --no-ledger, say that it is stale."""
    from claimgraph.graph import ledger

    if not no_ledger:
        _refresh_ledger(store)
    elif ledger.stale_since(store) is not None:
        click.echo("ledger: not derived again (--no-ledger); it is older than the data until "
                   "`claimgraph ledger refresh`", err=True)


def _refresh_outdated_ledger(store: Store) -> None:
    """Re-derive a ledger an earlier claimgraph derived (what newer queries read is missing
    from it: ``make run`` on a store kept from before an upgrade), or one older than the data
    (a load or drop with --no-ledger, or one stopped before its refresh)."""
    from claimgraph.graph import ledger

    reason = ledger.needs_refresh(store)
    if reason is not None:
        click.echo(f"ledger: it {reason}, deriving it again", err=True)
        _refresh_ledger(store)


def _name_articles(reports: list, extracted: dict[Path, Path]) -> list:
    """Reports on the annotations extracted into temporary files name their articles instead
    (the temporary file is gone when the report is read; its lines mean nothing to the user)."""
    from claimgraph.graph.load import LoadError

    for report in reports:
        article = extracted.get(report.path)
        if article is None:
            continue
        report.path = article
        if report.error is not None:
            report.error = LoadError(article, "the annotation extracted from it is refused "
                                     f"(see it with `claimgraph extract {article} --publisher "
                                     f"...`): {report.error.message}")
    return reports


def _extract_to(article: Path, folder: Path, url: str | None, date_published: str | None,
                publisher: str | None) -> Path:
    """Extract an article into an annotation file in ``folder`` (which load then checks)."""
    import yaml

    from claimgraph.graph.extract import extract_annotation

    try:
        text = article.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise click.ClickException(f"cannot read {article}: {error}") from None
    if not text.strip():
        raise click.ClickException(f"{article}: the article is empty")
    try:
        annotation = extract_annotation(text, url=url, date_published=date_published,
                                        publisher=publisher, id=_slug(article.stem))
    except ValueError as error:
        raise click.ClickException(f"{article}: {error}") from None
    folder.mkdir()
    target = folder / f"{article.stem}.yaml"
    target.write_text(yaml.safe_dump(annotation, allow_unicode=True, sort_keys=False),
                      encoding="utf-8")
    return target


def _slug(text: str) -> str:
    import re

    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "article"


@click.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.pass_context
def validate_command(ctx: click.Context, paths: tuple[Path, ...]) -> None:
    """Check files as `load` would, without writing anything (default: the bundled seed)."""
    from claimgraph.graph.load import load_paths

    targets: list = list(paths)
    if not targets:
        from claimgraph.graph.annotation import bundled_annotations
        targets = bundled_annotations()
    ctx.exit(_report(load_paths(None, targets), "valid"))


def _read_query(text: str | None, file: Path | None) -> str:
    if (text is None) == (file is None):
        raise click.UsageError("give either a SPARQL query or --file F.rq")
    if file is not None:
        try:
            return file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise click.ClickException(f"cannot read {file}: {error}") from None
    return text  # type: ignore[return-value]


UPDATE_REFUSED = ("`query` runs SPARQL queries (SELECT, ASK, CONSTRUCT, DESCRIBE), not updates "
                  "(INSERT, DELETE, LOAD, CLEAR, DROP...): change the store with `load` and "
                  "`drop`, or through the server's update endpoint")


def _is_update(text: str) -> bool:
    """Whether ``text`` starts as a SPARQL update (after its prologue)."""
    from claimgraph.graph.querycheck import QueryRefused, scan

    try:
        return scan(text).form == "update"
    except QueryRefused:
        return False


@click.command("query")
@click.argument("sparql", required=False)
@click.option("--file", "-f", "file", type=click.Path(path_type=Path), help="Read the query here.")
@click.option("--format", "fmt", default="table", show_default=True,
              type=click.Choice(["table", "json", "csv", "tsv", "turtle", "ntriples", "nquads",
                                 "trig", "jsonld"]),
              help="table/json/csv/tsv for SELECT and ASK; RDF formats for CONSTRUCT/DESCRIBE.")
@click.option("--param", "-p", "params", multiple=True, metavar="KEY=VALUE",
              help="A parameter of a named catalog query; repeat for several.")
@click.option("--graph", "graphs", multiple=True, metavar="IRI", callback=absolute_iri,
              help="Query only these graphs (default: the union of all graphs).")
@click.option("--allow-service", "services", multiple=True, metavar="PREFIX",
              help="Let SERVICE call endpoints whose IRI starts with PREFIX (repeatable), "
                   "besides the server's SERVICE_ALLOWLIST setting.")
@click.pass_context
def query_command(ctx: click.Context, sparql: str | None, file: Path | None, fmt: str,
                  params: tuple[str, ...], graphs: tuple[str, ...],
                  services: tuple[str, ...]) -> None:
    """Run a SPARQL query, or the named catalog query NAME (see `claimgraph queries`).

    As on the server, a federated query (SERVICE) may call only the endpoints of the
    SERVICE_ALLOWLIST setting (CLAIMGRAPH_SERVICE_ALLOWLIST, or the file CLAIMGRAPH_CONFIG
    names; empty by default) or of --allow-service.
    """
    from claimgraph.cli.output import OutputError, write_result
    from claimgraph.graph.querycheck import scan

    if sparql is not None and file is None and CATALOG_NAME.match(sparql):
        try:
            from claimgraph.queries.cli_support import run_named_query_cli
        except ModuleNotFoundError:
            raise click.ClickException(f"{sparql!r} is not SPARQL, and the named-query catalog "
                                       "is not installed") from None
        ctx.exit(run_named_query_cli((ctx.obj or {}).get("store_url"), sparql, list(params), fmt))
    if params:
        raise click.UsageError("--param is for named catalog queries only")
    text = _read_query(sparql, file)
    _check_service(text, list(services))
    with _open(ctx, read_only=True) as store:
        try:
            # a graph in the store's own terms: rdflib's would rewrite literals ("01" as 1)
            run = store.query_terms if scan(text).form == "graph" else store.query
            result = run(text, default_graph_uris=list(graphs) or None)
        except QuerySyntaxError as error:
            if _is_update(text):  # the parser's "expected CONSTRUCT" would call it malformed
                raise click.UsageError(UPDATE_REFUSED) from None
            raise click.ClickException(f"malformed SPARQL: {error}") from None
        except StoreError as error:
            raise click.ClickException(str(error)) from None
    try:
        write_result(result, fmt, sys.stdout)
    except OutputError as error:
        raise click.UsageError(str(error)) from None
    if result.kind == "select":
        click.echo(f"({len(result.rows)} row{'s' if len(result.rows) != 1 else ''})", err=True)


def _check_service(text: str, allowed: list[str]) -> None:
    """Refuse a query whose SERVICE calls an endpoint the allow-list does not name (the
    server's check, claimgraph.graph.querycheck): a shared .rq file could send data anywhere."""
    from claimgraph.graph.querycheck import QueryRefused, check_service, scan

    found = None
    try:
        found = scan(text)
        if found.service:
            from claimgraph.server.config import ConfigError, load_config

            try:
                allowed = [*load_config()["SERVICE_ALLOWLIST"], *allowed]
            except ConfigError as error:
                raise click.ClickException(f"cannot read the SERVICE_ALLOWLIST setting: "
                                           f"{error}") from None
            check_service(found, allowed)
    except QueryRefused as error:
        named = found is not None and found.service and None not in found.service
        hint = "; allow an endpoint with --allow-service PREFIX" if named else ""
        raise click.ClickException(f"refused: {error}{hint}") from None


@click.command("stats")
@click.pass_context
def stats_command(ctx: click.Context) -> None:
    """Triples, named graphs, and entities per class."""
    text = resources.files("claimgraph.graph").joinpath("rq/entities-per-class.rq").read_text()
    with _open(ctx, read_only=True) as store:
        click.echo(f"store:   {store.url}")
        click.echo(f"triples: {store.count():,}")
        click.echo(f"graphs:  {len(store.graphs()):,}")
        rows = store.query(text).rows
    if rows:
        click.echo("entities per class:")
        for row in rows:
            click.echo(f"  {int(row['entities']):>8,}  {row['class']}")


@click.command("graphs")
@click.pass_context
def graphs_command(ctx: click.Context) -> None:
    """List the named graphs with their triple counts."""
    with _open(ctx, read_only=True) as store:
        for graph in store.graphs():
            click.echo(f"{graph}\t{store.count(graph)}")


@click.command("export")
@click.option("--graph", "graph", metavar="IRI", callback=absolute_iri,
              help="Export this named graph only.")
@click.option("--all", "all_graphs", is_flag=True, help="Export every named graph (default).")
@click.option("--format", "fmt", type=click.Choice(list(EXPORT_FORMATS)), default="nquads",
              show_default=True, help="nquads/trig/jsonld keep graph names; the others merge "
                                      "them, and leave out the claim ledger and the watches.")
@click.option("--void", "void_path", type=click.Path(dir_okay=False, path_type=Path),
              callback=writable_file,
              help="Also write a VoID description of the dump (Turtle) to this file.")
@click.option("--dump-url", help="With --void: the URL where the dump will be published.")
@click.option("--license", "license_iri", default=None,
              help="With --void: the licence IRI (default: CC BY 4.0).")
@click.option("--sparql-endpoint", help="With --void: the public SPARQL endpoint URL.")
@click.pass_context
def export_command(ctx: click.Context, graph: str | None, all_graphs: bool, fmt: str,
                   void_path: Path | None, dump_url: str | None, license_iri: str | None,
                   sparql_endpoint: str | None) -> None:
    """Write the store (or one graph) to stdout in an RDF format; with --void, describe the
    dump (triples, entities, classes, graphs, vocabularies, licence, links) in VoID.

    A format that merges the graphs (turtle, ntriples, rdfxml) leaves out the graphs claimgraph
    keeps itself, the claim ledger and the watches (said on stderr): merged, their triples
    would load back as data, which `load` refuses. `load` derives the ledger again; a dump
    that keeps them is nquads, trig or jsonld.
    """
    from claimgraph.graph.load import reserved_graphs

    if graph and all_graphs:
        raise click.UsageError("--graph and --all exclude each other")
    with _open(ctx, read_only=True) as store:
        graphs = store.graphs()
        if graph is not None and graph not in graphs:
            raise click.ClickException(f"no graph <{graph}> in {store.url}")
        left_out = ([name for name in reserved_graphs() if name in graphs]
                    if graph is None and fmt not in QUAD_FORMATS else [])
        if left_out:
            click.echo(f"export: {fmt} merges the graphs: left out "
                       + ", ".join(f"<{name}>" for name in left_out)
                       + ", which claimgraph keeps itself (`claimgraph load` derives the ledger "
                       "again); --format nquads, trig or jsonld keeps them", err=True)
        try:
            if fmt == "rdfxml":
                _write_checked_rdf_xml(store, graph, left_out)
            else:
                store.export(sys.stdout.buffer, EXPORT_FORMATS[fmt], graph, leave_out=left_out)
        except StoreError as error:
            raise click.ClickException(str(error)) from None
        if void_path is not None:
            from claimgraph.graph.link.void import DEFAULT_LICENSE, void_description, write_void

            description = void_description(
                store, dumps=[dump_url] if dump_url else [],
                license=license_iri or DEFAULT_LICENSE, sparql_endpoint=sparql_endpoint)
            write_void(void_path, description)
            click.echo(f"wrote the VoID description to {void_path}", err=True)


def _write_checked_rdf_xml(store: Store, graph: str | None, leave_out: list[str]) -> None:
    """Write the RDF/XML export (of ``graph``, else of every graph but ``leave_out``) once a
    copy in a temporary file is checked: XML 1.0 cannot carry every literal or predicate (see
    server/graphwriter.py), and a refused export must leave no half-written file."""
    import shutil
    import tempfile

    from claimgraph.server.graphwriter import check_xml, triples_of
    from claimgraph.server.serializers import Unwritable

    def triples() -> list:
        return [t for name in ([graph] if graph else store.graphs()) if name not in leave_out
                for t in triples_of(store.triples(name))]

    others = ", ".join(f for f in EXPORT_FORMATS if f != "rdfxml")
    with tempfile.TemporaryFile(prefix="claimgraph-export-") as body:
        store.export(body, EXPORT_FORMATS["rdfxml"], graph, leave_out=leave_out)
        body.seek(0)
        try:
            check_xml(body, triples, advice=f"export it with --format {others}")
        except Unwritable as error:
            raise click.ClickException(f"cannot write RDF/XML: {error}") from None
        body.seek(0)
        shutil.copyfileobj(body, sys.stdout.buffer)


@click.command("drop")
@click.argument("graph", callback=absolute_iri)
@click.option("--no-ledger", is_flag=True,
              help="Do not re-derive the claim ledger after dropping.")
@click.pass_context
def drop_command(ctx: click.Context, graph: str, no_ledger: bool) -> None:
    """Remove the named graph GRAPH (one source document) and its triples.

    A claim ledger the store holds is then re-derived from the rest of the store, as after a
    load (dropping the ledger's or the watches' own graph changes nothing else).
    """
    from claimgraph.graph import ledger
    from claimgraph.graph.load import reserved_graphs

    with _open(ctx) as store:
        graphs = store.graphs()
        derived_from = (graph not in reserved_graphs() and graph in graphs
                        and ledger.LEDGER_GRAPH in graphs)
        try:
            if derived_from:
                ledger.mark_stale(store)
            existed = store.remove_graph(graph)
        except StoreError as error:
            raise click.ClickException(str(error)) from None
        if not existed:
            raise click.ClickException(f"no graph <{graph}> in the store")
        click.echo(f"dropped <{graph}>", err=True)
        if derived_from:
            _after_data_change(store, no_ledger)


@click.command("optimize")
@click.pass_context
def optimize_command(ctx: click.Context) -> None:
    """Compact the embedded store's files (as `oxigraph optimize` does) after a large load.

    Oxigraph's bulk loader writes each batch of a large load, and of a first claim ledger, as
    index files of their own; every later read consults them all. Compacting merges them: at
    10M triples it took 23 s and made the catalog's slowest cases 10-45% faster. Readers in
    other processes go on; a write started meanwhile is refused (the store is locked), as
    during any write. An oxigraph: store only.
    """
    with _open(ctx) as store:
        folder = Path(store.url.partition(":")[2]) if store.url.startswith("oxigraph:") else None
        before = _table_files(folder)
        if before is not None:
            click.echo(f"optimizing {store.url} ({_describe(before)})...", err=True)
        started = time.monotonic()
        try:
            store.optimize()
        except StoreError as error:
            raise click.ClickException(str(error)) from None
        took = time.monotonic() - started
    if before is None:
        click.echo(f"{store.url} holds no files: nothing to compact", err=True)
        return
    click.echo(f"optimized {store.url} in {took:.1f} s: {_describe(before)} -> "
               f"{_describe(_table_files(folder))}", err=True)


def _table_files(folder: Path | None) -> tuple[int, int] | None:
    """How many index (SST) files the store's folder holds, and the folder's bytes."""
    if folder is None or not folder.is_dir():
        return None
    files = [f for f in folder.iterdir() if f.is_file()]
    return (sum(1 for f in files if f.suffix == ".sst"), sum(f.stat().st_size for f in files))


def _describe(files: tuple[int, int]) -> str:
    count, size = files
    return f"{count:,} index files, {size / 2**20:,.1f} MiB"


def register(group: click.Group) -> None:
    """Add the store commands to the ``claimgraph`` group."""
    for command in (load_command, validate_command, query_command, stats_command,
                    graphs_command, export_command, drop_command, optimize_command):
        group.add_command(command)
