"""The SPARQL 1.1 Graph Store HTTP Protocol on ``/rdf-graph-store`` (indirect identification).

``?graph=IRI`` names a named graph; ``?default`` names the default graph, which in claimgraph is
the read-only union of all named graphs (every source document is its own named graph), so it
can be read (GET, HEAD) but not written (405). PUT replaces a graph, POST adds to it (or, with
neither parameter, creates a new graph and answers 201 with its Location), DELETE removes it.
A write answers 201 only when it created a graph: a graph exists only while it holds triples,
so an upload without triples creates none (204). Writes need the bearer token and run
atomically through the service's writer. As ``claimgraph load`` does, an upload may not write a
graph claimgraph keeps itself (the claim ledger's, the watches', a staging graph) nor state the
ledger's own terms (claimgraph.graph.reserved), and a DELETE may not remove such a graph: 400,
nothing written. A write marks the claim ledger stale (no refresh follows it here), so that
`claimgraph serve` and the next `claimgraph load` know it is older than the data.

A GET answers with at most ``GRAPH_STORE_MAX_TRIPLES`` triples, not ``MAX_RESULTS``: a client
of this protocol has no LIMIT to add. The triples are counted first, so a larger graph is
refused (422, pointing to ``claimgraph export`` and to paging on /sparql) before it is built.
"""

from __future__ import annotations

import uuid
from importlib import resources

from flask import Blueprint, Response, request, url_for
from rdflib import URIRef

from claimgraph.graph.ledger import changing
from claimgraph.graph.store import Store
from claimgraph.server import formats, requestinput
from claimgraph.server.errors import ApiError, ResultLimitError
from claimgraph.server.rdfinput import UploadTriple, parse_body
from claimgraph.server.service import get_service

bp = Blueprint("graphstore", __name__)

ALL_METHODS = ["GET", "HEAD", "PUT", "POST", "DELETE"]


def _rq(name: str) -> str:
    return resources.files("claimgraph.server").joinpath("rq", f"{name}.rq").read_text("utf-8")


def _target(args: requestinput.Fields) -> str | None:
    """The graph IRI named by the request, or None for the default graph."""
    graphs = args.get("graph", [])
    has_default = "default" in args
    if len(graphs) > 1:
        raise ApiError(400, "the 'graph' parameter was given more than once")
    if graphs and has_default:
        raise ApiError(400, "give either 'graph' or 'default', not both")
    if not graphs and not has_default:
        raise ApiError(400, "name the graph with ?graph=IRI, or ?default for the default graph")
    if has_default:
        return None
    return get_service().check_graph_uris(graphs, "graph", held=_held)[0]


def _held(graph_iri: str) -> bool:
    """Whether the store holds the graph ``graph_iri`` (one triple at least): such a graph may
    be read, replaced and deleted whatever its IRI's scheme, as the loader names an RDF file's
    graph ``file://…``; a graph the store does not hold may only be created http, https, urn
    or tag."""
    from claimgraph.queries.params import render

    text = render(_rq("graph-store-held"), {"graph": URIRef(graph_iri)})
    return bool(get_service().pool.result(text).boolean)


def _too_large(graph_iri: str | None, count: int, limit: int) -> ApiError:
    # For the default graph the count is each named graph's, added up (an upper bound).
    what = f"the graph <{graph_iri}> holds" if graph_iri else \
        "the default graph is the union of named graphs that hold"
    export = f"claimgraph export --graph '{graph_iri}'" if graph_iri else "claimgraph export"
    return ApiError(422, f"{what} {count:,} triples; the Graph Store answers with at most "
                         f"{limit:,} (GRAPH_STORE_MAX_TRIPLES). Read it on the server with "
                         f"`{export}`, or in pages with CONSTRUCT queries on "
                         "/sparql (ORDER BY, LIMIT and OFFSET)")


def _read(graph_iri: str | None, args: requestinput.Fields) -> Response:
    names = args.get("format", [])
    if len(names) > 1:
        raise ApiError(400, "the 'format' parameter was given more than once")
    fmt_name = names[0] if names else None
    fmt = formats.by_name(fmt_name, "graph") if fmt_name else \
        formats.negotiate(request.headers.get("Accept"), "graph")
    if fmt is None:
        if fmt_name:
            raise ApiError(400, f"unknown format {fmt_name!r}")
        raise ApiError(406, "graphs are available as " + formats.acceptable_types("graph"))
    service = get_service()
    limit = int(service.config["GRAPH_STORE_MAX_TRIPLES"])
    dataset = [graph_iri] if graph_iri is not None else None
    counted = service.pool.result(_rq("graph-store-count"), default_graph_uris=dataset)
    count = int(counted.records()[0]["triples"])
    if count == 0 and graph_iri is not None:
        raise ApiError(404, f"there is no graph <{graph_iri}> in this store")
    if count > limit:
        raise _too_large(graph_iri, count, limit)
    try:
        answer = service.pool.query(_rq("graph-store-triples"),
                                    {"graph": fmt.name, "results": None},
                                    default_graph_uris=dataset, max_results=limit)
    except ResultLimitError as exc:     # a write between the count and the read
        raise _too_large(graph_iri, exc.count, limit) from None
    if answer.count == 0 and graph_iri is not None:
        raise ApiError(404, f"there is no graph <{graph_iri}> in this store")
    response = Response(answer.body, content_type=answer.content_type)
    response.vary.add("Accept")
    return response


def _replace(store: Store, graph_iri: str, triples: list[UploadTriple]) -> bool:
    existed = graph_iri in store.graphs()
    with changing(store):
        store.replace_graph(graph_iri, triples)
    return existed


def _merge(store: Store, graph_iri: str, triples: list[UploadTriple]) -> bool:
    # Added by INSERT DATA, not by reading the graph and writing it back: the stored triples
    # stay as they are (read through rdflib, their literals would be rewritten), and the
    # upload's blank nodes are new ones, as an RDF merge wants.
    existed = graph_iri in store.graphs()
    body = "\n".join(f"{s} {p} {o} ." for s, p, o in triples)
    with changing(store):
        store.update(f"INSERT DATA {{ GRAPH <{graph_iri}> {{\n{body}\n}} }}")
    return existed


def _remove(store: Store, graph_iri: str) -> bool:
    if graph_iri not in store.graphs():
        return False
    with changing(store):
        return store.remove_graph(graph_iri)


def _refuse_reserved(graph_iri: str) -> None:
    """Refuse (400) a write to or deletion of a graph claimgraph writes itself."""
    from claimgraph.graph.reserved import is_reserved

    if is_reserved(graph_iri):
        raise ApiError(400, f"<{graph_iri}> is a graph claimgraph writes itself (the claim "
                            "ledger's, the watches' or a staging graph): it may be read but "
                            "not written or deleted here; `claimgraph ledger refresh` derives "
                            "the ledger again and `claimgraph load --allow-reserved-graphs` "
                            "restores a dump of it")


def _upload(graph_iri: str) -> list[UploadTriple]:
    """The triples of the request's body, refused (400) when they would write what claimgraph
    keeps itself."""
    from claimgraph.graph.reserved import LedgerTerms, message

    _refuse_reserved(graph_iri)
    requestinput.require_utf8(f"a {request.mimetype or 'Graph Store'} upload")
    triples = parse_body(requestinput.body(cache=False), request.mimetype, graph_iri)
    terms = LedgerTerms()
    for s, p, o in triples:
        what = terms.refusal(p.value, o, graph_iri)
        if what is not None:
            raise ApiError(400, "the upload " + message(what, s)[len("refused: it "):])
    return triples


@bp.route("/rdf-graph-store", methods=ALL_METHODS)
def graph_store() -> Response:
    service = get_service()
    args = requestinput.url_params()
    if request.method == "POST" and "graph" not in args and "default" not in args:
        service.require_token()
        graph_iri = f"urn:uuid:{uuid.uuid4()}"
        triples = _upload(graph_iri)
        if not triples:
            return Response(status=204)     # no triples, so no graph was created
        service.writer.run(_replace, graph_iri, triples)
        response = Response(status=201)
        response.headers["Location"] = url_for("graphstore.graph_store", graph=graph_iri,
                                               _external=True)
        return response
    graph_iri = _target(args)
    if request.method in ("GET", "HEAD"):
        return _read(graph_iri, args)
    if graph_iri is None:
        raise ApiError(405, "the default graph is the read-only union of all named graphs; "
                            "write to a named graph with ?graph=IRI",
                       headers={"Allow": "GET, HEAD"})
    service.require_token()
    if request.method == "DELETE":
        _refuse_reserved(graph_iri)
        if not service.writer.run(_remove, graph_iri):
            raise ApiError(404, f"there is no graph <{graph_iri}> in this store")
        return Response(status=204)
    triples = _upload(graph_iri)
    if request.method == "POST" and not triples:
        return Response(status=204)         # adding nothing changes nothing
    existed = service.writer.run(_replace if request.method == "PUT" else _merge, graph_iri,
                                 triples)
    return Response(status=201 if triples and not existed else 204)
