package tenet.aws.user_key_rotation_test

import data.tenet.aws.user_key_rotation.findings
import data.tenet.lib.fixtures_test as fx

# A user whose only access key, key 1, was created `at` and used yesterday.
rotated(at) := fx.users_input([fx.user("ci", fx.key(1, at, "2026-11-19T12:00:00Z"))])

test_pass_key_rotated_recently if {
	inp := rotated("2026-10-01T00:00:00Z")
	msg := "active access keys rotated within 90 days: access key 1 last rotated 2026-10-01 (50 days ago)"
	findings == {fx.user_finding("ci", "pass", msg)} with input as inp
}

test_pass_both_keys_young if {
	inp := fx.users_input([fx.user("ci", object.union(
		fx.key(1, "2026-09-15T04:00:00Z", "2026-11-19T12:00:00Z"),
		fx.key(2, "2026-11-19T00:00:00Z", null),
	))])
	msg := concat("", [
		"active access keys rotated within 90 days: ",
		"access key 1 last rotated 2026-09-15 (65 days ago); access key 2 last rotated 2026-11-19 (1 day ago)",
	])
	findings == {fx.user_finding("ci", "pass", msg)} with input as inp
}

test_pass_key_created_after_collection if {
	inp := rotated("2026-11-20T00:00:01Z")
	msg := "active access keys rotated within 90 days: access key 1 last rotated 2026-11-20 (after collected_at)"
	findings == {fx.user_finding("ci", "pass", msg)} with input as inp
}

test_fail_old_key if {
	inp := rotated("2026-05-03T00:00:00Z")
	msg := "access keys not rotated within 90 days: access key 1 last rotated 2026-05-03 (201 days ago)"
	findings == {fx.user_finding("ci", "fail", msg)} with input as inp
}

# Only the overdue key is named; the young one does not save the user.
test_fail_names_only_overdue_keys if {
	inp := fx.users_input([fx.user("ci", object.union(
		fx.key(1, "2026-11-01T00:00:00Z", "2026-11-19T12:00:00Z"),
		fx.key(2, "2025-11-20T00:00:00Z", "2026-11-19T12:00:00Z"),
	))])
	msg := "access keys not rotated within 90 days: access key 2 last rotated 2025-11-20 (365 days ago)"
	findings == {fx.user_finding("ci", "fail", msg)} with input as inp
}

test_fail_both_keys_old if {
	inp := fx.users_input([fx.user("ci", object.union(
		fx.key(1, "2024-01-01T00:00:00Z", "2026-11-19T12:00:00Z"),
		fx.key(2, "2026-08-01T00:00:00Z", null),
	))])
	msg := concat("", [
		"access keys not rotated within 90 days: ",
		"access key 1 last rotated 2024-01-01 (1054 days ago); access key 2 last rotated 2026-08-01 (111 days ago)",
	])
	findings == {fx.user_finding("ci", "fail", msg)} with input as inp
}

test_fail_old_key_with_missing_rotation_date_on_other if {
	inp := fx.users_input([fx.user("ci", object.union(
		fx.key(1, "2026-05-03T00:00:00Z", "2026-11-19T12:00:00Z"),
		{"access_key_2_active": true},
	))])
	msg := concat("", [
		"access keys not rotated within 90 days: access key 1 last rotated 2026-05-03 (201 days ago); ",
		"the credential report row has no value for access_key_2_last_rotated",
	])
	findings == {fx.user_finding("ci", "fail", msg)} with input as inp
}

test_not_applicable_no_active_keys if {
	inp := fx.users_input([fx.console_user("alice", {})])
	findings == {fx.user_finding("alice", "not_applicable", "user has no active access keys")} with input as inp
}

# An inactive key is not used and so not rotated; unused_credentials and deletion deal with it.
test_not_applicable_old_inactive_key if {
	inp := fx.users_input([fx.user("retired", object.union(
		fx.key(1, "2023-01-01T00:00:00Z", "2023-02-01T00:00:00Z"),
		{"access_key_1_active": false},
	))])
	findings == {fx.user_finding("retired", "not_applicable", "user has no active access keys")} with input as inp
}

test_unknown_no_credential_report if {
	inp := fx.account_input(null)
	findings == {fx.finding(fx.root_arn, "unknown", "no credential report collected")} with input as inp
}

test_unknown_no_credential_report_names_collector_error if {
	inp := fx.no_report_input([{"stage": "credential_report", "message": "AccessDenied"}])
	findings == {fx.finding(fx.root_arn, "unknown", "no credential report collected: AccessDenied")} with input as inp
}

test_unknown_active_key_without_rotation_date if {
	inp := fx.users_input([fx.user("ci", {"access_key_1_active": true})])
	msg := "the credential report row has no value for access_key_1_last_rotated"
	findings == {fx.user_finding("ci", "unknown", msg)} with input as inp
}

test_unknown_young_key_and_missing_key_status if {
	inp := fx.users_input([fx.service_user("ci", {"access_key_2_active": null})])
	msg := "the credential report row has no value for access_key_2_active"
	findings == {fx.user_finding("ci", "unknown", msg)} with input as inp
}

test_boundary_rotated_90_days_ago_passes if {
	inp := rotated("2026-08-22T00:00:00Z")
	msg := "active access keys rotated within 90 days: access key 1 last rotated 2026-08-22 (90 days ago)"
	findings == {fx.user_finding("ci", "pass", msg)} with input as inp
}

# Whole days: 90 days and 23:59:59 is still 90 days.
test_boundary_rotated_just_under_91_days_ago_passes if {
	inp := rotated("2026-08-21T00:00:01Z")
	msg := "active access keys rotated within 90 days: access key 1 last rotated 2026-08-21 (90 days ago)"
	findings == {fx.user_finding("ci", "pass", msg)} with input as inp
}

test_boundary_rotated_91_days_ago_fails if {
	inp := rotated("2026-08-21T00:00:00Z")
	msg := "access keys not rotated within 90 days: access key 1 last rotated 2026-08-21 (91 days ago)"
	findings == {fx.user_finding("ci", "fail", msg)} with input as inp
}

test_boundary_threshold_comes_from_config if {
	inp := rotated("2026-11-10T00:00:00Z")
	pass_msg := "active access keys rotated within 10 days: access key 1 last rotated 2026-11-10 (10 days ago)"
	findings == {fx.user_finding("ci", "pass", pass_msg)} with input as inp with data.tenet.config.rotation_days as 10
	fail_msg := "access keys not rotated within 9 days: access key 1 last rotated 2026-11-10 (10 days ago)"
	findings == {fx.user_finding("ci", "fail", fail_msg)} with input as inp with data.tenet.config.rotation_days as 9
}

test_no_users_no_findings if {
	inp := fx.users_input([])
	count(findings) == 0 with input as inp
}

test_one_finding_per_user if {
	inp := fx.users_input([
		fx.console_user("alice", {}),
		fx.service_user("ci", {}),
		fx.user("etl", fx.key(1, "2026-05-03T00:00:00Z", "2026-11-19T06:00:00Z")),
		fx.user("carol", {"access_key_1_active": true}),
	])
	findings == {
		fx.user_finding("alice", "not_applicable", "user has no active access keys"),
		fx.user_finding("ci", "pass", "active access keys rotated within 90 days: access key 1 last rotated 2026-10-01 (50 days ago)"),
		fx.user_finding("etl", "fail", "access keys not rotated within 90 days: access key 1 last rotated 2026-05-03 (201 days ago)"),
		fx.user_finding("carol", "unknown", "the credential report row has no value for access_key_1_last_rotated"),
	} with input as inp
}
