"""Cheap answers and shed load, over real HTTP: ETags and 304, an answer cache bounded by bytes, 503 with
Retry-After past the in-flight bound, /health answering while REST work is saturated, unfinished or
oversized requests refused, and `--workers N` running N processes."""

from __future__ import annotations

import datetime as dt
import socket
import threading
import time
from collections.abc import Iterator
from urllib.parse import urlsplit

import httpx
import pytest
from problem_checks import assert_problem
from servers import start_dutygraph, stop

LOOKUP = "/jurisdictions/FR/duties"
PARAMS = {"service": "eu-online-platform", "date": "2025-01-01"}
CACHE_MB = 4  # room for answers of up to 512 kB each (one eighth of the budget)
MAX_IN_FLIGHT = 2


@pytest.fixture(scope="module")
def tight_url() -> Iterator[str]:
    process, url = start_dutygraph(
        {
            "DUTYGRAPH_CACHE_MB": str(CACHE_MB),
            "DUTYGRAPH_MAX_IN_FLIGHT": str(MAX_IN_FLIGHT),
            "DUTYGRAPH_MAX_HEADER_BYTES": "8192",
            "DUTYGRAPH_MAX_HEADERS": "50",
            "DUTYGRAPH_MAX_BODY_BYTES": "10000",
            "DUTYGRAPH_SPARQL_WORKERS": "1",
            "DUTYGRAPH_SPARQL_MAX_CONCURRENT": "1",
        }
    )
    try:
        yield url
    finally:
        stop(process)


def wait_for(check, what: str, seconds: float = 30) -> None:  # type: ignore[no-untyped-def]
    """Poll `check` until it holds (readiness, not a timing assertion)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.05)
    raise AssertionError(f"never reached: {what}")


def rss_kb(pid: int) -> int:
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))


def held_post(url: str) -> socket.socket:
    """A POST /assess whose headers are complete and whose body never comes: one request in flight."""
    parts = urlsplit(url)
    sock = socket.create_connection((parts.hostname, parts.port))
    sock.sendall(b"POST /assess HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{")
    return sock


def test_an_answer_has_an_etag_and_a_client_holding_it_gets_304(http: httpx.Client) -> None:
    first = http.get(LOOKUP, params=PARAMS)
    assert first.status_code == 200 and first.json()["duties"]
    etag = first.headers["etag"]
    again = http.get(LOOKUP, params=PARAMS, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == etag
    strong = http.get(LOOKUP, params=PARAMS, headers={"If-None-Match": etag.removeprefix("W/")})
    assert strong.status_code == 304
    stale = http.get(LOOKUP, params=PARAMS, headers={"If-None-Match": 'W/"something-else"'})
    assert stale.status_code == 200 and stale.json() == first.json()
    other = http.get(LOOKUP, params={**PARAMS, "date": "2024-01-01"})
    assert other.status_code == 200 and other.headers["etag"] != etag
    assert other.headers["content-language"] == "en"
    french = http.get(LOOKUP, params={**PARAMS, "lang": "fr"})
    assert french.headers["etag"] != etag and french.headers["content-language"] == "fr"


def test_the_answer_cache_stays_within_its_byte_budget(tight_url: str) -> None:
    with httpx.Client(base_url=tight_url, timeout=60) as client:
        pid = client.get("/health").json()["pid"]

        def lookups(first: int, count: int) -> None:
            for i in range(first, first + count):
                day = dt.date(2020, 1, 1) + dt.timedelta(days=i)
                response = client.get(LOOKUP, params={**PARAMS, "date": day.isoformat(), "explain": "true"})
                assert response.status_code == 200, response.text[:300]

        lookups(0, 40)  # warm up: the cache is full (each answer is over 100 kB) and the allocator settled
        warm = rss_kb(pid)
        body = len(client.get(LOOKUP, params={**PARAMS, "date": "2020-01-01", "explain": "true"}).content)
        lookups(40, 200)
        grown_kb = rss_kb(pid) - warm
        answers = client.get("/health").json()["answers"]
    assert answers["max_bytes"] == CACHE_MB * 1024 * 1024
    assert 0 < answers["bytes"] <= answers["max_bytes"]
    assert answers["entries"] < answers["max_bytes"] // body + 1 < 240
    assert answers["misses"] >= 240
    # keeping 200 more distinct answers of `body` bytes would hold their bytes plus the models behind them
    # (several times the bytes): the process grows by less than twice their bytes alone, which leaves room
    # for the allocator's own growth on a graph whose answers are 250-300 kB
    assert grown_kb * 1024 < 2 * 200 * body, (grown_kb, body)


def test_past_the_in_flight_bound_a_request_gets_503_with_retry_after_and_health_still_answers(
    tight_url: str,
) -> None:
    held = [held_post(tight_url) for _ in range(MAX_IN_FLIGHT)]
    try:
        with httpx.Client(base_url=tight_url, timeout=30) as client:
            wait_for(lambda: client.get("/health").json()["admission"]["in_flight"] == MAX_IN_FLIGHT, "bound held")
            refused = client.get(LOOKUP, params=PARAMS)
            body = assert_problem(refused, 503)
            assert int(refused.headers["retry-after"]) >= 1
            assert str(body["type"]).endswith("#overloaded")
            health = client.get("/health")
            assert health.status_code == 200
            assert health.json()["admission"]["refused"] >= 1
    finally:
        for sock in held:
            sock.close()
    with httpx.Client(base_url=tight_url, timeout=30) as client:
        wait_for(lambda: client.get("/health").json()["admission"]["in_flight"] == 0, "held requests released")
        assert client.get(LOOKUP, params=PARAMS).status_code == 200


def test_health_answers_while_rest_work_is_saturated(tight_url: str) -> None:
    stop_at = threading.Event()
    statuses: list[int] = []

    def hammer(n: int) -> None:
        with httpx.Client(base_url=tight_url, timeout=60) as client:
            i = 0
            while not stop_at.is_set():
                day = dt.date(2010, 1, 1) + dt.timedelta(days=n * 1000 + i)
                statuses.append(client.get(LOOKUP, params={**PARAMS, "date": day.isoformat()}).status_code)
                i += 1

    threads = [threading.Thread(target=hammer, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    try:
        with httpx.Client(base_url=tight_url, timeout=30) as client:
            wait_for(lambda: 503 in statuses, "the bound reached")
            for _ in range(20):
                health = client.get("/health")
                assert health.status_code == 200 and health.json()["status"] == "ok"
    finally:
        stop_at.set()
        for thread in threads:
            thread.join()
    assert set(statuses) <= {200, 503}, set(statuses)


def test_an_unfinished_huge_header_is_cut_off(tight_url: str) -> None:
    parts = urlsplit(tight_url)
    with socket.create_connection((parts.hostname, parts.port), timeout=30) as sock:
        sock.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\nX-Padding: ")
        sent = 0
        try:
            while sent < 5_000_000:  # the server stops reading (and closes) long before this
                sock.sendall(b"a" * 65536)
                sent += 65536
        except (BrokenPipeError, ConnectionResetError):
            pass
        reply = b""
        try:
            while chunk := sock.recv(65536):
                reply += chunk
        except ConnectionResetError:
            pass
    assert reply == b"" or reply.startswith((b"HTTP/1.1 4", b"HTTP/1.0 4")), reply[:200]
    assert sent < 5_000_000 or reply.startswith(b"HTTP/1.1 4")
    assert httpx.get(tight_url + "/health").status_code == 200


def test_too_many_headers_and_too_large_a_body_are_refused(tight_url: str) -> None:
    headers = {f"X-Extra-{i}": "1" for i in range(60)}
    assert_problem(httpx.get(tight_url + LOOKUP, params=PARAMS, headers=headers), 431)
    big = b'{"offered_in": ["FR"], "pad": "' + b"a" * 20_000 + b'"}'
    response = httpx.post(tight_url + "/assess", content=big, headers={"Content-Type": "application/json"})
    assert_problem(response, 413)

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it arrives
        for _ in range(10):
            yield b" " * 2_000

    chunked = httpx.post(tight_url + "/assess", content=chunks(), headers={"Content-Type": "application/json"})
    assert_problem(chunked, 413)


def test_workers_start_that_many_server_processes() -> None:
    process, url = start_dutygraph({"DUTYGRAPH_WORKERS": "2", "DUTYGRAPH_SPARQL_WORKERS": "1"})
    try:
        pids: set[int] = set()

        def both_seen() -> bool:
            with httpx.Client(timeout=10) as fresh:  # a new connection each time: any process may accept it
                pids.add(fresh.get(url + "/health", headers={"Connection": "close"}).json()["pid"])
            return len(pids) == 2

        wait_for(both_seen, "two server processes answering", seconds=90)
        assert process.pid not in pids  # the supervisor does not serve; its workers do
    finally:
        stop(process)
