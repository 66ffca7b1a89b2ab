"""Evaluates tenet's built-in policies in OPA itself over a snapshot, one account at a time on
one core, checks that OPA's findings equal tenet's, and prints both timings and their ratio.

usage: PYTHONPATH=<unpacked opa-golib-python-bindings> python3 opa_compare.py SNAPSHOT TENET
"""
import json
import pathlib
import subprocess
import sys
import tempfile
import time

import yaml
from opa_bindings.engine import OpaEngine

snapshot_path, tenet = sys.argv[1], sys.argv[2]
root = pathlib.Path(__file__).resolve().parent.parent / "policies"
snapshot = json.loads(pathlib.Path(snapshot_path).read_text())

# tenet's own rule list (ids, packages, scope) and config, so both engines run the same thing.
rules = json.loads(subprocess.run([tenet, "rules", "--format", "json"], check=True, capture_output=True).stdout)
account_rules = [r["id"] for r in rules if r["resource"] != "organization"]
config = yaml.safe_load((root / "config.yaml").read_text())

engine = OpaEngine()
for f in sorted(root.rglob("*.rego")):
    if not f.name.endswith("_test.rego"):
        engine.add_policy(str(f), f.read_text())
entries = ",\n".join(f'\t"{r}": data.tenet.aws.{r}.findings' for r in account_rules)
engine.add_policy("all.rego", f"package tenet_internal.all_rules\n\nfindings := {{\n{entries}\n}}\n")
engine.add_data({"tenet": {"config": config}})

inputs = [
    {"collected_at": snapshot["collected_at"], "account": a, "organization": snapshot["organization"]}
    for a in snapshot["accounts"]
]
start = time.perf_counter()
opa_findings = []
for account_input in inputs:
    by_rule = engine.eval_document("tenet_internal.all_rules.findings", account_input)
    for rule, found in by_rule.items():
        for f in found:
            opa_findings.append((account_input["account"]["account_id"], rule, f["resource"], f["status"], f["message"]))
opa_seconds = time.perf_counter() - start

with tempfile.TemporaryDirectory() as tmp:
    out = pathlib.Path(tmp) / "out.json"
    start = time.perf_counter()
    subprocess.run(["taskset", "-c", "0", tenet, "check", snapshot_path, "--format", "json", "-o", str(out)], check=False)
    tenet_seconds = time.perf_counter() - start
    results = json.loads(out.read_text())["results"]
tenet_findings = sorted(
    (r["account"], r["rule"], r["resource"], r["status"], r["message"]) for r in results if r["rule"] in account_rules
)
same = sorted(opa_findings) == tenet_findings
accounts, users = len(inputs), len(snapshot["accounts"][0]["credential_report"]["users"])
print(f"  {accounts} accounts x {users} users, account rules: OPA {opa_seconds:.2f} s, "
      f"tenet {tenet_seconds:.2f} s (whole run, pinned to one core), OPA/tenet = {opa_seconds / tenet_seconds:.2f}")
print(f"  findings identical in OPA and tenet: {same} ({len(tenet_findings)} findings)")
sys.exit(0 if same else 1)
