"""Checks made on query and update text before any of it reaches the store.

A lexical scan (strings, IRIs and comments are recognised exactly as the SPARQL 1.1 grammar
defines them, so a keyword inside a literal or an IRI is never mistaken for one outside) finds:

- the form: SELECT, ASK, CONSTRUCT, DESCRIBE, or an update;
- the deepest nesting of ``( [ {`` (Oxigraph's recursive parser overflows its stack and kills the
  process at a few thousand levels, so we refuse anything deeper than ``MAX_NESTING``), and the
  number of operators (a chain of ~10,000 ``!`` or ``+`` crashes it the same way; we allow
  ``10 * MAX_NESTING``), and the number of ``UNION``, ``MINUS``, ``OPTIONAL``, ``BIND`` and
  ``FILTER`` clauses (each nests the query's algebra one level deeper: a flat chain of ~3,000
  ``OPTIONAL`` or ``BIND``, ~4,000 ``MINUS`` or ~8,000 ``UNION`` crashes it too; we allow
  ``5 * MAX_NESTING``);
- every IRI that names something to fetch or call: ``SERVICE``, ``LOAD``, and dataset clauses
  ``FROM``/``FROM NAMED``/``USING``/``USING NAMED``, with prefixed names and relative IRIs resolved.

It is fast (tens of microseconds for a typical query) so it runs on every request, and it is
conservative: a ``SERVICE`` whose endpoint is a variable is refused. Oxigraph does perform HTTP
requests for ``SERVICE`` and ``LOAD``, so this scan is what keeps queries from reaching other hosts:
the server runs ``check`` on every query and update, ``claimgraph query`` runs ``check_service``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

_ECHAR = r"\\[tbnrf\\\"']"
_UCHAR = r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"
_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\r\n]*)
  | (?P<string>"\"\"(?:(?:"|"")?(?:[^"\\]|""" + _ECHAR + "|" + _UCHAR + r"""))*\"\"\"
              | '''(?:(?:'|'')?(?:[^'\\]|""" + _ECHAR + "|" + _UCHAR + r"""))*'''
              | "(?:[^"\\\n\r]|""" + _ECHAR + "|" + _UCHAR + r""")*"
              | '(?:[^'\\\n\r]|""" + _ECHAR + "|" + _UCHAR + r""")*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][\w\u00B7\u0300-\u036F\u203F-\u2040]+)
  | (?P<pname>(?:[A-Za-z\u00C0-\uFFFF][\w.\-\u00B7\u00C0-\uFFFF]*)?:(?:[\w:%\-\u00B7\u00C0-\uFFFF]
              |\\[_~.\-!$&'()*+,;=/?\#@%]|\.(?=[\w:%\-]))*)
  | (?P<word>[A-Za-z_][A-Za-z0-9_\-]*)
  | (?P<open>[(\[{])
  | (?P<close>[)\]}])
  | (?P<other>.)
    """, re.VERBOSE | re.DOTALL)

QUERY_FORMS = {"SELECT": "select", "ASK": "ask", "CONSTRUCT": "graph", "DESCRIBE": "graph"}
UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD",
                "WITH"}
_OPERATOR_CHARS = set("!+-*/&|=<>^")
CLAUSE_WORDS = {"UNION", "MINUS", "OPTIONAL", "BIND", "FILTER"}
IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[^<>\"{}|^`\\\x00-\x20]*")
SAFE_DATASET_SCHEMES = {"http", "https", "urn", "tag"}


class QueryRefused(ValueError):
    """The text is refused before execution; ``status`` is the HTTP status to answer with."""

    def __init__(self, detail: str, status: int = 400) -> None:
        super().__init__(detail)
        self.status = status


@dataclass
class Scan:
    """What the lexical scan found in a query or update."""

    form: str | None = None            # select | ask | graph | update | None (not recognised)
    depth: int = 0
    operators: int = 0                 # operator characters: long chains crash Oxigraph too
    clauses: int = 0                   # UNION, MINUS, OPTIONAL, BIND, FILTER: so do their chains
    triple_terms: bool = False         # RDF 1.2 ``<<( … )>>`` / RDF-star ``<< … >>``
    service: list[str | None] = field(default_factory=list)   # None: SERVICE ?variable
    load: list[str] = field(default_factory=list)
    dataset: list[str] = field(default_factory=list)          # FROM / USING IRIs


def tokens(text: str) -> list[tuple[str, str]]:
    """The tokens of ``text`` as (kind, text) pairs, without white space and comments; kinds
    are those of ``_TOKEN``'s groups (iri, pname, var, string, word, open, close, other)."""
    return [(m.lastgroup or "other", m.group()) for m in _TOKEN.finditer(text)
            if m.lastgroup not in ("ws", "comment")]


def resolve(token: str, kind: str, prefixes: dict[str, str], base: str | None) -> str | None:
    """The IRI an ``iri`` or ``pname`` token names (relative IRIs resolved against ``base``);
    None for other kinds; QueryRefused for an undefined prefix or an IRI that cannot be split."""
    if kind == "iri":
        iri = token[1:-1]
        try:
            return urljoin(base, iri) if base and not urlsplit(iri).scheme else iri
        except ValueError as error:   # an unbalanced IPv6 bracket, in the IRI or the base
            raise QueryRefused(f"invalid IRI {token}: {error}") from None
    if kind == "pname":
        prefix, _, local = token.partition(":")
        if prefix in prefixes:
            return prefixes[prefix] + local.replace("\\", "")
        raise QueryRefused(f"undefined prefix {prefix!r} in {token!r}")
    return None


def scan(text: str) -> Scan:
    """Scan ``text``; raises QueryRefused on an unterminated string/IRI it cannot tokenise."""
    result = Scan()
    prefixes: dict[str, str] = {}
    base: str | None = None
    depth = 0
    found = tokens(text)
    pending: str | None = None          # keyword awaiting its IRI
    for index, (kind, value) in enumerate(found):
        upper = value.upper() if kind == "word" else ""
        if kind == "open":
            depth += 1
            result.depth = max(result.depth, depth)
        elif kind == "close":
            depth -= 1
        elif kind == "other" and value in _OPERATOR_CHARS:
            result.operators += 1
            # two "<" in a row that start no IRI: the opening of a triple term, which no
            # SPARQL 1.1 text can hold
            if value == "<" and index and found[index - 1] == ("other", "<"):
                result.triple_terms = True
        elif upper in CLAUSE_WORDS:
            result.clauses += 1
        if pending is not None:
            if kind == "word" and upper in ("SILENT", "NAMED", "INTO", "GRAPH"):
                continue
            target = resolve(value, kind, prefixes, base) if kind in ("iri", "pname") else None
            if pending == "SERVICE":
                result.service.append(target)
            elif target is not None:
                (result.load if pending == "LOAD" else result.dataset).append(target)
            pending = None
        if kind == "word":
            if upper == "PREFIX" and index + 2 < len(found):
                name, iri = found[index + 1], found[index + 2]
                if name[0] == "pname" and iri[0] == "iri":
                    prefixes[name[1].rstrip(":")] = resolve(iri[1], "iri", prefixes, base) or ""
            elif upper == "BASE" and index + 1 < len(found) and found[index + 1][0] == "iri":
                base = resolve(found[index + 1][1], "iri", prefixes, base)
            elif upper in ("SERVICE", "LOAD", "FROM", "USING"):
                pending = upper
            if result.form is None:
                if upper in QUERY_FORMS:
                    result.form = QUERY_FORMS[upper]
                elif upper in UPDATE_WORDS:
                    result.form = "update"
    return result


_DEFAULT_PORTS = {"http": 80, "https": 443}


def _endpoint(iri: str) -> tuple[str, str, int | None, str, bool] | None:
    """An IRI's scheme, host, port, path and whether it has user information; None if it
    cannot be split (an unbalanced IPv6 bracket, a port that is not a number)."""
    try:
        parts = urlsplit(iri)
        scheme = parts.scheme.lower()
        port = parts.port if parts.port is not None else _DEFAULT_PORTS.get(scheme)
    except ValueError:
        return None
    return scheme, (parts.hostname or ""), port, parts.path, "@" in parts.netloc


def _dot_segment(path: str) -> bool:
    segments = re.sub(r"%2[eE]", ".", path).split("/")
    return any(segment in (".", "..") for segment in segments)


def _allowed(iri: str, allowlist: list[str]) -> bool:
    """Whether ``iri`` is on ``allowlist``: the same scheme, host and port as an entry, and a
    path that is the entry's or lies below it (a whole segment: ``/sparql`` admits
    ``/sparql/x``, not ``/sparqlx``). IRIs with user information or dot segments (``..``, also
    percent-encoded) are never allowed: a server that resolves them could answer for another
    path, and a look-alike host (``example.org.evil.test``) is another host."""
    found = _endpoint(iri)
    if found is None or found[4] or _dot_segment(found[3]):
        return False
    scheme, host, port, path, _ = found
    for entry in allowlist:
        allowed = _endpoint(entry) if entry else None
        if allowed is None or (scheme, host, port) != allowed[:3]:
            continue
        prefix = allowed[3]
        if path == prefix or path.startswith(prefix if prefix.endswith("/") else prefix + "/") \
                or not prefix:
            return True
    return False


def check(text: str, *, max_length: int, max_nesting: int, service_allowlist: list[str],
          load_allowlist: list[str], what: str = "query") -> Scan:
    """Scan ``text`` and refuse it (QueryRefused) if it breaks a limit or a safety rule."""
    if len(text) > max_length:
        raise QueryRefused(f"the {what} is {len(text)} characters long; the limit is {max_length}",
                           413)
    if "\x00" in text:
        raise QueryRefused(f"the {what} contains a NUL character")
    result = scan(text)
    if result.depth > max_nesting:
        raise QueryRefused(f"the {what} nests brackets {result.depth} levels deep; the limit "
                           f"is {max_nesting}")
    if result.operators > max_nesting * 10:
        raise QueryRefused(f"the {what} has {result.operators} operators; the limit is "
                           f"{max_nesting * 10}")
    if result.triple_terms:
        raise QueryRefused(f"the {what} holds an RDF-star triple term (<<…>>): claimgraph "
                           "stores and answers RDF 1.1 terms only")
    if result.clauses > max_nesting * 5:
        raise QueryRefused(f"the {what} has {result.clauses} UNION, MINUS, OPTIONAL, BIND and "
                           f"FILTER clauses; the limit is {max_nesting * 5}")
    check_service(result, service_allowlist)
    for source in result.load:
        if not _allowed(source, load_allowlist):
            raise QueryRefused(f"LOAD <{source}> is not allowed: only IRIs on the server's "
                               "LOAD_ALLOWLIST may be loaded", 403)
    for iri in result.dataset:
        check_graph_iri(iri, "FROM/USING")
    return result


def check_service(result: Scan, service_allowlist: list[str]) -> None:
    """Refuse (QueryRefused, 403) a ``SERVICE`` the scan found whose endpoint is a variable or
    is not on ``service_allowlist``."""
    for endpoint in result.service:
        if endpoint is None:
            raise QueryRefused("SERVICE with a variable endpoint is not allowed", 403)
        if not _allowed(endpoint, service_allowlist):
            raise QueryRefused(f"SERVICE <{endpoint}> is not allowed: federated queries may "
                               "only call endpoints on the server's SERVICE_ALLOWLIST", 403)


def check_graph_iri(iri: str, where: str) -> None:
    """Refuse a dataset IRI that is not absolute or whose scheme could name a local resource."""
    try:
        scheme = urlsplit(iri).scheme.lower()
    except ValueError as error:   # an unbalanced IPv6 bracket
        raise QueryRefused(f"{where} <{iri}> is not a valid IRI: {error}") from None
    if scheme not in SAFE_DATASET_SCHEMES:
        raise QueryRefused(f"{where} <{iri}>: graph IRIs must be absolute http, https, urn or "
                           "tag IRIs")
