"""Access: writes need the configured token, no token means read-only, tokens never reach a log,
per-client rate limits, and no served path escapes its folder (raw requests to a live server).
"""

from __future__ import annotations

import logging
import socket

import pytest

from claimgraph.server.ratelimit import MAX_CLIENTS, Buckets
from tests.reliability.live import LiveServer
from tests.reliability.support import TOKEN, check_answer, close_app, full_app, seeded_store

WRITES = [
    ("POST", "/update", {"Content-Type": "application/sparql-update"},
     b'INSERT DATA { GRAPH <urn:acc> { <urn:a> <urn:b> "c" } }'),
    ("POST", "/update", {"Content-Type": "application/x-www-form-urlencoded"},
     b"update=INSERT+DATA+%7B+GRAPH+%3Curn%3Aacc%3E+%7B+%3Curn%3Aa%3E+%3Curn%3Ab%3E+1+%7D+%7D"),
    ("PUT", "/rdf-graph-store?graph=urn:acc", {"Content-Type": "text/turtle"},
     b'<urn:a> <urn:b> "c" .'),
    ("POST", "/rdf-graph-store?graph=urn:acc", {"Content-Type": "text/turtle"},
     b'<urn:a> <urn:b> "c" .'),
    ("POST", "/rdf-graph-store", {"Content-Type": "text/turtle"}, b'<urn:a> <urn:b> "c" .'),
    ("DELETE", "/rdf-graph-store?graph=urn:acc", {}, None),
]


@pytest.fixture
def read_only_app():
    application = full_app(seeded_store(), UPDATE_TOKEN=None)
    yield application
    close_app(application)


@pytest.mark.parametrize("method,path,headers,body", WRITES)
def test_without_a_token_configured_the_server_is_read_only(read_only_app, method, path,
                                                            headers, body):
    client = read_only_app.test_client()
    before = client.get("/sparql", query_string={"query": "SELECT (COUNT(*) AS ?n) "
                                                           "WHERE { GRAPH ?g { ?s ?p ?o } }"})
    for auth in (None, f"Bearer {TOKEN}", "Bearer ", "Bearer anything"):
        response = client.open(path, method=method, data=body,
                               headers={**headers, **({"Authorization": auth} if auth else {})})
        check_answer(response, what=f"{method} {path}")
        assert response.status_code == 403 and "read-only" in response.get_json()["error"][
            "detail"]
    after = client.get("/sparql", query_string={"query": "SELECT (COUNT(*) AS ?n) "
                                                          "WHERE { GRAPH ?g { ?s ?p ?o } }"})
    assert before.get_json() == after.get_json()
    description = client.get("/sparql", headers={"Accept": "text/turtle"}).get_data(as_text=True)
    assert "SPARQL11Update" not in description


@pytest.mark.parametrize("method,path,headers,body", WRITES)
def test_writes_need_the_token(app, method, path, headers, body):
    client = app.test_client()
    cases = {None: 401, "Bearer": 401, "Bearer ": 401, f"Basic {TOKEN}": 401,
             "Bearer wrong": 403, f"Bearer {TOKEN}x": 403, f"Bearer {TOKEN[:-1]}": 403,
             f"Bearer {TOKEN.upper()}": 403}
    for auth, status in cases.items():
        response = client.open(path, method=method, data=body,
                               headers={**headers, **({"Authorization": auth} if auth else {})})
        check_answer(response, what=f"{method} {path} {auth}")
        assert response.status_code == status, (auth, response.get_data(as_text=True))
        if status == 401:
            assert response.headers["WWW-Authenticate"].startswith("Bearer")
    for name in ("access_token", "token"):
        joined = f"{path}{'&' if '?' in path else '?'}{name}={TOKEN}"
        response = client.open(joined, method=method, data=body, headers=headers)
        assert response.status_code == 401, "a token in the URL must not authorize a write"
    response = client.open(path, method=method, data=body,
                           headers={**headers, "Authorization": f"Bearer {TOKEN}"})
    assert response.status_code in (201, 204, 404), response.get_data(as_text=True)


def test_tokens_never_in_the_logs(tmp_path):
    """A live server with a token; writes with the right, a wrong and a misplaced token: the
    whole log (access log, slow-query log, errors) never contains either."""
    import requests

    from tests.reliability.test_faults import seeded_disk_store

    url = seeded_disk_store(tmp_path / "store")
    wrong = "wrong-token-d41d8cd98f"
    server = LiveServer(url, tmp_path / "server.log", token=TOKEN,
                        extra_env={"CLAIMGRAPH_LOG_LEVEL": "DEBUG", "CLAIMGRAPH_SLOW_QUERY_MS": "0"})
    try:
        for token in (TOKEN, wrong):
            for method, path, headers, body in WRITES:
                requests.request(method, server.url + path, data=body, timeout=60,
                                 headers={**headers, "Authorization": f"Bearer {token}"})
            requests.get(server.url + "/sparql", timeout=60,
                         params={"query": "ASK {}", "access_token": token},
                         headers={"Authorization": f"Bearer {token}"})
            requests.post(server.url + "/update", timeout=60, data={"update": "CLEAR ALL",
                                                                    "token": token})
    finally:
        server.stop()
    log = server.log()
    assert "/update" in log and "/rdf-graph-store" in log, "the log was not captured"
    assert TOKEN not in log and wrong not in log


class FakeClock:
    """A monotonic clock that moves only when told, so that refills never depend on speed."""

    def __init__(self) -> None:
        self.now = 1000.0

    def monotonic(self) -> float:
        return self.now


def test_rate_limit_per_client(monkeypatch):
    clock = FakeClock()
    monkeypatch.setattr("claimgraph.server.ratelimit.time", clock)
    application = full_app(seeded_store(), RATE_LIMIT=5.0, RATE_BURST=5.0)
    try:
        client = application.test_client()
        first = [client.get("/api/queries", environ_base={"REMOTE_ADDR": "10.0.0.1"})
                 for _ in range(5)]
        assert all(r.status_code == 200 for r in first)
        limited = client.get("/api/queries", environ_base={"REMOTE_ADDR": "10.0.0.1"})
        check_answer(limited, what="rate limited")
        assert limited.status_code == 429
        assert int(limited.headers["Retry-After"]) >= 1
        assert limited.get_json()["error"]["title"] == "Too Many Requests"
        other = client.get("/api/queries", environ_base={"REMOTE_ADDR": "10.0.0.2"})
        assert other.status_code == 200, "one client's limit must not hold back another"
        clock.now += 0.25     # 5/s refills one request in 0.2 s
        assert client.get("/api/queries",
                          environ_base={"REMOTE_ADDR": "10.0.0.1"}).status_code == 200
        assert client.get("/api/queries",
                          environ_base={"REMOTE_ADDR": "10.0.0.1"}).status_code == 429
    finally:
        close_app(application)


def test_rate_limit_off_by_default(app):
    client = app.test_client()
    assert all(client.get("/api/queries").status_code == 200 for _ in range(50))


def test_token_buckets():
    buckets = Buckets(rate=2.0, burst=3.0)
    assert [buckets.take("a", now=0.0) for _ in range(3)] == [0.0, 0.0, 0.0]
    assert buckets.take("a", now=0.0) == pytest.approx(0.5)
    assert buckets.take("a", now=0.5) == 0.0          # one token back after 0.5 s
    assert buckets.take("a", now=100.0) == 0.0        # never more than the burst
    assert [buckets.take("a", now=100.0) for _ in range(2)] == [0.0, 0.0]
    assert buckets.take("a", now=100.0) > 0
    for i in range(MAX_CLIENTS + 10):                 # memory stays bounded
        buckets.take(f"c{i}", now=200.0)
    assert len(buckets._buckets) == MAX_CLIENTS


TRAVERSALS = [
    "/static/../../../../../../etc/passwd", "/static/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/static/..%2f..%2f..%2f..%2fetc%2fpasswd", "/static/%2e%2e%2f%2e%2e%2fapp.py",
    "/static/..\\..\\app.py", "/static/vendor/../../app.py", "/static//etc/passwd",
    "/static/%252e%252e/%252e%252e/etc/passwd", "/static/..%00/etc/passwd",
    "/static/....//....//etc/passwd", "/id/../../etc/passwd", "/id/..%2f..%2f..%2fetc%2fpasswd",
    "/id/person/..%2f..%2f..%2fetc%2fpasswd", "/ontology/../../etc/passwd",
    "/ontology.ttl/../../../etc/passwd", "/q/..%2f..%2fapp", "/static/%c0%ae%c0%ae/etc/passwd",
    "/../../../../etc/passwd", "//etc/passwd", "/static/claimgraph.css/../../app.py",
]


def raw_get(port: int, target: str) -> bytes:
    """A GET sent byte for byte (no client normalizes the path)."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: */*\r\n"
                     f"Connection: close\r\n\r\n".encode("latin-1"))
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def test_no_served_path_escapes_its_folder(tmp_path):
    from tests.reliability.test_faults import seeded_disk_store

    server = LiveServer(seeded_disk_store(tmp_path / "store"), tmp_path / "server.log")
    try:
        for target in TRAVERSALS:
            answer = raw_get(server.port, target)
            status = int(answer.split(b" ", 2)[1])
            body = answer.split(b"\r\n\r\n", 1)[1]
            assert status != 500 and status < 500, (target, answer[:300])
            assert b"root:x:0:0" not in body, target
            assert b"create_app" not in body and b"import " not in body, target
            assert b"Traceback" not in body, target
    finally:
        server.stop()


def test_the_access_log_names_paths_not_query_strings(app, caplog):
    caplog.set_level(logging.INFO, logger="claimgraph.server.access")
    app.test_client().get("/sparql", query_string={"query": "ASK {}", "key": TOKEN},
                          headers={"Authorization": f"Bearer {TOKEN}"})
    assert "/sparql" in caplog.text and TOKEN not in caplog.text
