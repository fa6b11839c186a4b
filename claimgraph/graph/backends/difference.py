"""The difference of a large replacement: spilled to files, journaled, applied in chunks.

A replacement whose difference fits in one transaction (oxigraph_writes.DIFFERENCE_CHANGES
quads; a transaction holds ~2.5 KB a quad) is one ``DELETE DATA ...; INSERT DATA ...`` update.
A larger one used to be written in full: beside the old graph, which was then removed and the new
one copied onto it. Removing a graph costs ~30 us a quad, so re-deriving the 3.5M-quad claim
ledger of a 10M-triple store with 1.4M changed quads took 17 minutes that way.

Here the removed and added quads go to two N-Quads files in the store's folder; the write journal
then names them (phase ``difference``), and they are applied CHUNK quads at a time. Applying a
difference twice changes nothing, so recovery after a crash applies the files again. While they
are applied the target graphs are hidden from this store's readers, and a read-only open of the
store is refused (as during any journaled write): no reader sees half of the new version.
"""

from __future__ import annotations

import itertools
import os
from pathlib import Path
from typing import IO, Iterator

import pyoxigraph as ox

CHUNK = 50_000   # changed quads a transaction of the application holds (~125 MB)
FILE_PREFIX = "claimgraph-difference-"


class Changes:
    """Quads to remove, or to add: held in a list until ``spill``, then in an N-Quads file."""

    def __init__(self) -> None:
        self.held: list[ox.Quad] = []
        self.path: Path | None = None
        self.count = 0
        self._file: IO[str] | None = None

    def __len__(self) -> int:
        return self.count

    def append(self, quad: ox.Quad) -> None:
        self.count += 1
        if self._file is None:
            self.held.append(quad)
        else:
            self._file.write(f"{quad} .\n")

    def spill(self, path: Path) -> None:
        """Write what is held, and from now on every quad appended, to ``path``."""
        self._file = open(path, "w", encoding="utf-8")
        self.path = path
        for quad in self.held:
            self._file.write(f"{quad} .\n")
        self.held = []

    def close(self) -> None:
        """Make the file durable (before the journal names it)."""
        if self._file is not None:
            self._file.flush()
            os.fsync(self._file.fileno())
            self._file.close()
            self._file = None

    def discard(self) -> None:
        self.close()
        if self.path is not None:
            self.path.unlink(missing_ok=True)


def spill_paths(folder: Path, write_id: str) -> tuple[Path, Path]:
    """Where the removed and the added quads of write ``write_id`` go."""
    return (folder / f"{FILE_PREFIX}{write_id}-removed.nq",
            folder / f"{FILE_PREFIX}{write_id}-added.nq")


def stray_files(folder: Path) -> list[Path]:
    """Difference files in ``folder`` (left by a write that stopped before it was journaled)."""
    return sorted(folder.glob(f"{FILE_PREFIX}*.nq"))


def apply(store: ox.Store, removed: Path, added: Path) -> None:
    """Remove the quads of file ``removed``, then add those of ``added``, CHUNK at a time."""
    for chunk in _chunks(removed):
        store.update(data_block("DELETE DATA", chunk))
    for chunk in _chunks(added):
        store.extend(chunk)
    store.flush()


def _chunks(path: Path) -> Iterator[list[ox.Quad]]:
    with open(path, "rb") as handle:
        quads = ox.parse(handle, format=ox.RdfFormat.N_QUADS)
        while chunk := list(itertools.islice(quads, CHUNK)):
            yield chunk


def data_block(operation: str, quads: list[ox.Quad]) -> str:
    """``INSERT DATA`` or ``DELETE DATA`` of the quads, grouped by graph."""
    by_graph: dict[str, list[ox.Quad]] = {}
    for quad in quads:
        by_graph.setdefault(quad.graph_name.value, []).append(quad)
    parts = [f"{operation} {{"]
    for name, graph_quads in by_graph.items():
        parts.append(f"GRAPH <{name}> {{")
        parts.extend(f"{q.subject} {q.predicate} {q.object} ." for q in graph_quads)
        parts.append("}")
    parts.append("}")
    return "\n".join(parts)
