"""How the pages reach the store: the app's store, the pages' own .rq queries, and labels.

Queries live in ``web/sparql/*.rq`` with ``${name}`` placeholders. Every value put there is an
rdflib term serialized by rdflib (an IRI checked for characters that could end it) or an integer,
never text from a request, so no request can change a query's shape.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from string import Template
from typing import Iterable

from flask import current_app
from rdflib import Literal, URIRef
from rdflib.term import Node

from claimgraph.graph.labels import label_key
from claimgraph.graph.store import QueryResult, Store, open_store
from claimgraph.server.web.iris import check_iri
from claimgraph.server.web.vocab import term_label

STORE_EXTENSION = "claimgraph.store"


def get_store() -> Store:
    """The app's store: ``claimgraph.server.app.get_store()`` when the server provides it, else
    ``app.extensions["claimgraph.store"]``, else ``config["STORE"]``.

    ``STORE`` may be a Store instance or a store URL; a URL is opened once per app and kept in
    ``app.extensions`` (app state, not module state).
    """
    try:
        from claimgraph.server.app import get_store as server_store  # the server's accessor
    except ImportError:
        server_store = None
    if server_store is not None:
        return server_store()
    app = current_app
    store = app.extensions.get(STORE_EXTENSION)
    if store is None:
        configured = app.config.get("STORE")
        store = configured if isinstance(configured, Store) else open_store(configured,
                                                                            read_only=True)
        app.extensions[STORE_EXTENSION] = store
    return store


@lru_cache(maxsize=None)
def _template(name: str) -> Template:
    text = resources.files("claimgraph.server.web").joinpath("sparql", f"{name}.rq") \
        .read_text("utf-8")
    return Template(text)


def iri_term(iri: str) -> str:
    """``<iri>`` after checking it cannot break out of the brackets."""
    return URIRef(check_iri(iri)).n3()


def render(name: str, **values: object) -> str:
    """The text of ``web/sparql/NAME.rq`` with its placeholders bound (see module docstring)."""
    bound: dict[str, str] = {}
    for key, value in values.items():
        if isinstance(value, bool) or not isinstance(value, (int, str, list, tuple, set)):
            raise TypeError(f"cannot bind {key}={value!r}")
        if isinstance(value, int):
            bound[key] = str(int(value))
        elif isinstance(value, str):
            bound[key] = iri_term(value)
        else:
            bound[key] = " ".join(iri_term(v) for v in value) or "<urn:claimgraph:none>"
    return _template(name).substitute(bound)


def run(name: str, store: Store | None = None, **values: object) -> QueryResult:
    """Run one of the pages' queries on ``store`` (default: the app's store)."""
    return (store if store is not None else get_store()).query(render(name, **values))


def run_terms(name: str, store: Store | None = None, **values: object) -> object:
    """``run``, with the answer in the store's own terms (``Store.query_terms``): what the
    pages' RDF documents are written from, so that they carry the store's literals as they are."""
    return (store if store is not None else get_store()).query_terms(render(name, **values))


def labels(iris: Iterable[str], store: Store | None = None) -> dict[str, str]:
    """The best label of each IRI: from the graph (English first), else from the vocabularies."""
    wanted = sorted({str(i) for i in iris if i})
    best: dict[str, tuple[int, str]] = {}
    for chunk in (wanted[i:i + 400] for i in range(0, len(wanted), 400)):
        for row in run("labels", store, iris=chunk).rows:
            key, label = str(row["s"]), str(row["label"])
            choice = label_key(str(row.get("lang") or ""), label)
            if key not in best or choice < best[key]:
                best[key] = choice
    out = {iri: best[iri][1] for iri in best}
    for iri in wanted:
        if iri not in out:
            out[iri] = term_label(iri)
    return out


def types_of(iris: Iterable[str], store: Store | None = None) -> dict[str, list[str]]:
    """The rdf:types of each IRI."""
    wanted = sorted({str(i) for i in iris if i})
    out: dict[str, list[str]] = {iri: [] for iri in wanted}
    for chunk in (wanted[i:i + 400] for i in range(0, len(wanted), 400)):
        for row in run("types", store, iris=chunk).rows:
            out[str(row["s"])].append(str(row["type"]))
    return out


def scalar(result: QueryResult, name: str) -> Node | None:
    """The value of ``name`` in the first row, if any."""
    return result.rows[0].get(name) if result.rows else None


def as_int(term: Node | None, default: int = 0) -> int:
    """An integer literal's value (or ``default``)."""
    if isinstance(term, Literal):
        try:
            return int(term.toPython())
        except (TypeError, ValueError):
            return default
    return default
