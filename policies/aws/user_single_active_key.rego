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

findings contains credentials.report_missing_finding

findings contains {"resource": user.arn, "status": status, "message": message} if {
	some user in credentials.user_facts
	[status, message] := outcome(user)
}

outcome(user) := ["unknown", credentials.no_value(user.missing_key_flags)] if {
	count(user.missing_key_flags) > 0
} else := ["fail", sprintf(
	"access keys 1 and 2 are both active (key 1 %s; key 2 %s)",
	[last_used(key_1), last_used(key_2)],
)] if {
	[key_1, key_2] := user.keys
} else := ["pass", sprintf("user has 1 active access key (%s)", [key.name])] if {
	[key] := user.keys
} else := ["pass", "user has no active access keys"]

last_used(key) := sprintf("last used %s", [key.last_used.date]) if {
	key.last_used != null
} else := "never used"
