//! Writing CSV rows fast, byte for byte what the `csv` crate's writer with
//! its defaults and `Display` for numbers give: the summary table's rows
//! for [`Report::write_summary_csv`](crate::Report::write_summary_csv)
//! and the streaming [`Summary`](crate::Summary).

/// Appends `field`, quoted (with `"` doubled) when it holds a `,`, a `"`,
/// a `\r` or a `\n`, as `csv::Writer` does by default.
pub(crate) fn push_field(out: &mut Vec<u8>, field: &[u8]) {
    if !needs_quotes(field) {
        out.extend_from_slice(field);
        return;
    }
    out.push(b'"');
    for &b in field {
        if b == b'"' {
            out.push(b'"');
        }
        out.push(b);
    }
    out.push(b'"');
}

/// Whether `field` holds a `,`, a `"`, a `\r` or a `\n`; eight bytes at a time.
fn needs_quotes(field: &[u8]) -> bool {
    use crate::io::read::bytes_equal;
    let mut words = field.chunks_exact(8);
    for word in &mut words {
        let x = u64::from_le_bytes(<[u8; 8]>::try_from(word).unwrap_or_default());
        if bytes_equal(x, b',') | bytes_equal(x, b'"') | bytes_equal(x, b'\r') | bytes_equal(x, b'\n') != 0 {
            return true;
        }
    }
    words.remainder().iter().any(|b| matches!(b, b',' | b'"' | b'\r' | b'\n'))
}

/// What a CSV output does with a text cell that a spreadsheet would take
/// for a formula: one that begins with `=`, `+`, `-`, `@`, a tab or a
/// carriage return (OWASP, "CSV Injection").
///
/// The default is [`CsvFormulas::Neutralize`]: the names, ids and teams a
/// CSV output holds come from files others wrote (HR exports, survey
/// answers), and analysts open these outputs in Excel, where a team named
/// `=HYPERLINK("http://evil","click")` or `@SUM(1+1)*cmd|' /C calc'!A0`
/// would run. Such a cell is written as OWASP advises, with a `'` before
/// it (`'=HYPERLINK(...`, quoted by the CSV rules where it holds a comma
/// or a quote), which a spreadsheet shows as text. A cell that is a plain number (`-0.5`, `+3`, `-1e-3`) stays as
/// it is: it is a number to a spreadsheet, not a formula, and the numeric
/// columns are numbers written by the crate anyway. The cost: a program
/// reading the CSV back gets `'=x` for a text cell `=x` (rare in names);
/// [`CsvFormulas::Keep`] writes every cell as it is, for exact round trips
/// (the examples' `--csv-formulas keep`).
///
/// ```
/// use rolebalance::{neutralize_formula, CsvFormulas};
/// assert_eq!(CsvFormulas::default(), CsvFormulas::Neutralize);
/// assert_eq!(neutralize_formula("=1+1"), "'=1+1");
/// assert_eq!(neutralize_formula("-0.5"), "-0.5");
/// assert_eq!(neutralize_formula("Ops"), "Ops");
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CsvFormulas {
    /// A text cell beginning with `=`, `+`, `-`, `@`, tab or CR gets a `'`
    /// before it (and quotes); plain numbers are left as they are.
    #[default]
    Neutralize,
    /// Every cell as it is.
    Keep,
}

/// Whether a spreadsheet could take `field` for a formula: it begins with
/// `=`, `+`, `-`, `@`, a tab or a carriage return and is not a plain number.
pub(crate) fn is_formula(field: &[u8]) -> bool {
    matches!(field.first(), Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')) && !is_plain_number(field)
}

/// `[+-]digits[.digits][(e|E)[+-]digits]`, with at least one digit before
/// the exponent: what a spreadsheet reads as a number.
fn is_plain_number(field: &[u8]) -> bool {
    let rest = field.strip_prefix(b"-").or_else(|| field.strip_prefix(b"+")).unwrap_or(field);
    let mantissa_end = rest.iter().position(|&b| b == b'e' || b == b'E').unwrap_or(rest.len());
    let (mantissa, exponent) = rest.split_at(mantissa_end);
    let mut parts = mantissa.splitn(2, |&b| b == b'.');
    let int = parts.next().unwrap_or_default();
    let frac = parts.next().unwrap_or_default();
    let digits = |s: &[u8]| s.iter().all(u8::is_ascii_digit);
    let mantissa_ok = digits(int) && digits(frac) && (int.len() + frac.len()) > 0;
    let exponent_ok = match exponent.get(1..) {
        None => true,
        Some(e) => {
            let e = e.strip_prefix(b"-").or_else(|| e.strip_prefix(b"+")).unwrap_or(e);
            !e.is_empty() && digits(e)
        }
    };
    mantissa_ok && exponent_ok
}

/// `field` as a CSV output writes it under [`CsvFormulas::Neutralize`]: with
/// a `'` before it when a spreadsheet could take it for a formula (see
/// [`CsvFormulas`]); borrowed otherwise. For a program's own CSV outputs
/// of the input's text.
pub fn neutralize_formula(field: &str) -> std::borrow::Cow<'_, str> {
    if is_formula(field.as_bytes()) {
        std::borrow::Cow::Owned(format!("'{field}"))
    } else {
        std::borrow::Cow::Borrowed(field)
    }
}

/// Appends a text cell under `formulas`: [`push_field`], a formula with a
/// `'` before it.
pub(crate) fn push_text(out: &mut Vec<u8>, field: &[u8], formulas: CsvFormulas) {
    if formulas == CsvFormulas::Neutralize && is_formula(field) {
        let mut cell = Vec::with_capacity(field.len() + 1);
        cell.push(b'\'');
        cell.extend_from_slice(field);
        push_field(out, &cell);
    } else {
        push_field(out, field);
    }
}

/// Appends `n` in decimal.
pub(crate) fn push_u64(out: &mut Vec<u8>, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        if let Some(d) = digits.get_mut(i) {
            *d = b'0' + (n % 10) as u8;
        }
        n /= 10;
        if n == 0 || i == 0 {
            break;
        }
    }
    out.extend_from_slice(digits.get(i..).unwrap_or_default());
}

/// Appends `x` with the shortest digits that read back as `x` (from `ryu`),
/// in positional notation (`0.0000001`, `1`, `15000000000000000`): what
/// `format!("{x}")` writes, except that when two shortest forms are equally
/// close to `x` (`634487005295533.25` between `…533.2` and `…533.3`) this
/// one takes the even last digit, as `ryu` and `serde_json` do.
pub(crate) fn push_f64(out: &mut Vec<u8>, x: f64) {
    if !push_short(out, x) {
        push_ryu(out, x);
    }
}

/// Appends `x` when it lies in (0, 10^9) and its shortest digits have at
/// most six decimals (most summary numbers: `4.35`, `0.415125`), without
/// `ryu`; `false` (nothing appended) otherwise.
///
/// Such an `x` is the `f64` nearest `n / 10^6` for exactly one integer
/// `n`: two numbers with six decimals are 10^-6 apart, more than the
/// numbers that round to one `f64` below 10^9 span. So that decimal, its
/// trailing zeros dropped, is the shortest that reads back as `x`, which
/// is what `ryu` writes; `x * 10^6` rounds to `n` and the division checks it.
fn push_short(out: &mut Vec<u8>, x: f64) -> bool {
    if !(x > 0.0 && x < 1e9) {
        return false;
    }
    // Rounded to the nearest (`f64::round` is a library call); a wrong `n`
    // would only fail the check.
    let n = (x * 1e6 + 0.5) as u64;
    if n as f64 / 1e6 != x {
        return false;
    }
    push_u64(out, n / 1_000_000);
    let mut frac = n % 1_000_000;
    if frac != 0 {
        let mut digits = [b'0'; 6];
        for d in digits.iter_mut().rev() {
            *d = b'0' + (frac % 10) as u8;
            frac /= 10;
        }
        let len = digits.iter().rposition(|&d| d != b'0').map_or(0, |i| i + 1);
        out.push(b'.');
        out.extend_from_slice(digits.get(..len).unwrap_or_default());
    }
    true
}

/// [`push_f64`] through `ryu`, for any `x`.
fn push_ryu(out: &mut Vec<u8>, x: f64) {
    if !x.is_finite() {
        out.extend_from_slice(format!("{x}").as_bytes());
        return;
    }
    let mut buf = ryu::Buffer::new();
    let text = buf.format_finite(x).as_bytes();
    // Between 1e-5 and 1e16 `ryu` writes positional notation already, with
    // `.0` after an integer.
    if !text.contains(&b'e') {
        out.extend_from_slice(text.strip_suffix(b".0").unwrap_or(text));
        return;
    }
    let (negative, text) = match text.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, text),
    };
    // `ryu` writes `D.DDD`, `DDD.D` or `0.00DDD`, with `eN` after it when the
    // exponent is large: collect the digits and where the point goes.
    let (mantissa, exponent) = match text.iter().position(|&b| b == b'e') {
        Some(e) => {
            let exp = std::str::from_utf8(text.get(e + 1..).unwrap_or_default()).ok().and_then(|t| t.parse().ok());
            (text.get(..e).unwrap_or_default(), exp.unwrap_or(0i32))
        }
        None => (text, 0),
    };
    let mut digits = [0u8; 40];
    let mut n = 0;
    let mut point = None;
    for &b in mantissa {
        if b == b'.' {
            point = Some(n);
        } else if let Some(d) = digits.get_mut(n) {
            *d = b;
            n += 1;
        }
    }
    let mut point = point.unwrap_or(n) as i32 + exponent;
    let mut digits = digits.get(..n).unwrap_or_default();
    while let Some((b'0', rest)) = digits.split_first() {
        digits = rest;
        point -= 1;
    }
    while let Some((b'0', rest)) = digits.split_last() {
        digits = rest;
    }
    if negative {
        out.push(b'-');
    }
    let len = digits.len() as i32;
    if digits.is_empty() {
        out.push(b'0');
    } else if point <= 0 {
        out.extend_from_slice(b"0.");
        out.extend(std::iter::repeat(b'0').take((-point) as usize));
        out.extend_from_slice(digits);
    } else if point >= len {
        out.extend_from_slice(digits);
        out.extend(std::iter::repeat(b'0').take((point - len) as usize));
    } else {
        let (int, frac) = digits.split_at(point as usize);
        out.extend_from_slice(int);
        out.push(b'.');
        out.extend_from_slice(frac);
    }
}

/// The header of the summary table.
pub(crate) const SUMMARY_HEADER: &[u8] = b"team,members,total_weight,direction,control,balance,flags\n";

/// Appends one row of the summary table.
#[allow(clippy::too_many_arguments)]
pub(crate) fn push_summary_row(
    out: &mut Vec<u8>,
    team: &[u8],
    members: u64,
    total_weight: f64,
    direction: f64,
    control: f64,
    balance: f64,
    flags: &str,
    formulas: CsvFormulas,
) {
    push_text(out, team, formulas);
    out.push(b',');
    push_u64(out, members);
    for x in [total_weight, direction, control, balance] {
        out.push(b',');
        push_f64(out, x);
    }
    out.push(b',');
    push_field(out, flags.as_bytes());
    out.push(b'\n');
}

impl crate::model::roster::Roster {
    /// Writes the roster as CSV in the pole-strength form: `id,name,team,weight`
    /// and one column per pole, numbers as Rust writes them (`0.5`, `1`).
    ///
    /// # Errors
    ///
    /// The writer's I/O errors.
    ///
    /// ```
    /// let roster: rolebalance::Roster = [rolebalance::Member::new("a", "T", [0.5; 8])?].into_iter().collect();
    /// let mut out = Vec::new();
    /// roster.write_csv(&mut out)?;
    /// assert!(String::from_utf8(out)?.starts_with("id,name,team,weight,inspire,organize"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn write_csv<W: std::io::Write>(&self, writer: W) -> std::io::Result<()> {
        self.write_csv_with(writer, CsvFormulas::default())
    }

    /// [`Roster::write_csv`](crate::Roster::write_csv), with a choice of what to do with ids, names
    /// and teams a spreadsheet would take for formulas: the default
    /// ([`crate::CsvFormulas::Neutralize`]) writes `=x` as `'=x`;
    /// [`crate::CsvFormulas::Keep`] writes every cell as it is, so that the
    /// file reads back into the same roster.
    ///
    /// # Errors
    ///
    /// The writer's I/O errors.
    ///
    /// ```
    /// use rolebalance::{CsvFormulas, Member, Roster};
    /// let roster: Roster = [Member::new("@cmd", "T", [0.5; 8])?].into_iter().collect();
    /// let (mut safe, mut kept) = (Vec::new(), Vec::new());
    /// roster.write_csv(&mut safe)?;
    /// roster.write_csv_with(&mut kept, CsvFormulas::Keep)?;
    /// assert!(String::from_utf8(safe)?.contains("\n'@cmd,,T,1,"));
    /// assert!(String::from_utf8(kept)?.contains("\n@cmd,,T,1,"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn write_csv_with<W: std::io::Write>(&self, writer: W, formulas: CsvFormulas) -> std::io::Result<()> {
        let text = |s: &str| -> String {
            match formulas {
                CsvFormulas::Keep => s.to_string(),
                _ => neutralize_formula(s).into_owned(),
            }
        };
        let mut w = csv::Writer::from_writer(writer);
        // An error of the writer underneath keeps its kind (a closed pipe
        // stays `BrokenPipe`, so a program can end quietly on it).
        let map = |e: csv::Error| {
            let shown = e.to_string();
            match e.into_kind() {
                csv::ErrorKind::Io(e) => e,
                _ => std::io::Error::other(shown),
            }
        };
        let mut header = vec!["id".to_string(), "name".to_string(), "team".to_string(), "weight".to_string()];
        header.extend(self.framework().pole_names().map(str::to_string));
        w.write_record(&header).map_err(map)?;
        for m in self.iter() {
            let mut rec = vec![text(m.id()), text(m.name().unwrap_or("")), text(m.team()), m.weight().to_string()];
            rec.extend(m.strengths().iter().map(f64::to_string));
            w.write_record(&rec).map_err(map)?;
        }
        w.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn shown(x: f64) -> String {
        let mut out = Vec::new();
        push_f64(&mut out, x);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn floats_as_display_writes_them() {
        let edges = [
            0.0,
            -0.0,
            1.0,
            -1.0,
            0.5,
            0.1 + 0.2,
            1e-7,
            1.5e-5,
            1e15,
            1e16,
            1.5e16,
            1e17,
            123456789012345680.0,
            f64::MIN_POSITIVE,
            5e-324,
            f64::MAX,
            f64::MIN,
            f64::EPSILON,
            0.625,
            2.0 / 3.0,
            1e300,
            1e-300,
            100.0,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ];
        for x in edges {
            assert_eq!(shown(x), format!("{x}"), "{x:e}");
        }
        // Every power of ten and its neighbours.
        for e in -325..=308 {
            let x: f64 = format!("1e{e}").parse().unwrap();
            for y in [x, f64::from_bits(x.to_bits() + 1), f64::from_bits(x.to_bits().saturating_sub(1))] {
                assert_eq!(shown(y), format!("{y}"), "{y:e}");
            }
        }
    }

    #[test]
    fn integers_and_fields() {
        for n in [0, 1, 9, 10, 99, 100, 12345, u64::MAX] {
            let mut out = Vec::new();
            push_u64(&mut out, n);
            assert_eq!(out, n.to_string().as_bytes());
        }
        let mut out = Vec::new();
        for f in ["plain", "a,b", "say \"hi\"", "line\nbreak", "cr\r", ""] {
            push_field(&mut out, f.as_bytes());
            out.push(b'|');
        }
        assert_eq!(out, b"plain|\"a,b\"|\"say \"\"hi\"\"\"|\"line\nbreak\"|\"cr\r\"||");
    }

    #[test]
    fn rows_as_the_csv_crate_writes_them() {
        let rows = [
            ("A/B", 3u64, 2.5, 0.5, 0.25, 0.75, "no_control;uncovered_pole:vision"),
            ("x,\"y\"", 0, 0.0, 0.0, 0.0, 1.0, ""),
        ];
        let mut ours = SUMMARY_HEADER.to_vec();
        let mut theirs = csv::Writer::from_writer(Vec::new());
        theirs.write_record(["team", "members", "total_weight", "direction", "control", "balance", "flags"]).unwrap();
        for (team, members, w, d, c, b, flags) in rows {
            push_summary_row(&mut ours, team.as_bytes(), members, w, d, c, b, flags, CsvFormulas::Keep);
            let nums = [w, d, c, b].map(|x| x.to_string());
            theirs.write_record([team, &members.to_string(), &nums[0], &nums[1], &nums[2], &nums[3], flags]).unwrap();
        }
        assert_eq!(String::from_utf8(ours).unwrap(), String::from_utf8(theirs.into_inner().unwrap()).unwrap());
    }

    /// Whether `x` lies exactly halfway between `a` and `b` (decimal
    /// strings); checked with scaled integers, for the cases of the tests.
    fn halfway(x: f64, a: &str, b: &str) -> bool {
        let scale = |t: &str| -> (i128, usize) {
            let (int, frac) = t.split_once('.').unwrap_or((t, ""));
            (format!("{int}{frac}").parse().unwrap(), frac.len())
        };
        let ((a, fa), (b, fb)) = (scale(a), scale(b));
        if fa != fb || fa > 20 {
            return false;
        }
        // x * 10^fa * 2 == a + b, with x = m * 2^e exact.
        let (m, e, _) = num_parts(x);
        let Some(lhs) = 10i128.checked_pow(fa as u32).and_then(|p| p.checked_mul(2 * i128::from(m))) else {
            return false;
        };
        let rhs = a + b;
        if e >= 0 {
            e < 64 && lhs.checked_mul(1i128 << e) == Some(rhs)
        } else {
            -e < 64 && rhs.checked_mul(1i128 << -e) == Some(lhs)
        }
    }

    fn num_parts(x: f64) -> (u64, i32, bool) {
        let bits = x.abs().to_bits();
        let exp = ((bits >> 52) & 0x7FF) as i32;
        let frac = bits & ((1 << 52) - 1);
        if exp == 0 {
            (frac, -1074, x < 0.0)
        } else {
            (frac | (1 << 52), exp - 1075, x < 0.0)
        }
    }

    /// Ours reads back as `x`, has no exponent, has as many digits as
    /// `Display`'s, and where it differs, both are equally close to `x`.
    fn check(x: f64) -> Result<(), TestCaseError> {
        let ours = shown(x);
        let theirs = format!("{x}");
        if ours == theirs {
            return Ok(());
        }
        prop_assert!(x.is_finite() && !ours.contains('e'));
        prop_assert_eq!(ours.parse::<f64>().unwrap().to_bits(), x.to_bits());
        prop_assert_eq!(ours.len(), theirs.len(), "{} {}", ours, theirs);
        prop_assert!(
            halfway(x.abs(), ours.trim_start_matches('-'), theirs.trim_start_matches('-')),
            "{} {}",
            ours,
            theirs
        );
        Ok(())
    }

    #[test]
    fn ties_take_the_even_digit() {
        let x: f64 = "634487005295533.25".parse().unwrap();
        assert_eq!(shown(x), "634487005295533.2");
        assert_eq!(format!("{x}"), "634487005295533.3");
        check(x).unwrap();
    }

    /// What [`push_short`] writes, if it writes.
    fn short(x: f64) -> Option<String> {
        let mut out = Vec::new();
        push_short(&mut out, x).then(|| String::from_utf8(out).unwrap())
    }

    /// What `ryu` gives, in positional notation.
    fn by_ryu(x: f64) -> String {
        let mut out = Vec::new();
        push_ryu(&mut out, x);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn short_numbers_skip_ryu_only_when_ryu_has_six_decimals_or_fewer() {
        for (x, want) in [
            (4.35, Some("4.35")),
            (0.415125, Some("0.415125")),
            (1.0, Some("1")),
            (0.000001, Some("0.000001")),
            (999_999_999.999999, Some("999999999.999999")),
            (0.1 + 0.2, None),
            (0.0000001, None),
            (1e9, None),
            (0.0, None),
            (-0.5, None),
            (f64::NAN, None),
        ] {
            assert_eq!(short(x).as_deref(), want, "{x}");
            if let Some(w) = want {
                assert_eq!(by_ryu(x), w);
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20_000))]
        #[test]
        fn short_numbers_as_ryu_writes_them(m in 0u64..1_000_000_000_000_000, k in 0u32..10, sum in 0usize..4) {
            // Decimals, and the sums and products a summary makes of them.
            let x = m as f64 / 10f64.powi(k as i32);
            let x = match sum {
                0 => x,
                1 => x * 0.725,
                2 => (x + 0.1) / 3.0,
                _ => x / 1e6,
            };
            let ryu = by_ryu(x);
            match short(x) {
                Some(s) => prop_assert_eq!(s, ryu),
                None => {
                    let decimals = ryu.split_once('.').map_or(0, |(_, f)| f.len());
                    prop_assert!(!(x > 0.0 && x < 1e9) || decimals > 6, "{} {}", x, ryu);
                }
            }
        }

        #[test]
        fn quotes_where_a_byte_needs_them(field in proptest::collection::vec(proptest::sample::select(b"ab,\"\r\n/ \xC3".to_vec()), 0..40)) {
            let special = field.iter().any(|b| matches!(b, b',' | b'"' | b'\r' | b'\n'));
            prop_assert_eq!(needs_quotes(&field), special);
        }

        #[test]
        fn any_float_as_display(bits: u64) {
            check(f64::from_bits(bits))?;
        }

        #[test]
        fn decimal_floats_as_display(m in 0u64..10_000_000_000_000_000, e in -30i32..30) {
            check(format!("{m}e{e}").parse().unwrap())?;
        }
    }
}
