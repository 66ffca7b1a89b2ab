# METADATA
# title: Demo rule foxtrot
# custom:
#   id: foxtrot
#   severity: medium
#   resource: account
#   recommended_action: Fix foxtrot.
#   frameworks:
#     cis-aws-7.0: ["2.12"]
package tenet.aws.foxtrot

# Never evaluated: the readiness tests report from hand-written results.
findings := set()
