"""HTTP load benchmark (issue #4): dutygraph's server against its peers and a hello-world floor.

Why: the API promises that its REST lookup costs little more than FastAPI itself,
and that its SPARQL endpoint keeps up with a native Oxigraph server and far
outruns rdflib-endpoint, on the shipped graph. This script starts, in one run
and on loopback ports only:
  - `dutygraph serve` (the project's server, shipped graph in memory);
  - `oxigraph serve-read-only --union-default-graph` on the same graph
    (`dutygraph export --format trig`, then `oxigraph load`);
  - rdflib-endpoint's FastAPI app under uvicorn on the same TriG file;
  - a bare FastAPI hello-world app under uvicorn, async and sync routes (the floor);
then drives each with `wrk` (or, without wrk, a bounded httpx client) at
concurrency 1 and 8, in interleaved rounds so a noisy machine hits all alike.
Each target runs `rounds x duration` seconds per concurrency (default 2 x 5 s).

Requests: the REST lookup
`GET /jurisdictions/FR/duties?service=eu-online-platform&condition=accessible-to-minors`,
and two SPARQL SELECTs POSTed as application/sparql-query to dutygraph `/sparql`
and oxigraph `/query` (and the first to rdflib-endpoint `/`): the query the engine
sends for that lookup (graph/queries/applicable_duties.rq rendered for FR and the
EU, captured from the engine, comment lines removed), and a cheap one (every duty
with its label, provision and place: about a millisecond in the engine, so the
per-request cost of guard, worker hop and serialisation dominates). Each is sent
once more with a comment line that says "from" (the old guard then asked rdflib's
parser). dutygraph is measured twice: as shipped (a repeated query is answered
from its answer cache) and with `DUTYGRAPH_SPARQL_CACHE_MB=0` (every request goes
through the guard and a worker). Before timing, every target is called once and
the answers to the same query are checked to have the same number of rows.

Prints throughput (req/s), latency p50/p90/p99, and the ratios the issue sets
targets for. All servers share the machine's cores with the load generator;
nothing is pinned.

Usage:
    python benchmarks/http_load.py                   # about 6 minutes
    python benchmarks/http_load.py --sparql-only --rounds 1 --duration 4   # the /sparql table, ~2 minutes
    python benchmarks/http_load.py --duration 2 --rounds 1 --concurrency 1 8
    python benchmarks/http_load.py --driver python   # without wrk
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
REST_PATH = "/jurisdictions/FR/duties?service=eu-online-platform&condition=accessible-to-minors"
CHEAP_QUERY = """PREFIX dg: <https://w3id.org/dutygraph/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?duty ?label ?provision ?place WHERE {
  ?duty a dg:Duty ; skos:prefLabel ?label ; dg:imposedBy ?provision ; dg:appliesIn ?place
  FILTER(LANG(?label) = "en")
}"""
COMMENT = "# duties, from the graph: each with the place it applies in\n"
SPARQL_HEADERS = {"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"}

HELLO_APP = '''\
"""A bare FastAPI app: the floor any route of the real server pays."""
from fastapi import FastAPI

app = FastAPI()


@app.get("/hello")
async def hello() -> dict[str, str]:
    return {"hello": "world"}


@app.get("/hello-sync")
def hello_sync() -> dict[str, str]:  # a plain def runs in the threadpool, as the lookup route does
    return {"hello": "world"}
'''

RDFLIB_APP = '''\
"""rdflib-endpoint's FastAPI app over the exported TriG (a Dataset with a union default graph, as its CLI builds)."""
import os

from rdflib import Dataset
from rdflib_endpoint import SparqlEndpoint

graph = Dataset(default_union=True)
graph.parse(os.environ["BENCH_TRIG"], format="trig")
app = SparqlEndpoint(graph=graph)
'''

WRK_SCRIPT = '''\
local body_file = os.getenv("BENCH_BODY")
if body_file and body_file ~= "" then
  local f = io.open(body_file, "rb")
  wrk.method = "POST"
  wrk.body = f:read("*a")
  f:close()
  wrk.headers["Content-Type"] = "application/sparql-query"
  wrk.headers["Accept"] = "application/sparql-results+json"
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "bad": %d, "errors": %d, '
    .. '"p50": %d, "p90": %d, "p99": %d, "max": %d}\\n',
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
'''


@dataclass
class Target:
    """One URL to load, and how."""

    name: str
    url: str
    body: str | None = None  # POSTed as application/sparql-query when set
    query: str = ""  # which query (the answers to one query must agree)


@dataclass
class Result:
    """Requests and latencies (ms) of one target at one concurrency, over all rounds."""

    requests: int = 0
    seconds: float = 0.0
    bad: int = 0
    p50: list[float] = field(default_factory=list)
    p90: list[float] = field(default_factory=list)
    p99: list[float] = field(default_factory=list)

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Servers:
    """The processes this script starts; each in its own session, so stopping one stops its children."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.procs: dict[str, subprocess.Popen[bytes]] = {}

    def start(self, name: str, argv: list[str], env: dict[str, str] | None = None) -> None:
        log = (self.workdir / f"{name}.log").open("wb")
        self.procs[name] = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, cwd=self.workdir,
                                            env={**os.environ, **(env or {})}, start_new_session=True)

    def wait_up(self, name: str, url: str, timeout_s: float = 90.0) -> None:
        proc = self.procs[name]
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"{name} exited with {proc.returncode}:\n{self.log_tail(name)}")
            try:
                if httpx.get(url, timeout=5).status_code < 500:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"{name} did not answer {url} within {timeout_s:.0f} s:\n{self.log_tail(name)}")

    def log_tail(self, name: str) -> str:
        return (self.workdir / f"{name}.log").read_text(errors="replace")[-2000:]

    def stop_all(self) -> None:
        for proc in self.procs.values():
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)  # the session this script created for it
        for proc in self.procs.values():
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


def lookup_query() -> str:
    """The SELECT the engine sends first for the FR lookup (applicable_duties.rq with FR and EU as ?via)."""
    from dutygraph.graph.applicability import applicable_duties
    from dutygraph.graph.catalogue import Catalogue
    from dutygraph.graph.store import EmbeddedStore, Row, open_store

    opened = open_store()
    assert isinstance(opened, EmbeddedStore)

    texts: list[str] = []

    class Recording(EmbeddedStore):
        def select(self, query: str) -> list[Row]:
            texts.append(query)
            return super().select(query)

    store = Recording(opened.ox, "recording")
    catalogue = Catalogue(store)
    texts.clear()
    applicable_duties(store, catalogue, "FR", None, ["eu-online-platform"], ["accessible-to-minors"])
    return next(q for q in texts if "dg:imposedBy" in q)


def check(target: Target) -> str:
    """One request; returns a short description, raises when the answer is not a 200."""
    if target.body is None:
        r = httpx.get(target.url, timeout=60)
    else:
        r = httpx.post(target.url, content=target.body.encode(), headers=SPARQL_HEADERS, timeout=120)
    if r.status_code != 200:
        raise RuntimeError(f"{target.name}: HTTP {r.status_code} from {target.url}: {r.text[:300]}")
    if target.body is not None:
        return f"{target.query}: {len(r.json()['results']['bindings'])} rows, {len(r.content):,} bytes"
    data = r.json()
    return f"{len(data['duties'])} duties, {len(r.content):,} bytes" if "duties" in data else f"{len(r.content)} bytes"


def run_wrk(target: Target, concurrency: int, seconds: float, workdir: Path) -> dict[str, float]:
    script = workdir / "bench.lua"
    script.write_text(WRK_SCRIPT)
    env = {**os.environ, "BENCH_BODY": ""}
    if target.body is not None:
        body = workdir / f"{target.name.replace(' ', '_').replace('/', '_')}.rq"
        body.write_text(target.body)
        env["BENCH_BODY"] = str(body)
    argv = ["wrk", "-t1", f"-c{concurrency}", f"-d{max(1, round(seconds))}s", "--timeout", "60s", "-s", str(script),
            target.url]
    out = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=seconds + 90, check=False)
    line = next((x for x in out.stdout.splitlines() if x.startswith("BENCH ")), None)
    if line is None:
        raise RuntimeError(f"wrk gave no summary for {target.name}: {out.stdout[-500:]} {out.stderr[-500:]}")
    data = json.loads(line[6:])
    return {"requests": data["requests"], "seconds": data["duration_us"] / 1e6, "bad": data["bad"] + data["errors"],
            "p50": data["p50"] / 1000, "p90": data["p90"] / 1000, "p99": data["p99"] / 1000}


async def _python_load(target: Target, concurrency: int, seconds: float) -> dict[str, float]:
    latencies: list[float] = []
    bad = 0
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(limits=limits, timeout=60) as client:
        deadline = time.perf_counter() + seconds

        async def worker() -> None:
            nonlocal bad
            while time.perf_counter() < deadline:
                t0 = time.perf_counter()
                if target.body is None:
                    r = await client.get(target.url)
                else:
                    r = await client.post(target.url, content=target.body.encode(), headers=SPARQL_HEADERS)
                await r.aread()
                latencies.append(time.perf_counter() - t0)
                bad += r.status_code != 200

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    q = statistics.quantiles(latencies, n=100, method="inclusive") if len(latencies) > 1 else latencies * 99
    return {"requests": len(latencies), "seconds": elapsed, "bad": bad,
            "p50": q[49] * 1000, "p90": q[89] * 1000, "p99": q[98] * 1000}


def run_python(target: Target, concurrency: int, seconds: float, workdir: Path) -> dict[str, float]:
    return asyncio.run(_python_load(target, concurrency, seconds))


def start_servers(servers: Servers, workdir: Path, sparql_only: bool = False,
                  dutygraph_env: dict[str, str] | None = None) -> tuple[dict[str, str], list[str]]:
    """Start the servers; returns the base URLs of those that came up, and why the others did not."""
    trig = workdir / "graph.trig"
    subprocess.run([str(BIN / "dutygraph"), "export", "--format", "trig", "-o", str(trig)], check=True,
                   capture_output=True)
    subprocess.run([str(BIN / "oxigraph"), "load", "--location", str(workdir / "oxigraph"), "--file", str(trig)],
                   check=True, capture_output=True)
    (workdir / "hello_app.py").write_text(HELLO_APP)
    (workdir / "rdflib_app.py").write_text(RDFLIB_APP)
    names = ["dutygraph", "dutygraph-nocache", "oxigraph"] + ([] if sparql_only else ["rdflib-endpoint", "hello"])
    ports = {name: free_port() for name in names}
    uvicorn = [sys.executable, "-m", "uvicorn", "--host", "127.0.0.1", "--log-level", "warning",
               "--no-access-log", "--app-dir", str(workdir)]
    servers.start("dutygraph", [str(BIN / "dutygraph"), "serve", "--host", "127.0.0.1", "--port",
                                str(ports["dutygraph"])], {"DUTYGRAPH_LOG_LEVEL": "warning", **(dutygraph_env or {})})
    servers.start("dutygraph-nocache", [str(BIN / "dutygraph"), "serve", "--host", "127.0.0.1", "--port",
                                        str(ports["dutygraph-nocache"])],
                  {"DUTYGRAPH_LOG_LEVEL": "warning", "DUTYGRAPH_SPARQL_CACHE_MB": "0"})
    servers.start("oxigraph", [str(BIN / "oxigraph"), "serve-read-only", "--location", str(workdir / "oxigraph"),
                               "--bind", f"127.0.0.1:{ports['oxigraph']}", "--union-default-graph"])
    if not sparql_only:
        servers.start("rdflib-endpoint", [*uvicorn, "--port", str(ports["rdflib-endpoint"]), "rdflib_app:app"],
                      {"BENCH_TRIG": str(trig)})
        servers.start("hello", [*uvicorn, "--port", str(ports["hello"]), "hello_app:app"])
    urls = {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}
    probes = {"dutygraph": "/health", "dutygraph-nocache": "/health", "oxigraph": "/",
              "rdflib-endpoint": "/?query=ASK%7B%7D", "hello": "/hello"}
    probes = {name: path for name, path in probes.items() if name in ports}
    failed: list[str] = []
    for name, path in probes.items():
        try:
            servers.wait_up(name, urls[name] + path)
        except RuntimeError as exc:  # measure the others, and say why this one is missing
            failed.append(f"{name} did not start: {str(exc).strip().splitlines()[-1][:300]}")
            del urls[name]
    return urls, failed


def _ratio(a: float, b: float) -> str:
    if not b:
        return "–"
    r = a / b
    return f"{r:.2f}" if r < 10 else f"{r:,.0f}"


def report(results: dict[tuple[str, int], Result], concurrencies: list[int], driver: str,
           failed: list[str]) -> list[str]:
    lines = ["| target | concurrency | req/s | p50 ms | p90 ms | p99 ms | non-200 |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    def ms(values: list[float]) -> str:
        return f"{statistics.mean(values):,.2f}" if values else "–"

    for (name, c), r in results.items():
        rps = f"{r.rps:,.0f}" if r.rps >= 10 else f"{r.rps:.2f}"
        lines.append(f"| {name} | {c} | {rps} | {ms(r.p50)} | {ms(r.p90)} | {ms(r.p99)} | {r.bad} |")
    lines += ["", "| ratio (throughput) | " + " | ".join(f"c={c}" for c in concurrencies) + " | target |",
              "|---|" + "---:|" * len(concurrencies) + "---|"]

    def row(label: str, a: str, b: str, target: str) -> None:
        cells = [_ratio(results[(a, c)].rps, results[(b, c)].rps) if (a, c) in results and (b, c) in results
                 else "not measured" for c in concurrencies]
        lines.append(f"| {label} | " + " | ".join(cells) + f" | {target} |")

    for query in ("lookup", "cheap"):
        for comment in ("", ", comment"):
            for server, label in (("dutygraph", "as shipped"), ("dutygraph no cache", "no answer cache")):
                row(f"/sparql {query}{comment} / oxigraph ({label})", f"{server} /sparql {query}{comment}",
                    f"oxigraph /query {query}{comment}", ">= 1.5")
    row("dutygraph /sparql / rdflib-endpoint", "dutygraph no cache /sparql lookup", "rdflib-endpoint / lookup", ">= 10")
    row("REST lookup / hello-world (async)", "dutygraph REST lookup", "hello (async)", ">= 0.5")
    row("REST lookup / hello-world (sync def)", "dutygraph REST lookup", "hello (sync)", "–")
    lines.append(f"\nDriver: {driver}; latency percentiles are the mean over rounds of each round's percentile.")
    lines += [f"NOT MEASURED: {note}" for note in failed]
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=5.0, help="seconds per target per round")
    parser.add_argument("--rounds", type=int, default=2, help="interleaved rounds over all targets")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 8])
    parser.add_argument("--driver", choices=["auto", "wrk", "python"], default="auto")
    parser.add_argument("--sparql-only", action="store_true", help="only the /sparql and oxigraph targets")
    parser.add_argument("--mix", action="store_true", help="the realistic mix (issue 10) at --concurrency, then a soak")
    parser.add_argument("--workers", type=int, default=0, help="--mix: dutygraph server processes (0: one per core)")
    parser.add_argument("--soak", type=float, default=180.0, help="--mix: seconds of the mix at 64 connections, last")
    parser.add_argument("--store", default=None, help="--mix: DUTYGRAPH_STORE for dutygraph (default: shipped graph)")
    args = parser.parse_args(argv)
    if args.mix:
        from mix_run import run_mix

        return run_mix(args)
    driver = "wrk" if args.driver == "wrk" or (args.driver == "auto" and shutil.which("wrk")) else "python"
    load = run_wrk if driver == "wrk" else run_python
    started = time.perf_counter()
    print(f"dutygraph HTTP load benchmark, {dt.datetime.now().isoformat(timespec='seconds')}; driver {driver}, "
          f"{args.rounds} x {args.duration:g} s per target and concurrency {args.concurrency}", flush=True)
    query = lookup_query()
    bare_query = "\n".join(line for line in query.splitlines() if not line.lstrip().startswith("#"))
    queries = {
        "lookup": bare_query,
        "lookup, comment": COMMENT + bare_query,
        "cheap": CHEAP_QUERY,
        "cheap, comment": COMMENT + CHEAP_QUERY,
    }
    with tempfile.TemporaryDirectory(prefix="dutygraph-http-") as tmp:
        workdir = Path(tmp)
        servers = Servers(workdir)
        try:
            t0 = time.perf_counter()
            urls, failed = start_servers(servers, workdir, args.sparql_only)
            print(f"servers up in {time.perf_counter() - t0:.1f} s: {urls}", flush=True)
            for note in failed:
                print(f"  NOT MEASURED: {note}", flush=True)
            wanted: list[tuple[str, Target]] = []
            if not args.sparql_only:
                wanted += [
                    ("hello", Target("hello (async)", "/hello")),
                    ("hello", Target("hello (sync)", "/hello-sync")),
                    ("dutygraph", Target("dutygraph REST lookup", REST_PATH)),
                    ("rdflib-endpoint", Target("rdflib-endpoint / lookup", "/", bare_query, "lookup")),
                ]
            for name, text in queries.items():
                same = name.split(",")[0]
                wanted += [
                    ("dutygraph", Target(f"dutygraph /sparql {name}", "/sparql", text, same)),
                    ("dutygraph-nocache", Target(f"dutygraph no cache /sparql {name}", "/sparql", text, same)),
                    ("oxigraph", Target(f"oxigraph /query {name}", "/query", text, same)),
                ]
            targets = [Target(t.name, urls[server] + t.url, t.body, t.query) for server, t in wanted if server in urls]
            answers = {t.name: check(t) for t in targets}
            for name, text in answers.items():
                print(f"  {name}: {text}")
            for q in ("lookup", "cheap"):
                rows = {text.split(" rows")[0] for text in answers.values() if text.startswith(q + ":")}
                if len(rows) != 1:
                    raise RuntimeError(f"the SPARQL targets disagree on the answer to the {q} query: {answers}")
            results: dict[tuple[str, int], Result] = {(t.name, c): Result() for c in args.concurrency for t in targets}
            for round_no in range(args.rounds):
                for c in args.concurrency:
                    for t in targets:
                        m = load(t, c, args.duration, workdir)
                        r = results[(t.name, c)]
                        r.requests += int(m["requests"])
                        r.seconds += m["seconds"]
                        r.bad += int(m["bad"])
                        if m["requests"]:  # a round where no request finished has no latencies
                            r.p50.append(m["p50"])
                            r.p90.append(m["p90"])
                            r.p99.append(m["p99"])
                        print(f"  round {round_no + 1} c={c} {t.name}: {m['requests']} requests in "
                              f"{m['seconds']:.1f} s, p50 {m['p50']:.2f} ms, p99 {m['p99']:.2f} ms", flush=True)
        finally:
            servers.stop_all()
    lines = report(results, args.concurrency, driver, failed)
    print("\n" + "\n".join(lines))
    out_dir = HERE / "results"
    out_dir.mkdir(exist_ok=True)
    out = out_dir / f"http-{dt.datetime.now().strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps({
        "driver": driver, "answers": answers, "query": bare_query, "not_measured": failed,
        "results": [{"target": n, "concurrency": c, "rps": r.rps, "requests": r.requests, "seconds": r.seconds,
                     "bad": r.bad, "p50_ms": r.p50, "p90_ms": r.p90, "p99_ms": r.p99}
                    for (n, c), r in results.items()],
    }, indent=1), encoding="utf-8")
    print(f"\n{time.perf_counter() - started:.0f} s in all; results in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
