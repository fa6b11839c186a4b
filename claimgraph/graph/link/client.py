"""A polite SPARQL 1.1 protocol client for remote endpoints such as the Wikidata Query Service.

Polite means: it names itself in ``User-Agent`` (the Wikidata Query Service asks for that), gives
every request a connect and read time limit, retries a throttled or failed request with
exponential back-off (honouring ``Retry-After``), sends long queries as form-encoded POSTs, and
remembers answers in an in-object cache and, if given a directory, an on-disk cache, so that
running the same linking twice does not ask twice. The ``sleep`` function is injectable so tests
need not wait. Nothing is global: each client owns its session and cache.
"""

from __future__ import annotations

import hashlib
import json
import sys
import time
from pathlib import Path
from typing import Any, Callable

import requests
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from claimgraph import __version__

USER_AGENT = (f"claimgraph/{__version__} (https://w3id.org/claimgraph; entity linking) "
              f"python-requests/{requests.__version__}")
RESULTS_JSON = "application/sparql-results+json"
RETRY_STATUSES = {429, 500, 502, 503, 504}
MAX_GET_URL = 2000


class EndpointError(Exception):
    """The endpoint could not be reached or did not answer a query properly."""


def _term(binding: dict[str, Any]) -> Node:
    kind, value = binding["type"], binding["value"]
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    return Literal(value, lang=binding.get("xml:lang"),
                   datatype=None if binding.get("xml:lang") else binding.get("datatype"))


class SparqlClient:
    """Runs SELECT queries against one endpoint; see the module docstring."""

    def __init__(self, endpoint: str, *, timeout: tuple[float, float] = (5.0, 60.0),
                 retries: int = 4, backoff: float = 1.0, cache_dir: str | Path | None = None,
                 user_agent: str = USER_AGENT, session: requests.Session | None = None,
                 sleep: Callable[[float], None] = time.sleep,
                 caller: str = "claimgraph") -> None:
        self.endpoint = endpoint
        self.caller = caller    # who reports the retries on stderr: the command that asks
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.cache_dir = Path(cache_dir) if cache_dir else None
        self.session = session or requests.Session()
        self.session.headers.update({"User-Agent": user_agent, "Accept": RESULTS_JSON})
        self.sleep = sleep
        self._cache: dict[str, list[dict[str, Node]]] = {}
        self.requests_sent = 0

    def _cache_key(self, query: str) -> str:
        return hashlib.sha256(f"{self.endpoint}\n{query}".encode("utf-8")).hexdigest()

    def select(self, query: str) -> list[dict[str, Node]]:
        """The rows of a SELECT query, each a dict of variable name to rdflib term."""
        key = self._cache_key(query)
        if key in self._cache:
            return self._cache[key]
        path = self.cache_dir / f"{key}.json" if self.cache_dir else None
        if path is not None and path.is_file():
            data = json.loads(path.read_text("utf-8"))
        else:
            data = self._fetch(query)
            if path is not None:
                path.parent.mkdir(parents=True, exist_ok=True)
                tmp = path.with_suffix(".tmp")
                tmp.write_text(json.dumps(data), "utf-8")
                tmp.replace(path)
        try:
            rows = [{name: _term(b) for name, b in row.items()}
                    for row in data["results"]["bindings"]]
        except (KeyError, TypeError) as exc:
            raise EndpointError(f"{self.endpoint}: the answer is not SPARQL JSON SELECT results"
                                ) from exc
        self._cache[key] = rows
        return rows

    def _fetch(self, query: str) -> dict[str, Any]:
        attempt = 0
        while True:
            attempt += 1
            delay = self.backoff * 2 ** (attempt - 1)
            try:
                response = self._send(query)
            except requests.RequestException as exc:
                problem = f"request failed: {exc.__class__.__name__}: {exc}"
            else:
                if response.status_code == 200:
                    try:
                        return response.json()
                    except ValueError as exc:
                        raise EndpointError(
                            f"{self.endpoint}: answered 200 but not with JSON "
                            f"({response.headers.get('Content-Type', 'no content type')})") from exc
                problem = f"HTTP {response.status_code}: {response.text[:300].strip()}"
                if response.status_code not in RETRY_STATUSES:
                    raise EndpointError(f"{self.endpoint}: {problem}")
                retry_after = response.headers.get("Retry-After", "")
                if retry_after.isdigit():
                    delay = max(delay, float(retry_after))
            if attempt > self.retries:
                raise EndpointError(f"{self.endpoint}: gave up after {attempt} attempts; "
                                    f"last: {problem}")
            print(f"{self.caller}: {self.endpoint}: {problem}; retrying in {delay:g} s",
                  file=sys.stderr)
            self.sleep(delay)

    def _send(self, query: str) -> requests.Response:
        self.requests_sent += 1
        params = {"query": query}
        url = requests.Request("GET", self.endpoint, params=params).prepare().url or ""
        if len(url) <= MAX_GET_URL:
            return self.session.get(self.endpoint, params=params, timeout=self.timeout)
        return self.session.post(self.endpoint, data=params, timeout=self.timeout)

    def close(self) -> None:
        """Close the HTTP session."""
        self.session.close()
