# Access to the IAM user rows of the account's credential report: which users there
# are, what credentials each has (console password, active access keys) and when each
# credential was last active. The <root_account> row is not a user here (lib/iam.rego).
#
# The five user rules share one object of facts per user (user_facts), computed once
# per account: a rule reads fields and words its message, so the timestamps of a
# credential are parsed and formatted once rather than once per rule.
package tenet.lib.credentials

import data.tenet.lib.iam
import data.tenet.lib.time as timestamps

# The IAM user rows of the account's credential report; [] when the report has none,
# undefined when no credential report was collected. A row whose user is <root_account>
# is left out even if one slipped into users: root has rules of its own.
users := [row |
	some row in report_users
	object.get(row, "user", null) != "<root_account>"
] if {
	iam.credential_report
}

report_users := rows if {
	rows := object.get(iam.credential_report, "users", null)
	is_array(rows)
} else := [] if {
	iam.credential_report
}

# Why a user rule has no rows to examine: no credential report was collected (with the
# collector's errors, if any). Undefined when there is a report.
report_missing := sprintf("no credential report collected%s", [iam.collection_errors("credential_report")]) if {
	not iam.credential_report
}

# The one finding a user rule reports when no credential report was collected: unknown,
# on the account's root ARN, since there is no user to name. Undefined when there is a
# report (a report with no users gives no findings at all: nothing was examined).
report_missing_finding := iam.root_finding("unknown", report_missing)

# What the user rules need to know about each user: one object per row of users, in
# the same order.
#   arn                the user's ARN (user_arn)
#   password_enabled   the row's value: true, false, or null when the report has none
#   mfa_active         likewise
#   missing_flags      of password_enabled, access_key_1_active and access_key_2_active,
#                      those whose value is not a boolean (missing from the report)
#   missing_key_flags  the same for the two access key flags only
#   password           the console password as a credential (below) when
#                      password_enabled is true; null otherwise
#   keys               the active access keys (access_key_N_active true) as credentials,
#                      in key order, each with "created" added: when the key was created
#                      or last rotated (access_key_N_last_rotated), as a stamp; null
#                      when not recorded
#   credentials        what the user can authenticate with, in message order: the
#                      password (if any), then the keys
user_facts := [user_fact(row) | some row in users]

user_fact(row) := {
	"arn": user_arn(row),
	"password_enabled": object.get(row, "password_enabled", null),
	"mfa_active": object.get(row, "mfa_active", null),
	"missing_flags": missing,
	"missing_key_flags": [name | some name in missing; name != "password_enabled"],
	"password": password,
	"keys": keys,
	"credentials": array.concat([password | password != null], keys),
} if {
	missing := [name | some name in flags; not is_boolean(object.get(row, name, null))]
	password := console_password(row)
	keys := [access_key(row, columns) |
		some columns in key_columns
		object.get(row, columns.active, null) == true
	]
}

# The ARN from the row; built from the account id and user name should the row have
# none (the collector requires the column, so this is only a fallback).
user_arn(row) := arn if {
	arn := object.get(row, "arn", null)
	is_string(arn)
} else := sprintf("arn:aws:iam::%s:user/%v", [input.account.account_id, object.get(row, "user", null)])

console_password(row) := credential(row, password_columns) if {
	object.get(row, "password_enabled", null) == true
} else := null

# Only keys carry their set time as a field: the rules read a password's only through
# last_active, which stamps it just for a password never used.
access_key(row, columns) := object.union(
	credential(row, columns),
	{"created": timestamps.stamp(object.get(row, columns.set, null))},
)

# A credential of the row, described by its credential report columns (password_columns,
# key_columns):
#   name         "password", "access key 1" or "access key 2"
#   columns      the columns it is read from
#   last_used    when it was last used, as a timestamps.stamp; null when never used
#   last_active  when it was last active: {"time": stamp, "used": bool, "event": word}.
#                Its last use ("last used"); for a credential never used, when it was
#                set ("set": password_last_changed, or "created":
#                access_key_N_last_rotated); when that is not recorded either, when
#                the user was created ("user created"), the earliest it can have been
#                set. null when the row has none of these.
credential(row, columns) := {
	"name": columns.name,
	"columns": columns,
	"last_used": last_used,
	"last_active": last_active(row, columns, last_used),
} if {
	last_used := timestamps.stamp(object.get(row, columns.last_used, null))
}

last_active(row, columns, last_used) := {"time": last_used, "used": true, "event": "last used"} if {
	last_used != null
} else := {"time": timestamps.stamp(set_at), "used": false, "event": columns.set_word} if {
	set_at := object.get(row, columns.set, null)
	set_at != null
} else := {"time": timestamps.stamp(created), "used": false, "event": "user created"} if {
	created := object.get(row, "user_creation_time", null)
	created != null
} else := null

# The credential report columns of each credential: `last_used` (its last use), `set`
# (when it was set), with the word a message uses for that event, and for a key,
# `active` (whether it is active).
password_columns := {
	"name": "password",
	"last_used": "password_last_used",
	"set": "password_last_changed",
	"set_word": "set",
}

key_columns := [
	{
		"name": "access key 1",
		"active": "access_key_1_active",
		"last_used": "access_key_1_last_used_date",
		"set": "access_key_1_last_rotated",
		"set_word": "created",
	},
	{
		"name": "access key 2",
		"active": "access_key_2_active",
		"last_used": "access_key_2_last_used_date",
		"set": "access_key_2_last_rotated",
		"set_word": "created",
	},
]

# The columns that say which credentials a user has.
flags := ["password_enabled", "access_key_1_active", "access_key_2_active"]

# The columns last_active reads for credential c, for the message when it is null.
activity_columns(c) := [c.columns.last_used, c.columns.set, "user_creation_time"]

# "the credential report row has no value for a, b and c", for an `unknown` finding
# or a note on a failing one.
no_value(names) := sprintf("the credential report row has no value for %s", [and_list(names)])

# "a", "a and b", "a, b and c".
and_list(items) := items[0] if {
	count(items) == 1
} else := sprintf("%s and %s", [concat(", ", array.slice(items, 0, count(items) - 1)), items[count(items) - 1]])
