"""``claimgraph graph …``: network statistics, rankings, communities, paths and exports.

Every command builds one projection of the store (``--projection``, default ``actors``) with the
statement filters given, optionally narrows it to an ego network (``--ego ENTITY --radius N``),
and prints text, or JSON with ``--json``. Entities are IRIs, ``segment/slug`` paths or names.

A filter, entity or source that is malformed or names nothing is a usage error (exit 2); an
analysis that finds no answer (no path) or a store that fails is a failure (exit 1).
"""

from __future__ import annotations

import functools
import json
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

import click

from claimgraph.cli.output import writable_file
from claimgraph.graph import network as net
from claimgraph.graph.store import StoreError, open_store

if TYPE_CHECKING:
    import networkx as nx


def _graph_options(projection: str = "actors") -> Callable[[Callable], Callable]:
    """The options every graph command shares; ``projection`` is the command's default one."""
    return functools.partial(_add_graph_options, projection=projection)


def _add_graph_options(func: Callable, projection: str) -> Callable:
    options = [
        click.option("--projection", "-p", type=click.Choice(net.PROJECTION_NAMES),
                     default=projection, show_default=True, help="Which network to build."),
        click.option("--entity", "centre", help="Centre of the neighbourhood projection."),
        click.option("--hops", type=click.IntRange(0, 4), default=1, show_default=True,
                     help="Radius of the neighbourhood projection."),
        click.option("--from", "date_from", help="Only statements dated on or after (YYYY-MM-DD)."),
        click.option("--to", "date_to", help="Only statements dated on or before (YYYY-MM-DD)."),
        click.option("--kind", "kinds", multiple=True, help="Only statements of this kind "
                     "(repeatable): claim, denial, assessment, …"),
        click.option("--source", "sources", multiple=True,
                     help="Only statements from this document IRI or slug (repeatable)."),
        click.option("--min-weight", type=click.FloatRange(0), default=0, callback=_finite,
                     help="Drop lighter edges."),
        click.option("--ego", help="Keep only the ego network of this entity."),
        click.option("--radius", type=click.IntRange(1, 10), default=1, show_default=True,
                     help="Radius of the ego network."),
        click.option("--json", "as_json", is_flag=True, help="Print JSON."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _finite(ctx: click.Context, param: click.Parameter, value: float) -> float:
    # click's FloatRange lets NaN and infinity through (they fail no comparison)
    if not math.isfinite(value):
        raise click.BadParameter(f"expected a finite number, got {value}")
    return value


# The filters' fields (as the API names them in its messages) and the options that set them
_OPTION_OF_FIELD = {"date_from": "--from", "date_to": "--to", "kinds": "--kind",
                    "sources": "--source", "min_weight": "--min-weight"}


def _bad_filter(error: net.NetworkError) -> click.UsageError:
    """A filter the network module refused, as a usage error naming the command's option."""
    if error.field in _OPTION_OF_FIELD:
        return click.BadParameter(error.reason, param_hint=_OPTION_OF_FIELD[error.field])
    return click.UsageError(str(error))


class _Session:
    """The store and the graph one command works on."""

    def __init__(self, ctx: click.Context, kw: dict[str, Any]) -> None:
        self.kw = kw
        self.as_json = kw.pop("as_json", False)
        try:
            self.store = open_store((ctx.obj or {}).get("store_url"), read_only=True)
        except StoreError as exc:
            raise click.ClickException(str(exc)) from None
        ctx.call_on_close(self.store.close)

    def entity(self, text: str, option: str) -> str:
        """The IRI ``text`` names; naming nothing, or several entities, is a bad ``option``."""
        try:
            return net.resolve(self.store, text)
        except net.NetworkError as exc:
            raise click.BadParameter(exc.reason, param_hint=option) from None

    def graph(self, projection: str | None = None) -> nx.Graph:
        kw = self.kw
        projection = projection or kw["projection"]
        try:
            filters = net.Filters.make(kw["date_from"], kw["date_to"], kw["kinds"],
                                       kw["sources"], kw["min_weight"])
        except net.NetworkError as exc:
            raise _bad_filter(exc) from None
        unknown = net.unknown_sources(self.store, filters)
        if unknown:
            raise click.BadParameter("no statement in the store comes from "
                                     + ", ".join(f"<{iri}>" for iri in unknown),
                                     param_hint="--source")
        if projection == "neighbourhood" and not kw.get("centre"):
            raise click.UsageError("the neighbourhood projection needs --entity")
        centre = self.entity(kw["centre"], "--entity") if kw.get("centre") else None
        graph = net.build(self.store, projection, filters, centre, kw["hops"])
        if kw.get("ego"):
            graph = net.ego(graph, self.entity(kw["ego"], "--ego"), kw["radius"])
        return graph

    def emit(self, data: Any, text: Callable[[Any], str]) -> None:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2) if self.as_json else text(data))


def _run(func: Callable) -> Callable:
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except (net.NetworkError, StoreError) as exc:
            raise click.ClickException(str(exc)) from None
    return wrapper


def _stats_text(s: dict[str, Any]) -> str:
    lines = [f"{k}: {v}" for k, v in s.items() if not isinstance(v, dict)]
    for key in ("categories", "relations"):
        lines.append(f"{key}: " + ", ".join(f"{k}={v}" for k, v in s[key].items()))
    return "\n".join(lines)


@click.group("graph")
def graph_group() -> None:
    """Network analysis of the claim graph (projections into networkx)."""


@graph_group.command("stats")
@_graph_options()
@click.pass_context
@_run
def stats_cmd(ctx: click.Context, **kw: Any) -> None:
    """Size, density, components and counts of a projection."""
    session = _Session(ctx, kw)
    session.emit(net.stats(session.graph()), _stats_text)


@graph_group.command("rank")
@_graph_options()
@click.option("--metric", type=click.Choice(net.METRICS), default="pagerank", show_default=True)
@click.option("--top", type=click.IntRange(1), default=10, show_default=True)
@click.option("--role", type=click.Choice(net.ROLES),
              help="Only nodes of this role: an actor, a location, or a node category.")
@click.pass_context
@_run
def rank_cmd(ctx: click.Context, metric: str, top: int, role: str | None, **kw: Any) -> None:
    """The most central nodes by a metric."""
    session = _Session(ctx, kw)
    rows = net.rank(session.graph(), metric, top, role)
    session.emit(rows, lambda rs: "\n".join(
        f"{i:>3}. {r['score']:.6g}\t{r['label']}\t{r['class']}\t{r['iri']}"
        for i, r in enumerate(rs, 1)))


@graph_group.command("communities")
@_graph_options()
@click.option("--method", type=click.Choice(net.COMMUNITY_METHODS), default="louvain",
              show_default=True)
@click.option("--seed", type=int, default=42, show_default=True)
@click.option("--resolution", type=click.FloatRange(0, min_open=True), default=1.0,
              callback=_finite, show_default=True,
              help="Louvain's resolution: above 1 favours smaller communities.")
@click.pass_context
@_run
def communities_cmd(ctx: click.Context, method: str, seed: int, resolution: float,
                    **kw: Any) -> None:
    """Communities of a projection (seeded, so they repeat)."""
    session = _Session(ctx, kw)
    graph = session.graph()
    found = [[{"iri": n, "label": graph.nodes[n].get("label", n)} for n in sorted(c)]
             for c in net.communities(graph, method, seed, resolution)]
    session.emit(found, lambda cs: "\n".join(
        f"{i}. ({len(c)}) " + "; ".join(m["label"] for m in c) for i, c in enumerate(cs, 1)))


@graph_group.command("path")
@_graph_options(projection="claims")
@click.argument("source")
@click.argument("target")
@click.pass_context
@_run
def path_cmd(ctx: click.Context, source: str, target: str, **kw: Any) -> None:
    """The shortest path between two entities, explained by the statements along it.

    Uses the claims projection unless --projection is given."""
    session = _Session(ctx, kw)
    graph = session.graph()
    result = net.path(graph, session.entity(source, "SOURCE"), session.entity(target, "TARGET"))

    def text(r: dict[str, Any]) -> str:
        lines = [f"{r['length']} steps:"] + [f"  {s['sentence']}" for s in r["steps"]]
        lines += [f"  [{st['kind']}] {st['speaker_label']}: {st['text']}  ({st['iri']})"
                  for st in r["statements"]]
        return "\n".join(lines)
    session.emit(result, text)


@graph_group.command("export")
@_graph_options()
@click.option("--format", "fmt", type=click.Choice((*net.FORMATS, "csv")), default="graphml",
              show_default=True, help="csv writes OUTPUT.nodes.csv and OUTPUT.edges.csv.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              callback=writable_file, help="File to write (default: standard output).")
@click.pass_context
@_run
def export_cmd(ctx: click.Context, fmt: str, output: Path | None, **kw: Any) -> None:
    """Write a projection as GraphML, GEXF, node-link JSON, Cytoscape.js JSON or CSV."""
    session = _Session(ctx, kw)
    graph = session.graph()
    if fmt == "csv":
        if output is None:
            raise click.UsageError("--format csv needs --output (two files are written)")
        for part in ("nodes", "edges"):
            target = output.with_name(f"{output.name}.{part}.csv")
            target.write_text(net.export(graph, f"csv-{part}"), encoding="utf-8")
            click.echo(f"wrote {target}", err=True)
        return
    text = net.export(graph, fmt)
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"wrote {output} ({graph.number_of_nodes()} nodes, "
                   f"{graph.number_of_edges()} edges)", err=True)


def register(group: click.Group) -> None:
    """Add the ``graph`` command group."""
    group.add_command(graph_group)
