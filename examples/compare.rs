//! Compares rosters: two (before and after, as-is and to-be) or a series
//! in time order.
//!
//! ```text
//! cargo run --release --example compare -- BEFORE.csv AFTER.csv [MORE.csv ...]
//!     [--format text|json|csv] [--html FILE.html]
//!     [--model strongest|pooled|average|weakest|additive] [--lenient] [--rollup]
//!     [--framework FILE.csv] [--requirements FILE.csv]
//!     [--map COLUMN=HEADER]... [--map-file FILE] [--delimiter auto|,|;|tab]
//! ```
//!
//! With two files: per team `kept`, `new` or `gone`, scores before and
//! after, findings resolved and introduced, and the member changes that
//! explain them (`--format csv`: one row per team,
//! `team,status,members_before,members_after,direction_before,direction_after,control_before,control_after,health_before,health_after,resolved,introduced`).
//! With more: every team's trend (`--format csv`:
//! `team,snapshot,members,direction,control,health,flags`) and every
//! finding's first and last appearance. `--html` also writes the HTML
//! report (a "what changed" section, or a trend chart per team). Exit
//! codes as `analyze_roster`: 0 on success, 1 on a data error (the message
//! names the file), 2 on a usage error.

mod common;

use std::io;
use std::path::PathBuf;

use clap::{Parser, ValueEnum};
use common::Model;
use rolebalance::{
    Analyzer, Comparison, Coverage, Framework, HtmlReport, Mode, ReadLog, ReaderBuilder, Requirements, Rollups, Series,
};

#[derive(Parser)]
#[command(name = "compare", about = "What changed between rosters: teams, findings and the moves that explain them")]
struct Args {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Also write the HTML report to this file.
    #[arg(long, value_name = "FILE.html")]
    html: Option<PathBuf>,
    /// Coverage model.
    #[arg(long, value_enum, default_value_t = Model::Strongest)]
    model: Model,
    /// Skip bad rows (listed on stderr) instead of failing.
    #[arg(long)]
    lenient: bool,
    /// Also compare every team-path prefix, as `PREFIX/*`.
    #[arg(long)]
    rollup: bool,
    /// Custom framework CSV: dimension,leadership_pole,management_pole.
    #[arg(long, value_name = "FILE.csv")]
    framework: Option<PathBuf>,
    /// Per-team requirements CSV: team,threshold,value.
    #[arg(long, value_name = "FILE.csv")]
    requirements: Option<PathBuf>,
    #[command(flatten)]
    input: common::input::InputArgs,
    /// The rosters, oldest first (at least two).
    #[arg(value_name = "ROSTER.csv", required = true, num_args = 2..)]
    rosters: Vec<PathBuf>,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
    Csv,
}

fn main() -> std::process::ExitCode {
    common::main_with(run)
}

fn run(args: &Args) -> Result<(), String> {
    let framework = match &args.framework {
        Some(p) => Framework::from_csv_path(p).map_err(|e| common::describe(p, &e))?,
        None => Framework::leadership_management(),
    };
    let requirements = match &args.requirements {
        Some(p) => Requirements::from_csv_path(p).map_err(|e| common::describe(p, &e))?,
        None => Requirements::new(),
    };
    let analyzer = Analyzer::new()
        .model(Coverage::from(args.model))
        .requirements(requirements)
        .rollups(if args.rollup { Rollups::Include } else { Rollups::Exclude });
    let reader = ReaderBuilder::new()
        .framework(framework)
        .mode(if args.lenient { Mode::Lenient } else { Mode::Strict })
        .columns(args.input.columns()?)
        .delimiter(args.input.delimiter);
    let mut snapshots = Vec::with_capacity(args.rosters.len());
    for path in &args.rosters {
        let shown = path.display().to_string();
        if common::input::kind(path) != common::input::Kind::Csv {
            return Err(format!(
                "{shown}: compare reads CSV rosters (convert the sheet, or analyse it with analyze_roster)"
            ));
        }
        // Errors name the file (`ReaderBuilder::snapshot_path`).
        let (snapshot, log) = reader.snapshot_path(path, &analyzer).map_err(|e| common::describe(path, &e))?;
        report_log(&log, &shown);
        args.input.note_delimiter(&log, &shown);
        snapshots.push(snapshot);
    }
    let mut stdout = io::BufWriter::with_capacity(1 << 16, common::stdout_enlarged().lock());
    if let [before, after] = snapshots.as_slice() {
        let cmp = Comparison::new(before, after).map_err(|e| e.to_string())?;
        if let Some(out) = &args.html {
            let page = HtmlReport::new().title("What changed").render_comparison(&cmp);
            std::fs::write(out, page).map_err(|e| format!("{}: {e}", out.display()))?;
        }
        match args.format {
            Format::Text => cmp.write_text(&mut stdout),
            Format::Json => cmp.write_json(&mut stdout),
            Format::Csv => cmp.write_csv(&mut stdout),
        }
        .map_err(|e| format!("standard output: {e}"))
    } else {
        let series = Series::new(snapshots).map_err(|e| e.to_string())?;
        if let Some(out) = &args.html {
            let page = HtmlReport::new().title("Trends").render_series(&series);
            std::fs::write(out, page).map_err(|e| format!("{}: {e}", out.display()))?;
        }
        match args.format {
            Format::Text => series.write_text(&mut stdout),
            Format::Json => series.write_json(&mut stdout),
            Format::Csv => series.write_csv(&mut stdout),
        }
        .map_err(|e| format!("standard output: {e}"))
    }
}

/// Lists skipped rows and ignored columns on stderr.
fn report_log(log: &ReadLog, shown: &str) {
    for s in log.skipped() {
        eprintln!("skipped: {shown}: {}", s.error());
    }
    if !log.unknown_columns().is_empty() {
        eprintln!("note: {shown}: ignored columns: {}", log.unknown_columns().join(", "));
    }
}
