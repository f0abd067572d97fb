//! Arbitrary bytes as a roster: read strictly and leniently, then analyse
//! with every coverage model and rollups, both streamed and in memory, and
//! summarise (the streaming summary table must be the report's, byte for
//! byte, on one thread and on three). Nothing may panic, and the lenient log
//! must account for every row.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rolebalance::{Analyzer, Coverage, Mode, ReaderBuilder, Rollups};

fuzz_target!(|data: &[u8]| {
    let strict = ReaderBuilder::new().read_roster(data);
    let lenient = ReaderBuilder::new().mode(Mode::Lenient).read_roster(data);
    if let Ok((roster, log)) = &lenient {
        // Nothing lost: every row read is kept or reported.
        assert_eq!(log.rows(), log.kept() + log.skipped().len() as u64);
        assert_eq!(roster.len() as u64, log.kept());
        for s in log.skipped() {
            assert!(s.line() >= 2, "a skipped row is below the header");
            assert_eq!(s.error().line(), Some(s.line()));
            let _ = s.error().to_string();
        }
        // Strict succeeds exactly when lenient skipped nothing.
        assert_eq!(strict.is_ok(), log.skipped().is_empty());
    } else {
        assert!(strict.is_err(), "lenient failed where strict succeeded");
    }
    if let Err(e) = &strict {
        let _ = (e.to_string(), e.line(), e.column(), e.value());
    }
    // Rollups on: the leaf teams are the same and the prefixes are exercised too.
    for model in [Coverage::Strongest, Coverage::Pooled, Coverage::Average] {
        let analyzer = Analyzer::new().model(model).rollups(Rollups::Include);
        for (mode, read) in [(Mode::Strict, &strict), (Mode::Lenient, &lenient)] {
            let streamed = ReaderBuilder::new().mode(mode).analyze(data, &analyzer);
            assert_eq!(streamed.is_ok(), read.is_ok(), "analyze and read_roster disagree");
            if let (Ok((report, slog)), Ok((roster, rlog))) = (&streamed, read) {
                assert_eq!((slog.rows(), slog.kept()), (rlog.rows(), rlog.kept()));
                // The streaming and the in-memory analyses agree.
                let in_memory = analyzer.analyze(roster).expect("a roster that was read analyses");
                assert_eq!(report.len(), in_memory.len());
                for (a, b) in report.teams().iter().zip(in_memory.teams()) {
                    assert_eq!(a.team(), b.team());
                    for x in [a.direction(), a.control(), a.balance(), a.health()] {
                        assert!((0.0..=1.0).contains(&x), "score {x} outside [0, 1]");
                    }
                    assert_eq!(a.flags(), b.flags());
                }
                let mut out = Vec::new();
                report.write_summary_csv(&mut out).expect("writing to a Vec");
            }
        }
        // The summary table without rollups (the path `analyze_roster
        // --format csv` takes), against the report's; small chunks, so that
        // three threads share the rows.
        let analyzer = Analyzer::new().model(model);
        if let Ok((report, _)) = ReaderBuilder::new().analyze(data, &analyzer) {
            let mut expected = Vec::new();
            report.write_summary_csv(&mut expected).expect("writing to a Vec");
            for threads in [1, 3] {
                let reader = ReaderBuilder::new().threads(threads).chunk_size(64);
                let (summary, _) = reader.summary(data, &analyzer).expect("summary fails where analyze did not");
                let mut got = Vec::new();
                summary.write_csv(&mut got).expect("writing to a Vec");
                assert_eq!(got, expected, "summary and report differ");
            }
        } else {
            assert!(ReaderBuilder::new().summary(data, &analyzer).is_err());
        }
    }
});
