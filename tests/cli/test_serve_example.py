"""`STORE=memory: make run` serves the seed: `serve --example` loads it into the memory: store
of the serving process (a `load` in a process of its own filled a store that ended with it)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from click.testing import CliRunner

from claimgraph.cli import cli

ROOT = Path(__file__).resolve().parents[2]


def test_make_run_on_a_memory_store_loads_the_seed_in_the_serving_process():
    dry = subprocess.run(["make", "-n", "run", "STORE=memory:", "PORT=9"], cwd=ROOT,
                         capture_output=True, text=True, timeout=60)
    assert dry.returncode == 0, dry.stderr
    commands = [line for line in dry.stdout.splitlines() if "--store memory:" in line]
    assert len(commands) == 1 and " serve --example " in commands[0], dry.stdout
    disk = subprocess.run(["make", "-n", "run", "STORE=oxigraph:./x", "PORT=9"], cwd=ROOT,
                          capture_output=True, text=True, timeout=60).stdout
    assert " load --example --if-empty" in disk and "--example --host" not in disk, disk


def test_example_is_for_a_memory_store_only(tmp_path):
    result = CliRunner().invoke(cli, ["--store", f"oxigraph:{tmp_path / 's'}", "serve",
                                      "--example"])
    assert result.exit_code == 2 and "--example is for a memory: store" in result.stderr
    assert not (tmp_path / "s").exists()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.slow
def test_serve_example_answers_from_the_seed():
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "claimgraph", "--store", "memory:", "serve", "--example",
         "--host", "127.0.0.1", "--port", str(port), "--workers", "1", "--query-workers", "1"],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, stderr=subprocess.PIPE,
        text=True, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                requests.get(f"{base}/index.json", timeout=1)
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        answer = requests.get(f"{base}/api/queries/targets", params={"actor": "Putin"},
                              timeout=30)
        assert answer.status_code == 200, answer.text
        assert requests.get(f"{base}/index.json", timeout=30).json()["triples"] > 1000
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        _, stderr = process.communicate(timeout=30)
    assert "loaded the bundled seed into the memory: store" in stderr, stderr
