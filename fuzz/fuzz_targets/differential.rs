//! Differential: arbitrary bytes as a roster, read strict and lenient, in
//! memory and streaming on 1, 2 and 4 threads with small chunks, and with
//! the semicolon reader after swapping `,` and `;` (the comma paths told
//! `Delimiter::Comma`, as a lone tab would be detected as a delimiter):
//! every path agrees on
//! the rows kept, the lines skipped and the first error (kind and line).
#![no_main]

use libfuzzer_sys::fuzz_target;
use rolebalance::{Analyzer, Delimiter, Mode, ReaderBuilder};

fn outcome(r: Result<(u64, Vec<u64>), rolebalance::Error>) -> Result<(u64, Vec<u64>), (Option<u64>, String)> {
    r.map_err(|e| (e.line(), format!("{:?}", std::mem::discriminant(e.kind()))))
}

fuzz_target!(|data: &[u8]| {
    let analyzer = Analyzer::new();
    for mode in [Mode::Strict, Mode::Lenient] {
        let base = ReaderBuilder::new().mode(mode).max_record_bytes(1 << 16).delimiter(Delimiter::Comma);
        let read = |r: &ReaderBuilder| {
            outcome(r.read_roster(data).map(|(_, log)| (log.kept(), log.skipped().iter().map(|s| s.line()).collect())))
        };
        let expected = read(&base.clone().threads(1));
        for (threads, chunk) in [(1, 7), (2, 16), (4, 64), (2, 1 << 16)] {
            let r = base.clone().threads(threads).chunk_size(chunk);
            let got = outcome(
                r.analyze(data, &analyzer).map(|(_, log)| (log.kept(), log.skipped().iter().map(|s| s.line()).collect())),
            );
            assert_eq!(got, expected, "{threads} threads, chunks of {chunk}");
        }
        if !data.contains(&b';') {
            let swapped: Vec<u8> = data.iter().map(|&b| if b == b',' { b';' } else { b }).collect();
            let semi = base.clone().delimiter(Delimiter::Semicolon);
            let got = outcome(
                semi.read_roster(swapped.as_slice())
                    .map(|(_, log)| (log.kept(), log.skipped().iter().map(|s| s.line()).collect())),
            );
            assert_eq!(got, expected, "semicolon reader");
        }
    }
});
