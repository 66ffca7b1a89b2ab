package coverage.limits_test

test_small_allowed if {
	data.coverage.limits.allow with input as {"size": 3, "owner": "alice"}
}

test_root_blocked if {
	not data.coverage.limits.allow with input as {"size": 3, "owner": "root"}
}
