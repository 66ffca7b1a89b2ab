package tenet.aws.user_initial_access_key_test

import data.tenet.aws.user_initial_access_key.findings
import data.tenet.lib.fixtures_test as fx

test_pass_console_user_without_keys if {
	inp := fx.users_input([fx.console_user("alice", {})])
	findings == {fx.user_finding("alice", "pass", "console user has no active access keys")} with input as inp
}

test_pass_console_user_whose_key_was_used if {
	inp := fx.users_input([fx.console_user("bob", fx.key(1, "2026-10-01T07:15:22Z", "2026-11-19T10:22:00Z"))])
	msg := "console user's active access keys have all been used (access key 1 last used 2026-11-19)"
	findings == {fx.user_finding("bob", "pass", msg)} with input as inp
}

# A never-used key that is inactive cannot be used; it is no longer this rule's concern.
test_pass_never_used_key_is_inactive if {
	inp := fx.users_input([fx.console_user("bob", object.union(
		fx.key(2, "2026-08-01T00:00:00Z", null),
		{"access_key_2_active": false},
	))])
	findings == {fx.user_finding("bob", "pass", "console user has no active access keys")} with input as inp
}

test_fail_active_key_never_used if {
	inp := fx.users_input([fx.console_user("heidi", fx.key(2, "2026-08-01T00:00:00Z", null))])
	msg := "console user has an active access key that was never used: access key 2, created 2026-08-01 (111 days ago)"
	findings == {fx.user_finding("heidi", "fail", msg)} with input as inp
}

# CIS's audit has no age limit: a key created yesterday and not used yet fails as well.
test_fail_new_key_never_used if {
	inp := fx.users_input([fx.console_user("heidi", fx.key(1, "2026-11-19T00:00:00Z", null))])
	msg := "console user has an active access key that was never used: access key 1, created 2026-11-19 (1 day ago)"
	findings == {fx.user_finding("heidi", "fail", msg)} with input as inp
}

test_fail_names_every_unused_key if {
	inp := fx.users_input([fx.console_user("heidi", object.union(
		fx.key(1, "2026-08-01T00:00:00Z", null),
		{"access_key_2_active": true},
	))])
	msg := concat("", [
		"console user has active access keys that were never used: ",
		"access key 1, created 2026-08-01 (111 days ago); access key 2, creation date not recorded",
	])
	findings == {fx.user_finding("heidi", "fail", msg)} with input as inp
}

test_fail_with_missing_key_status if {
	inp := fx.users_input([fx.console_user("heidi", object.union(
		fx.key(1, "2026-08-01T00:00:00Z", null),
		{"access_key_2_active": null},
	))])
	msg := concat("", [
		"console user has an active access key that was never used: access key 1, created 2026-08-01 (111 days ago); ",
		"the credential report row has no value for access_key_2_active",
	])
	findings == {fx.user_finding("heidi", "fail", msg)} with input as inp
}

test_not_applicable_no_console_password if {
	inp := fx.users_input([fx.user("ci", fx.key(1, "2026-08-01T00:00:00Z", null))])
	findings == {fx.user_finding("ci", "not_applicable", "user has no console password")} with input as inp
}

test_unknown_no_credential_report if {
	inp := fx.account_input(null)
	findings == {fx.finding(fx.root_arn, "unknown", "no credential report collected")} with input as inp
}

test_unknown_no_credential_report_names_collector_error if {
	inp := fx.no_report_input([{"stage": "credential_report", "message": "AccessDenied"}])
	findings == {fx.finding(fx.root_arn, "unknown", "no credential report collected: AccessDenied")} with input as inp
}

test_unknown_password_enabled_missing if {
	inp := fx.users_input([fx.user("carol", object.union(fx.key(1, "2026-08-01T00:00:00Z", null), {"password_enabled": null}))])
	msg := "the credential report row has no value for password_enabled"
	findings == {fx.user_finding("carol", "unknown", msg)} with input as inp
}

test_unknown_console_user_key_status_missing if {
	inp := fx.users_input([fx.console_user("dave", {"access_key_1_active": null})])
	msg := "the credential report row has no value for access_key_1_active"
	findings == {fx.user_finding("dave", "unknown", msg)} with input as inp
}

test_no_users_no_findings if {
	inp := fx.users_input([])
	count(findings) == 0 with input as inp
}

test_one_finding_per_user if {
	inp := fx.users_input([
		fx.console_user("alice", {}),
		fx.console_user("bob", fx.key(1, "2026-10-01T07:15:22Z", "2026-11-19T10:22:00Z")),
		fx.console_user("heidi", fx.key(2, "2026-08-01T00:00:00Z", null)),
		fx.service_user("ci", {}),
		fx.user("carol", {"password_enabled": null}),
	])
	findings == {
		fx.user_finding("alice", "pass", "console user has no active access keys"),
		fx.user_finding("bob", "pass", "console user's active access keys have all been used (access key 1 last used 2026-11-19)"),
		fx.user_finding("heidi", "fail", concat("", [
			"console user has an active access key that was never used: ",
			"access key 2, created 2026-08-01 (111 days ago)",
		])),
		fx.user_finding("ci", "not_applicable", "user has no console password"),
		fx.user_finding("carol", "unknown", "the credential report row has no value for password_enabled"),
	} with input as inp
}
