# METADATA
# title: IAM user access keys are rotated every {rotation_days} days or less
# description: >-
#   The longer an access key lives, the more places it has been copied to and the
#   longer a leaked copy keeps working. For each IAM user in the credential report (not
#   the root user), examines each access key whose access_key_N_active is true: its age
#   is the whole days from access_key_N_last_rotated (when the key was created) to
#   collected_at. Fails when any active key is more than rotation_days (default 90)
#   days old, naming each such key and its age; exactly rotation_days days passes, one
#   day more fails. Passes when every active key is younger; not applicable when the
#   user has no active access key. Unknown for a user whose row has no
#   access_key_N_active value, or no access_key_N_last_rotated value for an active key,
#   unless another key already fails (the failure message then names the missing
#   columns too). When no credential report was collected, one unknown finding on the
#   account's root ARN; a report without IAM users gives no findings.
# custom:
#   id: user_key_rotation
#   severity: medium
#   resource: user
#   recommended_action: >-
#     Rotate the key: create a second access key, move every program that uses the old
#     key to the new one, deactivate the old key, and delete it once nothing fails.
#     Where the key belongs to a workload on AWS, replace it with an IAM role so there
#     is no long-term key to rotate.
#   frameworks:
#     cis-aws-3.0: ["1.14"]
#     cis-aws-6.0: ["2.13"]
#     cis-aws-7.0: ["2.12"]
#     soc2: ["CC6.1"]
#     hipaa: ["164.308(a)(5)(ii)(D)", "164.312(a)(1)"]
package tenet.aws.user_key_rotation

import data.tenet.lib.credentials

findings contains credentials.report_missing_finding

findings contains {"resource": user.arn, "status": status, "message": message} if {
	some user in credentials.user_facts
	[status, message] := outcome(user)
}

# A key known to be too old fails the user even when another column is missing: the
# missing columns are named after the failures rather than hiding them behind unknown.
# Ages are whole days rounded down, so a key rotated 90 days and some hours ago is 90
# days old and passes. A key without a creation date has no age: it is never overdue,
# and it makes the user unknown unless another key fails, so every key the pass
# message names has one.
outcome(user) := ["fail", concat("; ", array.concat([failure(overdue)], gap_note(user)))] if {
	overdue := [key | some key in user.keys; key.created != null; key.created.days > limit]
	count(overdue) > 0
} else := ["unknown", credentials.no_value(missing)] if {
	missing := gaps(user)
	count(missing) > 0
} else := ["not_applicable", "user has no active access keys"] if {
	count(user.keys) == 0
} else := ["pass", sprintf(
	"active access keys rotated within %s: %s",
	[limit_days, concat("; ", [describe(key) | some key in user.keys])],
)]

limit := data.tenet.config.rotation_days

limit_days := days(limit)

failure(overdue) := sprintf(
	"access keys not rotated within %s: %s",
	[limit_days, concat("; ", [describe(key) | some key in overdue])],
)

# The key status columns without a value, and last_rotated of each active key without one.
gaps(user) := array.concat(
	user.missing_key_flags,
	[key.columns.set | some key in user.keys; key.created == null],
)

gap_note(user) := [credentials.no_value(missing)] if {
	missing := gaps(user)
	count(missing) > 0
} else := []

# e.g. "access key 1 last rotated 2026-05-03 (201 days ago)"
describe(key) := sprintf("%s last rotated %s (%s)", [key.name, key.created.date, key.created.ago])

days(n) := "1 day" if {
	n == 1
} else := sprintf("%d days", [n])
