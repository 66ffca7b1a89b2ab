package coverage.limits

default allow := false

allow if {
	input.size <= max_size
	not blocked
}

max_size := 10

blocked if input.owner == "root"

label := "big" if {
	input.size > 100
}
