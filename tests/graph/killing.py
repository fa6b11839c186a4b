"""A ``claimgraph load`` in a subprocess, killed with SIGKILL while its bulk write runs."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from claimgraph.graph.backends.journal import FILE_NAME

ROOT = Path(__file__).resolve().parents[2]


def sigkill_mid_load(store_dir: Path, load_args: list[str], settle: float,
                     prelude: str = "") -> None:
    """Run ``claimgraph --store oxigraph:STORE_DIR load LOAD_ARGS`` (after the Python code
    ``prelude``), wait until its journal shows the journaled write has begun, let it write for
    ``settle`` seconds, then SIGKILL it."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-c", prelude + "from claimgraph.cli import main; main()", "--store",
         f"oxigraph:{store_dir}", "load", *load_args], env=env, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while not (store_dir / FILE_NAME).exists():  # the journal: the bulk write has begun
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.02)
    time.sleep(settle)
    assert process.poll() is None, "the load finished before it could be killed"
    process.send_signal(signal.SIGKILL)
    process.wait(30)
    assert process.returncode == -signal.SIGKILL
