"""``claimgraph ledger``, ``claimgraph watch`` and ``claimgraph changes``: the claim ledger.

The ledger is re-derived after every load; ``ledger refresh`` does it by hand (for example with
``--as-of`` to see which deadlines had expired by a date). ``ledger why CLAIM`` shows the status
history of a claim with its evidence; ``watch`` follows entities and claims, and ``changes``
prints the feed of status changes about them as JSON or Atom.
"""

from __future__ import annotations

import datetime
import json
import sys

import click

from claimgraph.graph.store import StoreError, open_store


def register(group: click.Group) -> None:
    group.add_command(ledger)
    group.add_command(watch)
    group.add_command(changes)


def _fail(message: str, code: int = 1) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


def _open(ctx: click.Context, read_only: bool = False):
    """The store of ``--store``, which must exist (a refresh or a watch of a store that is not
    there would make a new empty one at a mistyped path)."""
    try:
        return open_store(ctx.obj.get("store_url"), read_only=read_only, create=False)
    except StoreError as error:
        _fail(str(error))


def _resolve(store, text: str) -> str:
    from claimgraph.queries.params import ParameterError
    from claimgraph.queries.runner import QueryRunner

    try:
        return str(QueryRunner(store).resolver.resolve("target", "entity", text))
    except ParameterError as error:
        for candidate in error.candidates:
            click.echo(f"  candidate: {candidate['label']} <{candidate['entity']}>", err=True)
        _fail(str(error), 2)
    raise AssertionError("unreachable")


@click.group()
def ledger() -> None:
    """The claim ledger: status of checkable claims over time, with evidence."""


@ledger.command()
@click.option("--as-of", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Judge due dates as of this day (default: today).")
@click.pass_context
def refresh(ctx: click.Context, as_of: datetime.datetime | None) -> None:
    """Re-derive every claim's status from the statements in the store."""
    from claimgraph.cli.store import refresh_ledger

    store = _open(ctx)
    try:
        summary = refresh_ledger(store, as_of=as_of.date() if as_of else None)
    finally:
        store.close()
    counts = ", ".join(f"{n} {status}" for status, n in summary.claims_by_status.items())
    click.echo(f"{summary.changes} status changes; claims: {counts or 'none'}")


def _resolve_claim(store, text: str) -> str:
    """The checkable claim ``text`` (an IRI or a name) names; a usage error (exit 2) when it
    names none, several, or something else (a place: its claims are another query).

    Names are read as every entity parameter reads them, so that "Pokrovsk" is the city, not a
    claim whose slug starts with it; a name that is ambiguous among all entities may still name
    one claim."""
    from claimgraph.queries.params import ParameterError
    from claimgraph.queries.runner import QueryRunner

    resolver = QueryRunner(store).resolver
    try:
        iri = str(resolver.resolve("claim", "entity", text))
    except ParameterError:
        try:
            iri = str(resolver.resolve("claim", "claim", text))
        except ParameterError as error:
            found = (f"{text!r} names more than one checkable claim"
                     if error.ambiguous else f"no checkable claim is named {text!r}")
            click.echo(f"error: {found}: give a claim's IRI or label (`claimgraph ask "
                       "claim-status` lists them)", err=True)
            for candidate in error.candidates:
                click.echo(f"  candidate: {candidate['label']} <{candidate['entity']}>",
                           err=True)
            sys.exit(2)
    categories = sorted({n.category for n in resolver.names() if n.entity == iri})
    if "claim" not in categories:
        what = f"the {categories[0]}" if categories else "nothing the store knows"
        hint = (f"; the claims about it: `claimgraph ask claim-status -p location={text}`"
                if "location" in categories else "")
        _fail(f"{text!r} names {what} <{iri}>, not a checkable claim{hint}", 2)
    return iri


@ledger.command()
@click.argument("claim")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
              show_default=True)
@click.pass_context
def why(ctx: click.Context, claim: str, fmt: str) -> None:
    """Show the status history of CLAIM (IRI or label) and the evidence for each change."""
    from claimgraph.queries.cli_support import run_named_query_cli

    if not claim.strip():
        raise click.BadParameter("is empty: give a claim's IRI or label", param_hint="'CLAIM'")
    store = _open(ctx, read_only=True)
    try:
        iri = _resolve_claim(store, claim)
    finally:
        store.close()
    # the whole history, not the catalog's first page
    sys.exit(run_named_query_cli(ctx.obj.get("store_url"), "claim-status",
                                 [f"claim={iri}", "limit=0"], fmt))


@click.group()
def watch() -> None:
    """Follow status changes and new claims about entities or claims."""


@watch.command("add")
@click.argument("target")
@click.pass_context
def watch_add(ctx: click.Context, target: str) -> None:
    """Watch TARGET: an entity or claim, by IRI or name."""
    from claimgraph.graph.ledger.watch import add_watch

    store = _open(ctx)
    try:
        iri = _resolve(store, target)
        add_watch(store, iri)
    finally:
        store.close()
    click.echo(f"watching <{iri}>")


@watch.command("remove")
@click.argument("target")
@click.pass_context
def watch_remove(ctx: click.Context, target: str) -> None:
    """Stop watching TARGET."""
    from claimgraph.graph.ledger.watch import remove_watch

    store = _open(ctx)
    try:
        iri = _resolve(store, target)
        existed = remove_watch(store, iri)
    finally:
        store.close()
    if not existed:
        _fail(f"<{iri}> was not watched", 1)
    click.echo(f"no longer watching <{iri}>")


@watch.command("list")
@click.pass_context
def watch_list(ctx: click.Context) -> None:
    """List what is watched."""
    from claimgraph.graph.ledger.watch import watched

    store = _open(ctx, read_only=True)
    try:
        for iri in watched(store):
            click.echo(iri)
    finally:
        store.close()


@click.command()
@click.option("--since", type=click.DateTime(["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S"]), default=None,
              help="Only changes recorded after this time (UTC).")
@click.option("--entity", "entities", multiple=True,
              help="About these entities or claims instead of the watched ones (repeatable).")
@click.option("--format", "fmt", type=click.Choice(["json", "atom"]), default="json",
              show_default=True)
@click.option("--limit", type=click.IntRange(1, 10000), default=200, show_default=True)
@click.pass_context
def changes(ctx: click.Context, since: datetime.datetime | None, entities: tuple[str, ...],
            fmt: str, limit: int) -> None:
    """Print the feed of status changes about watched entities (or --entity ones)."""
    from claimgraph.graph.ledger.feed import atom_feed
    from claimgraph.graph.ledger.watch import changes_since

    store = _open(ctx, read_only=True)
    try:
        targets = [_resolve(store, e) for e in entities] or None
        if since is not None:
            since = since.replace(tzinfo=datetime.timezone.utc)
        entries = changes_since(store, since, targets, limit)
    finally:
        store.close()
    if fmt == "json":
        click.echo(json.dumps([e.as_dict() for e in entries], ensure_ascii=False, indent=1))
    else:
        click.echo(atom_feed(entries, self_url="urn:claimgraph:cli"), nl=False)
