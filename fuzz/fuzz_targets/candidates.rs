//! Arbitrary bytes as a pool of candidates (team column optional) for a
//! fixed roster, then recommendations: nothing may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rolebalance::{recommend, Analyzer, ReaderBuilder, TeamColumn};

const ROSTER: &str = "id,team,purpose,horizon,focus,risk\na,T,1,1,0,0\nb,T,0,0,1,1\n";

fuzz_target!(|data: &[u8]| {
    let (roster, _) = ReaderBuilder::new().read_roster(ROSTER.as_bytes()).unwrap();
    let reader = ReaderBuilder::new().team_column(TeamColumn::Optional);
    if let Ok((pool, _)) = reader.read_roster(data) {
        if pool.framework() == roster.framework() {
            let _ = recommend(&Analyzer::new(), &roster, "T", pool.iter(), 2);
        }
    }
});
