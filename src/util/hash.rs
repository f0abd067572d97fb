//! Hashing for tables keyed by input (team names, ids, item names): fast,
//! and keyed with a secret drawn once per process, so that nobody can
//! craft names that collide (hash flooding).
//!
//! The secret comes from the standard library's `RandomState` (the
//! operating system's randomness). No output depends on a hash value:
//! tables are only looked up, and everything written is ordered by name or
//! by line, so the output stays the same from one run to the next.
//!
//! The mixing step is a folded multiply (the 128-bit product of two words,
//! its halves xor-ed), as in wyhash, rapidhash and foldhash: with the
//! secret in both factors, a difference in the input changes the product
//! in a way that depends on the secret, so that collisions cannot be
//! planned from the source.

use std::hash::{BuildHasher, Hasher};
use std::sync::OnceLock;

/// The per-process secret.
fn secret() -> &'static [u64; 4] {
    static SECRET: OnceLock<[u64; 4]> = OnceLock::new();
    SECRET.get_or_init(|| {
        let state = std::collections::hash_map::RandomState::new();
        let mut words = [0u64; 4];
        for (i, w) in words.iter_mut().enumerate() {
            let mut h = state.build_hasher();
            h.write_usize(i);
            // Odd, with both halves non-zero: a good multiplier.
            *w = h.finish() | 0x0000_0001_0000_0001;
        }
        words
    })
}

/// The 128-bit product of `a` and `b`, its halves xor-ed.
#[inline(always)]
fn folded(a: u64, b: u64) -> u64 {
    let p = u128::from(a) * u128::from(b);
    (p as u64) ^ ((p >> 64) as u64)
}

/// 8 bytes at `at` (little-endian); the caller checks the bounds.
#[inline(always)]
fn word(bytes: &[u8], at: usize) -> u64 {
    bytes.get(at..at + 8).map_or(0, |w| u64::from_le_bytes(<[u8; 8]>::try_from(w).unwrap_or_default()))
}

/// 4 bytes at `at` (little-endian).
#[inline(always)]
fn half(bytes: &[u8], at: usize) -> u64 {
    bytes.get(at..at + 4).map_or(0, |w| u64::from(u32::from_le_bytes(<[u8; 4]>::try_from(w).unwrap_or_default())))
}

/// The keyed hash of `bytes`.
#[inline]
pub(crate) fn hash_bytes(bytes: &[u8]) -> u64 {
    let s = secret();
    let n = bytes.len();
    let mut h = s[0] ^ (n as u64).wrapping_mul(s[3]);
    let (a, b) = if n <= 16 {
        if n >= 8 {
            (word(bytes, 0), word(bytes, n - 8))
        } else if n >= 4 {
            (half(bytes, 0), half(bytes, n - 4))
        } else if n > 0 {
            let byte = |at: usize| bytes.get(at).map_or(0, |&b| u64::from(b));
            ((byte(0) << 16) | (byte(n / 2) << 8) | byte(n - 1), 0)
        } else {
            (0, 0)
        }
    } else {
        let mut at = 0;
        while at + 16 < n {
            h = folded(word(bytes, at) ^ s[1], word(bytes, at + 8) ^ h);
            at += 16;
        }
        (word(bytes, n - 16), word(bytes, n - 8))
    };
    h = folded(a ^ s[1], b ^ h);
    folded(h ^ s[2], (n as u64) ^ s[3])
}

/// The keyed hash of a word (a packed id, a pair of indices).
#[inline]
pub(crate) fn hash_word(x: u64) -> u64 {
    let s = secret();
    folded(folded(x ^ s[1], s[2]) ^ s[0], s[3])
}

/// A `BuildHasher` for std's maps keyed by input, with the secret above
/// (SipHash, as `RandomState`, is several times slower on short keys).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Keyed;

impl BuildHasher for Keyed {
    type Hasher = KeyedHasher;
    fn build_hasher(&self) -> KeyedHasher {
        KeyedHasher(secret()[0])
    }
}

/// See [`Keyed`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct KeyedHasher(u64);

impl Hasher for KeyedHasher {
    fn finish(&self) -> u64 {
        hash_word(self.0)
    }
    fn write(&mut self, bytes: &[u8]) {
        self.0 = hash_bytes(bytes) ^ self.0.rotate_left(29);
    }
    fn write_u64(&mut self, x: u64) {
        self.0 = hash_word(x ^ self.0.rotate_left(29));
    }
    fn write_u32(&mut self, x: u32) {
        self.write_u64(u64::from(x));
    }
    fn write_usize(&mut self, x: usize) {
        self.write_u64(x as u64);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_length_is_hashed_from_all_its_bytes() {
        let data: Vec<u8> = (0..64u8).collect();
        for n in 0..data.len() {
            let base = hash_bytes(&data[..n]);
            assert_ne!(base, hash_bytes(&data[..n + 1]), "length {n}");
            for i in 0..n {
                let mut other = data[..n].to_vec();
                other[i] ^= 0x80;
                assert_ne!(base, hash_bytes(&other), "length {n}, byte {i}");
            }
        }
    }

    #[test]
    fn the_differential_of_the_old_hash_does_not_collide() {
        // The fixed-key hash before collided for any two names differing by
        // the top bit of byte 7 and by bits 63 and 34 of the next word.
        let a = *b"Team/aaaBBBBBBBBB";
        let mut b = a;
        b[7] ^= 0x80;
        b[15] ^= 0x80;
        b[12] ^= 0x04;
        assert_ne!(hash_bytes(&a), hash_bytes(&b));
    }
}
