#!/usr/bin/python3
"""A stand-in for the Kubernetes API server's coordination.k8s.io/v1 Lease API, for tests (see README.md here).

It keeps Leases in memory with the API server's semantics: one global, increasing resourceVersion; 201 on create,
409 AlreadyExists and 409 Conflict (stale resourceVersion), 404 NotFound, 400 BadRequest for a body that does not
decode or names another object, 422 Invalid for what validation refuses, 401 without a bearer token it accepts,
every error as a `kind: Status` object. It also answers the discovery and OpenAPI v3 requests kubectl makes, and
test hooks under /_standin/ (request counts, a log of writes, injected faults) that need no token.

Python standard library only: python3 lease_api.py --port 0 --token T [--tls-cert C --tls-key K].
"""

import argparse
import base64
import datetime
import hashlib
import http.server
import json
import re
import ssl
import sys
import threading
import time
import urllib.parse
import uuid

GROUP = "coordination.k8s.io"
VERSION = "v1"
GROUP_VERSION = f"{GROUP}/{VERSION}"
RESOURCE = "leases"
QUALIFIED = f"{RESOURCE}.{GROUP}"
KUBERNETES_VERSION = {"major": "1", "minor": "32", "gitVersion": "v1.32.0-lease-standin", "gitCommit": "0" * 40,
                      "gitTreeState": "clean", "buildDate": "2026-01-01T00:00:00Z", "goVersion": "go1.23.0",
                      "compiler": "gc", "platform": "linux/amd64"}
# What the API server lets an unauthenticated request read (the system:public-info-viewer role).
PUBLIC_PATHS = {"/version", "/healthz", "/livez", "/readyz"}

DNS1123_LABEL = r"[a-z0-9]([-a-z0-9]*[a-z0-9])?"
DNS1123_SUBDOMAIN = re.compile(rf"^{DNS1123_LABEL}(\.{DNS1123_LABEL})*$")
DNS1123_SUBDOMAIN_MESSAGE = (
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must "
    "start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is "
    "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')")
# metav1.MicroTime's layout (RFC3339Micro, "2006-01-02T15:04:05.000000Z07:00"): exactly six fractional digits.
MICRO_TIME = re.compile(r"^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.(\d{6})(Z|[+-]\d{2}:\d{2})$")
MICRO_TIME_LAYOUT = "2006-01-02T15:04:05.000000Z07:00"

# The fields of a Lease the API server knows (strict field validation names any other).
OBJECT_FIELDS = {"kind", "apiVersion", "metadata", "spec"}
METADATA_FIELDS = {"name", "generateName", "namespace", "selfLink", "uid", "resourceVersion", "generation",
                   "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "labels", "annotations",
                   "ownerReferences", "finalizers", "managedFields"}
SPEC_STRING_FIELDS = ("holderIdentity", "strategy", "preferredHolder")
SPEC_INT32_FIELDS = ("leaseDurationSeconds", "leaseTransitions")
SPEC_TIME_FIELDS = ("acquireTime", "renewTime")
SPEC_FIELDS = set(SPEC_STRING_FIELDS + SPEC_INT32_FIELDS + SPEC_TIME_FIELDS)
# Set by the server, never taken from a request body.
SYSTEM_METADATA = {"uid", "resourceVersion", "generation", "creationTimestamp", "deletionTimestamp",
                   "deletionGracePeriodSeconds", "selfLink", "managedFields"}

VERBS = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]


class ApiError(Exception):
    """An answer of the API server other than success: raised anywhere, sent as a Status object."""

    def __init__(self, code, reason, message, details=None, headers=None):
        super().__init__(message)
        self.code, self.reason, self.message, self.details = code, reason, message, details
        self.headers = headers or {}

    def status(self):
        body = {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure", "message": self.message,
                "reason": self.reason, "code": self.code}
        if self.details is not None:
            body["details"] = self.details
        return body


def lease_details(name, kind=RESOURCE, **extra):
    details = {"name": name, "group": GROUP, "kind": kind}
    details.update(extra)
    return details


def not_found(name):
    return ApiError(404, "NotFound", f'{QUALIFIED} "{name}" not found', lease_details(name))


def already_exists(name):
    return ApiError(409, "AlreadyExists", f'{QUALIFIED} "{name}" already exists', lease_details(name))


def conflict(name, why):
    return ApiError(409, "Conflict", f'Operation cannot be fulfilled on {QUALIFIED} "{name}": {why}',
                    lease_details(name))


def bad_request(message):
    return ApiError(400, "BadRequest", message)


def invalid(name, causes):
    """422 as the API server's field.ErrorList makes it: causes is [(field, message)]."""
    summary = ", ".join(f"{field}: {message}" for field, message in causes)
    if len(causes) > 1:
        summary = "[" + summary + "]"
    details = lease_details(name, kind="Lease",
                            causes=[{"reason": "FieldValueInvalid" if message.startswith("Invalid value") else
                                     "FieldValueRequired", "message": message, "field": field}
                                    for field, message in causes])
    return ApiError(422, "Invalid", f'Lease.{GROUP} "{name}" is invalid: {summary}', details)


def go_quote(value):
    return json.dumps(value)


def decode_error(message):
    return bad_request(f'Lease in version "{VERSION}" cannot be handled as a Lease: {message}')


def now_rfc3339():
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def normalize_micro_time(field, value):
    """What MicroTime.UnmarshalJSON accepts, and MarshalJSON gives back (UTC, six digits); None for null."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise decode_error(f"json: cannot unmarshal {json_type(value)} into Go struct field "
                           f"LeaseSpec.spec.{field} of type string")
    match = MICRO_TIME.match(value)
    if not match:
        raise decode_error(f'parsing time {go_quote(value)} as "{MICRO_TIME_LAYOUT}": cannot parse '
                           f'{go_quote(value)} as "{MICRO_TIME_LAYOUT}"')
    year, month, day, hour, minute, second, micro, zone = match.groups()
    offset = datetime.timedelta(0)
    if zone != "Z":
        sign = 1 if zone[0] == "+" else -1
        offset = sign * datetime.timedelta(hours=int(zone[1:3]), minutes=int(zone[4:6]))
    try:
        moment = datetime.datetime(int(year), int(month), int(day), int(hour), int(minute), int(second),
                                   int(micro), tzinfo=datetime.timezone(offset))
    except ValueError as error:
        raise decode_error(f'parsing time {go_quote(value)}: {error}')
    return moment.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def json_type(value):
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def decode_lease(body):
    """The Lease a request body holds, as the API server would store it (unknown fields dropped, times
    normalized), and the unknown fields' paths. Raises 400 as the API server's decoder does."""
    try:
        obj = json.loads(body)
    except (ValueError, UnicodeDecodeError) as error:
        raise bad_request(f"the object provided is unrecognized (must be of type Lease): {error}")
    if not isinstance(obj, dict):
        raise decode_error("json: cannot unmarshal into Go value of type struct")
    kind, api_version = obj.get("kind", "Lease"), obj.get("apiVersion", GROUP_VERSION)
    if kind != "Lease" or api_version not in (GROUP_VERSION, f"{GROUP}/v1beta1"):
        raise bad_request(f'{kind} in version "{api_version.rpartition("/")[2]}" cannot be handled as a Lease: '
                          f'no kind "{kind}" is registered for version "{api_version}"')
    unknown = [name for name in obj if name not in OBJECT_FIELDS]
    metadata = obj.get("metadata") or {}
    spec = obj.get("spec") or {}
    for name, value in (("metadata", metadata), ("spec", spec)):
        if not isinstance(value, dict):
            raise decode_error(f"json: cannot unmarshal {json_type(value)} into Go struct field Lease.{name}")
    unknown += [f"metadata.{name}" for name in metadata if name not in METADATA_FIELDS]
    unknown += [f"spec.{name}" for name in spec if name not in SPEC_FIELDS]
    for name in ("name", "generateName", "namespace", "resourceVersion", "uid"):
        if name in metadata and not isinstance(metadata[name], (str, type(None))):
            raise decode_error(f"json: cannot unmarshal {json_type(metadata[name])} into Go struct field "
                               f"ObjectMeta.metadata.{name} of type string")
    for name in ("labels", "annotations"):
        value = metadata.get(name)
        if value is not None and (not isinstance(value, dict) or
                                  not all(isinstance(v, str) for v in value.values())):
            raise decode_error(f"json: cannot unmarshal into Go struct field ObjectMeta.metadata.{name} "
                               "of type map[string]string")
    clean_spec = {}
    for name in SPEC_STRING_FIELDS:
        if spec.get(name) is not None:
            if not isinstance(spec[name], str):
                raise decode_error(f"json: cannot unmarshal {json_type(spec[name])} into Go struct field "
                                   f"LeaseSpec.spec.{name} of type string")
            clean_spec[name] = spec[name]
    for name in SPEC_INT32_FIELDS:
        value = spec.get(name)
        if value is not None:
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value != int(value) \
                    or not -2**31 <= value < 2**31:
                raise decode_error(f"json: cannot unmarshal {json_type(value)} into Go struct field "
                                   f"LeaseSpec.spec.{name} of type int32")
            clean_spec[name] = int(value)
    for name in SPEC_TIME_FIELDS:
        value = normalize_micro_time(name, spec.get(name))
        if value is not None:
            clean_spec[name] = value
    clean_metadata = {name: value for name, value in metadata.items()
                      if name in METADATA_FIELDS and value not in (None, "", {}, [])}
    return {"metadata": clean_metadata, "spec": clean_spec}, unknown


def validate(lease, name_required=True):
    """ValidateLease: the name is a DNS-1123 subdomain, durations and transitions are in range."""
    metadata, spec = lease["metadata"], lease["spec"]
    name = metadata.get("name", "")
    causes = []
    if not name:
        if name_required:
            causes.append(("metadata.name", "Required value: name or generateName is required"))
    else:
        if len(name) > 253:
            causes.append(("metadata.name", f"Invalid value: {go_quote(name)}: must be no more than 253 characters"))
        if not DNS1123_SUBDOMAIN.match(name):
            causes.append(("metadata.name", f"Invalid value: {go_quote(name)}: {DNS1123_SUBDOMAIN_MESSAGE}"))
    duration = spec.get("leaseDurationSeconds")
    if duration is not None and duration <= 0:
        causes.append(("spec.leaseDurationSeconds", f"Invalid value: {duration}: must be greater than 0"))
    transitions = spec.get("leaseTransitions")
    if transitions is not None and transitions < 0:
        causes.append(("spec.leaseTransitions",
                       f"Invalid value: {transitions}: must be greater than or equal to 0"))
    if causes:
        raise invalid(name, causes)


def token_id(token):
    """How the request log names a token without printing it."""
    return hashlib.sha256(token.encode()).hexdigest()[:12] if token else ""


class Fault:
    """An injected failure of writes: those whose body's spec.holderIdentity is `holder_identity` (and/or sent
    with `token`, to lease names starting with `lease_prefix`, with a verb of `verbs`) wait `delay_ms` and then
    fail with `status` (or, with status 0, go through)."""

    FIELDS = {"holderIdentity", "token", "leasePrefix", "verbs", "status", "delayMs", "times"}

    def __init__(self, spec):
        unknown = set(spec) - self.FIELDS
        if unknown:
            raise ValueError(f"unknown fault fields: {sorted(unknown)}")
        self.holder_identity = spec.get("holderIdentity")
        self.token = spec.get("token")
        self.lease_prefix = spec.get("leasePrefix")
        self.verbs = set(spec.get("verbs") or ["create", "update", "delete"])
        self.status = int(spec.get("status", 0))
        self.delay_ms = int(spec.get("delayMs", 0))
        self.times = spec.get("times")
        if self.holder_identity is None and self.token is None and self.lease_prefix is None:
            raise ValueError("a fault needs holderIdentity, token or leasePrefix")
        if not self.status and not self.delay_ms:
            raise ValueError("a fault needs status or delayMs")
        if self.status and not 400 <= self.status <= 599:
            raise ValueError("status must be 400-599")
        self.spec = dict(spec)
        self.hits = 0

    def matches(self, verb, lease, holder, token):
        return (verb in self.verbs and (self.times is None or self.hits < self.times)
                and (self.holder_identity is None or holder == self.holder_identity)
                and (self.token is None or token == self.token)
                and (self.lease_prefix is None or lease.startswith(self.lease_prefix)))

    def describe(self):
        return dict(self.spec, hits=self.hits)


class Store:
    """Every Lease by (namespace, name), the global resourceVersion, the request counts, the writes' log and the
    faults; one lock for all of it."""

    def __init__(self):
        self.lock = threading.Lock()
        self.leases = {}
        self.revision = 0
        self.counts = {}
        self.writes = []
        self.faults = []
        self.started = time.time()

    def next_revision(self):
        self.revision += 1
        return str(self.revision)

    def count(self, verb, lease):
        with self.lock:
            self.counts.setdefault(verb, {}).setdefault(lease or "", 0)
            self.counts[verb][lease or ""] += 1

    def log_write(self, entry):
        with self.lock:
            self.writes.append(entry)

    def fault_for(self, verb, lease, holder, token):
        with self.lock:
            for fault in self.faults:
                if fault.matches(verb, lease, holder, token):
                    fault.hits += 1
                    return fault
        return None

    @staticmethod
    def full(lease):
        return {"kind": "Lease", "apiVersion": GROUP_VERSION, "metadata": lease["metadata"], "spec": lease["spec"]}

    def get(self, namespace, name):
        with self.lock:
            lease = self.leases.get((namespace, name))
            if lease is None:
                raise not_found(name)
            return self.full(json.loads(json.dumps(lease)))

    def list(self, namespace):
        with self.lock:
            items = [json.loads(json.dumps(lease)) for (ns, _), lease in sorted(self.leases.items())
                     if namespace is None or ns == namespace]
            return items, str(self.revision)

    def _insert(self, namespace, lease):
        metadata = lease["metadata"]
        metadata["namespace"] = namespace
        metadata["uid"] = str(uuid.uuid4())
        metadata["resourceVersion"] = self.next_revision()
        metadata["creationTimestamp"] = now_rfc3339()
        self.leases[(namespace, metadata["name"])] = lease
        return self.full(json.loads(json.dumps(lease)))

    def create(self, namespace, lease):
        with self.lock:
            metadata = lease["metadata"]
            if not metadata.get("name") and metadata.get("generateName"):
                while True:
                    name = metadata["generateName"] + uuid.uuid4().hex[:5]
                    if (namespace, name) not in self.leases:
                        break
                metadata["name"] = name
            validate(lease)
            if (namespace, metadata["name"]) in self.leases:
                raise already_exists(metadata["name"])
            return self._insert(namespace, lease)

    def replace(self, namespace, name, lease):
        """PUT: (object, created). Leases allow an unconditional update (no resourceVersion) and create on
        update, as the API server's lease strategy does."""
        with self.lock:
            metadata = lease["metadata"]
            existing = self.leases.get((namespace, name))
            wanted_uid = metadata.get("uid")
            if existing is None:
                validate(lease)
                return self._insert(namespace, lease), True
            old = existing["metadata"]
            if wanted_uid and wanted_uid != old["uid"]:
                raise conflict(name, f"Precondition failed: UID in precondition: {wanted_uid}, "
                                     f"UID in object meta: {old['uid']}")
            wanted = metadata.get("resourceVersion")
            if wanted and wanted != old["resourceVersion"]:
                raise conflict(name, "the object has been modified; please apply your changes to the latest "
                                     "version and try again")
            validate(lease)
            metadata["namespace"] = namespace
            metadata["uid"] = old["uid"]
            metadata["creationTimestamp"] = old["creationTimestamp"]
            metadata["resourceVersion"] = self.next_revision()
            self.leases[(namespace, name)] = lease
            return self.full(json.loads(json.dumps(lease))), False

    def delete(self, namespace, name, preconditions):
        with self.lock:
            existing = self.leases.get((namespace, name))
            if existing is None:
                raise not_found(name)
            old = existing["metadata"]
            for field, label in (("uid", "UID"), ("resourceVersion", "ResourceVersion")):
                wanted = preconditions.get(field)
                if wanted and wanted != old[field]:
                    raise conflict(name, f"Precondition failed: {label} in precondition: {wanted}, "
                                         f"{label} in object meta: {old[field]}")
            del self.leases[(namespace, name)]
            self.next_revision()
            return {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Success",
                    "details": lease_details(name, uid=old["uid"])}

    def report(self):
        with self.lock:
            by_verb = {verb: sum(names.values()) for verb, names in self.counts.items()}
            return {"counts": json.loads(json.dumps(self.counts)), "by_verb": by_verb,
                    "writes": list(self.writes), "faults": [fault.describe() for fault in self.faults],
                    "resourceVersion": str(self.revision)}

    def reset_requests(self):
        with self.lock:
            self.counts, self.writes = {}, []


def age(timestamp):
    try:
        created = datetime.datetime.strptime(timestamp, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc)
    except (TypeError, ValueError):
        return "<unknown>"
    seconds = int((datetime.datetime.now(datetime.timezone.utc) - created).total_seconds())
    if seconds < 120:
        return f"{seconds}s"
    if seconds < 7200:
        return f"{seconds // 60}m"
    return f"{seconds // 3600}h"


def table(items, revision):
    """The meta.k8s.io/v1 Table kubectl get asks for: the API server's columns for leases."""
    columns = [("Name", "string", "name", "Name must be unique within a namespace."),
               ("Holder", "string", "", "holderIdentity contains the identity of the holder of a current lease."),
               ("Age", "string", "", "CreationTimestamp is a timestamp representing the server time when this "
                                     "object was created.")]
    rows = [{"cells": [lease["metadata"]["name"], lease["spec"].get("holderIdentity", ""),
                       age(lease["metadata"].get("creationTimestamp"))],
             "object": {"kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1",
                        "metadata": lease["metadata"]}} for lease in items]
    return {"kind": "Table", "apiVersion": "meta.k8s.io/v1", "metadata": {"resourceVersion": revision},
            "columnDefinitions": [{"name": name, "type": kind, "format": fmt, "description": text, "priority": 0}
                                  for name, kind, fmt, text in columns],
            "rows": rows}


def wants_table(accept):
    return any("as=Table" in part and "g=meta.k8s.io" in part for part in accept.split(","))


def discovery(server_address):
    lease_resource = {"name": RESOURCE, "singularName": "lease", "namespaced": True, "kind": "Lease",
                      "verbs": VERBS, "storageVersionHash": "gqkMMb/YqFM="}
    group_version = {"groupVersion": GROUP_VERSION, "version": VERSION}
    return {
        "/api": {"kind": "APIVersions", "versions": ["v1"],
                 "serverAddressByClientCIDRs": [{"clientCIDR": "0.0.0.0/0", "serverAddress": server_address}]},
        "/api/v1": {"kind": "APIResourceList", "groupVersion": "v1", "resources": [
            {"name": "namespaces", "singularName": "namespace", "namespaced": False, "kind": "Namespace",
             "verbs": ["get"], "shortNames": ["ns"]}]},
        "/apis": {"kind": "APIGroupList", "apiVersion": "v1", "groups": [
            {"name": GROUP, "versions": [group_version], "preferredVersion": group_version}]},
        f"/apis/{GROUP}": {"kind": "APIGroup", "apiVersion": "v1", "name": GROUP, "versions": [group_version],
                           "preferredVersion": group_version},
        f"/apis/{GROUP_VERSION}": {"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": GROUP_VERSION,
                                   "resources": [lease_resource]},
        "/version": KUBERNETES_VERSION,
    }


def openapi_v3():
    """The OpenAPI v3 index and the group's document, with what kubectl reads from it: the Lease operations'
    x-kubernetes-group-version-kind and their fieldValidation parameter (so it leaves validation to the server)."""
    gvk = {"group": GROUP, "version": VERSION, "kind": "Lease"}
    ref = {"$ref": "#/components/schemas/io.k8s.api.coordination.v1.Lease"}
    body = {"content": {"application/json": {"schema": ref}}, "required": True}
    answer = {"200": {"description": "OK", "content": {"application/json": {"schema": ref}}}}

    def operation(action, operation_id, with_body):
        op = {"operationId": operation_id, "tags": ["coordination_v1"], "responses": answer,
              "x-kubernetes-action": action, "x-kubernetes-group-version-kind": gvk,
              "parameters": [{"name": name, "in": "query", "schema": {"type": "string", "uniqueItems": True}}
                             for name in ("dryRun", "fieldManager", "fieldValidation")]}
        if with_body:
            op["requestBody"] = body
        return op

    path_params = [{"name": "namespace", "in": "path", "required": True, "schema": {"type": "string"}}]
    micro = {"type": "string", "format": "date-time"}
    document = {
        "openapi": "3.0.0",
        "info": {"title": "Kubernetes", "version": KUBERNETES_VERSION["gitVersion"]},
        "paths": {
            f"/apis/{GROUP_VERSION}/namespaces/{{namespace}}/leases": {
                "parameters": path_params,
                "get": operation("list", "listCoordinationV1NamespacedLease", False),
                "post": operation("post", "createCoordinationV1NamespacedLease", True),
            },
            f"/apis/{GROUP_VERSION}/namespaces/{{namespace}}/leases/{{name}}": {
                "parameters": path_params + [{"name": "name", "in": "path", "required": True,
                                              "schema": {"type": "string"}}],
                "get": operation("get", "readCoordinationV1NamespacedLease", False),
                "put": operation("put", "replaceCoordinationV1NamespacedLease", True),
                "patch": operation("patch", "patchCoordinationV1NamespacedLease", True),
                "delete": operation("delete", "deleteCoordinationV1NamespacedLease", False),
            },
        },
        "components": {"schemas": {
            "io.k8s.api.coordination.v1.Lease": {
                "type": "object",
                "properties": {"apiVersion": {"type": "string"}, "kind": {"type": "string"},
                               "metadata": {"type": "object"},
                               "spec": {"$ref": "#/components/schemas/io.k8s.api.coordination.v1.LeaseSpec"}},
                "x-kubernetes-group-version-kind": [gvk]},
            "io.k8s.api.coordination.v1.LeaseSpec": {
                "type": "object",
                "properties": {"acquireTime": micro, "holderIdentity": {"type": "string"},
                               "leaseDurationSeconds": {"type": "integer", "format": "int32"},
                               "leaseTransitions": {"type": "integer", "format": "int32"},
                               "preferredHolder": {"type": "string"}, "renewTime": micro,
                               "strategy": {"type": "string"}}},
        }},
    }
    digest = hashlib.sha512(json.dumps(document, sort_keys=True).encode()).hexdigest().upper()[:128]
    index = {"paths": {f"apis/{GROUP_VERSION}": {
        "serverRelativeURL": f"/openapi/v3/apis/{GROUP_VERSION}?hash={digest}"}}}
    return index, document


def namespace_object(name, started):
    """Every namespace exists here (kubectl reads the request's namespace after a NotFound, to say which is
    missing)."""
    created = datetime.datetime.fromtimestamp(started, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return {"kind": "Namespace", "apiVersion": "v1",
            "metadata": {"name": name, "uid": str(uuid.uuid5(uuid.NAMESPACE_DNS, name)), "resourceVersion": "1",
                         "creationTimestamp": created, "labels": {"kubernetes.io/metadata.name": name}},
            "spec": {"finalizers": ["kubernetes"]}, "status": {"phase": "Active"}}


NAMESPACE_PATH = re.compile(rf"^/api/v1/namespaces/({DNS1123_LABEL})/?$")
LEASES_PATH = re.compile(rf"^/apis/{re.escape(GROUP)}/{VERSION}(?:/namespaces/([^/]+))?/leases(?:/([^/]+))?/?$")


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "lease-api-standin"
    sys_version = ""

    # Set on the class by make_server.
    store = None
    accepted_tokens = None
    base_url = ""

    def log_message(self, fmt, *args):
        if self.server.verbose:
            sys.stderr.write("lease_api: %s %s\n" % (self.address_string(), fmt % args))

    # --- plumbing ---

    def read_body(self):
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def send_json(self, code, body, headers=None):
        data = json.dumps(body, separators=(",", ":")).encode()
        self.sent_status = code
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-cache, private")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def send_text(self, code, text):
        data = text.encode()
        self.send_response(code)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def send_error_status(self, error):
        self.send_json(error.code, error.status(), error.headers)

    def bearer_token(self):
        authorization = self.headers.get("Authorization")
        if authorization is None:
            return None
        parts = authorization.split(" ")
        if len(parts) >= 2 and parts[0].lower() == "bearer" and parts[1]:
            return parts[1]
        return ""

    def authenticated(self, path):
        token = self.bearer_token()
        if token is None and path in PUBLIC_PATHS:
            return True
        return bool(token) and token in self.server.accepted_tokens()

    def handle_one_request(self):
        try:
            super().handle_one_request()
        except (ConnectionError, ssl.SSLError, TimeoutError):
            self.close_connection = True

    # --- dispatch ---

    def do_GET(self):
        self.dispatch("GET")

    def do_HEAD(self):
        self.dispatch("GET")

    def do_POST(self):
        self.dispatch("POST")

    def do_PUT(self):
        self.dispatch("PUT")

    def do_DELETE(self):
        self.dispatch("DELETE")

    def do_PATCH(self):
        self.dispatch("PATCH")

    def dispatch(self, method):
        url = urllib.parse.urlsplit(self.path)
        path, query = url.path, urllib.parse.parse_qs(url.query)
        body = self.read_body()
        try:
            if path.startswith("/_standin/"):
                return self.standin(method, path, body)
            if not self.authenticated(path):
                self.store.count("unauthorized", "")
                raise ApiError(401, "Unauthorized", "Unauthorized")
            match = LEASES_PATH.match(path)
            if match:
                return self.leases(method, match.group(1), match.group(2), query, body)
            if method != "GET":
                raise ApiError(405, "MethodNotAllowed", f"the server does not allow this method on the requested "
                                                        f"resource")
            return self.read_only(path)
        except ApiError as error:
            self.send_error_status(error)

    def read_only(self, path):
        if path in ("/healthz", "/livez", "/readyz"):
            return self.send_text(200, "ok")
        documents = discovery(self.base_url.split("://", 1)[-1])
        if path.rstrip("/") in documents:
            return self.send_json(200, documents[path.rstrip("/")])
        index, document = openapi_v3()
        if path == "/openapi/v3":
            return self.send_json(200, index)
        if path == f"/openapi/v3/apis/{GROUP_VERSION}":
            return self.send_json(200, document)
        match = NAMESPACE_PATH.match(path)
        if match:
            return self.send_json(200, namespace_object(match.group(1), self.store.started))
        # The API server's mux answers an unknown path in plain text.
        self.send_text(404, "404 page not found\n")

    def leases(self, method, namespace, name, query, body):
        token = self.bearer_token() or ""
        if namespace is not None and not re.match(rf"^{DNS1123_LABEL}$", namespace):
            raise not_found(name or namespace)
        if name is None:
            if method == "GET":
                self.store.count("list", "")
                return self.list(namespace, query)
            if method == "POST" and namespace is not None:
                return self.write("create", namespace, None, body, query, token)
            raise ApiError(405, "MethodNotAllowed", "the server does not allow this method on the requested "
                                                    "resource")
        if namespace is None:
            raise not_found(name)
        if method == "GET":
            self.store.count("get", name)
            return self.send_json(200, self.store.get(namespace, name))
        if method == "PUT":
            return self.write("update", namespace, name, body, query, token)
        if method == "DELETE":
            return self.write("delete", namespace, name, body, query, token)
        raise ApiError(405, "MethodNotAllowed", "the stand-in does not implement this method (PATCH)")

    def list(self, namespace, query):
        items, revision = self.store.list(namespace)
        selector = (query.get("fieldSelector") or [""])[0]
        for term in filter(None, selector.split(",")):
            field, _, value = term.partition("=")
            field = field.rstrip("=!")
            if field == "metadata.name":
                items = [item for item in items if (item["metadata"]["name"] == value) != ("!=" in term)]
            elif field == "metadata.namespace":
                items = [item for item in items if (item["metadata"]["namespace"] == value) != ("!=" in term)]
            else:
                raise bad_request(f'field label not supported: {field}')
        labels = (query.get("labelSelector") or [""])[0]
        for term in filter(None, labels.split(",")):
            key, _, value = term.partition("=")
            negate = key.endswith("!")
            key = key.rstrip("!")
            value = value.lstrip("=")
            items = [item for item in items
                     if ((item["metadata"].get("labels") or {}).get(key) == value) != negate]
        start = 0
        token = (query.get("continue") or [""])[0]
        if token:
            try:
                start = json.loads(base64.b64decode(token))["start"]
            except (ValueError, KeyError, TypeError):
                raise bad_request("continue key is not valid: illegal base64 data")
        metadata = {"resourceVersion": revision}
        limit = int((query.get("limit") or ["0"])[0] or 0)
        if limit > 0 and start + limit < len(items):
            metadata["continue"] = base64.b64encode(json.dumps({"start": start + limit}).encode()).decode()
            metadata["remainingItemCount"] = len(items) - start - limit
            items = items[start:start + limit]
        else:
            items = items[start:]
        if wants_table(self.headers.get("Accept", "")):
            answer = table(items, revision)
            answer["metadata"].update(metadata)
            return self.send_json(200, answer)
        self.send_json(200, {"kind": "LeaseList", "apiVersion": GROUP_VERSION, "metadata": metadata,
                             "items": items})

    def write(self, verb, namespace, name, body, query, token):
        holder, lease_name, result = "", name or "", None
        started = time.time()
        try:
            content_type = self.headers.get("Content-Type", "application/json").split(";")[0].strip()
            if verb != "delete" and content_type not in ("application/json", "application/yaml", ""):
                raise ApiError(415, "UnsupportedMediaType",
                               f'the body of the request was in an unknown format - accepted media types '
                               f'include: application/json, application/yaml')
            lease, unknown = None, []
            if verb != "delete":
                lease, unknown = decode_lease(body or b"{}")
                holder = lease["spec"].get("holderIdentity", "")
                lease_name = lease_name or lease["metadata"].get("name") or lease["metadata"].get(
                    "generateName", "")
            self.store.count(verb, lease_name)
            fault = self.store.fault_for(verb, lease_name, holder, token)
            if fault and fault.delay_ms:
                time.sleep(fault.delay_ms / 1000)
            if fault and fault.status:
                raise ApiError(fault.status, "InternalError" if fault.status >= 500 else "BadRequest",
                               f"injected fault: {fault.status}")
            if verb == "delete":
                result = self.store.delete(namespace, name, self.delete_preconditions(body))
                return self.send_json(200, result)
            headers = self.field_validation(query, unknown)
            if lease["metadata"].get("namespace", namespace) != namespace:
                raise bad_request("the namespace of the provided object does not match the namespace sent on "
                                  "the request")
            for field in SYSTEM_METADATA - {"uid", "resourceVersion"}:
                lease["metadata"].pop(field, None)
            if verb == "create":
                if lease["metadata"].get("resourceVersion"):
                    raise bad_request("resourceVersion should not be set on objects to be created")
                lease["metadata"].pop("uid", None)
                result = self.store.create(namespace, lease)
                return self.send_json(201, result, headers)
            if lease["metadata"].get("name", "") != name:
                raise bad_request(f'the name of the object ({lease["metadata"].get("name", "")}) does not match '
                                  f'the name on the URL ({name})')
            result, created = self.store.replace(namespace, name, lease)
            return self.send_json(201 if created else 200, result, headers)
        except ApiError as error:
            result = error
            raise
        finally:
            self.store.log_write({
                "time": datetime.datetime.fromtimestamp(started, datetime.timezone.utc).isoformat(
                    timespec="milliseconds").replace("+00:00", "Z"),
                "unix": round(started, 3),
                "seconds": round(time.time() - started, 3),
                "verb": verb, "namespace": namespace, "lease": lease_name, "holderIdentity": holder,
                "token": token_id(token),
                "status": result.code if isinstance(result, ApiError) else getattr(self, "sent_status", 0),
                "resourceVersion": (result or {}).get("metadata", {}).get("resourceVersion", "")
                if isinstance(result, dict) else "",
            })

    def field_validation(self, query, unknown):
        directive = (query.get("fieldValidation") or ["Warn"])[0]
        if directive not in ("Ignore", "Warn", "Strict"):
            raise bad_request(f"fieldValidation parameter unsupported: {directive}")
        if not unknown or directive == "Ignore":
            return {}
        if directive == "Strict":
            raise bad_request("strict decoding error: " + ", ".join(f'unknown field "{field}"'
                                                                      for field in unknown))
        return {"Warning": ", ".join(f'299 - "unknown field \\"{field}\\""' for field in unknown)}

    @staticmethod
    def delete_preconditions(body):
        if not body:
            return {}
        try:
            options = json.loads(body)
        except ValueError as error:
            raise bad_request(f"the object provided is unrecognized (must be of type DeleteOptions): {error}")
        return (options or {}).get("preconditions") or {}

    # --- test hooks ---

    def standin(self, method, path, body):
        store = self.store
        if path == "/_standin/requests":
            if method == "GET":
                return self.send_json(200, store.report())
            if method == "DELETE":
                store.reset_requests()
                return self.send_json(200, {"reset": True})
        if path == "/_standin/leases" and method == "GET":
            items, revision = store.list(None)
            return self.send_json(200, {"resourceVersion": revision, "items": items, "now": time.time()})
        if path == "/_standin/faults":
            if method == "GET":
                with store.lock:
                    return self.send_json(200, {"faults": [fault.describe() for fault in store.faults]})
            if method == "POST":
                try:
                    specs = json.loads(body or b"{}")
                    faults = [Fault(spec) for spec in (specs if isinstance(specs, list) else [specs])]
                except (ValueError, TypeError, AttributeError) as error:
                    return self.send_json(400, {"error": str(error)})
                with store.lock:
                    store.faults.extend(faults)
                    return self.send_json(200, {"faults": [fault.describe() for fault in store.faults]})
            if method == "DELETE":
                with store.lock:
                    store.faults = []
                return self.send_json(200, {"faults": []})
        return self.send_json(404, {"error": f"no test hook {method} {path}"})


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address, tokens, token_files, verbose=False):
        super().__init__(address, Handler)
        self.tokens, self.token_files, self.verbose = set(tokens), list(token_files), verbose

    def accepted_tokens(self):
        """The --token values and each --token-file's current content, read again for every request."""
        accepted = set(self.tokens)
        for path in self.token_files:
            try:
                with open(path, encoding="utf-8") as file:
                    token = file.read().strip()
            except OSError:
                continue
            if token:
                accepted.add(token)
        return accepted


def make_server(host, port, tokens, token_files, tls_cert=None, tls_key=None, verbose=False):
    server = Server((host, port), tokens, token_files, verbose)
    scheme = "http"
    if tls_cert:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(tls_cert, tls_key)
        # The handshake happens in the connection's own thread, on its first read, not in accept().
        server.socket = context.wrap_socket(server.socket, server_side=True, do_handshake_on_connect=False)
        scheme = "https"
    handler = type("BoundHandler", (Handler,), {})
    handler.store = Store()
    handler.base_url = f"{scheme}://{host}:{server.server_address[1]}"
    server.RequestHandlerClass = handler
    server.store = handler.store
    server.url = handler.base_url
    return server


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0: a free port")
    parser.add_argument("--token", action="append", default=[], help="a bearer token to accept (repeatable)")
    parser.add_argument("--token-file", action="append", default=[],
                        help="a file whose current content is a token to accept, read at every request "
                             "(repeatable)")
    parser.add_argument("--tls-cert", help="PEM certificate (chain); with --tls-key, serve https")
    parser.add_argument("--tls-key", help="PEM private key")
    parser.add_argument("--verbose", action="store_true", help="log every request to stderr")
    args = parser.parse_args(argv)
    if bool(args.tls_cert) != bool(args.tls_key):
        parser.error("--tls-cert and --tls-key go together")
    if not args.token and not args.token_file:
        parser.error("at least one --token or --token-file")
    server = make_server(args.host, args.port, args.token, args.token_file, args.tls_cert, args.tls_key,
                         args.verbose)
    print(f"listening on {server.url}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
