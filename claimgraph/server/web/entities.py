"""The one reading of an ``entity=`` (or ``location=``) argument of the views: the graph, the
timeline and the ledger pages all turn it into the IRI of one resource the graph knows.

Accepted, in this order: an ``/id/…`` path (as the pages link), any absolute IRI the graph
mentions (``https://…``, ``urn:…``, as the graph view's nodes are named), a ``segment/slug`` path,
and what the catalog's resolver accepts (prefixed names ``id:``, ``cg:``, ``wd:``; a name, alias or
slug, as ``/api/search`` matches them). A name that matches nothing, or a resource the graph says
nothing about, is a 404; an ambiguous name a 400 naming the candidates.

``claimgraph viz`` reads its ENTITY argument here too (``store=`` its store, outside any app), so
that a name draws on the command line what it shows in the graph view.
"""

from __future__ import annotations

from typing import Any

from claimgraph.graph.store import Store
from claimgraph.server.web import catalog_bridge as cb
from claimgraph.server.web import store_access as sa
from claimgraph.server.web.iris import LOCAL_PREFIX, is_valid_path, path_to_iri, resolve_entity_arg

MAX_SHOWN = 60


class EntityArgError(ValueError):
    """An argument that names no resource (404) or more than one (400)."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status, self.detail = status, detail


def _shown(value: str) -> str:
    return repr(value if len(value) <= MAX_SHOWN else value[:MAX_SHOWN - 1] + "…")


def _absolute_iri(value: str) -> str | None:
    try:
        from claimgraph.queries.params import check_iri
    except ImportError:
        return value if "://" in value else None
    found = check_iri(value)
    return str(found) if found is not None else None


def is_known(iri: str, store: Store | None = None) -> bool:
    """Whether the graph (``store``, default the app's) says anything of ``iri``, as subject
    or object."""
    return bool(sa.run("mentioned", store, this=iri).boolean)


def _runner(store: Store | None) -> Any:
    """The catalog's QueryRunner: the app's, or a new one over ``store``."""
    if store is None:
        return cb.runner()
    try:
        from claimgraph.queries.runner import QueryRunner
    except ImportError as exc:
        raise cb.CatalogUnavailable("the query catalog is not installed") from exc
    return QueryRunner(store)


def resolve(value: str, param: str = "entity", type_: str = "entity",
            store: Store | None = None) -> str:
    """The IRI that ``value`` names in ``store`` (default: the app's) as the module docstring
    says; EntityArgError otherwise."""
    text = value.strip()
    if not text:
        raise EntityArgError(400, f"parameter {param!r} is empty: give a name, an /id/ path "
                                  "or an IRI")
    if text.startswith(LOCAL_PREFIX):
        rest = text[len(LOCAL_PREFIX):]
        if not is_valid_path(rest):
            raise EntityArgError(404, f"{_shown(text)} is not the path of a claimgraph resource")
        return _known(path_to_iri(rest), text, store)
    iri = _absolute_iri(text)
    if iri is not None and is_known(iri, store):
        return iri
    if "/" in text and "://" not in text and is_valid_path(text):
        return _known(path_to_iri(text), text, store)
    try:
        resolved = str(_runner(store).resolver.resolve(param, type_, text))
    except cb.CatalogUnavailable:
        try:
            resolved = resolve_entity_arg(text)
        except ValueError as exc:
            raise EntityArgError(400, str(exc)) from None
    except cb.user_errors() as exc:
        candidates = getattr(exc, "candidates", [])
        hint = ("; did you mean " + ", ".join(str(c.get("label", c.get("entity")))
                                              for c in candidates[:5]) + "?") if candidates else ""
        if getattr(exc, "ambiguous", False):
            raise EntityArgError(400, f"{_shown(text)} names more than one {type_}{hint}") \
                from None
        raise EntityArgError(404, f"nothing is known about {_shown(text)}: no {type_} has "
                                  f"that name or IRI{hint}") from None
    return _known(resolved, text, store)


def _known(iri: str, given: str, store: Store | None) -> str:
    if not is_known(iri, store):
        shown = f"<{iri}>" if given == iri else f"{_shown(given)} (<{iri}>)"
        raise EntityArgError(404, f"nothing is known about {shown}")
    return iri
