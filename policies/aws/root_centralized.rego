# METADATA
# title: Centralized root access is enabled in the organization
# description: >-
#   With centralized root access the management account can remove member accounts' root
#   credentials (root credentials management) and run the few tasks that need root as
#   short privileged root sessions (root sessions), so no member account needs a root
#   password, access key or MFA device of its own. Passes when the organization has both
#   root_credentials_management and root_sessions true (the RootCredentialsManagement and
#   RootSessions features of IAM list-organizations-features). Fails when either is false,
#   naming which (even if the other is unknown). Unknown when no organization data was
#   collected, or when neither is false and one is not known. One finding, for the
#   organization.
# custom:
#   id: root_centralized
#   severity: high
#   resource: organization
#   recommended_action: >-
#     From the management account, enable trusted access for IAM in AWS Organizations,
#     then in the IAM console under Root access management enable both root credentials
#     management and privileged root actions in member accounts (aws iam
#     enable-organizations-root-credentials-management and aws iam
#     enable-organizations-root-sessions). Then delete the root credentials of member
#     accounts that still have them.
#   frameworks:
#     cis-aws-7.0: ["2.1.1"]
#     soc2: ["CC6.1", "CC6.3"]
#     hipaa: ["164.308(a)(4)(ii)(B)", "164.312(a)(1)"]
package tenet.aws.root_centralized

import data.tenet.lib.iam

findings contains {"resource": iam.organization_arn, "status": status, "message": message} if {
	[status, message] := outcome
}

outcome := ["unknown", "no organization data collected"] if {
	not is_object(iam.organization)
} else := ["fail", sprintf("centralized root access is not enabled: %s", [concat(" and ", states)])] if {
	every f in features {
		f.value == false
	}
} else := ["fail", sprintf("centralized root access is not fully enabled: %s", [concat(" and ", states)])] if {
	some f in features
	f.value == false
} else := ["unknown", sprintf("centralized root access is not known to be enabled: %s", [concat(" and ", states)])] if {
	some f in features
	f.value != true
} else := ["pass", sprintf("centralized root access is enabled: %s", [concat(" and ", states)])]

# The two features, from IAM list-organizations-features: true, false, or null when not collected.
features := [
	{"name": "RootCredentialsManagement", "value": object.get(iam.organization, "root_credentials_management", null)},
	{"name": "RootSessions", "value": object.get(iam.organization, "root_sessions", null)},
] if is_object(iam.organization)

# e.g. ["RootCredentialsManagement is enabled", "RootSessions is disabled"]
states := [sprintf("%s %s", [f.name, state(f.value)]) | some f in features]

state(true) := "is enabled"

state(false) := "is disabled"

state(null) := "was not collected"
