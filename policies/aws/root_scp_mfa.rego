# METADATA
# title: An SCP denies root user requests made without MFA
# description: >-
#   A service control policy can make MFA mandatory for a member account's root user,
#   whatever the account's own settings. Authority: AWS Organizations User Guide (SCPs
#   restrict member accounts' root users, never the management account; a Deny in an SCP
#   attached at any level of the account's path applies; SCPs exist only when the
#   organization has all features, not consolidated billing only, and the SCP policy type
#   is enabled; SCP syntax), and the IAM User Guide's "Condition operators", "Condition",
#   "Creating a condition with multiple keys or values" and "AWS global condition context
#   keys" pages, applied exactly by tenet.lib.conditions. The root user's requests are
#   judged in two contexts: (a) the console without MFA, where aws:MultiFactorAuthPresent is
#   "false", and (b) a long-term access key, where that key is absent; both carry
#   aws:PrincipalArn arn:aws:iam::ACCOUNT:root, aws:PrincipalAccount the account id,
#   aws:PrincipalType "Account", aws:PrincipalIsAWSService "false" and, when known,
#   aws:PrincipalOrgID the organization id, and neither carries aws:username,
#   aws:MultiFactorAuthAge or aws:PrincipalServiceName; every other key (aws:SourceIp,
#   aws:RequestedRegion, ...) is unknown. Passes when, in both contexts, every action outside
#   the MFA self-service set is denied by some Deny statement of some collected SCP in effect
#   (account.effective_scps): one that covers every resource (Resource "*", no NotResource)
#   and whose every condition certainly holds there. The self-service set is
#   data.tenet.config.mfa_self_service_actions, the NotAction list of AWS's example "AWS:
#   Allows MFA-authenticated IAM users to manage their own MFA device on the Security
#   credentials page" (reference_policies_examples_aws_my-sec-creds-self-manage-mfa-only):
#   creating, enabling, listing and resyncing its own MFA device, iam:GetUser,
#   sts:GetSessionToken. Actions are checked through witnesses: two actions no service has,
#   and every NotAction entry of the SCPs' Deny statements both as written and with its
#   wildcards filled in; each witness outside the set must be denied in both contexts.
#   Decisions: StringLike and ArnLike take only * and ? as wildcards ([, ], {, } and the rest
#   are literal); ArnLike and ArnEquals (identical in AWS) match each of the six ARN
#   components apart, so arn:aws:iam::* never matches a root ARN; StringEquals is exact and
#   case-sensitive, the IgnoreCase forms and Bool ignore case, condition keys are
#   case-insensitive; several values of a key are ORed (a negated operator must match none),
#   several keys and operators ANDed; a key absent from the request makes a condition false,
#   a negated one true, ...IfExists true, Null "true" true, ForAllValues true and
#   ForAnyValue false; a condition on an unknown key never counts (a deny that only sometimes
#   applies is not a control). A statement testing Bool "false" denies the console context
#   only, Null "true" the access-key context only: two such statements together pass, one
#   alone fails. Fails naming the policy when the console context is denied but the
#   access-key context is not (Bool instead of BoolIfExists); fails naming the exemptions
#   and the statement when a NotAction exempts more than the self-service set (iam:*,
#   sts:* or iam:*MFADevice let root without MFA create an administrator or remove its MFA
#   device); fails when no SCP denies, when SCPs are disabled (scp_enabled false), or when
#   the organization's feature_set is present and not ALL (CONSOLIDATED_BILLING: no SCP is
#   in effect). Not applicable to the management account, which SCPs never restrict.
#   Unknown when no organization data was collected, the account's effective SCPs are
#   unknown, or an SCP in effect was not collected and the collected ones do not pass.
# custom:
#   id: root_scp_mfa
#   severity: high
#   resource: account
#   recommended_action: >-
#     Attach to the organization root (or to every OU holding member accounts) an SCP
#     with a statement such as {"Sid": "DenyRootWithoutMFA", "Effect": "Deny",
#     "Action": "*", "Resource": "*", "Condition": {"StringLike": {"aws:PrincipalArn":
#     "arn:aws:iam::*:root"}, "BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}}.
#     Use BoolIfExists, not Bool, so that requests signed with long-term access keys are
#     denied too, and exempt with NotAction no more than the MFA self-service actions AWS
#     documents (iam:CreateVirtualMFADevice, iam:EnableMFADevice, iam:GetUser,
#     iam:ListMFADevices, iam:ListVirtualMFADevices, iam:ResyncMFADevice,
#     sts:GetSessionToken). Better still, enable centralized root access to remove member
#     accounts' root credentials altogether.
#   frameworks:
#     cis-aws-7.0: ["2.1.2"]
#     soc2: ["CC5.2", "CC6.1"]
#     hipaa: ["164.308(a)(4)(ii)(C)", "164.312(a)(1)", "164.312(d)"]
package tenet.aws.root_scp_mfa

import data.tenet.lib.conditions
import data.tenet.lib.iam

findings contains iam.root_finding(status, message) if {
	[status, message] := outcome
}

outcome := ["unknown", "no SCP or organization data collected"] if {
	organization == null
} else := ["not_applicable", management_account] if {
	is_management
} else := ["fail", "SCPs are not enabled in the organization, so no SCP can require MFA for the root user"] if {
	organization.scp_enabled == false
} else := ["fail", not_all_features] if {
	feature_set_not_all
} else := ["unknown", effective_scps_unknown] if {
	count(effective_scp_ids) == 0
} else := ["pass", sprintf("root requests without MFA are denied by %s", [concat("; ", enforcing)])] if {
	count(gaps) == 0
} else := ["unknown", scps_not_collected] if {
	count(uncollected) > 0
} else := ["fail", over_broad_message] if {
	count(over_broad) > 0
} else := ["fail", console_only_message] if {
	count(console_only) > 0
} else := ["fail", no_scp_denies]

management_account := sprintf(
	"account %s is the organization's management account, and SCPs never apply to the management account",
	[account_id],
)

not_all_features := sprintf(
	concat("", [
		"the organization has feature set %s, not ALL: SCPs take effect only when all features are enabled, ",
		"so no SCP can require MFA for the root user",
	]),
	[organization.feature_set],
)

effective_scps_unknown := sprintf(
	"the SCPs in effect for account %s are unknown (no effective SCPs collected)",
	[account_id],
)

scps_not_collected := sprintf(
	"no collected SCP denies root requests without MFA, but SCPs %s in effect for account %s were not collected",
	[concat(", ", sort(uncollected)), account_id],
)

over_broad_message := sprintf(
	concat("", [
		"%s from its deny of root requests without MFA: only the MFA self-service actions (%s) may stay ",
		"allowed, and beyond them root without MFA can act, e.g. create an administrator and walk around the deny",
	]),
	[concat("; ", over_broad), concat(", ", self_service_actions)],
)

# When only requests signed with long-term access keys get through: Bool instead of
# BoolIfExists is the usual cause and is named as such; any other test that needs the key
# present gets the general message.
console_only_message := sprintf(
	concat("", [
		"%s denies root requests without MFA only under Bool: requests signed with long-term access keys ",
		"carry no aws:MultiFactorAuthPresent key, so Bool lets them slip past; use BoolIfExists",
	]),
	[concat("; ", console_only)],
) if {
	every pair in console_only_statements {
		tests_mfa_with_bool(pair[1])
	}
} else := sprintf(
	concat("", [
		"%s denies root requests without MFA in the console but not requests signed with long-term access keys, ",
		"which carry no aws:MultiFactorAuthPresent key; use BoolIfExists",
	]),
	[concat("; ", console_only)],
)

no_scp_denies := sprintf(
	"no SCP in effect for account %s denies root requests without MFA (checked %s)",
	[account_id, concat(", ", sort({sprintf("%s (%s)", [p.name, p.id]) | some p in effective_policies}))],
)

# ---------------------------------------------------------------------------------------
# Organization and account

organization := object.get(input, "organization", null)

account_id := input.account.account_id

is_management if input.account.is_management == true

is_management if organization.management_account_id == account_id

# All features (ALL) is what SCPs need; an organization with consolidated billing only has none.
feature_set_not_all if {
	feature_set := object.get(organization, "feature_set", null)
	feature_set != null
	upper(feature_set) != "ALL"
}

effective_scp_ids := {id | some id in object.get(input.account, "effective_scps", [])}

# The collected SCPs in effect for this account; attached ones not in effect are ignored.
effective_policies contains policy if {
	some policy in object.get(organization, "policies", [])
	policy.id in effective_scp_ids
}

# Ids of SCPs in effect whose document was not collected.
uncollected := effective_scp_ids - {policy.id | some policy in effective_policies; policy.document != null}

# Every statement of an SCP in effect, with its policy and its index there.
statements contains [policy, i, stmt] if {
	some policy in effective_policies
	some i, stmt in policy.document.Statement
}

# ---------------------------------------------------------------------------------------
# The root user's request contexts (IAM User Guide, AWS global condition context keys)

# aws:PrincipalArn: "AWS account root user ... arn:aws:iam::123456789012:root";
# aws:PrincipalAccount: the account the principal belongs to; aws:PrincipalType: "Account"
# for the root user (Principal key values); aws:PrincipalIsAWSService: present in every
# signed request, true only for a service principal; aws:PrincipalOrgID: the organization
# id, when the principal's account is a member of one.
root_keys := object.union(
	{
		"aws:principalarn": iam.account_root_arn,
		"aws:principalaccount": account_id,
		"aws:principaltype": "Account",
		"aws:principalisawsservice": "false",
	},
	organization_keys,
)

organization_keys := {"aws:principalorgid": organization.id} if {
	is_string(object.get(organization, "id", null))
} else := {}

# aws:username is not present for the root user; aws:MultiFactorAuthAge only when MFA was
# used; aws:PrincipalServiceName only for a service principal.
absent_for_root := {"aws:username", "aws:multifactorauthage", "aws:principalservicename"}

# (a) The console without MFA: "users of the AWS Management Console" use temporary
# credentials, so aws:MultiFactorAuthPresent is present, "false".
# (b) A long-term access key: "The key is not present in AWS CLI, AWS API, or AWS SDK
# requests that are made using long-term credentials".
context_names := ["console", "access key"]

context(name, action) := {
	"action": action,
	"keys": object.union(root_keys, {"aws:multifactorauthpresent": "false"}),
	"known_absent": absent_for_root,
} if {
	name == "console"
}

context(name, action) := {
	"action": action,
	"keys": root_keys,
	"known_absent": absent_for_root | {"aws:multifactorauthpresent"},
} if {
	name == "access key"
}

# The statements (as [policy id, index]) that deny, in each context, every action they
# match. Their conditions do not depend on the action here (no key of an action is known),
# so this is decided once per context.
applying := {name: {[policy.id, i] |
	some [policy, i, stmt] in statements
	conditions.applies_certainly(stmt, context(name, ""))
} |
	some name in context_names
}

applies(policy, i, name) if [policy.id, i] in applying[name]

# The applying statements that deny what their Action matches, and those that deny what
# their NotAction does not match.
action_statements := {name: {stmt |
	some [policy, i, stmt] in statements
	applies(policy, i, name)
	"Action" in object.keys(stmt)
} |
	some name in context_names
}

not_action_statements := {name: {stmt |
	some [policy, i, stmt] in statements
	applies(policy, i, name)
	not "Action" in object.keys(stmt)
	"NotAction" in object.keys(stmt)
} |
	some name in context_names
}

matches(patterns, action) if conditions.any_action_pattern_matches(patterns, action)

# ---------------------------------------------------------------------------------------
# Witness actions

self_service_actions := data.tenet.config.mfa_self_service_actions if {
	is_array(data.tenet.config.mfa_self_service_actions)
} else := []

self_service := {lower(a) | some a in self_service_actions}

in_self_service(action) if lower(action) in self_service

# A NotAction entry stands for the actions it matches: as written (a literal * or ? is
# matched only by a pattern that covers it) and with its wildcards filled in.
entry_witnesses(entry) := {entry, replace(replace(entry, "*", "TenetWitness"), "?", "W")}

not_action_entries contains entry if {
	some [_, _, stmt] in statements
	stmt.Effect == "Deny"
	some entry in object.get(stmt, "NotAction", [])
}

# Actions outside the self-service set that must be denied: stand-ins for every action no
# statement names, and the witnesses of every NotAction entry.
witnesses contains action if {
	some action in conditions.unlisted_actions
	not in_self_service(action)
}

witnesses contains action if {
	some entry in not_action_entries
	some action in entry_witnesses(entry)
	not in_self_service(action)
}

# [context name, witness] pairs that no statement denies: every applying NotAction
# statement exempts the witness and no applying Action statement matches it. Only the
# witnesses that one NotAction statement (the shortest) exempts can be left, so only they
# are tried against the others.
gaps contains [name, action] if {
	some name in context_names
	some action in candidates(name)
	every stmt in not_action_statements[name] {
		matches(stmt.NotAction, action)
	}
	not denied_by_action_statement(name, action)
}

candidates(name) := {action | some action in witnesses; matches(shortest_not_action[name], action)} if {
	shortest_not_action[name]
} else := witnesses

# In each context, the NotAction list of the applying NotAction statement with fewest entries.
shortest_not_action := {name: sort([[count(stmt.NotAction), stmt.NotAction] | some stmt in statements_of_name])[0][1] |
	some name in context_names
	statements_of_name := not_action_statements[name]
	count(statements_of_name) > 0
}

denied_by_action_statement(name, action) if {
	some stmt in action_statements[name]
	action_statement_denies(stmt, action)
}

# An Action statement denies a NotAction witness it matches, and the unlisted actions (which
# stand for every action no statement names) only through a pattern matching every action:
# "t*" matches tenet-unlisted-service:UnlistedAction but not the actions it stands for.
action_statement_denies(stmt, action) if {
	not action in conditions.unlisted_actions
	matches(stmt.Action, action)
}

action_statement_denies(stmt, action) if {
	action in conditions.unlisted_actions
	conditions.matches_every_action(stmt.Action)
}

gap_contexts := {name | some [name, _] in gaps}

# ---------------------------------------------------------------------------------------
# What the messages name

# The statement denies some witness in a context where it applies: a NotAction statement
# unless its entries match every action, an Action statement when it matches a witness.
denies_some_witness(stmt, name) if {
	stmt in not_action_statements[name]
	not conditions.matches_every_action(stmt.NotAction)
}

denies_some_witness(stmt, name) if {
	stmt in action_statements[name]
	some action in witnesses
	action_statement_denies(stmt, action)
}

# The statements that deny some witness, with the actions a NotAction statement exempts.
enforcing := sort({sprintf("%s%s", [describe(policy, stmt), exemptions(stmt)]) |
	some [policy, _, stmt] in statements
	some name in context_names
	denies_some_witness(stmt, name)
})

# ", which denies every action except a, b" for a NotAction statement, else "".
exemptions(stmt) := sprintf(
	", which denies every action except %s",
	[concat(", ", sort(stmt.NotAction))],
) if {
	not "Action" in object.keys(stmt)
	count(object.get(stmt, "NotAction", [])) > 0
} else := ""

# "<statement> exempts iam:*, sts:*" for each statement that applies in a context where a
# witness of one of its NotAction entries is left undenied.
over_broad := sort({sprintf("%s exempts %s", [describe(policy, stmt), concat(", ", entries)]) |
	some [policy, i, stmt] in statements
	entries := over_broad_entries(policy, i, stmt)
	count(entries) > 0
})

over_broad_entries(policy, i, stmt) := sort({entry |
	not "Action" in object.keys(stmt)
	some entry in object.get(stmt, "NotAction", [])
	some name in context_names
	applies(policy, i, name)
	some action in entry_witnesses(entry)
	[name, action] in gaps
})

# When only the access-key context has gaps: the statements that deny in the console
# context but not in the access-key one.
console_only_statements contains [policy, stmt] if {
	gap_contexts == {"access key"}
	some [policy, i, stmt] in statements
	not applies(policy, i, "access key")
	denies_some_witness(stmt, "console")
}

console_only := sort({describe(policy, stmt) | some [policy, stmt] in console_only_statements})

tests_mfa_with_bool(stmt) if {
	some key, _ in object.get(object.get(stmt, "Condition", {}), "Bool", {})
	lower(key) == "aws:multifactorauthpresent"
}

# e.g. "SCP DenyRootWithoutMFA (p-1), statement DenyRootNoMFA"
describe(policy, stmt) := sprintf("SCP %s (%s), statement %s", [policy.name, policy.id, stmt.Sid]) if {
	object.get(stmt, "Sid", "") != ""
} else := sprintf("SCP %s (%s)", [policy.name, policy.id])
