package tenet.lib.iam_test

import data.tenet.lib.iam

root := {"user": "<root_account>", "arn": "arn:aws:iam::222233334444:root", "mfa_active": true}

account(report) := {"account_id": "222233334444", "credential_report": report, "errors": []}

test_root_arn if {
	iam.root_arn("111122223333") == "arn:aws:iam::111122223333:root"
	iam.account_root_arn == "arn:aws:iam::222233334444:root" with input.account as account(null)
}

test_root_finding if {
	iam.root_finding("pass", "ok") == {
		"resource": "arn:aws:iam::222233334444:root",
		"status": "pass",
		"message": "ok",
	} with input.account as account(null)
}

test_root_row_present if {
	acct := account({"root": root, "users": []})
	iam.root_row == root with input.account as acct
	not iam.root_row_missing with input.account as acct
}

test_root_row_missing_without_report if {
	not iam.root_row with input.account as account(null)
	iam.root_row_missing == "no credential report collected" with input.account as account(null)
}

test_root_row_missing_names_collector_errors if {
	acct := object.union(account(null), {"errors": [
		{"stage": "credential_report", "message": "AccessDenied: iam:GenerateCredentialReport"},
		{"stage": "organizations", "message": "AWSOrganizationsNotInUseException"},
	]})
	msg := "no credential report collected: AccessDenied: iam:GenerateCredentialReport"
	iam.root_row_missing == msg with input.account as acct
}

test_root_row_missing_from_report if {
	acct := account({"root": null, "users": []})
	not iam.root_row with input.account as acct
	iam.root_row_missing == "the credential report has no <root_account> row" with input.account as acct
}

# --- organization ---

org := {"id": "o-abc", "management_account_id": "111122223333", "root_credentials_management": true}

test_organization_arn if {
	iam.organization_arn == "arn:aws:organizations::111122223333:organization/o-abc" with input.organization as org
	iam.organization_arn == "organization" with input.organization as null
	iam.organization_arn == "organization" with input.organization as object.union(org, {"id": null})
	iam.organization_arn == "organization" with input.organization as json.remove(org, ["management_account_id"])
	iam.organization_arn == "organization" with input as {"accounts": []}
}

test_is_management_account if {
	iam.is_management_account with input as {"account": {"account_id": "111122223333"}, "organization": org}
	iam.is_management_account with input as {"account": {"account_id": "1", "is_management": true}, "organization": null}
	not iam.is_management_account with input as {"account": {"account_id": "222233334444"}, "organization": org}
	not iam.is_management_account with input as {"account": {"account_id": "222233334444"}, "organization": null}
}

# --- centralized root access ---

# A member account's root row after the management account deleted its root credentials.
bare_root := {
	"user": "<root_account>",
	"arn": "arn:aws:iam::222233334444:root",
	"password_enabled": null,
	"password_last_used": null,
	"mfa_active": false,
	"access_key_1_active": false,
	"access_key_2_active": false,
	"cert_1_active": false,
	"cert_2_active": false,
}

# Input for member account 222233334444 in `organization` whose root row is the bare
# row with `changes` applied, and with `extra` merged into the account.
member(organization, changes, extra) := {
	"collected_at": "2026-11-20T00:00:00Z",
	"account": object.union(
		{
			"account_id": "222233334444",
			"is_management": false,
			"credential_report": {"root": object.union(bare_root, changes), "users": []},
			"root_password_present": null,
			"errors": [],
		},
		extra,
	),
	"organization": organization,
}

never_used := concat("", [
	"centralized root access is enabled and account 222233334444 has no root credentials: ",
	"the credential report shows the root password never used, no active access key or signing certificate ",
	"and no MFA device",
])

no_password := concat("", [
	"centralized root access is enabled and account 222233334444 has no root credentials: ",
	"root has no password (root_password_present false), and the credential report shows no active access key or ",
	"signing certificate and no MFA device",
])

test_root_credentials_absent_from_the_report if {
	inp := member(org, {}, {})
	iam.root_credentials_absent with input as inp
	iam.root_credentials_centralized == never_used with input as inp
}

# root_password_present false outweighs a password that was used before it was deleted.
test_root_credentials_absent_password_present_false if {
	inp := member(org, {"password_last_used": "2024-01-01T00:00:00Z"}, {"root_password_present": false})
	iam.root_credentials_absent with input as inp
	iam.root_credentials_centralized == no_password with input as inp
}

# The key may be missing entirely (an older snapshot): the report then decides.
test_root_credentials_absent_password_present_key_missing if {
	inp := json.remove(member(org, {}, {}), ["account/root_password_present"])
	iam.root_credentials_centralized == never_used with input as inp
}

test_root_credentials_present_password_present_true if {
	inp := member(org, {}, {"root_password_present": true})
	not iam.root_credentials_absent with input as inp
	not iam.root_credentials_centralized with input as inp
}

test_root_credentials_present_password_used if {
	inp := member(org, {"password_last_used": "2024-01-01T00:00:00Z"}, {})
	not iam.root_credentials_absent with input as inp
}

test_root_credentials_present_each_credential if {
	every column in ["mfa_active", "access_key_1_active", "access_key_2_active", "cert_1_active", "cert_2_active"] {
		inp := member(org, {column: true}, {"root_password_present": false})
		not iam.root_credentials_absent with input as inp
	}
}

# A missing value proves nothing: the credential must be known to be absent.
test_root_credentials_not_known_absent if {
	inp := member(org, {"mfa_active": null}, {})
	not iam.root_credentials_absent with input as inp
	inp2 := member(org, {}, {})
	inp3 := json.remove(inp2, ["account/credential_report/root/cert_2_active"])
	not iam.root_credentials_absent with input as inp3
	not iam.root_credentials_absent with input as object.union(inp2, {"account": {"credential_report": null}})
}

test_root_credentials_centralized_needs_the_feature if {
	every value in [false, null] {
		inp := member(object.union(org, {"root_credentials_management": value}), {}, {})
		iam.root_credentials_absent with input as inp
		not iam.root_credentials_centralized with input as inp
	}
	not iam.root_credentials_centralized with input as member(null, {}, {})
}

test_root_credentials_centralized_never_for_the_management_account if {
	by_flag := member(org, {}, {"is_management": true})
	not iam.root_credentials_centralized with input as by_flag
	by_id := member(org, {}, {"account_id": "111122223333"})
	not iam.root_credentials_centralized with input as by_id
}
