"""End to end: the Grafana dashboards of deploy/grafana/dashboards/ and the alert rules of
deploy/prometheus/alerts.yaml against a real Prometheus scraping the demo (rds_sim's demo fleet plus a second
region, the exporter with tag labels, as scripts/demo.sh runs them).

1. Static checks of every dashboard: valid JSON, a stable uid, unique panel ids, every panel and target on the
   `${datasource}` variable (a `datasource` variable of type prometheus), every variable used defined, no field
   override naming a column that a transformation renames before overrides apply; and, with --kubectl, that
   deploy/grafana/kustomization.yaml renders each one unchanged into a ConfigMap for the Grafana chart's sidecar.
2. `promtool check rules` on the alert rules.
3. rds_sim and rds_exporter run 10 times faster than real time (rds_sim --time-scale, the exporter's hidden
   --testing.time-scale), so that counters move between the scrapes of the run; the exporter also remote-writes
   to rds_sim's Amazon Managed Service for Prometheus endpoint, and rds_sim throttles some Performance Insights
   calls, so that the remote-write, failed-request, throttle and retry panels have data.
   Prometheus scrapes the exporter every second and evaluates the rules every second.
4. Every rule of /api/v1/rules has been evaluated with health "ok".
5. Every target of every panel, its template variables substituted as Grafana would (query variables from their
   label_values/label_names query through Prometheus' HTTP API, "All" as the variable's allValue, $__rate_interval
   as 1m), returns at least one sample through /api/v1/query (instant targets) or /api/v1/query_range (range
   targets). A single-valued variable that no other variable depends on (the instance detail's instance) is set
   to its first value; a target without data there is tried with the variable's next values in turn, because
   the demo has no instance of every engine with every source on (no instance has both InnoDB and PostgreSQL
   checkpoints); the value that served it is printed. A target with no data for any value fails.

Exemptions: none (EXEMPT below lists target refs that may be empty, each with its reason).
"""

import argparse
import ctypes
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

TIME_SCALE = 10
BACKDATE = 3600
SCRAPE_JOB = "rds-exporter"
SECOND_REGION = "us-east-1"
SECOND_REGION_INSTANCES = [  # scripts/demo.sh's
    {"id": "checkout-db-use1", "engine": "postgres", "class": "db.r6g.large", "multi_az": True,
     "tags": {"env": "prd", "team": "payments", "service": "checkout"}},
    {"id": "search-db-use1", "engine": "mysql", "class": "db.m6g.large",
     "tags": {"env": "prd", "team": "search", "service": "search-api"}},
    {"id": "search-db-use1-stg", "engine": "mysql", "class": "db.t4g.medium",
     "tags": {"env": "stg", "team": "search", "service": "search-api"}},
]
# A fault that gives the failed-request, throttle and retry panels something to show without stopping any source:
# Performance Insights throttles a third of GetResourceMetrics attempts, which the exporter retries.
FAULTS = {"seed": 18, "rules": [{"service": "pi", "operation": "GetResourceMetrics", "throttle": 0.3}]}
DEMO_KEYS = {"AWS_ACCESS_KEY_ID": "AKIARDSSIMEXPORTER01",
             "AWS_SECRET_ACCESS_KEY": "rdssimExporterSecretKey0000000000000001"}
ALLOWED_PANEL_TYPES = {"timeseries", "stat", "table", "bargauge", "row"}
# Grafana's built-in variables; every other $name must be a dashboard variable.
BUILTIN = {"__rate_interval": "1m", "__interval": "15s", "__interval_ms": "15000", "__range": "1h",
           "__range_s": "3600", "__range_ms": "3600000"}
# (dashboard uid, panel title, refId) -> why that target may return nothing in the demo.
EXEMPT = {}
DATA_DEADLINE = 75  # seconds after the exporter's first collection for every target to have data

VARIABLE_RE = re.compile(r"\$\{(\w+)(?::[^}]*)?\}|\[\[(\w+)(?::[^\]]*)?\]\]|\$(\w+)")


def log(message):
    print(message, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http(url, data=None, method=None, timeout=10):
    request = urllib.request.Request(url, data=data, method=method)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=timeout) as answer:
        return answer.read().decode()


class QueryError(Exception):
    """Prometheus answered a query with an error."""


def wait_for(what, predicate, timeout, interval=0.5):
    deadline = time.monotonic() + timeout
    while True:
        try:
            result = predicate()
            if result:
                return result
        except (OSError, ValueError, KeyError, QueryError):
            pass
        if time.monotonic() > deadline:
            raise SystemExit(f"FAIL: timed out after {timeout} s waiting for {what}")
        time.sleep(interval)


# ---- dashboards -------------------------------------------------------------------------------------------------

def all_panels(dashboard):
    for panel in dashboard.get("panels", []):
        yield panel
        yield from panel.get("panels", [])  # a collapsed row holds its panels


def variables_used(text):
    return {a or b or c for a, b, c in VARIABLE_RE.findall(text)}


def static_check(path):
    """The problems of one dashboard file; an empty list when it is sound."""
    problems = []
    try:
        with open(path) as f:
            dashboard = json.load(f)
    except (OSError, ValueError) as error:
        return [f"not valid JSON: {error}"], None
    if not re.fullmatch(r"[A-Za-z0-9_-]{1,40}", dashboard.get("uid") or ""):
        problems.append(f"uid {dashboard.get('uid')!r} is not a stable uid of 1 to 40 characters")
    if dashboard.get("id") is not None:
        problems.append("id must be null in a provisioned dashboard")
    if not isinstance(dashboard.get("schemaVersion"), int):
        problems.append("no schemaVersion")
    variables = dashboard.get("templating", {}).get("list", [])
    names = [v.get("name") for v in variables]
    if len(set(names)) != len(names):
        problems.append(f"variables defined twice: {names}")
    datasource_vars = [v for v in variables if v.get("type") == "datasource"]
    if [(v.get("name"), v.get("query")) for v in datasource_vars] != [("datasource", "prometheus")]:
        problems.append("needs exactly one variable 'datasource' of type datasource with query 'prometheus'")
    defined = set(names)
    for i, variable in enumerate(variables):
        if variable.get("type") == "query":
            if variable.get("datasource") != {"type": "prometheus", "uid": "${datasource}"}:
                problems.append(f"variable {variable.get('name')}: datasource is not ${{datasource}}")
            earlier = set(names[:i])
            for used in variables_used(variable_query(variable)) - earlier - set(BUILTIN):
                problems.append(f"variable {variable.get('name')} uses ${used}, not defined before it")
    ids = []
    for panel in all_panels(dashboard):
        where = f"panel {panel.get('id')} {panel.get('title')!r}"
        ids.append(panel.get("id"))
        if panel.get("type") not in ALLOWED_PANEL_TYPES:
            problems.append(f"{where}: type {panel.get('type')!r}")
        if "gridPos" not in panel:
            problems.append(f"{where}: no gridPos")
        texts = [panel.get("title", ""), panel.get("description", ""), json.dumps(panel.get("fieldConfig", {}))]
        if panel.get("type") == "row":
            if panel.get("targets"):
                problems.append(f"{where}: a row with targets")
        else:
            if panel.get("datasource") != {"type": "prometheus", "uid": "${datasource}"}:
                problems.append(f"{where}: datasource {panel.get('datasource')} is not ${{datasource}}")
            targets = panel.get("targets") or []
            if not targets:
                problems.append(f"{where}: no targets")
            refs = [t.get("refId") for t in targets]
            if len(set(refs)) != len(refs):
                problems.append(f"{where}: refIds repeat: {refs}")
            for target in targets:
                if target.get("datasource") != {"type": "prometheus", "uid": "${datasource}"}:
                    problems.append(f"{where} {target.get('refId')}: datasource is not ${{datasource}}")
                if not (target.get("expr") or "").strip():
                    problems.append(f"{where} {target.get('refId')}: empty expr")
                texts += [target.get("expr", ""), target.get("legendFormat", "")]
        renamed = {}
        for transformation in panel.get("transformations") or []:
            if transformation.get("id") == "organize":
                renamed.update(transformation.get("options", {}).get("renameByName") or {})
        for override in panel.get("fieldConfig", {}).get("overrides", []):
            matcher = override.get("matcher", {})
            if matcher.get("id") == "byName" and matcher.get("options") in renamed:
                problems.append(f"{where}: an override names {matcher['options']!r}, which the organize "
                                f"transformation renames to {renamed[matcher['options']]!r} before overrides apply")
        for used in set().union(*(variables_used(t) for t in texts)):
            if used not in defined and not used.startswith("__"):
                problems.append(f"{where}: uses ${used}, which is not defined")
    if len(set(ids)) != len(ids) or None in ids:
        problems.append(f"panel ids are not unique: {sorted(i for i in ids if ids.count(i) > 1)}")
    return problems, dashboard


# ---- Prometheus -------------------------------------------------------------------------------------------------

class Prometheus:
    def __init__(self, port):
        self.base = f"http://127.0.0.1:{port}"

    def api(self, path, **params):
        query = urllib.parse.urlencode(params, doseq=True)
        try:
            body = http(f"{self.base}{path}?{query}")
        except urllib.error.HTTPError as refusal:  # 400/422 carry Prometheus' error message
            body = refusal.read().decode()
        answer = json.loads(body)
        if answer.get("status") != "success":
            message = str(answer.get("error"))
            raise QueryError(f"{answer.get('errorType')}: {message[:400]}{' ...' if len(message) > 400 else ''}")
        return answer["data"]


def variable_query(variable):
    query = variable.get("query", "")
    return query.get("query", "") if isinstance(query, dict) else query


def substitute(text, values):
    def replace(match):
        name = match.group(1) or match.group(2) or match.group(3)
        if name in values:
            return values[name]
        if name in BUILTIN:
            return BUILTIN[name]
        return match.group(0)
    return VARIABLE_RE.sub(replace, text)


def apply_regex(options, regex):
    if not regex:
        return options
    match = re.fullmatch(r"/(.*)/([gimsuy]*)", regex)
    pattern = re.compile(match.group(1), re.IGNORECASE if "i" in match.group(2) else 0)
    kept = []
    for option in options:
        found = pattern.search(option)
        if found:
            kept.append(found.group("value") if "value" in pattern.groupindex else
                        found.group(1) if pattern.groups else option)
    return kept


def variable_options(prometheus, variable, values):
    """The options Grafana would list for a query variable, given the values of the variables before it."""
    if variable.get("type") == "custom":
        return [o.strip() for o in variable.get("query", "").split(",") if o.strip()]
    if variable.get("type") in ("textbox", "constant"):
        return [variable.get("query", "")]
    query = substitute(variable_query(variable), values).strip()
    label_values = re.fullmatch(r"label_values\((?:(.*),)?\s*(\w+)\s*\)", query, re.S)
    label_names = re.fullmatch(r"label_names\((.*)\)", query, re.S)
    if label_values:
        match, label = label_values.group(1), label_values.group(2)
        params = {"match[]": match.strip()} if match else {}
        options = prometheus.api(f"/api/v1/label/{label}/values", **params)
    elif label_names:
        match = label_names.group(1).strip()
        options = prometheus.api("/api/v1/labels", **({"match[]": match} if match else {}))
    else:
        raise SystemExit(f"FAIL: variable {variable['name']}: query {query!r} is not one this test understands")
    options = apply_regex([o for o in options if o != ""], variable.get("regex", ""))
    if variable.get("sort") in (1, 2, 5, 6):
        options = sorted(options, reverse=variable.get("sort") in (2, 6))
    return options


def grafana_regex_escape(value):
    """A value in a multi-value regex as Grafana's Prometheus data source writes it into a PromQL string."""
    return re.sub(r"[$^*{}\[\]'+?.()|]", lambda m: "\\\\" + m.group(0), value.replace("\\", "\\\\\\\\"))


def current_value(variable):
    value = (variable.get("current") or {}).get("value")
    return value[0] if isinstance(value, list) and len(value) == 1 else value


def resolve_variables(prometheus, dashboard):
    """Each variable's value as Grafana shows the dashboard first (All as allValue, else the saved current value
    when it is an option, else the first option), and the options of the leaf single-valued variables."""
    variables = dashboard.get("templating", {}).get("list", [])
    values, leaf_options = {}, {}
    used_by_others = set()
    for variable in variables:
        used_by_others |= variables_used(variable_query(variable))
    for variable in variables:
        name = variable["name"]
        if variable["type"] == "datasource":
            values[name] = "prometheus"
            continue
        options = variable_options(prometheus, variable, values)
        current = current_value(variable)
        if variable.get("includeAll") and current == "$__all":
            values[name] = variable.get("allValue") or "(" + "|".join(grafana_regex_escape(o) for o in options) + ")"
            continue
        if not options:
            raise QueryError(f"variable {name} has no options: {substitute(variable_query(variable), values)}")
        values[name] = current if current in options else options[0]
        if variable["type"] == "query" and name not in used_by_others and not variable.get("multi"):
            leaf_options[name] = options
    return values, leaf_options


def run_target(prometheus, target, values, now):
    expr = substitute(target["expr"], values)
    if target.get("instant") or not target.get("range", True):
        data = prometheus.api("/api/v1/query", query=expr, time=f"{now:.3f}")
        found = len(data["result"]) if data["resultType"] in ("vector", "matrix") else 1
        return found, f"{found} series", expr
    data = prometheus.api("/api/v1/query_range", query=expr, start=f"{now - 60:.3f}", end=f"{now:.3f}", step="5")
    found = sum(len(series["values"]) for series in data["result"])
    return found, f"{found} samples of {len(data['result'])} series", expr


def check_targets(prometheus, dashboards):
    """(passed, failed) lists of lines, one per target."""
    now = time.time()
    passed, failed = [], []
    for uid, dashboard in dashboards.items():
        try:
            values, leaf_options = resolve_variables(prometheus, dashboard)
        except QueryError as error:
            failed.append(f"{uid}: {error}")
            continue
        for panel in all_panels(dashboard):
            for target in panel.get("targets") or []:
                where = f"{uid} / panel {panel['id']} {panel['title']!r} / {target['refId']}"
                tried, outcome = [], None
                assignments = [({}, values)] + [({name: option}, {**values, name: option})
                                                for name, options in leaf_options.items()
                                                for option in options if option != values[name]]
                for changed, assignment in assignments:
                    try:
                        found, what, expr = run_target(prometheus, target, assignment, now)
                    except QueryError as error:
                        outcome = f"FAIL {where}: {error}\n      {substitute(target['expr'], assignment)}"
                        break
                    tried.append(expr)
                    if found:
                        note = (" with " + ", ".join(f"{k}={v}" for k, v in changed.items())) if changed else ""
                        outcome = f"ok   {where}: {what}{note}"
                        break
                if outcome is None:
                    reason = EXEMPT.get((uid, panel["title"], target["refId"]))
                    outcome = (f"EXEMPT {where}: no data ({reason})" if reason else
                               f"FAIL {where}: no data for any value tried\n      {tried[0]}")
                (failed if outcome.startswith("FAIL") else passed).append(outcome)
    return passed, failed


# ---- processes --------------------------------------------------------------------------------------------------

def kustomize_check(kubectl, grafana_dir, paths):
    """deploy/grafana/kustomization.yaml renders one ConfigMap per dashboard, labelled for the Grafana chart's
    sidecar, holding the file unchanged."""
    import yaml  # Debian's python3-yaml; only this check needs it
    rendered = subprocess.run([kubectl, "kustomize", grafana_dir], capture_output=True, text=True)
    if rendered.returncode != 0:
        return [f"kubectl kustomize {grafana_dir} exited {rendered.returncode}: {rendered.stderr.strip()}"]
    problems, found = [], {}
    for item in yaml.safe_load_all(rendered.stdout):
        labels = item.get("metadata", {}).get("labels", {})
        if item.get("kind") != "ConfigMap" or labels.get("grafana_dashboard") != "1":
            problems.append(f"kustomize: {item.get('kind')} {item.get('metadata', {}).get('name')} is not a ConfigMap "
                            "labelled grafana_dashboard: \"1\"")
        found.update(item.get("data", {}))
    for path in paths:
        with open(path) as f:
            if found.pop(os.path.basename(path), None) != f.read():
                problems.append(f"kustomize: no ConfigMap holds {os.path.basename(path)} as it is")
    problems += [f"kustomize: {name} is no dashboard file" for name in found]
    return problems


def die_with_parent():
    """In the child before exec: SIGTERM when the test dies, however it dies (a CTest timeout kills it)."""
    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def stop_on_signal(signum, _frame):
    raise SystemExit(f"stopped by signal {signum}")


class Processes:
    def __init__(self, workdir):
        self.workdir = workdir
        self.children = []

    def start(self, name, argv, env=None):
        out = open(os.path.join(self.workdir, f"{name}.log"), "w")
        process = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT, env=env, preexec_fn=die_with_parent)
        self.children.append((name, process))
        return process

    def require_running(self):
        for name, process in self.children:
            if process.poll() is not None:
                raise SystemExit(f"FAIL: {name} exited with {process.returncode}:\n{self.log_tail(name)}")

    def log_tail(self, name, lines=30):
        try:
            with open(os.path.join(self.workdir, f"{name}.log")) as f:
                return "".join(f.readlines()[-lines:])
        except OSError:
            return ""

    def stop(self):
        for _, process in reversed(self.children):
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for name, process in reversed(self.children):
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def start_demo(processes, args, prometheus_port):
    sim = processes.start("rds_sim", [args.rds_sim, "--fleet", os.path.join(args.source_dir, "sim/fleets/demo.yaml"),
                                      "--port", "0", "--time-scale", str(TIME_SCALE),
                                      "--time-backdate", str(BACKDATE)])

    def sim_port():
        if sim.poll() is not None:
            raise SystemExit("FAIL: rds_sim exited:\n" + processes.log_tail("rds_sim"))
        found = re.search(r"listening on http://127\.0\.0\.1:(\d+)", processes.log_tail("rds_sim", 5))
        return found and int(found.group(1))
    sim_url = f"http://127.0.0.1:{wait_for('rds_sim to listen', sim_port, 20, 0.1)}"
    for instance in SECOND_REGION_INSTANCES:
        http(f"{sim_url}/_sim/fleet/instances", json.dumps({**instance, "region": SECOND_REGION}).encode(), "POST")
    http(f"{sim_url}/_sim/faults", json.dumps(FAULTS).encode(), "PUT")
    clock = json.loads(http(f"{sim_url}/_sim/clock"))

    exporter_port = free_port()
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), **DEMO_KEYS, "AWS_EC2_METADATA_DISABLED": "true",
           "APP_AWS_REGION": "ap-northeast-2", "APP_AWS_REGIONS": f"ap-northeast-2,{SECOND_REGION}",
           "APP_AWS_ENDPOINT_URL": sim_url, "APP_EXPORTER_PORT": str(exporter_port),
           "APP_EXPORTER_TAG_LABELS": "team,service", "APP_LOG_LEVEL": "info",
           "APP_CLOUDWATCH_RETRY_DELAY": "0.05",
           "APP_REMOTE_WRITE": json.dumps([{"url": f"{sim_url}/workspaces/ws-grafana-e2e/api/v1/remote_write",
                                            "sigv4": {"region": "ap-northeast-2"}}])}
    processes.start("rds_exporter", [args.rds_exporter, "--config-dir", os.path.join(args.source_dir, "config"),
                                     "--testing.time-scale", str(TIME_SCALE),
                                     "--testing.time-origin", f"{clock['start']:.6f}",
                                     "--testing.time-backdate", str(BACKDATE)], env=env)

    config = os.path.join(processes.workdir, "prometheus.yml")
    with open(config, "w") as f:
        json.dump({"global": {"scrape_interval": "1s", "scrape_timeout": "1s", "evaluation_interval": "1s"},
                   "rule_files": [os.path.abspath(args.alerts)],
                   "scrape_configs": [{"job_name": SCRAPE_JOB,
                                       "static_configs": [{"targets": [f"127.0.0.1:{exporter_port}"]}]}]}, f)
    processes.start("prometheus", [args.prometheus, f"--config.file={config}",
                                   f"--storage.tsdb.path={os.path.join(processes.workdir, 'data')}",
                                   f"--web.listen-address=127.0.0.1:{prometheus_port}"])
    return sim_url, exporter_port


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rds-sim", required=True)
    parser.add_argument("--rds-exporter", required=True)
    parser.add_argument("--source-dir", required=True, help="the project's root")
    parser.add_argument("--alerts", help="alert rules (default: <source-dir>/deploy/prometheus/alerts.yaml)")
    parser.add_argument("--prometheus", default="/usr/bin/prometheus")
    parser.add_argument("--promtool", default="/usr/bin/promtool")
    parser.add_argument("--kubectl", help="checks deploy/grafana/kustomization.yaml's ConfigMaps when given")
    parser.add_argument("--hold", action="store_true", help="keep everything running after the checks (Ctrl-C stops)")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, stop_on_signal)
    signal.signal(signal.SIGINT, stop_on_signal)
    args.alerts = args.alerts or os.path.join(args.source_dir, "deploy/prometheus/alerts.yaml")
    if not os.path.isfile(args.alerts):
        raise SystemExit(f"FAIL: no alert rules at {args.alerts} (issue 18's deploy/prometheus/alerts.yaml)")
    dashboards_dir = os.path.join(args.source_dir, "deploy/grafana/dashboards")
    started = time.monotonic()

    # 1. Static checks.
    failures, dashboards, uids = [], {}, []
    paths = sorted(os.path.join(dashboards_dir, n) for n in os.listdir(dashboards_dir) if n.endswith(".json"))
    if not paths:
        raise SystemExit(f"FAIL: no dashboards in {dashboards_dir}")
    for path in paths:
        problems, dashboard = static_check(path)
        failures += [f"{os.path.basename(path)}: {p}" for p in problems]
        if dashboard is not None:
            uids.append(dashboard.get("uid"))
            dashboards[dashboard.get("uid")] = dashboard
            log(f"static {os.path.basename(path)}: uid {dashboard.get('uid')}, "
                f"{sum(1 for p in all_panels(dashboard) if p.get('type') != 'row')} panels, "
                f"{len(problems)} problems")
    if len(set(uids)) != len(uids):
        failures.append(f"dashboard uids repeat: {uids}")

    if args.kubectl:
        kustomize_problems = kustomize_check(args.kubectl, os.path.dirname(dashboards_dir), paths)
        log(f"kubectl kustomize deploy/grafana: {len(paths)} dashboards, {len(kustomize_problems)} problems")
        failures += kustomize_problems
    else:
        log("kubectl kustomize deploy/grafana: not checked (no --kubectl)")

    # 2. promtool check rules.
    check = subprocess.run([args.promtool, "check", "rules", args.alerts], capture_output=True, text=True)
    log(f"promtool check rules {args.alerts}: exit {check.returncode}\n{check.stdout.strip()}{check.stderr.strip()}")
    if check.returncode != 0:
        failures.append("promtool check rules failed")
    # The live checks run whatever the static ones found, so that one run reports every problem.

    # 3. The demo and Prometheus.
    workdir = tempfile.mkdtemp(prefix="rds-exporter-grafana-e2e-")
    processes = Processes(workdir)
    try:
        prometheus_port = free_port()
        _, exporter_port = start_demo(processes, args, prometheus_port)
        prometheus = Prometheus(prometheus_port)

        def exporter_ready():
            processes.require_running()
            page = http(f"http://127.0.0.1:{exporter_port}/metrics")
            return (len(re.findall(r"^rds_exporter_scope_up\{.*\} 1$", page, re.M)) == 2 and
                    "\nrds_os_cpu_utilization_ratio{" in page and "\nrds_max_connections{" in page)
        wait_for("both scopes' first collection", exporter_ready, 60)
        log(f"demo collected after {time.monotonic() - started:.1f} s")

        def scraped():
            processes.require_running()
            return prometheus.api("/api/v1/query", query=f'up{{job="{SCRAPE_JOB}"}} == 1')["result"]
        wait_for("Prometheus to scrape the exporter", scraped, 30)

        # 4. Every rule evaluated, health ok.
        def rules_evaluated():
            groups = prometheus.api("/api/v1/rules")["groups"]
            rules = [r for g in groups for r in g["rules"]]
            return rules if rules and all(not r["lastEvaluation"].startswith("0001") for r in rules) else None
        rules = wait_for("every rule to be evaluated", rules_evaluated, 30)
        bad_rules = [f"{r.get('name')}: health {r.get('health')} {r.get('lastError', '')}" for r in rules
                     if r.get("health") != "ok"]
        log(f"rules: {len(rules)} evaluated, {len(rules) - len(bad_rules)} with health ok")
        failures += [f"rule {line}" for line in bad_rules]

        # 5. Every panel target returns data, retried until the deadline while counters fill their windows.
        deadline = time.monotonic() + DATA_DEADLINE
        while True:
            passed, failed = check_targets(prometheus, dashboards)
            if not failed or time.monotonic() > deadline:
                break
            time.sleep(3)
        for line in passed + failed:
            log(line)
        log(f"targets: {len(passed)} with data, {len(failed)} failed "
            f"({time.monotonic() - started:.1f} s after start)")
        failures += failed
        if args.hold:
            log(f"holding: Prometheus http://127.0.0.1:{prometheus_port}/, exporter http://127.0.0.1:{exporter_port}/")
            signal.pause()
    finally:
        processes.stop()
        if failures:
            for name in ("rds_exporter", "prometheus"):
                log(f"--- last lines of {name}'s log:\n{processes.log_tail(name, 15)}")
        shutil.rmtree(workdir, ignore_errors=True)
    if failures:
        raise SystemExit("FAIL:\n  " + "\n  ".join(failures))
    log(f"PASS in {time.monotonic() - started:.1f} s")


if __name__ == "__main__":
    main()
