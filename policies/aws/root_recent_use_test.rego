package tenet.aws.root_recent_use_test

import data.tenet.aws.root_recent_use.findings
import data.tenet.lib.fixtures_test as fx

arn := "arn:aws:iam::222233334444:root"

finding(status, message) := {"resource": arn, "status": status, "message": message}

# The <root_account> row of an account whose root user was never used.
unused_root := {
	"user": "<root_account>",
	"arn": "arn:aws:iam::222233334444:root",
	"user_creation_time": "2020-01-01T00:00:00Z",
	"password_enabled": null,
	"password_last_used": null,
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

# Input for one account, collected 2026-11-20, whose credential report is `report`.
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

# Input whose root row is the unused row with `changes` applied.
with_root(changes) := with_report({
	"generated_at": "2026-11-19T23:00:00Z",
	"root": object.union(unused_root, changes),
	"users": [],
})

# The root password last used `at`.
password_used(at) := with_root({"password_last_used": at})

test_pass_never_used if {
	inp := with_root({})
	msg := "root user has no recorded use (password and access keys never used)"
	findings == {finding("pass", msg)} with input as inp
}

test_pass_names_the_latest_use if {
	inp := with_root({
		"password_last_used": "2026-09-01T10:00:00Z",
		"access_key_2_last_used_date": "2026-09-20T10:00:00Z",
	})
	msg := "root user not used within the 30-day root-use window; last use: access key 2 on 2026-09-20 (60 days ago)"
	findings == {finding("pass", msg)} with input as inp
}

test_fail_password_used if {
	inp := password_used("2026-11-17T08:00:00Z")
	msg := "root user used within the 30-day root-use window: password on 2026-11-17 (2 days ago)"
	findings == {finding("fail", msg)} with input as inp
}

test_fail_access_key_used_while_password_is_old if {
	inp := with_root({
		"password_last_used": "2025-01-01T00:00:00Z",
		"access_key_1_active": true,
		"access_key_1_last_used_date": "2026-11-19T00:00:00Z",
	})
	msg := "root user used within the 30-day root-use window: access key 1 on 2026-11-19 (1 day ago)"
	findings == {finding("fail", msg)} with input as inp
}

test_fail_lists_every_recent_use if {
	inp := with_root({
		"password_last_used": "2026-11-10T00:00:00Z",
		"access_key_1_last_used_date": "2026-01-01T00:00:00Z",
		"access_key_2_last_used_date": "2026-11-19T12:00:00Z",
	})
	msg := concat("", [
		"root user used within the 30-day root-use window: ",
		"password on 2026-11-10 (10 days ago); access key 2 on 2026-11-19 (0 days ago)",
	])
	findings == {finding("fail", msg)} with input as inp
}

# A use stamped after collected_at (clock skew, or a newer report) is as recent as it gets.
test_fail_use_after_collection if {
	inp := password_used("2026-11-21T00:00:00Z")
	msg := "root user used within the 30-day root-use window: password on 2026-11-21 (after collected_at)"
	findings == {finding("fail", msg)} with input as inp
}

test_boundary_used_exactly_window_days_ago_fails if {
	inp := password_used("2026-10-21T00:00:00Z")
	msg := "root user used within the 30-day root-use window: password on 2026-10-21 (30 days ago)"
	findings == {finding("fail", msg)} with input as inp
}

# Ages are whole days: 30 days and 23:59:59 is still 30 days.
test_boundary_used_just_under_window_plus_one_days_ago_fails if {
	inp := password_used("2026-10-20T00:00:01Z")
	msg := "root user used within the 30-day root-use window: password on 2026-10-20 (30 days ago)"
	findings == {finding("fail", msg)} with input as inp
}

test_boundary_used_window_plus_one_days_ago_passes if {
	inp := password_used("2026-10-20T00:00:00Z")
	msg := "root user not used within the 30-day root-use window; last use: password on 2026-10-20 (31 days ago)"
	findings == {finding("pass", msg)} with input as inp
}

test_boundary_window_comes_from_config if {
	inp := password_used("2026-11-10T00:00:00Z")
	fail_msg := "root user used within the 10-day root-use window: password on 2026-11-10 (10 days ago)"
	findings == {finding("fail", fail_msg)} with input as inp with data.tenet.config.root_use_window_days as 10
	pass_msg := "root user not used within the 9-day root-use window; last use: password on 2026-11-10 (10 days ago)"
	findings == {finding("pass", pass_msg)} with input as inp with data.tenet.config.root_use_window_days as 9
}

test_unknown_no_credential_report if {
	inp := with_report(null)
	findings == {finding("unknown", "no credential report collected")} with input as inp
}

test_unknown_no_root_row if {
	inp := with_report({"generated_at": "2026-11-19T23:00:00Z", "root": null, "users": []})
	findings == {finding("unknown", "the credential report has no <root_account> row")} with input as inp
}

# --- centralized root access ---

# Root changes of a member account whose root credentials were deleted (the unused row
# has no password use and no keys already).
bare := {"mfa_active": false}

test_not_applicable_centralized_root_no_credentials if {
	inp := fx.centralized(with_root(bare))
	findings == {finding("not_applicable", fx.bare_root_exempt)} with input as inp
}

# Class 1: root signed in two days ago and its password was deleted since. The use is a
# recorded fact; no exemption hides it.
test_fail_centralized_root_password_deleted_after_use if {
	inp := fx.centralized(with_root({"mfa_active": false, "password_last_used": "2026-11-17T08:00:00Z"}))
	deleted := fx.with_summary(inp, 0, 0, 0)
	msg := "root user used within the 30-day root-use window: password on 2026-11-17 (2 days ago)"
	findings == {finding("fail", msg)} with input as deleted
}

# Class 1: an inactive key used last week is root use, however credential-less root looks.
test_fail_centralized_root_inactive_key_used_last_week if {
	inp := fx.centralized(with_root({"mfa_active": false, "access_key_2_last_used_date": "2026-11-13T10:00:00Z"}))
	deleted := fx.with_summary(inp, 0, 0, 0)
	msg := "root user used within the 30-day root-use window: access key 2 on 2026-11-13 (6 days ago)"
	findings == {finding("fail", msg)} with input as deleted
}

# A use outside the window does not stand in the way of the exemption.
test_not_applicable_centralized_root_used_long_ago if {
	inp := fx.with_summary(fx.centralized(with_root({"mfa_active": false, "password_last_used": "2025-01-01T00:00:00Z"})), 0, 0, 0)
	msg := fx.no_root_credentials(
		"AccountPasswordPresent = 0 in GetAccountSummary",
		"AccountAccessKeysPresent = 0 in GetAccountSummary",
		"AccountMFAEnabled = 0 in GetAccountSummary",
		"AccountSigningCertificatesPresent = 0 in GetAccountSummary",
	)
	findings == {finding("not_applicable", msg)} with input as inp
}

test_fail_centralized_root_but_root_keeps_mfa_and_a_key if {
	inp := fx.centralized(with_root({"access_key_1_active": true, "access_key_1_last_used_date": "2026-11-19T00:00:00Z"}))
	msg := "root user used within the 30-day root-use window: access key 1 on 2026-11-19 (1 day ago)"
	findings == {finding("fail", msg)} with input as inp
}

test_fail_centralized_root_password_used_not_known_deleted if {
	inp := fx.centralized(with_root({"mfa_active": false, "password_last_used": "2026-11-17T08:00:00Z"}))
	msg := "root user used within the 30-day root-use window: password on 2026-11-17 (2 days ago)"
	findings == {finding("fail", msg)} with input as inp
}

test_pass_centralized_root_management_account_is_evaluated if {
	inp := fx.management(with_root(bare))
	msg := "root user has no recorded use (password and access keys never used)"
	findings == {finding("pass", msg)} with input as inp
}
