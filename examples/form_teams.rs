//! Forms balanced teams from a pool of people.
//!
//! ```text
//! cargo run --release --example form_teams -- --teams K POOL.csv
//!     [--together FILE.csv] [--apart FILE.csv] [--seed S] [--restarts R]
//!     [--exhaustive-limit N]
//!     [--model strongest|pooled|average|weakest|additive] [--format text|csv]
//! ```
//!
//! The pool is a roster whose `team` column may be absent or empty; a
//! non-empty `team` (`Team 1` to `Team K`) pins that person. The pair files
//! have a header and two ids per line. `--format csv` prints the pool's rows
//! as they are, with the `team` column filled in (added last when the pool
//! has none): a roster that `analyze_roster` reads. `text` shows the teams
//! and their reports. Exit codes: 0 on success, 1 on a data error (message
//! on stderr naming the file, line and column; nothing on stdout), 2 on a
//! usage error.

mod common;

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, ValueEnum};
use common::Model;
use rolebalance::{read_pairs, Analyzer, Constraints, Coverage, Formation, ReaderBuilder, TeamColumn};

#[derive(Parser)]
#[command(name = "form_teams", about = "Split a pool of people into balanced teams")]
struct Args {
    /// Number of teams.
    #[arg(long, value_name = "K")]
    teams: usize,
    /// Pairs that must be in the same team (CSV: header, then `id1,id2`).
    #[arg(long, value_name = "FILE.csv")]
    together: Option<PathBuf>,
    /// Pairs that must be in different teams (CSV: header, then `id1,id2`).
    #[arg(long, value_name = "FILE.csv")]
    apart: Option<PathBuf>,
    /// Seed of the search's restarts.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Restarts of the local search (default: chosen from the pool size).
    #[arg(long)]
    restarts: Option<usize>,
    /// Enumerate every partition when there are at most this many (0: never).
    #[arg(long, default_value_t = rolebalance::EXHAUSTIVE_LIMIT)]
    exhaustive_limit: u64,
    /// Coverage model.
    #[arg(long, value_enum, default_value_t = Model::Strongest)]
    model: Model,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Pool CSV.
    #[arg(value_name = "POOL.csv")]
    pool: PathBuf,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Csv,
}

fn main() -> ExitCode {
    common::main_with(run)
}

fn run(args: &Args) -> Result<(), String> {
    let model = Coverage::from(args.model);
    let shown = args.pool.display().to_string();
    let raw = std::fs::read(&args.pool).map_err(|e| format!("{shown}: {e}"))?;
    let (pool, _) = ReaderBuilder::new()
        .team_column(TeamColumn::Optional)
        .read_roster(raw.as_slice())
        .map_err(|e| format!("{shown}: {e}"))?;
    let pairs = |p: &Option<PathBuf>| -> Result<Vec<(String, String)>, String> {
        match p {
            Some(p) => {
                let file = std::fs::File::open(p).map_err(|e| format!("{}: {e}", p.display()))?;
                read_pairs(file).map_err(|e| format!("{}: {e}", p.display()))
            }
            None => Ok(Vec::new()),
        }
    };
    let constraints = Constraints::new().with_together(pairs(&args.together)?).with_apart(pairs(&args.apart)?);
    let mut formation = Formation::new(args.teams)
        .model(model)
        .seed(args.seed)
        .exhaustive_limit(args.exhaustive_limit)
        .constraints(constraints);
    if let Some(r) = args.restarts {
        formation = formation.restarts(r);
    }
    let assignment = formation.form(&pool).map_err(|e| format!("{shown}: {e}"))?;
    let names: Vec<String> =
        (0..pool.len()).map(|i| Formation::team_name(assignment.team_of(i).unwrap_or_default())).collect();
    let mut out = Vec::new();
    match args.format {
        Format::Csv => fill_team_column(&raw, &names, &mut out).map_err(|e| format!("{shown}: {e}"))?,
        Format::Text => {
            let roster = assignment.roster(&pool);
            let report = Analyzer::new().model(model).analyze(&roster).map_err(|e| e.to_string())?;
            let score = assignment.score();
            writeln!(
                out,
                "{shown}: {} people into {} teams, model {model}, seed {}",
                pool.len(),
                assignment.teams(),
                args.seed
            )
            .map_err(|e| e.to_string())?;
            writeln!(out, "minimum team health {:.3}, mean {:.3}", score.min_health(), score.mean_health())
                .map_err(|e| e.to_string())?;
            for t in 0..assignment.teams() {
                let name = Formation::team_name(t);
                let team = report.team(&name).ok_or_else(|| format!("{name} is missing from the report"))?;
                let ids: Vec<&str> =
                    assignment.members_of(t).into_iter().filter_map(|i| pool.get(i).map(|m| m.id())).collect();
                let flags = team.flags();
                writeln!(
                    out,
                    "\n== {} ({} members) ==\ndirection {:.2}   control {:.2}   balance {:.2}   health {:.2}\n  members: {}\n  findings: {}",
                    team.team(),
                    team.members(),
                    team.direction(),
                    team.control(),
                    team.balance(),
                    team.health(),
                    ids.join(", "),
                    if flags.is_empty() { "none".to_string() } else { flags.replace(';', ", ") }
                )
                .map_err(|e| e.to_string())?;
            }
        }
    }
    let mut stdout = io::stdout().lock();
    stdout.write_all(&out).and_then(|()| stdout.flush()).map_err(|e| format!("standard output: {e}"))
}

/// Whether a record is an empty line, as the roster reader sees it.
fn is_blank(rec: &csv::ByteRecord, before_header: bool) -> bool {
    if rec.len() != 1 {
        return false;
    }
    let field = rec.get(0).unwrap_or(b"");
    let field = if before_header { field.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(field) } else { field };
    field.trim_ascii().is_empty()
}

/// Writes the pool's rows with their `team` cell set to `teams[i]` for the
/// i-th data row (the column is added last when absent).
fn fill_team_column(raw: &[u8], teams: &[String], out: &mut Vec<u8>) -> Result<(), String> {
    let mut rdr = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(raw);
    let mut w = csv::Writer::from_writer(out);
    let mut column: Option<Option<usize>> = None;
    let mut row = 0;
    for rec in rdr.byte_records() {
        let rec = rec.map_err(|e| e.to_string())?;
        if is_blank(&rec, column.is_none()) {
            continue;
        }
        let mut fields: Vec<Vec<u8>> = rec.iter().map(<[u8]>::to_vec).collect();
        match column {
            None => {
                if let Some(first) = fields.first_mut() {
                    if first.starts_with(b"\xEF\xBB\xBF") {
                        first.drain(..3);
                    }
                }
                let at = fields.iter().position(|f| String::from_utf8_lossy(f).trim().eq_ignore_ascii_case("team"));
                if at.is_none() {
                    fields.push(b"team".to_vec());
                }
                column = Some(at);
            }
            Some(at) => {
                let team = teams.get(row).ok_or("more rows than members read")?.as_bytes().to_vec();
                row += 1;
                match at.and_then(|c| fields.get_mut(c)) {
                    Some(cell) => *cell = team,
                    None => fields.push(team),
                }
            }
        }
        w.write_record(&fields).map_err(|e| e.to_string())?;
    }
    w.flush().map_err(|e| e.to_string())
}
