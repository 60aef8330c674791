"""Every example runs: the .rq queries, the service profile and the library script."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from dutygraph.graph.sparql import execute

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.rq")), ids=lambda p: p.name)
def test_example_query_runs_and_answers(embedded, path):
    body, _, form = execute(embedded.ox, path.read_text(encoding="utf-8"))
    if form == "SELECT":
        assert json.loads(body)["results"]["bindings"], f"{path.name} returned no rows"
    elif form == "ASK":
        assert "boolean" in json.loads(body)
    else:
        assert body.strip()


def test_has_uk_left_eu_says_yes_in_the_transition_period(embedded):
    body, _, _ = execute(embedded.ox, (EXAMPLES / "has-uk-left-eu.rq").read_text())
    assert json.loads(body)["boolean"] is True


def test_library_script_runs():
    result = subprocess.run(
        [sys.executable, str(EXAMPLES / "use_library.py")], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert "duties apply in France" in result.stdout and "why:" in result.stdout
