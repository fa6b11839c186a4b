"""One implementation of "run a named query from the command line", shared by
``claimgraph ask NAME`` and ``claimgraph query NAME`` (the store module dispatches to it)."""

from __future__ import annotations

import sys

import click

from claimgraph.queries.catalog import Catalog, UnknownQueryError
from claimgraph.queries.formats import FORMATS, to_csv, to_json, to_table
from claimgraph.queries.params import ParameterError


def parse_params(pairs: list[str] | tuple[str, ...]) -> dict[str, str]:
    """``["actor=Putin", "to=2025-01-01"]`` as a dict; ParameterError for a pair without '='."""
    params: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise ParameterError(pair[:40], "expected --param key=value")
        params[key.strip()] = value
    return params


def run_named_query_cli(store_url: str | None, name: str, params: list[str], fmt: str) -> int:
    """Run a named query, print its answer to stdout in ``fmt`` (table, json, csv) and return
    the exit code: 0, or 2 for an unknown query or a bad parameter, 1 when the store fails."""
    from claimgraph.graph.store import StoreError, open_store
    from claimgraph.queries.runner import QueryRunner

    if fmt not in FORMATS:
        click.echo(f"error: unknown format {fmt!r}; expected one of {', '.join(FORMATS)}",
                   err=True)
        return 2
    catalog = Catalog.load()
    try:
        query = catalog.get(name)
        values = parse_params(params)
    except UnknownQueryError as error:
        click.echo(f"error: {error}", err=True)
        return 2
    except ParameterError as error:
        click.echo(f"error: {error}", err=True)
        return 2
    try:
        store = open_store(store_url, read_only=True)
    except StoreError as error:
        click.echo(f"error: {error}", err=True)
        return 1
    try:
        answer = QueryRunner(store, catalog).execute(name, values)
    except ParameterError as error:
        click.echo(f"error: {error}", err=True)
        for candidate in error.candidates:
            click.echo(f"  candidate: {candidate['label']} <{candidate['entity']}>"
                       f" ({candidate.get('type')})", err=True)
        return 2
    except StoreError as error:
        click.echo(f"error: {error}", err=True)
        return 1
    finally:
        store.close()
    records = answer.records()
    if fmt == "json":
        click.echo(to_json(records))
    elif fmt == "csv":
        sys.stdout.write(to_csv(records, query.columns))
    else:
        click.echo(to_table(records, query.columns), nl=False)
    return 0
