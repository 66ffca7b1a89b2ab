//! `tenet rules` and `tenet frameworks`: what is built in.

use std::io::Write;

use anyhow::{bail, Result};
use clap::Args;

use super::{ListFormat, PolicyArgs};
use tenet::policy::frameworks;
use tenet::policy::RuleInfo;

#[derive(Args)]
pub(crate) struct RulesArgs {
    #[command(flatten)]
    pub(crate) policies: PolicyArgs,
    #[arg(long, value_enum, default_value = "table")]
    pub(crate) format: ListFormat,
}

#[derive(Args)]
pub(crate) struct FrameworksArgs {
    /// A catalog id (e.g. cis-aws-6.0); without it, list the catalogs.
    pub(crate) id: Option<String>,
    #[command(flatten)]
    pub(crate) policies: PolicyArgs,
    #[arg(long, value_enum, default_value = "table")]
    pub(crate) format: ListFormat,
}

pub(crate) fn rules(args: RulesArgs) -> Result<u8> {
    let policies = args.policies.load()?;
    let rules = policies.engine.rules();
    let mut out = std::io::stdout().lock();
    let controls = |r: &RuleInfo, sep: &str| -> String {
        r.frameworks
            .iter()
            .map(|(f, ids)| format!("{f} {}", ids.join(", ")))
            .collect::<Vec<_>>()
            .join(sep)
    };
    match args.format {
        ListFormat::Json => {
            serde_json::to_writer_pretty(&mut out, rules)?;
            writeln!(out)?;
        }
        ListFormat::Table => {
            for r in rules {
                writeln!(out, "{:<26} {:<8} {}", r.id, r.severity.as_str(), r.title)?;
                writeln!(out, "{:<35} {}", "", controls(r, "; "))?;
            }
        }
        ListFormat::Markdown => {
            writeln!(out, "| rule | severity | title | controls |")?;
            writeln!(out, "|---|---|---|---|")?;
            for r in rules {
                let title = r.title.replace('|', "\\|");
                writeln!(
                    out,
                    "| `{}` | {} | {title} | {} |",
                    r.id,
                    r.severity.as_str(),
                    controls(r, "<br>")
                )?;
            }
        }
    }
    Ok(0)
}

pub(crate) fn list_frameworks(args: FrameworksArgs) -> Result<u8> {
    let policies = args.policies.load()?;
    let rules = policies.engine.rules();
    let mut out = std::io::stdout().lock();
    let Some(id) = &args.id else {
        let rows: Vec<serde_json::Value> = policies
            .catalogs
            .iter()
            .map(|c| {
                let covered = frameworks::coverage(c, rules);
                serde_json::json!({
                    "id": c.id, "name": c.name, "version": c.version,
                    "controls": c.controls.len(),
                    "covered": c.controls.iter().filter(|k| covered.contains_key(&k.id)).count(),
                })
            })
            .collect();
        match args.format {
            ListFormat::Json => writeln!(out, "{}", serde_json::to_string_pretty(&rows)?)?,
            _ => {
                for r in &rows {
                    writeln!(
                        out,
                        "{:<12} {} {}: {} controls, {} covered by rules, the rest manual",
                        r["id"].as_str().unwrap_or_default(),
                        r["name"].as_str().unwrap_or_default(),
                        r["version"].as_str().unwrap_or_default(),
                        r["controls"],
                        r["covered"]
                    )?;
                }
            }
        }
        return Ok(0);
    };
    let Some(catalog) = policies.catalogs.iter().find(|c| &c.id == id) else {
        let known: Vec<&str> = policies.catalogs.iter().map(|c| c.id.as_str()).collect();
        bail!("no catalog {id:?}; known: {}", known.join(", "));
    };
    let covered = frameworks::coverage(catalog, rules);
    let rows: Vec<serde_json::Value> = catalog
        .controls
        .iter()
        .map(|k| {
            let by: Vec<&str> = covered.get(&k.id).cloned().unwrap_or_default();
            serde_json::json!({
                "id": k.id, "title": k.title, "section": k.section, "assessment": k.assessment,
                "tenet": if by.is_empty() { "manual" } else { "automated" }, "rules": by,
            })
        })
        .collect();
    match args.format {
        ListFormat::Json => writeln!(out, "{}", serde_json::to_string_pretty(&rows)?)?,
        ListFormat::Markdown => {
            writeln!(
                out,
                "| control | title | {} says | tenet | rules |",
                catalog.id
            )?;
            writeln!(out, "|---|---|---|---|---|")?;
            for r in &rows {
                let rules: Vec<String> = r["rules"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|v| format!("`{}`", v.as_str().unwrap_or_default()))
                    .collect();
                writeln!(
                    out,
                    "| {} | {} | {} | {} | {} |",
                    s(&r["id"]),
                    s(&r["title"]),
                    s(&r["assessment"]),
                    s(&r["tenet"]),
                    rules.join(", ")
                )?;
            }
        }
        ListFormat::Table => {
            writeln!(out, "{} {} ({})", catalog.name, catalog.version, catalog.id)?;
            for r in &rows {
                let rules: Vec<&str> = r["rules"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|v| v.as_str())
                    .collect();
                let by = if rules.is_empty() {
                    "manual: evidence required".to_string()
                } else {
                    rules.join(", ")
                };
                writeln!(
                    out,
                    "  {:<22} {:<9} {}\n  {:<22} {:<9} -> {by}",
                    s(&r["id"]),
                    s(&r["assessment"]),
                    s(&r["title"]),
                    "",
                    ""
                )?;
            }
        }
    }
    Ok(0)
}

pub(crate) fn s(v: &serde_json::Value) -> &str {
    v.as_str().unwrap_or_default()
}
