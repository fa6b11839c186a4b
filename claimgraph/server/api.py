"""HTTP API of the named-query catalog: ``/api/queries``, ``/api/queries/NAME``, ``/api/search``
and ``/api/openapi.json``.

The store is the application's (``app.config["STORE"]``, a :class:`~claimgraph.graph.store.Store`,
or whatever ``claimgraph.server.app.get_store()`` returns). Errors use the server's one shape,
``{"error": {"status", "title", "detail"}}``; a bad parameter adds ``parameter`` and
``candidates`` to it. A paged query's full page carries the next page's URL (``next_url`` in
JSON, a ``Link: <…>; rel="next"`` header in every format).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request, url_for

from claimgraph.graph.store import StoreError
from claimgraph.queries.catalog import Catalog, QueryDef, UnknownQueryError
from claimgraph.queries.formats import to_csv, to_sparql_json
from claimgraph.queries.params import ParameterError, literal_value
from claimgraph.queries.runner import Answer, QueryRunner
from claimgraph.server.errors import TITLES, ResultLimitError, TimeLimitError

bp = Blueprint("api", __name__)
# What a named query too big or too slow to answer whole is told to do instead.
PAGES_ADVICE = "Ask for pages instead (limit=1000, then offset=1000, ...)."

RESERVED = ("format",)
MAX_SEARCH = 50
SPARQL_JSON = "application/sparql-results+json"


def error_response(status: int, detail: str, **extra: Any) -> Response:
    """The one error shape of the server; its title is the status's, as everywhere else."""
    body = {"error": {"status": status, "title": TITLES[status], "detail": detail, **extra}}
    response = jsonify(body)
    response.status_code = status
    return response


def _store():
    try:
        from claimgraph.server.app import get_store  # the server module's accessor, when present
    except ImportError:
        get_store = None
    if get_store is not None:
        return get_store()
    return current_app.config["STORE"]


def _runner() -> QueryRunner:
    # One runner (catalog + name cache) per application and store, kept on the app.
    store = _store()
    cache = current_app.extensions.setdefault("claimgraph.queries", {})
    runner = cache.get("runner")
    if runner is None or runner.store is not store:
        runner = QueryRunner(store, _catalog())
        cache["runner"] = runner
    return runner


def _catalog() -> Catalog:
    cache = current_app.extensions.setdefault("claimgraph.queries", {})
    if "catalog" not in cache:
        cache["catalog"] = Catalog.load()
    return cache["catalog"]


@bp.get("/api/queries")
def list_queries() -> Response:
    """The catalog with its documentation."""
    return jsonify({"queries": _catalog().to_dict()})


class _RepeatedParameter(ValueError):
    def __init__(self, name: str, count: int) -> None:
        super().__init__(f"parameter {name!r} is given {count} times")
        self.name = name


def _wanted_format() -> str:
    given = request.args.getlist("format")
    if len(given) > 1:
        raise _RepeatedParameter("format", len(given))
    if given and given[0]:
        return given[0]
    best = request.accept_mimetypes.best_match(["application/json", "text/csv", SPARQL_JSON])
    return {"text/csv": "csv", SPARQL_JSON: "sparql-json"}.get(best or "", "json")


@bp.get("/api/queries/<name>")
def run_query(name: str) -> Response:
    """Run a named query with the query-string parameters."""
    try:
        fmt = _wanted_format()
    except _RepeatedParameter as error:
        return error_response(400, str(error), parameter=error.name, candidates=[])
    if fmt not in ("json", "csv", "sparql-json"):
        return error_response(400, f"unknown format {fmt!r}: expected json, csv "
                                                 "or sparql-json", parameter="format")
    params = {}
    for key in request.args:
        if key in RESERVED:
            continue
        values = request.args.getlist(key)
        if len(values) > 1:
            error = _RepeatedParameter(key, len(values))
            return error_response(400, str(error), parameter=key, candidates=[])
        params[key] = values[0]
    try:
        query = _catalog().get(name)
        answer = _runner().execute(name, params)
    except UnknownQueryError as error:
        return error_response(404, str(error))
    except ParameterError as error:
        return error_response(400, str(error), parameter=error.name,
                              reason=error.reason, candidates=error.candidates)
    except TimeLimitError as error:
        if _asks_every_row(query, params):
            raise TimeLimitError(error.limit, "; limit=0 asks for every row: "
                                 + PAGES_ADVICE.rstrip(".").lower()) from None
        raise
    except ResultLimitError as error:
        if query.param("limit") is not None:
            raise ResultLimitError(error.count, error.limit, PAGES_ADVICE) from None
        raise
    except StoreError as error:
        current_app.logger.error("store error in %s: %s", name, error)
        return error_response(503, "the store could not answer the query")
    next_url = _next_page_url(name, query, answer)
    headers = {"Link": f'<{next_url}>; rel="next"'} if next_url else {}
    if fmt == "csv":
        headers["Content-Disposition"] = f'inline; filename="{name}.csv"'
        return Response(to_csv(answer.records(), query.columns), mimetype="text/csv",
                        headers=headers)
    if fmt == "sparql-json":
        return Response(current_app.json.dumps(to_sparql_json(answer.result)),
                        mimetype=SPARQL_JSON, headers=headers)
    response = jsonify({**answer.to_dict(), "next_url": next_url})
    response.headers.extend(headers)
    return response


def _asks_every_row(query: QueryDef, params: dict[str, str]) -> bool:
    """Whether a paged query is asked for all its rows (``limit=0``, read as the runner reads
    an integer parameter)."""
    if query.param("limit") is None or "limit" not in params:
        return False
    try:
        return literal_value("limit", "integer", params["limit"]).toPython() == 0
    except ParameterError:
        return False


def _next_page_url(name: str, query: QueryDef, answer: Answer) -> str | None:
    """The URL of the next page, as Datasette gives it: for a query with ``limit`` and
    ``offset`` parameters whose answer filled the page (the last page may come back empty)."""
    declared = {p.name for p in query.params}
    limit, offset = answer.params.get("limit"), answer.params.get("offset") or 0
    if not {"limit", "offset"} <= declared or not limit or len(answer.records()) < limit:
        return None
    args = request.args.to_dict()
    args["offset"] = str(offset + limit)
    return url_for("api.run_query", name=name, _external=True, **args)


@bp.get("/api/search")
def search() -> Response:
    """Entities whose label or alias matches ``q``, ranked, for autocomplete."""
    q = request.args.get("q", "")
    if not q.strip():
        return error_response(400, "parameter 'q' is required", parameter="q")
    try:
        limit = int(request.args.get("limit", "10"))
    except ValueError:
        return error_response(400, "parameter 'limit' must be an integer",
                              parameter="limit")
    if not 1 <= limit <= MAX_SEARCH:
        return error_response(400, f"parameter 'limit' must be between 1 and "
                                                    f"{MAX_SEARCH}", parameter="limit")
    try:
        results = _runner().search(q, limit)
    except StoreError as error:
        current_app.logger.error("store error in search: %s", error)
        return error_response(503, "the store could not answer the search")
    return jsonify({"q": q, "results": results})


@bp.get("/api/openapi.json")
def openapi() -> Response:
    """The OpenAPI 3.1 description of this API."""
    from claimgraph.server.openapi import openapi_document
    return jsonify(openapi_document(_catalog()))
