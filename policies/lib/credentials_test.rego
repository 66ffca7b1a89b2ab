package tenet.lib.credentials_test

import data.tenet.lib.credentials
import data.tenet.lib.fixtures_test as fx

test_users_are_the_report_user_rows if {
	alice := fx.console_user("alice", {})
	inp := fx.users_input([alice, fx.service_user("ci", {})])
	credentials.users == [alice, fx.service_user("ci", {})] with input as inp
}

test_users_leave_out_a_stray_root_row if {
	alice := fx.console_user("alice", {})
	inp := fx.users_input([fx.root_row, alice])
	credentials.users == [alice] with input as inp
}

test_users_empty_when_report_has_none if {
	inp := fx.users_input([])
	credentials.users == [] with input as inp
	inp_null := fx.account_input({"generated_at": null, "root": null, "users": null})
	credentials.users == [] with input as inp_null
}

test_users_undefined_without_report if {
	inp := fx.account_input(null)
	not credentials.users with input as inp
}

test_report_missing if {
	inp := fx.account_input(null)
	credentials.report_missing == "no credential report collected" with input as inp
	credentials.report_missing_finding == fx.finding(fx.root_arn, "unknown", "no credential report collected") with input as inp
}

test_report_missing_names_only_credential_report_errors if {
	inp := fx.no_report_input([
		{"stage": "credential_report", "message": "AccessDenied"},
		{"stage": "organizations", "message": "AWSOrganizationsNotInUseException"},
		{"stage": "credential_report", "message": "retry limit reached"},
	])
	credentials.report_missing == "no credential report collected: AccessDenied; retry limit reached" with input as inp
}

test_report_missing_undefined_with_report if {
	inp := fx.users_input([])
	not credentials.report_missing with input as inp
	not credentials.report_missing_finding with input as inp
}

test_user_arn if {
	credentials.user_arn(fx.user("alice", {})) == "arn:aws:iam::222233334444:user/alice"
}

test_user_arn_keeps_the_path if {
	row := fx.user("deploy", {"arn": "arn:aws:iam::222233334444:user/service/deploy"})
	credentials.user_arn(row) == "arn:aws:iam::222233334444:user/service/deploy"
}

test_user_arn_built_when_missing if {
	inp := fx.users_input([])
	row := fx.user("alice", {"arn": null})
	credentials.user_arn(row) == "arn:aws:iam::222233334444:user/alice" with input as inp
}

# A stamp of ts as lib/time.rego makes it, for input collected 2026-11-20T00:00:00Z.
stamp(ts, days, date, ago) := {"at": ts, "days": days, "date": date, "ago": ago}

password_used_2026_11_18 := stamp("2026-11-18T09:00:00Z", 1, "2026-11-18", "1 day ago")

password_columns := {
	"name": "password",
	"last_used": "password_last_used",
	"set": "password_last_changed",
	"set_word": "set",
}

key_1_columns := {
	"name": "access key 1",
	"active": "access_key_1_active",
	"last_used": "access_key_1_last_used_date",
	"set": "access_key_1_last_rotated",
	"set_word": "created",
}

test_user_facts_console_user if {
	inp := fx.users_input([fx.console_user("alice", {})])
	credentials.user_facts == [{
		"arn": "arn:aws:iam::222233334444:user/alice",
		"password_enabled": true,
		"mfa_active": true,
		"missing_flags": [],
		"missing_key_flags": [],
		"password": {
			"name": "password",
			"columns": password_columns,
			"last_used": password_used_2026_11_18,
			"last_active": {"time": password_used_2026_11_18, "used": true, "event": "last used"},
		},
		"keys": [],
		"credentials": [{
			"name": "password",
			"columns": password_columns,
			"last_used": password_used_2026_11_18,
			"last_active": {"time": password_used_2026_11_18, "used": true, "event": "last used"},
		}],
	}] with input as inp
}

test_user_facts_service_user_key if {
	inp := fx.users_input([fx.service_user("ci", {})])
	[user] := credentials.user_facts with input as inp
	user.password_enabled == false
	user.password == null
	used := stamp("2026-11-19T12:00:00Z", 0, "2026-11-19", "0 days ago")
	user.keys == [{
		"name": "access key 1",
		"columns": key_1_columns,
		"last_used": used,
		"created": stamp("2026-10-01T00:00:00Z", 50, "2026-10-01", "50 days ago"),
		"last_active": {"time": used, "used": true, "event": "last used"},
	}]
	user.credentials == user.keys
}

# No users to examine either way; the rules report report_missing_finding without a report.
test_user_facts_empty_without_users if {
	credentials.user_facts == [] with input as fx.users_input([])
	credentials.user_facts == [] with input as fx.account_input(null)
}

test_user_facts_credentials_are_password_then_active_keys if {
	# key 1 existed once (it has a rotation date) but is inactive: not a credential.
	row := fx.console_user("alice", object.union(
		fx.key(2, "2026-11-01T00:00:00Z", null),
		{"access_key_1_last_rotated": "2026-01-01T00:00:00Z"},
	))
	[alice] := credentials.user_facts with input as fx.users_input([row])
	[c.name | some c in alice.credentials] == ["password", "access key 2"]
	[k.name | some k in alice.keys] == ["access key 2"]

	both := fx.service_user("ci", {"access_key_2_active": true})
	[ci] := credentials.user_facts with input as fx.users_input([both])
	[c.name | some c in ci.credentials] == ["access key 1", "access key 2"]

	[nobody] := credentials.user_facts with input as fx.users_input([fx.user("nobody", {})])
	nobody.credentials == []
}

# A key flag without a boolean value does not make the key active.
test_user_facts_missing_flags if {
	rows := [
		fx.user("ci", {}),
		fx.user("carol", {"password_enabled": null, "access_key_2_active": "maybe"}),
		object.remove(fx.service_user("dave", {}), ["access_key_1_active"]),
	]
	[ci, carol, dave] := credentials.user_facts with input as fx.users_input(rows)
	ci.missing_flags == []
	carol.missing_flags == ["password_enabled", "access_key_2_active"]
	carol.missing_key_flags == ["access_key_2_active"]
	carol.password_enabled == null
	carol.password == null
	dave.missing_flags == ["access_key_1_active"]
	dave.missing_key_flags == ["access_key_1_active"]
	dave.keys == []
}

test_last_active_never_used_falls_back_to_when_it_was_set if {
	row := fx.console_user("alice", object.union({"password_last_used": null}, fx.key(1, "2026-08-01T00:00:00Z", null)))
	[alice] := credentials.user_facts with input as fx.users_input([row])
	[password, key1] := alice.credentials
	password.last_used == null
	password.last_active == {
		"time": stamp("2026-11-01T00:00:00Z", 19, "2026-11-01", "19 days ago"),
		"used": false,
		"event": "set",
	}
	key1.last_active == {
		"time": stamp("2026-08-01T00:00:00Z", 111, "2026-08-01", "111 days ago"),
		"used": false,
		"event": "created",
	}
}

test_last_active_falls_back_to_user_creation if {
	row := fx.user("ci", {"access_key_1_active": true})
	[ci] := credentials.user_facts with input as fx.users_input([row])
	[key1] := ci.keys
	key1.created == null
	key1.last_active == {
		"time": stamp("2020-01-01T00:00:00Z", 2515, "2020-01-01", "2515 days ago"),
		"used": false,
		"event": "user created",
	}
}

test_last_active_null_without_any_timestamp if {
	row := fx.user("ci", {"access_key_1_active": true, "user_creation_time": null})
	[ci] := credentials.user_facts with input as fx.users_input([row])
	[key1] := ci.keys
	key1.last_active == null
	credentials.activity_columns(key1) == ["access_key_1_last_used_date", "access_key_1_last_rotated", "user_creation_time"]
}

test_no_value if {
	credentials.no_value(["mfa_active"]) == "the credential report row has no value for mfa_active"
	credentials.no_value(["a", "b"]) == "the credential report row has no value for a and b"
	credentials.no_value(["a", "b", "c"]) == "the credential report row has no value for a, b and c"
}
