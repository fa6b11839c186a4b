"""The catalog of named queries: ``.rq`` files with a machine-read header, loaded from the package.

Each file in ``claimgraph/queries/rq/`` is one named query (its file name without ``.rq``). Its
first lines are header comments (the format is documented in docs/queries.md)::

    #+ title: Statements by an actor
    #+ description: What an actor said ...        (may repeat; the lines are joined)
    #+ param: actor (actor, required) — The speaker.
    #+ param: kind (string, optional) — Only statements of this kind.
    #+ param: max_hops (integer, default 6) — How far to search.
    #+ columns: statement, kind, text
    #+ example: actor=Malomuzh          (shell-quoted pairs: location='Donetsk Oblast')
    #+ lists: about_labels, about                  (optional: aligned lists, see lists.py)
    #+ runner: path                                (optional: computed in Python, see path.py)

In the body, a line ``#@ bind NAME [?var]`` marks where a parameter is bound: it becomes
``VALUES ?var { term }`` (``?var`` defaults to ``?NAME``) when the parameter has a value and is
dropped when it has none. The term is an rdflib term serialized by rdflib, never user text.
A line ``#@ limit NAME`` (an integer parameter) becomes ``LIMIT n``, or nothing when n is 0, and
``#@ offset NAME`` becomes ``OFFSET n`` (nothing for 0): the solution modifiers a VALUES block
cannot express, written from the parsed integer, never text. They may stand inside a sub-select,
so that a page is cut before the joins that decorate it. ``#@ absent NAME ?var`` is the converse
of a bind: ``VALUES ?var { true }`` when the parameter has NO value, nothing when it has one, so
that a branch can be kept only when a parameter is not given (``FILTER(BOUND(?var))``).
``#@ first ?var OFFSET LIMIT [BASE END]`` and ``#@ upto OFFSET LIMIT`` cut a page on positions
the ledger derives (params.render). ``#@ when no NAME and NAME = 0`` ... ``#@ else`` ...
``#@ end`` keeps the lines of the form of the query asked for (a plan of its own for every
row). A query with a runner (``#+ runner:``) computed in Python may
bind, test for absence and cut on terms its runner supplies, besides its parameters.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from claimgraph.queries.params import (ABSENT_MARKER, BIND_MARKER, BLOCK_MARKER, FIRST_MARKER,
                                       MODIFIER_MARKER, UPTO_MARKER, WHEN_MARKER,
                                       when_conditions)
from claimgraph.queries.params import PARAM_TYPES, ParameterError  # noqa: F401 (re-exported)

_PARAM = re.compile(
    r"^(?P<name>[a-z][a-z0-9_]*)\s*\((?P<type>[a-z]+)\s*,\s*"
    r"(?P<mode>required|optional|default\s+(?P<default>[^)]*))\)\s*(?:[—-]+\s*(?P<doc>.*))?$")
_EXAMPLE_PAIR = re.compile(r"^(?P<key>[a-z][a-z0-9_]*)=(?P<value>.*)$")


class CatalogError(ValueError):
    """A query file's header or bind markers are malformed."""


class UnknownQueryError(KeyError):
    """No query of that name is in the catalog."""

    def __init__(self, name: str, known: list[str]) -> None:
        super().__init__(name)
        self.name, self.known = name, known

    def __str__(self) -> str:
        return f"unknown query {self.name!r}; the catalog has: {', '.join(self.known)}"


@dataclass(frozen=True)
class ParamDef:
    """One declared parameter of a named query."""

    name: str
    type: str
    required: bool
    default: str | None
    doc: str

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "type": self.type, "required": self.required,
                "default": self.default, "description": self.doc}


@dataclass(frozen=True)
class QueryDef:
    """One named query: its documentation, parameters and SPARQL body."""

    name: str
    title: str
    description: str
    params: tuple[ParamDef, ...]
    columns: tuple[str, ...]
    example: dict[str, str]
    body: str
    runner: str | None = None
    binds: dict[str, set[str]] = field(default_factory=dict)
    lists: tuple[tuple[str, ...], ...] = ()

    def param(self, name: str) -> ParamDef | None:
        return next((p for p in self.params if p.name == name), None)

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "title": self.title, "description": self.description,
                "params": [p.to_dict() for p in self.params], "columns": list(self.columns),
                "example": dict(self.example)}


def parse_query_file(name: str, text: str) -> QueryDef:
    """Parse one ``.rq`` file's header and bind markers; raise CatalogError naming the line."""
    header: dict[str, list[str]] = {}
    params: list[ParamDef] = []
    binds: dict[str, set[str]] = {}
    limits: list[tuple[str, str]] = []
    internal: list[tuple[str, str, str]] = []  # markers that may name a runner's own terms
    block: tuple[str, str] | None = None   # the open '#@ when' block: (marker, where)
    for number, line in enumerate(text.splitlines(), start=1):
        where = f"{name}.rq line {number}"
        if line.startswith("#+"):
            key, sep, value = line[2:].strip().partition(":")
            if not sep:
                raise CatalogError(f"{where}: expected '#+ key: value'")
            key, value = key.strip(), value.strip()
            if key == "param":
                params.append(_parse_param(value, where))
            elif key in ("title", "description", "columns", "example", "runner", "lists"):
                header.setdefault(key, []).append(value)
            else:
                raise CatalogError(f"{where}: unknown header key {key!r}")
        elif line.lstrip().startswith("#@"):
            if WHEN_MARKER.match(line) or BLOCK_MARKER.match(line):
                block, conditions = _block_marker(line, where, block)
                for condition in conditions:
                    if condition["zero"]:
                        limits.append(("when", condition["zero"], where))
                    else:
                        absent = condition["absent"]
                        internal.append((f"when no {absent}", absent, where))
                continue
            limit = MODIFIER_MARKER.match(line)
            if limit:
                limits.append((limit["modifier"], limit["name"], where))
                continue
            cut = FIRST_MARKER.match(line) or UPTO_MARKER.match(line)
            if cut:
                marker = "first" if cut.re is FIRST_MARKER else "upto"
                limits += [(marker, cut["offset"], where), (marker, cut["limit"], where)]
                if cut.re is FIRST_MARKER and cut["base"]:
                    internal += [(f"first ... {cut['base']} {cut['end']}", cut["base"], where),
                                 (f"first ... {cut['base']} {cut['end']}", cut["end"], where)]
                continue
            absent = ABSENT_MARKER.match(line)
            if absent:
                internal.append((f"absent {absent['name']}", absent["name"], where))
                continue
            match = BIND_MARKER.match(line)
            if not match:
                raise CatalogError(f"{where}: expected '#@ bind NAME [?var]', '#@ limit NAME', "
                                   "'#@ offset NAME', '#@ absent NAME ?var', "
                                   "'#@ first ?var OFFSET LIMIT', '#@ upto OFFSET LIMIT', "
                                   "'#@ when CONDITIONS', '#@ else' or '#@ end'")
            binds.setdefault(match["name"], set()).add(match["var"] or match["name"])
    if block is not None:
        raise CatalogError(f"{block[1]}: '#@ {block[0]}' has no '#@ end'")
    for key in ("title", "description", "columns", "example"):
        if key not in header:
            raise CatalogError(f"{name}.rq: missing '#+ {key}:' header")
    runner = header.get("runner", [None])[0]
    names = {p.name for p in params}
    if len(names) != len(params):
        raise CatalogError(f"{name}.rq: a parameter is declared twice")
    for bound in binds:
        if bound not in names and runner is None:
            raise CatalogError(f"{name}.rq: '#@ bind {bound}' names no declared parameter")
    for modifier, limit, where in limits:
        declared = next((p for p in params if p.name == limit), None)
        if declared is None or declared.type != "integer":
            shown = f"{modifier} {limit}" + (" = 0" if modifier == "when" else "")
            raise CatalogError(f"{where}: '#@ {shown}' needs a declared integer parameter")
        if modifier != "when":     # a condition reads the parameter but binds nothing
            binds.setdefault(limit, set())
    for marker, term, where in internal:
        if term not in names and runner is None:
            raise CatalogError(f"{where}: '#@ {marker}' names no declared parameter")
    if runner is None:
        for p in params:
            if p.name not in binds:
                raise CatalogError(f"{name}.rq: parameter {p.name!r} is never bound (#@ bind)")
    example = {}
    try:
        pairs = shlex.split(header["example"][0])
    except ValueError as error:
        raise CatalogError(f"{name}.rq: example: {error}") from None
    for pair in pairs:
        match = _EXAMPLE_PAIR.match(pair)
        if not match or match["key"] not in names:
            raise CatalogError(f"{name}.rq: example {pair!r} is not key=value of a parameter")
        example[match["key"]] = match["value"]
    columns = tuple(c.strip() for c in ",".join(header["columns"]).split(",") if c.strip())
    lists = tuple(_parse_lists(value, columns, name) for value in header.get("lists", []))
    return QueryDef(name=name, title=header["title"][0],
                    description=" ".join(header["description"]), params=tuple(params),
                    columns=columns, example=example, body=text, runner=runner, binds=binds,
                    lists=lists)


def _parse_lists(value: str, columns: tuple[str, ...], name: str) -> tuple[str, ...]:
    group = tuple(c.strip() for c in value.split(",") if c.strip())
    unknown = [c for c in group if c not in columns]
    if not group or unknown:
        raise CatalogError(f"{name}.rq: '#+ lists: {value}' must name columns of '#+ columns:'"
                           + (f" (not {', '.join(unknown)})" if unknown else ""))
    return group


def _block_marker(line: str, where: str, open_block: tuple[str, str] | None
                  ) -> tuple[tuple[str, str] | None, list[re.Match]]:
    """The block still open after a ``#@ when`` / ``#@ else`` / ``#@ end`` line, as (marker,
    where), None after an end, and the conditions of a ``#@ when``; CatalogError for a line out
    of place (blocks do not nest) or a malformed condition."""
    when = WHEN_MARKER.match(line)
    if when is not None:
        if open_block is not None:
            raise CatalogError(f"{where}: '#@ when' inside the block opened at {open_block[1]} "
                               "(blocks do not nest)")
        try:
            return ("when", where), when_conditions(when)
        except ValueError as error:
            raise CatalogError(f"{where}: '#@ when': {error}") from None
    marker = BLOCK_MARKER.match(line)["marker"]  # type: ignore[index]
    if open_block is None or (marker == "else" and open_block[0] == "else"):
        raise CatalogError(f"{where}: '#@ {marker}' without an open '#@ when'")
    return (("else", where) if marker == "else" else None), []


def _parse_param(value: str, where: str) -> ParamDef:
    match = _PARAM.match(value)
    if not match:
        raise CatalogError(f"{where}: expected 'NAME (TYPE, required|optional|default VALUE) — doc'")
    if match["type"] not in PARAM_TYPES:
        raise CatalogError(f"{where}: unknown parameter type {match['type']!r}; expected one of "
                           + ", ".join(PARAM_TYPES))
    default = match["default"].strip() if match["default"] is not None else None
    return ParamDef(name=match["name"], type=match["type"], required=match["mode"] == "required",
                    default=default, doc=(match["doc"] or "").strip())


class Catalog:
    """The named queries shipped in ``claimgraph/queries/rq`` (and system queries in rq/system)."""

    def __init__(self, queries: dict[str, QueryDef], system: dict[str, str]) -> None:
        self._queries = dict(sorted(queries.items()))
        self._system = system

    @classmethod
    def load(cls) -> "Catalog":
        """Read every ``.rq`` file of the package."""
        folder = resources.files("claimgraph.queries").joinpath("rq")
        queries = {}
        for entry in folder.iterdir():
            if entry.name.endswith(".rq"):
                name = entry.name[:-3]
                queries[name] = parse_query_file(name, entry.read_text("utf-8"))
        system = {entry.name[:-3]: entry.read_text("utf-8")
                  for entry in folder.joinpath("system").iterdir() if entry.name.endswith(".rq")}
        return cls(queries, system)

    def list(self) -> list[QueryDef]:
        """The named queries, sorted by name."""
        return list(self._queries.values())

    def names(self) -> list[str]:
        return list(self._queries)

    def get(self, name: str) -> QueryDef:
        """The named query; raise UnknownQueryError listing the known names."""
        try:
            return self._queries[name]
        except KeyError:
            raise UnknownQueryError(name, self.names()) from None

    def system(self, name: str) -> str:
        """The text of an internal query (rq/system/NAME.rq), e.g. ``resolve``."""
        return self._system[name]

    def to_dict(self) -> list[dict[str, Any]]:
        return [q.to_dict() for q in self.list()]


def __getattr__(name: str) -> Any:
    # run/search live in runner.py and resolve.py; they are importable from here as the
    # documented entry points without an import cycle at module load.
    if name in ("run", "execute"):
        from claimgraph.queries import runner
        return getattr(runner, name)
    if name == "search":
        from claimgraph.queries.resolve import search
        return search
    raise AttributeError(name)
