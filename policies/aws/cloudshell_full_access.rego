# METADATA
# title: No user, group or role has AWSCloudShellFullAccess attached
# description: >-
#   AWSCloudShellFullAccess lets its holder upload and download files to and from a
#   CloudShell environment, a channel for moving data out of the account. Follows CIS AWS
#   Foundations v3.0 1.22, v6.0 2.21 and v7.0 2.20 "Ensure access to
#   AWSCloudShellFullAccess is restricted" (a manual control in CIS: whether a holder
#   needs it is a judgement the API cannot make, so the stricter reading is taken and every
#   holder fails). Its console audit: "On the Entities attached tab, ensure that there are
#   no entities using this policy"; its command-line audit runs list-entities-for-policy
#   and checks PolicyRoles; the stricter of the two is followed, users and groups counted
#   as well as roles. Read from GetAccountAuthorizationDetails (input.account.iam). Fails
#   for each user, group and role with the AWS managed policy AWSCloudShellFullAccess
#   (arn:<partition>:iam::aws:policy/AWSCloudShellFullAccess) attached, on its ARN. When
#   none has, one pass on the account's root ARN. CIS notes that "other policies may grant
#   access": custom policies allowing cloudshell:* are not judged here. Unknown, on the
#   root ARN, when no authorization details were collected.
# custom:
#   id: cloudshell_full_access
#   severity: medium
#   resource: account
#   recommended_action: >-
#     Detach AWSCloudShellFullAccess and grant CloudShell through a customer managed
#     policy that denies cloudshell:GetFileDownloadUrls and cloudshell:GetFileUploadUrls,
#     or no CloudShell at all where people do not need it.
#   frameworks:
#     cis-aws-3.0: ["1.22"]
#     cis-aws-6.0: ["2.21"]
#     cis-aws-7.0: ["2.20"]
#     soc2: ["CC6.1", "CC6.7"]
#     hipaa: ["164.308(a)(4)(ii)(B)", "164.312(a)(1)"]
package tenet.aws.cloudshell_full_access

import data.tenet.lib.authorization as authz
import data.tenet.lib.iam

findings contains authz.missing_finding

findings contains {"resource": p.arn, "status": "fail", "message": sprintf("%s has AWSCloudShellFullAccess attached", [p.kind])} if {
	some p in holders
}

findings contains iam.root_finding("pass", "no user, group or role has AWSCloudShellFullAccess attached") if {
	authz.details
	count(holders) == 0
}

holders contains p if {
	some p in authz.principals
	some arn in p.attached_policies
	authz.is_aws_managed(arn, "AWSCloudShellFullAccess")
}
