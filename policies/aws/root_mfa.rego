# METADATA
# title: Root user has MFA enabled
# description: >-
#   Anyone with the root user's password alone can take over the account. Follows CIS AWS
#   Foundations v6.0 2.4 / v7.0 2.5 (audit: get-account-summary, AccountMFAEnabled 1;
#   AccountPasswordPresent 0 means the root console credential was removed) and v3.0 1.5
#   (credential report mfa_active). Each fact comes from the strongest evidence present,
#   named in the message: GetAccountSummary, then account.root_password_present, then the
#   credential report's <root_account> row. Passes when root has MFA
#   (AccountMFAEnabled 1, else mfa_active true). Fails when root has a console password and
#   no MFA, exemption or not. Passes when root has no console password and no access key
#   on recorded evidence (AccountPasswordPresent 0 or root_password_present false, and
#   AccountAccessKeysPresent 0 or no key in the report): there is no root credential for
#   MFA to protect. Fails when root has no MFA otherwise, including no password but an
#   access key, or a password nothing recorded. Unknown when neither the summary nor the
#   report says whether root has MFA (and root's credentials do not settle it).
#   Not applicable to a member account of an organization with centralized root access
#   (root_credentials_management true) whose root has no credential left: no password
#   (recorded, or when nothing recorded it, a root password never used), no access key
#   (active or inactive), no MFA device and no active signing certificate. Never not
#   applicable to the management account.
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
import data.tenet.lib.root

findings contains iam.root_finding(status, message) if {
	[status, message] := outcome
}

outcome := ["pass", sprintf("root user has MFA active (%s)", [root.mfa.evidence])] if {
	root.mfa.value == true
} else := ["fail", sprintf("root user has a console password (%s) and no MFA device active (%s)", [
	root.password.evidence,
	root.mfa.evidence,
])] if {
	root.password.value == true
	root.mfa.value == false
} else := ["unknown", sprintf("root user has a console password (%s), but whether it has MFA is unknown: %s", [
	root.password.evidence,
	root.mfa.evidence,
])] if {
	root.password.value == true
	root.mfa.value == null
} else := ["not_applicable", root.centralized_without_credentials] if {
	root.centralized_without_credentials
} else := ["pass", sprintf("%s: no root credential for MFA to protect", [root.no_credentials_to_protect])] if {
	root.no_credentials_to_protect
} else := ["fail", sprintf("root user has no MFA device active (%s)", [root.mfa.evidence])] if {
	root.mfa.value == false
} else := ["unknown", root.mfa.evidence]
