package tenet.aws.user_policies_via_groups_test

import data.tenet.aws.user_policies_via_groups.findings
import data.tenet.lib.authorization_fixtures_test as ax
import data.tenet.lib.fixtures_test as fx

test_pass_permissions_through_groups if {
	inp := ax.input_with({"users": [ax.user("alice", {"groups": ["admins", "dev"]})]})
	msg := "user has no attached or inline policy (permissions only through groups admins, dev)"
	findings == {fx.user_finding("alice", "pass", msg)} with input as inp
}

test_pass_no_group_no_policy if {
	inp := ax.input_with({"users": [ax.user("bob", {})]})
	msg := "user has no attached or inline policy (in no group, so no permissions)"
	findings == {fx.user_finding("bob", "pass", msg)} with input as inp
}

test_fail_attached_and_inline_policies_named if {
	inp := ax.input_with({"users": [
		ax.user("breakglass", {
			"groups": ["admins"],
			"attached_policies": ["arn:aws:iam::aws:policy/AdministratorAccess", "arn:aws:iam::222233334444:policy/team/Deploy"],
			"inline_policies": [{"name": "s3-read", "document": ax.allow("s3:GetObject", "*")}],
		}),
		ax.user("carol", {"groups": ["dev"]}),
	]})
	msg := concat("", [
		"user has policies of its own: managed policy AdministratorAccess attached, ",
		"managed policy Deploy attached, inline policy s3-read",
	])
	findings == {
		fx.user_finding("breakglass", "fail", msg),
		fx.user_finding("carol", "pass", "user has no attached or inline policy (permissions only through groups dev)"),
	} with input as inp
}

test_fail_inline_only if {
	inp := ax.input_with({"users": [ax.user("dave", {"inline_policies": [{"name": "x", "document": null}]})]})
	findings == {fx.user_finding("dave", "fail", "user has policies of its own: inline policy x")} with input as inp
}

test_unknown_policies_not_listed if {
	user := object.remove(ax.user("erin", {}), ["attached_policies"])
	user2 := object.union(ax.user("frank", {}), {"inline_policies": null})
	inp := ax.input_with({"users": [user, user2]})
	msg := "the authorization details do not list the user's attached and inline policies"
	findings == {fx.user_finding("erin", "unknown", msg), fx.user_finding("frank", "unknown", msg)} with input as inp
}

test_not_applicable_no_users if {
	inp := ax.input_with({"users": []})
	findings == {fx.finding(fx.root_arn, "not_applicable", "the account has no IAM user")} with input as inp
}

test_unknown_iam_null if {
	inp := ax.input_iam(null)
	expected := ax.no_details
	findings == {expected} with input as inp
}

test_unknown_iam_absent_names_collector_error if {
	inp := object.union(fx.account_input(null), {"account": {"errors": [{"stage": "iam", "message": "AccessDenied: iam:GetAccountAuthorizationDetails"}]}})
	msg := "no IAM authorization details collected: AccessDenied: iam:GetAccountAuthorizationDetails"
	findings == {fx.finding(fx.root_arn, "unknown", msg)} with input as inp
}
