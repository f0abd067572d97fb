//! Inputs the fuzzers found (`fuzz/`), kept as regression tests: every file
//! under `tests/data/fuzz/` goes through the checks of the fuzz targets.

use std::path::Path;

use rolebalance::{Analyzer, Coverage, Framework, Mode, ReaderBuilder, Rollups};

/// The checks of `fuzz/fuzz_targets/roster.rs`.
fn check_roster(data: &[u8]) {
    let strict = ReaderBuilder::new().read_roster(data);
    let lenient = ReaderBuilder::new().mode(Mode::Lenient).read_roster(data);
    if let Ok((roster, log)) = &lenient {
        assert_eq!(log.rows(), log.kept() + log.skipped().len() as u64);
        assert_eq!(roster.len() as u64, log.kept());
        for s in log.skipped() {
            assert!(s.line() >= 2, "a skipped row is below the header");
            assert_eq!(s.error().line(), Some(s.line()));
        }
        assert_eq!(strict.is_ok(), log.skipped().is_empty());
    } else {
        assert!(strict.is_err(), "lenient failed where strict succeeded");
    }
    for model in [Coverage::Strongest, Coverage::Pooled, Coverage::Average] {
        let analyzer = Analyzer::new().model(model).rollups(Rollups::Include);
        for (mode, read) in [(Mode::Strict, &strict), (Mode::Lenient, &lenient)] {
            let streamed = ReaderBuilder::new().mode(mode).analyze(data, &analyzer);
            assert_eq!(streamed.is_ok(), read.is_ok(), "analyze and read_roster disagree");
            if let (Ok((report, slog)), Ok((roster, rlog))) = (&streamed, read) {
                assert_eq!((slog.rows(), slog.kept()), (rlog.rows(), rlog.kept()));
                let in_memory = analyzer.analyze(roster).unwrap();
                assert_eq!(report.len(), in_memory.len());
                for (a, b) in report.teams().iter().zip(in_memory.teams()) {
                    assert_eq!((a.team(), a.flags()), (b.team(), b.flags()));
                    for x in [a.direction(), a.control(), a.balance(), a.health()] {
                        assert!((0.0..=1.0).contains(&x), "score {x} outside [0, 1]");
                    }
                }
            }
        }
    }
}

/// The checks of `fuzz/fuzz_targets/framework.rs`.
fn check_framework(data: &[u8]) {
    if let Ok(fw) = Framework::from_csv_reader(data) {
        let poles: Vec<&str> = fw.pole_names().collect();
        let csv = format!("id,team,{}\na,T,{}\n", poles.join(","), vec!["0.5"; poles.len()].join(","));
        let reader = ReaderBuilder::new().framework(fw.clone()).mode(Mode::Lenient);
        let (roster, log) = reader.read_roster(csv.as_bytes()).unwrap();
        assert_eq!((roster.len(), log.skipped().len()), (1, 0));
    }
}

fn files(prefix: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/fuzz");
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
        .map(|p| (p.display().to_string(), std::fs::read(&p).unwrap()))
        .collect();
    out.sort();
    out
}

#[test]
fn every_roster_the_fuzzer_found() {
    let found = files("roster-");
    assert!(!found.is_empty());
    for (name, data) in found {
        eprintln!("{name}");
        check_roster(&data);
    }
}

#[test]
fn every_framework_the_fuzzer_found() {
    for (name, data) in files("framework-") {
        eprintln!("{name}");
        check_framework(&data);
    }
}

/// The first crash: a header ended by a lone `\r`. The `csv` crate put the
/// next record on line 1, the header's line.
#[test]
fn lone_cr_after_the_header() {
    let data =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/fuzz/roster-lone-cr-line-numbers.csv"))
            .unwrap();
    let (_, log) = ReaderBuilder::new().mode(Mode::Lenient).read_roster(data.as_slice()).unwrap();
    let lines: Vec<u64> = log.skipped().iter().map(|s| s.line()).collect();
    assert_eq!(lines, [2, 3, 4]);
    assert_eq!(log.skipped()[0].error().to_string(), "line 2, column `field 13`: expected 12 fields, found 23");
    let (_, log) = ReaderBuilder::new()
        .mode(Mode::Lenient)
        .read_roster(b"id,team,purpose,horizon,focus,risk\ra,T,2,0,0,0\rb,T,0,0,0,0\r".as_slice())
        .unwrap();
    assert_eq!(log.skipped()[0].line(), 2);
    assert_eq!(log.skipped()[0].error().to_string(), "line 2, column `purpose`: `2` is out of range [-1, 1]");
    assert_eq!(log.kept(), 1);
}

/// The framework fuzzer's first crash: a pole named `weight`, which no
/// roster can give (the column is the member's weight). Now an error.
#[test]
fn pole_named_like_a_roster_column() {
    let data =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/fuzz/framework-pole-named-weight.csv"))
            .unwrap();
    let err = Framework::from_csv_reader(data.as_slice()).unwrap_err();
    assert_eq!(err.to_string(), "framework file, line 3: name `weight` is reserved for a roster column");
}

/// The checks of `fuzz/fuzz_targets/differential.rs`: strict and lenient,
/// in memory and streaming on 1, 2 and 4 threads with small chunks, and the
/// semicolon reader after swapping `,` and `;`, agree on the rows kept, the
/// lines skipped and the first error (kind and line).
fn check_differential(data: &[u8]) {
    let outcome = |r: Result<(u64, Vec<u64>), rolebalance::Error>| {
        r.map_err(|e| (e.line(), format!("{:?}", std::mem::discriminant(e.kind()))))
    };
    let analyzer = Analyzer::new();
    for mode in [Mode::Strict, Mode::Lenient] {
        let base = ReaderBuilder::new().mode(mode).max_record_bytes(1 << 16).delimiter(rolebalance::Delimiter::Comma);
        let expected = outcome(
            base.clone()
                .threads(1)
                .read_roster(data)
                .map(|(_, log)| (log.kept(), log.skipped().iter().map(|s| s.line()).collect())),
        );
        for (threads, chunk) in [(1, 7), (2, 16), (4, 64), (2, 1 << 16)] {
            let r = base.clone().threads(threads).chunk_size(chunk);
            let got = outcome(
                r.analyze(data, &analyzer)
                    .map(|(_, log)| (log.kept(), log.skipped().iter().map(|s| s.line()).collect())),
            );
            assert_eq!(got, expected, "{threads} threads, chunks of {chunk}");
        }
        if !data.contains(&b';') {
            let swapped: Vec<u8> = data.iter().map(|&b| if b == b',' { b';' } else { b }).collect();
            let semi = base.clone().delimiter(rolebalance::Delimiter::Semicolon);
            let got = outcome(
                semi.read_roster(swapped.as_slice())
                    .map(|(_, log)| (log.kept(), log.skipped().iter().map(|s| s.line()).collect())),
            );
            assert_eq!(got, expected, "semicolon reader");
        }
    }
}

#[test]
fn every_roster_agrees_on_every_path() {
    let found: Vec<(String, Vec<u8>)> = files("roster").into_iter().chain(files("differential")).collect();
    assert!(found.iter().any(|(n, _)| n.contains("/differential-")));
    for (name, data) in found {
        let r = std::panic::catch_unwind(|| check_differential(&data));
        assert!(r.is_ok(), "{name}");
    }
}
