//! Analyses a roster CSV and prints where every team stands.
//!
//! ```text
//! cargo run --release --example analyze_roster -- [--format text|json|csv|xlsx] [-o FILE]
//!     [--model strongest|pooled|average|weakest|additive] [--lenient] [--rollup]
//!     [--framework FILE.csv] [--requirements FILE.csv]
//!     [--map COLUMN=HEADER]... [--map-file FILE] [--delimiter auto|,|;|tab]
//!     [--hierarchy MANAGER_COLUMN [--managers lead|peer]] [--sheet NAME]
//!     [--audience team|org [--min-group K]]
//!     [ROSTER.csv | ROSTER.xlsx | ROSTER.ods | ROSTER.parquet | -]
//! ```
//!
//! Without a path it analyses `examples/data/roster.csv`; `-` reads standard
//! input. Spreadsheets (`.xlsx`, `.xlsm`, `.xlsb`, `.xls`, `.ods`: the first
//! sheet, or `--sheet NAME`) need the `spreadsheet` feature, Parquet files
//! the `parquet` feature, `--format xlsx -o FILE.xlsx` the `xlsx` feature
//! (`cargo run --release --features spreadsheet,xlsx --example
//! analyze_roster -- ...`). `--map` reads a column under another header
//! (`--map id=Employee_ID`), `--hierarchy` builds the teams from each
//! person's manager (`--managers lead`, the default: a manager is in the
//! team they lead; `peer`: in their own manager's team). A delimiter other
//! than a comma, when detected, is said on stderr. `--audience org` writes
//! the organisation view in every format but xlsx (nobody named, no
//! member's numbers; groups of fewer than `--min-group` active members,
//! default 5, suppressed, and more wherever one could be worked out; see
//! the crate docs, "Confidentiality"); `--min-group` below 3, or without
//! `--audience org`, is a usage error. Standard error is for whoever runs the command: skipped rows are
//! listed there as read, in either audience. Exit codes: 0 on success (also when rows were skipped with
//! `--lenient`, listed on stderr), 1 on a data error (message on stderr
//! naming line and column, nothing on stdout), 2 on a usage error.

mod common;

use std::io;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, ValueEnum};
use common::Model;
use rolebalance::{
    Analyzer, Coverage, Disclosure, Framework, Hierarchy, Mode, Placement, ReadLog, ReaderBuilder, Report,
    Requirements, Rollups,
};

const SAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data/roster.csv");

#[derive(Parser)]
#[command(name = "analyze_roster", about = "Leadership/management coverage of every team in a roster")]
struct Args {
    /// CSV output: a text cell a spreadsheet would run as a formula (first
    /// character `=`, `+`, `-`, `@`, tab or CR) gets a `'` before it
    /// (neutralize, the default), or is kept as it is (keep).
    #[arg(long, value_enum, default_value_t = common::Formulas::Neutralize)]
    csv_formulas: common::Formulas,
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
    #[command(flatten)]
    input: common::input::InputArgs,
    #[command(flatten)]
    audience: common::AudienceArgs,
    /// Build the teams from the reporting line: the column of each person's manager id.
    #[arg(long, value_name = "MANAGER_COLUMN")]
    hierarchy: Option<String>,
    /// With --hierarchy, where a manager belongs: in the team they lead, or with their peers.
    #[arg(long, value_enum, default_value_t = Managers::Lead)]
    managers: Managers,
    /// The output file (needed by --format xlsx).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    output: Option<PathBuf>,
    /// Roster CSV (`-` for standard input), spreadsheet or Parquet file; default: the shipped sample.
    #[arg(value_name = "ROSTER.csv")]
    roster: Option<PathBuf>,
}

#[derive(Clone, Copy, ValueEnum)]
enum Managers {
    /// A manager is a member of the team they lead.
    Lead,
    /// A manager is a member of their own manager's team.
    Peer,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
    Csv,
    /// An Excel workbook (`-o FILE.xlsx`; the `xlsx` feature).
    Xlsx,
}

fn main() -> ExitCode {
    common::main_with(run)
}

fn run(args: &Args) -> Result<(), String> {
    // Usage errors first, before anything is read.
    let disclosure = args.audience.disclosure::<Args>();
    if disclosure.is_some() && matches!(args.format, Format::Xlsx) {
        common::usage_error::<Args>("--audience org writes text, json or csv: the xlsx workbook names members");
    }
    let framework = match &args.framework {
        Some(p) => Framework::from_csv_path(p).map_err(|e| common::describe(p, &e))?,
        None => Framework::leadership_management(),
    };
    let requirements = match &args.requirements {
        Some(p) => Requirements::from_csv_path(p).map_err(|e| common::describe(p, &e))?,
        None => Requirements::new(),
    };
    // Kept to say which requirements no team matched.
    let wanted = requirements.clone();
    let model = Coverage::from(args.model);
    let analyzer = Analyzer::new().model(model).requirements(requirements).rollups(if args.rollup {
        Rollups::Include
    } else {
        Rollups::Exclude
    });
    let mut reader = ReaderBuilder::new()
        .framework(framework)
        .mode(if args.lenient { Mode::Lenient } else { Mode::Strict })
        .columns(args.input.columns()?)
        .delimiter(args.input.delimiter);
    if let Some(column) = &args.hierarchy {
        let placement = match args.managers {
            Managers::Lead => Placement::LeadsReports,
            Managers::Peer => Placement::WithOwnManager,
        };
        reader = reader.hierarchy(Hierarchy::new(column).placement(placement));
    }
    let path = args.roster.clone().unwrap_or_else(|| PathBuf::from(SAMPLE));
    let shown = path.display().to_string();
    let table = shown != "-" && common::input::kind(&path) != common::input::Kind::Csv;
    if let Some(disclosure) = disclosure {
        if args.hierarchy.is_some() {
            eprintln!("note: with --hierarchy the team paths are manager ids, and the org audience shows them");
        }
        return run_org(args, &reader, &analyzer, &path, table, disclosure);
    }
    if let Format::Csv = args.format {
        // The summary streams: memory grows with the teams, not the rows.
        let (summary, log) = if table {
            summary_table(&reader, &analyzer, &path, args)
        } else if shown == "-" {
            reader.summary(io::stdin().lock(), &analyzer).map_err(|e| common::describe(&shown, &e))
        } else {
            reader.summary_path(&path, &analyzer).map_err(|e| common::describe(&shown, &e))
        }?;
        report_log(&log, &shown);
        args.input.note_delimiter(&log, &shown);
        let mut stdout = io::BufWriter::with_capacity(1 << 16, common::stdout_enlarged().lock());
        return summary.write_csv_with(&mut stdout, args.csv_formulas.into()).map_err(common::stdout_error);
    }
    if matches!(args.format, Format::Xlsx) && args.output.is_none() {
        return Err("--format xlsx writes a file: give it with -o FILE.xlsx".to_string());
    }
    let out_path = args.output.as_deref().unwrap_or(Path::new("report.xlsx"));
    if table {
        let (report, log) = analyze_table(&reader, &analyzer, &path, args)?;
        report_log(&log, &shown);
        args.input.note_delimiter(&log, &shown);
        note_unmatched(&wanted, report.teams().iter().map(|t| t.team()), args);
        let mut stdout = io::BufWriter::with_capacity(1 << 16, common::stdout_enlarged().lock());
        return match args.format {
            Format::Xlsx => return write_xlsx(&report, out_path),
            Format::Csv => Ok(()),
            Format::Json => report.write_json(&mut stdout, Some(&log)),
            Format::Text => report.write_text(&mut stdout, &shown, Some(&log)),
        }
        .map_err(common::stdout_error);
    }
    // The reports are made team by team as they are written: memory grows
    // with the teams, not the rows, and a million rows never hold a
    // million reports.
    let (analysis, log) = if shown == "-" {
        reader.analysis(io::stdin().lock(), &analyzer)
    } else {
        reader.analysis_path(&path, &analyzer)
    }
    .map_err(|e| common::describe(&shown, &e))?;
    report_log(&log, &shown);
    args.input.note_delimiter(&log, &shown);
    if !wanted.is_empty() {
        let teams: Vec<String> = analysis.iter().map(|t| t.team().to_string()).collect();
        note_unmatched(&wanted, teams.iter().map(String::as_str), args);
    }
    if let Format::Xlsx = args.format {
        return write_xlsx(&analysis.into_report(), out_path);
    }
    let mut stdout = io::BufWriter::with_capacity(1 << 16, common::stdout_enlarged().lock());
    match args.format {
        Format::Csv | Format::Xlsx => Ok(()),
        Format::Json => analysis.write_json(&mut stdout, Some(&log)),
        Format::Text => analysis.write_text(&mut stdout, &shown, Some(&log)),
    }
    .map_err(common::stdout_error)
}

/// The organisation audience: the whole report, then what of it may be
/// shown (see `rolebalance::Disclosure`).
fn run_org(
    args: &Args,
    reader: &ReaderBuilder,
    analyzer: &Analyzer,
    path: &Path,
    table: bool,
    disclosure: Disclosure,
) -> Result<(), String> {
    let shown = path.display().to_string();
    let (report, log) = if table {
        analyze_table(reader, analyzer, path, args)?
    } else {
        let (analysis, log) = if shown == "-" {
            reader.analysis(io::stdin().lock(), analyzer)
        } else {
            reader.analysis_path(path, analyzer)
        }
        .map_err(|e| common::describe(&shown, &e))?;
        (analysis.into_report(), log)
    };
    report_log(&log, &shown);
    args.input.note_delimiter(&log, &shown);
    let org = disclosure.apply(&report);
    let mut stdout = io::BufWriter::with_capacity(1 << 16, common::stdout_enlarged().lock());
    match args.format {
        Format::Csv => org.write_summary_csv(&mut stdout),
        Format::Json => org.write_json(&mut stdout),
        Format::Text | Format::Xlsx => org.write_text(&mut stdout, &shown),
    }
    .map_err(|e| format!("standard output: {e}"))
}

/// Analyses a spreadsheet or Parquet file.
fn analyze_table(
    reader: &ReaderBuilder,
    analyzer: &Analyzer,
    path: &Path,
    args: &Args,
) -> Result<(Report, ReadLog), String> {
    #[cfg(any(feature = "spreadsheet", feature = "parquet"))]
    {
        let table = common::input::open_table(path, &args.input)?;
        table.analyze(reader, analyzer).map_err(|e| common::describe(path, &e))
    }
    #[cfg(not(any(feature = "spreadsheet", feature = "parquet")))]
    {
        let _ = (reader, analyzer, args);
        Err(common::input::unsupported(path, common::input::kind(path)))
    }
}

/// The summary of a spreadsheet or Parquet file.
fn summary_table(
    reader: &ReaderBuilder,
    analyzer: &Analyzer,
    path: &Path,
    args: &Args,
) -> Result<(rolebalance::Summary, ReadLog), String> {
    #[cfg(any(feature = "spreadsheet", feature = "parquet"))]
    {
        let table = common::input::open_table(path, &args.input)?;
        table.summary(reader, analyzer).map_err(|e| common::describe(path, &e))
    }
    #[cfg(not(any(feature = "spreadsheet", feature = "parquet")))]
    {
        let _ = (reader, analyzer, args);
        Err(common::input::unsupported(path, common::input::kind(path)))
    }
}

/// Writes the report as an Excel workbook.
fn write_xlsx(report: &Report, out: &Path) -> Result<(), String> {
    #[cfg(feature = "xlsx")]
    {
        rolebalance::XlsxReport::new().write(report, out).map_err(|e| common::describe(out, &e))
    }
    #[cfg(not(feature = "xlsx"))]
    {
        let _ = (report, out);
        Err("--format xlsx needs the `xlsx` feature: cargo run --release --features xlsx --example analyze_roster -- ..."
            .to_string())
    }
}

/// Warns on stderr about each requirement that no team of the roster is
/// or is below (most often a misspelt team: the analysis ignores it).
fn note_unmatched<'t>(wanted: &Requirements, teams: impl IntoIterator<Item = &'t str>, args: &Args) {
    let file = args.requirements.as_ref().map_or_else(String::new, |p| format!("{}: ", p.display()));
    for r in wanted.unmatched(teams) {
        common::note(format_args!(
            "warning: {file}requirement `{}` for team `{}` matches no team of the roster (ignored)",
            r.name(),
            rolebalance::shown(r.team())
        ));
    }
}

/// Lists skipped rows and ignored columns on stderr.
fn report_log(log: &ReadLog, shown: &str) {
    for s in log.skipped() {
        common::note(format_args!("skipped: {shown}: {}", s.error()));
    }
    if !log.unknown_columns().is_empty() {
        let columns: Vec<String> = log.unknown_columns().iter().map(|c| rolebalance::shown(c).into_owned()).collect();
        common::note(format_args!("note: ignored columns: {}", columns.join(", ")));
    }
}
