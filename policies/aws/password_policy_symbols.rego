# METADATA
# title: Password policy requires at least one symbol
# description: >-
#   A CIS AWS Foundations v1.x item (v1.2.0 1.7) that later versions dropped, following
#   NIST SP 800-63B's advice to favour length over composition rules; kept for SOC 2 and
#   HIPAA password-management evidence. Passes when the account's password policy has
#   require_symbols true; fails when it is false, or when the account has no password
#   policy, since AWS's default policy then asks for any three of uppercase letters,
#   lowercase letters, numbers and symbols and so never requires a symbol. Unknown when
#   the password policy was not collected, or a collected policy has no require_symbols
#   value (AWS always returns it, so its absence means incomplete data).
# custom:
#   id: password_policy_symbols
#   severity: low
#   resource: account
#   recommended_action: >-
#     In the IAM console open Account settings, edit the password policy and select
#     "Require at least one non-alphanumeric character" (aws iam
#     update-account-password-policy --require-symbols, passing every other setting you
#     want to keep, since the call resets the ones left out).
#   frameworks:
#     soc2: ["CC6.1"]
#     hipaa: ["164.308(a)(5)(ii)(D)"]
package tenet.aws.password_policy_symbols

import data.tenet.lib.iam
import data.tenet.lib.password_policy as pp

findings contains iam.root_finding(status, message) if {
	[status, message] := pp.character_outcome("require_symbols", "a symbol")
}
