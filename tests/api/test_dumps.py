"""Dumps: byte-identical to `dutygraph export`, with validators (304) and gzip."""

from __future__ import annotations

import gzip
import shutil
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from dutygraph.graph.export import dump
from dutygraph.graph.store import EmbeddedStore
from problem_checks import assert_problem

DUMPS = [
    ("ttl", "ttl", "text/turtle"),
    ("nt", "nt", "application/n-triples"),
    ("jsonld", "jsonld", "application/ld+json"),
    ("trig", "trig", "application/trig"),
    ("odrl.ttl", "odrl", "text/turtle"),
]


def test_the_turtle_dump_is_what_dutygraph_export_writes(http: httpx.Client):
    binary = shutil.which("dutygraph") or str(Path(sys.executable).parent / "dutygraph")
    exported = subprocess.run([binary, "export", "--format", "ttl"], capture_output=True, check=True).stdout
    assert http.get("/dump.ttl").content == exported


@pytest.mark.parametrize(("suffix", "fmt", "media"), DUMPS)
def test_each_dump_equals_the_export_of_its_format(
    http: httpx.Client, embedded: EmbeddedStore, suffix: str, fmt: str, media: str
):
    response = http.get(f"/dump.{suffix}")
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media
    assert response.content == dump(embedded, fmt)  # what `dutygraph export --format {fmt}` writes
    assert f'filename="dutygraph.{suffix}"' in response.headers["content-disposition"]


def test_a_known_etag_or_date_gets_304(http: httpx.Client):
    first = http.get("/dump.nt")
    etag, modified = first.headers["etag"], first.headers["last-modified"]
    assert etag.startswith('W/"')
    again = http.get("/dump.nt", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == etag
    assert http.get("/dump.nt", headers={"If-None-Match": f'"other", {etag}'}).status_code == 304
    assert http.get("/dump.nt", headers={"If-Modified-Since": modified}).status_code == 304
    assert http.get("/dump.nt", headers={"If-None-Match": '"other"'}).status_code == 200
    assert http.get("/dump.nt", headers={"If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"}).status_code == 200
    assert http.get("/dump.nt", headers={"If-Modified-Since": "yesterday"}).status_code == 200


def test_gzip_when_the_client_accepts_it(http: httpx.Client):
    plain = http.get("/dump.ttl", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers
    with http.stream("GET", "/dump.ttl", headers={"Accept-Encoding": "gzip"}) as response:
        assert response.headers["content-encoding"] == "gzip"
        assert "Accept-Encoding" in response.headers["vary"]
        raw = b"".join(response.iter_raw())
    assert len(raw) < len(plain.content) / 3
    assert gzip.decompress(raw) == plain.content


def test_head_gives_the_headers_without_the_body(http: httpx.Client):
    response = http.head("/dump.trig")
    assert response.status_code == 200 and response.content == b"" and response.headers["etag"]


def test_an_unknown_dump_is_a_404_problem(http: httpx.Client):
    assert_problem(http.get("/dump.xml"), 404)
