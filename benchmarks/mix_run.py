"""`http_load.py --mix`: the realistic mix against dutygraph beside the hello-world floor, oxigraph and
rdflib-endpoint, at each concurrency (one run, interleaved), then the soak at 64 connections with memory
sampled every 10 s. Ratios are only meaningful within one run: the machine is shared."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import httpx
import load_mix
from http_load import CHEAP_QUERY, HERE, Servers, Target, run_wrk, start_servers


def _health(url: str, samples: int) -> dict:
    """/health asked on fresh connections until every server process answered (merged by pid)."""
    seen: dict[int, dict] = {}
    for _ in range(samples):
        body = httpx.get(url + "/health", headers={"Connection": "close"}, timeout=10).json()
        seen[body["pid"]] = body
    return seen


def run_mix(args: argparse.Namespace) -> int:
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                            cwd=HERE, check=False).stdout.strip()
    print(f"dutygraph mix benchmark {dt.datetime.now().isoformat(timespec='seconds')}, commit {commit}, "
          f"{args.duration:g} s per target and concurrency {args.concurrency}, soak {args.soak:g} s", flush=True)
    mix = load_mix.requests(args.store)
    lookups = load_mix.requests(args.store, only="lookup")
    print(f"{len(mix):,} distinct mixed requests, {len(lookups):,} distinct lookups", flush=True)
    env = {"DUTYGRAPH_WORKERS": str(args.workers)}
    if args.store:
        env["DUTYGRAPH_STORE"] = args.store
    rows: list[dict] = []
    memory: list[tuple[float, float]] = []
    with tempfile.TemporaryDirectory(prefix="dutygraph-mix-") as tmp:
        workdir = Path(tmp)
        servers = Servers(workdir)
        try:
            urls, failed = start_servers(servers, workdir, dutygraph_env=env)
            for note in failed:
                print(f"  NOT MEASURED: {note}", flush=True)
            root = servers.procs["dutygraph"].pid
            dg = urls["dutygraph"]
            processes = _health(dg, 20)
            start_mb = load_mix.rss_mb(root)
            print(f"dutygraph up: {len(processes)} server process(es) seen, {start_mb:.0f} MiB resident in all "
                  f"(server processes and their SPARQL workers)", flush=True)
            for c in args.concurrency:
                plan = [("hello (async)", lambda c=c: run_wrk(Target("hello", urls["hello"] + "/hello"), c,
                                                               args.duration, workdir)),
                        ("dutygraph first-time lookups", lambda c=c: load_mix.run(dg, lookups, c, args.duration,
                                                                                  workdir, "lookups")),
                        ("dutygraph mix", lambda c=c: load_mix.run(dg, mix, c, args.duration, workdir, "mix"))]
                for name in ("oxigraph", "rdflib-endpoint"):
                    if name in urls:
                        path = "/query" if name == "oxigraph" else "/"
                        target = Target(name, urls[name] + path, CHEAP_QUERY)
                        plan.append((f"{name} cheap SELECT", lambda c=c, t=target: run_wrk(t, c, args.duration,
                                                                                           workdir)))
                for name, go in plan:
                    try:
                        m = go()
                    except (RuntimeError, subprocess.TimeoutExpired) as exc:
                        print(f"  c={c} {name}: not measured ({str(exc)[:200]})", flush=True)
                        continue
                    m.update(target=name, concurrency=c, rps=m["requests"] / m["seconds"] if m["seconds"] else 0)
                    rows.append(m)
                    print(f"  c={c} {name}: {m['rps']:,.0f} req/s, p50 {m['p50']:.1f} ms, p99 {m['p99']:.1f} ms, "
                          f"max {m.get('max', 0):.0f} ms, statuses {m.get('statuses', {'bad': m.get('bad')})}, "
                          f"socket errors {m.get('timeout', 0)} timeouts {m.get('read', 0)} read", flush=True)
            after_runs_mb = load_mix.rss_mb(root)
            if args.soak > 0:
                done = threading.Event()

                def sample() -> None:
                    t0 = time.monotonic()
                    while not done.wait(10):
                        memory.append((time.monotonic() - t0, load_mix.rss_mb(root)))

                sampler = threading.Thread(target=sample)
                sampler.start()
                soak = load_mix.run(dg, mix, 64, args.soak, workdir, "soak")
                done.set()
                sampler.join()
                soak.update(target="dutygraph mix soak", concurrency=64,
                            rps=soak["requests"] / soak["seconds"] if soak["seconds"] else 0)
                rows.append(soak)
                print(f"  soak c=64 {args.soak:g} s: {soak['rps']:,.0f} req/s, p99 {soak['p99']:.1f} ms, "
                      f"statuses {soak['statuses']}, timeouts {soak['timeout']}, read errors {soak['read']}",
                      flush=True)
                print("  resident MiB during the soak: " + ", ".join(f"{t:.0f}s {mb:.0f}" for t, mb in memory))
            processes = _health(dg, 20)
        finally:
            servers.stop_all()
    print(f"\nresident MiB: at start {start_mb:.0f}, after the runs {after_runs_mb:.0f}")
    for pid, body in sorted(processes.items()):
        print(f"  process {pid}: answers cache {body['answers']}, admission {body['admission']}")
    out = HERE / "results" / f"mix-{dt.datetime.now().strftime('%Y%m%d-%H%M%S')}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({"commit": commit, "rows": rows, "memory": memory, "start_mb": start_mb,
                               "after_runs_mb": after_runs_mb, "health": processes}, indent=1), encoding="utf-8")
    print(f"results in {out}")
    return 0
