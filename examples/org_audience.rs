//! The sample company (`examples/data/roster.csv`, with rollups) as the
//! organisation sees it: nobody named, no member's numbers, every group of
//! fewer than 5 active members suppressed, and more wherever one could be
//! worked out by subtraction.
//!
//! ```text
//! cargo run --release --example org_audience -- [--min-group K]
//! ```
//!
//! It prints the text report of the organisation view, then lists each
//! suppressed group and why. The same view of any roster, in any format:
//! `cargo run --release --example analyze_roster -- --rollup --audience org
//! [--min-group K] [--format text|json|csv] ROSTER.csv`, and as a page:
//! `cargo run --release --example report -- --rollups --audience org`.

mod common;

use std::process::ExitCode;

use rolebalance::{Analyzer, Disclosure, ReaderBuilder, Rollups, Suppression};

const SAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data/roster.csv");

fn run() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let mut disclosure = Disclosure::new();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--min-group" => {
                let k = args.next().ok_or("--min-group needs a value")?;
                let k: u64 = k.parse().map_err(|_| format!("--min-group: `{k}` is not a whole number"))?;
                disclosure = disclosure.min_group(k).map_err(|e| e.to_string())?;
            }
            other => return Err(format!("unexpected argument `{other}`; usage: org_audience [--min-group K]")),
        }
    }
    let (roster, _log) = ReaderBuilder::new().read_roster_path(SAMPLE).map_err(|e| common::describe(SAMPLE, &e))?;
    let report = Analyzer::new().rollups(Rollups::Include).analyze(&roster).map_err(|e| e.to_string())?;
    let org = disclosure.apply(&report);
    let mut out = std::io::stdout().lock();
    org.write_text(&mut out, "examples/data/roster.csv").map_err(|e| format!("standard output: {e}"))?;
    println!();
    for g in org.groups() {
        match g.suppression() {
            Some(Suppression::Primary) => {
                println!("{}: suppressed, fewer than {} active members", g.team(), org.min_group());
            }
            Some(_) => println!("{}: suppressed, else a smaller group could be worked out from it", g.team()),
            None => {}
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
