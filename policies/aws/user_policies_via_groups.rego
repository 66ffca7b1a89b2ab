# METADATA
# title: IAM users receive permissions only through groups
# description: >-
#   Permissions granted to users one by one drift away from the job functions a group
#   stands for, and are missed when access is reviewed. Follows CIS AWS Foundations v3.0
#   1.15, v6.0 2.14 and v7.0 2.13 "Ensure IAM users receive permissions only through
#   groups", whose audit runs list-attached-user-policies and list-user-policies for each
#   user: "If any policies are returned, the user has an inline policy or direct policy
#   attachment." Read from GetAccountAuthorizationDetails (input.account.iam). For each
#   IAM user: fails when it has a managed policy attached directly or an inline policy,
#   naming each one; passes otherwise, whether or not it is in a group (a user with no
#   policy at all has no permission that bypasses a group). Unknown for a user whose
#   attached_policies or inline_policies is not a list. Not applicable, one finding on the
#   account's root ARN, when the account has no IAM user. When no authorization details
#   were collected, one unknown finding on the account's root ARN. Permissions boundaries
#   grant nothing and are not counted.
# custom:
#   id: user_policies_via_groups
#   severity: medium
#   resource: user
#   recommended_action: >-
#     Create a group per job function, attach the user's policies to it (turn inline
#     policies into customer managed ones), add the user to the group, then detach the
#     user's managed policies and delete its inline policies. Better still, move people
#     to IAM Identity Center and grant access through permission sets.
#   frameworks:
#     cis-aws-3.0: ["1.15"]
#     cis-aws-6.0: ["2.14"]
#     cis-aws-7.0: ["2.13"]
#     soc2: ["CC6.1", "CC6.3"]
#     hipaa: ["164.308(a)(4)(ii)(B)", "164.308(a)(4)(ii)(C)", "164.312(a)(1)"]
package tenet.aws.user_policies_via_groups

import data.tenet.lib.authorization as authz
import data.tenet.lib.iam

findings contains authz.missing_finding

findings contains iam.root_finding("not_applicable", "the account has no IAM user") if {
	count(object.get(authz.details, "users", [])) == 0
}

findings contains {"resource": user.arn, "status": status, "message": message} if {
	some user in authz.details.users
	[status, message] := outcome(user)
}

outcome(user) := ["unknown", "the authorization details do not list the user's attached and inline policies"] if {
	not is_array(object.get(user, "attached_policies", null))
} else := ["unknown", "the authorization details do not list the user's attached and inline policies"] if {
	not is_array(object.get(user, "inline_policies", null))
} else := ["fail", sprintf("user has policies of its own: %s", [concat(", ", direct(user))])] if {
	count(direct(user)) > 0
} else := ["pass", sprintf("user has no attached or inline policy (%s)", [membership(user)])]

# Each directly attached managed policy, then each inline policy, named.
direct(user) := array.concat(
	[sprintf("managed policy %s attached", [authz.policy_name(arn)]) | some arn in user.attached_policies],
	[sprintf("inline policy %s", [p.name]) | some p in user.inline_policies],
)

# What the user's permissions come through, for a pass.
membership(user) := sprintf("permissions only through groups %s", [concat(", ", user.groups)]) if {
	count(object.get(user, "groups", [])) > 0
} else := "in no group, so no permissions"
