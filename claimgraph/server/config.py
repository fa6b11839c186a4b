"""Server configuration: defaults, then a file, then ``CLAIMGRAPH_*`` variables, then explicit values.

Precedence, lowest first (a later source overrides an earlier one, key by key):

1. ``DEFAULTS`` below;
2. a TOML or JSON file, named by ``CLAIMGRAPH_CONFIG`` or by ``claimgraph serve --config FILE``
   (keys as below, case-insensitive; a TOML file may put them under a ``[server]`` table);
3. environment variables ``CLAIMGRAPH_<KEY>`` (e.g. ``CLAIMGRAPH_QUERY_TIMEOUT=10``); lists are
   comma-separated or JSON;
4. the dict given to ``create_app(config)``, which is where ``claimgraph serve`` puts its flags.

Values are converted to the type of their default; a value that does not convert raises
``ConfigError`` naming the key, the source and what was expected. Keys not listed in
``DEFAULTS`` (settings other blueprints read, e.g. ``RECONCILE_CACHE_SECONDS``) pass through from
the file and from ``create_app``'s dict unchanged; from the environment only listed keys are read.
"""

from __future__ import annotations

import json
import os
import tomllib
from pathlib import Path
from typing import Any, Mapping

ENV_PREFIX = "CLAIMGRAPH_"
CONFIG_ENV_VAR = "CLAIMGRAPH_CONFIG"

DEFAULTS: dict[str, Any] = {
    "STORE": None,               # store URL (see claimgraph.graph.store) or a Store instance
    "QUERY_TIMEOUT": 30.0,       # seconds; a query running longer is killed (503)
    "UPDATE_TIMEOUT": 300.0,     # seconds; for updates and Graph Store writes on disk stores
    "MAX_RESULTS": 100_000,      # rows (SELECT) or triples (CONSTRUCT/DESCRIBE) per answer
    "GRAPH_STORE_MAX_TRIPLES": 100_000,  # triples per Graph Store GET (it has no LIMIT to add)


    "MAX_ANSWER_BYTES": 64 * 1024 * 1024,  # bytes of one serialized answer (422 beyond)
    "QUERY_MEMORY": 1024,        # MiB a query worker may allocate beyond what it holds when it
                                 # starts (the store's copy is not counted); 0 = no limit
    "UPDATE_MEMORY": 1024,       # MiB a write (/update, Graph Store) may allocate beyond what its
                                 # writer process holds once the store is open; 0 = no limit
    "MAX_QUERY_LENGTH": 100_000,  # characters of query or update text
    "MAX_NESTING": 200,          # depth of ( [ { in a query; deeper queries crash Oxigraph
    "MAX_BODY": 16 * 1024 * 1024,  # bytes of request body (Graph Store uploads, updates)
    "READ_TIMEOUT": 10.0,        # seconds (claimgraph serve): a request's headers must arrive
                                 # within this of its first byte, its body never pause longer
    "UPDATE_TOKEN": None,        # bearer token for /update and Graph Store writes; None = read-only
    "SERVICE_ALLOWLIST": [],     # IRI prefixes SERVICE may call; empty = no federation
    "LOAD_ALLOWLIST": [],        # IRI prefixes LOAD may fetch; empty = no LOAD
    "SLOW_QUERY_MS": 1000,       # queries slower than this are logged as slow
    "CORS": "*",                 # Access-Control-Allow-Origin for reads; "" disables CORS
    "EXEC_WORKERS": 2,           # query worker processes per web process
    "SNAPSHOT_REFRESH": 5.0,     # seconds; disk stores: how soon outside writes become visible
    "SNAPSHOT_MODE": "auto",     # oxigraph: stores: "memory" (workers share an in-memory copy),
                                 # "disk" (each worker reads the files), "auto" (memory if small)
    "SNAPSHOT_MEMORY_MAX_QUADS": 2_000_000,  # "auto" copies stores up to this size to memory
    "LOG_LEVEL": "INFO",
    "ID_BASE": "https://w3id.org/claimgraph/id/",  # minted IRIs served at /id/<path>
    "RECONCILE_CACHE_SECONDS": 30.0,  # how long /reconcile keeps the entity list
    "RATE_LIMIT": 0.0,           # requests per second per client address; 0 = no limit
    "RATE_BURST": 0.0,           # requests a client may make at once; 0 = 2 * RATE_LIMIT
}


class ConfigError(ValueError):
    """A configuration value is unknown or has the wrong type."""


def _coerce(key: str, value: Any, source: str) -> Any:
    default = DEFAULTS[key]
    expected = type(default)
    try:
        if default is None or value is None:
            return value
        if isinstance(default, bool):
            if isinstance(value, str):
                if value.lower() in ("1", "true", "yes", "on"):
                    return True
                if value.lower() in ("0", "false", "no", "off"):
                    return False
                raise ValueError(value)
            return bool(value)
        if isinstance(default, list):
            if isinstance(value, str):
                text = value.strip()
                if text.startswith("["):
                    value = json.loads(text)
                else:
                    value = [part.strip() for part in text.split(",") if part.strip()]
            if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
                raise ValueError(value)
            return list(value)
        if isinstance(default, (int, float)) and isinstance(value, bool):
            raise ValueError(value)
        result = expected(value)
        if isinstance(result, (int, float)) and result < 0:
            raise ValueError(value)
        return result
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{source}: {key} = {value!r} is not a valid "
                          f"{'list of strings' if expected is list else expected.__name__}"
                          f" (default {default!r})") from exc


def _merge(target: dict[str, Any], values: Mapping[str, Any], source: str) -> None:
    for raw_key, value in values.items():
        key = raw_key.upper()
        if key not in DEFAULTS:      # a setting another part of claimgraph reads: pass it on
            target[key] = value
            continue
        target[key] = value if key == "STORE" and not isinstance(value, str) \
            else _coerce(key, value, source)


def read_config_file(path: str | os.PathLike[str]) -> dict[str, Any]:
    """The settings in a TOML (``.toml``) or JSON file."""
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{file}: cannot read configuration file: {exc.strerror}") from exc
    try:
        data = tomllib.loads(text) if file.suffix.lower() == ".toml" else json.loads(text)
    except (tomllib.TOMLDecodeError, json.JSONDecodeError) as exc:
        raise ConfigError(f"{file}: not valid {'TOML' if file.suffix == '.toml' else 'JSON'}: "
                          f"{exc}") from exc
    if isinstance(data, dict) and isinstance(data.get("server"), dict):
        data = data["server"]
    if not isinstance(data, dict):
        raise ConfigError(f"{file}: expected a table/object of settings")
    return data


def load_config(explicit: Mapping[str, Any] | None = None,
                environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Merge defaults, the config file, the environment and ``explicit`` (see module docstring)."""
    environ = os.environ if environ is None else environ
    explicit = dict(explicit or {})
    config = dict(DEFAULTS)
    config_file = explicit.pop("CONFIG", None) or explicit.pop("config", None) \
        or environ.get(CONFIG_ENV_VAR)
    if config_file:
        _merge(config, read_config_file(config_file), str(config_file))
    from_env = {name[len(ENV_PREFIX):]: value for name, value in environ.items()
                if name.startswith(ENV_PREFIX) and name[len(ENV_PREFIX):] in DEFAULTS}
    _merge(config, from_env, "environment")
    _merge(config, explicit, "create_app")
    if str(config["SNAPSHOT_MODE"]).lower() not in ("auto", "memory", "disk"):
        raise ConfigError(f"SNAPSHOT_MODE = {config['SNAPSHOT_MODE']!r} is not valid "
                          "(expected auto, memory or disk)")
    return config
