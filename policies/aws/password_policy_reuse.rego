# METADATA
# title: Password policy prevents reuse of the last {password_reuse} passwords
# description: >-
#   A user who cycles back to an old password brings back a password that may already have
#   leaked. Passes when the account's password policy has password_reuse_prevention of at
#   least password_reuse (default 24): exactly 24 passes, 23 fails. Fails when it is
#   lower, when the policy leaves it out or sets it to 0 (AWS omits
#   PasswordReusePrevention when reuse prevention is off), or when the account has no
#   password policy, since AWS's default policy then lets users reuse any previous
#   password. Unknown when the password policy was not collected.
# custom:
#   id: password_policy_reuse
#   severity: medium
#   resource: account
#   recommended_action: >-
#     In the IAM console open Account settings, edit the password policy and prevent
#     password reuse, remembering 24 passwords (aws iam update-account-password-policy
#     --password-reuse-prevention 24, passing every other setting you want to keep,
#     since the call resets the ones left out).
#   frameworks:
#     cis-aws-3.0: ["1.9"]
#     cis-aws-6.0: ["2.8"]
#     cis-aws-7.0: ["2.9"]
#     soc2: ["CC6.1"]
#     hipaa: ["164.308(a)(5)(ii)(D)"]
package tenet.aws.password_policy_reuse

import data.tenet.lib.iam
import data.tenet.lib.password_policy as pp

findings contains iam.root_finding(status, message) if {
	[status, message] := outcome
}

outcome := unset if {
	unset := pp.unset_outcome("lets IAM users reuse any previous password")
} else := ["fail", sprintf("the password policy does not prevent password reuse (%s; %d or more required)", [
	no_reuse_prevention,
	required,
])] if {
	not prevents_reuse
} else := ["pass", sprintf("the password policy prevents reuse of the last %d passwords (%d or more required)", [
	remembered,
	required,
])] if {
	remembered >= required
} else := ["fail", sprintf("the password policy prevents reuse of only the last %d passwords (%d or more required)", [
	remembered,
	required,
])]

remembered := pp.value("password_reuse_prevention")

# AWS takes 0 or no value as "reuse allowed".
prevents_reuse if {
	is_number(remembered)
	remembered > 0
}

no_reuse_prevention := "password_reuse_prevention not set" if {
	remembered == null
} else := sprintf("password_reuse_prevention %v", [remembered])

required := data.tenet.config.password_reuse
