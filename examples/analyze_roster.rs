//! Analyses a roster CSV and prints where every team stands.
//!
//! ```text
//! cargo run --release --example analyze_roster -- [--format text|json|csv|xlsx] [-o FILE]
//!     [--model strongest|pooled|average] [--lenient] [--rollup]
//!     [--framework FILE.csv] [--requirements FILE.csv]
//!     [--map COLUMN=HEADER]... [--map-file FILE] [--delimiter auto|,|;|tab]
//!     [--hierarchy MANAGER_COLUMN [--managers lead|peer]] [--sheet NAME]
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
//! than a comma, when detected, is said on stderr. Exit codes: 0 on success (also when rows were skipped with
//! `--lenient`, listed on stderr), 1 on a data error (message on stderr
//! naming line and column, nothing on stdout), 2 on a usage error.

mod common;

use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, ValueEnum};
use common::Model;
use rolebalance::{
    Analyzer, Coverage, Framework, Hierarchy, Mode, Placement, ReadLog, ReaderBuilder, Report, Requirements, Rollups,
    TeamReport,
};

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
    #[command(flatten)]
    input: common::input::InputArgs,
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
    if let Format::Csv = args.format {
        // The summary streams: memory grows with the teams, not the rows.
        let (summary, log) = if table {
            summary_table(&reader, &analyzer, &path, args)
        } else if shown == "-" {
            reader.summary(io::stdin().lock(), &analyzer).map_err(|e| format!("{shown}: {e}"))
        } else {
            reader.summary_path(&path, &analyzer).map_err(|e| format!("{shown}: {e}"))
        }?;
        report_log(&log, &shown);
        args.input.note_delimiter(&log, &shown);
        let mut stdout = io::BufWriter::with_capacity(1 << 16, common::stdout_enlarged().lock());
        return summary.write_csv(&mut stdout).map_err(|e| format!("standard output: {e}"));
    }
    if matches!(args.format, Format::Xlsx) && args.output.is_none() {
        return Err("--format xlsx writes a file: give it with -o FILE.xlsx".to_string());
    }
    let (report, log) = if table {
        analyze_table(&reader, &analyzer, &path, args)?
    } else if shown == "-" {
        let mut input = Vec::new();
        io::stdin().read_to_end(&mut input).map_err(|e| format!("standard input: {e}"))?;
        reader.analyze(input.as_slice(), &analyzer).map_err(|e| format!("{shown}: {e}"))?
    } else {
        reader.analyze_path(&path, &analyzer).map_err(|e| format!("{shown}: {e}"))?
    };

    report_log(&log, &shown);
    args.input.note_delimiter(&log, &shown);

    let mut out = Vec::new();
    match args.format {
        Format::Csv => report.write_summary_csv(&mut out).map_err(|e| e.to_string())?,
        Format::Json => {
            let doc = JsonOut { model: report.model(), rows: log.rows(), log: &log, teams: report.teams() };
            serde_json::to_writer_pretty(&mut out, &doc).map_err(|e| e.to_string())?;
            out.push(b'\n');
        }
        Format::Text => write_text(&mut out, &report, &log, &shown).map_err(|e| e.to_string())?,
        Format::Xlsx => return write_xlsx(&report, args.output.as_deref().unwrap_or(Path::new("report.xlsx"))),
    }
    let mut stdout = io::stdout().lock();
    stdout.write_all(&out).and_then(|()| stdout.flush()).map_err(|e| format!("standard output: {e}"))
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
        table.analyze(reader, analyzer).map_err(|e| format!("{}: {e}", path.display()))
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
        table.summary(reader, analyzer).map_err(|e| format!("{}: {e}", path.display()))
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
        rolebalance::XlsxReport::new().write(report, out).map_err(|e| format!("{}: {e}", out.display()))
    }
    #[cfg(not(feature = "xlsx"))]
    {
        let _ = (report, out);
        Err("--format xlsx needs the `xlsx` feature: cargo run --release --features xlsx --example analyze_roster -- ..."
            .to_string())
    }
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

#[derive(serde::Serialize)]
struct JsonOut<'a> {
    model: Coverage,
    rows: u64,
    log: &'a ReadLog,
    teams: &'a [TeamReport],
}

/// The findings of a team in a few words: `kind` or `kind:detail` where a
/// kind occurs once, `kind x N` where it occurs more often.
fn overview(t: &TeamReport) -> String {
    let mut parts: Vec<String> = Vec::new();
    let findings = t.findings();
    let mut i = 0;
    while let Some(f) = findings.get(i) {
        let n = findings.iter().skip(i).take_while(|g| g.kind() == f.kind()).count();
        parts.push(if n == 1 { f.flag() } else { format!("{} x{n}", f.kind()) });
        i += n;
    }
    if parts.is_empty() {
        "ok".to_string()
    } else {
        parts.join(", ")
    }
}

/// A bar of 20 cells for a value in [0, 1].
fn bar(v: f64) -> String {
    let full = (v.clamp(0.0, 1.0) * 20.0).round() as usize;
    format!("{}{}", "█".repeat(full), "░".repeat(20 - full))
}

fn write_text(out: &mut Vec<u8>, report: &Report, log: &ReadLog, source: &str) -> io::Result<()> {
    let teams = report.teams();
    let worst = |t: &TeamReport| t.findings().iter().map(|f| f.severity()).max();
    let critical = teams.iter().filter(|t| worst(t) == Some(rolebalance::Severity::Critical)).count();
    writeln!(
        out,
        "{source}: {} rows, {} teams, model {}; {critical} teams lack direction or control",
        log.rows(),
        teams.len(),
        report.model()
    )?;
    let width = teams.iter().map(|t| t.team().chars().count()).max().unwrap_or(4).max(4);
    writeln!(out)?;
    writeln!(out, "{:<width$}  members  direction  control  health  findings", "team")?;
    for t in teams {
        let summary = overview(t);
        writeln!(
            out,
            "{:<width$}  {:>7}  {:>9.2}  {:>7.2}  {:>6.2}  {summary}",
            t.team(),
            t.members(),
            t.direction(),
            t.control(),
            t.health()
        )?;
    }
    for t in teams {
        writeln!(out)?;
        writeln!(out, "== {} ({} members, total weight {}) ==", t.team(), t.members(), t.total_weight())?;
        writeln!(
            out,
            "direction {:.2}   control {:.2}   balance {:.2}   health {:.2}",
            t.direction(),
            t.control(),
            t.balance(),
            t.health()
        )?;
        let pw = t.poles().map(|p| p.pole().len()).max().unwrap_or(0);
        for p in t.poles() {
            let mark = if p.coverage() < p.threshold() - rolebalance::tolerance::EPSILON { "  <- gap" } else { "" };
            writeln!(
                out,
                "  {:<pw$} {:<10}  {} {:.2}  depth {}  top {}{mark}",
                p.pole(),
                p.side().as_str(),
                bar(p.coverage()),
                p.coverage(),
                p.depth(),
                p.top_contributor().unwrap_or("-"),
            )?;
        }
        if t.findings().is_empty() {
            writeln!(out, "  no findings")?;
        }
        for f in t.findings() {
            writeln!(out, "  [{}] {}", f.severity(), f.message())?;
        }
    }
    Ok(())
}
