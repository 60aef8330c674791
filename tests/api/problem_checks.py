"""The shape every error response must have: an RFC 9457 problem document (imported by the API tests)."""

from __future__ import annotations

import httpx
from dutygraph.graph.errors import DOCS

PROBLEM_KEYS = {"type", "title", "status", "detail", "instance"}


def assert_problem(response: httpx.Response, status: int) -> dict[str, object]:
    """An RFC 9457 problem document with the expected status, and its body."""
    assert response.status_code == status, response.text[:500]
    assert response.headers["content-type"].startswith("application/problem+json"), response.headers
    body = response.json()
    assert body.keys() >= PROBLEM_KEYS, body
    assert body["status"] == status
    assert str(body["type"]).startswith(DOCS + "#")
    assert isinstance(body["detail"], str) and body["detail"]
    assert str(body["instance"]).startswith("/")
    return body  # type: ignore[no-any-return]
