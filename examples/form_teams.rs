//! Forms teams from a pool of people (balanced or diverse teams), or groups
//! the elements of an MDGPLIB instance.
//!
//! ```text
//! cargo run --release --example form_teams -- --teams K POOL.csv
//!     [--objective health|diversity] [--min-size N] [--max-size N]
//!     [--together FILE.csv] [--apart FILE.csv] [--seed S] [--restarts R]
//!     [--exhaustive-limit N] [--time-limit SECONDS] [--move-budget N]
//!     [--model strongest|pooled|average|weakest|additive] [--format text|csv|assignment]
//! cargo run --release --example form_teams -- --mdgp INSTANCE.txt
//!     [--time-limit SECONDS] [--move-budget N] [--seed S]
//!     [--together FILE.csv] [--apart FILE.csv] [--format text|csv|assignment]
//! ```
//!
//! The pool is a roster whose `team` column may be absent or empty; a
//! non-empty `team` (`Team 1` to `Team K`) pins that person. The pair files
//! have a header and two ids per line (for `--mdgp`, 0-based element
//! numbers). `--objective diversity` maximises the Euclidean distances
//! between the pole strengths of people in the same team; `--mdgp` always
//! does, with the instance's distances, groups and size bounds.
//!
//! Formats: `text` shows the teams (and, for a pool, their reports); `csv`
//! prints the pool's rows as they are with the `team` column filled in
//! (added last when the pool has none: a roster that `analyze_roster`
//! reads), or for `--mdgp` `element,group` rows; `assignment` prints one
//! 0-based team or group number per line, in the pool's or instance's
//! order, and the objective on standard error.
//!
//! `--time-limit` counts from the start of the program, reading included,
//! and leaves a small margin for the output; without it (and without
//! `--move-budget`), the library's default budgets apply, and the output
//! is the same on every run. Exit codes: 0 on success, 1 on a data error
//! (message on stderr naming the file, line and column; nothing on
//! stdout), 2 on a usage error.

mod common;

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use clap::{Parser, ValueEnum};
use common::Model;
use rolebalance::{
    read_pairs, Analyzer, Assignment, Constraints, Coverage, CsvFormulas, Distances, Formation, MdgpInstance,
    Objective, ReaderBuilder, TeamColumn, TeamSizes,
};

static START: OnceLock<Instant> = OnceLock::new();

#[derive(Parser)]
#[command(name = "form_teams", about = "Split a pool of people into balanced or diverse teams")]
struct Args {
    /// CSV output: a text cell a spreadsheet would run as a formula (first
    /// character `=`, `+`, `-`, `@`, tab or CR) gets a `'` before it
    /// (neutralize, the default), or is kept as it is (keep).
    #[arg(long, value_enum, default_value_t = common::Formulas::Neutralize)]
    csv_formulas: common::Formulas,
    /// Number of teams (from the instance with --mdgp).
    #[arg(long, value_name = "K", required_unless_present = "mdgp", conflicts_with = "mdgp")]
    teams: Option<usize>,
    /// What to maximise: the weakest team's health, or the distances between
    /// team mates' pole strengths.
    #[arg(long, value_enum, default_value_t = ObjectiveArg::Health, conflicts_with = "mdgp")]
    objective: ObjectiveArg,
    /// An MDGPLIB instance to group instead of a pool (diversity).
    #[arg(long, value_name = "FILE")]
    mdgp: Option<PathBuf>,
    /// The fewest members a team may have (default: sizes differ by at most one).
    #[arg(long, value_name = "N", requires = "max_size", conflicts_with = "mdgp")]
    min_size: Option<usize>,
    /// The most members a team may have.
    #[arg(long, value_name = "N", requires = "min_size", conflicts_with = "mdgp")]
    max_size: Option<usize>,
    /// Pairs that must be in the same team (CSV: header, then `id1,id2`).
    #[arg(long, value_name = "FILE.csv")]
    together: Option<PathBuf>,
    /// Pairs that must be in different teams (CSV: header, then `id1,id2`).
    #[arg(long, value_name = "FILE.csv")]
    apart: Option<PathBuf>,
    /// Seed of the search's random choices.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Restarts of the health search (default: chosen from the pool size).
    #[arg(long)]
    restarts: Option<usize>,
    /// Enumerate every partition when there are at most this many (health; 0: never).
    #[arg(long, default_value_t = rolebalance::EXHAUSTIVE_LIMIT)]
    exhaustive_limit: u64,
    /// Stop the search so that the program ends within this many seconds.
    #[arg(long, value_name = "SECONDS", value_parser = seconds)]
    time_limit: Option<f64>,
    /// Stop the search after this many moves evaluated (reproducible).
    #[arg(long, value_name = "N")]
    move_budget: Option<u64>,
    /// Coverage model.
    #[arg(long, value_enum, default_value_t = Model::Strongest)]
    model: Model,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Pool CSV.
    #[arg(value_name = "POOL.csv", required_unless_present = "mdgp", conflicts_with = "mdgp")]
    pool: Option<PathBuf>,
}

fn seconds(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(x) if x.is_finite() && x >= 0.0 => Ok(x),
        _ => Err(format!("`{s}` is not a number of seconds (a finite number, at least 0)")),
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum ObjectiveArg {
    Health,
    Diversity,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Csv,
    Assignment,
}

fn main() -> ExitCode {
    START.get_or_init(Instant::now);
    common::main_with(run)
}

/// The time left for the search: the limit from the program's start, less
/// 3% and 20 ms for the output and the exit.
fn remaining(limit: f64) -> Duration {
    let elapsed = START.get().map_or(0.0, |s| s.elapsed().as_secs_f64());
    Duration::from_secs_f64((limit * 0.97 - 0.02 - elapsed).max(0.0))
}

fn pairs(p: &Option<PathBuf>) -> Result<Vec<(String, String)>, String> {
    match p {
        Some(p) => {
            let file = std::fs::File::open(p).map_err(|e| common::describe(p, &e))?;
            read_pairs(file).map_err(|e| common::describe(p, &e))
        }
        None => Ok(Vec::new()),
    }
}

fn configure(args: &Args, mut formation: Formation) -> Result<Formation, String> {
    let constraints = Constraints::new().with_together(pairs(&args.together)?).with_apart(pairs(&args.apart)?);
    formation = formation.seed(args.seed).exhaustive_limit(args.exhaustive_limit).constraints(constraints);
    if let Some(r) = args.restarts {
        formation = formation.restarts(r);
    }
    if let Some(b) = args.move_budget {
        formation = formation.move_budget(b);
    }
    if let Some(limit) = args.time_limit {
        formation = formation.time_limit(remaining(limit));
    }
    Ok(formation)
}

fn run(args: &Args) -> Result<(), String> {
    match (&args.mdgp, &args.pool) {
        (Some(path), _) => run_instance(args, path),
        (None, Some(pool)) => run_pool(args, pool),
        (None, None) => Err("give a pool or --mdgp".to_string()),
    }
}

fn write_out(out: &[u8]) -> Result<(), String> {
    let mut stdout = io::stdout().lock();
    stdout.write_all(out).and_then(|()| stdout.flush()).map_err(common::stdout_error)
}

fn assignment_lines(a: &Assignment) -> Vec<u8> {
    let mut out = Vec::with_capacity(a.teams_of().len() * 4);
    for t in a.teams_of() {
        let _ = writeln!(out, "{t}");
    }
    out
}

fn run_instance(args: &Args, path: &Path) -> Result<(), String> {
    let shown = path.display().to_string();
    let instance = MdgpInstance::read_path(path).map_err(|e| common::describe(&shown, &e))?;
    let formation = configure(args, instance.formation())?;
    let a = formation.form_distances(instance.distances()).map_err(|e| common::describe(&shown, &e))?;
    let diversity = a.diversity().unwrap_or(0.0);
    let mut out = Vec::new();
    match args.format {
        Format::Assignment => {
            out = assignment_lines(&a);
            common::note(format_args!("diversity {diversity}"));
        }
        Format::Csv => {
            let _ = writeln!(out, "element,group");
            for (i, t) in a.teams_of().iter().enumerate() {
                let _ = writeln!(out, "{i},{t}");
            }
        }
        Format::Text => {
            let _ = writeln!(
                out,
                "{shown}: {} elements into {} groups ({}), seed {}: diversity {diversity}",
                instance.len(),
                instance.groups(),
                instance.kind().as_str(),
                args.seed
            );
            for (g, &(lo, hi)) in instance.bounds().iter().enumerate() {
                let members = a.members_of(g);
                let list: Vec<String> = members.iter().map(usize::to_string).collect();
                let _ = writeln!(out, "group {g} ({} of {lo} to {hi}): {}", members.len(), list.join(" "));
            }
        }
    }
    if let Format::Text = args.format {
        out = common::terminal_text(&out);
    }
    write_out(&out)
}

fn run_pool(args: &Args, path: &Path) -> Result<(), String> {
    let model = Coverage::from(args.model);
    let shown = path.display().to_string();
    let raw = std::fs::read(path).map_err(|e| common::describe(&shown, &e))?;
    let (pool, _) = ReaderBuilder::new()
        .team_column(TeamColumn::Optional)
        .read_roster(raw.as_slice())
        .map_err(|e| common::describe(&shown, &e))?;
    let objective = match args.objective {
        ObjectiveArg::Health => Objective::Health,
        ObjectiveArg::Diversity => Objective::Diversity(Distances::euclidean()),
    };
    let mut formation = Formation::new(args.teams.unwrap_or(0)).model(model).objective(objective);
    if let (Some(lo), Some(hi)) = (args.min_size, args.max_size) {
        formation = formation.sizes(TeamSizes::between(lo, hi));
    }
    let formation = configure(args, formation)?;
    let assignment = formation.form(&pool).map_err(|e| common::describe(&shown, &e))?;
    let names: Vec<String> =
        (0..pool.len()).map(|i| Formation::team_name(assignment.team_of(i).unwrap_or_default())).collect();
    let mut out = Vec::new();
    match args.format {
        Format::Assignment => {
            out = assignment_lines(&assignment);
            match assignment.diversity() {
                Some(d) => common::note(format_args!("diversity {d}")),
                None => common::note(format_args!(
                    "minimum health {}, mean health {}",
                    assignment.score().min_health(),
                    assignment.score().mean_health()
                )),
            }
        }
        Format::Csv => {
            fill_team_column(&raw, &names, &mut out, args.csv_formulas.into()).map_err(|e| format!("{shown}: {e}"))?
        }
        Format::Text => {
            let roster = assignment.roster(&pool);
            let report = Analyzer::new().model(model).analyze(&roster).map_err(|e| e.to_string())?;
            let score = assignment.score();
            let objective = match assignment.diversity() {
                Some(d) => format!("objective diversity, {d:.3}"),
                None => "objective health".to_string(),
            };
            writeln!(
                out,
                "{shown}: {} people into {} teams, model {model}, seed {}, {objective}",
                pool.len(),
                assignment.teams(),
                args.seed
            )
            .map_err(|e| e.to_string())?;
            writeln!(out, "minimum team health {:.3}, mean {:.3}", score.min_health(), score.mean_health())
                .map_err(|e| e.to_string())?;
            let ids: Vec<&str> = pool.iter().map(|m| m.id()).collect();
            for t in 0..assignment.teams() {
                let name = Formation::team_name(t);
                let Some(team) = report.team(&name) else {
                    writeln!(out, "\n== {name} (0 members) ==").map_err(|e| e.to_string())?;
                    continue;
                };
                let members: Vec<&str> =
                    assignment.members_of(t).into_iter().filter_map(|i| ids.get(i).copied()).collect();
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
                    members.join(", "),
                    if flags.is_empty() { "none".to_string() } else { flags.replace(';', ", ") }
                )
                .map_err(|e| e.to_string())?;
            }
        }
    }
    if let Format::Text = args.format {
        out = common::terminal_text(&out);
    }
    write_out(&out)
}

/// Writes the pool's rows with their `team` cell set to `teams[i]` for the
/// i-th data row (the column is added last when absent). The rows are read
/// by the library's record rule, as the roster reader read them; text cells
/// a spreadsheet would run as formulas are neutralised unless `formulas` is
/// `Keep`.
fn fill_team_column(raw: &[u8], teams: &[String], out: &mut Vec<u8>, formulas: CsvFormulas) -> Result<(), String> {
    let records = rolebalance::read_csv_records(raw).map_err(|e| e.to_string())?;
    let mut w = csv::Writer::from_writer(out);
    let mut column: Option<Option<usize>> = None;
    let mut row = 0;
    for (_, mut fields) in records {
        match column {
            None => {
                let at = fields.iter().position(|f| f.eq_ignore_ascii_case("team"));
                if at.is_none() {
                    fields.push("team".to_string());
                }
                column = Some(at);
            }
            Some(at) => {
                let team = teams.get(row).ok_or("more rows than members read")?.clone();
                row += 1;
                match at.and_then(|c| fields.get_mut(c)) {
                    Some(cell) => *cell = team,
                    None => fields.push(team),
                }
            }
        }
        if formulas == CsvFormulas::Neutralize {
            for f in &mut fields {
                if let std::borrow::Cow::Owned(safe) = rolebalance::neutralize_formula(f) {
                    *f = safe;
                }
            }
        }
        w.write_record(&fields).map_err(|e| e.to_string())?;
    }
    w.flush().map_err(|e| e.to_string())
}
