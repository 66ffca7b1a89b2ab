# METADATA
# title: Every member account has SCP guardrails beyond FullAWSAccess
# description: >-
#   Service control policies are the organization's authorization guardrails: they cap
#   what any principal in a member account can do, whatever its IAM policies say.
#   AWS-managed FullAWSAccess, attached everywhere by default, restricts nothing. Authority:
#   AWS Organizations User Guide (SCP evaluation: a Deny at any level applies, an Allow must
#   be present at every level, so AWS applies the union of the allows attached at each
#   level; SCPs never affect the management account; SCPs exist only in an organization with
#   all features, not consolidated billing only, and with the SCP policy type enabled; SCP
#   syntax: Action and NotAction take * and ? wildcards and are not case-sensitive). One
#   finding per member account (input.accounts), attributed to that account: passes when
#   some SCP in effect for it (effective_scps) restricts something there, i.e. it has a
#   Deny statement that denies some action (a non-empty Action, or a NotAction none of whose
#   patterns matches every action: NotAction "*" or "*:*" denies nothing), or it is an allow
#   list (no such Deny, and no unconditional Allow of every action on all resources)
#   attached (policy targets) at a level of the account's path (its parents, or the account
#   itself) where no allow-everything SCP is attached: an allow list beside FullAWSAccess
#   restricts nothing. An allow-everything SCP is FullAWSAccess (p-FullAWSAccess), any
#   AWS-managed SCP, or one with no denying Deny and an unconditional Allow, on all
#   resources, of an Action pattern that matches every action ("*", "*:*"), matched as IAM
#   matches actions (tenet.lib.conditions). Fails when no SCP in effect restricts anything:
#   all allow everything, or the allow lists are attached only beside an allow-everything
#   SCP. Unknown when its effective SCPs are unknown (none recorded: with SCPs enabled AWS
#   keeps at least one attached at every level); when none is known to restrict anything but
#   a custom SCP in effect was not collected; or when the collected attachments cannot tell
#   whether an allow list sits beside an allow-everything SCP (an SCP in effect, FullAWSAccess
#   included, was not collected, or the allow list's targets are not on the account's path),
#   so no pass rests on attachments the data does not show. The management account is not
#   applicable: SCPs never restrict it. Organization-wide findings instead when there is
#   nothing per account to judge: fails when SCPs are disabled (scp_enabled false) or when
#   the organization's feature_set is present and not ALL (CONSOLIDATED_BILLING: no SCP is
#   in effect, whatever is attached); unknown when no organization data was collected, when
#   whether SCPs are enabled is unknown, or when no account is listed.
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

import data.tenet.lib.conditions
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
} else := ["fail", sprintf(
	concat("", [
		"the organization has feature set %s, not ALL: SCPs take effect only when all features are enabled, ",
		"so no account has SCP guardrails",
	]),
	[iam.organization.feature_set],
)] if {
	feature_set_not_all
} else := ["unknown", "whether SCPs are enabled in the organization was not collected"] if {
	object.get(iam.organization, "scp_enabled", null) != true
} else := ["unknown", "no accounts listed in the organization data"] if {
	count(accounts) == 0
}

accounts := object.get(input, "accounts", [])

# All features (ALL) is what SCPs need; an organization with consolidated billing only has none.
feature_set_not_all if {
	feature_set := object.get(iam.organization, "feature_set", null)
	feature_set != null
	upper(feature_set) != "ALL"
}

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
} else := ["unknown", sprintf(
	"no collected SCP in effect for account %s restricts anything, but SCPs %s in effect there were not collected",
	[account.account_id, concat(", ", not_collected(account))],
)] if {
	count(not_collected(account)) > 0
} else := ["unknown", sprintf(
	concat("", [
		"whether allow lists %s restrict anything for account %s is unknown: an allow list restricts only ",
		"at a level (root, OU or account) with no allow-everything SCP attached, and the collected ",
		"targets do not show where they are attached on the account's path",
	]),
	[concat(", ", unsettled(account)), account.account_id],
)] if {
	count(unsettled(account)) > 0
} else := ["fail", sprintf(
	"only SCPs that allow everything are in effect for account %s (%s), so SCPs restrict nothing there",
	[account.account_id, concat(", ", sort([describe(id) | some id in account.effective_scps]))],
)] if {
	every id in account.effective_scps {
		allows_everything(id)
	}
} else := ["fail", sprintf(
	concat("", [
		"no SCP in effect for account %s restricts anything (%s): none denies an action, and its ",
		"allow lists (%s) are attached only where an allow-everything SCP is attached too",
	]),
	[
		account.account_id,
		concat(", ", sort([describe(id) | some id in account.effective_scps])),
		concat(", ", sort([describe(id) | some id in account.effective_scps; allow_list(id)])),
	],
)]

is_management(account) if account.is_management == true

is_management(account) if account.account_id == iam.organization.management_account_id

# The SCPs in effect for an account that restrict something there, described, sorted.
guardrails(account) := sort([describe(id) |
	some id in account.effective_scps
	restricts(account, id)
])

# A Deny restricts wherever the SCP is attached.
restricts(_, id) if denies(id)

# An allow list restricts only at a level where no allow-everything SCP adds the rest,
# and only when every SCP in effect was collected: one that was not (FullAWSAccess
# included) might be attached at that level.
restricts(account, id) if {
	allow_list(id)
	every other in account.effective_scps {
		policies[other]
	}
	some level in levels(account)
	level in object.get(policies[id], "targets", [])
	not shadowed(level)
}

# Custom SCPs in effect whose document was not collected: they might restrict, or not.
not_collected(account) := sort([id |
	some id in account.effective_scps
	not policies[id]
	not allows_everything(id)
])

# Allow lists in effect that neither provably restrict nor are attached, on the
# account's path, only where an allow-everything SCP is attached too.
unsettled(account) := sort([describe(id) |
	some id in account.effective_scps
	allow_list(id)
	not restricts(account, id)
	not shadowed_everywhere(account, id)
])

shadowed_everywhere(account, id) if {
	attached := {level | some level in levels(account); level in object.get(policies[id], "targets", [])}
	count(attached) > 0
	every level in attached {
		shadowed(level)
	}
}

# The levels whose SCPs apply to an account: the root, its OUs, the account itself.
levels(account) := array.concat(object.get(account, "parents", []), [account.account_id])

# Some allow-everything SCP is attached at this level.
shadowed(level) if {
	some id, policy in policies
	level in object.get(policy, "targets", [])
	allows_everything(id)
}

# The collected SCPs, by id.
policies := {p.id: p | some p in object.get(iam.organization, "policies", [])} if is_object(iam.organization)

# A collected custom SCP that denies nothing and does not allow everything: it only
# narrows what is allowed (or allows nothing at all).
allow_list(id) if {
	policies[id]
	not denies(id)
	not allows_everything(id)
}

denies(id) if {
	some stmt in policies[id].document.Statement
	denies_some_action(stmt)
}

denies_some_action(stmt) if {
	stmt.Effect == "Deny"
	count(object.get(stmt, "Action", [])) > 0
}

# A NotAction denies every action it does not match: nothing when one of its patterns
# matches every action ("*", "*:*", "?*", with IAM's case-insensitive * and ? matching).
denies_some_action(stmt) if {
	stmt.Effect == "Deny"
	not "Action" in object.keys(stmt)
	"NotAction" in object.keys(stmt)
	not conditions.matches_every_action(stmt.NotAction)
}

# FullAWSAccess itself, any other AWS-managed SCP (AWS has no other, but one would allow
# everything too), and a custom SCP that denies nothing and allows all actions on all
# resources without conditions in some statement: its other allows add nothing.
allows_everything(id) if id == "p-FullAWSAccess"

allows_everything(id) if policies[id].aws_managed == true

allows_everything(id) if {
	not denies(id)
	some stmt in policies[id].document.Statement
	allows_all(stmt)
}

allows_all(stmt) if {
	stmt.Effect == "Allow"
	conditions.matches_every_action(object.get(stmt, "Action", []))
	"*" in object.get(stmt, "Resource", ["*"])
	not "NotResource" in object.keys(stmt)
	count(object.get(stmt, "Condition", {})) == 0
}

# e.g. "DenyRootWithoutMFA (p-1)"; the bare id when the SCP was not collected.
describe(id) := sprintf("%s (%s)", [policies[id].name, id]) if {
	policies[id].name
} else := sprintf("%s (not collected)", [id]) if {
	not policies[id]
} else := id
