"""Timing helpers for the benchmarks: repeated runs summarized as median, min and max, time
limits for in-process Python work, and peak RSS of a subprocess."""

from __future__ import annotations

import contextlib
import os
import signal
import statistics
import subprocess
import time
from dataclasses import dataclass
from typing import Callable, Iterator, Sequence


class TimeLimit(Exception):
    """The work did not finish within its time limit."""


@dataclass
class Figure:
    """Several measurements of one thing: median, min and max (None when it did not finish)."""

    values: list[float]
    timed_out: bool = False

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    @property
    def low(self) -> float:
        return min(self.values)

    @property
    def high(self) -> float:
        return max(self.values)

    def to_dict(self) -> dict[str, object]:
        if not self.values:
            return {"timed_out": self.timed_out, "runs": 0}
        return {"median": self.median, "min": self.low, "max": self.high,
                "runs": len(self.values), "timed_out": self.timed_out}


def spread(figure: dict, fmt: str = ".1f", scale: float = 1.0) -> str:
    """A Figure's dict as a table cell: ``median (min-max)``, each value times ``scale``."""
    low, mid, high = (format(figure[k] * scale, fmt) for k in ("min", "median", "max"))
    return f"{mid} ({low}-{high})"


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise TimeLimit in this (main) thread after ``seconds``: pure-Python work such as
    rdflib's query engine stops at its next bytecode. The alarm repeats every quarter second
    until the block is left: a TimeLimit raised inside a garbage-collector callback (hypothesis
    installs one) or a ``__del__`` is swallowed as "unraisable", and with a single alarm the
    rdflib query it was to stop ran on without a limit (16 minutes in one test run)."""
    if seconds <= 0:
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise TimeLimit(f"over {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds, 0.25)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def repeat(work: Callable[[], object], runs: int, *, limit: float = 0,
           warmup: int = 0) -> Figure:
    """Time ``work`` ``runs`` times (after ``warmup`` untimed runs); stop at the first run that
    exceeds ``limit`` seconds and mark the figure timed out."""
    try:
        for _ in range(warmup):
            with time_limit(limit):
                work()
    except TimeLimit:
        return Figure([], timed_out=True)
    values: list[float] = []
    for _ in range(runs):
        started = time.perf_counter()
        try:
            with time_limit(limit):
                work()
        except TimeLimit:
            return Figure(values, timed_out=True)
        values.append(time.perf_counter() - started)
    return Figure(values)


@dataclass
class ProcessRun:
    """One subprocess: wall time, peak resident set (bytes), exit status, output."""

    seconds: float
    peak_rss: int
    returncode: int
    stdout: str
    stderr: str


def run_measured(argv: Sequence[str], *, env: dict[str, str] | None = None,
                 timeout: float = 3600) -> ProcessRun:
    """Run ``argv`` and measure its wall time and peak RSS (from the kernel's rusage of the
    child, so the figure includes everything the process itself allocated)."""
    started = time.perf_counter()
    process = subprocess.Popen(list(argv), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env=env, text=True)
    deadline = started + timeout
    # Read the pipes in a thread so that a chatty child cannot block on a full pipe.
    import threading
    chunks: dict[str, str] = {}
    readers = [threading.Thread(target=lambda n=n, s=s: chunks.__setitem__(n, s.read()))
               for n, s in (("out", process.stdout), ("err", process.stderr))]
    for reader in readers:
        reader.start()
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            process.kill()
            pid, status, usage = os.wait4(process.pid, 0)
            break
        time.sleep(0.01)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    for reader in readers:
        reader.join()
    return ProcessRun(seconds, usage.ru_maxrss * 1024, process.returncode,
                      chunks.get("out", ""), chunks.get("err", ""))
