"""Sharding chaos: three rds_exporter replicas share six scopes through Leases, and are killed, frozen, cut off from
the API server and restarted one by one, while every AWS call is attributed to the replica that made it.

rds_sim serves 3 accounts x 2 regions (an AWS Organization); the Lease API stand-in (../lease_api) plays the
Kubernetes API server, over TLS, with one kubeconfig and bearer token per replica; each replica reaches rds_sim
through its own logging proxy (aws_call_log.py), so every GetMetricData call is known by replica, scope and time.
The checks are issue 18's:

1. steady state: every scope held by exactly one replica (its own metrics and the Lease agree), each
   rds_cpuutilization series on exactly one replica, and per scope the GetMetricData calls of a cycle, summed over
   the replicas, equal what one replica makes (only the holder calls; no duplicate AWS cost);
2. SIGKILL of a holder: its scopes move within lease_duration plus one cycle, and not before the Lease expired;
   losing a replica moves only its scopes, and its replacement takes only its own share (rendezvous hashing);
3. SIGSTOP of a holder past its lease, then SIGCONT: the frozen replica does not collect a scope again while the
   replica that took it over still does (no cycle collected twice);
4. renewals refused by the API server (503 for that replica's writes): the replica stops calling AWS for its scopes
   within renew_deadline of its last renewal, before the Lease can expire and another replica takes over (fencing);
5. rolling restart (SIGTERM one, start its replacement, wait until ready, next): every replica releases its Leases,
   and each scope loses at most one cycle.
Throughout, no two replicas ever call GetMetricData for the same scope at the same time, and at the end the proxies'
counts per scope equal rds_sim's own (GET /_sim/stats/scopes).

    python3 sharding_chaos_test.py --rds-sim build/rds_sim --rds-exporter build/rds_exporter --config-dir config
"""

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lease_api"))
sys.path.insert(0, os.path.join(HERE, "..", "..", "sim", "contract"))
from aws_call_log import AwsProxy, CallLog  # noqa: E402
from lease_api import token_id  # noqa: E402
from lease_api_process import LeaseApiProcess, stop_process  # noqa: E402
import rds_sim_process  # noqa: E402

ARGS = None
NAMESPACE = "monitoring"
PREFIX = "rds-exporter"
# Short leases, so that the whole run takes about two minutes; client-go's rule holds:
# lease_duration > renew_deadline > 1.2 x retry_period.
LEASE_DURATION, RENEW_DEADLINE, RETRY_PERIOD = 4, 3, 1
# rds_sim and the exporters run their data clocks 30 times faster than real time, from the same origin: a
# collection_interval of 60 data seconds (one CloudWatch period, the least that brings a new point) is a cycle
# every 2 real seconds, on one grid for every replica. Leases and the API server keep real time.
TIME_SCALE = 30
DATA_INTERVAL = 60
INTERVAL = DATA_INTERVAL / TIME_SCALE  # real seconds between cycles
# What a loaded 2-core machine may add to a bound (polling, scheduling, one discovery before the first cycle).
SLACK = 1.0
# How late a cycle may start against its schedule (measured: about 10 ms): a gap between two collections of a scope
# longer than 2 cycles and this lost more than one cycle.
CYCLE_JITTER = 0.5
# Every name a replica may take in the run, each with its own bearer token.
ROSTER = [f"replica-{letter}" for letter in "abcdefghij"]
METRIC_LINE = re.compile(r"^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)")
LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def token_of(name):
    return f"chaos-token-{name}"


def parse_metrics(text):
    """[(name, {label: value}, value)] of a text exposition."""
    samples = []
    for line in text.splitlines():
        match = METRIC_LINE.match(line)
        if match:
            labels = dict(LABEL.findall(match.group(2) or ""))
            samples.append((match.group(1), labels, float(match.group(3))))
    return samples


class Page:
    """One /metrics page, with the lookups the checks need."""

    def __init__(self, text):
        self.samples = parse_metrics(text)

    def values(self, name):
        return [(labels, value) for sample, labels, value in self.samples if sample == name]

    def value(self, name, default=None, **labels):
        for sample_labels, value in self.values(name):
            if all(sample_labels.get(key) == wanted for key, wanted in labels.items()):
                return value
        return default

    def held(self):
        return {(labels["aws_account_id"], labels["region"])
                for labels, value in self.values("rds_exporter_coordination_scope_held") if value == 1}

    def series(self, name="rds_cpuutilization"):
        return {(labels.get("aws_account_id"), labels.get("region"),
                 labels.get("db_instance_identifier") or labels.get("db_cluster_identifier"))
                for labels, _ in self.values(name)}


class Replica:
    """One rds_exporter with coordination on: its own identity, kubeconfig (own token), AWS proxy, port and log."""

    def __init__(self, harness, name):
        self.name = name
        self.proxy = AwsProxy(name, harness.sim.url, harness.calls)
        self.port = free_port()
        self.home = os.path.join(harness.directory, name)
        os.makedirs(self.home)
        kubeconfig = harness.api.write_kubeconfig(f"kubeconfig-{name}", token=token_of(name), namespace=NAMESPACE)
        settings = {
            "aws.endpoint_url": self.proxy.url,
            "aws.region": "ap-northeast-2",
            "aws.regions": ",".join(harness.regions),
            "aws.organization.role_name": "rds-exporter",
            "target.tag_key": "",
            "performance_insights.enabled": "false",
            "inventory.enabled": "false",
            "enhanced_monitoring.enabled": "false",
            "exporter.collection_interval": str(DATA_INTERVAL),
            "exporter.host": "127.0.0.1",
            "exporter.port": str(self.port),
        }
        command = [ARGS.rds_exporter, "--config-dir", ARGS.config_dir, "--log-level", "info",
                   "--testing.time-scale", str(TIME_SCALE), "--testing.time-origin", str(harness.clock_origin)]
        for key, value in settings.items():
            command += ["--set", f"{key}={value}"]
        environment = rds_sim_process.isolated_environment(self.home, rds_sim_process.EXPORTER)
        # The coordination keys through APP_* variables, as a Deployment's manifest sets them.
        environment.update({
            "APP_COORDINATION_ENABLED": "true",
            "APP_COORDINATION_NAMESPACE": NAMESPACE,
            "APP_COORDINATION_LEASE_PREFIX": PREFIX,
            "APP_COORDINATION_IDENTITY": name,
            "APP_COORDINATION_LEASE_DURATION": str(LEASE_DURATION),
            "APP_COORDINATION_RENEW_DEADLINE": str(RENEW_DEADLINE),
            "APP_COORDINATION_RETRY_PERIOD": str(RETRY_PERIOD),
            "APP_COORDINATION_KUBECONFIG": kubeconfig,
            "KUBECONFIG": os.path.join(self.home, "no-kubeconfig"),
        })
        self.log_path = os.path.join(self.home, "exporter.log")
        self.log_file = open(self.log_path, "w", encoding="utf-8")
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=self.log_file, env=environment)
        self.frozen = False
        self.events = harness.events
        self.events.append((time.time(), f"started {name}"))

    @property
    def alive(self):
        return self.process.poll() is None

    def get(self, path, timeout=2.0):
        """(status, body) of GET path; (0, error) when there is no answer."""
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        try:
            with opener.open(f"http://127.0.0.1:{self.port}{path}", timeout=timeout) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")
        except (OSError, ValueError) as error:
            return 0, str(error)

    def scrape(self):
        """The /metrics page, or None when the replica is dead, frozen or does not answer."""
        if not self.alive or self.frozen:
            return None
        status, body = self.get("/metrics")
        return Page(body) if status == 200 else None

    def signal(self, signum):
        self.process.send_signal(signum)
        self.frozen = signum == signal.SIGSTOP
        self.events.append((time.time(), f"{signal.Signals(signum).name} {self.name}"))

    def stop(self):
        """SIGTERM (SIGKILL after 15 s); closes the proxy and the log. Answers the exit code; again: the same."""
        if self.frozen:
            self.signal(signal.SIGCONT)
        code = stop_process(self.process, timeout=15)
        if not self.log_file.closed:
            self.proxy.close()
            self.log_file.close()
        return code

    def log_tail(self, lines=25):
        if not self.log_file.closed:
            self.log_file.flush()
        with open(self.log_path, encoding="utf-8", errors="replace") as file:
            return "".join(file.readlines()[-lines:])


class ShardingChaos(unittest.TestCase):
    """One cluster for the whole class; the tests run in their numbered order, each from a steady state."""

    @classmethod
    def setUpClass(cls):
        cls.temporary = tempfile.TemporaryDirectory(prefix="sharding_chaos_")
        cls.directory = cls.temporary.name
        cls.replicas = []
        cls.retired = []
        cls.events = []
        cls.check_the_exporter_coordinates()
        cls.api = LeaseApiProcess(tokens=[token_of(name) for name in ROSTER], namespace=NAMESPACE).__enter__()
        try:
            cls.sim = rds_sim_process.RdsSim(ARGS.rds_sim, "--generate", "24", "--accounts", "3", "--regions", "2",
                                             "--seed", "18", "--time-scale", str(TIME_SCALE)).__enter__()
            cls.clock_origin = cls.sim.admin("/_sim/clock")["start"]
            fleet = cls.sim.fleet()
            cls.regions = fleet["regions"]
            cls.scopes = {(account, region) for account in fleet["accounts"] for region in fleet["regions"]}
            owners = {item["id"]: item["account_id"] for item in fleet["instances"] + fleet.get("clusters", [])}
            cls.calls = CallLog(owners)
            cls.unused_names = list(ROSTER)
            for _ in range(3):
                cls.start_replica()
        except BaseException:
            cls.tearDownClass()
            raise

    @staticmethod
    def check_the_exporter_coordinates():
        """Fails at once, saying why, when the exporter binary predates the shard coordinator."""
        with tempfile.TemporaryDirectory(prefix="sharding_chaos_check_") as home:
            environment = rds_sim_process.isolated_environment(home)
            environment["APP_COORDINATION_ENABLED"] = "true"
            result = subprocess.run([ARGS.rds_exporter, "--check-config", "--config-dir", ARGS.config_dir],
                                    capture_output=True, text=True, env=environment, timeout=30)
        lines = [line.split() for line in (result.stdout + result.stderr).splitlines()]
        if not any(words[:2] == ["coordination.enabled", "true"] for words in lines):
            raise AssertionError(f"{ARGS.rds_exporter} has no coordination.enabled (built before the shard "
                                 f"coordinator?); --check-config said:\n{result.stdout}{result.stderr}")

    @classmethod
    def tearDownClass(cls):
        for replica in getattr(cls, "replicas", []) + getattr(cls, "retired", []):
            replica.stop()
        if hasattr(cls, "sim"):
            cls.sim.__exit__(None, None, None)
        keep = os.environ.get("SHARDING_CHAOS_KEEP")
        if keep:
            # For a post-mortem: every replica's log, the stand-in's request log and the GetMetricData calls.
            os.makedirs(keep, exist_ok=True)
            for replica in getattr(cls, "replicas", []) + getattr(cls, "retired", []):
                shutil.copy(replica.log_path, os.path.join(keep, f"{replica.name}.log"))
            with open(os.path.join(keep, "lease_api_requests.json"), "w", encoding="utf-8") as file:
                json.dump(cls.api.requests(), file, indent=1)
            with open(os.path.join(keep, "get_metric_data_calls.txt"), "w", encoding="utf-8") as file:
                file.writelines(f"{call!r}\n" for call in cls.calls.snapshot()) if hasattr(cls, "calls") else None
            with open(os.path.join(keep, "events.txt"), "w", encoding="utf-8") as file:
                file.writelines(f"{at:.3f} {text}\n" for at, text in cls.events)
        cls.api.__exit__(None, None, None)
        cls.temporary.cleanup()

    @classmethod
    def start_replica(cls):
        replica = Replica(cls, cls.unused_names.pop(0))
        cls.replicas.append(replica)
        return replica

    def retire(self, replica):
        self.replicas.remove(replica)
        self.retired.append(replica)

    # --- observation ---

    def lease_holders(self):
        """{scope: (holderIdentity, renewTime)} of the scope Leases in the stand-in."""
        holders = {}
        for lease in self.api.leases():
            name = lease["metadata"]["name"]
            for scope in self.scopes:
                if name == f"{PREFIX}-scope-{scope[0]}-{scope[1]}":
                    holders[scope] = (lease["spec"].get("holderIdentity", ""), lease["spec"].get("renewTime"))
        return holders

    def pages(self):
        return {replica.name: replica.scrape() for replica in self.replicas}

    def describe(self):
        """What the replicas, the Leases and the logs say, for a failure message."""
        lines = []
        for replica in self.replicas + self.retired:
            page = replica.scrape()
            state = "frozen" if replica.frozen else ("alive" if replica.alive else f"exited {replica.process.poll()}")
            if page:
                lines.append(f"{replica.name} ({state}): holds {sorted(page.held())}, replicas "
                             f"{page.value('rds_exporter_coordination_replicas')}, api errors "
                             f"{page.value('rds_exporter_coordination_api_errors_total')}")
            else:
                lines.append(f"{replica.name} ({state}): no /metrics")
        for scope, (holder, renew) in sorted(self.lease_holders().items()):
            lines.append(f"lease {scope}: holder {holder!r} renewed {renew}")
        for replica in self.replicas + self.retired:
            lines.append(f"--- {replica.name} log (last lines) ---\n{replica.log_tail()}")
        return "\n".join(lines)

    def history(self, scope, since, until):
        """What happened to a scope in [since, until]: the test's signals, every write of its Lease and of the
        replicas' Leases (by which replica's token), and its GetMetricData calls, in order, for a failure message."""
        names = {token_id(token_of(name)): name for name in ROSTER}
        lease = f"{PREFIX}-scope-{scope[0]}-{scope[1]}"
        lines = [(at, f"test: {text}") for at, text in self.events if since <= at <= until]
        lines += [(write["unix"], f"{write['verb']} {write['lease']} holder={write['holderIdentity']!r} by "
                                  f"{names.get(write['token'], write['token'])}: {write['status']}")
                  for write in self.api.requests()["writes"]
                  if since <= write["unix"] <= until and (write["lease"] == lease or "-replica-" in write["lease"])]
        lines += [(call.start, f"GetMetricData by {call.replica} ({call.end - call.start:.3f} s, {call.status})")
                  for call in self.calls.snapshot(since, until) if call.scope == scope]
        story = "\n".join(f"  {at:.3f} {text}" for at, text in sorted(lines))
        # And what the replicas logged about the scope.
        mentions = f"{scope[0]}/{scope[1]}"
        for replica in self.replicas + self.retired:
            if not replica.log_file.closed:
                replica.log_file.flush()
            with open(replica.log_path, encoding="utf-8", errors="replace") as file:
                lines = [line for line in file if mentions in line or " [main] " in line and "lease" in line]
            if lines:
                story += f"\n  --- {replica.name} log ---\n" + "".join("  " + line for line in lines[-12:])
        return story

    def wait_until(self, what, condition, timeout):
        deadline = time.time() + timeout
        while time.time() < deadline:
            exited = [replica.name for replica in self.replicas if not replica.alive]
            if exited:
                self.fail(f"{', '.join(exited)} exited while waiting for {what}\n{self.describe()}")
            result = condition()
            if result:
                return result
            time.sleep(0.25)
        self.fail(f"not within {timeout} s: {what}\n{self.describe()}")

    def steady(self):
        """{scope: replica name} once every scope is held by exactly one live replica (metrics and Lease agree),
        every live replica counts all live replicas, and each holder serves its scopes' series; else None."""
        pages = self.pages()
        if any(page is None for page in pages.values()):
            return None
        holders = {}
        for name, page in pages.items():
            if page.value("rds_exporter_coordination_replicas") != len(self.replicas):
                return None
            for scope in page.held():
                holders.setdefault(scope, []).append(name)
        if set(holders) != self.scopes or any(len(names) != 1 for names in holders.values()):
            return None
        leases = self.lease_holders()
        if any(leases.get(scope, ("",))[0] != names[0] for scope, names in holders.items()):
            return None
        for scope, (name,) in holders.items():
            if not any(series[:2] == scope for series in pages[name].series()):
                return None
        return {scope: names[0] for scope, names in holders.items()}

    def wait_steady(self, timeout=60):
        """The holders once steady() has given the same answer twice, a settling time apart: long enough for a
        holder to hand a scope to its preferred replica (two rounds) and for the new holder's first cycle."""
        settle = 2 * RETRY_PERIOD + INTERVAL
        last = {}

        def settled():
            holders = self.steady()
            if holders and holders == last.get("holders") and time.time() - last["since"] >= settle:
                return holders
            if holders != last.get("holders"):
                last.update(holders=holders, since=time.time())
            return None

        return self.wait_until("a steady state: each scope held by one replica, served by it, for "
                               f"{settle} s", settled, timeout)

    def replica(self, name):
        return next(replica for replica in self.replicas if replica.name == name)

    def last_renewal(self, scope, identity, before=None):
        """unix time of `identity`'s last successful write of the scope's Lease (before `before`), or None."""
        lease = f"{PREFIX}-scope-{scope[0]}-{scope[1]}"
        times = [write["unix"] for write in self.api.requests()["writes"]
                 if write["lease"] == lease and write["holderIdentity"] == identity
                 and write["status"] in (200, 201) and (before is None or write["unix"] < before)]
        return max(times) if times else None

    def takeovers(self, scopes, victim, since):
        """{scope: the first GetMetricData call of another replica since `since`} once every scope has one."""
        per_scope = self.calls.per_scope(since=since)
        found = {}
        for scope in scopes:
            others = [call for call in per_scope.get(scope, []) if call.replica != victim]
            if not others:
                return None
            found[scope] = others[0]
        return found

    def a_holder(self, holders, busiest=False):
        """A live replica that holds scopes (the one with the most when `busiest`), and its scopes."""
        holding = [replica for replica in self.replicas if replica.name in holders.values()]
        if busiest:
            holding.sort(key=lambda replica: -list(holders.values()).count(replica.name))
        victim = holding[0]
        return victim, {scope for scope, name in holders.items() if name == victim.name}

    def wait_for_takeovers(self, scopes, victim, since, why):
        return self.wait_until(f"another replica collecting {sorted(scopes)} {why}",
                               lambda: self.takeovers(scopes, victim.name, since),
                               LEASE_DURATION + 2 * RETRY_PERIOD + INTERVAL + SLACK + 10)

    def assert_taken_after_expiry(self, scope, taker, victim, before):
        """`taker`'s first call came no earlier than lease_duration after `victim`'s last renewal before `before`."""
        renewed = self.last_renewal(scope, victim.name, before=before)
        self.assertIsNotNone(renewed, f"{scope}: no renewal of {victim.name} in the stand-in's log")
        self.assertGreaterEqual(taker.start, renewed + LEASE_DURATION - 0.05,
                                f"{scope}: {taker.replica} collected {taker.start - renewed:.2f} s after "
                                f"{victim.name}'s last renewal, before its Lease ({LEASE_DURATION} s) expired")
        return renewed

    def assert_no_concurrent_calls(self, since=0.0):
        """No two replicas' GetMetricData calls for one scope overlap in time."""
        for scope, calls in self.calls.per_scope(since=since).items():
            for earlier, later in zip(calls, calls[1:]):
                if earlier.replica != later.replica:
                    self.assertIsNotNone(earlier.end, f"{scope}: {earlier} never ended")
                    self.assertLessEqual(earlier.end, later.start,
                                         f"{scope}: {earlier.replica} and {later.replica} called GetMetricData at "
                                         f"once: {earlier} then {later}")

    # --- the checks ---

    def test_1_steady_state_each_scope_once(self):
        holders = self.wait_steady(timeout=60)
        window_start = time.time()
        time.sleep(5 * INTERVAL)
        window_end = time.time()
        pages = self.pages()
        self.assertEqual(holders, self.steady(), "the holders changed without any fault")
        per_scope = self.calls.per_scope(window_start, window_end)
        for scope in sorted(self.scopes):
            holder = holders[scope]
            calls = per_scope.get(scope, [])
            self.assertEqual({call.replica for call in calls}, {holder},
                             f"{scope}: GetMetricData from {sorted({c.replica for c in calls})}, held by {holder}")
            per_cycle = pages[holder].value("rds_exporter_cloudwatch_last_cycle_get_metric_data_calls",
                                            aws_account_id=scope[0], region=scope[1])
            self.assertIsNotNone(per_cycle, f"{scope}: {holder} shows no calls per cycle")
            cycles = len(calls) / per_cycle
            # Only the holder calls, at one replica's pace: 5 cycles in the window, give or take one at each end.
            self.assertGreaterEqual(cycles, 4, f"{scope}: {calls}")
            self.assertLessEqual(cycles, 6, f"{scope}: {len(calls)} calls for {per_cycle} a cycle: {calls}")
        everywhere = {}
        for name, page in pages.items():
            for series in page.series():
                everywhere.setdefault(series, []).append(name)
                self.assertIn(series[:2], page.held(), f"{name} serves {series} of a scope it does not hold")
        self.assertTrue(everywhere)
        duplicated = {series: names for series, names in everywhere.items() if len(names) > 1}
        self.assertEqual(duplicated, {}, "series served by more than one replica")
        self.assertEqual({series[:2] for series in everywhere}, self.scopes)
        for name, page in pages.items():
            self.assertEqual(page.value("rds_exporter_coordination_scopes_held"), len(page.held()), name)
            self.assertGreater(page.value("rds_exporter_coordination_last_renew_timestamp_seconds", 0),
                               window_start - LEASE_DURATION, name)

    def test_2_sigkill_moves_the_holders_scopes(self):
        holders = self.wait_steady()
        victim, scopes = self.a_holder(holders, busiest=True)
        killed_at = time.time()
        victim.signal(signal.SIGKILL)
        victim.process.wait(timeout=10)
        self.retire(victim)
        # Issue 18's bound: lease_duration plus one cycle (and SLACK for a loaded machine). The Lease expires
        # lease_duration after the last renewal, at most a retry_period before the kill, as another replica observes
        # it at its next round (a retry_period): 2 x retry_period = one cycle here.
        bound = LEASE_DURATION + INTERVAL + SLACK
        takeovers = self.wait_for_takeovers(scopes, victim, killed_at, f"after SIGKILL of {victim.name}")
        report = []
        for scope, call in sorted(takeovers.items()):
            delay = call.start - killed_at
            report.append(f"{scope}: {call.replica} after {delay:.2f} s")
            self.assertLessEqual(delay, bound, f"{scope} moved {delay:.2f} s after SIGKILL, bound {bound} s")
            self.assert_taken_after_expiry(scope, call, victim, before=killed_at)
        print(f"SIGKILL {victim.name}: " + "; ".join(report), file=sys.stderr)
        # Rendezvous hashing: losing a replica moves only its scopes, and a new one takes only its own share.
        survivors = self.wait_steady()
        moved = {scope: (holders[scope], name) for scope, name in survivors.items()
                 if scope not in scopes and name != holders[scope]}
        self.assertEqual(moved, {}, f"scopes of live replicas moved when {victim.name} died")
        newcomer = self.start_replica()
        joined = self.wait_steady()
        moved = {scope: (survivors[scope], name) for scope, name in joined.items()
                 if name not in (survivors[scope], newcomer.name)}
        self.assertEqual(moved, {}, f"scopes moved between old replicas when {newcomer.name} joined")
        self.assert_no_concurrent_calls(since=killed_at)

    def test_3_sigstop_past_the_lease_then_sigcont_collects_no_cycle_twice(self):
        victim, scopes = self.a_holder(self.wait_steady())
        stopped_at = time.time()
        victim.signal(signal.SIGSTOP)
        takeovers = self.wait_for_takeovers(scopes, victim, stopped_at, f"while {victim.name} is stopped")
        # Frozen well past its lease and a cycle of the new holders.
        time.sleep(INTERVAL + 1)
        continued_at = time.time()
        victim.signal(signal.SIGCONT)
        self.wait_steady()
        time.sleep(2 * INTERVAL)
        per_scope = self.calls.per_scope(since=stopped_at)
        for scope in sorted(scopes):
            taker = takeovers[scope]
            self.assertLess(taker.start, continued_at, scope)
            self.assert_taken_after_expiry(scope, taker, victim, before=stopped_at + 0.001)
            # After SIGCONT the frozen replica may collect the scope again only as its new holder: once it has
            # taken the Lease anew (the new holder handing it back to its preferred replica), and once nobody
            # else collects it any more.
            calls = per_scope.get(scope, [])
            returned = [call for call in calls if call.replica == victim.name and call.start >= continued_at]
            if not returned:
                continue
            first = returned[0]
            story = self.history(scope, stopped_at - RETRY_PERIOD, time.time())
            retaken = self.last_renewal(scope, victim.name, before=first.start)
            self.assertIsNotNone(retaken, f"{story}\n{scope}: {victim.name} collected after SIGCONT without "
                                          f"writing the Lease: {first} (history above)")
            self.assertGreaterEqual(retaken, continued_at,
                                    f"{story}\n{scope}: {victim.name} collected after SIGCONT ({first}) on the "
                                    f"Lease it held before SIGSTOP, not on one taken anew (history above)")
            others = [call for call in calls if call.replica != victim.name and call.start >= first.start]
            self.assertEqual(others, [], f"{story}\n{scope}: collected by {victim.name} after SIGCONT while others "
                                         f"still collected it (history above)")
        self.assert_no_concurrent_calls(since=stopped_at)

    def test_4_refused_renewals_fence_the_holder_before_its_lease_expires(self):
        victim, scopes = self.a_holder(self.wait_steady())
        refused_at = time.time()
        self.api.add_fault(token=token_of(victim.name), status=503)
        try:
            takeovers = self.wait_for_takeovers(scopes, victim, refused_at, f"once {victim.name}'s renewals fail")
            time.sleep(INTERVAL)
            per_scope = self.calls.per_scope(since=refused_at - INTERVAL)
            for scope in sorted(scopes):
                taker = takeovers[scope]
                renewed = self.assert_taken_after_expiry(scope, taker, victim, before=refused_at)
                own = [call for call in per_scope.get(scope, []) if call.replica == victim.name]
                if own:
                    last = own[-1]
                    self.assertLessEqual(last.start, renewed + RENEW_DEADLINE + 0.25,
                                         f"{scope}: {victim.name} still called AWS {last.start - renewed:.2f} s after "
                                         f"its last renewal (renew_deadline {RENEW_DEADLINE} s): {last}\n"
                                         f"{victim.log_tail(60)}")
                    self.assertLessEqual(last.end, taker.start, f"{scope}: {last} overlaps {taker}")
            page = victim.scrape()
            self.assertIsNotNone(page)
            self.assertEqual(page.held(), set(), f"{victim.name} still says it holds scopes")
            self.assertGreater(page.value("rds_exporter_coordination_api_errors_total", 0), 0)
        finally:
            self.api.clear_faults()
        self.wait_steady()
        self.assert_no_concurrent_calls(since=refused_at)

    def writes_of(self, name, since):
        return [(round(write["unix"] - since, 2), write["verb"], write["lease"], write["status"],
                 write.get("holderIdentity")) for write in self.api.requests()["writes"]
                if write["unix"] >= since and write["token"] == token_id(token_of(name))]

    def test_5_rolling_restart_loses_at_most_one_cycle_per_scope(self):
        self.wait_steady()
        began = time.time()
        for old in list(self.replicas):
            # From before the scrape: a scope the page shows held may be handed over to the replica started last
            # between the scrape and the signal, which releases it as surely as stopping does.
            scraped_at = time.time()
            page = old.scrape()
            held = page.held() if page else set()
            old.signal(signal.SIGTERM)
            # Failure messages end with their summary: CI shows the end of a long output.
            self.assertEqual(old.process.wait(timeout=20), 0, f"{old.log_tail()}\n{old.name} after SIGTERM (above)")
            self.retire(old)
            released = {write["lease"] for write in self.api.requests()["writes"]
                        if write["unix"] >= scraped_at and write["status"] in (200, 201)
                        and (write["verb"] == "delete" or write["holderIdentity"] != old.name)
                        and write["token"] == token_id(token_of(old.name))}
            self.assertTrue({f"{PREFIX}-scope-{a}-{r}" for a, r in held} <= released,
                            f"{old.log_tail()}\n{old.name} did not release {sorted(held)} on SIGTERM: released "
                            f"{sorted(released)}; its writes since the scrape: {self.writes_of(old.name, scraped_at)}")
            new = self.start_replica()
            self.wait_until(f"{new.name} ready", lambda: new.get("/-/ready")[0] == 200, 30)
        self.wait_steady()
        ended = time.time()
        worst = {}
        for scope in sorted(self.scopes):
            calls = [call for call in self.calls.snapshot(began - INTERVAL, ended) if call.scope == scope]
            self.assertTrue(calls, scope)
            gaps = [(later.start - earlier.start, earlier, later) for earlier, later in zip(calls, calls[1:])]
            gap, earlier, later = max(gaps, key=lambda item: item[0])
            worst[scope] = round(gap, 2)
            self.assertLessEqual(gap, 2 * INTERVAL + CYCLE_JITTER,
                                 f"{self.history(scope, earlier.start - 2 * RETRY_PERIOD, later.start + 0.1)}\n"
                                 f"{scope}: {gap:.2f} s without a collection during the rolling restart, between "
                                 f"{earlier} and {later}: more than one cycle ({INTERVAL} s) lost (history above)")
        print(f"rolling restart, longest gap per scope: {worst}", file=sys.stderr)
        self.assert_no_concurrent_calls(since=began)

    def test_9_the_proxies_saw_every_call_rds_sim_answered(self):
        for replica in list(self.replicas):
            replica.stop()
            self.retire(replica)
        self.assert_no_concurrent_calls()
        self.assertEqual(self.calls.unattributed, [], "GetMetricData calls of no single scope")
        stats = self.sim.admin("/_sim/stats/scopes")["scopes"]
        for scope in sorted(self.scopes):
            answered = stats.get(scope[0], {}).get(scope[1], {}).get("monitoring", {}).get("GetMetricData", {})
            seen = [call for call in self.calls.snapshot() if call.scope == scope and call.status == 200]
            self.assertEqual(answered.get("200", 0), len(seen), scope)


def main():
    global ARGS
    parser = argparse.ArgumentParser()
    parser.add_argument("--rds-sim", required=True)
    parser.add_argument("--rds-exporter", required=True)
    parser.add_argument("--config-dir", required=True)
    ARGS, rest = parser.parse_known_args()
    unittest.main(argv=[sys.argv[0], *rest], verbosity=2, failfast=False)


if __name__ == "__main__":
    main()
