//! Number parsing, in one place: Rust's `f64` syntax with a fast path for
//! the exact decimals rosters are made of (`0.5`, `.25`, `1`), which gives
//! the same, correctly rounded, value as `str::parse`.

/// Parses a number with Rust's `f64` syntax; exact decimals of up to 15
/// digits (`0.5`, `1`, `.25`) take a fast path that gives the same,
/// correctly rounded, value.
pub(crate) fn parse_f64(text: &str) -> Option<f64> {
    fast_decimal(text.as_bytes()).or_else(|| text.parse().ok())
}

/// The fast path of [`parse_f64`]: an optional sign, then up to 15 digits
/// with at most one `.` (`0.5`, `1`, `.25`, `-0`); `None` for anything else
/// (which may still be a number). The value is `mantissa / 10^k` with both
/// exact in `f64`, so one correctly rounded division: what `str::parse` gives.
pub(crate) fn fast_decimal(bytes: &[u8]) -> Option<f64> {
    const POW10: [f64; 16] = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];
    let (neg, digits) = match bytes.split_first() {
        Some((b'-', rest)) => (true, rest),
        Some((b'+', rest)) => (false, rest),
        _ => (false, bytes),
    };
    if digits.len() > 16 {
        return None;
    }
    let (mut mantissa, mut n, mut frac, mut dot) = (0u64, 0usize, 0usize, false);
    for &b in digits {
        match b {
            b'0'..=b'9' => {
                mantissa = mantissa * 10 + u64::from(b - b'0');
                n += 1;
                frac += usize::from(dot);
            }
            b'.' if !dot => dot = true,
            _ => return None,
        }
    }
    if n == 0 || n > 15 {
        return None;
    }
    let v = mantissa as f64 / POW10.get(frac).copied()?;
    Some(if neg { -v } else { v })
}

/// Where the values `m / 10^k` (`m` from 0 to `10^k`) start in [`decimals`], per `k`.
const DECIMALS_AT: [usize; 4] = [0, 2, 13, 114];

/// `m as f64 / 10^k` for `k` up to 3 and `m` up to `10^k`, worked out once:
/// numbers with up to three decimals (most roster numbers) need no division.
pub(crate) fn decimals() -> &'static [f64] {
    static TABLE: std::sync::OnceLock<Vec<f64>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = Vec::with_capacity(1115);
        for (k, p) in [1u64, 10, 100, 1000].into_iter().enumerate() {
            t.extend((0..=p).map(|m| m as f64 / POW10.get(k).copied().unwrap_or(1.0)));
        }
        t
    })
}

/// Powers of ten as integers.
const POW10_INT: [u64; 16] = [
    1,
    10,
    100,
    1_000,
    10_000,
    100_000,
    1_000_000,
    10_000_000,
    100_000_000,
    1_000_000_000,
    10_000_000_000,
    100_000_000_000,
    1_000_000_000_000,
    10_000_000_000_000,
    100_000_000_000_000,
    1_000_000_000_000_000,
];

/// Powers of ten exact in `f64`.
const POW10: [f64; 16] = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/// A number of [`Plan::fast_line`] at `pos`: up to 15 digits with at most
/// one `.`, in [0, 1]; its value (what `fast_decimal` gives) and where it
/// ends. `None` for anything else.
#[inline(always)]
pub(crate) fn fast_number(data: &[u8], mut pos: usize, decimals: &[f64]) -> Option<(f64, usize)> {
    let (mut mantissa, mut digits, mut frac, mut dot) = (0u64, 0u32, 0usize, false);
    let mut shaped = false;
    // The usual shape, `d.ddd` then `,` or a line end, in one go.
    if let Some(word) = data.get(pos..pos + 8) {
        let x = u64::from_le_bytes(<[u8; 8]>::try_from(word).unwrap_or_default());
        let byte = |i: u32| (x >> (8 * i)) as u8;
        let digit = |i: u32| byte(i).wrapping_sub(b'0');
        let (d0, d2, d3, d4) = (digit(0), digit(2), digit(3), digit(4));
        if byte(1) == b'.' && d0 < 10 && d2 < 10 && d3 < 10 && d4 < 10 && matches!(byte(5), b',' | b'\n') {
            mantissa = u64::from(d0) * 1000 + u64::from(d2) * 100 + u64::from(d3) * 10 + u64::from(d4);
            (digits, frac, shaped) = (4, 3, true);
            pos += 5;
        }
    }
    if !shaped {
        loop {
            match data.get(pos) {
                Some(&b) if b.is_ascii_digit() => {
                    mantissa = mantissa.wrapping_mul(10).wrapping_add(u64::from(b - b'0'));
                    digits += 1;
                    frac += usize::from(dot);
                }
                Some(b'.') if !dot => dot = true,
                _ => break,
            }
            pos += 1;
        }
    }
    // In [0, 1] (the only range a number without a sign can miss):
    // `mantissa <= 10^frac`, checked on integers.
    if digits == 0 || digits > 15 || mantissa > POW10_INT.get(frac).copied().unwrap_or(0) {
        return None;
    }
    let value = match DECIMALS_AT.get(frac).and_then(|&at| decimals.get(at + mantissa as usize)) {
        Some(&v) => v,
        None => mantissa as f64 / POW10.get(frac).copied().unwrap_or(1.0),
    };
    Some((value, pos))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn fast_numbers_equal_std() {
        for s in ["0.5", ".5", "5.", "1", "0", "-0", "+0.25", "0.123456789012345", "123456789012345", "1e-1", "0.1"] {
            assert_eq!(parse_f64(s).map(f64::to_bits), s.parse::<f64>().ok().map(f64::to_bits), "{s}");
        }
        for s in ["", ".", "-", "1..2", "0x1", "1,5", "nan", "inf", "1 "] {
            assert_eq!(parse_f64(s).map(f64::to_bits), s.parse::<f64>().ok().map(f64::to_bits), "{s}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(5000))]
        /// The fast number parser gives `fast_decimal`'s value for every
        /// number it takes whole, and takes every plain decimal in [0, 1]
        /// of up to 15 digits; where it stops inside a field, the byte
        /// there is no field end, so the line goes the general way.
        #[test]
        fn fast_numbers_are_fast_decimal(field in "[0-9.+x-]{0,18}", end in proptest::sample::select(vec![",", "\n", ""])) {
            let data = format!("{field}{end}rest");
            let data = &data.as_bytes()[..field.len() + end.len()];
            let fast = fast_number(data, 0, decimals());
            let reference = fast_decimal(field.as_bytes())
                .filter(|v| (0.0..=1.0).contains(v) && !field.starts_with(['-', '+']));
            match fast {
                Some((v, at)) if at == field.len() => {
                    proptest::prop_assert_eq!(Some(v.to_bits()), reference.map(f64::to_bits));
                }
                Some((_, at)) => proptest::prop_assert!(!matches!(data.get(at), Some(b',' | b'\n') | None)),
                None => proptest::prop_assert!(reference.is_none() || field.len() > 16, "{field}"),
            }
        }
    }

    #[test]
    fn decimals_table_is_division() {
        for (k, p) in [1u64, 10, 100, 1000].into_iter().enumerate() {
            for m in 0..=p {
                assert_eq!(decimals()[DECIMALS_AT[k] + m as usize].to_bits(), (m as f64 / POW10[k]).to_bits());
            }
        }
    }

    proptest! {
        #[test]
        fn decimals_parse_like_std(int in 0u64..100_000, frac in 0u64..1_000_000, width in 0usize..7, neg: bool) {
            let s = format!("{}{int}.{frac:0width$}", if neg { "-" } else { "" });
            prop_assert_eq!(parse_f64(&s).map(f64::to_bits), s.parse::<f64>().ok().map(f64::to_bits));
        }
    }
}
