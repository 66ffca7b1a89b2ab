//! `tenet.results/v1` as pretty JSON.

use std::io::{self, Write};

use super::Context;
use crate::results::Results;

pub fn write(results: &Results, _context: &Context, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, results)?;
    writeln!(out)
}
