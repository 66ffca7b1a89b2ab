package tenet.aws.root_centralized_test

import data.tenet.aws.root_centralized.findings

org_arn := "arn:aws:organizations::111122223333:organization/o-abc"

finding(status, message) := {"resource": org_arn, "status": status, "message": message}

# Organization input with the two centralized root access features set as given.
with_features(credentials, sessions) := {
	"collected_at": "2026-11-20T00:00:00Z",
	"organization": {
		"id": "o-abc",
		"management_account_id": "111122223333",
		"feature_set": "ALL",
		"scp_enabled": true,
		"root_credentials_management": credentials,
		"root_sessions": sessions,
		"policies": [],
		"ous": [],
	},
	"accounts": [
		{"account_id": "111122223333", "name": "mgmt", "parents": ["r-1"], "effective_scps": [], "is_management": true},
		{"account_id": "222233334444", "name": "prod", "parents": ["r-1"], "effective_scps": [], "is_management": false},
	],
}

test_pass_both_enabled if {
	inp := with_features(true, true)
	msg := "centralized root access is enabled: RootCredentialsManagement is enabled and RootSessions is enabled"
	findings == {finding("pass", msg)} with input as inp
}

test_fail_both_disabled if {
	inp := with_features(false, false)
	msg := concat("", [
		"centralized root access is not enabled: RootCredentialsManagement is disabled and RootSessions is disabled ",
		"(privileged root actions are not centralized, which CIS 2.1.1 does not require)",
	])
	findings == {finding("fail", msg)} with input as inp
}

# CIS v7.0 2.1.1's audit asks for root credentials management; RootSessions is an addition.
test_pass_root_sessions_disabled if {
	inp := with_features(true, false)
	msg := concat("", [
		"centralized root access is enabled: RootCredentialsManagement is enabled and RootSessions is disabled ",
		"(privileged root actions are not centralized, which CIS 2.1.1 does not require)",
	])
	findings == {finding("pass", msg)} with input as inp
}

test_pass_root_sessions_not_collected if {
	inp := with_features(true, null)
	msg := "centralized root access is enabled: RootCredentialsManagement is enabled and RootSessions was not collected"
	findings == {finding("pass", msg)} with input as inp
}

test_fail_credentials_management_disabled if {
	inp := with_features(false, true)
	msg := "centralized root access is not enabled: RootCredentialsManagement is disabled and RootSessions is enabled"
	findings == {finding("fail", msg)} with input as inp
}

test_fail_credentials_management_disabled_sessions_unknown if {
	inp := with_features(false, null)
	msg := "centralized root access is not enabled: RootCredentialsManagement is disabled and RootSessions was not collected"
	findings == {finding("fail", msg)} with input as inp
}

test_unknown_credentials_management_not_collected if {
	inp := with_features(null, true)
	msg := "whether centralized root access is enabled is unknown: RootCredentialsManagement was not collected and RootSessions is enabled"
	findings == {finding("unknown", msg)} with input as inp
}

test_unknown_neither_collected if {
	inp := json.remove(with_features(null, null), ["organization/root_credentials_management", "organization/root_sessions"])
	msg := "whether centralized root access is enabled is unknown: RootCredentialsManagement was not collected and RootSessions was not collected"
	findings == {finding("unknown", msg)} with input as inp
}

test_unknown_no_organization if {
	inp := object.union(with_features(true, true), {"organization": null})
	findings == {{"resource": "organization", "status": "unknown", "message": "no organization data collected"}} with input as inp
}

test_resource_without_organization_id if {
	inp := object.union(with_features(true, true), {"organization": {"id": null}})
	msg := "centralized root access is enabled: RootCredentialsManagement is enabled and RootSessions is enabled"
	findings == {{"resource": "organization", "status": "pass", "message": msg}} with input as inp
}
