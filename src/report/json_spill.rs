//! `--format json` without holding every finding in memory, for large organizations: each
//! account's findings are rendered (on the evaluation threads) and go to a temporary file as
//! soon as they are evaluated, one segment per rule; at the end the segments are copied out in
//! results order, with the organization rules' findings placed among them. The output is the
//! same, byte for byte, as [`super::json::write`] of the same results (a test checks it).

use std::fs::File;
use std::io::{self, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};

use crate::results::{order, Finding, Results, Tally};

/// The findings spilled so far, and what the exit code and messages need to know of them.
pub struct Spill {
    state: Mutex<State>,
}

struct State {
    file: BufWriter<File>,
    written: u64,
    /// Per account and rule: where its rendered findings are in the file.
    index: Vec<Segment>,
    tally: Tally,
}

/// One rule's findings in one account, rendered, in the file or (organization rules) in memory.
struct Segment {
    account: Arc<str>,
    rule: Arc<str>,
    at: u64,
    len: u64,
    text: Option<Vec<u8>>,
}

/// Per rule: its id, and where its segment starts in the rendered bytes and how long it is.
type Segments = Vec<(Arc<str>, usize, usize)>;

/// Renders `findings` (sorted, one account) as `results` elements, a segment per rule; returns
/// the bytes and where each rule's segment is in them.
fn render(findings: &[Finding]) -> io::Result<(Vec<u8>, Segments)> {
    let mut bytes = Vec::new();
    let mut segments = Vec::new();
    for run in findings.chunk_by(|a, b| a.rule == b.rule) {
        let start = bytes.len();
        for (i, f) in run.iter().enumerate() {
            if i > 0 {
                bytes.extend_from_slice(b",\n");
            }
            // serde_json's pretty layout of an element of `results`: indented two levels.
            for (j, line) in serde_json::to_string_pretty(f)?.lines().enumerate() {
                if j > 0 {
                    bytes.push(b'\n');
                }
                bytes.extend_from_slice(b"    ");
                bytes.extend_from_slice(line.as_bytes());
            }
        }
        segments.push((run[0].rule.clone(), start, bytes.len() - start));
    }
    Ok((bytes, segments))
}

impl Spill {
    /// A spill file in `dir` (beside the output, which it is as large as: /tmp may be small or
    /// in memory), else in the system's temporary directory. It is deleted when dropped.
    pub fn new(dir: Option<&Path>) -> io::Result<Spill> {
        let file = match dir {
            Some(dir) => tempfile::tempfile_in(dir)?,
            None => tempfile::tempfile()?,
        };
        Ok(Spill {
            state: Mutex::new(State {
                file: BufWriter::new(file),
                written: 0,
                index: Vec::new(),
                tally: Tally::default(),
            }),
        })
    }

    /// Spills one account's findings (called from the evaluation threads).
    pub fn add(&self, mut findings: Vec<Finding>) -> io::Result<()> {
        let Some(account) = findings.first().map(|f| f.account.clone()) else {
            return Ok(());
        };
        findings.sort_unstable_by(order);
        let (bytes, segments) = render(&findings)?;
        let mut state = self.state.lock().expect("no panic holding it");
        state.file.write_all(&bytes)?;
        let at = state.written;
        state.written += bytes.len() as u64;
        for (rule, start, len) in segments {
            state.index.push(Segment {
                account: account.clone(),
                rule,
                at: at + start as u64,
                len: len as u64,
                text: None,
            });
        }
        for f in &findings {
            state.tally.add(f);
        }
        Ok(())
    }

    /// Writes `head` (results without findings: schema, as_of, evidence) with every spilled
    /// finding and `organization`'s, in results order; returns the tally of them all.
    pub fn finish(
        self,
        mut head: Results,
        mut organization: Vec<Finding>,
        out: &mut dyn Write,
    ) -> io::Result<Tally> {
        let State {
            file,
            mut index,
            mut tally,
            ..
        } = self.state.into_inner().expect("no panic holding it");
        let mut file = file.into_inner().map_err(|e| e.into_error())?;
        // Organization rules are not account rules, so their findings make segments of their
        // own, placed by account and rule among the spilled ones.
        organization.sort_unstable_by(order);
        for account in organization.chunk_by(|a, b| a.account == b.account) {
            let (bytes, segments) = render(account)?;
            for (rule, start, len) in segments {
                index.push(Segment {
                    account: account[0].account.clone(),
                    rule,
                    at: 0,
                    len: len as u64,
                    text: Some(bytes[start..start + len].to_vec()),
                });
            }
        }
        for f in &organization {
            tally.add(f);
        }
        index.sort_by(|a, b| (&a.account, &a.rule).cmp(&(&b.account, &b.rule)));

        head.summary = tally.summary;
        head.results = Vec::new();
        let text = serde_json::to_string_pretty(&head)?;
        let (before, after) = text
            .split_once("\"results\": []")
            .expect("results serialize as an empty array");
        out.write_all(before.as_bytes())?;
        out.write_all(b"\"results\": [")?;
        for (i, segment) in index.iter().enumerate() {
            out.write_all(if i == 0 { b"\n" } else { b",\n" })?;
            match &segment.text {
                Some(text) => out.write_all(text)?,
                None => {
                    file.seek(SeekFrom::Start(segment.at))?;
                    io::copy(&mut (&mut file).take(segment.len), out)?;
                }
            }
        }
        out.write_all(if index.is_empty() { b"]" } else { b"\n  ]" })?;
        out.write_all(after.as_bytes())?;
        writeln!(out)?;
        Ok(tally)
    }
}
