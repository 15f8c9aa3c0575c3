#!/usr/bin/env python3
"""Runs every libFuzzer target of build-fuzz for a while on a copy of its seed corpus (make fuzz, make test-fuzz).

Prints each target's executions and findings, writes them to <build-dir>/fuzz-summary.txt (target, executions,
findings) and exits 1 when any target found something: a crash, leak, timeout or out-of-memory input, which
libFuzzer leaves as a crash-*/leak-*/timeout-*/oom-* file in <build-dir>/fuzz-run/<target>/findings/. That file
reproduces it: build-fuzz/fuzz/fuzz_<target> <file>.
"""

import argparse
import concurrent.futures
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

SOURCE_DIR = Path(__file__).resolve().parent.parent
FINDING_PREFIXES = ("crash-", "leak-", "timeout-", "oom-")
EXECUTIONS = re.compile(r"^stat::number_of_executed_units:\s*(\d+)", re.MULTILINE)


def run_target(build_dir: Path, target: str, seconds: int) -> tuple[str, int, list[str], str]:
    """Fuzzes one target; returns its name, executions, finding files and libFuzzer's output."""
    run_dir = build_dir / "fuzz-run" / target
    shutil.rmtree(run_dir, ignore_errors=True)
    corpus = run_dir / "corpus"
    findings = run_dir / "findings"
    findings.mkdir(parents=True)
    # A copy: what libFuzzer adds to its corpus stays in the build dir, the committed seeds stay as they are.
    shutil.copytree(SOURCE_DIR / "fuzz" / "corpus" / target, corpus)
    command = [
        str(build_dir / "fuzz" / f"fuzz_{target}"),
        f"-max_total_time={seconds}",
        "-timeout=10",
        "-rss_limit_mb=2048",
        "-print_final_stats=1",
        f"-artifact_prefix={findings}/",
        str(corpus),
    ]
    result = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace")
    (run_dir / "fuzz.log").write_text(result.stdout)
    match = EXECUTIONS.search(result.stdout)
    executions = int(match.group(1)) if match else 0
    found = sorted(path.name for path in findings.iterdir() if path.name.startswith(FINDING_PREFIXES))
    if result.returncode != 0 and not found:
        # libFuzzer stopped without leaving an input behind (a crash while loading the corpus, a bad flag).
        found = [f"exit-status-{result.returncode}"]
    return target, executions, found, result.stdout


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build-dir", type=Path, default=SOURCE_DIR / "build-fuzz")
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("FUZZ_SECONDS", "60")))
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="targets fuzzed at the same time")
    parser.add_argument("targets", nargs="*", help="only these (default: every target in fuzz/targets.txt)")
    args = parser.parse_args()

    build_dir = args.build_dir.resolve()
    targets = args.targets or (build_dir / "fuzz" / "targets.txt").read_text().split()
    started = time.monotonic()
    print(f"== libFuzzer: {len(targets)} targets, {args.seconds} s each, {args.jobs} at a time", flush=True)

    results = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        for target, executions, found, output in pool.map(
            lambda target: run_target(build_dir, target, args.seconds), targets
        ):
            results.append((target, executions, found))
            print(f"{target:<40} {executions:>12} executions  {len(found)} findings", flush=True)
            if found:
                print(f"  findings in {build_dir / 'fuzz-run' / target / 'findings'}: {', '.join(found)}")
                print("\n".join("  | " + line for line in output.splitlines()[-40:]))

    summary = build_dir / "fuzz-summary.txt"
    with summary.open("w") as out:
        out.write("target\texecutions\tfindings\n")
        for target, executions, found in results:
            out.write(f"{target}\t{executions}\t{len(found)}\n")
    total_executions = sum(executions for _, executions, _ in results)
    total_findings = sum(len(found) for _, _, found in results)
    print(
        f"== {total_executions} executions, {total_findings} findings in {time.monotonic() - started:.0f} s; "
        f"summary in {summary}"
    )
    return 1 if total_findings else 0


if __name__ == "__main__":
    sys.exit(main())
