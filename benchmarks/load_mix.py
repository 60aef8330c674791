"""The realistic load mix (issue 10), driven by `http_load.py --mix`.

Why a mix: one repeated URL is answered from the answer cache and says nothing about
first-time questions. The mix is a list of distinct requests built from the graph's
own codes (every jurisdiction, a spread of dates, service categories and
conditions, so the cache cannot answer them all): lookups, assessments (POST),
comparisons and the theme matrix, the timeline, entity pages (/id/...) and /sparql.
`wrk` cycles through the list from a different offset in each connection and counts
every status, so 503 + Retry-After (shed load) is told apart from real errors.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import subprocess
from pathlib import Path
from urllib.parse import urlencode

# (share of the mix, kind)
SHARES = (
    (60, "lookup"),
    (8, "assess"),
    (6, "compare"),
    (2, "matrix"),
    (6, "timeline"),
    (12, "entity"),
    (6, "sparql"),
)

MIX_SCRIPT = """\
local lines = {}
for line in io.lines(os.getenv("BENCH_MIX")) do lines[#lines + 1] = line end
local counter = 0
statuses = {}  -- global: done() reads it from each thread
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  counter = math.random(#lines)
end

function request()
  counter = counter % #lines + 1
  local method, path, body = lines[counter]:match("^(%S+) (%S+) ?(.*)$")
  if method == "POST" then
    local kind = "application/json"
    if path == "/sparql" then kind = "application/sparql-query" end
    return wrk.format("POST", path, {["Content-Type"] = kind, ["Accept"] = "application/json"}, body)
  end
  return wrk.format("GET", path)
end

function response(status, headers, body)
  local key = tostring(status)
  if status == 503 and headers["retry-after"] == nil and headers["Retry-After"] == nil then
    key = "503-no-retry-after"
  end
  statuses[key] = (statuses[key] or 0) + 1
end

function done(summary, latency, requests)
  local all = {}
  for _, thread in ipairs(threads) do
    local s = thread:get("statuses")
    for k, v in pairs(s) do all[k] = (all[k] or 0) + v end
  end
  local parts = {}
  for k, v in pairs(all) do parts[#parts + 1] = string.format('"%s": %d', k, v) end
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "connect": %d, "read": %d, "write": %d, "timeout": %d, '
    .. '"p50": %d, "p90": %d, "p99": %d, "max": %d, "statuses": {%s}}\\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    table.concat(parts, ", ")))
end
"""


def requests(store: str | None = None, count: int = 20_000, seed: int = 20261203, only: str | None = None) -> list[str]:
    """`count` distinct request lines ("GET path" or "POST path body"), from the graph's own codes."""
    from dutygraph.graph.catalogue import Catalogue
    from dutygraph.graph.store import open_store

    catalogue = Catalogue(open_store(store))
    rng = random.Random(seed)
    places = sorted(catalogue.jurisdictions)
    categories = sorted(catalogue.by_kind["category"])
    conditions = sorted(catalogue.by_kind["condition"])
    themes = sorted(catalogue.by_kind["theme"])
    features = sorted(catalogue.by_kind["feature"])
    entities = sorted(iri.rsplit("/", 1)[1] for iri in catalogue.entries if "/id/" in iri)
    first = dt.date(2015, 1, 1)

    def day() -> str:
        return (first + dt.timedelta(days=rng.randrange(365 * 13))).isoformat()

    def lookup() -> str:
        params = [("date", day())]
        params += [("service", c) for c in rng.sample(categories, rng.randint(0, 2))]
        params += [("condition", rng.choice(("", "!")) + c) for c in rng.sample(conditions, rng.randint(0, 2))]
        if rng.random() < 0.2:
            params.append(("lang", "fr"))
        if rng.random() < 0.1:
            params.append(("explain", "true"))
        return f"GET /jurisdictions/{rng.choice(places)}/duties?{urlencode(params)}"

    def assess() -> str:
        profile = {
            "name": f"service {rng.randrange(10**6)}",
            "countries": rng.sample(places, rng.randint(1, 3)),
            "features": rng.sample(features, rng.randint(1, 4)),
            "monthly_active_users": {"EU": rng.choice((10_000, 2_000_000, 60_000_000))},
            "date": day(),
        }
        return "POST /assess " + json.dumps(profile, separators=(",", ":"))

    def compare() -> str:
        codes = ",".join(rng.sample(places, rng.randint(2, 5)))
        return f"GET /compare?{urlencode({'theme': rng.choice(themes), 'jurisdictions': codes, 'date': day()})}"

    def matrix() -> str:
        codes = ",".join(rng.sample(places, rng.randint(2, 4)))
        return f"GET /compare/matrix?{urlencode({'jurisdictions': codes, 'date': day()})}"

    def timeline() -> str:
        start = day()
        end = (dt.date.fromisoformat(start) + dt.timedelta(days=rng.randint(30, 900))).isoformat()
        params = {"from": start, "to": end}
        if rng.random() < 0.5:
            params["jurisdiction"] = rng.choice(places)
        return f"GET /timeline?{urlencode(params)}"

    def entity() -> str:
        return f"GET /id/{rng.choice(entities)}"

    def sparql() -> str:
        place = rng.choice(places)
        return (
            "POST /sparql PREFIX dg: <https://w3id.org/dutygraph/ontology#> SELECT ?duty WHERE { ?duty dg:appliesIn ?j"
            f' . ?j <http://www.w3.org/2004/02/skos/core#notation> "{place}" }} LIMIT {rng.randint(1, 500)}'
        )

    makers = {"lookup": lookup, "assess": assess, "compare": compare, "matrix": matrix, "timeline": timeline,
              "entity": entity, "sparql": sparql}
    shares = [(1, only)] if only else SHARES
    kinds = [kind for share, kind in shares for _ in range(share)]
    seen: set[str] = set()
    lines: list[str] = []
    attempts = 0
    while len(lines) < count and attempts < count * 20:
        attempts += 1
        line = makers[rng.choice(kinds)]()
        if line not in seen:
            seen.add(line)
            lines.append(line)
    rng.shuffle(lines)
    return lines


def run(base_url: str, lines: list[str], concurrency: int, seconds: float, workdir: Path, name: str) -> dict:
    """wrk over the request lines; returns its counts, statuses and latencies (ms)."""
    mix = workdir / f"mix-{name}.txt"
    mix.write_text("\n".join(lines) + "\n", encoding="utf-8")
    script = workdir / "mix.lua"
    script.write_text(MIX_SCRIPT, encoding="utf-8")
    threads = 1 if concurrency < 64 else 2
    argv = ["wrk", f"-t{threads}", f"-c{concurrency}", f"-d{max(1, round(seconds))}s", "--timeout", "30s",
            "-s", str(script), base_url]
    out = subprocess.run(argv, capture_output=True, text=True, env={**os.environ, "BENCH_MIX": str(mix)},
                         timeout=seconds + 120, check=False)
    line = next((x for x in out.stdout.splitlines() if x.startswith("BENCH ")), None)
    if line is None:
        raise RuntimeError(f"wrk gave no summary for {name}: {out.stdout[-500:]} {out.stderr[-500:]}")
    data = json.loads(line[6:])
    data["seconds"] = data.pop("duration_us") / 1e6
    for key in ("p50", "p90", "p99", "max"):
        data[key] = data[key] / 1000
    return data


def rss_mb(root_pid: int) -> float:
    """Resident memory of a process and its descendants (server workers and SPARQL workers), MiB."""
    total = 0
    for pid in [root_pid, *descendants(root_pid)]:
        try:
            with open(f"/proc/{pid}/status", encoding="ascii") as status:
                total += next(int(x.split()[1]) for x in status if x.startswith("VmRSS:"))
        except (FileNotFoundError, StopIteration):
            pass
    return total / 1024


def descendants(pid: int) -> list[int]:
    found: list[int] = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii") as stat:
                parent = int(stat.read().rsplit(")", 1)[1].split()[1])
        except (FileNotFoundError, IndexError, ValueError):
            continue
        if parent == pid:
            found += [int(entry), *descendants(int(entry))]
    return found
