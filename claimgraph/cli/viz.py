"""``claimgraph viz``: the graph view of an entity's neighbourhood or of a catalog query,
written as a standalone interactive HTML file, or as PNG/SVG/DOT through Graphviz."""

from __future__ import annotations

from pathlib import Path

import click

from claimgraph.cli.output import writable_file


def _entity_iri(store, value: str) -> str:
    """The IRI ENTITY names, read as the graph view reads ``entity=`` (one resolver for both);
    a name that matches nothing, or several, is a bad argument."""
    from claimgraph.server.web.entities import EntityArgError, resolve

    try:
        return resolve(value, store=store)
    except EntityArgError as exc:
        raise click.BadParameter(exc.detail, param_hint="ENTITY") from None


def _query_graph(store, query_name: str, params: dict[str, str]):
    """The catalog query's answer; an unknown query or a bad parameter is a usage error."""
    try:
        from claimgraph.queries.catalog import UnknownQueryError
        from claimgraph.queries.params import ParameterError
        from claimgraph.queries.runner import QueryRunner
    except ImportError:
        raise click.ClickException("the query catalog is not installed") from None
    try:
        return QueryRunner(store).execute(query_name, params)
    except UnknownQueryError as exc:
        raise click.BadParameter(str(exc), param_hint="--query") from None
    except ParameterError as exc:
        named = "; ".join(f"{c['label']} <{c['entity']}>" for c in exc.candidates)
        raise click.BadParameter(str(exc) + (f" (candidates: {named})" if named else ""),
                                 param_hint="--param") from None


def _public_hrefs(data: dict) -> dict:
    # A file read outside the server: link nodes to their public IRIs, not to /id/ paths (and
    # not at all to an IRI that is not an http(s) address, such as javascript:).
    from claimgraph.server.web.iris import is_web
    for node in data["nodes"]:
        node["href"] = node["id"] if is_web(node["id"]) else None
    return data


@click.command("viz")
@click.argument("entity", required=False)
@click.option("--query", "query_name", metavar="NAME", help="A catalog query instead of ENTITY.")
@click.option("--param", "params", multiple=True, metavar="KEY=VALUE",
              help="A parameter of --query (repeatable).")
@click.option("--hops", type=click.IntRange(1, 2), default=1, show_default=True,
              help="How far around ENTITY to go.")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              callback=writable_file,
              help="Output file: .html (interactive, offline), .png, .svg or .dot.")
@click.pass_context
def viz(ctx: click.Context, entity: str | None, query_name: str | None, params: tuple[str, ...],
        hops: int, out: Path) -> None:
    """Draw ENTITY's neighbourhood (an IRI, /id/ path, segment/slug or name), or the result of
    a catalog query (--query NAME --param key=value ...), to --out."""
    from claimgraph.graph.store import StoreError, open_store
    from claimgraph.server.web.export import ExportError, write
    from claimgraph.server.web.graphdata import neighbourhood_graph, result_graph

    if bool(entity) == bool(query_name):
        raise click.UsageError("give either ENTITY or --query NAME")
    if out.suffix.lower() not in (".html", ".png", ".svg", ".dot"):
        raise click.BadParameter("expected a .html, .png, .svg or .dot file", param_hint="--out")
    parsed = {}
    for item in params:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise click.BadParameter(f"{item!r} is not KEY=VALUE", param_hint="--param")
        parsed[key] = value
    given = (ctx.obj or {}).get("store")  # an open Store handed in by a caller (or a test)
    try:
        store = given or open_store((ctx.obj or {}).get("store_url"), read_only=True)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None
    try:
        if query_name:
            answer = _query_graph(store, query_name, parsed)
            data, title = result_graph(answer.result, store), f"claimgraph: {query_name}"
        else:
            iri = _entity_iri(store, entity)
            data = neighbourhood_graph([iri], store, hops=hops)
            focus = [n["label"] for n in data["nodes"] if n["focus"]]
            if not data["edges"]:
                raise click.ClickException(f"nothing in the graph links to or from <{iri}>")
            title = f"claimgraph: {', '.join(focus) or iri}"
        try:
            write(_public_hrefs(data), title, out)
        except ExportError as exc:
            raise click.ClickException(str(exc)) from None
    finally:
        if given is None:
            store.close()
    click.echo(f"viz: {len(data['nodes'])} nodes, {len(data['edges'])} edges -> {out}", err=True)


def register(group: click.Group) -> None:
    """Add ``viz`` to the claimgraph command group."""
    group.add_command(viz)
