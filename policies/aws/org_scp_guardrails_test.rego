package tenet.aws.org_scp_guardrails_test

import data.tenet.aws.org_scp_guardrails.findings

org_arn := "arn:aws:organizations::111122223333:organization/o-abc"

full_aws_access := {
	"id": "p-FullAWSAccess",
	"name": "FullAWSAccess",
	"aws_managed": true,
	"document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["*"], "Resource": ["*"]}]},
	"targets": ["r-1", "ou-prod", "ou-dev"],
}

deny_leave := {
	"id": "p-denyleave",
	"name": "DenyLeaveOrganization",
	"aws_managed": false,
	"document": {"Version": "2012-10-17", "Statement": [{
		"Effect": "Deny",
		"Action": ["organizations:LeaveOrganization"],
		"Resource": ["*"],
	}]},
	"targets": ["ou-prod"],
}

# A custom SCP that only repeats FullAWSAccess.
allow_all_copy := {
	"id": "p-allowall",
	"name": "AllowEverything",
	"aws_managed": false,
	"document": {"Version": "2012-10-17", "Statement": [
		{"Sid": "All", "Effect": "Allow", "Action": ["*"], "Resource": ["*"]},
		{"Effect": "Allow", "Action": ["*"]},
	]},
	"targets": ["ou-dev"],
}

# An allow-list SCP: only what it names is allowed, where nothing else allows the rest.
allow_list := {
	"id": "p-allowlist",
	"name": "AllowListedServices",
	"aws_managed": false,
	"document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:*", "ec2:*"], "Resource": ["*"]}]},
	"targets": ["ou-dev"],
}

# A custom SCP that allows everything in one statement: the other allow adds nothing.
allow_all_and_s3 := {
	"id": "p-allowalls3",
	"name": "AllowAllAndS3",
	"aws_managed": false,
	"document": {"Version": "2012-10-17", "Statement": [
		{"Effect": "Allow", "Action": ["*"], "Resource": ["*"]},
		{"Effect": "Allow", "Action": ["s3:*"], "Resource": ["*"]},
	]},
	"targets": ["ou-dev"],
}

# Denies every action but none: it denies nothing, and allows nothing either.
deny_nothing := {
	"id": "p-denynothing",
	"name": "DenyNothing",
	"aws_managed": false,
	"document": {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "NotAction": ["*"], "Resource": ["*"]}]},
	"targets": ["ou-dev"],
}

account(id, scps) := {"account_id": id, "name": id, "parents": ["r-1"], "effective_scps": scps, "is_management": false}

# A member account in the Development OU.
dev_account(id, scps) := object.union(account(id, scps), {"parents": ["r-1", "ou-dev"]})

# FullAWSAccess detached from the Development OU, so an allow list there restricts.
full_aws_access_not_dev := object.union(full_aws_access, {"targets": ["r-1", "ou-prod"]})

management := object.union(account("111122223333", ["p-FullAWSAccess"]), {"is_management": true})

# Organization input with SCPs enabled, the given policies and member accounts.
with_org(policies, members) := {
	"collected_at": "2026-11-20T00:00:00Z",
	"organization": {
		"id": "o-abc",
		"management_account_id": "111122223333",
		"feature_set": "ALL",
		"scp_enabled": true,
		"root_credentials_management": true,
		"root_sessions": true,
		"policies": policies,
		"ous": [],
	},
	"accounts": array.concat([management], members),
}

member_finding(id, status, message) := {
	"resource": sprintf("arn:aws:iam::%s:root", [id]),
	"status": status,
	"message": message,
	"account": id,
}

management_na := member_finding(
	"111122223333",
	"not_applicable",
	"account 111122223333 is the organization's management account, and SCPs never apply to the management account",
)

test_pass_custom_deny_scp if {
	inp := with_org([full_aws_access, deny_leave], [account("222233334444", ["p-FullAWSAccess", "p-denyleave"])])
	msg := "account 222233334444 has SCP guardrails beyond FullAWSAccess: DenyLeaveOrganization (p-denyleave)"
	findings == {management_na, member_finding("222233334444", "pass", msg)} with input as inp
}

test_pass_allow_list_without_full_aws_access if {
	inp := with_org(
		[full_aws_access_not_dev, allow_list],
		[dev_account("222233334444", ["p-FullAWSAccess", "p-allowlist"])],
	)
	msg := "account 222233334444 has SCP guardrails beyond FullAWSAccess: AllowListedServices (p-allowlist)"
	findings == {management_na, member_finding("222233334444", "pass", msg)} with input as inp
}

# The account itself is a level: FullAWSAccess on its OUs does not reach it there.
test_pass_allow_list_on_account if {
	on_account := object.union(allow_list, {"targets": ["222233334444"]})
	inp := with_org([full_aws_access, on_account], [dev_account("222233334444", ["p-FullAWSAccess", "p-allowlist"])])
	msg := "account 222233334444 has SCP guardrails beyond FullAWSAccess: AllowListedServices (p-allowlist)"
	findings == {management_na, member_finding("222233334444", "pass", msg)} with input as inp
}

# At the OU, FullAWSAccess allows what the allow list leaves out.
test_fail_allow_list_beside_full_aws_access if {
	inp := with_org([full_aws_access, allow_list], [dev_account("222233334444", ["p-FullAWSAccess", "p-allowlist"])])
	msg := concat("", [
		"no SCP in effect for account 222233334444 restricts anything (AllowListedServices (p-allowlist), ",
		"FullAWSAccess (p-FullAWSAccess)): none denies an action, and its allow lists ",
		"(AllowListedServices (p-allowlist)) are attached only where an allow-everything SCP is attached too",
	])
	findings == {management_na, member_finding("222233334444", "fail", msg)} with input as inp
}

# One Allow * on * allows everything whatever the other statements allow, even with
# FullAWSAccess detached.
test_fail_allow_all_with_extra_allow if {
	inp := with_org(
		[full_aws_access_not_dev, allow_all_and_s3],
		[dev_account("222233334444", ["p-FullAWSAccess", "p-allowalls3"])],
	)
	msg := concat("", [
		"only SCPs that allow everything are in effect for account 222233334444 ",
		"(AllowAllAndS3 (p-allowalls3), FullAWSAccess (p-FullAWSAccess)), so SCPs restrict nothing there",
	])
	findings == {management_na, member_finding("222233334444", "fail", msg)} with input as inp
}

test_fail_deny_not_action_all if {
	inp := with_org([full_aws_access, deny_nothing], [dev_account("222233334444", ["p-FullAWSAccess", "p-denynothing"])])
	msg := concat("", [
		"no SCP in effect for account 222233334444 restricts anything (DenyNothing (p-denynothing), ",
		"FullAWSAccess (p-FullAWSAccess)): none denies an action, and its allow lists ",
		"(DenyNothing (p-denynothing)) are attached only where an allow-everything SCP is attached too",
	])
	findings == {management_na, member_finding("222233334444", "fail", msg)} with input as inp
}

# NotAction without "*" denies every other action.
test_pass_deny_not_action if {
	deny_outside_s3 := object.union(deny_nothing, {
		"name": "DenyAllButS3",
		"document": {"Statement": [{"Effect": "Deny", "NotAction": ["s3:*"], "Resource": ["*"]}]},
	})
	inp := with_org(
		[full_aws_access, deny_outside_s3],
		[dev_account("222233334444", ["p-FullAWSAccess", "p-denynothing"])],
	)
	msg := "account 222233334444 has SCP guardrails beyond FullAWSAccess: DenyAllButS3 (p-denynothing)"
	findings == {management_na, member_finding("222233334444", "pass", msg)} with input as inp
}

# Only FullAWSAccess is AWS-managed, so an SCP id that was not collected is a custom
# one, which may or may not restrict anything.
test_unknown_custom_scp_not_collected if {
	inp := with_org([full_aws_access], [account("222233334444", ["p-FullAWSAccess", "p-missing"])])
	msg := concat("", [
		"no collected SCP in effect for account 222233334444 restricts anything, ",
		"but SCPs p-missing in effect there were not collected",
	])
	findings == {management_na, member_finding("222233334444", "unknown", msg)} with input as inp
}

allow_list_unsettled := concat("", [
	"whether allow lists AllowListedServices (p-allowlist) restrict anything for account 222233334444 ",
	"is unknown: an allow list restricts only at a level (root, OU or account) with no allow-everything ",
	"SCP attached, and the collected targets do not show where they are attached on the account's path",
])

# Where FullAWSAccess is attached is unknown, so it may sit beside the allow list.
test_unknown_allow_list_full_aws_access_not_collected if {
	inp := with_org([allow_list], [dev_account("222233334444", ["p-FullAWSAccess", "p-allowlist"])])
	findings == {management_na, member_finding("222233334444", "unknown", allow_list_unsettled)} with input as inp
}

# The allow list's targets (ou-dev) are not on the account's recorded path.
test_unknown_allow_list_not_on_path if {
	inp := with_org([full_aws_access, allow_list], [account("222233334444", ["p-FullAWSAccess", "p-allowlist"])])
	findings == {management_na, member_finding("222233334444", "unknown", allow_list_unsettled)} with input as inp
}

test_fail_only_full_aws_access if {
	inp := with_org([full_aws_access, deny_leave], [account("222233334444", ["p-FullAWSAccess"])])
	msg := concat("", [
		"only SCPs that allow everything are in effect for account 222233334444 ",
		"(FullAWSAccess (p-FullAWSAccess)), so SCPs restrict nothing there",
	])
	findings == {management_na, member_finding("222233334444", "fail", msg)} with input as inp
}

test_fail_full_aws_access_not_collected if {
	inp := with_org([], [account("222233334444", ["p-FullAWSAccess"])])
	msg := concat("", [
		"only SCPs that allow everything are in effect for account 222233334444 ",
		"(p-FullAWSAccess (not collected)), so SCPs restrict nothing there",
	])
	findings == {management_na, member_finding("222233334444", "fail", msg)} with input as inp
}

test_fail_custom_copy_of_full_aws_access if {
	inp := with_org([full_aws_access, allow_all_copy], [account("222233334444", ["p-FullAWSAccess", "p-allowall"])])
	msg := concat("", [
		"only SCPs that allow everything are in effect for account 222233334444 ",
		"(AllowEverything (p-allowall), FullAWSAccess (p-FullAWSAccess)), so SCPs restrict nothing there",
	])
	findings == {management_na, member_finding("222233334444", "fail", msg)} with input as inp
}

# A condition narrows the allow, so the copy is no longer allow-everything: an allow
# list, which restricts at an OU without FullAWSAccess.
test_pass_conditional_allow if {
	conditional := object.union(allow_all_copy, {"document": {"Statement": [{
		"Effect": "Allow",
		"Action": ["*"],
		"Resource": ["*"],
		"Condition": {"StringEquals": {"aws:RequestedRegion": ["eu-west-1"]}},
	}]}})
	inp := with_org(
		[full_aws_access_not_dev, conditional],
		[dev_account("222233334444", ["p-FullAWSAccess", "p-allowall"])],
	)
	msg := "account 222233334444 has SCP guardrails beyond FullAWSAccess: AllowEverything (p-allowall)"
	findings == {management_na, member_finding("222233334444", "pass", msg)} with input as inp
}

test_mixed_accounts if {
	inp := with_org([full_aws_access, deny_leave], [
		account("222233334444", ["p-FullAWSAccess", "p-denyleave"]),
		account("333344445555", ["p-FullAWSAccess"]),
	])
	pass_msg := "account 222233334444 has SCP guardrails beyond FullAWSAccess: DenyLeaveOrganization (p-denyleave)"
	fail_msg := concat("", [
		"only SCPs that allow everything are in effect for account 333344445555 ",
		"(FullAWSAccess (p-FullAWSAccess)), so SCPs restrict nothing there",
	])
	findings == {
		management_na,
		member_finding("222233334444", "pass", pass_msg),
		member_finding("333344445555", "fail", fail_msg),
	} with input as inp
}

# The management account is found by id too, and is never judged even with guardrails attached.
test_not_applicable_management_account_by_id if {
	inp := with_org([full_aws_access, deny_leave], [])
	by_id := object.union(inp, {"accounts": [account("111122223333", ["p-FullAWSAccess", "p-denyleave"])]})
	findings == {management_na} with input as by_id
}

test_unknown_effective_scps_not_collected if {
	inp := with_org([full_aws_access], [account("222233334444", [])])
	msg := "the SCPs in effect for account 222233334444 are unknown (no effective SCPs collected)"
	findings == {management_na, member_finding("222233334444", "unknown", msg)} with input as inp
}

test_fail_scps_disabled if {
	inp := object.union(with_org([], [account("222233334444", [])]), {"organization": {"scp_enabled": false}})
	msg := "SCPs are not enabled in the organization, so no account has SCP guardrails"
	findings == {{"resource": org_arn, "status": "fail", "message": msg}} with input as inp
}

test_unknown_scp_enabled_not_collected if {
	inp := object.union(with_org([], [account("222233334444", [])]), {"organization": {"scp_enabled": null}})
	msg := "whether SCPs are enabled in the organization was not collected"
	findings == {{"resource": org_arn, "status": "unknown", "message": msg}} with input as inp
}

test_unknown_no_organization if {
	inp := object.union(with_org([], [account("222233334444", ["p-FullAWSAccess"])]), {"organization": null})
	findings == {{"resource": "organization", "status": "unknown", "message": "no organization data collected"}} with input as inp
}

test_unknown_no_accounts if {
	inp := object.union(with_org([], []), {"accounts": []})
	findings == {{"resource": org_arn, "status": "unknown", "message": "no accounts listed in the organization data"}} with input as inp
}

# An organization with consolidated billing only has no SCPs in effect, whatever the data
# says is attached (AWS Organizations: SCPs need all features).
consolidated_billing_only := concat("", [
	"the organization has feature set CONSOLIDATED_BILLING, not ALL: SCPs take effect only when all ",
	"features are enabled, so no account has SCP guardrails",
])

test_fail_consolidated_billing_only if {
	inp := object.union(
		with_org([full_aws_access, deny_leave], [account("222233334444", ["p-FullAWSAccess", "p-denyleave"])]),
		{"organization": {"feature_set": "CONSOLIDATED_BILLING"}},
	)
	findings == {{"resource": org_arn, "status": "fail", "message": consolidated_billing_only}} with input as inp
}

# Whether SCPs are enabled is moot: they cannot be, so this fails rather than being unknown.
test_fail_consolidated_billing_only_scp_enabled_unknown if {
	inp := object.union(
		with_org([], [account("222233334444", [])]),
		{"organization": {"feature_set": "CONSOLIDATED_BILLING", "scp_enabled": null}},
	)
	findings == {{"resource": org_arn, "status": "fail", "message": consolidated_billing_only}} with input as inp
}

test_pass_feature_set_not_recorded if {
	inp := with_org([full_aws_access, deny_leave], [account("222233334444", ["p-FullAWSAccess", "p-denyleave"])])
	no_feature_set := json.remove(inp, ["organization/feature_set"])
	msg := "account 222233334444 has SCP guardrails beyond FullAWSAccess: DenyLeaveOrganization (p-denyleave)"
	findings == {management_na, member_finding("222233334444", "pass", msg)} with input as no_feature_set
}

# "*:*" matches every action (each is service:name), so NotAction "*:*" denies nothing.
test_fail_deny_not_action_every_service if {
	every_service := object.union(deny_nothing, {"document": {"Statement": [
		{"Effect": "Deny", "NotAction": ["s3:GetObject", "*:*"], "Resource": ["*"]},
	]}})
	inp := with_org([full_aws_access, every_service], [dev_account("222233334444", ["p-FullAWSAccess", "p-denynothing"])])
	msg := concat("", [
		"no SCP in effect for account 222233334444 restricts anything (DenyNothing (p-denynothing), ",
		"FullAWSAccess (p-FullAWSAccess)): none denies an action, and its allow lists ",
		"(DenyNothing (p-denynothing)) are attached only where an allow-everything SCP is attached too",
	])
	findings == {management_na, member_finding("222233334444", "fail", msg)} with input as inp
}

# A NotAction of one service's actions denies every other action: it restricts.
test_pass_deny_not_action_wildcard_within_service if {
	deny_but_reads := object.union(deny_nothing, {
		"name": "DenyAllButReads",
		"document": {"Statement": [{"Effect": "Deny", "NotAction": ["s3:Get*", "s3:List*"], "Resource": ["*"]}]},
	})
	inp := with_org([full_aws_access, deny_but_reads], [dev_account("222233334444", ["p-FullAWSAccess", "p-denynothing"])])
	msg := "account 222233334444 has SCP guardrails beyond FullAWSAccess: DenyAllButReads (p-denynothing)"
	findings == {management_na, member_finding("222233334444", "pass", msg)} with input as inp
}

# An Allow of "*:*" allows every action, like "*": the custom SCP allows everything.
test_fail_allow_every_service_is_allow_everything if {
	every_service := object.union(allow_all_copy, {"document": {"Statement": [
		{"Effect": "Allow", "Action": ["*:*"], "Resource": ["*"]},
	]}})
	inp := with_org(
		[full_aws_access_not_dev, every_service],
		[dev_account("222233334444", ["p-FullAWSAccess", "p-allowall"])],
	)
	msg := concat("", [
		"only SCPs that allow everything are in effect for account 222233334444 ",
		"(AllowEverything (p-allowall), FullAWSAccess (p-FullAWSAccess)), so SCPs restrict nothing there",
	])
	findings == {management_na, member_finding("222233334444", "fail", msg)} with input as inp
}

# A Deny with neither Action nor NotAction denies nothing.
test_fail_deny_without_actions if {
	no_actions := object.union(deny_nothing, {"document": {"Statement": [{"Effect": "Deny", "Resource": ["*"]}]}})
	inp := with_org([full_aws_access, no_actions], [dev_account("222233334444", ["p-FullAWSAccess", "p-denynothing"])])
	msg := concat("", [
		"no SCP in effect for account 222233334444 restricts anything (DenyNothing (p-denynothing), ",
		"FullAWSAccess (p-FullAWSAccess)): none denies an action, and its allow lists ",
		"(DenyNothing (p-denynothing)) are attached only where an allow-everything SCP is attached too",
	])
	findings == {management_na, member_finding("222233334444", "fail", msg)} with input as inp
}
