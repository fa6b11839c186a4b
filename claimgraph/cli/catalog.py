"""CLI commands of the named-query catalog: ``claimgraph queries`` and ``claimgraph ask``.

``claimgraph query NAME --param …`` (owned by the store module) runs the same code:
:func:`claimgraph.queries.cli_support.run_named_query_cli`.
"""

from __future__ import annotations

import json

import click


@click.command("queries")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text",
              show_default=True, help="text: names, titles and parameters; json: the catalog "
                                      "with its documentation; markdown: docs/queries.md.")
def queries_command(fmt: str) -> None:
    """List the named queries of the catalog with their titles and parameters."""
    from claimgraph.queries.catalog import Catalog

    catalog = Catalog.load()
    if fmt == "json":
        click.echo(json.dumps(catalog.to_dict(), ensure_ascii=False, indent=2))
        return
    if fmt == "markdown":
        from claimgraph.queries.docs import markdown
        click.echo(markdown(catalog), nl=False)
        return
    width = max(len(q.name) for q in catalog.list())
    for q in catalog.list():
        click.echo(f"{q.name.ljust(width)}  {q.title}")
        for p in q.params:
            mode = "required" if p.required else (f"default {p.default}"
                                                  if p.default is not None else "optional")
            click.echo(f"{' ' * width}    --param {p.name}=<{p.type}>  ({mode}) {p.doc}")


@click.command("ask")
@click.argument("name")
@click.option("--param", "-p", "params", multiple=True, metavar="KEY=VALUE",
              help="A parameter of the query; repeat for several.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
              show_default=True, help="Output format; json is a list of records.")
@click.pass_context
def ask_command(ctx: click.Context, name: str, params: tuple[str, ...], fmt: str) -> None:
    """Run the named query NAME (see `claimgraph queries`) on the store."""
    from claimgraph.queries.cli_support import run_named_query_cli

    store_url = (ctx.obj or {}).get("store_url")
    code = run_named_query_cli(store_url, name, list(params), fmt)
    ctx.exit(code)


def register(group: click.Group) -> None:
    """Add the catalog commands to the ``claimgraph`` group."""
    group.add_command(queries_command)
    group.add_command(ask_command)
