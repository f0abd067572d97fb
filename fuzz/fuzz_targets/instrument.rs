//! Arbitrary bytes as an instrument file (Likert or ipsative): nothing may
//! panic; an error names a line, its message holds no control character;
//! an instrument that reads scores a one-row responses file without panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rolebalance::{Framework, Instrument, Scorer};

fuzz_target!(|data: &[u8]| {
    let fw = Framework::builder().dimension("d", "lead", "manage").build().unwrap();
    match Instrument::from_csv_reader(fw, data) {
        Ok(inst) => {
            let names: Vec<String> = inst.items().iter().map(|i| i.name().to_string()).collect();
            let csv = format!("id,team,{}\na,T,{}\n", names.join(","), vec!["1"; names.len()].join(","));
            let _ = Scorer::new(inst).score(csv.as_bytes());
        }
        Err(e) => assert!(!e.to_string().chars().any(|c| c.is_control())),
    }
});
