# METADATA
# title: Demo rule golf (no findings)
# custom:
#   id: golf
#   severity: low
#   resource: account
#   recommended_action: Fix golf.
#   frameworks:
#     cis-aws-7.0: ["2.13"]
package tenet.aws.golf

# Never evaluated: the readiness tests report from hand-written results.
findings := set()
