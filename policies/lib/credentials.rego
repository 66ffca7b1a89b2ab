# Access to the IAM user rows of the account's credential report: which users there
# are, what credentials each has (console password, active access keys) and when each
# credential was last active. The <root_account> row is not a user here (lib/iam.rego).
package tenet.lib.credentials

import data.tenet.lib.iam

# The IAM user rows of the account's credential report; [] when the report has none,
# undefined when no credential report was collected. A row whose user is <root_account>
# is left out even if one slipped into users: root has rules of its own.
users := [row |
	some row in report_users
	column(row, "user") != "<root_account>"
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

# The user's ARN from the row; built from the account id and user name should the row
# have none (the collector requires the column, so this is only a fallback).
user_arn(row) := arn if {
	arn := column(row, "arn")
	is_string(arn)
} else := sprintf("arn:aws:iam::%s:user/%v", [input.account.account_id, column(row, "user")])

# One finding about the IAM user of `row`.
user_finding(row, status, message) := {
	"resource": user_arn(row),
	"status": status,
	"message": message,
}

# A column of the row; null when the report had no value (N/A, no_information, not_supported).
column(row, name) := object.get(row, name, null)

# A column of access key n (1 or 2), e.g. key_column(row, 2, "last_rotated") is
# access_key_2_last_rotated.
key_column(row, n, name) := column(row, key_column_name(n, name))

key_column_name(n, name) := sprintf("access_key_%d_%s", [n, name])

# The user can sign in to the console: password_enabled is true.
has_console_password(row) if column(row, "password_enabled") == true

# The numbers (1, 2) of the user's active access keys.
active_keys(row) := {n |
	some n in [1, 2]
	key_column(row, n, "active") == true
}

# The columns that say which credentials a user has (password_enabled,
# access_key_N_active) whose value is not a boolean, i.e. missing from the report.
# `names` is the list of columns a rule depends on.
missing_flags(row, names) := [name |
	some name in names
	not is_boolean(column(row, name))
]

# The status columns of both access keys.
key_flags := [key_column_name(1, "active"), key_column_name(2, "active")]

# "the credential report row has no value for a, b and c", for an `unknown` finding
# or a note on a failing one.
no_value(names) := sprintf("the credential report row has no value for %s", [and_list(names)])

# "a", "a and b", "a, b and c".
and_list(items) := items[0] if {
	count(items) == 1
} else := sprintf("%s and %s", [concat(", ", array.slice(items, 0, count(items) - 1)), items[count(items) - 1]])

# The credentials the user can authenticate with, in message order: the console
# password when password_enabled is true, then each active access key. Each names its
# credential report columns: `last_used` (its last use) and `set` (when it was set:
# password_last_changed, or access_key_N_last_rotated, the key's creation or rotation),
# with the word a message uses for that event.
credentials(row) := array.concat(password_credential(row), [access_key_credential(n) | some n in sort(active_keys(row))])

password_credential(row) := [{
	"name": "password",
	"last_used": "password_last_used",
	"set": "password_last_changed",
	"set_word": "set",
}] if {
	has_console_password(row)
} else := []

access_key_credential(n) := {
	"name": sprintf("access key %d", [n]),
	"last_used": key_column_name(n, "last_used_date"),
	"set": key_column_name(n, "last_rotated"),
	"set_word": "created",
}

# When credential c (from credentials(row)) was last active:
# {"at": ts, "used": bool, "event": "last used" | "set" | "created" | "user created"}.
# Its last use; for a credential never used, when it was set (password_last_changed,
# access_key_N_last_rotated); when that is not recorded either, when the user was
# created, the earliest it can have been set. Undefined when the row has none of these.
last_active(row, c) := {"at": ts, "used": true, "event": "last used"} if {
	ts := column(row, c.last_used)
	ts != null
} else := {"at": ts, "used": false, "event": c.set_word} if {
	ts := column(row, c.set)
	ts != null
} else := {"at": ts, "used": false, "event": "user created"} if {
	ts := column(row, "user_creation_time")
	ts != null
}

# The columns last_active(row, c) reads, for the message when it is undefined.
activity_columns(c) := [c.last_used, c.set, "user_creation_time"]
