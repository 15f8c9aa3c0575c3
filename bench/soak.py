#!/usr/bin/env python3
"""make soak (issue 13, outside CI): rds_exporter against rds_sim for 10 minutes while faults are injected at
runtime, /metrics is scraped under load, and idle and slowloris connections are held open. Writes RELIABILITY.md.

Timeline (fractions of SOAK_SECONDS, default 600), after the first complete /metrics:
  warm-up 10% | faults mix 25% (30% throttling, 10% 5xx, dropped connections, truncated and malformed bodies)
  | latency spikes 15% (several seconds on every AWS call, on and off) | credential expiry 10% (every temporary
  credential rds_sim issued ends at once, twice) | CloudWatch outage 25% (every GetMetricData a 500) | recovery 15%.

The exporter signs with a role it assumes through rds_sim's STS (rds-exporter-assumer -> rds-exporter-role), so
expiring credentials means something. Throughout: 4 keep-alive scrapers hit /metrics (gzip and plain) back to back,
a well-behaved client scrapes gzip /metrics and /health once a second and times it, 500 idle TCP connections and 50
slowloris clients are held open (re-opened when the server closes them), and the exporter's RSS and open fds are
sampled every few seconds. Nothing here fails on a number: it reports.
"""

import argparse
import datetime
import json
import os
import re
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import abuse  # noqa: E402

TOOL = "soak"
SEED = 7
PHASES = [  # name, fraction of the run, what happens
    ("warm-up", 0.10, "no faults"),
    ("faults", 0.25, "every AWS call: 30% throttling, 10% 5xx, 3% dropped connections, 3% truncated and 3% "
                     "malformed bodies"),
    ("latency", 0.15, "every AWS call delayed 3-6 s, in spikes of 10 s on and 10 s off"),
    ("credentials", 0.10, "`POST /_sim/credentials/expire-all` at the start and halfway: every temporary "
                          "credential issued so far answers ExpiredToken"),
    ("outage", 0.25, "CloudWatch down: every monitoring call answers 500"),
    ("recovery", 0.15, "no faults"),
]
# The exporter's settings for the run: a short collection interval so that ten minutes hold many cycles, and a
# stale_after that the outage can reach. exporter.export_timestamps puts each value's CloudWatch timestamp on it.
COLLECTION_INTERVAL = 15
STALE_AFTER = 200
PERIOD = 60
DELAY = 60
SAMPLE_LINE = re.compile(r"^(rds_[a-z0-9_]+)(?:\{.*\})? \S+ (\d+)$")
SELF_METRIC = re.compile(r"^(rds_exporter_[a-z0-9_]+)(\{[^}]*\})? (\S+)$", re.M)


def log(message):
    abuse.log(TOOL, message)


def effective_mix(throttle, server_error, drop, truncate, malformed):
    """rds_sim tries a rule's faults in order and the first that fires wins; turns the wanted share of every call
    per fault into the probabilities to configure."""
    rule = {}
    left = 1.0
    for key, share in (("throttle", throttle), ("server_error", server_error), ("drop_connection", drop),
                       ("truncate_body", truncate), ("malformed_body", malformed)):
        rule[key] = round(share / left, 6)
        left -= share
    return rule


FAULTS_RULE = {"service": "*", **effective_mix(0.30, 0.10, 0.03, 0.03, 0.03)}
LATENCY_RULE = {"service": "*", "latency_ms": 3000, "jitter_ms": 3000}
OUTAGE_RULE = {"service": "monitoring", "server_error": 1}


def freshness_limit():
    """How old (now minus its CloudWatch timestamp) a served value may be, as src/snapshot/snapshot_merge.cpp
    defines it: dropped once now - (timestamp + span) > max(stale_after, delay + 2 * span + collection_interval),
    span being cloudwatch.period (every metric of the catalog publishes each minute)."""
    span = PERIOD
    lifetime = max(STALE_AFTER, DELAY + 2 * span + COLLECTION_INTERVAL)
    return lifetime + span, lifetime


class Recorder:
    """Everything the threads measure, by phase; one lock."""

    def __init__(self):
        self.lock = threading.Lock()
        self.phase = "start"
        self.phase_started = {}
        self.pool = {}  # phase -> {"total", "codes": {}, "errors": {}}
        self.good = []  # one dict per well-behaved scrape
        self.resources = []  # (monotonic, phase, rss_kib, fds)
        self.sim = []  # (monotonic, GetMetricData answered 200, ExpiredToken answers, AWS calls): rds_sim's view

    def set_phase(self, name):
        with self.lock:
            self.phase = name
            self.phase_started[name] = (time.monotonic(), time.time())

    def pool_result(self, status, error):
        with self.lock:
            entry = self.pool.setdefault(self.phase, {"total": 0, "codes": {}, "errors": {}})
            entry["total"] += 1
            if status is not None:
                entry["codes"][str(status)] = entry["codes"].get(str(status), 0) + 1
            else:
                entry["errors"][error] = entry["errors"].get(error, 0) + 1

    def good_result(self, row):
        with self.lock:
            row["phase"] = self.phase
            self.good.append(row)

    def sim_sample(self, row):
        with self.lock:
            self.sim.append(row)

    def resource_sample(self, rss, fds):
        with self.lock:
            self.resources.append((time.monotonic(), self.phase, rss, fds))


def read_page(text, now):
    """The oldest CloudWatch timestamp among the rds_ samples of a /metrics page (exporter.export_timestamps), and the
    self-metrics the report needs."""
    oldest_ms = None
    samples = 0
    for line in text.splitlines():
        if not line.startswith("rds_") or line.startswith("rds_exporter_"):
            continue
        match = SAMPLE_LINE.match(line)
        if match:
            samples += 1
            stamp = int(match.group(2))
            oldest_ms = stamp if oldest_ms is None or stamp < oldest_ms else oldest_ms
    own = {}
    for name, labels, value in SELF_METRIC.findall(text):
        try:
            own[name + (labels or "")] = float(value)
        except ValueError:
            pass
    return {
        "oldest_age": (now - oldest_ms / 1000.0) if oldest_ms is not None else None,
        "timestamped_samples": samples,
        "series": own.get("rds_exporter_series"),
        "last_success": own.get("rds_exporter_last_collection_success_timestamp_seconds"),
        "expired_total": own.get("rds_exporter_series_expired_total"),
    }


def pool_worker(port, recorder, deadline, number, pause):
    """Back-to-back scrapes on one keep-alive connection, gzip and plain in turn; bodies read, not parsed."""
    scraper = abuse.Scraper(port, timeout=15)
    gzipped = number % 2 == 0
    while time.monotonic() < deadline:
        status, _, _, error = scraper.get("/metrics", gzipped=gzipped, decode=False)
        recorder.pool_result(status, error)
        gzipped = not gzipped
        time.sleep(pause if status is not None else 0.5)
    scraper.close()


def good_client(port, recorder, deadline):
    """A well-behaved client: gzip /metrics then /health once a second on its keep-alive connections, with
    Prometheus's default scrape timeout (10 s)."""
    scraper = abuse.Scraper(port, timeout=10)
    health = abuse.Scraper(port, timeout=10)
    next_tick = time.monotonic()
    while time.monotonic() < deadline:
        status, body, seconds, error = scraper.get("/metrics", gzipped=True)
        now = time.time()
        row = {"t": time.monotonic(), "wall": now, "status": status, "seconds": seconds, "error": error}
        if status == 200:
            row.update(read_page(body.decode(errors="replace"), now))
        health_status, _, _, health_error = health.get("/health", gzipped=False, decode=False)
        row["health"] = health_status if health_status is not None else health_error
        recorder.good_result(row)
        next_tick += 1.0
        time.sleep(max(0.0, next_tick - time.monotonic()))
        if next_tick < time.monotonic() - 5:
            next_tick = time.monotonic()
    scraper.close()
    health.close()


def resource_sampler(exporter, recorder, deadline, every):
    while time.monotonic() < deadline:
        recorder.resource_sample(exporter.status_kib("VmRSS"), exporter.fd_count())
        time.sleep(every)


def sim_watcher(sim_url, recorder, deadline):
    """rds_sim's counts once a second: what the exporter got from AWS, seen from AWS's side, whatever the HTTP
    server does with scrapes."""
    while time.monotonic() < deadline:
        try:
            stats = abuse.http_request(sim_url + "/_sim/stats", timeout=5)
        except OSError:
            time.sleep(1)
            continue
        outcomes = sim_outcomes(stats)
        recorder.sim_sample((time.monotonic(), outcomes.get("monitoring:GetMetricData:200", 0),
                             sum(n for k, n in outcomes.items() if k.endswith(":ExpiredToken")), stats.get("total", 0)))
        time.sleep(1)


def answered_get_metric_data(sim_url):
    return sim_outcomes(abuse.http_request(sim_url + "/_sim/stats", timeout=5)).get("monitoring:GetMetricData:200", 0)


def first_progress(samples, since, base, until=float("inf")):
    """Seconds from `since` (monotonic) to the first sample of rds_sim's counts before `until` with more
    GetMetricData answered than `base` (the count at `since`); None if none."""
    if base is None:
        return None
    for row in samples:
        if row[0] >= until:
            return None
        if row[0] > since and row[1] > base:
            return row[0] - since
    return None


def sim_outcomes(stats):
    """Outcome counts over every service and operation of `GET /_sim/stats`."""
    totals = {}
    for service, operations in stats.get("requests", {}).items():
        for operation, outcomes in operations.items():
            for outcome, count in outcomes.items():
                key = f"{service}:{operation}:{outcome}"
                totals[key] = totals.get(key, 0) + count
    return totals


def drive_phases(sim_url, recorder, phases, abuse_end, exporter):
    """Sets the fault plan phase by phase (this thread), until the last phase ends."""
    notes = {}
    for name, seconds in phases:
        recorder.set_phase(name)
        end = time.monotonic() + seconds
        log(f"phase {name} ({seconds:.0f} s)")
        if name == "faults":
            abuse.http_request(sim_url + "/_sim/faults", "PUT", {"seed": SEED, "rules": [FAULTS_RULE]})
        elif name == "latency":
            spike = True
            while time.monotonic() < end:
                rules = [LATENCY_RULE] if spike else []
                abuse.http_request(sim_url + "/_sim/faults", "PUT", {"seed": SEED, "rules": rules})
                time.sleep(max(0.0, min(10.0, end - time.monotonic())))
                spike = not spike
            abuse.http_request(sim_url + "/_sim/faults", "DELETE")
        elif name == "credentials":
            abuse.http_request(sim_url + "/_sim/faults", "DELETE")
            notes["expired_at"] = (time.monotonic(), time.time())
            first = abuse.http_request(sim_url + "/_sim/credentials/expire-all", "POST")
            notes["answered_at_expiry"] = answered_get_metric_data(sim_url)
            time.sleep(max(0.0, seconds / 2))
            second = abuse.http_request(sim_url + "/_sim/credentials/expire-all", "POST")
            notes["expired"] = [first.get("expired"), second.get("expired")]
        elif name == "outage":
            abuse.http_request(sim_url + "/_sim/faults", "PUT", {"seed": SEED, "rules": [OUTAGE_RULE]})
        elif name == "recovery":
            abuse.http_request(sim_url + "/_sim/faults", "DELETE")
            notes["answered_at_recovery"] = answered_get_metric_data(sim_url)
        else:
            abuse.http_request(sim_url + "/_sim/faults", "DELETE")
        while time.monotonic() < end:
            if not exporter.alive():
                log(f"the exporter exited with {exporter.returncode()} during {name}")
            time.sleep(min(1.0, max(0.0, end - time.monotonic())))
    return notes


def summarize(recorder, abuse_stats, sim_stats, phases, notes, exporter_exit, resources_quiet, args, machine,
              started_wall, limit):
    good = recorder.good
    by_phase = {}
    for name, _ in phases:
        rows = [r for r in good if r["phase"] == name]
        pool = recorder.pool.get(name, {"total": 0, "codes": {}, "errors": {}})
        latencies = [r["seconds"] * 1000 for r in rows if r["status"] == 200]
        ages = [r["oldest_age"] for r in rows if r.get("oldest_age") is not None]
        by_phase[name] = {
            "pool": pool,
            "good_total": len(rows),
            "good_ok": len(latencies),
            "good_failed": {str(r["status"] or r["error"]): 0 for r in rows if r["status"] != 200},
            "p50_ms": abuse.percentile(latencies, 0.50),
            "p99_ms": abuse.percentile(latencies, 0.99),
            "max_ms": max(latencies) if latencies else None,
            "health_not_200": sum(1 for r in rows if r.get("health") != 200),
            "oldest_age": max(ages) if ages else None,
        }
        for r in rows:
            if r["status"] != 200:
                by_phase[name]["good_failed"][str(r["status"] or r["error"])] += 1
    starts = [recorder.phase_started.get(name, (None,))[0] for name, _ in phases]
    for index, (name, _) in enumerate(phases):
        begin = starts[index]
        end = starts[index + 1] if index + 1 < len(phases) else float("inf")
        inside = [row for row in recorder.sim if begin is not None and begin <= row[0] < end]
        before = [row for row in recorder.sim if begin is not None and row[0] < begin]
        base = before[-1] if before else (inside[0] if inside else None)
        by_phase[name]["gmd_ok"] = inside[-1][1] - base[1] if inside and base else None
        by_phase[name]["expired_tokens"] = inside[-1][2] - base[2] if inside and base else None
    all_latencies = [r["seconds"] * 1000 for r in good if r["status"] == 200]
    ages = [r["oldest_age"] for r in good if r.get("oldest_age") is not None]

    # Time to recover: from the moment the faults were cleared to the first well-behaved scrape with /health 200
    # and a collection that succeeded after that moment (its values are fresh).
    recovery = recorder.phase_started.get("recovery")
    recovered_after = None
    if recovery:
        for r in good:
            if r["t"] >= recovery[0] and r["status"] == 200 and r.get("health") == 200 and \
                    (r.get("last_success") or 0) >= recovery[1] and (r.get("series") or 0) > 0:
                recovered_after = r["t"] - recovery[0]
                break

    # After the first expire-all: the first well-behaved scrape showing a collection that succeeded since.
    renewed_after = None
    expired_at = notes.get("expired_at")
    if expired_at:
        for r in good:
            if outage_start := recorder.phase_started.get("outage"):
                if r["t"] >= outage_start[0]:
                    break  # not within the credentials phase: the outage would be the cause of what follows
            if r["t"] >= expired_at[0] and (r.get("last_success") or 0) >= expired_at[1]:
                renewed_after = r["t"] - expired_at[0]
                break

    # Within the credentials phase only: after it, the outage would be the cause of what follows.
    aws_renewed_after = first_progress(recorder.sim, expired_at[0], notes.get("answered_at_expiry"),
                                       recorder.phase_started.get("outage", (float("inf"),))[0]) \
        if expired_at else None
    aws_recovered_after = first_progress(recorder.sim, recovery[0], notes.get("answered_at_recovery")) \
        if recovery else None

    outage = recorder.phase_started.get("outage")
    expired_in_outage = None
    if outage and recovery:
        before = [r["expired_total"] for r in good if r["t"] < outage[0] and r.get("expired_total") is not None]
        after = [r["expired_total"] for r in good if r["t"] >= recovery[0] and r.get("expired_total") is not None]
        if before and after:
            expired_in_outage = after[0] - before[-1]
    min_series_outage = None
    if outage:
        series = [r["series"] for r in good if outage[0] <= r["t"] < (recovery[0] if recovery else 1e18)
                  and r.get("series") is not None]
        min_series_outage = min(series) if series else None

    warm = recorder.phase_started.get("faults")
    samples = [s for s in recorder.resources if s[2] is not None]
    after_warm = next((s for s in samples if warm and s[0] >= warm[0]), samples[0] if samples else None)
    last = samples[-1] if samples else None

    pool_total = sum(p["pool"]["total"] for p in by_phase.values())
    pool_codes, pool_errors = {}, {}
    for p in by_phase.values():
        for code, count in p["pool"]["codes"].items():
            pool_codes[code] = pool_codes.get(code, 0) + count
        for kind, count in p["pool"]["errors"].items():
            pool_errors[kind] = pool_errors.get(kind, 0) + count
    good_failed = {}
    for p in by_phase.values():
        for kind, count in p["good_failed"].items():
            good_failed[kind] = good_failed.get(kind, 0) + count

    outcomes = sim_outcomes(sim_stats)

    def outcome_sum(predicate):
        return sum(count for key, count in outcomes.items() if predicate(*key.split(":", 2)))

    faults_fired = {
        "throttled": outcome_sum(lambda s, o, r: r == "fault:Throttling"),
        "5xx": outcome_sum(lambda s, o, r: r in ("fault:InternalFailure", "fault:InternalServiceError",
                                                  "fault:ServiceUnavailable")),
        "dropped": outcome_sum(lambda s, o, r: r == "fault:drop"),
        "truncated": outcome_sum(lambda s, o, r: r == "fault:truncate"),
        "malformed": outcome_sum(lambda s, o, r: r == "fault:malformed"),
        "ExpiredToken": outcome_sum(lambda s, o, r: r == "ExpiredToken"),
        "AssumeRole ok": outcome_sum(lambda s, o, r: s == "sts" and o == "AssumeRole" and r == "200"),
        "GetMetricData ok": outcome_sum(lambda s, o, r: s == "monitoring" and o == "GetMetricData" and r == "200"),
        "all calls": sim_stats.get("total"),
    }
    return {
        "args": vars(args), "machine": machine, "started": started_wall, "phases": phases, "notes": notes,
        "by_phase": by_phase, "pool_total": pool_total, "pool_codes": pool_codes, "pool_errors": pool_errors,
        "good_total": len(good), "good_failed": good_failed,
        "good_p50_ms": abuse.percentile(all_latencies, 0.50), "good_p99_ms": abuse.percentile(all_latencies, 0.99),
        "good_max_ms": max(all_latencies) if all_latencies else None,
        "oldest_age": max(ages) if ages else None, "limit": limit,
        "recovered_after": recovered_after, "renewed_after": renewed_after, "aws_renewed_after": aws_renewed_after,
        "aws_recovered_after": aws_recovered_after, "expired_in_outage": expired_in_outage,
        "min_series_outage": min_series_outage,
        "rss_after_warm_kib": after_warm[2] if after_warm else None, "rss_end_kib": last[2] if last else None,
        "fds_after_warm": after_warm[3] if after_warm else None, "fds_end": last[3] if last else None,
        "rss_peak_sampled_kib": max((s[2] for s in samples), default=None),
        "quiet": resources_quiet, "exporter_exit": exporter_exit, "abuse": abuse_stats, "faults_fired": faults_fired,
    }


def fmt_ms(value):
    return "n/a" if value is None else f"{value:.1f} ms"


def fmt_mb(kib):
    return "n/a" if kib is None else f"{kib / 1024:.1f} MB"


def fmt_counts(counts):
    if not counts:
        return "none"
    return ", ".join(f"{key}: {value:,}" for key, value in sorted(counts.items(), key=lambda kv: -kv[1]))


def signed(value, unit=""):
    return "n/a" if value is None else f"{value:+,.1f}{unit}" if isinstance(value, float) else f"{value:+,}{unit}"


FUZZ_SUMMARY = abuse.REPO / "build-fuzz" / "fuzz-summary.txt"


def fuzz_table(summary=FUZZ_SUMMARY):
    summary = Path(summary)
    if not summary.exists():
        return f"Not run: `{shown_path(summary)}` (written by `make fuzz`) does not exist.\n"
    rows = []
    for line in summary.read_text().splitlines():
        parts = line.split()
        if len(parts) < 3 or line.startswith("#") or parts[0].lower() == "target":
            continue
        executions = f"{int(parts[1]):,}" if parts[1].isdigit() else parts[1]
        rows.append(f"| {parts[0]} | {executions} | {' '.join(parts[2:])} |")
    if not rows:
        return f"Not run: `{shown_path(summary)}` holds no `target executions findings` line.\n"
    written = datetime.datetime.fromtimestamp(summary.stat().st_mtime, datetime.timezone.utc)
    return "\n".join([f"`{shown_path(summary)}`, written {written.strftime('%Y-%m-%d %H:%M UTC')}:", "",
                      "| Target | Executions | Findings |", "|---|---|---|", *rows]) + "\n"


def shown_path(path):
    try:
        return str(Path(path).resolve().relative_to(abuse.REPO))
    except ValueError:
        return str(path)


def report_block(result):
    a = result["args"]
    m = result["machine"]
    q = result["quiet"]
    ab = result["abuse"]
    limit_age, lifetime = result["limit"]
    non_200 = {code: n for code, n in result["pool_codes"].items() if code != "200"}
    good_non_200 = sum(result["good_failed"].values())
    exit_code = result["exporter_exit"]
    crashed = "no" if exit_code["alive_at_end"] else f"**yes**: exited with {exit_code['during']}"
    rss_drift = (result["rss_end_kib"] - result["rss_after_warm_kib"]) / 1024 \
        if result["rss_end_kib"] is not None and result["rss_after_warm_kib"] is not None else None
    fd_drift = result["fds_end"] - result["fds_after_warm"] \
        if result["fds_end"] is not None and result["fds_after_warm"] is not None else None
    quiet_fd_drift = q["fds_after"] - q["fds_before"] if None not in (q["fds_after"], q["fds_before"]) else None
    quiet_rss_drift = (q["rss_after"] - q["rss_before"]) / 1024 if None not in (q["rss_after"], q["rss_before"]) \
        else None
    oldest = result["oldest_age"]
    if oldest is None:
        oldest_verdict = "no page with values was served"
    elif oldest <= limit_age:
        oldest_verdict = "within"
    elif oldest - limit_age <= COLLECTION_INTERVAL:
        oldest_verdict = (f"**{oldest - limit_age:.0f} s past**, within one collection interval (as when values were "
                          f"dropped only at the merge that ends each cycle)")
    else:
        oldest_verdict = f"**{oldest - limit_age:.0f} s past**, more than one collection interval"
    slow_answers = fmt_counts(ab["slowloris_answers"])
    slow_holds = ab["slowloris_hold_seconds"]
    idle_holds = ab["idle_hold_seconds"]
    if result["renewed_after"] is not None:
        renewed_text = f"a collection succeeded again {fmt_s(result['renewed_after'])} after the first expire-all"
    elif result["by_phase"]["credentials"]["good_ok"]:
        renewed_text = "no collection succeeded within the phase after the first expire-all"
    else:
        renewed_text = "renewal not observed: no well-behaved scrape was answered in the phase"
    answered_in_recovery = result["by_phase"]["recovery"]["good_ok"]
    recovery_text = ("**not recovered** by the end of the run" if answered_in_recovery else
                     "not observed: no well-behaved scrape was answered after the faults were cleared")
    fewest = "n/a" if result["min_series_outage"] is None else f"{result['min_series_outage']:,.0f}"
    phase_lengths = ", ".join(f"{name} {seconds:.0f} s" for name, seconds in result["phases"])
    rows = [
        ("Exporter crashed", f"{crashed} (alive at the end; exit code on SIGTERM: {exit_code['on_stop']})"),
        ("Scrapes of /metrics (4 keep-alive scrapers)", f"{result['pool_total']:,}"),
        ("Non-200 scrapes, by code", fmt_counts(non_200)),
        ("Failed scrapes, by error", fmt_counts(result["pool_errors"])),
        ("Well-behaved client (gzip, 1/s): scrapes", f"{result['good_total']:,}, failed: "
                                                     f"{fmt_counts(result['good_failed'])}"),
        ("Well-behaved client p50 / p99 / max", f"{fmt_ms(result['good_p50_ms'])} / **{fmt_ms(result['good_p99_ms'])}**"
                                                f" / {fmt_ms(result['good_max_ms'])}"),
        ("Oldest value served (now − CloudWatch timestamp)",
         f"{'n/a' if oldest is None else f'{oldest:.0f} s'} against a limit of {limit_age} s "
         f"(stale_after {STALE_AFTER} s → lifetime {lifetime} s past the period's end + {PERIOD} s period): "
         f"{oldest_verdict}"),
        ("Series dropped as stale during the outage",
         "n/a" if result["expired_in_outage"] is None else
         f"{result['expired_in_outage']:,.0f} (fewest series served then: {fewest})"),
        ("Time to recover after the outage", recovery_text if result["recovered_after"] is None else
         f"**{result['recovered_after']:.1f} s** (faults cleared → /health 200 and a collection succeeded since)"),
        ("Seen from rds_sim (AWS's side)",
         f"first GetMetricData answered {fmt_s(result.get('aws_recovered_after'))} after the outage ended, and "
         f"{'none within the phase' if result.get('aws_renewed_after') is None else fmt_s(result['aws_renewed_after'])}"
         f" after the first expire-all (rds_sim's counts polled once a second)"),
        ("RSS after warm-up → end (drift)",
         f"{fmt_mb(result['rss_after_warm_kib'])} → {fmt_mb(result['rss_end_kib'])} "
         f"(**{signed(rss_drift, ' MB') if rss_drift is not None else 'n/a'}**); peak sampled "
         f"{fmt_mb(result['rss_peak_sampled_kib'])}, VmHWM {fmt_mb(q['hwm_end'])}"),
        ("Open fds after warm-up → end (drift)", f"{result['fds_after_warm']} → {result['fds_end']} "
                                                 f"(**{signed(fd_drift)}**){', abuse connections included' if a['idle'] or a['slowloris'] else ''}"),
        ("Without the abuse connections: before → after the run",
         f"fds {q['fds_before']} → {q['fds_after']} ({signed(quiet_fd_drift)}), RSS {fmt_mb(q['rss_before'])} → "
         f"{fmt_mb(q['rss_after'])} ({signed(quiet_rss_drift, ' MB') if quiet_rss_drift is not None else 'n/a'})"),
        (f"Idle connections ({a['idle']})", f"opened {ab['idle_opened']:,}, closed by the server {ab['idle_closed_by_server']:,}"
                                   f" (median after {fmt_s(abuse.percentile(idle_holds, 0.5))}), connect errors "
                                   f"{ab['idle_connect_errors']:,}"),
        (f"Slowloris clients ({a['slowloris']}, a header line every 3 s)",
         f"opened {ab['slowloris_opened']:,}, closed by the server {ab['slowloris_closed_by_server']:,} "
         f"(median after {fmt_s(abuse.percentile(slow_holds, 0.5))}; answers before closing: {slow_answers}), "
         f"connect errors {ab['slowloris_connect_errors']:,}"),
        ("Faults rds_sim injected", fmt_counts({k: v for k, v in result["faults_fired"].items()
                                                  if k not in ("AssumeRole ok", "GetMetricData ok", "all calls")})),
        ("Credentials expired", f"expire-all ended {' and '.join(str(n) for n in result['notes'].get('expired', []))}"
                                f" temporary credentials; AssumeRole answered {result['faults_fired']['AssumeRole ok']:,}"
                                f" times in the run; {renewed_text}"),
        ("AWS calls", f"{result['faults_fired']['all calls']:,} in all, "
                      f"{result['faults_fired']['GetMetricData ok']:,} GetMetricData answered"),
    ]
    if a["idle"] == 0 and a["slowloris"] == 0:
        rows = [row for row in rows if not row[0].startswith(("Idle connections", "Slowloris clients",
                                                              "Without the abuse"))]
    table = "\n".join(["| Measure | Result |", "|---|---|", *[f"| {k} | {v} |" for k, v in rows]])
    phase_rows = ["By phase:", "", "| Phase | Length | What | Scrapes | Non-200 | Errors | Well-behaved p50 / p99 | /health not 200 "
                  "| Oldest value | GetMetricData answered |", "|---|---|---|---|---|---|---|---|---|---|"]
    for (name, fraction, what), (_, seconds) in zip(PHASES, result["phases"]):
        p = result["by_phase"][name]
        codes = {c: n for c, n in p["pool"]["codes"].items() if c != "200"}
        age = p["oldest_age"]
        phase_rows.append(
            f"| {name} | {seconds:.0f} s | {what} | {p['pool']['total']:,} | {fmt_counts(codes)} | "
            f"{fmt_counts(p['pool']['errors'])} | {fmt_ms(p['p50_ms'])} / {fmt_ms(p['p99_ms'])} | "
            f"{p['health_not_200']} of {p['good_total']} | {'n/a' if age is None else f'{age:.0f} s'} | "
            f"{gmd_text(p)} |")
    control = a["idle"] == 0 and a["slowloris"] == 0
    if a["seconds"] == 600 and not control:
        command = "make soak"
    else:
        command = f"SOAK_SECONDS={a['seconds']:.0f} make soak" if not control else \
            f"python3 bench/soak.py --control --seconds {a['seconds']:.0f}"
    load = (f"{a['idle']} idle TCP connections and {a['slowloris']} slowloris clients (a request line, then one "
            f"header line every 3 s, never finished) held open and re-opened when the server closes them"
            if not control else "no idle or slowloris connections (the control run)")
    return f"""- Command: `{command}` ({a['seconds']:.0f} s of phases after the first complete /metrics), on `{m['revision']}`,
  {datetime.datetime.fromtimestamp(result['started'], datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}
- Machine: `nproc` {m['nproc']} ({m['cpu']}), `free -h` {m['memory']}, load average before the run {m['load']};
  shared with other work, so latencies carry its noise
- rds_sim: `--generate {a['fleet']} --seed {SEED}`; the exporter, Release, signs with `rds-exporter-role`, assumed
  through rds_sim's STS as `rds-exporter-assumer`; `--set exporter.collection_interval={COLLECTION_INTERVAL}
  exporter.stale_after={STALE_AFTER} exporter.export_timestamps=true target.tag_key=` (every instance), the rest
  built-in defaults (cloudwatch.period {PERIOD} s, cloudwatch.delay {DELAY} s, 3 attempts per AWS call)
- Load throughout: {a['scrapers']} scrapers on keep-alive connections, back to back (50 ms apart), gzip and plain in
  turn; a well-behaved client scraping gzip /metrics and /health once a second (its latency below); {load}
- Phases: {phase_lengths}

{table}

{chr(10).join(phase_rows)}
"""


BLOCKS = {
    "run": ("## Results", "Not run yet: `make soak` writes it."),
    "control": ("## Control run: the same faults, no idle or slowloris connections",
                "Not run yet: `python3 bench/soak.py --control` writes it."),
}


def document(existing, name, block, fuzz_summary=FUZZ_SUMMARY):
    """RELIABILITY.md with `block` between its `<!-- soak:NAME -->` markers and the other blocks carried over from
    `existing` (the file as it was), the text around them as this script has it."""
    blocks = {}
    for other in BLOCKS:
        match = re.search(rf"<!-- soak:{other} -->\n(.*?)<!-- /soak:{other} -->", existing or "", re.S)
        blocks[other] = match.group(1).rstrip("\n") if match else BLOCKS[other][1]
    blocks[name] = block.rstrip("\n")
    marked = {k: f"<!-- soak:{k} -->\n{v}\n<!-- /soak:{k} -->" for k, v in blocks.items()}
    return f"""# Reliability

How rds_exporter behaves when AWS misbehaves and clients abuse its HTTP endpoint, measured by `make soak`
(`bench/soak.py`, issue 13). These are measurements, not tests: `make soak` is never part of `make test` or CI, and
nothing in it fails on a number. The blocks between `soak:` markers are written by the script; the text around them
is `bench/soak.py`'s.

## Phases

After the first complete /metrics, SOAK_SECONDS (600 by default) split as follows; a phase's faults are set at runtime
through rds_sim's `PUT /_sim/faults` and cleared at the next:

{chr(10).join(f"- **{name}** ({fraction:.0%}): {what}" for name, fraction, what in PHASES)}

The recovery phase lasts at least three collection intervals, so that a recovery can be seen in a short run.
Throughout: the scrapers, the well-behaved client and the idle and slowloris connections below, and the exporter's
RSS and open fds sampled every 5 s.

How to read the tables: a non-200 scrape or a failed one is the HTTP server's doing (AWS faults never reach a
scrape: /metrics serves the last snapshot); `/health` turns 503 after 3 collection intervals without a successful
cycle. The oldest value is the largest now − CloudWatch timestamp over the rds_ samples of the well-behaved client's
pages (`exporter.export_timestamps`), against the limit `src/snapshot/snapshot_merge.cpp` applies: a value is dropped
once now − (timestamp + period) exceeds max(stale_after, delay + 2 × period + collection interval), and the
exporter merges its snapshot again at that moment (since 0.2.0; before, only at the end of each collection cycle, so
a value could be served up to one interval past its limit). Time to recover runs from the moment
the faults are cleared to the first well-behaved scrape with /health 200 and a collection that succeeded since.
Drift is the end minus the end of warm-up, with the abuse connections open both times; the line "without the abuse
connections" compares the exporter just before they were opened with a few seconds after they were closed.

{BLOCKS["run"][0]}

{marked["run"]}

{BLOCKS["control"][0]}

The control run shows what the AWS faults alone do to the values served, whatever the HTTP server does with
abusive clients.

{marked["control"]}

## Fuzzing

From `make fuzz` (its `fuzz-summary.txt`: executions and findings per libFuzzer target), as it was when this file
was written:

{fuzz_table(fuzz_summary)}"""


def gmd_text(phase):
    return "n/a" if phase.get("gmd_ok") is None else f"{phase['gmd_ok']:,}"


def fmt_s(value):
    return "n/a" if value is None else f"{value:.1f} s"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--build-dir", default="build")
    parser.add_argument("--seconds", type=float, default=float(os.environ.get("SOAK_SECONDS", "600")),
                        help="length of the phases (default: SOAK_SECONDS or 600)")
    parser.add_argument("--fleet", type=int, default=100, help="instances rds_sim generates (default: 100)")
    parser.add_argument("--idle", type=int, default=500)
    parser.add_argument("--slowloris", type=int, default=50)
    parser.add_argument("--scrapers", type=int, default=4)
    parser.add_argument("--control", action="store_true",
                        help="no idle or slowloris connections; written to RELIABILITY.md's control block")
    parser.add_argument("--output", default=str(abuse.REPO / "RELIABILITY.md"))
    parser.add_argument("--report-only", metavar="RESULTS_JSON",
                        help="rewrite RELIABILITY.md's block from a run's saved results (build/soak/results-*.json)")
    parser.add_argument("--fuzz-summary", default=str(FUZZ_SUMMARY),
                        help="make fuzz's summary for the Fuzzing table (default: build-fuzz/fuzz-summary.txt)")
    args = parser.parse_args()
    if args.control:
        args.idle = args.slowloris = 0
    output = Path(args.output)
    if args.report_only:
        result = json.loads(Path(args.report_only).read_text())
        control = result["args"]["idle"] == 0 and result["args"]["slowloris"] == 0
        existing = output.read_text() if output.exists() else None
        output.write_text(document(existing, "control" if control else "run", report_block(result),
                                   args.fuzz_summary))
        log(f"rewrote {output} from {args.report_only}")
        return
    build, binaries, machine, results_dir = abuse.prepare_run("soak", args.build_dir, "soak")
    started_wall = time.time()
    phases = [(name, args.seconds * fraction) for name, fraction, _ in PHASES]
    # Long enough for the next collection to happen and be seen, whatever SOAK_SECONDS says.
    phases[-1] = (phases[-1][0], max(phases[-1][1], 3.0 * COLLECTION_INTERVAL))
    recorder = Recorder()
    sim = exporter = holder = None
    with tempfile.TemporaryDirectory(prefix="rds-soak-") as temp:
        workdir = Path(temp)
        try:
            sim, sim_url = abuse.start_sim(binaries["rds_sim"], args.fleet, SEED, workdir)
            account = abuse.http_request(sim_url + "/_sim/fleet")["account_id"]
            settings = {
                "aws.assume_role_arn": f"arn:aws:iam::{account}:role/{abuse.EXPORTER_ROLE}",
                "exporter.collection_interval": str(COLLECTION_INTERVAL),
                "exporter.stale_after": str(STALE_AFTER),
                "exporter.export_timestamps": "true",
                "cloudwatch.period": str(PERIOD),
                "cloudwatch.delay": str(DELAY),
            }
            exporter, port = abuse.start_exporter(binaries["rds_exporter"], sim_url, workdir, abuse.ASSUMER_KEYS,
                                                  settings)
            log(f"rds_sim {sim_url} ({args.fleet} instances), exporter pid {exporter.pid} on port {port}")
            wait_first_collection(exporter, port, timeout=120)
            quiet = {"fds_before": exporter.fd_count(), "rss_before": exporter.status_kib("VmRSS")}
            holder = abuse.AbuseConnections(port, args.idle, args.slowloris, slowloris_interval=3.0)
            holder.start(timeout=60)
            log(f"holding {args.idle} idle and {args.slowloris} slowloris connections: {holder.snapshot()['idle_open_now']} "
                f"idle and {holder.snapshot()['slowloris_open_now']} slowloris open")
            deadline = time.monotonic() + sum(seconds for _, seconds in phases)
            recorder.set_phase(phases[0][0])
            threads = [threading.Thread(target=pool_worker, args=(port, recorder, deadline, n, 0.05), daemon=True)
                       for n in range(args.scrapers)]
            threads.append(threading.Thread(target=good_client, args=(port, recorder, deadline), daemon=True))
            threads.append(threading.Thread(target=resource_sampler, args=(exporter, recorder, deadline, 5.0),
                                            daemon=True))
            threads.append(threading.Thread(target=sim_watcher, args=(sim_url, recorder, deadline), daemon=True))
            for thread in threads:
                thread.start()
            notes = drive_phases(sim_url, recorder, phases, deadline, exporter)
            for thread in threads:
                thread.join(timeout=30)
            recorder.resource_sample(exporter.status_kib("VmRSS"), exporter.fd_count())
            holder.stop()
            abuse_stats = holder.snapshot()
            time.sleep(3)
            quiet.update({"fds_after": exporter.fd_count(), "rss_after": exporter.status_kib("VmRSS"),
                          "hwm_end": exporter.status_kib("VmHWM")})
            sim_stats = abuse.http_request(sim_url + "/_sim/stats")
            alive = exporter.alive()
            during = exporter.returncode()
            on_stop = exporter.stop()
            exit_info = {"alive_at_end": alive, "during": during, "on_stop": on_stop}
            result = summarize(recorder, abuse_stats, sim_stats, phases, notes, exit_info, quiet, args, machine,
                               started_wall, freshness_limit())
        finally:
            abuse.tear_down(holder, (exporter, sim), workdir, results_dir)
    raw = dict(result)
    raw["good"] = recorder.good
    raw["resources"] = recorder.resources
    raw["sim"] = recorder.sim
    saved = results_dir / f"results-{'control' if args.control else 'run'}.json"
    saved.write_text(json.dumps(raw, indent=1, default=str))
    existing = output.read_text() if output.exists() else None
    output.write_text(document(existing, "control" if args.control else "run", report_block(result),
                               args.fuzz_summary))
    log(f"wrote {output}; raw numbers in {saved} (--report-only {saved} renders them again)")


def wait_first_collection(exporter, port, timeout):
    """Until /metrics carries timestamped rds_ samples from a successful collection."""
    scraper = abuse.Scraper(port, timeout=10)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not exporter.alive():
            raise RuntimeError(f"the exporter exited with {exporter.returncode()}: {exporter.tail()}")
        status, body, _, _ = scraper.get("/metrics")
        if status == 200:
            page = read_page(body.decode(errors="replace"), time.time())
            if page["timestamped_samples"] and page["last_success"]:
                scraper.close()
                log(f"first collection: {page['timestamped_samples']:,} timestamped samples, oldest "
                    f"{page['oldest_age']:.0f} s")
                return
        time.sleep(0.5)
    raise RuntimeError(f"no complete /metrics within {timeout} s: {exporter.tail()}")


if __name__ == "__main__":
    main()
