# METADATA
# title: Password policy requires passwords of {password_min_length} or more characters
# description: >-
#   Short passwords fall to brute force and password spraying. Passes when the account's
#   password policy has minimum_password_length of at least password_min_length (default
#   14): a minimum of exactly 14 passes, 13 fails. Fails when the minimum is shorter, or
#   when the account has no password policy, since AWS's default policy then accepts
#   passwords of 8 characters. Unknown when the password policy was not collected, or a
#   collected policy has no minimum_password_length value (AWS always returns it, so its
#   absence means incomplete data, not a setting).
# custom:
#   id: password_policy_length
#   severity: medium
#   resource: account
#   recommended_action: >-
#     In the IAM console open Account settings, edit the password policy and set the
#     minimum password length to 14 or more (aws iam update-account-password-policy
#     --minimum-password-length 14, passing every other setting you want to keep, since
#     the call resets the ones left out). Better still, sign people in through IAM
#     Identity Center or your identity provider and keep no IAM user passwords at all.
#   frameworks:
#     cis-aws-3.0: ["1.8"]
#     cis-aws-6.0: ["2.7"]
#     cis-aws-7.0: ["2.8"]
#     soc2: ["CC6.1"]
#     hipaa: ["164.308(a)(5)(ii)(D)"]
package tenet.aws.password_policy_length

import data.tenet.lib.iam
import data.tenet.lib.password_policy as pp

findings contains iam.root_finding(status, message) if {
	[status, message] := outcome
}

outcome := unset if {
	unset := pp.unset_outcome("accepts passwords of 8 characters")
} else := ["unknown", pp.field_missing("minimum_password_length")] if {
	not is_number(length)
} else := ["pass", sprintf("the password policy requires at least %d characters (%d or more required)", [
	length,
	minimum,
])] if {
	length >= minimum
} else := ["fail", sprintf("the password policy requires only %d characters (%d or more required)", [
	length,
	minimum,
])]

length := pp.value("minimum_password_length")

minimum := data.tenet.config.password_min_length
