"""The provider questions (providers.yaml) through the library, the command line, the REST API and the page.

Each surface must give the expected answer, and all four the same answer.
"""

from __future__ import annotations

import html
import json
import re
import subprocess
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from surfaces import BINARY, ROOT

QUESTIONS: list[dict[str, Any]] = yaml.safe_load((Path(__file__).parent / "providers.yaml").read_text("utf-8"))
Answer = dict[str, Any]


def shape(data: dict[str, Any]) -> Answer:
    """The answer as the YAML states it, from a ProviderDuties document."""
    verdicts = {d["id"]: d["applicability"] for d in [*data["lookup"]["duties"], *data["lookup"]["exempt"]]}
    return {
        "in_force": sorted(d["id"] for d in data["designations"] if d["in_force"]),
        "through": {
            d["duty"]["id"]: {
                "verdict": verdicts[d["duty"]["id"]],
                "designations": [x["id"] for x in d["designations"]],
            }
            for d in sorted(data["depends_on"], key=lambda d: d["duty"]["id"])
            if d["designations"]
        },
        "exemption_lifted_by": {
            d["duty"]["id"]: [x["id"] for x in d["exemption_lifted_by"]]
            for d in sorted(data["depends_on"], key=lambda d: d["duty"]["id"])
            if d["exemption_lifted_by"]
        },
        "registers_unpublished": sorted(r["id"] for r in data["registers"] if not r["published"]),
    }


def ask_library(question: dict[str, Any], store: Any, catalogue: Any) -> Answer:
    from dutygraph.graph.providers import provider_duties

    p = question["params"]
    answer = provider_duties(store, catalogue, p["provider"], p["jurisdiction"], p["date"], "en", p.get("service"))
    return shape(json.loads(answer.model_dump_json()))


def ask_cli(question: dict[str, Any]) -> Answer:
    p = question["params"]
    args = ["provider-duties", p["provider"], "--jurisdiction", p["jurisdiction"], "--date", p["date"]]
    args += ["--service", p["service"]] if p.get("service") else []
    result = subprocess.run([BINARY, *args, "--format", "json"], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    return shape(json.loads(result.stdout))


def ask_rest(question: dict[str, Any], http: httpx.Client) -> Answer:
    p = dict(question["params"])
    response = http.get(f"/providers/{p.pop('provider')}/duties", params=p)
    assert response.status_code == 200, response.text
    return shape(response.json())


DUTY = re.compile(
    r'<div class="provider-duty" data-duty="([^"]+)">(.*?)(?=<div class="provider-duty"|</section>)', re.S
)


def ask_page(question: dict[str, Any], http: httpx.Client) -> Answer:
    """What the page shows: the designations marked in force, each duty's verdict and designations."""
    response = http.get("/explore/provider-duties", params=question["params"])
    assert response.status_code == 200, response.text
    page = response.text
    through, lifted = {}, {}
    for duty, block in DUTY.findall(page):
        verdict = re.search(r'data-verdict="([^"]+)"', block)
        names = re.findall(r'data-through="([^"]+)"', block)
        if names:
            through[duty] = {"verdict": verdict.group(1) if verdict else None, "designations": names}
        if found := re.findall(r'data-lifted="([^"]+)"', block):
            lifted[duty] = found
    return {
        "in_force": sorted(re.findall(r'data-designation="([^"]+)" data-in-force="true"', page)),
        "through": dict(sorted(through.items())),
        "exemption_lifted_by": dict(sorted(lifted.items())),
        "registers_unpublished": sorted(html.unescape(r) for r in re.findall(r'data-register="([^"]+)"', page)),
    }


@pytest.mark.parametrize("question", QUESTIONS, ids=[q["id"] for q in QUESTIONS])
def test_each_surface_gives_the_expected_answer(question, embedded, catalogue, http: httpx.Client):
    expected = question["expect"]
    library = ask_library(question, embedded, catalogue)
    assert library == expected
    assert ask_rest(question, http) == expected
    assert ask_cli(question) == expected
    assert ask_page(question, http) == expected


def test_the_questions_cover_three_providers_in_three_places():
    asked = {(q["params"]["provider"], q["params"]["jurisdiction"]) for q in QUESTIONS}
    assert asked == {
        (p, j) for p in ("provider-tiktok", "provider-aylo", "provider-google") for j in ("FR", "IE", "GB")
    }
