"""Official clients against rds_sim's credential endpoints: boto3's STS calls (GetCallerIdentity, AssumeRole,
AssumeRoleWithWebIdentity) and botocore's own credential providers (instance metadata, container, SSO), whose
temporary credentials must then work for RDS until they expire; and the AWS CLI's `aws sts` commands."""

import contextlib
import hashlib
import json
import os
import subprocess
import sys
import time
import unittest
import urllib.error
import urllib.request

import rds_sim_process

ARGS = None
# One HOME for the whole run: botocore fixes some paths under it (the SSO token cache) when first imported.
HOME = None
REGION = rds_sim_process.REGION
ACCOUNT = "123456789012"
ROLE_ARN = f"arn:aws:iam::{ACCOUNT}:role/rds-exporter-role"
EXTERNAL_ROLE_ARN = f"arn:aws:iam::{ACCOUNT}:role/rds-exporter-external-role"
# The standard credential sources (sim/README.md); test values, not secrets.
ASSUMER = {"key": "AKIARDSSIMASSUMER001", "secret": "rdssimAssumerSecretKey00000000000000001"}
WEB_IDENTITY_TOKEN = "rdssim-web-identity-token"
CONTAINER_TOKEN = "rdssim-container-authorization-token"
SSO_ACCESS_TOKEN = "rdssim-sso-access-token"


def setUpModule():
    global HOME
    HOME = rds_sim_process.temporary_home()


def tearDownModule():
    HOME.cleanup()


@contextlib.contextmanager
def environment(home, principal=None, **variables):
    """os.environ as a fresh process would see it, for botocore code that reads it when a session starts."""
    saved = dict(os.environ)
    rds_sim_process.isolate_this_process(home, principal)
    os.environ.update(variables)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def session(principal=None, credentials=None):
    import boto3
    if credentials is not None:
        return boto3.session.Session(aws_access_key_id=credentials["AccessKeyId"],
                                     aws_secret_access_key=credentials["SecretAccessKey"],
                                     aws_session_token=credentials["SessionToken"], region_name=REGION)
    return boto3.session.Session(aws_access_key_id=principal["key"], aws_secret_access_key=principal["secret"],
                                 aws_session_token=principal.get("token"), region_name=REGION)


def error_of(call):
    from botocore.exceptions import ClientError
    try:
        call()
    except ClientError as error:
        return error.response["Error"]
    raise AssertionError("the call succeeded")


def plain_request(url, method="GET", headers=None):
    """(status, body) of a request straight to loopback, whatever proxy settings say."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    request = urllib.request.Request(url, method=method, headers=headers or {}, data=b"" if method == "PUT" else None)
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


class CredentialsTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.home = HOME
        cls.sim = rds_sim_process.RdsSim(ARGS.rds_sim, "--generate", "25").__enter__()

    @classmethod
    def tearDownClass(cls):
        cls.sim.__exit__(None, None, None)

    def client(self, service, principal=None, credentials=None):
        with environment(self.home.name):
            client = session(principal, credentials).client(service, endpoint_url=self.sim.url, region_name=REGION)
        self.addCleanup(client.close)
        return client

    def redirected_client_creator(self, botocore_session, **overrides):
        """A client creator for a botocore provider that sends its calls to the simulator; closes its clients."""
        def create(*args, **kwargs):
            client = botocore_session.create_client(*args, **{**kwargs, "endpoint_url": self.sim.url, **overrides})
            self.addCleanup(client.close)
            return client
        return create

    def assert_rds_works(self, credentials):
        rds = self.client("rds", credentials=credentials)
        self.assertEqual(len(rds.describe_db_instances()["DBInstances"]), 25)

    def assume_role(self, **kwargs):
        sts = self.client("sts", ASSUMER)
        return sts.assume_role(RoleArn=ROLE_ARN, RoleSessionName="contract", **kwargs)


class Sts(CredentialsTest):

    def test_get_caller_identity_names_users_and_role_sessions(self):
        identity = self.client("sts", rds_sim_process.NO_RIGHTS).get_caller_identity()
        self.assertEqual(identity["Arn"], f"arn:aws:iam::{ACCOUNT}:user/no-rights")
        self.assertEqual(identity["Account"], ACCOUNT)
        self.assertRegex(identity["UserId"], r"^AIDA[A-Z2-7]{17}$")
        credentials = self.assume_role()["Credentials"]
        identity = self.client("sts", credentials=credentials).get_caller_identity()
        self.assertEqual(identity["Arn"], f"arn:aws:sts::{ACCOUNT}:assumed-role/rds-exporter-role/contract")
        self.assertRegex(identity["UserId"], r"^AROA[A-Z2-7]{17}:contract$")

    def test_assumed_role_credentials_work_for_rds_until_expired(self):
        answer = self.assume_role(DurationSeconds=900)
        credentials = answer["Credentials"]
        self.assertTrue(credentials["AccessKeyId"].startswith("ASIA"))
        remaining = credentials["Expiration"].timestamp() - time.time()
        self.assertTrue(890 <= remaining <= 901, remaining)
        self.assertEqual(answer["AssumedRoleUser"]["Arn"],
                         f"arn:aws:sts::{ACCOUNT}:assumed-role/rds-exporter-role/contract")
        self.assert_rds_works(credentials)
        # The role has exactly the exporter's policy.
        rds = self.client("rds", credentials=credentials)
        self.assertEqual(error_of(lambda: rds.list_tags_for_resource(ResourceName="x"))["Code"], "AccessDenied")
        self.assertGreaterEqual(self.sim.admin("/_sim/credentials/expire-all", method="POST")["expired"], 1)
        self.assertEqual(error_of(rds.describe_db_instances)["Code"], "ExpiredToken")

    def test_assume_role_with_web_identity_is_unsigned(self):
        self.sim.reset_stats()
        # No credentials at all: botocore sends this operation unsigned.
        from botocore import UNSIGNED
        from botocore.config import Config
        import boto3
        with environment(self.home.name):
            sts = boto3.session.Session(region_name=REGION).client(
                "sts", endpoint_url=self.sim.url, config=Config(signature_version=UNSIGNED))
        self.addCleanup(sts.close)
        answer = sts.assume_role_with_web_identity(RoleArn=ROLE_ARN, RoleSessionName="irsa",
                                                   WebIdentityToken=WEB_IDENTITY_TOKEN)
        self.assertEqual(answer["AssumedRoleUser"]["Arn"], f"arn:aws:sts::{ACCOUNT}:assumed-role/rds-exporter-role/irsa")
        self.assertEqual(answer["Audience"], "sts.amazonaws.com")
        self.assert_rds_works(answer["Credentials"])
        error = error_of(lambda: sts.assume_role_with_web_identity(RoleArn=ROLE_ARN, RoleSessionName="irsa",
                                                                  WebIdentityToken="not-a-trusted-token"))
        self.assertEqual(error["Code"], "InvalidIdentityToken")
        error = error_of(lambda: sts.assume_role_with_web_identity(RoleArn=EXTERNAL_ROLE_ARN, RoleSessionName="irsa",
                                                                  WebIdentityToken=WEB_IDENTITY_TOKEN))
        self.assertEqual(error["Code"], "AccessDenied")
        self.assertEqual(self.sim.count("AssumeRoleWithWebIdentity", service="sts"), 1)

    def test_botocore_web_identity_provider(self):
        token_file = os.path.join(self.home.name, "web-identity-token")
        with open(token_file, "w") as out:
            out.write(WEB_IDENTITY_TOKEN)
        import botocore.session
        with environment(self.home.name, AWS_WEB_IDENTITY_TOKEN_FILE=token_file, AWS_ROLE_ARN=ROLE_ARN,
                         AWS_ROLE_SESSION_NAME="irsa"):
            botocore_session = botocore.session.Session()
            provider = botocore_session.get_component("credential_provider").get_provider("assume-role-with-web-identity")
            # botocore 1.29 reads no AWS_ENDPOINT_URL_STS: point the provider's STS client at the simulator.
            provider._client_creator = self.redirected_client_creator(botocore_session, region_name=REGION)
            credentials = provider.load().get_frozen_credentials()
        self.assert_rds_works({"AccessKeyId": credentials.access_key, "SecretAccessKey": credentials.secret_key,
                               "SessionToken": credentials.token})

    def test_external_id_must_match(self):
        sts = self.client("sts", ASSUMER)
        for external_id in (None, "wrong-external-id"):
            extra = {} if external_id is None else {"ExternalId": external_id}
            error = error_of(lambda: sts.assume_role(RoleArn=EXTERNAL_ROLE_ARN, RoleSessionName="x1", **extra))
            self.assertEqual(error["Code"], "AccessDenied")
            self.assertEqual(error["Message"], f"User: arn:aws:iam::{ACCOUNT}:user/rds-exporter-assumer is not "
                                               f"authorized to perform: sts:AssumeRole on resource: {EXTERNAL_ROLE_ARN}")
        answer = sts.assume_role(RoleArn=EXTERNAL_ROLE_ARN, RoleSessionName="x1", ExternalId="rdssim-external-id")
        self.assert_rds_works(answer["Credentials"])

    def test_refusals(self):
        error = error_of(lambda: self.client("sts", rds_sim_process.EXPORTER).assume_role(
            RoleArn=ROLE_ARN, RoleSessionName="nope"))
        self.assertEqual(error["Code"], "AccessDenied")
        sts = self.client("sts", ASSUMER)
        error = error_of(lambda: sts.assume_role(RoleArn=f"arn:aws:iam::{ACCOUNT}:role/missing", RoleSessionName="s1"))
        self.assertEqual(error["Code"], "AccessDenied")
        error = error_of(lambda: sts.assume_role(RoleArn=ROLE_ARN, RoleSessionName="s1", DurationSeconds=7201))
        self.assertEqual((error["Code"], error["Message"]), (
            "ValidationError", "The requested DurationSeconds exceeds the MaxSessionDuration set for this role."))
        expired = self.client("sts", rds_sim_process.EXPIRED)
        self.assertEqual(error_of(expired.get_caller_identity)["Code"], "ExpiredToken")


class ShortLivedCredentials(unittest.TestCase):
    """--credential-lifetime: a client sees its temporary credentials expire within seconds."""

    def test_assumed_role_credentials_expire(self):
        # 4 s: long enough that the first call lands before expiry on a loaded CI machine, short enough to wait out.
        with rds_sim_process.RdsSim(ARGS.rds_sim, "--generate", "5", "--credential-lifetime", "4") as sim:
            with environment(HOME.name):
                sts = session(ASSUMER).client("sts", endpoint_url=sim.url, region_name=REGION)
                credentials = sts.assume_role(RoleArn=ROLE_ARN, RoleSessionName="short")["Credentials"]
                self.assertLessEqual(credentials["Expiration"].timestamp() - time.time(), 4.5)
                rds = session(credentials=credentials).client("rds", endpoint_url=sim.url, region_name=REGION)
            with contextlib.closing(sts), contextlib.closing(rds):
                self.assertEqual(len(rds.describe_db_instances()["DBInstances"]), 5)
                time.sleep(max(0.0, credentials["Expiration"].timestamp() - time.time()) + 0.2)
                self.assertEqual(error_of(rds.describe_db_instances)["Code"], "ExpiredToken")


class CredentialProviders(CredentialsTest):
    """botocore's own providers, configured only by the environment and files they read in production."""

    def frozen(self, provider_name, **variables):
        import botocore.session
        with environment(self.home.name, **variables):
            provider = botocore.session.Session().get_component("credential_provider").get_provider(provider_name)
            credentials = provider.load()
            return None if credentials is None else credentials.get_frozen_credentials()

    def assert_works(self, frozen):
        self.assertIsNotNone(frozen)
        self.assert_rds_works({"AccessKeyId": frozen.access_key, "SecretAccessKey": frozen.secret_key,
                               "SessionToken": frozen.token})

    def test_instance_metadata_v2(self):
        self.sim.reset_stats()
        frozen = self.frozen("iam-role", AWS_EC2_METADATA_DISABLED="false",
                             AWS_EC2_METADATA_SERVICE_ENDPOINT=self.sim.url + "/", AWS_EC2_METADATA_V1_DISABLED="true")
        self.assert_works(frozen)
        self.assertEqual(self.sim.count("PutToken", service="imds"), 1)
        self.assertEqual(self.sim.count("GetRoleCredentials", service="imds"), 1)

    def test_instance_metadata_requires_a_token(self):
        path = "/latest/meta-data/iam/security-credentials/"
        self.assertEqual(plain_request(self.sim.url + path)[0], 401)
        self.assertEqual(plain_request(self.sim.url + path, headers={"X-aws-ec2-metadata-token": "forged"})[0], 401)
        self.assertEqual(plain_request(self.sim.url + "/latest/api/token", "PUT",
                                       {"X-aws-ec2-metadata-token-ttl-seconds": "21601"})[0], 400)
        status, token = plain_request(self.sim.url + "/latest/api/token", "PUT",
                                      {"X-aws-ec2-metadata-token-ttl-seconds": "60"})
        self.assertEqual(status, 200)
        headers = {"X-aws-ec2-metadata-token": token}
        self.assertEqual(plain_request(self.sim.url + path, headers=headers), (200, "rds-exporter-role"))
        self.assertEqual(plain_request(self.sim.url + "/latest/meta-data/placement/region", headers=headers),
                         (200, REGION))
        status, body = plain_request(self.sim.url + path + "rds-exporter-role", headers=headers)
        document = json.loads(body)
        self.assertEqual((status, document["Code"], document["Type"]), (200, "Success", "AWS-HMAC"))

    def test_container_full_uri_with_authorization_token(self):
        uri = self.sim.url + "/v1/credentials"
        self.assert_works(self.frozen("container-role", AWS_CONTAINER_CREDENTIALS_FULL_URI=uri,
                                      AWS_CONTAINER_AUTHORIZATION_TOKEN=CONTAINER_TOKEN))
        from botocore.exceptions import CredentialRetrievalError
        with self.assertRaises(CredentialRetrievalError):
            self.frozen("container-role", AWS_CONTAINER_CREDENTIALS_FULL_URI=uri,
                        AWS_CONTAINER_AUTHORIZATION_TOKEN="wrong-token")
        self.assertEqual(plain_request(uri)[0], 401)
        status, body = plain_request(self.sim.url + "/v2/credentials/rdssim-task-credentials")
        self.assertEqual((status, json.loads(body)["RoleArn"]), (200, ROLE_ARN))

    def test_sso_profile_with_cached_token(self):
        start_url = "https://rds-sim.awsapps.com/start"
        config = os.path.join(self.home.name, "sso-config")
        with open(config, "w") as out:
            out.write(f"[profile sso]\nsso_start_url = {start_url}\nsso_region = {REGION}\n"
                      f"sso_account_id = {ACCOUNT}\nsso_role_name = rds-exporter-role\nregion = {REGION}\n")
        # What `aws sso login` caches: ~/.aws/sso/cache/<sha1 of the start URL>.json
        cache = os.path.join(self.home.name, ".aws", "sso", "cache")
        os.makedirs(cache, exist_ok=True)
        with open(os.path.join(cache, hashlib.sha1(start_url.encode()).hexdigest() + ".json"), "w") as out:
            json.dump({"startUrl": start_url, "region": REGION, "accessToken": SSO_ACCESS_TOKEN,
                       "expiresAt": "2099-01-01T00:00:00Z"}, out)
        import botocore.session
        import botocore.utils
        with environment(self.home.name, AWS_CONFIG_FILE=config, AWS_PROFILE="sso"):
            botocore_session = botocore.session.Session()
            provider = botocore_session.get_component("credential_provider").get_provider("sso")
            # botocore fixes its cache directory from HOME when first imported, which may be before this test
            # set HOME: hand it the same directory under the test's HOME.
            provider._token_cache = botocore.utils.JSONFileCache(cache)
            # botocore 1.29 reads no AWS_ENDPOINT_URL_SSO (1.31 does): point its SSO client at the simulator.
            provider._client_creator = self.redirected_client_creator(botocore_session)
            credentials = provider.load().get_frozen_credentials()
        self.assert_works(credentials)
        self.assertEqual(self.sim.count("GetRoleCredentials", service="sso"), 1)


class AwsCliSts(CredentialsTest):

    def aws(self, principal, *args):
        command = [ARGS.aws, "sts", *args, "--endpoint-url", self.sim.url, "--region", REGION, "--output", "json"]
        result = subprocess.run(command, env=rds_sim_process.isolated_environment(self.home.name, principal),
                                capture_output=True, text=True, timeout=60)
        return result

    def test_get_caller_identity_and_assume_role(self):
        result = self.aws(rds_sim_process.EXPORTER, "get-caller-identity")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(json.loads(result.stdout)["Arn"], f"arn:aws:iam::{ACCOUNT}:user/rds-exporter")
        result = self.aws(ASSUMER, "assume-role", "--role-arn", ROLE_ARN, "--role-session-name", "cli")
        self.assertEqual(result.returncode, 0, result.stderr)
        credentials = json.loads(result.stdout)["Credentials"]
        self.assertTrue(credentials["AccessKeyId"].startswith("ASIA"))
        result = self.aws(ASSUMER, "assume-role", "--role-arn", EXTERNAL_ROLE_ARN, "--role-session-name", "cli",
                          "--external-id", "wrong-external-id")
        self.assertEqual(result.returncode, 254)
        self.assertIn("AccessDenied", result.stderr)


if __name__ == "__main__":
    rds_sim_process.main(sys.modules[__name__], "--aws")
