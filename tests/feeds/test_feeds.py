"""The change feed (Atom, JSON Feed), the deadline calendar (iCalendar) and the diff, through HTTP and the
command, on pinned periods (tests/feeds/expected.yaml). Atom is validated against RFC 4287's schema and
read back with feedparser; the calendar is parsed back with icalendar."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import feedparser
import httpx
import pytest
import yaml
from dutygraph.graph.applicability import applicable_duties
from dutygraph.graph.catalogue import Catalogue
from dutygraph.graph.store import EmbeddedStore
from icalendar import Calendar
from lxml import etree

HERE = Path(__file__).resolve().parent
DATA = HERE.parent.parent / "graph" / "data"
EXPECTED = yaml.safe_load((HERE / "expected.yaml").read_text(encoding="utf-8"))
ATOM = "{http://www.w3.org/2005/Atom}"
BINARY = shutil.which("dutygraph") or str(Path(sys.executable).parent / "dutygraph")
SCHEMA = etree.RelaxNG(etree.parse(str(HERE / "atom.rng")))


def file_modified(name: str) -> str:
    """The dct:modified date in a data file's dataset header."""
    found = re.search(r'dct:modified "(\d{4}-\d\d-\d\d)"', (DATA / name).read_text(encoding="utf-8"))
    assert found, name
    return found.group(1)


def check_atom(body: bytes) -> etree._Element:
    doc = etree.fromstring(body)
    assert SCHEMA.validate(doc), SCHEMA.error_log
    # RFC 4287's Schematron rules, which RELAX NG cannot express
    assert doc.find(f"{ATOM}author") is not None or all(e.find(f"{ATOM}author") is not None for e in doc)
    for entry in doc.iter(f"{ATOM}entry"):
        links = entry.findall(f"{ATOM}link")
        assert any(link.get("rel") in (None, "alternate") for link in links) or entry.find(f"{ATOM}content") is not None
        alternates = [
            (link.get("type"), link.get("hreflang")) for link in links if link.get("rel") in (None, "alternate")
        ]
        assert len(alternates) == len(set(alternates)), "one alternate link per type and language"
    return doc


@pytest.mark.parametrize("case", EXPECTED["feeds"], ids=lambda c: ",".join(f"{k}={v}" for k, v in c["params"].items()))
def test_atom_feed(http: httpx.Client, case: dict):
    response = http.get("/changes.atom", params=case["params"])
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/atom+xml")
    doc = check_atom(response.content)
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    entries = {e.id: e for e in parsed.entries}
    assert len(entries) == len(doc.findall(f"{ATOM}entry")), "entry ids are unique"
    expected = case.get("includes", []) + case.get("exactly", [])
    for item in expected:
        entry = entries.get(f"https://w3id.org/dutygraph/id/{item['id']}#{item['kind']}")
        assert entry is not None, item
        assert entry.title.startswith(item["date"])
        assert entry.updated.startswith(file_modified(item["file"])), "updated: when the record last changed"
        assert entry.link.endswith(f"/id/{item['id']}")
    if "exactly" in case:
        assert len(entries) == len(case["exactly"])
    for absent in case.get("excludes", []):
        assert not any(i.split("/id/")[1].startswith(absent + "#") for i in entries)
    first, last = case["params"]["from"], case["params"]["to"]
    assert all(first <= e.title[:10] <= last for e in parsed.entries)


def test_json_feed(http: httpx.Client):
    case = EXPECTED["feeds"][0]
    response = http.get("/changes.json", params=case["params"])
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/feed+json")
    feed = response.json()
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["title"] and feed["items"]
    for item in feed["items"]:
        assert item["id"] and item["url"].startswith("http") and item["content_text"]
        dt.datetime.fromisoformat(item["date_modified"])
    atom = feedparser.parse(http.get("/changes.atom", params=case["params"]).content)
    assert [i["id"] for i in feed["items"]] == [e.id for e in atom.entries], "the same changes in both formats"


@pytest.mark.parametrize(
    "case", EXPECTED["deadlines"], ids=lambda c: ",".join(f"{k}={v}" for k, v in c["params"].items())
)
def test_deadline_calendar(http: httpx.Client, case: dict):
    response = http.get("/deadlines.ics", params=case["params"])
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert events
    for item in case["includes"]:
        event = events[item["uid"]]
        assert event.decoded("DTSTART") == dt.date.fromisoformat(item["date"])
        assert event.decoded("DTEND") == dt.date.fromisoformat(item["date"]) + dt.timedelta(days=1)
        assert str(event["URL"]).endswith("/id/" + item["uid"].split(".")[0])
    for uid in case["excludes"]:
        assert uid not in events, "starts before `from`"
    first, last = (dt.date.fromisoformat(case["params"][k]) for k in ("from", "to"))
    assert all(first <= e.decoded("DTSTART") <= last for e in events.values())


@pytest.mark.parametrize(
    ("path", "params", "needle"),
    [
        ("/changes.atom", {"jurisdiction": "GBB"}, "did you mean 'GB'"),
        ("/changes.json", {"theme": "age-assurence"}, "did you mean 'age-assurance'"),
        ("/deadlines.ics", {"service": "eu-vlopp"}, "did you mean 'eu-vlop'"),
        ("/changes.atom", {"from": "2025-02-30"}, "from"),
        ("/changes.json", {"changed_since": "2025-13-01"}, "changed_since"),
        ("/changes.atom", {"from": "2025-06-01", "to": "2025-01-01"}, "before"),
        ("/diff", {"jurisdiction": "GB", "from": "2025-01-01"}, "to"),
        ("/diff", {"jurisdiction": "GB", "from": "2025-08-01", "to": "2025-01-01"}, "before"),
    ],
)
def test_bad_input_is_a_precise_400(http: httpx.Client, path: str, params: dict, needle: str):
    response = http.get(path, params=params)
    assert response.status_code == 400, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert needle in response.json()["detail"]


@pytest.mark.parametrize("case", EXPECTED["diffs"], ids=lambda c: ",".join(f"{k}={v}" for k, v in c["params"].items()))
def test_diff_over_http_and_cli_agrees_with_the_lookup(
    http: httpx.Client, case: dict, embedded: EmbeddedStore, catalogue: Catalogue
):
    p = case["params"]
    body = http.get("/diff", params=p).json()
    by_id = {c["duty"]["id"]: c for c in body["changes"]}
    for item in case["changes"]:
        change = by_id[item["id"]]
        assert (change["change"], change["before"], change["after"]) == (item["change"], item["before"], item["after"])
        assert change["duty"]["citation"] and change["duty"]["official_text"]
    for absent in case["absent"]:
        assert absent not in by_id
    # the verdicts are the lookup's own on each date
    for day, key in ((p["from"], "before"), (p["to"], "after")):
        found = applicable_duties(
            embedded, catalogue, p["jurisdiction"], day, [p["service"]], include_pending=True, explain=True
        )
        verdicts = {d.id: d.applicability for d in (*found.duties, *found.exempt, *found.set_aside)}
        assert all(verdicts.get(i) == c[key] for i, c in by_id.items())
    result = subprocess.run(
        [
            BINARY,
            "diff",
            p["jurisdiction"],
            "--from",
            p["from"],
            "--to",
            p["to"],
            "-s",
            p["service"],
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["changes"] == body["changes"]


def test_cli_diff_bad_dates_exit_2():
    result = subprocess.run(
        [BINARY, "diff", "GB", "--from", "2025-08-01", "--to", "2025-01-01"], capture_output=True, text=True
    )
    assert result.returncode == 2
    assert result.stderr.startswith("dutygraph: error:") and result.stderr.count("\n") == 1
