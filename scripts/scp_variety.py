"""Writes tenet.snapshot/v1 documents whose member accounts each have a different SCP in
effect, for comparing the SCP rules' findings in OPA and in tenet (scripts/opa_compare.py).

usage: python3 scripts/scp_variety.py OUT_DIR

Writes OUT_DIR/scp-variety.json (all features on) and OUT_DIR/scp-variety-billing.json (the
same accounts in an organization with consolidated billing only). Each variant is one
statement shape from AWS's condition-operator and SCP documentation: the usual
deny-root-without-MFA statement, Bool alone, a Bool + Null pair, NotAction exemptions narrow
and broad, wildcard and literal characters in StringLike/ArnLike, IgnoreCase operators,
ForAnyValue/ForAllValues, a condition on a key the snapshot cannot know, allow lists.
"""
import json
import pathlib
import sys

ROOT_ANY = {"ArnLike": {"aws:PrincipalArn": ["arn:aws:iam::*:root"]}}
IF_EXISTS = {"BoolIfExists": {"aws:MultiFactorAuthPresent": ["false"]}}
BOOL = {"Bool": {"aws:MultiFactorAuthPresent": ["false"]}}
NULL = {"Null": {"aws:MultiFactorAuthPresent": ["true"]}}
SELF_SERVICE = [
    "iam:CreateVirtualMFADevice",
    "iam:EnableMFADevice",
    "iam:GetUser",
    "iam:ListMFADevices",
    "iam:ListVirtualMFADevices",
    "iam:ResyncMFADevice",
    "sts:GetSessionToken",
]


def deny(condition, action=("*",), not_action=None, resource=("*",)):
    stmt = {"Sid": "DenyRootWithoutMFA", "Effect": "Deny", "Resource": list(resource), "Condition": condition}
    if not_action is None:
        stmt["Action"] = list(action)
    else:
        stmt["NotAction"] = list(not_action)
    return stmt


def both(*conditions):
    merged = {}
    for c in conditions:
        for op, keys in c.items():
            merged.setdefault(op, {}).update(keys)
    return merged


# name -> statements of the one custom SCP the account gets beside FullAWSAccess.
VARIANTS = {
    "usual": [deny(both(ROOT_ANY, IF_EXISTS))],
    "no-principal-condition": [deny(IF_EXISTS)],
    "bool-only": [deny(both(ROOT_ANY, BOOL))],
    "bool-and-null-pair": [deny(both(ROOT_ANY, BOOL)), deny(both(ROOT_ANY, NULL))],
    "null-only": [deny(both(ROOT_ANY, NULL))],
    "notaction-self-service": [deny(both(ROOT_ANY, IF_EXISTS), not_action=SELF_SERVICE)],
    "notaction-iam-star": [deny(both(ROOT_ANY, IF_EXISTS), not_action=["iam:*", "sts:GetSessionToken"])],
    "notaction-sts-star": [deny(both(ROOT_ANY, IF_EXISTS), not_action=SELF_SERVICE[:-1] + ["sts:*"])],
    "notaction-wildcard-mfa": [deny(both(ROOT_ANY, IF_EXISTS), not_action=["iam:*MFADevice*", "sts:GetSessionToken"])],
    "two-notaction-disjoint": [
        deny(both(ROOT_ANY, IF_EXISTS), not_action=["iam:*"]),
        deny(both(ROOT_ANY, IF_EXISTS), not_action=["sts:*"]),
    ],
    "action-subset": [deny(both(ROOT_ANY, IF_EXISTS), action=["iam:*", "s3:*"])],
    "action-star-star": [deny(both(ROOT_ANY, IF_EXISTS), action=["*:*"])],
    "resource-narrow": [deny(both(ROOT_ANY, IF_EXISTS), resource=["arn:aws:s3:::*"])],
    "stringlike-bracket": [deny(both({"StringLike": {"aws:PrincipalArn": ["arn:aws:iam::[0-9]*:root"]}}, IF_EXISTS))],
    "stringlike-question": [deny(both({"StringLike": {"aws:PrincipalArn": ["arn:aws:iam::????????????:root"]}}, IF_EXISTS))],
    "arnlike-star-spans-parts": [deny(both({"ArnLike": {"aws:PrincipalArn": ["arn:aws:iam::*"]}}, IF_EXISTS))],
    "stringlike-star-spans": [deny(both({"StringLike": {"aws:PrincipalArn": ["arn:aws:iam::*"]}}, IF_EXISTS))],
    "stringequals-ignorecase": [deny(both({"StringEqualsIgnoreCase": {"aws:PrincipalType": ["ACCOUNT"]}}, IF_EXISTS))],
    "stringequals-wrong-case": [deny(both({"StringEquals": {"aws:PrincipalType": ["ACCOUNT"]}}, IF_EXISTS))],
    "key-case": [deny({"BoolIfExists": {"AWS:MultiFactorAuthPRESENT": ["FALSE"]}, "ArnLike": {"AWS:PrincipalARN": ["arn:aws:iam::*:root"]}})],
    "notlike-breakglass": [deny(both({"ArnNotLike": {"aws:PrincipalArn": ["arn:aws:iam::*:role/BreakGlass"]}}, IF_EXISTS))],
    "notlike-excludes-root": [deny(both({"ArnNotLike": {"aws:PrincipalArn": ["arn:aws:iam::*:root"]}}, IF_EXISTS))],
    "unknown-key": [deny(both(ROOT_ANY, IF_EXISTS, {"StringEquals": {"aws:RequestedRegion": ["us-east-1"]}}))],
    "foranyvalue": [deny(both({"ForAnyValue:StringLike": {"aws:PrincipalArn": ["arn:aws:iam::*:root"]}}, IF_EXISTS))],
    "forallvalues": [deny(both({"ForAllValues:StringLike": {"aws:PrincipalArn": ["arn:aws:iam::*:root"]}}, IF_EXISTS))],
    "deny-leave-org": [{"Effect": "Deny", "Action": ["organizations:LeaveOrganization"], "Resource": ["*"]}],
    "deny-notaction-star": [{"Effect": "Deny", "NotAction": ["*"], "Resource": ["*"]}],
    "allow-list": [{"Effect": "Allow", "Action": ["s3:*", "ec2:*"], "Resource": ["*"]}],
    "allow-all-custom": [{"Effect": "Allow", "Action": ["*"], "Resource": ["*"]}],
}

FULL_ACCESS = {
    "id": "p-FullAWSAccess",
    "name": "FullAWSAccess",
    "aws_managed": True,
    "document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["*"], "Resource": ["*"]}]},
    "targets": ["r-root"],
}


def snapshot(feature_set):
    policies, ous, accounts = [dict(FULL_ACCESS)], [], []
    targets = ["r-root"]
    accounts.append({"account_id": "100000000000", "name": "management", "is_management": True,
                     "parents": ["r-root"], "effective_scps": ["p-FullAWSAccess"], "credential_report": None})
    for i, (name, statements) in enumerate(VARIANTS.items(), start=1):
        account_id = f"2{i:011d}"
        ou = f"ou-root-{i:08d}"
        ous.append({"id": ou, "name": name, "parent_id": "r-root"})
        # The allow list goes on the account, where no FullAWSAccess is attached, so it restricts.
        attach_to = account_id if name == "allow-list" else ou
        policy_id = f"p-{i:08d}"
        policies.append({"id": policy_id, "name": name, "aws_managed": False,
                         "document": {"Version": "2012-10-17", "Statement": statements}, "targets": [attach_to]})
        targets += [ou] + ([] if name == "allow-list" else [account_id])
        accounts.append({"account_id": account_id, "name": name, "is_management": False,
                         "parents": ["r-root", ou], "effective_scps": ["p-FullAWSAccess", policy_id],
                         "credential_report": None})
    policies[0]["targets"] = targets
    return {
        "schema": "tenet.snapshot/v1",
        "collected_at": "2026-11-20T00:00:00Z",
        "organization": {"id": "o-variety", "management_account_id": "100000000000", "feature_set": feature_set,
                         "scp_enabled": True,  # as an offline organization.yaml with SCP files implies "root_credentials_management": True, "root_sessions": True,
                         "policies": policies, "ous": ous},
        "accounts": accounts,
    }


out = pathlib.Path(sys.argv[1])
out.mkdir(parents=True, exist_ok=True)
(out / "scp-variety.json").write_text(json.dumps(snapshot("ALL"), indent=1))
(out / "scp-variety-billing.json").write_text(json.dumps(snapshot("CONSOLIDATED_BILLING"), indent=1))
print(f"wrote {out / 'scp-variety.json'} and {out / 'scp-variety-billing.json'} ({len(VARIANTS)} SCP variants)")
