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

# Centralized root access (IAM's RootCredentialsManagement feature) lets the management
# account delete member accounts' root credentials, after which root can neither sign in
# nor call APIs: root-credential rules do not apply to such an account. Defined (as the
# not_applicable message) only when the feature is on, the account is a member account,
# and root_credentials_absent holds; never for the management account, whose root the
# feature does not manage.
root_credentials_centralized := sprintf(
	"centralized root access is enabled and account %s has no root credentials: %s",
	[input.account.account_id, root_credentials_evidence],
) if {
	organization.root_credentials_management == true
	not is_management_account
	root_credentials_absent
}

# The root user has no credentials left, judged from the credential report's root row:
# no active access key, no active signing certificate, no MFA device (each column must
# say false; a missing value proves nothing), and no password. The report cannot show a
# root password (password_enabled is always not_supported for root), so:
# account.root_password_present, when collected (not null), decides; otherwise a
# password that was never used (password_last_used null) counts as absent, since an
# account created under centralized root access has no root password to use.
root_credentials_absent if {
	root_row
	every column in root_credential_flags {
		object.get(root_row, column, null) == false
	}
	root_password_absent
}

root_credential_flags := [
	"access_key_1_active",
	"access_key_2_active",
	"cert_1_active",
	"cert_2_active",
	"mfa_active",
]

root_password_absent if root_password_present == false

root_password_absent if {
	root_password_present == null
	object.get(root_row, "password_last_used", null) == null
}

# Whether the collector found a root console password; null when it could not tell.
root_password_present := object.get(input.account, "root_password_present", null)

root_credentials_evidence := concat("", [
	"root has no password (root_password_present false), and the credential report shows ",
	no_other_credentials,
]) if {
	root_password_present == false
} else := concat("", ["the credential report shows the root password never used, ", no_other_credentials])

no_other_credentials := "no active access key or signing certificate and no MFA device"
