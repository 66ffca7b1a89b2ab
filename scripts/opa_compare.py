"""Evaluates tenet's built-in policies in OPA itself over a snapshot, one account at a time on
one core, and the organization rules once over the snapshot; checks that OPA's findings equal
tenet's, and prints both timings and their ratio.

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
org_rules = [r["id"] for r in rules if r["resource"] == "organization"]
config = yaml.safe_load((root / "config.yaml").read_text())

engine = OpaEngine()
for f in sorted(root.rglob("*.rego")):
    if not f.name.endswith("_test.rego"):
        engine.add_policy(str(f), f.read_text())
entries = ",\n".join(f'\t"{r}": data.tenet.aws.{r}.findings' for r in account_rules)
engine.add_policy("all.rego", f"package tenet_internal.all_rules\n\nfindings := {{\n{entries}\n}}\n")
org_entries = ",\n".join(f'\t"{r}": data.tenet.aws.{r}.findings' for r in org_rules)
engine.add_policy("org.rego", f"package tenet_internal.org_rules\n\nfindings := {{\n{org_entries}\n}}\n")
engine.add_data({"tenet": {"config": config}})

# tenet evaluates only active accounts (a suspended or closed one is kept, not evaluated).
active = [a for a in snapshot["accounts"] if (a.get("status") or "ACTIVE").upper() == "ACTIVE"]
inputs = [
    {"collected_at": snapshot["collected_at"], "account": a, "organization": snapshot["organization"]}
    for a in active
]
start = time.perf_counter()
opa_findings = []
for account_input in inputs:
    by_rule = engine.eval_document("tenet_internal.all_rules.findings", account_input)
    for rule, found in by_rule.items():
        for f in found:
            opa_findings.append((account_input["account"]["account_id"], rule, f["resource"], f["status"], f["message"]))
opa_seconds = time.perf_counter() - start

# Organization rules: once, over every account's summary (as tenet's engine builds it). Their
# findings belong to the account they name, else to the management account.
organization = snapshot["organization"] or {}
owner = organization.get("management_account_id") or (
    snapshot["accounts"][0]["account_id"] if len(snapshot["accounts"]) == 1 else "")
org_input = {
    "collected_at": snapshot["collected_at"],
    "organization": snapshot["organization"],
    "accounts": [{k: a.get(k) for k in ("account_id", "name", "parents", "effective_scps", "is_management")}
                 for a in active],
}
for rule, found in engine.eval_document("tenet_internal.org_rules.findings", org_input).items():
    for f in found:
        opa_findings.append((f.get("account", owner), rule, f["resource"], f["status"], f["message"]))

with tempfile.TemporaryDirectory() as tmp:
    out = pathlib.Path(tmp) / "out.json"
    start = time.perf_counter()
    subprocess.run(["taskset", "-c", "0", tenet, "check", snapshot_path, "--format", "json", "-o", str(out)], check=False)
    tenet_seconds = time.perf_counter() - start
    results = json.loads(out.read_text())["results"]
tenet_findings = sorted(
    (r["account"], r["rule"], r["resource"], r["status"], r["message"]) for r in results
    if r["rule"] in account_rules or r["rule"] in org_rules
)
same = sorted(opa_findings) == tenet_findings
first_report = snapshot["accounts"][0].get("credential_report") or {}
accounts, users = len(inputs), len(first_report.get("users", []))
print(f"  {accounts} accounts x {users} users, account rules: OPA {opa_seconds:.2f} s, "
      f"tenet {tenet_seconds:.2f} s (whole run, pinned to one core), OPA/tenet = {opa_seconds / tenet_seconds:.2f}")
print(f"  findings identical in OPA and tenet: {same} ({len(tenet_findings)} findings)")
if not same:
    for label, extra in (("only OPA", set(opa_findings) - set(tenet_findings)), ("only tenet", set(tenet_findings) - set(opa_findings))):
        for finding in sorted(extra)[:10]:
            print(f"  {label}: {finding}")
sys.exit(0 if same else 1)
