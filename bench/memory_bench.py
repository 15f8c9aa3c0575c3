#!/usr/bin/env python3
"""Peak memory with the default settings (issue 19): a Release rds_exporter, with everything a user gets without
configuring it (Performance Insights, Enhanced Monitoring, the inventory), against rds_sim's generated fleets of
1,000 and 5,000 instances and of 5,000 over 10 scopes (5 accounts x 2 regions, found through the organization);
then 1,000 and 10 scopes of 500 again over HTTPS, as AWS is reached: bench/tls_front.py puts TLS in front of
rds_sim, and AWS_CA_BUNDLE trusts it beside the system's authorities (Debian's ca-certificates), so the exporter
verifies against a trust store of the usual size.

Each run: rds_sim adds 50 ms to every call; the exporter collects every 40 s and discovers every 30 s (300 s by
default: a run this short would otherwise never see the rediscoveries a long-running exporter makes, each of which
holds a second inventory beside the first while it is built and merged); for RUN_SECONDS a Prometheus-like
client scrapes /metrics with gzip every 5 s (the peak RSS "gzip scrapes" is VmHWM after that); then 3 rounds of 8
concurrent uncompressed scrapes (VmHWM "with plain scrapes"). Also reported: the series on the page, the page's
plain and gzip sizes, and how much of the resident memory is the binary and its libraries (file-backed pages,
from /proc/PID/smaps_rollup), which the exporter's data does not change.

    python3 bench/memory_bench.py --build-dir build                      # this build
    python3 bench/memory_bench.py --build-dir build --before OTHER/rds_exporter --before-label 'main@abc123'

Writes the table between the <!-- bench:memory --> markers of BENCHMARKS.md and build/bench/memory.json.
Standard library only; the classes come from run_bench.py."""
import argparse
import concurrent.futures
import gzip
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run_bench import (ORGANIZATION_ROLE, REPO, Child, Exporter, Sim, fill_markers, free_port, http,  # noqa: E402
                       log)

# Debian's trust store (package ca-certificates), which libcurl loads when AWS_CA_BUNDLE is unset.
SYSTEM_BUNDLE = Path("/etc/ssl/certs/ca-certificates.crt")

RUN_SECONDS = 90
COLLECTION_INTERVAL = 40
DISCOVERY_INTERVAL = 30
LATENCY_MS = 50
RUNS = [
    {"name": "1,000 instances", "instances": 1000, "accounts": 1, "regions": 1},
    {"name": "5,000 instances", "instances": 5000, "accounts": 1, "regions": 1},
    {"name": "5,000 instances in 10 scopes", "instances": 5000, "accounts": 5, "regions": 2},
    # As AWS is reached: over TLS, verified against a trust store the size of the system's.
    {"name": "1,000 instances, HTTPS", "instances": 1000, "accounts": 1, "regions": 1, "tls": True},
    {"name": "5,000 instances in 10 scopes, HTTPS", "instances": 5000, "accounts": 5, "regions": 2, "tls": True},
]


def tls_front(sim, workdir):
    """Starts bench/tls_front.py in front of rds_sim; returns its Child, its https URL and a CA bundle that trusts it:
    the system's authorities (when installed) and the front's self-signed certificate."""
    certificate, key, bundle = workdir / "front.pem", workdir / "front.key", workdir / "bundle.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                    "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", str(key), "-out", str(certificate)], check=True, capture_output=True)
    system = SYSTEM_BUNDLE.read_text() if SYSTEM_BUNDLE.exists() else ""
    bundle.write_text(system + certificate.read_text())
    port = free_port()
    target = sim.url.rstrip("/").rsplit(":", 1)[1]
    front = Child("tls_front", [sys.executable, str(Path(__file__).resolve().parent / "tls_front.py"), "--listen",
                                str(port), "--target", target, "--cert", str(certificate), "--key", str(key)], workdir)
    deadline = time.monotonic() + 30
    while "listening" not in front.stdout_path.read_text():
        if not front.alive() or time.monotonic() > deadline:
            raise RuntimeError(front.failure())
        time.sleep(0.05)
    return front, f"https://127.0.0.1:{port}", bundle


def smaps_rollup(pid):
    values = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, _, rest = line.partition(":")
        values[name] = int(rest.split()[0])
    return values


def version_of(binary):
    return subprocess.run([str(binary), "--version"], capture_output=True, text=True).stdout.strip()


def measure(binary, sim_binary, run, workdir):
    sim = Sim(sim_binary, run["instances"], workdir, run["accounts"], run["regions"])
    exporter, front = None, None
    try:
        sim.set_latency(LATENCY_MS)
        # The defaults: Performance Insights, Enhanced Monitoring and the inventory on (run_bench.py turns them off
        # for its CloudWatch-only cycle).
        env = {"APP_PERFORMANCE_INSIGHTS_ENABLED": "true", "APP_ENHANCED_MONITORING_ENABLED": "true",
               "APP_INVENTORY_ENABLED": "true", "APP_TARGET_DISCOVERY_INTERVAL": str(DISCOVERY_INTERVAL)}
        if run["accounts"] * run["regions"] > 1:
            fleet = sim.admin("GET", "/_sim/fleet")
            env.update({"APP_AWS_ORGANIZATION_ROLE_NAME": ORGANIZATION_ROLE,
                        "APP_AWS_ORGANIZATION_REGIONS": ",".join(fleet["regions"])})
        url = sim.url
        if run.get("tls"):
            front, url, bundle = tls_front(sim, workdir)
            env["AWS_CA_BUNDLE"] = str(bundle)
        exporter = Exporter(binary, url, workdir, COLLECTION_INTERVAL, False, env)
        deadline = time.monotonic() + RUN_SECONDS
        page, gzip_size = b"", 0
        while time.monotonic() < deadline:
            try:
                body, headers = http(exporter.url, headers={"Accept-Encoding": "gzip"})
                page = gzip.decompress(body) if headers.get("Content-Encoding") == "gzip" else body
                gzip_size = len(body)
            except OSError:
                pass
            if not exporter.child.alive():
                raise RuntimeError(exporter.child.failure())
            time.sleep(5)
        result = {"gzip_scrapes_hwm_kib": exporter.child.memory_kib("VmHWM")}
        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            for _ in range(3):
                list(pool.map(lambda _: http(exporter.url), range(8)))
        time.sleep(1)
        rollup = smaps_rollup(exporter.child.pid)
        series = sum(float(line.split()[-1]) for line in page.decode().splitlines()
                     if line.startswith("rds_exporter_series{"))
        result.update({
            "plain_scrapes_hwm_kib": exporter.child.memory_kib("VmHWM"),
            "rss_kib": rollup["Rss"],
            "file_backed_kib": rollup["Rss"] - rollup.get("Anonymous", 0),
            "series": int(series),
            "page_bytes": len(page),
            "gzip_bytes": gzip_size,
        })
        return result
    finally:
        if exporter:
            exporter.child.stop()
        if front:
            front.stop()
        sim.child.stop()


def mb(kib):
    return f"{kib / 1024:.1f} MB"


def table(results, labels):
    head = ["Run", "Series", "Page (plain / gzip)"]
    for label in labels:
        head += [f"Peak RSS, gzip scrapes ({label})", f"Peak RSS, with plain scrapes ({label})",
                 f"Binary and libraries ({label})"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for run in RUNS:
        name = run["name"]
        newest = results[labels[-1]][name]
        row = [name, f"{newest['series']:,}",
               f"{newest['page_bytes'] / 1048576:.1f} / {newest['gzip_bytes'] / 1048576:.2f} MiB"]
        for label in labels:
            r = results[label][name]
            row += [f"**{mb(r['gzip_scrapes_hwm_kib'])}**", mb(r["plain_scrapes_hwm_kib"]), mb(r["file_backed_kib"])]
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build-dir", default="build", help="where rds_exporter and rds_sim are (default: build)")
    parser.add_argument("--before", help="another rds_exporter binary to measure first, for a before/after table")
    parser.add_argument("--before-label", default="before")
    parser.add_argument("--output", default=str(REPO / "BENCHMARKS.md"))
    args = parser.parse_args()
    build_dir = Path(args.build_dir)
    if not build_dir.is_absolute():
        build_dir = REPO / build_dir
    binaries = [(args.before_label, Path(args.before))] if args.before else []
    binaries.append(("after" if args.before else "this build", build_dir / "rds_exporter"))
    results, versions = {}, {}
    for label, binary in binaries:
        versions[label] = version_of(binary)
        results[label] = {}
        for run in RUNS:
            with tempfile.TemporaryDirectory(prefix="rds-memory-bench-") as temp:
                log(f"{label}: {run['name']} ({versions[label]})")
                results[label][run["name"]] = measure(binary, build_dir / "rds_sim", run, Path(temp))
                log(f"{label}: {run['name']}: {results[label][run['name']]}")
    (build_dir / "bench").mkdir(exist_ok=True)
    (build_dir / "bench" / "memory.json").write_text(json.dumps({"versions": versions, "results": results}, indent=2))
    load = Path("/proc/loadavg").read_text().split()[:3]
    block = (f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on {subprocess.os.cpu_count()} cores, "
             f"load average {' '.join(load)} after the runs; "
             + "; ".join(f"{label}: `{version}`" for label, version in versions.items()) + ".\n\n"
             + table(results, [label for label, _ in binaries]))
    output = Path(args.output)
    output.write_text(fill_markers(output.read_text(), {"memory": block}))
    log(f"wrote {output} and {build_dir / 'bench' / 'memory.json'}")


if __name__ == "__main__":
    main()
