"""Turn what a user typed (an IRI, a name, an alias or a slug) into the IRI of one entity.

Names go to the project's resolver (``claimgraph.queries.resolve``: accent- and punctuation-
insensitive, label before alias before unique prefix; a label that is another entity's alias is
ambiguous) when it is installed; otherwise names match rdfs:label, skos:prefLabel, skos:altLabel or cg:slug exactly, ignoring case; the best
kind of match wins (label before alias before slug), and entities win over statements (whose
labels are their text). Several entities matching equally well is an error listing them.
"""

from __future__ import annotations

from claimgraph.graph.network.sparql import ID, NetworkError, UnknownEntity, check_iri, \
    load_query
from claimgraph.graph.store import Store


class AmbiguousName(NetworkError):
    """A name matches several entities equally well."""


def sparql_string(text: str) -> str:
    """``text`` as a SPARQL double-quoted string literal, every special character escaped."""
    escaped = (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
               .replace("\r", "\\r").replace("\t", "\\t"))
    return f'"{escaped}"'


def resolve(store: Store, text: str) -> str:
    """The IRI of the entity ``text`` names; NetworkError if none or several."""
    text = text.strip()
    if not text:
        raise NetworkError("empty name", "entity")
    if len(text) > 500:
        raise NetworkError("a name of more than 500 characters", "entity")
    if text.startswith(("http://", "https://", "urn:")) or text.startswith("<"):
        iri = check_iri(text.strip("<>"), "entity")
        if not store.query(f"ASK {{ {{ <{iri}> ?p ?o }} UNION {{ ?s ?p <{iri}> }} }}").boolean:
            raise UnknownEntity(f"{iri} is not in the store", "entity")
        return iri
    if text.count("/") == 1 and " " not in text:
        # A path relative to the project's id namespace, e.g. person/vladimir-putin.
        return resolve(store, str(ID[text]))
    try:
        from claimgraph.queries.catalog import Catalog
        from claimgraph.queries.params import ParameterError
        from claimgraph.queries.resolve import Resolver
    except ImportError:
        return _resolve_label(store, text)
    try:
        return str(Resolver(store, Catalog.load().system("resolve"))
                   .resolve_name("entity", "entity", text))
    except ParameterError as exc:
        error = AmbiguousName if exc.ambiguous else UnknownEntity
        raise error(exc.reason, "entity") from None


def _resolve_label(store: Store, text: str) -> str:
    """The fallback name match of the module docstring."""
    rows = store.query(load_query("resolve").replace("#NAME", sparql_string(text))).rows
    if not rows:
        raise UnknownEntity(f"no entity is named {text!r}", "entity")
    candidates = sorted(rows, key=lambda r: (str(r.get("isStatement", "false")) == "true",
                                             int(r["rank"]), str(r["n"])))
    best = candidates[0]
    ties = [r for r in candidates
            if int(r["rank"]) == int(best["rank"])
            and str(r.get("isStatement", "false")) == str(best.get("isStatement", "false"))]
    if len(ties) > 1:
        listed = ", ".join(f"{r['n']} ({r.get('name', '')})" for r in ties[:10])
        raise AmbiguousName(f"{text!r} names {len(ties)} entities: {listed}; give an IRI "
                            "instead", "entity")
    return str(best["n"])
