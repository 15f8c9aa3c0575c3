"""Runs the Lease API stand-in for a test: over TLS with a throw-away CA, on a free loopback port, with a kubeconfig.

    with LeaseApiProcess(tokens=["t1"]) as api:
        api.kubeconfig          # path of a kubeconfig: server, certificate-authority, token t1, namespace
        api.requests()          # GET /_standin/requests
        api.add_fault(holderIdentity="a", status=503)

The CA and server certificate are made with the openssl command (SAN 127.0.0.1 and localhost), in a temporary
directory removed on exit along with everything written there.
"""

import json
import os
import select
import signal
import subprocess
import sys
import tempfile
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
STANDIN = os.path.join(HERE, "lease_api.py")
PYTHON = "/usr/bin/python3"
DEFAULT_TOKEN = "standin-token-0001"
DEFAULT_NAMESPACE = "monitoring"


def _openssl(*args, cwd):
    subprocess.run(["openssl", *args], cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def make_certificates(directory):
    """A CA (ca.pem, ca-key.pem) and a server certificate it signed (server.pem, server-key.pem) for 127.0.0.1
    and localhost, as paths; EC P-256 keys, which every client here accepts."""
    _openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
             "-keyout", "ca-key.pem", "-out", "ca.pem", "-days", "2", "-subj", "/CN=lease-api-standin-ca",
             "-addext", "basicConstraints=critical,CA:TRUE",
             "-addext", "keyUsage=critical,keyCertSign,cRLSign", cwd=directory)
    _openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
             "-keyout", "server-key.pem", "-out", "server.csr", "-subj", "/CN=kube-apiserver", cwd=directory)
    with open(os.path.join(directory, "server.ext"), "w", encoding="utf-8") as file:
        file.write("subjectAltName=IP:127.0.0.1,DNS:localhost\n"
                   "basicConstraints=critical,CA:FALSE\n"
                   "keyUsage=critical,digitalSignature,keyEncipherment\n"
                   "extendedKeyUsage=serverAuth\n")
    _openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca-key.pem", "-CAcreateserial",
             "-out", "server.pem", "-days", "2", "-extfile", "server.ext", cwd=directory)
    return {name: os.path.join(directory, f"{name}.pem") for name in ("ca", "server", "server-key")}


def stop_process(process, timeout=10):
    """SIGTERM, then SIGKILL if it has not ended after `timeout` s; returns the exit code."""
    if process.poll() is None:
        process.terminate()
        try:
            return process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
    return process.wait()


def _quote(value):
    """A YAML scalar: JSON strings are valid YAML."""
    return json.dumps(str(value))


def kubeconfig_text(server, ca_path, namespace, token=None, token_file=None, name="standin"):
    """A kubeconfig with one cluster, user and context (the current one), as kubectl writes them."""
    user = f"    token: {_quote(token)}\n" if token is not None else f"    tokenFile: {_quote(token_file)}\n"
    return (f"apiVersion: v1\n"
            f"kind: Config\n"
            f"clusters:\n"
            f"- name: {name}\n"
            f"  cluster:\n"
            f"    server: {_quote(server)}\n"
            f"    certificate-authority: {_quote(ca_path)}\n"
            f"users:\n"
            f"- name: {name}\n"
            f"  user:\n{user}"
            f"contexts:\n"
            f"- name: {name}\n"
            f"  context:\n"
            f"    cluster: {name}\n"
            f"    user: {name}\n"
            f"    namespace: {_quote(namespace)}\n"
            f"current-context: {name}\n"
            f"preferences: {{}}\n")


class LeaseApiProcess:
    """The stand-in as a context manager. `tokens` are accepted bearer tokens (the first goes into the kubeconfig);
    `token_files` are files read again at each request; `tls=False` serves plain http."""

    def __init__(self, tokens=(DEFAULT_TOKEN,), token_files=(), namespace=DEFAULT_NAMESPACE, tls=True,
                 verbose=False):
        self.tokens, self.token_files = list(tokens), list(token_files)
        self.namespace, self.tls, self.verbose = namespace, tls, verbose
        self.directory = None
        self.process = None
        self.url = None
        self.ca = None
        self.kubeconfig = None

    def __enter__(self):
        self._temporary = tempfile.TemporaryDirectory(prefix="lease_api_")
        self.directory = self._temporary.name
        command = [PYTHON, "-B", "-E", "-s", STANDIN, "--port", "0"]
        for token in self.tokens:
            command += ["--token", token]
        for path in self.token_files:
            command += ["--token-file", path]
        if self.tls:
            paths = make_certificates(self.directory)
            self.ca = paths["ca"]
            command += ["--tls-cert", paths["server"], "--tls-key", paths["server-key"]]
        if self.verbose:
            command.append("--verbose")
        self.stderr = open(os.path.join(self.directory, "stderr.log"), "w+", encoding="utf-8")
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=self.stderr, text=True,
                                        env={"PATH": "/usr/bin:/bin"})
        ready, _, _ = select.select([self.process.stdout], [], [], 20)
        line = self.process.stdout.readline() if ready else ""
        prefix = "listening on "
        if not line.startswith(prefix):
            self.process.kill()
            self.process.wait()
            self.stderr.seek(0)
            raise RuntimeError(f"the Lease API stand-in did not start: {line!r} {self.stderr.read()}")
        self.url = line[len(prefix):].strip()
        self.kubeconfig = self.write_kubeconfig("kubeconfig",
                                                token=self.tokens[0] if self.tokens else None,
                                                token_file=None if self.tokens else self.token_files[0])
        return self

    def __exit__(self, *exc):
        self.stop()
        self._temporary.cleanup()
        return False

    def stop(self):
        if self.process:
            stop_process(self.process)
            self.process.stdout.close()
            self.stderr.close()

    def write_kubeconfig(self, name, token=None, token_file=None, namespace=None):
        """Writes a kubeconfig for this stand-in into its directory (or at `name` when it is absolute) and returns
        its path: `token` inline, or `token_file` as the user's tokenFile."""
        path = name if os.path.isabs(name) else os.path.join(self.directory, name)
        text = kubeconfig_text(self.url, self.ca or "", namespace or self.namespace, token=token,
                               token_file=token_file)
        if not self.tls:
            text = text.replace(f"    certificate-authority: {_quote('')}\n", "")
        with open(path, "w", encoding="utf-8") as file:
            file.write(text)
        return path

    # --- test hooks (no token needed) ---

    def hook(self, path, method="GET", body=None):
        """/_standin/<path> as JSON; verifies TLS with the stand-in's own CA."""
        import ssl
        context = ssl.create_default_context(cafile=self.ca) if self.tls else None
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}),
                                             urllib.request.HTTPSHandler(context=context))
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(f"{self.url}/_standin/{path}", method=method, data=data,
                                         headers={"Content-Type": "application/json"})
        with opener.open(request, timeout=10) as response:
            return json.loads(response.read())

    def requests(self):
        return self.hook("requests")

    def reset_requests(self):
        return self.hook("requests", method="DELETE")

    def leases(self):
        return self.hook("leases")["items"]

    def add_fault(self, **fault):
        return self.hook("faults", method="POST", body=fault)

    def clear_faults(self):
        return self.hook("faults", method="DELETE")

    def log(self):
        self.stderr.flush()
        with open(self.stderr.name, encoding="utf-8") as file:
            return file.read()


def _serve_until_terminated():
    """By hand, or for a test in another language: prints the stand-in's URL and kubeconfig path as `URL=...` and
    `KUBECONFIG=...` lines, then serves until SIGTERM or Ctrl-C, and removes its directory."""
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    with LeaseApiProcess(verbose="--verbose" in sys.argv) as api:
        print(f"URL={api.url}\nKUBECONFIG={api.kubeconfig}\nCA={api.ca}\nTOKEN={api.tokens[0]}", flush=True)
        try:
            while True:
                signal.pause()
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    _serve_until_terminated()
