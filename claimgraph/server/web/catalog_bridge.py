"""The pages' view of the named-query catalog (claimgraph.queries): entries, runs, SPARQL text.

One QueryRunner per app (kept in ``app.extensions``), so its name-resolution cache is reused.
If the catalog package is not installed, pages simply show no catalog questions.
"""

from __future__ import annotations

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
