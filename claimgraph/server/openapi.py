"""The OpenAPI 3.1 document of the API, built from the catalog (the named queries) and from
graph_api's parameter tables (the network analysis), so that it cannot drift from them."""

from __future__ import annotations

from typing import Any

from claimgraph import __version__
from claimgraph.queries.catalog import Catalog, QueryDef

_TYPE_SCHEMAS: dict[str, dict[str, Any]] = {
    "date": {"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"},
    "integer": {"type": "integer"},
    "string": {"type": "string", "maxLength": 500},
}
_ENTITY_DOC = ("an IRI, a prefixed name (id:…, cg:…, wd:Q…) or a name/alias, resolved case- and "
               "accent-insensitively")


def _error(description: str) -> dict[str, Any]:
    return {"description": description,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


def _query_path(q: QueryDef) -> dict[str, Any]:
    parameters = []
    for p in q.params:
        schema = dict(_TYPE_SCHEMAS.get(p.type, {"type": "string"}))
        if p.default is not None:
            schema["default"] = int(p.default) if p.type == "integer" else p.default
        doc = p.doc if p.type in _TYPE_SCHEMAS else f"{p.doc} ({p.type}: {_ENTITY_DOC})"
        parameters.append({"name": p.name, "in": "query", "required": p.required,
                           "description": doc, "schema": schema})
    parameters.append({"$ref": "#/components/parameters/format"})
    record = {"type": "object",
              "properties": {c: {"type": ["string", "number", "null"]} for c in q.columns}}
    return {"get": {
        "operationId": "query_" + q.name.replace("-", "_"),
        "summary": q.title, "description": q.description, "tags": ["queries"],
        "parameters": parameters,
        "responses": {
            "200": {"description": "The answer.", "content": {
                "application/json": {"schema": {
                    "type": "object", "required": ["query", "params", "results"],
                    "properties": {"query": {"const": q.name}, "params": {"type": "object"},
                                   "results": {"type": "array", "items": record},
                                   "next_url": {"type": ["string", "null"], "description":
                                                "The next page (queries with limit and "
                                                "offset, when this page is full)."}}}},
                "text/csv": {"schema": {"type": "string"}},
                "application/sparql-results+json": {"schema": {"type": "object"}}}},
            "400": _error("A parameter is missing, malformed, unknown or ambiguous."),
            "503": _error("The store could not answer.")}}}


_FEED_PARAMS: list[dict[str, Any]] = [
    {"name": "since", "in": "query", "required": False,
     "description": "Only changes recorded after this ISO date or date-time (UTC if no zone).",
     "schema": {"type": "string", "format": "date-time"}},
    {"name": "entity", "in": "query", "required": False, "style": "form", "explode": True,
     "description": "Only changes about these entities or claims (repeatable; " + _ENTITY_DOC
                    + "). Default: the watched entities, or everything when none is watched.",
     "schema": {"type": "array", "items": {"type": "string", "maxLength": 500}}},
    {"name": "limit", "in": "query", "required": False,
     "schema": {"type": "integer", "minimum": 1, "maximum": 1000, "default": 200}}]


def ledger_paths() -> dict[str, Any]:
    """The claim ledger's change feed, as JSON and as Atom."""
    entry = {"type": "object", "properties": {
        k: {"type": ["string", "null"]} for k in (
            "change", "claim", "claim_label", "status", "changed_at", "recorded_at", "rule",
            "evidence", "evidence_text", "speaker_label")}}
    bad = _error("A parameter is malformed, unknown or names no single entity.")
    return {
        "/api/changes": {"get": {
            "operationId": "ledger_changes", "tags": ["ledger"],
            "summary": "Claim status changes recorded since a time, newest first",
            "parameters": _FEED_PARAMS,
            "responses": {
                "200": {"description": "The changes.", "content": {"application/json": {
                    "schema": {"type": "object", "required": ["since", "entities", "changes"],
                               "properties": {
                                   "since": {"type": ["string", "null"]},
                                   "entities": {"type": "array", "items": {"type": "string"}},
                                   "scope": {"enum": ["entities", "watched", "all"]},
                                   "changes": {"type": "array", "items": entry}}}}}},
                "400": bad, "503": _error("The store could not answer.")}}},
        "/feeds/changes.atom": {"get": {
            "operationId": "ledger_changes_atom", "tags": ["ledger"],
            "summary": "The same changes as an Atom feed", "parameters": _FEED_PARAMS,
            "responses": {
                "200": {"description": "An Atom feed.",
                        "content": {"application/atom+xml": {"schema": {"type": "string"}}}},
                "400": bad, "503": _error("The store could not answer.")}}}}


_GRAPH_ANSWERS: dict[str, tuple[str, dict[str, Any]]] = {
    "stats": ("Size, density, components and counts by category and relation of a projection",
              {"type": "object", "required": ["projection", "nodes", "edges"], "properties": {
                  "projection": {"type": "string"}, "filters": {"type": "string"},
                  "nodes": {"type": "integer"}, "edges": {"type": "integer"},
                  "directed": {"type": "boolean"}, "density": {"type": "number"},
                  "total_weight": {"type": "number"}, "components": {"type": "integer"},
                  "largest_component": {"type": "integer"}, "categories": {"type": "object"},
                  "relations": {"type": "object"}}}),
    "rank": ("The most central nodes of a projection by a metric",
             {"type": "object", "required": ["metric", "results"], "properties": {
                 "metric": {"type": "string"}, "results": {"type": "array", "items": {
                     "type": "object", "properties": {
                         "iri": {"type": "string"}, "label": {"type": "string"},
                         "class": {"type": "string"}, "score": {"type": "number"}}}}}}),
    "communities": ("Seeded communities of a projection, largest first",
                    {"type": "object", "required": ["method", "seed", "communities"],
                     "properties": {"method": {"type": "string"}, "seed": {"type": "integer"},
                                    "communities": {"type": "array", "items": {
                                        "type": "array", "items": {"type": "object"}}}}}),
    "path": ("The shortest path between two entities, explained by the statements along it",
             {"type": "object", "required": ["source", "target", "length", "steps"],
              "properties": {"source": {"type": "string"}, "target": {"type": "string"},
                             "length": {"type": "integer"}, "nodes": {"type": "array"},
                             "steps": {"type": "array"}, "statements": {"type": "array"},
                             "explanation": {"type": "string"}}}),
}


def graph_paths() -> dict[str, Any]:
    """The network analysis (``/api/graph/…``), from the parameter tables graph_api checks."""
    from claimgraph.graph.network.formats import MEDIA_TYPES
    from claimgraph.server.graph_api import ENDPOINTS, PARAMETERS, PROJECTION_PARAMETERS, \
        REPEATABLE, REQUIRED

    paths = {}
    for endpoint, own in ENDPOINTS.items():
        parameters = []
        for name in (*PROJECTION_PARAMETERS, *own):
            schema, doc = PARAMETERS[name]
            parameter = {"name": name, "in": "query", "description": doc, "schema": schema,
                         "required": name in REQUIRED.get(endpoint, ())}
            if name in REPEATABLE:
                parameter.update(style="form", explode=True)
            parameters.append(parameter)
        if endpoint == "export":
            summary = "A projection as GraphML, GEXF, node-link or Cytoscape.js JSON, or CSV"
            content = {media: {"schema": {"type": "object" if media.endswith("json")
                                          else "string"}}
                       for media in sorted(set(MEDIA_TYPES.values()))}
        else:
            summary, schema = _GRAPH_ANSWERS[endpoint]
            content = {"application/json": {"schema": schema}}
        paths[f"/api/graph/{endpoint}"] = {"get": {
            "operationId": f"graph_{endpoint}", "tags": ["graph"], "summary": summary,
            "parameters": parameters,
            "responses": {
                "200": {"description": "The answer.", "content": content},
                "400": _error("A parameter is unknown, repeated, malformed or ambiguous, or "
                              "a source no statement comes from."),
                "404": _error("A name matches nothing, an entity is not a node of the "
                              "projection, or no path joins the two."),
                "422": _error("The projection needs more rows than the server answers "
                              "at once: narrow it with filters."),
                "503": _error("The store could not answer, or not within the time limit.")}}}
    return paths


def openapi_document(catalog: Catalog) -> dict[str, Any]:
    """The OpenAPI 3.1 document."""
    paths: dict[str, Any] = {
        "/api/queries": {"get": {
            "operationId": "list_queries", "summary": "The catalog of named queries",
            "tags": ["queries"],
            "responses": {"200": {"description": "Every named query with its documentation.",
                                  "content": {"application/json": {"schema": {
                                      "type": "object", "properties": {"queries": {
                                          "type": "array",
                                          "items": {"$ref": "#/components/schemas/Query"}}}}}}}}}},
        "/api/search": {"get": {
            "operationId": "search", "summary": "Find entities by name (autocomplete)",
            "tags": ["search"],
            "parameters": [
                {"name": "q", "in": "query", "required": True, "schema": {"type": "string"},
                 "description": "What the user typed; matched against labels and aliases."},
                {"name": "limit", "in": "query", "required": False,
                 "schema": {"type": "integer", "minimum": 1, "maximum": 50, "default": 10}}],
            "responses": {
                "200": {"description": "Matches, exact before prefix before substring.",
                        "content": {"application/json": {"schema": {
                            "type": "object", "properties": {
                                "q": {"type": "string"},
                                "results": {"type": "array", "items": {
                                    "$ref": "#/components/schemas/SearchHit"}}}}}}},
                "400": _error("q is missing or limit is out of range.")}}},
    }
    for q in catalog.list():
        paths[f"/api/queries/{q.name}"] = _query_path(q)
    paths.update(ledger_paths())
    paths.update(graph_paths())
    return {
        "openapi": "3.1.0",
        "info": {"title": "claimgraph query API", "version": __version__,
                 "description": "Named questions over a graph of who said what, about whom "
                                "and where, in view of which negotiations."},
        "paths": paths,
        "components": {
            "parameters": {"format": {
                "name": "format", "in": "query", "required": False,
                "description": "Answer format; overrides the Accept header.",
                "schema": {"enum": ["json", "csv", "sparql-json"]}}},
            "schemas": {
                "Error": {"type": "object", "required": ["error"], "properties": {"error": {
                    "type": "object", "required": ["status", "title", "detail"],
                    "properties": {"status": {"type": "integer"}, "title": {"type": "string"},
                                   "detail": {"type": "string"},
                                   "parameter": {"type": "string"},
                                   "candidates": {"type": "array"}}}}},
                "Query": {"type": "object", "properties": {
                    "name": {"type": "string"}, "title": {"type": "string"},
                    "description": {"type": "string"}, "params": {"type": "array"},
                    "columns": {"type": "array", "items": {"type": "string"}},
                    "example": {"type": "object"}}},
                "SearchHit": {"type": "object", "properties": {
                    "entity": {"type": "string"}, "label": {"type": "string"},
                    "type": {"type": "string"}, "matched": {"type": "string"},
                    "via": {"type": "string"}, "match": {"type": "string"}}}}},
    }
