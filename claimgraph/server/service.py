"""The SPARQL service an app holds: its store, query pool, writer, checks and access control.

``SparqlService.from_config`` decides how the server holds the store (see execution.py and
docs/architecture-server.md); blueprints reach the service with ``get_service()`` and use:

- ``check_query`` / ``check_update``: the pre-execution checks of querycheck.py (and, for
  updates, updatecheck.py), as ApiErrors;
- ``pool.query`` / ``pool.records``: read queries, in worker processes, with the time limit;
- ``writer.run(fn, *args)``: a write ``fn(store, *args)``, atomically, behind ``require_token``.
"""

from __future__ import annotations

import functools
import hmac
import logging
import os
from typing import Any, Callable

import pyoxigraph as ox
from flask import current_app, request

from claimgraph.graph import querycheck, updatecheck
from claimgraph.graph.store import Store, open_store, store_url_from_env
from claimgraph.server.config import ConfigError
from claimgraph.server.errors import ApiError
from claimgraph.server.execution import _FORK, Limits, QueryPool
from claimgraph.server.snapshot import (MemorySnapshot, SnapshotUnavailable,
                                       folder_fingerprint, memory_copy, read_in_child)
from claimgraph.server.writer import Writer

EXTENSION = "claimgraph.sparql"
log = logging.getLogger("claimgraph.server.service")


class SparqlService:
    """See the module docstring."""

    def __init__(self, config: dict[str, Any], store: Store | None, url: str) -> None:
        self.config = config
        self.url = url
        self.held_store = store
        generation = _FORK.Value("Q", 0)   # shared with web processes forked after this
        self.memory: MemorySnapshot | None = None
        if store is not None:
            snapshot = functools.partial(_held, store)
            refresh = 0.0
        else:
            snapshot = functools.partial(open_store, url, read_only=True)
            refresh = float(config["SNAPSHOT_REFRESH"])
            if snapshot_mode(config, url) == "memory":
                self.memory = _first_memory_snapshot(url, generation, refresh)
        self.pool = QueryPool(snapshot, size=int(config["EXEC_WORKERS"]),
                              timeout=float(config["QUERY_TIMEOUT"]),
                              limits=Limits(results=int(config["MAX_RESULTS"]),
                                            answer_bytes=int(config["MAX_ANSWER_BYTES"]),
                                            memory_mib=int(config["QUERY_MEMORY"])),
                              refresh=refresh,
                              generation=generation, slow_ms=float(config["SLOW_QUERY_MS"]),
                              memory=self.memory)
        self.writer = Writer(store=store, url=None if store is not None else url,
                             timeout=float(config["UPDATE_TIMEOUT"]),
                             on_commit=self._committed, memory_mib=int(config["UPDATE_MEMORY"]))
        self.void_cache: dict[str, Any] = {}

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> "SparqlService":
        """Hold a Store object or a ``memory:`` store in this process; open others per worker."""
        store_setting = config.get("STORE")
        if store_setting is not None and not isinstance(store_setting, str):
            return cls(config, store_setting, getattr(store_setting, "url", "memory:"))
        url = store_url_from_env(store_setting)
        if url.split(":", 1)[0] == "memory":
            return cls(config, open_store(url), url)
        return cls(config, None, url)

    def _check(self, text: str, what: str) -> querycheck.Scan:
        try:
            return querycheck.check(
                text, max_length=int(self.config["MAX_QUERY_LENGTH"]),
                max_nesting=int(self.config["MAX_NESTING"]),
                service_allowlist=list(self.config["SERVICE_ALLOWLIST"]),
                load_allowlist=list(self.config["LOAD_ALLOWLIST"]), what=what)
        except querycheck.QueryRefused as exc:
            raise ApiError(exc.status, str(exc)) from None

    def check_query(self, text: str) -> querycheck.Scan:
        """Refuse a query that breaks a limit or a safety rule, or that is an update."""
        found = self._check(text, "query")
        if found.form == "update":
            raise ApiError(400, "this is a SPARQL update; updates are not accepted here: "
                                "POST them to /update")
        return found

    def check_update(self, text: str) -> querycheck.Scan:
        """Refuse an update that breaks a limit or a safety rule, that is a query, or that
        writes the default graph or a graph the Graph Store would refuse (updatecheck.py)."""
        found = self._check(text, "update")
        if found.form in querycheck.QUERY_FORMS.values():
            raise ApiError(400, "this is a SPARQL query, not an update: send it to /sparql")
        try:
            updatecheck.check_update(text)
        except querycheck.QueryRefused as exc:
            raise ApiError(exc.status, str(exc)) from None
        return found

    def check_graph_uris(self, uris: list[str], where: str,
                         held: Callable[[str], bool] | None = None) -> list[str]:
        """``uris`` when each is an IRI whose scheme names no local resource (http, https, urn,
        tag); with ``held``, also an IRI of another scheme for which ``held`` is true (a graph
        the store already holds, as the loader names an RDF file's graph ``file://…``)."""
        for uri in uris:
            if not querycheck.IRI.fullmatch(uri):
                raise ApiError(400, f"{where}: {uri!r} is not an IRI")
            try:
                ox.NamedNode(uri)   # RFC 3987, as the store checks it
            except ValueError as exc:
                raise ApiError(400, f"{where}: {uri!r} is not a valid IRI: {exc}") from None
            try:
                querycheck.check_graph_iri(uri, where)
            except querycheck.QueryRefused as exc:
                if held is None:
                    raise ApiError(400, str(exc)) from None
                if not held(uri):
                    raise ApiError(400, f"{exc}, unless the store holds the graph (it holds "
                                        "none of that name)") from None
        return uris

    def require_token(self) -> None:
        """Allow a write only with ``Authorization: Bearer <UPDATE_TOKEN>`` (constant time)."""
        token = self.config.get("UPDATE_TOKEN")
        if not token:
            raise ApiError(403, "this server is read-only: writes are disabled (no UPDATE_TOKEN "
                                "is configured)")
        scheme, _, presented = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not presented.strip():
            raise ApiError(401, "writes need an 'Authorization: Bearer <token>' header",
                           headers={"WWW-Authenticate": 'Bearer realm="claimgraph"'})
        if not hmac.compare_digest(presented.strip().encode(), str(token).encode()):
            raise ApiError(403, "the bearer token is not valid for writes",
                           headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})

    def _committed(self) -> None:
        self.pool.invalidate()
        # A client should see its own write once /update answers: wait for this web process's
        # copy (others rebuild theirs when they notice the new generation).
        timeout = float(self.config["UPDATE_TIMEOUT"])
        if self.memory is not None and not self.memory.wait_fresh(timeout):
            log.warning("the in-memory snapshot was not rebuilt after a write")

    def close(self) -> None:
        self.pool.close()
        if self.memory is not None:
            self.memory.close()


def snapshot_mode(config: dict[str, Any], url: str) -> str:
    """``"memory"`` or ``"disk"``: how query workers hold an ``oxigraph:`` store (SNAPSHOT_MODE;
    ``"auto"`` copies it to memory when it holds at most SNAPSHOT_MEMORY_MAX_QUADS quads)."""
    mode = str(config["SNAPSHOT_MODE"]).lower()
    if mode not in ("auto", "memory", "disk"):
        raise ConfigError(f"SNAPSHOT_MODE = {mode!r}: expected auto, memory or disk")
    if url.split(":", 1)[0] != "oxigraph":
        if mode == "memory":
            raise ConfigError(f"SNAPSHOT_MODE = memory needs an oxigraph: store, not {url}")
        return "disk"
    if mode == "auto":
        size = read_in_child(url, _count)
        mode = "memory" if size <= int(config["SNAPSHOT_MEMORY_MAX_QUADS"]) else "disk"
        log.info("SNAPSHOT_MODE auto: %d quads -> %s", size, mode)
    return mode


def _first_memory_snapshot(url: str, generation: Any, refresh: float) -> MemorySnapshot | None:
    """The in-memory copy of ``url``, or None (disk mode) when it cannot be built: the server
    must still start, or the only way back from a store that cannot be copied is a shell."""
    memory = MemorySnapshot(functools.partial(memory_copy, url), generation, refresh=refresh,
                            fingerprint=functools.partial(folder_fingerprint, _store_path(url)))
    try:
        memory.load()
    except SnapshotUnavailable as exc:
        log.warning("%s; serving from disk instead (SNAPSHOT_MODE disk) until the server is "
                    "restarted", exc)
        return None
    return memory


def _store_path(url: str) -> str:
    return os.path.abspath(os.path.expanduser(url.split(":", 1)[1]))


def _count(store: Store) -> int:
    return store.count()


def _held(store: Store) -> Store:
    return store


def get_service() -> SparqlService:
    """The SparqlService of the current app."""
    return current_app.extensions[EXTENSION]
