"""A plain wheel carries its data: installed without the source tree, it finds the graph and validates."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "-q",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    return next(out.glob("dutygraph-*.whl"))


def test_wheel_carries_turtle_queries_shapes_and_templates(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert "dutygraph/ontology/dutygraph.ttl" in names
    assert "dutygraph/graph/data/eu/dsa.ttl" in names
    assert "dutygraph/graph/queries/applicable_duties.rq" in names
    assert any(n.startswith("dutygraph/shapes/") and n.endswith(".ttl") for n in names)
    assert "dutygraph/examples/service-profile.yaml" in names
    assert any(n.startswith("dutygraph/api/templates/") and n.endswith(".html") for n in names)


def test_installed_wheel_finds_its_data_and_validates(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
    )
    code = (
        "import dutygraph.graph, sys\n"
        "from dutygraph.graph.validate import validate\n"
        "from dutygraph.graph.sources import sources\n"
        "from dutygraph.graph.store import open_store\n"
        f"assert dutygraph.graph.__file__.startswith({str(target)!r}), dutygraph.graph.__file__\n"
        "report = validate(sources())\n"
        "assert report.conforms\n"
        "print(len(open_store().select('SELECT ?d WHERE { ?d a <https://w3id.org/dutygraph/ontology#Duty> }')))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(target)}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, env=env, timeout=300
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert int(result.stdout.strip()) >= 60
