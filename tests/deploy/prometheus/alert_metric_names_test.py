#!/usr/bin/python3
"""Every metric name deploy/prometheus/alerts.yaml uses is one a real /metrics page serves.

Runs rds_sim with the demo fleet (sim/fleets/demo.yaml) and rds_exporter against it as scripts/demo.sh does, with
two additions the fleet rules need: a burstable (db.t4g) instance that matches the default filter, and
cloudwatch.metrics.add CPUCreditBalance (not a default metric). Then checks, for each name in an alert's expr:
that the page has samples of it; that they have every label a matcher of the rule names; that it is a counter
when the rule takes its rate() or increase(); that its HELP names the unit the rule's threshold assumes. Names the demo cannot show are listed below, each with its reason.

    alert_metric_names_test.py --rds-sim build/rds_sim --rds-exporter build/rds_exporter
"""

import argparse
import json
import os
import pathlib
import re
import socket
import subprocess
import sys
import time
import urllib.request

import yaml

ROOT = pathlib.Path(__file__).resolve().parents[3]
ALERTS = ROOT / "deploy/prometheus/alerts.yaml"

# Not on the exporter's page, by design.
MADE_BY_PROMETHEUS = {"up"}
# Exported only with coordination.enabled (Kubernetes sharding), which the demo does not run: expected absent.
EXPECTED_ABSENT_IN_DEMO = {
    "rds_exporter_coordination_scope_held",
    "rds_exporter_coordination_scopes_held",
    "rds_exporter_coordination_last_renew_timestamp_seconds",
}
# The unit each fleet rule's threshold is written in, as the family's HELP states it.
UNIT_IN_HELP = {
    "rds_freestoragespace": "unit Bytes",
    "rds_allocated_storage_bytes": "as bytes",
    "rds_max_allocated_storage_bytes": "as bytes",
    "rds_replicalag": "unit Seconds",
    "rds_aurorareplicalag": "unit Milliseconds",
    "rds_cpucreditbalance": "unit Count",
    "rds_databaseconnections": "unit Count",
}

# Labels Prometheus' scrape adds to every series.
TARGET_LABELS = {"job", "instance"}

PROMQL_WORDS = {"and", "or", "unless", "bool", "offset", "by", "without", "on", "ignoring", "group_left",
                "group_right", "inf", "nan"}


def metric_names(expr: str) -> set[str]:
    """The metric names of a PromQL expression: identifiers that are not functions, keywords, label names or
    durations."""
    text = re.sub(r'"(?:[^"\\]|\\.)*"', '""', expr)  # string literals (label values)
    text = re.sub(r"\{[^}]*\}", "", text)  # label matchers
    text = re.sub(r"\[[^\]]*\]", "", text)  # range and subquery durations
    text = re.sub(r"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", " ", text)  # label lists
    names = set()
    for match in re.finditer(r"(?<![\w:.])([a-zA-Z_:][\w:]*)(\s*\()?", text):
        name, call = match.group(1), match.group(2)
        if call or name.lower() in PROMQL_WORDS:
            continue
        names.add(name)
    return names


def matcher_labels(expr: str) -> set[tuple[str, str]]:
    """(metric, label name) of every label matcher written after a metric name: metric{label="..."}."""
    pairs = set()
    for name, matchers in re.findall(r"([a-zA-Z_:][\w:]*)\{([^}]*)\}", expr):
        pairs |= {(name, label) for label in re.findall(r"([a-zA-Z_]\w*)\s*(?:=~|!~|!=|=)", matchers)}
    return pairs


def counter_operands(expr: str) -> set[str]:
    return set(re.findall(r"\b(?:rate|increase|irate)\(\s*([a-zA-Z_:][\w:]*)", expr))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str, data: bytes | None = None) -> str:
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"} if data else {})
    with urllib.request.urlopen(request, timeout=5) as response:
        return response.read().decode()


def wait_for(predicate, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    last = None
    while time.monotonic() < deadline:
        try:
            last = predicate()
            if last:
                return last
        except OSError:
            pass
        time.sleep(0.3)
    return last


def parse_page(page: str):
    samples, types, helps, labels = set(), {}, {}, {}
    for line in page.splitlines():
        if line.startswith("# TYPE "):
            _, _, name, kind = line.split(" ", 3)
            types[name] = kind
        elif line.startswith("# HELP "):
            _, _, name, text = line.split(" ", 3)
            helps[name] = text
        elif line and not line.startswith("#"):
            name = re.match(r"[a-zA-Z_:][\w:]*", line).group(0)
            samples.add(name)
            labels.setdefault(name, set()).update(re.findall(r'[{,]([a-zA-Z_]\w*)="', line))
    return samples, types, helps, labels


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rds-sim", required=True)
    parser.add_argument("--rds-exporter", required=True)
    args = parser.parse_args()

    rules = [rule for group in yaml.safe_load(ALERTS.read_text())["groups"] for rule in group["rules"]]
    used, counters, matched = {}, set(), set()
    for rule in rules:
        for name in metric_names(rule["expr"]):
            used.setdefault(name, []).append(rule["alert"])
        counters |= counter_operands(rule["expr"])
        matched |= matcher_labels(rule["expr"])
    failures = []
    for name in sorted(EXPECTED_ABSENT_IN_DEMO | set(UNIT_IN_HELP)):
        if name not in used:
            failures.append(f"{name} is listed in this test but no alert uses it any more: update the lists")

    sim_port, exporter_port = free_port(), free_port()
    sim_url = f"http://127.0.0.1:{sim_port}"
    processes = []
    try:
        processes.append(subprocess.Popen([args.rds_sim, "--fleet", str(ROOT / "sim/fleets/demo.yaml"),
                                           "--port", str(sim_port)], stdout=subprocess.DEVNULL))
        if not wait_for(lambda: get(f"{sim_url}/_sim/fleet"), 20, "rds_sim"):
            print("rds_sim did not start", file=sys.stderr)
            return 1
        # scripts/demo.sh's second region, plus a burstable instance the default filter (env=prd) watches.
        for instance in (
            {"id": "checkout-db-use1", "engine": "postgres", "class": "db.r6g.large", "multi_az": True,
             "tags": {"env": "prd", "team": "payments", "service": "checkout"}},
            {"id": "burst-db-use1", "engine": "mysql", "class": "db.t4g.medium",
             "tags": {"env": "prd", "team": "search", "service": "burst"}},
        ):
            get(f"{sim_url}/_sim/fleet/instances", json.dumps({**instance, "region": "us-east-1"}).encode())
        env = dict(os.environ,
                   AWS_ACCESS_KEY_ID="AKIARDSSIMEXPORTER01",
                   AWS_SECRET_ACCESS_KEY="rdssimExporterSecretKey0000000000000001",
                   AWS_EC2_METADATA_DISABLED="true",
                   APP_AWS_REGION="ap-northeast-2", APP_AWS_REGIONS="ap-northeast-2,us-east-1",
                   APP_AWS_ENDPOINT_URL=sim_url, APP_EXPORTER_HOST="127.0.0.1", APP_EXPORTER_PORT=str(exporter_port),
                   APP_EXPORTER_TAG_LABELS="team,service", APP_LOG_LEVEL="warn",
                   APP_CLOUDWATCH_METRICS_ADD="CPUCreditBalance")
        processes.append(subprocess.Popen([args.rds_exporter, "--config-dir", str(ROOT / "config")], env=env,
                                          cwd=ROOT, stdout=subprocess.DEVNULL))
        metrics_url = f"http://127.0.0.1:{exporter_port}/metrics"
        wanted = set(used) - MADE_BY_PROMETHEUS - EXPECTED_ABSENT_IN_DEMO

        def complete():
            page = get(metrics_url)
            return page if wanted <= parse_page(page)[0] else None

        page = wait_for(complete, 60, "every name") or get(metrics_url)
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in processes:
            process.wait(timeout=10)

    samples, types, helps, labels = parse_page(page)
    for name, alerts in sorted(used.items()):
        where = ", ".join(sorted(set(alerts)))
        if name in MADE_BY_PROMETHEUS:
            continue
        if name in EXPECTED_ABSENT_IN_DEMO:
            if name in samples:
                failures.append(f"{name} ({where}) is on the demo page: remove it from EXPECTED_ABSENT_IN_DEMO")
            continue
        if name not in samples:
            failures.append(f"{name} ({where}) is not on the demo's /metrics page")
            continue
        if name in counters and types.get(name) != "counter":
            failures.append(f"{name} ({where}) is taken rate() or increase() of but is a {types.get(name)}")
        if name in UNIT_IN_HELP and UNIT_IN_HELP[name] not in helps.get(name, ""):
            failures.append(f"{name} ({where}): HELP no longer says '{UNIT_IN_HELP[name]}': {helps.get(name)}")
        for metric, label in sorted(matched):
            if metric == name and label not in labels.get(name, set()) | TARGET_LABELS:
                failures.append(f"{name} ({where}) is matched on a label {label} its samples do not have")

    checked = sorted(set(used) - MADE_BY_PROMETHEUS - EXPECTED_ABSENT_IN_DEMO)
    print(f"{len(rules)} alerts use {len(used)} metric names; checked on the demo page: {', '.join(checked)}")
    print(f"made by Prometheus: {', '.join(sorted(MADE_BY_PROMETHEUS))}; "
          f"coordination only, absent in the demo: {', '.join(sorted(EXPECTED_ABSENT_IN_DEMO))}")
    for failure in failures:
        print("FAIL: " + failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
