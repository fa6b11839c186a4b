"""The SPARQL side of the network projections: load the ``.rq`` files, fill in filters, run them.

Every projection is one or a few SELECT queries kept in ``.rq`` files next to this module. A query
marks with the comment line ``#FILTERS`` the place where the statement filters go; they constrain
the variable ``?st``, the statement that makes an edge. ``#NODES`` marks a ``VALUES`` list of IRIs.
Filters are rendered from checked values only (IRIs are validated, kinds must be ontology terms,
dates must be ISO dates), so user input never reaches the query text unchecked.
"""

from __future__ import annotations

import datetime
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Iterable, Iterator

from rdflib import Graph as RDFGraph
from rdflib import Namespace
from rdflib.namespace import RDF

from claimgraph.graph.store import QueryResult, Store

CG = Namespace("https://w3id.org/claimgraph/ontology#")
ID = Namespace("https://w3id.org/claimgraph/id/")
VALUES_CHUNK = 2000

# Characters SPARQL forbids inside <...> (SPARQL 1.1 grammar, IRIREF).
_BAD_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_KIND = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")


class NetworkError(ValueError):
    """A projection or analysis was asked for with input it cannot use (named in the message).

    ``field`` names that input when it is one (a Filters field, or an argument such as
    ``metric`` or ``hops``) and ``reason`` says what is wrong with it; the message is
    ``field: reason``. Callers name their own option or parameter from ``field``, never by
    reading the message."""

    def __init__(self, reason: str, field: str | None = None) -> None:
        super().__init__(f"{field}: {reason}" if field else reason)
        self.field, self.reason = field, reason


class UnknownEntity(NetworkError):
    """An entity that is not in the store, or not in the graph at hand."""


def check_iri(value: str, what: str = "IRI") -> str:
    """``value`` if it is an absolute IRI that can be written as ``<value>``; else NetworkError."""
    if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", value) or _BAD_IRI.search(value):
        raise NetworkError(f"{value!r} is not an absolute IRI", what)
    return value


@lru_cache(maxsize=1)
def statement_kinds() -> frozenset[str]:
    """The local names of the cg:StatementKind individuals in the packaged ontology."""
    text = resources.files("claimgraph.ontology").joinpath("claimgraph.ttl").read_text("utf-8")
    ontology = RDFGraph().parse(data=text, format="turtle")
    return frozenset(str(k)[len(str(CG)):] for k in ontology.subjects(RDF.type, CG.StatementKind))


def _date(value: str | datetime.date | None, what: str) -> str | None:
    if value is None or value == "":
        return None
    text = value.isoformat() if isinstance(value, datetime.date) else str(value)
    try:
        return datetime.date.fromisoformat(text).isoformat()
    except ValueError:
        raise NetworkError(f"{text!r} is not a date (expected YYYY-MM-DD)", what) from None


@dataclass(frozen=True)
class Filters:
    """Which statements make edges, and how heavy an edge must be to be kept.

    ``date_from``/``date_to`` (inclusive, ISO dates) compare a statement's cg:dateSaid, else its
    cg:dateReported; a partial date (``2025-03``, ``2025``) counts as its first day, and a
    statement without a date is left out whenever a date bound is set. ``kinds`` are
    cg:StatementKind local names (``claim``, ``denial`` ...) or their IRIs; ``sources`` are
    document IRIs or document slugs (``tsn-2972918-malomuzh-six-axes``). ``min_weight`` drops
    edges lighter than it after aggregation.
    """

    date_from: str | None = None
    date_to: str | None = None
    kinds: tuple[str, ...] = field(default_factory=tuple)
    sources: tuple[str, ...] = field(default_factory=tuple)
    min_weight: float = 0

    @classmethod
    def make(cls, date_from: str | datetime.date | None = None,
             date_to: str | datetime.date | None = None, kinds: Iterable[str] = (),
             sources: Iterable[str] = (), min_weight: float | str | None = 0) -> "Filters":
        """Checked filters; raises NetworkError naming the bad field and value."""
        known = statement_kinds()
        kind_names = []
        for kind in kinds:
            name = kind[len(str(CG)):] if kind.startswith(str(CG)) else kind
            if not _KIND.match(name) or name not in known:
                raise NetworkError(f"{kind!r} is not a statement kind "
                                   f"(expected one of {', '.join(sorted(known))})", "kinds")
            kind_names.append(name)
        source_iris = []
        for source in sources:
            if ":" in source:
                source_iris.append(check_iri(source, "sources"))
            elif re.match(r"^[a-z0-9][a-z0-9-]*$", source):
                source_iris.append(str(ID[f"document/{source}"]))
            else:
                raise NetworkError(f"{source!r} is neither a document IRI nor a slug",
                                   "sources")
        try:
            weight = float(min_weight or 0)
        except (TypeError, ValueError):
            raise NetworkError(f"{min_weight!r} is not a number", "min_weight") from None
        if not 0 <= weight < math.inf:  # NaN compared false with every weight: kept all
            raise NetworkError(f"{weight} is not a number of 0 or more", "min_weight")
        lo, hi = _date(date_from, "date_from"), _date(date_to, "date_to")
        if lo and hi and lo > hi:
            raise NetworkError(f"{lo} is after the end date {hi}", "date_from")
        return cls(lo, hi, tuple(sorted(set(kind_names))), tuple(sorted(set(source_iris))),
                   weight)

    def sparql(self, var: str = "st") -> str:
        """The graph patterns and FILTERs that keep only the statements ``?var`` allowed."""
        parts: list[str] = []
        if self.kinds:
            parts.append(f"VALUES ?_kind {{ {' '.join(f'cg:{k}' for k in self.kinds)} }} "
                         f"?{var} cg:kind ?_kind .")
        if self.sources:
            parts.append(f"VALUES ?_src {{ {' '.join(f'<{s}>' for s in self.sources)} }} "
                         f"?{var} cg:source ?_src .")
        if self.date_from or self.date_to:
            parts.append(f"OPTIONAL {{ ?{var} cg:dateSaid ?_said }} "
                         f"OPTIONAL {{ ?{var} cg:dateReported ?_reported }} "
                         "BIND(STR(COALESCE(?_said, ?_reported)) AS ?_d) "
                         'BIND(CONCAT(?_d, SUBSTR("0000-01-01", STRLEN(?_d) + 1)) AS ?_day)')
            if self.date_from:
                parts.append(f'FILTER(BOUND(?_day) && ?_day >= "{self.date_from}")')
            if self.date_to:
                parts.append(f'FILTER(BOUND(?_day) && ?_day <= "{self.date_to}")')
        return "\n  ".join(parts)

    @property
    def active(self) -> bool:
        """Whether any statement filter (not counting min_weight) is set."""
        return bool(self.kinds or self.sources or self.date_from or self.date_to)


@lru_cache(maxsize=None)
def load_query(name: str) -> str:
    """The text of ``name.rq`` shipped next to this module."""
    return resources.files(__package__).joinpath(f"{name}.rq").read_text("utf-8")


def render(name: str, filters: Filters | None = None, nodes: Iterable[str] | None = None) -> str:
    """The query ``name`` with its ``#FILTERS`` and ``#NODES`` markers filled in."""
    text = load_query(name)
    if "#FILTERS" in text:
        text = text.replace("#FILTERS", (filters or Filters()).sparql())
    if "#NODES" in text:
        if nodes is None:
            raise NetworkError(f"query {name} needs a list of nodes")
        text = text.replace("#NODES", " ".join(f"<{check_iri(n)}>" for n in nodes))
    return text


def select(store: Store, name: str, filters: Filters | None = None,
           nodes: Iterable[str] | None = None) -> QueryResult:
    """Run the SELECT query ``name`` against ``store``."""
    result = store.query(render(name, filters, nodes))
    if result.kind != "select":
        raise NetworkError(f"query {name} did not answer with rows")
    return result


def select_chunked(store: Store, name: str, nodes: Iterable[str],
                   filters: Filters | None = None) -> Iterator[dict]:
    """The rows of ``name`` for ``nodes``, asked in chunks so that no query text grows unbounded."""
    batch = sorted(set(nodes))
    for start in range(0, len(batch), VALUES_CHUNK):
        yield from select(store, name, filters, batch[start:start + VALUES_CHUNK]).rows


def unknown_sources(store: Store, filters: Filters) -> list[str]:
    """The documents of ``filters.sources`` that no statement in ``store`` comes from."""
    if not filters.sources:
        return []
    found = {str(row["node"]) for row in select_chunked(store, "sources_known", filters.sources)}
    return [source for source in filters.sources if source not in found]
