"""Each safety rule of the endpoint, shown holding.

No local file or other host is reached (LOAD, SERVICE, FROM), a runaway query is stopped by the
time limit and the next one answered, nesting that would crash Oxigraph is refused, a query that
crashes the engine anyway takes down only its worker, writes need the token, and a table of bad
requests never gets a 500 or anything but the one error shape.
"""

from __future__ import annotations

import json
import socket
import threading

import pytest

from claimgraph.graph import querycheck
from tests.server.conftest import DOC_A, TOKEN
from tests.server.test_snapshot import disk_url  # noqa: F401 (written by a subprocess)

AUTH = {"Authorization": f"Bearer {TOKEN}"}
CHEAP = "ASK { ?s ?p ?o }"
EXPLOSIVE = ("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . "
             "?m ?n2 ?o . ?q ?r ?t }")


@pytest.fixture
def listener():
    """A TCP listener on 127.0.0.1 that records whether anything connected to it."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(5)
    sock.settimeout(0.2)
    hits: list[bool] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = sock.accept()
                hits.append(True)
                conn.close()
            except OSError:
                pass

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{sock.getsockname()[1]}", hits
    stop.set()
    thread.join(2)
    sock.close()


def error(response, status):
    assert response.status_code == status, response.get_data(as_text=True)
    body = json.loads(response.data)
    assert list(body) == ["error"]
    assert body["error"]["status"] == status and body["error"]["title"] and body["error"]["detail"]
    return body["error"]["detail"]


def test_load_of_a_local_file_is_refused(client):
    detail = error(client.post("/update", data={"update": "LOAD <file:///etc/passwd>"},
                               headers=AUTH), 403)
    assert "LOAD" in detail
    detail = error(client.post("/update", headers=AUTH, content_type="application/sparql-update",
                               data=b"PREFIX f: <file:///etc/> LOAD SILENT f:passwd INTO GRAPH "
                                    b"<http://example.org/x>"), 403)
    assert "file:///etc/passwd" in detail
    ask = "ASK { GRAPH <http://example.org/x> { ?s ?p ?o } }"
    assert client.get("/sparql", query_string={"query": ask}).get_json()["boolean"] is False


def test_service_to_another_host_is_refused(client, listener):
    url, hits = listener
    for query in (f"SELECT * WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}",
                  f"PREFIX x: <{url}/> SELECT * WHERE {{ SERVICE SILENT x:sparql {{ ?s ?p ?o }} }}",
                  f"SELECT * WHERE {{ BIND(<{url}/sparql> AS ?e) SERVICE ?e {{ ?s ?p ?o }} }}",
                  f"select * where {{ service<{url}/sparql>{{?s ?p ?o}} }}"):
        error(client.get("/sparql", query_string={"query": query}), 403)
    update = f"INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}"
    error(client.post("/update", data={"update": update}, headers=AUTH), 403)
    assert hits == []


def test_keywords_inside_literals_and_iris_are_not_mistaken(client):
    query = ('SELECT ?x WHERE { BIND("SERVICE <http://127.0.0.1:1/> LOAD" AS ?x) '
             '# SERVICE <http://127.0.0.1:1/>\n FILTER(?x != <http://e/SERVICE>) }')
    assert client.get("/sparql", query_string={"query": query}).status_code == 200


@pytest.mark.parametrize("app_config", [{"SERVICE_ALLOWLIST": ["http://127.0.0.1:1/"]}])
def test_allow_listed_service_passes_the_check(client, listener):
    url, hits = listener
    # Allowed prefix: the check passes, and Oxigraph's own refusal of the port is a 4xx/503.
    allowed = client.get("/sparql", query_string={
        "query": "SELECT * WHERE { SERVICE SILENT <http://127.0.0.1:1/sparql> { ?s ?p ?o } }"})
    assert allowed.status_code != 403
    error(client.get("/sparql", query_string={
        "query": f"SELECT * WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}"}), 403)
    assert hits == []


@pytest.mark.parametrize("query", [
    "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
    "SELECT * FROM NAMED <file:///etc/passwd> WHERE { GRAPH ?g { ?s ?p ?o } }",
    "BASE <file:///etc/> SELECT * FROM <passwd> WHERE { ?s ?p ?o }",
])
def test_from_a_local_file_is_refused(client, query):
    assert "graph IRIs" in error(client.get("/sparql", query_string={"query": query}), 400)


def test_default_graph_uri_of_a_local_file_is_refused(client):
    error(client.get("/sparql", query_string={"query": CHEAP,
                                              "default-graph-uri": "file:///etc/passwd"}), 400)


@pytest.mark.parametrize("app_config", [{"QUERY_TIMEOUT": 1.0}])
def test_explosive_query_is_stopped_and_the_next_answered(client):
    detail = error(client.get("/sparql", query_string={"query": EXPLOSIVE}), 503)
    assert "time limit" in detail
    for _ in range(3):
        assert client.get("/sparql", query_string={"query": CHEAP}).get_json()["boolean"]


@pytest.mark.parametrize("app_config", [{"QUERY_TIMEOUT": 2.0, "EXEC_WORKERS": 2}])
def test_other_clients_are_answered_while_a_query_runs(app):
    results: dict[str, int] = {}

    def slow() -> None:
        results["slow"] = app.test_client().get(
            "/sparql", query_string={"query": EXPLOSIVE}).status_code

    thread = threading.Thread(target=slow)
    thread.start()
    answered_meanwhile = 0
    while thread.is_alive():
        response = app.test_client().get("/sparql", query_string={"query": CHEAP})
        answered_meanwhile += response.status_code == 200
    thread.join()
    assert results["slow"] == 503 and answered_meanwhile >= 5


@pytest.mark.parametrize("opening,closing", [("(", ")"), ("{", "}"), ("[", "]")])
def test_deep_nesting_is_refused_and_the_server_lives(client, opening, closing):
    inner = {"(": "FILTER(" + "(" * 3000 + "true" + ")" * 3000 + ")",
             "{": "{" * 3000 + " ?s ?p ?o " + "}" * 3000,
             "[": "?s ?p " + "[ ?p " * 3000 + "1" + " ]" * 3000}[opening]
    detail = error(client.get("/sparql", query_string={"query": f"SELECT * WHERE {{ {inner} }}"}),
                   400)
    assert "nests" in detail
    assert client.get("/sparql", query_string={"query": CHEAP}).status_code == 200


def test_long_operator_chains_are_refused(client):
    query = "SELECT * WHERE { FILTER(" + "!" * 20000 + "true) }"
    assert "operators" in error(client.get("/sparql", query_string={"query": query}), 400)


@pytest.mark.parametrize("app_config", [{"MAX_NESTING": 100000, "MAX_QUERY_LENGTH": 10**6}])
def test_a_query_that_crashes_the_engine_kills_only_its_worker(client):
    # With the pre-check disabled, 20,000 nested braces overflow Oxigraph's stack (SIGSEGV):
    # the worker dies, the request is answered, the next query is served by a new worker.
    query = "SELECT * WHERE " + "{" * 20000 + "?s ?p ?o" + "}" * 20000
    detail = error(client.post("/sparql", data={"query": query}), 503)
    assert "restarted" in detail
    assert client.get("/sparql", query_string={"query": CHEAP}).status_code == 200


@pytest.mark.parametrize("app_config", [{"MAX_RESULTS": 5}])
def test_result_size_limit(client):
    detail = error(client.get("/sparql", query_string={"query": "SELECT * { ?s ?p ?o }"}), 422)
    assert "limit is 5" in detail
    assert client.get("/sparql", query_string={
        "query": "SELECT * { ?s ?p ?o } LIMIT 5"}).status_code == 200


@pytest.mark.parametrize("app_config", [{"MAX_QUERY_LENGTH": 100, "MAX_BODY": 1000}])
def test_length_limits(client):
    error(client.get("/sparql", query_string={"query": CHEAP + " " * 200}), 413)
    error(client.post("/sparql", data=b"x" * 5000, content_type="application/sparql-query"), 413)
    error(client.put(f"/rdf-graph-store?graph={DOC_A}", data=b"#" * 5000, headers=AUTH,
                     content_type="text/turtle"), 413)


WRITES = [
    ("update form", lambda c, h: c.post("/update", data={"update": "CLEAR ALL"}, headers=h)),
    ("update direct", lambda c, h: c.post("/update", data=b"DROP ALL", headers=h,
                                          content_type="application/sparql-update")),
    ("gsp put", lambda c, h: c.put(f"/rdf-graph-store?graph={DOC_A}", data=b"",
                                   content_type="text/turtle", headers=h)),
    ("gsp post", lambda c, h: c.post(f"/rdf-graph-store?graph={DOC_A}", data=b"",
                                     content_type="text/turtle", headers=h)),
    ("gsp delete", lambda c, h: c.delete(f"/rdf-graph-store?graph={DOC_A}", headers=h)),
    ("gsp create", lambda c, h: c.post("/rdf-graph-store", data=b"", headers=h,
                                       content_type="text/turtle")),
]


@pytest.mark.parametrize("name,call", WRITES, ids=[w[0] for w in WRITES])
def test_writes_without_token_are_refused(client, name, call):
    before = client.get("/sparql", query_string={"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"})
    assert "WWW-Authenticate" in call(client, {}).headers
    error(call(client, {}), 401)
    error(call(client, {"Authorization": "Bearer wrong"}), 403)
    error(call(client, {"Authorization": f"Basic {TOKEN}"}), 401)
    after = client.get("/sparql", query_string={"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"})
    assert before.data == after.data


@pytest.mark.parametrize("app_config", [{"UPDATE_TOKEN": None}])
@pytest.mark.parametrize("name,call", WRITES, ids=[w[0] for w in WRITES])
def test_without_a_configured_token_the_server_is_read_only(client, name, call):
    assert "read-only" in error(call(client, AUTH), 403)


def test_cors_for_reads_only(client):
    response = client.get("/sparql", query_string={"query": CHEAP},
                          headers={"Origin": "https://example.org"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    preflight = client.options("/sparql", headers={
        "Origin": "https://example.org", "Access-Control-Request-Method": "POST"})
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    update_preflight = client.options("/update", headers={
        "Origin": "https://example.org", "Access-Control-Request-Method": "POST"})
    assert "POST" not in update_preflight.headers.get("Access-Control-Allow-Methods", "")
    update = client.post("/update", data={"update": "CLEAR ALL"})
    assert "Access-Control-Allow-Origin" not in update.headers


@pytest.mark.parametrize("path,methods", [
    ("/sparql", "GET, HEAD, POST, OPTIONS"),
    ("/rdf-graph-store", "GET, HEAD, OPTIONS"),     # its writes are not cross-origin
    ("/api/search", "GET, HEAD, OPTIONS"),
    ("/update", None),                              # POST only, and a write: nothing to allow
])
def test_a_preflight_allows_only_methods_the_route_has_and_shares(client, path, methods):
    preflight = client.options(path, headers={"Origin": "https://example.org",
                                              "Access-Control-Request-Method": "POST"})
    assert preflight.status_code == 200
    assert preflight.headers.get("Access-Control-Allow-Methods") == methods
    assert ("Access-Control-Allow-Origin" in preflight.headers) == (methods is not None)
    assert "Content-Type" not in preflight.headers        # no body, so no type for one


def test_answers_without_content_carry_no_content_type(client):
    update = "INSERT DATA { GRAPH <urn:x:g> { <urn:x:s> <urn:x:p> 1 } }"
    answers = [
        client.post("/update", data={"update": update}, headers=AUTH),
        client.put("/rdf-graph-store?graph=urn:x:new", data="<urn:x:s> <urn:x:p> 1 .",
                   content_type="text/turtle", headers=AUTH),
        client.put("/rdf-graph-store?graph=urn:x:new", data="<urn:x:s> <urn:x:p> 2 .",
                   content_type="text/turtle", headers=AUTH),
        client.delete("/rdf-graph-store?graph=urn:x:new", headers=AUTH),
    ]
    assert [answer.status_code for answer in answers] == [204, 201, 204, 204]
    for answer in answers:
        assert "Content-Type" not in answer.headers and answer.data == b""


@pytest.mark.parametrize("endpoint,allowed", [
    ("http://127.0.0.1:8619/sparql", True),
    ("http://127.0.0.1:8619/sparql/sub", True),
    ("http://127.0.0.1:8619/sparql?default-graph-uri=x", True),
    ("HTTP://127.0.0.1:8619/sparql", True),
    ("http://127.0.0.1:8619/sparqlevil", False),
    ("http://127.0.0.1:8619/sparql/../admin", False),
    ("http://127.0.0.1:8619/sparql/%2e%2e/admin", False),
    ("http://127.0.0.1:8619/sparql%2E%2E/admin", False),
    ("http://127.0.0.1:8619/sparql@127.0.0.1:8619/x", False),   # a path, not the entry's
    ("http://user@127.0.0.1:8619/sparql", False),
    ("http://127.0.0.1:8620/sparql", False),
    ("https://127.0.0.1:8619/sparql", False),
    ("http://[::1/sparql", False),
    ("https://query.wikidata.org/sparql", True),
    ("https://query.wikidata.org:443/sparql", True),
    ("https://query.wikidata.org.evil.example/sparql", False),
])
def test_the_allow_list_compares_scheme_host_port_and_whole_path_segments(endpoint, allowed):
    allowlist = ["http://127.0.0.1:8619/sparql", "https://query.wikidata.org"]
    query = f"SELECT * WHERE {{ SERVICE <{endpoint}> {{ ?s ?p ?o }} }}"
    limits = {"max_length": 10_000, "max_nesting": 200, "load_allowlist": []}
    if allowed:
        querycheck.check(query, service_allowlist=allowlist, **limits)
    else:
        with pytest.raises(querycheck.QueryRefused):
            querycheck.check(query, service_allowlist=allowlist, **limits)


def _doubling(times: int) -> str:
    """A query under 1 KB whose one answer is 16 * 2**times characters long."""
    binds = " ".join(f"BIND(CONCAT(?v{i - 1}, ?v{i - 1}) AS ?v{i})" for i in range(1, times + 1))
    return f'SELECT ?v{times} WHERE {{ BIND("0123456789abcdef" AS ?v0) {binds} }}'


@pytest.mark.parametrize("app_config", [{"QUERY_MEMORY": 64, "QUERY_TIMEOUT": 20}])
def test_a_query_over_the_memory_limit_is_stopped_and_the_next_answered(client):
    # 2**24 * 16 bytes = 256 MiB of string: far over 64 MiB, however it is allocated.
    detail = error(client.get("/sparql", query_string={"query": _doubling(24)}), 503)
    assert "64 MiB" in detail and "QUERY_MEMORY" in detail
    for _ in range(3):
        assert client.get("/sparql", query_string={"query": CHEAP}).get_json()["boolean"]
    assert client.get("/sparql", query_string={"query": _doubling(10)}).status_code == 200


def test_an_update_over_the_memory_limit_is_stopped_and_the_next_carried_out(disk_url,
                                                                             tmp_path):
    # The writer child had no memory limit: an update computing a literal of 2**23 * 16 bytes
    # (128 MiB, twice the limit here) wrote it. Under `claimgraph serve`: a writer child that
    # opens RocksDB hangs if the process that forked it had opened RocksDB, as this one may have.
    import requests

    from tests.reliability.live import LiveServer

    def update(text: str) -> requests.Response:
        return requests.post(f"{server.url}/update", data={"update": text}, headers=AUTH,
                             timeout=90)

    def doubling_insert(times: int, graph: str) -> str:
        where = _doubling(times).split("WHERE", 1)[1]
        return f"INSERT {{ GRAPH <{graph}> {{ <urn:x:s> <urn:x:p> ?v{times} }} }} WHERE {where}"

    def read(query: str) -> bytes:
        return requests.get(f"{server.url}/sparql", params={"query": query}, timeout=30,
                            headers={"Accept": "application/sparql-results+json"}).content

    server = LiveServer(disk_url, tmp_path / "server.log", token=TOKEN, extra_env={
        "CLAIMGRAPH_UPDATE_MEMORY": "64", "CLAIMGRAPH_SNAPSHOT_MODE": "disk"})
    try:
        everything = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
        before = read(everything)
        refused = update(doubling_insert(23, "urn:x:big"))
        assert refused.status_code == 503, refused.text
        assert refused.json()["error"]["detail"] == (
            "the write needed more memory than a write may use (64 MiB, UPDATE_MEMORY) and was "
            "stopped; the store is unchanged")
        assert read(everything) == before
        assert update(doubling_insert(10, "urn:x:small")).status_code == 204
        assert b"true" in read("ASK { GRAPH <urn:x:small> { <urn:x:s> <urn:x:p> ?v } }")
        put = requests.put(f"{server.url}/rdf-graph-store?graph=urn:x:put", timeout=90,
                           data="<urn:x:s> <urn:x:p> 1 .",
                           headers={**AUTH, "Content-Type": "text/turtle"})
        assert put.status_code == 201, put.text
    finally:
        server.stop()
    assert "write stopped at the 64 MiB memory limit (UPDATE_MEMORY)" in server.log()


@pytest.mark.parametrize("app_config", [{"MAX_ANSWER_BYTES": 100_000}])
def test_answer_size_limit(client):
    detail = error(client.get("/sparql", query_string={"query": _doubling(13)},
                              headers={"Accept": "text/csv"}), 422)
    assert "limit is 100000 bytes (MAX_ANSWER_BYTES)" in detail
    assert client.get("/sparql", query_string={"query": _doubling(12)},
                      headers={"Accept": "text/csv"}).status_code == 200


def test_the_access_log_cannot_be_forged_through_the_path(client, caplog):
    import logging

    caplog.set_level(logging.INFO, logger="claimgraph.server.access")
    for path in ("/id/x%0A2026-11-27%2018:40:00,000%20ERROR%20claimgraph.server:%20forged",
                 "/nope%1b%5b31mRED", "/id/%00", "/id/a%E2%80%A8b%C2%85", "/id/back%5Cx0a"):
        client.get(path)
    lines = [record.getMessage() for record in caplog.records
             if record.name == "claimgraph.server.access"]
    assert len(lines) == 5
    for line in lines:
        assert line.isprintable(), line
    assert lines[0].startswith("GET /id/x\\x0a2026-11-27 18:40:00,000 ERROR")
    assert lines[1].startswith("GET /nope\\x1b[31mRED 404")
    assert lines[2].startswith("GET /id/\\x00 ")
    assert lines[3].startswith("GET /id/a\\u2028b\\x85 ")
    assert lines[4].startswith("GET /id/back\\\\x0a ")


def test_the_worker_memory_probe_sees_an_allocation_and_its_release():
    # The probe a query worker reads after every query to decide whether to retire: it must see
    # the data size grow with an allocation and shrink when it is freed.
    from claimgraph.server.execution import _DataProbe

    probe = _DataProbe()
    block = bytearray(64 * 1024 * 1024)
    block[-1] = 1
    assert probe.grown_past(32 * 1024 * 1024)
    assert not probe.grown_past(128 * 1024 * 1024)
    del block
    assert not probe.grown_past(32 * 1024 * 1024)
