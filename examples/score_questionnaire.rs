//! Scores questionnaire responses and reports the reliability of every scale.
//!
//! ```text
//! cargo run --example score_questionnaire -- \
//!     --instrument examples/data/questionnaire_instrument.csv \
//!     --responses examples/data/questionnaire_responses.csv [--format text|json|roster-csv] [--lenient] \
//!     [--min-answered 0.5] [--scale 1,5] [--framework F.csv]
//! ```
//!
//! - `text` (default): the reliability table, one row per scale (a pole's
//!   items), then each scale's items.
//! - `json`: `{"kind": ..., "scales": [{"scale", "items", "respondents",
//!   "alpha", "alpha_ci", "standardized_alpha", "sem", "item_total",
//!   "alpha_if_dropped", "item_names", "mean", "sd"}], "read": {...}}`, items
//!   in instrument order, `null` where a statistic is undefined.
//! - `roster-csv`: the scored roster with the eight pole columns, ready for
//!   `analyze_roster -` (`score_questionnaire ... --format roster-csv | analyze_roster -`).
//!
//! Exit codes: 0 on success, 1 when the instrument or the responses cannot
//! be used (the message names the file, line, column and value), 2 for bad
//! arguments.

use std::io::Write;
use std::process::ExitCode;

use clap::{Parser, ValueEnum};
use rolebalance::{
    Framework, Instrument, InstrumentKind, Mode, ReadLog, ReliabilityReport, ScaleReliability, Scored, Scorer,
};
use serde::Serialize;

/// The `json` output.
#[derive(Serialize)]
struct Json<'a> {
    kind: InstrumentKind,
    scales: &'a [ScaleReliability],
    read: &'a ReadLog,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
    RosterCsv,
}

/// Scores questionnaire responses into a roster and reports the reliability
/// of every scale.
#[derive(Debug, Parser)]
#[command(name = "score_questionnaire")]
struct Args {
    /// The instrument: CSV `item,pole,reverse,min,max[,text]` (Likert) or
    /// `item,pole,block,points[,text]` (ipsative).
    #[arg(long)]
    instrument: String,
    /// The responses: CSV `id,team[,weight][,name],<one column per item>`.
    #[arg(long)]
    responses: String,
    /// What to print.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// Skip bad rows (listed on standard error) instead of failing.
    #[arg(long)]
    lenient: bool,
    /// The share of a pole's items a respondent must answer, in (0, 1].
    #[arg(long, default_value_t = 0.5)]
    min_answered: f64,
    /// A framework CSV `dimension,leadership_pole,management_pole` (default:
    /// the article's four dimensions).
    #[arg(long)]
    framework: Option<String>,
    /// The Likert response scale as `MIN,MAX` (such as `1,5`), for an
    /// instrument file without `min` and `max` columns.
    #[arg(long, value_parser = parse_scale)]
    scale: Option<(i64, i64)>,
}

fn parse_scale(s: &str) -> Result<(i64, i64), String> {
    let err = || format!("`{s}` is not MIN,MAX with two integers, such as 1,5");
    let (a, b) = s.split_once(',').ok_or_else(err)?;
    Ok((a.trim().parse().map_err(|_| err())?, b.trim().parse().map_err(|_| err())?))
}

fn run(args: &Args) -> Result<(), String> {
    let framework = match &args.framework {
        Some(path) => Framework::from_csv_path(path).map_err(|e| format!("{path}: {e}"))?,
        None => Framework::leadership_management(),
    };
    let file = std::fs::File::open(&args.instrument).map_err(|e| format!("{}: {e}", args.instrument))?;
    let read = match args.scale {
        Some(scale) => Instrument::from_csv_reader_with_scale(framework, file, scale),
        None => Instrument::from_csv_reader(framework, file),
    };
    let instrument = read.map_err(|e| format!("{}: {e}", args.instrument))?;
    let mode = if args.lenient { Mode::Lenient } else { Mode::Strict };
    let scorer = Scorer::new(instrument).mode(mode).min_answered(args.min_answered).map_err(|e| e.to_string())?;
    let scored = scorer.score_path(&args.responses).map_err(|e| format!("{}: {e}", args.responses))?;
    for s in scored.log().skipped() {
        eprintln!("{}: skipped {}", args.responses, s.error());
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let io = |e: std::io::Error| e.to_string();
    match args.format {
        Format::RosterCsv => scored.roster().write_csv(&mut out).map_err(io)?,
        Format::Json => {
            let report = scored.reliability();
            let json = Json { kind: report.kind(), scales: report.scales(), read: scored.log() };
            serde_json::to_writer_pretty(&mut out, &json).map_err(|e| e.to_string())?;
            writeln!(out).map_err(io)?;
        }
        Format::Text => write_text(&mut out, &scored, &scored.reliability()).map_err(io)?,
    }
    out.flush().map_err(io)
}

fn num(x: Option<f64>, digits: usize) -> String {
    x.map_or_else(|| "-".to_string(), |v| format!("{v:.digits$}"))
}

fn write_text(out: &mut impl Write, scored: &Scored, report: &ReliabilityReport) -> std::io::Result<()> {
    let inst = scored.instrument();
    let (min, max) = inst.scale();
    let log = scored.log();
    writeln!(
        out,
        "{} instrument, {} items, answers {min} to {max}; {} rows read, {} scored, {} skipped",
        report.kind().as_str(),
        inst.items().len(),
        log.rows(),
        log.kept(),
        log.skipped().len()
    )?;
    writeln!(out)?;
    writeln!(
        out,
        "{:<18} {:>5} {:>5} {:>6}  {:<16} {:>9} {:>6} {:>6} {:>6}",
        "scale", "items", "n", "alpha", "95% CI (Feldt)", "std.alpha", "mean", "sd", "SEM"
    )?;
    for s in report.scales() {
        let ci = s.alpha_ci.map_or_else(|| "-".to_string(), |[lo, hi]| format!("[{lo:.3}, {hi:.3}]"));
        writeln!(
            out,
            "{:<18} {:>5} {:>5} {:>6}  {:<16} {:>9} {:>6} {:>6} {:>6}",
            s.scale,
            s.items,
            s.respondents,
            num(s.alpha, 3),
            ci,
            num(s.standardized_alpha, 3),
            num(s.mean, 3),
            num(s.sd, 3),
            num(s.sem, 3)
        )?;
    }
    let notes: Vec<&str> = report.scales().iter().filter_map(|s| s.note.as_deref()).collect();
    if let Some(first) = notes.first() {
        writeln!(out, "note: {first}")?;
    }
    writeln!(out)?;
    writeln!(out, "Items (keyed: - reverse-keyed; r.drop: corrected item-total correlation)")?;
    writeln!(out, "{:<18} {:<10} {:>5} {:>7} {:>16}", "scale", "item", "keyed", "r.drop", "alpha if dropped")?;
    for s in report.scales() {
        for (i, name) in s.item_names.iter().enumerate() {
            let keyed = match inst.item_index(name).and_then(|j| inst.items().get(j)) {
                Some(item) if item.is_reverse() => "-",
                _ => "+",
            };
            writeln!(
                out,
                "{:<18} {:<10} {:>5} {:>7} {:>16}",
                if i == 0 { s.scale.as_str() } else { "" },
                name,
                keyed,
                num(s.item_total.get(i).copied().flatten(), 3),
                num(s.alpha_if_dropped.get(i).copied().flatten(), 3)
            )?;
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    let args = Args::parse();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("score_questionnaire: {e}");
            ExitCode::from(1)
        }
    }
}
