"""Writing query results to stdout: table, json, csv, tsv for SELECT/ASK; RDF for CONSTRUCT;
and the check every option naming an output file gets before any work is done."""

from __future__ import annotations

import csv
import json
import os
import sys
from pathlib import Path
from typing import IO

import click
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from claimgraph.graph.backends.terms import Triples
from claimgraph.graph.store import QueryResult

SELECT_FORMATS = ("table", "json", "csv", "tsv")
GRAPH_FORMATS = ("turtle", "ntriples", "nquads", "trig", "jsonld", "rdfxml")


class OutputError(ValueError):
    """A result that cannot be written in the requested format."""


def writable_file(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path | None:
    """A click callback for an output-file option: refuse, before the command starts, a file
    that could not be written (its folder missing or read-only, or a folder in its place), so
    that a long export is not made in vain or half-written."""
    if value is None:
        return None
    folder = value.parent
    if value.is_dir():
        problem = "is a folder"
    elif not folder.is_dir():
        problem = f"folder {folder} does not exist"
    elif not os.access(folder, os.W_OK | os.X_OK):
        problem = f"folder {folder} is not writable"
    else:
        return value
    raise click.BadParameter(f"cannot write {value}: {problem}", ctx=ctx, param=param)


def _json_term(term: Node) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    out = {"type": "literal", "value": str(term)}
    if isinstance(term, Literal) and term.language:
        out["xml:lang"] = term.language
    elif isinstance(term, Literal) and term.datatype:
        out["datatype"] = str(term.datatype)
    return out


def _cell(term: Node | None) -> str:
    if term is None:
        return ""
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def write_result(result: QueryResult | Triples, fmt: str, out: IO[str] = sys.stdout) -> None:
    """Write ``result`` in ``fmt`` (json is the SPARQL 1.1 JSON results format)."""
    if result.kind == "graph":
        if fmt not in GRAPH_FORMATS and fmt != "table":
            raise OutputError(f"a CONSTRUCT/DESCRIBE result is RDF: use --format one of "
                              f"{', '.join(GRAPH_FORMATS)}")
        from claimgraph.server.graphwriter import write
        from claimgraph.server.serializers import Unwritable

        # pyoxigraph's writers, as the endpoint's: rdflib's rewrite literals ("01" as 1)
        try:
            text = write(result if isinstance(result, Triples) else result.graph,
                         "turtle" if fmt == "table" else fmt)
        except Unwritable as error:
            raise OutputError(str(error)) from None
        out.write(text.decode("utf-8"))
        if not text.endswith(b"\n"):
            out.write("\n")
        return
    if fmt not in SELECT_FORMATS:
        raise OutputError(f"a SELECT/ASK result is a table: use --format one of "
                          f"{', '.join(SELECT_FORMATS)}")
    if result.kind == "ask":
        if fmt == "json":
            out.write(json.dumps({"head": {}, "boolean": result.boolean}) + "\n")
        else:
            out.write(("true" if result.boolean else "false") + "\n")
        return
    if fmt == "json":
        bindings = [{k: _json_term(v) for k, v in row.items()} for row in result.rows]
        json.dump({"head": {"vars": result.variables}, "results": {"bindings": bindings}}, out,
                  ensure_ascii=False, indent=1)
        out.write("\n")
    elif fmt in ("csv", "tsv"):
        writer = csv.writer(out, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(result.variables)
        for row in result.rows:
            writer.writerow([_cell(row.get(v)) for v in result.variables])
    else:
        _table(result, out)


def _table(result: QueryResult, out: IO[str]) -> None:
    rows = [[_cell(row.get(v)).replace("\n", " ") for v in result.variables] for row in result.rows]
    widths = [len(v) for v in result.variables]
    for row in rows:
        widths = [min(max(w, len(c)), 80) for w, c in zip(widths, row)]

    def line(cells: list[str]) -> str:
        return "  ".join((c if len(c) <= w else c[:w - 1] + "…").ljust(w)
                         for c, w in zip(cells, widths)).rstrip()

    out.write(line(result.variables) + "\n")
    out.write(line(["-" * w for w in widths]) + "\n")
    for row in rows:
        out.write(line(row) + "\n")
