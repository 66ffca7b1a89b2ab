# METADATA
# title: IAM user credentials unused for {unused_days} days or more are disabled
# description: >-
#   A password or access key nobody uses is a credential nobody watches. For each IAM
#   user in the credential report (not the root user), examines the console password
#   when password_enabled is true and each access key whose access_key_N_active is
#   true. A credential's last activity is its last use (password_last_used,
#   access_key_N_last_used_date); for one never used, when it was set
#   (password_last_changed, access_key_N_last_rotated), or else the user's
#   user_creation_time. Fails when any examined credential's last activity is
#   unused_days (default 45) or more whole days before collected_at, naming each such
#   credential; exactly unused_days days fails, one day less passes. Passes when the
#   user has credentials and none is unused that long; not applicable when the user
#   has no console password and no active access key. Unknown for a user whose row has
#   no password_enabled or access_key_N_active value, or none of the timestamps above
#   for a credential, unless another credential already fails (the failure message
#   then names the missing columns too). When no credential report was collected, one
#   unknown finding on the account's root ARN; a report without IAM users gives no
#   findings.
# custom:
#   id: user_unused_credentials
#   severity: medium
#   resource: user
#   recommended_action: >-
#     Confirm with the owner whether the credential is still needed. If not, remove the
#     console password (delete the login profile) or deactivate the access key, and
#     delete it once nothing breaks; delete the user when it has no credential left. A
#     program that needs AWS access should use an IAM role rather than a dormant key.
#   frameworks:
#     cis-aws-3.0: ["1.12"]
#     cis-aws-6.0: ["2.11"]
#     cis-aws-7.0: ["2.11"]
#     soc2: ["CC6.2", "CC6.3"]
#     hipaa: ["164.308(a)(3)(ii)(C)", "164.308(a)(4)(ii)(C)"]
package tenet.aws.user_unused_credentials

import data.tenet.lib.credentials

findings contains credentials.report_missing_finding

findings contains {"resource": user.arn, "status": status, "message": message} if {
	some user in credentials.user_facts
	[status, message] := outcome(user)
}

# A known unused credential fails the user even when another column is missing: the
# missing columns are named after the failures rather than hiding them behind unknown.
# Ages are whole days rounded down; a credential active after collected_at has a
# negative age and is in use. A credential without any timestamp has no last activity:
# it is never unused, and it makes the user unknown unless another credential fails,
# so every credential the pass message names has one.
outcome(user) := ["fail", concat("; ", array.concat([failure(unused)], gap_note(user)))] if {
	unused := [c |
		some c in user.credentials
		c.last_active != null
		c.last_active.time.days >= limit
	]
	count(unused) > 0
} else := ["unknown", credentials.no_value(missing)] if {
	missing := gaps(user)
	count(missing) > 0
} else := ["not_applicable", "user has no console password and no active access keys"] if {
	count(user.credentials) == 0
} else := ["pass", sprintf(
	"no credential unused for %s or more: %s",
	[limit_days, concat("; ", [describe(c) | some c in user.credentials])],
)]

limit := data.tenet.config.unused_days

limit_days := days(limit)

failure(unused) := sprintf(
	"credentials unused for %s or more: %s",
	[limit_days, concat("; ", [describe(c) | some c in unused])],
)

# The columns this user's finding would need but the row lacks: the flags saying which
# credentials exist, and all the timestamps of a credential with none.
gaps(user) := array.concat(
	user.missing_flags,
	[name |
		some c in user.credentials
		c.last_active == null
		some name in credentials.activity_columns(c)
	],
)

gap_note(user) := [credentials.no_value(missing)] if {
	missing := gaps(user)
	count(missing) > 0
} else := []

# "password unused for 60 days (last used 2026-09-21)" or, for a credential never
# used, "access key 2 never used, created 2026-08-01 (111 days ago)".
describe(c) := sprintf("%s unused for %s (last used %s)", [c.name, days(at.days), at.date]) if {
	c.last_active.used
	at := c.last_active.time
	at.days >= limit
} else := sprintf("%s last used %s (%s)", [c.name, c.last_active.time.date, c.last_active.time.ago]) if {
	c.last_active.used
} else := sprintf("%s never used, %s %s (%s)", [
	c.name,
	c.last_active.event,
	c.last_active.time.date,
	c.last_active.time.ago,
])

days(n) := "1 day" if {
	n == 1
} else := sprintf("%d days", [n])
