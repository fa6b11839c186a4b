"""The ``claimgraph`` command line: a click group whose commands live in this package's modules.

Each module here defines ``register(group: click.Group) -> None``, which adds its commands, so that
command families stay in small modules of their own. Commands are thin: they parse arguments, call
the floors below (graph, queries, server), print results to stdout and diagnostics to stderr, and
exit non-zero on failure.
"""

from __future__ import annotations

import importlib
import pkgutil

import click

from claimgraph import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="claimgraph")
@click.option("--store", "store_url", envvar="CLAIMGRAPH_STORE", default=None,
              help="Store URL: oxigraph:PATH (default oxigraph:./claimgraph-data), memory:, "
                   "or sparql:QUERY_URL[;update=UPDATE_URL]. Also $CLAIMGRAPH_STORE.")
@click.pass_context
def cli(ctx: click.Context, store_url: str | None) -> None:
    """claimgraph: who said what, about whom and where, in view of which negotiations."""
    ctx.ensure_object(dict)
    ctx.obj["store_url"] = store_url


def _register_commands(group: click.Group) -> None:
    for module_info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(group)


_register_commands(cli)


def main() -> None:
    """Entry point of the ``claimgraph`` script."""
    cli(prog_name="claimgraph")
