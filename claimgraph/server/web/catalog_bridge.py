"""The pages' view of the named-query catalog (claimgraph.queries): entries, runs, SPARQL text.

One QueryRunner per app (kept in ``app.extensions``), so its name-resolution cache is reused.
If the catalog package is not installed, pages simply show no catalog questions.
"""

from __future__ import annotations

import json
from typing import Any, Mapping
from urllib.parse import urlencode

from flask import current_app

from claimgraph.server.web.store_access import get_store

RUNNER_EXTENSION = "claimgraph.web.runner"


class CatalogUnavailable(RuntimeError):
    """The query catalog is not part of this installation."""


def runner() -> Any:
    """The app's QueryRunner over its store."""
    found = current_app.extensions.get(RUNNER_EXTENSION)
    if found is None:
        try:
            from claimgraph.queries.runner import QueryRunner
        except ImportError as exc:
            raise CatalogUnavailable("the query catalog is not installed") from exc
        found = QueryRunner(get_store())
        current_app.extensions[RUNNER_EXTENSION] = found
    return found


def entries() -> list[dict[str, Any]]:
    """The catalog's questions with their example parameters and page links."""
    try:
        queries = runner().catalog.list()
    except CatalogUnavailable:
        return []
    out = []
    for q in queries:
        example = dict(q.example)
        query_string = ("?" + urlencode(example)) if example else ""
        out.append({"name": q.name, "title": q.title, "description": q.description,
                    "params": [p.to_dict() for p in q.params], "example": example,
                    "href": f"/q/{q.name}{query_string}",
                    "graph_href": f"/graph?{urlencode({'query': q.name, **example})}"})
    return out


def execute(name: str, params: Mapping[str, str]) -> Any:
    """Run a named query; the catalog's errors (unknown name, bad parameter) propagate."""
    return runner().execute(name, dict(params))


def execute_page(name: str, params: Mapping[str, str]) -> tuple[Any, bool]:
    """Run a named query and say whether another page follows: a paged query (one with ``limit``
    and ``offset`` parameters, asked for a page, not ``limit=0``) is asked for one row more than
    its page, so that a page that is exactly full is known to be the last. The answer holds the
    page alone, and the parameters as asked."""
    from claimgraph.queries.params import MAX_INTEGER, literal_value

    query = runner().catalog.get(name)
    limit_param = query.param("limit")
    given = {k.rstrip("_").replace("-", "_"): v for k, v in params.items()}
    raw = given.get("limit")
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        raw = limit_param.default if limit_param is not None else None
    if limit_param is None or query.param("offset") is None or raw is None:
        return execute(name, params), False
    limit = int(literal_value("limit", "integer", raw))
    if not 0 < limit < MAX_INTEGER:
        return execute(name, params), False
    answer = execute(name, {**{k: v for k, v in params.items() if k != "limit"},
                            "limit": str(limit + 1)})
    answer.params["limit"] = limit
    if answer.result.kind != "select" or answer.result.row_count() <= limit:
        return answer, False
    answer.result.rows = answer.result.rows[:limit]
    return answer, True


def table(name: str, answer: Any, fmt: str) -> tuple[str, str]:
    """A question's answer as ``/api/queries/NAME`` gives it in ``fmt`` (``csv`` or
    ``sparql-json``): the text and its media type."""
    from claimgraph.queries.formats import to_csv, to_sparql_json

    if fmt == "csv":
        return to_csv(answer.records(), runner().catalog.get(name).columns), "text/csv"
    return json.dumps(to_sparql_json(answer.result)), "application/sparql-results+json"


def sparql_text(name: str, params: Mapping[str, str]) -> str:
    """The SPARQL a named query runs with ``params``."""
    return runner().sparql_for(name, dict(params))


def user_errors() -> tuple[type[BaseException], ...]:
    """The exception types that mean the request was wrong (answered with 400 / 404)."""
    try:
        from claimgraph.queries.catalog import UnknownQueryError
        from claimgraph.queries.params import ParameterError
    except ImportError:
        return (CatalogUnavailable,)
    return (UnknownQueryError, ParameterError, CatalogUnavailable)
