package tenet.aws.user_unused_credentials_test

import data.tenet.aws.user_unused_credentials.findings
import data.tenet.lib.fixtures_test as fx

# A console user (password set 2026-11-01) whose password was last used `at`.
password_used(at) := fx.users_input([fx.console_user("alice", {"password_last_used": at})])

# A user without a password whose access key 1 was created 2026-01-05 and last used `at`.
key_used(at) := fx.users_input([fx.user("ci", fx.key(1, "2026-01-05T00:00:00Z", at))])

test_pass_password_and_key_in_use if {
	inp := fx.users_input([fx.console_user("alice", fx.key(1, "2026-10-01T00:00:00Z", "2026-11-19T12:00:00Z"))])
	msg := concat("", [
		"no credential unused for 45 days or more: ",
		"password last used 2026-11-18 (1 day ago); access key 1 last used 2026-11-19 (0 days ago)",
	])
	findings == {fx.user_finding("alice", "pass", msg)} with input as inp
}

# A key created 10 days ago and not used yet is not unused for 45 days.
test_pass_new_key_never_used if {
	inp := fx.users_input([fx.user("ci", fx.key(2, "2026-11-10T00:00:00Z", null))])
	msg := "no credential unused for 45 days or more: access key 2 never used, created 2026-11-10 (10 days ago)"
	findings == {fx.user_finding("ci", "pass", msg)} with input as inp
}

test_pass_use_after_collection if {
	inp := password_used("2026-11-20T06:00:00Z")
	msg := "no credential unused for 45 days or more: password last used 2026-11-20 (after collected_at)"
	findings == {fx.user_finding("alice", "pass", msg)} with input as inp
}

test_fail_names_each_unused_credential if {
	inp := fx.users_input([fx.console_user("bob", object.union(
		{"password_last_used": "2026-09-21T00:00:00Z"},
		object.union(
			fx.key(1, "2026-10-01T00:00:00Z", "2026-11-19T12:00:00Z"),
			fx.key(2, "2026-08-01T00:00:00Z", null),
		),
	))])
	msg := concat("", [
		"credentials unused for 45 days or more: ",
		"password unused for 60 days (last used 2026-09-21); ",
		"access key 2 never used, created 2026-08-01 (111 days ago)",
	])
	findings == {fx.user_finding("bob", "fail", msg)} with input as inp
}

test_fail_password_never_used_since_set if {
	inp := fx.users_input([fx.console_user("new.hire", {
		"password_last_used": null,
		"password_last_changed": "2026-09-02T10:15:00Z",
	})])
	msg := "credentials unused for 45 days or more: password never used, set 2026-09-02 (78 days ago)"
	findings == {fx.user_finding("new.hire", "fail", msg)} with input as inp
}

# With neither a last use nor a set date, the password can be no older than the user.
test_fail_password_never_used_falls_back_to_user_creation if {
	inp := fx.users_input([fx.console_user("old.hire", {
		"user_creation_time": "2026-08-01T00:00:00Z",
		"password_last_used": null,
		"password_last_changed": null,
	})])
	msg := "credentials unused for 45 days or more: password never used, user created 2026-08-01 (111 days ago)"
	findings == {fx.user_finding("old.hire", "fail", msg)} with input as inp
}

test_fail_key_never_used_falls_back_to_user_creation if {
	inp := fx.users_input([fx.user("ci", {"user_creation_time": "2026-08-01T00:00:00Z", "access_key_1_active": true})])
	msg := "credentials unused for 45 days or more: access key 1 never used, user created 2026-08-01 (111 days ago)"
	findings == {fx.user_finding("ci", "fail", msg)} with input as inp
}

test_not_applicable_no_credentials if {
	inp := fx.users_input([fx.user("nobody", {})])
	msg := "user has no console password and no active access keys"
	findings == {fx.user_finding("nobody", "not_applicable", msg)} with input as inp
}

# An inactive key cannot be used, however old: CIS asks for unused credentials to be disabled.
test_not_applicable_only_inactive_old_key if {
	inp := fx.users_input([fx.user("retired", object.union(
		fx.key(1, "2024-01-01T00:00:00Z", "2024-02-01T00:00:00Z"),
		{"access_key_1_active": false},
	))])
	msg := "user has no console password and no active access keys"
	findings == {fx.user_finding("retired", "not_applicable", msg)} with input as inp
}

test_unknown_no_credential_report if {
	inp := fx.account_input(null)
	findings == {fx.finding(fx.root_arn, "unknown", "no credential report collected")} with input as inp
}

test_unknown_no_credential_report_names_collector_error if {
	inp := fx.no_report_input([{"stage": "credential_report", "message": "ReportInProgress"}])
	findings == {fx.finding(fx.root_arn, "unknown", "no credential report collected: ReportInProgress")} with input as inp
}

test_unknown_password_enabled_missing if {
	inp := fx.users_input([fx.user("carol", {"password_enabled": null})])
	msg := "the credential report row has no value for password_enabled"
	findings == {fx.user_finding("carol", "unknown", msg)} with input as inp
}

test_unknown_credential_without_any_timestamp if {
	inp := fx.users_input([fx.console_user("dave", {
		"user_creation_time": null,
		"password_last_used": null,
		"password_last_changed": null,
	})])
	msg := "the credential report row has no value for password_last_used, password_last_changed and user_creation_time"
	findings == {fx.user_finding("dave", "unknown", msg)} with input as inp
}

# A key in use while the password column is missing: still unknown, the password may be stale.
test_unknown_password_enabled_missing_key_in_use if {
	inp := fx.users_input([fx.service_user("erin", {"password_enabled": null})])
	msg := "the credential report row has no value for password_enabled"
	findings == {fx.user_finding("erin", "unknown", msg)} with input as inp
}

# A key known to be unused fails even though another column is missing; the message says both.
test_fail_unused_key_with_missing_column if {
	inp := fx.users_input([fx.user("frank", object.union(
		fx.key(1, "2026-01-05T00:00:00Z", "2026-06-01T00:00:00Z"),
		{"password_enabled": null, "access_key_2_active": null},
	))])
	msg := concat("", [
		"credentials unused for 45 days or more: access key 1 unused for 172 days (last used 2026-06-01); ",
		"the credential report row has no value for password_enabled and access_key_2_active",
	])
	findings == {fx.user_finding("frank", "fail", msg)} with input as inp
}

test_boundary_password_unused_44_days_passes if {
	inp := password_used("2026-10-07T00:00:00Z")
	msg := "no credential unused for 45 days or more: password last used 2026-10-07 (44 days ago)"
	findings == {fx.user_finding("alice", "pass", msg)} with input as inp
}

# Whole days: 44 days and 23:59:59 is still 44 days.
test_boundary_password_unused_just_under_45_days_passes if {
	inp := password_used("2026-10-06T00:00:01Z")
	msg := "no credential unused for 45 days or more: password last used 2026-10-06 (44 days ago)"
	findings == {fx.user_finding("alice", "pass", msg)} with input as inp
}

test_boundary_password_unused_45_days_fails if {
	inp := password_used("2026-10-06T00:00:00Z")
	msg := "credentials unused for 45 days or more: password unused for 45 days (last used 2026-10-06)"
	findings == {fx.user_finding("alice", "fail", msg)} with input as inp
}

test_boundary_key_unused_44_days_passes if {
	inp := key_used("2026-10-07T00:00:00Z")
	msg := "no credential unused for 45 days or more: access key 1 last used 2026-10-07 (44 days ago)"
	findings == {fx.user_finding("ci", "pass", msg)} with input as inp
}

test_boundary_key_unused_45_days_fails if {
	inp := key_used("2026-10-06T00:00:00Z")
	msg := "credentials unused for 45 days or more: access key 1 unused for 45 days (last used 2026-10-06)"
	findings == {fx.user_finding("ci", "fail", msg)} with input as inp
}

test_boundary_key_never_used_created_44_days_ago_passes if {
	inp := fx.users_input([fx.user("ci", fx.key(1, "2026-10-07T00:00:00Z", null))])
	msg := "no credential unused for 45 days or more: access key 1 never used, created 2026-10-07 (44 days ago)"
	findings == {fx.user_finding("ci", "pass", msg)} with input as inp
}

test_boundary_key_never_used_created_45_days_ago_fails if {
	inp := fx.users_input([fx.user("ci", fx.key(1, "2026-10-06T00:00:00Z", null))])
	msg := "credentials unused for 45 days or more: access key 1 never used, created 2026-10-06 (45 days ago)"
	findings == {fx.user_finding("ci", "fail", msg)} with input as inp
}

test_boundary_threshold_comes_from_config if {
	inp := password_used("2026-11-10T00:00:00Z")
	fail_msg := "credentials unused for 10 days or more: password unused for 10 days (last used 2026-11-10)"
	findings == {fx.user_finding("alice", "fail", fail_msg)} with input as inp with data.tenet.config.unused_days as 10
	pass_msg := "no credential unused for 11 days or more: password last used 2026-11-10 (10 days ago)"
	findings == {fx.user_finding("alice", "pass", pass_msg)} with input as inp with data.tenet.config.unused_days as 11
}

test_no_users_no_findings if {
	inp := fx.users_input([])
	count(findings) == 0 with input as inp
}

test_one_finding_per_user if {
	inp := fx.users_input([
		fx.console_user("alice", {}),
		fx.console_user("bob", {"password_last_used": "2026-09-21T00:00:00Z"}),
		fx.service_user("ci", {}),
		fx.user("nobody", {}),
		fx.user("carol", {"password_enabled": null}),
	])
	findings == {
		fx.user_finding("alice", "pass", "no credential unused for 45 days or more: password last used 2026-11-18 (1 day ago)"),
		fx.user_finding("bob", "fail", "credentials unused for 45 days or more: password unused for 60 days (last used 2026-09-21)"),
		fx.user_finding("ci", "pass", "no credential unused for 45 days or more: access key 1 last used 2026-11-19 (0 days ago)"),
		fx.user_finding("nobody", "not_applicable", "user has no console password and no active access keys"),
		fx.user_finding("carol", "unknown", "the credential report row has no value for password_enabled"),
	} with input as inp
}
