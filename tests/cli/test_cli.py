"""The `dutygraph` command, run as a user runs it (a real process), on good and bad input."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BINARY = shutil.which("dutygraph") or str(Path(sys.executable).parent / "dutygraph")
SUBCOMMANDS = [
    "validate",
    "duties",
    "assess",
    "compare",
    "timeline",
    "show",
    "query",
    "export",
    "stats",
    "serve",
    "version",
]


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([BINARY, *args], capture_output=True, text=True, cwd=cwd, timeout=120)


def assert_one_line_error(result: subprocess.CompletedProcess[str], code: int = 2, *needles: str) -> None:
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr
    first = result.stderr.strip().splitlines()[0]
    assert first.startswith("dutygraph: error:"), result.stderr
    for needle in needles:
        assert needle in result.stderr


@pytest.mark.parametrize("command", SUBCOMMANDS)
def test_every_subcommand_has_help(command):
    result = run(command, "--help")
    assert result.returncode == 0
    assert "Usage:" in result.stdout


def test_top_level_help_lists_exit_codes():
    result = run("--help")
    assert result.returncode == 0 and "Exit codes" in result.stdout


@pytest.mark.parametrize(
    ("args", "needles"),
    [
        (["duties", "XX"], ["unknown jurisdiction", "FR"]),
        (["duties", "FR", "--date", "2024-13-01"], ["ISO date"]),
        (["duties", "FR", "--service", "nope"], ["eu-online-platform"]),
        (["duties", "FR", "--condition", "nope"], ["accessible-to-minors"]),
        (["duties", "FR", "--lang", "de"], ["en or fr"]),
        (["duties"], ["Missing argument"]),
        (["assess", "no-such-profile.yaml"], ["cannot read profile"]),
        (["compare"], ["exactly one"]),
        (["compare", "--theme", "nope"], ["age-assurance"]),
        (["timeline", "--from", "yesterday"], ["ISO date"]),
        (["timeline", "--jurisdiction", "ZZ"], ["unknown jurisdiction"]),
        (["show", "not a thing"], ["not an identifier"]),
        (["show", "no-such-thing"], ["nothing in the graph"]),
        (["query", "SELECT * WHERE { ?s ?p "], ["malformed query", "1:"]),
        (["query", "INSERT DATA { <http://a> <http://b> <http://c> }"], ["read-only"]),
        (["query", "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"], ["SERVICE"]),
        (["query", "--file", "missing.rq"], ["cannot read"]),
        (["export", "--format", "xls"], ["ttl"]),
        (["validate", "no/such/file.ttl"], ["no such file"]),
        (["nosuchcommand"], ["No such command"]),
    ],
)
def test_bad_input_gets_one_line_and_exit_2(args, needles):
    assert_one_line_error(run(*args), 2, *needles)


def test_unreadable_profile_yaml_exits_2(tmp_path):
    broken = tmp_path / "p.yaml"
    broken.write_text("name: [oops\n")
    assert_one_line_error(run("assess", str(broken)), 2, "not valid YAML")


def test_duties_table_json_and_csv():
    table = run("duties", "FR", "-s", "eu-online-platform", "-c", "accessible-to-minors", "--date", "2026-11-01")
    assert table.returncode == 0 and "duty-eu-dsa-art28-1" in table.stdout
    data = json.loads(
        run("duties", "FR", "-s", "eu-online-platform", "--format", "json", "--date", "2026-11-01").stdout
    )
    assert data["jurisdiction"]["code"] == "FR" and data["duties"]
    csv = run("duties", "GB", "--format", "csv", "--date", "2026-11-01").stdout.splitlines()
    assert csv[0].startswith("id,jurisdiction,duty,requirement,citation") and len(csv) > 5


def test_assess_example_profile(tmp_path: Path):
    profile = tmp_path / "profile.yaml"
    profile.write_text((ROOT / "examples/service-profile.yaml").read_text("utf-8") + "date: 2026-12-03\n", "utf-8")
    result = run("assess", str(profile))
    assert result.returncode == 0
    assert "== United Kingdom (GB)" in result.stdout and "eu-vlop" in result.stdout


def test_query_formats():
    assert run("query", "ASK { ?s ?p ?o }").stdout.strip() == "true"
    csv = run(
        "query",
        "SELECT ?s WHERE { ?s a <https://w3id.org/dutygraph/ontology#Regulator> } LIMIT 3",
        "--format",
        "csv",
    )
    assert csv.returncode == 0 and csv.stdout.splitlines()[0] == "s"
    ttl = run("query", "CONSTRUCT WHERE { <https://w3id.org/dutygraph/id/ofcom> ?p ?o }", "--format", "ttl")
    assert ttl.returncode == 0 and "ofcom" in ttl.stdout


def test_export_writes_a_file_that_matches_stdout(tmp_path):
    target = tmp_path / "graph.ttl"
    assert run("export", "--output", str(target)).returncode == 0
    assert target.read_bytes() == subprocess.run([BINARY, "export"], capture_output=True, cwd=ROOT).stdout


def test_stats_counts_the_graph():
    data = json.loads(run("stats", "--format", "json").stdout)
    assert data["counts"]["Duty"] >= 60
    assert data["triples"] > 1000


def test_stats_by_jurisdiction_accounts_for_every_duty_and_level():
    total = json.loads(run("stats", "--format", "json").stdout)["counts"]["Duty"]
    rows = json.loads(run("stats", "--by-jurisdiction", "--format", "json").stdout)
    assert sum(r["duties"] for r in rows) == total  # each duty applies in exactly one jurisdiction
    for r in rows:
        assert r["official"] + r["secondary"] + r["unverified"] == r["duties"], r["code"]
    table = run("stats", "--by-jurisdiction").stdout.splitlines()
    assert table[-1].split()[:2] == ["all", str(total)]


def test_validate_passes_on_the_shipped_graph():
    result = run("validate")
    assert result.returncode == 0, result.stdout[-3000:]


def test_validate_reports_a_broken_file_with_its_line(tmp_path):
    broken = tmp_path / "broken.ttl"
    broken.write_text('@prefix dg: <https://w3id.org/dutygraph/ontology#> .\n\ndg:x dg:y "unterminated .\n')
    result = run("validate", str(broken))
    assert result.returncode == 1
    assert ("broken.ttl" in result.stdout and ":3" in result.stdout) or "line 3" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_validate_fails_on_a_duty_without_sources(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text(
        "@prefix dg: <https://w3id.org/dutygraph/ontology#> .\n@prefix dgid: <https://w3id.org/dutygraph/id/> .\n"
        "dgid:duty-bad a dg:Duty .\n"
    )
    result = run("validate", str(bad))
    assert result.returncode == 1
    assert "duty-bad" in result.stdout


def test_a_store_that_cannot_be_opened_is_bad_input_not_failed_validation():
    assert_one_line_error(run("stats", "--store", "/dev/null/x"), 2, "cannot open the store folder")


def test_french_headline_and_columns_with_lang_fr():
    result = run("duties", "FR", "--date", "2026-11-01", "--lang", "fr")
    assert result.returncode == 0, result.stderr
    first = result.stdout.splitlines()[0]
    assert first.startswith(tuple("0123456789")) and "obligations en France (FR) au 2026-11-01" in first
    assert "autorité compétente" in result.stdout


def test_verbose_shows_reasons_authority_sources_and_notes():
    result = run("duties", "GB", "--date", "2026-11-01", "-s", "gb-user-to-user-service", "--verbose")
    assert result.returncode == 0, result.stderr
    block = result.stdout.split("Carry out an illegal content risk assessment", 1)[1].split("\n\n", 1)[0]
    for needle in (
        "Why:",
        "Competent authority: Ofcom",
        "Checked: official",
        "https://www.legislation.gov.uk",
        "Notes:",
    ):
        assert needle in block, needle


def test_explain_lists_the_duties_set_aside_and_why():
    result = run("duties", "GB", "--date", "2020-06-01", "--include-pending", "--explain")
    assert result.returncode == 0, result.stderr
    aside = result.stdout.split("Set aside, and why:", 1)[1]
    assert "duty-eu-dsa-art28-1 [not-applicable]" in aside and "before the duty starts on 2024-02-17" in aside


def test_providers_lists_and_shows_designations():
    listing = run("providers", "--format", "json")
    assert listing.returncode == 0, listing.stderr
    assert any(p["id"] == "provider-tiktok" and p["designations"] == 3 for p in json.loads(listing.stdout))
    shown = run("providers", "provider-tiktok")
    assert shown.returncode == 0 and "main establishment IE" in shown.stdout and "2023-08-25" in shown.stdout


def test_provider_duties_names_the_designation_and_the_unpublished_register():
    result = run("provider-duties", "provider-google", "--jurisdiction", "GB", "--date", "2026-11-01")
    assert result.returncode == 0, result.stderr
    assert "Ofcom's register of categorised services (OSA): Not published" in result.stdout
    french = run("provider-duties", "provider-google", "-j", "FR", "--date", "2026-11-01", "--service", "YouTube")
    assert "YouTube designated a very large online platform" in french.stdout


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("providers", "provider-nobody"), "provider-nobody"),
        (("provider-duties", "provider-nobody", "-j", "FR"), "provider-nobody"),
        (("provider-duties", "provider-tiktok", "-j", "XX"), "XX"),
        (("provider-duties", "provider-tiktok", "-j", "FR", "--date", "2026-02-30"), "2026-02-30"),
        (("provider-duties", "provider-tiktok", "-j", "FR", "--service", "Gmail"), "Gmail"),
    ],
)
def test_provider_commands_reject_bad_input_in_one_line(args, needle):
    assert_one_line_error(run(*args), 2, needle)
