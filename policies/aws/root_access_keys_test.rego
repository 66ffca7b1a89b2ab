package tenet.aws.root_access_keys_test

import data.tenet.aws.root_access_keys.findings
import data.tenet.lib.fixtures_test as fx

finding(status, message) := fx.finding(fx.root_arn, status, message)

has_key(evidence, details) := sprintf("root user has an access key (%s): %s", [evidence, details])

report_active(n) := sprintf("access_key_%d_active = true in the credential report", [n])

report_inactive(n) := sprintf("access_key_%d_active = false in the credential report", [n])

test_pass_no_access_keys if {
	msg := sprintf("root user has no access key (%s)", [fx.report_no_keys])
	inp_15 := fx.root_input({})
	findings == {finding("pass", msg)} with input as inp_15
}

test_fail_key_1_active_and_used if {
	inp := fx.root_input({
		"access_key_1_active": true,
		"access_key_1_last_rotated": "2024-02-01T00:00:00Z",
		"access_key_1_last_used_date": "2026-11-17T08:15:00Z",
	})
	msg := has_key(report_active(1), "access key 1 is active, last used 2026-11-17")
	findings == {finding("fail", msg)} with input as inp
}

test_fail_key_2_active_never_used if {
	inp := fx.root_input({"access_key_2_active": true, "access_key_2_last_rotated": "2026-11-01T00:00:00Z"})
	msg := has_key(report_active(2), "access key 2 is active, never used")
	findings == {finding("fail", msg)} with input as inp
}

test_fail_both_keys_active if {
	inp := fx.root_input({
		"access_key_1_active": true,
		"access_key_1_last_used_date": "2026-03-04T00:00:00Z",
		"access_key_2_active": true,
	})
	msg := has_key(
		sprintf("%s and %s", [report_active(1), report_active(2)]),
		"access key 1 is active, last used 2026-03-04; access key 2 is active, never used",
	)
	findings == {finding("fail", msg)} with input as inp
}

# CIS: no root access key *exists*. An inactive key still does (its creation time is in
# access_key_N_last_rotated), and can be made active again.
test_fail_inactive_key_that_was_used if {
	inp := fx.root_input({
		"access_key_1_last_rotated": "2023-05-01T00:00:00Z",
		"access_key_1_last_used_date": "2023-06-01T00:00:00Z",
	})
	msg := has_key(report_inactive(1), concat("", [
		"access key 1 is inactive but still exists (created 2023-05-01, last used 2023-06-01), ",
		"and an inactive key can be made active again: delete it",
	]))
	findings == {finding("fail", msg)} with input as inp
}

test_fail_inactive_key_never_used if {
	inp := fx.root_input({"access_key_2_last_rotated": "2025-01-01T00:00:00Z"})
	msg := has_key(report_inactive(2), concat("", [
		"access key 2 is inactive but still exists (created 2025-01-01, never used), ",
		"and an inactive key can be made active again: delete it",
	]))
	findings == {finding("fail", msg)} with input as inp
}

# GetAccountSummary's AccountAccessKeysPresent decides; the report names the keys it shows.
test_fail_summary_says_a_key_exists if {
	inp := fx.with_summary(fx.root_input({"access_key_1_last_rotated": "2025-01-01T00:00:00Z"}), 1, 1, 1)
	msg := has_key("AccountAccessKeysPresent = 1 in GetAccountSummary", concat("", [
		"access key 1 is inactive but still exists (created 2025-01-01, never used), ",
		"and an inactive key can be made active again: delete it",
	]))
	findings == {finding("fail", msg)} with input as inp
}

test_fail_summary_says_a_key_exists_the_report_shows_none if {
	inp := fx.with_summary(fx.root_input({}), 1, 1, 1)
	msg := has_key(
		"AccountAccessKeysPresent = 1 in GetAccountSummary",
		"the credential report does not show which (it may predate the key)",
	)
	findings == {finding("fail", msg)} with input as inp
}

test_fail_summary_without_report if {
	inp := fx.with_summary(fx.account_input(null), 1, 1, 1)
	msg := has_key(
		"AccountAccessKeysPresent = 1 in GetAccountSummary",
		"the credential report does not show which (it may predate the key)",
	)
	findings == {finding("fail", msg)} with input as inp
}

# A key deleted after the report was generated: the live summary outweighs the report.
test_pass_summary_says_no_key_though_the_report_shows_one if {
	inp := fx.with_summary(fx.root_input({"access_key_1_active": true}), 1, 1, 0)
	msg := "root user has no access key (AccountAccessKeysPresent = 0 in GetAccountSummary)"
	findings == {finding("pass", msg)} with input as inp
}

test_unknown_no_credential_report if {
	inp_107 := fx.account_input(null)
	findings == {finding("unknown", "no credential report collected")} with input as inp_107
}

test_unknown_no_credential_report_names_collector_error if {
	error := {"stage": "credential_report", "message": "AccessDenied: iam:GenerateCredentialReport"}
	inp := fx.with_account(fx.account_input(null), {"errors": [error]})
	msg := "no credential report collected: AccessDenied: iam:GenerateCredentialReport"
	findings == {finding("unknown", msg)} with input as inp
}

test_unknown_no_root_row if {
	inp := fx.account_input({"generated_at": "2026-11-19T23:00:00Z", "root": null, "users": []})
	findings == {finding("unknown", "the credential report has no <root_account> row")} with input as inp
}

test_unknown_key_flags_missing if {
	inp := fx.root_input({"access_key_1_active": null})
	msg := "the credential report's <root_account> row has no access_key_1_active or access_key_2_active value"
	findings == {finding("unknown", msg)} with input as inp
}

# --- centralized root access ---

test_not_applicable_centralized_root_no_credentials if {
	inp := fx.centralized(fx.root_input(fx.bare_root))
	findings == {finding("not_applicable", fx.bare_root_exempt)} with input as inp
}

# The root password was used before the management account deleted it.
test_not_applicable_centralized_root_password_deleted if {
	inp := fx.with_account(fx.centralized(fx.root_input({"mfa_active": false})), {"root_password_present": false})
	msg := fx.no_root_credentials(
		"root_password_present = false in the snapshot",
		fx.report_no_keys,
		"mfa_active = false in the credential report",
		fx.report_no_certificates,
	)
	findings == {finding("not_applicable", msg)} with input as inp
}

# Class 1: an inactive key is a recorded fact the exemption must not hide.
test_fail_centralized_root_inactive_key_used_last_week if {
	inp := fx.centralized(fx.root_input(object.union(fx.bare_root, {
		"access_key_1_last_rotated": "2024-01-01T00:00:00Z",
		"access_key_1_last_used_date": "2026-11-13T00:00:00Z",
	})))
	msg := has_key(report_inactive(1), concat("", [
		"access key 1 is inactive but still exists (created 2024-01-01, last used 2026-11-13), ",
		"and an inactive key can be made active again: delete it",
	]))
	findings == {finding("fail", msg)} with input as inp
}

test_fail_centralized_root_key_without_other_credentials if {
	inp := fx.centralized(fx.root_input(object.union(fx.bare_root, {"access_key_2_active": true})))
	findings == {finding("fail", has_key(report_active(2), "access key 2 is active, never used"))} with input as inp
}

test_pass_centralized_root_management_account_is_evaluated if {
	inp := fx.management(fx.root_input(fx.bare_root))
	msg := sprintf("root user has no access key (%s)", [fx.report_no_keys])
	findings == {finding("pass", msg)} with input as inp
}
