//! The readiness report's formats, one file each: a self-contained HTML page for people and
//! printing, Markdown for GitHub, CSV with a row per control × account, and JSON
//! (`tenet.readiness/v1`). All of them render one [`Report`] and compute nothing of their own;
//! `inventory.rs` also serves `tenet inventory` on its own.

use std::io::{self, Write};

use crate::readiness::Report;

pub mod csv;
pub mod html;
pub mod inventory;
pub mod json;
pub mod markdown;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReadinessFormat {
    /// One self-contained HTML file (inline CSS, SVG and script; nothing fetched), printable.
    Html,
    /// GitHub-flavoured Markdown.
    #[value(alias = "markdown")]
    Md,
    /// One row per control × account.
    Csv,
    /// `tenet.readiness/v1`: the same numbers, machine-readable.
    Json,
}

pub fn write(format: ReadinessFormat, report: &Report, out: &mut dyn Write) -> io::Result<()> {
    match format {
        ReadinessFormat::Html => html::write(report, out),
        ReadinessFormat::Md => markdown::write(report, out),
        ReadinessFormat::Csv => csv::write(report, out),
        ReadinessFormat::Json => json::write(report, out),
    }
}

/// "3 controls", "1 control".
pub(crate) fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// "2026-11-20 00:00 UTC" from an RFC 3339 UTC time; anything else as it is.
pub(crate) fn human_time(ts: &str) -> String {
    match chrono::DateTime::parse_from_rfc3339(ts) {
        Ok(t) => t
            .with_timezone(&chrono::Utc)
            .format("%Y-%m-%d %H:%M UTC")
            .to_string(),
        Err(_) => ts.to_string(),
    }
}

/// The change in readiness points between two percentages, e.g. "+25.0 pts".
pub(crate) fn trend(before: Option<f64>, after: Option<f64>) -> Option<String> {
    let (b, a) = (before?, after?);
    let d = ((a - b) * 10.0).round() / 10.0;
    Some(if d > 0.0 {
        format!("+{d:.1} pts")
    } else if d < 0.0 {
        format!("−{:.1} pts", -d)
    } else {
        "no change".to_string()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trend_is_signed_points() {
        assert_eq!(trend(Some(0.0), Some(25.0)).unwrap(), "+25.0 pts");
        assert_eq!(trend(Some(50.0), Some(33.3)).unwrap(), "−16.7 pts");
        assert_eq!(trend(Some(50.0), Some(50.0)).unwrap(), "no change");
        assert_eq!(trend(None, Some(50.0)), None);
        assert_eq!(human_time("2026-11-20T00:00:00Z"), "2026-11-20 00:00 UTC");
    }
}
