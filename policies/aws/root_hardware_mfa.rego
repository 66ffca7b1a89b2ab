# METADATA
# title: Root user MFA is a hardware device
# description: >-
#   A virtual MFA device lives on a phone or laptop that can be lost, cloned or
#   compromised along with the password, so CIS asks for a hardware device (FIDO
#   security key or hardware TOTP token) on the root user. Passes when the
#   <root_account> row of the credential report has mfa_active true and no virtual MFA
#   device is assigned to root (account.root_virtual_mfa false, from
#   list-virtual-mfa-devices). Fails when root has no MFA at all, or when its MFA is a
#   virtual device. Unknown when root_virtual_mfa was not collected, since a credential
#   report alone cannot tell a virtual from a hardware device, or when the credential
#   report or its <root_account> row is missing.
#   Not applicable to a member account of an organization with centralized root access
#   (root_credentials_management true) whose root user has no credentials left: no
#   active access key or signing certificate, no MFA device, and no password
#   (root_password_present false, or, when that was not collected, a root password never
#   used). Never not applicable to the management account.
# custom:
#   id: root_hardware_mfa
#   severity: high
#   resource: account
#   recommended_action: >-
#     Buy a FIDO security key or a hardware TOTP token for the root user. Sign in as the
#     root user, open Security credentials, assign the hardware device under
#     Multi-factor authentication (MFA), then remove the virtual MFA device. Keep the
#     device, and a second registered one as a backup, in a safe.
#   frameworks:
#     cis-aws-3.0: ["1.6"]
#     cis-aws-6.0: ["2.5"]
#     cis-aws-7.0: ["2.6"]
#     soc2: ["CC6.1", "CC6.2"]
#     hipaa: ["164.312(a)(1)", "164.312(d)"]
package tenet.aws.root_hardware_mfa

import data.tenet.lib.iam

findings contains iam.root_finding(status, message) if {
	[status, message] := outcome
}

outcome := ["unknown", iam.root_row_missing] if {
	not iam.root_row
} else := ["not_applicable", iam.root_credentials_centralized] if {
	iam.root_credentials_centralized
} else := ["fail", "root user has no MFA device active, hardware or virtual"] if {
	iam.root_row.mfa_active == false
} else := ["unknown", "the credential report's <root_account> row has no mfa_active value"] if {
	iam.root_row.mfa_active != true
} else := ["fail", "root MFA is a virtual device, not a hardware device"] if {
	root_virtual_mfa == true
} else := ["pass", "root MFA is a hardware device (no virtual MFA device is assigned to the root user)"] if {
	root_virtual_mfa == false
} else := ["unknown", concat("", [
	"root MFA is active but its device type was not collected: ",
	"a credential report alone cannot tell a virtual from a hardware device",
])]

# true when root's MFA is a virtual device; null when it was not collected.
root_virtual_mfa := object.get(input.account, "root_virtual_mfa", null)
