//! Analyses a roster CSV and prints where every team stands.
//!
//! ```text
//! cargo run --release --example analyze_roster -- [--format text|json|csv]
//!     [--model strongest|pooled|average|weakest|additive] [--lenient] [--rollup]
//!     [--framework FILE.csv] [--requirements FILE.csv] [ROSTER.csv | -]
//! ```
//!
//! Without a path it analyses `examples/data/roster.csv`; `-` reads standard
//! input. Exit codes: 0 on success (also when rows were skipped with
//! `--lenient`, listed on stderr), 1 on a data error (message on stderr
//! naming line and column, nothing on stdout), 2 on a usage error.

mod common;

use std::io;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, ValueEnum};
use common::Model;
use rolebalance::{Analyzer, Coverage, Framework, Mode, ReadLog, ReaderBuilder, Requirements, Rollups};

const SAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data/roster.csv");

#[derive(Parser)]
#[command(name = "analyze_roster", about = "Leadership/management coverage of every team in a roster")]
struct Args {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Coverage model.
    #[arg(long, value_enum, default_value_t = Model::Strongest)]
    model: Model,
    /// Skip bad rows (listed on stderr) instead of failing.
    #[arg(long)]
    lenient: bool,
    /// Also report every team-path prefix, as `PREFIX/*`.
    #[arg(long)]
    rollup: bool,
    /// Custom framework CSV: dimension,leadership_pole,management_pole.
    #[arg(long, value_name = "FILE.csv")]
    framework: Option<PathBuf>,
    /// Per-team requirements CSV: team,threshold,value.
    #[arg(long, value_name = "FILE.csv")]
    requirements: Option<PathBuf>,
    /// Roster CSV (`-` for standard input); default: the shipped sample.
    #[arg(value_name = "ROSTER.csv")]
    roster: Option<PathBuf>,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
    Csv,
}

fn main() -> ExitCode {
    common::main_with(run)
}

fn run(args: &Args) -> Result<(), String> {
    let framework = match &args.framework {
        Some(p) => Framework::from_csv_path(p).map_err(|e| format!("{}: {e}", p.display()))?,
        None => Framework::leadership_management(),
    };
    let requirements = match &args.requirements {
        Some(p) => Requirements::from_csv_path(p).map_err(|e| format!("{}: {e}", p.display()))?,
        None => Requirements::new(),
    };
    let model = Coverage::from(args.model);
    let analyzer = Analyzer::new().model(model).requirements(requirements).rollups(if args.rollup {
        Rollups::Include
    } else {
        Rollups::Exclude
    });
    let reader =
        ReaderBuilder::new().framework(framework).mode(if args.lenient { Mode::Lenient } else { Mode::Strict });
    let path = args.roster.clone().unwrap_or_else(|| PathBuf::from(SAMPLE));
    let shown = path.display().to_string();
    if let Format::Csv = args.format {
        // The summary streams: memory grows with the teams, not the rows.
        let (summary, log) = if shown == "-" {
            reader.summary(io::stdin().lock(), &analyzer)
        } else {
            reader.summary_path(&path, &analyzer)
        }
        .map_err(|e| format!("{shown}: {e}"))?;
        report_log(&log, &shown);
        let mut stdout = io::BufWriter::with_capacity(1 << 16, common::stdout_enlarged().lock());
        return summary.write_csv(&mut stdout).map_err(|e| format!("standard output: {e}"));
    }
    // The reports are made team by team as they are written: memory grows
    // with the teams, not the rows, and a million rows never hold a
    // million reports.
    let (analysis, log) = if shown == "-" {
        reader.analysis(io::stdin().lock(), &analyzer)
    } else {
        reader.analysis_path(&path, &analyzer)
    }
    .map_err(|e| format!("{shown}: {e}"))?;
    report_log(&log, &shown);
    let mut stdout = io::BufWriter::with_capacity(1 << 16, common::stdout_enlarged().lock());
    match args.format {
        Format::Csv => Ok(()),
        Format::Json => analysis.write_json(&mut stdout, Some(&log)),
        Format::Text => analysis.write_text(&mut stdout, &shown, Some(&log)),
    }
    .map_err(|e| format!("standard output: {e}"))
}

/// Lists skipped rows and ignored columns on stderr.
fn report_log(log: &ReadLog, shown: &str) {
    for s in log.skipped() {
        eprintln!("skipped: {shown}: {}", s.error());
    }
    if !log.unknown_columns().is_empty() {
        eprintln!("note: ignored columns: {}", log.unknown_columns().join(", "));
    }
}
