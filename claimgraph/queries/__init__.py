"""The named-query catalog: documented SPARQL questions shared by the CLI, HTTP API and views.

``run(store, name, **params)`` answers a named query as records; ``search(store, q)`` finds
entities by name; :class:`QueryRunner` keeps the catalog and name cache for one store.
"""

from claimgraph.queries.catalog import Catalog, CatalogError, QueryDef, UnknownQueryError
from claimgraph.queries.params import ParameterError
from claimgraph.queries.resolve import Resolver, search
from claimgraph.queries.runner import Answer, QueryRunner, execute, run

__all__ = ["Answer", "Catalog", "CatalogError", "ParameterError", "QueryDef", "QueryRunner",
           "Resolver", "UnknownQueryError", "execute", "run", "search"]
