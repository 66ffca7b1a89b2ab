# METADATA
# title: No attached IAM policy allows full "*:*" administrative privileges
# description: >-
#   A policy that allows every action on every resource makes whoever holds it an
#   administrator of the whole account, able to grant itself or anyone anything. Follows
#   CIS AWS Foundations v3.0 1.16, v6.0 2.15 and v7.0 2.14 "Ensure IAM policies that allow
#   full '*:*' administrative privileges are not attached", whose audit lists the attached
#   policies (list-policies --only-attached), reads each one's default version
#   (get-policy-version) and checks that it has no "Statement block with Effect Allow and
#   Action set to * and Resource set to *". Read from GetAccountAuthorizationDetails
#   (input.account.iam). One finding per attached managed policy, customer or AWS managed
#   (attachment_count other than 0; a policy whose count is missing is evaluated too), on
#   the policy's ARN; and, going beyond the audit's managed policies (an inline policy is
#   attached by definition and grants the same), one per inline policy of each user, group
#   and role, on the principal's ARN, the message naming the policy. Fails when a statement
#   has Effect Allow, an Action "*" (a string or an element of the list; any pattern that
#   matches every action, such as "*:*", counts the same, as IAM matches actions) and a
#   Resource "*" (string or list element), naming each such statement. Stricter readings,
#   where the audit text does not say: a Condition does not excuse the statement (it limits
#   when, not what, and conditions such as MFA present are easily met by an administrator);
#   an Allow with NotResource counts as Resource "*" (every resource but a few). An Allow
#   with NotAction is not Action "*" and does not count: it withholds the actions it names
#   (PowerUserAccess withholds IAM and Organizations, so it cannot administer access), and
#   AWS Config's managed rule iam-policy-no-statements-with-admin-access, AWS's own reading
#   of this control, looks at Action "*" only. Passes otherwise. Unknown for
#   an attached managed policy, or an inline policy, whose document was not collected. Not
#   applicable, one finding on the account's root ARN, when the account has no attached
#   managed policy and no inline policy. When no authorization details were collected, one
#   unknown finding on the account's root ARN.
# custom:
#   id: no_full_admin_policies
#   severity: high
#   resource: account
#   recommended_action: >-
#     Replace the policy with one granting only the actions and resources the job needs
#     (IAM Access Analyzer can generate one from CloudTrail activity), then detach it, or
#     delete the inline policy. Keep full administrator access for a few break-glass roles
#     that require MFA, and prefer AWS's job-function policies to "*" on "*".
#   frameworks:
#     cis-aws-3.0: ["1.16"]
#     cis-aws-6.0: ["2.15"]
#     cis-aws-7.0: ["2.14"]
#     soc2: ["CC6.1", "CC6.3"]
#     hipaa: ["164.308(a)(3)(ii)(A)", "164.308(a)(4)(ii)(B)", "164.312(a)(1)"]
package tenet.aws.no_full_admin_policies

import data.tenet.lib.authorization as authz
import data.tenet.lib.conditions
import data.tenet.lib.iam

findings contains authz.missing_finding

findings contains {"resource": policy.arn, "status": status, "message": message} if {
	some policy in attached_policies
	[status, message] := outcome(sprintf("%s %s", [kind(policy), policy.name]), policy.document)
}

findings contains {"resource": who.arn, "status": status, "message": message} if {
	some who in authz.principals
	some policy in object.get(who, "inline_policies", [])
	[status, message] := outcome(sprintf("inline policy %s of %s %s", [policy.name, who.kind, who.name]), policy.document)
}

findings contains iam.root_finding("not_applicable", "the account has no attached managed policy and no inline policy") if {
	authz.details
	count(attached_policies) == 0
	count([p | some who in authz.principals; some p in object.get(who, "inline_policies", [])]) == 0
}

# The managed policies attached to some user, group or role.
attached_policies contains policy if {
	some policy in object.get(authz.details, "policies", [])
	object.get(policy, "attachment_count", null) != 0
}

kind(policy) := "AWS managed policy" if policy.aws_managed == true
else := "customer managed policy"

outcome(what, document) := ["unknown", sprintf("%s: its policy document was not collected", [what])] if {
	not is_object(document)
} else := ["fail", sprintf("%s allows full administrative privileges (*:*): %s", [what, concat("; ", granting)])] if {
	granting := [describe(i, s) | some i, s in authz.statements(document); full_admin(s)]
	count(granting) > 0
} else := ["pass", sprintf("%s allows no full administrative privileges", [what])]

full_admin(s) if {
	s.Effect == "Allow"
	every_action(s)
	every_resource(s)
}

every_action(s) if conditions.matches_every_action(authz.as_list(s.Action))

every_resource(s) if "*" in authz.as_list(s.Resource)

every_resource(s) if "NotResource" in object.keys(s)

describe(i, s) := sprintf("%s allows %s on %s%s", [label(i, s), actions(s), resources(s), condition(s)])

label(i, s) := sprintf("statement %d (Sid %s)", [i + 1, s.Sid]) if is_string(object.get(s, "Sid", null))
else := sprintf("statement %d", [i + 1])

actions(s) := sprintf("Action %s", [json.marshal(s.Action)])

resources(s) := sprintf("Resource %s", [json.marshal(s.Resource)]) if "Resource" in object.keys(s)
else := sprintf("every resource but NotResource %s", [json.marshal(s.NotResource)])

# A Condition limits when the statement applies, not what it grants: still counted.
condition(s) := " (under a Condition, which does not limit what it grants)" if "Condition" in object.keys(s)
else := ""
