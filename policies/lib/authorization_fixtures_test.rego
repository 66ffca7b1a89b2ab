# Shared builders for the tests of the IAM policy rules: users, groups, roles, managed
# policies and policy documents in input.account.iam, as GetAccountAuthorizationDetails
# returns them. A _test.rego file, so only `tenet test` loads it; it has no test rules.
package tenet.lib.authorization_fixtures_test

import data.tenet.lib.fixtures_test as fx

# An account input (account 222233334444, no credential report) with `iam` as given.
input_iam(iam) := object.union(fx.account_input(null), {"account": {"iam": iam}})

# An account input whose iam has no users, groups, roles or policies but `parts`.
input_with(parts) := input_iam(object.union({"users": [], "groups": [], "roles": [], "policies": []}, parts))

# The unknown finding when iam was not collected.
no_details := fx.finding(fx.root_arn, "unknown", "no IAM authorization details collected")

arn(kind, name) := sprintf("arn:aws:iam::%s:%s/%s", [fx.account_id, kind, name])

principal(kind, name, changes) := object.union(
	{"name": name, "arn": arn(kind, name), "path": "/", "attached_policies": [], "inline_policies": []},
	changes,
)

user(name, changes) := principal("user", name, object.union({"groups": []}, changes))

group(name, changes) := principal("group", name, changes)

role(name, changes) := principal("role", name, changes)

aws_policy(name) := sprintf("arn:aws:iam::aws:policy/%s", [name])

# A one-statement Allow document, Statement an object, Action and Resource as given.
allow(action, resource) := {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": action, "Resource": resource}}

# A managed policy entry of the iam.policies list.
managed(arn, attachments, document) := {
	"name": split(arn, "/")[count(split(arn, "/")) - 1],
	"arn": arn,
	"aws_managed": startswith(arn, "arn:aws:iam::aws:"),
	"attachment_count": attachments,
	"document": document,
}
