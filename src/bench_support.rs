//! Seeded, deterministic synthetic rosters for the benchmarks in `benches/`
//! and for tests: the shape of `../shared/bench/gen_roster.py` (eight pole
//! columns with three decimals, team paths `OrgN/DivN/TeamN`, team
//! archetypes so that every kind of gap occurs, rows in random order), with
//! a small built-in generator so that no dependency is needed.
//!
//! Not part of the stable API.
//!
//! ```
//! use rolebalance::bench_support::{roster, roster_csv};
//! let csv = roster_csv(100, 10, 7);
//! assert_eq!(csv, roster_csv(100, 10, 7));
//! assert!(csv.starts_with("id,name,team,weight,inspire,organize,"));
//! assert_eq!(csv.lines().count(), 101);
//! assert_eq!(roster(100, 10, 7).len(), 100);
//! ```

use crate::model::member::Member;
use crate::model::roster::Roster;
use crate::util::rng::Rng;

/// SplitMix64: a small, fast, seeded generator (Steele, Lea and Flood 2014),
/// the crate's own (the one team formation uses).
#[derive(Debug, Clone)]
pub struct SplitMix64(Rng);

impl SplitMix64 {
    /// A generator started at `seed`.
    pub fn new(seed: u64) -> SplitMix64 {
        SplitMix64(Rng::new(seed))
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0.next_u64()
    }

    /// A uniform number in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// A uniform index below `n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        self.0.below(n)
    }
}

/// One synthetic member row: team number, weight and eight strengths
/// rounded to three decimals.
fn rows(members: usize, teams: usize, seed: u64) -> impl Iterator<Item = (usize, usize, f64, [f64; 8])> {
    let teams = teams.max(1);
    let mut rng = SplitMix64::new(seed);
    // Leadership and management means of the archetypes: balanced,
    // leadership-heavy, management-heavy, weak.
    const MEANS: [(f64, f64); 4] = [(0.55, 0.55), (0.75, 0.2), (0.2, 0.75), (0.15, 0.15)];
    let arche: Vec<usize> = (0..teams)
        .map(|_| {
            let u = rng.unit();
            if u < 0.4 {
                0
            } else if u < 0.6 {
                1
            } else if u < 0.8 {
                2
            } else {
                3
            }
        })
        .collect();
    // Every team gets one member, the others are drawn at random; then shuffled.
    let mut team_of: Vec<usize> = (0..members).map(|i| if i < teams { i } else { rng.below(teams) }).collect();
    for i in (1..team_of.len()).rev() {
        team_of.swap(i, rng.below(i + 1));
    }
    const WEIGHTS: [f64; 6] = [1.0, 1.0, 1.0, 0.5, 0.8, 0.25];
    team_of.into_iter().enumerate().map(move |(i, team)| {
        let (lead, manage) = MEANS.get(arche.get(team).copied().unwrap_or(0)).copied().unwrap_or((0.5, 0.5));
        let mut poles = [0.0; 8];
        for (j, p) in poles.iter_mut().enumerate() {
            let mu = if j % 2 == 0 { lead } else { manage };
            // A bell shape with standard deviation 0.2 from four uniforms.
            let noise = (rng.unit() + rng.unit() + rng.unit() + rng.unit() - 2.0) * 0.2 * 3f64.sqrt();
            *p = ((mu + noise).clamp(0.0, 1.0) * 1000.0).round() / 1000.0;
        }
        let weight = WEIGHTS.get(rng.below(WEIGHTS.len())).copied().unwrap_or(1.0);
        (i, team, weight, poles)
    })
}

/// The team path of team number `team`.
fn team_path(team: usize) -> String {
    let div = team / 100;
    format!("Org{}/Div{div}/Team{team}", div / 50)
}

/// A roster CSV of `members` rows in `teams` teams (every team has at least
/// one member when `members >= teams`), the same for the same arguments.
pub fn roster_csv(members: usize, teams: usize, seed: u64) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(members * 96 + 128);
    out.push_str("id,name,team,weight,inspire,organize,vision,execution,people,process,risk_taking,risk_management\n");
    for (i, team, weight, poles) in rows(members, teams, seed) {
        let _ = write!(out, "m{i},Member {i},{},{weight}", team_path(team));
        for p in poles {
            let _ = write!(out, ",{p:.3}");
        }
        out.push('\n');
    }
    out
}

/// The same roster as [`roster_csv`], in memory.
pub fn roster(members: usize, teams: usize, seed: u64) -> Roster {
    rows(members, teams, seed)
        .filter_map(|(i, team, weight, poles)| {
            Member::new(format!("m{i}"), team_path(team), poles).ok().and_then(|m| m.with_weight(weight).ok())
        })
        .collect()
}

/// Parses every row of the roster `csv` (in the eight-pole form) as the
/// streaming reader's fast path does, without adding any: returns how many
/// rows belong to shard `index` of `shards` (whose numbers are read) and a
/// checksum of their numbers. For timing the parser alone.
///
/// # Errors
///
/// The header's errors.
pub fn parse_only(csv: &[u8], shards: usize, index: usize) -> Result<(u64, f64), crate::Error> {
    crate::io::stream::parse_only(csv, shards, index)
}

/// The in-memory analysis of `roster` without making reports (the engine
/// alone: totals per team, as [`Analyzer::analyze`](crate::Analyzer::analyze)
/// adds them); returns the number of teams. For timing the accumulation.
///
/// # Errors
///
/// As [`Analyzer::analyze`](crate::Analyzer::analyze).
pub fn accumulate(roster: &Roster, threads: usize) -> Result<usize, crate::Error> {
    let analyzer = crate::Analyzer::new().threads(threads);
    let tally = crate::engine::memory::analyze(roster, analyzer.settings(), analyzer.keep(), analyzer.thread_count())?;
    Ok(tally.len())
}
