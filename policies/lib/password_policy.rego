# The account password policy, and the decision every password policy rule shares.
#
# input.account.password_policy_state says what the collector learned: "set" (the
# policy is in input.account.password_policy), "none" (AWS answered NoSuchEntity: the
# account has no password policy and AWS's default rules apply), or "unknown" (not
# collected; also assumed when the key is missing or null).
#
# Absent fields in a set policy: GetAccountPasswordPolicy leaves out MaxPasswordAge and
# PasswordReusePrevention when they are not set, so their absence means AWS's default
# (passwords never expire; any previous password may be reused). It always returns
# MinimumPasswordLength, ExpirePasswords and the four Require* flags, so a policy without
# one of those is incomplete data, and the rule that needs it says unknown, naming it.
package tenet.lib.password_policy

import data.tenet.lib.iam

state := s if {
	s := object.get(input.account, "password_policy_state", null)
	s in {"set", "none"}
} else := "unknown"

policy := object.get(input.account, "password_policy", null)

# The value of one field of the set policy (snake_case, e.g. minimum_password_length);
# null when the policy does not have it; undefined when no policy was collected.
value(field) := object.get(policy, field, null) if is_object(policy)

# The outcome of a password policy rule when there is no set policy to check:
# ["unknown", why] when the policy was not collected, ["fail", ...] when the account has
# none, in which case AWS applies its default rules; `consequence` says what that means
# for the rule, e.g. "lets IAM users reuse any previous password". Undefined when a
# policy is set and collected: the rule then checks its field.
unset_outcome(consequence) := ["unknown", not_collected] if {
	state == "unknown"
} else := ["fail", sprintf("the account has no password policy; AWS then %s", [consequence])] if {
	state == "none"
} else := ["unknown", "password_policy_state is \"set\" but no password policy was collected"] if {
	policy == null
}

not_collected := sprintf("password policy not collected%s", [iam.collection_errors("password_policy")])

# For a field the collected policy should always have: the unknown message when it lacks it.
field_missing(field) := sprintf("the collected password policy has no %s value", [field])

# The whole outcome of a rule that requires one character type: pass when `field` is
# true, fail when it is false. `kind` names the character type, e.g. "an uppercase
# letter". With no policy AWS's default asks for three of the four types, so no
# single type is required.
character_outcome(field, kind) := outcome if {
	outcome := unset_outcome(sprintf(
		"requires any three of uppercase letters, lowercase letters, numbers and symbols, so a password need not contain %s",
		[kind],
	))
} else := ["pass", sprintf("the password policy requires %s in every password (%s true)", [kind, field])] if {
	value(field) == true
} else := ["fail", sprintf("the password policy does not require %s (%s false)", [kind, field])] if {
	value(field) == false
} else := ["unknown", field_missing(field)]
