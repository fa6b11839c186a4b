"""Read-only views of an on-disk store whose files no writer can delete while they are read.

A RocksDB read-only instance opens the store's table files as reads need them, while a writer in
another process deletes the files its compactions replaced. A later read of such a file fails
("No such file or directory"), and some queries do worse: Oxigraph 0.5, evaluating a COUNT or a
GROUP BY over a read that fails, went on allocating until the machine ran out of memory (24 GB,
in a view taken while `claimgraph load` ran). So a view is a checkpoint of a read-only instance
(Oxigraph's ``backup``: hard links to the table files of the version that instance sees, and a
copy of its MANIFEST) in ``claimgraph-views/`` inside the store's folder, with links to the
write-ahead logs beside it (the checkpoint leaves them out, and they hold every commit not yet
in a table file), opened read-only in turn: no writer deletes those links. A log the instance
may have read that is gone by then was flushed into a table file the checkpoint does not hold:
the view is taken again. Taking one costs milliseconds (12 files of a 300k-quad store in 1 ms),
and disk space only for files the writer replaced while the view stays open.

Each view holds an ``flock`` on its lock file while it is open; the next view removes those
whose lock nobody holds (left by a reader that was killed).
"""

from __future__ import annotations

import errno
import fcntl
import os
import shutil
import uuid
from pathlib import Path
from typing import IO

import pyoxigraph as ox

VIEWS_DIR = "claimgraph-views"


class PinnedView:
    """One checkpoint in ``STORE/claimgraph-views/``: :meth:`open` makes it, :meth:`close`
    removes it (after the store opened on it is no longer read)."""

    def __init__(self, store_dir: str | Path) -> None:
        self.folder = Path(store_dir) / VIEWS_DIR
        self.path: Path | None = None
        self._lock: IO[bytes] | None = None

    def open(self, live: ox.Store, logs: set[str]) -> ox.Store:
        """A read-only store on a checkpoint of ``live``, a read-only instance of the store
        opened after ``logs`` (:func:`write_ahead_logs`) were listed. Raises what pyoxigraph
        raises, or FileNotFoundError, when one of ``live``'s files vanished meanwhile (a new
        instance, and a new view, then succeed)."""
        sweep(self.folder)
        self.folder.mkdir(exist_ok=True)
        while self._lock is None:
            name = uuid.uuid4().hex
            lock = open(self.folder / f"{name}.lock", "wb")
            fcntl.flock(lock, fcntl.LOCK_EX)
            if os.fstat(lock.fileno()).st_nlink == 0:   # swept before it was locked
                lock.close()
                continue
            self._lock, self.path = lock, self.folder / name
        try:
            live.backup(str(self.path))
            linked = set()
            for name in write_ahead_logs(self.folder.parent):
                try:
                    os.link(self.folder.parent / name, self.path / name)
                except FileExistsError:
                    pass
                except FileNotFoundError:
                    continue
                linked.add(name)
            for name in logs - linked:
                raise FileNotFoundError(errno.ENOENT, "No such file or directory", name)
            return ox.Store.read_only(str(self.path))
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        """Remove the checkpoint and its lock."""
        if self.path is not None:
            shutil.rmtree(self.path, ignore_errors=True)
            self.path.with_suffix(".lock").unlink(missing_ok=True)
            self.path = None
        if self._lock is not None:
            self._lock.close()
            self._lock = None


def write_ahead_logs(store_dir: str | Path) -> set[str]:
    """The names of the store's write-ahead logs."""
    return {entry.name for entry in os.scandir(store_dir)
            if entry.name.endswith(".log") and entry.name[:-4].isdigit()}


def sweep(folder: str | Path) -> None:
    """Remove the checkpoints in ``folder`` that no open view holds."""
    for lock_path in Path(folder).glob("*.lock"):
        try:
            handle = open(lock_path, "rb")
        except FileNotFoundError:
            continue
        with handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue
            shutil.rmtree(lock_path.with_suffix(""), ignore_errors=True)
            lock_path.unlink(missing_ok=True)
