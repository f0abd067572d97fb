//! Rebalances an organisation by swapping members between its teams.
//!
//! ```text
//! cargo run --release --example rebalance -- ROSTER.csv [--max-moves N]
//!     [--pinned FILE.csv] [--model strongest|pooled|average|weakest|additive] [--format text|csv|json]
//! ```
//!
//! Each swap keeps team sizes and raises the organisation score (the lowest
//! team health first, then the mean), so the lowest team health never falls.
//! Members never move when pinned: by a `pinned` column in the roster
//! (`yes`, `y`, `true`, `1` or `x`; empty, `no`, `n`, `false` or `0` for
//! not pinned) or listed by id in `--pinned` (CSV with an `id` column).
//! `text` lists the swaps with both teams before and after; `csv` prints the
//! rebalanced roster (pole-strength form); `json` the swaps. Exit codes: 0
//! on success, 1 on a data error (message on stderr naming the line and
//! column, nothing on stdout), 2 on a usage error.

mod common;

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, ValueEnum};
use common::Model;
use rolebalance::{read_ids, Analyzer, Coverage, ReaderBuilder, Rebalancer, TeamReport};

#[derive(Parser)]
#[command(name = "rebalance", about = "Swap members between teams to raise the weakest team's health")]
struct Args {
    /// CSV output: a text cell a spreadsheet would run as a formula (first
    /// character `=`, `+`, `-`, `@`, tab or CR) gets a `'` before it
    /// (neutralize, the default), or is kept as it is (keep).
    #[arg(long, value_enum, default_value_t = common::Formulas::Neutralize)]
    csv_formulas: common::Formulas,
    /// Stop after this many swaps.
    #[arg(long, value_name = "N")]
    max_moves: Option<usize>,
    /// Members who never move (CSV with an `id` column).
    #[arg(long, value_name = "FILE.csv")]
    pinned: Option<PathBuf>,
    /// Coverage model.
    #[arg(long, value_enum, default_value_t = Model::Strongest)]
    model: Model,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Roster CSV.
    #[arg(value_name = "ROSTER.csv")]
    roster: PathBuf,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Csv,
    Json,
}

fn main() -> ExitCode {
    common::main_with(run)
}

/// Ids whose `pinned` cell says yes, reading the roster's raw rows.
fn pinned_column(raw: &[u8]) -> Result<Vec<String>, String> {
    // The library's record rule, so that lines are numbered as the roster's.
    let records = rolebalance::read_csv_records(raw).map_err(|e| e.to_string())?;
    let mut cols: Option<(Option<usize>, Option<usize>)> = None;
    let mut out = Vec::new();
    for (line, rec) in records {
        let Some((id, pin)) = cols else {
            let find = |name: &str| rec.iter().position(|h| h.eq_ignore_ascii_case(name));
            cols = Some((find("id"), find("pinned")));
            continue;
        };
        let (Some(id), Some(pin)) = (id, pin) else { return Ok(out) };
        let value = rec.get(pin).map_or("", String::as_str);
        match value.to_ascii_lowercase().as_str() {
            "yes" | "y" | "true" | "1" | "x" => out.push(rec.get(id).cloned().unwrap_or_default()),
            "" | "no" | "n" | "false" | "0" => {}
            _ => {
                let value = rolebalance::shown(value);
                return Err(format!("line {line}, column `pinned`: `{value}` is not yes or no"));
            }
        }
    }
    Ok(out)
}

fn team_line(before: &TeamReport, after: &TeamReport) -> String {
    let flags =
        |t: &TeamReport| if t.findings().is_empty() { "none".to_string() } else { t.flags().replace(';', ", ") };
    format!(
        "  {}: health {:.3} -> {:.3}, direction {:.2} -> {:.2}, control {:.2} -> {:.2}\n      findings before: {}\n      findings after:  {}",
        before.team(),
        before.health(),
        after.health(),
        before.direction(),
        after.direction(),
        before.control(),
        after.control(),
        flags(before),
        flags(after)
    )
}

fn run(args: &Args) -> Result<(), String> {
    let model = Coverage::from(args.model);
    let shown = args.roster.display().to_string();
    let raw = std::fs::read(&args.roster).map_err(|e| common::describe(&shown, &e))?;
    let (roster, _) = ReaderBuilder::new().read_roster(raw.as_slice()).map_err(|e| common::describe(&shown, &e))?;
    let mut pinned = pinned_column(&raw).map_err(|e| format!("{shown}: {e}"))?;
    if let Some(p) = &args.pinned {
        let file = std::fs::File::open(p).map_err(|e| common::describe(p, &e))?;
        pinned.extend(read_ids(file).map_err(|e| common::describe(p, &e))?);
    }
    let mut rebalancer = Rebalancer::new().analyzer(Analyzer::new().model(model)).pin(pinned.iter().cloned());
    if let Some(m) = args.max_moves {
        rebalancer = rebalancer.max_moves(m);
    }
    let result = rebalancer.rebalance(&roster).map_err(|e| common::describe(&shown, &e))?;
    let mut out = Vec::new();
    match args.format {
        Format::Csv => result.roster().write_csv_with(&mut out, args.csv_formulas.into()).map_err(|e| e.to_string())?,
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, result.moves()).map_err(|e| e.to_string())?;
            out.push(b'\n');
        }
        Format::Text => {
            let w = |out: &mut Vec<u8>, s: String| writeln!(out, "{s}").map_err(|e| e.to_string());
            let b = result.before();
            w(&mut out, format!("{shown}: {} rows, model {model}, pinned: {}", roster.len(), pinned.len()))?;
            w(&mut out, format!("before: minimum team health {:.3}, mean {:.3}", b.min_health(), b.mean_health()))?;
            for (i, m) in result.moves().iter().enumerate() {
                w(
                    &mut out,
                    format!("\nmove {}: {} ({}) <-> {} ({})", i + 1, m.member_a, m.team_a, m.member_b, m.team_b),
                )?;
                w(&mut out, team_line(&m.before_a, &m.after_a))?;
                w(&mut out, team_line(&m.before_b, &m.after_b))?;
                w(
                    &mut out,
                    format!("  organisation: minimum {:.3}, mean {:.3}", m.score.min_health(), m.score.mean_health()),
                )?;
            }
            let a = result.after();
            let why = match args.max_moves {
                Some(max) if result.moves().len() == max => "the move limit",
                _ => "a local optimum: no swap raises the score",
            };
            w(&mut out, format!("\n{} moves, stopped at {why}", result.moves().len()))?;
            w(&mut out, format!("after: minimum team health {:.3}, mean {:.3}", a.min_health(), a.mean_health()))?;
        }
    }
    if let Format::Text = args.format {
        out = common::terminal_text(&out);
    }
    let mut stdout = io::stdout().lock();
    stdout.write_all(&out).and_then(|()| stdout.flush()).map_err(common::stdout_error)
}
