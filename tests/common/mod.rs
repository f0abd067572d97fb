//! Helpers shared by the integration tests.

// Each test file uses only part of this module.
#![allow(dead_code)]

use std::path::PathBuf;

/// The path of example `name`'s binary. `cargo test` builds the examples
/// before the tests; they sit in `<target>/<profile>/examples/`, next to the
/// `deps` folder of the running test.
pub fn example(name: &str) -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let dir = exe.parent().unwrap().parent().unwrap();
    dir.join("examples").join(format!("{name}{}", std::env::consts::EXE_SUFFIX))
}

/// The path of a file of `examples/data/`.
pub fn data(file: &str) -> String {
    format!("{}/examples/data/{file}", env!("CARGO_MANIFEST_DIR"))
}

/// SplitMix64: a small seeded generator, written out here so that the data
/// the tests make does not depend on the crate under test.
pub struct SplitMix(pub u64);

impl SplitMix {
    /// The next 64 random bits.
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1) with 53 random bits: ties are practically impossible.
    pub fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in `0..n` (the slight modulo bias does not matter here).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}
