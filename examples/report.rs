//! Writes a self-contained HTML report for a roster: the organisation map,
//! the heat map, and a section per team with its radar, scores and findings.
//!
//! ```text
//! cargo run --example report -- [--model strongest|pooled|average|weakest|additive] [--requirements FILE]
//!     [--framework FILE] [--threshold NAME=VALUE]... [--rollups] [--sections N] [--labels N]
//!     [--title TEXT] [--audience team|org [--min-group K]] [ROSTER.csv] [-o report.html]
//! ```
//!
//! `--audience org` writes the page for the organisation: nobody named, no
//! member's numbers, groups of fewer than `--min-group` active members
//! (default 5, at least 3) and whatever would give them away suppressed,
//! their cells hatched (see the crate docs, "Confidentiality").
//!
//! Without a roster it reads the sample `examples/data/roster.csv`. `-o -`
//! writes the page to standard output. A data error is printed on stderr
//! with its line and column and exits with status 1; a usage error exits
//! with status 2.

mod common;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use rolebalance::svg::{HeatMap, OrgMap};
use rolebalance::{Analyzer, Coverage, Framework, HtmlReport, ReaderBuilder, Requirements, Rollups, Thresholds};

/// Writes a self-contained HTML report (inline SVG and CSS, no JavaScript)
/// for a roster.
#[derive(Debug, Parser)]
#[command(name = "report")]
struct Args {
    /// The roster CSV (default: the sample examples/data/roster.csv).
    roster: Option<PathBuf>,
    /// Where to write the page; `-` for standard output.
    #[arg(short, long, default_value = "report.html")]
    output: PathBuf,
    /// Coverage model: strongest, pooled or average.
    #[arg(long, default_value = "strongest")]
    model: Coverage,
    /// A requirements CSV (`team,threshold,value`).
    #[arg(long)]
    requirements: Option<PathBuf>,
    /// A framework CSV (`dimension,leadership_pole,management_pole`);
    /// default: the article's four dimensions.
    #[arg(long)]
    framework: Option<PathBuf>,
    /// A threshold, as NAME=VALUE (pole, side, direction, control, skew,
    /// bridge or a pole name); repeatable.
    #[arg(long = "threshold", value_name = "NAME=VALUE", value_parser = parse_threshold)]
    thresholds: Vec<(String, f64)>,
    /// Also report every team-path prefix (`Acme/*`).
    #[arg(long)]
    rollups: bool,
    /// At most this many team sections (the lowest health first).
    #[arg(long, default_value_t = 200)]
    sections: usize,
    /// At most this many labels on the organisation map.
    #[arg(long, default_value_t = 12)]
    labels: usize,
    /// At most this many rows in the heat map.
    #[arg(long, default_value_t = 60)]
    rows: usize,
    /// The page title.
    #[arg(long, default_value = "Team balance report")]
    title: String,
    #[command(flatten)]
    audience: common::AudienceArgs,
}

fn parse_threshold(s: &str) -> Result<(String, f64), String> {
    let (name, value) = s.split_once('=').ok_or_else(|| format!("`{s}` is not NAME=VALUE"))?;
    let value: f64 = value.trim().parse().map_err(|_| format!("`{}` is not a number", value.trim()))?;
    Ok((name.trim().to_string(), value))
}

fn run(args: Args) -> Result<(), Box<dyn std::error::Error>> {
    let roster =
        args.roster.unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data/roster.csv")));
    let framework = match &args.framework {
        Some(path) => Framework::from_csv_path(path).map_err(|e| common::describe(path, &e))?,
        None => Framework::leadership_management(),
    };
    let mut thresholds = Thresholds::default();
    for (name, value) in &args.thresholds {
        thresholds.set(name, *value)?;
    }
    let requirements = match &args.requirements {
        Some(path) => Requirements::from_csv_path(path).map_err(|e| common::describe(path, &e))?,
        None => Requirements::new(),
    };
    let analyzer = Analyzer::new()
        .model(args.model)
        .thresholds(thresholds.clone())
        .requirements(requirements)
        .rollups(if args.rollups { Rollups::Include } else { Rollups::Exclude });
    let (members, _log) = ReaderBuilder::new()
        .framework(framework)
        .read_roster_path(&roster)
        .map_err(|e| common::describe(&roster, &e))?;
    let report = analyzer.analyze(&members)?;
    let disclosure = args.audience.disclosure::<Args>();
    let name = roster.file_name().map_or_else(|| roster.display().to_string(), |n| n.to_string_lossy().into_owned());
    let html = HtmlReport::new()
        .title(args.title)
        .map(OrgMap::new().labels(args.labels))
        .heat_map(HeatMap::new().rows(args.rows))
        .thresholds(&thresholds)
        .sections(args.sections)
        .source(name);
    let html = match disclosure {
        Some(d) => html.render_org(&d.apply(&report)),
        None => html.names(&members).render(&report),
    };
    if args.output.as_os_str() == "-" {
        let mut stdout = std::io::stdout().lock();
        stdout.write_all(html.as_bytes()).and_then(|()| stdout.flush()).map_err(common::stdout_error)?;
    } else {
        std::fs::write(&args.output, html.as_bytes()).map_err(|e| common::describe(&args.output, &e))?;
        common::note(format_args!("wrote {} ({} teams)", args.output.display(), report.len()));
    }
    Ok(())
}

fn main() -> ExitCode {
    let args = Args::parse();
    common::finish(run(args).map_err(|e| e.to_string()), "error: ")
}
