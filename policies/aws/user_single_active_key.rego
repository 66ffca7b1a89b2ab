# METADATA
# title: IAM users have at most one active access key
# description: >-
#   Two active keys are needed only for the short overlap of a rotation; kept longer,
#   the second key is a standing credential that doubles what can leak and hides which
#   key a program really uses. For each IAM user in the credential report (not the
#   root user): fails when access_key_1_active and access_key_2_active are both true,
#   saying when each key was last used; passes otherwise, saying how many keys are
#   active (none or one). Unknown for a user whose row has no access_key_1_active or
#   access_key_2_active value. When no credential report was collected, one unknown
#   finding on the account's root ARN; a report without IAM users gives no findings.
# custom:
#   id: user_single_active_key
#   severity: medium
#   resource: user
#   recommended_action: >-
#     Find which key the user's programs use (the credential report's last used date,
#     service and region, or CloudTrail by access key id), move them all to that key,
#     then deactivate the other key and delete it once nothing fails. Better still,
#     replace long-term keys with an IAM role.
#   frameworks:
#     cis-aws-3.0: ["1.13"]
#     cis-aws-6.0: ["2.12"]
#     soc2: ["CC6.1"]
#     hipaa: ["164.308(a)(5)(ii)(D)", "164.312(a)(1)"]
package tenet.aws.user_single_active_key

import data.tenet.lib.credentials
import data.tenet.lib.time as timestamps

findings contains credentials.report_missing_finding

findings contains credentials.user_finding(row, status, message) if {
	some row in credentials.users
	[status, message] := outcome(row)
}

outcome(row) := ["unknown", credentials.no_value(missing)] if {
	missing := credentials.missing_flags(row, credentials.key_flags)
	count(missing) > 0
} else := ["fail", sprintf(
	"access keys 1 and 2 are both active (key 1 %s; key 2 %s)",
	[last_used(row, 1), last_used(row, 2)],
)] if {
	count(credentials.active_keys(row)) == 2
} else := ["pass", sprintf("user has 1 active access key (access key %d)", [n])] if {
	[n] := sort(credentials.active_keys(row))
} else := ["pass", "user has no active access keys"]

last_used(row, n) := sprintf("last used %s", [timestamps.date(ts)]) if {
	ts := credentials.key_column(row, n, "last_used_date")
	ts != null
} else := "never used"
