"""Every command the README shows under "What you can ask" runs as written and exits 0.

Run from a scratch folder that sees the project's examples, so `export --output` writes there.
The commands answer for today, as a reader's would; this test checks only that each runs and
prints an answer, not what the answer is (the competency questions pin dates and answers).
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BINARY = shutil.which("dutygraph") or str(Path(sys.executable).parent / "dutygraph")
README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCK = README.split("## What you can ask", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
COMMANDS = [re.sub(r"\s+#.*$", "", line).strip() for line in BLOCK.splitlines() if line.startswith("dutygraph ")]


def test_the_readme_shows_commands():
    assert len(COMMANDS) >= 10


@pytest.mark.parametrize("command", COMMANDS)
def test_each_readme_command_runs(command: str, tmp_path: Path):
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    args = shlex.split(command)[1:]
    result = subprocess.run([BINARY, *args], capture_output=True, text=True, cwd=tmp_path, timeout=180)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() or "wrote" in result.stderr
