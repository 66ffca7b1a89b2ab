# Shared builders for the tests of the IAM user rules: credential report rows, reports
# and whole account inputs. A _test.rego file, so only `tenet test` loads it; it has no
# test rules of its own. Import it as `import data.tenet.lib.fixtures_test as fx`.
package tenet.lib.fixtures_test

# Every input is one account, 222233334444, collected at midnight UTC on 2026-11-20.
account_id := "222233334444"

collected_at := "2026-11-20T00:00:00Z"

# The account's root ARN: the resource of the one `unknown` finding when there is no report.
root_arn := sprintf("arn:aws:iam::%s:root", [account_id])

user_arn(name) := sprintf("arn:aws:iam::%s:user/%s", [account_id, name])

# A finding as the rules report it.
finding(resource, status, message) := {"resource": resource, "status": status, "message": message}

# A finding on IAM user `name`.
user_finding(name, status, message) := finding(user_arn(name), status, message)

# A credential report row of IAM user `name`, with all 22 of AWS's columns: the user
# exists (created 2020-01-01) but has no console password, no MFA, no access keys and
# no certificates, and every timestamp that AWS writes as N/A is null. Tests add what
# they need with user(name, changes).
user_row(name) := {
	"user": name,
	"arn": user_arn(name),
	"user_creation_time": "2020-01-01T00:00:00Z",
	"password_enabled": false,
	"password_last_used": null,
	"password_last_changed": null,
	"password_next_rotation": null,
	"mfa_active": false,
	"access_key_1_active": false,
	"access_key_1_last_rotated": null,
	"access_key_1_last_used_date": null,
	"access_key_1_last_used_region": null,
	"access_key_1_last_used_service": null,
	"access_key_2_active": false,
	"access_key_2_last_rotated": null,
	"access_key_2_last_used_date": null,
	"access_key_2_last_used_region": null,
	"access_key_2_last_used_service": null,
	"cert_1_active": false,
	"cert_1_last_rotated": null,
	"cert_2_active": false,
	"cert_2_last_rotated": null,
}

# user_row(name) with `changes` applied, e.g. user("alice", {"password_enabled": true}).
user(name, changes) := object.union(user_row(name), changes)

# A console user: password set 2026-11-01 and last used 2026-11-18, MFA active, no keys.
console_user(name, changes) := user(name, object.union(
	{
		"password_enabled": true,
		"password_last_used": "2026-11-18T09:00:00Z",
		"password_last_changed": "2026-11-01T00:00:00Z",
		"mfa_active": true,
	},
	changes,
))

# Access key n of a row: active, created `rotated`, last used `used` (null = never used).
key(n, rotated, used) := {
	sprintf("access_key_%d_active", [n]): true,
	sprintf("access_key_%d_last_rotated", [n]): rotated,
	sprintf("access_key_%d_last_used_date", [n]): used,
	sprintf("access_key_%d_last_used_region", [n]): region(used),
	sprintf("access_key_%d_last_used_service", [n]): service(used),
}

region(used) := null if {
	used == null
} else := "us-east-1"

service(used) := null if {
	used == null
} else := "s3"

# A program's user: no password, access key 1 created 2026-10-01 and used 2026-11-19.
service_user(name, changes) := user(name, object.union(
	key(1, "2026-10-01T00:00:00Z", "2026-11-19T12:00:00Z"),
	changes,
))

# The <root_account> row of the same account, as the collector types it (not_supported -> null).
root_row := object.union(user_row("<root_account>"), {
	"arn": root_arn,
	"password_enabled": null,
	"password_last_changed": null,
	"password_next_rotation": null,
	"mfa_active": true,
})

# A credential report whose IAM user rows are `users`.
report(users) := {"generated_at": "2026-11-19T23:00:00Z", "root": root_row, "users": users}

# The input of one account whose credential report is `credential_report` (null = not collected).
account_input(credential_report) := {
	"collected_at": collected_at,
	"account": {
		"account_id": account_id,
		"name": "prod",
		"is_management": false,
		"parents": [],
		"effective_scps": [],
		"credential_report": credential_report,
		"password_policy": null,
		"password_policy_state": "unknown",
		"root_virtual_mfa": null,
		"account_summary": null,
		"errors": [],
	},
	"organization": null,
}

# The input of one account whose credential report holds the IAM user rows `users`.
users_input(users) := account_input(report(users))

# The input of one account with no credential report, whose collector reported `errors`
# (a list of {"stage", "message"}).
no_report_input(errors) := object.union(account_input(null), {"account": {"errors": errors}})

# --- the root user (root rules) ---

# The root row of a clean account: root_row (MFA on, no keys or certificates) with the
# password last used on 2026-01-10.
clean_root_row := object.union(root_row, {"password_last_used": "2026-01-10T09:00:00Z"})

# The account with clean_root_row plus `changes` as its root row.
root_input(changes) := account_input({
	"generated_at": "2026-11-19T23:00:00Z",
	"root": object.union(clean_root_row, changes),
	"users": [],
})

# `inp` with `fields` set on its account, e.g. {"root_password_present": false}.
with_account(inp, fields) := object.union(inp, {"account": fields})

# `inp` with a GetAccountSummary of root's password, MFA and access keys (each 0 or 1).
with_summary(inp, password, mfa, keys) := with_account(inp, {"account_summary": {
	"account_password_present": password,
	"account_mfa_enabled": mfa,
	"account_access_keys_present": keys,
	"account_signing_certificates_present": 0,
	"users": 3,
}})

# An organization with centralized root access; its management account is 111122223333.
centralized_org := {
	"id": "o-abc",
	"management_account_id": "111122223333",
	"feature_set": "ALL",
	"scp_enabled": true,
	"root_credentials_management": true,
	"root_sessions": true,
	"policies": [],
	"ous": [],
}

# `inp` as a member account of that organization.
centralized(inp) := object.union(inp, {"organization": centralized_org})

# `inp` as the organization's management account.
management(inp) := object.union(centralized(inp), {
	"account": {"is_management": true},
	"organization": {"management_account_id": account_id},
})

# Root row changes of a member account whose root credentials were deleted: no MFA, and a
# password never used; no keys or certificates, as in root_row.
bare_root := {"mfa_active": false, "password_last_used": null}

# Evidence phrases the root rules put in their messages.
report_no_keys := "access_key_1_active = false and access_key_2_active = false, with no creation time, in the credential report"

report_no_certificates := "cert_1_active = false and cert_2_active = false in the credential report"

never_used := "the credential report shows the root password never used"

# The not_applicable message of a member account under centralized root access whose root
# has no credential, each part with its evidence.
no_root_credentials(password, keys, mfa, certificates) := sprintf(
	"centralized root access is enabled and account %s has no root credentials: no password (%s); no access key (%s); no MFA device (%s); no active signing certificate (%s)",
	[account_id, password, keys, mfa, certificates],
)

# The message for bare_root under centralized root access, from the credential report alone.
bare_root_exempt := no_root_credentials(never_used, report_no_keys, "mfa_active = false in the credential report", report_no_certificates)
