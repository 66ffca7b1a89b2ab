# METADATA
# title: IAM users with a console password have MFA enabled
# description: >-
#   A console password alone is one phished, guessed or reused secret away from a
#   session in the account. For each IAM user in the credential report (the root user
#   has root_mfa): fails when password_enabled is true and mfa_active is false, saying
#   when the password was last used; passes when both are true; not applicable when
#   password_enabled is false, since the user cannot sign in to the console. Unknown
#   for a user whose row has no password_enabled value, or no mfa_active value while
#   it has a password. When no credential report was collected, one unknown finding on
#   the account's root ARN; a report without IAM users gives no findings.
# custom:
#   id: user_console_mfa
#   severity: high
#   resource: user
#   recommended_action: >-
#     Have the user assign an MFA device (IAM console, Security credentials, Assign MFA
#     device; a FIDO security key or passkey resists phishing best) or remove the
#     console password if the user does not need the console. Enforce it going forward
#     with a policy that denies everything but MFA self-management when
#     aws:MultiFactorAuthPresent is false, or move people to IAM Identity Center with
#     MFA required.
#   frameworks:
#     cis-aws-3.0: ["1.10"]
#     cis-aws-6.0: ["2.9"]
#     cis-aws-7.0: ["2.10"]
#     soc2: ["CC6.1", "CC6.2"]
#     hipaa: ["164.308(a)(5)(ii)(D)", "164.312(a)(1)", "164.312(d)"]
package tenet.aws.user_console_mfa

import data.tenet.lib.credentials

findings contains credentials.report_missing_finding

findings contains {"resource": user.arn, "status": status, "message": message} if {
	some user in credentials.user_facts
	[status, message] := outcome(user)
}

outcome(user) := ["unknown", credentials.no_value(["password_enabled"])] if {
	not is_boolean(user.password_enabled)
} else := ["not_applicable", "user has no console password"] if {
	user.password_enabled == false
} else := ["pass", "user has a console password and MFA active"] if {
	user.mfa_active == true
} else := ["fail", sprintf("user has a console password and no MFA device active (%s)", [password_use(user.password)])] if {
	user.mfa_active == false
} else := ["unknown", credentials.no_value(["mfa_active"])]

# When the password was last used: an unprotected password in use is the urgent case.
password_use(password) := sprintf("password last used %s", [password.last_used.date]) if {
	password.last_used != null
} else := "password never used"
