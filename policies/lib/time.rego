# Time arithmetic for rules. Every age is measured from input.collected_at, never
# from the clock (time.now_ns), so a snapshot always gives the same findings.
package tenet.lib.time

# Nanoseconds in one day: time.parse_rfc3339_ns returns nanoseconds since the epoch.
ns_per_day := ((24 * 60) * 60) * 1000000000

# input.collected_at in nanoseconds since the epoch, parsed once per evaluation.
collected_at_ns := time.parse_rfc3339_ns(input.collected_at)

# Everything a rule says about timestamp ts, computed in one call: {"at": ts, "days":
# days_since(ts), "date": date(ts), "ago": ago(ts)}; null when ts is null (a column
# the credential report has no value for). The user rules read these from the per-user
# facts of lib/credentials.rego, so each timestamp is parsed and formatted once per
# account; the arithmetic is written out here rather than in helper calls because every
# call costs the interpreter more than the arithmetic itself.
stamp(ts) := null if {
	ts == null
} else := {
	"at": ts,
	"days": days,
	"date": sprintf(date_format, time.date(ns)),
	"ago": ago_text(age, days),
} if {
	ns := time.parse_rfc3339_ns(ts)
	age := collected_at_ns - ns

	# Whole days (24-hour periods), rounded toward zero: plain `/` would yield a
	# fraction, so the remainder is taken off first and the division is exact.
	days := (age - (age % ns_per_day)) / ns_per_day
}

ago_text(age, days) := "after collected_at" if {
	age < 0
} else := "1 day ago" if {
	days == 1
} else := sprintf("%d days ago", [days])

# Whole days (24-hour periods) from ts to input.collected_at, rounded toward zero;
# negative when ts is later than collected_at.
days_since(ts) := stamp(ts).days

# ts lies after input.collected_at (clock skew, or a report newer than the snapshot).
after_collection(ts) if time.parse_rfc3339_ns(ts) > collected_at_ns

# "N days ago" for a message, with "after collected_at" for a future timestamp.
ago(ts) := stamp(ts).ago

# The UTC calendar date of ts as YYYY-MM-DD.
date(ts) := sprintf(date_format, time.date(time.parse_rfc3339_ns(ts)))

date_format := "%04d-%02d-%02d"
