# METADATA
# title: An SCP denies root user requests made without MFA
# description: >-
#   A service control policy can make MFA mandatory for a member account's root user,
#   whatever the account's own settings. Passes when an SCP in effect for the account
#   (account.effective_scps) has a Deny statement that denies every action on all
#   resources, tests aws:MultiFactorAuthPresent "false" with BoolIfExists, and applies to
#   the account's root ARN. Every action means Action "*", or a NotAction whose every
#   entry names one service (e.g. iam:EnableMFADevice or sts:*, not "*" or "*:*"); the
#   pass message then names the exempted actions. It applies to the root ARN when it has
#   no aws:PrincipalArn condition, or each one uses StringLike, ArnLike, StringEquals or
#   ArnEquals (or their IfExists forms) with a value matching arn:aws:iam::ACCOUNT:root,
#   or StringNotLike, ArnNotLike, StringNotEquals or ArnNotEquals (or their IfExists
#   forms) with no value matching it. The Like operators and ArnEquals match wildcards
#   (AWS documents ArnEquals as equivalent to ArnLike): StringLike over the whole value,
#   ArnLike and ArnEquals within each colon-separated part of the ARN, so
#   arn:aws:iam::* does not match a root ARN; StringEquals compares exactly. A
#   statement with any other condition is not counted, since each extra condition
#   narrows when the deny applies.
#   Fails when there is no such statement, or when SCPs are disabled; when the statement
#   uses Bool instead of BoolIfExists it fails naming that policy, because requests
#   signed with long-term access keys carry no aws:MultiFactorAuthPresent key and slip
#   past Bool. Not applicable to the management account, which SCPs never restrict.
#   Unknown when no organization data was collected, the account's effective SCPs are
#   unknown, or an SCP in effect was not collected and no collected one passes.
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
#     denied too. Better still, enable centralized root access to remove member accounts'
#     root credentials altogether.
#   frameworks:
#     cis-aws-7.0: ["2.1.2"]
#     soc2: ["CC5.2", "CC6.1"]
#     hipaa: ["164.308(a)(4)(ii)(C)", "164.312(a)(1)", "164.312(d)"]
package tenet.aws.root_scp_mfa

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
} else := ["unknown", effective_scps_unknown] if {
	count(effective_scp_ids) == 0
} else := ["pass", sprintf("root requests without MFA are denied by %s", [concat("; ", enforcing)])] if {
	count(enforcing) > 0
} else := ["unknown", scps_not_collected] if {
	count(uncollected) > 0
} else := ["fail", bool_lets_keys_through] if {
	count(enforcing_with_bool) > 0
} else := ["fail", no_scp_denies]

management_account := sprintf(
	"account %s is the organization's management account, and SCPs never apply to the management account",
	[account_id],
)

effective_scps_unknown := sprintf(
	"the SCPs in effect for account %s are unknown (no effective SCPs collected)",
	[account_id],
)

scps_not_collected := sprintf(
	"no collected SCP denies root requests without MFA, but SCPs %s in effect for account %s were not collected",
	[concat(", ", sort(uncollected)), account_id],
)

bool_lets_keys_through := sprintf(
	concat("", [
		"%s denies root requests without MFA only under Bool: requests signed with long-term access keys ",
		"carry no aws:MultiFactorAuthPresent key, so Bool lets them slip past; use BoolIfExists",
	]),
	[concat("; ", enforcing_with_bool)],
)

no_scp_denies := sprintf(
	"no SCP in effect for account %s denies root requests without MFA (checked %s)",
	[account_id, concat(", ", sort({sprintf("%s (%s)", [p.name, p.id]) | some p in effective_policies}))],
)

# The statements that deny root requests without MFA, described for a message with
# the actions a NotAction statement leaves allowed.
enforcing := sort({sprintf("%s%s", [describe(policy, stmt), exemptions(stmt)]) |
	some [policy, stmt] in statements
	denies_root_without_mfa(stmt)
	mfa_operators(stmt) == {"BoolIfExists"}
})

# Statements that would enforce MFA but test it with Bool, which a request signed
# with long-term access keys (and so without the key) passes.
enforcing_with_bool := sort({describe(policy, stmt) |
	some [policy, stmt] in statements
	denies_root_without_mfa(stmt)
	"Bool" in mfa_operators(stmt)
})

organization := object.get(input, "organization", null)

account_id := input.account.account_id

is_management if input.account.is_management == true

is_management if organization.management_account_id == account_id

effective_scp_ids := {id | some id in object.get(input.account, "effective_scps", [])}

# The collected SCPs in effect for this account; attached ones not in effect are ignored.
effective_policies contains policy if {
	some policy in object.get(organization, "policies", [])
	policy.id in effective_scp_ids
}

# Ids of SCPs in effect whose document was not collected.
uncollected := effective_scp_ids - {policy.id | some policy in effective_policies; policy.document != null}

# Every statement of an SCP in effect, with its policy.
statements contains [policy, stmt] if {
	some policy in effective_policies
	some stmt in policy.document.Statement
}

# stmt denies the root user's requests when aws:MultiFactorAuthPresent is "false"
# (with Bool or BoolIfExists: `enforcing` and `enforcing_with_bool` tell them apart).
denies_root_without_mfa(stmt) if {
	stmt.Effect == "Deny"
	denies_every_action(stmt)
	covers_all_resources(stmt)
	count(mfa_operators(stmt)) > 0
	every operator, block in stmt.Condition {
		every key, values in block {
			recognised_condition(operator, key, values)
		}
	}
}

# Denying only some actions leaves root free to do the rest without MFA. Action and
# NotAction are always arrays (the loader normalises a lone string).
denies_every_action(stmt) if "*" in object.get(stmt, "Action", [])

# NotAction denies everything but its entries: accept it only when each entry is
# confined to one service, since "*", "*:*" or "*:Get*" exempt (nearly) everything.
denies_every_action(stmt) if {
	not "Action" in object.keys(stmt)
	exempted := stmt.NotAction
	every action in exempted {
		regex.match(`^[^*?:]+:[^:]+$`, action)
	}
}

# ", which denies every action except a, b" for a NotAction statement, else "".
exemptions(stmt) := sprintf(
	", which denies every action except %s",
	[concat(", ", sort(stmt.NotAction))],
) if {
	count(object.get(stmt, "NotAction", [])) > 0
} else := ""

covers_all_resources(stmt) if {
	"*" in object.get(stmt, "Resource", ["*"])
	not "NotResource" in object.keys(stmt)
}

# The operators with which stmt tests aws:MultiFactorAuthPresent against "false".
mfa_operators(stmt) := {operator |
	some operator, block in object.get(stmt, "Condition", {})
	some key, values in block
	recognised_mfa_condition(operator, key, values)
}

# AWS compares condition keys, and Bool values, case-insensitively.
recognised_mfa_condition(operator, key, values) if {
	operator in {"Bool", "BoolIfExists"}
	lower(key) == "aws:multifactorauthpresent"
	some value in values
	lower(value) == "false"
}

# The only conditions a counted statement may have: the MFA test, and aws:PrincipalArn
# conditions that the root ARN satisfies. Anything else narrows the deny.
recognised_condition(operator, key, values) if recognised_mfa_condition(operator, key, values)

recognised_condition(operator, key, values) if {
	lower(key) == "aws:principalarn"
	some value in values
	arn_matches(operator, value, iam.account_root_arn)
}

# A negated operator holds for root when none of its values matches the root ARN: it
# then only exempts other principals (e.g. a break-glass role).
recognised_condition(operator, key, values) if {
	lower(key) == "aws:principalarn"
	positive := negated_operators[operator]
	not matches_any(positive, values, iam.account_root_arn)
}

# Each negated operator, with the operator it negates.
negated_operators := {
	"StringNotLike": "StringLike",
	"StringNotLikeIfExists": "StringLikeIfExists",
	"ArnNotLike": "ArnLike",
	"ArnNotLikeIfExists": "ArnLikeIfExists",
	"ArnNotEquals": "ArnEquals",
	"ArnNotEqualsIfExists": "ArnEqualsIfExists",
	"StringNotEquals": "StringEquals",
	"StringNotEqualsIfExists": "StringEqualsIfExists",
}

matches_any(operator, values, arn) if {
	some value in values
	arn_matches(operator, value, arn)
}

# StringLike matches the whole value: a * spans colons.
string_pattern_operators := {"StringLike", "StringLikeIfExists"}

# ArnEquals and ArnLike behave alike in AWS: both take * and ? wildcards, matched within
# each of the ARN's colon-separated parts, so arn:aws:iam::* does not match a root ARN.
arn_pattern_operators := {"ArnLike", "ArnLikeIfExists", "ArnEquals", "ArnEqualsIfExists"}

exact_operators := {"StringEquals", "StringEqualsIfExists"}

# null: no delimiters (an empty list would make "." one).
arn_matches(operator, pattern, arn) if {
	operator in string_pattern_operators
	glob.match(pattern, null, arn)
}

# Part by part, written out: glob.match's ":" delimiter is no delimiter in regorus.
arn_matches(operator, pattern, arn) if {
	operator in arn_pattern_operators
	pattern_parts := split(pattern, ":")
	arn_parts := split(arn, ":")
	count(pattern_parts) == count(arn_parts)
	every i, part in pattern_parts {
		glob.match(part, null, arn_parts[i])
	}
}

arn_matches(operator, value, arn) if {
	operator in exact_operators
	value == arn
}

# e.g. "SCP DenyRootWithoutMFA (p-1), statement DenyRootNoMFA"
describe(policy, stmt) := sprintf("SCP %s (%s), statement %s", [policy.name, policy.id, stmt.Sid]) if {
	object.get(stmt, "Sid", "") != ""
} else := sprintf("SCP %s (%s)", [policy.name, policy.id])
