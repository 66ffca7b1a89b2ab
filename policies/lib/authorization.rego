# The account's IAM authorization details (users, groups, roles and managed policies, as
# GetAccountAuthorizationDetails returns them) and the policy-document reading the IAM
# policy rules share. Documents are as AWS wrote them: Statement an object or an array,
# Action, NotAction, Resource and NotResource a string or an array.
package tenet.lib.authorization

import data.tenet.lib.iam

# input.account.iam; undefined when it was not collected (null or absent).
details := d if {
	d := object.get(input.account, "iam", null)
	d != null
}

# The one `unknown` finding, on the account's root ARN, of a rule that needs the details.
missing_finding := iam.root_finding("unknown", sprintf(
	"no IAM authorization details collected%s",
	[iam.collection_errors("iam")],
)) if not details

# Every user, group and role, each with its kind ("user", "group" or "role").
principals contains object.union(p, {"kind": kind}) if {
	some [kind, key] in [["user", "users"], ["group", "groups"], ["role", "roles"]]
	some p in object.get(details, key, [])
}

# A string as a one-element array; an array as it is.
as_list(x) := x if is_array(x)

as_list(x) := [x] if is_string(x)

as_list(x) := [x] if is_object(x)

# The statements of a policy document, whether Statement is one object or an array.
statements(document) := as_list(object.get(document, "Statement", []))

# `arn` is the AWS managed policy `name`: arn:<partition>:iam::aws:policy/<name>, whatever
# the partition (aws, aws-cn, aws-us-gov). The names these rules use have no regex
# metacharacters and live at the root path.
is_aws_managed(arn, name) if regex.match(sprintf(`^arn:[a-z-]+:iam::aws:policy/%s$`, [name]), arn)

# The name of a policy ARN (its last path segment), for messages.
policy_name(arn) := name if {
	parts := split(arn, "/")
	name := parts[count(parts) - 1]
}
