# METADATA
# title: Demo rule bravo (users)
# custom:
#   id: bravo
#   severity: high
#   resource: account
#   recommended_action: Fix bravo for the user.
#   frameworks:
#     cis-aws-7.0: ["2.4"]
package tenet.aws.bravo

# Never evaluated: the readiness tests report from hand-written results.
findings := set()
