"""The home page, the search form's answer (``/search``), catalog question pages (``/q/NAME``)
and system pages under ``/-/``."""

from __future__ import annotations

import platform
import sys
from importlib import metadata
from typing import Any
from urllib.parse import quote, urlencode

from flask import Blueprint, Response, current_app, redirect, request
from rdflib import URIRef

from claimgraph import __version__
from claimgraph.graph.ledger import LEDGER_GRAPH, STATUSES
from claimgraph.graph.ledger.watch import WATCH_GRAPH
from claimgraph.graph.link.model import ENRICHMENT_BASE, LINKSET_BASE
from claimgraph.server.web import catalog_bridge as cb
from claimgraph.server.web import store_access as sa
from claimgraph.server.web.describe import Labeller
from claimgraph.server.web.entities import EntityArgError, resolve
from claimgraph.server.web.iris import href, id_base, is_local, is_web
from claimgraph.server.web.pageargs import BadParameter, page_format, single_params
from claimgraph.server.web.rdfformats import wants_json
from claimgraph.server.web.render import error, respond
from claimgraph.server.web.vocab import CG, PREFIXES, ontology, term_label

SECRET_WORDS = ("TOKEN", "SECRET", "PASSWORD", "KEY", "CREDENTIAL")


def home(fmt: str | None = None) -> Response:
    """What is in the graph, the catalog's questions and the search box."""
    store = sa.get_store()
    lab = Labeller()
    counts = [{"class": lab.ref(str(r["class"])), "n": sa.as_int(r["n"])}
              for r in sa.run("counts").rows]
    sources = [{"document": lab.ref(str(r["doc"])), "title": str(r["title"]),
                "publisher": lab.ref(str(r["publisher"])) if r.get("publisher") else None,
                "date": str(r["date"]) if r.get("date") else None,
                "url": str(r["url"]) if r.get("url") else None,
                "url_href": str(r["url"]) if r.get("url") and is_web(str(r["url"])) else None,
                "statements": sa.as_int(r.get("statements"))}
               for r in sa.run("sources", limit=50).rows]
    lab.finish()
    last = sa.scalar(sa.run("last-load"), "last")
    ledger = {str(r["status"]).rsplit("#", 1)[-1]: sa.as_int(r["n"])
              for r in sa.run("ledger-counts").rows}
    # "graphs" counts every named graph, as `claimgraph graphs` and `stats` do; "documents" the
    # sources among them: the ledger, the watches, and the links and facts that `link` and
    # `enrich` write (under their default names) are derived, not sources
    graphs = store.graphs()
    documents = [g for g in graphs if g not in (LEDGER_GRAPH, WATCH_GRAPH)
                 and not g.startswith((str(LINKSET_BASE), str(ENRICHMENT_BASE)))]
    data = {"triples": store.count(), "graphs": len(graphs), "documents": len(documents),
            "counts": counts,
            "sources": sources, "last_load": str(last) if last is not None else None,
            "questions": cb.entries(), "version": __version__,
            "ledger": {s: ledger[s] for s in STATUSES if s in ledger}}
    return respond("home.html", data, fmt)


MAX_HITS = 20


def _page_of(iri: str) -> str:
    """Where the search sends a browser for ``iri``: its page, or the graph around it."""
    local = href(iri)
    return local if local and local.startswith("/") else "/graph?entity=" + quote(iri, safe="")


def search(fmt: str | None = None) -> Response:
    """The search form's answer (the autocomplete's, without waiting for it): a name, alias,
    ``/id/`` path or IRI that names one entity leads to its page; otherwise the entities whose
    names match, as ``/api/search`` ranks them; nothing known is a 404."""
    q = request.args.get("q", "").strip()
    if not q:
        return error(400, "the search needs ?q= (a name, alias, /id/ path or IRI)", fmt)
    try:
        entity, problem = resolve(q), None
    except EntityArgError as exc:
        entity, problem = None, exc
    if entity is not None and fmt is None and not wants_json(request):
        return redirect(_page_of(entity), code=303)
    try:
        hits = cb.runner().search(q, MAX_HITS)
    except cb.CatalogUnavailable:
        hits = []
    if entity is None and not hits:
        return error(problem.status if problem else 404, str(problem), fmt)
    results = [{"iri": h["entity"], "label": h["label"], "type": h["type"],
                "matched": h["matched"], "href": _page_of(h["entity"])} for h in hits]
    return respond("search.html", {"q": q, "entity": entity, "results": results,
                                   "note": str(problem) if problem else None}, fmt)


def _cell(value: Any, lab: Labeller) -> dict[str, Any]:
    if isinstance(value, str) and is_web(value) and " " not in value:
        return lab.ref(value) if is_local(value) or value.startswith(CG) else \
            {"iri": value, "href": value, "label": value}
    return {"value": value}


SPARQL_JSON = "application/sparql-results+json"
# A question's representations, by format= or Accept (HTML first, so */* gets the page):
# the page, its .json twin, and the tables /api/queries/NAME gives.
QUESTION_FORMATS = {"html": "text/html", "json": "application/json", "csv": "text/csv",
                    "sparql-json": SPARQL_JSON}


def question(name: str, fmt: str | None = None) -> Response:
    """A catalog question's answer as a table with links, or as its JSON twin, CSV or SPARQL
    results JSON (``format=`` or Accept, as ``/api/queries/NAME`` offers them)."""
    if name.endswith(".json"):
        name, fmt = name[:-5], "json"
    try:
        args = single_params()
        wanted = page_format(fmt, QUESTION_FORMATS)
    except BadParameter as exc:
        return error(400, exc.detail, fmt, parameter=exc.name)
    params = {k: v for k, v in args.items() if k != "format"}
    error_format = "json" if wanted != "html" else fmt   # for HTML, as the client's Accept says
    try:
        answer, more = cb.execute_page(name, params)
        sparql = cb.sparql_text(name, params)
    except cb.user_errors() as exc:
        if type(exc).__name__ == "UnknownQueryError":
            return error(404, str(exc), error_format)
        return error(400, str(exc), error_format, parameter=getattr(exc, "name", None))
    next_offset, previous_offset = _pages(answer.params, more)
    if wanted in ("csv", "sparql-json"):
        body, media = cb.table(name, answer, wanted)
        response = Response(body, mimetype=media, headers={"Vary": "Accept"})
        if wanted == "csv":
            response.headers["Content-Disposition"] = f'inline; filename="{name}.csv"'
    elif wanted == "json":
        data = {**answer.to_dict(), "next_url": _page_url(name, next_offset, ".json", True),
                "previous_url": _page_url(name, previous_offset, ".json", True)}
        response = respond("question.html", data, "json")
    else:
        entry = next((e for e in cb.entries() if e["name"] == name), {"title": name})
        lab = Labeller()
        rows = [[_cell(r.get(c), lab) for c in answer.result.variables]
                for r in answer.records()]
        lab.finish()
        data = {"name": name, "entry": entry, "params": answer.params, "args": params,
                "columns": answer.result.variables, "rows": rows, "count": len(rows),
                "sparql": sparql, "next_href": _page_url(name, next_offset),
                "previous_href": _page_url(name, previous_offset)}
        response = respond("question.html", data, "html")
    if next_offset is not None:
        suffix = ".json" if fmt == "json" else ""
        response.headers["Link"] = f'<{_page_url(name, next_offset, suffix, True)}>; rel="next"'
    return response


def _pages(bound: dict[str, Any], more: bool) -> tuple[int | None, int | None]:
    """The offsets of the next page (when more rows follow this one) and of the previous page
    (when this one skipped rows) of a paged question; None where there is none."""
    limit, offset = bound.get("limit"), bound.get("offset")
    if not isinstance(limit, int) or not isinstance(offset, int) or limit <= 0:
        return None, None
    return (offset + limit if more else None), (max(0, offset - limit) if offset > 0 else None)


def _page_url(name: str, offset: int | None, suffix: str = "", absolute: bool = False
              ) -> str | None:
    """The question's URL with the same parameters but ``offset`` (None for no such page)."""
    if offset is None:
        return None
    # format= stays: the next page comes in the same representation.
    args = {k: v for k, v in request.args.items() if k != "offset"}
    path = f"/q/{name}{suffix}?" + urlencode({**args, "offset": offset})
    return request.host_url.rstrip("/") + path if absolute else path


def versions(fmt: str | None = None) -> Response:
    """Versions of claimgraph, Python and the libraries the server runs on."""
    libs = {}
    for name in ("flask", "werkzeug", "rdflib", "pyoxigraph", "networkx", "gunicorn"):
        try:
            libs[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            libs[name] = None
    data = {"claimgraph": __version__, "python": sys.version.split()[0],
            "platform": platform.platform(), "libraries": libs}
    return respond("system.html", {"title": "Versions", "data": data}, fmt)


def config(fmt: str | None = None) -> Response:
    """The server's settings, with anything secret-looking redacted."""
    shown = {}
    for key, value in sorted(current_app.config.items()):
        if not key.isupper():
            continue
        if any(word in key for word in SECRET_WORDS):
            value = "(set)" if value else None
        elif not isinstance(value, (str, int, float, bool, list, type(None))):
            value = type(value).__name__
        shown[key] = value
    shown["ID_BASE"] = id_base()
    return respond("system.html", {"title": "Configuration", "data": shown}, fmt)


def examples() -> Response:
    """The catalog's questions as SPARQL, for the query editor's example list."""
    out = []
    for entry in cb.entries():
        try:
            out.append({"name": entry["name"], "title": entry["title"],
                        "query": cb.sparql_text(entry["name"], entry["example"])})
        except cb.user_errors():
            continue
    return respond("system.html", {"examples": out}, "json")


def vocabulary() -> Response:
    """Prefixes, classes and properties for the query editor's autocompletion (no remote
    services: YASGUI is pointed here instead of prefix.cc and LOV)."""
    graph = ontology()
    owl = "http://www.w3.org/2002/07/owl#"
    classes = sorted(str(s) for s in graph.subjects(URIRef(PREFIXES["rdf"] + "type"),
                                                    URIRef(owl + "Class")) if isinstance(s, URIRef))
    props = sorted({str(s) for kind in ("ObjectProperty", "DatatypeProperty")
                    for s in graph.subjects(URIRef(PREFIXES["rdf"] + "type"), URIRef(owl + kind))
                    if isinstance(s, URIRef)})
    extra = ["rdfs:label", "skos:altLabel", "owl:sameAs", "schema:about", "prov:wasAttributedTo",
             "geo:hasGeometry", "geo:asWKT", "oa:hasSelector", "oa:start", "oa:end"]
    props += [PREFIXES[p.split(":")[0]] + p.split(":")[1] for p in extra]
    data = {"prefixes": PREFIXES, "classes": classes, "properties": props,
            "labels": {t: term_label(t) for t in classes + props}}
    return respond("system.html", data, "json")


def register(bp: Blueprint) -> None:
    """Add the home, question and system routes to the pages blueprint."""
    bp.add_url_rule("/", "home", home)
    bp.add_url_rule("/index.json", "home_json", home, defaults={"fmt": "json"})
    bp.add_url_rule("/search", "search", search)
    bp.add_url_rule("/search.json", "search_json", search, defaults={"fmt": "json"})
    bp.add_url_rule("/q/<name>", "question", question)
    bp.add_url_rule("/-/versions", "versions", versions)
    bp.add_url_rule("/-/versions.json", "versions_json", versions, defaults={"fmt": "json"})
    bp.add_url_rule("/-/config", "config", config)
    bp.add_url_rule("/-/config.json", "config_json", config, defaults={"fmt": "json"})
    bp.add_url_rule("/-/examples.json", "examples", examples)
    bp.add_url_rule("/-/vocabulary.json", "vocabulary", vocabulary)



