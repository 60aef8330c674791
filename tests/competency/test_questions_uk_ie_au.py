"""The UK, Ireland and Australia competency questions (questions_uk_ie_au.yaml) through the library,
the command line and the REST API, with the measures each surface shows beside a duty.

The verdicts are checked with the same helpers as questions.yaml (surfaces.py); a measure is shown
beside the duty it helps meet and never among the duties, so `measures` is read from the raw answer.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from surfaces import BINARY, ROOT, ask_library, check, cli_args, lookup_shape

QUESTIONS: list[dict[str, Any]] = yaml.safe_load((Path(__file__).parent / "questions_uk_ie_au.yaml").read_text("utf-8"))


def _measures(data: dict[str, Any]) -> dict[str, list[str]]:
    everything = [*data["duties"], *data.get("exempt", []), *data.get("set_aside", [])]
    return {d["id"]: [m["id"] for m in d.get("measures", [])] for d in everything}


def _shape(data: dict[str, Any]) -> dict[str, Any]:
    return {**lookup_shape(data), "measures": _measures(data)}


def _library(question: dict[str, Any], store: Any, catalogue: Any) -> dict[str, Any]:
    from dutygraph.graph.applicability import applicable_duties

    p = question["params"]
    answer = applicable_duties(
        store,
        catalogue,
        p["jurisdiction"],
        p.get("date"),
        p.get("service", []),
        p.get("condition", []),
        p.get("harm"),
        p.get("include_pending", False),
        "en",
        p.get("designation", []),
        p.get("establishment"),
        p.get("explain", False),
    )
    return _shape(json.loads(answer.model_dump_json()))


def _rest(question: dict[str, Any], http: httpx.Client) -> dict[str, Any]:
    params = dict(question["params"])
    code = params.pop("jurisdiction")
    query = {k: ("true" if v is True else v) for k, v in params.items()}
    response = http.get(f"/jurisdictions/{code}/duties", params=query)
    assert response.status_code == 200, response.text
    return _shape(response.json())


def _cli(question: dict[str, Any]) -> dict[str, Any]:
    result = subprocess.run(
        [BINARY, *cli_args(question["params"])], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return _shape(json.loads(result.stdout))


def _check(question: dict[str, Any], got: dict[str, Any], where: str) -> None:
    check(question["expect"], got, where)
    for duty, measures in question["expect"].get("measures", {}).items():
        assert duty in got["measures"], f"{where}: {duty} is not in the answer"
        assert got["measures"][duty] == measures, f"{where}: {duty} shows measures {got['measures'][duty]}"
    every_measure = {m for shown in got["measures"].values() for m in shown}
    assert not every_measure & set(got["verdicts"]), f"{where}: a measure was judged as a duty"


@pytest.mark.parametrize("question", QUESTIONS, ids=[q["id"] for q in QUESTIONS])
def test_each_surface_gives_the_expected_answer(question, embedded, catalogue, http: httpx.Client):
    library = _library(question, embedded, catalogue)
    _check(question, library, "library")
    rest = _rest(question, http)
    _check(question, rest, "REST")
    cli = _cli(question)
    _check(question, cli, "CLI")
    assert library == rest == cli
    # the shared helper gives the same verdicts as the richer shape used here
    assert lookup_shape_of(ask_library(question, embedded, catalogue)) == lookup_shape_of(library)


def lookup_shape_of(shape: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in shape.items() if k != "measures"}
