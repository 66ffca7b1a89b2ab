package tenet.lib.root_test

import data.tenet.lib.fixtures_test as fx
import data.tenet.lib.root

# --- each fact from the strongest evidence ---

test_summary_outweighs_everything_else if {
	inp := fx.with_account(
		fx.with_summary(fx.root_input({"mfa_active": false, "access_key_1_active": true}), 0, 1, 0),
		{"root_password_present": true},
	)
	root.password == {"value": false, "evidence": "AccountPasswordPresent = 0 in GetAccountSummary"} with input as inp
	root.mfa == {"value": true, "evidence": "AccountMFAEnabled = 1 in GetAccountSummary"} with input as inp
	root.access_keys == {"value": false, "evidence": "AccountAccessKeysPresent = 0 in GetAccountSummary"} with input as inp
}

# A summary without a key (an older collector, or a partial answer) leaves that fact to
# the next source; a value other than 0 or 1 is no evidence.
test_summary_entry_missing_or_odd_falls_through if {
	inp := fx.with_account(fx.root_input({}), {"account_summary": {"account_mfa_enabled": 2}, "root_password_present": false})
	root.mfa == {"value": true, "evidence": "mfa_active = true in the credential report"} with input as inp
	root.password == {"value": false, "evidence": "root_password_present = false in the snapshot"} with input as inp
}

test_password_unknown_without_evidence if {
	inp_26 := fx.root_input({})
	root.password.value == null with input as inp_26
}

# AWS reports root's password_enabled as not_supported; a boolean there is still evidence.
test_password_from_a_boolean_password_enabled if {
	inp := fx.root_input({"password_enabled": true})
	root.password == {"value": true, "evidence": "password_enabled = true in the credential report"} with input as inp
}

test_access_keys_exist_when_inactive if {
	inp := fx.root_input({"access_key_2_last_rotated": "2025-01-01T00:00:00Z"})
	root.access_keys == {"value": true, "evidence": "access_key_2_active = false in the credential report"} with input as inp
	root.existing_keys == [{"number": 2, "active": false, "last_rotated": "2025-01-01T00:00:00Z", "last_used_date": null}] with input as inp
}

test_access_keys_unknown_without_a_row if {
	inp_44 := fx.account_input(null)
	root.access_keys.value == null with input as inp_44
	inp_46 := fx.account_input(null)
	root.mfa == {"value": null, "evidence": "no credential report collected"} with input as inp_46
}

test_certificates if {
	inp_51 := fx.root_input({})
	root.certificates.value == false with input as inp_51
	inp_53 := fx.root_input({"cert_2_active": true})
	root.certificates.value == true with input as inp_53
	inp_55 := fx.root_input({"cert_1_active": null})
	root.certificates.value == null with input as inp_55
}

# --- nothing to protect ---

test_no_credentials_to_protect_needs_recorded_evidence if {
	inp_62 := fx.with_summary(fx.root_input({}), 0, 0, 0)
	root.no_credentials_to_protect with input as inp_62

	# A password never used is no record that there is none.
	inp_66 := fx.root_input(fx.bare_root)
	not root.no_credentials_to_protect with input as inp_66
	inp_68 := fx.with_summary(fx.root_input({}), 0, 0, 1)
	not root.no_credentials_to_protect with input as inp_68
	inp_70 := fx.with_summary(fx.root_input({}), 1, 0, 0)
	not root.no_credentials_to_protect with input as inp_70
}

# --- centralized root access ---

test_centralized_from_the_report if {
	inp_77 := fx.centralized(fx.root_input(fx.bare_root))
	root.centralized_without_credentials == fx.bare_root_exempt with input as inp_77
}

# root_password_present false outweighs a password that was used before it was deleted.
test_centralized_password_present_false if {
	inp := fx.with_account(
		fx.centralized(fx.root_input({"mfa_active": false, "password_last_used": "2024-01-01T00:00:00Z"})),
		{"root_password_present": false},
	)
	root.centralized_without_credentials with input as inp
}

test_not_centralized_when_a_credential_is_left if {
	every changes in [
		{"mfa_active": true},
		{"access_key_1_active": true},
		{"access_key_2_last_rotated": "2025-01-01T00:00:00Z"},
		{"cert_1_active": true},
		{"password_last_used": "2024-01-01T00:00:00Z"},
	] {
		inp := fx.centralized(fx.root_input(object.union(fx.bare_root, changes)))
		not root.centralized_without_credentials with input as inp
	}
	present := fx.with_account(fx.centralized(fx.root_input(fx.bare_root)), {"root_password_present": true})
	not root.centralized_without_credentials with input as present
	summary := fx.with_summary(fx.centralized(fx.root_input(fx.bare_root)), 1, 0, 0)
	not root.centralized_without_credentials with input as summary
}

# A missing value proves nothing: the credential must be known to be absent.
test_not_centralized_when_not_known_absent if {
	inp_109 := fx.centralized(fx.root_input(object.union(fx.bare_root, {"mfa_active": null})))
	not root.centralized_without_credentials with input as inp_109
	inp_111 := fx.centralized(fx.root_input(object.union(fx.bare_root, {"cert_2_active": null})))
	not root.centralized_without_credentials with input as inp_111
	inp_113 := fx.centralized(fx.account_input(null))
	not root.centralized_without_credentials with input as inp_113
}

test_centralized_needs_the_feature if {
	every value in [false, null] {
		inp := object.union(fx.centralized(fx.root_input(fx.bare_root)), {"organization": {"root_credentials_management": value}})
		not root.centralized_without_credentials with input as inp
	}
	inp_122 := fx.root_input(fx.bare_root)
	not root.centralized_without_credentials with input as inp_122
}

test_centralized_never_for_the_management_account if {
	inp_127 := fx.management(fx.root_input(fx.bare_root))
	not root.centralized_without_credentials with input as inp_127
	by_id := object.union(fx.centralized(fx.root_input(fx.bare_root)), {"organization": {"management_account_id": fx.account_id}})
	not root.centralized_without_credentials with input as by_id
}
