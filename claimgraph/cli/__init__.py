"""The ``claimgraph`` command line: a click group whose commands live in this package's modules.

Each module here defines ``register(group: click.Group) -> None``, which adds its commands, so that
command families stay in small modules of their own. Commands are thin: they parse arguments, call
the floors below (graph, queries, server), print results to stdout and diagnostics to stderr, and
exit non-zero on failure.

A store that fails (unreachable, refusing, answering an error) or a file that cannot be written
(a missing folder, a full disk, standard output closed) ends any command with one line on stderr
and exit code 1, not a traceback: :class:`ClaimgraphGroup` turns those errors into messages, so
that no command has to catch them one by one.

Exit codes (docs/cli.md, "Exit codes"): 0 done, 1 failed, 2 usage error. A failure's line starts
``error:``; a usage error is click's usage block (``Usage: …`` ending ``Error: …``), or, from the
catalog commands and an option found wrong only against the store (:class:`OptionRefused`),
``error:`` lines.
"""

from __future__ import annotations

import errno
import importlib
import pkgutil
import sys
from typing import IO, Any

import click

from claimgraph import __version__
from claimgraph.graph.store import StoreError


class CommandFailed(click.ClickException):
    """A command that could not do its work: ``error: MESSAGE`` on stderr, exit code 1 (click's
    own ClickException says ``Error:``, the prefix click keeps for its usage errors)."""

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"error: {self.format_message()}", file=file or sys.stderr)


class OptionRefused(click.UsageError):
    """An option that the store shows to be wrong (``link --graph`` naming a document's graph):
    ``error: MESSAGE`` on stderr, exit code 2, before any work is done."""

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"error: {self.format_message()}", file=file or sys.stderr)


class ClaimgraphGroup(click.Group):
    """The ``claimgraph`` group: a StoreError or OSError that leaves a command becomes a
    one-line message on stderr and exit code 1 (a closed pipe is left to click, which exits
    quietly), as does any ClickException that is not a usage error."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            try:
                return super().invoke(ctx)
            finally:
                _flush_output()
        except click.UsageError:
            raise
        except click.ClickException as error:
            if isinstance(error, CommandFailed):
                raise
            raise CommandFailed(error.format_message()) from None
        except StoreError as error:
            raise CommandFailed(str(error)) from None
        except OSError as error:
            if error.errno == errno.EPIPE:
                raise
            raise CommandFailed(describe_os_error(error)) from None


_FULL = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)


def describe_os_error(error: OSError) -> str:
    """One line for an OSError: the file it names and why, or why a write failed."""
    reason = error.strerror or str(error)
    if error.filename is not None:
        return f"{error.filename}: {reason}"
    return f"cannot write: {reason}" if error.errno in _FULL else reason


def _flush_output() -> None:
    """Flush standard output now: a full disk under ``> FILE`` shows here, where it can be
    reported, not at the interpreter's exit (which would print a traceback of its own)."""
    try:
        sys.stdout.flush()
    except OSError as error:
        if error.errno == errno.EPIPE:
            raise
        raise CommandFailed(f"cannot write the output: {error.strerror or error}") from None


@click.group(cls=ClaimgraphGroup, context_settings={"help_option_names": ["-h", "--help"]})
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
