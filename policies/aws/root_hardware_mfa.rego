# METADATA
# title: Root user MFA is a hardware device
# description: >-
#   A virtual MFA device lives on a phone or laptop that can be lost, cloned or
#   compromised along with the password, so CIS asks for a hardware device (FIDO
#   security key or hardware TOTP token) on the root user. Follows CIS AWS Foundations
#   v6.0 2.5 / v7.0 2.6 (audit: AccountMFAEnabled 1 in get-account-summary, and no virtual
#   MFA device whose User is the root ARN in list-virtual-mfa-devices) and v3.0 1.6. Facts
#   come from the strongest evidence, named in the message: GetAccountSummary, then
#   account.root_password_present, then the credential report's <root_account> row.
#   Passes when root has MFA and no virtual MFA device is assigned to root
#   (account.root_virtual_mfa false). Fails when root's MFA is a virtual device; when root
#   has a console password and no MFA, exemption or not; and when root has no MFA
#   otherwise (including no password but an access key). Passes when root has no console
#   password and no access key on recorded evidence: there is no root credential to
#   protect. Unknown when root_virtual_mfa was not collected (a credential report alone
#   cannot tell a virtual from a hardware device), or whether root has MFA is unknown.
#   Not applicable to a member account of an organization with centralized root access
#   (root_credentials_management true) whose root has no credential left: no password
#   (recorded, or when nothing recorded it, a root password never used), no access key
#   (active or inactive), no MFA device and no active signing certificate. Never not
#   applicable to the management account.
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
import data.tenet.lib.root

findings contains iam.root_finding(status, message) if {
	[status, message] := outcome
}

outcome := ["fail", sprintf("root MFA is a virtual device, not a hardware device (%s)", [root.mfa.evidence])] if {
	root.mfa.value == true
	root_virtual_mfa == true
} else := ["pass", sprintf(
	"root MFA is a hardware device: MFA is active (%s) and no virtual MFA device is assigned to the root user",
	[root.mfa.evidence],
)] if {
	root.mfa.value == true
	root_virtual_mfa == false
} else := ["unknown", sprintf(concat("", [
	"root MFA is active (%s) but its device type was not collected: ",
	"a credential report alone cannot tell a virtual from a hardware device",
]), [root.mfa.evidence])] if {
	root.mfa.value == true
} else := ["fail", sprintf("root user has a console password (%s) and no MFA device active, hardware or virtual (%s)", [
	root.password.evidence,
	root.mfa.evidence,
])] if {
	root.password.value == true
	root.mfa.value == false
} else := ["unknown", sprintf("root user has a console password (%s), but whether it has MFA is unknown: %s", [
	root.password.evidence,
	root.mfa.evidence,
])] if {
	root.password.value == true
	root.mfa.value == null
} else := ["not_applicable", root.centralized_without_credentials] if {
	root.centralized_without_credentials
} else := ["pass", sprintf("%s: no root credential for a hardware MFA device to protect", [root.no_credentials_to_protect])] if {
	root.no_credentials_to_protect
} else := ["fail", sprintf("root user has no MFA device active, hardware or virtual (%s)", [root.mfa.evidence])] if {
	root.mfa.value == false
} else := ["unknown", root.mfa.evidence]

# true when root's MFA is a virtual device; null when it was not collected.
root_virtual_mfa := object.get(input.account, "root_virtual_mfa", null)
