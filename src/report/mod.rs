//! Output formats for results, one file per format, chosen by one [`Format`] value.

use std::io::{self, Write};

use crate::findings::Results;

pub mod json;
pub mod table;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Human-readable table, grouped by account.
    Table,
    /// `tenet.results/v1` JSON.
    Json,
}

/// Options that affect how results look, not what they say.
#[derive(Debug, Clone, Copy, Default)]
pub struct Style {
    pub color: bool,
}

pub fn write(
    format: Format,
    results: &Results,
    style: Style,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Table => table::write(results, style, out),
        Format::Json => json::write(results, out),
    }
}
