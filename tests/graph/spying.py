"""A pyoxigraph store that records the write calls it receives (what a write path did)."""

from __future__ import annotations

WRITES = ("update", "bulk_extend", "extend", "remove_graph")


class Spy:
    """The pyoxigraph store, with the write calls it received."""

    def __init__(self, inner):
        self.inner, self.calls = inner, []

    def __getattr__(self, name):
        attribute = getattr(self.inner, name)
        if name in WRITES:
            def recorded(*args, **kwargs):
                self.calls.append(name)
                return attribute(*args, **kwargs)
            return recorded
        return attribute
