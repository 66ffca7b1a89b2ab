package tenet.aws.password_policy_max_age_test

import data.tenet.aws.password_policy_max_age.findings

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

test_pass_ninety_days if {
	inp := with_policy({})
	msg := "the password policy expires passwords after 90 days (90 days or less required)"
	findings == {finding("pass", msg)} with input as inp
}

test_pass_one_day if {
	inp := with_policy({"max_password_age": 1})
	msg := "the password policy expires passwords after 1 day (90 days or less required)"
	findings == {finding("pass", msg)} with input as inp
}

test_fail_a_year if {
	inp := with_policy({"max_password_age": 365})
	msg := "the password policy expires passwords only after 365 days (90 days or less required)"
	findings == {finding("fail", msg)} with input as inp
}

test_boundary_ninety_passes_ninety_one_fails if {
	exact := with_policy({"max_password_age": 90})
	pass_msg := "the password policy expires passwords after 90 days (90 days or less required)"
	findings == {finding("pass", pass_msg)} with input as exact
	over := with_policy({"max_password_age": 91})
	fail_msg := "the password policy expires passwords only after 91 days (90 days or less required)"
	findings == {finding("fail", fail_msg)} with input as over
}

test_boundary_max_age_comes_from_config if {
	inp := with_policy({"max_password_age": 60})
	pass_msg := "the password policy expires passwords after 60 days (60 days or less required)"
	findings == {finding("pass", pass_msg)} with input as inp with data.tenet.config.password_max_age_days as 60
	fail_msg := "the password policy expires passwords only after 60 days (59 days or less required)"
	findings == {finding("fail", fail_msg)} with input as inp with data.tenet.config.password_max_age_days as 59
}

# AWS leaves MaxPasswordAge out, and says ExpirePasswords false, when passwords never expire.
test_fail_never_expires if {
	inp := json.remove(with_policy({"expire_passwords": false}), ["account/password_policy/max_password_age"])
	msg := "the password policy does not expire passwords (expire_passwords false; 90 days or less required)"
	findings == {finding("fail", msg)} with input as inp
}

test_fail_max_age_not_set if {
	absent := without("max_password_age")
	msg := "the password policy does not expire passwords (max_password_age not set; 90 days or less required)"
	findings == {finding("fail", msg)} with input as absent
}

test_fail_max_age_zero if {
	inp := with_policy({"max_password_age": 0})
	msg := "the password policy does not expire passwords (max_password_age 0; 90 days or less required)"
	findings == {finding("fail", msg)} with input as inp
}

# ExpirePasswords false wins over a leftover maximum age.
test_fail_expire_passwords_false if {
	inp := with_policy({"expire_passwords": false, "max_password_age": 30})
	msg := "the password policy does not expire passwords (expire_passwords false; 90 days or less required)"
	findings == {finding("fail", msg)} with input as inp
}

# ExpirePasswords is derived from MaxPasswordAge, so the age alone decides when it is absent.
test_pass_expire_passwords_absent if {
	inp := without("expire_passwords")
	msg := "the password policy expires passwords after 90 days (90 days or less required)"
	findings == {finding("pass", msg)} with input as inp
}

test_fail_no_password_policy if {
	inp := no_policy
	msg := "the account has no password policy; AWS then never expires IAM user passwords"
	findings == {finding("fail", msg)} with input as inp
}
