# METADATA
# title: Password policy expires passwords within {password_max_age_days} days
# description: >-
#   A CIS AWS Foundations v1.x item (v1.2.0 1.11) that later versions dropped, following
#   NIST SP 800-63B's advice against forced periodic changes; kept for SOC 2 and HIPAA
#   password-management evidence. Passes when the account's password policy has
#   max_password_age between 1 and password_max_age_days (default 90) and expire_passwords
#   is not false: exactly 90 days passes, 91 fails. Fails when the maximum age is longer,
#   when the policy leaves max_password_age out or sets it to 0 (AWS omits MaxPasswordAge
#   when passwords never expire, and derives ExpirePasswords from it), when
#   expire_passwords is false, or when the account has no password policy, since passwords
#   then never expire. Unknown when the password policy was not collected.
# custom:
#   id: password_policy_max_age
#   severity: low
#   resource: account
#   recommended_action: >-
#     In the IAM console open Account settings, edit the password policy and turn on
#     password expiration with an expiration period of 90 days or less (aws iam
#     update-account-password-policy --max-password-age 90, passing every other setting
#     you want to keep, since the call resets the ones left out). Where your policy
#     follows NIST SP 800-63B instead, record that decision as an exception.
#   frameworks:
#     soc2: ["CC6.1"]
#     hipaa: ["164.308(a)(5)(ii)(D)"]
package tenet.aws.password_policy_max_age

import data.tenet.lib.iam
import data.tenet.lib.password_policy as pp

findings contains iam.root_finding(status, message) if {
	[status, message] := outcome
}

outcome := unset if {
	unset := pp.unset_outcome("never expires IAM user passwords")
} else := ["fail", sprintf("the password policy does not expire passwords (expire_passwords false; %s)", [
	required,
])] if {
	pp.value("expire_passwords") == false
} else := ["fail", sprintf("the password policy does not expire passwords (%s; %s)", [no_max_age, required])] if {
	not expires
} else := ["pass", sprintf("the password policy expires passwords after %s (%s)", [days(max_age), required])] if {
	max_age <= limit
} else := ["fail", sprintf("the password policy expires passwords only after %s (%s)", [days(max_age), required])]

max_age := pp.value("max_password_age")

# A maximum age that expires passwords: AWS takes 0 or no value as "never".
expires if {
	is_number(max_age)
	max_age > 0
}

no_max_age := "max_password_age not set" if {
	max_age == null
} else := sprintf("max_password_age %v", [max_age])

limit := data.tenet.config.password_max_age_days

required := sprintf("%s or less required", [days(limit)])

days(n) := "1 day" if n == 1 else := sprintf("%d days", [n])
