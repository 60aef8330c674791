"""Taking an answer away: the lookup, the assessment and the comparisons as an obligations register.

Asked over HTTP as a real client would (Accept: text/csv or the XLSX media type), and through the
command line; each workbook is opened with openpyxl and its rows checked against the JSON answer.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from openpyxl import load_workbook

ROOT = Path(__file__).resolve().parents[2]
BINARY = shutil.which("dutygraph") or str(Path(sys.executable).parent / "dutygraph")

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
COLUMNS = [
    "id",
    "jurisdiction",
    "duty",
    "requirement",
    "citation",
    "official text",
    "bearer",
    "competent authority",
    "applies from",
    "applies until",
    "status",
    "verification",
    "sources",
    "checked on",
    "owner",
    "evidence",
    "review date",
]
LOOKUP = {"service": "eu-online-platform", "condition": "accessible-to-minors", "date": "2026-11-01"}


def rows_of(data: dict) -> list[tuple[str, str]]:  # type: ignore[type-arg]
    return [(d["id"], d["applicability"]) for d in [*data["duties"], *data["exempt"]]]


def test_lookup_as_csv_has_the_register_columns_and_every_duty(http: httpx.Client):
    answer = http.get("/jurisdictions/FR/duties", params=LOOKUP).json()
    response = http.get("/jurisdictions/FR/duties", params=LOOKUP, headers={"Accept": "text/csv"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert 'filename="duties-FR-2026-11-01.csv"' in response.headers["content-disposition"]
    table = list(csv.reader(io.StringIO(response.text)))
    assert table[0] == COLUMNS
    assert [(r[0], r[10]) for r in table[1:]] == rows_of(answer)
    art28 = next(r for r in table[1:] if r[0] == "duty-eu-dsa-art28-1")
    assert art28[4].startswith("DSA Art. 28") and art28[5].startswith("http") and "Arcom" in art28[7]
    assert art28[11] == "official" and art28[13] == "2026-11-23" and art28[14:] == ["", "", ""]


def test_lookup_as_xlsx_opens_as_a_register_with_what_was_asked(http: httpx.Client):
    answer = http.get("/jurisdictions/FR/duties", params=LOOKUP).json()
    response = http.get("/jurisdictions/FR/duties", params=LOOKUP, headers={"Accept": XLSX})
    assert response.status_code == 200 and response.headers["content-type"] == XLSX
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["Register"]
    values = list(sheet.iter_rows(values_only=True))
    assert list(values[0]) == COLUMNS
    assert [(r[0], r[10]) for r in values[1:]] == rows_of(answer)
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref
    about = dict(book["About"].iter_rows(values_only=True))
    assert about["Date of the answer"] == "2026-11-01" and "/jurisdictions/FR/duties" in about["Source"]


def test_the_register_in_french(http: httpx.Client):
    response = http.get("/jurisdictions/FR/duties", params={**LOOKUP, "lang": "fr"}, headers={"Accept": "text/csv"})
    header = next(csv.reader(io.StringIO(response.text)))
    assert header[2] == "obligation" and header[7] == "autorité compétente"


def test_assessment_and_comparisons_as_registers(http: httpx.Client):
    profile = {"name": "KidsTube", "countries": ["GB", "FR"], "features": ["social-network"], "date": "2026-11-01"}
    answer = http.post("/assess", json=profile).json()
    expected = [
        (j["jurisdiction"]["code"], d["id"]) for j in answer["jurisdictions"] for d in [*j["duties"], *j["exempt"]]
    ]
    response = http.post("/assess", json=profile, headers={"Accept": XLSX})
    values = list(load_workbook(io.BytesIO(response.content))["Register"].iter_rows(values_only=True))
    assert [(r[1], r[0]) for r in values[1:]] == expected
    compare = http.get(
        "/compare",
        params={"theme": "age-assurance", "jurisdictions": "GB,FR", "date": "2026-11-01"},
        headers={"Accept": "text/csv"},
    )
    assert compare.status_code == 200 and next(csv.reader(io.StringIO(compare.text))) == COLUMNS
    matrix = http.get(
        "/compare/matrix", params={"jurisdictions": "GB,FR", "date": "2026-11-01"}, headers={"Accept": XLSX}
    )
    assert matrix.status_code == 200 and load_workbook(io.BytesIO(matrix.content))["Register"].max_row > 10


def test_json_stays_the_default_and_an_unknown_format_is_a_406(http: httpx.Client):
    assert http.get("/jurisdictions/FR/duties", params=LOOKUP).headers["content-type"].startswith("application/json")
    response = http.get("/jurisdictions/FR/duties", params=LOOKUP, headers={"Accept": "image/png"})
    assert response.status_code == 406 and response.headers["content-type"].startswith("application/problem+json")


@pytest.mark.parametrize(
    "command",
    [
        ["duties", "FR", "--date", "2026-11-01"],
        ["compare", "--theme", "age-assurance", "-j", "GB", "-j", "FR", "--date", "2026-11-01"],
    ],
)
def test_the_command_writes_the_same_register(command: list[str], tmp_path: Path, http: httpx.Client):
    target = tmp_path / "register.xlsx"
    result = subprocess.run(
        [BINARY, *command, "--format", "xlsx", "--output", str(target)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    values = list(load_workbook(target)["Register"].iter_rows(values_only=True))
    assert list(values[0]) == COLUMNS and len(values) > 5
    as_json = json.loads(
        subprocess.run(
            [BINARY, *command, "--format", "json"], capture_output=True, text=True, cwd=ROOT, timeout=120
        ).stdout
    )
    if command[0] == "duties":
        assert [(r[0], r[10]) for r in values[1:]] == rows_of(as_json)
