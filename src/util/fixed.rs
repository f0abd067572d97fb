//! Numbers with two decimals, exactly as Rust's `{:.2}` writes them (the
//! exact binary value rounded half to even) but without the general
//! formatting machinery: reports write millions of them.

use std::fmt;

/// `x` written with two decimals, as `format!("{x:.2}")` writes it. Takes
/// the width and alignment of the format (`{:>9}`), not its precision.
///
/// The exact value `m × 2^e` of `x` times 100 is rounded half to even with
/// integer arithmetic; values outside ±1e15 (and non-finite ones) take the
/// standard formatter.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fixed2(pub(crate) f64);

/// `round(|x| × 100)`, half to even, when `|x| < 1e15`.
fn hundredths(x: f64) -> Option<u64> {
    let a = x.abs();
    if a.is_nan() || a >= 1e15 {
        return None;
    }
    if a == 0.0 {
        return Some(0);
    }
    let bits = a.to_bits();
    let exp = ((bits >> 52) & 0x7FF) as i32;
    let frac = bits & ((1u64 << 52) - 1);
    let (m, e) = if exp == 0 { (frac, -1074) } else { (frac | (1u64 << 52), exp - 1075) };
    // a × 100 = m × 100 × 2^e, m × 100 < 2^60.
    let n = u128::from(m) * 100;
    if e >= 0 {
        return u64::try_from(n << e).ok();
    }
    let shift = (-e) as u32;
    if shift >= 127 {
        return Some(0);
    }
    let q = n >> shift;
    let r = n & ((1u128 << shift) - 1);
    let half = 1u128 << (shift - 1);
    let up = r > half || (r == half && q & 1 == 1);
    u64::try_from(q + u128::from(up)).ok()
}

impl fmt::Display for Fixed2 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Some(h) = hundredths(self.0) else { return fmt::Display::fmt(&format!("{:.2}", self.0), f) };
        let mut buf = [0u8; 24];
        let mut i = buf.len();
        let mut push = |d: u8| {
            i -= 1;
            if let Some(b) = buf.get_mut(i) {
                *b = d;
            }
        };
        let (int, cents) = (h / 100, h % 100);
        push(b'0' + (cents % 10) as u8);
        push(b'0' + (cents / 10) as u8);
        push(b'.');
        let mut int = int;
        loop {
            push(b'0' + (int % 10) as u8);
            int /= 10;
            if int == 0 {
                break;
            }
        }
        // Rust writes the sign of -0.0 and of negatives that round to zero.
        if self.0.is_sign_negative() {
            push(b'-');
        }
        let s = std::str::from_utf8(buf.get(i..).unwrap_or_default()).unwrap_or_default();
        f.pad(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn known_values() {
        for x in [0.0, -0.0, 0.005, 0.015, 0.125, 0.135, 0.145, 0.165, 0.995, 1.0, 37.7, 1e14, -2.675, 5e-324, 1e300] {
            assert_eq!(Fixed2(x).to_string(), format!("{x:.2}"), "{x}");
        }
        assert_eq!(format!("{:>9}", Fixed2(0.5)), format!("{:>9.2}", 0.5));
        assert_eq!(Fixed2(f64::NAN).to_string(), "NaN");
    }

    proptest! {
        #[test]
        fn as_std_writes(x in proptest::num::f64::ANY, k in 0u32..100_000) {
            prop_assert_eq!(Fixed2(x).to_string(), format!("{x:.2}"));
            // Decimals such as rosters hold, and their halves.
            let y = f64::from(k) / 2000.0;
            prop_assert_eq!(Fixed2(y).to_string(), format!("{y:.2}"));
        }
    }
}
