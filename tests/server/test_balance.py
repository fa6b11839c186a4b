"""``claimgraph serve`` spreads a burst of keep-alive connections evenly over its web workers
(claimgraph/server/balance.py), and the table behind it forgets workers that are gone."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from claimgraph.server import balance
from tests.server.test_live import _free_port, disk_store  # noqa: F401 - a fixture

REQUEST = (b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: 127.0.0.1\r\n"
           b"Accept: application/sparql-results+json\r\n\r\n")


def _children(pid: int) -> list[int]:
    found = []
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat") as stat:
                    if int(stat.read().rsplit(")", 1)[1].split()[1]) == pid:
                        found.append(int(name))
            except OSError:
                continue
    return found


def _established(port: int) -> set[str]:
    """Socket inodes of established TCP connections whose local port is ``port``."""
    inodes = set()
    with open("/proc/net/tcp") as table:
        for line in table.readlines()[1:]:
            fields = line.split()
            if int(fields[1].split(":")[1], 16) == port and fields[3] == "01":
                inodes.add(fields[9])
    return inodes


def _held_by(pid: int, inodes: set[str]) -> int:
    count = 0
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            target = os.readlink(f"/proc/{pid}/fd/{fd}")
        except OSError:
            continue
        if target.startswith("socket:[") and target[8:-1] in inodes:
            count += 1
    return count


def _burst(port: int, n: int) -> list[socket.socket]:
    """Open ``n`` connections at once and complete one request on each (they stay open)."""
    def one(_: int) -> socket.socket:
        sock = socket.create_connection(("127.0.0.1", port), timeout=30)
        sock.sendall(REQUEST)
        data = b""
        while b"\r\n\r\n" not in data or not data.rstrip().endswith(b"}"):
            chunk = sock.recv(4096)
            assert chunk, "the server closed the connection"
            data += chunk
        assert data.startswith(b"HTTP/1.1 200")
        return sock

    with ThreadPoolExecutor(n) as pool:
        return list(pool.map(one, range(n)))


def _wait_until_listening(port: int, deadline: float) -> None:
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.1)


@pytest.mark.slow
@pytest.mark.skipif(not os.path.exists("/proc/net/tcp"), reason="needs Linux /proc")
def test_a_burst_of_connections_is_shared_by_the_workers(disk_store):  # noqa: F811
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "claimgraph", "--store", disk_store, "serve", "--port", str(port),
         "--workers", "2", "--threads", "2"],
        stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        _wait_until_listening(port, deadline)
        while len(_children(process.pid)) < 2:      # gunicorn forks the workers one by one
            assert time.monotonic() < deadline, "the second web worker did not start"
            time.sleep(0.1)
        time.sleep(1.0)
        for _ in range(3):
            sockets = _burst(port, 8)
            time.sleep(0.2)
            inodes = _established(port)
            held = sorted(_held_by(pid, inodes) for pid in _children(process.pid))
            for sock in sockets:
                sock.close()
            # Evenly is 4 + 4; one connection off is allowed (a sibling busy past HOLD).
            assert sum(held) == 8 and held[0] >= 3, held
            time.sleep(0.5)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(20)


def test_the_table_ignores_other_slots_that_are_gone_or_stale() -> None:
    table = balance.Table()
    mine = table.claim(101)
    other = table.claim(102)
    assert mine is not None and other is not None and mine != other
    table.publish(mine, 5)
    table.publish(other, 2)
    assert table.least_other(mine) == 2
    table.release(102)
    assert table.least_other(mine) is None
    other = table.claim(103)
    table.publish(other, 1)
    table.seen[other] = time.monotonic() - balance.STALE - 1     # its worker stopped refreshing
    assert table.least_other(mine) is None
    assert table.claim(104) == other                             # and its slot is reused


def _read_all(sock: socket.socket, limit: float) -> bytes:
    """What the server sends on ``sock`` until it closes it (within ``limit`` seconds)."""
    sock.settimeout(limit)
    data = b""
    try:
        while chunk := sock.recv(4096):
            data += chunk
    except ConnectionResetError:
        pass
    return data


def _answered(port: int, limit: float = 8.0) -> bool:
    with socket.create_connection(("127.0.0.1", port), timeout=limit) as sock:
        sock.sendall(REQUEST.replace(b"\r\n\r\n", b"\r\nConnection: close\r\n\r\n"))
        try:
            return _read_all(sock, limit).startswith(b"HTTP/1.1 200")
        except socket.timeout:
            return False


@pytest.mark.slow
def test_clients_that_stall_their_request_are_cut_off(disk_store):  # noqa: F811
    # 1 worker x 2 threads: two stalled requests used to hold the whole server forever.
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "claimgraph", "--store", disk_store, "serve", "--port", str(port),
         "--workers", "1", "--threads", "2"],
        env={**os.environ, "CLAIMGRAPH_READ_TIMEOUT": "1"}, stderr=subprocess.PIPE, text=True,
        start_new_session=True)
    stalled: list[socket.socket] = []
    try:
        deadline = time.monotonic() + 60
        _wait_until_listening(port, deadline)
        assert _answered(port)
        heads = [b"GET /sparql HTTP/1.1\r\nHost: x\r\n"] * 2              # headers never end
        bodies = [b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\nContent-Type: "
                  b"application/x-www-form-urlencoded\r\n\r\nque"] * 2    # 97 bytes never come
        for opening in heads + bodies:
            stalled.append(socket.create_connection(("127.0.0.1", port), timeout=10))
            stalled[-1].sendall(opening)
        assert _answered(port), "stalled requests held every thread"
        replies = [_read_all(sock, 10) for sock in stalled]
        assert replies[:2] == [b"", b""]                         # closed
        for reply in replies[2:]:
            assert reply.startswith(b"HTTP/1.1 408"), reply
            assert b'"status": 408' in reply and b"READ_TIMEOUT" in reply
        # Headers trickled a byte at a time are cut off too, however long they keep coming.
        with socket.create_connection(("127.0.0.1", port), timeout=10) as drip:
            drip.sendall(b"GET /sparql HTTP/1.1\r\n")
            started = time.monotonic()
            with pytest.raises(OSError):
                for _ in range(100):
                    drip.sendall(b"X")
                    time.sleep(0.1)
            # cut off long before the 10 s the drip would last (5.1 s once in CI on a loaded
            # machine with a 1 s READ_TIMEOUT, against a bound of 5)
            assert time.monotonic() - started < 8
        # A kept-alive connection may sit idle longer than the limit before its next request.
        with socket.create_connection(("127.0.0.1", port), timeout=10) as kept:
            for _ in range(2):
                kept.sendall(REQUEST)
                data = b""
                while not data.rstrip().endswith(b"}"):
                    data += kept.recv(4096)
                assert data.startswith(b"HTTP/1.1 200")
                time.sleep(2)
    finally:
        for sock in stalled:
            sock.close()
        os.killpg(process.pid, signal.SIGTERM)
        _, stderr = process.communicate(timeout=20)
    assert "did not arrive within 1 s (READ_TIMEOUT)" in stderr
    assert "Traceback" not in stderr
