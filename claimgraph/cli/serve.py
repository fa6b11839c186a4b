"""``claimgraph serve``: run the web application under gunicorn (never Flask's dev server)."""

from __future__ import annotations

from typing import Any

import click


def _gunicorn_application(app_config: dict[str, Any], options: dict[str, Any]) -> Any:
    from gunicorn.app.base import BaseApplication

    class ClaimgraphApplication(BaseApplication):  # type: ignore[misc]
        """gunicorn running ``create_app(app_config)``, loaded once in the master (preload)."""

        def load_config(self) -> None:
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            from claimgraph.server.app import create_app

            return create_app(app_config)

    return ClaimgraphApplication()


def _warn_if_ledger_outdated(url: str) -> None:
    """Say on stderr when the store's ledger was derived by an earlier claimgraph (the listings
    that read what a newer one derives answer from it incompletely), or is older than the data
    (loaded or dropped since without a refresh), until it is derived again."""
    if not url.startswith("oxigraph:"):
        return  # a memory: store's ledger is derived here; a remote store's is its loader's
    from claimgraph.graph import ledger
    from claimgraph.graph.store import StoreError
    from claimgraph.server.snapshot import read_in_child

    try:
        # in a child: RocksDB opened here would hang the workers gunicorn forks from this process
        reason = read_in_child(url, ledger.needs_refresh, timeout=60)
    except StoreError:
        return  # the application reports an unusable store itself
    if reason is not None:
        click.echo(f"claimgraph serve: the store's claim ledger {reason}; run `claimgraph "
                   "ledger refresh` (or `claimgraph load --example --if-empty`, as `make run` "
                   "does) so that every listing answers in full", err=True)


def _memory_store_with_the_seed() -> Any:
    """A memory: store holding the bundled seed and its claim ledger, loaded here: a memory:
    store lives in the process that serves it, so a `claimgraph load` before cannot fill it."""
    from claimgraph.cli.store import refresh_ledger
    from claimgraph.graph.annotation import bundled_annotations
    from claimgraph.graph.load import load_paths
    from claimgraph.graph.store import open_store

    store = open_store("memory:")
    refused = [r.error for r in load_paths(store, bundled_annotations()) if r.error is not None]
    if refused:
        raise click.ClickException(f"the bundled seed does not load: {refused[0]}")
    refresh_ledger(store)
    click.echo(f"claimgraph serve: loaded the bundled seed into the memory: store "
               f"({store.count():,} triples)", err=True)
    return store


def _count(number: int, noun: str, plural: str = "s") -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}{plural}"


def register(group: click.Group) -> None:
    """Add the ``serve`` command to ``group``."""

    @group.command("serve")
    @click.option("--store", "store_url", default=None,
                  help="Store URL (overrides the group's --store and $CLAIMGRAPH_STORE).")
    @click.option("--host", default="127.0.0.1", show_default=True,
                  help="Address to listen on; 0.0.0.0 exposes the server to the network.")
    @click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
    @click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64),
                  help="Web worker processes.")
    @click.option("--threads", default=4, show_default=True, type=click.IntRange(1, 64),
                  help="Threads per web worker (requests one web worker handles at once).")
    @click.option("--query-workers", type=click.IntRange(1, 64), default=None,
                  help="Query processes per web worker (setting EXEC_WORKERS; default 2).")
    @click.option("--timeout", "query_timeout", type=click.FloatRange(0.1), default=None,
                  help="Query time limit in seconds (setting QUERY_TIMEOUT; default 30).")
    @click.option("--config", "config_file", type=click.Path(exists=True, dir_okay=False),
                  default=None, help="TOML or JSON settings file (else $CLAIMGRAPH_CONFIG).")
    @click.option("--example", is_flag=True,
                  help="Serve the bundled seed from a memory: store, loaded by this process "
                       "(a memory: store starts empty, and `claimgraph load` in another "
                       "process cannot fill it). A memory: store only.")
    @click.pass_context
    def serve(ctx: click.Context, store_url: str | None, host: str, port: int, workers: int,
              threads: int, query_workers: int | None, query_timeout: float | None,
              config_file: str | None, example: bool) -> None:
        """Serve the SPARQL endpoint and the web views with gunicorn.

        Settings come from defaults, then the config file, then CLAIMGRAPH_* environment
        variables, then these flags. Writes (/update, graph store) are enabled only when
        CLAIMGRAPH_UPDATE_TOKEN (or UPDATE_TOKEN in the file) is set; a token is never taken
        on the command line, where other users could read it.
        """
        from claimgraph.graph.store import StoreError, store_url_from_env
        from claimgraph.server.config import ConfigError, load_config

        app_config: dict[str, Any] = {}
        if config_file:
            app_config["CONFIG"] = config_file
        store = store_url or (ctx.obj or {}).get("store_url")
        if store:
            app_config["STORE"] = store
        if query_workers is not None:
            app_config["EXEC_WORKERS"] = query_workers
        if query_timeout is not None:
            app_config["QUERY_TIMEOUT"] = query_timeout
        try:
            settings = load_config(dict(app_config))
            url = store_url_from_env(settings.get("STORE"))
        except (ConfigError, StoreError) as exc:
            raise click.UsageError(str(exc)) from exc
        if example:
            if not url.startswith("memory:"):
                raise click.UsageError(f"--example is for a memory: store, not {url}: load the "
                                       "seed into it with `claimgraph load --example --if-empty`")
            app_config["STORE"] = settings["STORE"] = _memory_store_with_the_seed()
        if workers > 1 and url.startswith("memory:"):
            click.echo("claimgraph serve: a memory: store lives in one process; using 1 worker",
                       err=True)
            workers = 1
        _warn_if_ledger_outdated(url)
        limit = max(float(settings["QUERY_TIMEOUT"]), float(settings["UPDATE_TIMEOUT"]))
        from claimgraph.server import balance

        options = {
            "bind": f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
            "workers": workers,
            "threads": threads,
            "worker_class": balance.worker_class(),   # gthread, sharing connections evenly
            "child_exit": balance.child_exit,
            "preload_app": True,
            "timeout": int(limit) + 30,
            "graceful_timeout": 10,
            "keepalive": 5,
            "limit_request_line": 8190,
            "accesslog": None,
            "errorlog": "-",
            "loglevel": str(settings["LOG_LEVEL"]).lower(),
            "proc_name": "claimgraph-serve",
            "control_socket_disable": True,
        }
        click.echo(f"claimgraph serve: http://{host}:{port}/sparql ({_count(workers, 'worker')} x "
                   f"{_count(threads, 'thread')}, "
                   f"{_count(int(settings['EXEC_WORKERS']), 'query process', 'es')} each)",
                   err=True)
        _gunicorn_application(app_config, options).run()
