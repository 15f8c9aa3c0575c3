"""Many accounts and regions in one rds_sim (issue 14), judged by boto3 and the AWS CLI: Organizations
ListAccounts as botocore pages and parses it, cross-account AssumeRole whose credentials see only the role's
account in the signed region, a role broken and repaired at runtime, and faults and counts limited to one scope."""

import contextlib
import datetime
import json
import os
import subprocess
import sys
import unittest

import rds_sim_process

ARGS = None
HOME = rds_sim_process.ModuleHome()
setUpModule = HOME.set_up
tearDownModule = HOME.tear_down

MANAGEMENT = "123456789012"
MEMBER = "210000000002"
SECOND_REGION = "us-east-1"  # after --region's ap-northeast-2
MEMBER_ROLE = f"arn:aws:iam::{MEMBER}:role/rds-exporter"
ASSUMER = {"key": "AKIARDSSIMASSUMER001", "secret": "rdssimAssumerSecretKey00000000000000001"}


def client(sim, service, principal, region=rds_sim_process.REGION):
    import boto3
    session = boto3.session.Session(aws_access_key_id=principal["key"], aws_secret_access_key=principal["secret"],
                                    aws_session_token=principal.get("token"), region_name=region)
    return session.client(service, endpoint_url=sim.url, region_name=region)


def assume(sim, role_arn, principal=rds_sim_process.EXPORTER, **kwargs):
    """The credentials of a session of `role_arn`, as a principal dict."""
    with contextlib.closing(client(sim, "sts", principal)) as sts:
        answer = sts.assume_role(RoleArn=role_arn, RoleSessionName="boto3-scopes", **kwargs)
    credentials = answer["Credentials"]
    return {"key": credentials["AccessKeyId"], "secret": credentials["SecretAccessKey"],
            "token": credentials["SessionToken"]}


def instance_arns(sim, principal, region):
    with contextlib.closing(client(sim, "rds", principal, region)) as rds:
        pages = rds.get_paginator("describe_db_instances").paginate(PaginationConfig={"PageSize": 20})
        return sorted(instance["DBInstanceArn"] for page in pages for instance in page["DBInstances"])


def error_code(error):
    return error.response["Error"]["Code"]


class ThreeAccountsTwoRegions(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.sim = rds_sim_process.RdsSim(ARGS.rds_sim, "--generate", "30", "--accounts", "3", "--regions", "2",
                                         "--seed", "11").__enter__()
        cls.fleet = cls.sim.fleet()

    @classmethod
    def tearDownClass(cls):
        cls.sim.__exit__(None, None, None)

    def expected_arns(self, account, region):
        return sorted(i["arn"] for i in self.fleet["instances"]
                      if i["account_id"] == account and i["region"] == region)

    def test_list_accounts_pages_through_the_organization(self):
        with contextlib.closing(client(self.sim, "organizations", rds_sim_process.EXPORTER, "us-east-1")) as org:
            pages = list(org.get_paginator("list_accounts").paginate(PaginationConfig={"PageSize": 2}))
        self.assertEqual([len(page["Accounts"]) for page in pages], [2, 1])
        accounts = [account for page in pages for account in page["Accounts"]]
        self.assertEqual([a["Id"] for a in accounts], [MANAGEMENT, MEMBER, "210000000003"])
        member = accounts[1]
        self.assertEqual(member["Arn"], f"arn:aws:organizations::{MANAGEMENT}:account/o-rdssimorg01/{MEMBER}")
        self.assertEqual(member["Status"], "ACTIVE")
        self.assertEqual(member["JoinedMethod"], "CREATED")
        self.assertEqual(member["Email"], f"aws+{MEMBER}@example.com")
        # botocore turns AWS JSON 1.1's epoch seconds into a datetime.
        self.assertEqual(member["JoinedTimestamp"], datetime.datetime(2020, 1, 16, tzinfo=datetime.timezone.utc))

    def test_list_accounts_errors(self):
        from botocore.exceptions import ClientError
        with contextlib.closing(client(self.sim, "organizations", rds_sim_process.EXPORTER, "us-east-1")) as org:
            with self.assertRaises(ClientError) as bad_token:
                org.list_accounts(NextToken="bm90LWEtdG9rZW4=")
        self.assertEqual(error_code(bad_token.exception), "InvalidInputException")
        member = assume(self.sim, MEMBER_ROLE)
        with contextlib.closing(client(self.sim, "organizations", member, "us-east-1")) as org:
            with self.assertRaises(ClientError) as denied:
                org.list_accounts()
        self.assertEqual(error_code(denied.exception), "AccessDeniedException")

    def test_throttled_list_accounts_is_retried_then_reported_in_organizations_words(self):
        from botocore.exceptions import ClientError
        self.sim.admin("/_sim/faults", "PUT", {"rules": [{"service": "organizations", "throttle": 1}]})
        try:
            with contextlib.closing(client(self.sim, "organizations", rds_sim_process.EXPORTER, "us-east-1")) as org:
                with self.assertRaises(ClientError) as throttled:
                    org.list_accounts()
        finally:
            self.sim.admin("/_sim/faults", "DELETE")
        self.assertEqual(error_code(throttled.exception), "TooManyRequestsException")
        self.assertGreater(throttled.exception.response["ResponseMetadata"]["RetryAttempts"], 0)

    def test_an_assumed_role_in_another_account_sees_that_account_in_the_signed_region(self):
        member = assume(self.sim, MEMBER_ROLE)
        seen = instance_arns(self.sim, member, SECOND_REGION)
        self.assertEqual(seen, self.expected_arns(MEMBER, SECOND_REGION))
        self.assertEqual(len(seen), 5)
        self.assertTrue(all(arn.startswith(f"arn:aws:rds:{SECOND_REGION}:{MEMBER}:db:") for arn in seen), seen)
        self.assertEqual(instance_arns(self.sim, rds_sim_process.EXPORTER, rds_sim_process.REGION),
                         self.expected_arns(MANAGEMENT, rds_sim_process.REGION))
        with contextlib.closing(client(self.sim, "sts", member)) as sts:
            self.assertEqual(sts.get_caller_identity()["Account"], MEMBER)

    def test_an_untrusted_caller_and_a_deleted_role_are_denied_until_the_role_is_restored(self):
        from botocore.exceptions import ClientError
        with self.assertRaises(ClientError) as untrusted:
            assume(self.sim, MEMBER_ROLE, ASSUMER)
        self.assertEqual(error_code(untrusted.exception), "AccessDenied")
        self.assertIn(f"is not authorized to perform: sts:AssumeRole on resource: {MEMBER_ROLE}",
                      untrusted.exception.response["Error"]["Message"])
        self.sim.admin("/_sim/roles/delete", "POST", {"role_arn": MEMBER_ROLE})
        try:
            with self.assertRaises(ClientError) as deleted:
                assume(self.sim, MEMBER_ROLE)
            self.assertEqual(error_code(deleted.exception), "AccessDenied")
        finally:
            self.sim.admin("/_sim/roles/restore", "POST", {"role_arn": MEMBER_ROLE})
        self.assertTrue(assume(self.sim, MEMBER_ROLE)["key"].startswith("ASIA"))

    def test_faults_and_counts_follow_the_scope(self):
        from botocore.exceptions import ClientError
        member = assume(self.sim, MEMBER_ROLE)
        self.sim.admin("/_sim/reset", "POST")
        self.sim.admin("/_sim/faults", "PUT", {"rules": [
            {"service": "rds", "account": MEMBER, "region": SECOND_REGION, "throttle": 1}]})
        try:
            with self.assertRaises(ClientError) as throttled:
                instance_arns(self.sim, member, SECOND_REGION)
            self.assertEqual(error_code(throttled.exception), "Throttling")
            self.assertEqual(len(instance_arns(self.sim, member, rds_sim_process.REGION)), 5)
            self.assertEqual(len(instance_arns(self.sim, rds_sim_process.EXPORTER, SECOND_REGION)), 5)
        finally:
            self.sim.admin("/_sim/faults", "DELETE")
        scopes = self.sim.admin("/_sim/stats/scopes")["scopes"]
        describe = lambda account, region: scopes[account][region]["rds"]["DescribeDBInstances"]
        # Every attempt botocore made (its retry mode decides how many) was throttled; one call each elsewhere.
        self.assertEqual(list(describe(MEMBER, SECOND_REGION)), ["fault:Throttling"])
        self.assertGreaterEqual(describe(MEMBER, SECOND_REGION)["fault:Throttling"], 3)
        self.assertEqual(describe(MEMBER, rds_sim_process.REGION), {"200": 1})
        self.assertEqual(describe(MANAGEMENT, SECOND_REGION), {"200": 1})

    def test_the_aws_cli_lists_the_accounts(self):
        command = [ARGS.aws, "organizations", "list-accounts", "--endpoint-url", self.sim.url, "--region", "us-east-1",
                   "--output", "json"]
        result = subprocess.run(command, env=rds_sim_process.isolated_environment(HOME.name, rds_sim_process.EXPORTER),
                                capture_output=True, text=True, timeout=120)
        self.assertEqual(result.returncode, 0, result.stderr)
        listed = json.loads(result.stdout)
        self.assertEqual([a["Id"] for a in listed["Accounts"]], [MANAGEMENT, MEMBER, "210000000003"])


class OrganizationFleetFile(unittest.TestCase):
    """sim/fleets/organization.yaml: a SUSPENDED account, and a role that asks for an ExternalId."""

    @classmethod
    def setUpClass(cls):
        cls.sim = rds_sim_process.RdsSim(ARGS.rds_sim, "--fleet",
                                         os.path.join(ARGS.fleets, "organization.yaml")).__enter__()

    @classmethod
    def tearDownClass(cls):
        cls.sim.__exit__(None, None, None)

    def test_list_accounts_reports_each_accounts_status_and_names(self):
        with contextlib.closing(client(self.sim, "organizations", rds_sim_process.EXPORTER, "us-east-1")) as org:
            accounts = org.list_accounts()["Accounts"]
        self.assertEqual([(a["Name"], a["Status"]) for a in accounts],
                         [("management", "ACTIVE"), ("payments", "ACTIVE"), ("analytics", "ACTIVE"),
                          ("sandbox", "SUSPENDED")])
        self.assertEqual(accounts[1]["JoinedTimestamp"],
                         datetime.datetime(2021, 4, 1, tzinfo=datetime.timezone.utc))

    def test_a_role_with_an_external_id_needs_it(self):
        from botocore.exceptions import ClientError
        analytics = "arn:aws:iam::210000000003:role/rds-exporter"
        for wrong in ({}, {"ExternalId": "someone-elses-id"}):
            with self.assertRaises(ClientError) as denied:
                assume(self.sim, analytics, **wrong)
            self.assertEqual(error_code(denied.exception), "AccessDenied")
        session = assume(self.sim, analytics, ExternalId="rdssim-analytics-external-id")
        self.assertEqual(instance_arns(self.sim, session, "us-east-1"),
                         ["arn:aws:rds:us-east-1:210000000003:db:analytics-warehouse"])
        self.assertEqual(instance_arns(self.sim, session, rds_sim_process.REGION), [])


class WithoutAnOrganization(unittest.TestCase):

    def test_list_accounts_says_organizations_is_not_in_use(self):
        from botocore.exceptions import ClientError
        with rds_sim_process.RdsSim(ARGS.rds_sim, "--generate", "3") as sim:
            with contextlib.closing(client(sim, "organizations", rds_sim_process.EXPORTER, "us-east-1")) as org:
                with self.assertRaises(ClientError) as not_in_use:
                    org.list_accounts()
        self.assertEqual(error_code(not_in_use.exception), "AWSOrganizationsNotInUseException")


if __name__ == "__main__":
    rds_sim_process.main(sys.modules[__name__], "--aws", "--fleets")
