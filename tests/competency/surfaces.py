"""Ask one question through each surface and bring the answer back to one plain shape.

The shape is what a reader acts on: for each duty, its verdict and competent authorities;
the coverage warnings; for an assessment, the same per country plus the thresholds met.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import yaml

ROOT = Path(__file__).resolve().parents[2]
BINARY = shutil.which("dutygraph") or str(Path(sys.executable).parent / "dutygraph")
FILES = sorted(Path(__file__).parent.glob("questions*.yaml"))
# every competency question of every file, each tagged with the file it comes from
QUESTIONS: list[dict[str, Any]] = [
    {**q, "file": path.stem} for path in FILES for q in yaml.safe_load(path.read_text("utf-8")) or []
]

Answer = dict[str, Any]


def lookup_shape(data: dict[str, Any]) -> Answer:
    """{"verdicts": {id: verdict}, "shown": [ids], "authorities": {id: [ids]}, "gaps": [...],
    "measures": {id: [measure ids, in the order shown]}}"""
    everything = [*data["duties"], *data.get("exempt", []), *data.get("set_aside", [])]
    return {
        "verdicts": {d["id"]: d["applicability"] for d in everything},
        "shown": sorted(d["id"] for d in data["duties"]),
        "authorities": {
            d["id"]: sorted(c["authority"]["id"] for c in d["competent_authorities"] if c.get("authority"))
            for d in everything
        },
        "gaps": list(data.get("coverage_gaps", [])),
        "measures": {d["id"]: [m["id"] for m in d.get("measures", [])] for d in everything},
    }


def assess_shape(data: dict[str, Any]) -> dict[str, Answer]:
    found = {}
    for j in data["jurisdictions"]:
        shape = lookup_shape(j)
        met: dict[str, bool] = {}
        for t in j["thresholds"]:
            met[t["category"]["id"]] = met.get(t["category"]["id"], False) or t["met"]
        shape["thresholds"] = met
        found[j["jurisdiction"]["code"]] = shape
    return found


def profile_of(question: dict[str, Any]) -> dict[str, Any]:
    profile = yaml.safe_load((ROOT / question["profile"]).read_text("utf-8"))
    return {**profile, "date": question["date"]}


def cli_args(params: dict[str, Any]) -> list[str]:
    args = ["duties", params["jurisdiction"], "--format", "json"]
    if "date" in params:
        args += ["--date", params["date"]]
    for name, flag in (("service", "--service"), ("condition", "--condition"), ("designation", "--designation")):
        for value in params.get(name, []):
            args += [f"{flag}={value}"]
    if params.get("establishment"):
        args += ["--establishment", params["establishment"]]
    args += [f"--{flag.replace('_', '-')}" for flag in ("include_pending", "explain") if params.get(flag)]
    return args


def ask_cli(question: dict[str, Any], tmp: Path) -> Any:
    if question["ask"] == "assess":
        profile = tmp / f"{question['id']}.json"
        profile.write_text(json.dumps(profile_of(question)), "utf-8")
        args = ["assess", str(profile), "--format", "json"]
    else:
        args = cli_args(question["params"])
    result = subprocess.run([BINARY, *args], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    return assess_shape(data) if question["ask"] == "assess" else lookup_shape(data)


def ask_rest(question: dict[str, Any], http: httpx.Client) -> Any:
    if question["ask"] == "assess":
        response = http.post("/assess", json=profile_of(question))
        assert response.status_code == 200, response.text
        return assess_shape(response.json())
    params = dict(question["params"])
    code = params.pop("jurisdiction")
    query = {k: ("true" if v is True else v) for k, v in params.items()}
    response = http.get(f"/jurisdictions/{code}/duties", params=query)
    assert response.status_code == 200, response.text
    return lookup_shape(response.json())


def ask_library(question: dict[str, Any], store: Any, catalogue: Any) -> Any:
    from dutygraph.graph.applicability import applicable_duties
    from dutygraph.graph.assess import assess, parse_profile

    if question["ask"] == "assess":
        return assess_shape(json.loads(assess(store, catalogue, parse_profile(profile_of(question))).model_dump_json()))
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
    return lookup_shape(json.loads(answer.model_dump_json()))


def check(expect: dict[str, Any], got: Answer, where: str) -> None:
    for duty, verdict in expect.get("verdicts", {}).items():
        assert got["verdicts"].get(duty) == verdict, f"{where}: {duty} is {got['verdicts'].get(duty)}, not {verdict}"
    for duty in expect.get("absent", []):
        assert duty not in got["shown"], f"{where}: {duty} should not be shown"
    for duty, authorities in expect.get("authorities", {}).items():
        assert got["authorities"].get(duty) == sorted(authorities), (
            f"{where}: {duty} enforced by {got['authorities'].get(duty)}"
        )
    for duty, measures in expect.get("measures", {}).items():
        assert duty in got["measures"], f"{where}: {duty} is not in the answer"
        assert got["measures"][duty] == measures, f"{where}: {duty} shows measures {got['measures'][duty]}"
    if "measures" in got:
        every_measure = {m for shown in got["measures"].values() for m in shown}
        assert not every_measure & set(got["verdicts"]), f"{where}: a measure was judged as a duty"
    for word in expect.get("gaps", []):
        assert any(word in gap for gap in got["gaps"]), f"{where}: no coverage warning with {word!r}: {got['gaps']}"
    for category, met in expect.get("thresholds", {}).items():
        assert got["thresholds"].get(category) == met, (
            f"{where}: threshold {category} met={got['thresholds'].get(category)}"
        )
