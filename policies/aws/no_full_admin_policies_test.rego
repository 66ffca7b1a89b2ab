package tenet.aws.no_full_admin_policies_test

import data.tenet.aws.no_full_admin_policies.findings
import data.tenet.lib.authorization_fixtures_test as ax
import data.tenet.lib.fixtures_test as fx

admin_arn := ax.aws_policy("AdministratorAccess")

# AdministratorAccess as AWS writes it: Statement an array, Action and Resource strings.
admin_document := {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}

readonly_arn := ax.aws_policy("ReadOnlyAccess")

custom_arn := ax.arn("policy", "Deploy")

with_policies(policies) := ax.input_with({"policies": policies})

pass_msg(what) := sprintf("%s allows no full administrative privileges", [what])

fail_msg(what, statements) := sprintf("%s allows full administrative privileges (*:*): %s", [what, statements])

test_fail_aws_managed_administrator_access_pass_read_only if {
	inp := with_policies([
		ax.managed(admin_arn, 1, admin_document),
		ax.managed(readonly_arn, 3, ax.allow(["s3:Get*", "ec2:Describe*"], "*")),
	])
	findings == {
		fx.finding(admin_arn, "fail", fail_msg("AWS managed policy AdministratorAccess", `statement 1 allows Action "*" on Resource "*"`)),
		fx.finding(readonly_arn, "pass", pass_msg("AWS managed policy ReadOnlyAccess")),
	} with input as inp
}

# Statement an object, Action and Resource lists with "*" among other entries, a Sid.
test_fail_customer_managed_lists_and_sid if {
	doc := {"Statement": {"Sid": "Everything", "Effect": "Allow", "Action": ["s3:GetObject", "*"], "Resource": ["arn:aws:s3:::b", "*"]}}
	inp := with_policies([ax.managed(custom_arn, 2, doc)])
	msg := fail_msg("customer managed policy Deploy", `statement 1 (Sid Everything) allows Action ["s3:GetObject","*"] on Resource ["arn:aws:s3:::b","*"]`)
	findings == {fx.finding(custom_arn, "fail", msg)} with input as inp
}

# "*:*" matches every action as IAM matches actions: the title's own spelling.
test_fail_star_colon_star_under_condition if {
	doc := {"Statement": [
		{"Effect": "Deny", "Action": "*", "Resource": "*"},
		{"Effect": "Allow", "Action": "*:*", "Resource": "*", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}},
	]}
	inp := with_policies([ax.managed(custom_arn, 1, doc)])
	msg := fail_msg("customer managed policy Deploy", `statement 2 allows Action "*:*" on Resource "*" (under a Condition, which does not limit what it grants)`)
	findings == {fx.finding(custom_arn, "fail", msg)} with input as inp
}

# NotAction is not Action "*": PowerUserAccess (everything but IAM and Organizations) is not
# full administrative access, as AWS Config's iam-policy-no-statements-with-admin-access reads
# it. NotResource with Action "*" is every resource but a few: counted, the stricter reading.
test_not_action_passes_not_resource_fails if {
	power_user := {"Statement": [{"Effect": "Allow", "NotAction": ["iam:*", "organizations:*"], "Resource": "*"}]}
	all_but := {"Statement": [{"Effect": "Allow", "Action": "*", "NotResource": "arn:aws:s3:::secret/*"}]}
	inp := with_policies([
		ax.managed(ax.aws_policy("PowerUserAccess"), 1, power_user),
		ax.managed(custom_arn, 1, all_but),
	])
	msg := fail_msg("customer managed policy Deploy", `statement 1 allows Action "*" on every resource but NotResource "arn:aws:s3:::secret/*"`)
	findings == {
		fx.finding(ax.aws_policy("PowerUserAccess"), "pass", pass_msg("AWS managed policy PowerUserAccess")),
		fx.finding(custom_arn, "fail", msg),
	} with input as inp
}

# A NotAction allows no "*"; "*" on one resource is not "*" on "*".
test_pass_narrow_statements if {
	doc := {"Statement": [
		{"Effect": "Allow", "NotAction": "*", "Resource": "*"},
		{"Effect": "Allow", "Action": "*", "Resource": "arn:aws:s3:::bucket"},
		{"Effect": "Allow", "Action": "s3:*", "Resource": "*"},
	]}
	inp := with_policies([ax.managed(custom_arn, 1, doc)])
	findings == {fx.finding(custom_arn, "pass", pass_msg("customer managed policy Deploy"))} with input as inp
}

# Only attached policies are in scope; a missing count is evaluated as attached.
test_unattached_skipped_missing_count_evaluated if {
	unattached := ax.managed(ax.arn("policy", "Old"), 0, admin_document)
	no_count := object.remove(ax.managed(custom_arn, 0, admin_document), ["attachment_count"])
	inp := with_policies([unattached, no_count])
	msg := fail_msg("customer managed policy Deploy", `statement 1 allows Action "*" on Resource "*"`)
	findings == {fx.finding(custom_arn, "fail", msg)} with input as inp
}

test_unknown_attached_policy_without_document if {
	inp := with_policies([ax.managed(admin_arn, 1, null)])
	msg := "AWS managed policy AdministratorAccess: its policy document was not collected"
	findings == {fx.finding(admin_arn, "unknown", msg)} with input as inp
}

test_inline_policies_of_users_groups_and_roles if {
	inp := ax.input_with({
		"users": [ax.user("breakglass", {"inline_policies": [{"name": "all", "document": admin_document}]})],
		"groups": [ax.group("dev", {"inline_policies": [{"name": "s3", "document": ax.allow("s3:*", "*")}]})],
		"roles": [ax.role("ci", {"inline_policies": [{"name": "lost", "document": null}]})],
	})
	findings == {
		fx.finding(ax.arn("user", "breakglass"), "fail", fail_msg("inline policy all of user breakglass", `statement 1 allows Action "*" on Resource "*"`)),
		fx.finding(ax.arn("group", "dev"), "pass", pass_msg("inline policy s3 of group dev")),
		fx.finding(ax.arn("role", "ci"), "unknown", "inline policy lost of role ci: its policy document was not collected"),
	} with input as inp
}

test_not_applicable_nothing_attached if {
	inp := with_policies([ax.managed(custom_arn, 0, admin_document)])
	findings == {fx.finding(fx.root_arn, "not_applicable", "the account has no attached managed policy and no inline policy")} with input as inp
}

test_unknown_iam_null if {
	inp := ax.input_iam(null)
	expected := ax.no_details
	findings == {expected} with input as inp
}
