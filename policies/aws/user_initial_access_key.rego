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
import data.tenet.lib.time as timestamps

findings contains credentials.report_missing_finding

findings contains credentials.user_finding(row, status, message) if {
	some row in credentials.users
	[status, message] := outcome(row)
}

outcome(row) := ["unknown", credentials.no_value(["password_enabled"])] if {
	not is_boolean(credentials.column(row, "password_enabled"))
} else := ["not_applicable", "user has no console password"] if {
	not credentials.has_console_password(row)
} else := ["fail", concat("; ", array.concat([failure(row)], gap_note(row)))] if {
	count(never_used(row)) > 0
} else := ["unknown", credentials.no_value(gaps(row))] if {
	count(gaps(row)) > 0
} else := ["pass", "console user has no active access keys"] if {
	count(credentials.active_keys(row)) == 0
} else := ["pass", sprintf("console user's active access keys have all been used (%s)", [concat("; ", uses(row))])]

# A message on the never used active keys, e.g. "console user has an active access
# key that was never used: access key 2, created 2026-08-01 (111 days ago)".
failure(row) := sprintf("console user has an active access key that was never used: %s", [keys]) if {
	[keys] := [describe(row, n) | some n in never_used(row)]
} else := sprintf(
	"console user has active access keys that were never used: %s",
	[concat("; ", [describe(row, n) | some n in never_used(row)])],
)

# The numbers of the active keys without a last use, in key order.
never_used(row) := [n |
	some n in sort(credentials.active_keys(row))
	credentials.key_column(row, n, "last_used_date") == null
]

gaps(row) := credentials.missing_flags(row, credentials.key_flags)

gap_note(row) := [credentials.no_value(gaps(row))] if {
	count(gaps(row)) > 0
} else := []

describe(row, n) := sprintf("access key %d, created %s (%s)", [n, timestamps.date(ts), timestamps.ago(ts)]) if {
	ts := credentials.key_column(row, n, "last_rotated")
	ts != null
} else := sprintf("access key %d, creation date not recorded", [n])

# e.g. "access key 1 last used 2026-11-19"
uses(row) := [sprintf("access key %d last used %s", [n, timestamps.date(ts)]) |
	some n in sort(credentials.active_keys(row))
	ts := credentials.key_column(row, n, "last_used_date")
]
