//! `tenet.readiness/v1`: the report as pretty JSON, every number the other formats show.

use std::io::{self, Write};

use crate::readiness::Report;

pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, report)?;
    writeln!(out)
}
