#!/usr/bin/env python3
"""make bench: rds_exporter's cost, speed and memory at fleet scale, measured against rds_sim (issue #8).

For each fleet size, a fresh rds_sim (`--generate N --seed 7`, 50 ms added to every AWS call) and a fresh exporter
watching every RDS instance of it. Measured: AWS calls per cycle by operation and CloudWatch metrics billed, beside
the theoretical minimum and the peers' formulas (docs/peer-call-patterns.md); cycle wall and CPU time;
time from start to the first complete /metrics; peak RSS; /metrics under wrk, plain and gzip, beside nginx serving
the same bytes. Then one exporter watching many scopes (issue #14: 5,000 instances over 5 accounts x 2 regions, every
account reached through its `rds-exporter` role found by Organizations ListAccounts), measured per scope against that
scope's minimum. Then the completeness run (issue 15): on rds_sim's time scale, with a real Prometheus scraping, the
share of 1-minute points that reach Prometheus per delivery mode and their delay (printed, not written). Writes the
other tables into BENCHMARKS.md between its `<!-- bench:NAME -->` markers, draws the chart with gnuplot, and keeps
the raw numbers in <build-dir>/bench/results.json.

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
import urllib.parse
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
# The many-scopes run (issue #14): a fleet of SCOPES_FLEET instances over SCOPES_ACCOUNTS accounts x SCOPES_REGIONS
# regions (rds_sim's --accounts/--regions: 500 instances per scope), watched by one exporter through the role every
# generated account has, listed by Organizations ListAccounts (aws.organization.role_name).
SCOPES_FLEET = 5000
SCOPES_ACCOUNTS = 5
SCOPES_REGIONS = 2
ORGANIZATION_ROLE = "rds-exporter"
# Engines whose CloudWatch metrics the seed's Rust exporter extends beyond its 20 common ones
# (docs/peer-call-patterns.md#the-seed-exporter).
RUST_EXTRA_QUERIES = {"mysql": 6, "aurora-mysql": 6, "postgres": 8, "aurora-postgresql": 8}
# A family of one CloudWatch metric; the prototype's engine-specific families name their sources otherwise.
CLOUDWATCH_HELP = re.compile(r"^# HELP (\S+) .*\(CloudWatch AWS/RDS \S+, statistic ")
SAMPLE = re.compile(r"^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})? (\S+)")
COLLECTIONS_DONE = re.compile(r'^rds_exporter_collections_total\{[^}]*\} (\S+)$', re.M)
LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')
INFO_FAMILIES = ("rds_instance_info", "rds_cluster_info")  # one sample per instance or cluster, not counted as series


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
    def __init__(self, binary, instances, workdir, accounts=1, regions=1, extra_args=()):
        scopes = ["--accounts", str(accounts), "--regions", str(regions)] if accounts * regions > 1 else []
        name = f"rds_sim-{instances}" + (f"-{accounts}x{regions}" if scopes else "")
        self.child = Child(name, [str(binary), "--generate", str(instances), "--seed", str(SEED), "--port", "0",
                                  "--region", REGION, *scopes, *extra_args], workdir)
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

    def scope_stats(self):
        """{(account, region): {service: {operation: {outcome: count}}}} from /_sim/stats/scopes."""
        answer = self.admin("GET", "/_sim/stats/scopes")
        return {(account, region): services for account, regions in answer["scopes"].items()
                for region, services in regions.items()}

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

    def by_scope(self, name):
        """The values of one family summed per scope, (aws_account_id, region)."""
        found = {}
        for n, l, v in self.samples:
            if n == name:
                scope = (l.get("aws_account_id"), l.get("region"))
                found[scope] = found.get(scope, 0) + v
        return found

    def cloudwatch_series_by_scope(self):
        counts = {}
        for name, labels, _ in self.samples:
            if name in self.cloudwatch_families:
                scope = (labels.get("aws_account_id"), labels.get("region"))
                counts[scope] = counts.get(scope, 0) + 1
        return counts

    def cloudwatch_series_by_metric(self):
        counts = {}
        for name, _, _ in self.samples:
            if name in self.cloudwatch_families:
                counts[name] = counts.get(name, 0) + 1
        return counts

    def fleet_series_count(self):
        """The series rds_exporter_series counts: every rds_ sample but the exporter's own, rds_instance_info and
        rds_cluster_info."""
        return sum(self.fleet_series_by_scope().values())

    def fleet_series_by_scope(self):
        counts = {}
        for name, labels, _ in self.samples:
            if name.startswith("rds_") and not name.startswith("rds_exporter_") and name not in INFO_FAMILIES:
                scope = (labels.get("aws_account_id"), labels.get("region"))
                counts[scope] = counts.get(scope, 0) + 1
        return counts

    def complete_after(self, collections, scopes=1):
        """Whether each of `scopes` scopes has ended `collections` cycles and the last one's values are on the page."""
        done = self.by_scope("rds_exporter_collections_total")
        series = self.by_scope("rds_exporter_series")
        queries = self.by_scope("rds_exporter_cloudwatch_queries")
        fleet = self.fleet_series_by_scope()
        # The counters move before the new page is swapped in: until then the page is the previous one (before
        # the first collection: no series at all, and a series count of 0 to match).
        return len(done) >= scopes and all(
            done[scope] >= collections and scope in series and (series[scope] > 0 or not queries.get(scope)) and
            fleet.get(scope, 0) == series[scope] for scope in done)

    def instance_info(self):
        return [labels for name, labels, _ in self.samples if name == "rds_instance_info"]


class Exporter:
    def __init__(self, binary, sim_url, workdir, collection_interval, rate_limited, extra_env, extra_args=(),
                 port=None):
        self.port = port or free_port()
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
            # The CloudWatch cycle alone, which the peers' figures and the minimum below describe: Performance
            # Insights and Enhanced Monitoring run on loops of their own (one call per instance, one per log
            # stream), and the inventory's RDS calls follow the discovery (bench/memory_bench.py turns all three on).
            "APP_PERFORMANCE_INSIGHTS_ENABLED": "false",
            "APP_ENHANCED_MONITORING_ENABLED": "false",
            "APP_INVENTORY_ENABLED": "false",
            "APP_LOG_FORMAT": "json",
        }
        if not rate_limited:
            env.update({"APP_AWS_RATE_LIMIT_RDS": "0", "APP_AWS_RATE_LIMIT_CLOUDWATCH": "0"})
        env.update(extra_env)
        self.child = Child(f"rds_exporter-{self.port}", [str(binary), "--config-dir", str(config_dir), *extra_args],
                           workdir, env)

    def fetch(self, gzipped=True):
        body, headers = http(self.url, headers={"Accept-Encoding": "gzip"} if gzipped else {})
        return body, headers

    def page(self):
        body, headers = self.fetch()
        text = gzip.decompress(body) if headers.get("Content-Encoding") == "gzip" else body
        return MetricsPage(text.decode())

    def wait_complete(self, collections, timeout, poll_interval, sim=None, scopes=1):
        """Polls /metrics until it shows `collections` finished cycles of each of `scopes` scopes and all their
        values. Returns the page,
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
                if done >= collections * scopes:
                    page = MetricsPage(text)
                    if page.complete_after(collections, scopes):
                        return {"page": page, "fetched": fetched, "first_get_metric_data": first_get_metric_data}
            # Finer at first, where it matters for small fleets; coarser later, so that polling a large page
            # does not take much of the cores the exporter and rds_sim need.
            time.sleep(min(0.1, poll_interval + 0.01 * (time.monotonic() - started)))
        raise RuntimeError(f"no complete /metrics after {collections} collection(s) of {scopes} scope(s) within "
                           f"{timeout} s")


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


def second_collection(args, sim, exporter, first, scopes=1):
    """Cycle 2 is collection alone (discovery waits a day). Its CPU is the difference between just before it starts
    and just after its values are on the page; the idle time before it is measured apart. Returns that page and
    the CPU seconds just before the cycle."""
    get_metric_data_calls = sim.calls(sim.stats(), "monitoring", "GetMetricData")
    collection_started = first["first_get_metric_data"] or first["fetched"]
    time.sleep(max(0.0, collection_started + args.collection_interval - 2.0 - time.monotonic()))
    cpu_before_second = exporter.child.cpu_seconds()
    if sim.calls(sim.stats(), "monitoring", "GetMetricData") != get_metric_data_calls:
        raise RuntimeError("the second collection began before its CPU baseline was read")
    wait_for_calls(sim, "monitoring", "GetMetricData", 2 * get_metric_data_calls, timeout=60)
    return exporter.wait_complete(2, timeout=120, poll_interval=0.05, scopes=scopes)["page"], cpu_before_second


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
            "get_metric_data_calls": page.value("rds_exporter_cloudwatch_last_cycle_get_metric_data_calls"),
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

        page, cpu_before_second = second_collection(args, sim, exporter, first)
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


def scope_key(scope):
    return f"{scope[0]}/{scope[1]}"


def calls_of(services, only=None):
    """{service:operation: count} of one scope's /_sim/stats/scopes entry, outcomes summed."""
    return {f"{s}:{o}": sum(c.values()) for s, ops in services.items() if only is None or s in only
            for o, c in ops.items()}


def setup_calls_and_errors(stats):
    """STS and Organizations calls (signed by the base credentials, once per session rather than per cycle), and
    every call that did not answer 200, from /_sim/stats/scopes."""
    setup, errors = {}, {}
    for scope, services in stats.items():
        for service, operations in services.items():
            for operation, outcomes in operations.items():
                for outcome, count in outcomes.items():
                    if outcome != "200":
                        key = f"{scope_key(scope)}:{service}:{operation}:{outcome}"
                        errors[key] = errors.get(key, 0) + count
        for key, count in calls_of(services, only=("sts", "organizations")).items():
            setup[key] = setup.get(key, 0) + count
    return setup, errors


def measure_scopes(args, binaries, workdir):
    """Issue #14: one exporter watching every scope of a fleet of 5 accounts x 2 regions; two cycles, no scrapes."""
    size = SCOPES_FLEET
    result = {"fleet": size, "accounts": SCOPES_ACCOUNTS, "regions": SCOPES_REGIONS, "via": "aws.organization"}
    with contextlib.ExitStack() as stack:
        sim = Sim(binaries["rds_sim"], size, workdir, SCOPES_ACCOUNTS, SCOPES_REGIONS)
        stack.callback(sim.child.stop)
        sim.set_latency(args.latency_ms)
        fleet = sim.admin("GET", "/_sim/fleet")
        facts = {}
        for kind in ("instances", "clusters"):
            for item in fleet[kind]:
                counts = facts.setdefault(scope_key((item["account_id"], item["region"])),
                                          {"instances": 0, "clusters": 0})
                counts[kind] += 1
        result["fleet_facts"] = facts
        result["regions_watched"] = fleet["regions"]
        sim.admin("POST", "/_sim/reset")

        # The bench's settings, plus the organization: every ACTIVE account, each through its rds-exporter role.
        env = dict(setting.split("=", 1) for setting in args.exporter_env)
        env.update({"APP_AWS_ORGANIZATION_ROLE_NAME": ORGANIZATION_ROLE,
                    "APP_AWS_ORGANIZATION_REGIONS": ",".join(fleet["regions"])})
        exporter = Exporter(binaries["rds_exporter"], sim.url, workdir, args.collection_interval, False, env)
        stack.callback(exporter.child.stop)
        scopes = len(facts)
        first = exporter.wait_complete(1, timeout=300, poll_interval=0.025, sim=sim, scopes=scopes)
        page = first["page"]
        result["first_metrics_seconds"] = first["fetched"] - exporter.child.started
        result["cpu_seconds_first"] = exporter.child.settled_cpu_seconds()
        result["rss_hwm_kib_first"] = exporter.child.memory_kib("VmHWM")
        stats = sim.scope_stats()
        result["scopes_shown"] = page.value("rds_exporter_scopes")
        result["scope_up"] = {scope_key(k): v for k, v in page.by_scope("rds_exporter_scope_up").items()}
        result["setup_calls"], result["errors"] = setup_calls_and_errors(stats)
        per_scope = {}
        by = {name: page.by_scope(name) for name in (
            "rds_exporter_discovery_duration_seconds", "rds_exporter_collection_duration_seconds",
            "rds_exporter_cloudwatch_queries", "rds_exporter_cloudwatch_metrics_requested_total",
            "rds_exporter_instances_discovered", "rds_exporter_clusters_discovered")}
        series_with_data = page.cloudwatch_series_by_scope()
        for scope in page.by_scope("rds_exporter_collections_total"):
            key = scope_key(scope)
            per_scope[key] = {
                "calls": calls_of(stats.get(scope, {}), only=("rds", "monitoring")),
                "discovery_seconds": by["rds_exporter_discovery_duration_seconds"].get(scope),
                "collection_seconds": by["rds_exporter_collection_duration_seconds"].get(scope),
                "queries": by["rds_exporter_cloudwatch_queries"].get(scope),
                "series_with_data": series_with_data.get(scope, 0),
                "metrics_requested": by["rds_exporter_cloudwatch_metrics_requested_total"].get(scope),
                "instances": by["rds_exporter_instances_discovered"].get(scope),
                "clusters": by["rds_exporter_clusters_discovered"].get(scope),
            }
        result["sim_metrics_requested_first"] = sim.stats()["cloudwatch_metrics_requested"]

        # Cycle 2, collection alone, timed as the fleet-scale runs time theirs.
        page, cpu_before_second = second_collection(args, sim, exporter, first, scopes)
        stats_after = sim.scope_stats()
        collection = page.by_scope("rds_exporter_collection_duration_seconds")
        requested = page.by_scope("rds_exporter_cloudwatch_metrics_requested_total")
        for scope in page.by_scope("rds_exporter_collections_total"):
            entry = per_scope[scope_key(scope)]
            later = calls_of(stats_after.get(scope, {}), only=("rds", "monitoring"))
            entry["second_calls"] = {k: v - entry["calls"].get(k, 0) for k, v in later.items()}
            entry["second_collection_seconds"] = collection.get(scope)
            entry["second_metrics_requested"] = requested.get(scope, 0) - (entry["metrics_requested"] or 0)
        result["per_scope"] = per_scope
        result["setup_calls_after_second"], result["errors"] = setup_calls_and_errors(stats_after)
        if result["errors"]:
            log(f"{SCOPES_ACCOUNTS} x {SCOPES_REGIONS} scopes: AWS calls that failed: {result['errors']}")
        result["cpu_seconds_second"] = exporter.child.settled_cpu_seconds() - cpu_before_second
        result["rss_kib"] = exporter.child.memory_kib("VmRSS")
        result["peak_rss_kib"] = exporter.child.memory_kib("VmHWM")
        result["series"] = page.value("rds_exporter_series")
        plain_body, _ = exporter.fetch(gzipped=False)
        result["body_bytes"] = len(plain_body)
    return result


# The completeness run (issue 15, "every 1-minute point at a fifth of the CloudWatch bill"): rds_sim and the exporter
# on a time scale (rds_sim --time-scale, the exporter's hidden --testing.time-scale), a real Prometheus scraping every
# second, COMPLETENESS_MINUTES of rds_sim time per delivery mode. Measured: the fraction of rds_sim's 1-minute
# CPUUtilization points of every watched instance that reached Prometheus with their own timestamp and rds_sim's
# value, and how long after its period ended each point appeared there (in rds_sim time).
PROMETHEUS = Path("/usr/bin/prometheus")
COMPLETENESS_DELAY = 60  # cloudwatch.delay's default


def prometheus_query(port, promql, at, timeout=10):
    query = urllib.parse.urlencode({"query": promql, "time": f"{at:.3f}"})
    answer, _ = http(f"http://127.0.0.1:{port}/api/v1/query?{query}", timeout=timeout)
    return json.loads(answer)["data"]


def prometheus_counter(port, name):
    body, _ = http(f"http://127.0.0.1:{port}/metrics")
    return sum(float(line.rsplit(" ", 1)[1]) for line in body.decode().splitlines()
               if line.startswith(name) and line[len(name):len(name) + 1] in (" ", "{"))


def raw_points(port, at, minutes):
    """{(instance, period start): value} of every raw rds_cpuutilization sample within `minutes` before `at`."""
    data = prometheus_query(port, f"rds_cpuutilization[{minutes}m]", at)
    return {(series["metric"]["db_instance_identifier"], round(float(t))): float(v)
            for series in data["result"] for t, v in series["values"]}


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else None


def measure_delivery(args, binaries, workdir, mode):
    """One delivery mode over args.completeness_minutes of rds_sim time."""
    scale, minutes, interval = args.completeness_scale, args.completeness_minutes, mode["interval"]
    sys.path.insert(0, str(REPO / "tests" / "sim" / "contract"))
    import metric_values  # rds_sim's documented values, as the contract tests compute them
    # Data time starts the run's length behind real time and ends near it: Prometheus refuses samples stamped more
    # than 10 minutes ahead of its clock.
    backdate = minutes * 60
    sim = Sim(binaries["rds_sim"], args.completeness_instances, workdir,
              extra_args=["--time-scale", str(scale), "--time-backdate", str(backdate)])
    children = [sim.child]
    prometheus_dir = workdir / f"prometheus-{mode['name']}"
    prometheus_dir.mkdir()
    exporter_port, prometheus_port = free_port(), free_port()
    # Remote write: Prometheus' receiver is the only way in (a scrape of the same series would compete with it).
    pushed = mode.get("remote_write", False)
    (prometheus_dir / "prometheus.yml").write_text(
        "global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n" + ("" if pushed else
        "scrape_configs:\n  - job_name: rds_exporter\n"
        f"    static_configs:\n      - targets: ['127.0.0.1:{exporter_port}']\n"))
    try:
        prometheus = Child(f"prometheus-{mode['name']}", [str(PROMETHEUS),
                           f"--config.file={prometheus_dir / 'prometheus.yml'}",
                           f"--storage.tsdb.path={prometheus_dir / 'data'}",
                           f"--web.listen-address=127.0.0.1:{prometheus_port}",
                           *(["--web.enable-remote-write-receiver"] if pushed else [])], workdir)
        children.append(prometheus)
        clock = sim.admin("GET", "/_sim/clock")
        env = {"APP_EXPORTER_COLLECTION_INTERVAL": str(interval), "APP_CLOUDWATCH_PERIOD": "60", **mode["env"]}
        if pushed:
            env["APP_REMOTE_WRITE"] = json.dumps([{"url": f"http://127.0.0.1:{prometheus_port}/api/v1/write"}])
        exporter = Exporter(binaries["rds_exporter"], sim.url, workdir, interval, False, env,
                            ["--testing.time-scale", str(scale), "--testing.time-origin", f"{clock['start']:.6f}",
                             "--testing.time-backdate", str(backdate)],
                            port=exporter_port)
        children.append(exporter.child)
        started = sim.admin("GET", "/_sim/clock")["now"]
        first_seen = {}
        now = started
        while now < started + minutes * 60:
            for child in children:
                if not child.alive():
                    raise RuntimeError(child.failure())
            time.sleep(0.5)
            with contextlib.suppress(OSError, KeyError, ValueError):
                points = raw_points(prometheus_port, sim.admin("GET", "/_sim/clock")["now"], 15)
                now = sim.admin("GET", "/_sim/clock")["now"]
                for key in points:
                    first_seen.setdefault(key, now)
            now = sim.admin("GET", "/_sim/clock")["now"]
        points = raw_points(prometheus_port, now, minutes + 15)
        billed = sim.stats()["cloudwatch_metrics_requested"]
        # What Prometheus refused: of the scrapes, or (remote write) of what its TSDB was asked to append.
        rejected = ({"out_of_order": "prometheus_tsdb_out_of_order_samples_total",
                     "duplicate_timestamp": "prometheus_tsdb_duplicate_samples_total",
                     "out_of_bounds": "prometheus_tsdb_out_of_bound_samples_total"} if pushed else
                    {name: f"prometheus_target_scrapes_sample_{name}_total"
                     for name in ("out_of_order", "duplicate_timestamp", "out_of_bounds")})
        counters = {name: prometheus_counter(prometheus_port, metric) for name, metric in rejected.items()}
        # The instances the exporter watches and rds_sim has data for: every one's points are expected.
        available = {i["id"] for i in sim.admin("GET", "/_sim/fleet")["instances"] if i["status"] == "available"}
        watched = {dict(LABEL.findall(labels or "")).get("db_instance_identifier")
                   for name, labels, _ in (SAMPLE.match(line).groups() for line in exporter.fetch(False)[0].decode()
                                           .splitlines() if line.startswith("rds_instance_info{"))}
    finally:
        for child in reversed(children):
            child.stop()
    instances = sorted((watched & available) | {instance for instance, _ in points})
    # Every point whose period ended after the exporter started (a minute past `delay`, the newest CloudWatch has
    # then) and early enough that a fetch every 300 s had it delivered by the end: the same span for every mode.
    first_end = (int(started) // 60) * 60 - COMPLETENESS_DELAY
    last_end = (int(now) // 60) * 60 - COMPLETENESS_DELAY - 300 - 60
    expected = [(instance, end - 60) for instance in instances for end in range(first_end + 60, last_end + 1, 60)]
    reached = [key for key in expected if key in points]
    right = [key for key in reached if abs(points[key] - metric_values.Series(key[0], metric_values.CPU_UTILIZATION)
                                           .datapoint("Average", key[1], 60)) <= 1e-9 * 100]
    delays = [first_seen[key] - (key[1] + 60) for key in reached if key in first_seen]
    return {"mode": mode["name"], "interval": interval, "time_scale": scale, "minutes": minutes,
            "series": len(instances), "expected": len(expected), "reached": len(reached), "right_value": len(right),
            "completeness": len(right) / len(expected) if expected else None,
            "delay_median": percentile(delays, 0.5), "delay_p95": percentile(delays, 0.95),
            "delay_max": max(delays) if delays else None,
            "billed_per_hour": billed * 3600 / (now - started) if now > started else None,
            "prometheus": counters}


def measure_completeness(args, binaries, workdir):
    """Each delivery mode in turn."""
    if not PROMETHEUS.exists():
        log(f"{PROMETHEUS} is missing: no completeness run (scripts/install-deps.sh installs it)")
        return None
    modes = [{"name": "newest, 60 s", "interval": 60, "env": {"APP_EXPORTER_EXPORT_TIMESTAMPS": "true"}},
             {"name": "newest, 300 s", "interval": 300, "env": {"APP_EXPORTER_EXPORT_TIMESTAMPS": "true"}}]
    modes.append({"name": "replay, 300 s", "interval": 300, "env": {"APP_EXPORTER_DELIVERY": "replay"}})
    modes.append({"name": "remote write, 300 s", "interval": 300, "env": {}, "remote_write": True})
    return run_modes(modes, lambda mode: measure_delivery(args, binaries, workdir, mode),
                     lambda mode: f"completeness: {mode['name']}, {args.completeness_minutes} min of rds_sim time at "
                                  f"time scale {args.completeness_scale}, {args.completeness_instances} instances")


def run_modes(modes, measure, describe):
    results = []
    for mode in modes:
        log(describe(mode))
        results.append(measure(mode))
    return results


def completeness_table(results):
    def seconds(value):
        return "-" if value is None else f"{value:.0f}"
    rows = [[r["mode"], str(r["series"]), f"{r['right_value']} / {r['expected']}",
             "-" if r["completeness"] is None else f"{100 * r['completeness']:.1f} %",
             seconds(r["delay_median"]), seconds(r["delay_p95"]), seconds(r["delay_max"]),
             "-" if r["billed_per_hour"] is None else f"{r['billed_per_hour']:.0f}",
             " / ".join(f"{r['prometheus'][n]:.0f}" for n in ("out_of_order", "duplicate_timestamp", "out_of_bounds"))]
            for r in results]
    return table(["Delivery, collection interval", "Series", "Points in Prometheus with rds_sim's value",
                  "Completeness", "Delay p50 (s)", "p95 (s)", "max (s)", "Metrics billed per hour",
                  "Prometheus out of order / duplicate / out of bounds"], rows)


# The cost run (issue 15): what a simulated hour of collection bills at 1-minute resolution for COST_INSTANCES
# instances (default 1,000) with the default metrics, on rds_sim's time scale, for each way of getting every 1-minute
# point: newest every 60 s, replay every 300 s and 600 s, remote write every 300 s (into a real Prometheus'
# receiver). Counted by the exporter's rds_exporter_cloudwatch_metrics_requested_total over whole cycles (the
# integration test ExporterBilling checks that rds_sim bills the same), from the second cycle on: the first reaches
# 15 minutes back whatever the mode.
PRICE_PER_METRIC = 0.01 / 1000
HOURS_PER_MONTH = 720
COUNTER = re.compile(r'^(rds_exporter_[a-z_]+)(?:\{[^}]*\})? (\S+)$', re.M)


def self_sums(text):
    """{name: sum over its label sets} of the exporter's own families in a /metrics text."""
    sums = {}
    for name, value in COUNTER.findall(text):
        sums[name] = sums.get(name, 0.0) + float(value)
    return sums


def measure_cost_mode(args, binaries, workdir, mode):
    scale, interval = args.cost_scale, mode["interval"]
    cycles = 3600 // interval
    backdate = 3 * 3600
    sim = Sim(binaries["rds_sim"], args.cost_instances, workdir,
              extra_args=["--time-scale", str(scale), "--time-backdate", str(backdate)])
    children = [sim.child]
    env = {"APP_EXPORTER_COLLECTION_INTERVAL": str(interval), "APP_CLOUDWATCH_PERIOD": "60", **mode["env"]}
    try:
        if mode.get("remote_write"):
            prometheus_dir = workdir / f"prometheus-cost-{interval}"
            prometheus_dir.mkdir()
            (prometheus_dir / "prometheus.yml").write_text("global:\n  scrape_interval: 1m\n")
            prometheus_port = free_port()
            children.append(Child(f"prometheus-cost-{interval}", [
                str(PROMETHEUS), f"--config.file={prometheus_dir / 'prometheus.yml'}",
                f"--storage.tsdb.path={prometheus_dir / 'data'}", f"--web.listen-address=127.0.0.1:{prometheus_port}",
                "--web.enable-remote-write-receiver"], workdir))
            env["APP_REMOTE_WRITE"] = json.dumps([{"url": f"http://127.0.0.1:{prometheus_port}/api/v1/write"}])
        clock = sim.admin("GET", "/_sim/clock")
        exporter = Exporter(binaries["rds_exporter"], sim.url, workdir, interval, False, env,
                            ["--testing.time-scale", str(scale), "--testing.time-origin", f"{clock['start']:.6f}",
                             "--testing.time-backdate", str(backdate)])
        children.append(exporter.child)
        start = None
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline:
            for child in children:
                if not child.alive():
                    raise RuntimeError(child.failure())
            time.sleep(0.05)
            with contextlib.suppress(OSError):
                sums = self_sums(exporter.fetch(gzipped=False)[0].decode())
                sums["sim_now"] = sim.admin("GET", "/_sim/clock")["now"]
                done = sums.get("rds_exporter_collections_total", 0)
                if start is None and done >= 1:
                    start = sums
                elif start is not None and done >= start["rds_exporter_collections_total"] + cycles:
                    break
        else:
            raise RuntimeError(f"{mode['name']}: fewer than {cycles} cycles within 600 s")
        end = sums
        pushed = end.get("rds_exporter_remote_write_samples_total", 0) if mode.get("remote_write") else None
        sim_billed = sim.stats()["cloudwatch_metrics_requested"]
    finally:
        for child in reversed(children):
            child.stop()
    # Per cycle, times the cycles an hour has on the schedule; the rds_sim time that passed shows whether the cycles
    # kept to it (a cycle that overran its interval, squeezed by the time scale, skips a tick, and the next one
    # brings the points of both for the price of one).
    ran = end["rds_exporter_collections_total"] - start["rds_exporter_collections_total"]
    elapsed = end["sim_now"] - start["sim_now"]
    billed = end["rds_exporter_cloudwatch_metrics_requested_total"] - start["rds_exporter_cloudwatch_metrics_requested_total"]
    points = end["rds_exporter_cloudwatch_points_total"] - start["rds_exporter_cloudwatch_points_total"]
    return {"mode": mode["name"], "interval": interval, "instances": args.cost_instances,
            "series": end.get("rds_exporter_series", 0), "queries": billed / ran,
            "billed_per_hour": billed / ran * cycles, "points_per_hour": points / ran * cycles,
            "cycles": ran, "expected_cycles": elapsed / interval, "sim_billed_total": sim_billed,
            "exporter_billed_total": end["rds_exporter_cloudwatch_metrics_requested_total"], "pushed": pushed}


def measure_cost(args, binaries, workdir):
    modes = [{"name": "newest, every 60 s", "interval": 60, "env": {}},
             {"name": "replay, every 300 s", "interval": 300, "env": {"APP_EXPORTER_DELIVERY": "replay"}},
             {"name": "replay, every 600 s", "interval": 600, "env": {"APP_EXPORTER_DELIVERY": "replay"}}]
    if PROMETHEUS.exists():
        modes.append({"name": "remote write, every 300 s", "interval": 300, "env": {}, "remote_write": True})
    return run_modes(modes, lambda mode: measure_cost_mode(args, binaries, workdir, mode),
                     lambda mode: f"cost: {mode['name']}, {args.cost_instances} instances, one hour of rds_sim time "
                                  f"at time scale {args.cost_scale}")


def cost_table(results):
    rows = []
    series = max(round(r["queries"]) for r in results)
    for r in results:
        month = r["billed_per_hour"] * HOURS_PER_MONTH
        rows.append([r["mode"], fmt_int(round(r["queries"])), f"{r['cycles']:.0f} in {r['expected_cycles'] * r['interval'] / 60:.1f} min",
                     fmt_int(round(r["billed_per_hour"])),
                     f"{100 * r['points_per_hour'] / (60 * r['series']):.1f} %" if r["series"] else "-",
                     f"${month / r['queries'] * PRICE_PER_METRIC:.4f}", f"${month * PRICE_PER_METRIC:,.0f}"])
    # The peers, computed from their documented call patterns (docs/peer-call-patterns.md, cited in this file's
    # header).
    qonto = (21 * results[0]["instances"] + 3) * 60 * HOURS_PER_MONTH * PRICE_PER_METRIC
    rows.append(["qonto/prometheus-rds-exporter, per Prometheus replica scraping every 60 s",
                 fmt_int(21 * results[0]["instances"] + 3), "-", "-",
                 "100 %", f"${60 * HOURS_PER_MONTH * PRICE_PER_METRIC:.4f}", f"${qonto:,.0f} per replica"])
    rows.append(["YACE at its 300 s default (one point in five)", fmt_int(series), "-", "-", "20 %",
                 f"${12 * HOURS_PER_MONTH * PRICE_PER_METRIC:.4f}",
                 f"${series * 12 * HOURS_PER_MONTH * PRICE_PER_METRIC:,.0f}"])
    rows.append(["YACE every 60 s (every point)", fmt_int(series), "-", "-", "100 %",
                 f"${60 * HOURS_PER_MONTH * PRICE_PER_METRIC:.4f}",
                 f"${series * 60 * HOURS_PER_MONTH * PRICE_PER_METRIC:,.0f}"])
    return table(["Delivery, fetch interval", "Queries a cycle", "Cycles measured", "Metrics billed per hour",
                  "1-minute points collected", "Per metric-month", "Per month (30 days)"], rows)


def unlimited(results):
    """The runs without the client-side rate limiter: the cost tables show each fleet once."""
    return [r for r in results if not r["rate_limited"]]


def count_by(rows, key):
    counts = {}
    for row in rows:
        counts[row.get(key)] = counts.get(row.get(key), 0) + 1
    return counts


# ---------------------------------------------------------------------------------------------------------------
# Cost: the theoretical minimum and the peers' formulas for the same fleet (docs/peer-call-patterns.md), per cycle of
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


# Asked once when the exporter starts, not per cycle: the account id of the credentials' own scope (its
# aws_account_id label).
ONCE_PER_PROCESS = ("sts:GetCallerIdentity",)


def our_cost(result):
    calls = result["first_cycle"]["calls"]
    ours = {"DescribeDBInstances": calls.get("rds:DescribeDBInstances", 0),
            "DescribeDBClusters": calls.get("rds:DescribeDBClusters", 0),
            "GetMetricData": calls.get("monitoring:GetMetricData", 0)}
    ours["calls"] = sum(count for call, count in calls.items() if call not in ONCE_PER_PROCESS)
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


OPERATIONS = ("DescribeDBInstances", "DescribeDBClusters", "GetMetricData")


def single_scope_from_fleet(r):
    """The comparison row of the scopes table, from a fleet-scale run of the same size measured alongside."""
    ours, minimum, second = our_cost(r), minimum_cost(r), r.get("second_cycle", {})
    first = r["first_cycle"]
    return {
        "source": "the fleet-scale run above, same run",
        "listed": (r["fleet_facts"]["instances"], r["fleet_facts"]["clusters"]),
        "watched": (r["watched"]["instances"], r["watched"]["clusters"]), "q": r["watched"]["series_with_data"],
        "calls": {op: ours[op] for op in OPERATIONS}, "minimum": {op: minimum[op] for op in OPERATIONS},
        "billed": ours["billed"], "next_calls": sum(second.get("calls", {}).values()) if second else None,
        "next_billed": second.get("metrics_requested"),
        "discovery": first["discovery_seconds"], "collection": first["collection_seconds"],
        "next_collection": second.get("collection_seconds"), "first_metrics": r["first_metrics_seconds"],
        "cpu_first": first["cpu_seconds"], "cpu_next": second.get("cpu_seconds"), "rss_after_kib": second.get("rss_kib"),
        "hwm_before_scrapes_kib": second.get("rss_hwm_kib"), "peak_rss_kib": r.get("peak_rss_kib"),
    }


def single_scope_from_document(document, size):
    """The same row read back from the fleet-scale tables already in BENCHMARKS.md (`--only scopes`, where no
    fleet-scale run is at hand and none is run again)."""
    def cells(block, first, second=None):
        body = re.search(rf"<!-- bench:{block} -->\n(.*?)<!-- /bench:{block} -->", document, re.S)
        for line in (body.group(1) if body else "").splitlines():
            row = [c.strip().strip("*").strip() for c in line.strip().strip("|").split("|")]
            if row[0] == first and (second is None or row[1].strip("*") == second):
                return row
        return None

    def number(text):
        match = re.match(r"[\d,.]+", (text or "").strip())
        return float(match.group(0).replace(",", "")) if match else None

    label = fmt_int(size)
    watched, speed = cells("watched", label), cells("speed", label)
    calls = {op: cells("calls", label, op) for op in (*OPERATIONS, "all calls", "metrics billed")}
    if not watched or not speed or not all(calls.values()):
        return None
    listed = [number(x) for x in watched[1].split("/")]
    seen = [number(x) for x in watched[2].split("/")]
    return {
        "source": "BENCHMARKS.md's fleet-scale tables above (not run again)",
        "listed": tuple(listed), "watched": tuple(seen), "q": number(watched[5]),
        "calls": {op: number(calls[op][2]) for op in OPERATIONS},
        "minimum": {op: number(calls[op][3]) for op in OPERATIONS},
        "billed": number(calls["metrics billed"][2]), "next_calls": number(calls["all calls"][5]),
        "next_billed": number(calls["metrics billed"][5]),
        "discovery": number(speed[1]), "collection": number(speed[2]), "next_collection": number(speed[6]),
        "first_metrics": number(speed[4]), "cpu_first": number(speed[5]), "cpu_next": number(speed[7]),
        "rss_after_kib": number(speed[8]) * 1024, "hwm_before_scrapes_kib": None,
        "peak_rss_kib": number(speed[9]) * 1024,
    }


def pair(ours, minimum):
    """`ours / minimum`, bold where ours is above it."""
    text = f"{fmt_int(ours)} / {fmt_int(minimum)}"
    return f"**{text}**" if ours > minimum else text


def scope_record(key, s, facts):
    """One scope's measurements in the shape of the single-scope comparison row."""
    f = facts.get(key, {"instances": 0, "clusters": 0})
    q = int(s["series_with_data"])
    calls = {op: s["calls"].get(f"{'monitoring' if op == 'GetMetricData' else 'rds'}:{op}", 0) for op in OPERATIONS}
    return {"listed": (f["instances"], f["clusters"]), "watched": (s["instances"], s["clusters"]), "q": q,
            "calls": calls, "minimum": {"DescribeDBInstances": ceil_div(f["instances"], 100),
                                        "DescribeDBClusters": ceil_div(f["clusters"], 100),
                                        "GetMetricData": ceil_div(q, 500)},
            "billed": s["metrics_requested"], "next_calls": sum(s["second_calls"].values()),
            "next_billed": s["second_metrics_requested"], "discovery": s["discovery_seconds"],
            "collection": s["collection_seconds"], "next_collection": s["second_collection_seconds"]}


def total_record(records):
    """The scopes together: counts summed, times the slowest scope's."""
    def summed(get):
        return sum(get(r) for r in records)
    return {"listed": tuple(summed(lambda r, i=i: r["listed"][i]) for i in (0, 1)),
            "watched": tuple(summed(lambda r, i=i: r["watched"][i]) for i in (0, 1)), "q": summed(lambda r: r["q"]),
            **{kind: {op: summed(lambda r, kind=kind, op=op: r[kind][op]) for op in OPERATIONS}
               for kind in ("calls", "minimum")},
            **{k: summed(lambda r, k=k: r[k]) for k in ("billed", "next_calls", "next_billed")},
            **{k: max(r[k] for r in records) for k in ("discovery", "collection", "next_collection")}}


def cost_row(label, r, time_note=""):
    return [label, f"{fmt_int(r['listed'][0])} / {fmt_int(r['listed'][1])}",
            f"{fmt_int(r['watched'][0])} / {fmt_int(r['watched'][1])}", fmt_int(r["q"]),
            *(pair(r["calls"][op], r["minimum"][op]) for op in OPERATIONS),
            pair(sum(r["calls"].values()), sum(r["minimum"].values())), pair(r["billed"], r["q"]),
            f"{pair(r['next_calls'], r['minimum']['GetMetricData'])}; {pair(r['next_billed'], r['q'])}",
            *(fmt_seconds(r[k]) + time_note for k in ("discovery", "collection", "next_collection"))]


def scopes_block(scopes, single):
    records = {key: scope_record(key, s, scopes["fleet_facts"]) for key, s in sorted(scopes["per_scope"].items())}
    rows = [cost_row(f"`{key}`", r) for key, r in records.items()]
    rows.append(cost_row(f"**all {len(records)} scopes**", total_record(list(records.values())), " (slowest)"))
    if single:
        rows.append(cost_row(f"1 scope of {fmt_int(scopes['fleet'])}", single))
    per_scope = table(["Scope (account / region)", "Listed (instances / clusters)", "Watched", "Q",
                       "DescribeDBInstances / min", "DescribeDBClusters / min", "GetMetricData / min",
                       "All calls / min", "Metrics billed / Q", "Next cycle: calls / min; billed / Q", "Discovery",
                       "Collection", "Next collection"], rows)

    def mb(kib):
        return fmt_mb(kib) if kib is not None else "–"

    setup = ", ".join(f"{fmt_int(n)} {k.split(':', 1)[1]}" for k, n in sorted(scopes["setup_calls"].items())) or "none"
    later_setup = {k: n - scopes["setup_calls"].get(k, 0) for k, n in scopes["setup_calls_after_second"].items()}
    process_rows = [[f"{len(scopes['per_scope'])} scopes of ~{fmt_int(scopes['fleet'] // len(scopes['per_scope']))}",
                     fmt_seconds(scopes["first_metrics_seconds"]), fmt_seconds(scopes["cpu_seconds_first"]),
                     fmt_seconds(scopes["cpu_seconds_second"]), mb(scopes["rss_kib"]),
                     f"**{mb(scopes['peak_rss_kib'])}**", "–",
                     f"{setup} (next cycle: {fmt_int(sum(later_setup.values()))})"]]
    if single:
        process_rows.append([f"1 scope of {fmt_int(scopes['fleet'])}", fmt_seconds(single["first_metrics"]),
                             fmt_seconds(single["cpu_first"]), fmt_seconds(single["cpu_next"]),
                             mb(single["rss_after_kib"]), f"**{mb(single['hwm_before_scrapes_kib'])}**" if single["hwm_before_scrapes_kib"] else "–",
                             mb(single["peak_rss_kib"]), "none"])
    process = table(["Run", "First complete /metrics (all scopes)", "CPU to it", "CPU of the next collection",
                     "RSS after it", "Peak RSS (before any scrape)", "Peak RSS after 4 wrk runs", "STS / Organizations calls"],
                    process_rows)
    errors = ", ".join(f"{k}: {n}" for k, n in sorted(scopes["errors"].items())) or "none"
    up = sum(1 for v in scopes["scope_up"].values() if v == 1)
    lines = [
        scopes["run"],
        "",
        f"The exporter listed the accounts through `aws.organization.role_name: {ORGANIZATION_ROLE}` "
        f"(`aws.organization.regions: [{', '.join(scopes['regions_watched'])}]`) and showed "
        f"`rds_exporter_scopes` {fmt_int(scopes['scopes_shown'] or 0)}, `rds_exporter_scope_up` 1 for {up} of "
        f"{len(scopes['scope_up'])} scopes. AWS calls that did not answer 200: {errors}. The single scope for "
        f"comparison: {single['source'] if single else 'none at hand (run the fleet-scale bench with 5000 in --sizes)'}.",
        "",
        per_scope,
        "",
        process,
    ]
    return "\n".join(lines)


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
    wrk_version = (subprocess.run(["wrk", "--version"], capture_output=True, text=True).stdout.split(" [")[0]
                   if shutil.which("wrk") else "no wrk")
    nginx_version = (subprocess.run(["nginx", "-v"], capture_output=True, text=True).stderr.strip()
                     if shutil.which("nginx") else "no nginx")
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
    """Every fleet size in turn, then the many-scopes run (or only the section `--only` names); returns what the
    report is made of."""
    binaries = {name: build_dir / name for name in ("rds_sim", "rds_exporter")}
    for name, path in binaries.items():
        if not os.access(path, os.X_OK):
            sys.exit(f"bench: {path} is missing; build {name} first (make bench does)")
    fleet_scale = args.only in (None, "fleets")
    for tool in ("wrk", "nginx") if fleet_scale else ():
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
    sizes = [int(s) for s in args.sizes.split(",")] if fleet_scale else []
    results = {}
    with tempfile.TemporaryDirectory(prefix="rds-bench-") as temp:
        workdir = Path(temp)
        try:
            if fleet_scale:
                fleets = []
                for size in sizes:
                    log(f"fleet of {size}: rds_sim --generate {size} --seed {SEED}, {args.latency_ms} ms per call")
                    fleets.append(measure_fleet(args, binaries, size, workdir))
                if not args.no_default_limits_run:
                    size = max(sizes)
                    log(f"fleet of {size} again with the default aws.rate_limit.* (first cycle only)")
                    fleets.append(measure_fleet(args, binaries, size, workdir, with_scrapes=False, rate_limited=True))
                results.update({"machine": machine, "fleets": fleets})
            if args.only in (None, "completeness"):
                results["completeness"] = measure_completeness(args, binaries, workdir)
            if args.only in (None, "cost"):
                results["cost"] = measure_cost(args, binaries, workdir)
            if args.only in (None, "scopes"):
                log(f"{SCOPES_FLEET} instances over {SCOPES_ACCOUNTS} accounts x {SCOPES_REGIONS} regions: rds_sim "
                    f"--generate {SCOPES_FLEET} --accounts {SCOPES_ACCOUNTS} --regions {SCOPES_REGIONS} --seed {SEED}, "
                    f"one exporter")
                scopes = measure_scopes(args, binaries, workdir)
                scopes["run"] = scopes_run_line(args, binaries, load_before)
                results["scopes"] = scopes
        finally:
            for kept in [*workdir.glob("*.err"), *workdir.glob("wrk-*.txt"), *workdir.glob("metrics-*.txt.gz")]:
                shutil.copy(kept, results_dir / kept.name)
    return results


def scopes_run_line(args, binaries, load_before):
    revision = subprocess.run(["git", "-C", str(REPO), "describe", "--always", "--dirty"], capture_output=True,
                              text=True).stdout.strip()
    version = subprocess.run([str(binaries["rds_exporter"]), "--version"], capture_output=True,
                             text=True).stdout.strip()
    return (f"Measured {datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')} on "
            f"{os.cpu_count()} cores, load average {load_before[0]:.2f} {load_before[1]:.2f} {load_before[2]:.2f} "
            f"before the run, `{version}` (`{args.build_dir}`), work tree at `{revision}`: rds_sim `--generate "
            f"{SCOPES_FLEET} --accounts {SCOPES_ACCOUNTS} --regions {SCOPES_REGIONS} --seed {SEED}` with "
            f"{args.latency_ms} ms added to every call, collection interval {args.collection_interval} s, the "
            f"fleet-scale runs' settings otherwise (rate limits 0, no tag filter, Performance Insights off)"
            + (f", and `{' '.join(args.exporter_env)}`" if args.exporter_env else "") + ".")


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
    parser.add_argument("--only", choices=("fleets", "scopes", "completeness", "cost"),
                        help="run one section: the fleet-scale runs, the many-scopes run (5,000 instances in "
                             "5 accounts x 2 regions), or the completeness run (a real Prometheus, rds_sim time "
                             "scaled); the other sections' tables and results stay as they are")
    parser.add_argument("--completeness-scale", type=int, default=20,
                        help="time scale of rds_sim and the exporter in the completeness run (default: 20)")
    parser.add_argument("--completeness-minutes", type=int, default=30,
                        help="minutes of rds_sim time each delivery mode runs (default: 30)")
    parser.add_argument("--completeness-instances", type=int, default=10,
                        help="instances of the completeness run's fleet (default: 10)")
    parser.add_argument("--cost-scale", type=int, default=30,
                        help="time scale of rds_sim and the exporter in the cost run (default: 30)")
    parser.add_argument("--cost-instances", type=int, default=1000,
                        help="instances of the cost run's fleet (default: 1000)")
    parser.add_argument("--report-only", action="store_true",
                        help="measure nothing: rewrite the document and chart from <build-dir>/bench/results.json")
    parser.add_argument("--output", default=str(REPO / "BENCHMARKS.md"), help="the document to fill in")
    parser.add_argument("--chart", default=str(REPO / "bench" / "fleet-scale.png"), help="the PNG to draw")
    args = parser.parse_args()

    build_dir = Path(args.build_dir)
    if not build_dir.is_absolute():
        build_dir = REPO / build_dir
    results_path = build_dir / "bench" / "results.json"
    previous = json.loads(results_path.read_text()) if results_path.exists() else {}
    if args.report_only:
        results = previous
    else:
        # One section alone keeps the other's results from the last run.
        results = {**previous, **run(args, build_dir)} if args.only else run(args, build_dir)
        results_path.write_text(json.dumps(results, indent=2) + "\n")
    output = Path(args.output)
    document = output.read_text()
    blocks, written = {}, [output, results_path]
    fleets = results.get("fleets") if args.only != "scopes" else None
    if fleets:
        chart = Path(args.chart)
        with tempfile.TemporaryDirectory(prefix="rds-bench-chart-") as temp:
            drawn = draw_chart(fleets, chart, Path(temp))
        written.append(chart)
        blocks.update({
            "machine": results["machine"],
            "watched": watched_table(fleets),
            "calls": calls_table(fleets),
            "peers": peers_table(fleets),
            "speed": speed_table(fleets),
            "scrape": scrape_table(fleets),
            "targets": targets_table(fleets),
            "chart": f"![Cycle time and peak RSS against fleet size]({os.path.relpath(chart, output.parent)})"
                     if drawn else "(gnuplot was missing: no chart)",
        })
    scopes = results.get("scopes") if args.only != "fleets" else None
    if scopes:
        # The single scope of the same size: measured in this run if it was, else read from the tables in place.
        same = [r for r in results.get("fleets", []) if r["fleet"] == scopes["fleet"] and not r["rate_limited"]]
        single = (single_scope_from_fleet(same[0]) if same and args.only != "scopes" else
                  single_scope_from_document(document, scopes["fleet"]))
        blocks["scopes"] = scopes_block(scopes, single)
    if results.get("completeness") and args.only in (None, "completeness"):
        blocks["completeness"] = completeness_table(results["completeness"])
    if results.get("cost") and args.only in (None, "cost"):
        blocks["cost"] = cost_table(results["cost"])
    output.write_text(fill_markers(document, blocks))
    log(f"wrote {', '.join(str(path) for path in written)}")


if __name__ == "__main__":
    main()
