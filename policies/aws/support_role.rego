# METADATA
# title: A support role exists to manage incidents with AWS Support
# description: >-
#   Without a role allowed to open and manage AWS Support cases, incident response waits
#   for the root user or an over-privileged administrator. Follows CIS AWS Foundations v3.0
#   1.17, v6.0 2.16 and v7.0 2.15 "Ensure a support role has been created to manage
#   incidents with AWS Support", whose audit runs list-entities-for-policy --policy-arn
#   arn:aws:iam::aws:policy/AWSSupportAccess and requires that "PolicyRoles does not
#   return empty". Read from GetAccountAuthorizationDetails (input.account.iam): one
#   finding on the account's root ARN. Passes when the AWS managed policy AWSSupportAccess
#   (arn:<partition>:iam::aws:policy/AWSSupportAccess, any partition) is attached to at
#   least one role, naming the roles. Fails otherwise, also when it is attached only to
#   users or groups (the audit looks at PolicyRoles only; the message names them). Whether
#   anyone can assume the role is not judged (the audit does not). Unknown when no
#   authorization details were collected.
# custom:
#   id: support_role
#   severity: low
#   recommended_action: >-
#     Create a role that the incident responders can assume (trusting your identity
#     provider, IAM Identity Center or the accounts they sign in to) and attach the AWS
#     managed policy AWSSupportAccess to it.
#   resource: account
#   frameworks:
#     cis-aws-3.0: ["1.17"]
#     cis-aws-6.0: ["2.16"]
#     cis-aws-7.0: ["2.15"]
#     soc2: ["CC7.3", "CC7.4"]
#     hipaa: ["164.308(a)(6)(i)", "164.308(a)(6)(ii)"]
package tenet.aws.support_role

import data.tenet.lib.authorization as authz
import data.tenet.lib.iam

findings contains authz.missing_finding

findings contains iam.root_finding(status, message) if {
	authz.details
	[status, message] := outcome
}

# Each user, group and role with AWSSupportAccess attached, as "<kind> <name>".
holders(kind) := sort([p.name |
	some p in authz.principals
	p.kind == kind
	some arn in p.attached_policies
	authz.is_aws_managed(arn, "AWSSupportAccess")
])

outcome := ["pass", sprintf("AWSSupportAccess is attached to role(s) %s", [concat(", ", holders("role"))])] if {
	count(holders("role")) > 0
} else := ["fail", sprintf("AWSSupportAccess is attached to no role (only to %s)", [concat("; ", others)])] if {
	others := [sprintf("%ss %s", [kind, concat(", ", holders(kind))]) | some kind in ["user", "group"]; count(holders(kind)) > 0]
	count(others) > 0
} else := ["fail", "AWSSupportAccess is attached to no role"]
