"""Starting and stopping the real servers the tests talk to (`dutygraph serve`, `oxigraph`).

Output goes to a temporary file, not a pipe nobody reads (a full pipe would block the
server); it is shown when a server fails to come up.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def binary(name: str) -> str:
    return shutil.which(name) or str(Path(sys.executable).parent / name)


def start(command: list[str], ready_url: str, env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    """Run `command` and return once `ready_url` answers below 500 (60 s at most)."""
    log = tempfile.TemporaryFile()  # noqa: SIM115 - lives as long as the server
    process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            output = log.read().decode(errors="replace")
            raise RuntimeError(f"{command[0]} exited with {process.returncode}:\n{output[-3000:]}")
        try:
            if httpx.get(ready_url, timeout=2).status_code < 500:
                return process
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    stop(process)
    raise RuntimeError(f"{command[0]} did not answer {ready_url} within 60 s")


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def start_dutygraph(env_extra: dict[str, str]) -> tuple[subprocess.Popen[bytes], str]:
    """`dutygraph serve` on a free loopback port with extra environment, once /health answers."""
    port = free_port()
    env = {
        **os.environ,
        "DUTYGRAPH_HOST": "127.0.0.1",
        "DUTYGRAPH_PORT": str(port),
        "DUTYGRAPH_LOG_LEVEL": "warning",
        "DUTYGRAPH_WORKERS": "1",  # one process unless a test asks for more: the machine is shared
        **env_extra,
    }
    url = f"http://127.0.0.1:{port}"
    return start([binary("dutygraph"), "serve"], url + "/health", env), url
