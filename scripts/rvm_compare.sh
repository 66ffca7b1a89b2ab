#!/usr/bin/env bash
# regorus's bytecode VM (RVM) against its interpreter on tenet's built-in policies, the evidence
# behind README "Performance": milliseconds per account in each, one core, and how many
# accounts' findings differ. Run twice: regorus 0.14.1 as released, then with
# scripts/rvm_compare/rvm-else.patch (an else body runs when the body before it has an
# undefined value). Not part of tenet's build or CI.
#
#   scripts/rvm_compare.sh [SNAPSHOT]     # default: the generated 100 x 100 organization
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
snap=${1:-target/bench/org-100-100.json}
if [ ! -s "$snap" ]; then
    mkdir -p "$(dirname "$snap")"
    cargo build --release --quiet --example gen_org
    target/release/examples/gen_org --accounts 100 --users 100 --seed 7 -o "$snap"
fi
project=scripts/rvm_compare
out=$PWD/target/rvm_compare

CARGO_TARGET_DIR=$out/released cargo build --release --quiet --manifest-path "$project/Cargo.toml"
echo "regorus 0.14.1 as released:"
"$out/released/release/rvm_compare" policies "$snap"

released=$(cargo metadata --quiet --manifest-path "$project/Cargo.toml" --format-version 1 |
    python3 -c 'import json, sys; print(next(p["manifest_path"] for p in json.load(sys.stdin)["packages"] if p["name"] == "regorus").rsplit("/", 1)[0])')
patched=$out/regorus-patched
rm -rf "$patched"
cp -r "$released" "$patched"
patch --quiet -d "$patched" -p1 <"$project/rvm-else.patch"
CARGO_TARGET_DIR=$out/patched cargo build --release --quiet --manifest-path "$project/Cargo.toml" \
    --config "patch.crates-io.regorus.path=\"$patched\""
echo "with rvm-else.patch:"
"$out/patched/release/rvm_compare" policies "$snap"
