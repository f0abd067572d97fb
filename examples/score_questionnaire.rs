//! Scores questionnaire responses and reports the reliability of every scale
//! as R's `psych::alpha` does; or, with `--ratings`, the intraclass
//! correlations of a table of ratings as pingouin's `intraclass_corr` does.
//!
//! ```text
//! cargo run --example score_questionnaire -- \
//!     --instrument examples/data/questionnaire_instrument.csv \
//!     --responses examples/data/questionnaire_responses.csv [--format text|json|roster-csv] [--lenient] \
//!     [--missing pairwise|complete] [--ci-level 0.95] [--keys warn|reverse] [--bootstrap 1000 --seed 1] \
//!     [--min-answered 0.5] [--scale 1,5] [--framework F.csv]
//! cargo run --example score_questionnaire -- --ratings ratings.csv [--format text|json] [--ci-level 0.95]
//! ```
//!
//! Survey exports (issue 18): `--source qualtrics|surveymonkey|google-forms|plain`
//! (default `auto`: recognised from the first row and said on stderr),
//! `--map COLUMN=HEADER` (repeatable: `--map id=ExternalReference`,
//! `--map team="Which team are you on?"`, an item from any header) or
//! `--map-file FILE`, `--delimiter auto|,|;|tab`, and responses in a
//! spreadsheet (`.xlsx`, `.ods`; `--sheet NAME`; the `spreadsheet` feature).
//! Items are found by their name, else by their text in the instrument.
//!
//! Options (defaults are psych's):
//!
//! - `--missing pairwise` (default): every respondent counts, each
//!   covariance and correlation over the respondents who answered both
//!   items (`psych::alpha(use = "pairwise")`); `--missing complete`: only
//!   the respondents who answered every item of a scale (the behaviour
//!   before 0.2).
//! - `--ci-level`: the level of Feldt's, Duhachek's and the bootstrap
//!   intervals (default 0.95).
//! - `--keys warn` (default): warn about items that correlate negatively
//!   with their scale; `--keys reverse`: reverse them, as psych's
//!   `check.keys = TRUE` (reported, never silent).
//! - `--bootstrap N --seed S`: a bootstrap interval for alpha from `N`
//!   resamples (default: none; seed 1).
//! - `--min-answered`: the share of a pole's items a respondent must answer
//!   to get a roster entry; respondents below it still count in the
//!   reliability and are listed on standard error (`not scored`) and in the
//!   JSON's `unscored`, and the file goes on.
//!
//! Formats:
//!
//! - `text` (default): the reliability table, one row per scale (a pole's
//!   items), the items' statistics, the scale intercorrelations and the
//!   warnings.
//! - `json`: `{"kind", "missing", "ci_level", "respondents", "unscored":
//!   [{"line", "id", "team", "reason"}], "scales": [...], "scale_correlations":
//!   {"scales", "raw", "corrected"}, "read": {"rows", "kept",
//!   "unknown_columns", "skipped"}}`, `null` where a statistic is undefined.
//!   Each scale has (psych's name in brackets):
//!   `scale`, `missing`, `ci_level`, `items` (items in the figures),
//!   `respondents` (`n.obs`), `alpha` (`raw_alpha`), `alpha_ci` (Feldt's
//!   interval, `[lower, upper]`), `alpha_se` (`ase`), `alpha_ci_duhachek`,
//!   `alpha_ci_bootstrap`, `standardized_alpha` (`std.alpha`), `lambda6`
//!   (`G6(smc)`), `average_r`, `median_r`, `var_r`, `signal_noise` (`S/N`),
//!   `omega_total` (`omega.tot` of a one-factor minres model),
//!   `omega_loadings`, `raw_mean` and `raw_sd` (the `mean` and `sd` of the
//!   respondents' mean scores), `mean`, `sd` and `sem` (the pole strength in
//!   [0, 1] and its standard error of measurement), `item_names`,
//!   `item_total` (`r.drop`), `alpha_if_dropped` (`raw_alpha` of
//!   `alpha.drop`), `item_stats` (per item: `item`, `reversed`, `n`, `raw_r`
//!   (`raw.r`), `std_r` (`std.r`), `r_cor` (`r.cor`), `r_drop` (`r.drop`),
//!   `mean`, `sd`, `missing` (`miss`), `frequencies` (`response.freq`, one
//!   share per value of `response_values`) and `if_dropped` (`raw_alpha`,
//!   `std_alpha`, `lambda6`, `average_r`, `signal_noise`, `alpha_se`,
//!   `var_r`, `median_r`)), `response_values`, `constant_items` (left out
//!   for having no variance), `negative_items`, `reversed_items`,
//!   `warnings`, and `note` where a statistic is missing. The
//!   `scale_correlations` are `psych::scoreItems(impute = "none")`'s `cor`
//!   (`raw`) and `corrected` (raw below the diagonal, alpha on it,
//!   corrected for attenuation above it). The definitions are in the
//!   library's `ReliabilityReport` documentation.
//! - `roster-csv`: the scored roster with one column per roster pole, ready
//!   for `analyze_roster -` (`score_questionnaire ... --format roster-csv |
//!   analyze_roster -`).
//! - With `--ratings FILE` (CSV, one row per target, one column per rater; a
//!   column named `target` or `id` is a label; empty cells are missing and
//!   their rows left out): `text` or `json`, `{"ci_level", "omitted",
//!   "icc": [{"form", "label", "icc", "f", "df1", "df2", "p_value", "ci"}]}`
//!   for the six forms `ICC(1,1)`, `ICC(A,1)`, `ICC(C,1)`, `ICC(1,k)`,
//!   `ICC(A,k)`, `ICC(C,k)`.
//!
//! Exit codes: 0 on success, 1 when the instrument, the responses or the
//! ratings cannot be used (the message names the file, line, column and
//! value), 2 for bad arguments.

mod common;

use std::io::Write;
use std::process::ExitCode;

use clap::{Parser, ValueEnum};
use rolebalance::{
    intraclass_correlation, Framework, Icc, Instrument, InstrumentKind, KeyCheck, Missing, Mode, ReadLog,
    ReliabilityOptions, ReliabilityReport, ScaleCorrelations, ScaleReliability, Scored, Scorer, Source,
};
use serde::Serialize;

/// A respondent without a roster entry, in the `json` output.
#[derive(Serialize)]
struct UnscoredJson<'a> {
    line: u64,
    id: &'a str,
    team: &'a str,
    reason: String,
}

/// The `json` output.
#[derive(Serialize)]
struct Json<'a> {
    kind: InstrumentKind,
    missing: Missing,
    ci_level: f64,
    respondents: usize,
    unscored: Vec<UnscoredJson<'a>>,
    scales: &'a [ScaleReliability],
    scale_correlations: Option<&'a ScaleCorrelations>,
    read: &'a ReadLog,
}

/// The `json` output of `--ratings`.
#[derive(Serialize)]
struct IccJson<'a> {
    ci_level: f64,
    omitted: usize,
    icc: &'a [Icc],
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
    RosterCsv,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum MissingArg {
    Pairwise,
    Complete,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum KeysArg {
    Warn,
    Reverse,
}

/// Scores questionnaire responses into a roster and reports the reliability
/// of every scale as psych does; or the intraclass correlations of ratings.
#[derive(Debug, Parser)]
#[command(name = "score_questionnaire")]
struct Args {
    /// CSV output: a text cell a spreadsheet would run as a formula (first
    /// character `=`, `+`, `-`, `@`, tab or CR) gets a `'` before it
    /// (neutralize, the default), or is kept as it is (keep).
    #[arg(long, value_enum, default_value_t = common::Formulas::Neutralize)]
    csv_formulas: common::Formulas,
    /// The instrument: CSV `item,pole,reverse,min,max[,text]` (Likert) or
    /// `item,pole,block,points[,text]` (ipsative).
    #[arg(long, required_unless_present = "ratings")]
    instrument: Option<String>,
    /// The responses: CSV `id,team[,weight][,name],<one column per item>`.
    #[arg(long, required_unless_present = "ratings")]
    responses: Option<String>,
    /// Ratings for the intraclass correlation: CSV, one row per target, one
    /// column per rater (a `target` or `id` column is a label).
    #[arg(long, conflicts_with_all = ["instrument", "responses"])]
    ratings: Option<String>,
    /// What to print.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// Skip malformed rows (listed on standard error) instead of failing.
    #[arg(long)]
    lenient: bool,
    /// Missing answers: pairwise (psych's default) or complete cases only.
    #[arg(long, value_enum, default_value = "pairwise")]
    missing: MissingArg,
    /// The confidence level of the intervals, in (0, 1).
    #[arg(long, default_value_t = 0.95)]
    ci_level: f64,
    /// Items that correlate negatively with their scale: warn, or reverse
    /// them (psych's check.keys).
    #[arg(long, value_enum, default_value = "warn")]
    keys: KeysArg,
    /// Resamples of a bootstrap interval for alpha (default: none).
    #[arg(long)]
    bootstrap: Option<usize>,
    /// The seed of the bootstrap.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// The share of a pole's items a respondent must answer to be in the
    /// roster, in (0, 1].
    #[arg(long, default_value_t = 0.5, value_parser = parse_share)]
    min_answered: f64,
    /// A framework CSV `dimension,leadership_pole,management_pole` (default:
    /// the article's four dimensions).
    #[arg(long)]
    framework: Option<String>,
    /// The Likert response scale as `MIN,MAX` (such as `1,5`), for an
    /// instrument file without `min` and `max` columns.
    #[arg(long, value_parser = parse_scale)]
    scale: Option<(i64, i64)>,
    /// The survey tool that exported the responses: auto (recognised from the first row),
    /// plain, qualtrics, surveymonkey, google-forms.
    #[arg(long, default_value = "auto", value_parser = parse_source)]
    source: Source,
    #[command(flatten)]
    input: common::input::InputArgs,
}

fn parse_source(s: &str) -> Result<Source, String> {
    s.parse().map_err(|e: rolebalance::Error| e.to_string())
}

/// A share in (0, 1], for `--min-answered` (a usage error otherwise).
fn parse_share(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(v) if v > 0.0 && v <= 1.0 => Ok(v),
        _ => Err(format!("`{}` is not a share in (0, 1]", rolebalance::shown(s))),
    }
}

fn parse_scale(s: &str) -> Result<(i64, i64), String> {
    let err = || format!("`{s}` is not MIN,MAX with two integers, such as 1,5");
    let (a, b) = s.split_once(',').ok_or_else(err)?;
    Ok((a.trim().parse().map_err(|_| err())?, b.trim().parse().map_err(|_| err())?))
}

fn options(args: &Args) -> Result<ReliabilityOptions, String> {
    let missing = match args.missing {
        MissingArg::Pairwise => Missing::Pairwise,
        MissingArg::Complete => Missing::Complete,
    };
    let keys = match args.keys {
        KeysArg::Warn => KeyCheck::Warn,
        KeysArg::Reverse => KeyCheck::Reverse,
    };
    let mut o = ReliabilityOptions::new()
        .missing(missing)
        .key_check(keys)
        .ci_level(args.ci_level)
        .map_err(|e| e.to_string())?;
    if let Some(n) = args.bootstrap {
        o = o.bootstrap(n, args.seed).map_err(|e| e.to_string())?;
    }
    Ok(o)
}

fn run(args: &Args) -> Result<(), String> {
    if let Some(path) = &args.ratings {
        return run_ratings(args, path);
    }
    let (Some(instrument_path), Some(responses)) = (&args.instrument, &args.responses) else {
        return Err("--instrument and --responses are needed (or --ratings)".to_string());
    };
    let options = options(args)?;
    let framework = match &args.framework {
        Some(path) => Framework::from_csv_path(path).map_err(|e| common::describe(path, &e))?,
        None => Framework::leadership_management(),
    };
    let file = std::fs::File::open(instrument_path).map_err(|e| common::describe(instrument_path, &e))?;
    let read = match args.scale {
        Some(scale) => Instrument::from_csv_reader_with_scale(framework, file, scale),
        None => Instrument::from_csv_reader(framework, file),
    };
    let instrument = read.map_err(|e| common::describe(instrument_path, &e))?;
    let mode = if args.lenient { Mode::Lenient } else { Mode::Strict };
    let scorer = Scorer::new(instrument)
        .mode(mode)
        .min_answered(args.min_answered)
        .map_err(|e| e.to_string())?
        .source(args.source)
        .columns(args.input.columns()?)
        .delimiter(args.input.delimiter);
    let path = std::path::Path::new(responses);
    let scored = match common::input::kind(path) {
        common::input::Kind::Csv => scorer.score_path(responses).map_err(|e| common::describe(responses, &e))?,
        other => score_table(&scorer, path, other, args)?,
    };
    if args.source == Source::Auto && scored.source() != Source::Plain {
        common::note(format_args!("note: {responses}: read as a {} export", scored.source()));
    }
    args.input.note_delimiter(scored.log(), responses);
    for s in scored.log().skipped() {
        common::note(format_args!("{responses}: skipped {}", s.error()));
    }
    for u in scored.unscored() {
        common::note(format_args!("{responses}: not scored (answers kept for reliability) {}", u.reason()));
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let io = common::stdout_error;
    match args.format {
        Format::RosterCsv => scored.roster().write_csv_with(&mut out, args.csv_formulas.into()).map_err(io)?,
        Format::Json => {
            let report = scored.reliability_with(&options);
            let unscored = scored
                .unscored()
                .iter()
                .map(|u| UnscoredJson { line: u.line(), id: u.id(), team: u.team(), reason: u.reason().to_string() })
                .collect();
            let json = Json {
                kind: report.kind(),
                missing: report.missing(),
                ci_level: report.ci_level(),
                respondents: scored.respondents(),
                unscored,
                scales: report.scales(),
                scale_correlations: report.scale_correlations(),
                read: scored.log(),
            };
            serde_json::to_writer_pretty(&mut out, &json).map_err(common::json_error)?;
            writeln!(out).map_err(io)?;
        }
        Format::Text => {
            // Item names and notes come from the input: escaped for the terminal.
            let mut text = Vec::new();
            write_text(&mut text, &scored, &scored.reliability_with(&options)).map_err(io)?;
            out.write_all(&common::terminal_text(&text)).map_err(io)?;
        }
    }
    out.flush().map_err(io)
}

/// Scores the responses in a spreadsheet.
fn score_table(
    scorer: &Scorer,
    path: &std::path::Path,
    kind: common::input::Kind,
    args: &Args,
) -> Result<Scored, String> {
    #[cfg(any(feature = "spreadsheet", feature = "parquet"))]
    {
        let _ = kind;
        let table = common::input::open_table(path, &args.input)?;
        table.score(scorer).map_err(|e| common::describe(path, &e))
    }
    #[cfg(not(any(feature = "spreadsheet", feature = "parquet")))]
    {
        let _ = (scorer, args);
        Err(common::input::unsupported(path, kind))
    }
}

fn run_ratings(args: &Args, path: &str) -> Result<(), String> {
    let text = std::fs::read_to_string(path).map_err(|e| common::describe(path, &e))?;
    let mut rdr = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
    let header: Vec<String> =
        rdr.headers().map_err(|e| common::describe(path, &e))?.iter().map(|h| h.trim().to_string()).collect();
    let label = header.iter().position(|h| h.eq_ignore_ascii_case("target") || h.eq_ignore_ascii_case("id"));
    let mut table = Vec::new();
    for (i, rec) in rdr.records().enumerate() {
        let rec = rec.map_err(|e| common::describe(path, &e))?;
        let mut row = Vec::new();
        for (c, cell) in rec.iter().enumerate() {
            if Some(c) == label {
                continue;
            }
            let cell = cell.trim();
            let v = if cell.is_empty() {
                f64::NAN
            } else {
                cell.parse::<f64>().map_err(|_| {
                    format!(
                        "{path}: line {}, column `{}`: `{cell}` is not a number",
                        i + 2,
                        header.get(c).map_or("", String::as_str)
                    )
                })?
            };
            row.push(v);
        }
        table.push(row);
    }
    let (iccs, omitted) = intraclass_correlation(&table, args.ci_level).map_err(|e| common::describe(path, &e))?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let io = common::stdout_error;
    match args.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &IccJson { ci_level: args.ci_level, omitted, icc: &iccs })
                .map_err(common::json_error)?;
            writeln!(out).map_err(io)?;
        }
        _ => {
            writeln!(out, "{} targets rated, {omitted} left out for a missing rating", table.len() - omitted)
                .map_err(io)?;
            let level = format!("{}% CI", (args.ci_level * 1000.0).round() / 10.0);
            writeln!(out, "{:<9} {:>7} {:>9} {:>5} {:>7} {:>9}  {level}", "form", "ICC", "F", "df1", "df2", "p")
                .map_err(io)?;
            for i in &iccs {
                writeln!(
                    out,
                    "{:<9} {:>7.3} {:>9.3} {:>5} {:>7.1} {:>9.3e}  [{:.3}, {:.3}]",
                    i.label, i.icc, i.f, i.df1, i.df2, i.p_value, i.ci[0], i.ci[1]
                )
                .map_err(io)?;
            }
        }
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
        "{} instrument, {} items, answers {min} to {max}; {} rows read, {} respondents, {} in the roster, {} not \
         scored, {} skipped; missing answers: {}",
        report.kind().as_str(),
        inst.items().len(),
        log.rows(),
        scored.respondents(),
        scored.roster().len(),
        scored.unscored().len(),
        log.skipped().len(),
        report.missing().as_str()
    )?;
    writeln!(out)?;
    let level = format!("{}% CI (Feldt)", (report.ci_level() * 1000.0).round() / 10.0);
    writeln!(
        out,
        "{:<18} {:>5} {:>5} {:>6}  {:<16} {:>9} {:>6} {:>6} {:>6} {:>6} {:>6} {:>6} {:>6}",
        "scale", "items", "n", "alpha", level, "std.alpha", "G6", "av.r", "S/N", "omega", "mean", "sd", "SEM"
    )?;
    for s in report.scales() {
        let ci = s.alpha_ci.map_or_else(|| "-".to_string(), |[lo, hi]| format!("[{lo:.3}, {hi:.3}]"));
        writeln!(
            out,
            "{:<18} {:>5} {:>5} {:>6}  {:<16} {:>9} {:>6} {:>6} {:>6} {:>6} {:>6} {:>6} {:>6}",
            s.scale,
            s.items,
            s.respondents,
            num(s.alpha, 3),
            ci,
            num(s.standardized_alpha, 3),
            num(s.lambda6, 3),
            num(s.average_r, 3),
            num(s.signal_noise, 2),
            num(s.omega_total, 3),
            num(s.mean, 3),
            num(s.sd, 3),
            num(s.sem, 3)
        )?;
    }
    writeln!(out)?;
    let pct = (report.ci_level() * 1000.0).round() / 10.0;
    writeln!(out, "{pct}% intervals for alpha (ase: its standard error)")?;
    writeln!(out, "{:<18} {:>6} {:<16} {:<16} bootstrap", "scale", "ase", "Feldt", "Duhachek")?;
    let interval = |ci: Option<[f64; 2]>| ci.map_or_else(|| "-".to_string(), |[lo, hi]| format!("[{lo:.3}, {hi:.3}]"));
    for s in report.scales() {
        writeln!(
            out,
            "{:<18} {:>6} {:<16} {:<16} {}",
            s.scale,
            num(s.alpha_se, 3),
            interval(s.alpha_ci),
            interval(s.alpha_ci_duhachek),
            interval(s.alpha_ci_bootstrap)
        )?;
    }
    for s in report.scales() {
        if let Some(note) = &s.note {
            writeln!(out, "note ({}): {note}", s.scale)?;
        }
    }
    writeln!(out)?;
    writeln!(out, "Items (keyed: - reversed; r.drop: corrected item-total correlation; miss: share unanswered)")?;
    writeln!(
        out,
        "{:<18} {:<10} {:>5} {:>5} {:>6} {:>6} {:>6} {:>6} {:>6} {:>6} {:>5} {:>16}",
        "scale", "item", "keyed", "n", "raw.r", "std.r", "r.cor", "r.drop", "mean", "sd", "miss", "alpha if dropped"
    )?;
    for s in report.scales() {
        for (i, it) in s.item_stats.iter().enumerate() {
            writeln!(
                out,
                "{:<18} {:<10} {:>5} {:>5} {:>6} {:>6} {:>6} {:>6} {:>6} {:>6} {:>5.2} {:>16}",
                if i == 0 { s.scale.as_str() } else { "" },
                it.item,
                if it.reversed { "-" } else { "+" },
                it.n,
                num(it.raw_r, 3),
                num(it.std_r, 3),
                num(it.r_cor, 3),
                num(it.r_drop, 3),
                num(it.mean, 2),
                num(it.sd, 2),
                it.missing,
                num(it.if_dropped.raw_alpha, 3)
            )?;
        }
    }
    if let Some(c) = report.scale_correlations() {
        writeln!(out)?;
        writeln!(out, "Scale intercorrelations (below: raw; diagonal: alpha; above: corrected for attenuation)")?;
        write!(out, "{:<18}", "")?;
        for name in &c.scales {
            write!(out, " {:>8.8}", name)?;
        }
        writeln!(out)?;
        for (name, row) in c.scales.iter().zip(&c.corrected) {
            write!(out, "{name:<18}")?;
            for v in row {
                write!(out, " {:>8}", num(*v, 2))?;
            }
            writeln!(out)?;
        }
    }
    let warnings: Vec<&String> = report.scales().iter().flat_map(|s| &s.warnings).collect();
    if !warnings.is_empty() {
        writeln!(out)?;
        for w in warnings {
            writeln!(out, "warning: {w}")?;
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    let args = Args::parse();
    common::finish(run(&args), "score_questionnaire: ")
}
