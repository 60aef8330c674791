"""The server's settings: one typed object, read from DUTYGRAPH_* variables or a TOML file.

`create_app(settings)` takes it as an argument, so tests and embedders build apps
with other settings; nothing is read at import time. Precedence: values passed to
`Settings(...)`, then environment variables, then the file named by
DUTYGRAPH_SETTINGS_FILE, then the defaults below. Host, port and log level are read
by `dutygraph serve` itself (it starts uvicorn before the app exists).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import pyoxigraph as ox
from pydantic import Field, field_validator, model_validator
from pydantic_settings import (
    BaseSettings,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

SETTINGS_FILE_VARIABLE = "DUTYGRAPH_SETTINGS_FILE"


class Settings(BaseSettings):
    """Everything a deployment may change; each field is listed in api/README.md."""

    model_config = SettingsConfigDict(env_prefix="DUTYGRAPH_", extra="ignore", env_ignore_empty=True)

    store: str = Field(
        "memory",
        description="'memory' (the shipped graph, in memory), a folder (an on-disk pyoxigraph store, filled "
        "with the shipped graph on first use), or the http(s) URL of a SPARQL 1.1 query endpoint holding the graph",
    )
    base_iri: str = Field(
        "https://w3id.org/dutygraph/",
        description="the IRI namespace the graph mints: {base_iri}id/{slug} is served at /id/{slug} and "
        "{base_iri}ontology at /ontology",
    )
    query_timeout_s: float = Field(5.0, gt=0, le=600, description="time limit of one SPARQL endpoint query, seconds")
    max_query_bytes: int = Field(100_000, ge=1_000, le=10_000_000, description="longest SPARQL query accepted, bytes")
    max_result_bytes: int = Field(
        20_000_000, ge=10_000, le=1_000_000_000, description="largest SPARQL result served, bytes; larger is an error"
    )
    sparql_workers: int = Field(2, ge=1, le=64, description="worker processes that run SPARQL endpoint queries")
    sparql_max_concurrent: int = Field(
        8,
        ge=1,
        le=1024,
        description="SPARQL queries admitted at once (running or waiting for a worker); more get 503 with Retry-After",
    )
    sparql_worker_memory_mb: int = Field(
        2048,
        ge=0,
        description="address-space limit of each SPARQL worker, MiB (0: no limit); a query past it "
        "stops its worker and gets a 503",
    )
    sparql_worker_isolation: bool = Field(
        True,
        description="cut SPARQL workers off the network (a Linux network namespace) where the system allows; "
        "the query guard refuses SERVICE either way",
    )
    sparql_cache_mb: int = Field(
        64,
        ge=0,
        le=65_536,
        description="memory for /sparql answers kept by query text (the graph does not change while the server "
        "runs), MiB; 0: run every query",
    )
    cache_mb: int = Field(
        256,
        ge=0,
        le=65_536,
        description="memory for rendered REST answers (lookups, assessments, comparisons, timelines) kept by "
        "normalised request, least recently used out first, MiB; 0: render every answer",
    )
    index_refresh_s: float = Field(
        0,
        ge=0,
        description="with a remote store: read the applicability index again every this many seconds "
        "(0: only at start); the embedded graph does not change while the server runs",
    )
    max_in_flight: int = Field(
        16,
        ge=1,
        le=4096,
        description="requests one server process works on at once (all but /health); more get 503 "
        "with Retry-After at once instead of queueing",
    )
    retry_after_s: int = Field(1, ge=1, le=3600, description="the Retry-After of a 503 past max_in_flight, seconds")
    max_header_bytes: int = Field(
        16_384,
        ge=1_024,
        le=1_048_576,
        description="longest request line plus headers, bytes; a longer or unfinished one is cut off (uvicorn's "
        "h11_max_incomplete_event_size)",
    )
    max_headers: int = Field(100, ge=10, le=1_000, description="most request headers accepted; more is a 431")
    max_body_bytes: int = Field(
        1_000_000,
        ge=1_000,
        le=100_000_000,
        description="largest request body (POST /assess, POST /sparql), bytes; larger is a 413",
    )
    keep_alive_s: float = Field(5, gt=0, le=600, description="an idle keep-alive connection is closed after this")
    max_connections: int = Field(
        2048,
        ge=16,
        le=100_000,
        description="open connections one process accepts (uvicorn's limit_concurrency); past it uvicorn "
        "itself answers 503",
    )
    backlog: int = Field(2048, ge=16, le=65_535, description="connections the kernel queues before accept")
    workers: int = Field(
        0,
        ge=0,
        le=256,
        description="server processes sharing the port, each with its own index and SPARQL workers "
        "(0: one per core); read by `dutygraph serve`",
    )
    cors_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="origins allowed to call the API from a browser, comma-separated, or * for any (no credentials)",
    )

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        path = os.environ.get(SETTINGS_FILE_VARIABLE)
        sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings]
        if path:
            if not Path(path).is_file():
                raise ValueError(f"{SETTINGS_FILE_VARIABLE}={path}: no such file")
            sources.append(TomlConfigSettingsSource(settings_cls, toml_file=path))
        return tuple(sources)

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: object) -> object:
        if isinstance(value, str):
            return [o.strip() for o in value.split(",") if o.strip()]
        return value

    @field_validator("cors_origins")
    @classmethod
    def _check_origins(cls, value: list[str]) -> list[str]:
        for origin in value:
            if origin != "*" and not origin.startswith(("http://", "https://")):
                raise ValueError(f"a CORS origin is * or starts with http:// or https://, got {origin!r}")
        return value

    @field_validator("base_iri")
    @classmethod
    def _check_base(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")) or not value.endswith("/"):
            raise ValueError(f"base_iri must be an http(s) IRI ending with '/', got {value!r}")
        ox.NamedNode(value)  # raises ValueError on characters an IRI cannot hold
        return value

    @model_validator(mode="after")
    def _enough_admissions(self) -> Settings:
        if self.sparql_max_concurrent < self.sparql_workers:
            raise ValueError("sparql_max_concurrent must be at least sparql_workers")
        return self

    @property
    def remote(self) -> bool:
        return self.store.startswith(("http://", "https://"))
