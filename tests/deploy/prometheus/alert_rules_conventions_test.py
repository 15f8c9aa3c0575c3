#!/usr/bin/python3
"""deploy/prometheus/alerts.yaml keeps the conventions its README states, so that a new alert cannot land
without them: every alert has a for:, a severity label (critical or warning), summary, description and a
runbook_url equal to deploy/prometheus/README.md#<its name in lower case>; the README has that heading; and
tests/*.yaml evaluate it at least once expecting it to fire and once expecting nothing."""

import pathlib
import re
import sys

import yaml

ROOT = pathlib.Path(__file__).resolve().parents[3]
RULES_DIR = ROOT / "deploy/prometheus"


def main() -> int:
    failures = []
    readme = (RULES_DIR / "README.md").read_text(encoding="utf-8")
    headings = set(re.findall(r"^### (\S+)$", readme, re.M))
    fired, quiet = set(), set()
    for path in sorted((RULES_DIR / "tests").glob("*.yaml")):
        for test in yaml.safe_load(path.read_text(encoding="utf-8"))["tests"]:
            for case in test.get("alert_rule_test", []):
                (fired if case.get("exp_alerts") else quiet).add(case["alertname"])

    alerts = [rule for group in yaml.safe_load((RULES_DIR / "alerts.yaml").read_text(encoding="utf-8"))["groups"]
              for rule in group["rules"] if "alert" in rule]
    for rule in alerts:
        name = rule["alert"]
        annotations = rule.get("annotations", {})
        if not rule.get("for"):
            failures.append(f"{name}: no for:")
        if rule.get("labels", {}).get("severity") not in ("critical", "warning"):
            failures.append(f"{name}: severity is {rule.get('labels', {}).get('severity')!r}, not critical or warning")
        for key in ("summary", "description"):
            if not annotations.get(key):
                failures.append(f"{name}: no {key} annotation")
        expected_url = f"deploy/prometheus/README.md#{name.lower()}"
        if annotations.get("runbook_url") != expected_url:
            failures.append(f"{name}: runbook_url is {annotations.get('runbook_url')!r}, not {expected_url!r}")
        if name not in headings:
            failures.append(f"{name}: deploy/prometheus/README.md has no '### {name}' runbook")
        if name not in fired:
            failures.append(f"{name}: no promtool test case expects it to fire")
        if name not in quiet:
            failures.append(f"{name}: no promtool test case expects it not to fire")
    for heading in sorted(headings - {rule["alert"] for rule in alerts}):
        failures.append(f"README.md has a runbook for {heading}, which alerts.yaml does not define")

    print(f"{len(alerts)} alerts checked")
    for failure in failures:
        print("FAIL: " + failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
