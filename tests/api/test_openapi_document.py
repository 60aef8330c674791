"""The OpenAPI document tells the truth: statuses the server sends, problem schemas, examples, readable ids.

The document is read from the live server (/openapi.json). Its examples are real
answers (api/openapi_examples.json); each JSON example must validate against the
schema it illustrates, so a model that changes without its examples fails here.
"""

from __future__ import annotations

import re
from typing import Any

import httpx
import jsonschema
import pytest
from referencing import Registry, Resource

PROBLEM = "application/problem+json"


@pytest.fixture(scope="module")
def doc(http: httpx.Client) -> dict[str, Any]:
    response = http.get("/openapi.json")
    assert response.status_code == 200
    return response.json()  # type: ignore[no-any-return]


def operations(doc: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(m.upper(), p, op) for p, ops in doc["paths"].items() for m, op in ops.items()]


def test_no_phantom_422_and_every_error_is_a_problem_document(doc):
    assert "HTTPValidationError" not in doc["components"]["schemas"]
    assert "ValidationError" not in doc["components"]["schemas"]
    for method, path, op in operations(doc):
        assert "422" not in op["responses"], f"{method} {path}"
        for status, response in op["responses"].items():
            if int(status) >= 400:
                assert list(response["content"]) == [PROBLEM], f"{method} {path} {status}"
                content = response["content"][PROBLEM]
                assert content["schema"] == {"$ref": "#/components/schemas/Problem"}
                assert content["example"]["status"] == int(status)


def test_operation_ids_are_stable_and_readable(doc):
    ids = {(m, p): op["operationId"] for m, p, op in operations(doc)}
    assert len(set(ids.values())) == len(ids)
    assert all(re.fullmatch(r"[a-z][A-Za-z]+", i) for i in ids.values()), ids
    assert ids[("GET", "/jurisdictions/{code}/duties")] == "lookupDuties"
    assert ids[("POST", "/assess")] == "assessService"
    assert ids[("GET", "/sparql")] == "sparqlQuery"
    assert ids[("POST", "/sparql")] == "sparqlQueryPost"


def test_every_route_and_media_type_is_listed(doc):
    paths = doc["paths"]
    assert set(paths["/sparql"]["post"]["requestBody"]["content"]) == {
        "application/sparql-query",
        "application/x-www-form-urlencoded",
    }
    assert "application/n-triples" in paths["/dump.nt"]["get"]["responses"]["200"]["content"]
    assert "application/trig" in paths["/dump.trig"]["get"]["responses"]["200"]["content"]
    for media in ("application/sparql-results+json", "text/csv", "text/turtle"):
        assert media in paths["/sparql"]["get"]["responses"]["200"]["content"]
    assert "text/html" in paths["/id/{slug}"]["get"]["responses"]["200"]["content"]


def test_every_request_and_response_has_an_example_true_to_its_schema(doc):
    dialect = jsonschema.Draft202012Validator.META_SCHEMA["$id"]
    registry = Registry().with_resource("urn:doc", Resource.from_contents({**doc, "$schema": dialect}))
    checked = 0
    for method, path, op in operations(doc):
        bodies = [("request", op.get("requestBody", {}).get("content", {}))]
        bodies += [(status, r.get("content", {})) for status, r in op["responses"].items()]
        for where, content in bodies:
            for media, item in content.items():
                assert "example" in item, f"{method} {path} {where} {media}: no example"
                schema = item.get("schema", {})
                if media.endswith("json") and schema:
                    ref = {"$ref": "urn:doc" + schema["$ref"]} if "$ref" in schema else schema
                    jsonschema.Draft202012Validator(ref, registry=registry).validate(item["example"])
                    checked += 1
    assert checked > 60


# the statuses the document lists are ones the server really sends
@pytest.mark.parametrize(
    ("method", "url", "kwargs", "status"),
    [
        ("GET", "/jurisdictions/ZZ/duties", {}, 404),
        ("GET", "/jurisdictions/FR/duties", {"params": {"service": "spaceship"}}, 400),
        ("GET", "/penalties", {"params": {"law": "no-such-law"}}, 404),
        ("GET", "/compare/matrix", {"params": {"jurisdictions": "FR", "date": "0"}}, 400),
        ("GET", "/duties/duty-nope", {}, 404),
        ("GET", "/id/ofcom", {"headers": {"Accept": "image/png"}}, 406),
        ("POST", "/sparql", {"content": b"x", "headers": {"Content-Type": "text/plain"}}, 415),
        ("POST", "/assess", {"json": {"name": "X"}}, 400),
    ],
)
def test_documented_errors_happen(http, doc, method, url, kwargs, status):
    response = http.request(method, url, **kwargs)
    assert response.status_code == status
    assert response.headers["content-type"].startswith(PROBLEM)
