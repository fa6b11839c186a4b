"""The graph, timeline and map views, and the ontology reference (``/ontology``, ``.ttl``)."""

from __future__ import annotations

from importlib import resources

from flask import Blueprint, Response, request

from claimgraph.server.web import catalog_bridge as cb
from claimgraph.server.web.graphdata import neighbourhood_graph, result_graph
from claimgraph.server.web.entities import EntityArgError, resolve
from claimgraph.server.web.ontology_doc import reference
from claimgraph.server.web.pageargs import BadParameter, page_format, single_params
from claimgraph.server.web.render import error, respond
from claimgraph.server.web.viewdata import map_data, timeline_data

# The graph view's own arguments; with ?query= every other one is the question's parameter
# (``entity`` too: statements-about, external-links and timeline take a parameter of that name).
VIEW_ARGS = ("query", "hops", "format")
# The graph view's representations, by format=, the .json URL or Accept (HTML first).
GRAPH_FORMATS = {"html": "text/html", "json": "application/json"}


def _entities() -> list[str]:
    return [resolve(v) for v in request.args.getlist("entity") if v.strip()]


def graph(fmt: str | None = None) -> Response:
    """An entity's neighbourhood (``?entity=…&hops=1|2``, ``entity`` repeated for several) or a
    catalog query's result (``?query=NAME&param=value…``) as an interactive network, or as its
    JSON twin (``.json``, ``format=json`` or Accept). As on ``/q/NAME``, a parameter given twice
    (but the neighbourhood's ``entity``) or an unknown format is a 400 naming it."""
    try:
        name = request.args.get("query", "").strip()    # given twice: single_params says so
        args = single_params(repeatable=() if name else ("entity",))
        wanted = page_format(fmt, GRAPH_FORMATS)
    except BadParameter as exc:
        return error(400, exc.detail, fmt, parameter=exc.name)
    error_format = "json" if wanted == "json" else fmt   # for HTML, as the client's Accept says
    try:
        entities = [] if name else _entities()
    except EntityArgError as exc:
        return error(exc.status, exc.detail, error_format)
    hops_arg = args.get("hops", "1").strip()
    if hops_arg not in ("1", "2"):
        return error(400, f"parameter 'hops': expected 1 or 2, got {hops_arg[:60]!r}",
                     error_format, parameter="hops")
    hops = int(hops_arg)
    title = None
    if name:
        params = {k: v for k, v in args.items() if k not in VIEW_ARGS}
        try:
            answer = cb.execute(name, params)
        except cb.user_errors() as exc:
            unknown = type(exc).__name__ == "UnknownQueryError"
            return error(400, str(exc), error_format,
                         parameter="query" if unknown else getattr(exc, "name", None))
        data = result_graph(answer.result)
        entry = next((e for e in cb.entries() if e["name"] == name), None)
        title = entry["title"] if entry else name
        data["source"] = {"query": name, "params": answer.params}
    elif entities:
        data = neighbourhood_graph(entities, hops=hops)
        focus = [n for n in data["nodes"] if n["focus"]]
        title = ", ".join(n["label"] for n in focus) or None
        data["source"] = {"entities": entities, "hops": hops}
    else:
        data = {"nodes": [], "edges": [], "legend": [], "kinds": [], "truncated": False,
                "source": {}}
    data["title"] = title
    data["questions"] = cb.entries()
    return respond("graph.html", data, wanted)


def timeline(fmt: str | None = None) -> Response:
    """Statements and claims about an entity over time (``?entity=…``)."""
    try:
        entities = _entities()
    except EntityArgError as exc:
        return error(exc.status, exc.detail, fmt)
    if not entities:
        return error(400, "timeline needs ?entity= (a name, /id/ path or IRI)", fmt)
    return respond("timeline.html", timeline_data(entities[0]), fmt)


def map_view(fmt: str | None = None) -> Response:
    """Locations on an offline world map, sized by how much is claimed about them."""
    return respond("map.html", map_data(), fmt)


def ontology_page(fmt: str | None = None) -> Response:
    """The ontology reference, one anchor per term."""
    return respond("ontology.html", reference(), fmt)


def ontology_turtle() -> Response:
    """The ontology itself, as Turtle."""
    text = resources.files("claimgraph.ontology").joinpath("claimgraph.ttl").read_text("utf-8")
    return Response(text, content_type="text/turtle; charset=utf-8")


def register(bp: Blueprint) -> None:
    """Add the view routes to the pages blueprint."""
    for rule, name, view in (("/graph", "graph", graph), ("/timeline", "timeline", timeline),
                             ("/map", "map", map_view), ("/ontology", "ontology", ontology_page)):
        bp.add_url_rule(rule, name, view)
        bp.add_url_rule(rule + ".json", name + "_json", view, defaults={"fmt": "json"})
    bp.add_url_rule("/ontology.ttl", "ontology_ttl", ontology_turtle)
