#!/usr/bin/env python3
"""Seed a moto server (see serve.py) through the AWS APIs and print a JSON manifest.

    python tests/moto/seed.py --endpoint URL --scenario {org,org_edges,single,org20}
                              [--random-seed N] [--no-reset] [--verbose]

Before seeding, moto is reset (POST /moto-api/reset: every account emptied) and moto's
random generator is seeded (POST /moto-api/seed?a=N, default N=42), so the same scenario
gives the same organization, OU, account, policy, user and access key ids on every run
with the same moto version (the manifest says which). Dates are real time. Requests carry
the header `x-tenet-no-faults: 1`, which the fault proxy honours by forwarding them
untouched, so URL may be serve.py's `endpoint` even when fault rules are loaded.

stdout: one JSON document (the manifest); see `manifest` below and tests/moto/README.md.
stderr: progress only with --verbose; errors always. Exit 0 on success.

Credentials: the manifest's "credentials" (any key id that is not an IAM user's key) act
as the management account 123456789012, moto's default account.

Determinism: with moto 5.2.5 and the default --random-seed 42, scenario "org" always gives
organization o-hbrpoig8f1, root r-cbfn, OUs Prod ou-cbfn-6pr5n8i4, Dev ou-cbfn-afpk054n,
Payments ou-cbfn-epzhpcf0, accounts prod-app 182449353487 (Prod), payments-core
465648236629 (Prod/Payments), dev-sandbox 893734670656 (Dev), SCP DenyRootWithoutMFA
p-3yvb5ul5 - so a fault rule can name an account before seeding (smoke.py checks the ids
are equal across two servers). Prefer reading them from the manifest ("aliases").

========================================================================================
What moto 5.2.5 does (checked against this server by smoke.py; collector must cope)
========================================================================================
Accounts / credentials
- An access key id moto does not know (e.g. "testing") is moto's default account
  123456789012. An IAM user's own access key id maps to that user's account. The env var
  MOTO_ACCOUNT_ID would force one account for everything; serve.py unsets it.
- IAM (and every other service) state IS per account for assumed-role credentials: keys
  from STS AssumeRole into arn:aws:iam::<A>:role/X act in account A (GetCallerIdentity
  answers A and arn:aws:sts::<A>:assumed-role/X/<session>).
- AssumeRole does NOT check that the role exists, nor its trust policy, nor who calls:
  any 12-digit account in the ARN works, even one outside the organization. Denial can
  only be simulated (faults/access-denied-assume-role.json, serve.py --deny-assume-role).
- CreateAccount DOES create the role OrganizationAccountAccessRole in the new account
  (trust: arn:aws:iam::<management>:root), so nothing needs creating; seed.py checks
  with GetRole and creates it only if missing (never needed with 5.2.5).

Organizations
- CreateOrganization from the default account makes 123456789012 the management account,
  listed by ListAccounts as Name "master", Email "master@example.com".
- DescribeOrganization already lists AvailablePolicyTypes SERVICE_CONTROL_POLICY ENABLED;
  ListRoots shows PolicyTypes [] until EnablePolicyType(SERVICE_CONTROL_POLICY) is called.
- The AWS-managed SCP "FullAWSAccess" has id "p-FullAWSAccess", AwsManaged true, and is
  attached to the root, the management account and every OU/account created later (as in
  real AWS). There is also "p-RCPFullAWSAccess" (RESOURCE_CONTROL_POLICY), which
  ListPolicies Filter=SERVICE_CONTROL_POLICY leaves out.
- DescribePolicy Content is the JSON text exactly as given to CreatePolicy.
- ListTargetsForPolicy ignores MaxResults/NextToken (always one page). Targets have
  TargetId, Arn, Name, Type (ROOT / ORGANIZATIONAL_UNIT / ACCOUNT).
- ListAccounts, ListAccountsForParent, ListOrganizationalUnitsForParent, ListPolicies
  honour MaxResults/NextToken (smoke.py pages them with MaxResults 2 and 5).
- JoinedTimestamp / CreateAccountStatus timestamps are epoch numbers (as in real AWS).
- Organizations answers carry Content-Type "text/html; charset=utf-8" (real AWS:
  application/x-amz-json-1.1); the bodies are JSON.
- Member-account credentials (AssumeRole into a member) calling Organizations:
  DescribeOrganization and ListRoots answer the member's organization, but ListAccounts
  and ListPolicies answer EMPTY lists (real AWS: AccessDeniedException unless delegated
  admin). Call Organizations with management credentials only.

IAM
- GenerateCredentialReport answers State STARTED (with Description) the first time in an
  account, COMPLETE afterwards. GetCredentialReport before any Generate answers
  ReportNotPresent (HTTP 410). The report is never "in progress" (use
  faults/report-stuck.json for that), and it is rebuilt live on every Get.
- GeneratedTime is always 2015-02-02T20:02:02Z.
- The report has NO <root_account> row: only IAM users, in creation order. Columns are the
  22 AWS columns in AWS order. Values: dates "YYYY-MM-DDTHH:MM:SS+00:00"; password_enabled
  true/false; password_last_used "no_information" for users with a password (never used),
  "not_supported" for users without one (real AWS: N/A); password_last_changed is the
  USER's creation time even when the user has no password (real AWS: N/A);
  password_next_rotation always "not_supported"; mfa_active true iff an MFA device is
  enabled; access_key_N_last_rotated = key creation time; access_key_N_last_used_date N/A
  (unless that key was used to call moto); *_last_used_region and *_last_used_service
  "not_supported"; cert_N_last_rotated always N/A.
- Inactive keys (UpdateAccessKey Status=Inactive) show access_key_N_active false.
- GetAccountSummary: AccountMFAEnabled always 0, AccountAccessKeysPresent always 0 (no root
  user model); MFADevices = all virtual MFA devices, MFADevicesInUse = enabled ones.
- GetAccountPasswordPolicy: NoSuchEntity (HTTP 404) when none is set. When set, moto
  returns every field, including MaxPasswordAge 0 and HardExpiry false when not given
  (real AWS omits MaxPasswordAge when passwords do not expire) - treat 0 as "no maximum".
- ListVirtualMFADevices: SerialNumber arn:aws:iam::<A>:mfa/<name>, User (Path, UserName,
  UserId, Arn, CreateDate) and EnableDate only on assigned devices; Base32StringSeed and
  QRCodePNG are included too (real AWS omits them). No root device can exist (a device can
  only be enabled for an IAM user). Paging bug: when a page is exactly full, IsTruncated
  is true and the next page (Marker) is empty with IsTruncated false.
- Dates inside IAM/STS XML answers: "2026-11-26T00:21:10.448384Z" (microseconds, Z).
  Users, keys and devices are listed in creation order.
- IAM user ids are 20 lowercase alphanumerics (real AWS: "AIDA" + 17 uppercase); access
  key ids "AKIA" + 16 uppercase alphanumerics.
- ListOrganizationsFeatures is NOT implemented: moto raises NotImplementedError, the
  server answers HTTP 500 with an HTML page (not XML). SDKs treat 500 as transient and
  retry it (standard mode: 3 attempts with backoff) before reporting an unhandled/
  unparseable error, so a collector that calls it pays the backoff on every run. Faults
  faults/org-features-enabled.json / org-features-not-enabled.json give the real shapes.

STS
- GetCallerIdentity with unknown keys: UserId AKIAIOSFODNN7EXAMPLE,
  Arn arn:aws:sts::123456789012:user/moto.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

import boto3
import moto
from botocore.config import Config
from botocore.exceptions import ClientError

REGION = "us-east-1"
MANAGEMENT_ACCOUNT = "123456789012"
CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}
ACCESS_ROLE = "OrganizationAccountAccessRole"
PASSWORD = "Tenet-Test-Passw0rd!"

DENY_ROOT_WITHOUT_MFA = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "DenyRootWithoutMFA",
            "Effect": "Deny",
            "Action": "*",
            "Resource": "*",
            "Condition": {
                "BoolIfExists": {"aws:MultiFactorAuthPresent": "false"},
                "ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:root"},
            },
        }
    ],
}

VERBOSE = False


def log(msg: str) -> None:
    if VERBOSE:
        print(f"seed.py: {msg}", file=sys.stderr, flush=True)


def _no_faults(request: Any, **_: Any) -> None:
    request.headers["x-tenet-no-faults"] = "1"


class Session:
    """boto3 clients for one account (management, or a member via AssumeRole)."""

    def __init__(self, endpoint: str, creds: dict[str, str]):
        self.endpoint = endpoint
        self.creds = creds
        self._clients: dict[str, Any] = {}

    def client(self, service: str) -> Any:
        if service not in self._clients:
            c = boto3.client(
                service,
                endpoint_url=self.endpoint,
                region_name=REGION,
                config=Config(retries={"mode": "standard", "max_attempts": 2}),
                **self.creds,
            )
            c.meta.events.register("before-sign", _no_faults)
            self._clients[service] = c
        return self._clients[service]

    def assume(self, account_id: str) -> Session:
        role_arn = f"arn:aws:iam::{account_id}:role/{ACCESS_ROLE}"
        c = self.client("sts").assume_role(RoleArn=role_arn, RoleSessionName="tenet-seed")
        cr = c["Credentials"]
        return Session(
            self.endpoint,
            {
                "aws_access_key_id": cr["AccessKeyId"],
                "aws_secret_access_key": cr["SecretAccessKey"],
                "aws_session_token": cr["SessionToken"],
            },
        )


def moto_api(endpoint: str, path: str) -> None:
    req = urllib.request.Request(endpoint.rstrip("/") + path, method="POST", data=b"")
    req.add_header("x-tenet-no-faults", "1")
    with urllib.request.urlopen(req, timeout=60) as r:
        r.read()


def iso(value: Any) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


# --------------------------------------------------------------------------------------
# IAM
# --------------------------------------------------------------------------------------

def make_user(
    iam: Any,
    account_id: str,
    name: str,
    *,
    console: bool,
    mfa: bool,
    keys: int = 0,
    inactive_keys: int = 0,
    mfa_device_name: str | None = None,
) -> dict[str, Any]:
    """One IAM user: console password or not, a virtual MFA device (named after the user, or
    `mfa_device_name`) or not, N access keys (the last `inactive_keys` of them set Inactive)."""
    u = iam.create_user(UserName=name)["User"]
    entry: dict[str, Any] = {
        "name": name,
        "arn": u["Arn"],
        "user_id": u["UserId"],
        "created": iso(u["CreateDate"]),
        "console_password": console,
        "mfa_serials": [],
        "access_keys": [],
    }
    if console:
        iam.create_login_profile(UserName=name, Password=PASSWORD, PasswordResetRequired=False)
    if mfa:
        serial = iam.create_virtual_mfa_device(VirtualMFADeviceName=mfa_device_name or name)[
            "VirtualMFADevice"
        ]["SerialNumber"]
        iam.enable_mfa_device(
            UserName=name,
            SerialNumber=serial,
            AuthenticationCode1="123456",
            AuthenticationCode2="654321",
        )
        entry["mfa_serials"].append(serial)
    for i in range(keys):
        k = iam.create_access_key(UserName=name)["AccessKey"]
        status = "Active"
        if i >= keys - inactive_keys:
            iam.update_access_key(UserName=name, AccessKeyId=k["AccessKeyId"], Status="Inactive")
            status = "Inactive"
        entry["access_keys"].append(
            {"id": k["AccessKeyId"], "status": status, "created": iso(k["CreateDate"])}
        )
    # What the credential report will say for this user (moto's values).
    entry["expected_report"] = {
        "password_enabled": console,
        "mfa_active": mfa,
        "access_key_1_active": keys >= 1 and entry["access_keys"][0]["status"] == "Active",
        "access_key_2_active": keys >= 2 and entry["access_keys"][1]["status"] == "Active",
    }
    _ = account_id
    return entry


def seed_iam(
    session: Session,
    account_id: str,
    users: list[tuple[str, dict[str, Any]]],
    password_policy: bool,
    spare_mfa: bool = False,
) -> dict[str, Any]:
    iam = session.client("iam")
    out: dict[str, Any] = {
        "users": [make_user(iam, account_id, name, **spec) for name, spec in users],
        "password_policy": None,
        "unassigned_mfa_serials": [],
    }
    if spare_mfa:
        serial = iam.create_virtual_mfa_device(VirtualMFADeviceName="spare-token")[
            "VirtualMFADevice"
        ]["SerialNumber"]
        out["unassigned_mfa_serials"].append(serial)
    if password_policy:
        iam.update_account_password_policy(MinimumPasswordLength=14, PasswordReusePrevention=24)
        out["password_policy"] = iam.get_account_password_policy()["PasswordPolicy"]
    log(f"IAM in {account_id}: {len(out['users'])} users, policy={password_policy}")
    return out


def seed_authorization(session: Session, user: str) -> dict[str, Any]:
    """What GetAccountAuthorizationDetails reads: `user` (already made) gets an inline policy,
    a customer managed policy attached and a group; a role gets the same managed policy. moto
    loads no AWS managed policies (MOTO_IAM_LOAD_MANAGED_POLICIES unset), so none is used."""
    iam = session.client("iam")
    inline = {
        "Version": "2012-10-17",
        "Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"},
    }
    managed = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": ["ec2:Describe*"], "Resource": "*"}],
    }
    trust = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Service": "codebuild.amazonaws.com"},
                "Action": "sts:AssumeRole",
            }
        ],
    }
    policy_arn = iam.create_policy(PolicyName="tenet-describe", PolicyDocument=json.dumps(managed))[
        "Policy"
    ]["Arn"]
    iam.put_user_policy(UserName=user, PolicyName="s3-read", PolicyDocument=json.dumps(inline))
    iam.attach_user_policy(UserName=user, PolicyArn=policy_arn)
    iam.create_group(GroupName="developers")
    iam.add_user_to_group(GroupName="developers", UserName=user)
    iam.put_group_policy(GroupName="developers", PolicyName="s3-read", PolicyDocument=json.dumps(inline))
    role = iam.create_role(
        RoleName="ci-deploy", Path="/ci/", AssumeRolePolicyDocument=json.dumps(trust)
    )["Role"]
    iam.attach_role_policy(RoleName="ci-deploy", PolicyArn=policy_arn)
    return {
        "user": user,
        "group": "developers",
        "role": role["Arn"],
        "policy_arn": policy_arn,
        "inline": inline,
        "managed": managed,
    }


def user_mix(prefix: str, n: int) -> list[tuple[str, dict[str, Any]]]:
    """n users cycling through the 6 credential shapes the rules care about."""
    shapes = [
        {"console": True, "mfa": True, "keys": 0},
        {"console": True, "mfa": False, "keys": 1},
        {"console": False, "mfa": False, "keys": 1},
        {"console": False, "mfa": False, "keys": 2},
        {"console": True, "mfa": True, "keys": 2, "inactive_keys": 1},
        {"console": False, "mfa": False, "keys": 0},
    ]
    return [(f"{prefix}{i:02d}", shapes[i % len(shapes)]) for i in range(n)]


# --------------------------------------------------------------------------------------
# Organizations
# --------------------------------------------------------------------------------------

def ensure_access_role(member: Session, account_id: str, management: str) -> bool:
    """True if the role had to be created (moto 5.2.5's CreateAccount already makes it)."""
    iam = member.client("iam")
    try:
        iam.get_role(RoleName=ACCESS_ROLE)
        return False
    except ClientError as e:
        if e.response["Error"]["Code"] != "NoSuchEntity":
            raise
    trust = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{management}:root"},
                "Action": "sts:AssumeRole",
            }
        ],
    }
    iam.create_role(RoleName=ACCESS_ROLE, AssumeRolePolicyDocument=json.dumps(trust))
    log(f"created {ACCESS_ROLE} in {account_id}")
    return True


class OrgBuilder:
    def __init__(self, mgmt: Session):
        self.mgmt = mgmt
        self.org = mgmt.client("organizations")
        self.ous: list[dict[str, Any]] = []
        self.accounts: list[dict[str, Any]] = []
        self.policies: list[dict[str, Any]] = []
        self.path_of: dict[str, str] = {}

    def create(self) -> dict[str, Any]:
        o = self.org.create_organization(FeatureSet="ALL")["Organization"]
        root = self.org.list_roots()["Roots"][0]
        self.org.enable_policy_type(RootId=root["Id"], PolicyType="SERVICE_CONTROL_POLICY")
        self.root_id = root["Id"]
        self.path_of[root["Id"]] = "Root"
        mgmt_acc = self.org.describe_account(AccountId=o["MasterAccountId"])["Account"]
        self.accounts.append(
            {
                "id": mgmt_acc["Id"],
                "name": mgmt_acc["Name"],
                "email": mgmt_acc["Email"],
                "arn": mgmt_acc["Arn"],
                "parent_id": root["Id"],
                "ou_path": "Root",
                "management": True,
                "role_arn": None,
            }
        )
        return {
            "id": o["Id"],
            "arn": o["Arn"],
            "feature_set": o["FeatureSet"],
            "management_account_id": o["MasterAccountId"],
            "management_account_arn": o["MasterAccountArn"],
            "management_account_email": o["MasterAccountEmail"],
            "root_id": root["Id"],
            "root_arn": root["Arn"],
        }

    def ou(self, name: str, parent_id: str) -> str:
        ou = self.org.create_organizational_unit(ParentId=parent_id, Name=name)[
            "OrganizationalUnit"
        ]
        path = f"{self.path_of[parent_id]}/{name}"
        self.path_of[ou["Id"]] = path
        self.ous.append(
            {"id": ou["Id"], "arn": ou["Arn"], "name": name, "parent_id": parent_id, "path": path}
        )
        return ou["Id"]

    def account(self, name: str, parent_id: str) -> str:
        email = f"{name}@example.com"
        status = self.org.create_account(AccountName=name, Email=email)["CreateAccountStatus"]
        while status["State"] == "IN_PROGRESS":
            time.sleep(0.05)
            status = self.org.describe_create_account_status(
                CreateAccountRequestId=status["Id"]
            )["CreateAccountStatus"]
        if status["State"] != "SUCCEEDED":
            raise RuntimeError(f"CreateAccount {name}: {status}")
        acc_id = status["AccountId"]
        if parent_id != self.root_id:
            self.org.move_account(
                AccountId=acc_id, SourceParentId=self.root_id, DestinationParentId=parent_id
            )
        arn = self.org.describe_account(AccountId=acc_id)["Account"]["Arn"]
        self.accounts.append(
            {
                "id": acc_id,
                "name": name,
                "email": email,
                "arn": arn,
                "parent_id": parent_id,
                "ou_path": self.path_of[parent_id],
                "management": False,
                "role_arn": f"arn:aws:iam::{acc_id}:role/{ACCESS_ROLE}",
            }
        )
        return acc_id

    def scp(self, name: str, description: str, doc: dict[str, Any], targets: list[str]) -> str:
        content = json.dumps(doc)
        p = self.org.create_policy(
            Name=name, Description=description, Type="SERVICE_CONTROL_POLICY", Content=content
        )["Policy"]["PolicySummary"]
        for t in targets:
            self.org.attach_policy(PolicyId=p["Id"], TargetId=t)
        return p["Id"]

    def finish_policies(self) -> None:
        """Record every SCP as the API reports it (incl. moto's FullAWSAccess) and targets."""
        pager = self.org.get_paginator("list_policies")
        for page in pager.paginate(Filter="SERVICE_CONTROL_POLICY"):
            for p in page["Policies"]:
                d = self.org.describe_policy(PolicyId=p["Id"])["Policy"]
                targets = self.org.list_targets_for_policy(PolicyId=p["Id"])["Targets"]
                self.policies.append(
                    {
                        "id": p["Id"],
                        "arn": p["Arn"],
                        "name": p["Name"],
                        "description": p.get("Description", ""),
                        "type": p["Type"],
                        "aws_managed": p["AwsManaged"],
                        "content": json.loads(d["Content"]),
                        "targets": [
                            {"id": t["TargetId"], "type": t["Type"], "name": t["Name"]}
                            for t in targets
                        ],
                    }
                )

    def manifest(self, org: dict[str, Any]) -> dict[str, Any]:
        self.finish_policies()
        return {
            "organization": org,
            "organizational_units": self.ous,
            "accounts": self.accounts,
            "policies": self.policies,
        }


# --------------------------------------------------------------------------------------
# Scenarios
# --------------------------------------------------------------------------------------

def scenario_org(mgmt: Session) -> dict[str, Any]:
    b = OrgBuilder(mgmt)
    org = b.create()
    prod = b.ou("Prod", b.root_id)
    dev = b.ou("Dev", b.root_id)
    payments = b.ou("Payments", prod)
    prod_app = b.account("prod-app", prod)
    pay = b.account("payments-core", payments)
    dev_acc = b.account("dev-sandbox", dev)
    b.scp(
        "DenyRootWithoutMFA",
        "Deny everything to the root user unless signed in with MFA",
        DENY_ROOT_WITHOUT_MFA,
        [prod],
    )

    iam: dict[str, Any] = {}
    iam[MANAGEMENT_ACCOUNT] = seed_iam(
        mgmt,
        MANAGEMENT_ACCOUNT,
        [
            # console + MFA, one key
            ("alice", {"console": True, "mfa": True, "keys": 1}),
            # console, no MFA, two active keys
            ("bob", {"console": True, "mfa": False, "keys": 2}),
            # programmatic only, one key
            ("carol", {"console": False, "mfa": False, "keys": 1}),
            # no credentials at all
            ("dave", {"console": False, "mfa": False, "keys": 0}),
            # console + MFA, two keys of which the second is Inactive
            ("erin", {"console": True, "mfa": True, "keys": 2, "inactive_keys": 1}),
        ],
        password_policy=True,
        spare_mfa=True,
    )
    created_roles = []
    member_users = {
        prod_app: [
            ("prod-admin", {"console": True, "mfa": False, "keys": 0}),
            ("prod-oncall", {"console": True, "mfa": True, "keys": 1}),
            ("deploy-bot", {"console": False, "mfa": False, "keys": 2}),
        ],
        pay: [("pay-ci", {"console": False, "mfa": False, "keys": 1})],
        dev_acc: [("dev-user", {"console": True, "mfa": False, "keys": 1})],
    }
    for acc_id, users in member_users.items():
        member = mgmt.assume(acc_id)
        if ensure_access_role(member, acc_id, MANAGEMENT_ACCOUNT):
            created_roles.append(acc_id)
        iam[acc_id] = seed_iam(member, acc_id, users, password_policy=False)
        if acc_id == dev_acc:
            iam[acc_id]["authorization"] = seed_authorization(member, "dev-user")

    out = b.manifest(org)
    out["iam"] = iam
    out["access_role_created_by_seed"] = created_roles
    out["aliases"] = {
        "management": MANAGEMENT_ACCOUNT,
        "prod_app": prod_app,
        "payments": pay,
        "dev": dev_acc,
        "ou_prod": prod,
        "ou_dev": dev,
        "ou_payments": payments,
    }
    return out


def scenario_single(mgmt: Session) -> dict[str, Any]:
    iam = {
        MANAGEMENT_ACCOUNT: seed_iam(
            mgmt, MANAGEMENT_ACCOUNT, user_mix("user", 50), password_policy=True
        )
    }
    return {
        "organization": None,
        "organizational_units": [],
        "accounts": [
            {"id": MANAGEMENT_ACCOUNT, "management": True, "parent_id": None, "role_arn": None}
        ],
        "policies": [],
        "iam": iam,
        "access_role_created_by_seed": [],
        "aliases": {"management": MANAGEMENT_ACCOUNT},
    }


def scenario_org20(mgmt: Session) -> dict[str, Any]:
    b = OrgBuilder(mgmt)
    org = b.create()
    prod = b.ou("Prod", b.root_id)
    dev = b.ou("Dev", b.root_id)
    members = []
    for i in range(20):
        members.append(b.account(f"member-{i:02d}", prod if i % 2 == 0 else dev))
    b.scp("DenyRootWithoutMFA", "Deny root without MFA", DENY_ROOT_WITHOUT_MFA, [prod])
    iam: dict[str, Any] = {
        MANAGEMENT_ACCOUNT: seed_iam(
            mgmt, MANAGEMENT_ACCOUNT, user_mix("admin", 3), password_policy=True
        )
    }
    created_roles = []
    for acc_id in members:
        member = mgmt.assume(acc_id)
        if ensure_access_role(member, acc_id, MANAGEMENT_ACCOUNT):
            created_roles.append(acc_id)
        iam[acc_id] = seed_iam(member, acc_id, user_mix("user", 3), password_policy=False)
    out = b.manifest(org)
    out["iam"] = iam
    out["access_role_created_by_seed"] = created_roles
    out["aliases"] = {"management": MANAGEMENT_ACCOUNT, "ou_prod": prod, "ou_dev": dev}
    return out


def scenario_org_edges(mgmt: Session) -> dict[str, Any]:
    """`org`, then what probing realistic organizations found (added after everything `org`
    makes, so every id `org` has stays the same):
    - in payments-core, user alice with a virtual MFA device named
      `alice-root-account-mfa-device`: a user's device, whatever its name says;
    - in dev-sandbox, user `ops,oncall` (IAM allows commas in names; moto writes the name and
      its ARN unquoted in the credential report, so the row has 2 fields too many);
    - account retired-sandbox (Dev), closed with CloseAccount: moto lists it with Status and
      State SUSPENDED.
    """
    out = scenario_org(mgmt)
    aliases = out["aliases"]
    pay, dev = aliases["payments"], aliases["dev"]
    member = mgmt.assume(pay)
    out["iam"][pay]["users"].append(
        make_user(
            member.client("iam"),
            pay,
            "alice",
            console=True,
            mfa=True,
            mfa_device_name="alice-root-account-mfa-device",
        )
    )
    member = mgmt.assume(dev)
    out["iam"][dev]["users"].append(
        make_user(member.client("iam"), dev, "ops,oncall", console=True, mfa=False, keys=1)
    )
    b = OrgBuilder(mgmt)
    b.root_id = out["organization"]["root_id"]
    b.path_of = {b.root_id: "Root", aliases["ou_dev"]: "Root/Dev"}
    closed = b.account("retired-sandbox", aliases["ou_dev"])
    b.org.close_account(AccountId=closed)
    status = b.org.describe_account(AccountId=closed)["Account"]
    entry = b.accounts[-1]
    entry["status"], entry["state"] = status["Status"], status.get("State")
    out["accounts"].append(entry)
    aliases["closed"] = closed
    return out


SCENARIOS = {
    "org": scenario_org,
    "org_edges": scenario_org_edges,
    "single": scenario_single,
    "org20": scenario_org20,
}


def seed(endpoint: str, scenario: str, random_seed: int = 42, reset: bool = True) -> dict:
    t0 = time.monotonic()
    if reset:
        moto_api(endpoint, "/moto-api/reset")
    moto_api(endpoint, f"/moto-api/seed?a={int(random_seed)}")
    mgmt = Session(endpoint, CREDENTIALS)
    body = SCENARIOS[scenario](mgmt)
    manifest = {
        "scenario": scenario,
        "endpoint": endpoint,
        "region": REGION,
        "moto_version": moto.__version__,
        "random_seed": random_seed,
        "management_account_id": MANAGEMENT_ACCOUNT,
        "credentials": CREDENTIALS,
        "access_role_name": ACCESS_ROLE,
        **body,
        "seconds": round(time.monotonic() - t0, 3),
    }
    log(f"{scenario} seeded in {manifest['seconds']}s")
    return manifest


def main(argv: list[str] | None = None) -> int:
    global VERBOSE
    p = argparse.ArgumentParser(description="Seed moto for tenet's live tests.")
    p.add_argument("--endpoint", required=True, help="serve.py's endpoint (or moto) URL")
    p.add_argument("--scenario", required=True, choices=sorted(SCENARIOS))
    p.add_argument("--random-seed", type=int, default=42)
    p.add_argument("--no-reset", action="store_true", help="do not wipe moto first")
    p.add_argument("--verbose", action="store_true")
    args = p.parse_args(argv)
    VERBOSE = args.verbose
    try:
        manifest = seed(args.endpoint, args.scenario, args.random_seed, not args.no_reset)
    except (ClientError, urllib.error.URLError, RuntimeError, OSError) as e:
        print(f"seed.py: {args.scenario}: {e}", file=sys.stderr)
        return 1
    json.dump(manifest, sys.stdout, indent=2, sort_keys=False)
    sys.stdout.write("\n")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
