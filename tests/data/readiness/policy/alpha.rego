# METADATA
# title: Demo rule alpha (root)
# custom:
#   id: alpha
#   severity: critical
#   resource: account
#   recommended_action: Fix alpha.
#   frameworks:
#     cis-aws-7.0: ["2.4", "2.5"]
#     soc2: ["CC6.1"]
package tenet.aws.alpha

# Never evaluated: the readiness tests report from hand-written results.
findings := set()
