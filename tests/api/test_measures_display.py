"""Codes' measures are shown beside the duty they help meet, with their legal effect, on the lookup
page (English and French), in the JSON answer and in the CLI's --verbose view; never as a duty."""

from __future__ import annotations

import json
import subprocess

import httpx
from servers import binary

QUESTION = {"jurisdiction": "GB", "date": "2026-11-01", "service": "gb-user-to-user-service"}
CHILDREN = {"cond-likely-accessed-by-children": "yes"}


def _duty(answer: dict, duty_id: str) -> dict:
    return next(d for d in answer["duties"] if d["id"] == duty_id)


def test_json_answer_lists_measures_with_legal_effect_and_status(http: httpx.Client):
    params = {k: v for k, v in QUESTION.items() if k != "jurisdiction"}
    response = http.get("/jurisdictions/GB/duties", params={**params, "condition": "likely-accessed-by-children"})
    assert response.status_code == 200, response.text
    answer = response.json()
    duty = _duty(answer, "duty-gb-osa-s12-protect-from-priority-content")
    assert duty["applicability"] == "applies"
    by_id = {m["id"]: m for m in duty["measures"]}
    b5 = by_id["measure-gb-ofcom-pcc-u2u-pcu-b5"]
    assert b5["legal_effect"]["id"] == "effect-safe-harbour"
    assert b5["legal_status"]["id"] == "status-in-force" and b5["effective_from"] == "2025-07-25"
    assert b5["citation"] == "PCU B5" and b5["verification"] == "secondary"
    h2 = by_id["measure-gb-ofcom-pcc-u2u-pcu-h2"]
    assert h2["legal_status"]["id"] == "status-pending" and h2["effective_from"] is None
    assert not {d["id"] for d in answer["duties"]} & set(by_id)  # a measure is never a duty


def test_lookup_page_shows_the_measures_under_the_duty(http: httpx.Client):
    page = http.get("/", params={**QUESTION, **CHILDREN}, headers={"Accept": "text/html"})
    assert page.status_code == 200
    html = page.text
    article = html[html.index('data-duty="duty-gb-osa-s12-highly-effective-age-assurance"') :]
    article = article[: article.index("</article>")]
    assert "Measures the regulator recommends" in article
    assert 'data-measure="measure-gb-ofcom-pcc-u2u-pcu-b4"' in article
    assert 'data-effect="effect-safe-harbour"' in article and "safe harbour" in article
    pending = html[html.index('data-measure="measure-gb-ofcom-pcc-u2u-pcu-c11"') :]
    assert '<span class="measure-status">pending</span>' in pending[: pending.index("</li>")]


def test_french_page_names_the_measures_in_french(http: httpx.Client):
    page = http.get("/", params={**QUESTION, **CHILDREN, "lang": "fr"}, headers={"Accept": "text/html"})
    assert page.status_code == 200
    assert "Mesures recommandées par le régulateur" in page.text
    assert "présomption de conformité" in page.text


def test_a_duty_without_measures_shows_no_measures_block(http: httpx.Client):
    page = http.get("/", params={**QUESTION, **CHILDREN}, headers={"Accept": "text/html"}).text
    article = page[page.index('data-duty="duty-gb-osa-s10-minimise-priority-illegal-content"') :]
    assert "Measures the regulator recommends" not in article[: article.index("</article>")]


def test_cli_verbose_lists_measures_with_effect_and_status():
    args = ["duties", "GB", "--date", "2026-11-01", "--service", "gb-user-to-user-service"]
    args += ["--condition", "likely-accessed-by-children", "--verbose"]
    out = subprocess.run([binary("dutygraph"), *args], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    block = out.stdout[out.stdout.index("duty-gb-osa-s12-highly-effective-age-assurance") :]
    block = block[: block.index("\n\n")]
    assert "  Measures the regulator recommends:" in block
    b4 = "Use highly effective age assurance to protect children from primary priority content"
    assert f"  * {b4} (PCU B4) [safe harbour; 2025-07-25]" in block
    assert "(PCU C11 (draft amendment)) [safe harbour; pending]" in out.stdout
    json_args = [*args[:-1], "--format", "json"]
    data = subprocess.run([binary("dutygraph"), *json_args], capture_output=True, text=True, timeout=120)
    assert any(d["measures"] for d in json.loads(data.stdout)["duties"])
