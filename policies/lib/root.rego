# What the input says about the root user's credentials, each fact from the strongest
# evidence the snapshot holds, with the evidence named for the message:
#   1. GetAccountSummary (account.account_summary): AccountPasswordPresent,
#      AccountMFAEnabled, AccountAccessKeysPresent, AccountSigningCertificatesPresent.
#      This is what CIS v6.0 2.4/2.5 and v7.0 2.5/2.6 audit, and it is read live, while a
#      credential report may be up to four hours old.
#   2. account.root_password_present, where a collector could tell.
#   3. The credential report's <root_account> row.
# Each fact is {"value": true | false | null, "evidence": "..."}; null when the input
# cannot tell.
package tenet.lib.root

import data.tenet.lib.iam

summary := s if {
	s := object.get(input.account, "account_summary", null)
	is_object(s)
}

# A GetAccountSummary entry as a boolean (AWS writes 0 or 1); undefined when absent.
summary_flag(key) := true if {
	summary[key] == 1
} else := false if {
	summary[key] == 0
}

from_summary(key) := {"value": summary_flag(key), "evidence": sprintf(
	"%s = %d in GetAccountSummary",
	[summary_names[key], summary[key]],
)}

summary_names := {
	"account_password_present": "AccountPasswordPresent",
	"account_mfa_enabled": "AccountMFAEnabled",
	"account_access_keys_present": "AccountAccessKeysPresent",
	"account_signing_certificates_present": "AccountSigningCertificatesPresent",
}

# A boolean column of the root row as evidence; undefined unless it holds a boolean.
from_row(column) := {"value": v, "evidence": sprintf("%s = %v in the credential report", [column, v])} if {
	v := object.get(iam.root_row, column, null)
	is_boolean(v)
}

unknown(what) := {"value": null, "evidence": what}

# Whether root has a console password. The credential report cannot say: AWS reports
# root's password_enabled as not_supported (null here).
password := from_summary("account_password_present") if {
	is_boolean(summary_flag("account_password_present"))
} else := {
	"value": input.account.root_password_present,
	"evidence": sprintf("root_password_present = %v in the snapshot", [input.account.root_password_present]),
} if {
	is_boolean(object.get(input.account, "root_password_present", null))
} else := from_row("password_enabled") if {
	from_row("password_enabled")
} else := unknown("neither GetAccountSummary nor the collector recorded whether root has a password")

# Whether root has an MFA device.
mfa := from_summary("account_mfa_enabled") if {
	is_boolean(summary_flag("account_mfa_enabled"))
} else := from_row("mfa_active") if {
	from_row("mfa_active")
} else := unknown(mfa_unknown)

mfa_unknown := iam.root_row_missing if {
	not iam.root_row
} else := "the credential report's <root_account> row has no mfa_active value"

# Whether root has an access key, active or not: CIS asks that none exists, and an
# inactive key can be made active again. In the credential report a key exists when it is
# active or has a creation time (access_key_N_last_rotated is N/A when there is no key).
access_keys := from_summary("account_access_keys_present") if {
	is_boolean(summary_flag("account_access_keys_present"))
} else := {"value": true, "evidence": concat(" and ", [key_evidence(key) | some key in existing_keys])} if {
	count(existing_keys) > 0
} else := {"value": false, "evidence": "access_key_1_active = false and access_key_2_active = false, with no creation time, in the credential report"} if {
	count(report_keys) == 2
	every key in report_keys {
		key.active == false
		key.last_rotated == null
	}
} else := unknown(keys_unknown)

keys_unknown := iam.root_row_missing if {
	not iam.root_row
} else := "the credential report's <root_account> row has no access_key_1_active or access_key_2_active value"

# Root's two access keys as the credential report's root row shows them:
# {"number", "active", "last_rotated" (its creation time), "last_used_date"}, each value
# null when the report has none. [] without a root row. (Data rather than functions: the
# rules read these as fields.)
report_keys := [key_of(row, n) | some n in [1, 2]] if {
	row := iam.root_row
} else := []

key_of(row, n) := {
	"number": n,
	"active": object.get(row, sprintf("access_key_%d_active", [n]), null),
	"last_rotated": object.get(row, sprintf("access_key_%d_last_rotated", [n]), null),
	"last_used_date": object.get(row, sprintf("access_key_%d_last_used_date", [n]), null),
}

# The keys that exist according to the credential report: active, or with a creation time.
existing_keys := [key |
	some key in report_keys
	key_exists(key)
]

key_exists(key) if key.active == true

key_exists(key) if key.last_rotated != null

key_evidence(key) := sprintf("access_key_%d_active = %v in the credential report", [key.number, key.active])

# Whether root has an active X.509 signing certificate.
certificates := from_summary("account_signing_certificates_present") if {
	is_boolean(summary_flag("account_signing_certificates_present"))
} else := {"value": false, "evidence": "cert_1_active = false and cert_2_active = false in the credential report"} if {
	object.get(iam.root_row, "cert_1_active", null) == false
	object.get(iam.root_row, "cert_2_active", null) == false
} else := {"value": true, "evidence": "an active signing certificate in the credential report"} if {
	some column in ["cert_1_active", "cert_2_active"]
	object.get(iam.root_row, column, null) == true
} else := unknown("no signing certificate data")

# Root has neither a console password nor an access key, on recorded evidence (never
# inferred): there is no root credential for MFA to protect. CIS v6.0 2.4 / v7.0 2.5:
# AccountPasswordPresent 0 "indicates that the root console credential has been removed".
no_credentials_to_protect := sprintf("root user has no console password (%s) and no access key (%s)", [
	password.evidence,
	access_keys.evidence,
]) if {
	password.value == false
	access_keys.value == false
}

# Centralized root access (IAM's RootCredentialsManagement feature) lets the management
# account delete member accounts' root credentials, after which root can neither sign in
# nor call APIs. Defined (as the not_applicable message) only when the feature is on, the
# account is a member account, and root has no credential left: no password, no access
# key (active or not), no MFA device and no active signing certificate. A rule reports a
# recorded fact before it considers this exemption (a recent root use, an existing key, a
# password without MFA): not_applicable never hides what the input records.
centralized_without_credentials := sprintf(
	"centralized root access is enabled and account %s has no root credentials: %s",
	[input.account.account_id, concat("; ", [
		sprintf("no password (%s)", [password_absence]),
		sprintf("no access key (%s)", [access_keys.evidence]),
		sprintf("no MFA device (%s)", [mfa.evidence]),
		sprintf("no active signing certificate (%s)", [certificates.evidence]),
	])],
) if {
	iam.organization.root_credentials_management == true
	not iam.is_management_account
	password_absence
	access_keys.value == false
	mfa.value == false
	certificates.value == false
}

# Why root is taken to have no password, for the exemption only: recorded evidence, or,
# when nothing recorded it, a root password the credential report shows never used (an
# account created under centralized root access never had one). The MFA rules' own
# verdicts never rest on this inference.
password_absence := password.evidence if {
	password.value == false
} else := "the credential report shows the root password never used" if {
	password.value == null
	iam.root_row
	object.get(iam.root_row, "password_last_used", null) == null
}
