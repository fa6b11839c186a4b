"""A remote SPARQL 1.1 store over the standard protocol: ``sparql:QUERY_URL[;update=URL]``.

Options after ``;``: ``update=URL`` (default: the query URL), ``timeout=SECONDS`` (default 60),
``auth=basic|digest`` with the user and password in ``$CLAIMGRAPH_SPARQL_USER`` /
``$CLAIMGRAPH_SPARQL_PASSWORD`` (Virtuoso: ``auth=digest`` against ``/sparql-auth``),
``batch=TRIPLES`` (default BATCH; Virtuoso 7.2 refuses an INSERT DATA of more than about 1,500
triples, "generated SQL text has exceeded 10000 lines": use ``batch=1000``).

Every request sends an Accept header (Virtuoso answers HTML without one) and is form-encoded
(direct ``application/sparql-query`` POSTs can hang on Virtuoso). A query that names no graph runs
over the server's default graph: the union of all graphs on Virtuoso, and on Fuseki when its
dataset sets ``tdb2:unionDefaultGraph true``.

A graph replacement of up to BATCH triples is one update request (``DROP SILENT GRAPH <g> ;
INSERT DATA {...}``), atomic on every server we know. A larger one is sent in batches into a
staging graph and then moved onto its target by one final request; blank nodes in such a batched
write are skolemized (RDF 1.1 section 3.5) so that batches cannot split them. A server that
refuses to move very many graphs in one request as "too large" (Virtuoso 7.2, about a thousand
graphs) gets them in groups: each document then appears whole, but not all at the same moment.

Virtuoso 7.2 keeps one datatype per integer value within a request: ``"false"^^xsd:boolean`` and
``"0"^^xsd:nonNegativeInteger`` in the same update both come back with the datatype written first
(likewise xsd:int, xsd:short, xsd:unsignedInt...). A write whose literals would so collide is
therefore split into requests in which they cannot: it goes the staged way, whose batches are
cut where a collision would begin.
"""

from __future__ import annotations

import itertools
import math
import os
import re
import time
import uuid
from typing import Callable, Collection, Iterable, Iterator, Mapping, TypeVar

import pyoxigraph as ox
import requests
import urllib3

from claimgraph.graph.backends.terms import (Solutions, Triples, named_node, graphs_as_quads,
                                             native_result, query_result, stream_quads)
from claimgraph.graph.store import (STAGING_PREFIX, QuadCheck, QueryResult, QuerySyntaxError,
                                    Store, StoreError, Triple)

BATCH = 10_000
MOVE_GROUP = 200  # graphs moved per request when the server refuses to move them all at once
SKOLEM_PREFIX = "https://w3id.org/claimgraph/.well-known/genid/"
_XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_BOOLEAN = _XSD + "boolean"
_BOXED_INTEGER_TYPES = frozenset(_XSD + name for name in (
    "int", "short", "byte", "nonNegativeInteger", "positiveInteger", "nonPositiveInteger",
    "negativeInteger", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte"))
ACCEPT = ("application/sparql-results+json, application/n-triples;q=0.9, "
          "text/turtle;q=0.8, application/sparql-results+xml;q=0.5")
# Virtuoso answers a CONSTRUCT with a results table (and a SELECT with a graph) when the Accept
# header allows it, so each query asks only for the kind of answer its form gives.
RESULTS_ACCEPT = "application/sparql-results+json, application/sparql-results+xml;q=0.5"
GRAPH_ACCEPT = "application/n-triples, text/turtle;q=0.8"
_QUERY_FORM = re.compile(r"(?:\s+|#[^\n]*|PREFIX\s*[^\s:]*:\s*<[^>]*>|BASE\s*<[^>]*>)*"
                         r"(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)
# Graphs a server keeps for itself: Virtuoso's quad-map schema and the LDP vocabulary it
# re-inserts at every start. docs/scaling.md makes them private; graphs() skips them anyway.
SYSTEM_GRAPHS = ("http://www.openlinksw.com/schemas/virtrdf#", "http://www.w3.org/ns/ldp#")
_RESULT_FORMATS = {"application/sparql-results+json": ox.QueryResultsFormat.JSON,
                   "application/sparql-results+xml": ox.QueryResultsFormat.XML,
                   "text/csv": ox.QueryResultsFormat.CSV,
                   "text/tab-separated-values": ox.QueryResultsFormat.TSV}
_GRAPH_FORMATS = {"application/n-triples": ox.RdfFormat.N_TRIPLES,
                  "text/plain": ox.RdfFormat.N_TRIPLES, "text/turtle": ox.RdfFormat.TURTLE,
                  "application/rdf+xml": ox.RdfFormat.RDF_XML,
                  "application/ld+json": ox.RdfFormat.JSON_LD}


_R = TypeVar("_R")


class SparqlStore(Store):
    """A SPARQL 1.1 protocol client behind the claimgraph Store interface."""

    def __init__(self, query_url: str, update_url: str | None = None, *, timeout: float = 60,
                 auth: object = None, read_only: bool = False, batch: int | None = None) -> None:
        self.query_url = query_url
        self.batch = batch
        self.update_url = update_url or query_url
        self.url = f"sparql:{query_url}" + (f";update={update_url}" if update_url else "")
        self.timeout = timeout
        self.read_only = read_only
        self._session = requests.Session()
        self._session.auth = auth  # type: ignore[assignment]

    @classmethod
    def from_url(cls, scheme: str, rest: str, read_only: bool = False,
                 create: bool = True) -> "SparqlStore":
        """Open ``sparql:QUERY_URL[;update=URL][;timeout=S][;auth=basic|digest]`` (the server's
        store: ``create`` has nothing to do)."""
        query_url, *options = rest.split(";")
        if not query_url.startswith(("http://", "https://")):
            raise StoreError(f"sparql: needs an http(s) query URL, got {query_url!r}")
        settings: dict[str, str] = {}
        for option in options:
            key, sep, value = option.partition("=")
            if not sep or key not in ("update", "timeout", "auth", "batch"):
                raise StoreError(f"unknown sparql: store option {option!r}; expected update=URL, "
                                 "timeout=SECONDS, auth=basic|digest or batch=TRIPLES")
            settings[key] = value
        auth = None
        if "auth" in settings:
            user = os.environ.get("CLAIMGRAPH_SPARQL_USER", "")
            password = os.environ.get("CLAIMGRAPH_SPARQL_PASSWORD", "")
            kinds = {"basic": requests.auth.HTTPBasicAuth,
                     "digest": requests.auth.HTTPDigestAuth}
            if settings["auth"] not in kinds:
                raise StoreError("auth= must be basic or digest")
            auth = kinds[settings["auth"]](user, password)
        try:
            timeout = float(settings.get("timeout", 60))
        except ValueError:
            timeout = math.nan
        if not 0 < timeout < math.inf:
            raise StoreError(f"timeout= must be a positive number of seconds, "
                             f"got {settings['timeout']!r}")
        batch = settings.get("batch")
        if batch is not None and not (batch.isdigit() and int(batch) > 0):
            raise StoreError(f"batch= must be a positive number of triples, got {batch!r}")
        return cls(query_url, settings.get("update"), timeout=timeout, auth=auth,
                   read_only=read_only, batch=int(batch) if batch else None)

    def _post(self, url: str, data: list[tuple[str, str]], accept: str) -> requests.Response:
        deadline = time.monotonic() + self.timeout
        try:
            response = self._session.post(url, data=data, headers={"Accept": accept},
                                          timeout=(min(10.0, self.timeout), self.timeout),
                                          stream=True)
            # requests' timeout bounds each read, not the whole answer: a server that sends a
            # byte now and then would hold us forever, so the body is read against a deadline.
            chunks = []
            while chunk := response.raw.read1(65536, decode_content=True):
                chunks.append(chunk)
                if time.monotonic() > deadline:
                    response.close()
                    raise requests.Timeout()
            response._content = b"".join(chunks)
        except (requests.Timeout, urllib3.exceptions.ReadTimeoutError):
            raise StoreError(f"{url} did not answer within {self.timeout:g} s") from None
        except (requests.RequestException, urllib3.exceptions.HTTPError) as error:
            raise StoreError(f"cannot reach {url}: {error}") from None
        if response.status_code >= 400:
            body = response.text[:500].strip()
            # Virtuoso reports SPARQL syntax errors as 500 with its compiler's code; its SP031
            # is the compiler failing on a valid query (or on a size limit), not a syntax error.
            internal = "SP031" in body
            if not internal and (response.status_code == 400 or "SP030" in body
                                 or "37000" in body):
                raise QuerySyntaxError(body or f"HTTP {response.status_code}")
            raise StoreError(f"{url} answered HTTP {response.status_code}: {body}")
        return response

    def query(self, sparql: str, *, default_graph_uris: list[str] | None = None,
              named_graph_uris: list[str] | None = None,
              base_iri: str | None = None) -> QueryResult:
        return self._query(query_result, sparql, default_graph_uris, named_graph_uris,
                           base_iri)

    def query_terms(self, sparql: str, *, default_graph_uris: list[str] | None = None,
                    named_graph_uris: list[str] | None = None,
                    base_iri: str | None = None) -> QueryResult | Solutions | Triples:
        """The answer in the terms pyoxigraph parsed from the server's response, as the server
        wrote them (see ``Store.query_terms``): the endpoint passes them on unchanged."""
        return self._query(native_result, sparql, default_graph_uris, named_graph_uris,
                           base_iri)

    def _query(self, convert: Callable[[object], _R], sparql: str,
               default_graph_uris: list[str] | None, named_graph_uris: list[str] | None,
               base_iri: str | None) -> _R:
        if base_iri:
            sparql = f"BASE <{named_node(base_iri).value}>\n{sparql}"
        data = [("query", sparql)]
        data += [("default-graph-uri", g) for g in default_graph_uris or ()]
        data += [("named-graph-uri", g) for g in named_graph_uris or ()]
        response = self._post(self.query_url, data, _accept(sparql))
        media_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
        try:
            if media_type in _RESULT_FORMATS:
                return convert(ox.parse_query_results(response.content,
                                                      format=_RESULT_FORMATS[media_type]))
            if media_type in _GRAPH_FORMATS:
                return convert(ox.parse(response.content, format=_GRAPH_FORMATS[media_type]))
        except SyntaxError as error:
            raise StoreError(f"{self.query_url} sent malformed {media_type}: {error}") from None
        raise StoreError(f"{self.query_url} answered with unexpected type {media_type!r}")

    def update(self, sparql: str) -> None:
        if self.read_only:
            from claimgraph.graph.store import ReadOnlyError
            raise ReadOnlyError(f"{self.url} is open read-only")
        self._post(self.update_url, [("update", sparql)], "*/*")

    def graphs(self) -> list[str]:
        # The same as SELECT DISTINCT ?g, which Virtuoso 7.2 answers from a special path that
        # took 18 s on 800 graphs and ignores graph permissions; GROUP BY took 0.1 s.
        result = self.query("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
        return sorted(str(row["g"]) for row in result.rows
                      if not str(row["g"]).startswith(STAGING_PREFIX)
                      and str(row["g"]) not in SYSTEM_GRAPHS)

    def count(self, graph_iri: str | None = None) -> int:
        graph = f"<{named_node(graph_iri).value}>" if graph_iri else "?g"
        result = self.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}")
        return int(result.rows[0]["n"]) if result.rows else 0

    def remove_graph(self, graph_iri: str) -> bool:
        iri = named_node(graph_iri).value
        existed = bool(self.query(f"ASK {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}").boolean)
        self.update(f"DROP SILENT GRAPH <{iri}>")
        return existed

    def replace_graphs(self, graphs: Mapping[str, Iterable[Triple]]) -> dict[str, int]:
        return self._write(graphs_as_quads(graphs), list(graphs))

    def load_file(self, path: str, media_type: str, *, default_graph: str,
                  base_iri: str | None = None,
                  progress: Callable[..., None] | None = None,
                  refuse: Collection[str] = (),
                  check: QuadCheck | None = None,
                  before_visible: Callable[[], None] | None = None) -> dict[str, int]:
        if before_visible is not None:
            before_visible()
        quads = stream_quads(path, media_type, default_graph=default_graph, base_iri=base_iri,
                             progress=progress, refuse=refuse, check=check)
        return self._write(quads, [])

    def _write(self, quads: Iterator[ox.Quad], targets: list[str]) -> dict[str, int]:
        size = self.batch or BATCH
        head = list(itertools.islice(quads, size + 1))
        counts = dict.fromkeys(targets, 0)
        if len(head) <= size and not _collides(head):
            for quad in head:
                counts[quad.graph_name.value] = counts.get(quad.graph_name.value, 0) + 1
            self.update("".join(f"DROP SILENT GRAPH <{name}> ;\n" for name in counts)
                        + _insert_data(head))
            return counts
        load_id = uuid.uuid4().hex
        staging: dict[str, str] = {name: f"{STAGING_PREFIX}{load_id}/{i}"
                                   for i, name in enumerate(targets)}
        try:
            for batch in _batches(itertools.chain(head, quads), size):
                relabeled = []
                for quad in batch:
                    name = quad.graph_name.value
                    counts[name] = counts.get(name, 0) + 1
                    if name not in staging:
                        staging[name] = f"{STAGING_PREFIX}{load_id}/{len(staging)}"
                    relabeled.append(ox.Quad(_skolem(quad.subject, load_id), quad.predicate,
                                             _skolem(quad.object, load_id),
                                             ox.NamedNode(staging[name])))
                self.update(_insert_data(relabeled))
            self._move(staging)
        except BaseException:
            for stage in staging.values():
                try:
                    self.update(f"DROP SILENT GRAPH <{stage}>")
                except StoreError:
                    pass
            raise
        return counts

    def _move(self, staging: Mapping[str, str]) -> None:
        """Move every staging graph onto its target: in one request when the server takes it
        (the whole load appears at once), else in groups of MOVE_GROUP graphs, so that each
        document still appears whole (Virtuoso refuses a request moving about a thousand
        graphs: "SQ200: Query too large")."""
        moves = [f"DROP SILENT GRAPH <{target}> ; MOVE SILENT <{stage}> TO <{target}>"
                 for target, stage in staging.items()]
        try:
            self.update(" ;\n".join(moves))
            return
        except StoreError as refused:
            if len(moves) <= MOVE_GROUP or "too large" not in str(refused).lower():
                raise
        for start in range(0, len(moves), MOVE_GROUP):
            self.update(" ;\n".join(moves[start:start + MOVE_GROUP]))

    def close(self) -> None:
        self._session.close()


def _accept(sparql: str) -> str:
    match = _QUERY_FORM.match(sparql)
    if match is None:
        return ACCEPT
    return GRAPH_ACCEPT if match.group(1).upper() in ("CONSTRUCT", "DESCRIBE") else RESULTS_ACCEPT


def _skolem(term: object, load_id: str) -> object:
    if type(term) is ox.BlankNode:
        return ox.NamedNode(f"{SKOLEM_PREFIX}{load_id}-{term.value}")  # type: ignore[attr-defined]
    return term


def _batches(quads: Iterator[ox.Quad], size: int) -> Iterator[list[ox.Quad]]:
    """Batches of at most ``size`` quads, none holding two literals Virtuoso would conflate."""
    batch: list[ox.Quad] = []
    datatypes: dict[int, str] = {}
    for quad in quads:
        boxed = _boxed_integer(quad.object)
        if len(batch) == size or (boxed and datatypes.get(boxed[0], boxed[1]) != boxed[1]):
            yield batch
            batch, datatypes = [], {}
        if boxed:
            datatypes[boxed[0]] = boxed[1]
        batch.append(quad)
    if batch:
        yield batch


def _collides(quads: list[ox.Quad]) -> bool:
    return len(list(_batches(iter(quads), len(quads) + 1))) > 1


def _boxed_integer(term: object) -> tuple[int, str] | None:
    """(value, datatype) of a literal Virtuoso stores as an integer carrying its datatype: an
    xsd:boolean or an integer type other than xsd:integer and xsd:long (which it keeps as plain
    integers), else None."""
    if type(term) is not ox.Literal:
        return None
    datatype = term.datatype.value  # type: ignore[attr-defined]
    if datatype == XSD_BOOLEAN:
        return (1 if term.value in ("true", "1") else 0), datatype  # type: ignore[attr-defined]
    if datatype in _BOXED_INTEGER_TYPES:
        try:
            return int(term.value), datatype  # type: ignore[attr-defined]
        except ValueError:
            return None
    return None


def _insert_data(quads: list[ox.Quad]) -> str:
    parts = ["INSERT DATA {"]
    for name, group in itertools.groupby(quads, key=lambda q: q.graph_name.value):
        parts.append(f"GRAPH <{name}> {{")
        parts.extend(f"{q.subject} {q.predicate} {q.object} ." for q in group)
        parts.append("}")
    parts.append("}")
    return "\n".join(parts)
