"""A live ``claimgraph serve`` subprocess on 127.0.0.1 for the fault and load tests.

The server runs in its own process group, so that a test can SIGKILL exactly the processes it
started (gunicorn master, web worker, query and writer processes) and nothing else.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import requests

from tests.reliability.support import cli_env, free_port, wait_for_port


class LiveServer:
    """``claimgraph serve`` on a free port; stderr (the server's log) goes to ``log_path``."""

    def __init__(self, store_url: str, log_path: Path, *, token: str | None = None,
                 workers: int = 1, threads: int = 4, extra_env: dict[str, str] | None = None,
                 args: tuple[str, ...] = ()) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        env = cli_env(CLAIMGRAPH_STORE=store_url, **(extra_env or {}))
        if token:
            env["CLAIMGRAPH_UPDATE_TOKEN"] = token
        self._log = open(log_path, "ab")
        self.process = subprocess.Popen(
            [sys.executable, "-c", "from claimgraph.cli import main; main()", "serve",
             "--host", "127.0.0.1", "--port", str(self.port), "--workers", str(workers),
             "--threads", str(threads), *args],
            env=env, stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            wait_for_port(self.port, timeout=90, proc=self.process)
            self._wait_ready()
        except Exception:
            self.kill()
            raise

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if requests.get(self.url + "/sparql", params={"query": "ASK {}"},
                                timeout=10).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.2)
        raise TimeoutError("the server did not answer ASK {} within 60 s")

    def descendants(self) -> list[int]:
        """The pids of every process the server started (for waiting on a writer process)."""
        children: dict[int, list[int]] = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    stat = Path(f"/proc/{entry}/stat").read_text()
                except OSError:
                    continue
                ppid = int(stat.rsplit(")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(entry))
        found, todo = [], [self.process.pid]
        while todo:
            pid = todo.pop()
            for child in children.get(pid, []):
                found.append(child)
                todo.append(child)
        return found

    def kill(self) -> None:
        """SIGKILL the server's process group (only the processes this object started)."""
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait(timeout=30)
        self._log.close()

    def stop(self) -> None:
        """SIGTERM (graceful shutdown), then SIGKILL whatever is left after 30 s."""
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            pass
        self.kill()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")
