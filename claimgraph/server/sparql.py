"""The SPARQL 1.1 Protocol: queries on ``/sparql``, updates on ``/update``.

``/sparql`` takes a query by GET (``query=``; HEAD answers the same without the body), by POST
form (``application/x-www-form-urlencoded``) or by POST body (``application/sparql-query``,
dataset parameters in the URL), with ``default-graph-uri`` / ``named-graph-uri``; the answer
format is negotiated from Accept or set by ``format=`` (alias ``output=``). A GET without a query
returns the service description. A browser (``formats.prefers_html``) that GETs ``/sparql``, with
or without a query and with no ``format=``, gets the query editor instead, holding the query: so
editor URLs can be shared. Updates are refused there. ``/update`` takes an update by POST form or
``application/sparql-update`` body, only with the bearer token (see service.py). Parameters,
forms and bodies are read by requestinput.py (whole, and as UTF-8).
"""

from __future__ import annotations

from urllib.parse import quote

from flask import Blueprint, Response, render_template, request, url_for
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF

from claimgraph.graph.store import QueryResult, Store
from claimgraph.server import formats, requestinput
from claimgraph.server.app import cors_read_post
from claimgraph.server.errors import ApiError
from claimgraph.server.service import get_service

bp = Blueprint("sparql", __name__, template_folder="templates")

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORM = "application/x-www-form-urlencoded"
ANSWER_KINDS = ("select", "ask", "graph")
# The longest editor URL that holds its query in the query string; a longer one holds it in the
# fragment, which a browser never sends: gunicorn refuses a request line over 8190 bytes
# (cli/serve.py), and a page's URL comes back as the Referer of every request the page makes.
EDITOR_URL_MAX = 6000


def _single(values: list[str], name: str) -> str | None:
    if len(values) > 1:
        raise ApiError(400, f"the {name!r} parameter was given {len(values)} times; give it once")
    return values[0] if values else None


def _format_param(params: dict[str, list[str]]) -> str | None:
    value = _single(params.get("format", []), "format")
    other = _single(params.get("output", []), "output")
    if value and other and value != other:
        raise ApiError(400, "conflicting 'format' and 'output' parameters")
    return value or other


def _choose(kind: str, format_name: str | None) -> formats.Format | None:
    if format_name:
        return formats.by_name(format_name, kind)
    return formats.negotiate(request.headers.get("Accept"), kind)


def _negotiate(form: str | None, format_name: str | None) -> dict[str, str | None]:
    """Format names for a results answer and a graph answer; 400/406 if the one needed has none."""
    results = _choose("select", format_name)
    graph = _choose("graph", format_name)
    needed = {"select": results, "ask": results, "graph": graph}.get(form or "", results or graph)
    if needed is None:
        kind = "graph" if form == "graph" else "select"
        if format_name:
            names = sorted({n for f in formats.formats_for(kind) for n in f.names})
            raise ApiError(400, f"unknown format {format_name!r} for this query; use one of "
                                + ", ".join(names))
        if form is None:
            # Not a query the scan recognises: let the store's parser say what is wrong (400)
            # rather than hide it behind a 406. Should it parse after all, the worker sends 406.
            return {"results": None, "graph": None}
        raise ApiError(406, "none of the accepted types can carry this answer; available: "
                            + formats.acceptable_types(kind))
    return {"results": results.name if results else None, "graph": graph.name if graph else None}


@bp.app_template_global("cg_editor_href")
def editor_href(query: str) -> str:
    """The query editor's URL holding ``query``: ``/sparql?query=…``, or ``/sparql#query=…``
    when that would be too long to send (the editor reads either; see static/sparql.js)."""
    endpoint = url_for("sparql.sparql")
    encoded = quote(query, safe="")
    if len(endpoint) + len("?query=") + len(encoded) <= EDITOR_URL_MAX:
        return f"{endpoint}?query={encoded}"
    return f"{endpoint}#query={encoded}"


def _query_page() -> Response:
    response = Response(render_template("sparql.html", editor_url_max=EDITOR_URL_MAX),
                        mimetype="text/html")
    response.vary.add("Accept")
    return response


def _query_params() -> tuple[str | None, dict[str, list[str]]]:
    """The query text and the protocol parameters, wherever the request put them."""
    args = requestinput.url_params()
    if request.method in ("GET", "HEAD"):
        if "update" in args:
            raise ApiError(400, "updates are not accepted on /sparql; POST them to /update")
        return _single(args.get("query", []), "query"), args
    mimetype = request.mimetype
    if mimetype == FORM:
        form = requestinput.form()
        if "update" in form:
            raise ApiError(400, "updates are not accepted on /sparql; POST them to /update")
        if "query" in args:
            raise ApiError(400, "the query was given both in the URL and in the form")
        merged = {**args, **{k: args.get(k, []) + v for k, v in form.items()}}
        query = _single(form.get("query", []), "query")
        if query is None:
            raise ApiError(400, "the form has no 'query' field")
        return query, merged
    if mimetype == "application/sparql-query":
        if "query" in args:
            raise ApiError(400, "the query was given both in the URL and in the body")
        return requestinput.text(), args
    if mimetype == "application/sparql-update":
        raise ApiError(400, "updates are not accepted on /sparql; POST them to /update")
    raise ApiError(415, f"a query is POSTed as {FORM} or application/sparql-query, not "
                        f"{mimetype or 'a body without Content-Type'}")


@bp.route("/sparql", methods=["GET", "POST"])
@cors_read_post
def sparql() -> Response:
    service = get_service()
    query, params = _query_params()
    format_name = _format_param(params)
    if query is None:
        return service_description(format_name)
    if request.method in ("GET", "HEAD") and not format_name \
            and formats.prefers_html(request.headers.get("Accept"), ANSWER_KINDS):
        return _query_page()    # the editor runs the query from its URL
    found = service.check_query(query)
    default = service.check_graph_uris(params.get("default-graph-uri", []), "default-graph-uri")
    named = service.check_graph_uris(params.get("named-graph-uri", []), "named-graph-uri")
    chosen = _negotiate(found.form, format_name)
    answer = service.pool.query(query, chosen, default_graph_uris=default or None,
                                named_graph_uris=named or None)
    response = Response(answer.body, status=200, content_type=answer.content_type)
    response.vary.add("Accept")
    return response


def service_description(format_name: str | None) -> Response:
    """The SPARQL 1.1 Service Description, or the query page for a browser."""
    if not format_name and formats.prefers_html(request.headers.get("Accept"), ("graph",)):
        return _query_page()
    fmt = _choose("graph", format_name)
    if fmt is None:
        if format_name:
            raise ApiError(400, f"unknown format {format_name!r} for the service description")
        raise ApiError(406, "the service description is available as "
                            + formats.acceptable_types("graph"))
    graph = describe_service(url_for("sparql.sparql", _external=True))
    response = Response(fmt.serialize(QueryResult(kind="graph", graph=graph)),
                        content_type=fmt.content_type)
    response.vary.add("Accept")
    return response


def describe_service(endpoint: str) -> Graph:
    """The service description graph of the endpoint at ``endpoint``."""
    graph = Graph()
    graph.bind("sd", SD)
    service = BNode()
    graph.add((service, RDF.type, SD.Service))
    graph.add((service, SD.endpoint, URIRef(endpoint)))
    graph.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    config = get_service().config
    if config.get("UPDATE_TOKEN"):      # /update is a service of its own (SD section 3.2.10)
        updates = BNode()
        graph.add((updates, RDF.type, SD.Service))
        graph.add((updates, SD.endpoint, URIRef(url_for("sparql.update", _external=True))))
        graph.add((updates, SD.supportedLanguage, SD.SPARQL11Update))
        for fmt_name in formats.UPLOAD_W3C:
            graph.add((updates, SD.inputFormat, URIRef(fmt_name)))
    graph.add((service, SD.feature, SD.UnionDefaultGraph))
    if config.get("SERVICE_ALLOWLIST"):    # SERVICE reaches only allow-listed endpoints
        graph.add((service, SD.feature, SD.BasicFederatedQuery))
    for fmt in formats.REGISTRY:
        if fmt.w3c_iri:
            graph.add((service, SD.resultFormat, URIRef(fmt.w3c_iri)))
    dataset = BNode()
    graph.add((service, SD.defaultDataset, dataset))
    graph.add((dataset, RDF.type, SD.Dataset))
    default_graph = BNode()
    graph.add((dataset, SD.defaultGraph, default_graph))
    graph.add((default_graph, RDF.type, SD.Graph))
    void_url = url_for("void.void", _external=True)
    graph.add((service, URIRef("http://rdfs.org/ns/void#dataset"), URIRef(void_url)))
    graph.add((default_graph, URIRef("http://www.w3.org/2000/01/rdf-schema#comment"),
               Literal("The union of all named graphs; each source document is one named graph.")))
    return graph


def _update_text() -> str:
    args = requestinput.url_params()
    mimetype = request.mimetype
    if mimetype == FORM:
        form = requestinput.form()
        if "query" in form or "query" in args:
            raise ApiError(400, "a query was sent to /update; send queries to /sparql")
        params = {**args, **form}
        text = _single(form.get("update", []), "update")
        if text is None:
            raise ApiError(400, "the form has no 'update' field")
    elif mimetype == "application/sparql-update":
        params = args
        text = requestinput.text()
    else:
        raise ApiError(415, f"an update is POSTed as {FORM} or application/sparql-update, not "
                            f"{mimetype or 'a body without Content-Type'}")
    for name in ("using-graph-uri", "using-named-graph-uri"):
        if name in params:
            raise ApiError(400, f"the {name!r} parameter is not supported by this service; "
                                "put USING clauses in the update instead")
    return text


def _run_update(store: Store, text: str) -> None:
    from claimgraph.graph.ledger import changing

    with changing(store):
        store.update(text)


@bp.route("/update", methods=["POST"])
def update() -> Response:
    service = get_service()
    service.require_token()
    text = _update_text()
    service.check_update(text)
    service.writer.run(_run_update, text)
    return Response(status=204)
