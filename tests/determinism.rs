//! Determinism: the same input gives byte-identical output in every format
//! whatever the number of threads, and reordering rows changes no finding
//! and no number by more than 1e-12.

mod common;

use common::SplitMix;

use rolebalance::{Analyzer, Coverage, Mode, ReadLog, ReaderBuilder, Report, Rollups};

const HEADER: &str = "id,name,team,weight,inspire,organize,vision,execution,people,process,risk_taking,risk_management";

const TEAMS: [&str; 6] = ["Acme", "Acme/Eng", "Acme/Eng/Platform", "Acme/Ops", "Beta/Core", "Beta/Core/Night"];

/// `n` data rows (without the header), some with a bad value when `bad`.
fn rows(seed: u64, n: usize, bad: bool) -> Vec<String> {
    let mut rng = SplitMix(seed);
    (0..n)
        .map(|i| {
            let team = TEAMS[rng.below(TEAMS.len())];
            let weight = if rng.below(10) == 0 { 0.0 } else { rng.unit() };
            let s: Vec<String> = (0..8).map(|_| rng.unit().to_string()).collect();
            let row = format!("m{i},Member {i},{team},{weight},{}", s.join(","));
            if bad && rng.below(15) == 0 {
                row.replace(",Member", ",\"Member").replacen(",0.", ",x0.", 1)
            } else {
                row
            }
        })
        .collect()
}

fn roster(rows: &[String], crlf: bool) -> Vec<u8> {
    let nl = if crlf { "\r\n" } else { "\n" };
    let mut s = format!("{HEADER}{nl}");
    for r in rows {
        s.push_str(r);
        s.push_str(nl);
    }
    s.into_bytes()
}

/// Every output format of one analysis: the summary CSV, the JSON of the
/// teams and of the log, and the error messages of the skipped rows.
fn outputs(report: &Report, log: &ReadLog) -> [Vec<u8>; 3] {
    let mut csv = Vec::new();
    report.write_summary_csv(&mut csv).unwrap();
    let json = serde_json::to_vec_pretty(&(report.model(), report.teams())).unwrap();
    let log = serde_json::to_vec_pretty(log).unwrap();
    [csv, json, log]
}

fn analyze(input: &[u8], model: Coverage, threads: usize) -> (Report, ReadLog) {
    let analyzer = Analyzer::new().model(model).rollups(Rollups::Include);
    ReaderBuilder::new().mode(Mode::Lenient).threads(threads).analyze(input, &analyzer).unwrap()
}

#[test]
fn same_input_gives_byte_identical_output() {
    let input = roster(&rows(7, 3_000, true), false);
    for model in [Coverage::Strongest, Coverage::Pooled, Coverage::Average] {
        let (r1, l1) = analyze(&input, model, 1);
        let (r2, l2) = analyze(&input, model, 1);
        assert!(!l1.skipped().is_empty());
        assert_eq!(outputs(&r1, &l1), outputs(&r2, &l2));
        // And the in-memory path gives the same report.
        let (roster, _) = ReaderBuilder::new().mode(Mode::Lenient).read_roster(input.as_slice()).unwrap();
        let in_memory = Analyzer::new().model(model).rollups(Rollups::Include).analyze(&roster).unwrap();
        assert_eq!(outputs(&in_memory, &l1)[..2], outputs(&r1, &l1)[..2]);
    }
}

/// The thread-count contract agreed with issue 4 (`ReaderBuilder::threads`):
/// 1, 2 and 4 threads give byte-identical output, for inputs of a few rows
/// and of many (so that chunks, once there are chunks, split them).
#[test]
fn thread_count_changes_no_byte_of_the_output() {
    for (seed, n) in [(1, 0), (2, 3), (3, 500), (4, 6_000)] {
        for crlf in [false, true] {
            let input = roster(&rows(seed, n, true), crlf);
            for model in [Coverage::Strongest, Coverage::Pooled, Coverage::Average] {
                let (r1, l1) = analyze(&input, model, 1);
                let one = outputs(&r1, &l1);
                for threads in [2, 4] {
                    let (r, l) = analyze(&input, model, threads);
                    assert_eq!(outputs(&r, &l), one, "seed {seed}, {n} rows, {threads} threads, {model}");
                }
            }
            // Strict errors too.
            let errors: Vec<Option<String>> = [1, 2, 4]
                .iter()
                .map(|&t| {
                    ReaderBuilder::new()
                        .threads(t)
                        .analyze(input.as_slice(), &Analyzer::new())
                        .err()
                        .map(|e| e.to_string())
                })
                .collect();
            assert!(errors.windows(2).all(|w| w[0] == w[1]), "{errors:?}");
        }
    }
}

#[test]
fn reordering_rows_changes_no_finding_and_no_number_beyond_1e_12() {
    let base = rows(11, 2_000, false);
    let mut rng = SplitMix(99);
    for round in 0..3 {
        let mut shuffled = base.clone();
        for i in (1..shuffled.len()).rev() {
            shuffled.swap(i, rng.below(i + 1));
        }
        for model in [Coverage::Strongest, Coverage::Pooled, Coverage::Average] {
            let (a, _) = analyze(&roster(&base, false), model, 1);
            let (b, _) = analyze(&roster(&shuffled, round == 1), model, 1);
            assert_eq!(a.len(), b.len());
            for (x, y) in a.teams().iter().zip(b.teams()) {
                assert_eq!((x.team(), x.members(), x.active_members()), (y.team(), y.members(), y.active_members()));
                assert_eq!(x.flags(), y.flags(), "{} {model}", x.team());
                let close = |p: f64, q: f64| (p - q).abs() <= 1e-12;
                assert!(close(x.total_weight(), y.total_weight()));
                for (p, q) in [(x.direction(), y.direction()), (x.control(), y.control()), (x.balance(), y.balance())] {
                    assert!(close(p, q), "{} {model}: {p} vs {q}", x.team());
                }
                for (p, q) in x.poles().zip(y.poles()) {
                    assert_eq!(
                        (&p.pole(), p.depth(), &p.top_contributor()),
                        (&q.pole(), q.depth(), &q.top_contributor())
                    );
                    assert!(close(p.coverage(), q.coverage()), "{} {} {model}", x.team(), p.pole());
                    assert!(close(p.coverage_without_top(), q.coverage_without_top()));
                    assert_eq!(p.top_contribution(), q.top_contribution());
                }
                let kinds =
                    |t: &rolebalance::TeamReport| t.findings().into_iter().map(|f| f.kind()).collect::<Vec<_>>();
                assert_eq!(kinds(x), kinds(y));
            }
        }
    }
}
