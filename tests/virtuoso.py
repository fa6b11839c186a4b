"""A private Virtuoso Open Source 7.2 server for tests and benchmarks, started and stopped by them.

``VirtuosoServer`` derives a ``virtuoso.ini`` from the Debian package's
(``/etc/virtuoso-opensource-7/virtuoso.ini``) with every file in a private folder, the SQL and HTTP
listeners on free 127.0.0.1 ports of their own (never the 1111/8890 defaults), and the settings
claimgraph needs (see docs/scaling.md): ``ResultSetMaxRows`` raised, because 7.2 otherwise cuts
every result at 10,000 rows without saying so, and a query time limit well above the tests'.

Updates go through ``/sparql-auth`` with HTTP digest authentication as a user that holds the
``SPARQL_UPDATE`` role; ``/sparql`` stays read-only for the anonymous ``SPARQL`` user. The store
URL is ``sparql:http://127.0.0.1:PORT/sparql;update=http://127.0.0.1:PORT/sparql-auth;auth=digest;
batch=1000`` with the credentials in ``CLAIMGRAPH_SPARQL_USER`` / ``CLAIMGRAPH_SPARQL_PASSWORD``.

The ``virtuoso`` fixture (session scope) yields a running server, or skips with the reason when
``virtuoso-t`` is not installed (``apt-get install virtuoso-opensource``).
"""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import time
from pathlib import Path
from typing import Iterator

import pytest
import requests

PACKAGE_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")
UPDATE_USER = "claimgraph"
UPDATE_PASSWORD = "claimgraph-test"
PRIVATE_GROUP = "http://www.openlinksw.com/schemas/virtrdf#PrivateGraphs"
SYSTEM_GRAPHS = ("http://www.openlinksw.com/schemas/virtrdf#", "http://www.w3.org/ns/ldp#")


def virtuoso_binary() -> str | None:
    """The path of ``virtuoso-t``, or None when Virtuoso is not installed."""
    return shutil.which("virtuoso-t")


def isql_binary() -> str | None:
    """The path of Debian's ``isql-vt`` (the Virtuoso SQL client), or None."""
    return shutil.which("isql-vt") or shutil.which("isql-v")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def derive_ini(template: str, overrides: dict[str, dict[str, str]]) -> str:
    """``template`` (a Virtuoso ini) with ``overrides[section][key]`` set, keys added if absent.

    Line-based on purpose: Virtuoso's ini repeats keys and uses ``;`` comments, which
    configparser does not round-trip. A repeated overridden key keeps only the override.
    """
    wanted = {s.lower(): {k.lower(): (k, v) for k, v in kv.items()} for s, kv in overrides.items()}
    titles = {s.lower(): s for s in overrides}
    written: set[tuple[str, str]] = set()
    out: list[str] = []
    section = ""

    def close(name: str) -> None:
        for key, (spelling, value) in wanted.get(name, {}).items():
            if (name, key) not in written:
                out.append(f"{spelling} = {value}")
                written.add((name, key))

    for line in template.splitlines():
        header = re.match(r"\s*\[([^\]]+)\]", line)
        entry = re.match(r"\s*([A-Za-z0-9_]+)\s*=", line)
        if header:
            close(section)
            section = header.group(1).strip().lower()
        elif entry and entry.group(1).lower() in wanted.get(section, {}):
            key = entry.group(1).lower()
            if (section, key) not in written:
                out.append(f"{entry.group(1)} = {wanted[section][key][1]}")
                written.add((section, key))
            continue
        out.append(line)
    close(section)
    for name in wanted:
        if any((name, key) not in written for key in wanted[name]):
            out.append(f"[{titles[name]}]")
            close(name)
    return "\n".join(out) + "\n"


class VirtuosoServer:
    """One ``virtuoso-t`` process with its database in ``folder``; see the module docstring."""

    def __init__(self, folder: Path, *, buffers: int = 60_000, query_seconds: int = 600) -> None:
        self.folder = Path(folder)
        self.sql_port = free_port()
        self.http_port = free_port()
        self.buffers = buffers
        self.query_seconds = query_seconds
        self.process: subprocess.Popen | None = None

    @property
    def sparql_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/sparql"

    @property
    def update_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/sparql-auth"

    @property
    def store_url(self) -> str:
        """The claimgraph store URL (credentials go in the environment, see ``store_env``)."""
        return f"sparql:{self.sparql_url};update={self.update_url};auth=digest;batch=1000"

    @property
    def store_env(self) -> dict[str, str]:
        return {"CLAIMGRAPH_SPARQL_USER": UPDATE_USER,
                "CLAIMGRAPH_SPARQL_PASSWORD": UPDATE_PASSWORD}

    def write_ini(self) -> Path:
        db = self.folder
        overrides = {
            "Database": {"DatabaseFile": db / "virtuoso.db", "ErrorLogFile": db / "virtuoso.log",
                         "LockFile": db / "virtuoso.lck", "TransactionFile": db / "virtuoso.trx",
                         "xa_persistent_file": db / "virtuoso.pxa"},
            "TempDatabase": {"DatabaseFile": db / "virtuoso-temp.db",
                             "TransactionFile": db / "virtuoso-temp.trx"},
            "Parameters": {"ServerPort": f"127.0.0.1:{self.sql_port}",
                           "DirsAllowed": f"., {db}, /usr/share/virtuoso-opensource-7/vad",
                           "NumberOfBuffers": self.buffers,
                           "MaxDirtyBuffers": self.buffers * 3 // 4,
                           "MaxClientConnections": 20, "ThreadsPerQuery": 2},
            "HTTPServer": {"ServerPort": f"127.0.0.1:{self.http_port}",
                           "MaxClientConnections": 20, "ServerThreads": 20},
            "URIQA": {"DefaultHost": f"127.0.0.1:{self.http_port}"},
            # 0: no refusal on the cost estimator's guess, which is unreliable for grouped
            # sub-selects (it refused catalog queries that run in milliseconds, with estimates of
            # 0, 857 or -1,030,750,208 s); MaxQueryExecutionTime still bounds the real time.
            "SPARQL": {"ResultSetMaxRows": 10_000_000,
                       "MaxQueryCostEstimationTime": 0,
                       "MaxQueryExecutionTime": self.query_seconds},
        }
        text = derive_ini(PACKAGE_INI.read_text(encoding="utf-8"),
                          {s: {k: str(v) for k, v in kv.items()} for s, kv in overrides.items()})
        # The Debian plugins (wiki engines, wbxml) are irrelevant here and slow the start down.
        text = re.sub(r"(?m)^\s*Load\d+\s*=.*$", "", text)
        ini = self.folder / "virtuoso.ini"
        ini.write_text(text, encoding="utf-8")
        return ini

    def start(self, timeout: float = 120.0) -> "VirtuosoServer":
        binary = virtuoso_binary()
        if binary is None:
            raise RuntimeError("virtuoso-t is not installed (apt-get install virtuoso-opensource)")
        self.folder.mkdir(parents=True, exist_ok=True)
        ini = self.write_ini()
        log = open(self.folder / "stdout.log", "wb")
        self.process = subprocess.Popen([binary, "-f", "-c", str(ini)], cwd=self.folder,
                                        stdout=log, stderr=subprocess.STDOUT,
                                        stdin=subprocess.DEVNULL)
        log.close()
        self._wait_ready(timeout)
        self._configure()
        return self

    def _wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"virtuoso-t exited with {self.process.returncode}:\n"
                                   + self.log_tail())
            try:
                answer = requests.get(self.sparql_url, params={"query": "ASK {}"},
                                      headers={"Accept": "application/sparql-results+json"},
                                      timeout=2)
                if answer.status_code == 200 and "boolean" in answer.text:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"virtuoso-t not ready after {timeout:.0f} s:\n" + self.log_tail())

    def _configure(self) -> None:
        """Once per database: an update user for /sparql-auth (the anonymous endpoint keeps only
        read rights); the server's own graphs (virtrdf#, and ldp#, which 7.2 re-inserts at every
        start) made private, so that no claimgraph query sees them; the package's demo graphs
        dropped, so that the store holds exactly what claimgraph loads."""
        marker = self.folder / "claimgraph-configured"
        if marker.exists():
            return
        demo = [f"http://127.0.0.1:{self.http_port}/DAV/",
                f"http://127.0.0.1:{self.http_port}/sparql", "http://www.w3.org/2002/07/owl#"]
        self.isql(f"DB.DBA.USER_CREATE('{UPDATE_USER}', '{UPDATE_PASSWORD}');\n"
                  f"GRANT SPARQL_UPDATE TO \"{UPDATE_USER}\";\n"
                  f"DB.DBA.RDF_GRAPH_GROUP_CREATE('{PRIVATE_GROUP}', 1);\n"
                  + "".join(f"DB.DBA.RDF_GRAPH_GROUP_INS('{PRIVATE_GROUP}', '{iri}');\n"
                            for iri in SYSTEM_GRAPHS)
                  + "DB.DBA.RDF_DEFAULT_USER_PERMS_SET('nobody', 1);\n"
                  "DB.DBA.RDF_DEFAULT_USER_PERMS_SET('nobody', 0, 1);\n"
                  f"DB.DBA.RDF_DEFAULT_USER_PERMS_SET('{UPDATE_USER}', 3);\n"
                  f"DB.DBA.RDF_DEFAULT_USER_PERMS_SET('{UPDATE_USER}', 0, 1);\n"
                  + "".join(f"SPARQL DROP SILENT GRAPH <{iri}>;\n" for iri in demo)
                  + "checkpoint;\n")
        marker.touch()

    def isql(self, sql: str, timeout: float = 3600) -> str:
        """Run SQL statements as ``dba`` through ``isql-vt``; raise on any SQL error."""
        binary = isql_binary()
        if binary is None:
            raise RuntimeError("isql-vt is not installed (apt-get install virtuoso-opensource)")
        done = subprocess.run([binary, f"127.0.0.1:{self.sql_port}", "dba", "dba",
                               "VERBOSE=OFF", "BANNER=OFF", "PROMPT=OFF", "ERRORS=STDOUT"],
                              input=sql + "\nEXIT;\n", capture_output=True, text=True,
                              timeout=timeout)
        output = done.stdout + done.stderr
        if done.returncode != 0 or re.search(r"\*\*\* Error|SQLState", output):
            raise RuntimeError(f"isql failed ({done.returncode}): {output.strip()}")
        return output

    def bulk_load(self, path: Path) -> None:
        """Load an N-Quads file with Virtuoso's own bulk loader (graphs from the quads)."""
        path = Path(path).resolve()
        local = self.folder / path.name
        if local != path:
            shutil.copyfile(path, local)  # the loader reads only from DirsAllowed
        self.isql(f"ld_dir('{self.folder}', '{path.name}', 'urn:claimgraph:unused');\n"
                  "rdf_loader_run();\ncheckpoint;\n")
        errors = self.isql("SELECT ll_file, ll_error FROM DB.DBA.LOAD_LIST "
                           "WHERE ll_error IS NOT NULL;")
        if path.name in errors:
            raise RuntimeError(f"bulk load of {path} failed: {errors}")
        if local != path:
            local.unlink()

    def log_tail(self, lines: int = 30) -> str:
        log = self.folder / "virtuoso.log"
        text = log.read_text(errors="replace") if log.exists() else ""
        text += (self.folder / "stdout.log").read_text(errors="replace") \
            if (self.folder / "stdout.log").exists() else ""
        return "\n".join(text.splitlines()[-lines:])

    def stop(self) -> None:
        """Stop the server (checkpoint and exit; killed if it does not within 30 s)."""
        if self.process is None or self.process.poll() is not None:
            return
        try:
            self.isql("shutdown;", timeout=30)
        except (RuntimeError, subprocess.TimeoutExpired):
            pass  # isql reports the lost connection of a successful shutdown as an error
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)

    def __enter__(self) -> "VirtuosoServer":
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VirtuosoServer]:
    """A running private Virtuoso for the whole session, stopped at the end."""
    if virtuoso_binary() is None or isql_binary() is None:
        pytest.skip("Virtuoso is not installed: apt-get install virtuoso-opensource "
                    "(.ci/run installs it)")
    server = VirtuosoServer(tmp_path_factory.mktemp("virtuoso"))
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def virtuoso_env(virtuoso: VirtuosoServer, monkeypatch: pytest.MonkeyPatch) -> VirtuosoServer:
    """The server, with its update credentials in the environment the sparql: backend reads."""
    for name, value in virtuoso.store_env.items():
        monkeypatch.setenv(name, value)
    return virtuoso
