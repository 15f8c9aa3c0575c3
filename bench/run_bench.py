#!/usr/bin/env python3
"""make bench: rds_exporter's cost, speed and memory at fleet scale, measured against rds_sim (issue #8).

For each fleet size, a fresh rds_sim (`--generate N --seed 7`, 50 ms added to every AWS call) and a fresh exporter
watching every RDS instance of it. Measured: AWS calls per cycle by operation and CloudWatch metrics billed, beside
the theoretical minimum and the peers' formulas (shared/reference/peer-exporters.md §2); cycle wall and CPU time;
time from start to the first complete /metrics; peak RSS; /metrics under wrk, plain and gzip, beside nginx serving
the same bytes. Writes the tables into BENCHMARKS.md between its `<!-- bench:NAME -->` markers, draws the chart
with gnuplot, and keeps the raw numbers in <build-dir>/bench/results.json.

These are measurements, not tests: nothing here fails on a number. Run it on a quiet machine: every process
(rds_sim, the exporter, wrk, nginx) shares the same cores.
"""

import argparse
import contextlib
import datetime
import gzip
import json
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEED = 7
REGION = "ap-northeast-2"
# The rds-exporter principal every generated fleet has (sim/README.md): test values, not credentials.
ACCESS_KEY_ID = "AKIARDSSIMEXPORTER01"
SECRET_ACCESS_KEY = "rdssimExporterSecretKey0000000000000001"
# Thirty days of one-minute cycles, and CloudWatch's price for GetMetricData metrics and for
# GetMetricStatistics/ListMetrics requests alike.
CYCLES_PER_MONTH = 30 * 24 * 60
DOLLARS_PER_BILLED_UNIT = 0.01 / 1000
# Engines whose CloudWatch metrics the seed's Rust exporter extends beyond its 20 common ones (peer-exporters.md §3.5).
RUST_EXTRA_QUERIES = {"mysql": 6, "aurora-mysql": 6, "postgres": 8, "aurora-postgresql": 8}
# A family of one CloudWatch metric; the prototype's engine-specific families name their sources otherwise.
CLOUDWATCH_HELP = re.compile(r"^# HELP (\S+) .*\(CloudWatch AWS/RDS \S+, statistic ")
SAMPLE = re.compile(r"^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})? (\S+)")
COLLECTIONS_DONE = re.compile(r'^rds_exporter_collections_total\{[^}]*\} (\S+)$', re.M)
LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')


def log(message):
    print(f"bench: {time.strftime('%H:%M:%S')} {message}", flush=True)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def http(url, method="GET", body=None, headers=None, timeout=30):
    request = urllib.request.Request(url, method=method, data=body, headers=headers or {})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return response.read(), dict(response.headers)


def ceil_div(numerator, denominator):
    return -(-numerator // denominator)


class Child:
    """A process this script started; stopped by its own pid only."""

    def __init__(self, name, argv, workdir, env=None):
        self.name = name
        self.stdout_path = workdir / f"{name}.out"
        self.stderr_path = workdir / f"{name}.err"
        with open(self.stdout_path, "wb") as out, open(self.stderr_path, "wb") as err:
            self.started = time.monotonic()
            self.process = subprocess.Popen(argv, stdout=out, stderr=err, env=env, stdin=subprocess.DEVNULL)
        self.pid = self.process.pid

    def alive(self):
        return self.process.poll() is None

    def stop(self):
        if self.alive():
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def failure(self):
        stderr = self.stderr_path.read_text(errors="replace")[-2000:]
        return f"{self.name} exited with {self.process.returncode}: {stderr}"

    def cpu_seconds(self):
        """utime + stime of the whole process (all threads), from /proc/PID/stat."""
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def settled_cpu_seconds(self, timeout=30):
        """CPU seconds once the process has been idle for 300 ms: a cycle's rendering may outlast its counters."""
        deadline = time.monotonic() + timeout
        samples = [self.cpu_seconds()]
        while time.monotonic() < deadline and not (len(samples) >= 4 and len(set(samples[-4:])) == 1):
            time.sleep(0.1)
            samples.append(self.cpu_seconds())
        return samples[-1]

    def memory_kib(self, key):
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
        raise RuntimeError(f"{key} missing from /proc/{self.pid}/status")


class Sim:
    def __init__(self, binary, instances, workdir):
        self.child = Child(f"rds_sim-{instances}", [str(binary), "--generate", str(instances), "--seed", str(SEED),
                                                      "--port", "0", "--region", REGION], workdir)
        deadline = time.monotonic() + 60
        while True:
            first_line = self.child.stdout_path.read_text().split("\n", 1)
            if len(first_line) == 2:
                break
            if not self.child.alive():
                raise RuntimeError(self.child.failure())
            if time.monotonic() > deadline:
                raise RuntimeError("rds_sim did not say where it listens within 60 s")
            time.sleep(0.02)
        self.url = re.search(r"http://127\.0\.0\.1:\d+", first_line[0]).group(0)

    def admin(self, method, path, payload=None):
        body = json.dumps(payload).encode() if payload is not None else None
        answer, _ = http(self.url + path, method, body, {"Content-Type": "application/json"} if body else None)
        return json.loads(answer) if answer else None

    def set_latency(self, milliseconds):
        self.admin("PUT", "/_sim/faults", {"seed": SEED, "rules": [{"service": "*", "latency_ms": milliseconds}]})

    def stats(self):
        return self.admin("GET", "/_sim/stats")

    def calls(self, stats, service, operation):
        return sum(stats["requests"].get(service, {}).get(operation, {}).values())


class MetricsPage:
    """The samples of one /metrics body, and which families carry CloudWatch values."""

    def __init__(self, text):
        self.samples = []
        self.cloudwatch_families = set()
        for line in text.splitlines():
            if line.startswith("#"):
                match = CLOUDWATCH_HELP.match(line)
                if match:
                    self.cloudwatch_families.add(match.group(1))
                continue
            match = SAMPLE.match(line)
            if match:
                labels = dict(LABEL.findall(match.group(2) or ""))
                self.samples.append((match.group(1), labels, float(match.group(3))))

    def values(self, name, **labels):
        return [v for n, l, v in self.samples if n == name and all(l.get(k) == w for k, w in labels.items())]

    def value(self, name, **labels):
        found = self.values(name, **labels)
        return sum(found) if found else None

    def cloudwatch_series_by_metric(self):
        counts = {}
        for name, _, _ in self.samples:
            if name in self.cloudwatch_families:
                counts[name] = counts.get(name, 0) + 1
        return counts

    def fleet_series_count(self):
        """The series rds_exporter_series counts: every rds_ sample but the exporter's own and rds_instance_info."""
        return sum(1 for name, _, _ in self.samples
                   if name.startswith("rds_") and not name.startswith("rds_exporter_") and name != "rds_instance_info")

    def complete_after(self, collections):
        """Whether `collections` cycles have ended and the last one's values are on the page."""
        done = self.value("rds_exporter_collections_total")
        series = self.value("rds_exporter_series")
        queries = self.value("rds_exporter_cloudwatch_queries")
        # The counters move before the new page is swapped in: until then the page is the previous one (before
        # the first collection: no series at all, and a series count of 0 to match).
        return (done is not None and done >= collections and series is not None and (series > 0 or not queries) and
                self.fleet_series_count() == series)

    def instance_info(self):
        return [labels for name, labels, _ in self.samples if name == "rds_instance_info"]


class Exporter:
    def __init__(self, binary, sim_url, workdir, collection_interval, rate_limited, extra_env):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/metrics"
        home = workdir / "home"
        home.mkdir(exist_ok=True)
        # The built-in defaults and the variables below only, whatever config/ holds at the moment.
        config_dir = workdir / "config"
        config_dir.mkdir(exist_ok=True)
        for name in ("default.yaml", "production.yaml"):
            (config_dir / name).write_text("# rds_exporter's built-in defaults; run_bench.py sets APP_* variables\n")
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(home),
            "AWS_ACCESS_KEY_ID": ACCESS_KEY_ID,
            "AWS_SECRET_ACCESS_KEY": SECRET_ACCESS_KEY,
            "AWS_EC2_METADATA_DISABLED": "true",
            "RUN_MODE": "production",
            "APP_AWS_REGION": REGION,
            "APP_AWS_ENDPOINT_URL": sim_url,
            "APP_EXPORTER_HOST": "127.0.0.1",
            "APP_EXPORTER_PORT": str(self.port),
            "APP_TARGET_TAG_KEY": "",
            "APP_EXPORTER_COLLECTION_INTERVAL": str(collection_interval),
            "APP_TARGET_DISCOVERY_INTERVAL": "86400",
            "APP_LOG_LEVEL": "info",
            # The CloudWatch cycle alone: Performance Insights runs on a loop of its own, one call per instance.
            "APP_PERFORMANCE_INSIGHTS_ENABLED": "false",
            "APP_LOG_FORMAT": "json",
        }
        if not rate_limited:
            env.update({"APP_AWS_RATE_LIMIT_RDS": "0", "APP_AWS_RATE_LIMIT_CLOUDWATCH": "0"})
        env.update(extra_env)
        self.child = Child(f"rds_exporter-{self.port}", [str(binary), "--config-dir", str(config_dir)],
                           workdir, env)

    def fetch(self, gzipped=True):
        body, headers = http(self.url, headers={"Accept-Encoding": "gzip"} if gzipped else {})
        return body, headers

    def page(self):
        body, headers = self.fetch()
        text = gzip.decompress(body) if headers.get("Content-Encoding") == "gzip" else body
        return MetricsPage(text.decode())

    def wait_complete(self, collections, timeout, poll_interval, sim=None):
        """Polls /metrics until it shows `collections` finished cycles and all their values. Returns the page,
        when it was fetched, and when rds_sim first counted a GetMetricData call (if `sim` is given): the moment
        the first collection was under way."""
        started = time.monotonic()
        deadline = started + timeout
        first_get_metric_data = None
        while time.monotonic() < deadline:
            if not self.child.alive():
                raise RuntimeError(self.child.failure())
            if sim and first_get_metric_data is None and sim.calls(sim.stats(), "monitoring", "GetMetricData"):
                first_get_metric_data = time.monotonic()
            with contextlib.suppress(OSError):
                body, headers = self.fetch()
                fetched = time.monotonic()
                text = (gzip.decompress(body) if headers.get("Content-Encoding") == "gzip" else body).decode()
                # A cheap look first: parsing a 5,000-instance page takes Python longer than a poll interval.
                done = sum(float(v) for v in COLLECTIONS_DONE.findall(text))
                if done >= collections:
                    page = MetricsPage(text)
                    if page.complete_after(collections):
                        return {"page": page, "fetched": fetched, "first_get_metric_data": first_get_metric_data}
            # Finer at first, where it matters for small fleets; coarser later, so that polling a large page
            # does not take much of the cores the exporter and rds_sim need.
            time.sleep(min(0.1, poll_interval + 0.01 * (time.monotonic() - started)))
        raise RuntimeError(f"no complete /metrics after {collections} collection(s) within {timeout} s")


def wait_for_calls(sim, operation_service, operation, at_least, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if sim.calls(sim.stats(), operation_service, operation) >= at_least:
            return
        time.sleep(0.1)
    raise RuntimeError(f"rds_sim saw fewer than {at_least} {operation} calls within {timeout} s")


WRK_LATENCY = re.compile(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", re.M)
WRK_RATE = re.compile(r"^Requests/sec:\s+([\d.]+)", re.M)
WRK_ERRORS = re.compile(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")
WRK_NON_2XX = re.compile(r"Non-2xx or 3xx responses: (\d+)")


def run_wrk(url, gzipped, seconds, workdir, label):
    argv = ["wrk", "-t2", "-c8", f"-d{seconds}s", "--latency"]
    if gzipped:
        argv += ["-H", "Accept-Encoding: gzip"]
    output = subprocess.run(argv + [url], capture_output=True, text=True, check=True).stdout
    (workdir / f"wrk-{label}.txt").write_text(output)
    scale = {"us": 1e-3, "ms": 1.0, "s": 1e3}
    latency = {p: float(v) * scale[u] for p, v, u in WRK_LATENCY.findall(output)}
    errors = WRK_ERRORS.search(output)
    non_2xx = WRK_NON_2XX.search(output)
    return {
        "p50_ms": latency.get("50"),
        "p99_ms": latency.get("99"),
        "requests_per_second": float(WRK_RATE.search(output).group(1)),
        "socket_errors": sum(map(int, errors.groups())) if errors else 0,
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
    }


class Nginx:
    """nginx serving files with the exporter's exact bodies, on another loopback port."""

    def __init__(self, workdir, plain_body, gzip_body):
        self.dir = workdir / "nginx"
        (self.dir / "www").mkdir(parents=True, exist_ok=True)
        (self.dir / "www" / "metrics").write_bytes(plain_body)
        (self.dir / "www" / "metrics.gz").write_bytes(gzip_body)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/metrics"
        # Workers run as the nginx user named here; as root, nginx would otherwise switch to nobody, who cannot
        # read a private temporary directory.
        user = "user root;" if os.geteuid() == 0 else ""
        config = (REPO / "bench" / "nginx.conf.template").read_text().format(
            user_directive=user, workers=os.cpu_count(), dir=self.dir, port=self.port)
        (self.dir / "nginx.conf").write_text(config)
        self.child = Child(f"nginx-{self.port}", ["nginx", "-p", str(self.dir), "-e", str(self.dir / "nginx-error.log"),
                                                  "-c", str(self.dir / "nginx.conf")], workdir)
        deadline = time.monotonic() + 10
        while True:
            with contextlib.suppress(OSError):
                body, _ = http(self.url)
                if body == plain_body:
                    return
                raise RuntimeError("nginx serves other bytes than the exporter's body")
            if not self.child.alive() or time.monotonic() > deadline:
                raise RuntimeError(self.child.failure() if not self.child.alive() else "nginx did not start in 10 s")
            time.sleep(0.05)


def fleet_facts(sim):
    fleet = sim.admin("GET", "/_sim/fleet")
    return {"instances": len(fleet["instances"]), "clusters": len(fleet["clusters"])}


def measure_fleet(args, binaries, size, workdir, with_scrapes=True, rate_limited=False):
    """One fleet size: one rds_sim, one exporter, two collection cycles, then the scrape runs."""
    result = {"fleet": size, "rate_limited": rate_limited}
    with contextlib.ExitStack() as stack:
        sim = Sim(binaries["rds_sim"], size, workdir)
        stack.callback(sim.child.stop)
        sim.set_latency(args.latency_ms)
        result["fleet_facts"] = fleet_facts(sim)
        sim.admin("POST", "/_sim/reset")

        exporter = Exporter(binaries["rds_exporter"], sim.url, workdir, args.collection_interval, rate_limited,
                            dict(setting.split("=", 1) for setting in args.exporter_env))
        stack.callback(exporter.child.stop)
        first = exporter.wait_complete(1, timeout=300, poll_interval=0.025, sim=sim)
        page = first["page"]
        result["first_metrics_seconds"] = first["fetched"] - exporter.child.started
        cpu_after_first = exporter.child.settled_cpu_seconds()
        stats = sim.stats()
        result["first_cycle"] = {
            "calls": {f"{s}:{o}": sum(c.values()) for s, ops in stats["requests"].items() for o, c in ops.items()},
            "errors": {f"{s}:{o}:{k}": n for s, ops in stats["requests"].items() for o, c in ops.items()
                       for k, n in c.items() if k != "200"},
            "metrics_requested": stats["cloudwatch_metrics_requested"],
            "discovery_seconds": page.value("rds_exporter_discovery_duration_seconds"),
            "collection_seconds": page.value("rds_exporter_collection_duration_seconds"),
            "cpu_seconds": cpu_after_first,
            "rss_hwm_kib": exporter.child.memory_kib("VmHWM"),
        }
        if result["first_cycle"]["errors"]:
            log(f"fleet of {size}: AWS calls that failed: {result['first_cycle']['errors']}")
        result["watched"] = {
            "instances": page.value("rds_exporter_instances_discovered"),
            "clusters": page.value("rds_exporter_clusters_discovered"),
            "queries": page.value("rds_exporter_cloudwatch_queries"),
            "series_with_data": sum(page.cloudwatch_series_by_metric().values()),
            "get_metric_data_calls": page.value("rds_exporter_cloudwatch_get_metric_data_calls"),
            "series_by_metric": page.cloudwatch_series_by_metric(),
            "engines": count_by(page.instance_info(), "engine"),
            "instance_classes": len({i.get("instance_class") for i in page.instance_info()}),
            "stopped_instances": sum(1 for i in page.instance_info() if i.get("status") == "stopped"),
        }
        exporter_calls = {}
        for _, labels, value in [s for s in page.samples if s[0] == "rds_exporter_aws_requests_total"]:
            key = f"{labels['service']}:{labels['operation']}"
            exporter_calls[key] = exporter_calls.get(key, 0) + value
        result["first_cycle"]["exporter_counted_calls"] = exporter_calls
        if not with_scrapes:
            return result

        # Cycle 2 is collection alone (discovery waits a day). Its CPU is the difference between just before it
        # starts and just after its values are on the page; the idle time before it is measured apart.
        get_metric_data_calls = sim.calls(stats, "monitoring", "GetMetricData")
        collection_started = first["first_get_metric_data"] or first["fetched"]
        time.sleep(max(0.0, collection_started + args.collection_interval - 2.0 - time.monotonic()))
        cpu_before_second = exporter.child.cpu_seconds()
        if sim.calls(sim.stats(), "monitoring", "GetMetricData") != get_metric_data_calls:
            raise RuntimeError("the second collection began before its CPU baseline was read")
        wait_for_calls(sim, "monitoring", "GetMetricData", 2 * get_metric_data_calls, timeout=60)
        second = exporter.wait_complete(2, timeout=120, poll_interval=0.05)
        page = second["page"]
        stats_after = sim.stats()
        result["second_cycle"] = {
            "calls": {f"{s}:{o}": sum(c.values()) - result["first_cycle"]["calls"].get(f"{s}:{o}", 0)
                      for s, ops in stats_after["requests"].items() for o, c in ops.items()},
            "metrics_requested": stats_after["cloudwatch_metrics_requested"] - stats["cloudwatch_metrics_requested"],
            "collection_seconds": page.value("rds_exporter_collection_duration_seconds"),
            "cpu_seconds": exporter.child.settled_cpu_seconds() - cpu_before_second,
            "idle_cpu_seconds_before": cpu_before_second - cpu_after_first,
            "rss_hwm_kib": exporter.child.memory_kib("VmHWM"),
            "rss_kib": exporter.child.memory_kib("VmRSS"),
        }

        plain_body, _ = exporter.fetch(gzipped=False)
        gzip_body, gzip_headers = exporter.fetch(gzipped=True)
        if gzip_headers.get("Content-Encoding") != "gzip":
            raise RuntimeError("the exporter did not gzip /metrics for a client that accepts gzip")
        result["body_bytes"] = {"plain": len(plain_body), "gzip": len(gzip_body)}
        (workdir / f"metrics-{size}.txt.gz").write_bytes(gzip_body)
        scrape = {}
        scrape_cpu_start = exporter.child.cpu_seconds()
        for gzipped in (False, True):
            label = f"exporter-{size}-{'gzip' if gzipped else 'plain'}"
            scrape[f"exporter_{'gzip' if gzipped else 'plain'}"] = run_wrk(exporter.url, gzipped, args.wrk_seconds,
                                                                          workdir, label)
        scrape["exporter_cpu_seconds"] = exporter.child.cpu_seconds() - scrape_cpu_start
        result["peak_rss_kib"] = exporter.child.memory_kib("VmHWM")
        collections = exporter.page().value("rds_exporter_collections_total")
        scrape["overlapped_a_collection"] = collections is not None and collections > 2
        if scrape["overlapped_a_collection"]:
            log(f"fleet of {size}: a third collection ran during the scrape runs; a longer --collection-interval "
                "keeps them apart")
        exporter.child.stop()

        nginx = Nginx(workdir / f"fleet-{size}", plain_body, gzip_body)
        stack.callback(nginx.child.stop)
        for gzipped in (False, True):
            label = f"nginx-{size}-{'gzip' if gzipped else 'plain'}"
            scrape[f"nginx_{'gzip' if gzipped else 'plain'}"] = run_wrk(nginx.url, gzipped, args.wrk_seconds,
                                                                       workdir, label)
        result["scrape"] = scrape
    return result


def unlimited(results):
    """The runs without the client-side rate limiter: the cost tables show each fleet once."""
    return [r for r in results if not r["rate_limited"]]


def count_by(rows, key):
    counts = {}
    for row in rows:
        counts[row.get(key)] = counts.get(row.get(key), 0) + 1
    return counts


# ---------------------------------------------------------------------------------------------------------------
# Cost: the theoretical minimum and the peers' formulas for the same fleet (peer-exporters.md §2), per cycle of
# 60 s with one discovery in it, P = 1 Prometheus server.


def minimum_cost(result):
    facts, watched = result["fleet_facts"], result["watched"]
    queries_with_data = int(watched["series_with_data"])
    describe_instances = ceil_div(facts["instances"], 100)
    describe_clusters = ceil_div(facts["clusters"], 100)
    get_metric_data = ceil_div(queries_with_data, 500)
    return {"DescribeDBInstances": describe_instances, "DescribeDBClusters": describe_clusters,
            "GetMetricData": get_metric_data, "calls": describe_instances + describe_clusters + get_metric_data,
            "billed": queries_with_data}


def our_cost(result):
    calls = result["first_cycle"]["calls"]
    ours = {"DescribeDBInstances": calls.get("rds:DescribeDBInstances", 0),
            "DescribeDBClusters": calls.get("rds:DescribeDBClusters", 0),
            "GetMetricData": calls.get("monitoring:GetMetricData", 0)}
    ours["calls"] = sum(calls.values())
    ours["billed"] = result["first_cycle"]["metrics_requested"]
    return ours


def peer_costs(result):
    """API calls and billed units (GetMetricData metrics, GetMetricStatistics and ListMetrics requests) per cycle."""
    facts, watched = result["fleet_facts"], result["watched"]
    n_all, c_all = facts["instances"], facts["clusters"]
    n, c = int(watched["instances"]), int(watched["clusters"])
    q = int(watched["queries"])
    metric_names = len(watched["series_by_metric"])
    classes = watched["instance_classes"]
    rust_metrics = sum(count * (20 + RUST_EXTRA_QUERIES.get(engine, 0)) for engine, count in watched["engines"].items())
    list_metrics = metric_names * ceil_div(n_all, 500)
    return {
        "seed Rust exporter": {
            "calls": ceil_div(n_all, 100) + n_all + n, "billed": rust_metrics,
            "formula": "⌈N_all/100⌉ DescribeDBInstances + N_all ListTagsForResource + N GetMetricData; "
                       "20/26/28 metrics per instance by engine"},
        "qonto": {
            "calls": n + ceil_div(n, 100) + ceil_div(c_all, 100) + ceil_div(classes, 100) + ceil_div(21 * n, 500) + 5,
            "billed": 21 * n + 3,
            "formula": "N + ⌈N/100⌉ + ⌈C/100⌉ + ⌈T/100⌉ + ⌈21N/500⌉ + 5 calls; 21N + 3 metrics"},
        "percona": {
            "calls": 50 * n, "billed": 50 * n,
            "formula": "50N GetMetricStatistics, each billed as a request"},
        "YACE": {
            "calls": 2 + ceil_div(n + c, 100) + list_metrics + ceil_div(q, 500), "billed": q + list_metrics,
            "formula": "2 + ⌈(N+C)/100⌉ GetResources + M·⌈N_all/500⌉ ListMetrics + ⌈Q/500⌉ GetMetricData; "
                       "Q metrics + the ListMetrics requests"},
        "cloudwatch_exporter": {
            "calls": list_metrics + q, "billed": q + list_metrics,
            "formula": "M·⌈N_all/500⌉ ListMetrics + Q GetMetricStatistics (one rule per metric, default mode)"},
    }


def monthly_dollars(billed_per_cycle):
    return billed_per_cycle * CYCLES_PER_MONTH * DOLLARS_PER_BILLED_UNIT


# ---------------------------------------------------------------------------------------------------------------
# Report


def ratio(value, reference):
    return f"{value / reference:.2f}×" if reference else "–"


def fmt_int(value):
    return f"{int(value):,}"


def fmt_seconds(value):
    return f"{value:.2f} s" if value is not None else "–"


def fmt_mb(kib):
    return f"{kib / 1024:.1f} MB"


def table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def calls_table(results):
    rows = []
    for r in unlimited(results):
        ours, minimum = our_cost(r), minimum_cost(r)
        second = r.get("second_cycle", {})
        later = {"DescribeDBInstances": second.get("calls", {}).get("rds:DescribeDBInstances"),
                 "DescribeDBClusters": second.get("calls", {}).get("rds:DescribeDBClusters"),
                 "GetMetricData": second.get("calls", {}).get("monitoring:GetMetricData"),
                 "calls": sum(second["calls"].values()) if second else None,
                 "billed": second.get("metrics_requested")}
        labels = {"DescribeDBInstances": "DescribeDBInstances", "DescribeDBClusters": "DescribeDBClusters",
                  "GetMetricData": "GetMetricData", "calls": "**all calls**", "billed": "**metrics billed**"}
        for key, label in labels.items():
            bold = "**" if key in ("calls", "billed") else ""
            rows.append([fmt_int(r["fleet"]), label, f"{bold}{fmt_int(ours[key])}{bold}",
                         f"{bold}{fmt_int(minimum[key])}{bold}", ratio(ours[key], minimum[key]),
                         fmt_int(later[key]) if later[key] is not None else "–"])
    return table(["Fleet", "Per cycle", "rds_exporter (discovery + collection)", "Minimum", "Ratio",
                  "Next cycle (collection alone)"], rows)


def watched_table(results):
    rows = []
    for r in unlimited(results):
        w, f = r["watched"], r["fleet_facts"]
        rows.append([fmt_int(r["fleet"]), f"{fmt_int(f['instances'])} / {fmt_int(f['clusters'])}",
                     f"{fmt_int(w['instances'])} / {fmt_int(w['clusters'])}", fmt_int(w["stopped_instances"]),
                     fmt_int(w["queries"]), fmt_int(w["series_with_data"]), f"{w['queries'] / w['instances']:.1f}",
                     len(w["series_by_metric"])])
    return table(["Fleet", "Instances / clusters listed", "Watched (RDS engines)", "Stopped", "Queries sent",
                  "Queries with data", "Queries per instance", "Metric names"], rows)


def peers_table(results):
    rows = []
    for r in unlimited(results):
        ours = our_cost(r)
        rows.append([fmt_int(r["fleet"]), "**rds_exporter (measured)**", fmt_int(ours["calls"]), "1.00×",
                     fmt_int(ours["billed"]), "1.00×", f"${monthly_dollars(ours['billed']):,.0f}"])
        minimum = minimum_cost(r)
        rows.append(["", "theoretical minimum", fmt_int(minimum["calls"]), ratio(minimum["calls"], ours["calls"]),
                     fmt_int(minimum["billed"]), ratio(minimum["billed"], ours["billed"]),
                     f"${monthly_dollars(minimum['billed']):,.0f}"])
        for name, peer in peer_costs(r).items():
            rows.append(["", name, fmt_int(peer["calls"]), ratio(peer["calls"], ours["calls"]), fmt_int(peer["billed"]),
                         ratio(peer["billed"], ours["billed"]), f"${monthly_dollars(peer['billed']):,.0f}"])
    return table(["Fleet", "Exporter", "AWS calls / cycle", "× ours", "Billed / cycle", "× ours",
                  "CloudWatch $ / month"], rows)


def speed_table(results):
    rows = []
    for r in results:
        first, second = r["first_cycle"], r.get("second_cycle")
        cycle = first["discovery_seconds"] + first["collection_seconds"]
        rows.append([fmt_int(r["fleet"]) + (" (default rate limits)" if r["rate_limited"] else ""),
                     fmt_seconds(first["discovery_seconds"]), fmt_seconds(first["collection_seconds"]),
                     f"**{fmt_seconds(cycle)}**", fmt_seconds(r["first_metrics_seconds"]),
                     fmt_seconds(first["cpu_seconds"]),
                     fmt_seconds(second["collection_seconds"]) if second else "–",
                     fmt_seconds(second["cpu_seconds"]) if second else "–",
                     fmt_mb(second["rss_kib"]) if second else "–",
                     f"**{fmt_mb(r['peak_rss_kib'])}**" if "peak_rss_kib" in r else fmt_mb(first["rss_hwm_kib"])])
    return table(["Fleet", "Discovery", "Collection", "Cycle (both)", "First complete /metrics",
                  "CPU to first /metrics", "Next collection", "Its CPU", "RSS after it", "Peak RSS"], rows)


def scrape_table(results):
    rows = []
    for r in results:
        s = r.get("scrape")
        if not s:
            continue
        for encoding in ("plain", "gzip"):
            ours, nginx = s[f"exporter_{encoding}"], s[f"nginx_{encoding}"]
            size = r["body_bytes"][encoding]
            rows.append([fmt_int(r["fleet"]), encoding, f"{size / 1024:,.0f} KiB", f"{ours['p50_ms']:.2f} ms",
                         f"**{ours['p99_ms']:.2f} ms**", f"{ours['requests_per_second']:,.0f}",
                         f"{nginx['p50_ms']:.2f} ms", f"{nginx['p99_ms']:.2f} ms",
                         f"{nginx['requests_per_second']:,.0f}",
                         f"**{100 * ours['requests_per_second'] / nginx['requests_per_second']:.0f}%**"])
    return table(["Fleet", "Body", "Size", "p50", "p99", "req/s", "nginx p50", "nginx p99", "nginx req/s",
                  "Ours / nginx"], rows)


def targets_table(results):
    by_size = {r["fleet"]: r for r in results if not r["rate_limited"]}
    rows = []

    def add(goal, measured, limit, unit, lower_is_better=True):
        met = measured <= limit if lower_is_better else measured >= limit
        if met:
            verdict = "met"
        elif lower_is_better:
            verdict = f"missed by {measured - limit:.2f} {unit} ({100 * (measured / limit - 1):.0f}%)"
        else:
            verdict = f"missed by {limit - measured:.0f}{unit}"
        shown = f"{measured:.0f}%" if unit == "%" else f"{measured:.2f} {unit}"
        rows.append([goal, shown, verdict])

    for size, r in sorted(by_size.items()):
        ours, minimum = our_cost(r), minimum_cost(r)
        add(f"AWS calls = minimum ({fmt_int(size)})", ours["calls"] / minimum["calls"], 1.0, "× minimum")
        add(f"Metrics billed = minimum ({fmt_int(size)})", ours["billed"] / minimum["billed"], 1.0, "× minimum")
    for size, limit in ((1000, 1.5), (5000, 5.0)):
        if size in by_size:
            first = by_size[size]["first_cycle"]
            add(f"Cycle ≤ {limit} s at {fmt_int(size)}", first["discovery_seconds"] + first["collection_seconds"],
                limit, "s")
    for size, limit in ((1000, 40), (5000, 150)):
        if size in by_size and "peak_rss_kib" in by_size[size]:
            add(f"Peak RSS ≤ {limit} MB at {fmt_int(size)}", by_size[size]["peak_rss_kib"] / 1024, limit, "MB")
    if 1000 in by_size and "scrape" in by_size[1000]:
        scrape = by_size[1000]["scrape"]
        add("/metrics p99 ≤ 5 ms at 1,000 (plain)", scrape["exporter_plain"]["p99_ms"], 5.0, "ms")
        add("/metrics p99 ≤ 5 ms at 1,000 (gzip)", scrape["exporter_gzip"]["p99_ms"], 5.0, "ms")
    for size, r in sorted(by_size.items()):
        if "scrape" not in r:
            continue
        for encoding in ("plain", "gzip"):
            ours = r["scrape"][f"exporter_{encoding}"]["requests_per_second"]
            nginx = r["scrape"][f"nginx_{encoding}"]["requests_per_second"]
            add(f"Throughput ≥ 50% of nginx ({fmt_int(size)}, {encoding})", 100 * ours / nginx, 50, "%",
                lower_is_better=False)
    return table(["Target", "Measured", "Verdict"], rows)


def machine_block(args, binaries, load_before):
    cpu_model = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu_model = line.split(":", 1)[1].strip()
                break
    mem_kib = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
    build_type = "unknown"
    cache = binaries["rds_exporter"].parent / "CMakeCache.txt"
    if cache.exists():
        match = re.search(r"^CMAKE_BUILD_TYPE:STRING=(.*)$", cache.read_text(), re.M)
        build_type = match.group(1) if match else build_type
    compiler = subprocess.run(["c++", "--version"], capture_output=True, text=True).stdout.splitlines()[0:1]
    revision = subprocess.run(["git", "-C", str(REPO), "describe", "--always", "--dirty"], capture_output=True,
                              text=True).stdout.strip()
    version = subprocess.run([str(binaries["rds_exporter"]), "--version"], capture_output=True,
                             text=True).stdout.strip()
    wrk_version = subprocess.run(["wrk", "--version"], capture_output=True, text=True).stdout.split(" [")[0]
    nginx_version = subprocess.run(["nginx", "-v"], capture_output=True, text=True).stderr.strip()
    return "\n".join([
        f"- CPU: {os.cpu_count()} cores, {cpu_model}",
        f"- Memory: {mem_kib / 1024 / 1024:.1f} GiB",
        f"- OS: {platform.system()} {platform.release()}, {compiler[0] if compiler else 'unknown compiler'}",
        f"- Build: {build_type} (`{args.build_dir}`): `{version}`; work tree at `{revision}`",
        f"- Load average before the run: {load_before[0]:.2f} {load_before[1]:.2f} {load_before[2]:.2f}",
        f"- Tools: {wrk_version}, {nginx_version.replace('nginx version: ', '')}",
        f"- Run: {datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}, "
        f"rds_sim `--generate N --seed {SEED}` with {args.latency_ms} ms added to every call, "
        f"collection interval {args.collection_interval} s, wrk `-t2 -c8 -d{args.wrk_seconds}s --latency`",
    ] + ([f"- Experiment: the exporter ran with `{' '.join(args.exporter_env)}`"] if args.exporter_env else []))


def draw_chart(results, path, workdir):
    if not shutil.which("gnuplot"):
        log("gnuplot is missing (scripts/install-deps.sh --bench installs it); no chart")
        return False
    data = workdir / "chart.dat"
    lines = []
    for r in results:
        if r["rate_limited"]:
            continue
        first = r["first_cycle"]
        second = r.get("second_cycle") or {}
        lines.append(f"{r['fleet']} {first['discovery_seconds'] + first['collection_seconds']:.4f} "
                     f"{second.get('collection_seconds', first['collection_seconds']):.4f} "
                     f"{r.get('peak_rss_kib', first['rss_hwm_kib']) / 1024:.2f}")
    data.write_text("\n".join(lines) + "\n")
    script = f"""
set terminal pngcairo size 900,540 font "sans,11" noenhanced
set output "{path}"
set title "rds_exporter at fleet scale (rds_sim, 50 ms per AWS call)"
set logscale x
set xlabel "instances in the fleet"
set ylabel "seconds"
set y2label "peak RSS (MB)"
set ytics nomirror
set y2tics
set yrange [0:*]
set y2range [0:*]
set key top left
set grid
plot "{data}" using 1:2 with linespoints lw 2 pt 7 title "cycle: discovery + collection (s)", \\
     "{data}" using 1:3 with linespoints lw 2 pt 5 title "collection alone (s)", \\
     "{data}" using 1:4 axes x1y2 with linespoints lw 2 pt 9 title "peak RSS (MB, right axis)"
"""
    subprocess.run(["gnuplot"], input=script, text=True, check=True)
    return True


def fill_markers(document, blocks):
    for name, content in blocks.items():
        pattern = re.compile(rf"(<!-- bench:{name} -->\n).*?(<!-- /bench:{name} -->)", re.S)
        if not pattern.search(document):
            raise RuntimeError(f"BENCHMARKS.md has no <!-- bench:{name} --> ... <!-- /bench:{name} --> block")
        document = pattern.sub(lambda m: m.group(1) + content + "\n" + m.group(2), document)
    return document


def run(args, build_dir):
    """Every fleet size in turn; returns what the report is made of."""
    binaries = {name: build_dir / name for name in ("rds_sim", "rds_exporter")}
    for name, path in binaries.items():
        if not os.access(path, os.X_OK):
            sys.exit(f"bench: {path} is missing; build {name} first (make bench does)")
    for tool in ("wrk", "nginx"):
        if not shutil.which(tool):
            sys.exit(f"bench: {tool} is missing; run scripts/install-deps.sh --bench (make bench does)")
    load_before = os.getloadavg()
    if load_before[0] >= 1.0:
        log(f"load average {load_before[0]:.2f}: other work shares the cores, and the numbers will show it")
    machine = machine_block(args, binaries, load_before)
    results_dir = build_dir / "bench"
    results_dir.mkdir(parents=True, exist_ok=True)
    for stale in [*results_dir.glob("*.err"), *results_dir.glob("wrk-*.txt"), *results_dir.glob("metrics-*.txt.gz")]:
        stale.unlink()
    sizes = [int(s) for s in args.sizes.split(",")]
    fleets = []
    with tempfile.TemporaryDirectory(prefix="rds-bench-") as temp:
        workdir = Path(temp)
        try:
            for size in sizes:
                log(f"fleet of {size}: rds_sim --generate {size} --seed {SEED}, {args.latency_ms} ms per call")
                fleets.append(measure_fleet(args, binaries, size, workdir))
            if not args.no_default_limits_run:
                size = max(sizes)
                log(f"fleet of {size} again with the default aws.rate_limit.* (first cycle only)")
                fleets.append(measure_fleet(args, binaries, size, workdir, with_scrapes=False, rate_limited=True))
        finally:
            for kept in [*workdir.glob("*.err"), *workdir.glob("wrk-*.txt"), *workdir.glob("metrics-*.txt.gz")]:
                shutil.copy(kept, results_dir / kept.name)
    return {"machine": machine, "fleets": fleets}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--build-dir", default="build", help="where rds_exporter and rds_sim are (default: build)")
    parser.add_argument("--sizes", default="10,100,1000,5000", help="fleet sizes (default: 10,100,1000,5000)")
    parser.add_argument("--latency-ms", type=int, default=50, help="added by rds_sim to every call (default: 50)")
    parser.add_argument("--collection-interval", type=int, default=40,
                        help="seconds; the scrape runs fit between the second and third cycle (default: 40)")
    parser.add_argument("--wrk-seconds", type=int, default=10, help="duration of each wrk run (default: 10)")
    parser.add_argument("--no-default-limits-run", action="store_true",
                        help="skip the extra run of the largest fleet with the default aws.rate_limit.*")
    parser.add_argument("--exporter-env", action="append", default=[], metavar="NAME=VALUE",
                        help="more environment for the exporter, for experiments (e.g. GLIBC_TUNABLES=...)")
    parser.add_argument("--report-only", action="store_true",
                        help="measure nothing: rewrite the document and chart from <build-dir>/bench/results.json")
    parser.add_argument("--output", default=str(REPO / "BENCHMARKS.md"), help="the document to fill in")
    parser.add_argument("--chart", default=str(REPO / "bench" / "fleet-scale.png"), help="the PNG to draw")
    args = parser.parse_args()

    build_dir = Path(args.build_dir)
    if not build_dir.is_absolute():
        build_dir = REPO / build_dir
    results_path = build_dir / "bench" / "results.json"
    if args.report_only:
        results = json.loads(results_path.read_text())
    else:
        results = run(args, build_dir)
        results_path.write_text(json.dumps(results, indent=2) + "\n")
    fleets = results["fleets"]
    chart = Path(args.chart)
    with tempfile.TemporaryDirectory(prefix="rds-bench-chart-") as temp:
        drawn = draw_chart(fleets, chart, Path(temp))
    blocks = {
        "machine": results["machine"],
        "watched": watched_table(fleets),
        "calls": calls_table(fleets),
        "peers": peers_table(fleets),
        "speed": speed_table(fleets),
        "scrape": scrape_table(fleets),
        "targets": targets_table(fleets),
        "chart": f"![Cycle time and peak RSS against fleet size]({os.path.relpath(chart, Path(args.output).parent)})"
                 if drawn else "(gnuplot was missing: no chart)",
    }
    output = Path(args.output)
    output.write_text(fill_markers(output.read_text(), blocks))
    log(f"wrote {output}, {chart} and {results_path}")


if __name__ == "__main__":
    main()
