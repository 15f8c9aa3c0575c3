"""botocore's own SigV4 signer against rds_sim's Amazon Managed Service for Prometheus remote-write endpoint:
a remote-write POST signed for service aps, as AWS's SDKs sign it, is accepted and its samples counted; a
tampered one is refused 403. The body is built here by hand (protobuf wire format and an all-literal snappy
block), independently of the exporter's encoder, so that rds_sim's decoder is checked against the
specification (https://prometheus.io/docs/specs/remote_write_spec/) rather than against the exporter."""

import struct
import sys
import unittest
import urllib.error
import urllib.request

import rds_sim_process

ARGS = None
HOME = rds_sim_process.ModuleHome()
setUpModule = HOME.set_up
tearDownModule = HOME.tear_down


def varint(value):
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def field(number, wire_type, payload):
    key = varint((number << 3) | wire_type)
    if wire_type == 2:
        return key + varint(len(payload)) + payload
    return key + payload


def write_request(series):
    """prometheus.WriteRequest: [(labels, [(value, timestamp_ms)])] with labels sorted by name."""
    body = b""
    for labels, samples in series:
        encoded = b""
        for name, value in sorted(labels.items()):
            encoded += field(1, 2, field(1, 2, name.encode()) + field(2, 2, value.encode()))
        for value, timestamp in samples:
            encoded += field(2, 2, field(1, 1, struct.pack("<d", value)) + field(2, 0, varint(timestamp)))
        body += field(1, 2, encoded)
    return body


def snappy_literal(data):
    """A valid snappy block of literals only: the uncompressed length, then literal runs of at most 60 bytes."""
    out = varint(len(data))
    for start in range(0, len(data), 60):
        chunk = data[start:start + 60]
        out += bytes([(len(chunk) - 1) << 2]) + chunk
    return out


BODY = snappy_literal(write_request([
    ({"__name__": "rds_cpuutilization", "db_instance_identifier": "orders", "region": rds_sim_process.REGION},
     [(12.5, 1700000000000), (13.5, 1700000060000)]),
    ({"__name__": "rds_freeablememory", "db_instance_identifier": "orders", "region": rds_sim_process.REGION},
     [(1024.0, 1700000000000)]),
]))
SAMPLES = 3


def signed_request(sim, body, principal=rds_sim_process.EXPORTER, service="aps"):
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials
    url = sim.url + "/workspaces/ws-contract/api/v1/remote_write"
    request = AWSRequest(method="POST", url=url, data=body, headers={
        "Content-Encoding": "snappy",
        "Content-Type": "application/x-protobuf",
        "X-Prometheus-Remote-Write-Version": "0.1.0",
    })
    credentials = Credentials(principal["key"], principal["secret"], principal.get("token"))
    SigV4Auth(credentials, service, rds_sim_process.REGION).add_auth(request)
    return request


def post(request, body=None):
    """Sends a prepared botocore request (with `body` instead of the signed one when given); answers the status."""
    prepared = request.prepare()
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    data = prepared.body if body is None else body
    http_request = urllib.request.Request(prepared.url, data=data, method="POST", headers=dict(prepared.headers))
    try:
        with opener.open(http_request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


class RemoteWrite(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.sim = rds_sim_process.RdsSim(ARGS.rds_sim, "--generate", "5").__enter__()

    @classmethod
    def tearDownClass(cls):
        cls.sim.__exit__(None, None, None)

    def setUp(self):
        self.sim.reset_stats()

    def received(self):
        return self.sim.admin("/_sim/stats")["aps_samples_received"]

    def test_a_request_botocore_signs_for_aps_is_accepted_and_counted(self):
        self.assertEqual(post(signed_request(self.sim, BODY)), 200)
        self.assertEqual(self.received(), SAMPLES)
        self.assertEqual(self.sim.count("RemoteWrite", service="aps"), 1)

    def test_temporary_credentials_sign_too(self):
        self.assertEqual(post(signed_request(self.sim, BODY, rds_sim_process.EXPORTER_STS)), 200)
        self.assertEqual(self.received(), SAMPLES)

    def test_a_tampered_body_is_refused(self):
        tampered = bytearray(BODY)
        tampered[-1] ^= 0x01
        self.assertEqual(post(signed_request(self.sim, BODY), bytes(tampered)), 403)
        self.assertEqual(self.received(), 0)
        self.assertEqual(self.sim.count("RemoteWrite", "SignatureDoesNotMatch", service="aps"), 1)

    def test_a_signature_for_another_service_is_refused(self):
        self.assertEqual(post(signed_request(self.sim, BODY, service="monitoring")), 403)
        self.assertEqual(self.received(), 0)

    def test_a_principal_without_aps_remote_write_is_denied(self):
        self.assertEqual(post(signed_request(self.sim, BODY, rds_sim_process.READ_ONLY)), 403)
        self.assertEqual(self.sim.count("RemoteWrite", "AccessDeniedException", service="aps") +
                         self.sim.count("RemoteWrite", "AccessDenied", service="aps"), 1)

    def test_a_body_that_is_not_snappy_is_refused(self):
        self.assertEqual(post(signed_request(self.sim, b"\xff\xff\xff\xff not snappy")), 400)


if __name__ == "__main__":
    rds_sim_process.main(sys.modules[__name__])
