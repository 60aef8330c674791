"""The MCP server, driven by the official SDK's own client: over stdio (`dutygraph mcp`, a real process)
and over streamable HTTP (mounted at /mcp/ by `dutygraph serve`). Calls and refusals: tests/mcp/calls.yaml."""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import anyio
import pytest
import yaml
from mcp.client.session import ClientSession
from mcp.client.stdio import StdioServerParameters, stdio_client
from mcp.client.streamable_http import streamable_http_client

BINARY = shutil.which("dutygraph") or str(Path(sys.executable).parent / "dutygraph")
CASES = yaml.safe_load(Path(__file__).with_name("calls.yaml").read_text(encoding="utf-8"))
TOOLS = {"lookup", "assess", "compare", "timeline", "search", "show", "penalties", "sparql"}


def over_stdio(check: Callable[[ClientSession], Awaitable[Any]]) -> Any:
    """Run `check` against a fresh `dutygraph mcp` process (2 s SPARQL limit), through the SDK's stdio client."""

    async def main() -> Any:
        params = StdioServerParameters(command=BINARY, args=["mcp"], env={"DUTYGRAPH_QUERY_TIMEOUT_S": "2"})
        with Path("/dev/null").open("w") as quiet:
            async with stdio_client(params, errlog=quiet) as streams, ClientSession(streams[0], streams[1]) as session:
                await session.initialize()
                return await check(session)

    return anyio.run(main)


def text_of(result: Any) -> str:
    return "".join(getattr(c, "text", "") for c in result.content)


def test_lists_every_tool_with_its_coverage():
    async def check(session: ClientSession) -> None:
        tools = (await session.list_tools()).tools
        assert {t.name for t in tools} == TOOLS
        for tool in tools:
            assert "does not model" in (tool.description or ""), tool.name
            assert tool.input_schema["type"] == "object"

    over_stdio(check)


def test_each_tool_answers_with_citations():
    async def check(session: ClientSession) -> list[tuple[str, str]]:
        failures = []
        for case in CASES["calls"]:
            result = await session.call_tool(case["tool"], case["arguments"])
            body = text_of(result)
            if result.is_error:
                failures.append((case["tool"], body))
                continue
            answer = json.loads(body)
            cited = json.dumps(answer["citations"])
            assert answer["citations"], case["tool"]
            for duty in case.get("expect_ids", []):
                if duty not in cited:
                    failures.append((case["tool"], f"{duty} not cited"))
            for needle in case.get("expect_text", []):
                if needle not in body:
                    failures.append((case["tool"], f"{needle!r} missing"))
            if case["tool"] in ("lookup", "compare", "assess"):
                # every duty cited names its official text
                assert all((c["official_text"] or "").startswith("http") for c in answer["citations"]), case["tool"]
        return failures

    assert over_stdio(check) == []


def test_bad_input_is_refused_with_a_precise_message():
    async def check(session: ClientSession) -> list[tuple[str, str]]:
        wrong = []
        for case in CASES["refusals"]:
            result = await session.call_tool(case["tool"], case["arguments"])
            if not result.is_error or case["says"] not in text_of(result):
                wrong.append((case["tool"], text_of(result)[:300]))
        # after a query killed at its time limit, the worker is replaced and the next query answers
        after = await session.call_tool("sparql", {"query": "ASK { ?s ?p ?o }"})
        assert not after.is_error, text_of(after)
        return wrong

    assert over_stdio(check) == []


def test_streamable_http_under_serve(server_url: str):
    async def main() -> None:
        async with (
            streamable_http_client(server_url + "/mcp/") as streams,
            ClientSession(streams[0], streams[1]) as session,
        ):
            await session.initialize()
            assert {t.name for t in (await session.list_tools()).tools} == TOOLS
            result = await session.call_tool("lookup", CASES["calls"][0]["arguments"])
            assert not result.is_error
            assert "duty-eu-dsa-art28-1" in json.dumps(json.loads(text_of(result))["citations"])
            refused = await session.call_tool("sparql", {"query": "DELETE WHERE { ?s ?p ?o }"})
            assert refused.is_error and "read-only" in text_of(refused)

    anyio.run(main)


@pytest.mark.parametrize("path", ["/mcp/"])
def test_http_mcp_refuses_a_foreign_host(server_url: str, path: str):
    """DNS rebinding protection: a request naming another Host is refused, not served."""
    import httpx

    response = httpx.post(
        server_url + path,
        headers={"Host": "evil.example", "Accept": "application/json, text/event-stream"},
        json={"jsonrpc": "2.0", "id": 1, "method": "tools/list"},
    )
    assert 400 <= response.status_code < 500
