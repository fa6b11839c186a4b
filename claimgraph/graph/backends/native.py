"""Helpers for letting Oxigraph's own bulk loader parse a file (no Python object per quad).

pyoxigraph's ``Store.bulk_load(path=...)`` reads, parses and indexes a file in Rust with the GIL
released; the Python path (``ox.parse`` -> ``bulk_extend``) costs a few microseconds per quad on
top. The native loader cannot rename graphs or refuse giant literals, so :mod:`oxigraph` uses it
only when both are moot: the store names no graph yet (nothing can be replaced) and the file is
line-based N-Quads or N-Triples with no line over the literal limit (checked here, without
parsing). It gives no progress callback either: :class:`Watcher` reports the file position of
the loader's reader, then the bytes it has written, from ``/proc`` (Linux; silent elsewhere).
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Callable

LINE_FORMATS = {"application/n-quads", "application/n-triples"}
CHUNK = 1 << 20


def longest_line_within(path: str | Path, limit: int) -> bool:
    """Whether every line of the file is at most ``limit`` bytes (so no literal on it is longer
    than ``limit`` characters: in a line-based format a literal never spans lines)."""
    chunk_size = min(CHUNK, max(limit, 1))
    last_newline = -1  # absolute offset of the newline that ended the previous line
    offset = 0
    with open(path, "rb") as handle:
        while chunk := handle.read(chunk_size):
            first = chunk.find(b"\n")
            if first < 0:
                if offset + len(chunk) - last_newline - 1 > limit:
                    return False
            else:
                # lines wholly inside a chunk are shorter than the chunk, so at most ``limit``;
                # only the line that straddles chunk boundaries needs measuring.
                if offset + first - last_newline - 1 > limit:
                    return False
                last_newline = offset + chunk.rfind(b"\n")
            offset += len(chunk)
    return offset - last_newline - 1 <= limit


Progress = Callable[..., None]


class Watcher:
    """Report a native load's progress from another thread, every ``interval`` seconds.

    While the loader's reader has the file open, ``progress(position, "bytes read")``; after it
    closed the file (the loader is sorting and writing its index files),
    ``progress(written, "bytes written")`` with this process's bytes written since the start.
    """

    def __init__(self, path: str | Path, progress: Progress | None, interval: float = 0.5) -> None:
        self.path = os.path.realpath(path)
        self.progress = progress
        self.interval = interval
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._written_at_start = _written()

    def __enter__(self) -> "Watcher":
        if self.progress is not None and os.path.isdir("/proc/self/fdinfo"):
            self._thread = threading.Thread(target=self._run, name="claimgraph-load-progress",
                                            daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    def _run(self) -> None:
        assert self.progress is not None
        fd: str | None = None
        while not self._stop.wait(self.interval):
            position = _position(fd, self.path) if fd else None
            if position is None:
                fd = _find_fd(self.path)
                position = _position(fd, self.path) if fd else None
            try:
                if position is not None:
                    self.progress(position, "bytes read")
                else:
                    written = _written()
                    if written is not None and self._written_at_start is not None:
                        self.progress(written - self._written_at_start, "bytes written")
            except Exception:  # a broken display must not break the load
                return


def _find_fd(path: str) -> str | None:
    try:
        for fd in os.listdir("/proc/self/fd"):
            try:
                if os.readlink(f"/proc/self/fd/{fd}") == path:
                    return fd
            except OSError:
                continue
    except OSError:
        pass
    return None


def _position(fd: str, path: str) -> int | None:
    """The offset of ``fd`` if it is (still) ``path``."""
    try:
        if os.readlink(f"/proc/self/fd/{fd}") != path:
            return None
    except OSError:
        return None
    return _proc_field(f"/proc/self/fdinfo/{fd}", "pos:")


def _written() -> int | None:
    return _proc_field("/proc/self/io", "wchar:")


def _proc_field(path: str, key: str) -> int | None:
    """The number after ``key`` in a /proc file of ``key value`` lines, if there is one."""
    try:
        with open(path) as lines:
            for line in lines:
                if line.startswith(key):
                    return int(line.split()[1])
    except (OSError, ValueError):
        return None
    return None

