//! The diversity search against the best-known values of the MDGPLIB
//! instances in `../shared/mdgp/` (see BENCHMARKS.md).
//!
//! ```text
//! cargo bench --bench mdgp -- [--dir DIR] [--seeds 5] [--filter TEXT] [--scale 1.0] [--limit SECONDS]
//!     [--wall-clock] [--budget MOVES_PER_PAIR]
//! ```
//!
//! Each instance runs once per seed (1 to `--seeds`) on the calling thread
//! with the paper's time limit (3 s at n = 120, 20 s at 240, 120 s at 480,
//! 600 s at 960) times `--scale`, or `--limit` seconds, or with a move
//! budget of `--budget` times n² (reproducible). The limit is on the
//! thread's CPU time, as in Yang et al.'s code (`clock()`), so that other
//! work on a shared machine does not shorten the search; `--wall-clock`
//! limits wall time instead. Prints one line per run (wall and CPU
//! seconds), then per instance the median and best objective, the
//! best-known value and the gaps in percent (positive: below the
//! best-known), and the worst median gap.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use rolebalance::MdgpInstance;

/// The CPU time of the calling thread (Linux: `/proc/thread-self/stat`,
/// user and system time in clock ticks of 10 ms); the wall clock elsewhere.
fn cpu_time() -> Duration {
    static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    let wall = || START.get_or_init(Instant::now).elapsed();
    let Ok(stat) = std::fs::read_to_string("/proc/thread-self/stat") else { return wall() };
    // Fields after the command name (which is in parentheses): utime and
    // stime are the 12th and 13th.
    let Some(rest) = stat.rsplit_once(')').map(|(_, r)| r) else { return wall() };
    let f: Vec<&str> = rest.split_whitespace().collect();
    match (f.get(11).and_then(|x| x.parse::<u64>().ok()), f.get(12).and_then(|x| x.parse::<u64>().ok())) {
        (Some(u), Some(s)) => Duration::from_millis(10 * (u + s)),
        _ => wall(),
    }
}

fn paper_limit(n: usize) -> f64 {
    match n {
        0..=120 => 3.0,
        121..=240 => 20.0,
        241..=480 => 120.0,
        481..=960 => 600.0,
        _ => 1200.0,
    }
}

/// The assignment keeps every size bound, and its objective is the sum
/// recomputed here.
fn check(instance: &MdgpInstance, team_of: &[usize], value: f64) {
    let mut size = vec![0usize; instance.groups()];
    for &t in team_of {
        size[t] += 1;
    }
    for (t, (&s, &(lo, hi))) in size.iter().zip(instance.bounds()).enumerate() {
        assert!(lo <= s && s <= hi, "group {t} has {s} elements, bounds {lo} to {hi}");
    }
    let d = instance.distances();
    let mut sum = 0.0;
    for i in 0..team_of.len() {
        for j in i + 1..team_of.len() {
            if team_of[i] == team_of[j] {
                sum += d.get(i, j).unwrap();
            }
        }
    }
    assert!((sum - value).abs() <= 1e-9 * sum.abs().max(1.0), "objective {value}, recomputed {sum}");
}

fn main() {
    let mut args = std::env::args().skip(1);
    let mut dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/mdgp");
    let (mut seeds, mut filter, mut scale, mut limit) = (5u64, String::new(), 1.0f64, None::<f64>);
    let mut budget = None::<f64>;
    let mut wall_clock = false;
    while let Some(a) = args.next() {
        let mut value = || args.next().unwrap_or_else(|| panic!("{a} needs a value"));
        match a.as_str() {
            "--dir" => dir = PathBuf::from(value()),
            "--seeds" => seeds = value().parse().expect("--seeds N"),
            "--filter" => filter = value(),
            "--scale" => scale = value().parse().expect("--scale X"),
            "--limit" => limit = Some(value().parse().expect("--limit SECONDS")),
            "--budget" => budget = Some(value().parse().expect("--budget MOVES_PER_PAIR")),
            "--wall-clock" => wall_clock = true,
            "--bench" => {}
            other => panic!("unknown argument {other}"),
        }
    }
    let known = std::fs::read_to_string(dir.join("best_known.csv")).expect("best_known.csv");
    let mut rows: Vec<(String, f64)> = known
        .lines()
        .skip(1)
        .filter_map(|l| {
            let mut f = l.split(',');
            Some((f.next()?.to_string(), f.nth(2)?.parse().ok()?))
        })
        .filter(|(name, _)| name.contains(&filter))
        .collect();
    rows.sort_by_key(|(name, _)| {
        let n: usize = name.split("_n").nth(1).and_then(|s| s.get(..3)).and_then(|s| s.parse().ok()).unwrap_or(0);
        (n, name.clone())
    });
    println!("instance,n,wall_seconds,cpu_seconds,seed,objective,best_known,gap_percent");
    let mut summary = Vec::new();
    for (name, best_known) in &rows {
        let instance = MdgpInstance::read_path(dir.join(name)).expect("instance");
        let seconds = limit.unwrap_or(paper_limit(instance.len()) * scale);
        let mut found = Vec::new();
        for seed in 1..=seeds {
            let start = Instant::now();
            let cpu_start = cpu_time();
            let formation = instance.formation().seed(seed);
            let formation = match budget {
                Some(per_pair) => formation.move_budget((per_pair * (instance.len() * instance.len()) as f64) as u64),
                None if wall_clock => formation.time_limit(Duration::from_secs_f64(seconds)),
                None => formation.time_limit(Duration::from_secs_f64(seconds)).clock(cpu_time),
            };
            let a = formation.form_distances(instance.distances()).expect("formation");
            let took = start.elapsed().as_secs_f64();
            let cpu = (cpu_time() - cpu_start).as_secs_f64();
            let value = a.diversity().unwrap_or(f64::NAN);
            check(&instance, a.teams_of(), value);
            let gap = 100.0 * (best_known - value) / best_known;
            println!("{name},{},{took:.2},{cpu:.2},{seed},{value:.6},{best_known},{gap:.4}", instance.len());
            found.push(value);
        }
        found.sort_by(f64::total_cmp);
        let median = found[found.len() / 2];
        let best = found[found.len() - 1];
        summary.push((name.clone(), instance.len(), seconds, median, best, *best_known));
    }
    println!();
    println!(
        "| instance | n | limit (s) | median of {seeds} | best of {seeds} | best known | median gap % | best gap % |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    for (name, n, seconds, median, best, known) in &summary {
        let gap = |v: f64| 100.0 * (known - v) / known;
        println!(
            "| {} | {n} | {seconds} | {median:.3} | {best:.3} | {known:.3} | {:.3} | {:.3} |",
            name.trim_end_matches(".txt"),
            gap(*median),
            gap(*best)
        );
    }
    let worst = summary.iter().map(|s| 100.0 * (s.5 - s.3) / s.5).fold(f64::NEG_INFINITY, f64::max);
    let beaten = summary.iter().filter(|s| s.4 > s.5 + 1e-6).count();
    println!();
    println!("worst median gap {worst:.3}%; best-known beaten on {beaten} of {} instances", summary.len());
}
