#!/usr/bin/env python3
"""make compare-servers: the HTTP server for issue 13, chosen by measurement side by side.

The Beast candidate is the real exporter (rds_exporter against rds_sim `--generate 1000 --seed 7`, as
bench/edge_bench.py runs it). Its first complete /metrics, plain and gzip, is saved and served byte for byte by the
other candidates (bench/server_candidates/: libmicrohttpd, CivetWeb, cpp-httplib), each configured as close as its
library allows to the serving edge issue 13 asks for. Every candidate then gets the same measurements, one after
another, with the same client:

  1. 2,000 gzip /metrics requests on one keep-alive connection, nothing else open;
  2. the same with 1,000 idle and 100 slowloris connections held open (bench/abuse.py), kept for at least 25 s so
     that the 10 s deadline for a request head can show; which of them the server closed and after how long;
  3. a malformed request line followed by a valid request in the same write (the second must not be answered), a
     request of 120 short header lines, one of 20 KiB in 10 lines, and one of 12 KiB in 6 lines (must be served);
  4. 1,100 connections opened at once: what connections 1..1,024 and 1,025..1,100 get, and whether a new client's
     /-/healthy is answered meanwhile;
  5. one request of 1,000,000 header lines streamed (bench/edge_bench.py's), with the server's VmRSS before, after
     and at its peak; and meanwhile, how long an idle keep-alive connection is kept after its answer (up to 75 s).

Writes BENCHMARKS.md's "Choosing the HTTP server" section (between `<!-- server-candidates:begin -->` and
`<!-- server-candidates:end -->`, nothing else; appended at the end when the markers are missing) and
<work-dir>/results.json. Python 3 standard library only; every loop is bounded in time; all traffic goes to
127.0.0.1; every process is stopped by its own pid. Measurements, not tests: nothing here fails on a number.
"""

import argparse
import datetime
import errno
import json
import os
import re
import select
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import abuse  # noqa: E402
import edge_bench  # noqa: E402  (wait_complete, measure_client, RssWatch, huge_header_request)

TOOL = "compare-servers"
SEED = 7
BEGIN = "<!-- server-candidates:begin -->"
END = "<!-- server-candidates:end -->"
HEADING = "## Choosing the HTTP server"
STATUS_LINE = re.compile(rb"HTTP/1\.[01] (\d{3})")

# What each library's documentation and headers say about the behaviours the benchmark cannot settle by itself.
DOCUMENTED = {
    "beast": [
        "Boost.Beast 1.74 (Debian libboost-dev) on Asio, in the exporter's `src/http/server.cpp`: one `tcp_stream` "
        "deadline set for the whole request head (`exporter.read_header_timeout`, 10 s), another for the wait before "
        "the next request (`exporter.idle_timeout`, 60 s), the parser's `header_limit` (16 KiB) and a header-line "
        "count (100) both answered with 431, a count of open sessions checked at accept (`exporter.max_connections`, "
        "1,024; beyond it the oldest connection that has not yet sent a request is closed to make room, and only when "
        "every place is held by a served client is the newcomer answered a fixed 503 without waiting), and close "
        "after any parse error.",
    ],
    "microhttpd": [
        "libmicrohttpd 0.9.75: `MHD_USE_EPOLL_INTERNAL_THREAD` with `MHD_OPTION_THREAD_POOL_SIZE` 2, "
        "`MHD_OPTION_CONNECTION_LIMIT` 1024, `MHD_OPTION_CONNECTION_TIMEOUT` 10, `MHD_OPTION_CONNECTION_MEMORY_LIMIT` "
        "16384. microhttpd.h documents the timeout as one of *inactivity* (\"after how many seconds of inactivity\"): "
        "there is no absolute deadline for a request head, and the same value is the idle keep-alive timeout (10 s, "
        "not 60). The memory limit bounds the per-connection pool, which holds the read buffer, the parsed header "
        "list and the response head, so it is not a head size as such; what it answers when the head does not fit is "
        "measured here. There is no option for a header-line count: the candidate counts lines in its handler, once "
        "the whole head has been read into the pool. At the limit it stops accepting: connections beyond it wait, "
        "connected, in the kernel's backlog (measured below), which is not a refusal. The answer must be queued on the handler's second call: queued on the first, 0.9.75 "
        "closes the connection after it.",
    ],
    "civetweb": [
        "CivetWeb 1.15: `num_threads` 1024, `request_timeout_ms` 10000, `enable_keep_alive` yes, "
        "`keep_alive_timeout_ms` 60000, `max_request_size` 16384, `listen_backlog` 1024. CivetWeb serves one "
        "connection per worker thread: `num_threads` is its only bound on concurrency, and a connection beyond it "
        "waits in the accept queue (`connection_queue`, 20) and then the kernel's backlog instead of being refused; "
        "1,024 threads are what a 1,024-connection cap costs. civetweb.h fixes `MG_MAX_HEADERS` at 64, so a "
        "100-line cap cannot be configured; what it does with more lines is measured here.",
    ],
    "httplib": [
        "cpp-httplib 0.11.4 as the exporter used it before (Debian's compiled `libcpp-httplib.so`, so compile-time "
        "`CPPHTTPLIB_*` values are Debian's): the default thread pool of `CPPHTTPLIB_THREAD_POOL_COUNT` workers with an "
        "unbounded queue of accepted connections, `set_read_timeout` 10 s (per `recv`, an inactivity timeout), "
        "`set_keep_alive_timeout` 60 s, `listen(…, 5)`. No option caps connections or the head's total size (only "
        "8,192 bytes per line); the candidate counts header lines in a pre-routing handler.",
    ],
}

CANDIDATES = [
    ("beast", "Boost.Beast (the exporter)"),
    ("microhttpd", "libmicrohttpd 0.9.75"),
    ("civetweb", "CivetWeb 1.15"),
    ("httplib", "cpp-httplib 0.11.4"),
]


def log(message):
    abuse.log(TOOL, message)


def read_status(port, payload, timeout=5.0, until_close=False):
    """Sends `payload` in one write on a new connection and reads until the server closes, `timeout` passes or (unless
    `until_close`) one whole answer head arrived. Returns (statuses seen, how the connection ended, bytes read)."""
    answer = b""
    ending = "open"
    try:
        sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    except OSError as error:
        return [], f"connect: {abuse.error_kind(error)}", b""
    deadline = time.monotonic() + timeout
    try:
        try:
            sock.sendall(payload)
        except OSError as error:
            ending = abuse.error_kind(error) + " while sending"
        while time.monotonic() < deadline:
            left = deadline - time.monotonic()
            readable, _, _ = select.select([sock], [], [], max(0.0, left))
            if not readable:
                break
            try:
                data = sock.recv(65536)
            except ConnectionResetError:
                ending = "reset"
                break
            if not data:
                ending = "closed"
                break
            answer += data
            if not until_close and b"\r\n\r\n" in answer:
                ending = "answered"
                break
    finally:
        sock.close()
    return [int(code) for code in STATUS_LINE.findall(answer)], ending, answer


def head_checks(port):
    """Malformed request then a valid one; 120 header lines; a 20 KiB head; a 12 KiB head."""
    malformed, ending, _ = read_status(
        port, b"NOT-HTTP\r\n\r\nGET /-/healthy HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", timeout=3, until_close=True)
    many = "".join(f"X-Line-{n}: v\r\n" for n in range(120))
    lines_status, lines_ending, _ = read_status(
        port, f"GET /-/healthy HTTP/1.1\r\nHost: 127.0.0.1\r\n{many}\r\n".encode())
    big = "".join(f"X-Big-{n}: {'b' * 2040}\r\n" for n in range(10))
    big_status, big_ending, _ = read_status(port, f"GET /-/healthy HTTP/1.1\r\nHost: 127.0.0.1\r\n{big}\r\n".encode())
    fair = "".join(f"X-Fair-{n}: {'f' * 2040}\r\n" for n in range(6))
    fair_status, fair_ending, _ = read_status(port, f"GET /-/healthy HTTP/1.1\r\nHost: 127.0.0.1\r\n{fair}\r\n".encode())
    return {
        "malformed_then_valid": {"statuses": malformed, "connection": ending},
        "lines_120": {"statuses": lines_status, "connection": lines_ending},
        "head_20k": {"statuses": big_status, "connection": big_ending},
        "head_12k": {"statuses": fair_status, "connection": fair_ending},
    }


def connection_limit(port, total=1100, cap=1024, settle=1.5, time_limit=30):
    """Opens `total` connections without sending anything, waits `settle` seconds, asks /-/healthy on a new
    connection meanwhile, then classifies what each connection got: still open with nothing, an answer (its status),
    closed, reset, or a connect still pending or failed."""
    socks = []
    started = time.monotonic()
    for _ in range(total):
        if time.monotonic() - started > time_limit:
            break
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setblocking(False)
        code = sock.connect_ex(("127.0.0.1", port))
        socks.append((sock, code))
    opened_seconds = time.monotonic() - started
    time.sleep(settle)
    probe_started = time.perf_counter()
    probe = abuse.Scraper(port, timeout=5)
    status, _, _, error = probe.get("/-/healthy", gzipped=False)
    probe.close()
    probe_ms = (time.perf_counter() - probe_started) * 1000
    outcomes = []
    for sock, code in socks:
        if code not in (0, errno.EINPROGRESS):
            outcomes.append(f"connect {errno.errorcode.get(code, code)}")
            continue
        poller = select.poll()  # select() cannot watch descriptors above 1,023
        poller.register(sock, select.POLLOUT)
        if not poller.poll(0):
            outcomes.append("connect pending")
            continue
        failure = sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
        if failure:
            outcomes.append(f"connect {errno.errorcode.get(failure, failure)}")
            continue
        try:
            data = sock.recv(4096)
        except BlockingIOError:
            outcomes.append("open, nothing")
            continue
        except ConnectionResetError:
            outcomes.append("reset")
            continue
        if not data:
            outcomes.append("closed")
            continue
        match = STATUS_LINE.match(data)
        outcomes.append(f"{match.group(1).decode()}, then {'closed' if closed_after(sock) else 'open'}"
                        if match else "bytes")
    for sock, _ in socks:
        sock.close()

    def tally(part):
        counts = {}
        for outcome in part:
            counts[outcome] = counts.get(outcome, 0) + 1
        return counts

    return {
        "opened_seconds": opened_seconds, "first": tally(outcomes[:cap]), "beyond": tally(outcomes[cap:]),
        "healthy_probe": {"status": status, "error": error, "ms": probe_ms},
    }


def closed_after(sock):
    try:
        return sock.recv(65536) == b""
    except BlockingIOError:
        return False
    except OSError:
        return True


class KeepAliveProbe:
    """One keep-alive connection: one /-/healthy request, then waits (up to `limit` seconds) for the server to close
    it; `seconds` is how long the idle connection was kept after the answer (None: still open at the end)."""

    def __init__(self, port, limit=75):
        self.port = port
        self.limit = limit
        self.seconds = None
        self.status = None
        self.ending = None
        self.thread = threading.Thread(target=self._run, daemon=True)

    def start(self):
        self.thread.start()

    def join(self):
        self.thread.join(self.limit + 10)

    def _run(self):
        try:
            sock = socket.create_connection(("127.0.0.1", self.port), timeout=5)
        except OSError as error:
            self.ending = f"connect: {abuse.error_kind(error)}"
            return
        try:
            sock.sendall(b"GET /-/healthy HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            answer = b""
            deadline = time.monotonic() + 5
            while b"\r\n\r\n" not in answer and time.monotonic() < deadline:
                data = sock.recv(4096)
                if not data:
                    break
                answer += data
            match = STATUS_LINE.match(answer)
            self.status = int(match.group(1)) if match else None
            answered = time.monotonic()
            sock.settimeout(self.limit)
            try:
                while True:
                    data = sock.recv(4096)
                    if not data:
                        self.ending = "closed"
                        break
            except (socket.timeout, TimeoutError):
                self.ending = "open"
                return
            except ConnectionResetError:
                self.ending = "reset"
            self.seconds = time.monotonic() - answered
        except OSError as error:
            self.ending = abuse.error_kind(error)
        finally:
            sock.close()


def measure(name, child, port, args):
    """Every measurement of the module docstring against one running server."""
    result = {"name": name}
    log(f"[{name}] {args.requests} gzip scrapes, no abuse")
    result["quiet"] = edge_bench.measure_client(port, args.requests, args.time_limit)
    log(f"[{name}]   p50 {edge_bench.fmt_ms(result['quiet']['p50_ms'])}, p99 "
        f"{edge_bench.fmt_ms(result['quiet']['p99_ms'])}, errors {result['quiet']['errors']}")
    result["rss_quiet_kib"] = child.status_kib("VmRSS")
    holder = abuse.AbuseConnections(port, args.idle, args.slowloris, slowloris_interval=3.0)
    try:
        held_from = time.monotonic()
        holder.start(timeout=60)
        time.sleep(2)
        before = holder.snapshot()
        log(f"[{name}] holding {before['idle_open_now']} idle + {before['slowloris_open_now']} slowloris "
            f"(server fds {child.fd_count()}); {args.requests} gzip scrapes")
        result["abused"] = edge_bench.measure_client(port, args.requests, args.time_limit)
        log(f"[{name}]   p50 {edge_bench.fmt_ms(result['abused']['p50_ms'])}, p99 "
            f"{edge_bench.fmt_ms(result['abused']['p99_ms'])}, errors {result['abused']['errors']}")
        while time.monotonic() - held_from < args.hold and child.alive():
            time.sleep(0.5)
        result["rss_abused_kib"] = child.status_kib("VmRSS")
        result["fds_abused"] = child.fd_count()
        after = holder.snapshot()
        result["held_seconds"] = time.monotonic() - held_from
    finally:
        holder.stop()
    result["held"] = {"before": before, "after": after}
    log(f"[{name}]   over {result['held_seconds']:.0f} s the server closed {after['slowloris_closed_by_server']} "
        f"slowloris and {after['idle_closed_by_server']} idle connections")
    time.sleep(3)
    # The figure's 1,100 abuse connections are more than the 1,024 the server may hold: the same run with
    # `under_cap_idle` idle connections instead shows what the cap itself costs the client.
    holder = abuse.AbuseConnections(port, args.under_cap_idle, args.slowloris, slowloris_interval=3.0)
    try:
        holder.start(timeout=60)
        time.sleep(2)
        under = holder.snapshot()
        log(f"[{name}] holding {under['idle_open_now']} idle + {under['slowloris_open_now']} slowloris (under the "
            f"cap); {args.requests} gzip scrapes")
        result["under_cap"] = edge_bench.measure_client(port, args.requests, args.time_limit)
        result["under_cap"]["held_open"] = [under["idle_open_now"], under["slowloris_open_now"]]
        log(f"[{name}]   p50 {edge_bench.fmt_ms(result['under_cap']['p50_ms'])}, p99 "
            f"{edge_bench.fmt_ms(result['under_cap']['p99_ms'])}, errors {result['under_cap']['errors']}, codes "
            f"{result['under_cap']['codes']}")
    finally:
        holder.stop()
    time.sleep(3)
    result["heads"] = head_checks(port)
    log(f"[{name}] heads: {result['heads']}")
    time.sleep(1)
    result["limit"] = connection_limit(port)
    log(f"[{name}] 1,100 connections: first 1,024 {result['limit']['first']}; beyond {result['limit']['beyond']}; "
        f"healthy probe {result['limit']['healthy_probe']}")
    time.sleep(2)
    keep_alive = KeepAliveProbe(port, limit=args.keep_alive_limit)
    keep_alive.start()
    log(f"[{name}] one request with {args.headers:,} header lines")
    rss_before = child.status_kib("VmRSS")
    watch = edge_bench.RssWatch(child)
    watch.start()
    flood = edge_bench.huge_header_request(port, args.headers, time_limit=args.time_limit)
    time.sleep(1)
    peak = watch.stop()
    flood.update({"rss_before_kib": rss_before, "rss_after_kib": child.status_kib("VmRSS"), "rss_peak_kib": peak,
                  "alive": child.alive()})
    result["flood"] = flood
    log(f"[{name}]   status {flood['status']}, {flood['header_lines_sent']:,} lines sent, connection "
        f"{flood['connection']}, RSS {rss_before} -> {flood['rss_after_kib']} KiB (peak {peak})")
    keep_alive.join()
    result["keep_alive"] = {"status": keep_alive.status, "ending": keep_alive.ending, "seconds": keep_alive.seconds}
    log(f"[{name}] idle keep-alive connection: {result['keep_alive']}")
    result["alive_at_end"] = child.alive()
    return result


def start_candidate(binary, name, workdir, gzip_path, plain_path, timeout=20):
    port = abuse.free_port()
    child = abuse.Child(name, [str(binary), "--port", str(port), "--body", str(gzip_path), "--plain", str(plain_path)],
                        workdir)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if "listening on" in child.stdout_path.read_text():
            return child, port
        if not child.alive():
            raise RuntimeError(f"{name} exited with {child.returncode()}: {child.tail()}")
        time.sleep(0.05)
    child.stop()
    raise RuntimeError(f"{name} did not start within {timeout} s")


# ---- the section ----------------------------------------------------------------------------------------------

def errors_of(run):
    return sum(run["errors"].values()) + sum(n for code, n in run["codes"].items() if code != "200")


def latency_cell(run):
    errors = errors_of(run)
    detail = []
    if run["errors"]:
        detail.append(edge_bench.fmt_counts(run["errors"]))
    other = {code: n for code, n in run["codes"].items() if code != "200"}
    if other:
        detail.append(edge_bench.fmt_counts(other))
    if run["timed_out"]:
        detail.append(f"{run['requests']:,} of {run['wanted']:,} sent in {run['seconds']:.0f} s")
    p99 = edge_bench.fmt_ms(run["p99_ms"])
    return (f"{edge_bench.fmt_ms(run['p50_ms'])} / **{p99}** / {edge_bench.fmt_ms(run['max_ms'])}; "
            f"{errors:,} errors{' (' + '; '.join(detail) + ')' if detail else ''}")


def fmt_seconds(values):
    if not values:
        return "n/a"
    ordered = sorted(values)
    return f"{ordered[len(ordered) // 2]:.1f} s (max {ordered[-1]:.1f} s)"


def slowloris_split(held):
    """Slowloris connections the server closed within 1 s (refused at connect: beyond the cap) and later (closed
    while held, by a deadline or timeout), from bench/abuse.py's hold times."""
    holds = held["slowloris_hold_seconds"]
    return [s for s in holds if s < 1.0], [s for s in holds if s >= 1.0]


def status_text(check):
    statuses = check["statuses"]
    return f"{', '.join(map(str, statuses)) or 'no answer'}, {check['connection']}"


def rss_growth_mb(flood):
    if flood["rss_before_kib"] is None or flood["rss_after_kib"] is None:
        return None
    return (flood["rss_after_kib"] - flood["rss_before_kib"]) / 1024


def slowloris_cell(result):
    refused, held = slowloris_split(result["held"]["after"])
    answers = edge_bench.fmt_counts(result["held"]["after"]["slowloris_answers"]) or "none"
    return (f"{len(held):,} closed while held, after {fmt_seconds(held)}; {len(refused):,} closed within 1 s of "
            f"connecting (refused); in {result['held_seconds']:.0f} s; answers: {answers}")


def verdicts(result, args):
    """yes / partial / no for each required behaviour, with what the verdict rests on."""
    held = result["held"]["after"]
    _, slow_holds = slowloris_split(held)
    slow_closed = len(slow_holds)
    idle_holds = [s for s in held["idle_hold_seconds"] if s >= 1.0]
    out = {}

    # 1. A connection without a complete head within 10 s is closed (slowloris: a line every 3 s; idle: no byte).
    within = [s for s in slow_holds if s <= 13]
    idle_within = [s for s in idle_holds if s <= 13]
    if slow_closed and len(within) == len(slow_holds) and idle_holds and len(idle_within) == len(idle_holds):
        out["head_deadline"] = ("yes", f"measured: slowloris closed after {fmt_seconds(slow_holds)}, idle after "
                                       f"{fmt_seconds(idle_holds)}")
    elif slow_closed or idle_holds:
        out["head_deadline"] = ("partial", f"measured: {slow_closed:,} slowloris closed "
                                           f"({fmt_seconds(slow_holds)}), {len(idle_holds):,} idle closed "
                                           f"({fmt_seconds(idle_holds)}) in {result['held_seconds']:.0f} s")
    else:
        out["head_deadline"] = ("no", f"measured: none of {args.slowloris} slowloris or {args.idle:,} idle closed in "
                                      f"{result['held_seconds']:.0f} s")

    # 2. An idle keep-alive connection is closed after a timeout.
    keep = result["keep_alive"]
    if keep["seconds"] is not None and keep["ending"] in ("closed", "reset"):
        out["idle_timeout"] = ("yes", f"measured: closed {keep['seconds']:.0f} s after its answer")
    else:
        out["idle_timeout"] = ("no", f"measured: {keep['ending']} after {args.keep_alive_limit:.0f} s")

    # 3. At most 1,024 connections; beyond that refused cheaply.
    limit = result["limit"]
    first_open = limit["first"].get("open, nothing", 0)
    beyond = limit["beyond"]
    beyond_total = sum(beyond.values())
    refused = sum(n for k, n in beyond.items() if k.startswith("503") or k in ("closed", "reset")
                  or k.startswith("connect E"))
    probe = limit["healthy_probe"]
    probe_text = (f"a new client's /-/healthy meanwhile: "
                  f"{probe['status'] or probe['error']} in {probe['ms']:.0f} ms")
    beyond_text = edge_bench.fmt_counts(beyond)
    still_open = first_open + beyond.get("open, nothing", 0)
    made_room = sum(n for k, n in limit["first"].items() if k in ("closed", "reset"))
    if refused == beyond_total and beyond_total and first_open >= 1000:
        out["connection_cap"] = ("yes", f"measured: 1,025th–1,100th {beyond_text}; {probe_text}")
    elif beyond_total and still_open <= 1024 and made_room >= beyond_total and probe["status"] == 200:
        # The cap holds by closing the oldest connections that never sent a request, so newcomers are served.
        out["connection_cap"] = ("yes", f"measured: {still_open:,} of 1,100 still open; the oldest "
                                        f"{made_room:,} closed to make room; {probe_text}")
    elif refused:
        out["connection_cap"] = ("partial", f"measured: first 1,024 {edge_bench.fmt_counts(limit['first'])}; "
                                            f"1,025th–1,100th {beyond_text}; {probe_text}")
    else:
        out["connection_cap"] = ("no", f"measured: 1,025th–1,100th {beyond_text}; {probe_text}")

    # 4. A request head over 16 KiB is answered 431 (and the 1,000,000-line request costs ≤ 2 MB).
    heads = result["heads"]
    flood = result["flood"]
    growth = rss_growth_mb(flood)
    big = heads["head_20k"]["statuses"]
    fair_ok = heads["head_12k"]["statuses"][:1] == [200]
    text = (f"measured: 20 KiB head {status_text(heads['head_20k'])}; 12 KiB head "
            f"{status_text(heads['head_12k'])}; 1,000,000 lines {flood['status'] or 'no status'} ({flood['connection']})")
    if big[:1] == [431] and flood["status"] == 431 and fair_ok:
        out["head_cap"] = ("yes", text)
    elif big[:1] != [200] and flood["status"] != 200 and (growth is None or growth <= 2):
        out["head_cap"] = ("partial", text)
    else:
        out["head_cap"] = ("no", text)

    # 5. More than 100 header lines are answered 431.
    lines = heads["lines_120"]
    if lines["statuses"][:1] == [431]:
        out["line_cap"] = ("yes", f"measured: 120 lines {status_text(lines)}")
    elif lines["statuses"][:1] == [200]:
        out["line_cap"] = ("no", f"measured: 120 lines {status_text(lines)}")
    else:
        out["line_cap"] = ("partial", f"measured: 120 lines {status_text(lines)}")

    # 6. After a malformed request the connection is closed (the valid request after it is not answered).
    bad = heads["malformed_then_valid"]
    if all(code >= 400 for code in bad["statuses"]) and len(bad["statuses"]) <= 1 and \
            bad["connection"] in ("closed", "reset"):
        out["malformed_close"] = ("yes", f"measured: {status_text(bad)}")
    elif 200 in bad["statuses"]:
        out["malformed_close"] = ("no", f"measured: {status_text(bad)} (the request after it was answered)")
    else:
        out["malformed_close"] = ("partial", f"measured: {status_text(bad)}")
    return out


BEHAVIOURS = [
    ("head_deadline", "Head within 10 s or closed"),
    ("idle_timeout", "Idle keep-alive closed"),
    ("connection_cap", "≤ 1,024 connections, beyond refused or room made, cheaply"),
    ("head_cap", "Head > 16 KiB → 431"),
    ("line_cap", "> 100 header lines → 431"),
    ("malformed_close", "Closed after a malformed request"),
]


def targets_met(result):
    abused = result["abused"]
    p99_ok = (abused["p99_ms"] is not None and abused["p99_ms"] <= 10 and errors_of(abused) == 0
              and not abused["timed_out"])
    growth = rss_growth_mb(result["flood"])
    flood_ok = result["flood"]["status"] == 431 and growth is not None and growth <= 2
    return p99_ok, flood_ok


def run_ok(run):
    return run["p99_ms"] is not None and run["p99_ms"] <= 10 and errors_of(run) == 0 and not run["timed_out"]


def conclusion(results, judged, args):
    """One paragraph, from the numbers: who met what, why the others missed, which server, and the conflict
    between the figure's 1,100 abuse connections and the 1,024-connection cap."""
    labels = dict(CANDIDATES)
    scores = {name: sum(1 for verdict, _ in judged[name].values() if verdict == "yes") for name in results}

    def rank(name):
        p99_ok, flood_ok = targets_met(results[name])
        return (scores[name], flood_ok, run_ok(results[name]["under_cap"]), p99_ok)

    best = max(results, key=rank)
    both = [labels[n] for n in results if all(targets_met(results[n]))]
    parts = [f"Against the two figures as written, {' and '.join(both) if both else 'no candidate'} met both."]
    for name, result in results.items():
        abused = result["abused"]
        p99_ok, flood_ok = targets_met(result)
        said = []
        codes = {c: n for c, n in abused["codes"].items() if c != "200"}
        if not p99_ok and codes and set(codes) == {"503"} and not abused["errors"]:
            said.append(f"answered every one of the client's {abused['requests']:,} requests under abuse with 503: "
                        f"the abuse connections filled its {1024:,} slots, as the cap requires")
        elif not p99_ok:
            said.append(f"served {abused['ok']:,} of {abused['wanted']:,} requests under abuse "
                        f"(p99 {edge_bench.fmt_ms(abused['p99_ms'])}, {errors_of(abused):,} errors)")
        elif abused["max_ms"] is not None and abused["max_ms"] > 1000:
            said.append(f"met the p99 figure only because a connection beyond its cap waits, unrefused, in the "
                        f"kernel's backlog until an abuser is closed: the client's slowest request took "
                        f"{abused['max_ms'] / 1000:.1f} s")
        if not flood_ok:
            growth = rss_growth_mb(result["flood"])
            said.append(f"answered {args.headers:,} header lines with {result['flood']['status'] or 'no status'}"
                        f"{'' if growth is None else f' and grew {growth:+.1f} MB'}")
        said.append(f"met {scores[name]} of the {len(BEHAVIOURS)} required behaviours")
        parts.append(f"{labels[name]} " + "; ".join(said) + ".")
    under = results[best]["under_cap"]
    parts.append(
        f"Chosen: {labels[best]}, the candidate meeting the most required behaviours as measured; under the cap "
        f"({args.under_cap_idle:,} idle + {args.slowloris} slowloris held) its client's p99 was "
        f"{edge_bench.fmt_ms(under['p99_ms'])} with {errors_of(under):,} errors. {args.idle + args.slowloris:,} "
        f"connections held open are more than the 1,024 a server may keep: a plain cap refuses the client while "
        f"they are held, a server without one leaves it waiting in the backlog; the exporter keeps the cap and "
        f"makes room by closing the oldest connection that has not yet sent a request, which an idle or slowloris "
        f"connection never does.")
    return " ".join(parts)


def section(results, machine, args, exporter_revision, body_sizes):
    labels = dict(CANDIDATES)
    judged = {name: verdicts(result, args) for name, result in results.items()}
    lines = [
        f"Measured by `make compare-servers` (`bench/compare_servers.py`; command: `{args.command}`) on "
        f"{machine['nproc']} cores ({machine['cpu']}), `free -h` {machine['memory']}, load average {machine['load']} "
        f"before the run, this tree at `{machine['revision']}`, the Beast exporter at `{exporter_revision}`, "
        f"{datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}. rds_sim "
        f"`--generate {args.fleet} --seed {SEED}`; the exporter's first complete /metrics "
        f"({body_sizes['plain'] / 1024:,.0f} KiB plain, {body_sizes['gzip'] / 1024:,.0f} KiB gzip) is what the other "
        f"three serve from memory (`bench/server_candidates/`), while the exporter serves its own live page (the "
        f"same size, its self-metrics moving) with its collection running. The same client for all: one keep-alive "
        f"connection, `Accept-Encoding: gzip`, {args.requests:,} requests one after another (p50 / p99 / max, request "
        f"sent to whole body read), first with nothing else open, then while {args.idle:,} idle and "
        f"{args.slowloris} slowloris connections (one header line every 3 s) are held open for at least "
        f"{args.hold:.0f} s and re-opened when closed; each run stopped after {args.time_limit:.0f} s. Then one "
        f"request of {args.headers:,} header lines, streamed, with the server's VmRSS before and after. Since "
        f"{args.idle + args.slowloris:,} abuse connections are more than the 1,024 a server may hold, the client is "
        f"also measured while {args.under_cap_idle:,} idle + {args.slowloris} slowloris are held, under the cap.",
        "",
        f"| Server | gzip /metrics, no abuse | gzip /metrics, {args.idle:,} idle + {args.slowloris} slowloris | "
        f"gzip /metrics, {args.under_cap_idle:,} idle + {args.slowloris} slowloris (under the cap) | Slowloris "
        f"closed by the server | 1,025th–1,100th connection | {args.headers:,} header lines | RSS before → after | "
        f"Malformed request, then a valid one |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name, result in results.items():
        held = result["held"]["after"]
        flood = result["flood"]
        growth = rss_growth_mb(flood)
        rss = ("n/a" if growth is None else
               f"{flood['rss_before_kib'] / 1024:.1f} → {flood['rss_after_kib'] / 1024:.1f} MB (**{growth:+.1f} MB**)")
        lines.append(
            f"| {labels[name]} | {latency_cell(result['quiet'])} | {latency_cell(result['abused'])} | "
            f"{latency_cell(result['under_cap'])} | "
            f"{slowloris_cell(result)} | {edge_bench.fmt_counts(result['limit']['beyond'])} | "
            f"**{flood['status'] or 'none'}** ({flood['connection']}, {flood['header_lines_sent']:,} lines sent in "
            f"{flood['seconds']:.1f} s) | {rss} | {status_text(result['heads']['malformed_then_valid'])} |")
    lines += [
        "",
        "Required behaviours (yes / partial / no, from the measurement above unless the cell says otherwise):",
        "",
        "| Server | " + " | ".join(title for _, title in BEHAVIOURS) + " |",
        "|---|" + "---|" * len(BEHAVIOURS),
    ]
    for name in results:
        cells = [f"**{judged[name][key][0]}** ({judged[name][key][1]})" for key, _ in BEHAVIOURS]
        lines.append(f"| {labels[name]} | " + " | ".join(cells) + " |")
    lines += ["", "How each was configured, and what its documentation says it cannot do:", ""]
    for name in results:
        for note in DOCUMENTED[name]:
            lines.append(f"- {note}")
    lines += ["", conclusion(results, judged, args)]
    return "\n".join(lines)


def fill(document, content):
    block = f"{BEGIN}\n{HEADING}\n\n{content.rstrip()}\n{END}"
    pattern = re.compile(re.escape(BEGIN) + r".*?" + re.escape(END), re.S)
    if pattern.search(document):
        return pattern.sub(lambda _: block, document)
    return document.rstrip("\n") + f"\n\n{block}\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--build-dir", default="build", help="where rds_exporter and rds_sim are")
    parser.add_argument("--candidates-dir", default="build-candidates", help="where the candidates were built")
    parser.add_argument("--work-dir", default=None, help="results.json and the captured bodies (default: "
                                                         "<candidates-dir>/compare)")
    parser.add_argument("--only", default=None, help="comma-separated subset of beast,microhttpd,civetweb,httplib")
    parser.add_argument("--fleet", type=int, default=1000)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--idle", type=int, default=1000)
    parser.add_argument("--slowloris", type=int, default=100)
    parser.add_argument("--under-cap-idle", type=int, default=900, help="idle connections of the run under the cap")
    parser.add_argument("--headers", type=int, default=1_000_000)
    parser.add_argument("--hold", type=float, default=25, help="seconds at least the abuse is held open")
    parser.add_argument("--keep-alive-limit", type=float, default=75)
    parser.add_argument("--time-limit", type=float, default=60, help="seconds at most per measured run")
    parser.add_argument("--benchmarks", default=str(abuse.REPO / "BENCHMARKS.md"))
    parser.add_argument("--report-only", action="store_true",
                        help="rewrite the section from the work dir's results.json without measuring again")
    args = parser.parse_args()
    args.command = "python3 " + " ".join([str(Path(sys.argv[0]))] + sys.argv[1:])
    build = Path(args.build_dir).resolve()
    candidates_dir = Path(args.candidates_dir).resolve()
    work = Path(args.work_dir).resolve() if args.work_dir else candidates_dir / "compare"
    work.mkdir(parents=True, exist_ok=True)
    if args.report_only:
        saved = json.loads((work / "results.json").read_text())
        body_sizes = {"plain": (work / "metrics.txt").stat().st_size, "gzip": (work / "metrics.gz").stat().st_size}
        path = Path(args.benchmarks)
        path.write_text(fill(path.read_text(), section(saved["results"], saved["machine"], args,
                                                       saved.get("exporter_revision", saved["machine"].get("revision", "unknown")), body_sizes)))
        log(f"rewrote the server-candidates section of {path} from {work / 'results.json'}")
        return
    wanted = [name for name, _ in CANDIDATES if args.only is None or name in args.only.split(",")]
    for path in [build / "rds_sim", build / "rds_exporter"] + [candidates_dir / f"candidate_{n}" for n in wanted
                                                               if n != "beast"]:
        if not os.access(path, os.X_OK):
            sys.exit(f"{TOOL}: {path} is missing (make compare-servers builds it)")
    abuse.raise_nofile()
    machine = abuse.machine_facts()
    exporter_revision = subprocess.run(["git", "-C", str(build.parent), "describe", "--always", "--dirty"],
                                       capture_output=True, text=True).stdout.strip() or "unknown"
    results = {}
    gzip_path, plain_path = work / "metrics.gz", work / "metrics.txt"
    sim = exporter = None
    try:
        sim, sim_url = abuse.start_sim(build / "rds_sim", args.fleet, SEED, work)
        exporter, port = abuse.start_exporter(build / "rds_exporter", sim_url, work, abuse.EXPORTER_KEYS,
                                              {"performance_insights.enabled": "false",
                                               "target.discovery_interval": "86400"})
        log(f"rds_sim {sim_url} ({args.fleet} instances), exporter pid {exporter.pid} on port {port}")
        edge_bench.wait_complete(exporter, port)
        scraper = abuse.Scraper(port, timeout=30)
        status_gzip, body_gzip, _, _ = scraper.get("/metrics", gzipped=True, decode=False)
        status_plain, body_plain, _, _ = scraper.get("/metrics", gzipped=False)
        scraper.close()
        if status_gzip != 200 or status_plain != 200 or body_gzip[:2] != b"\x1f\x8b":
            raise RuntimeError(f"capturing /metrics failed: {status_gzip}, {status_plain}")
        gzip_path.write_bytes(body_gzip)
        plain_path.write_bytes(body_plain)
        log(f"captured /metrics: {len(body_plain):,} bytes plain, {len(body_gzip):,} gzip")
        if "beast" in wanted:
            results["beast"] = measure("beast", exporter, port, args)
    finally:
        for child in (exporter, sim):
            if child is not None:
                child.stop()
    body_sizes = {"plain": plain_path.stat().st_size, "gzip": gzip_path.stat().st_size}
    for name in wanted:
        if name == "beast":
            continue
        time.sleep(3)
        child, port = start_candidate(candidates_dir / f"candidate_{name}", f"candidate_{name}", work, gzip_path,
                                      plain_path)
        log(f"{name}: pid {child.pid} on port {port}")
        try:
            results[name] = measure(name, child, port, args)
        finally:
            results.setdefault(name, {})["exit"] = child.stop()
    (work / "results.json").write_text(json.dumps({"machine": machine, "results": results,
                                                   "exporter_revision": exporter_revision}, indent=1, default=str))
    path = Path(args.benchmarks)
    path.write_text(fill(path.read_text(), section(results, machine, args, exporter_revision, body_sizes)))
    log(f"wrote the server-candidates section of {path}; raw numbers in {work / 'results.json'}")


if __name__ == "__main__":
    main()
