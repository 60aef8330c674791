"""The India and Singapore competency questions (questions_in_sg.yaml) through library, CLI and REST.

Same surfaces and checks as test_questions.py, so the three surfaces must agree on every verdict.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from surfaces import ask_cli, ask_library, ask_rest, check

QUESTIONS: list[dict[str, Any]] = yaml.safe_load((Path(__file__).parent / "questions_in_sg.yaml").read_text("utf-8"))


@pytest.mark.parametrize("question", QUESTIONS, ids=[q["id"] for q in QUESTIONS])
def test_each_surface_gives_the_expected_answer(question, embedded, catalogue, http: httpx.Client, tmp_path: Path):
    answers = {
        "library": ask_library(question, embedded, catalogue),
        "REST": ask_rest(question, http),
        "CLI": ask_cli(question, tmp_path),
    }
    for where, got in answers.items():
        check(question["expect"], got, where)
    assert answers["library"] == answers["REST"] == answers["CLI"]


def test_the_questions_pin_every_date():
    """A question without a date would be answered for today and drift as the calendar moves."""
    assert QUESTIONS
    for question in QUESTIONS:
        assert question["params"].get("date"), question["id"]
