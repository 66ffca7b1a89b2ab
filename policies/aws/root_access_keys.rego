# METADATA
# title: Root user has no active access keys
# description: >-
#   The root user's access keys are long-term credentials with unrestricted access
#   to the account that no IAM policy can limit. Fails when access key 1 or 2 of the
#   <root_account> row of the credential report is active, naming each active key and
#   when it was last used (or that it was never used). Unknown when no credential report
#   was collected or the report has no <root_account> row.
#   Not applicable to a member account of an organization with centralized root access
#   (root_credentials_management true) whose root user has no credentials left: no
#   active access key or signing certificate, no MFA device, and no password
#   (root_password_present false, or, when that was not collected, a root password never
#   used). Never not applicable to the management account.
# custom:
#   id: root_access_keys
#   severity: critical
#   resource: account
#   recommended_action: >-
#     Sign in as the root user, open Security credentials, and delete both root access
#     keys (deactivate first if you need to find what still uses them; the key's last
#     used service and region are in the credential report). Give workloads IAM roles
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
import data.tenet.lib.time as timestamps

findings contains iam.root_finding(status, message) if {
	[status, message] := outcome
}

outcome := ["unknown", iam.root_row_missing] if {
	not iam.root_row
} else := ["not_applicable", iam.root_credentials_centralized] if {
	iam.root_credentials_centralized
} else := ["pass", "root user has no active access keys"] if {
	count(active_keys) == 0
} else := ["fail", sprintf("root access key %d is active (%s)", [n, last_used(n)])] if {
	[n] := sort(active_keys)
} else := ["fail", sprintf(
	"root access keys 1 and 2 are active (key 1 %s; key 2 %s)",
	[last_used(1), last_used(2)],
)]

# The numbers (1, 2) of the root user's active access keys.
active_keys contains n if {
	some n in [1, 2]
	key_column(n, "active") == true
}

last_used(n) := sprintf("last used %s", [timestamps.date(ts)]) if {
	ts := key_column(n, "last_used_date")
	ts != null
} else := "never used"

# A credential report column of root access key n, e.g. access_key_1_last_used_date;
# null when the report has no value.
key_column(n, name) := object.get(iam.root_row, sprintf("access_key_%d_%s", [n, name]), null)
