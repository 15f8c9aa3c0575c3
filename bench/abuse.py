"""Shared by bench/soak.py (make soak) and bench/edge_bench.py (make edge-bench): starting rds_sim and the exporter,
a keep-alive scraping client, the idle and slowloris connections held open against the exporter, /proc sampling.

Python 3 standard library only. Every loop here is bounded in time, and every process is stopped by its own pid.
All traffic goes to 127.0.0.1.
"""

import asyncio
import contextlib
import gzip
import http.client
import json
import os
import re
import resource
import signal
import socket
import subprocess
import threading
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
REGION = "ap-northeast-2"
# Principals every generated fleet has (sim/README.md): test values, not credentials.
EXPORTER_KEYS = ("AKIARDSSIMEXPORTER01", "rdssimExporterSecretKey0000000000000001")
ASSUMER_KEYS = ("AKIARDSSIMASSUMER001", "rdssimAssumerSecretKey00000000000000001")
EXPORTER_ROLE = "rds-exporter-role"
# File descriptors for this script and its children: 1,100 held connections need more than the usual 1,024.
NOFILE = 16384


def log(tool, message):
    print(f"{tool}: {time.strftime('%H:%M:%S')} {message}", flush=True)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def raise_nofile(wanted=NOFILE):
    """Raises this process's RLIMIT_NOFILE soft limit towards `wanted` (never above the hard limit)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft == resource.RLIM_INFINITY or soft >= target:
        return soft
    resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    return target


def _exit_on_sigterm(*_):
    raise SystemExit(143)


def prepare_run(tool, build_dir, results_name):
    """What edge-bench and soak do first: the two binaries (or exit naming the missing one), more descriptors,
    SIGTERM unwinding like Ctrl-C (so that a caller's finally stops rds_sim and the exporter), the machine's facts
    and a results folder under the build dir. Returns (build, binaries, machine, results_dir)."""
    build = Path(build_dir).resolve()
    binaries = {name: build / name for name in ("rds_sim", "rds_exporter")}
    for name, path in binaries.items():
        if not os.access(path, os.X_OK):
            raise SystemExit(f"{tool}: {path} is missing; build {name} first (make {tool} does)")
    raise_nofile()
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    machine = machine_facts()
    results_dir = build / results_name
    results_dir.mkdir(parents=True, exist_ok=True)
    return build, binaries, machine, results_dir


def tear_down(holder, children, workdir, results_dir):
    """The end of a run, whatever happened: the abuse connections closed, each child process stopped (None ones
    skipped), and the children's logs (*.err) kept beside the results."""
    if holder is not None:
        with contextlib.suppress(Exception):
            holder.stop()
    for child in children:
        if child is not None:
            child.stop()
    for kept in workdir.glob("*.err"):
        (results_dir / kept.name).write_bytes(kept.read_bytes())


def http_request(url, method="GET", payload=None, timeout=30):
    """A small JSON request to rds_sim's admin API; returns the decoded answer (or None for an empty body)."""
    body = json.dumps(payload).encode() if payload is not None else None
    headers = {"Content-Type": "application/json"} if body is not None else {}
    request = urllib.request.Request(url, method=method, data=body, headers=headers)
    with urllib.request.urlopen(request, timeout=timeout) as response:
        answer = response.read()
    return json.loads(answer) if answer else None


def percentile(values, fraction):
    """Nearest-rank percentile of `values` (None when empty)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * fraction // 1))
    return ordered[int(rank) - 1]


class Child:
    """A process this script started, with a raised RLIMIT_NOFILE; stopped by its own pid only."""

    def __init__(self, name, argv, workdir, env=None, nofile=NOFILE):
        self.name = name
        self.stdout_path = workdir / f"{name}.out"
        self.stderr_path = workdir / f"{name}.err"

        def limits():
            soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
            target = nofile if hard == resource.RLIM_INFINITY else min(nofile, hard)
            if soft != resource.RLIM_INFINITY and soft < target:
                resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))

        with open(self.stdout_path, "wb") as out, open(self.stderr_path, "wb") as err:
            self.process = subprocess.Popen(argv, stdout=out, stderr=err, env=env, stdin=subprocess.DEVNULL,
                                            preexec_fn=limits)
        self.pid = self.process.pid
        self.started = time.monotonic()

    def alive(self):
        return self.process.poll() is None

    def returncode(self):
        return self.process.poll()

    def stop(self, timeout=10):
        """SIGTERM, then SIGKILL after `timeout` seconds; returns the exit code (negative: killed by a signal)."""
        if self.alive():
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode

    def tail(self, chars=2000):
        return self.stderr_path.read_text(errors="replace")[-chars:]

    def status_kib(self, key):
        """A memory line of /proc/PID/status (VmRSS, VmHWM) in KiB; None once the process is gone."""
        try:
            for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
                if line.startswith(key + ":"):
                    return int(line.split()[1])
        except OSError:
            return None
        return None

    def fd_count(self):
        try:
            return len(os.listdir(f"/proc/{self.pid}/fd"))
        except OSError:
            return None


def start_sim(binary, instances, seed, workdir, extra_args=(), timeout=60):
    """rds_sim on a free port with a generated fleet; returns (child, base URL)."""
    child = Child(f"rds_sim-{instances}", [str(binary), "--generate", str(instances), "--seed", str(seed),
                                           "--port", "0", "--region", REGION, *extra_args], workdir)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        first = child.stdout_path.read_text().split("\n", 1)
        if len(first) == 2:
            return child, re.search(r"http://127\.0\.0\.1:\d+", first[0]).group(0)
        if not child.alive():
            raise RuntimeError(f"rds_sim exited with {child.returncode()}: {child.tail()}")
        time.sleep(0.02)
    child.stop()
    raise RuntimeError(f"rds_sim did not say where it listens within {timeout} s")


def start_exporter(binary, sim_url, workdir, keys, settings, extra_env=None):
    """The exporter on a free loopback port with the built-in defaults, `settings` as --set KEY=VALUE and
    `keys` (access key id, secret) as its AWS environment credentials. Returns (child, port)."""
    port = free_port()
    home = workdir / "home"
    home.mkdir(exist_ok=True)
    # The built-in defaults and the settings below only, whatever config/ holds at the moment.
    config_dir = workdir / "config"
    config_dir.mkdir(exist_ok=True)
    for name in ("default.yaml", "production.yaml"):
        (config_dir / name).write_text("# rds_exporter's built-in defaults; the harness passes --set\n")
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "AWS_ACCESS_KEY_ID": keys[0],
        "AWS_SECRET_ACCESS_KEY": keys[1],
        "AWS_EC2_METADATA_DISABLED": "true",
        "RUN_MODE": "production",
    }
    env.update(extra_env or {})
    base = {
        "aws.region": REGION,
        "aws.endpoint_url": sim_url,
        "exporter.host": "127.0.0.1",
        "exporter.port": str(port),
        "target.tag_key": "",
        "log.format": "json",
        "log.level": "info",
    }
    base.update(settings)
    argv = [str(binary), "--config-dir", str(config_dir)]
    for key, value in base.items():
        argv += ["--set", f"{key}={value}"]
    child = Child(f"rds_exporter-{port}", argv, workdir, env)
    return child, port


class Scraper:
    """One keep-alive HTTP/1.1 connection to the exporter, re-opened after any error, as a well-behaved client
    (Prometheus) keeps one. get() never raises: it returns (status or None, body, seconds, error kind or None)."""

    def __init__(self, port, timeout=15.0):
        self.port = port
        self.timeout = timeout
        self.connection = None

    def close(self):
        if self.connection is not None:
            self.connection.close()
            self.connection = None

    def get(self, path, gzipped=True, decode=True):
        headers = {"Accept-Encoding": "gzip"} if gzipped else {}
        started = time.perf_counter()
        try:
            if self.connection is None:
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
            self.connection.request("GET", path, headers=headers)
            response = self.connection.getresponse()
            body = response.read()
            seconds = time.perf_counter() - started
            if response.getheader("Connection", "").lower() == "close" or response.will_close:
                self.close()
            if decode and response.getheader("Content-Encoding") == "gzip":
                body = gzip.decompress(body)
            return response.status, body, seconds, None
        except (OSError, http.client.HTTPException, EOFError) as error:
            self.close()
            return None, b"", time.perf_counter() - started, error_kind(error)


def error_kind(error):
    if isinstance(error, ConnectionRefusedError):
        return "refused"
    if isinstance(error, ConnectionResetError):
        return "reset"
    if isinstance(error, BrokenPipeError):
        return "broken pipe"
    if isinstance(error, (socket.timeout, TimeoutError)):
        return "timeout"
    if isinstance(error, http.client.RemoteDisconnected):
        return "closed without answer"
    if isinstance(error, http.client.IncompleteRead):
        return "incomplete body"
    if isinstance(error, http.client.HTTPException):
        return "bad response"
    return type(error).__name__


class AbuseConnections:
    """`idle` TCP connections that never send a byte and `slowloris` clients that send a request line and then one
    header line every `slowloris_interval` seconds without ever finishing, held open against 127.0.0.1:port on an
    asyncio loop of their own thread. A connection the server closes is counted and re-opened after a second.

    start() returns once every connection has been tried once; stop() closes them all (bounded in time)."""

    def __init__(self, port, idle, slowloris, slowloris_interval=3.0, open_concurrency=50):
        self.port = port
        self.idle = idle
        self.slowloris = slowloris
        self.slowloris_interval = slowloris_interval
        self.open_concurrency = open_concurrency
        self.stats_lock = threading.Lock()
        self.counts = {
            "idle_opened": 0, "idle_closed_by_server": 0, "idle_connect_errors": 0, "idle_open_now": 0,
            "slowloris_opened": 0, "slowloris_closed_by_server": 0, "slowloris_connect_errors": 0,
            "slowloris_open_now": 0, "slowloris_header_lines": 0,
        }
        self.slowloris_answers = {}  # status code (or "none") -> count, of what the server said before closing
        self.slowloris_hold_seconds = []  # how long each slowloris connection the server closed had lasted
        self.idle_hold_seconds = []
        self.loop = None
        self.thread = None
        self.stop_event = None
        self.first_round = threading.Event()
        self.writers = set()

    def _count(self, key, delta=1):
        with self.stats_lock:
            self.counts[key] += delta

    def snapshot(self):
        with self.stats_lock:
            result = dict(self.counts)
            result["slowloris_answers"] = dict(self.slowloris_answers)
            result["slowloris_hold_seconds"] = list(self.slowloris_hold_seconds)
            result["idle_hold_seconds"] = list(self.idle_hold_seconds)
            return result

    def start(self, timeout=60):
        self.thread = threading.Thread(target=self._run, name="abuse", daemon=True)
        self.thread.start()
        self.first_round.wait(timeout)

    def stop(self, timeout=15):
        """Closes every connection; safe to call more than once."""
        if self.loop is None or self.loop.is_closed() or not self.thread.is_alive():
            return
        try:
            self.loop.call_soon_threadsafe(self.stop_event.set)
        except RuntimeError:  # the loop closed meanwhile
            return
        self.thread.join(timeout)

    def _run(self):
        self.loop = asyncio.new_event_loop()
        try:
            self.loop.run_until_complete(self._main())
        finally:
            self.loop.close()

    async def _main(self):
        self.stop_event = asyncio.Event()
        gate = asyncio.Semaphore(self.open_concurrency)
        opened_once = [0]
        total = self.idle + self.slowloris

        def tried():
            opened_once[0] += 1
            if opened_once[0] == total:
                self.first_round.set()

        tasks = [asyncio.create_task(self._idle(gate, tried)) for _ in range(self.idle)]
        tasks += [asyncio.create_task(self._slowloris(gate, tried, n)) for n in range(self.slowloris)]
        if not tasks:
            self.first_round.set()
        await self.stop_event.wait()
        for writer in list(self.writers):
            writer.close()
        if tasks:
            await asyncio.wait(tasks, timeout=10)
        for task in tasks:
            task.cancel()

    async def _open(self, gate):
        async with gate:
            return await asyncio.wait_for(asyncio.open_connection("127.0.0.1", self.port), timeout=10)

    async def _pause(self, seconds):
        """Sleeps `seconds` or until stop; True when stopping."""
        try:
            await asyncio.wait_for(self.stop_event.wait(), timeout=seconds)
            return True
        except asyncio.TimeoutError:
            return False

    async def _idle(self, gate, tried):
        first = True
        while not self.stop_event.is_set():
            try:
                reader, writer = await self._open(gate)
            except (OSError, asyncio.TimeoutError):
                self._count("idle_connect_errors")
                if first:
                    first = False
                    tried()
                if await self._pause(1.0):
                    return
                continue
            self._count("idle_opened")
            self._count("idle_open_now")
            self.writers.add(writer)
            if first:
                first = False
                tried()
            opened = time.monotonic()
            read = asyncio.create_task(reader.read(4096))
            stop = asyncio.create_task(self.stop_event.wait())
            done, _ = await asyncio.wait({read, stop}, return_when=asyncio.FIRST_COMPLETED)
            self.writers.discard(writer)
            self._count("idle_open_now", -1)
            if read in done and not self.stop_event.is_set():
                self._count("idle_closed_by_server")
                with self.stats_lock:
                    self.idle_hold_seconds.append(time.monotonic() - opened)
            else:
                read.cancel()
            stop.cancel()
            writer.close()
            if await self._pause(1.0):
                return

    async def _slowloris(self, gate, tried, number):
        first = True
        while not self.stop_event.is_set():
            try:
                reader, writer = await self._open(gate)
                writer.write(b"GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: slowloris\r\n")
                await writer.drain()
            except (OSError, asyncio.TimeoutError):
                self._count("slowloris_connect_errors")
                if first:
                    first = False
                    tried()
                if await self._pause(1.0):
                    return
                continue
            self._count("slowloris_opened")
            self._count("slowloris_open_now")
            self.writers.add(writer)
            if first:
                first = False
                tried()
            opened = time.monotonic()
            closed_by_server = False
            answer = b""
            line = 0
            read = asyncio.create_task(reader.read(4096))
            while not self.stop_event.is_set():
                done, _ = await asyncio.wait({read}, timeout=self.slowloris_interval)
                if read in done:
                    if self.stop_event.is_set():
                        break
                    try:
                        answer = read.result()
                    except OSError:
                        answer = b""
                    closed_by_server = True
                    break
                try:
                    line += 1
                    writer.write(f"X-Slowloris-{number}-{line}: a\r\n".encode())
                    await asyncio.wait_for(writer.drain(), timeout=self.slowloris_interval)
                    self._count("slowloris_header_lines")
                except (OSError, asyncio.TimeoutError):
                    closed_by_server = True
                    break
            if not read.done():
                read.cancel()
            self.writers.discard(writer)
            self._count("slowloris_open_now", -1)
            if closed_by_server:
                self._count("slowloris_closed_by_server")
                match = re.match(rb"HTTP/1\.[01] (\d{3})", answer or b"")
                code = match.group(1).decode() if match else "none"
                with self.stats_lock:
                    self.slowloris_answers[code] = self.slowloris_answers.get(code, 0) + 1
                    self.slowloris_hold_seconds.append(time.monotonic() - opened)
            writer.close()
            if await self._pause(1.0):
                return


def fill_section(document, name, heading, content):
    """Replaces what lies between `<!-- bench:NAME -->` and `<!-- /bench:NAME -->`; when the markers are missing,
    appends `heading` and the marked block at the end. Everything else stays as it is."""
    pattern = re.compile(rf"(<!-- bench:{name} -->\n).*?(<!-- /bench:{name} -->)", re.S)
    if pattern.search(document):
        return pattern.sub(lambda m: m.group(1) + content.rstrip("\n") + "\n" + m.group(2), document)
    return document.rstrip("\n") + f"\n\n{heading}\n\n<!-- bench:{name} -->\n{content.rstrip()}\n<!-- /bench:{name} -->\n"


def machine_facts():
    """One line per fact about where a run happened: nproc, memory (free -h), CPU model, load, revision."""
    cpu_model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu_model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = "unknown"
    free = subprocess.run(["free", "-h"], capture_output=True, text=True)
    for line in free.stdout.splitlines():
        if line.startswith("Mem:"):
            memory = line.split()[1]
    revision = subprocess.run(["git", "-C", str(REPO), "describe", "--always", "--dirty"], capture_output=True,
                              text=True).stdout.strip()
    load = os.getloadavg()
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu_model,
        "memory": memory,
        "load": f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f}",
        "revision": revision or "unknown",
    }
