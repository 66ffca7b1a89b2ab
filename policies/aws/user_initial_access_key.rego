# METADATA
# title: IAM users with a console password have no unused access keys
# description: >-
#   Access keys created along with a console user "just in case" are long-term
#   credentials nobody needs, and nobody notices when they leak. For each IAM user in
#   the credential report (not the root user) whose password_enabled is true: fails
#   when an access key has access_key_N_active true and no access_key_N_last_used_date
#   (never used), naming each such key and when it was created; passes when every
#   active key has been used or the user has none. This is the audit of CIS v3.0 1.11
#   and v6.0 2.10, which v6.0 marks manual; tenet decides it from the credential report.
#   Not applicable when password_enabled is false. Unknown for a user whose row has no
#   password_enabled value, or, for a console user, no access_key_N_active value unless
#   the other key already fails (the failure message then names the missing column
#   too). When no credential report was collected, one unknown finding on the
#   account's root ARN; a report without IAM users gives no findings.
# custom:
#   id: user_initial_access_key
#   severity: low
#   resource: user
#   recommended_action: >-
#     Deactivate and delete the unused access key; a person who signs in to the
#     console gets short-lived keys from the CLI (aws login or IAM Identity Center)
#     when they need them. Create access keys only when the user asks for one for a
#     specific need, and leave the option off in the create-user flow.
#   frameworks:
#     cis-aws-3.0: ["1.11"]
#     cis-aws-6.0: ["2.10"]
#     soc2: ["CC6.1", "CC6.2"]
#     hipaa: ["164.308(a)(4)(ii)(C)", "164.308(a)(5)(ii)(D)"]
package tenet.aws.user_initial_access_key

import data.tenet.lib.credentials

findings contains credentials.report_missing_finding

findings contains {"resource": user.arn, "status": status, "message": message} if {
	some user in credentials.user_facts
	[status, message] := outcome(user)
}

outcome(user) := ["unknown", credentials.no_value(["password_enabled"])] if {
	not is_boolean(user.password_enabled)
} else := ["not_applicable", "user has no console password"] if {
	user.password_enabled == false
} else := ["fail", concat("; ", array.concat([failure(never_used)], gap_note(user)))] if {
	# The active keys without a last use, in key order.
	never_used := [key | some key in user.keys; key.last_used == null]
	count(never_used) > 0
} else := ["unknown", credentials.no_value(user.missing_key_flags)] if {
	count(user.missing_key_flags) > 0
} else := ["pass", "console user has no active access keys"] if {
	count(user.keys) == 0
} else := ["pass", sprintf("console user's active access keys have all been used (%s)", [concat("; ", uses(user))])]

# A message on the never used active keys, e.g. "console user has an active access
# key that was never used: access key 2, created 2026-08-01 (111 days ago)".
failure(keys) := sprintf("console user has an active access key that was never used: %s", [describe(key)]) if {
	[key] := keys
} else := sprintf(
	"console user has active access keys that were never used: %s",
	[concat("; ", [describe(key) | some key in keys])],
)

gap_note(user) := [credentials.no_value(user.missing_key_flags)] if {
	count(user.missing_key_flags) > 0
} else := []

describe(key) := sprintf("%s, created %s (%s)", [key.name, key.created.date, key.created.ago]) if {
	key.created != null
} else := sprintf("%s, creation date not recorded", [key.name])

# e.g. "access key 1 last used 2026-11-19"
uses(user) := [sprintf("%s last used %s", [key.name, key.last_used.date]) |
	some key in user.keys
	key.last_used != null
]
