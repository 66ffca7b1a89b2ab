package tenet.aws.root_hardware_mfa_test

import data.tenet.aws.root_hardware_mfa.findings

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

# Input for one account with the given credential report and root_virtual_mfa.
with_report(report, virtual) := {
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
		"root_virtual_mfa": virtual,
		"account_summary": null,
		"errors": [],
	},
	"organization": null,
}

# Input whose root row has mfa_active `mfa`, with root_virtual_mfa `virtual`.
with_root(mfa, virtual) := with_report(
	{
		"generated_at": "2026-11-19T23:00:00Z",
		"root": object.union(clean_root, {"mfa_active": mfa}),
		"users": [],
	},
	virtual,
)

no_report_row := {"generated_at": "2026-11-19T23:00:00Z", "root": null, "users": []}

test_pass_mfa_not_virtual if {
	inp := with_root(true, false)
	msg := "root MFA is a hardware device (no virtual MFA device is assigned to the root user)"
	findings == {finding("pass", msg)} with input as inp
}

test_fail_virtual_mfa if {
	inp := with_root(true, true)
	findings == {finding("fail", "root MFA is a virtual device, not a hardware device")} with input as inp
}

test_fail_no_mfa if {
	inp := with_root(false, false)
	findings == {finding("fail", "root user has no MFA device active, hardware or virtual")} with input as inp
}

# Without MFA there is no device to classify, so the missing device type does not matter.
test_fail_no_mfa_device_type_unknown if {
	inp := with_root(false, null)
	findings == {finding("fail", "root user has no MFA device active, hardware or virtual")} with input as inp
}

device_type_unknown := concat("", [
	"root MFA is active but its device type was not collected: ",
	"a credential report alone cannot tell a virtual from a hardware device",
])

test_unknown_device_type_not_collected if {
	inp := with_root(true, null)
	findings == {finding("unknown", device_type_unknown)} with input as inp
}

test_unknown_device_type_field_absent if {
	inp := json.remove(with_root(true, null), ["account/root_virtual_mfa"])
	findings == {finding("unknown", device_type_unknown)} with input as inp
}

test_unknown_no_credential_report if {
	inp := with_report(null, false)
	findings == {finding("unknown", "no credential report collected")} with input as inp
}

test_unknown_no_root_row if {
	inp := with_report(no_report_row, false)
	findings == {finding("unknown", "the credential report has no <root_account> row")} with input as inp
}

test_unknown_mfa_active_missing if {
	inp := with_root(null, false)
	msg := "the credential report's <root_account> row has no mfa_active value"
	findings == {finding("unknown", msg)} with input as inp
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

# Input for a member account whose root row is the clean row with `changes` applied.
with_root_changes(changes, virtual) := with_report(
	{
		"generated_at": "2026-11-19T23:00:00Z",
		"root": object.union(clean_root, changes),
		"users": [],
	},
	virtual,
)

# Root changes of a member account whose root credentials were deleted.
bare := {"mfa_active": false, "password_last_used": null}

test_not_applicable_centralized_root_no_credentials if {
	inp := centralized(with_root_changes(bare, null))
	findings == {finding("not_applicable", no_root_credentials)} with input as inp
}

test_pass_centralized_root_but_root_keeps_mfa_and_a_key if {
	inp := centralized(with_root_changes({"access_key_1_active": true}, false))
	msg := "root MFA is a hardware device (no virtual MFA device is assigned to the root user)"
	findings == {finding("pass", msg)} with input as inp
}

# An active signing certificate is a root credential too.
test_fail_centralized_root_but_root_keeps_a_certificate if {
	inp := centralized(with_root_changes(object.union(bare, {"cert_1_active": true}), false))
	findings == {finding("fail", "root user has no MFA device active, hardware or virtual")} with input as inp
}

test_fail_centralized_root_management_account_is_evaluated if {
	inp := management(with_root_changes(bare, false))
	findings == {finding("fail", "root user has no MFA device active, hardware or virtual")} with input as inp
}
