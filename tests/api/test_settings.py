"""Settings: every field is documented in api/README.md, unsafe values are refused, the file is read."""

from __future__ import annotations

from pathlib import Path

import pytest
from dutygraph.api.app import create_app
from dutygraph.api.settings import Settings
from pydantic import ValidationError

README = Path(__file__).resolve().parents[2] / "api" / "README.md"


def test_the_readme_documents_every_setting():
    text = README.read_text(encoding="utf-8")
    for name in Settings.model_fields:
        assert f"`DUTYGRAPH_{name.upper()}`" in text, f"api/README.md does not document DUTYGRAPH_{name.upper()}"


def test_every_setting_has_a_description():
    assert all(field.description for field in Settings.model_fields.values())


def test_defaults_need_no_configuration(monkeypatch: pytest.MonkeyPatch):
    for name in Settings.model_fields:
        monkeypatch.delenv(f"DUTYGRAPH_{name.upper()}", raising=False)
    monkeypatch.delenv("DUTYGRAPH_SETTINGS_FILE", raising=False)
    settings = Settings()
    assert (settings.store, settings.query_timeout_s, settings.max_query_bytes) == ("memory", 5.0, 100_000)
    assert settings.cors_origins == [] and settings.base_iri == "https://w3id.org/dutygraph/"


def test_environment_variables_and_comma_separated_origins(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("DUTYGRAPH_CORS_ORIGINS", "https://a.example, https://b.example")
    monkeypatch.setenv("DUTYGRAPH_QUERY_TIMEOUT_S", "2.5")
    settings = Settings()
    assert settings.cors_origins == ["https://a.example", "https://b.example"] and settings.query_timeout_s == 2.5


def test_the_settings_file_sits_below_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    file = tmp_path / "dutygraph.toml"
    file.write_text('sparql_workers = 3\nsparql_max_concurrent = 5\nbase_iri = "https://dg.example.org/"\n')
    monkeypatch.setenv("DUTYGRAPH_SETTINGS_FILE", str(file))
    monkeypatch.setenv("DUTYGRAPH_SPARQL_WORKERS", "4")
    settings = Settings()
    assert (settings.sparql_workers, settings.sparql_max_concurrent) == (4, 5)
    assert settings.base_iri == "https://dg.example.org/"
    monkeypatch.setenv("DUTYGRAPH_SETTINGS_FILE", str(tmp_path / "missing.toml"))
    with pytest.raises(ValueError, match="no such file"):
        Settings()


@pytest.mark.parametrize(
    "values",
    [
        {"cors_origins": ["javascript:alert(1)"]},
        {"base_iri": "https://w3id.org/dutygraph"},  # no trailing slash
        {"base_iri": "ftp://example.org/"},
        {"query_timeout_s": 0},
        {"max_query_bytes": 10},
        {"sparql_workers": 4, "sparql_max_concurrent": 2},
    ],
)
def test_unsafe_values_are_refused(values: dict[str, object]):
    with pytest.raises(ValidationError):
        Settings(**values)  # type: ignore[arg-type]


def test_create_app_takes_settings_and_opens_nothing_until_it_starts():
    app = create_app(Settings(store="memory", sparql_workers=1))
    assert not hasattr(app.state, "dutygraph")  # the store and workers open in the lifespan, per process
    assert {"/sparql", "/jurisdictions/{code}/duties", "/health"} <= set(app.openapi()["paths"])
