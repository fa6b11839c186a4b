"""The one place that maps the project's minted IRIs to local paths and back.

Every IRI under the configured base (``ID_BASE``, default ``https://w3id.org/claimgraph/id/``)
dereferences at ``/id/<rest>`` on this server; w3id.org redirects the public IRI to it. Other IRIs
(Wikidata, GeoNames, web pages) are linked as they are when they are http(s) addresses, ontology
terms to the ontology reference page, and any other IRI (``urn:``, ``mailto:``, ``javascript:``
from a loaded RDF file) not at all: a link to it would do nothing useful, or run a script.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from flask import current_app, has_app_context

DEFAULT_ID_BASE = "https://w3id.org/claimgraph/id/"
ONTOLOGY_NS = "https://w3id.org/claimgraph/ontology#"
LOCAL_PREFIX = "/id/"
# What may appear in a path segment of a minted IRI: the slugs and hashes the annotation mints.
_SAFE_PATH = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._~-]*(/[A-Za-z0-9][A-Za-z0-9._~-]*)*$")
_IRI_FORBIDDEN = re.compile(r'[\s<>"{}|\\^`]')
_WEB_SCHEME = re.compile(r"^https?://", re.IGNORECASE)


def id_base() -> str:
    """The configured IRI base of minted resources (always ending in ``/``)."""
    base = DEFAULT_ID_BASE
    if has_app_context():
        base = current_app.config.get("ID_BASE") or DEFAULT_ID_BASE
    return base if base.endswith("/") else base + "/"


def is_valid_path(path: str) -> bool:
    """Whether ``path`` (without ``/id/``) can name a minted resource."""
    return bool(_SAFE_PATH.match(path)) and ".." not in path


def path_to_iri(path: str) -> str:
    """The minted IRI that the local path ``/id/<path>`` stands for."""
    return id_base() + path


def iri_to_path(iri: str) -> str | None:
    """The local ``/id/...`` path of a minted IRI (fragment dropped), or None for other IRIs."""
    base = id_base()
    if not iri.startswith(base):
        return None
    rest = iri[len(base):].split("#", 1)[0]
    return LOCAL_PREFIX + quote(rest, safe="/-._~") if rest else None


def is_web(iri: str) -> bool:
    """Whether ``iri`` is an http(s) address, the only kind of outside IRI the pages link to."""
    return bool(_WEB_SCHEME.match(iri))


def href(iri: str) -> str | None:
    """Where a link to ``iri`` should point from our pages; None when it should not be a link
    (an IRI that is neither ours nor an http(s) address)."""
    local = iri_to_path(iri)
    if local is not None:
        return local + ("#" + iri.split("#", 1)[1] if "#" in iri else "")
    if iri.startswith(ONTOLOGY_NS):
        return "/ontology#" + iri[len(ONTOLOGY_NS):]
    return iri if is_web(iri) else None


def is_local(iri: str) -> bool:
    """Whether the IRI is one the project mints (and so has a page here)."""
    return iri.startswith(id_base())


def check_iri(iri: str) -> str:
    """``iri`` if it is safe to write as ``<iri>`` in SPARQL; ValueError otherwise."""
    if not iri or _IRI_FORBIDDEN.search(iri) or ":" not in iri:
        raise ValueError(f"not an absolute IRI: {iri!r}")
    return iri


def resolve_entity_arg(value: str) -> str:
    """An ``entity=`` argument (full IRI, ``/id/...`` path or ``segment/slug``) as an IRI."""
    value = value.strip()
    if value.startswith(LOCAL_PREFIX):
        value = value[len(LOCAL_PREFIX):]
    if "://" in value:
        return check_iri(value)
    if is_valid_path(value):
        return path_to_iri(value)
    raise ValueError(f"not an entity IRI or /id/ path: {value!r}")
