package tenet.aws.root_hardware_mfa_test

import data.tenet.aws.root_hardware_mfa.findings
import data.tenet.lib.fixtures_test as fx

finding(status, message) := fx.finding(fx.root_arn, status, message)

report_mfa(value) := sprintf("mfa_active = %v in the credential report", [value])

# Input whose root row has mfa_active `mfa`, with root_virtual_mfa `virtual`.
with_root(mfa, virtual) := fx.with_account(fx.root_input({"mfa_active": mfa}), {"root_virtual_mfa": virtual})

no_mfa(evidence) := sprintf("root user has no MFA device active, hardware or virtual (%s)", [evidence])

test_pass_mfa_not_virtual if {
	msg := concat("", [
		"root MFA is a hardware device: MFA is active (mfa_active = true in the credential report) ",
		"and no virtual MFA device is assigned to the root user",
	])
	inp_19 := with_root(true, false)
	findings == {finding("pass", msg)} with input as inp_19
}

test_fail_virtual_mfa if {
	msg := "root MFA is a virtual device, not a hardware device (mfa_active = true in the credential report)"
	inp_25 := with_root(true, true)
	findings == {finding("fail", msg)} with input as inp_25
}

test_fail_no_mfa if {
	inp_30 := with_root(false, false)
	findings == {finding("fail", no_mfa(report_mfa(false)))} with input as inp_30
}

# Without MFA there is no device to classify, so the missing device type does not matter.
test_fail_no_mfa_device_type_unknown if {
	inp_36 := with_root(false, null)
	findings == {finding("fail", no_mfa(report_mfa(false)))} with input as inp_36
}

# GetAccountSummary outweighs the credential report.
test_pass_summary_mfa_not_virtual if {
	inp := fx.with_summary(with_root(false, false), 1, 1, 0)
	msg := concat("", [
		"root MFA is a hardware device: MFA is active (AccountMFAEnabled = 1 in GetAccountSummary) ",
		"and no virtual MFA device is assigned to the root user",
	])
	findings == {finding("pass", msg)} with input as inp
}

test_fail_summary_password_without_mfa if {
	inp := fx.with_summary(fx.centralized(with_root(false, null)), 1, 0, 0)
	msg := concat("", [
		"root user has a console password (AccountPasswordPresent = 1 in GetAccountSummary) and no MFA device ",
		"active, hardware or virtual (AccountMFAEnabled = 0 in GetAccountSummary)",
	])
	findings == {finding("fail", msg)} with input as inp
}

test_pass_no_password_and_no_keys if {
	inp := fx.with_summary(with_root(false, false), 0, 0, 0)
	msg := concat("", [
		"root user has no console password (AccountPasswordPresent = 0 in GetAccountSummary) and no access key ",
		"(AccountAccessKeysPresent = 0 in GetAccountSummary): no root credential for a hardware MFA device to protect",
	])
	findings == {finding("pass", msg)} with input as inp
}

test_fail_no_password_but_a_key if {
	inp := fx.with_summary(with_root(false, false), 0, 0, 1)
	findings == {finding("fail", no_mfa("AccountMFAEnabled = 0 in GetAccountSummary"))} with input as inp
}

device_type_unknown := concat("", [
	"root MFA is active (mfa_active = true in the credential report) but its device type was not collected: ",
	"a credential report alone cannot tell a virtual from a hardware device",
])

test_unknown_device_type_not_collected if {
	inp_79 := with_root(true, null)
	findings == {finding("unknown", device_type_unknown)} with input as inp_79
}

test_unknown_device_type_field_absent if {
	inp := json.remove(with_root(true, null), ["account/root_virtual_mfa"])
	findings == {finding("unknown", device_type_unknown)} with input as inp
}

test_unknown_no_credential_report if {
	inp := fx.with_account(fx.account_input(null), {"root_virtual_mfa": false})
	findings == {finding("unknown", "no credential report collected")} with input as inp
}

test_unknown_no_root_row if {
	inp := fx.account_input({"generated_at": "2026-11-19T23:00:00Z", "root": null, "users": []})
	findings == {finding("unknown", "the credential report has no <root_account> row")} with input as inp
}

test_unknown_mfa_active_missing if {
	msg := "the credential report's <root_account> row has no mfa_active value"
	inp_100 := with_root(null, false)
	findings == {finding("unknown", msg)} with input as inp_100
}

test_unknown_password_present_mfa_not_known if {
	inp := fx.with_account(with_root(null, false), {"root_password_present": true})
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

test_pass_centralized_root_but_root_keeps_mfa_and_a_key if {
	inp := fx.centralized(fx.with_account(fx.root_input({"access_key_1_active": true}), {"root_virtual_mfa": false}))
	msg := concat("", [
		"root MFA is a hardware device: MFA is active (mfa_active = true in the credential report) ",
		"and no virtual MFA device is assigned to the root user",
	])
	findings == {finding("pass", msg)} with input as inp
}

# A certificate is a credential: root is not credential-less.
test_fail_centralized_root_but_root_keeps_a_certificate if {
	inp := fx.centralized(fx.root_input(object.union(fx.bare_root, {"cert_1_active": true})))
	findings == {finding("fail", no_mfa(report_mfa(false)))} with input as inp
}

test_fail_centralized_root_management_account_is_evaluated if {
	inp := fx.management(fx.root_input(fx.bare_root))
	findings == {finding("fail", no_mfa(report_mfa(false)))} with input as inp
}
