# METADATA
# title: Root user not used recently
# description: >-
#   The root user should be kept for the few tasks only it can do, not for daily
#   administration. Fails when the <root_account> row of the credential report shows
#   the root password (password_last_used) or either root access key
#   (access_key_N_last_used_date) used within root_use_window_days (default 30) days
#   before the snapshot's collected_at. Ages are whole days rounded down, and a use
#   exactly root_use_window_days days ago is inside the window and fails; one day more
#   passes. A use dated after collected_at counts as recent. Passes otherwise, saying
#   when root was last used, if ever. Unknown when no credential report was collected
#   or the report has no <root_account> row. Follows CIS AWS Foundations v6.0 2.6 / v7.0
#   2.7 (audit: the credential report's password_last_used and access_key_N_last_used_date
#   for <root_account>) and v3.0 1.7. Every recorded use counts, an inactive key's
#   included: a key deactivated after use was still used.
#   A use inside the window fails whatever exemption applies. Otherwise not applicable to
#   a member account of an organization with centralized root access
#   (root_credentials_management true) whose root has no credential left: no password
#   (recorded, or when nothing recorded it, a root password never used), no access key
#   (active or inactive), no MFA device and no active signing certificate. Never not
#   applicable to the management account.
# custom:
#   id: root_recent_use
#   severity: high
#   resource: account
#   recommended_action: >-
#     Find out who used the root user and why from CloudTrail (userIdentity.type Root)
#     around the dates reported. Do that work with an IAM Identity Center or IAM role
#     instead, keep root for the tasks that require it, alert on every root sign-in
#     (an EventBridge rule on root ConsoleLogin), and in an organization enable
#     centralized root access so member accounts have no root credentials to use.
#   frameworks:
#     cis-aws-3.0: ["1.7"]
#     cis-aws-6.0: ["2.6"]
#     cis-aws-7.0: ["2.7"]
#     soc2: ["CC6.1", "CC7.2"]
#     hipaa: ["164.308(a)(1)(ii)(D)", "164.308(a)(5)(ii)(C)", "164.312(b)"]
package tenet.aws.root_recent_use

import data.tenet.lib.iam
import data.tenet.lib.root
import data.tenet.lib.time as timestamps

findings contains iam.root_finding(status, message) if {
	[status, message] := outcome
}

outcome := ["unknown", iam.root_row_missing] if {
	not iam.root_row
} else := ["fail", used_in_window] if {
	count(recent_uses) > 0
} else := ["not_applicable", root.centralized_without_credentials] if {
	root.centralized_without_credentials
} else := ["pass", not_used_in_window] if {
	last_use
} else := ["pass", "root user has no recorded use (password and access keys never used)"]

used_in_window := sprintf(
	"root user used within the %d-day root-use window: %s",
	[window, concat("; ", [describe(use) | some use in recent_uses])],
)

not_used_in_window := sprintf(
	"root user not used within the %d-day root-use window; last use: %s",
	[window, describe(last_use)],
)

window := data.tenet.config.root_use_window_days

# The root credentials whose last use the credential report records, in message order.
credentials := [
	{"name": "password", "column": "password_last_used"},
	{"name": "access key 1", "column": "access_key_1_last_used_date"},
	{"name": "access key 2", "column": "access_key_2_last_used_date"},
]

# The last recorded use of each root credential that was ever used.
uses := [{"credential": c.name, "at": ts} |
	some c in credentials
	ts := object.get(iam.root_row, c.column, null)
	ts != null
]

# Uses at most `window` whole days before collected_at, and any after it (negative age).
recent_uses := [use | some use in uses; timestamps.days_since(use.at) <= window]

# The most recent use of any root credential (the first listed, on a tie).
last_use := [use | some use in uses; time.parse_rfc3339_ns(use.at) == latest_ns][0]

latest_ns := max([time.parse_rfc3339_ns(use.at) | some use in uses])

# e.g. "password on 2026-11-17 (3 days ago)"
describe(use) := sprintf("%s on %s (%s)", [use.credential, timestamps.date(use.at), timestamps.ago(use.at)])
