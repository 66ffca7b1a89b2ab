# Exact evaluation of IAM policy statements (as SCPs use them) against a request context,
# following AWS's documentation, not a glob library:
#   - IAM User Guide, "IAM JSON policy elements: Condition operators"
#     (reference_policies_elements_condition_operators.html): the operator families, their
#     case rules, ...IfExists, the Null check, ArnEquals/ArnLike matching each of the six
#     colon-delimited ARN components separately (and behaving identically), and the
#     absent-key rule: "If the key that you specify in a policy condition is not present in
#     the request context, the values do not match and the condition is false. If the policy
#     condition requires that the key is not matched, such as StringNotLike or ArnNotLike,
#     and the right key is not present, the condition is true. This logic applies to all
#     condition operators except ...IfExists and Null check."
#   - "IAM JSON policy elements: Condition" (reference_policies_elements_condition.html):
#     condition key names are not case-sensitive; value case depends on the operator.
#   - "Creating a condition with multiple keys or values"
#     (reference_policies_multi-value-conditions.html): several operators, or several keys
#     under one operator, are ANDed; several values for one key are ORed, except under a
#     negated operator, where the value must match none of them; ForAllValues is true when
#     every request value matches (and when the key is absent or its values are empty),
#     ForAnyValue when at least one does (false when absent or empty).
#   - "IAM policy elements: Variables and tags" (reference_policies_variables.html): ${key}
#     and ${key, 'default'} in String and ARN condition values, and ${*}, ${?}, ${$} for a
#     literal *, ? and $.
#   - AWS Organizations User Guide, "SCP syntax": Action and NotAction take * and ? wildcards
#     and are not case-sensitive.
#
# API
#   A request context is an object
#     {"action": "iam:CreateUser",
#      "keys": {<lower-cased condition key>: <string, or array of strings>, ...},
#      "known_absent": <set or array of lower-cased keys known NOT to be in the request>}
#   A key in neither `keys` nor `known_absent` is UNKNOWN: a real request may or may not
#   carry it, with any value (aws:SourceIp, aws:RequestedRegion, ...).
#
#   Statements are as the loader normalises SCP documents: Action, NotAction, Resource and
#   NotResource arrays of strings; Condition {operator: {key: [string, ...]}}.
#
#   denies_certainly(stmt, ctx)       the statement is a Deny that certainly denies ctx's request
#   applies_certainly(stmt, ctx)      a Deny on every resource whose every condition certainly
#                                     holds in ctx (what denies_certainly asks, but the action)
#   action_matches(stmt, action)      the statement's Action matches the action, or its
#                                     NotAction does not
#   action_pattern_matches(p, a)      IAM action matching: case-insensitive, * and ? wildcards
#   matches_every_action(patterns)    some pattern matches every action (e.g. "*", "*:*")
#   unlisted_actions                  two actions no service has, stand-ins for the actions
#                                     no pattern names
#   covers_all_resources(stmt)        Resource contains "*" and there is no NotResource
#   conditions_hold(stmt, ctx)        every condition of the statement is certainly true
#   condition_result(op, key, values, ctx)
#                                     true or false when the outcome is certain, undefined when
#                                     it depends on what ctx leaves unknown
#   value_matches(base, pattern, value, ctx)
#                                     one policy value against one request value for a base
#                                     operator (StringEquals, StringEqualsIgnoreCase,
#                                     StringLike, ArnEquals, ArnLike, Bool): true, false, or
#                                     undefined when a policy variable cannot be resolved
#   wildcard_match(pattern, value, ignore_case)
#                                     IAM wildcard matching (only * and ? are wildcards)
#   pattern_regex(pattern, ignore_case)
#                                     the anchored regular expression of an IAM wildcard
#                                     pattern
#
# Certainty. A condition on an UNKNOWN key is never certainly true, except the Null check
# listing both "true" and "false" (true whatever the request holds): a deny that only
# sometimes applies is not counted. Numeric, Date, IpAddress and Binary operators follow the
# absent-key rule on a key known absent (and ...IfExists is then true); on a present or
# unknown key their outcome is never taken as certain. A single-valued operator (no
# ForAnyValue/ForAllValues) on a key holding several values, an unrecognised operator, or a
# policy variable that cannot be resolved makes the outcome uncertain too.
package tenet.lib.conditions

# ---------------------------------------------------------------------------------------
# Statements

denies_certainly(stmt, ctx) if {
	applies_certainly(stmt, ctx)
	action_matches(stmt, ctx.action)
}

applies_certainly(stmt, ctx) if {
	stmt.Effect == "Deny"
	covers_all_resources(stmt)
	conditions_hold(stmt, ctx)
}

# A statement without Resource is taken to cover every resource (as FullAWSAccess-style
# documents are often written); anything narrower than "*" only denies sometimes.
covers_all_resources(stmt) if {
	"*" in object.get(stmt, "Resource", ["*"])
	not "NotResource" in object.keys(stmt)
}

conditions_hold(stmt, ctx) if {
	every operator, block in object.get(stmt, "Condition", {}) {
		every key, values in block {
			condition_result(operator, key, values, ctx) == true
		}
	}
}

# ---------------------------------------------------------------------------------------
# Actions

action_matches(stmt, action) if {
	"Action" in object.keys(stmt)
	any_action_pattern_matches(stmt.Action, action)
}

action_matches(stmt, action) if {
	not "Action" in object.keys(stmt)
	"NotAction" in object.keys(stmt)
	not any_action_pattern_matches(stmt.NotAction, action)
}

any_action_pattern_matches(patterns, action) if {
	some pattern in patterns
	action_pattern_matches(pattern, action)
}

action_pattern_matches(pattern, action) if wildcard_match(pattern, action, true)

# Two actions no real service defines, sharing no character but the colon (case ignored).
# A pattern that matches both is made only of wildcards and colons (a literal character
# would have to occur in both) and matches a one-letter service and a one-letter action
# name: "*", "*:*", "?*", "*?:*" and the like, which match every action.
unlisted_actions := ["tenet-unlisted-service:UnlistedAction", "x:q"]

universal_action_pattern(pattern) if {
	every action in unlisted_actions {
		action_pattern_matches(pattern, action)
	}
}

# One of the patterns matches every action (two patterns each matching one of the unlisted
# actions, such as "t*" and "x*", do not).
matches_every_action(patterns) if {
	some pattern in patterns
	universal_action_pattern(pattern)
}

# ---------------------------------------------------------------------------------------
# Conditions

condition_result(operator, key, values, ctx) := result if {
	op := parse_operator(operator)
	k := lower(key)
	result := result_in_state(key_state(ctx, k), op, k, policy_values(values), ctx)
}

# "present", "absent" or "unknown".
key_state(ctx, key) := "present" if {
	object.get(object.get(ctx, "keys", {}), key, null) != null
} else := "absent" if {
	key in object.get(ctx, "known_absent", [])
} else := "unknown"

# The loader gives arrays of strings; a lone string or boolean is accepted as one value.
policy_values(values) := values if is_array(values)

policy_values(values) := [values] if is_string(values)

policy_values(values) := [sprintf("%v", [values])] if is_boolean(values)

request_values(value) := value if is_array(value)

request_values(value) := [value] if is_string(value)

# {"set": "" | "ForAnyValue" | "ForAllValues", "base": "StringLike", "if_exists": bool};
# undefined for an operator AWS does not define (it would reject the policy).
parse_operator(operator) := {"set": set_op, "base": base, "if_exists": if_exists} if {
	[set_op, rest] := split_set_operator(operator)
	[base, if_exists] := split_if_exists(rest)
	known_operator(set_op, base, if_exists)
}

split_set_operator(operator) := [parts[0], parts[1]] if {
	parts := split(operator, ":")
	count(parts) == 2
	parts[0] in {"ForAnyValue", "ForAllValues"}
} else := ["", operator] if {
	not contains(operator, ":")
}

split_if_exists(rest) := [trim_suffix(rest, "IfExists"), true] if {
	endswith(rest, "IfExists")
} else := [rest, false]

# Null takes neither IfExists nor a set operator.
known_operator(set_op, base, if_exists) if {
	base == "Null"
	set_op == ""
	if_exists == false
}

known_operator(_, base, _) if base in evaluated_operators

known_operator(_, base, _) if negated(base)

known_operator(_, base, _) if base in opaque_operators

# The operators evaluated here, on strings.
evaluated_operators := {"StringEquals", "StringEqualsIgnoreCase", "StringLike", "ArnEquals", "ArnLike", "Bool"}

# Each negated operator with the one it negates: true exactly when that one is false.
negated_operators := {
	"StringNotEquals": "StringEquals",
	"StringNotEqualsIgnoreCase": "StringEqualsIgnoreCase",
	"StringNotLike": "StringLike",
	"ArnNotEquals": "ArnEquals",
	"ArnNotLike": "ArnLike",
}

# Operators whose outcome on a present value is not computed here: only the absent-key
# rule (and ...IfExists) is applied to them.
opaque_operators := {
	"NumericEquals", "NumericLessThan", "NumericLessThanEquals", "NumericGreaterThan",
	"NumericGreaterThanEquals", "DateEquals", "DateLessThan", "DateLessThanEquals",
	"DateGreaterThan", "DateGreaterThanEquals", "IpAddress", "BinaryEquals",
}

opaque_negated_operators := {"NumericNotEquals", "DateNotEquals", "NotIpAddress"}

negated(base) if base in object.keys(negated_operators)

negated(base) if base in opaque_negated_operators

result_in_state(state, op, _, values, _) := absent_result(op, values) if state == "absent"

result_in_state(state, op, key, values, ctx) := present_result(op, ctx.keys[key], values, ctx) if {
	state == "present"
}

# An unknown key: certain only when absent and present give the same answer whatever the
# value, which only the Null check can do (listing both "true" and "false").
result_in_state(state, op, _, values, _) := r if {
	state == "unknown"
	op.base == "Null"
	r := null_absent_result(values)
	r == null_present_result(values)
}

# The absent-key rule of the Condition operators page, with its two exceptions (...IfExists:
# true; Null: true when it lists "true"), and ForAllValues (true) / ForAnyValue (false) when
# the request has no value (multivalued context keys page).
absent_result(op, values) := true if {
	op.if_exists
} else := r if {
	op.base == "Null"
	r := null_absent_result(values)
} else := true if {
	op.set == "ForAllValues"
} else := false if {
	op.set == "ForAnyValue"
} else := true if {
	negated(op.base)
} else := false

null_absent_result(values) := "true" in lower_values(values)

null_present_result(values) := "false" in lower_values(values)

lower_values(values) := {lower(v) | some v in values}

present_result(op, _, values, _) := null_present_result(values) if op.base == "Null"

# Single-valued operators compare the request's one value; several values make it uncertain.
present_result(op, raw, values, ctx) := single_result(op.base, value, values, ctx) if {
	op.base != "Null"
	op.set == ""
	[value] := request_values(raw)
}

present_result(op, raw, values, ctx) := true if {
	op.set == "ForAnyValue"
	some value in request_values(raw)
	single_result(op.base, value, values, ctx) == true
}

present_result(op, raw, values, ctx) := false if {
	op.set == "ForAnyValue"
	every value in request_values(raw) {
		single_result(op.base, value, values, ctx) == false
	}
}

present_result(op, raw, values, ctx) := true if {
	op.set == "ForAllValues"
	every value in request_values(raw) {
		single_result(op.base, value, values, ctx) == true
	}
}

present_result(op, raw, values, ctx) := false if {
	op.set == "ForAllValues"
	some value in request_values(raw)
	single_result(op.base, value, values, ctx) == false
}

# One request value against the policy values: a positive operator holds when some value
# matches (OR), a negated one when none does.
single_result(base, value, values, ctx) := positive_result(base, value, values, ctx) if {
	base in evaluated_operators
}

single_result(base, value, values, ctx) := false if {
	positive_result(negated_operators[base], value, values, ctx) == true
}

single_result(base, value, values, ctx) := true if {
	positive_result(negated_operators[base], value, values, ctx) == false
}

positive_result(base, value, values, ctx) := true if {
	some pattern in values
	value_matches(base, pattern, value, ctx) == true
} else := false if {
	every pattern in values {
		value_matches(base, pattern, value, ctx) == false
	}
}

# ---------------------------------------------------------------------------------------
# Matching one policy value against one request value

# StringEquals: exact and case-sensitive; * and ? are ordinary characters.
value_matches(base, pattern, value, ctx) := string_match(pattern, value, ctx, false, false) if {
	base == "StringEquals"
	is_string(value)
}

value_matches(base, pattern, value, ctx) := string_match(pattern, value, ctx, false, true) if {
	base == "StringEqualsIgnoreCase"
	is_string(value)
}

# StringLike: case-sensitive, * and ? anywhere in the string.
value_matches(base, pattern, value, ctx) := string_match(pattern, value, ctx, true, false) if {
	base == "StringLike"
	is_string(value)
}

# Bool: "true" or "false", compared without regard to case.
value_matches(base, pattern, value, ctx) := string_match(pattern, value, ctx, false, true) if {
	base == "Bool"
	is_string(value)
}

# ArnEquals and ArnLike behave identically: case-sensitive, each of the six colon-delimited
# components matched separately with * and ?, so a * never spans a colon, except in the
# sixth component, which runs to the end of the ARN, colons included. A value or pattern
# with fewer than six components matches nothing (arn:aws:iam::* has five).
value_matches(base, pattern, value, ctx) := arn_matches(pattern, value, ctx) if {
	base in {"ArnEquals", "ArnLike"}
	is_string(value)
}

# One condition value against one request value: true or false, undefined when a policy
# variable in the pattern cannot be resolved.
string_match(pattern, value, ctx, wildcards_on, ignore_case) := wildcard_match(pattern, value, ignore_case) if {
	wildcards_on
	not contains(pattern, "${")
} else := fold(pattern, ignore_case) == fold(value, ignore_case) if {
	not wildcards_on
	not contains(pattern, "${")
} else := regex.match(value_regex(pattern, ctx, wildcards_on, ignore_case), value)

arn_matches(pattern, value, ctx) := false if {
	not arn_components(value)
} else := false if {
	not contains(pattern, "${")
	not arn_components(pattern)
} else := result if {
	not contains(pattern, "${")
	parts := arn_components(value)
	result := count({i | some i, component in arn_components(pattern); wildcard_match(component, parts[i], false)}) == 6
} else := false if {
	not pattern_components(tokens(pattern))
} else := result if {
	parts := arn_components(value)
	regexes := {i: re |
		some i, component in pattern_components(tokens(pattern))
		re := component_regex(component, ctx)
	}
	count(regexes) == 6
	result := count({i | some i, re in regexes; regex.match(re, parts[i])}) == 6
}

# The six components of an ARN: the first five colon-separated parts, then the rest.
arn_components(value) := array.concat(array.slice(parts, 0, 5), [concat(":", array.slice(parts, 5, count(parts)))]) if {
	parts := split(value, ":")
	count(parts) >= 6
}

# A pattern's tokens cut at its first five colons, as {index: tokens}; a policy variable's
# own colon (${aws:PrincipalAccount}) is inside one token and cuts nothing.
pattern_components(toks) := {k: array.slice(toks, start, ends[k]) | some k, start in starts} if {
	colons := [i | some i, tok in toks; tok == ":"]
	count(colons) >= 5
	firsts := array.slice(colons, 0, 5)
	starts := array.concat([0], [j | some i in firsts; j := i + 1])
	ends := array.concat(firsts, [count(toks)])
}

component_regex(component, ctx) := concat("", ["(?s)^", concat("", frags), "$"]) if {
	frags := [frag | some tok in component; frag := token_regex(tok, ctx, true)]
	count(frags) == count(component)
}

# ---------------------------------------------------------------------------------------
# Patterns as regular expressions

# IAM wildcard matching: * any run of characters, ? any one character, every other
# character literal. The common shapes (no wildcard, "*", "prefix*") are decided without a
# regular expression; the rest through pattern_regex.
wildcard_match(pattern, value, ignore_case) := folded_match(fold(pattern, ignore_case), fold(value, ignore_case))

folded_match(p, v) := true if {
	p == "*"
} else := p == v if {
	not contains(p, "*")
	not contains(p, "?")
} else := startswith(v, prefix) if {
	prefix := trim_suffix(p, "*")
	prefix != p
	not contains(prefix, "*")
	not contains(prefix, "?")
} else := regex.match(pattern_regex(p, false), v)

fold(s, ignore_case) := lower(s) if {
	ignore_case
} else := s

# An IAM wildcard pattern (action names): * any run of characters, ? any one character,
# every other character literal ([, ], {, }, ., + ... included).
pattern_regex(pattern, ignore_case) := concat("", [flags(ignore_case), "^", wildcards(escape(pattern)), "$"])

# A condition value, its policy variables resolved from ctx, wildcards on or off, case
# ignored or not. Undefined when a variable cannot be resolved.
value_regex(pattern, ctx, wildcards_on, ignore_case) := concat("", [flags(ignore_case), "^", body, "$"]) if {
	body := value_regex_body(pattern, ctx, wildcards_on)
}

# Without a policy variable the pattern is escaped in one pass.
value_regex_body(pattern, _, true) := wildcards(escape(pattern)) if not contains(pattern, "${")

value_regex_body(pattern, _, false) := escape(pattern) if not contains(pattern, "${")

value_regex_body(pattern, ctx, wildcards_on) := concat("", frags) if {
	contains(pattern, "${")
	toks := tokens(pattern)
	frags := [frag | some tok in toks; frag := token_regex(tok, ctx, wildcards_on)]
	count(frags) == count(toks)
}

# Every regular-expression metacharacter of s escaped with a backslash.
escape(s) := regex.replace(s, `[\\.+*?()|\[\]{}^$]`, `\$0`)

# An escaped pattern's \* and \? turned into wildcards. An escaped backslash is \\, so the
# first \* found at any point is the one escaping a *.
wildcards(escaped) := replace(replace(escaped, `\*`, ".*"), `\?`, ".")

# (?s): a . also matches a line break, so * spans any characters at all.
flags(ignore_case) := "(?is)" if {
	ignore_case
} else := "(?s)"

characters(s) := regex.find_n(`(?s:.)`, s, -1)

# The characters of s, with each ${...} policy variable kept whole.
tokens(s) := regex.find_n(`\$\{[^}]*\}|(?s:.)`, s, -1)

wildcard_regex(c) := ".*" if {
	c == "*"
} else := "." if {
	c == "?"
} else := quote(c)

# One token of a condition value: a wildcard (when on), one of the special variables ${*},
# ${?} and ${$} (the literal character), a plain character, or a policy variable replaced by
# its value, quoted.
token_regex(tok, ctx, wildcards) := wildcard_regex(tok) if {
	wildcards
	tok in {"*", "?"}
} else := `\*` if {
	tok == "${*}"
} else := `\?` if {
	tok == "${?}"
} else := `\$` if {
	tok == "${$}"
} else := quote(tok) if {
	count(tok) == 1
} else := r if {
	value := resolve_variable(tok, ctx)
	r := concat("", [quote(c) | some c in characters(value)])
}

# ${key}: the key's value when the request carries one string for it; ${key, 'default'}: the
# default when the key is known absent. Otherwise undefined (the outcome is uncertain).
resolve_variable(tok, ctx) := value if {
	[name, _] := variable_parts(tok)
	value := object.get(object.get(ctx, "keys", {}), lower(name), null)
	is_string(value)
} else := default_value if {
	[name, default_value] := variable_parts(tok)
	is_string(default_value)
	key_state(ctx, lower(name)) == "absent"
}

# ["aws:PrincipalTag/team", "company-wide"] for "${aws:PrincipalTag/team, 'company-wide'}";
# the default is null when there is none.
variable_parts(tok) := [trim_space(substring(inner, 0, i)), trim(trim_space(substring(inner, i + 1, -1)), "'")] if {
	inner := substring(tok, 2, count(tok) - 3)
	i := indexof(inner, ",")
	i >= 0
} else := [trim_space(substring(tok, 2, count(tok) - 3)), null]

regex_metacharacters := {"\\", ".", "+", "*", "?", "(", ")", "|", "[", "]", "{", "}", "^", "$"}

quote(c) := concat("", ["\\", c]) if c in regex_metacharacters

quote(c) := c if not c in regex_metacharacters
