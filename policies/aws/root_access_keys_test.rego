package tenet.aws.root_access_keys_test

import data.tenet.aws.root_access_keys.findings

arn := "arn:aws:iam::222233334444:root"

finding(status, message) := {"resource": arn, "status": status, "message": message}

# The <root_account> row of a clean account: MFA on, no access keys.
clean_root := {
	"user": "<root_account>",
	"arn": "arn:aws:iam::222233334444:root",
	"user_creation_time": "2020-01-01T00:00:00Z",
	"password_enabled": null,
	"password_last_used": "2026-01-10T09:00:00Z",
	"password_last_changed": null,
	"password_next_rotation": null,
	"mfa_active": true,
	"access_key_1_active": false,
	"access_key_1_last_rotated": null,
	"access_key_1_last_used_date": null,
	"access_key_1_last_used_region": null,
	"access_key_1_last_used_service": null,
	"access_key_2_active": false,
	"access_key_2_last_rotated": null,
	"access_key_2_last_used_date": null,
	"access_key_2_last_used_region": null,
	"access_key_2_last_used_service": null,
	"cert_1_active": false,
	"cert_1_last_rotated": null,
	"cert_2_active": false,
	"cert_2_last_rotated": null,
}

# Input for one account whose credential report is `report`.
with_report(report) := {
	"collected_at": "2026-11-20T00:00:00Z",
	"account": {
		"account_id": "222233334444",
		"name": "prod",
		"is_management": false,
		"parents": [],
		"effective_scps": [],
		"credential_report": report,
		"password_policy": null,
		"password_policy_state": "unknown",
		"root_virtual_mfa": null,
		"account_summary": null,
		"errors": [],
	},
	"organization": null,
}

# Input whose root row is the clean row with `changes` applied.
with_root(changes) := with_report({
	"generated_at": "2026-11-19T23:00:00Z",
	"root": object.union(clean_root, changes),
	"users": [],
})

test_pass_no_access_keys if {
	inp := with_root({})
	findings == {finding("pass", "root user has no active access keys")} with input as inp
}

test_pass_inactive_keys_that_were_used if {
	inp := with_root({
		"access_key_1_last_rotated": "2023-05-01T00:00:00Z",
		"access_key_1_last_used_date": "2023-06-01T00:00:00Z",
	})
	findings == {finding("pass", "root user has no active access keys")} with input as inp
}

test_fail_key_1_active_and_used if {
	inp := with_root({
		"access_key_1_active": true,
		"access_key_1_last_rotated": "2024-02-01T00:00:00Z",
		"access_key_1_last_used_date": "2026-11-17T08:15:00Z",
	})
	findings == {finding("fail", "root access key 1 is active (last used 2026-11-17)")} with input as inp
}

test_fail_key_2_active_never_used if {
	inp := with_root({"access_key_2_active": true, "access_key_2_last_rotated": "2026-11-01T00:00:00Z"})
	findings == {finding("fail", "root access key 2 is active (never used)")} with input as inp
}

test_fail_both_keys_active if {
	inp := with_root({
		"access_key_1_active": true,
		"access_key_1_last_used_date": "2026-03-04T00:00:00Z",
		"access_key_2_active": true,
	})
	msg := "root access keys 1 and 2 are active (key 1 last used 2026-03-04; key 2 never used)"
	findings == {finding("fail", msg)} with input as inp
}

test_unknown_no_credential_report if {
	inp := with_report(null)
	findings == {finding("unknown", "no credential report collected")} with input as inp
}

test_unknown_no_credential_report_names_collector_error if {
	error := {"stage": "credential_report", "message": "AccessDenied: iam:GenerateCredentialReport"}
	inp := object.union(with_report(null), {"account": {"errors": [error]}})
	msg := "no credential report collected: AccessDenied: iam:GenerateCredentialReport"
	findings == {finding("unknown", msg)} with input as inp
}

test_unknown_no_root_row if {
	inp := with_report({"generated_at": "2026-11-19T23:00:00Z", "root": null, "users": []})
	findings == {finding("unknown", "the credential report has no <root_account> row")} with input as inp
}

# --- centralized root access ---

# An organization with centralized root access; its management account is 111122223333.
centralized_org := {
	"id": "o-abc",
	"management_account_id": "111122223333",
	"feature_set": "ALL",
	"scp_enabled": true,
	"root_credentials_management": true,
	"root_sessions": true,
	"policies": [],
	"ous": [],
}

# `inp` moved into the organization with centralized root access.
centralized(inp) := object.union(inp, {"organization": centralized_org})

# `inp` as the management account of that organization.
management(inp) := object.union(centralized(inp), {
	"account": {"is_management": true},
	"organization": {"management_account_id": "222233334444"},
})

no_root_credentials := concat("", [
	"centralized root access is enabled and account 222233334444 has no root credentials: ",
	"the credential report shows the root password never used, no active access key or signing certificate ",
	"and no MFA device",
])

# Root changes of a member account whose root credentials were deleted.
bare := {"mfa_active": false, "password_last_used": null}

test_not_applicable_centralized_root_no_credentials if {
	inp := centralized(with_root(bare))
	findings == {finding("not_applicable", no_root_credentials)} with input as inp
}

# The root password was used before the management account deleted it.
test_not_applicable_centralized_root_password_deleted if {
	inp := centralized(with_root({"mfa_active": false}))
	deleted := object.union(inp, {"account": {"root_password_present": false}})
	msg := concat("", [
		"centralized root access is enabled and account 222233334444 has no root credentials: ",
		"root has no password (root_password_present false), and the credential report shows no active access key or ",
		"signing certificate and no MFA device",
	])
	findings == {finding("not_applicable", msg)} with input as deleted
}

test_fail_centralized_root_but_root_keeps_mfa_and_a_key if {
	inp := centralized(with_root({"access_key_1_active": true, "access_key_1_last_used_date": "2026-11-17T08:15:00Z"}))
	findings == {finding("fail", "root access key 1 is active (last used 2026-11-17)")} with input as inp
}

test_fail_centralized_root_key_without_other_credentials if {
	inp := centralized(with_root(object.union(bare, {"access_key_2_active": true})))
	findings == {finding("fail", "root access key 2 is active (never used)")} with input as inp
}

test_pass_centralized_root_management_account_is_evaluated if {
	inp := management(with_root(bare))
	findings == {finding("pass", "root user has no active access keys")} with input as inp
}
