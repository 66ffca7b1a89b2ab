# Table-driven tests of tenet.lib.conditions: one row per case, each naming the section of
# AWS's documentation it encodes. `want` is true or false for a certain outcome, "unknown"
# when the outcome depends on what the context leaves unknown (the function is undefined).
#
# Pages (IAM User Guide unless said otherwise):
#   operators:  "IAM JSON policy elements: Condition operators"
#   condition:  "IAM JSON policy elements: Condition"
#   multi:      "Creating a condition with multiple keys or values" (multivalued context keys)
#   variables:  "IAM policy elements: Variables and tags"
#   global:     "AWS global condition context keys"
#   scp:        AWS Organizations User Guide, "SCP syntax"
package tenet.lib.conditions_test

import data.tenet.lib.conditions

root_arn := "arn:aws:iam::111122223333:root"

# What the root user's requests carry (global condition keys page): the console request
# without MFA, and the request signed with a long-term access key, which has no
# aws:MultiFactorAuthPresent at all.
root_keys := {
	"aws:principalarn": root_arn,
	"aws:principalaccount": "111122223333",
	"aws:principaltype": "Account",
}

console := {
	"action": "iam:CreateUser",
	"keys": object.union(root_keys, {"aws:multifactorauthpresent": "false"}),
	"known_absent": {"aws:username"},
}

access_key := {
	"action": "iam:CreateUser",
	"keys": root_keys,
	"known_absent": {"aws:username", "aws:multifactorauthpresent"},
}

# A context with made-up keys for values the root contexts do not exercise.
other := {
	"action": "s3:GetObject",
	"keys": {
		"test:file": "report[1].csv",
		"test:braces": "v{2}",
		"test:star": "a*b",
		"test:plain": "axb",
		"aws:sourcearn": "arn:aws:ecs:us-east-1:111122223333:task/abc:1",
		"test:notarn": "not-an-arn",
		"aws:tagkeys": ["a", "b"],
		"test:emptyset": [],
		"s3:max-keys": "10",
	},
	"known_absent": {"aws:requesttag/team"},
}

# A request signed with a long-term access key, without MFA: no aws:MultiFactorAuthAge
# (global: "If MFA was not used, this key is not present") and no aws:TokenIssueTime
# (operators: present "only when the principal uses temporary credentials"); and, made up
# for these rows, a request known to carry no aws:SourceIp.
long_term := object.union(access_key, {"known_absent": {
	"aws:username", "aws:multifactorauthpresent", "aws:multifactorauthage", "aws:tokenissuetime", "aws:sourceip",
}})

# The outcome of one row.
got(c) := r if {
	r := conditions.condition_result(c.op, c.key, c.values, c.ctx)
} else := "unknown"

# The rows whose outcome differs from `want`, printed by `tenet test -v`.
wrong(cases) := [{"doc": c.doc, "op": c.op, "values": c.values, "want": c.want, "got": got(c)} |
	some c in cases
	got(c) != c.want
]

row(doc, op, key, values, ctx, want) := {"doc": doc, "op": op, "key": key, "values": values, "ctx": ctx, "want": want}

string_cases := [
	row("operators: String — StringEquals exact matching", "StringEquals", "aws:PrincipalAccount", ["111122223333"], console, true),
	row("operators: String — StringEquals is case-sensitive", "StringEquals", "aws:PrincipalType", ["account"], console, false),
	row("operators: String — StringEqualsIgnoreCase ignores case", "StringEqualsIgnoreCase", "aws:PrincipalType", ["aCCOUNT"], console, true),
	row("operators: String — StringNotEqualsIgnoreCase, negated, ignoring case", "StringNotEqualsIgnoreCase", "aws:PrincipalType", ["ACCOUNT"], console, false),
	row("operators: String — StringEquals takes no wildcards: * is literal", "StringEquals", "aws:PrincipalArn", ["arn:aws:iam::*:root"], console, false),
	row("operators: String — StringNotEquals with a literal * does not match, so holds", "StringNotEquals", "aws:PrincipalArn", ["arn:aws:iam::*:root"], console, true),
	row("operators: String — StringLike * matches any run of characters", "StringLike", "aws:PrincipalArn", ["arn:aws:iam::*:root"], console, true),
	row("operators: ARN — StringLike's * spans colons, unlike ArnLike", "StringLike", "aws:PrincipalArn", ["arn:aws:iam::*"], console, true),
	row("operators: String — StringLike ? matches exactly one character", "StringLike", "aws:PrincipalArn", ["arn:aws:iam::11112222333?:root"], console, true),
	row("operators: String — StringLike ? never matches two characters", "StringLike", "aws:PrincipalArn", ["arn:aws:iam::1111222233?:root"], console, false),
	row("operators: String — StringLike is case-sensitive", "StringLike", "aws:PrincipalArn", ["ARN:aws:iam::*:root"], console, false),
	row("operators: String — StringLike wildcards are * and ? only: [ ] literal", "StringLike", "test:file", ["report[1].csv"], other, true),
	row("operators: String — StringLike wildcards are * and ? only: [0-9] is no class", "StringLike", "test:file", ["report[0-9].csv"], other, false),
	row("operators: String — StringLike wildcards are * and ? only: [?] is [ any ]", "StringLike", "test:file", ["report[?].csv"], other, true),
	row("operators: String — StringLike wildcards are * and ? only: . is literal", "StringLike", "test:file", ["report[1]xcsv"], other, false),
	row("operators: String — StringLike wildcards are * and ? only: { } literal", "StringLike", "test:braces", ["v{2}"], other, true),
	row("operators: String — StringLike wildcards are * and ? only: {2} is no repeat", "StringLike", "test:plain", ["ax{1}b"], other, false),
	row("condition: key names are not case-sensitive", "StringEquals", "AWS:principalACCOUNT", ["111122223333"], console, true),
	row("multi: several values for one key are ORed", "StringEquals", "aws:PrincipalAccount", ["999988887777", "111122223333"], console, true),
	row("multi: negated operator with several values must match none (NOR)", "StringNotEquals", "aws:PrincipalAccount", ["999988887777", "111122223333"], console, false),
	row("multi: negated operator with several values, none matching", "StringNotEquals", "aws:PrincipalAccount", ["999988887777", "444455556666"], console, true),
	row("operators: key not present — the values do not match, the condition is false", "StringEquals", "aws:username", ["root"], console, false),
	row("operators: key not present — StringLike is false", "StringLike", "aws:username", ["*"], console, false),
	row("operators: key not present — a negated operator (StringNotLike) is true", "StringNotLike", "aws:username", ["*"], console, true),
	row("operators: key not present — StringNotEquals is true", "StringNotEquals", "aws:username", ["root"], console, true),
	row("operators: ...IfExists — key not present, the condition is true", "StringEqualsIfExists", "aws:username", ["nobody"], console, true),
	row("operators: ...IfExists — negated, key not present, true", "StringNotEqualsIfExists", "aws:username", ["nobody"], console, true),
	row("operators: ...IfExists — key present, processed as specified", "StringEqualsIfExists", "aws:PrincipalAccount", ["999988887777"], console, false),
	row("tenet: a key the request may or may not carry (unknown) is never certain", "StringEquals", "aws:RequestedRegion", ["eu-west-1"], console, "unknown"),
	row("tenet: unknown key — a negated operator is not certain either", "StringNotEquals", "aws:RequestedRegion", ["eu-west-1"], console, "unknown"),
	row("tenet: unknown key — nor is ...IfExists", "StringLikeIfExists", "aws:SourceVpc", ["vpc-*"], console, "unknown"),
	row("tenet: an operator AWS does not define is never certain", "StringLikeIgnoreCase", "aws:PrincipalArn", ["*"], console, "unknown"),
]

test_string_operators if {
	print(wrong(string_cases))
	wrong(string_cases) == []
}

arn_cases := [
	row("operators: ARN — ArnLike matches each of the six components", "ArnLike", "aws:PrincipalArn", ["arn:aws:iam::*:root"], console, true),
	row("operators: ARN — ArnLike arn:aws:iam::* has five components: no match for a root ARN", "ArnLike", "aws:PrincipalArn", ["arn:aws:iam::*"], console, false),
	row("operators: ARN — ArnEquals and ArnLike behave identically (wildcards too)", "ArnEquals", "aws:PrincipalArn", ["arn:aws:iam::*:root"], console, true),
	row("operators: ARN — ArnEquals, five components, no match", "ArnEquals", "aws:PrincipalArn", ["arn:aws:iam::*"], console, false),
	row("operators: ARN — a * never spans a colon: arn:*:root is three components", "ArnLike", "aws:PrincipalArn", ["arn:*:root"], console, false),
	row("operators: ARN — * matches the empty region component", "ArnLike", "aws:PrincipalArn", ["arn:aws:*:*:*:root"], console, true),
	row("operators: ARN — a role pattern does not match the root ARN", "ArnLike", "aws:PrincipalArn", ["arn:aws:iam::*:role/*"], console, false),
	row("operators: ARN — case-sensitive", "ArnLike", "aws:PrincipalArn", ["arn:aws:IAM::*:root"], console, false),
	row("operators: ARN — ? one character within a component", "ArnLike", "aws:PrincipalArn", ["arn:aws:iam::11112222333?:roo?"], console, true),
	row("operators: ARN — the sixth component runs to the end, colons included", "ArnLike", "aws:SourceArn", ["arn:aws:ecs:us-east-1:111122223333:task/*"], other, true),
	row("operators: ARN — wildcards in several components", "ArnLike", "aws:SourceArn", ["arn:aws:ecs:*:111122223333:*"], other, true),
	row("operators: ARN — a * in the account component does not reach the resource", "ArnLike", "aws:SourceArn", ["arn:aws:ecs:us-east-1:*"], other, false),
	row("operators: ARN — ArnNotLike matching the root ARN is false", "ArnNotLike", "aws:PrincipalArn", ["arn:aws:iam::*:role/BreakGlass", "arn:aws:iam::*:root"], console, false),
	row("operators: ARN — ArnNotLike exempting only a role holds for root", "ArnNotLike", "aws:PrincipalArn", ["arn:aws:iam::*:role/BreakGlass"], console, true),
	row("operators: ARN — ArnNotEquals, key not present, true", "ArnNotEquals", "aws:username", ["arn:aws:sns:*:*:*"], console, true),
	row("tenet: ArnNotEquals on an unknown key is not certain", "ArnNotEquals", "aws:SourceArn", ["arn:aws:sns:*:*:*"], access_key, "unknown"),
	row("operators: ARN — ArnNotLikeIfExists, key not present, true", "ArnNotLikeIfExists", "aws:username", ["x"], console, true),
	row("operators: ARN — ArnLike, key not present, false", "ArnLike", "aws:username", ["*"], console, false),
	row("operators: ARN — a value that is no ARN matches no pattern", "ArnLike", "test:notarn", ["*"], other, false),
	row("operators: ARN — ArnNotLike on a value that is no ARN holds", "ArnNotLike", "test:notarn", ["*"], other, true),
]

test_arn_operators if {
	print(wrong(arn_cases))
	wrong(arn_cases) == []
}

bool_null_cases := [
	row("operators: Boolean — Bool false matches the console request without MFA", "Bool", "aws:MultiFactorAuthPresent", ["false"], console, true),
	row("global: aws:MultiFactorAuthPresent absent with long-term keys — Bool is false", "Bool", "aws:MultiFactorAuthPresent", ["false"], access_key, false),
	row("operators: ...IfExists — BoolIfExists false holds for the console request", "BoolIfExists", "aws:MultiFactorAuthPresent", ["false"], console, true),
	row("operators: ...IfExists — BoolIfExists false holds when the key is absent", "BoolIfExists", "aws:MultiFactorAuthPresent", ["false"], access_key, true),
	row("operators: Boolean — Bool compares true/false without regard to case", "Bool", "aws:MultiFactorAuthPresent", ["False"], console, true),
	row("operators: Boolean — Bool true does not match false", "Bool", "aws:MultiFactorAuthPresent", ["true"], console, false),
	row("tenet: Bool on an unknown key is not certain", "Bool", "aws:SecureTransport", ["false"], console, "unknown"),
	row("operators: Null check — true: the key does not exist (it is present)", "Null", "aws:MultiFactorAuthPresent", ["true"], console, false),
	row("operators: Null check — true: the key does not exist (access key)", "Null", "aws:MultiFactorAuthPresent", ["true"], access_key, true),
	row("operators: Null check — false: the key exists (console)", "Null", "aws:MultiFactorAuthPresent", ["false"], console, true),
	row("operators: Null check — false: the key exists (access key: no)", "Null", "aws:MultiFactorAuthPresent", ["false"], access_key, false),
	row("tenet: Null on an unknown key is not certain", "Null", "aws:SourceVpc", ["true"], console, "unknown"),
	row("multi: Null listing true and false holds whatever the request (values ORed)", "Null", "aws:SourceVpc", ["true", "false"], console, true),
	row("operators: IfExists may be added to any operator except Null", "NullIfExists", "aws:MultiFactorAuthPresent", ["true"], access_key, "unknown"),
]

test_bool_and_null_operators if {
	print(wrong(bool_null_cases))
	wrong(bool_null_cases) == []
}

set_cases := [
	row("multi: ForAnyValue — some request value matches some policy value", "ForAnyValue:StringEquals", "aws:TagKeys", ["a", "z"], other, true),
	row("multi: ForAnyValue — no request value matches", "ForAnyValue:StringEquals", "aws:TagKeys", ["z"], other, false),
	row("multi: ForAllValues — every request value matches some policy value", "ForAllValues:StringEquals", "aws:TagKeys", ["a", "b", "c"], other, true),
	row("multi: ForAllValues — a request value matches none", "ForAllValues:StringEquals", "aws:TagKeys", ["a"], other, false),
	row("multi: ForAllValues — true when there are no keys in the request", "ForAllValues:StringEquals", "aws:RequestTag/team", ["x"], other, true),
	row("multi: ForAnyValue — false for no matching key", "ForAnyValue:StringEquals", "aws:RequestTag/team", ["x"], other, false),
	row("multi: ForAllValues — true for an empty data set", "ForAllValues:StringEquals", "test:emptyset", ["x"], other, true),
	row("multi: ForAnyValue — false for an empty data set", "ForAnyValue:StringEquals", "test:emptyset", ["x"], other, false),
	row("multi: ForAnyValue with a negated operator — some request value matches none", "ForAnyValue:StringNotEquals", "aws:TagKeys", ["a"], other, true),
	row("multi: ForAllValues with a negated operator — every request value matches none", "ForAllValues:StringNotEquals", "aws:TagKeys", ["a"], other, false),
	row("multi: ForAnyValue:StringLike — wildcards", "ForAnyValue:StringLike", "aws:TagKeys", ["?"], other, true),
	row("operators: ...IfExists with a set operator, key not present", "ForAnyValue:StringEqualsIfExists", "aws:RequestTag/team", ["x"], other, true),
	row("tenet: a single-valued operator on a key with several values is not certain", "StringEquals", "aws:TagKeys", ["a"], other, "unknown"),
	row("tenet: a set operator on an unknown key is not certain", "ForAllValues:StringEquals", "aws:PrincipalServiceNamesList", ["x"], other, "unknown"),
	row("multi: set operators compare a single value as a set of one", "ForAnyValue:StringEquals", "aws:PrincipalAccount", ["111122223333"], console, true),
]

test_set_operators if {
	print(wrong(set_cases))
	wrong(set_cases) == []
}

other_family_cases := [
	row("operators: key not present — NumericLessThan is false", "NumericLessThan", "aws:MultiFactorAuthAge", ["3600"], long_term, false),
	row("operators: key not present — NumericNotEquals (negated) is true", "NumericNotEquals", "aws:MultiFactorAuthAge", ["0"], long_term, true),
	row("operators: ...IfExists — NumericLessThanIfExists, key not present, true", "NumericLessThanIfExists", "aws:MultiFactorAuthAge", ["3600"], long_term, true),
	row("operators: key not present — DateGreaterThan is false", "DateGreaterThan", "aws:TokenIssueTime", ["2020-01-01T00:00:00Z"], long_term, false),
	row("operators: key not present — DateNotEquals (negated) is true", "DateNotEquals", "aws:TokenIssueTime", ["2020-01-01T00:00:00Z"], long_term, true),
	row("operators: key not present — NotIpAddress (negated) is true", "NotIpAddress", "aws:SourceIp", ["10.0.0.0/8"], long_term, true),
	row("operators: key not present — IpAddress is false", "IpAddress", "aws:SourceIp", ["10.0.0.0/8"], long_term, false),
	row("operators: key not present — BinaryEquals is false", "BinaryEquals", "aws:MultiFactorAuthAge", ["QmluYXJ5"], long_term, false),
	row("tenet: Numeric on a present value is not computed, so never certain", "NumericLessThanEquals", "s3:max-keys", ["10"], other, "unknown"),
	row("tenet: IpAddress on an unknown key is never certain", "IpAddress", "aws:SourceIp", ["10.0.0.0/8"], console, "unknown"),
]

test_numeric_date_ip_binary_operators if {
	print(wrong(other_family_cases))
	wrong(other_family_cases) == []
}

variable_cases := [
	row("variables: a policy variable in a String condition value", "StringEquals", "aws:PrincipalArn", ["arn:aws:iam::${aws:PrincipalAccount}:root"], console, true),
	row("variables: a policy variable in an ARN condition value (its colon splits nothing)", "ArnLike", "aws:PrincipalArn", ["arn:aws:iam::${aws:PrincipalAccount}:root"], console, true),
	row("variables: a variable naming a key the request lacks leaves the outcome open", "StringNotEquals", "aws:PrincipalAccount", ["${aws:ResourceAccount}"], console, "unknown"),
	row("variables: ${*} is a literal *", "StringLike", "test:star", ["a${*}b"], other, true),
	row("variables: ${*} does not match other characters", "StringLike", "test:plain", ["a${*}b"], other, false),
	row("variables: ${?} and ${$} are literal ? and $", "StringEquals", "test:plain", ["a${?}${$}"], other, false),
	row("variables: a default value when the key is not present", "StringEquals", "aws:PrincipalAccount", ["${aws:username, '111122223333'}"], console, true),
	row("variables: a variable is replaced literally: its * is no wildcard", "StringLike", "test:plain", ["${test:star}"], other, false),
	row("variables: a variable beside * and ? wildcards", "StringLike", "aws:PrincipalArn", ["arn:aws:iam::${aws:PrincipalAccount}:*"], console, true),
	row("variables: a variable beside a ? wildcard", "StringLike", "aws:PrincipalArn", ["arn:aws:iam::${aws:PrincipalAccount}:roo?"], console, true),
	row("variables: a variable and a wildcard in an ARN component", "ArnLike", "aws:PrincipalArn", ["arn:aws:iam::${aws:PrincipalAccount}:r*"], console, true),
	row("variables: a variable with StringEquals keeps * literal", "StringEquals", "aws:PrincipalArn", ["arn:aws:iam::${aws:PrincipalAccount}:*"], console, false),
	row("variables: Bool with a policy variable", "Bool", "aws:MultiFactorAuthPresent", ["${aws:MultiFactorAuthPresent}"], console, true),
]

test_policy_variables if {
	print(wrong(variable_cases))
	wrong(variable_cases) == []
}

# ---- statements

deny(condition) := {"Effect": "Deny", "Action": ["*"], "Resource": ["*"], "Condition": condition}

test_deny_with_every_condition_true if {
	conditions.denies_certainly(deny({
		"ArnLike": {"aws:PrincipalArn": ["arn:aws:iam::*:root"]},
		"BoolIfExists": {"aws:MultiFactorAuthPresent": ["false"]},
	}), access_key)
}

test_no_condition_denies if conditions.denies_certainly(deny({}), console)

# multi: several operators are ANDed.
test_operators_are_anded if {
	not conditions.denies_certainly(deny({
		"ArnLike": {"aws:PrincipalArn": ["arn:aws:iam::*:root"]},
		"Bool": {"aws:MultiFactorAuthPresent": ["false"]},
	}), access_key)
}

# multi: several keys under one operator are ANDed.
test_keys_are_anded if {
	not conditions.denies_certainly(deny({"StringEquals": {
		"aws:PrincipalAccount": ["111122223333"],
		"aws:PrincipalType": ["User"],
	}}), console)
	conditions.denies_certainly(deny({"StringEquals": {
		"aws:PrincipalAccount": ["111122223333"],
		"aws:PrincipalType": ["Account"],
	}}), console)
}

test_condition_on_unknown_key_not_counted if {
	not conditions.denies_certainly(deny({"StringEquals": {"aws:RequestedRegion": ["us-east-1"]}}), console)
}

test_allow_denies_nothing if {
	not conditions.denies_certainly(object.union(deny({}), {"Effect": "Allow"}), console)
}

test_some_resources_only if {
	not conditions.denies_certainly(object.union(deny({}), {"Resource": ["arn:aws:s3:::logs/*"]}), console)
	not conditions.denies_certainly(json.remove(object.union(deny({}), {"NotResource": ["arn:aws:s3:::logs"]}), ["Resource"]), console)
}

# scp: action names are not case-sensitive, * and ? are the wildcards.
action_cases := [
	{"doc": "scp: Action — not case-sensitive", "pattern": "IAM:createuser", "action": "iam:CreateUser", "want": true},
	{"doc": "scp: Action — * matches the rest of the name", "pattern": "iam:Create*", "action": "iam:CreateUser", "want": true},
	{"doc": "scp: Action — * alone matches every action", "pattern": "*", "action": "iam:CreateUser", "want": true},
	{"doc": "scp: Action — ? matches one character", "pattern": "iam:CreateUse?", "action": "iam:CreateUser", "want": true},
	{"doc": "scp: Action — ? is exactly one character", "pattern": "iam:?", "action": "iam:CreateUser", "want": false},
	{"doc": "scp: Action — [ ] are literal", "pattern": "iam:[C]reateUser", "action": "iam:CreateUser", "want": false},
	{"doc": "scp: Action — a service pattern does not match another service", "pattern": "iam:*", "action": "sts:GetSessionToken", "want": false},
	{"doc": "scp: Action — . is literal", "pattern": "iam.CreateUser", "action": "iamxCreateUser", "want": false},
]

test_action_patterns if {
	bad := [c.doc | some c in action_cases; conditions.action_pattern_matches(c.pattern, c.action) != c.want]
	print(bad)
	bad == []
}

test_not_action if {
	stmt := {"Effect": "Deny", "NotAction": ["iam:*"], "Resource": ["*"]}
	not conditions.action_matches(stmt, "iam:CreateUser")
	conditions.action_matches(stmt, "s3:GetObject")
	conditions.denies_certainly(stmt, object.union(console, {"action": "s3:GetObject"}))
	not conditions.denies_certainly(stmt, console)
}

test_matches_every_action if {
	conditions.matches_every_action(["*"])
	conditions.matches_every_action(["iam:*", "*:*"])
	conditions.matches_every_action(["?*"])
	not conditions.matches_every_action(["iam:*", "sts:*"])
	not conditions.matches_every_action(["t*"])
	not conditions.matches_every_action(["?:?"])
	not conditions.matches_every_action(["t*", "x*"])
	not conditions.matches_every_action([])
}

test_pattern_regex_escapes_everything_but_wildcards if {
	regex.match(conditions.pattern_regex("a+b(c)|d^$\\", false), "a+b(c)|d^$\\")
	not regex.match(conditions.pattern_regex("a+b", false), "aab")
	regex.match(conditions.pattern_regex("A*", true), "abc")
	not regex.match(conditions.pattern_regex("A*", false), "abc")
}
