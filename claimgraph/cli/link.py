"""``claimgraph link`` and ``claimgraph enrich``: reconcile our actors and places with a
Wikidata-shaped SPARQL endpoint, and copy facts of the linked items into a graph of their own.

Every option is checked before the first request: a graph IRI the store would refuse must not
be found out after minutes of queries."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

import click

from claimgraph.cli.values import absolute_iri

if TYPE_CHECKING:
    from claimgraph.graph.link.client import SparqlClient
    from claimgraph.graph.store import Store

WIKIDATA_SPARQL = "https://query.wikidata.org/sparql"


def _client(command: str, endpoint: str, cache_dir: str | None, timeout: float,
            retries: int) -> SparqlClient:
    from claimgraph.graph.link.client import SparqlClient

    return SparqlClient(endpoint, cache_dir=cache_dir, timeout=(min(10.0, timeout), timeout),
                        retries=retries, caller=f"claimgraph {command}")


def _endpoint_option(ctx: click.Context, param: click.Parameter, value: str) -> str:
    """A click callback: the endpoint is an http(s) URL (it is also written, as an IRI, into
    the provenance of what is copied from it)."""
    if not re.match(r"^https?://[^/?#\s]", value, re.IGNORECASE):
        raise click.BadParameter(f"expected an http(s) URL, got {value!r}")
    return absolute_iri(ctx, param, value)


def _check_target(store, graph: str, writer: str) -> None:  # type: ignore[no-untyped-def]
    """Refuse (exit 2) a --graph that is not the command's to replace."""
    from claimgraph.cli import OptionRefused
    from claimgraph.graph.link.target import refusal

    reason = refusal(store, graph, writer)
    if reason is not None:
        raise OptionRefused(f"--graph: {reason}")


@contextlib.contextmanager
def _ledger_derived_again(store: Store, skip: bool = False) -> Iterator[None]:
    """Around the write of a linkset or an enrichment: the ledger, when the store has one, is
    marked stale around it (:func:`ledger.changing`) and derived again after it, as after a load
    (the written graph holds labels, of which the ledger derives each resource's display label)."""
    from claimgraph.cli.store import _after_data_change
    from claimgraph.graph import ledger

    if skip or ledger.LEDGER_GRAPH not in store.graphs():
        yield
        return
    with ledger.changing(store):
        yield
    _after_data_change(store, no_ledger=False)


def _open(ctx: click.Context, read_only: bool = False):  # type: ignore[no-untyped-def]
    """The store of ``--store``, which must exist: linking a store that is not there would
    answer from (and write into) a new empty one made at a mistyped path."""
    from claimgraph.graph.store import StoreError, open_store

    try:
        return open_store(ctx.obj.get("store_url") if ctx.obj else None, read_only=read_only,
                          create=False)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc


def _table(decisions, top: int) -> str:  # type: ignore[no-untyped-def]
    rows = [("ENTITY", "CLASS", "CANDIDATE", "LABEL", "SCORE", "DECISION")]
    for d in decisions:
        slug = str(d.entity.iri).rsplit("/id/", 1)[-1]
        if not d.ranked:
            rows.append((slug, d.entity.cls, "-", "-", "-", d.reason))
        for n, s in enumerate(d.ranked[:top]):
            chosen = d.chosen is s
            rows.append((slug if n == 0 else "", d.entity.cls if n == 0 else "",
                         str(s.candidate.item).rsplit("/", 1)[-1], s.candidate.label[:40],
                         f"{s.score:.2f}", ("LINK" if chosen else d.reason if n == 0 else "")))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows)


def register(group: click.Group) -> None:
    """Add the ``link`` and ``enrich`` commands."""
    common = [
        click.option("--endpoint", default=WIKIDATA_SPARQL, show_default=True, metavar="URL",
                     callback=_endpoint_option, help="SPARQL endpoint shaped like Wikidata's."),
        click.option("--cache-dir", type=click.Path(file_okay=False), default=None,
                     help="Keep endpoint answers here and reuse them on later runs."),
        click.option("--timeout", type=click.FloatRange(min=1), default=60.0, show_default=True,
                     help="Seconds to wait for one answer."),
        click.option("--retries", type=click.IntRange(min=0), default=4, show_default=True,
                     help="Retries of a throttled or failed request, with back-off."),
        click.option("--batch-size", type=click.IntRange(min=1), default=100, show_default=True,
                     help="Names or items per query."),
    ]

    def with_common(f):  # type: ignore[no-untyped-def]
        for option in reversed(common):
            f = option(f)
        return f

    @group.command("link")
    @with_common
    @click.option("--dry-run", is_flag=True, help="Print candidates and scores; write nothing.")
    @click.option("--min-score", type=click.FloatRange(0, 1), default=0.75, show_default=True,
                  help="Lowest score at which the best candidate is linked.")
    @click.option("--graph", "graph_iri", default=None, metavar="IRI", callback=absolute_iri,
                  help="Named graph of the links [default: …/id/linkset/wikidata].")
    @click.option("--top", type=click.IntRange(min=1), default=3, show_default=True,
                  help="Candidates shown per entity in the table.")
    @click.pass_context
    def link(ctx: click.Context, endpoint: str, cache_dir: str | None, timeout: float,
             retries: int, batch_size: int, dry_run: bool, min_score: float,
             graph_iri: str | None, top: int) -> None:
        """Link actors, organizations and places to an external SPARQL endpoint (owl:sameAs).

        The links, with their scores and provenance, replace the linkset graph as a unit; drop
        them with the store's graph removal. --dry-run prints the table and writes nothing.
        --graph must be a new graph or one `link` wrote: a document's, the claim ledger's or
        any other graph is refused (exit 2) before the endpoint is asked. The claim ledger is
        derived again afterwards, as after a load.
        """
        from rdflib import URIRef

        from claimgraph.graph.link.client import EndpointError
        from claimgraph.graph.link.linker import DEFAULT_LINKSET, link_store
        from claimgraph.graph.store import StoreError

        target = URIRef(graph_iri) if graph_iri else DEFAULT_LINKSET
        client = _client("link", endpoint, cache_dir, timeout, retries)
        try:
            with _open(ctx, read_only=dry_run) as store:
                _check_target(store, str(target), "link")
                with _ledger_derived_again(store, skip=dry_run):
                    decisions, _ = link_store(store, client, min_score=min_score,
                                              graph_iri=target, dry_run=dry_run,
                                              batch_size=batch_size)
        except (EndpointError, StoreError) as exc:
            raise click.ClickException(str(exc)) from exc
        finally:
            client.close()
        linked = [d for d in decisions if d.chosen is not None]
        if dry_run:
            click.echo(_table(decisions, top))
        for d in linked:
            if d.conflict:
                click.echo(f"warning: {d.entity.iri} is linked to {d.chosen.candidate.item} "
                           f"but already has owl:sameAs {d.conflict}", err=True)
        verb = "would link" if dry_run else "linked"
        click.echo(f"{verb} {len(linked)} of {len(decisions)} entities"
                   + ("" if dry_run else f" into <{target}>"), err=dry_run)

    @group.command("enrich")
    @with_common
    @click.option("--linkset", default=None, metavar="IRI", callback=absolute_iri,
                  help="Named graph of the links to follow [default: …/id/linkset/wikidata].")
    @click.option("--graph", "graph_iri", default=None, metavar="IRI", callback=absolute_iri,
                  help="Named graph to write [default: …/id/enrichment/wikidata].")
    @click.option("--languages", default="uk,ru", show_default=True,
                  help="Comma-separated languages of the labels to copy.")
    @click.pass_context
    def enrich(ctx: click.Context, endpoint: str, cache_dir: str | None, timeout: float,
               retries: int, batch_size: int, linkset: str | None, graph_iri: str | None,
               languages: str) -> None:
        """Copy coordinates, population, country, region and labels of linked items into a
        graph of their own, marked with where and when they came from.

        When the linkset links nothing to an item of the endpoint (no `claimgraph link` yet),
        nothing is asked or written: a message says so, and the exit code is 0. --graph must be
        a new graph or one `enrich` wrote: any other is refused (exit 2) before the endpoint is
        asked. The claim ledger is derived again afterwards, as after a load (it chooses each
        resource's display label among its labels).
        """
        from rdflib import URIRef

        from claimgraph.graph.link.client import EndpointError
        from claimgraph.graph.link.enrich import DEFAULT_ENRICHMENT, enrich_store
        from claimgraph.graph.link.linker import DEFAULT_LINKSET
        from claimgraph.graph.store import StoreError

        langs = tuple(part.strip() for part in languages.split(",") if part.strip())
        if not all(lang.replace("-", "").isalnum() for lang in langs):
            raise click.BadParameter(f"not a list of language tags: {languages!r}",
                                     param_hint="--languages")
        target = URIRef(graph_iri) if graph_iri else DEFAULT_ENRICHMENT
        source = URIRef(linkset) if linkset else DEFAULT_LINKSET
        client = _client("enrich", endpoint, cache_dir, timeout, retries)
        try:
            with _open(ctx) as store:
                _check_target(store, str(target), "enrich")
                with _ledger_derived_again(store):
                    graph = enrich_store(store, client, graph_iri=target, languages=langs,
                                         linkset=source, batch_size=batch_size)
        except (EndpointError, StoreError) as exc:
            raise click.ClickException(str(exc)) from exc
        finally:
            client.close()
        if graph is None:
            click.echo(f"enrich: the linkset <{source}> links no entity to an item of "
                       f"{endpoint} (run `claimgraph link` first): nothing written", err=True)
            return
        click.echo(f"wrote {len(graph)} triples into <{target}>")
