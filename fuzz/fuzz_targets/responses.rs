//! Arbitrary bytes as a responses file, scored strictly and leniently with
//! a small Likert instrument: nothing may panic, the lenient log accounts
//! for every row, every skipped row names its own line, and strict succeeds
//! exactly when lenient skipped nothing.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rolebalance::{Framework, Instrument, Mode, Scorer};

fuzz_target!(|data: &[u8]| {
    let fw = Framework::builder().dimension("d", "lead", "manage").build().unwrap();
    let inst = Instrument::likert(fw, 1, 5).item("q1", "lead", false).item("q2", "manage", true).build().unwrap();
    let strict = Scorer::new(inst.clone()).score(data);
    let lenient = Scorer::new(inst).mode(Mode::Lenient).max_record_bytes(1 << 16).score(data);
    if let Ok(scored) = &lenient {
        let log = scored.log();
        assert_eq!(log.rows(), log.kept() + log.skipped().len() as u64);
        for s in log.skipped() {
            assert_eq!(s.error().line(), Some(s.line()));
            let _ = s.error().to_string();
        }
        if strict.is_ok() {
            assert!(log.skipped().is_empty());
        }
        let _ = scored.reliability();
    }
    if let Err(e) = &strict {
        assert!(!e.to_string().chars().any(|c| c.is_control()), "a message with a control character");
    }
});
