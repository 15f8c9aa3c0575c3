"""Which replica called AWS for which scope, and when: one forwarding proxy per exporter replica in front of rds_sim.

rds_sim counts calls by scope (GET /_sim/stats/scopes), not by caller. The chaos test gives every replica its own
proxy as `aws.endpoint_url`; the proxy passes each request to rds_sim unchanged (the Host header too, so SigV4
signatures still verify) and logs every CloudWatch GetMetricData call with the replica's name, the scope (the account
of the instances and clusters its queries name, the region of its SigV4 credential scope) and the times it started
and ended. Tests compare the log with rds_sim's own counters at the end, so nothing can go around it.
"""

import http.client
import http.server
import json
import re
import sys
import threading
import time

GET_METRIC_DATA = "GraniteServiceVersion20100801.GetMetricData"
# Hop-by-hop headers (RFC 9110 §7.6.1) and the ones the proxy recomputes; none is part of a SigV4 signature here.
NOT_FORWARDED = {"connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer", "upgrade",
                 "expect", "content-length"}
CREDENTIAL_SCOPE = re.compile(r"Credential=[^/,]+/\d{8}/([^/,]+)/([^/,]+)/aws4_request")


class Call:
    """One GetMetricData call: replica, account, region, start and end (time.time()), HTTP status."""

    __slots__ = ("replica", "account", "region", "start", "end", "status")

    def __init__(self, replica, account, region, start):
        self.replica, self.account, self.region, self.start = replica, account, region, start
        self.end, self.status = None, None

    @property
    def scope(self):
        return (self.account, self.region)

    def __repr__(self):
        return (f"{self.replica}@{self.start:.3f}-{(self.end or 0):.3f}"
                f"[{self.account}/{self.region} {self.status}]")


class CallLog:
    """Every proxy's GetMetricData calls, in one list; `owners` maps instance and cluster identifiers to accounts."""

    def __init__(self, owners):
        self.owners = dict(owners)
        self.lock = threading.Lock()
        self.calls = []
        self.unattributed = []

    def account_of(self, body):
        try:
            queries = json.loads(body).get("MetricDataQueries", [])
        except ValueError:
            return None
        accounts = {self.owners.get(dimension.get("Value"))
                    for query in queries
                    for dimension in query.get("MetricStat", {}).get("Metric", {}).get("Dimensions", [])}
        return accounts.pop() if len(accounts) == 1 else None

    def begin(self, replica, headers, body):
        if headers.get("X-Amz-Target") != GET_METRIC_DATA:
            return None
        region = CREDENTIAL_SCOPE.search(headers.get("Authorization", ""))
        account = self.account_of(body)
        call = Call(replica, account, region.group(1) if region else None, time.time())
        with self.lock:
            (self.calls if account and region else self.unattributed).append(call)
        return call

    def snapshot(self, since=0.0, until=None):
        """The calls that started in [since, until), by start time."""
        with self.lock:
            calls = [c for c in self.calls if c.start >= since and (until is None or c.start < until)]
        return sorted(calls, key=lambda c: c.start)

    def per_scope(self, since=0.0, until=None):
        scopes = {}
        for call in self.snapshot(since, until):
            scopes.setdefault(call.scope, []).append(call)
        return scopes


class _Forwarder(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_POST(self):
        self.forward("POST")

    def do_GET(self):
        self.forward("GET")

    def finish(self):
        super().finish()
        if hasattr(self, "upstream"):
            self.upstream.close()

    def forward(self, method):
        proxy = self.server
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        call = proxy.log.begin(proxy.replica, self.headers, body)
        headers = {name: value for name, value in self.headers.items() if name.lower() not in NOT_FORWARDED}
        if not hasattr(self, "upstream"):
            self.upstream = http.client.HTTPConnection(proxy.upstream_host, proxy.upstream_port, timeout=60)
        try:
            self.upstream.request(method, self.path, body=body if method == "POST" else None, headers=headers)
            response = self.upstream.getresponse()
            payload = response.read()
        except (OSError, http.client.HTTPException):
            self.upstream.close()
            del self.upstream
            if call:
                call.end, call.status = time.time(), 502
            self.send_error(502)
            return
        if call:
            call.end, call.status = time.time(), response.status
        self.send_response(response.status)
        for name, value in response.getheaders():
            if name.lower() not in NOT_FORWARDED:
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)


class AwsProxy(http.server.ThreadingHTTPServer):
    """A loopback proxy for one replica to rds_sim at `upstream` (http://127.0.0.1:PORT); `url` is its address."""

    daemon_threads = True

    def __init__(self, replica, upstream, log):
        super().__init__(("127.0.0.1", 0), _Forwarder)
        self.replica, self.log = replica, log
        host_port = upstream.split("://", 1)[1].rstrip("/")
        self.upstream_host, port = host_port.rsplit(":", 1)
        self.upstream_port = int(port)
        self.url = f"http://127.0.0.1:{self.server_address[1]}"
        self.thread = threading.Thread(target=self.serve_forever, name=f"aws-proxy-{replica}", daemon=True)
        self.thread.start()

    def handle_error(self, request, client_address):
        """A replica killed or stopping mid-request closes its connection: nothing to report."""
        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            super().handle_error(request, client_address)

    def close(self):
        self.shutdown()
        self.server_close()
