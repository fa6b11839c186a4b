"""``/id/<path>``: every minted IRI dereferences here, following "Cool URIs for the Semantic Web".

``/id/<path>`` names the thing (a person, a city, a statement); it answers ``303 See Other`` to a
document about it chosen by ``Accept`` (``Vary: Accept``): ``/id/<path>.html`` for browsers,
``.ttl``, ``.jsonld``, ``.nt``, ``.rdf`` for RDF clients, ``.json`` for the page's data. Those
documents answer ``200`` directly. An IRI the graph knows nothing about is a 404 page.
"""

from __future__ import annotations

from flask import Blueprint, Response, redirect, request

from claimgraph.graph.backends.terms import Triples
from claimgraph.server import graphwriter
from claimgraph.server.serializers import Unwritable
from claimgraph.server.web import store_access as sa
from claimgraph.server.web.describe import Labeller, entity_data
from claimgraph.server.web.ledgerdata import entity_ledger
from claimgraph.server.web.iris import LOCAL_PREFIX, is_valid_path, path_to_iri
from claimgraph.server.web.rdfformats import FORMATS, negotiate, serialize, split_suffix
from claimgraph.server.web.render import error, not_found, respond
from claimgraph.server.web.statement import document_segments, statement_extra
from claimgraph.server.web.vocab import CG

STATEMENT = CG + "Statement"


def _page_arg(name: str) -> int:
    try:
        return max(1, int(request.args.get(name, "1")))
    except ValueError:
        return 1


def _alternates(path: str) -> str:
    return ", ".join(f'<{LOCAL_PREFIX}{path}.{suffix}>; rel="alternate"; type="{media}"'
                     for suffix, (media, _) in FORMATS.items())


def _rdf(iri: str, path: str, suffix: str) -> Response:
    result = sa.run_terms("describe", this=iri)
    graph = result if isinstance(result, Triples) else result.graph
    if not graphwriter.triples_of(graph):
        return not_found(f"nothing is known about <{iri}>", suffix, iri)
    try:
        body, media = serialize(graph, suffix)
    except Unwritable as exc:
        return error(406, str(exc), suffix, iri)
    response = Response(body, mimetype=None, content_type=media)
    response.headers["Link"] = f'<{iri}>; rel="describes", ' + _alternates(path)
    return response


def _html_or_json(iri: str, path: str, suffix: str) -> Response:
    size = 50
    data = entity_data(iri, _page_arg("by_page"), _page_arg("about_page"), page_size=size)
    if data is None:
        return not_found(f"nothing is known about <{iri}>", suffix, iri)
    types = {t["iri"] for t in data["types"]}
    template = "entity.html"
    if any(t in types for t in (STATEMENT, CG + "Quotation")):
        lab = Labeller()
        data["statement"] = statement_extra(iri, lab, data["properties"])
        lab.finish()
        template = "statement.html"
    elif data.get("full_text"):
        data["segments"] = document_segments(iri, data["full_text"])
    if template == "entity.html":
        data["ledger"] = entity_ledger(iri, types)
    data["path"] = path
    data["formats"] = [{"suffix": s, "media": m, "href": f"{LOCAL_PREFIX}{path}.{s}"}
                       for s, (m, _) in FORMATS.items()]
    response = respond(template, data, suffix)
    response.headers["Link"] = f'<{iri}>; rel="describes", ' + _alternates(path)
    return response


def resource(path: str) -> Response:
    """Dereference ``/id/<path>`` (see the module docstring)."""
    stem, suffix = split_suffix(path)
    if not is_valid_path(stem):
        return not_found(f"/id/{path} is not the path of a claimgraph resource", suffix)
    iri = path_to_iri(stem)
    if suffix is None:
        if not sa.run("exists", this=iri).boolean:
            return not_found(f"nothing is known about <{iri}>", None, iri)
        chosen = negotiate(request)
        if chosen is None:
            offered = ", ".join(m for m, _ in FORMATS.values())
            return error(406, f"no representation of <{iri}> matches Accept: "
                              f"{request.headers.get('Accept')}; available: {offered}", "json")
        target = f"{LOCAL_PREFIX}{stem}.{chosen}"
        if request.query_string:
            target += "?" + request.query_string.decode("latin-1")
        response = redirect(target, code=303)
        response.headers["Vary"] = "Accept"
        return response
    if FORMATS[suffix][1] is not None:
        return _rdf(iri, stem, suffix)
    return _html_or_json(iri, stem, suffix)


def register(bp: Blueprint) -> None:
    """Add the ``/id/`` route to the pages blueprint."""
    bp.add_url_rule("/id/<path:path>", "resource", resource, methods=["GET"])
