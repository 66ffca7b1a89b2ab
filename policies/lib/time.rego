# Time arithmetic for rules. Every age is measured from input.collected_at, never
# from the clock (time.now_ns), so a snapshot always gives the same findings.
package tenet.lib.time

# Nanoseconds in one day: time.parse_rfc3339_ns returns nanoseconds since the epoch.
ns_per_day := ((24 * 60) * 60) * 1000000000

# Nanoseconds from ts to input.collected_at; negative when ts is later than collected_at.
age_ns(ts) := time.parse_rfc3339_ns(input.collected_at) - time.parse_rfc3339_ns(ts)

# Whole days (24-hour periods) from ts to input.collected_at, rounded toward zero.
# Plain `/` would yield a fraction, so the remainder is taken off first and the
# division is exact integer arithmetic.
days_since(ts) := (age - (age % ns_per_day)) / ns_per_day if {
	age := age_ns(ts)
}

# ts lies after input.collected_at (clock skew, or a report newer than the snapshot).
after_collection(ts) if age_ns(ts) < 0

# "N days ago" for a message, with "after collected_at" for a future timestamp.
ago(ts) := "after collected_at" if {
	after_collection(ts)
} else := "1 day ago" if {
	days_since(ts) == 1
} else := sprintf("%d days ago", [days_since(ts)])

# The UTC calendar date of ts as YYYY-MM-DD.
date(ts) := sprintf("%04d-%02d-%02d", time.date(time.parse_rfc3339_ns(ts)))
