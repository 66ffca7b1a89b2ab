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
