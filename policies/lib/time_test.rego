package tenet.lib.time_test

import data.tenet.lib.time as timestamps

collected := {"collected_at": "2026-11-20T00:00:00Z"}

test_days_since_whole_days if {
	timestamps.days_since("2026-10-21T00:00:00Z") == 30 with input as collected
}

test_days_since_rounds_partial_days_down if {
	timestamps.days_since("2026-10-20T00:00:01Z") == 30 with input as collected
	timestamps.days_since("2026-11-19T00:00:01Z") == 0 with input as collected
}

test_days_since_same_instant_is_zero if {
	timestamps.days_since("2026-11-20T00:00:00Z") == 0 with input as collected
}

test_days_since_future_is_negative if {
	timestamps.days_since("2026-11-22T00:00:00Z") == -2 with input as collected
	timestamps.after_collection("2026-11-20T00:00:01Z") with input as collected
	not timestamps.after_collection("2026-11-20T00:00:00Z") with input as collected
}

test_days_since_across_years if {
	timestamps.days_since("2025-11-20T00:00:00Z") == 365 with input as collected
}

test_ago if {
	timestamps.ago("2026-11-17T12:00:00Z") == "2 days ago" with input as collected
	timestamps.ago("2026-11-19T00:00:00Z") == "1 day ago" with input as collected
	timestamps.ago("2026-11-19T23:00:00Z") == "0 days ago" with input as collected
	timestamps.ago("2026-11-21T00:00:00Z") == "after collected_at" with input as collected
}

test_date_is_utc_and_zero_padded if {
	timestamps.date("2026-03-05T23:59:59Z") == "2026-03-05"
	timestamps.date("2026-03-05T23:30:00-02:00") == "2026-03-06"
}

test_stamp if {
	timestamps.stamp("2026-10-20T12:00:00Z") == {
		"at": "2026-10-20T12:00:00Z",
		"days": 30,
		"date": "2026-10-20",
		"ago": "30 days ago",
	} with input as collected
	timestamps.stamp("2026-11-18T23:00:00Z").ago == "1 day ago" with input as collected
}

test_stamp_after_collection if {
	timestamps.stamp("2026-11-20T06:00:00+02:00") == {
		"at": "2026-11-20T06:00:00+02:00",
		"days": 0,
		"date": "2026-11-20",
		"ago": "after collected_at",
	} with input as collected
}

test_stamp_null_for_no_timestamp if {
	timestamps.stamp(null) == null with input as collected
}
