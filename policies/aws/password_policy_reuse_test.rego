package tenet.aws.password_policy_reuse_test

import data.tenet.aws.password_policy_reuse.findings

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

test_pass_twenty_four if {
	inp := with_policy({})
	msg := "the password policy prevents reuse of the last 24 passwords (24 or more required)"
	findings == {finding("pass", msg)} with input as inp
}

test_fail_five if {
	inp := with_policy({"password_reuse_prevention": 5})
	msg := "the password policy prevents reuse of only the last 5 passwords (24 or more required)"
	findings == {finding("fail", msg)} with input as inp
}

test_boundary_twenty_three_fails_twenty_four_passes if {
	low := with_policy({"password_reuse_prevention": 23})
	fail_msg := "the password policy prevents reuse of only the last 23 passwords (24 or more required)"
	findings == {finding("fail", fail_msg)} with input as low
	exact := with_policy({"password_reuse_prevention": 24})
	pass_msg := "the password policy prevents reuse of the last 24 passwords (24 or more required)"
	findings == {finding("pass", pass_msg)} with input as exact
}

test_boundary_reuse_comes_from_config if {
	inp := with_policy({"password_reuse_prevention": 12})
	pass_msg := "the password policy prevents reuse of the last 12 passwords (12 or more required)"
	findings == {finding("pass", pass_msg)} with input as inp with data.tenet.config.password_reuse as 12
	fail_msg := "the password policy prevents reuse of only the last 12 passwords (13 or more required)"
	findings == {finding("fail", fail_msg)} with input as inp with data.tenet.config.password_reuse as 13
}

# AWS leaves PasswordReusePrevention out when reuse prevention is off.
test_fail_reuse_prevention_not_set if {
	msg := "the password policy does not prevent password reuse (password_reuse_prevention not set; 24 or more required)"
	absent := without("password_reuse_prevention")
	findings == {finding("fail", msg)} with input as absent
	null_value := with_policy({"password_reuse_prevention": null})
	findings == {finding("fail", msg)} with input as null_value
}

test_fail_reuse_prevention_zero if {
	inp := with_policy({"password_reuse_prevention": 0})
	msg := "the password policy does not prevent password reuse (password_reuse_prevention 0; 24 or more required)"
	findings == {finding("fail", msg)} with input as inp
}

test_fail_no_password_policy if {
	inp := no_policy
	msg := "the account has no password policy; AWS then lets IAM users reuse any previous password"
	findings == {finding("fail", msg)} with input as inp
}
