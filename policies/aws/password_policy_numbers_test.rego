package tenet.aws.password_policy_numbers_test

import data.tenet.aws.password_policy_numbers.findings

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

test_pass_required if {
	inp := with_policy({})
	msg := "the password policy requires a number in every password (require_numbers true)"
	findings == {finding("pass", msg)} with input as inp
}

test_fail_not_required if {
	inp := with_policy({"require_numbers": false})
	msg := "the password policy does not require a number (require_numbers false)"
	findings == {finding("fail", msg)} with input as inp
}

test_fail_no_password_policy if {
	inp := no_policy
	msg := concat("", [
		"the account has no password policy; AWS then requires any three of uppercase letters, lowercase letters, ",
		"numbers and symbols, so a password need not contain a number",
	])
	findings == {finding("fail", msg)} with input as inp
}

# AWS always returns require_numbers, so a policy without it is incomplete data.
test_unknown_field_missing if {
	inp := without("require_numbers")
	msg := "the collected password policy has no require_numbers value"
	findings == {finding("unknown", msg)} with input as inp
}
