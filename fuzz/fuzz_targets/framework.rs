//! Arbitrary bytes as a framework file, then, where it reads, as the
//! framework of a small roster. Nothing may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rolebalance::{Analyzer, Framework, Mode, ReaderBuilder};

fuzz_target!(|data: &[u8]| {
    match Framework::from_csv_reader(data) {
        Ok(fw) => {
            assert!((1..=rolebalance::MAX_DIMENSIONS).contains(&fw.len()));
            assert_eq!(fw.pole_count(), 2 * fw.len());
            // A roster in the pole form for this framework, one member.
            let poles: Vec<&str> = fw.pole_names().collect();
            let csv = format!("id,team,{}\na,T,{}\n", poles.join(","), vec!["0.5"; poles.len()].join(","));
            let reader = ReaderBuilder::new().framework(fw.clone()).mode(Mode::Lenient);
            let (roster, log) = reader.read_roster(csv.as_bytes()).expect("a roster in the framework's own poles");
            assert_eq!((roster.len(), log.skipped().len()), (1, 0));
            let (report, _) = reader.analyze(csv.as_bytes(), &Analyzer::new()).expect("analyses");
            assert_eq!(report.len(), 1);
        }
        Err(e) => {
            let _ = (e.to_string(), e.line());
        }
    }
});
