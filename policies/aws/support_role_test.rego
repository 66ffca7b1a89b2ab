package tenet.aws.support_role_test

import data.tenet.aws.support_role.findings
import data.tenet.lib.authorization_fixtures_test as ax
import data.tenet.lib.fixtures_test as fx

support := ax.aws_policy("AWSSupportAccess")

test_pass_roles_named if {
	inp := ax.input_with({"roles": [
		ax.role("support", {"attached_policies": [support]}),
		ax.role("ci", {"attached_policies": [ax.aws_policy("ReadOnlyAccess")]}),
		ax.role("incident", {"attached_policies": ["arn:aws-us-gov:iam::aws:policy/AWSSupportAccess"]}),
	]})
	msg := "AWSSupportAccess is attached to role(s) incident, support"
	findings == {fx.finding(fx.root_arn, "pass", msg)} with input as inp
}

test_fail_no_role if {
	inp := ax.input_with({"roles": [ax.role("ci", {})]})
	findings == {fx.finding(fx.root_arn, "fail", "AWSSupportAccess is attached to no role")} with input as inp
}

# The audit reads PolicyRoles: a user or group holding the policy is no support role.
# A customer managed policy of the same name is not AWS's policy.
test_fail_only_users_and_groups if {
	inp := ax.input_with({
		"users": [ax.user("ops", {"attached_policies": [support]})],
		"groups": [ax.group("oncall", {"attached_policies": [support]})],
		"roles": [ax.role("fake", {"attached_policies": [ax.arn("policy", "AWSSupportAccess")]})],
	})
	msg := "AWSSupportAccess is attached to no role (only to users ops; groups oncall)"
	findings == {fx.finding(fx.root_arn, "fail", msg)} with input as inp
}

test_unknown_iam_null if {
	inp := ax.input_iam(null)
	expected := ax.no_details
	findings == {expected} with input as inp
}
