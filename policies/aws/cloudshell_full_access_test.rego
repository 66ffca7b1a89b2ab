package tenet.aws.cloudshell_full_access_test

import data.tenet.aws.cloudshell_full_access.findings
import data.tenet.lib.authorization_fixtures_test as ax
import data.tenet.lib.fixtures_test as fx

shell := ax.aws_policy("AWSCloudShellFullAccess")

test_fail_each_holder if {
	inp := ax.input_with({
		"users": [ax.user("alice", {"attached_policies": [shell]}), ax.user("bob", {})],
		"groups": [ax.group("developers", {"attached_policies": [ax.aws_policy("ReadOnlyAccess"), shell]})],
		"roles": [ax.role("ops", {"attached_policies": ["arn:aws-cn:iam::aws:policy/AWSCloudShellFullAccess"]})],
	})
	findings == {
		fx.finding(ax.arn("user", "alice"), "fail", "user has AWSCloudShellFullAccess attached"),
		fx.finding(ax.arn("group", "developers"), "fail", "group has AWSCloudShellFullAccess attached"),
		fx.finding(ax.arn("role", "ops"), "fail", "role has AWSCloudShellFullAccess attached"),
	} with input as inp
}

# A customer managed policy of the same name is not AWS's policy.
test_pass_none if {
	inp := ax.input_with({
		"users": [ax.user("bob", {"attached_policies": [ax.arn("policy", "AWSCloudShellFullAccess")]})],
		"roles": [ax.role("ci", {})],
	})
	msg := "no user, group or role has AWSCloudShellFullAccess attached"
	findings == {fx.finding(fx.root_arn, "pass", msg)} with input as inp
}

test_unknown_iam_null if {
	inp := ax.input_iam(null)
	expected := ax.no_details
	findings == {expected} with input as inp
}
