package tenet.aws.root_mfa_test

import data.tenet.aws.root_mfa.findings
import data.tenet.lib.fixtures_test as fx

finding(status, message) := fx.finding(fx.root_arn, status, message)

summary_says(key, value) := sprintf("%s = %d in GetAccountSummary", [key, value])

report_mfa(value) := sprintf("mfa_active = %v in the credential report", [value])

test_pass_mfa_active if {
	msg := "root user has MFA active (mfa_active = true in the credential report)"
	inp_13 := fx.root_input({})
	findings == {finding("pass", msg)} with input as inp_13
}

test_fail_mfa_inactive if {
	msg := "root user has no MFA device active (mfa_active = false in the credential report)"
	inp_19 := fx.root_input({"mfa_active": false})
	findings == {finding("fail", msg)} with input as inp_19
}

# GetAccountSummary is read live and outweighs a credential report up to four hours old.
test_pass_summary_outweighs_the_report if {
	inp := fx.with_summary(fx.root_input({"mfa_active": false}), 1, 1, 0)
	msg := "root user has MFA active (AccountMFAEnabled = 1 in GetAccountSummary)"
	findings == {finding("pass", msg)} with input as inp
}

test_fail_summary_password_without_mfa if {
	inp := fx.with_summary(fx.root_input({}), 1, 0, 0)
	msg := sprintf("root user has a console password (%s) and no MFA device active (%s)", [
		summary_says("AccountPasswordPresent", 1),
		summary_says("AccountMFAEnabled", 0),
	])
	findings == {finding("fail", msg)} with input as inp
}

# The summary decides even without a credential report.
test_fail_summary_without_report if {
	inp := fx.with_summary(fx.account_input(null), 1, 0, 0)
	msg := sprintf("root user has a console password (%s) and no MFA device active (%s)", [
		summary_says("AccountPasswordPresent", 1),
		summary_says("AccountMFAEnabled", 0),
	])
	findings == {finding("fail", msg)} with input as inp
}

# CIS v6.0 2.4 / v7.0 2.5: AccountPasswordPresent 0 means the root console credential
# was removed; with no access key either, root has nothing for MFA to protect.
test_pass_no_password_and_no_keys if {
	inp := fx.with_summary(fx.root_input({"mfa_active": false}), 0, 0, 0)
	msg := sprintf("root user has no console password (%s) and no access key (%s): no root credential for MFA to protect", [
		summary_says("AccountPasswordPresent", 0),
		summary_says("AccountAccessKeysPresent", 0),
	])
	findings == {finding("pass", msg)} with input as inp
}

test_pass_root_password_present_false_and_no_keys_in_the_report if {
	inp := fx.with_account(fx.root_input({"mfa_active": false}), {"root_password_present": false})
	msg := sprintf("root user has no console password (%s) and no access key (%s): no root credential for MFA to protect", [
		"root_password_present = false in the snapshot",
		fx.report_no_keys,
	])
	findings == {finding("pass", msg)} with input as inp
}

# Without a password root still has a key, and a password can be recovered by email.
test_fail_no_password_but_a_key if {
	inp := fx.with_summary(fx.root_input({"mfa_active": false}), 0, 0, 1)
	msg := sprintf("root user has no MFA device active (%s)", [summary_says("AccountMFAEnabled", 0)])
	findings == {finding("fail", msg)} with input as inp
}

test_unknown_no_credential_report if {
	inp_77 := fx.account_input(null)
	findings == {finding("unknown", "no credential report collected")} with input as inp_77
}

test_unknown_no_root_row if {
	inp := fx.account_input({"generated_at": "2026-11-19T23:00:00Z", "root": null, "users": []})
	findings == {finding("unknown", "the credential report has no <root_account> row")} with input as inp
}

test_unknown_mfa_active_missing if {
	msg := "the credential report's <root_account> row has no mfa_active value"
	inp_88 := fx.root_input({"mfa_active": null})
	findings == {finding("unknown", msg)} with input as inp_88
}

test_unknown_password_present_mfa_not_known if {
	inp := fx.with_account(fx.root_input({"mfa_active": null}), {"root_password_present": true})
	msg := concat("", [
		"root user has a console password (root_password_present = true in the snapshot), but whether it has MFA ",
		"is unknown: the credential report's <root_account> row has no mfa_active value",
	])
	findings == {finding("unknown", msg)} with input as inp
}

# --- centralized root access ---

test_not_applicable_centralized_root_no_credentials if {
	inp := fx.centralized(fx.root_input(fx.bare_root))
	findings == {finding("not_applicable", fx.bare_root_exempt)} with input as inp
}

# Class 2: a password present and MFA off fails, however credential-less the report looks.
test_fail_centralized_root_but_summary_shows_a_password if {
	inp := fx.with_summary(fx.centralized(fx.root_input(fx.bare_root)), 1, 0, 0)
	msg := sprintf("root user has a console password (%s) and no MFA device active (%s)", [
		summary_says("AccountPasswordPresent", 1),
		summary_says("AccountMFAEnabled", 0),
	])
	findings == {finding("fail", msg)} with input as inp
}

test_fail_centralized_root_but_root_password_present if {
	inp := fx.with_account(fx.centralized(fx.root_input(fx.bare_root)), {"root_password_present": true})
	msg := sprintf("root user has a console password (%s) and no MFA device active (%s)", [
		"root_password_present = true in the snapshot",
		report_mfa(false),
	])
	findings == {finding("fail", msg)} with input as inp
}

test_not_applicable_centralized_root_summary_evidence if {
	inp := fx.with_summary(fx.centralized(fx.root_input(fx.bare_root)), 0, 0, 0)
	msg := fx.no_root_credentials(
		summary_says("AccountPasswordPresent", 0),
		summary_says("AccountAccessKeysPresent", 0),
		summary_says("AccountMFAEnabled", 0),
		summary_says("AccountSigningCertificatesPresent", 0),
	)
	findings == {finding("not_applicable", msg)} with input as inp
}

# An inactive key still exists: root is not credential-less, and has no MFA.
test_fail_centralized_root_with_an_inactive_key if {
	inp := fx.centralized(fx.root_input(object.union(fx.bare_root, {"access_key_1_last_rotated": "2024-01-01T00:00:00Z"})))
	findings == {finding("fail", sprintf("root user has no MFA device active (%s)", [report_mfa(false)]))} with input as inp
}

test_pass_centralized_root_but_root_keeps_mfa_and_a_key if {
	inp := fx.centralized(fx.root_input({"access_key_1_active": true}))
	findings == {finding("pass", sprintf("root user has MFA active (%s)", [report_mfa(true)]))} with input as inp
}

test_fail_centralized_root_management_account_is_evaluated if {
	inp := fx.management(fx.root_input(fx.bare_root))
	findings == {finding("fail", sprintf("root user has no MFA device active (%s)", [report_mfa(false)]))} with input as inp
}
