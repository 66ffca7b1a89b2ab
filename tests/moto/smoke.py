#!/usr/bin/env python3
"""Self-check of the moto test environment: serve.py, seed.py, the fault proxy and files.

    python tests/moto/smoke.py [-v] [--only NAME ...]

Starts serve.py the way a Rust test does (piped stdin, one stdout line), seeds every
scenario with seed.py, calls every API the collector uses with boto3 and checks the
answers against the manifest, then repeats with each fault file. Prints one line per
check and a closing "N passed, N failed" line; exits 1 if anything failed.

Needs tests/moto/requirements.txt installed. When <repo>/.venv exists (scripts/test.sh
makes it) and this runs under another Python, it re-executes itself with the venv's
python (set TENET_SMOKE_NO_REEXEC=1 to stop that).
"""

from __future__ import annotations

import argparse
import base64
import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
import traceback
import urllib.error
import urllib.request
from typing import Any, Callable

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))

_VENV = os.path.join(REPO, ".venv")
if (
    os.path.exists(os.path.join(_VENV, "bin", "python"))
    and os.path.realpath(sys.prefix) != os.path.realpath(_VENV)
    and not os.environ.get("TENET_SMOKE_NO_REEXEC")
):
    # Prefer the project's venv (pinned moto/boto3) over whatever python3 this is.
    os.execv(os.path.join(_VENV, "bin", "python"), [os.path.join(_VENV, "bin", "python"), *sys.argv])

try:
    import boto3
    from botocore.config import Config
    from botocore.exceptions import ClientError, ConnectionError as BotoConnectionError
    from botocore.parsers import ResponseParserError
except ImportError as _e:
    sys.exit(f"smoke.py: {_e}; run scripts/test.sh once, or pip install -r tests/moto/requirements.txt")

REGION = "us-east-1"
MGMT = "123456789012"
CREDS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}
CR_COLUMNS = (
    "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,"
    "password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,"
    "access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,"
    "access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,"
    "access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,"
    "cert_1_last_rotated,cert_2_active,cert_2_last_rotated"
).split(",")

VERBOSE = False
RESULTS: list[tuple[str, bool, str]] = []
TIMINGS: dict[str, float] = {}


def check(name: str, cond: bool, detail: Any = "") -> bool:
    RESULTS.append((name, bool(cond), "" if cond else str(detail)[:500]))
    print(f"{'ok  ' if cond else 'FAIL'} {name}" + ("" if cond else f": {detail}"), flush=True)
    return bool(cond)


def expect_error(name: str, fn: Callable[[], Any], code: str, status: int | None = None) -> None:
    try:
        fn()
    except ClientError as e:
        got = e.response["Error"].get("Code")
        got_status = e.response["ResponseMetadata"].get("HTTPStatusCode")
        ok = got == code and (status is None or got_status == status)
        check(name, ok, f"got {got} / HTTP {got_status}, want {code} / {status}")
        return
    except Exception as e:  # noqa: BLE001
        check(name, False, f"got {e!r}, want ClientError {code}")
        return
    check(name, False, f"no error, want {code}")


# --------------------------------------------------------------------------------------
# Processes
# --------------------------------------------------------------------------------------

class Server:
    def __init__(self, *args: str):
        cmd = [sys.executable, os.path.join(HERE, "serve.py"), *args]
        if VERBOSE:
            cmd.append("--verbose")
        t0 = time.monotonic()
        self.proc = subprocess.Popen(
            cmd,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=None if VERBOSE else subprocess.PIPE,
        )
        line = self.proc.stdout.readline()  # type: ignore[union-attr]
        self.startup = time.monotonic() - t0
        if not line:
            err = self.proc.stderr.read().decode() if self.proc.stderr else ""
            raise RuntimeError(f"serve.py {args} printed nothing: {err}")
        self.info = json.loads(line)
        self.endpoint: str = self.info["endpoint"]
        self.moto: str = self.info["moto"]

    def close(self) -> tuple[bytes, bytes, int]:
        """Close stdin (how a Rust test's drop ends it) and collect leftovers."""
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        try:
            rc = self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            rc = -999
        out = self.proc.stdout.read() if self.proc.stdout else b""  # type: ignore[union-attr]
        err = self.proc.stderr.read() if self.proc.stderr else b""
        return out, err, rc

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc: Any) -> None:
        if self.proc.poll() is None:
            self.close()


def seed(endpoint: str, scenario: str, *extra: str) -> dict[str, Any]:
    t0 = time.monotonic()
    cmd = [sys.executable, os.path.join(HERE, "seed.py"), "--endpoint", endpoint,
           "--scenario", scenario, *extra]
    r = subprocess.run(cmd, capture_output=True, timeout=300)
    wall = time.monotonic() - t0
    if r.returncode != 0:
        raise RuntimeError(f"seed.py {scenario} failed: {r.stderr.decode()}")
    manifest = json.loads(r.stdout)
    TIMINGS.setdefault(f"seed {scenario} (wall, incl. python start)", wall)
    TIMINGS.setdefault(f"seed {scenario} (inside seed.py)", manifest["seconds"])
    return manifest


def control(endpoint: str, method: str, rules: list | None = None) -> dict[str, Any]:
    data = None if rules is None else json.dumps(rules).encode()
    req = urllib.request.Request(endpoint + "/__faults", data=data, method=method)
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.loads(r.read())


def load_fault(name: str, **variables: str) -> list[dict[str, Any]]:
    sys.path.insert(0, HERE)
    import faults

    return faults.load_rules(os.path.join(HERE, "faults", name), variables)


# --------------------------------------------------------------------------------------
# Clients
# --------------------------------------------------------------------------------------

def clients(endpoint: str, creds: dict[str, str] | None = None, attempts: int = 1) -> Any:
    creds = creds or CREDS

    class C:
        pass

    c = C()
    cfg = Config(retries={"mode": "standard", "total_max_attempts": attempts},
                 connect_timeout=5, read_timeout=30)
    for svc in ("iam", "sts", "organizations"):
        setattr(c, "org" if svc == "organizations" else svc,
                boto3.client(svc, endpoint_url=endpoint, region_name=REGION, config=cfg, **creds))
    return c


def assume(c: Any, endpoint: str, account: str) -> Any:
    r = c.sts.assume_role(
        RoleArn=f"arn:aws:iam::{account}:role/OrganizationAccountAccessRole",
        RoleSessionName="tenet-smoke",
    )
    cr = r["Credentials"]
    return clients(endpoint, {
        "aws_access_key_id": cr["AccessKeyId"],
        "aws_secret_access_key": cr["SecretAccessKey"],
        "aws_session_token": cr["SessionToken"],
    })


def pages(fn: Callable[..., dict], key: str, token_in: str, token_out: str, **kw: Any) -> list:
    out, token = [], None
    for _ in range(1000):
        r = fn(**kw, **({token_in: token} if token else {}))
        out += r[key]
        token = r.get(token_out)
        if not token or (token_out == "Marker" and not r.get("IsTruncated")):
            return out
    raise RuntimeError("pagination does not end")


# --------------------------------------------------------------------------------------
# Checks of one seeded scenario
# --------------------------------------------------------------------------------------

def check_org(tag: str, c: Any, m: dict[str, Any], page_size: int) -> None:
    o = c.org.describe_organization()["Organization"]
    mo = m["organization"]
    check(f"{tag} DescribeOrganization", o["Id"] == mo["id"] and o["FeatureSet"] == "ALL"
          and o["MasterAccountId"] == MGMT, o)
    roots = c.org.list_roots()["Roots"]
    check(f"{tag} ListRoots", [r["Id"] for r in roots] == [mo["root_id"]]
          and {"Type": "SERVICE_CONTROL_POLICY", "Status": "ENABLED"} in roots[0]["PolicyTypes"],
          roots)

    # OUs, recursively, paged
    found: list[tuple[str, str]] = []
    queue = [mo["root_id"]]
    while queue:
        parent = queue.pop(0)
        for ou in pages(c.org.list_organizational_units_for_parent, "OrganizationalUnits",
                        "NextToken", "NextToken", ParentId=parent, MaxResults=page_size):
            found.append((ou["Id"], parent))
            queue.append(ou["Id"])
    want = sorted((ou["id"], ou["parent_id"]) for ou in m["organizational_units"])
    check(f"{tag} ListOrganizationalUnitsForParent (recursive, MaxResults={page_size})",
          sorted(found) == want, (found, want))

    accs = pages(c.org.list_accounts, "Accounts", "NextToken", "NextToken", MaxResults=page_size)
    ids = [a["Id"] for a in accs]
    check(f"{tag} ListAccounts (MaxResults={page_size})",
          sorted(ids) == sorted(a["id"] for a in m["accounts"]) and len(set(ids)) == len(ids),
          ids)
    by_parent: dict[str, list[str]] = {}
    for parent in [mo["root_id"], *(ou["id"] for ou in m["organizational_units"])]:
        by_parent[parent] = sorted(a["Id"] for a in pages(
            c.org.list_accounts_for_parent, "Accounts", "NextToken", "NextToken",
            ParentId=parent, MaxResults=page_size))
    want_bp: dict[str, list[str]] = {p: [] for p in by_parent}
    for a in m["accounts"]:
        want_bp[a["parent_id"]].append(a["id"])
    check(f"{tag} ListAccountsForParent (MaxResults={page_size})",
          by_parent == {k: sorted(v) for k, v in want_bp.items()}, by_parent)

    pols = pages(c.org.list_policies, "Policies", "NextToken", "NextToken",
                 Filter="SERVICE_CONTROL_POLICY", MaxResults=page_size)
    check(f"{tag} ListPolicies SCP", sorted(p["Id"] for p in pols)
          == sorted(p["id"] for p in m["policies"]), pols)
    for p in m["policies"]:
        d = c.org.describe_policy(PolicyId=p["id"])["Policy"]
        t = c.org.list_targets_for_policy(PolicyId=p["id"])["Targets"]
        check(f"{tag} DescribePolicy+ListTargetsForPolicy {p['name']}",
              json.loads(d["Content"]) == p["content"]
              and sorted(x["TargetId"] for x in t) == sorted(x["id"] for x in p["targets"]),
              (d, t))
    deny = [p for p in m["policies"] if p["name"] == "DenyRootWithoutMFA"]
    check(f"{tag} deny-root SCP attached to Prod only",
          len(deny) == 1 and [t["name"] for t in deny[0]["targets"]] == ["Prod"], deny)

    # moto does not implement ListOrganizationsFeatures: HTTP 500, HTML body.
    try:
        c.iam.list_organizations_features()
        check(f"{tag} ListOrganizationsFeatures is unimplemented (500)", False, "it answered")
    except ClientError as e:
        check(f"{tag} ListOrganizationsFeatures is unimplemented (500)",
              e.response["ResponseMetadata"]["HTTPStatusCode"] == 500, e.response)
    except ResponseParserError as e:
        check(f"{tag} ListOrganizationsFeatures is unimplemented (500)", "500" in str(e), e)


def check_account_iam(tag: str, c: Any, account: str, want: dict[str, Any]) -> None:
    ident = c.sts.get_caller_identity()
    check(f"{tag} GetCallerIdentity", ident["Account"] == account, ident)

    states = [c.iam.generate_credential_report()["State"] for _ in range(2)]
    check(f"{tag} GenerateCredentialReport STARTED then COMPLETE",
          states == ["STARTED", "COMPLETE"], states)
    r = c.iam.get_credential_report()
    rows = list(csv.DictReader(io.StringIO(r["Content"].decode())))
    header = r["Content"].decode().split("\n", 1)[0].split(",")
    check(f"{tag} GetCredentialReport columns", header == CR_COLUMNS, header)
    check(f"{tag} GetCredentialReport has no <root_account> row",
          all(row["user"] != "<root_account>" for row in rows), [x["user"] for x in rows])
    check(f"{tag} GetCredentialReport format/time",
          r["ReportFormat"] == "text/csv" and r["GeneratedTime"].year == 2015, r["GeneratedTime"])
    got = {row["user"]: row for row in rows}
    check(f"{tag} GetCredentialReport users", sorted(got) == sorted(u["name"] for u in want["users"]),
          sorted(got))
    bad = []
    for u in want["users"]:
        row = got.get(u["name"], {})
        for col, val in u["expected_report"].items():
            if row.get(col) != ("true" if val else "false"):
                bad.append((u["name"], col, row.get(col)))
        if row.get("arn") != u["arn"]:
            bad.append((u["name"], "arn", row.get("arn")))
        pw_used = "no_information" if u["console_password"] else "not_supported"
        if row.get("password_last_used") != pw_used:
            bad.append((u["name"], "password_last_used", row.get("password_last_used")))
    check(f"{tag} GetCredentialReport rows match manifest", not bad, bad)

    s = c.iam.get_account_summary()["SummaryMap"]
    n_mfa = sum(1 for u in want["users"] if u["mfa_serials"])
    check(f"{tag} GetAccountSummary", s["Users"] == len(want["users"])
          and s["MFADevicesInUse"] == n_mfa and s["AccountMFAEnabled"] == 0
          and s["AccountAccessKeysPresent"] == 0
          and s["MFADevices"] == n_mfa + len(want["unassigned_mfa_serials"]), s)

    if want["password_policy"]:
        pp = c.iam.get_account_password_policy()["PasswordPolicy"]
        check(f"{tag} GetAccountPasswordPolicy 14/24", pp["MinimumPasswordLength"] == 14
              and pp["PasswordReusePrevention"] == 24 and pp.get("MaxPasswordAge") == 0, pp)
    else:
        expect_error(f"{tag} GetAccountPasswordPolicy NoSuchEntity",
                     c.iam.get_account_password_policy, "NoSuchEntity", 404)

    devs = pages(c.iam.list_virtual_mfa_devices, "VirtualMFADevices", "Marker", "Marker",
                 MaxItems=2)
    assigned = sorted(d["SerialNumber"] for d in devs if "User" in d)
    unassigned = sorted(d["SerialNumber"] for d in devs if "User" not in d)
    check(f"{tag} ListVirtualMFADevices (MaxItems=2)",
          assigned == sorted(s for u in want["users"] for s in u["mfa_serials"])
          and unassigned == sorted(want["unassigned_mfa_serials"])
          and all("EnableDate" in d for d in devs if "User" in d), devs)


def check_scenario(srv: Server, scenario: str, m: dict[str, Any]) -> None:
    ep = srv.endpoint
    c = clients(ep)
    tag = f"[{scenario}]"
    if scenario == "org":
        want_ids = {"org": "o-hbrpoig8f1", "root": "r-cbfn", "prod_app": "182449353487",
                    "payments": "465648236629", "dev": "893734670656",
                    "ou_prod": "ou-cbfn-6pr5n8i4", "ou_dev": "ou-cbfn-afpk054n",
                    "ou_payments": "ou-cbfn-epzhpcf0"}
        got_ids = {**{k: m["aliases"][k] for k in want_ids if k in m["aliases"]},
                   "org": m["organization"]["id"], "root": m["organization"]["root_id"]}
        check(f"{tag} ids are the ones documented in seed.py (moto 5.2.5, seed 42)",
              got_ids == want_ids, got_ids)
    if m["organization"]:
        check_org(tag, c, m, page_size=2 if scenario == "org" else 5)
        roles = m["access_role_created_by_seed"]
        check(f"{tag} OrganizationAccountAccessRole made by CreateAccount", roles == [], roles)
    else:
        expect_error(f"{tag} DescribeOrganization without org", c.org.describe_organization,
                     "AWSOrganizationsNotInUseException")
    check_account_iam(f"{tag} {MGMT}", c, MGMT, m["iam"][MGMT])
    members = [a["id"] for a in m["accounts"] if not a["management"]]
    for acc in members:
        if acc not in m["iam"]:
            continue
        mc = assume(c, ep, acc)
        check_account_iam(f"{tag} {acc}", mc, acc, m["iam"][acc])
        ident = mc.sts.get_caller_identity()
        check(f"{tag} {acc} assumed-role ARN", ident["Arn"] ==
              f"arn:aws:sts::{acc}:assumed-role/OrganizationAccountAccessRole/tenet-smoke", ident)
        if scenario == "org20":
            break  # one member is enough for org20's per-account checks; all are below
    if scenario == "org20":
        ok = True
        for acc in members:
            mc = assume(c, ep, acc)
            names = sorted(u["UserName"] for u in mc.iam.list_users()["Users"])
            ok &= names == sorted(u["name"] for u in m["iam"][acc]["users"])
        check(f"{tag} all 20 members reachable with their own users", ok and len(members) == 20,
              len(members))
    if scenario == "org20":
        check_concurrency(tag, ep, m, members)
    # AssumeRole does not check that the role exists
    r = c.sts.assume_role(RoleArn="arn:aws:iam::999999999999:role/DoesNotExist",
                          RoleSessionName="probe")
    check(f"{tag} AssumeRole into a non-existent role succeeds",
          r["AssumedRoleUser"]["Arn"].startswith("arn:aws:sts::999999999999:"), r)


def check_concurrency(tag: str, endpoint: str, m: dict[str, Any], members: list[str]) -> None:
    """What a parallel collector does: every member at once, 8 threads."""
    from concurrent.futures import ThreadPoolExecutor

    def one(acc: str) -> tuple[str, bool]:
        mc = assume(clients(endpoint), endpoint, acc)
        for _ in range(10):
            if mc.iam.generate_credential_report()["State"] == "COMPLETE":
                break
        rows = mc.iam.get_credential_report()["Content"].decode().strip().split("\n")[1:]
        users = mc.iam.get_account_summary()["SummaryMap"]["Users"]
        mc.iam.list_virtual_mfa_devices()
        want = len(m["iam"][acc]["users"])
        return acc, len(rows) == want and users == want

    t0 = time.monotonic()
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(one, members))
    TIMINGS.setdefault(f"{tag} 20 members x (AssumeRole+4 IAM calls), 8 threads", time.monotonic() - t0)
    check(f"{tag} 8 threads over all members at once", all(ok for _, ok in results), results)


# --------------------------------------------------------------------------------------
# Fault checks
# --------------------------------------------------------------------------------------

def check_faults(org_manifest: dict[str, Any]) -> None:
    prod = org_manifest["aliases"]["prod_app"]
    dev = org_manifest["aliases"]["dev"]

    # --deny-assume-role with an id known before seeding (ids are stable for a seed).
    with Server("--deny-assume-role", prod) as srv:
        m = seed(srv.endpoint, "org")
        check("[deny] seed ids are the same as on the first server",
              m["aliases"] == org_manifest["aliases"], (m["aliases"], org_manifest["aliases"]))
        c = clients(srv.endpoint)
        expect_error("[deny] AssumeRole into denied account -> AccessDenied 403",
                     lambda: assume(c, srv.endpoint, prod), "AccessDenied", 403)
        mc = assume(c, srv.endpoint, dev)
        check("[deny] AssumeRole into other account works",
              mc.sts.get_caller_identity()["Account"] == dev)
        check("[deny] management IAM untouched",
              c.iam.get_account_summary()["SummaryMap"]["Users"] == 5)

    # --faults FILE --set ACCOUNT=... gives the same rule.
    with Server("--faults", os.path.join(HERE, "faults", "access-denied-assume-role.json"),
                "--set", f"ACCOUNT={dev}") as srv:
        seed(srv.endpoint, "org")
        c = clients(srv.endpoint)
        expect_error("[deny via --faults/--set] AssumeRole denied",
                     lambda: assume(c, srv.endpoint, dev), "AccessDenied", 403)
        assume(c, srv.endpoint, prod)
        check("[deny via --faults/--set] other account works", True)

    with Server("--faults", os.path.join(HERE, "faults", "report-stuck.json")) as srv:
        m = seed(srv.endpoint, "org")
        c = clients(srv.endpoint)
        states = [c.iam.generate_credential_report()["State"] for _ in range(3)]
        check("[report-stuck] GenerateCredentialReport always STARTED",
              states == ["STARTED"] * 3, states)
        expect_error("[report-stuck] GetCredentialReport ReportInProgress 404",
                     c.iam.get_credential_report, "ReportInProgress", 404)
        mc = assume(c, srv.endpoint, prod)
        expect_error("[report-stuck] also in members", mc.iam.get_credential_report,
                     "ReportInProgress", 404)
        check("[report-stuck] other IAM calls unaffected",
              c.iam.get_account_summary()["SummaryMap"]["Users"] == 5)

    with Server("--faults", os.path.join(HERE, "faults", "report-stuck-in-account.json"),
                "--set", f"ACCOUNT={prod}") as srv:
        seed(srv.endpoint, "org")
        c = clients(srv.endpoint)
        mp, md = assume(c, srv.endpoint, prod), assume(c, srv.endpoint, dev)
        expect_error("[report-stuck-in-account] stuck in that member",
                     mp.iam.get_credential_report, "ReportInProgress", 404)
        check("[report-stuck-in-account] STARTED there",
              mp.iam.generate_credential_report()["State"] == "STARTED")
        md.iam.generate_credential_report()
        check("[report-stuck-in-account] other member completes",
              b"dev-user" in md.iam.get_credential_report()["Content"])
        c.iam.generate_credential_report()
        check("[report-stuck-in-account] management completes",
              b"alice" in c.iam.get_credential_report()["Content"])

    with Server("--faults", os.path.join(HERE, "faults", "throttle.json")) as srv:
        seed(srv.endpoint, "org")
        c = clients(srv.endpoint)  # 1 attempt: see every throttle
        for i in range(3):
            expect_error(f"[throttle] GetAccountSummary #{i + 1} Throttling",
                         c.iam.get_account_summary, "Throttling", 400)
            expect_error(f"[throttle] ListAccounts #{i + 1} TooManyRequestsException",
                         c.org.list_accounts, "TooManyRequestsException", 400)
        check("[throttle] GetAccountSummary #4 answers",
              c.iam.get_account_summary()["SummaryMap"]["Users"] == 5)
        check("[throttle] ListAccounts #4 answers", len(c.org.list_accounts()["Accounts"]) == 4)
        hits = control(srv.endpoint, "GET")["hits"]
        check("[throttle] /__faults hit counts", hits == [3, 3], hits)
        # The SDK's standard retry classifies both as throttling: 4 attempts get through.
        control(srv.endpoint, "PUT", load_fault("throttle.json"))
        r = clients(srv.endpoint, attempts=4).org.list_accounts()
        check("[throttle] retried by SDK standard mode (4 attempts)",
              r["ResponseMetadata"]["RetryAttempts"] == 3, r["ResponseMetadata"])
        expect_error("[throttle] 3 attempts (SDK default) exhaust",
                     clients(srv.endpoint, attempts=3).iam.get_account_summary,
                     "Throttling", 400)

    with Server("--faults", os.path.join(HERE, "faults", "throttle-twice.json")) as srv:
        seed(srv.endpoint, "org")
        r = clients(srv.endpoint, attempts=3).iam.get_account_summary()
        check("[throttle-twice] SDK default 3 attempts recover",
              r["ResponseMetadata"]["RetryAttempts"] == 2, r["ResponseMetadata"])

    with Server("--faults", os.path.join(HERE, "faults", "malformed.json")) as srv:
        seed(srv.endpoint, "org")
        c = clients(srv.endpoint)
        try:
            c.iam.get_account_summary()
            check("[malformed] GetAccountSummary unparseable", False, "parsed")
        except ResponseParserError as e:
            check("[malformed] GetAccountSummary unparseable", True, e)
        check("[malformed] other calls fine", c.iam.generate_credential_report()["State"]
              in ("STARTED", "COMPLETE"))

    with Server("--faults", os.path.join(HERE, "faults", "org-features-enabled.json"),
                "--set", "ORG_ID=o-exampleorg") as srv:
        seed(srv.endpoint, "org")
        r = clients(srv.endpoint).iam.list_organizations_features()
        check("[org-features-enabled] ListOrganizationsFeatures",
              r["OrganizationId"] == "o-exampleorg"
              and r["EnabledFeatures"] == ["RootCredentialsManagement", "RootSessions"], r)

    with Server("--faults", os.path.join(HERE, "faults", "org-features-not-enabled.json")) as srv:
        expect_error("[org-features-not-enabled] ServiceAccessNotEnabledException",
                     clients(srv.endpoint).iam.list_organizations_features,
                     "ServiceAccessNotEnabledException", 400)

    # Runtime rules: close, delay, caller_account, PUT/POST/GET /__faults.
    with Server("--proxy") as srv:
        m = seed(srv.endpoint, "org")
        c = clients(srv.endpoint)
        check("[proxy] no rules: everything forwarded",
              c.sts.get_caller_identity()["Account"] == MGMT)
        control(srv.endpoint, "PUT", [{"action": "GetCallerIdentity", "close": True, "times": 1}])
        try:
            c.sts.get_caller_identity()
            check("[proxy] close drops the connection", False, "answered")
        except (BotoConnectionError, ClientError, Exception) as e:  # noqa: BLE001
            check("[proxy] close drops the connection", not isinstance(e, ClientError), repr(e))
        check("[proxy] after times=1, forwarded again",
              c.sts.get_caller_identity()["Account"] == MGMT)
        control(srv.endpoint, "PUT", [{"action": "GetCallerIdentity", "delay_seconds": 0.5}])
        t0 = time.monotonic()
        ident = c.sts.get_caller_identity()
        check("[proxy] delay-only rule delays then forwards",
              time.monotonic() - t0 >= 0.5 and ident["Account"] == MGMT)
        control(srv.endpoint, "PUT", load_fault("malformed.json"))
        control(srv.endpoint, "POST", [{"action": "ListAccounts", "caller_account": prod,
                                        "status": 400, "content_type": "application/x-amz-json-1.1",
                                        "body": json.dumps({"__type": "AccessDeniedException",
                                                            "Message": "no"})}])
        got = control(srv.endpoint, "GET")
        check("[proxy] GET /__faults lists PUT+POSTed rules", len(got["rules"]) == 2, got)
        mc = assume(c, srv.endpoint, prod)
        expect_error("[proxy] caller_account matches assumed-role keys",
                     mc.org.list_accounts, "AccessDeniedException", 400)
        check("[proxy] caller_account leaves management keys alone",
              len(c.org.list_accounts()["Accounts"]) == 4)
        try:
            urllib.request.urlopen(urllib.request.Request(
                srv.endpoint + "/__faults", data=b'[{"nope": 1}]', method="PUT"), timeout=5)
            check("[proxy] bad rules rejected", False, "accepted")
        except urllib.error.HTTPError as e:
            check("[proxy] bad rules rejected", e.code == 400, e.code)
        control(srv.endpoint, "PUT", [])
        m20 = seed(srv.endpoint, "org20")
        check_concurrency("[proxy org20]", srv.endpoint, m20,
                          [a["id"] for a in m20["accounts"] if not a["management"]])
        _ = m


# --------------------------------------------------------------------------------------
# Process behaviour
# --------------------------------------------------------------------------------------

def check_lifecycle() -> None:
    srv = Server()
    TIMINGS["serve.py start-up (spawn to endpoint line)"] = srv.startup
    check("[serve] endpoint is 127.0.0.1", srv.endpoint.startswith("http://127.0.0.1:"), srv.info)
    t0 = time.monotonic()
    out, err, rc = srv.close()
    check("[serve] exits 0 soon after stdin closes", rc == 0 and time.monotonic() - t0 < 5, rc)
    check("[serve] nothing else on stdout", out == b"", out)
    check("[serve] stderr silent without --verbose", err == b"", err[:300])

    srv = Server("--proxy")
    srv.proc.send_signal(signal.SIGTERM)
    try:
        rc = srv.proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        srv.proc.kill()
        rc = -999
    check("[serve] exits 0 on SIGTERM", rc == 0, rc)
    srv.close()

    p = subprocess.Popen([sys.executable, os.path.join(HERE, "serve.py")],
                         stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    line = p.stdout.readline()  # type: ignore[union-attr]
    time.sleep(1.0)
    alive = p.poll() is None
    p.terminate()
    rc = p.wait(timeout=10)
    check("[serve] stdin=/dev/null: keeps running until SIGTERM",
          line.startswith(b'{"endpoint"') and alive and rc == 0, (line, alive, rc))

    r = subprocess.run([sys.executable, os.path.join(HERE, "serve.py"), "--faults", "/nonexistent"],
                       capture_output=True, stdin=subprocess.DEVNULL, timeout=60)
    check("[serve] bad --faults: exit 2, message on stderr, stdout empty",
          r.returncode == 2 and r.stdout == b"" and b"nonexistent" in r.stderr, r)


def main() -> int:
    global VERBOSE
    p = argparse.ArgumentParser()
    p.add_argument("-v", "--verbose", action="store_true")
    p.add_argument("--only", action="append", choices=["lifecycle", "org", "single", "org20",
                                                       "faults"])
    args = p.parse_args()
    VERBOSE = args.verbose
    only = set(args.only or ["lifecycle", "org", "single", "org20", "faults"])
    t0 = time.monotonic()
    org_manifest = None
    try:
        if "lifecycle" in only:
            check_lifecycle()
        scenarios = [s for s in ("org", "single", "org20") if s in only]
        if "faults" in only and "org" not in scenarios:
            scenarios.insert(0, "org")
        if scenarios:
            with Server() as srv:
                TIMINGS.setdefault("serve.py start-up (spawn to endpoint line)", srv.startup)
                for s in scenarios:
                    m = seed(srv.endpoint, s)
                    if s == "org":
                        org_manifest = m
                    if s in only:
                        check_scenario(srv, s, m)
        if "faults" in only:
            check_faults(org_manifest)  # type: ignore[arg-type]
    except Exception as e:  # noqa: BLE001
        check("smoke run completed", False, "".join(traceback.format_exception(e))[-1500:])
    for k, v in TIMINGS.items():
        print(f"time {k}: {v:.2f}s")
    print(f"time total: {time.monotonic() - t0:.1f}s")
    passed = sum(1 for _, ok, _ in RESULTS if ok)
    failed = len(RESULTS) - passed
    print(f"smoke: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
