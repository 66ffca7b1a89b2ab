# Access to the account's IAM data: the root user's ARN and credential report row.
package tenet.lib.iam

# The ARN of an account's root user. Built from the account id, so a rule can name
# the resource even when the credential report is missing.
root_arn(account_id) := sprintf("arn:aws:iam::%s:root", [account_id])

# The root ARN of the account being evaluated: the resource of every root rule.
account_root_arn := root_arn(input.account.account_id)

# One finding about the account's root user.
root_finding(status, message) := {
	"resource": account_root_arn,
	"status": status,
	"message": message,
}

# The account's credential report; undefined when none was collected.
credential_report := report if {
	report := object.get(input.account, "credential_report", null)
	report != null
}

# The credential report row whose user is <root_account>; undefined when there is none.
root_row := row if {
	row := object.get(credential_report, "root", null)
	row != null
}

# Why root_row is undefined, for an `unknown` finding; undefined when root_row is defined.
root_row_missing := sprintf("no credential report collected%s", [collection_errors("credential_report")]) if {
	not credential_report
} else := "the credential report has no <root_account> row" if {
	not root_row
}

# ": <message>; <message>" for the collector errors of one stage, or "" when it had none.
collection_errors(stage) := concat("", [": ", concat("; ", messages)]) if {
	messages := [e.message | some e in object.get(input.account, "errors", []); e.stage == stage]
	count(messages) > 0
} else := ""

# The snapshot's organization data; null when none was collected.
organization := object.get(input, "organization", null)

# The ARN of the organization, the resource of organization-level findings:
# arn:aws:organizations::<management account>:organization/<org id>, or "organization"
# when either id is unknown.
organization_arn := sprintf("arn:aws:organizations::%s:organization/%s", [management_id, org_id]) if {
	is_object(organization)
	management_id := object.get(organization, "management_account_id", null)
	org_id := object.get(organization, "id", null)
	management_id != null
	org_id != null
} else := "organization"

# The account being evaluated is the organization's management account.
is_management_account if input.account.is_management == true

is_management_account if {
	organization != null
	organization.management_account_id == input.account.account_id
}
