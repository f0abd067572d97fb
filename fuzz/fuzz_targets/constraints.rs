//! Arbitrary bytes as constraint files (pairs and ids) and as a requirements
//! file: nothing may panic, an error names a line, its message holds no
//! control character (no Rust debug dump of a UTF-8 error).
#![no_main]

use libfuzzer_sys::fuzz_target;
use rolebalance::{read_csv_records, read_ids, read_pairs, Requirements};

fuzz_target!(|data: &[u8]| {
    for r in [
        read_pairs(data).map(|_| ()),
        read_ids(data).map(|_| ()),
        Requirements::from_csv_reader(data).map(|_| ()),
        read_csv_records(data).map(|_| ()),
    ] {
        if let Err(e) = r {
            let m = e.to_string();
            assert!(!m.chars().any(|c| c.is_control()), "{m:?}");
            assert!(!m.contains("ErrorKind"), "{m}");
        }
    }
    // The record rule: the lines of the records only grow.
    if let Ok(records) = read_csv_records(data) {
        assert!(records.windows(2).all(|w| w[0].0 < w[1].0));
    }
});
