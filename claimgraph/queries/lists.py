"""Put the multi-valued cells of a named query's answer in one order, whatever the engine.

A ``GROUP_CONCAT`` joins its values in the order the engine meets them, which SPARQL leaves
open (1.1 section 18.5.1.7): the CLI on an Oxigraph store on disk and the server on its
in-memory snapshot gave the same lists in different orders, and Virtuoso gives a third. A query
names its list columns in its header, one aligned group a line (``#+ lists: about_labels,
about``: item i of each column belongs to the same thing, as the query builds them from one row
per thing). :func:`sort_lists` sorts the items of a group together, by the first column's item,
then the next column's, so that the lists stay aligned.

Items of a list of IRIs are separated by a space, the items of any other list by ``"; "`` (the
catalog's convention). A row whose columns of a group split into different numbers of items (a
label that itself holds ``"; "``) is left as the engine gave it, rather than misaligned.
"""

from __future__ import annotations

from rdflib import Literal
from rdflib.term import Node

from claimgraph.graph.store import QueryResult

LABEL_SEPARATOR = "; "
IRI_SEPARATOR = " "
_IRI_SCHEMES = ("http://", "https://", "urn:")


def _separator(text: str) -> str:
    # an IRI holds no space, so a list of IRIs never holds "; " (a list of labels may hold IRIs,
    # where a thing had no label)
    if LABEL_SEPARATOR in text:
        return LABEL_SEPARATOR
    parts = text.split(IRI_SEPARATOR)
    return IRI_SEPARATOR if all(p.startswith(_IRI_SCHEMES) for p in parts) else LABEL_SEPARATOR


def _sorted_row(row: dict[str, Node], group: tuple[str, ...]) -> dict[str, Node]:
    cells = [row.get(column) for column in group]
    present = [(column, cell) for column, cell in zip(group, cells) if cell is not None]
    if not present:
        return row
    separators = [_separator(str(cell)) for _, cell in present]
    items = [str(cell).split(sep) for (_, cell), sep in zip(present, separators)]
    if len({len(i) for i in items}) != 1:
        return row
    given = list(zip(*items))
    ordered = sorted(given)
    if ordered == given:      # most rows (one item, or in order already): no new terms to make
        return row
    out = dict(row)
    for position, ((column, cell), sep) in enumerate(zip(present, separators)):
        text = sep.join(entry[position] for entry in ordered)
        out[column] = Literal(text, lang=cell.language, datatype=cell.datatype) \
            if isinstance(cell, Literal) else Literal(text)
    return out


def sort_lists(result: QueryResult, groups: tuple[tuple[str, ...], ...]) -> QueryResult:
    """``result`` with the list cells of each group sorted together (see the module docstring)."""
    if not groups or result.kind != "select":
        return result
    rows = result.rows
    for group in groups:
        rows = [_sorted_row(row, group) for row in rows]
    return QueryResult(kind=result.kind, variables=list(result.variables), rows=rows)
