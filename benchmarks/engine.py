"""Engine benchmark (issue #3): the lookup and the comparison on synthetic graphs of growing size.

Why: the engine promises answers in milliseconds on pyoxigraph, with its own
Python (catalogue checks, duty records, judging, pydantic answers) adding
little to the store's own query time, and an order of magnitude over rdflib.
This script checks those promises at 10k, 100k and 1M triples, on data made
by benchmarks/generate.py plus the real ontology and concept schemes.

For each size it times, in one process and interleaved so a noisy machine
hits every contender alike:
  - engine lookup: dutygraph.graph.applicability.applicable_duties end to end
    (Catalogue built once beforehand, as the API caches it per store);
  - engine comparison: dutygraph.graph.compare.compare(theme=...), all jurisdictions;
  - bare pyoxigraph: exactly the SPARQL texts the engine sent for each
    (recorded from one warm-up call), results materialised as Python lists;
  - rdflib: the same texts with Graph.query, rows materialised, in a child
    process with a hard time limit (rdflib cannot be interrupted in-process).
The engine and bare pyoxigraph share one store, so they see the same data layout.

It prints medians and p90s, load times, and the ratios the issue sets targets for:
engine / bare pyoxigraph (<= 1.5 at 1M; the median of the ratios of runs made side
by side), rdflib / engine (>= 20; a lower bound when rdflib was stopped), and lookup
growth against graph growth (with the growth of the answer, for scale). Absolute
times on a shared 2-core machine move by 2x from minute to minute; read the ratios.

Usage:
    python benchmarks/engine.py                       # 10k, 100k, 1M; 30 repetitions
    python benchmarks/engine.py --sizes 10000 100000 --repeat 10
    python benchmarks/engine.py --quick               # small smoke run (< 1 minute)
Results are also written as JSON to benchmarks/results/ (ignored by git).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from dutygraph.graph.applicability import applicable_duties
from dutygraph.graph.catalogue import Catalogue
from dutygraph.graph.compare import compare
from dutygraph.graph.duty_index import DutyIndex, IndexedStore
from dutygraph.graph.load import load_sources
from dutygraph.graph.sources import sources
from dutygraph.graph.store import EmbeddedStore, Row

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import generate  # noqa: E402  (sibling script, not a package)

SYNTHETIC_GRAPH = "https://w3id.org/dutygraph/graph/synthetic"
OPS = ("lookup", "compare")


@dataclass
class Timing:
    """Samples of one contender on one operation, in seconds."""

    samples: list[float] = field(default_factory=list)
    rows: int | None = None
    note: str = ""
    lower_bound_s: float | None = None  # an unfinished run had taken at least this long when it was stopped

    @property
    def median_ms(self) -> float | None:
        return statistics.median(self.samples) * 1000 if self.samples else None

    @property
    def p90_ms(self) -> float | None:
        if not self.samples:
            return None
        if len(self.samples) < 3:
            return max(self.samples) * 1000
        return statistics.quantiles(self.samples, n=10, method="inclusive")[8] * 1000


class RecordingStore(EmbeddedStore):
    """The engine's store, keeping every SELECT text it is sent (used for one warm-up call only)."""

    def __init__(self, store: ox.Store) -> None:
        super().__init__(store, "recording")
        self.recorded: list[tuple[str, int]] = []

    def select(self, query: str) -> list[Row]:
        rows = super().select(query)
        self.recorded.append((query, len(rows)))
        return rows


def load_oxigraph(nt: Path) -> ox.Store:
    """The real ontology and schemes in their named graphs (as the engine loads them), then the synthetic file."""
    store = ox.Store()
    load_sources(store, sources(("ontology",)))
    store.bulk_load(path=str(nt), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(SYNTHETIC_GRAPH))
    return store


def bare_run(store: ox.Store, queries: list[str]) -> int:
    """The same texts straight on pyoxigraph, every solution turned into a Python list of terms."""
    rows = 0
    for query in queries:
        result = store.query(query, use_default_graph_as_union=True)
        rows += len([list(solution) for solution in result])  # type: ignore[union-attr]
    return rows


def measure(ops: dict[str, Callable[[], object]], repeat: int, budget_s: float) -> dict[str, Timing]:
    """Time each op `repeat` times, interleaved round-robin; an op slower than `budget_s / repeat` runs fewer times.

    Every op runs once first as a warm-up. When an op is so slow that it gets fewer
    samples, its warm-up run counts as a sample (caches do not matter at that scale),
    so the run stays bounded: about `budget_s` per op plus one warm-up.
    """
    warm: dict[str, float] = {}
    for name, fn in ops.items():
        t0 = time.perf_counter()
        fn()
        warm[name] = time.perf_counter() - t0
    wanted = {name: repeat if w * repeat <= budget_s else max(1, int(budget_s / w)) for name, w in warm.items()}
    timings = {name: Timing() for name in ops}
    for name, n in wanted.items():
        if n < repeat:
            timings[name].samples.append(warm[name])
            timings[name].note = f"slow: {n} run(s) within the {budget_s:.0f} s budget"
    gc.collect()
    for _ in range(max(wanted.values())):
        for name, fn in ops.items():
            if len(timings[name].samples) < wanted[name]:
                t0 = time.perf_counter()
                fn()
                timings[name].samples.append(time.perf_counter() - t0)
    return timings


# --- rdflib, in a child process, each operation in a forked grandchild with its own time limit


def rdflib_worker(spec_path: Path) -> int:
    """Child process: parse everything into one rdflib Graph, then run each op's queries in a forked process.

    rdflib cannot be interrupted, and one op may never finish in reasonable time, so
    each op runs in a fork of this process (sharing the parsed graph) that is killed
    at `op_timeout_s`; the events written until then are kept, and the time the
    unfinished run had been going becomes a lower bound.
    """
    import multiprocessing

    import rdflib

    spec = json.loads(spec_path.read_text(encoding="utf-8"))
    out = Path(spec["out"])

    def emit(**event: Any) -> None:  # one line per event, appended at once, so a kill loses nothing finished
        with out.open("a", encoding="utf-8") as f:
            f.write(json.dumps({**event, "wall": time.time()}) + "\n")

    graph = rdflib.Graph()
    t0 = time.perf_counter()
    for path in spec["ontology"]:
        graph.parse(path, format="turtle")
    graph.parse(spec["nt"], format="nt")
    load_s = time.perf_counter() - t0
    emit(event="load", seconds=load_s, triples=len(graph))
    if load_s > spec["max_load_s"]:
        emit(event="note", text=f"rdflib took {load_s:.0f} s to load (> {spec['max_load_s']:.0f} s): queries skipped")
        return 0

    def run_op(op: str, queries: list[str]) -> None:
        started = time.perf_counter()
        for rep in range(spec["repeat"]):
            if rep and time.perf_counter() - started > spec["op_budget_s"]:
                break  # slow op: fewer repetitions
            emit(event="start", op=op, rep=rep)
            t0 = time.perf_counter()
            rows = 0
            for i, query in enumerate(queries):
                q0 = time.perf_counter()
                n = len([tuple(row) for row in graph.query(query)])  # type: ignore[arg-type]
                rows += n
                emit(event="query", op=op, rep=rep, index=i, seconds=time.perf_counter() - q0, rows=n)
            emit(event="sample", op=op, seconds=time.perf_counter() - t0, rows=rows)

    fork = multiprocessing.get_context("fork")
    for op, queries in spec["queries"].items():
        child = fork.Process(target=run_op, args=(op, queries))
        child.start()
        child.join(spec["op_timeout_s"])
        if child.is_alive():
            child.kill()
            child.join()
            emit(event="killed", op=op)
    return 0


def run_rdflib(nt: Path, queries: dict[str, list[str]], args: argparse.Namespace, repeat: int,
               workdir: Path) -> tuple[float | None, dict[str, Timing], list[str]]:
    """Start the rdflib child, wait (bounded), and read whatever it finished."""
    out = workdir / f"rdflib-{nt.stem}.jsonl"
    out.unlink(missing_ok=True)
    spec = workdir / f"rdflib-{nt.stem}.json"
    spec.write_text(json.dumps({
        "nt": str(nt), "ontology": [str(s.path) for s in sources(("ontology",))], "queries": queries,
        "repeat": repeat, "out": str(out), "max_load_s": args.rdflib_max_load_s,
        "op_timeout_s": args.rdflib_op_timeout, "op_budget_s": args.budget_s,
    }), encoding="utf-8")
    notes: list[str] = []
    limit = args.rdflib_max_load_s * 1.5 + len(queries) * (args.rdflib_op_timeout + 5)
    child = subprocess.Popen([sys.executable, __file__, "--rdflib-worker", str(spec)])
    try:
        code = child.wait(timeout=limit)
        if code:
            notes.append(f"rdflib worker exited with {code}")
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()
        notes.append(f"rdflib worker stopped at the {limit:.0f} s overall limit")
    load_s: float | None = None
    timings = {op: Timing() for op in queries}
    last_start: dict[str, float] = {}
    done: dict[str, list[str]] = {op: [] for op in queries}
    for line in out.read_text(encoding="utf-8").splitlines() if out.exists() else []:
        event = json.loads(line)
        kind = event["event"]
        if kind == "load":
            load_s = event["seconds"]
        elif kind == "note":
            notes.append(event["text"])
        elif kind == "start":
            last_start[event["op"]] = event["wall"]
            done[event["op"]] = []
        elif kind == "query":
            done[event["op"]].append(f"query {event['index'] + 1} {event['seconds']:.1f} s ({event['rows']} rows)")
        elif kind == "sample":
            timings[event["op"]].samples.append(event["seconds"])
            timings[event["op"]].rows = event["rows"]
        elif kind == "killed":
            t = timings[event["op"]]
            t.lower_bound_s = event["wall"] - last_start.get(event["op"], event["wall"])
            finished = "; ".join(done[event["op"]]) or "no query finished"
            t.note = f"killed at {args.rdflib_op_timeout:.0f} s in run {len(t.samples) + 1} ({finished})"
    if load_s is None:
        notes.append("rdflib did not finish loading: skipped")
    return load_s, timings, notes


# --- one size


def bench_size(size: int, args: argparse.Namespace, workdir: Path) -> dict[str, Any]:
    t0 = time.perf_counter()
    nt, summary = generate.write(size, args.data_dir or workdir, args.seed)
    gen_s = time.perf_counter() - t0
    probe = summary.probe
    assert probe is not None
    print(f"\n== {size:,} requested: {summary.triples:,} synthetic triples ({summary.countries} countries, "
          f"{summary.unions} unions, {summary.regions} regions, {summary.instruments} laws, "
          f"{summary.provisions} provisions, {summary.duties} duties)", flush=True)

    t0 = time.perf_counter()
    oxs = load_oxigraph(nt)
    ox_load_s = time.perf_counter() - t0
    store = EmbeddedStore(oxs, "embedded pyoxigraph (benchmark)")
    t0 = time.perf_counter()
    catalogue = Catalogue(store)
    catalogue_s = time.perf_counter() - t0

    def engine_lookup() -> object:
        return applicable_duties(store, catalogue, probe.jurisdiction, probe.date, [probe.category], probe.conditions)

    def engine_compare() -> object:
        return compare(store, catalogue, theme=probe.theme, date=probe.date)

    # the server's applicability index (issue 10): built once, then a lookup filters its records
    rss_before = _rss_mb()
    t0 = time.perf_counter()
    indexed = IndexedStore(store, DutyIndex(store))
    index_s = time.perf_counter() - t0
    index_mb = _rss_mb() - rss_before
    print(f"  applicability index: {indexed.duty_index.records:,} records built in {index_s:.2f} s, "
          f"+{index_mb:.0f} MiB resident", flush=True)
    shifted = iter(range(10**9))

    def indexed_lookup() -> object:  # a different date each call: a first-time question every time
        day = dt.date.fromisoformat(probe.date) + dt.timedelta(days=next(shifted) % 3000 - 1500)
        return applicable_duties(indexed, catalogue, probe.jurisdiction, day, [probe.category], probe.conditions)

    # one recorded call of each: the exact texts the engine sends, and the answer sizes
    recorder = RecordingStore(oxs)
    lookup = applicable_duties(recorder, catalogue, probe.jurisdiction, probe.date, [probe.category], probe.conditions)
    queries = {"lookup": [q for q, _ in recorder.recorded]}
    lookup_rows = [n for _, n in recorder.recorded]
    recorder.recorded.clear()
    comparison = compare(recorder, catalogue, theme=probe.theme, date=probe.date)
    queries["compare"] = [q for q, _ in recorder.recorded]
    compare_rows = [n for _, n in recorder.recorded]
    answers = {
        "lookup": f"{probe.jurisdiction} (member of {probe.union}), category {probe.category}, conditions "
                  f"{' '.join(probe.conditions)}: {len(queries['lookup'])} queries giving {lookup_rows} rows; "
                  f"{len(lookup.duties)} duties + {len(lookup.exempt)} exempt in the answer",
        "compare": f"theme {probe.theme}: {len(queries['compare'])} queries giving {compare_rows} rows; "
                   f"{len(comparison.cells)} jurisdictions, {sum(len(c.duties) for c in comparison.cells)} cells",
    }
    for op in OPS:
        print(f"  {op}: {answers[op]}", flush=True)

    ops: dict[str, Callable[[], object]] = {
        "engine lookup": engine_lookup,
        "indexed lookup": indexed_lookup,
        "bare lookup": lambda: bare_run(oxs, queries["lookup"]),
        "engine compare": engine_compare,
        "bare compare": lambda: bare_run(oxs, queries["compare"]),
    }
    timings = measure(ops, args.repeat, args.budget_s)
    timings["bare lookup"].rows = sum(lookup_rows)
    timings["bare compare"].rows = sum(compare_rows)

    rdflib_load_s: float | None = None
    notes: list[str] = []
    if size > args.rdflib_max_size:
        notes.append(f"rdflib skipped above {args.rdflib_max_size:,} triples (--rdflib-max-size)")
    else:
        repeat = args.rdflib_repeat if size < 1_000_000 else min(args.rdflib_repeat, 3)
        print(f"  rdflib: up to {repeat} repetition(s), each op stopped at {args.rdflib_op_timeout:.0f} s ...",
              flush=True)
        rdflib_load_s, rdflib_timings, notes = run_rdflib(nt, queries, args, repeat, workdir)
        for op, t in rdflib_timings.items():
            timings[f"rdflib {op}"] = t
            if t.rows is not None and t.rows != timings[f"bare {op}"].rows:
                notes.append(f"rdflib {op} gave {t.rows} rows, pyoxigraph {timings[f'bare {op}'].rows}")
    result = {
        "size": size, "triples": summary.triples, "store_quads": len(oxs), "generate_s": gen_s,
        "pyoxigraph_load_s": ox_load_s, "catalogue_s": catalogue_s,
        "index_s": index_s, "index_mb": index_mb, "rdflib_load_s": rdflib_load_s,
        "answers": answers, "probe": asdict(probe), "notes": notes,
        "timings": {k: {"samples_s": t.samples, "median_ms": t.median_ms, "p90_ms": t.p90_ms, "rows": t.rows,
                        "lower_bound_ms": t.lower_bound_s * 1000 if t.lower_bound_s else None, "note": t.note}
                    for k, t in timings.items()},
    }
    print_size(result)
    return result


def _rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        return next(int(x.split()[1]) for x in status if x.startswith("VmRSS:")) / 1024


# --- report


def _ms(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:,.1f}" if value < 100 else f"{value:,.0f}"


def _ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def _paired(a: dict[str, Any], b: dict[str, Any]) -> float | None:
    """Engine over bare: the median of the ratios of runs made side by side (round i of each), which a
    machine whose load drifts during the loop disturbs less than a ratio of medians; that when the runs
    do not pair up."""
    xs, ys = a["samples_s"], b["samples_s"]
    if xs and len(xs) == len(ys):
        return statistics.median(x / y for x, y in zip(xs, ys, strict=True))
    return _ratio(a["median_ms"], b["median_ms"])


def _fmt_ratio(r: float | None) -> str:
    return "–" if r is None else f"{r:.2f}" if r < 10 else f"{r:,.0f}"


def _median_cell(t: dict[str, Any]) -> str:
    """The median, or `> bound` when no run finished before the limit."""
    if t["median_ms"] is not None:
        return _ms(t["median_ms"])
    return f"> {_ms(t['lower_bound_ms'])}" if t.get("lower_bound_ms") else "–"


def _rdflib_ratio(rdf: dict[str, Any] | None, engine_ms: float | None) -> str:
    if not rdf:
        return "–"
    if rdf["median_ms"] is not None:
        return _fmt_ratio(_ratio(rdf["median_ms"], engine_ms))
    bound = _ratio(rdf.get("lower_bound_ms"), engine_ms)
    return f"> {_fmt_ratio(bound)}" if bound else "–"


def print_size(r: dict[str, Any]) -> None:
    rdflib_load = "skipped" if r["rdflib_load_s"] is None else f"{r['rdflib_load_s']:.1f} s"
    print(f"  load: generate {r['generate_s']:.1f} s, pyoxigraph bulk_load {r['pyoxigraph_load_s']:.2f} s "
          f"({r['store_quads']:,} quads with the ontology), catalogue {r['catalogue_s'] * 1000:.0f} ms, "
          f"rdflib parse {rdflib_load}")
    print(f"  {'contender':<16} {'n':>3} {'median ms':>10} {'p90 ms':>10}  note")
    for name, t in r["timings"].items():
        print(f"  {name:<16} {len(t['samples_s']):>3} {_median_cell(t):>10} {_ms(t['p90_ms']):>10}  {t['note']}")
    t = r["timings"]
    for op in OPS:
        eng = t[f"engine {op}"]["median_ms"]
        print(f"  {op}: engine / bare pyoxigraph = {_fmt_ratio(_paired(t[f'engine {op}'], t[f'bare {op}']))} "
              "(target <= 1.5); "
              f"rdflib / engine = {_rdflib_ratio(t.get(f'rdflib {op}'), eng)} (target >= 20)")
    print(f"  applicability index: built in {r['index_s']:.2f} s, +{r['index_mb']:.0f} MiB; indexed lookup "
          f"median {_ms(t['indexed lookup']['median_ms'])} ms (target <= 1 ms at 1M); engine lookup "
          f"{_ms(t['engine lookup']['median_ms'])} ms")
    for note in r["notes"]:
        print(f"  note: {note}")


def print_summary(results: list[dict[str, Any]]) -> None:
    """The tables for benchmarks/README.md (Markdown)."""
    print("\n| triples | index build s | index MiB | indexed lookup p50 / p90 ms | queried lookup p50 ms |")
    print("|---:|---:|---:|---:|---:|")
    for r in results:
        t = r["timings"]
        print(f"| {r['triples']:,} | {r['index_s']:.2f} | {r['index_mb']:.0f} | {_ms(t['indexed lookup']['median_ms'])}"
              f" / {_ms(t['indexed lookup']['p90_ms'])} | {_ms(t['engine lookup']['median_ms'])} |")
    first, last = results[0]["timings"]["indexed lookup"], results[-1]["timings"]["indexed lookup"]
    if first["median_ms"] and last["median_ms"]:
        print(f"indexed lookup growth from {results[0]['triples']:,} to {results[-1]['triples']:,} triples: "
              f"x{last['median_ms'] / first['median_ms']:.1f}")
    print("\n| triples | op | engine p50 / p90 ms | bare pyoxigraph p50 / p90 ms | rdflib p50 ms (runs) "
          "| engine / bare (paired) | rdflib / engine | lookup growth vs smallest |")
    print("|---:|---|---:|---:|---:|---:|---:|---|")
    base = results[0]
    for r in results:
        t = r["timings"]
        for op in OPS:
            eng, bare = t[f"engine {op}"], t[f"bare {op}"]
            rdf = t.get(f"rdflib {op}")
            rdf_cell = "skipped" if not rdf else f"{_median_cell(rdf)} ({len(rdf['samples_s'])})"
            growth = ""
            if op == "lookup":
                g = _ratio(eng["median_ms"], base["timings"]["engine lookup"]["median_ms"])
                rows = _ratio(bare["rows"], base["timings"]["bare lookup"]["rows"])
                growth = f"time {_fmt_ratio(g)}x, rows {_fmt_ratio(rows)}x, graph {r['triples'] / base['triples']:.0f}x"
            print(f"| {r['triples']:,} | {op} | {_ms(eng['median_ms'])} / {_ms(eng['p90_ms'])} "
                  f"| {_ms(bare['median_ms'])} / {_ms(bare['p90_ms'])} | {rdf_cell} "
                  f"| {_fmt_ratio(_paired(eng, bare))} "
                  f"| {_rdflib_ratio(rdf, eng['median_ms'])} | {growth} |")
    print("\n| triples | pyoxigraph load s | rdflib load s | lookup | comparison |")
    print("|---:|---:|---:|---|---|")
    for r in results:
        rl = "skipped" if r["rdflib_load_s"] is None else f"{r['rdflib_load_s']:.1f}"
        print(f"| {r['triples']:,} | {r['pyoxigraph_load_s']:.2f} | {rl} | {r['answers']['lookup']} "
              f"| {r['answers']['compare']} |")
    notes = [f"{r['triples']:,}: {n}" for r in results for n in r["notes"]]
    notes += [f"{r['triples']:,} {name}: {t['note']}" for r in results for name, t in r["timings"].items()
              if t["note"]]
    for note in notes:
        print(f"- {note}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=30, help="repetitions of the pyoxigraph contenders")
    parser.add_argument("--budget-s", type=float, default=20.0,
                        help="time allowed per contender per size; slower ones get fewer repetitions")
    parser.add_argument("--rdflib-repeat", type=int, default=5, help="rdflib repetitions (at most 3 at 1M)")
    parser.add_argument("--rdflib-op-timeout", type=float, default=30.0,
                        help="rdflib: stop an operation (all its repetitions) after this many seconds")
    parser.add_argument("--rdflib-max-load-s", type=float, default=180.0, help="skip rdflib queries above this load")
    parser.add_argument("--rdflib-max-size", type=int, default=1_000_000, help="skip rdflib above this size")
    parser.add_argument("--seed", type=int, default=20261123)
    parser.add_argument("--data-dir", type=Path, default=None, help="keep generated files here (default: temp)")
    parser.add_argument("--quick", action="store_true", help="small smoke run: 10k and 30k, 5 repetitions")
    parser.add_argument("--rdflib-worker", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.rdflib_worker:
        return rdflib_worker(args.rdflib_worker)
    if args.quick:
        args.sizes, args.repeat, args.rdflib_repeat, args.budget_s = [10_000, 30_000], 5, 2, 5.0
        args.rdflib_op_timeout = 10.0
    started = time.perf_counter()
    print(f"dutygraph engine benchmark, {dt.datetime.now().isoformat(timespec='seconds')}; sizes {args.sizes}, "
          f"repeat {args.repeat}, rdflib repeat {args.rdflib_repeat}")
    results = []
    with tempfile.TemporaryDirectory(prefix="dutygraph-bench-") as tmp:
        for size in args.sizes:
            results.append(bench_size(size, args, Path(tmp)))
            gc.collect()
    print_summary(results)
    out_dir = HERE / "results"
    out_dir.mkdir(exist_ok=True)
    out = out_dir / f"engine-{dt.datetime.now().strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps(results, indent=1), encoding="utf-8")
    print(f"\n{time.perf_counter() - started:.0f} s in all; results in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
