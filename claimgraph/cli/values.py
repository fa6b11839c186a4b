"""Click callbacks shared by the commands that take a graph IRI: the value is checked while the
command line is read, so that a wrong one is a usage error (exit 2) before any work is done."""

from __future__ import annotations

import click

Value = str | tuple[str, ...] | None


def absolute_iri(ctx: click.Context, param: click.Parameter, value: Value) -> Value:
    """A click callback: a graph option or argument (or each of a repeated one) is an absolute
    IRI, as the store reads one; ``None`` (not given) passes."""
    import pyoxigraph

    for item in (value if isinstance(value, tuple) else () if value is None else (value,)):
        try:
            pyoxigraph.NamedNode(item)
        except ValueError as exc:
            raise click.BadParameter(f"expected an absolute IRI, got {item!r} ({exc})",
                                     ctx=ctx, param=param) from None
    return value
