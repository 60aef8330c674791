"""Where the shipped Turtle lives and which named graph each file becomes.

Files are found through importlib.resources, so the same code works from a
checkout, an editable install and a wheel.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Literal

GRAPH_BASE = "https://w3id.org/dutygraph/graph/"
Kind = Literal["ontology", "data", "shapes"]

_PACKAGES: dict[Kind, str] = {
    "ontology": "dutygraph.ontology",
    "data": "dutygraph.graph.data",
    "shapes": "dutygraph.shapes",
}
_GRAPH_PREFIX: dict[Kind, str] = {"ontology": "ontology/", "data": "", "shapes": "shapes/"}
_ROOTS: dict[Kind, str] = {"ontology": "ontology", "data": "graph/data", "shapes": "shapes"}


@dataclass(frozen=True)
class Source:
    """One Turtle file and the named graph it loads into."""

    path: Path
    graph_iri: str
    kind: Kind
    display: str  # the path as a reviewer knows it: `graph/data/gb/osa.ttl`


def package_dir(kind: Kind) -> Path:
    return Path(str(files(_PACKAGES[kind])))


def sources(kinds: tuple[Kind, ...] = ("ontology", "data")) -> list[Source]:
    """All shipped Turtle files of the given kinds, in a stable order."""
    found: list[Source] = []
    for kind in kinds:
        base = package_dir(kind)
        for path in sorted(base.rglob("*.ttl")):
            rel = path.relative_to(base).with_suffix("").as_posix()
            found.append(Source(path, GRAPH_BASE + _GRAPH_PREFIX[kind] + rel, kind, f"{_ROOTS[kind]}/{rel}.ttl"))
    return found


def sources_from_paths(paths: list[Path]) -> list[Source]:
    """User-given files or folders (for `dutygraph validate PATH...`), each its own graph."""
    found: list[Source] = []
    for given in paths:
        files_ = sorted(given.rglob("*.ttl")) if given.is_dir() else [given]
        for path in files_:
            found.append(Source(path, GRAPH_BASE + "local/" + path.with_suffix("").name, "data", str(path)))
    return found
