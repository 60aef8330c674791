"""The OpenAPI document, made true: only the statuses the server sends, readable operation ids, examples.

FastAPI's own document claims a 422 `HTTPValidationError` on every operation
(api/problems.py answers bad input with a 400 problem document instead), names
operations after Python functions (`duties_in_jurisdictions__code__duties_get`)
and carries no examples. `document(app)` rewrites it once per process: each
operation gets the id in OPERATION_IDS, the error statuses in ERRORS (each as
application/problem+json with the Problem schema and an example), and, for every
request and response media type, the example recorded in openapi_examples.json
(real answers of the shipped graph at a pinned date, lists abridged;
`python -m dutygraph.api.openapi_examples` records them again). An operation
or media type without an example is an error at start, not a silent gap.
"""

from __future__ import annotations

import json
from functools import cache
from http import HTTPStatus
from importlib.resources import files
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute

from .problems import PROBLEM_JSON

# route function name -> operationId (what generated clients call their methods)
OPERATION_IDS = {
    "list_jurisdictions": "listJurisdictions",
    "get_jurisdiction": "getJurisdiction",
    "duties_in": "lookupDuties",
    "list_duties": "listDuties",
    "get_duty": "getDuty",
    "list_laws": "listLaws",
    "get_law": "getLaw",
    "list_authorities": "listAuthorities",
    "get_authority": "getAuthority",
    "list_service_categories": "listServiceCategories",
    "list_harms": "listHarms",
    "assess_service": "assessService",
    "compare_duties": "compareDuties",
    "compare_matrix": "compareMatrix",
    "list_penalties": "listPenalties",
    "list_providers": "listProviders",
    "get_provider": "getProvider",
    "get_provider_duties": "providerDuties",
    "get_timeline": "getTimeline",
    "list_enforcement": "listEnforcementActions",
    "list_cooperation": "listCooperationEvents",
    "sparql_get": "sparqlQuery",
    "sparql_post": "sparqlQueryPost",
    "dump_ttl": "dumpTurtle",
    "dump_nt": "dumpNTriples",
    "dump_jsonld": "dumpJsonLd",
    "dump_trig": "dumpTrig",
    "dump_odrl": "dumpOdrl",
    "resource": "getResource",
    "ontology": "getOntology",
    "health": "getHealth",
    "get_search": "search",
    "changes_atom": "changesAtom",
    "changes_json": "changesJsonFeed",
    "deadlines_ics": "deadlinesCalendar",
    "get_diff": "diffDuties",
}

# The errors each operation can answer with. 400: a bad or unknown parameter (every route refuses
# unknown query parameters); 404: an id that is not in the graph; 406: no offered format acceptable;
# 503: a remote store that does not answer, or a SPARQL query past its limits.
_LOOKUP = (400, 503)
_ONE = (400, 404, 503)
ERRORS: dict[str, tuple[int, ...]] = {
    "listJurisdictions": _LOOKUP,
    "getJurisdiction": _ONE,
    "lookupDuties": _ONE,
    "listDuties": _LOOKUP,
    "getDuty": _ONE,
    "listLaws": _LOOKUP,
    "getLaw": _ONE,
    "listAuthorities": _LOOKUP,
    "getAuthority": _ONE,
    "listServiceCategories": _LOOKUP,
    "listHarms": _LOOKUP,
    "assessService": _LOOKUP,
    "compareDuties": _ONE,
    "compareMatrix": _LOOKUP,
    "listPenalties": _ONE,
    "listProviders": _LOOKUP,
    "getProvider": _ONE,
    "providerDuties": _ONE,
    "getTimeline": _LOOKUP,
    "listEnforcementActions": _LOOKUP,
    "listCooperationEvents": _LOOKUP,
    "sparqlQuery": (400, 403, 406, 413, 503),
    "sparqlQueryPost": (400, 403, 406, 413, 415, 503),
    "dumpTurtle": (),
    "dumpNTriples": (),
    "dumpJsonLd": (),
    "dumpTrig": (),
    "dumpOdrl": (),
    "getResource": (400, 404, 406, 503),
    "getOntology": (400, 406, 503),
    "getHealth": (503,),
    "search": _LOOKUP,
    "changesAtom": _LOOKUP,
    "changesJsonFeed": _LOOKUP,
    "deadlinesCalendar": _LOOKUP,
    "diffDuties": _LOOKUP,
}

PROBLEM_EXAMPLES: dict[int, dict[str, Any]] = {
    400: {
        "type": "https://w3id.org/dutygraph/docs/errors#unknown-code",
        "title": "Unknown code",
        "status": 400,
        "detail": "unknown category 'spaceship'; valid values: eu-hosting-service, eu-online-platform, eu-vlop ...",
        "instance": "/jurisdictions/FR/duties",
        "kind": "category",
        "value": "spaceship",
        "valid": ["eu-hosting-service", "eu-online-platform", "eu-vlop"],
    },
    403: {
        "type": "https://w3id.org/dutygraph/docs/errors#unsupported-query-form",
        "title": "Unsupported query form",
        "status": 403,
        "detail": "SPARQL Update is not served: this endpoint is read-only",
        "instance": "/sparql",
    },
    404: {
        "type": "https://w3id.org/dutygraph/docs/errors#not-found",
        "title": "Not found",
        "status": 404,
        "detail": "no duty 'duty-xx'",
        "instance": "/duties/duty-xx",
    },
    406: {
        "type": "https://w3id.org/dutygraph/docs/errors#not-acceptable",
        "title": "Not acceptable",
        "status": 406,
        "detail": "a resource can be given as text/turtle, application/ld+json, text/html, application/n-triples, "
        "application/rdf+xml; the request accepts none of them (Accept: image/png)",
        "instance": "/id/ofcom",
        "valid": ["text/turtle", "application/ld+json", "text/html", "application/n-triples", "application/rdf+xml"],
    },
    413: {
        "type": "https://w3id.org/dutygraph/docs/errors#request-too-large",
        "title": "Request too large",
        "status": 413,
        "detail": "the query is 120000 bytes; the limit is 100000 bytes",
        "instance": "/sparql",
        "limit": 100000,
    },
    415: {
        "type": "https://w3id.org/dutygraph/docs/errors#unsupported-media-type",
        "title": "Unsupported media type",
        "status": 415,
        "detail": "POST a query as application/sparql-query or application/x-www-form-urlencoded, not text/plain",
        "instance": "/sparql",
        "valid": ["application/sparql-query", "application/x-www-form-urlencoded"],
    },
    503: {
        "type": "https://w3id.org/dutygraph/docs/errors#query-timeout",
        "title": "Query timeout",
        "status": 503,
        "detail": "the query ran past the 5 s limit",
        "instance": "/sparql",
    },
}

NOTE = (
    "\n\n`HEAD` is answered wherever `GET` is, with the same headers and no body. "
    "Examples are real answers of the shipped graph, with long lists cut short."
)


def operation_id(route: APIRoute) -> str:
    """The readable operationId of a route (FastAPI's generate_unique_id_function)."""
    return OPERATION_IDS.get(route.name, route.name)


@cache
def recorded_examples() -> dict[str, Any]:
    """operationId -> {"request": {media type: example}, "responses": {status: {media type: example}}}."""
    text = (files("dutygraph.api") / "openapi_examples.json").read_text(encoding="utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


def document(app: FastAPI) -> dict[str, Any]:
    """The app's OpenAPI document, computed once and kept on the app."""
    if app.openapi_schema:
        return app.openapi_schema
    doc = get_openapi(
        title=app.title,
        version=app.version,
        description=(app.description or "") + NOTE,
        routes=app.routes,
        license_info=app.license_info,
    )
    examples = recorded_examples()
    for path, methods in doc["paths"].items():
        methods.pop("head", None)  # HEAD mirrors GET; listing it would repeat each operationId
        for method, op in methods.items():
            oid = op["operationId"]
            if oid not in ERRORS:
                raise LookupError(f"{method.upper()} {path}: operation {oid!r} has no entry in api/openapi.py ERRORS")
            _errors(op, ERRORS[oid])
            _examples(op, examples.get(oid), f"{method.upper()} {path}")
    schemas = doc.get("components", {}).get("schemas", {})
    for unused in ("HTTPValidationError", "ValidationError"):
        schemas.pop(unused, None)
    app.openapi_schema = doc
    return doc


def _errors(op: dict[str, Any], statuses: tuple[int, ...]) -> None:
    responses = op["responses"]
    for status in [s for s in responses if s.isdigit() and int(s) >= 400]:
        del responses[status]
    for status in statuses:
        responses[str(status)] = {
            "description": HTTPStatus(status).phrase,
            "content": {
                PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}, "example": PROBLEM_EXAMPLES[status]}
            },
        }


def _examples(op: dict[str, Any], recorded: dict[str, Any] | None, name: str) -> None:
    recorded = recorded or {}
    body = op.get("requestBody", {}).get("content", {})
    for media, content in body.items():
        if media not in recorded.get("request", {}):
            raise LookupError(f"{name}: no example request as {media} in openapi_examples.json")
        content["example"] = recorded["request"][media]
    for status, response in op["responses"].items():
        if int(status) >= 400:
            continue
        if int(status) in (303, 304):
            response.pop("content", None)  # a redirect and a not-modified answer have no body
            continue
        given = recorded.get("responses", {}).get(status, {})
        for media, content in response.setdefault("content", {}).items():
            if media not in given:
                raise LookupError(f"{name}: no example {status} response as {media} in openapi_examples.json")
            example = given[media]
            kind = "object" if isinstance(example, dict) else "array" if isinstance(example, list) else "string"
            content.setdefault("schema", {"type": kind})
            content["example"] = example
