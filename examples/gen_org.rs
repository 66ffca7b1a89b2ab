//! Writes a synthetic organization snapshot for benchmarks (see `tenet::synthetic`).
//!
//! ```sh
//! cargo run --release --example gen_org -- --accounts 1143 --users 100 --seed 7 -o snap.json
//! ```

use std::io::{BufWriter, Write};

use anyhow::{bail, Context, Result};

struct Args {
    accounts: usize,
    users: usize,
    seed: u64,
    output: Option<String>,
}

fn parse_args() -> Result<Args> {
    let mut args = Args {
        accounts: 100,
        users: 50,
        seed: 1,
        output: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().with_context(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--accounts" => args.accounts = value()?.parse().context("--accounts")?,
            "--users" => args.users = value()?.parse().context("--users")?,
            "--seed" => args.seed = value()?.parse().context("--seed")?,
            "-o" | "--output" => args.output = Some(value()?),
            other => bail!("unknown argument {other}; usage: gen_org --accounts N --users M --seed S [-o FILE]"),
        }
    }
    Ok(args)
}

fn main() -> Result<()> {
    let args = parse_args()?;
    let out: Box<dyn Write> = match &args.output {
        Some(path) => {
            Box::new(std::fs::File::create(path).with_context(|| format!("cannot create {path}"))?)
        }
        None => Box::new(std::io::stdout().lock()),
    };
    let mut out = BufWriter::with_capacity(1 << 20, out);
    tenet::synthetic::write_snapshot(&mut out, args.accounts, args.users, args.seed)?;
    out.flush()?;
    Ok(())
}
