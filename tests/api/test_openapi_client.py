"""A Python client generated from the live /openapi.json (openapi-python-client) does a lookup,
an assessment and meets an error, against the real server: the document is usable as a contract.
"""

from __future__ import annotations

import datetime as dt
import importlib
import subprocess
import sys
from collections.abc import Iterator
from types import ModuleType

import httpx
import pytest
from servers import binary

PACKAGE = "dutygraph_generated_client"


@pytest.fixture(scope="module")
def generated(http: httpx.Client, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    where = tmp_path_factory.mktemp("client")
    spec = where / "openapi.json"
    spec.write_bytes(http.get("/openapi.json").content)
    done = subprocess.run(
        [
            binary("openapi-python-client"),
            "generate",
            "--path",
            str(spec),
            "--meta",
            "none",
            "--output-path",
            str(where / PACKAGE),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=where,
    )
    assert (where / PACKAGE / "client.py").exists(), done.stdout + done.stderr
    sys.path.insert(0, str(where))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(where))


def test_generated_client_looks_up_assesses_and_reads_a_problem(generated, server_url):
    client = generated.Client(base_url=server_url)
    lookup = importlib.import_module(f"{PACKAGE}.api.jurisdictions.lookup_duties")
    assess = importlib.import_module(f"{PACKAGE}.api.assessment.assess_service")
    models = importlib.import_module(f"{PACKAGE}.models")

    answer = lookup.sync(
        "FR",
        client=client,
        service=["eu-online-platform"],
        condition=["accessible-to-minors"],
        date=dt.date(2025, 6, 1),
    )
    assert isinstance(answer, models.DutyLookup)
    assert "duty-eu-dsa-art28-1" in {d.id for d in answer.duties}

    profile = models.ServiceProfile.from_dict(
        {
            "name": "KidsTube",
            "countries": ["GB", "FR"],
            "monthly_active_users": {"GB": 12000000},
            "features": ["social-network"],
            "date": "2025-06-01",
        }
    )
    assessed = assess.sync(client=client, body=profile)
    assert isinstance(assessed, models.Assessment)
    assert [j.jurisdiction.code for j in assessed.jurisdictions] == ["GB", "FR"]

    problem = lookup.sync("ZZ", client=client)  # an unknown jurisdiction in the path: a missing resource
    assert isinstance(problem, models.Problem)
    assert problem.status == 404 and "ZZ" in problem.detail
    assert problem.title == "Not found"
    bad = lookup.sync("FR", client=client, service=["spaceship"])  # an unknown code in a query parameter
    assert isinstance(bad, models.Problem)
    assert bad.status == 400 and bad.title == "Unknown code" and "spaceship" in bad.detail
