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

test_user_finding if {
	credentials.user_finding(fx.user("alice", {}), "pass", "ok") == fx.user_finding("alice", "pass", "ok")
}

test_column if {
	row := fx.console_user("alice", {})
	credentials.column(row, "mfa_active") == true
	credentials.column(row, "password_last_changed") == "2026-11-01T00:00:00Z"
	credentials.column(row, "access_key_1_last_rotated") == null
	credentials.column({"user": "x"}, "mfa_active") == null
	credentials.key_column(fx.service_user("ci", {}), 1, "last_used_date") == "2026-11-19T12:00:00Z"
}

test_has_console_password if {
	credentials.has_console_password(fx.console_user("alice", {}))
	not credentials.has_console_password(fx.user("ci", {}))
	not credentials.has_console_password(fx.user("carol", {"password_enabled": null}))
}

test_active_keys if {
	credentials.active_keys(fx.user("nobody", {})) == set()
	credentials.active_keys(fx.service_user("ci", {})) == {1}
	credentials.active_keys(fx.user("ci", {"access_key_2_active": true})) == {2}
	credentials.active_keys(fx.service_user("ci", {"access_key_2_active": true})) == {1, 2}
	credentials.active_keys(fx.user("ci", {"access_key_1_active": null})) == set()
}

test_missing_flags if {
	names := ["password_enabled", "access_key_1_active", "access_key_2_active"]
	credentials.missing_flags(fx.user("ci", {}), names) == []
	row := fx.user("ci", {"password_enabled": null, "access_key_2_active": "maybe"})
	credentials.missing_flags(row, names) == ["password_enabled", "access_key_2_active"]
	credentials.missing_flags(object.remove(fx.user("ci", {}), ["access_key_1_active"]), names) == ["access_key_1_active"]
}

test_no_value if {
	credentials.no_value(["mfa_active"]) == "the credential report row has no value for mfa_active"
	credentials.no_value(["a", "b"]) == "the credential report row has no value for a and b"
	credentials.no_value(["a", "b", "c"]) == "the credential report row has no value for a, b and c"
}

test_credentials_password_then_active_keys if {
	# key 1 existed once (it has a rotation date) but is inactive: not a credential.
	row := fx.console_user("alice", object.union(
		fx.key(2, "2026-11-01T00:00:00Z", null),
		{"access_key_1_last_rotated": "2026-01-01T00:00:00Z"},
	))
	[c.name | some c in credentials.credentials(row)] == ["password", "access key 2"]
	row_both := fx.service_user("ci", {"access_key_2_active": true})
	[c.name | some c in credentials.credentials(row_both)] == ["access key 1", "access key 2"]
	credentials.credentials(fx.user("nobody", {})) == []
}

test_last_active_uses_the_last_use if {
	row := fx.console_user("alice", {})
	[password] := credentials.credentials(row)
	credentials.last_active(row, password) == {"at": "2026-11-18T09:00:00Z", "used": true, "event": "last used"}
}

test_last_active_never_used_falls_back_to_when_it_was_set if {
	row := fx.console_user("alice", object.union({"password_last_used": null}, fx.key(1, "2026-08-01T00:00:00Z", null)))
	[password, key1] := credentials.credentials(row)
	credentials.last_active(row, password) == {"at": "2026-11-01T00:00:00Z", "used": false, "event": "set"}
	credentials.last_active(row, key1) == {"at": "2026-08-01T00:00:00Z", "used": false, "event": "created"}
}

test_last_active_falls_back_to_user_creation if {
	row := fx.user("ci", {"access_key_1_active": true})
	[key1] := credentials.credentials(row)
	credentials.last_active(row, key1) == {"at": "2020-01-01T00:00:00Z", "used": false, "event": "user created"}
}

test_last_active_undefined_without_any_timestamp if {
	row := fx.user("ci", {"access_key_1_active": true, "user_creation_time": null})
	[key1] := credentials.credentials(row)
	not credentials.last_active(row, key1)
	credentials.activity_columns(key1) == ["access_key_1_last_used_date", "access_key_1_last_rotated", "user_creation_time"]
}
