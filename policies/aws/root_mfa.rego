# METADATA
# title: Root user has MFA enabled
# description: >-
#   Anyone with the root user's password alone can take over the account. Fails when
#   the <root_account> row of the credential report has mfa_active false; passes when
#   it is true. Unknown when no credential report was collected, the report has no
#   <root_account> row, or the row has no mfa_active value.
#   Not applicable to a member account of an organization with centralized root access
#   (root_credentials_management true) whose root user has no credentials left: no
#   active access key or signing certificate, no MFA device, and no password
#   (root_password_present false, or, when that was not collected, a root password never
#   used). Never not applicable to the management account.
# custom:
#   id: root_mfa
#   severity: critical
#   resource: account
#   recommended_action: >-
#     Sign in as the root user, open Security credentials, and under Multi-factor
#     authentication (MFA) choose Assign MFA device; prefer a FIDO security key or a
#     hardware TOTP token kept in a safe place, and register a second device as a
#     backup.
#   frameworks:
#     cis-aws-3.0: ["1.5"]
#     cis-aws-6.0: ["2.4"]
#     cis-aws-7.0: ["2.5"]
#     soc2: ["CC6.1", "CC6.2"]
#     hipaa: ["164.312(a)(1)", "164.312(d)"]
package tenet.aws.root_mfa

import data.tenet.lib.iam

findings contains iam.root_finding(status, message) if {
	[status, message] := outcome
}

outcome := ["unknown", iam.root_row_missing] if {
	not iam.root_row
} else := ["not_applicable", iam.root_credentials_centralized] if {
	iam.root_credentials_centralized
} else := ["pass", "root user has MFA active"] if {
	iam.root_row.mfa_active == true
} else := ["fail", "root user has no MFA device active"] if {
	iam.root_row.mfa_active == false
} else := ["unknown", "the credential report's <root_account> row has no mfa_active value"]
