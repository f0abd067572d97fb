//! Every path of the crate on one roster file, timed in this process:
//!
//! ```text
//! cargo bench --bench paths -- [--runs N] PATH ROSTER.csv
//! ```
//!
//! `PATH` is one of `summary` (the streaming summary table),
//! `read_roster`, `analyze` (the in-memory analysis of the roster read
//! first, not timed), `accumulate` (the same, reports not made: the engine
//! alone; `accumulate1` on one thread), `lenient` (the lenient summary), `json`,
//! `text` (writing every report to a sink), `html` (the HTML report of the
//! roster's teams), `compare` (two snapshots read, compared and the
//! comparison table written: `compare BEFORE.csv AFTER.csv`, with the time
//! of each phase). Prints the median and the fastest of `N` runs (default
//! 5) in seconds, and the members per second. `scripts/bench_paths.py` runs
//! every path interleaved with polars and writes the table of
//! BENCHMARKS.md. Without arguments (as `cargo bench` runs it) it prints
//! this usage and exits.

use std::hint::black_box;
use std::io::{self, Write};
use std::time::Instant;

use rolebalance::{Analyzer, HtmlReport, Mode, ReaderBuilder};

/// A writer that counts and drops.
struct Sink(u64);

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0 += buf.len() as u64;
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    let mut runs = 5usize;
    let mut rest = Vec::new();
    let mut it = args.into_iter();
    while let Some(a) = it.next() {
        if a == "--runs" {
            runs = it.next().and_then(|n| n.parse().ok()).unwrap_or(5);
        } else {
            rest.push(a);
        }
    }
    if let [path, before, after] = rest.as_slice() {
        if path == "compare" {
            return compare(before, after, runs);
        }
    }
    let [path, file] = rest.as_slice() else {
        println!("usage: cargo bench --bench paths -- [--runs N] PATH ROSTER.csv (see the source for the paths)");
        return Ok(());
    };
    let analyzer = Analyzer::new();
    let roster = match path.as_str() {
        "analyze" | "accumulate" | "accumulate1" | "html" => Some(ReaderBuilder::new().read_roster_path(file)?.0),
        _ => None,
    };
    let members = roster.as_ref().map(|r| r.len());
    let mut times = Vec::with_capacity(runs);
    let mut out = 0u64;
    for _ in 0..runs {
        let start = Instant::now();
        match path.as_str() {
            "summary" => {
                let (summary, _) = ReaderBuilder::new().summary_path(file, &analyzer)?;
                let mut sink = Sink(0);
                summary.write_csv(&mut sink)?;
                out = sink.0;
            }
            "read_roster" => {
                let (roster, _) = ReaderBuilder::new().read_roster_path(file)?;
                out = black_box(roster.len()) as u64;
            }
            "analyze" => {
                let report = analyzer.analyze(roster.as_ref().ok_or("no roster")?)?;
                out = black_box(report.len()) as u64;
            }
            "accumulate" | "accumulate1" => {
                let threads =
                    if path == "accumulate1" { 1 } else { std::thread::available_parallelism().map_or(1, usize::from) };
                let roster = roster.as_ref().ok_or("no roster")?;
                out = black_box(rolebalance::bench_support::accumulate(roster, threads)?) as u64;
            }
            "lenient" => {
                let (summary, _) = ReaderBuilder::new().mode(Mode::Lenient).summary_path(file, &analyzer)?;
                let mut sink = Sink(0);
                summary.write_csv(&mut sink)?;
                out = sink.0;
            }
            "json" | "text" => {
                let (analysis, log) = ReaderBuilder::new().analysis_path(file, &analyzer)?;
                let mut sink = Sink(0);
                if path == "json" {
                    analysis.write_json(&mut sink, Some(&log))?;
                } else {
                    analysis.write_text(&mut sink, file, Some(&log))?;
                }
                out = sink.0;
            }
            "html" => {
                let report = analyzer.analyze(roster.as_ref().ok_or("no roster")?)?;
                out = HtmlReport::new().render(&report).len() as u64;
            }
            other => return Err(format!("unknown path `{other}`").into()),
        }
        times.push(start.elapsed().as_secs_f64());
    }
    times.sort_by(f64::total_cmp);
    let median = times.get(times.len() / 2).copied().unwrap_or(0.0);
    let fastest = times.first().copied().unwrap_or(0.0);
    let rate = members.map_or(String::new(), |m| format!(" {:.1} M members/s", m as f64 / median / 1e6));
    println!("{path} median {median:.4} s fastest {fastest:.4} s ({runs} runs, output {out}){rate}");
    Ok(())
}

/// Two snapshots read, compared and written as the comparison table: the
/// median of each phase and of the whole.
fn compare(before: &str, after: &str, runs: usize) -> Result<(), Box<dyn std::error::Error>> {
    let analyzer = Analyzer::new();
    let mut phases: Vec<[f64; 4]> = Vec::with_capacity(runs);
    let mut out = 0;
    for _ in 0..runs {
        let start = Instant::now();
        let (b, _) = ReaderBuilder::new().snapshot_path(before, &analyzer)?;
        let t1 = start.elapsed().as_secs_f64();
        let (a, _) = ReaderBuilder::new().snapshot_path(after, &analyzer)?;
        let t2 = start.elapsed().as_secs_f64();
        let cmp = rolebalance::Comparison::new(&b, &a)?;
        let t3 = start.elapsed().as_secs_f64();
        let mut sink = Sink(0);
        cmp.write_csv(&mut sink)?;
        out = sink.0 + cmp.people().len() as u64;
        let t4 = start.elapsed().as_secs_f64();
        phases.push([t1, t2 - t1, t3 - t2, t4]);
        drop((b, a, cmp));
    }
    let median = |k: usize| {
        let mut v: Vec<f64> = phases.iter().map(|p| p[k]).collect();
        v.sort_by(f64::total_cmp);
        v.get(v.len() / 2).copied().unwrap_or(0.0)
    };
    println!(
        "compare median {:.4} s (read before {:.4}, read after {:.4}, compare {:.4}; {runs} runs, output {out})",
        median(3),
        median(0),
        median(1),
        median(2)
    );
    Ok(())
}
