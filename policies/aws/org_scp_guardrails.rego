# METADATA
# title: Every member account has SCP guardrails beyond FullAWSAccess
# description: >-
#   Service control policies are the organization's authorization guardrails: they cap
#   what any principal in a member account can do, whatever its IAM policies say.
#   AWS-managed FullAWSAccess, attached everywhere by default, restricts nothing. One
#   finding per member account (input.accounts), attributed to that account: passes when
#   some SCP in effect for it (effective_scps, attached to its OU path or to the account)
#   is not FullAWSAccess (p-FullAWSAccess, or an AWS-managed policy) and does more than
#   allow every action on every resource; fails when every SCP in effect is FullAWSAccess
#   or an allow-everything copy of it; unknown when its effective SCPs are unknown (none
#   recorded: with SCPs enabled AWS keeps at least one attached at every level). A custom
#   SCP whose document was not collected counts as a guardrail, since only FullAWSAccess
#   is AWS-managed. The management account is not applicable: SCPs never restrict it.
#   Organization-wide findings instead when there is nothing per account to judge: fails
#   when SCPs are disabled; unknown when no organization data was collected, when whether
#   SCPs are enabled is unknown, or when no account is listed.
# custom:
#   id: org_scp_guardrails
#   severity: medium
#   resource: organization
#   recommended_action: >-
#     Enable the SCP policy type on the organization root, then attach SCPs that deny
#     what no account should do (leaving the organization, disabling CloudTrail or
#     GuardDuty, using unapproved regions, root requests without MFA) to the root or to
#     every OU, so each member account inherits them; keep workloads out of the
#     management account, which SCPs never restrict.
#   frameworks:
#     cis-aws-7.0: ["2.1.2"]
#     soc2: ["CC5.2", "CC6.1"]
#     hipaa: ["164.308(a)(4)(ii)(C)", "164.312(a)(1)"]
package tenet.aws.org_scp_guardrails

import data.tenet.lib.iam

# Organization-wide findings, when there is nothing to judge per account.
findings contains {"resource": iam.organization_arn, "status": status, "message": message} if {
	[status, message] := organization_outcome
}

# Otherwise one finding per account.
findings contains {
	"resource": iam.root_arn(account.account_id),
	"status": status,
	"message": message,
	"account": account.account_id,
} if {
	not organization_outcome
	some account in accounts
	[status, message] := account_outcome(account)
}

organization_outcome := ["unknown", "no organization data collected"] if {
	not is_object(iam.organization)
} else := ["fail", "SCPs are not enabled in the organization, so no account has SCP guardrails"] if {
	iam.organization.scp_enabled == false
} else := ["unknown", "whether SCPs are enabled in the organization was not collected"] if {
	object.get(iam.organization, "scp_enabled", null) != true
} else := ["unknown", "no accounts listed in the organization data"] if {
	count(accounts) == 0
}

accounts := object.get(input, "accounts", [])

account_outcome(account) := ["not_applicable", sprintf(
	"account %s is the organization's management account, and SCPs never apply to the management account",
	[account.account_id],
)] if {
	is_management(account)
} else := ["unknown", sprintf(
	"the SCPs in effect for account %s are unknown (no effective SCPs collected)",
	[account.account_id],
)] if {
	count(object.get(account, "effective_scps", [])) == 0
} else := ["pass", sprintf("account %s has SCP guardrails beyond FullAWSAccess: %s", [
	account.account_id,
	concat(", ", guardrails(account)),
])] if {
	count(guardrails(account)) > 0
} else := ["fail", sprintf(
	"only SCPs that allow everything are in effect for account %s (%s), so SCPs restrict nothing there",
	[account.account_id, concat(", ", sort([describe(id) | some id in account.effective_scps]))],
)]

is_management(account) if account.is_management == true

is_management(account) if account.account_id == iam.organization.management_account_id

# The SCPs in effect for an account that restrict something, described, sorted.
guardrails(account) := sort([describe(id) |
	some id in account.effective_scps
	not allows_everything(id)
])

# The collected SCPs, by id.
policies := {p.id: p | some p in object.get(iam.organization, "policies", [])} if is_object(iam.organization)

# FullAWSAccess itself, any other AWS-managed SCP (AWS has no other, but one would allow
# everything too), and a custom SCP whose every statement allows all actions on all
# resources without conditions: none of them restrict anything.
allows_everything(id) if id == "p-FullAWSAccess"

allows_everything(id) if policies[id].aws_managed == true

allows_everything(id) if {
	statements := policies[id].document.Statement
	count(statements) > 0
	every stmt in statements {
		allows_all(stmt)
	}
}

allows_all(stmt) if {
	stmt.Effect == "Allow"
	"*" in object.get(stmt, "Action", [])
	"*" in object.get(stmt, "Resource", ["*"])
	count(object.get(stmt, "Condition", {})) == 0
}

# e.g. "DenyRootWithoutMFA (p-1)"; the bare id when the SCP was not collected.
describe(id) := sprintf("%s (%s)", [policies[id].name, id]) if {
	policies[id].name
} else := sprintf("%s (not collected)", [id]) if {
	not policies[id]
} else := id
