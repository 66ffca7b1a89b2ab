# METADATA
# title: No root user access key exists
# description: >-
#   The root user's access keys are long-term credentials with unrestricted access to the
#   account that no IAM policy can limit. Follows CIS AWS Foundations v6.0 2.3 / v7.0 2.4
#   "Ensure no 'root' user account access key exists" (audit: AccountAccessKeysPresent in
#   get-account-summary; the credential report's access_key_N columns) and v3.0 1.4. A key
#   exists whether active or not: an inactive key can be made active again. Evidence, the
#   strongest first and named in the message: GetAccountSummary's AccountAccessKeysPresent
#   (1 fails, 0 passes), then the credential report's <root_account> row, where a key exists
#   when access_key_N_active is true or access_key_N_last_rotated (its creation time) has a
#   value. Fails when a key exists, naming each key the report shows, whether it is active,
#   and when it was last used (or that it never was). Passes when no key exists. Unknown
#   when neither the summary nor the report says.
#   Not applicable to a member account of an organization with centralized root access
#   (root_credentials_management true) whose root has no credential left: no password
#   (recorded, or when nothing recorded it, a root password never used), no access key, no
#   MFA device and no active signing certificate. Never not applicable to the management
#   account.
# custom:
#   id: root_access_keys
#   severity: critical
#   resource: account
#   recommended_action: >-
#     Sign in as the root user, open Security credentials, and delete every root access
#     key, inactive ones included (deactivate first if you need to find what still uses
#     them; the key's last used service and region are in the credential report). Give workloads IAM roles
#     instead, and in an organization enable centralized root access so member
#     accounts have no root credentials at all.
#   frameworks:
#     cis-aws-3.0: ["1.4"]
#     cis-aws-6.0: ["2.3"]
#     cis-aws-7.0: ["2.4"]
#     soc2: ["CC6.1", "CC6.3"]
#     hipaa: ["164.308(a)(3)(ii)(A)", "164.312(a)(1)", "164.312(a)(2)(i)"]
package tenet.aws.root_access_keys

import data.tenet.lib.iam
import data.tenet.lib.root
import data.tenet.lib.time as timestamps

findings contains iam.root_finding(status, message) if {
	[status, message] := outcome
}

outcome := ["fail", sprintf("root user has an access key (%s): %s", [root.access_keys.evidence, keys_described])] if {
	root.access_keys.value == true
} else := ["not_applicable", root.centralized_without_credentials] if {
	root.centralized_without_credentials
} else := ["pass", sprintf("root user has no access key (%s)", [root.access_keys.evidence])] if {
	root.access_keys.value == false
} else := ["unknown", root.access_keys.evidence]

# Each key the credential report shows, or a note that it shows none.
keys_described := concat("; ", [describe(key) | some key in root.existing_keys]) if {
	count(root.existing_keys) > 0
} else := "the credential report does not show which (it may predate the key)"

describe(key) := sprintf("access key %d is active, %s", [key.number, last_used(key)]) if {
	key.active == true
} else := sprintf(
	"access key %d is inactive but still exists (created %s, %s), and an inactive key can be made active again: delete it",
	[key.number, timestamps.date(key.last_rotated), last_used(key)],
)

last_used(key) := sprintf("last used %s", [timestamps.date(key.last_used_date)]) if {
	key.last_used_date != null
} else := "never used"
