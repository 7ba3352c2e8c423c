"""HTTP itself, through a real uvicorn on 127.0.0.1 and raw sockets: the defects of the old ``http.server`` stack
(issue 12: 5 slow headers, 6 backlog, 7 the 40 ms Nagle delay, 8 chunked bodies and request smuggling, 11 Host,
HTTP/0.9, malformed headers, the Server header, CORS preflight). Each test fails on the old server."""

from __future__ import annotations

import http.client
import socket
import statistics
import threading
import time
from urllib.parse import urlencode, urlsplit

from kzgraph.web.server import Server
from tests.server.conftest import raw_exchange

ASK = "ASK { kzid:apk a kz:ConsultativeBody }"


def responses(raw: bytes) -> list[bytes]:
    """The status lines in a raw HTTP answer stream."""
    return [line for line in raw.split(b"\r\n") if line.startswith(b"HTTP/1.")]


def test_chunked_body_is_read(pooled: Server) -> None:
    """Defect 8: a chunked POST body is the request's body (the old server read it as empty)."""
    body = urlencode({"query": ASK}).encode()
    chunked = b"".join(b"%x\r\n%s\r\n" % (len(part), part) for part in (body[:10], body[10:])) + b"0\r\n\r\n"
    raw = raw_exchange(pooled.url, b"POST /sparql HTTP/1.1\r\nHost: x\r\nAccept: text/csv\r\nConnection: close\r\n"
                       b"Content-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n"
                       + chunked)  # fmt: skip
    assert responses(raw) == [b"HTTP/1.1 200 OK"]
    assert raw.endswith(b"boolean\r\ntrue\r\n")


def test_chunked_body_cannot_smuggle_a_request(pooled: Server) -> None:
    """Defect 8: the bytes of a chunked body are never parsed as a second request."""
    hidden = b"GET /id/apk HTTP/1.1\r\nHost: x\r\n\r\n"
    raw = raw_exchange(pooled.url, b"POST /sparql HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                       b"Content-Type: application/sparql-query\r\nTransfer-Encoding: chunked\r\n\r\n"
                       + b"%x\r\n%s\r\n0\r\n\r\n" % (len(hidden), hidden))  # fmt: skip
    assert len(responses(raw)) == 1 and b"foundingDate" not in raw


def test_content_length_with_transfer_encoding_is_refused(pooled: Server) -> None:
    raw = raw_exchange(pooled.url, b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n"
                       b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /id/apk HTTP/1.1\r\nHost: x\r\n\r\n")  # fmt: skip
    assert responses(raw) == [b"HTTP/1.1 400 Bad Request"]


def test_duplicate_content_length_is_refused(pooled: Server) -> None:
    """Two Content-Length headers (even equal ones) are refused; the old server ran the query."""
    raw = raw_exchange(pooled.url, b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Length: 6\r\nContent-Length: 6\r\n"
                       b"Content-Type: application/sparql-query\r\n\r\nASK {}")  # fmt: skip
    assert responses(raw) == [b"HTTP/1.1 400 Bad Request"]


def test_malformed_requests_are_refused(pooled: Server) -> None:
    """Defect 11: HTTP/1.1 without Host, two Host headers, a header line without a colon, HTTP/0.9."""
    for request in (b"GET /id/apk HTTP/1.1\r\nConnection: close\r\n\r\n",
                    b"GET /id/apk HTTP/1.1\r\nHost: a\r\nHost: b\r\nConnection: close\r\n\r\n",
                    b"GET /id/apk HTTP/1.1\r\nHost: a\r\nNoColonHere\r\nConnection: close\r\n\r\n",
                    b"GET /id/apk\r\n\r\n"):  # fmt: skip
        raw = raw_exchange(pooled.url, request)
        assert responses(raw) == [b"HTTP/1.1 400 Bad Request"], request
        assert b"foundingDate" not in raw
    # HTTP/1.0 needs no Host
    assert responses(raw_exchange(pooled.url, b"GET /query HTTP/1.0\r\n\r\n")) == [b"HTTP/1.1 200 OK"]


def test_server_header_names_no_version(pooled: Server) -> None:
    raw = raw_exchange(pooled.url, b"GET /nothing HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    servers = [line for line in raw.split(b"\r\n") if line.lower().startswith(b"server:")]
    assert servers == [b"server: kzgraph"]
    assert b"Python" not in raw and b"uvicorn" not in raw


def test_cors_preflight(pooled: Server) -> None:
    """Defect 11: OPTIONS answers a browser's preflight for a POST of application/sparql-query."""
    where = urlsplit(pooled.url)
    conn = http.client.HTTPConnection(where.hostname, where.port, timeout=10)
    conn.request("OPTIONS", "/sparql", headers={"Origin": "https://example.org", "Access-Control-Request-Method": "POST",
                                                "Access-Control-Request-Headers": "content-type"})  # fmt: skip
    r = conn.getresponse()
    r.read()
    assert r.status == 204
    assert r.getheader("Access-Control-Allow-Origin") == "*"
    assert "POST" in (r.getheader("Access-Control-Allow-Methods") or "")
    assert "content-type" in (r.getheader("Access-Control-Allow-Headers") or "").lower()
    conn.request("POST", "/sparql", body=ASK, headers={"Content-Type": "application/sparql-query",
                                                        "Origin": "https://example.org"})  # fmt: skip
    r = conn.getresponse()
    assert r.status == 200 and r.getheader("Access-Control-Allow-Origin") == "*"
    r.read()
    conn.close()


def test_keep_alive_has_no_40ms_delay(pooled: Server) -> None:
    """Defect 7: requests on one keep-alive connection answer without the Nagle + delayed-ACK 40 ms."""
    where = urlsplit(pooled.url)
    conn = http.client.HTTPConnection(where.hostname, where.port, timeout=10)
    times = []
    for _ in range(30):
        start = time.perf_counter()
        conn.request("GET", "/query", headers={"Accept": "application/json"})
        r = conn.getresponse()
        r.read()
        times.append(time.perf_counter() - start)
        assert r.status == 200
    conn.close()
    assert statistics.median(times) < 0.030, f"median {statistics.median(times) * 1000:.1f} ms"


def test_pipelined_requests_each_get_their_whole_answer(pooled: Server) -> None:
    """Requests sent back to back on one connection (a HEAD among them, whose answer is a head alone, and an
    OPTIONS with no body) are answered in order, each with its head and body: the server holds a response's head
    back only until its body is written."""
    ask = "/sparql?" + urlencode({"query": ASK})
    raw = raw_exchange(pooled.url, b"".join([
        f"HEAD {ask} HTTP/1.1\r\nHost: x\r\nAccept: text/csv\r\n\r\n".encode(),
        b"OPTIONS /sparql HTTP/1.1\r\nHost: x\r\n\r\n",
        f"GET {ask} HTTP/1.1\r\nHost: x\r\nAccept: text/csv\r\nConnection: close\r\n\r\n".encode(),
    ]))  # fmt: skip
    assert responses(raw) == [b"HTTP/1.1 200 OK", b"HTTP/1.1 204 No Content", b"HTTP/1.1 200 OK"]
    assert raw.endswith(b"boolean\r\ntrue\r\n") and raw.count(b"true") == 1


def test_burst_of_200_connections_all_answered(pooled: Server) -> None:
    """Defect 6: 200 connections opened at once are all answered (the old listen backlog was 5)."""
    where = urlsplit(pooled.url)
    go = threading.Barrier(200)
    statuses: list[int] = []
    lock = threading.Lock()

    def one() -> None:
        go.wait()
        conn = http.client.HTTPConnection(where.hostname, where.port, timeout=30)
        try:
            conn.request("GET", "/nothing-here")
            status = conn.getresponse().status
        except OSError:
            status = 0
        finally:
            conn.close()
        with lock:
            statuses.append(status)

    threads = [threading.Thread(target=one) for _ in range(200)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert statuses.count(404) == 200


def test_slow_headers_are_cut_off_while_others_are_answered(pooled: Server) -> None:
    """Defect 5: connections that never finish their headers are closed after header-timeout (1 s here), and a
    normal client is answered quickly meanwhile."""
    where = urlsplit(pooled.url)
    slow = []
    for _ in range(100):
        s = socket.create_connection((where.hostname, where.port), timeout=10)
        s.sendall(b"GET /id/apk HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        slow.append(s)
    try:
        start = time.perf_counter()
        conn = http.client.HTTPConnection(where.hostname, where.port, timeout=10)
        conn.request("GET", "/nothing-here")
        assert conn.getresponse().status == 404
        conn.close()
        assert time.perf_counter() - start < 0.5
        time.sleep(1.5)
        closed = 0
        for s in slow:
            s.settimeout(2)
            try:
                s.sendall(b"a")
                closed += s.recv(100) == b""
            except OSError:
                closed += 1
        assert closed == 100
    finally:
        for s in slow:
            s.close()
