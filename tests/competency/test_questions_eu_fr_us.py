"""The EU, France and US competency questions (questions_eu_fr_us.yaml) through library, CLI and REST.

Same surfaces and checks as test_questions.py; the answer shape also carries, for each duty, the ids of
the measures listed beside it, so a question can pin the measures of a code or guidance exactly.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
import surfaces
import yaml
from surfaces import ask_cli, ask_library, ask_rest, check

QUESTIONS: list[dict[str, Any]] = yaml.safe_load((Path(__file__).parent / "questions_eu_fr_us.yaml").read_text("utf-8"))
PLAIN_SHAPE = surfaces.lookup_shape


def shape_with_measures(data: dict[str, Any]) -> surfaces.Answer:
    """The plain lookup shape plus {"measures": {duty id: [measure ids]}} for every duty answered."""
    shape = PLAIN_SHAPE(data)
    everything = [*data["duties"], *data.get("exempt", []), *data.get("set_aside", [])]
    shape["measures"] = {d["id"]: sorted(m["id"] for m in d.get("measures", [])) for d in everything}
    return shape


def check_measures(expect: dict[str, Any], got: surfaces.Answer, where: str) -> None:
    for duty, measures in expect.get("measures", {}).items():
        assert duty in got["measures"], f"{where}: {duty} not answered"
        assert got["measures"][duty] == sorted(measures), f"{where}: {duty} lists {got['measures'][duty]}"


@pytest.mark.parametrize("question", QUESTIONS, ids=[q["id"] for q in QUESTIONS])
def test_each_surface_gives_the_expected_answer(
    question, embedded, catalogue, http: httpx.Client, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(surfaces, "lookup_shape", shape_with_measures)
    answers = {
        "library": ask_library(question, embedded, catalogue),
        "REST": ask_rest(question, http),
        "CLI": ask_cli(question, tmp_path),
    }
    for where, got in answers.items():
        check(question["expect"], got, where)
        check_measures(question["expect"], got, where)
    assert answers["library"] == answers["REST"] == answers["CLI"]


def test_the_questions_pin_every_date():
    """A question without a date would be answered for today and drift as the calendar moves."""
    assert QUESTIONS
    for question in QUESTIONS:
        assert question["params"].get("date"), question["id"]
