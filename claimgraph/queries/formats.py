"""Output formats for named-query answers: JSON records, CSV, a text table, SPARQL JSON results."""

from __future__ import annotations

import csv
import io
import json
from typing import Iterable

from rdflib import BNode, Literal, URIRef

from claimgraph.graph.store import QueryResult

FORMATS = ("table", "json", "csv")


def _cell(value: object) -> str:
    return "" if value is None else str(value)


def to_json(records: list[dict[str, object]]) -> str:
    """The records as a JSON list of objects."""
    return json.dumps(records, ensure_ascii=False, indent=2)


def to_csv(records: list[dict[str, object]], columns: Iterable[str]) -> str:
    """The records as CSV with a header row (RFC 4180 quoting)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    columns = list(columns)
    writer.writerow(columns)
    for record in records:
        writer.writerow([_cell(record.get(c)) for c in columns])
    return out.getvalue()


def to_table(records: list[dict[str, object]], columns: Iterable[str], width: int = 60) -> str:
    """The records as an aligned text table; long cells are cut to ``width`` characters."""
    columns = list(columns)

    def show(value: object) -> str:
        text = " ".join(_cell(value).split())
        return text if len(text) <= width else text[:width - 1] + "…"

    rows = [[show(r.get(c)) for c in columns] for r in records]
    widths = [max([len(c)] + [len(row[i]) for row in rows]) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(v.ljust(w) for v, w in zip(row, widths)).rstrip() for row in rows]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines) + "\n"


def to_sparql_json(result: QueryResult) -> dict:
    """A SELECT result in the SPARQL 1.1 Query Results JSON Format."""
    bindings = []
    for row in result.rows:
        binding = {}
        for name, term in row.items():
            if isinstance(term, URIRef):
                binding[name] = {"type": "uri", "value": str(term)}
            elif isinstance(term, BNode):
                binding[name] = {"type": "bnode", "value": str(term)}
            elif isinstance(term, Literal):
                cell = {"type": "literal", "value": str(term)}
                if term.language:
                    cell["xml:lang"] = term.language
                elif term.datatype:
                    cell["datatype"] = str(term.datatype)
                binding[name] = cell
        bindings.append(binding)
    return {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}
