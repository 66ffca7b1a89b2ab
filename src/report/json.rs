//! `tenet.results/v1` as pretty JSON.

use std::io::{self, Write};

use crate::findings::Results;

pub fn write(results: &Results, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, results)?;
    writeln!(out)
}
