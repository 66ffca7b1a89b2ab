package tenet.aws.password_policy_length_test

import data.tenet.aws.password_policy_length.findings

arn := "arn:aws:iam::222233334444:root"

finding(status, message) := {"resource": arn, "status": status, "message": message}

# A password policy that meets every built-in rule.
strong := {
	"minimum_password_length": 14,
	"require_symbols": true,
	"require_numbers": true,
	"require_uppercase_characters": true,
	"require_lowercase_characters": true,
	"allow_users_to_change_password": true,
	"expire_passwords": true,
	"max_password_age": 90,
	"password_reuse_prevention": 24,
	"hard_expiry": false,
}

# Input for one account with the given password policy and password_policy_state.
with_state(state, policy) := {
	"collected_at": "2026-11-20T00:00:00Z",
	"account": {
		"account_id": "222233334444",
		"name": "prod",
		"is_management": false,
		"parents": [],
		"effective_scps": [],
		"credential_report": null,
		"password_policy": policy,
		"password_policy_state": state,
		"root_virtual_mfa": null,
		"account_summary": null,
		"errors": [],
	},
	"organization": null,
}

# Input whose set password policy is the strong one with `changes` applied.
with_policy(changes) := with_state("set", object.union(strong, changes))

# Input whose set password policy is the strong one without `field`.
without(field) := json.remove(with_policy({}), [sprintf("account/password_policy/%s", [field])])

not_collected := with_state("unknown", null)

no_policy := with_state("none", null)

test_unknown_not_collected if {
	inp := not_collected
	findings == {finding("unknown", "password policy not collected")} with input as inp
}

test_unknown_not_collected_names_collector_error if {
	error := {"stage": "password_policy", "message": "AccessDenied: iam:GetAccountPasswordPolicy"}
	inp := object.union(not_collected, {"account": {"errors": [error]}})
	msg := "password policy not collected: AccessDenied: iam:GetAccountPasswordPolicy"
	findings == {finding("unknown", msg)} with input as inp
}

test_pass_fourteen_characters if {
	inp := with_policy({})
	msg := "the password policy requires at least 14 characters (14 or more required)"
	findings == {finding("pass", msg)} with input as inp
}

test_pass_longer if {
	inp := with_policy({"minimum_password_length": 32})
	msg := "the password policy requires at least 32 characters (14 or more required)"
	findings == {finding("pass", msg)} with input as inp
}

test_fail_eight_characters if {
	inp := with_policy({"minimum_password_length": 8})
	msg := "the password policy requires only 8 characters (14 or more required)"
	findings == {finding("fail", msg)} with input as inp
}

test_boundary_thirteen_fails_fourteen_passes if {
	short := with_policy({"minimum_password_length": 13})
	findings == {finding("fail", "the password policy requires only 13 characters (14 or more required)")} with input as short
	exact := with_policy({"minimum_password_length": 14})
	findings == {finding("pass", "the password policy requires at least 14 characters (14 or more required)")} with input as exact
}

test_boundary_minimum_comes_from_config if {
	inp := with_policy({"minimum_password_length": 10})
	pass_msg := "the password policy requires at least 10 characters (10 or more required)"
	findings == {finding("pass", pass_msg)} with input as inp with data.tenet.config.password_min_length as 10
	fail_msg := "the password policy requires only 10 characters (11 or more required)"
	findings == {finding("fail", fail_msg)} with input as inp with data.tenet.config.password_min_length as 11
}

test_fail_no_password_policy if {
	inp := no_policy
	msg := "the account has no password policy; AWS then accepts passwords of 8 characters"
	findings == {finding("fail", msg)} with input as inp
}

test_unknown_state_missing if {
	inp := json.remove(with_policy({}), ["account/password_policy_state"])
	findings == {finding("unknown", "password policy not collected")} with input as inp
}

test_unknown_state_set_without_policy if {
	inp := with_state("set", null)
	msg := "password_policy_state is \"set\" but no password policy was collected"
	findings == {finding("unknown", msg)} with input as inp
}

# AWS always returns MinimumPasswordLength, so a policy without it is incomplete data.
test_unknown_length_missing if {
	absent := without("minimum_password_length")
	msg := "the collected password policy has no minimum_password_length value"
	findings == {finding("unknown", msg)} with input as absent
	null_value := with_policy({"minimum_password_length": null})
	findings == {finding("unknown", msg)} with input as null_value
}
