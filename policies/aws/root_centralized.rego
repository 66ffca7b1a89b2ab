# METADATA
# title: Centralized root access is enabled in the organization
# description: >-
#   With centralized root access the management account can remove member accounts' root
#   credentials and keep them from being recovered (root credentials management), and can
#   run the few tasks that need root as short privileged root sessions (root sessions).
#   Follows CIS AWS Foundations v7.0 2.1.1, whose audit asks for root credentials
#   management for member accounts (IAM list-organizations-features lists
#   RootCredentialsManagement); RootSessions is an addition the audit does not require.
#   Passes when root_credentials_management is true, saying whether RootSessions is
#   enabled, disabled or not collected. Fails when root_credentials_management is false.
#   Unknown when no organization data was collected or root_credentials_management was not
#   collected. One finding, for the organization.
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
} else := ["pass", sprintf("centralized root access is enabled: %s", [concat(" and ", states)])] if {
	iam.organization.root_credentials_management == true
} else := ["fail", sprintf("centralized root access is not enabled: %s", [concat(" and ", states)])] if {
	iam.organization.root_credentials_management == false
} else := ["unknown", sprintf("whether centralized root access is enabled is unknown: %s", [concat(" and ", states)])]

# e.g. ["RootCredentialsManagement is enabled", "RootSessions is disabled (...)"]
states := [
	sprintf("RootCredentialsManagement %s", [state(object.get(iam.organization, "root_credentials_management", null))]),
	sprintf("RootSessions %s", [sessions_state(object.get(iam.organization, "root_sessions", null))]),
]

state(true) := "is enabled"

state(false) := "is disabled"

state(null) := "was not collected"

sessions_state(false) := "is disabled (privileged root actions are not centralized, which CIS 2.1.1 does not require)"

sessions_state(value) := state(value) if value != false
