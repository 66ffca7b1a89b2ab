package tenet.aws.user_single_active_key_test

import data.tenet.aws.user_single_active_key.findings
import data.tenet.lib.fixtures_test as fx

test_pass_one_active_key if {
	inp := fx.users_input([fx.service_user("ci", {})])
	findings == {fx.user_finding("ci", "pass", "user has 1 active access key (access key 1)")} with input as inp
}

# Key 1 deactivated after a rotation, key 2 in use: one active key.
test_pass_second_key_active_first_inactive if {
	inp := fx.users_input([fx.user("ci", object.union(
		fx.key(2, "2026-11-01T00:00:00Z", "2026-11-19T00:00:00Z"),
		{"access_key_1_last_rotated": "2026-01-01T00:00:00Z", "access_key_1_last_used_date": "2026-10-31T00:00:00Z"},
	))])
	findings == {fx.user_finding("ci", "pass", "user has 1 active access key (access key 2)")} with input as inp
}

test_pass_no_active_keys if {
	inp := fx.users_input([fx.console_user("alice", {})])
	findings == {fx.user_finding("alice", "pass", "user has no active access keys")} with input as inp
}

test_fail_both_keys_active if {
	inp := fx.users_input([fx.user("ci", object.union(
		fx.key(1, "2026-01-05T00:00:00Z", "2026-11-19T12:00:00Z"),
		fx.key(2, "2026-11-01T00:00:00Z", null),
	))])
	msg := "access keys 1 and 2 are both active (key 1 last used 2026-11-19; key 2 never used)"
	findings == {fx.user_finding("ci", "fail", msg)} with input as inp
}

test_unknown_no_credential_report if {
	inp := fx.account_input(null)
	findings == {fx.finding(fx.root_arn, "unknown", "no credential report collected")} with input as inp
}

test_unknown_no_credential_report_names_collector_error if {
	inp := fx.no_report_input([
		{"stage": "credential_report", "message": "timed out waiting for the report"},
		{"stage": "password_policy", "message": "AccessDenied"},
	])
	msg := "no credential report collected: timed out waiting for the report"
	findings == {fx.finding(fx.root_arn, "unknown", msg)} with input as inp
}

test_unknown_key_status_missing if {
	inp := fx.users_input([fx.service_user("ci", {"access_key_2_active": null})])
	msg := "the credential report row has no value for access_key_2_active"
	findings == {fx.user_finding("ci", "unknown", msg)} with input as inp
}

test_unknown_both_key_statuses_missing if {
	inp := fx.users_input([fx.user("ci", {"access_key_1_active": null, "access_key_2_active": null})])
	msg := "the credential report row has no value for access_key_1_active and access_key_2_active"
	findings == {fx.user_finding("ci", "unknown", msg)} with input as inp
}

test_no_users_no_findings if {
	inp := fx.users_input([])
	count(findings) == 0 with input as inp
}

test_one_finding_per_user if {
	inp := fx.users_input([
		fx.console_user("alice", {}),
		fx.service_user("ci", {}),
		fx.service_user("deploy", fx.key(2, "2026-11-01T00:00:00Z", "2026-11-02T00:00:00Z")),
		fx.user("carol", {"access_key_1_active": null}),
	])
	findings == {
		fx.user_finding("alice", "pass", "user has no active access keys"),
		fx.user_finding("ci", "pass", "user has 1 active access key (access key 1)"),
		fx.user_finding("deploy", "fail", "access keys 1 and 2 are both active (key 1 last used 2026-11-19; key 2 last used 2026-11-02)"),
		fx.user_finding("carol", "unknown", "the credential report row has no value for access_key_1_active"),
	} with input as inp
}
