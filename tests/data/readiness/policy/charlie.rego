# METADATA
# title: Demo rule charlie
# custom:
#   id: charlie
#   severity: medium
#   resource: account
#   recommended_action: Fix charlie.
#   frameworks:
#     cis-aws-7.0: ["2.4"]
package tenet.aws.charlie

# Never evaluated: the readiness tests report from hand-written results.
findings := set()
