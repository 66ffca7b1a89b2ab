//! Evaluates tenet's built-in account rules over every account of a snapshot twice, in
//! regorus's interpreter (what tenet uses) and in its RVM (compiled bytecode), one core each,
//! and prints both timings and how many accounts' findings differ.
//!
//! usage: rvm_compare POLICIES_DIR SNAPSHOT

use std::time::Instant;

use anyhow::{Context, Result};
use regorus::Value;

const QUERY: &str = "data.tenet_internal.all_rules.findings";

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let [_, policies, snapshot] = args.as_slice() else {
        anyhow::bail!("usage: rvm_compare POLICIES_DIR SNAPSHOT");
    };
    let mut engine = regorus::Engine::new();
    let mut rules = Vec::new();
    for dir in ["lib", "aws"] {
        let mut files: Vec<_> = std::fs::read_dir(format!("{policies}/{dir}"))?
            .map(|e| e.map(|e| e.path()))
            .collect::<std::io::Result<_>>()?;
        files.sort();
        for path in files {
            let name = path
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .to_string();
            if !name.ends_with(".rego") || name.ends_with("_test.rego") {
                continue;
            }
            engine.add_policy_from_file(&path)?;
            // Account rules, as tenet evaluates them; the organization rule runs once, apart.
            if dir == "aws" && !name.starts_with("org_") {
                rules.push(name.trim_end_matches(".rego").to_string());
            }
        }
    }
    let entries: Vec<String> = rules
        .iter()
        .map(|r| format!("\t{r:?}: data.tenet.aws.{r}.findings,"))
        .collect();
    let all_rules = format!(
        "package tenet_internal.all_rules\n\nfindings := {{\n{}\n}}\n",
        entries.join("\n")
    );
    engine.add_policy("all_rules.rego".into(), all_rules)?;
    let config: serde_json::Value =
        serde_yaml::from_str(&std::fs::read_to_string(format!("{policies}/config.yaml"))?)?;
    let data = Value::from_json_str(&serde_json::json!({"tenet": {"config": config}}).to_string())?;
    engine.add_data(data.clone())?;

    let snapshot: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(snapshot).with_context(|| snapshot.clone())?,
    )?;
    let inputs = snapshot["accounts"]
        .as_array()
        .context("snapshot has no accounts")?
        .iter()
        .map(|account| {
            let input = serde_json::json!({
                "collected_at": snapshot["collected_at"],
                "account": account,
                "organization": snapshot["organization"],
            });
            Value::from_json_str(&input.to_string())
        })
        .collect::<Result<Vec<_>>>()?;

    let started = Instant::now();
    let mut interpreted = Vec::new();
    for input in &inputs {
        engine.set_input(input.clone());
        interpreted.push(engine.eval_rule(QUERY.into())?);
    }
    let interpreter_time = started.elapsed().as_secs_f64();

    let entry: regorus::Rc<str> = QUERY.into();
    let compiled = engine.compile_with_entrypoint(&entry)?;
    let program =
        regorus::languages::rego::compiler::Compiler::compile_from_policy(&compiled, &[QUERY])?;
    let mut vm = regorus::rvm::RegoVM::new();
    vm.load_program(program);
    vm.set_max_instructions(usize::MAX);
    vm.set_data(data)?;
    let started = Instant::now();
    let mut compiled_results = Vec::new();
    for input in &inputs {
        vm.set_input(input.clone());
        compiled_results.push(vm.execute()?);
    }
    let rvm_time = started.elapsed().as_secs_f64();

    let findings: usize = interpreted
        .iter()
        .filter_map(|v| v.as_object().ok())
        .flat_map(|rules| rules.values())
        .filter_map(|f| f.as_set().ok().map(|s| s.len()))
        .sum();
    let differing = interpreted
        .iter()
        .zip(&compiled_results)
        .filter(|(a, b)| a != b)
        .count();
    let per_account = |seconds: f64| seconds * 1000.0 / inputs.len() as f64;
    println!(
        "accounts {}, findings {findings}: interpreter {:.1} ms/account, RVM {:.1} ms/account ({:.2}x); accounts whose findings differ: {differing}",
        inputs.len(),
        per_account(interpreter_time),
        per_account(rvm_time),
        interpreter_time / rvm_time,
    );
    Ok(())
}
