package coverage.unused

names := [n |
	some u in input.users
	n := u.name
]

f(x) := x + 1
