"""The code stays ruff-clean: the same check a contributor runs before committing."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_ruff_finds_nothing():
    ruff = shutil.which("ruff") or str(Path(sys.executable).parent / "ruff")
    folders = [f for f in ("graph", "api", "tests", "benchmarks", "examples") if (ROOT / f).is_dir()]
    result = subprocess.run([ruff, "check", *folders], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
