#!/usr/bin/env python3
"""make edge-bench: the exporter's HTTP serving edge under abuse (issue 13), measured against rds_sim.

rds_sim `--generate 1000 --seed 7` and a Release exporter watching all of it; once the first complete /metrics is
served, a well-behaved client (one keep-alive connection, Accept-Encoding: gzip, requests one after another) times
2,000 scrapes of /metrics with no abuse, then the same with 1,000 idle TCP connections and 100 slowloris clients
(one header line every 3 s, never finished) held open, then one request with 1,000,000 header lines is streamed and
the status code and the exporter's RSS before and after are recorded. Writes the "Serving edge under abuse" section
of BENCHMARKS.md (between its `<!-- bench:edge -->` markers, nothing else) and <build-dir>/edge-bench/results.json.

Measurements, not tests: nothing here fails on a number.
"""

import argparse
import datetime
import json
import select
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import abuse  # noqa: E402
import run_bench  # noqa: E402  (MetricsPage: when a /metrics page is complete)

TOOL = "edge-bench"
SEED = 7


def log(message):
    abuse.log(TOOL, message)


def wait_complete(exporter, port, timeout=180):
    """Until /metrics shows a finished collection and all its values (run_bench's test of a complete page)."""
    scraper = abuse.Scraper(port, timeout=30)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not exporter.alive():
            raise RuntimeError(f"the exporter exited with {exporter.returncode()}: {exporter.tail()}")
        status, body, _, _ = scraper.get("/metrics")
        if status == 200 and run_bench.MetricsPage(body.decode(errors="replace")).complete_after(1):
            scraper.close()
            return
        time.sleep(0.5)
    raise RuntimeError(f"no complete /metrics within {timeout} s")


def measure_client(port, requests, time_limit):
    """`requests` gzip scrapes of /metrics one after another on one keep-alive connection (re-opened after an
    error), within `time_limit` seconds. Latency is request sent to whole body read."""
    scraper = abuse.Scraper(port, timeout=10)
    latencies, codes, errors = [], {}, {}
    body_bytes = None
    deadline = time.monotonic() + time_limit
    started = time.monotonic()
    sent = 0
    while sent < requests and time.monotonic() < deadline:
        status, body, seconds, error = scraper.get("/metrics", gzipped=True, decode=False)
        sent += 1
        if status is None:
            errors[error] = errors.get(error, 0) + 1
            time.sleep(0.05)
            continue
        codes[str(status)] = codes.get(str(status), 0) + 1
        if status == 200:
            latencies.append(seconds * 1000)
            body_bytes = len(body)
    scraper.close()
    return {
        "requests": sent, "wanted": requests, "ok": len(latencies), "codes": codes, "errors": errors,
        "p50_ms": abuse.percentile(latencies, 0.50), "p99_ms": abuse.percentile(latencies, 0.99),
        "max_ms": max(latencies) if latencies else None, "body_bytes": body_bytes,
        "seconds": time.monotonic() - started, "timed_out": sent < requests,
    }


class RssWatch:
    """The exporter's VmRSS every 50 ms on a thread of its own, for the peak between start() and stop()."""

    def __init__(self, child):
        self.child = child
        self.peak = None
        self.running = False
        self.thread = None

    def start(self):
        self.running = True
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        while self.running:
            rss = self.child.status_kib("VmRSS")
            if rss is not None and (self.peak is None or rss > self.peak):
                self.peak = rss
            time.sleep(0.05)

    def stop(self):
        self.running = False
        self.thread.join(timeout=5)
        return self.peak


def huge_header_request(port, lines, time_limit=180):
    """One GET /metrics followed by `lines` header lines, streamed in chunks of 10,000 lines (never built whole),
    reading whatever the server answers meanwhile. Stops sending once the server answers or closes."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    sock.setblocking(False)
    pending = b"GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Encoding: gzip\r\n"
    sent_lines = 0
    sent_bytes = 0
    answer = b""
    closed = None
    finished_sending = False
    started = time.monotonic()
    deadline = started + time_limit
    answered_at = None
    try:
        while time.monotonic() < deadline:
            want_write = not finished_sending and not answer
            readable, writable, _ = select.select([sock], [sock] if want_write else [], [], 1.0)
            if readable:
                try:
                    data = sock.recv(65536)
                except ConnectionResetError:
                    closed = "reset"
                    break
                if not data:
                    closed = "closed"
                    break
                if not answer:
                    answered_at = time.monotonic()
                answer += data
                if len(answer) > 1 << 20:
                    break
                continue
            if answer and not readable:
                # Answered and quiet for a second: enough to read a status line.
                if time.monotonic() - answered_at > 5:
                    break
                continue
            if writable:
                if not pending:
                    if sent_lines >= lines:
                        pending = b"\r\n"
                        finished_sending = True
                    else:
                        batch = min(10_000, lines - sent_lines)
                        pending = "".join(f"X-Flood-{n}: v\r\n"
                                          for n in range(sent_lines, sent_lines + batch)).encode()
                        sent_lines += batch
                try:
                    count = sock.send(pending)
                except (BrokenPipeError, ConnectionResetError) as error:
                    closed = "reset while sending" if isinstance(error, ConnectionResetError) else "broken pipe"
                    # What the server said before closing may still be in the receive buffer.
                    try:
                        sock.setblocking(True)
                        sock.settimeout(2)
                        answer += sock.recv(65536)
                    except OSError:
                        pass
                    break
                except BlockingIOError:
                    continue
                sent_bytes += count
                pending = pending[count:]
    finally:
        sock.close()
    status = None
    if answer.startswith(b"HTTP/1."):
        try:
            status = int(answer.split(b" ", 2)[1])
        except (IndexError, ValueError):
            status = None
    return {
        "status": status, "header_lines_sent": sent_lines, "bytes_sent": sent_bytes, "finished_sending": finished_sending,
        "connection": closed or "open", "seconds": time.monotonic() - started,
        "answer_start": answer[:200].decode(errors="replace"),
    }


def fmt_ms(value):
    return "n/a" if value is None else f"{value:.2f} ms"


def fmt_counts(counts):
    return ", ".join(f"{k}: {v:,}" for k, v in counts.items()) if counts else "0"


def section(results, machine, args):
    quiet, loaded, flood = results["quiet"], results["abused"], results["flood"]
    held = results["held"]

    def row(label, r, abuse_text):
        non_200 = {c: n for c, n in r["codes"].items() if c != "200"}
        errors = sum(r["errors"].values()) + sum(non_200.values())
        detail = []
        if r["errors"]:
            detail.append(fmt_counts(r["errors"]))
        if non_200:
            detail.append(fmt_counts(non_200))
        if r["timed_out"]:
            detail.append(f"stopped after {r['seconds']:.0f} s")
        return (f"| {label} | {abuse_text} | {r['requests']:,} of {r['wanted']:,} | {r['ok']:,} | "
                f"{errors:,}{' (' + '; '.join(detail) + ')' if detail else ''} | {fmt_ms(r['p50_ms'])} | "
                f"**{fmt_ms(r['p99_ms'])}** | {fmt_ms(r['max_ms'])} |")

    size = quiet["body_bytes"] or loaded["body_bytes"]
    abuse_text = (f"{args.idle:,} idle + {args.slowloris:,} slowloris (open when measured: "
                  f"{held['before']['idle_open_now']:,} + {held['before']['slowloris_open_now']:,})")
    rss_growth = (flood["rss_after_kib"] - flood["rss_before_kib"]) / 1024 \
        if flood["rss_after_kib"] is not None and flood["rss_before_kib"] is not None else None
    peak_growth = (flood["rss_peak_kib"] - flood["rss_before_kib"]) / 1024 \
        if flood["rss_peak_kib"] is not None and flood["rss_before_kib"] is not None else None
    peak_text = "n/a" if flood["rss_peak_kib"] is None else f"{flood['rss_peak_kib'] / 1024:.1f} MB"
    p99 = loaded["p99_ms"]
    errors_loaded = sum(loaded["errors"].values()) + sum(n for c, n in loaded["codes"].items() if c != "200")
    targets = [
        ("gzip /metrics p99 ≤ 10 ms with the connections above open, 0 errors",
         f"p99 {fmt_ms(p99)}, {errors_loaded:,} errors, {loaded['ok']:,} of {loaded['wanted']:,} answered",
         "met" if p99 is not None and p99 <= 10 and errors_loaded == 0 and not loaded["timed_out"] else "**missed**"),
        (f"{args.headers:,}-header request refused with 431, RSS grows ≤ 2 MB",
         f"{flood['status'] or 'no status (' + flood['connection'] + ')'}, RSS "
         f"{'n/a' if rss_growth is None else f'{rss_growth:+.1f} MB'}",
         "met" if flood["status"] == 431 and rss_growth is not None and rss_growth <= 2 else "**missed**"),
    ]
    closes = held["after"]
    lines = [
        f"Measured by `make edge-bench` (`bench/edge_bench.py`) on {machine['nproc']} cores ({machine['cpu']}), "
        f"`free -h` {machine['memory']}, load average {machine['load']} before the run, work tree at "
        f"`{machine['revision']}`, {datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}: "
        f"rds_sim `--generate {args.fleet} --seed {SEED}`, a Release exporter watching every instance; one client, "
        f"one keep-alive connection, `Accept-Encoding: gzip`, {args.requests:,} requests one after another (latency: "
        f"request sent to whole body read, {size / 1024 if size else 0:,.0f} KiB gzip), first with nothing else open, "
        f"then on a fresh connection while the abuse connections are held open (idle: connected, never a byte; "
        f"slowloris: a request line, then one header line every 3 s, never finished; both re-opened when the server "
        f"closes them). Then one request with {args.headers:,} header lines, streamed.",
        "",
        "| Client | Abuse held open | Requests | 200 | Errors | p50 | p99 | max |",
        "|---|---|---|---|---|---|---|---|",
        row("gzip /metrics", quiet, "none"),
        row("gzip /metrics", loaded, abuse_text),
        "",
        f"While the second run lasted, the server closed {closes['idle_closed_by_server'] - held['before']['idle_closed_by_server']:,} "
        f"idle and {closes['slowloris_closed_by_server'] - held['before']['slowloris_closed_by_server']:,} slowloris "
        f"connections (answers to slowloris before closing: {fmt_counts(closes['slowloris_answers'])}); connect errors "
        f"{closes['idle_connect_errors'] + closes['slowloris_connect_errors']:,}.",
        "",
        "| Request | Status | Header lines written before the answer | Connection | RSS before → after | Peak RSS meanwhile |",
        "|---|---|---|---|---|---|",
        f"| GET /metrics + {args.headers:,} header lines | **{flood['status'] or 'none'}** | "
        f"{flood['header_lines_sent']:,} ({flood['bytes_sent'] / 1e6:.1f} MB, {flood['seconds']:.1f} s) | "
        f"{flood['connection']} | {flood['rss_before_kib'] / 1024:.1f} → {flood['rss_after_kib'] / 1024:.1f} MB "
        f"(**{'n/a' if rss_growth is None else f'{rss_growth:+.1f} MB'}**) | "
        f"{peak_text} "
        f"({'n/a' if peak_growth is None else f'{peak_growth:+.1f} MB'}) |",
        "",
        "| Target | Measured | Verdict |",
        "|---|---|---|",
        *[f"| {goal} | {measured} | {verdict} |" for goal, measured, verdict in targets],
    ]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--build-dir", default="build")
    parser.add_argument("--fleet", type=int, default=1000)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--idle", type=int, default=1000)
    parser.add_argument("--slowloris", type=int, default=100)
    parser.add_argument("--headers", type=int, default=1_000_000)
    parser.add_argument("--time-limit", type=float, default=180, help="seconds at most per measured run")
    parser.add_argument("--benchmarks", default=str(abuse.REPO / "BENCHMARKS.md"))
    args = parser.parse_args()
    build, binaries, machine, results_dir = abuse.prepare_run("edge-bench", args.build_dir, "edge-bench")
    results = {}
    sim = exporter = holder = None
    with tempfile.TemporaryDirectory(prefix="rds-edge-") as temp:
        workdir = Path(temp)
        try:
            sim, sim_url = abuse.start_sim(binaries["rds_sim"], args.fleet, SEED, workdir)
            exporter, port = abuse.start_exporter(binaries["rds_exporter"], sim_url, workdir, abuse.EXPORTER_KEYS,
                                                  {"performance_insights.enabled": "false",
                                                   "target.discovery_interval": "86400"})
            log(f"rds_sim {sim_url} ({args.fleet} instances), exporter pid {exporter.pid} on port {port}")
            wait_complete(exporter, port)
            log(f"first complete /metrics; {args.requests} gzip scrapes, no abuse")
            results["quiet"] = measure_client(port, args.requests, args.time_limit)
            log(f"  p50 {fmt_ms(results['quiet']['p50_ms'])}, p99 {fmt_ms(results['quiet']['p99_ms'])}, "
                f"errors {results['quiet']['errors']}, codes {results['quiet']['codes']}")
            holder = abuse.AbuseConnections(port, args.idle, args.slowloris, slowloris_interval=3.0)
            holder.start(timeout=60)
            time.sleep(2)
            before = holder.snapshot()
            log(f"holding {before['idle_open_now']} idle + {before['slowloris_open_now']} slowloris connections "
                f"(exporter fds: {exporter.fd_count()}); {args.requests} gzip scrapes")
            results["abused"] = measure_client(port, args.requests, args.time_limit)
            after = holder.snapshot()
            log(f"  p50 {fmt_ms(results['abused']['p50_ms'])}, p99 {fmt_ms(results['abused']['p99_ms'])}, "
                f"errors {results['abused']['errors']}, codes {results['abused']['codes']}")
            holder.stop()
            holder = None
            for snap in (before, after):
                snap.pop("slowloris_hold_seconds", None)
                snap.pop("idle_hold_seconds", None)
            results["held"] = {"before": before, "after": after}
            time.sleep(3)
            log(f"one request with {args.headers:,} header lines")
            rss_before = exporter.status_kib("VmRSS")
            watch = RssWatch(exporter)
            watch.start()
            flood = huge_header_request(port, args.headers, time_limit=args.time_limit)
            time.sleep(1)
            peak = watch.stop()
            flood.update({"rss_before_kib": rss_before, "rss_after_kib": exporter.status_kib("VmRSS"),
                          "rss_peak_kib": peak, "exporter_alive": exporter.alive()})
            results["flood"] = flood
            log(f"  status {flood['status']}, {flood['header_lines_sent']:,} lines sent, connection "
                f"{flood['connection']}, RSS {rss_before} -> {flood['rss_after_kib']} KiB (peak {peak})")
            if not exporter.alive():
                log(f"the exporter exited with {exporter.returncode()}")
        finally:
            abuse.tear_down(holder, (exporter, sim), workdir, results_dir)
    results["machine"] = machine
    (results_dir / "results.json").write_text(json.dumps(results, indent=1))
    path = Path(args.benchmarks)
    document = path.read_text()
    path.write_text(abuse.fill_section(document, "edge", "## Serving edge under abuse", section(results, machine, args)))
    log(f"wrote the edge section of {path}; raw numbers in {results_dir / 'results.json'}")


if __name__ == "__main__":
    main()
