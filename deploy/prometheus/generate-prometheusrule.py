#!/usr/bin/python3
"""Writes deploy/kubernetes/monitoring/prometheusrule.yaml: the rule groups of deploy/prometheus/alerts.yaml as a
Prometheus Operator PrometheusRule (monitoring.coreos.com/v1), so the two never drift apart.

    deploy/prometheus/generate-prometheusrule.py           # rewrite the committed file after editing alerts.yaml
    deploy/prometheus/generate-prometheusrule.py --check   # exit 1 and show the diff when it is out of date (CTest)

Needs PyYAML (Debian's python3-yaml)."""

import argparse
import difflib
import pathlib
import sys

import yaml

ROOT = pathlib.Path(__file__).resolve().parents[2]
ALERTS = ROOT / "deploy/prometheus/alerts.yaml"
OUTPUT = ROOT / "deploy/kubernetes/monitoring/prometheusrule.yaml"

HEADER = """\
# GENERATED from deploy/prometheus/alerts.yaml by deploy/prometheus/generate-prometheusrule.py: edit alerts.yaml
# and run the script again; a test fails while this file differs from its output.
# The namespace and the app.kubernetes.io labels come from deploy/kubernetes/monitoring/kustomization.yaml. A
# Prometheus created by kube-prometheus-stack selects only rules labelled release: <its Helm release>: add that
# label under metadata.labels when applying it (a kustomize patch), or set its ruleSelectorNilUsesHelmValues to false.
# Runbooks: deploy/prometheus/README.md.
"""


class _Dumper(yaml.SafeDumper):
    """Keeps multi-line strings (the expressions) as literal blocks, as alerts.yaml writes them."""


def _represent_str(dumper, value):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def render(alerts_text: str) -> str:
    groups = yaml.safe_load(alerts_text)["groups"]
    rule = {
        "apiVersion": "monitoring.coreos.com/v1",
        "kind": "PrometheusRule",
        "metadata": {"name": "rds-exporter", "labels": {"app.kubernetes.io/component": "alerting"}},
        "spec": {"groups": groups},
    }
    body = yaml.dump(rule, Dumper=_Dumper, sort_keys=False, default_flow_style=False, allow_unicode=True, width=120)
    return HEADER + body


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="compare with the committed file instead of writing it")
    args = parser.parse_args()
    expected = render(ALERTS.read_text(encoding="utf-8"))
    if not args.check:
        OUTPUT.write_text(expected, encoding="utf-8")
        return 0
    actual = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else ""
    if actual == expected:
        print(f"{OUTPUT.relative_to(ROOT)} is up to date with {ALERTS.relative_to(ROOT)}")
        return 0
    sys.stdout.writelines(difflib.unified_diff(actual.splitlines(keepends=True), expected.splitlines(keepends=True),
                                               str(OUTPUT.relative_to(ROOT)), "generate-prometheusrule.py output"))
    print(f"\n{OUTPUT.relative_to(ROOT)} is out of date: run deploy/prometheus/generate-prometheusrule.py")
    return 1


if __name__ == "__main__":
    sys.exit(main())
