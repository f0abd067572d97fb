//! Recommends who to add to a team from a pool of candidates.
//!
//! ```text
//! cargo run --release --example recommend -- --team TEAM ROSTER.csv
//!     --candidates POOL.csv [--n 3] [--model strongest|pooled|average|weakest|additive]
//!     [--format text|json]
//! ```
//!
//! Picks are greedy: each is the candidate that gives the team the best
//! score (fewer critical findings, then fewer warnings, then higher health,
//! then higher balance) given the picks before it; ties go to the smallest
//! id. The candidates file is a pool (its `team` column may be absent or
//! empty); a `weight` below 1 is a part-time candidate. Exit codes: 0 on
//! success, 1 on a data error (message on stderr, nothing on stdout), 2 on a
//! usage error.

mod common;

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, ValueEnum};
use common::Model;
use rolebalance::{recommend, Analyzer, Coverage, ReaderBuilder, TeamColumn, TeamScore};

#[derive(Parser)]
#[command(name = "recommend", about = "Who to add to a team, picked greedily from candidates")]
struct Args {
    /// The team to complete, as written in the roster.
    #[arg(long)]
    team: String,
    /// Candidates CSV (a pool).
    #[arg(long, value_name = "POOL.csv")]
    candidates: PathBuf,
    /// How many to pick.
    #[arg(long, default_value_t = 3)]
    n: usize,
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
    Json,
}

fn main() -> ExitCode {
    common::main_with(run)
}

fn score(s: &TeamScore) -> String {
    format!(
        "{} critical, {} warnings, health {:.3}, balance {:.3}",
        s.critical(),
        s.warnings(),
        s.health(),
        s.balance()
    )
}

fn run(args: &Args) -> Result<(), String> {
    let model = Coverage::from(args.model);
    let shown = args.roster.display().to_string();
    let (roster, _) = ReaderBuilder::new().read_roster_path(&args.roster).map_err(|e| common::describe(&shown, &e))?;
    let cshown = args.candidates.display().to_string();
    let (pool, _) = ReaderBuilder::new()
        .team_column(TeamColumn::Optional)
        .read_roster_path(&args.candidates)
        .map_err(|e| common::describe(&cshown, &e))?;
    let analyzer = Analyzer::new().model(model);
    let picks = recommend(&analyzer, &roster, &args.team, pool.members(), args.n).map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    match args.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &picks).map_err(|e| e.to_string())?;
            out.push(b'\n');
        }
        Format::Text => {
            let w = |out: &mut Vec<u8>, s: String| writeln!(out, "{s}").map_err(|e| e.to_string());
            w(&mut out, format!("{}: {} picks from {cshown}, model {model}", args.team, picks.len()))?;
            if let Some(first) = picks.first() {
                w(&mut out, format!("now: {}", score(&first.before)))?;
            }
            for (i, p) in picks.iter().enumerate() {
                let name = p.name.as_deref().map(|n| format!("{n}, ")).unwrap_or_default();
                w(&mut out, format!("\n{}. {} ({name}weight {})", i + 1, p.id, p.weight))?;
                w(&mut out, format!("   after: {}", score(&p.after)))?;
                w(
                    &mut out,
                    format!(
                        "   gain: {} critical and {} warnings closed, health {:+.3}, balance {:+.3}",
                        p.gain.critical_closed, p.gain.warnings_closed, p.gain.health, p.gain.balance
                    ),
                )?;
                let flags = |f: &[rolebalance::Finding]| {
                    if f.is_empty() {
                        "-".to_string()
                    } else {
                        f.iter().map(|f| f.flag()).collect::<Vec<_>>().join(", ")
                    }
                };
                w(&mut out, format!("   closes: {}", flags(&p.closes)))?;
                w(&mut out, format!("   opens: {}", flags(&p.opens)))?;
            }
        }
    }
    if let Format::Text = args.format {
        out = common::terminal_text(&out);
    }
    let mut stdout = io::stdout().lock();
    stdout.write_all(&out).and_then(|()| stdout.flush()).map_err(common::stdout_error)
}
