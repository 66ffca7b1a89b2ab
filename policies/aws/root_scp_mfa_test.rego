package tenet.aws.root_scp_mfa_test

import data.tenet.aws.root_scp_mfa.findings

arn := "arn:aws:iam::222233334444:root"

finding(status, message) := {"resource": arn, "status": status, "message": message}

# Condition blocks to build statements from.
any_root := {"StringLike": {"aws:PrincipalArn": ["arn:aws:iam::*:root"]}}

mfa_if_exists := {"BoolIfExists": {"aws:MultiFactorAuthPresent": ["false"]}}

mfa_bool := {"Bool": {"aws:MultiFactorAuthPresent": ["false"]}}

# A Deny of every action on every resource under `condition`.
deny_when(condition) := {
	"Sid": "DenyRootWithoutMFA",
	"Effect": "Deny",
	"Action": ["*"],
	"Resource": ["*"],
	"Condition": condition,
}

# The usual root-MFA statement.
root_mfa_statement := deny_when(object.union(any_root, mfa_if_exists))

scp(id, name, statements) := {
	"id": id,
	"name": name,
	"aws_managed": false,
	"document": {"Version": "2012-10-17", "Statement": statements},
	"targets": ["ou-1"],
}

full_access := {
	"id": "p-FullAWSAccess",
	"name": "FullAWSAccess",
	"aws_managed": true,
	"document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["*"], "Resource": ["*"]}]},
	"targets": ["r-root"],
}

# Input for member account 222233334444 in OU ou-1: `policies` collected, `effective` in effect.
with_scps(policies, effective) := {
	"collected_at": "2026-11-20T00:00:00Z",
	"account": {
		"account_id": "222233334444",
		"name": "prod",
		"is_management": false,
		"parents": ["r-root", "ou-1"],
		"effective_scps": effective,
		"credential_report": null,
		"password_policy": null,
		"password_policy_state": "unknown",
		"root_virtual_mfa": null,
		"account_summary": null,
		"errors": [],
	},
	"organization": {
		"id": "o-abc",
		"management_account_id": "111122223333",
		"feature_set": "ALL",
		"scp_enabled": true,
		"root_credentials_management": null,
		"root_sessions": null,
		"policies": policies,
		"ous": [{"id": "ou-1", "name": "Prod", "parent_id": "r-root"}],
	},
}

# FullAWSAccess and SCP p-1 "RootGuard" with `statements`, both in effect.
with_guard(statements) := with_scps(
	[full_access, scp("p-1", "RootGuard", statements)],
	["p-FullAWSAccess", "p-1"],
)

# The message when none of the SCPs described by `checked` denies root requests without MFA.
no_scp_denies(checked) := sprintf(
	"no SCP in effect for account 222233334444 denies root requests without MFA (checked %s)",
	[checked],
)

checked_both := "FullAWSAccess (p-FullAWSAccess), RootGuard (p-1)"

management_account := concat("", [
	"account 222233334444 is the organization's management account, ",
	"and SCPs never apply to the management account",
])

test_pass_root_mfa_statement if {
	inp := with_guard([root_mfa_statement])
	msg := "root requests without MFA are denied by SCP RootGuard (p-1), statement DenyRootWithoutMFA"
	findings == {finding("pass", msg)} with input as inp
}

test_pass_statement_without_sid if {
	inp := with_guard([json.remove(root_mfa_statement, ["Sid"])])
	findings == {finding("pass", "root requests without MFA are denied by SCP RootGuard (p-1)")} with input as inp
}

# With no principal condition the statement denies everyone without MFA, root included.
test_pass_no_principal_condition if {
	inp := with_guard([deny_when(mfa_if_exists)])
	msg := "root requests without MFA are denied by SCP RootGuard (p-1), statement DenyRootWithoutMFA"
	findings == {finding("pass", msg)} with input as inp
}

test_pass_lower_case_condition_keys_and_value if {
	inp := with_guard([deny_when({
		"StringLike": {"AWS:principalarn": ["arn:aws:iam::*:root"]},
		"BoolIfExists": {"aws:multifactorauthpresent": ["False"]},
	})])
	msg := "root requests without MFA are denied by SCP RootGuard (p-1), statement DenyRootWithoutMFA"
	findings == {finding("pass", msg)} with input as inp
}

test_pass_string_equals_this_root if {
	principal := {"StringEquals": {"aws:PrincipalArn": ["arn:aws:iam::999988887777:root", arn]}}
	inp := with_guard([deny_when(object.union(principal, mfa_if_exists))])
	msg := "root requests without MFA are denied by SCP RootGuard (p-1), statement DenyRootWithoutMFA"
	findings == {finding("pass", msg)} with input as inp
}

# AWS documents ArnEquals as equivalent to ArnLike, wildcards included.
test_pass_arn_equals_wildcard if {
	principal := {"ArnEqualsIfExists": {"aws:PrincipalArn": ["arn:aws:iam::*:root"]}}
	inp := with_guard([deny_when(object.union(principal, mfa_if_exists))])
	msg := "root requests without MFA are denied by SCP RootGuard (p-1), statement DenyRootWithoutMFA"
	findings == {finding("pass", msg)} with input as inp
}

# StringLike matches the whole ARN, so its * spans the colons ArnLike keeps it within.
test_pass_string_like_wildcard_across_parts if {
	principal := {"StringLike": {"aws:PrincipalArn": ["arn:aws:iam::*"]}}
	inp := with_guard([deny_when(object.union(principal, mfa_if_exists))])
	msg := "root requests without MFA are denied by SCP RootGuard (p-1), statement DenyRootWithoutMFA"
	findings == {finding("pass", msg)} with input as inp
}

test_fail_arn_like_wildcard_does_not_span_parts if {
	principal := {"ArnLike": {"aws:PrincipalArn": ["arn:aws:iam::*"]}}
	inp := with_guard([deny_when(object.union(principal, mfa_if_exists))])
	findings == {finding("fail", no_scp_denies(checked_both))} with input as inp
}

# root_mfa_statement denying every action except `exempted`.
deny_all_but(exempted) := object.union(json.remove(root_mfa_statement, ["Action"]), {"NotAction": exempted})

# The MFA self-service actions of AWS's example "AWS: Allows MFA-authenticated IAM users to
# manage their own MFA device on the Security credentials page" (config.yaml).
self_service := [
	"iam:CreateVirtualMFADevice",
	"iam:EnableMFADevice",
	"iam:GetUser",
	"iam:ListMFADevices",
	"iam:ListVirtualMFADevices",
	"iam:ResyncMFADevice",
	"sts:GetSessionToken",
]

# NotAction denies all but its entries: the message names them, sorted, for the auditor.
test_pass_not_action_exactly_the_self_service_actions if {
	inp := with_guard([deny_all_but(self_service)])
	msg := concat("", [
		"root requests without MFA are denied by SCP RootGuard (p-1), statement DenyRootWithoutMFA, ",
		"which denies every action except iam:CreateVirtualMFADevice, iam:EnableMFADevice, iam:GetUser, ",
		"iam:ListMFADevices, iam:ListVirtualMFADevices, iam:ResyncMFADevice, sts:GetSessionToken",
	])
	findings == {finding("pass", msg)} with input as inp
}

# Fewer exemptions than AWS's list deny more: still a pass. Action names are not case-sensitive.
test_pass_not_action_part_of_the_self_service_actions if {
	inp := with_guard([deny_all_but(["IAM:enablemfadevice", "iam:ListMFADevices"])])
	msg := concat("", [
		"root requests without MFA are denied by SCP RootGuard (p-1), statement DenyRootWithoutMFA, ",
		"which denies every action except IAM:enablemfadevice, iam:ListMFADevices",
	])
	findings == {finding("pass", msg)} with input as inp
}

# The message when `statements` exempt more than the self-service actions.
over_broad(statements) := concat("", [
	statements,
	" from its deny of root requests without MFA: only the MFA self-service actions ",
	"(iam:CreateVirtualMFADevice, iam:EnableMFADevice, iam:GetUser, iam:ListMFADevices, ",
	"iam:ListVirtualMFADevices, iam:ResyncMFADevice, sts:GetSessionToken) may stay allowed, ",
	"and beyond them root without MFA can act, e.g. create an administrator and walk around the deny",
])

# iam:* lets root without MFA create an administrator and walk around the deny.
test_fail_not_action_exempts_iam if {
	inp := with_guard([deny_all_but(["iam:*", "sts:GetSessionToken"])])
	msg := over_broad("SCP RootGuard (p-1), statement DenyRootWithoutMFA exempts iam:*")
	findings == {finding("fail", msg)} with input as inp
}

test_fail_not_action_exempts_sts if {
	inp := with_guard([deny_all_but(["sts:*", "iam:EnableMFADevice", "iam:ListMFADevices"])])
	msg := over_broad("SCP RootGuard (p-1), statement DenyRootWithoutMFA exempts sts:*")
	findings == {finding("fail", msg)} with input as inp
}

# iam:*MFADevice also matches iam:DeactivateMFADevice and iam:DeleteVirtualMFADevice.
test_fail_not_action_wildcard_within_the_mfa_actions if {
	inp := with_guard([deny_all_but(array.concat(self_service, ["iam:*MFADevice"]))])
	msg := over_broad("SCP RootGuard (p-1), statement DenyRootWithoutMFA exempts iam:*MFADevice")
	findings == {finding("fail", msg)} with input as inp
}

test_fail_names_every_over_broad_exemption if {
	inp := with_guard([deny_all_but(["sts:*", "iam:*", "iam:GetUser"])])
	msg := over_broad("SCP RootGuard (p-1), statement DenyRootWithoutMFA exempts iam:*, sts:*")
	findings == {finding("fail", msg)} with input as inp
}

# Each statement denies what the other exempts: together they deny everything.
test_pass_two_statements_whose_exemptions_do_not_overlap if {
	first := object.union(deny_all_but(["iam:*"]), {"Sid": "DenyAllButIam"})
	second := object.union(deny_all_but(["sts:*"]), {"Sid": "DenyAllButSts"})
	inp := with_guard([first, second])
	msg := concat("", [
		"root requests without MFA are denied by ",
		"SCP RootGuard (p-1), statement DenyAllButIam, which denies every action except iam:*; ",
		"SCP RootGuard (p-1), statement DenyAllButSts, which denies every action except sts:*",
	])
	findings == {finding("pass", msg)} with input as inp
}

# The exempted service is denied by another statement of another SCP on the path.
test_pass_exemption_denied_elsewhere if {
	deny_iam := object.union(root_mfa_statement, {"Sid": "DenyIam", "Action": ["iam:*"]})
	inp := with_scps(
		[full_access, scp("p-1", "RootGuard", [deny_all_but(["iam:*"])]), scp("p-2", "IamGuard", [deny_iam])],
		["p-FullAWSAccess", "p-1", "p-2"],
	)
	msg := concat("", [
		"root requests without MFA are denied by SCP IamGuard (p-2), statement DenyIam; ",
		"SCP RootGuard (p-1), statement DenyRootWithoutMFA, which denies every action except iam:*",
	])
	findings == {finding("pass", msg)} with input as inp
}

# A statement denying only some iam actions does not cover what iam:* exempts.
test_fail_exemption_denied_only_in_part_elsewhere if {
	deny_some := object.union(root_mfa_statement, {"Sid": "DenyIamUsers", "Action": ["iam:*User*"]})
	inp := with_guard([deny_all_but(["iam:*"]), deny_some])
	msg := over_broad("SCP RootGuard (p-1), statement DenyRootWithoutMFA exempts iam:*")
	findings == {finding("fail", msg)} with input as inp
}

# An uncollected SCP on the path might deny what the exemption lets through.
test_unknown_over_broad_exemption_and_scp_not_collected if {
	inp := with_scps([full_access, scp("p-1", "RootGuard", [deny_all_but(["iam:*"])])], ["p-FullAWSAccess", "p-1", "p-9"])
	msg := concat("", [
		"no collected SCP denies root requests without MFA, ",
		"but SCPs p-9 in effect for account 222233334444 were not collected",
	])
	findings == {finding("unknown", msg)} with input as inp
}

test_pass_names_every_enforcing_statement if {
	second := json.remove(root_mfa_statement, ["Sid"])
	inp := with_scps(
		[full_access, scp("p-1", "RootGuard", [root_mfa_statement]), scp("p-2", "Baseline", [second])],
		["p-FullAWSAccess", "p-1", "p-2"],
	)
	msg := concat("", [
		"root requests without MFA are denied by SCP Baseline (p-2); ",
		"SCP RootGuard (p-1), statement DenyRootWithoutMFA",
	])
	findings == {finding("pass", msg)} with input as inp
}

# The message for statements that test MFA with Bool, described as `statements`.
only_bool(statements) := concat("", [
	statements,
	" denies root requests without MFA only under Bool: ",
	"requests signed with long-term access keys carry no aws:MultiFactorAuthPresent key, ",
	"so Bool lets them slip past; use BoolIfExists",
])

test_fail_bool_instead_of_bool_if_exists if {
	inp := with_guard([deny_when(object.union(any_root, mfa_bool))])
	msg := only_bool("SCP RootGuard (p-1), statement DenyRootWithoutMFA")
	findings == {finding("fail", msg)} with input as inp
}

# Conditions are ANDed: a Bool test beside the BoolIfExists one lets key-signed requests through.
test_fail_bool_beside_bool_if_exists if {
	condition := {
		"StringLike": {"aws:PrincipalArn": ["arn:aws:iam::*:root"]},
		"Bool": {"aws:MultiFactorAuthPresent": ["false"]},
		"BoolIfExists": {"aws:MultiFactorAuthPresent": ["false"]},
	}
	inp := with_guard([deny_when(condition)])
	msg := only_bool("SCP RootGuard (p-1), statement DenyRootWithoutMFA")
	findings == {finding("fail", msg)} with input as inp
}

test_fail_principal_pattern_for_another_account if {
	principal := {"StringLike": {"aws:PrincipalArn": ["arn:aws:iam::999988887777:root"]}}
	inp := with_guard([deny_when(object.union(principal, mfa_if_exists))])
	findings == {finding("fail", no_scp_denies(checked_both))} with input as inp
}

test_fail_principal_pattern_for_roles_only if {
	principal := {"ArnLike": {"aws:PrincipalArn": ["arn:aws:iam::*:role/*"]}}
	inp := with_guard([deny_when(object.union(principal, mfa_if_exists))])
	findings == {finding("fail", no_scp_denies(checked_both))} with input as inp
}

# StringEquals compares exactly, so a * in its value is a literal character.
test_fail_string_equals_with_wildcard if {
	principal := {"StringEquals": {"aws:PrincipalArn": ["arn:aws:iam::*:root"]}}
	inp := with_guard([deny_when(object.union(principal, mfa_if_exists))])
	findings == {finding("fail", no_scp_denies(checked_both))} with input as inp
}

# A negated principal operator whose values miss the root ARN exempts other principals only.
test_pass_negated_principal_operator_exempting_a_role if {
	principal := {"StringNotLike": {"aws:PrincipalArn": ["arn:aws:iam::*:role/BreakGlass"]}}
	inp := with_guard([deny_when(object.union(principal, mfa_if_exists))])
	msg := "root requests without MFA are denied by SCP RootGuard (p-1), statement DenyRootWithoutMFA"
	findings == {finding("pass", msg)} with input as inp
}

test_pass_root_statement_with_break_glass_exemption if {
	break_glass := {"ArnNotLikeIfExists": {"aws:PrincipalArn": ["arn:aws:iam::*:role/BreakGlass"]}}
	inp := with_guard([deny_when(object.union(object.union(any_root, mfa_if_exists), break_glass))])
	msg := "root requests without MFA are denied by SCP RootGuard (p-1), statement DenyRootWithoutMFA"
	findings == {finding("pass", msg)} with input as inp
}

# StringNotEquals compares exactly: a literal * does not match, so root is not exempted.
test_pass_string_not_equals_with_wildcard if {
	principal := {"StringNotEquals": {"aws:PrincipalArn": ["arn:aws:iam::*:root"]}}
	inp := with_guard([deny_when(object.union(principal, mfa_if_exists))])
	msg := "root requests without MFA are denied by SCP RootGuard (p-1), statement DenyRootWithoutMFA"
	findings == {finding("pass", msg)} with input as inp
}

test_fail_negated_principal_operator_exempting_root if {
	principal := {"ArnNotLike": {"aws:PrincipalArn": ["arn:aws:iam::*:role/BreakGlass", "arn:aws:iam::*:root"]}}
	inp := with_guard([deny_when(object.union(principal, mfa_if_exists))])
	findings == {finding("fail", no_scp_denies(checked_both))} with input as inp
}

test_fail_string_not_equals_this_root if {
	principal := {"StringNotEqualsIfExists": {"aws:PrincipalArn": [arn]}}
	inp := with_guard([deny_when(object.union(object.union(any_root, principal), mfa_if_exists))])
	findings == {finding("fail", no_scp_denies(checked_both))} with input as inp
}

test_fail_extra_condition_narrows_the_deny if {
	region := {"StringEquals": {"aws:RequestedRegion": ["eu-west-1"]}}
	inp := with_guard([deny_when(object.union(object.union(any_root, mfa_if_exists), region))])
	findings == {finding("fail", no_scp_denies(checked_both))} with input as inp
}

test_fail_statement_limited_to_some_resources if {
	stmt := object.union(root_mfa_statement, {"Resource": ["arn:aws:s3:::audit-logs/*"]})
	inp := with_guard([stmt])
	findings == {finding("fail", no_scp_denies(checked_both))} with input as inp
}

test_fail_statement_denies_no_action if {
	inp := with_guard([object.union(root_mfa_statement, {"Action": []})])
	findings == {finding("fail", no_scp_denies(checked_both))} with input as inp
}

# Root can still do everything else without MFA.
test_fail_statement_denies_some_actions_only if {
	inp := with_guard([object.union(root_mfa_statement, {"Action": ["s3:GetObject", "iam:*"]})])
	findings == {finding("fail", no_scp_denies(checked_both))} with input as inp
}

# Nor is a partial deny under Bool reported as the Bool problem: it fails either way.
test_fail_bool_statement_denies_some_actions_only if {
	stmt := object.union(deny_when(object.union(any_root, mfa_bool)), {"Action": ["s3:GetObject"]})
	inp := with_guard([stmt])
	findings == {finding("fail", no_scp_denies(checked_both))} with input as inp
}

# NotAction "*" denies nothing; "*:*" and "*:Get*" exempt every service's actions.
test_fail_not_action_exempts_everything if {
	inp := with_guard([deny_all_but(["*"])])
	msg := over_broad("SCP RootGuard (p-1), statement DenyRootWithoutMFA exempts *")
	findings == {finding("fail", msg)} with input as inp
}

test_fail_not_action_exempts_every_service if {
	inp := with_guard([deny_all_but(["iam:EnableMFADevice", "*:*"])])
	msg := over_broad("SCP RootGuard (p-1), statement DenyRootWithoutMFA exempts *:*")
	findings == {finding("fail", msg)} with input as inp
}

test_fail_not_action_wildcard_service if {
	inp := with_guard([deny_all_but(["*:Get*"])])
	msg := over_broad("SCP RootGuard (p-1), statement DenyRootWithoutMFA exempts *:Get*")
	findings == {finding("fail", msg)} with input as inp
}

test_fail_allow_statement if {
	inp := with_guard([object.union(root_mfa_statement, {"Effect": "Allow"})])
	findings == {finding("fail", no_scp_denies(checked_both))} with input as inp
}

test_fail_mfa_tested_against_true if {
	mfa_true := {"BoolIfExists": {"aws:MultiFactorAuthPresent": ["true"]}}
	inp := with_guard([deny_when(object.union(any_root, mfa_true))])
	findings == {finding("fail", no_scp_denies(checked_both))} with input as inp
}

test_fail_only_full_access if {
	inp := with_scps([full_access], ["p-FullAWSAccess"])
	msg := no_scp_denies("FullAWSAccess (p-FullAWSAccess)")
	findings == {finding("fail", msg)} with input as inp
}

# p-1 is collected (attached elsewhere in the organization) but not on this account's path.
test_fail_guard_not_in_effect_for_this_account if {
	inp := with_scps([full_access, scp("p-1", "RootGuard", [root_mfa_statement])], ["p-FullAWSAccess"])
	msg := no_scp_denies("FullAWSAccess (p-FullAWSAccess)")
	findings == {finding("fail", msg)} with input as inp
}

test_fail_scps_disabled if {
	inp := object.union(with_guard([root_mfa_statement]), {"organization": {"scp_enabled": false}})
	msg := "SCPs are not enabled in the organization, so no SCP can require MFA for the root user"
	findings == {finding("fail", msg)} with input as inp
}

test_not_applicable_management_account if {
	inp := object.union(with_guard([root_mfa_statement]), {"account": {"is_management": true}})
	findings == {finding("not_applicable", management_account)} with input as inp
}

test_not_applicable_management_account_by_organization_id if {
	inp := object.union(with_scps([full_access], []), {"organization": {"management_account_id": "222233334444"}})
	findings == {finding("not_applicable", management_account)} with input as inp
}

test_unknown_no_organization if {
	inp := object.union(with_guard([root_mfa_statement]), {"organization": null})
	findings == {finding("unknown", "no SCP or organization data collected")} with input as inp
}

test_unknown_no_effective_scps if {
	inp := with_scps([full_access, scp("p-1", "RootGuard", [root_mfa_statement])], [])
	msg := "the SCPs in effect for account 222233334444 are unknown (no effective SCPs collected)"
	findings == {finding("unknown", msg)} with input as inp
}

test_unknown_effective_scp_not_collected if {
	inp := with_scps([full_access], ["p-FullAWSAccess", "p-9"])
	msg := concat("", [
		"no collected SCP denies root requests without MFA, ",
		"but SCPs p-9 in effect for account 222233334444 were not collected",
	])
	findings == {finding("unknown", msg)} with input as inp
}

# A partial deny is no evidence, so the uncollected SCP decides: unknown.
test_unknown_partial_deny_and_scp_not_collected if {
	partial := scp("p-1", "RootGuard", [object.union(root_mfa_statement, {"Action": ["s3:*"]})])
	inp := with_scps([full_access, partial], ["p-FullAWSAccess", "p-1", "p-9"])
	msg := concat("", [
		"no collected SCP denies root requests without MFA, ",
		"but SCPs p-9 in effect for account 222233334444 were not collected",
	])
	findings == {finding("unknown", msg)} with input as inp
}

# One collected SCP that enforces MFA is enough, whatever the others hold.
test_pass_despite_uncollected_scp if {
	inp := with_scps([full_access, scp("p-1", "RootGuard", [root_mfa_statement])], ["p-FullAWSAccess", "p-1", "p-9"])
	msg := "root requests without MFA are denied by SCP RootGuard (p-1), statement DenyRootWithoutMFA"
	findings == {finding("pass", msg)} with input as inp
}

# ---- the console and access-key contexts

mfa_null := {"Null": {"aws:MultiFactorAuthPresent": ["true"]}}

# Bool "false" denies the console request without MFA; Null "true" the access-key request,
# which carries no aws:MultiFactorAuthPresent: together they deny both.
test_pass_bool_and_null_statements_together if {
	console := object.union(deny_when(object.union(any_root, mfa_bool)), {"Sid": "DenyConsoleWithoutMFA"})
	keys := object.union(deny_when(object.union(any_root, mfa_null)), {"Sid": "DenyAccessKeys"})
	inp := with_guard([console, keys])
	msg := concat("", [
		"root requests without MFA are denied by SCP RootGuard (p-1), statement DenyAccessKeys; ",
		"SCP RootGuard (p-1), statement DenyConsoleWithoutMFA",
	])
	findings == {finding("pass", msg)} with input as inp
}

# The same two statements in two SCPs attached at different levels of the path.
test_pass_bool_and_null_in_different_scps if {
	inp := with_scps(
		[
			full_access,
			scp("p-1", "ConsoleGuard", [deny_when(object.union(any_root, mfa_bool))]),
			scp("p-2", "KeyGuard", [json.remove(deny_when(object.union(any_root, mfa_null)), ["Sid"])]),
		],
		["p-FullAWSAccess", "p-1", "p-2"],
	)
	msg := concat("", [
		"root requests without MFA are denied by SCP ConsoleGuard (p-1), statement DenyRootWithoutMFA; ",
		"SCP KeyGuard (p-2)",
	])
	findings == {finding("pass", msg)} with input as inp
}

# Null "true" alone leaves the console request without MFA allowed: no context-specific
# message, since the console context is the one left open.
test_fail_null_alone if {
	inp := with_guard([deny_when(object.union(any_root, mfa_null))])
	findings == {finding("fail", no_scp_denies(checked_both))} with input as inp
}

# Conditions are ANDed: Bool "false" and Null "true" in one statement never both hold.
test_fail_bool_and_null_in_one_statement if {
	inp := with_guard([deny_when(object.union(object.union(any_root, mfa_bool), mfa_null))])
	findings == {finding("fail", no_scp_denies(checked_both))} with input as inp
}

# aws:MultiFactorAuthAge is not present when MFA was not used: in both contexts.
test_pass_null_mfa_age if {
	no_mfa_age := {"Null": {"aws:MultiFactorAuthAge": ["true"]}}
	inp := with_guard([deny_when(object.union(any_root, no_mfa_age))])
	msg := "root requests without MFA are denied by SCP RootGuard (p-1), statement DenyRootWithoutMFA"
	findings == {finding("pass", msg)} with input as inp
}

# Another operator that needs the key present fails the same way, with its own message.
test_fail_string_equals_on_the_mfa_key if {
	mfa_string := {"StringEquals": {"aws:MultiFactorAuthPresent": ["false"]}}
	inp := with_guard([deny_when(object.union(any_root, mfa_string))])
	msg := concat("", [
		"SCP RootGuard (p-1), statement DenyRootWithoutMFA denies root requests without MFA in the console ",
		"but not requests signed with long-term access keys, which carry no aws:MultiFactorAuthPresent key; ",
		"use BoolIfExists",
	])
	findings == {finding("fail", msg)} with input as inp
}

# ---- IAM matching, exactly

root_mfa_with(principal) := deny_when(object.union(principal, mfa_if_exists))

pass_root_mfa := "root requests without MFA are denied by SCP RootGuard (p-1), statement DenyRootWithoutMFA"

# In StringLike only * and ? are wildcards: [0-9] is no character class.
test_fail_string_like_bracket_is_literal if {
	inp := with_guard([root_mfa_with({"StringLike": {"aws:PrincipalArn": ["arn:aws:iam::[0-9]*:root"]}})])
	findings == {finding("fail", no_scp_denies(checked_both))} with input as inp
}

test_pass_string_like_question_mark if {
	inp := with_guard([root_mfa_with({"StringLike": {"aws:PrincipalArn": ["arn:aws:iam::????????????:root"]}})])
	findings == {finding("pass", pass_root_mfa)} with input as inp
}

test_pass_string_equals_ignore_case if {
	principal := {"StringEqualsIgnoreCase": {"aws:PrincipalArn": ["ARN:AWS:IAM::222233334444:ROOT"]}}
	inp := with_guard([root_mfa_with(principal)])
	findings == {finding("pass", pass_root_mfa)} with input as inp
}

test_fail_string_equals_is_case_sensitive if {
	inp := with_guard([root_mfa_with({"StringEquals": {"aws:PrincipalArn": ["ARN:AWS:IAM::222233334444:ROOT"]}})])
	findings == {finding("fail", no_scp_denies(checked_both))} with input as inp
}

test_pass_arn_like_each_component if {
	inp := with_guard([root_mfa_with({"ArnLike": {"aws:PrincipalArn": ["arn:aws:iam::*:ro?t"]}})])
	findings == {finding("pass", pass_root_mfa)} with input as inp
}

# aws:PrincipalType is "Account" for the root user; aws:PrincipalAccount its account.
test_pass_principal_type_and_account if {
	principal := {"StringEquals": {"aws:PrincipalType": ["Account"], "aws:PrincipalAccount": ["222233334444"]}}
	inp := with_guard([root_mfa_with(principal)])
	findings == {finding("pass", pass_root_mfa)} with input as inp
}

test_pass_principal_org_id if {
	inp := with_guard([root_mfa_with({"StringEquals": {"aws:PrincipalOrgID": ["o-abc"]}})])
	findings == {finding("pass", pass_root_mfa)} with input as inp
}

test_pass_policy_variable_in_principal_arn if {
	principal := {"ArnEquals": {"aws:PrincipalArn": ["arn:aws:iam::${aws:PrincipalAccount}:root"]}}
	inp := with_guard([root_mfa_with(principal)])
	findings == {finding("pass", pass_root_mfa)} with input as inp
}

# aws:ResourceAccount depends on the request: the variable cannot be resolved, so the
# condition is not certain and the statement is not counted.
test_fail_policy_variable_of_an_unknown_key if {
	inp := with_guard([root_mfa_with({"StringNotEquals": {"aws:PrincipalAccount": ["${aws:ResourceAccount}"]}})])
	findings == {finding("fail", no_scp_denies(checked_both))} with input as inp
}

# A key the root user's requests may carry or not (aws:SourceIp) is unknown, even under
# a negated operator or ...IfExists.
test_fail_condition_on_unknown_key_not_counted if {
	ip := {"NotIpAddressIfExists": {"aws:SourceIp": ["203.0.113.0/24"]}}
	inp := with_guard([deny_when(object.union(object.union(any_root, mfa_if_exists), ip))])
	findings == {finding("fail", no_scp_denies(checked_both))} with input as inp
}

# aws:username is never present for the root user: StringNotLike holds, StringLike does not.
test_pass_negated_operator_on_absent_key if {
	inp := with_guard([root_mfa_with({"StringNotLike": {"aws:username": ["breakglass-*"]}})])
	findings == {finding("pass", pass_root_mfa)} with input as inp
}

test_fail_positive_operator_on_absent_key if {
	inp := with_guard([root_mfa_with({"StringLike": {"aws:username": ["*"]}})])
	findings == {finding("fail", no_scp_denies(checked_both))} with input as inp
}

test_fail_not_resource if {
	stmt := object.union(json.remove(root_mfa_statement, ["Resource"]), {"NotResource": ["arn:aws:s3:::audit-logs"]})
	inp := with_guard([stmt])
	findings == {finding("fail", no_scp_denies(checked_both))} with input as inp
}

# ---- organizations without SCPs

consolidated_billing_only := concat("", [
	"the organization has feature set CONSOLIDATED_BILLING, not ALL: SCPs take effect only when all ",
	"features are enabled, so no SCP can require MFA for the root user",
])

test_fail_consolidated_billing_only if {
	inp := object.union(with_guard([root_mfa_statement]), {"organization": {"feature_set": "CONSOLIDATED_BILLING"}})
	findings == {finding("fail", consolidated_billing_only)} with input as inp
}

test_pass_feature_set_not_recorded if {
	inp := with_guard([root_mfa_statement])
	no_feature_set := json.remove(inp, ["organization/feature_set"])
	findings == {finding("pass", pass_root_mfa)} with input as no_feature_set
}

test_not_applicable_management_account_consolidated_billing if {
	inp := object.union(with_guard([root_mfa_statement]), {
		"account": {"is_management": true},
		"organization": {"feature_set": "CONSOLIDATED_BILLING"},
	})
	findings == {finding("not_applicable", management_account)} with input as inp
}

# The self-service set comes from data.tenet.config.
test_self_service_set_from_config if {
	inp := with_guard([deny_all_but(["iam:ChangePassword"])])
	msg := concat("", [
		"root requests without MFA are denied by SCP RootGuard (p-1), statement DenyRootWithoutMFA, ",
		"which denies every action except iam:ChangePassword",
	])
	findings == {finding("pass", msg)} with input as inp with data.tenet.config.mfa_self_service_actions as ["iam:ChangePassword"]
}

# Patterns that happen to match the stand-ins for unnamed actions do not deny every action.
test_fail_action_patterns_matching_the_stand_ins if {
	inp := with_guard([object.union(root_mfa_statement, {"Action": ["t*", "x*"]})])
	findings == {finding("fail", no_scp_denies(checked_both))} with input as inp
}

# "*:*" matches every action (each is service:name), as "*" does.
test_pass_action_every_service if {
	inp := with_guard([object.union(root_mfa_statement, {"Action": ["*:*"]})])
	findings == {finding("pass", pass_root_mfa)} with input as inp
}
