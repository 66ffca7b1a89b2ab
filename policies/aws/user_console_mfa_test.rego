package tenet.aws.user_console_mfa_test

import data.tenet.aws.user_console_mfa.findings
import data.tenet.lib.fixtures_test as fx

test_pass_password_and_mfa if {
	inp := fx.users_input([fx.console_user("alice", {})])
	findings == {fx.user_finding("alice", "pass", "user has a console password and MFA active")} with input as inp
}

test_fail_password_without_mfa if {
	inp := fx.users_input([fx.console_user("bob", {"mfa_active": false})])
	msg := "user has a console password and no MFA device active (password last used 2026-11-18)"
	findings == {fx.user_finding("bob", "fail", msg)} with input as inp
}

test_fail_password_never_used_without_mfa if {
	inp := fx.users_input([fx.console_user("new.hire", {"mfa_active": false, "password_last_used": null})])
	msg := "user has a console password and no MFA device active (password never used)"
	findings == {fx.user_finding("new.hire", "fail", msg)} with input as inp
}

test_not_applicable_no_console_password if {
	inp := fx.users_input([fx.service_user("ci", {})])
	findings == {fx.user_finding("ci", "not_applicable", "user has no console password")} with input as inp
}

# MFA on a user without a password is harmless, and still not what this rule checks.
test_not_applicable_mfa_without_password if {
	inp := fx.users_input([fx.user("ops", {"mfa_active": true})])
	findings == {fx.user_finding("ops", "not_applicable", "user has no console password")} with input as inp
}

test_unknown_no_credential_report if {
	inp := fx.account_input(null)
	findings == {fx.finding(fx.root_arn, "unknown", "no credential report collected")} with input as inp
}

test_unknown_no_credential_report_names_collector_error if {
	inp := fx.no_report_input([{"stage": "credential_report", "message": "AccessDenied: iam:GetCredentialReport"}])
	msg := "no credential report collected: AccessDenied: iam:GetCredentialReport"
	findings == {fx.finding(fx.root_arn, "unknown", msg)} with input as inp
}

test_unknown_password_enabled_missing if {
	inp := fx.users_input([fx.user("carol", {"password_enabled": null, "mfa_active": false})])
	msg := "the credential report row has no value for password_enabled"
	findings == {fx.user_finding("carol", "unknown", msg)} with input as inp
}

test_unknown_mfa_active_missing if {
	inp := fx.users_input([fx.console_user("dave", {"mfa_active": null})])
	msg := "the credential report row has no value for mfa_active"
	findings == {fx.user_finding("dave", "unknown", msg)} with input as inp
}

test_no_users_no_findings if {
	inp := fx.users_input([])
	count(findings) == 0 with input as inp
}

# The root row has its own rule (root_mfa): a report with only root gives nothing here.
test_root_row_is_not_a_user if {
	inp := fx.users_input([object.union(fx.root_row, {"mfa_active": false})])
	count(findings) == 0 with input as inp
}

test_one_finding_per_user if {
	inp := fx.users_input([
		fx.console_user("alice", {}),
		fx.console_user("bob", {"mfa_active": false}),
		fx.service_user("ci", {}),
		fx.user("carol", {"password_enabled": null}),
	])
	findings == {
		fx.user_finding("alice", "pass", "user has a console password and MFA active"),
		fx.user_finding("bob", "fail", "user has a console password and no MFA device active (password last used 2026-11-18)"),
		fx.user_finding("ci", "not_applicable", "user has no console password"),
		fx.user_finding("carol", "unknown", "the credential report row has no value for password_enabled"),
	} with input as inp
}
