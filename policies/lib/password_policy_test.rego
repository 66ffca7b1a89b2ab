package tenet.lib.password_policy_test

import data.tenet.lib.password_policy as pp

account(state, policy) := {"account_id": "222233334444", "password_policy_state": state, "password_policy": policy}

test_state if {
	pp.state == "set" with input.account as account("set", {})
	pp.state == "none" with input.account as account("none", null)
	pp.state == "unknown" with input.account as account("unknown", null)
	pp.state == "unknown" with input.account as account(null, null)
	pp.state == "unknown" with input.account as account("bogus", null)
	pp.state == "unknown" with input.account as {"account_id": "222233334444"}
}

test_unset_outcome if {
	pp.unset_outcome("x") == ["unknown", "password policy not collected"] with input.account as account("unknown", null)
	pp.unset_outcome("x") == ["fail", "the account has no password policy; AWS then x"] with input.account as account("none", null)
	msg := "password_policy_state is \"set\" but no password policy was collected"
	pp.unset_outcome("x") == ["unknown", msg] with input.account as account("set", null)
	not pp.unset_outcome("x") with input.account as account("set", {"minimum_password_length": 14})
}

test_value if {
	pp.value("minimum_password_length") == 14 with input.account as account("set", {"minimum_password_length": 14})
	pp.value("max_password_age") == null with input.account as account("set", {"minimum_password_length": 14})
	not pp.value("max_password_age") with input.account as account("none", null)
}

test_character_outcome if {
	acct := account("set", {"require_numbers": true})
	pp.character_outcome("require_numbers", "a number") == [
		"pass",
		"the password policy requires a number in every password (require_numbers true)",
	] with input.account as acct
	pp.character_outcome("require_symbols", "a symbol") == [
		"unknown",
		"the collected password policy has no require_symbols value",
	] with input.account as acct
}
