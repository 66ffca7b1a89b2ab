#!/usr/bin/env bash
# What selecting rules saves (`--rule`): times `tenet check` over a generated 300-account
# organization with every rule, then with one rule (root_mfa), and prints both wall times
# (the fastest of RUNS runs each, default 3: this shared machine's speed drifts) and the ratio.
#
#   scripts/selection_bench.sh
#   RUNS=1 RULE=user_* scripts/selection_bench.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
runs=${RUNS:-3}
rule=${RULE:-root_mfa}
snap=/tmp/org300.json
cargo build --release --quiet --bin tenet --example gen_org
[ -s "$snap" ] || target/release/examples/gen_org --accounts 300 --users 50 --seed 7 -o "$snap"

# The fastest wall time, in seconds, of `tenet check SNAP ... ARGS`.
best_wall() {
    local best= seconds
    for _ in $(seq "$runs"); do
        # Exit 1 only says findings failed; anything else is a real error.
        seconds=$( { /usr/bin/time -f %e target/release/tenet check "$snap" --format json \
            -o /dev/null --as-of 2026-11-20T00:00:00Z "$@" 2>&1 >/dev/null || [ $? -eq 1 ]; } | tail -1)
        best=$(python3 -c "print(min(float(x) for x in '$best $seconds'.split()))")
    done
    echo "$best"
}

full=$(best_wall)
one=$(best_wall --rule "$rule")
echo "best of $runs runs, 300 accounts x 50 users"
printf 'every rule:      %6.2f s\n' "$full"
printf -- '--rule %-9s %6.2f s\n' "$rule:" "$one"
python3 -c "print(f'ratio full / one rule: {$full / $one:.1f}x')"
