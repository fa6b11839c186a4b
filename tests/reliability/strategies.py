"""Hypothesis strategies for hostile HTTP requests: malformed, oversized and adversarial.

They build requests the Flask test client (and ``requests``) can send, whose content is hostile:
SPARQL assembled from grammar fragments and attack snippets, bodies in wrong encodings and
formats, traversal paths, absurd headers, parameters repeated or missing, text far over limits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import quote

from hypothesis import strategies as st

CANARY = "http://127.0.0.1:{port}/"   # a local server that must never receive a request

# Text that has broken SPARQL endpoints, parsers and web apps before.
ATTACKS = [
    "", " ", "\x00", "\ufeff", "\ud7ff", "\u202e", "%00", "%ff%fe", "../../../../etc/passwd",
    "..%2f..%2f..%2fetc%2fpasswd", "%2e%2e/%2e%2e/etc/passwd", "/etc/passwd", "file:///etc/passwd",
    "C:\\Windows\\win.ini", "<script>alert(1)</script>", "\"'><img src=x onerror=alert(1)>",
    "' OR '1'='1", "\"} ; DROP ALL ; #", "}} LOAD <file:///etc/passwd> {{", "${jndi:ldap://x/a}",
    "{{7*7}}", "\\u0000", "\\", "\"\"\"", "'''", "<", ">", "#", "?", "&", "=", "%", "+",
    "-1", "0", "999999999999999999999999", "1e309", "NaN", "null", "true", "[]", "{}",
    "\r\n\r\nGET / HTTP/1.1", "a" * 600, "Пу́тин", "Зеленський", "🦆" * 20, "\u0301" * 50,
    "wd:Q7747", "id:person/vladimir-putin", "https://w3id.org/claimgraph/id/city/pokrovsk",
    "Putin", "pokrovsk", "2025-13-45", "2025-02-30", "0000-00-00", "9999-99-99T99:99",
]

SPARQL_FRAGMENTS = [
    "SELECT", "ASK", "CONSTRUCT", "DESCRIBE", "WHERE", "{", "}", "(", ")", "[", "]", "*", "?s",
    "?p", "?o", "?g", "$x", ".", ";", ",", "GRAPH", "OPTIONAL", "UNION", "MINUS", "FILTER",
    "BIND", "AS", "VALUES", "LIMIT", "OFFSET", "ORDER BY", "GROUP BY", "HAVING", "COUNT(*)",
    "DISTINCT", "REGEX(?o, \"(a+)+$\")", "STR(?s)", "LANG(?o)", "NOT EXISTS", "a", "<>",
    "<http://example.org/x>", "<file:///etc/passwd>", "<javascript:alert(1)>", "cg:Actor",
    "rdfs:label", "PREFIX cg: <https://w3id.org/claimgraph/ontology#>",
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>", "BASE <file:///>", "\"x\"@en",
    "\"1\"^^<http://www.w3.org/2001/XMLSchema#integer>", "1", "-0.0e-0", "_:b", "!", "^", "|",
    "/", "+", "?", "SERVICE", "SERVICE SILENT", "LOAD", "LOAD SILENT", "INTO GRAPH", "INSERT DATA",
    "DELETE WHERE", "CLEAR ALL", "DROP ALL", "FROM", "FROM NAMED", "USING", "WITH", "#",
    "\n", "\"\"\"", "'", "\\u0022", "UUID()", "NOW()", "SHA512(?o)", "REPLACE(?o, \".*\", \"$0$0\")",
]

TEMPLATES = [
    "SELECT * WHERE {{ ?s ?p {x} }} LIMIT 5",
    "SELECT ?s WHERE {{ ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l FILTER(CONTAINS(?l, "
    "\"{x}\")) }} LIMIT 5",
    "ASK {{ {x} }}",
    "DESCRIBE <{x}>",
    "CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{x}> {{ ?s ?p ?o }} }} LIMIT 5",
    "SELECT * WHERE {{ SERVICE <{canary}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ SERVICE SILENT <{canary}sparql> {{ ?s ?p ?o }} }}",
    "SELECT * FROM <{canary}x.ttl> WHERE {{ ?s ?p ?o }}",
    "LOAD <{canary}data.ttl>",
    "LOAD <file:///etc/passwd> INTO GRAPH <urn:x>",
    "PREFIX c: <{canary}> SELECT * WHERE {{ SERVICE c:q {{ ?s ?p ?o }} }}",
    "BASE <{canary}> SELECT * WHERE {{ SERVICE <sparql> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ SERVICE ?svc {{ ?s ?p ?o }} VALUES ?svc {{ <{canary}> }} }}",
    "INSERT DATA {{ GRAPH <urn:fuzz> {{ <urn:a> <urn:b> \"{x}\" }} }}",
    "SELECT (COUNT(*) AS ?n) WHERE {{ ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }}",
    "SELECT * WHERE {{ ?s ?p ?o FILTER(REGEX(?o, \"{x}\")) }} LIMIT 3",
]


def repeated(min_times: int = 100, max_times: int = 40_000) -> st.SearchStrategy[str]:
    """Oversized text: a fragment repeated many times (cheap to generate, unlike st.text)."""
    return st.builds(lambda piece, n: piece * n,
                     st.sampled_from(["(", "{", "[", "!", "a", "?s ", "/", "%", "\\", "é", "\x00",
                                      "((", "{ ", "<", "\"", "SELECT ", "?o+", "^"]),
                     st.integers(min_times, max_times))


def nested(depth: st.SearchStrategy[int] = st.integers(50, 20_000)) -> st.SearchStrategy[str]:
    """Deeply nested queries, the kind that overflows a recursive-descent parser's stack."""
    brackets = st.sampled_from([("{", "}"), ("(", ")"), ("[", "]")])
    core = st.sampled_from(["?s ?p ?o", "FILTER(1)", "", "?s ?p ((((?o"])
    return st.one_of(
        st.builds(lambda n, oc, c: "SELECT * WHERE " + oc[0] * n + c + oc[1] * n,
                  depth, brackets, core),
        st.builds(lambda n: "SELECT * WHERE { FILTER(" + "(" * n + "1" + ")" * n + ") }", depth),
        st.builds(lambda n: "ASK { ?s " + "!" * n + "<urn:p> ?o }", depth),
        st.builds(lambda n: "SELECT * WHERE { ?s <urn:p>" + "/<urn:p>" * n + " ?o }",
                  st.integers(10, 300)))


def free_text(max_size: int = 80) -> st.SearchStrategy[str]:
    return st.text(max_size=max_size) | st.sampled_from(ATTACKS)


def sparql_text(canary_port: int) -> st.SearchStrategy[str]:
    """Query-shaped text: fragment soup, attack templates, nesting bombs, oversized or random."""
    canary = CANARY.format(port=canary_port)
    soup = st.lists(st.sampled_from(SPARQL_FRAGMENTS) | free_text(12), max_size=40) \
        .map(" ".join)
    templated = st.builds(lambda t, x: t.format(x=x, canary=canary), st.sampled_from(TEMPLATES),
                          free_text(40))
    return st.one_of(soup, templated, nested(), repeated(), free_text(200))


LATIN1_HEADER = st.text(st.characters(min_codepoint=0x20, max_codepoint=0xFF,
                                      blacklist_characters="\x7f"), max_size=120)
ACCEPTS = [None, "*/*", "application/json", "application/sparql-results+json",
           "application/sparql-results+xml", "text/csv", "text/tab-separated-values",
           "text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml",
           "application/n-quads", "application/trig", "image/png", "application/json;q=0",
           "*/*;q=0", "application/xml", "text/*", "application/*"]
API_PATHS = ("/sparql", "/update", "/rdf-graph-store", "/api/", "/reconcile", "/.well-known/")
JSON_ACCEPTS = {"*/*", "application/json", "application/sparql-results+json",
                "application/sparql-results+xml", "text/csv", "text/tab-separated-values",
                "text/turtle", "application/n-triples", "application/ld+json",
                "application/rdf+xml", "application/n-quads", "application/trig", "image/png",
                "application/xml", "application/*"}
CONTENT_TYPES = [None, "application/x-www-form-urlencoded", "application/sparql-query",
                 "application/sparql-update", "text/turtle", "application/rdf+xml",
                 "application/ld+json", "application/n-triples", "text/plain", "application/json",
                 "multipart/form-data; boundary=xyz", "application/sparql-query; charset=latin-1",
                 "application/x-www-form-urlencoded; charset=utf-16", "text/html", "*/*", ";;;"]
AUTHS = [None, "Bearer", "Bearer ", "Bearer wrong", "Basic dXNlcjpwYXNz", "bearer x x x",
         "Bearer " + "a" * 5000, "Token abc", "Bearer \u00e9\u00e9"]


@dataclass
class HostileRequest:
    method: str
    path: str
    query: list[tuple[str, str]] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | None = None

    @property
    def json_client(self) -> bool:
        """True when the client accepts JSON and prefers neither HTML nor plain text. A client
        that sends no Accept is a machine for the API paths; pages answer it in HTML."""
        accept = self.headers.get("Accept")
        if accept is None:
            return self.path.startswith(API_PATHS)
        return accept in JSON_ACCEPTS


def encode_body(text: str, how: str) -> bytes:
    if how == "latin-1":
        return text.encode("latin-1", "replace")
    if how == "utf-16":
        return text.encode("utf-16")
    if how == "garbage":
        return bytes(range(256)) * 3 + text.encode("utf-8", "surrogatepass")
    return text.encode("utf-8", "surrogatepass")


def bodies(text: st.SearchStrategy[str]) -> st.SearchStrategy[bytes | None]:
    return st.none() | st.builds(encode_body, text,
                                 st.sampled_from(["utf-8", "utf-8", "latin-1", "utf-16",
                                                  "garbage"])) | st.binary(max_size=300)


def path_segment() -> st.SearchStrategy[str]:
    raw = st.sampled_from(["..", "%2e%2e", "..%2f..", "%2F", "%00", "%ff", "etc/passwd",
                           "person", "city", "vladimir-putin", "pokrovsk", "x" * 300, "",
                           "statement", "document", ".%00.", "%5c..%5c", "..;", "~root",
                           "static", "vendor", ".git", "config", "claimgraph.css"]) | \
        st.text(max_size=20).map(lambda s: quote(s, safe=""))
    return raw


def hostile_requests(paths: list[str], methods: list[str], param_names: list[str],
                     canary_port: int) -> st.SearchStrategy[HostileRequest]:
    """Requests to ``paths`` with fuzzed method, parameters, headers and body."""
    value = free_text(120) | sparql_text(canary_port) | repeated(10, 3000)
    params = st.lists(st.tuples(st.sampled_from(param_names) | st.text(max_size=10), value),
                      max_size=6)
    headers = st.fixed_dictionaries({}, optional={
        "Accept": st.sampled_from(ACCEPTS).filter(bool) | LATIN1_HEADER,
        "Content-Type": st.sampled_from(CONTENT_TYPES).filter(bool) | LATIN1_HEADER,
        "Authorization": st.sampled_from(AUTHS).filter(bool),
        "Accept-Language": LATIN1_HEADER, "Origin": LATIN1_HEADER, "X-Forwarded-For":
            LATIN1_HEADER, "Range": st.sampled_from(["bytes=0-0", "bytes=-1", "bytes=9-1"]),
        "If-None-Match": LATIN1_HEADER, "Cookie": LATIN1_HEADER,
    })
    suffix = st.lists(path_segment(), max_size=3).map("/".join)
    path = st.sampled_from(paths) | st.builds(lambda base, extra: base.rstrip("/") + "/" + extra,
                                              st.sampled_from(paths), suffix)
    return st.builds(HostileRequest, st.sampled_from(methods), path, params, headers,
                     bodies(value))
