"""Limits a deployment sets in its settings file: one worker, one query at a time, small queries and results."""

from __future__ import annotations

import threading
import time

import httpx
from problem_checks import assert_problem

CROSS_PRODUCT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def test_the_settings_file_is_read(tight_server_url: str):
    sparql = httpx.get(tight_server_url + "/health").json()["sparql"]
    assert (sparql["workers"], sparql["max_concurrent"]) == (1, 1)


def test_a_result_over_the_size_cap_is_an_error_not_a_truncated_body(tight_server_url: str):
    response = httpx.get(tight_server_url + "/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"}, timeout=30)
    body = assert_problem(response, 413)
    assert body["limit"] == 50_000 and "LIMIT" in str(body["detail"])
    small = httpx.get(tight_server_url + "/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 5"})
    assert small.status_code == 200 and len(small.json()["results"]["bindings"]) == 5


def test_a_query_over_the_admission_cap_gets_503_with_retry_after(tight_server_url: str):
    outcome: dict[str, httpx.Response] = {}

    def run() -> None:
        outcome["long"] = httpx.get(tight_server_url + "/sparql", params={"query": CROSS_PRODUCT}, timeout=60)

    thread = threading.Thread(target=run)
    thread.start()
    time.sleep(0.8)  # the long query holds the only admission
    busy = httpx.get(tight_server_url + "/sparql", params={"query": "ASK {}"}, timeout=30)
    health = httpx.get(tight_server_url + "/health", timeout=5)
    thread.join()
    body = assert_problem(busy, 503)
    assert int(busy.headers["retry-after"]) >= 1 and body["retry_after"] == int(busy.headers["retry-after"])
    assert health.status_code == 200
    assert_problem(outcome["long"], 503)  # stopped at the 2.5 s limit
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:  # the replacement worker takes about a second to start
        again = httpx.get(tight_server_url + "/sparql", params={"query": "ASK {}"}, timeout=30)
        if again.status_code == 200:
            break
        time.sleep(0.2)
    assert again.status_code == 200 and again.json()["boolean"] is True


def test_a_query_over_the_length_limit_is_413_over_get_and_post(tight_server_url: str):
    """(Over about 64 kB, a GET URL is refused by uvicorn itself before the app sees it: POST long queries.)"""
    query = "ASK {} #" + "x" * 30_000
    for response in (
        httpx.get(tight_server_url + "/sparql", params={"query": query}),
        httpx.post(tight_server_url + "/sparql", data={"query": query}),
        httpx.post(tight_server_url + "/sparql", content=query, headers={"Content-Type": "application/sparql-query"}),
    ):
        body = assert_problem(response, 413)
        assert body["limit"] == 20_000 and "20000" in str(body["detail"])
