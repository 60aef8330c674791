"""Every competency question (tests/competency/questions*.yaml) through the library, the command line
and the REST API.

Each surface must give the expected answer, and all three the same answer. A file of questions is
picked up by its name alone: a new jurisdiction adds `questions_<places>.yaml` and nothing else.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
from surfaces import QUESTIONS, ask_cli, ask_library, ask_rest, check


def _check_all(question: dict[str, Any], got: Any, where: str) -> None:
    if question["ask"] == "assess":
        for code, expect in question["expect"].items():
            assert code in got, f"{where}: no answer for {code}"
            check(expect, got[code], f"{where} {code}")
    else:
        check(question["expect"], got, where)


@pytest.mark.parametrize("question", QUESTIONS, ids=[f"{q['file']}:{q['id']}" for q in QUESTIONS])
def test_each_surface_gives_the_expected_answer(question, embedded, catalogue, http: httpx.Client, tmp_path: Path):
    library = ask_library(question, embedded, catalogue)
    _check_all(question, library, "library")
    rest = ask_rest(question, http)
    _check_all(question, rest, "REST")
    cli = ask_cli(question, tmp_path)
    _check_all(question, cli, "CLI")
    assert library == rest == cli


def test_every_question_pins_its_date():
    """A question without a date would be answered for today and drift as the calendar moves."""
    assert QUESTIONS
    for question in QUESTIONS:
        day = question.get("date") if question["ask"] == "assess" else question["params"].get("date")
        assert day, f"{question['file']}:{question['id']}"


def test_question_ids_are_unique():
    ids = [q["id"] for q in QUESTIONS]
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
