//! The JSON document of an analysis, written straight into bytes (and on
//! every core) instead of through `serde_json`'s pretty printer, with the
//! same bytes: two-space indentation, `"key": value`, numbers as `zmij`
//! (`serde_json`'s formatter) writes them, strings escaped as `serde_json` escapes them.
//!
//! The document:
//!
//! ```text
//! {
//!   "schema_version": 1,         (SCHEMA_VERSION)
//!   "model": "strongest",
//!   "thresholds": { "pole", "direction", "control", "skew", "bridge", ["poles", "model", "models"] },
//!   "rows": 41,                  (when read from a file: the read log's rows)
//!   "log": { "rows", "kept", "unknown_columns", "skipped": [{"line", "reason"}] },
//!   "teams": [ every TeamReport, as its `Serialize` gives it ]
//! }
//! ```

use std::fmt::Write as _;
use std::io::{self, Write};

use crate::analysis::disclosure::{OrgGroup, OrgReport};
use crate::analysis::findings::FindingKind;
use crate::analysis::report::{TeamReport, SCHEMA_VERSION};
use crate::analysis::streamed::{Reports, Scratch};
use crate::io::csvout::push_u64;
use crate::io::read::ReadLog;
use crate::util::ordered::write_ordered;

/// Teams formatted per batch.
const BATCH: usize = 512;

/// Whether some byte of `bytes` is `"`, `\\` or a control character
/// (below 0x20): eight bytes at a time.
fn needs_escape(bytes: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGH;
    let mut words = bytes.chunks_exact(8);
    for w in &mut words {
        let x = u64::from_le_bytes(<[u8; 8]>::try_from(w).unwrap_or_default());
        // A byte below 0x20 (and not 0x80 or above), a quote, a backslash.
        let low = x.wrapping_sub(ONES * 0x20) & !x & HIGH;
        if low | zero(x ^ (ONES * u64::from(b'"'))) | zero(x ^ (ONES * u64::from(b'\\'))) != 0 {
            return true;
        }
    }
    words.remainder().iter().any(|&b| b < 0x20 || b == b'"' || b == b'\\')
}

/// Appends `s` as a JSON string, escaped as `serde_json` escapes it.
pub(crate) fn push_str(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    let bytes = s.as_bytes();
    if !needs_escape(bytes) {
        out.extend_from_slice(bytes);
        out.push(b'"');
        return;
    }
    let mut from = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let esc: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0x08 => b"\\b",
            0x0C => b"\\f",
            0..=0x1F => b"",
            _ => continue,
        };
        out.extend_from_slice(bytes.get(from..i).unwrap_or_default());
        if esc.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.extend_from_slice(b"\\u00");
            out.push(HEX.get(usize::from(b >> 4)).copied().unwrap_or(b'0'));
            out.push(HEX.get(usize::from(b & 0xF)).copied().unwrap_or(b'0'));
        } else {
            out.extend_from_slice(esc);
        }
        from = i + 1;
    }
    out.extend_from_slice(bytes.get(from..).unwrap_or_default());
    out.push(b'"');
}

/// Appends a number as `serde_json` writes an `f64` (`null` when not finite).
pub(crate) fn push_f64(out: &mut Vec<u8>, x: f64) {
    if push_short(out, x) {
        return;
    }
    if x.is_finite() {
        out.extend_from_slice(zmij::Buffer::new().format_finite(x).as_bytes());
    } else {
        out.extend_from_slice(b"null");
    }
}

/// Writes `x` when it is a decimal of at most six places from 0 to 1e9
/// (most numbers of a report): what `zmij` writes, the shortest digits that
/// read back as `x` (unique at 15 significant digits or fewer), with `.0`
/// after an integer; `false` for anything else. Below 1e-5 `zmij` writes an
/// exponent, so those take the general path.
fn push_short(out: &mut Vec<u8>, x: f64) -> bool {
    if x == 0.0 && x.is_sign_positive() {
        out.extend_from_slice(b"0.0");
        return true;
    }
    if !(1e-5..1e9).contains(&x) {
        return false;
    }
    let n = (x * 1e6 + 0.5) as u64;
    if n as f64 / 1e6 != x {
        return false;
    }
    push_u64(out, n / 1_000_000);
    out.push(b'.');
    let mut frac = n % 1_000_000;
    if frac == 0 {
        out.push(b'0');
        return true;
    }
    let mut digits = [b'0'; 6];
    for d in digits.iter_mut().rev() {
        *d = b'0' + (frac % 10) as u8;
        frac /= 10;
    }
    let len = digits.iter().rposition(|&d| d != b'0').map_or(0, |i| i + 1);
    out.extend_from_slice(digits.get(..len).unwrap_or_default());
    true
}

/// A JSON object or array being written at some depth.
struct Pretty<'a> {
    out: &'a mut Vec<u8>,
}

impl Pretty<'_> {
    #[inline]
    fn indent(&mut self, depth: usize) {
        const SPACES: &[u8; 33] = b"\n                                ";
        match SPACES.get(..1 + 2 * depth) {
            Some(s) => self.out.extend_from_slice(s),
            None => {
                self.out.push(b'\n');
                self.out.extend(std::iter::repeat(b' ').take(2 * depth));
            }
        }
    }

    /// `"name": ` at `depth`, after a comma unless `first` (`name` is one
    /// of the document's keys: plain ASCII, nothing to escape).
    #[inline]
    fn key(&mut self, depth: usize, first: bool, name: &str) {
        if !first {
            self.out.push(b',');
        }
        self.indent(depth);
        self.out.push(b'"');
        self.out.extend_from_slice(name.as_bytes());
        self.out.extend_from_slice(b"\": ");
    }
}

/// Appends `team` as its `Serialize` writes it at `depth` (its `{` where the
/// cursor is); `text` is scratch for messages.
pub(crate) fn push_team(out: &mut Vec<u8>, t: &TeamReport, depth: usize, text: &mut String) {
    let mut p = Pretty { out };
    p.out.push(b'{');
    let d = depth + 1;
    p.key(d, true, "team");
    push_str(p.out, t.team());
    p.key(d, false, "level");
    push_str(p.out, level_str(t.level()));
    p.key(d, false, "members");
    push_u64(p.out, t.members());
    p.key(d, false, "active_members");
    push_u64(p.out, t.active_members());
    p.key(d, false, "total_weight");
    push_f64(p.out, t.total_weight());
    p.key(d, false, "model");
    push_str(p.out, t.model().as_str());
    p.key(d, false, "poles");
    if t.poles().len() == 0 {
        p.out.extend_from_slice(b"[]");
    } else {
        p.out.push(b'[');
        for (i, pole) in t.poles().enumerate() {
            if i > 0 {
                p.out.push(b',');
            }
            p.indent(d + 1);
            p.out.push(b'{');
            let e = d + 2;
            p.key(e, true, "pole");
            push_str(p.out, pole.pole());
            p.key(e, false, "side");
            push_str(p.out, pole.side().as_str());
            p.key(e, false, "coverage");
            push_f64(p.out, pole.coverage());
            p.key(e, false, "threshold");
            push_f64(p.out, pole.threshold());
            p.key(e, false, "depth");
            push_u64(p.out, pole.depth());
            p.key(e, false, "top_contributor");
            match pole.top_contributor() {
                Some(id) => push_str(p.out, id),
                None => p.out.extend_from_slice(b"null"),
            }
            p.key(e, false, "top_contribution");
            push_f64(p.out, pole.top_contribution());
            p.key(e, false, "coverage_without_top");
            push_f64(p.out, pole.coverage_without_top());
            if pole.model() != t.model() {
                p.key(e, false, "model");
                push_str(p.out, pole.model().as_str());
            }
            p.indent(d + 1);
            p.out.push(b'}');
        }
        p.indent(d);
        p.out.push(b']');
    }
    for (name, v) in
        [("direction", t.direction()), ("control", t.control()), ("balance", t.balance()), ("health", t.health())]
    {
        p.key(d, false, name);
        push_f64(p.out, v);
    }
    p.key(d, false, "findings");
    let findings = t.findings();
    if findings.is_empty() {
        p.out.extend_from_slice(b"[]");
    } else {
        p.out.push(b'[');
        for (i, f) in findings.iter().enumerate() {
            if i > 0 {
                p.out.push(b',');
            }
            p.indent(d + 1);
            p.out.push(b'{');
            let e = d + 2;
            p.key(e, true, "kind");
            push_str(p.out, f.kind().as_str());
            p.key(e, false, "severity");
            push_str(p.out, severity_str(f.kind()));
            if let Some(pole) = f.pole() {
                p.key(e, false, "pole");
                push_str(p.out, pole);
            }
            if let Some(side) = f.side() {
                p.key(e, false, "side");
                push_str(p.out, side.as_str());
            }
            if let Some(m) = f.member() {
                p.key(e, false, "member");
                push_str(p.out, m);
            }
            p.key(e, false, "value");
            push_f64(p.out, f.value());
            if let Some(c) = f.coverage() {
                p.key(e, false, "coverage");
                push_f64(p.out, c);
            }
            p.key(e, false, "threshold");
            push_f64(p.out, f.threshold());
            if let Some(c) = f.confidence() {
                p.key(e, false, "confidence");
                push_f64(p.out, c);
            }
            p.key(e, false, "message");
            text.clear();
            let _ = write!(text, "{f}");
            push_str(p.out, text);
            p.indent(d + 1);
            p.out.push(b'}');
        }
        p.indent(d);
        p.out.push(b']');
    }
    p.indent(depth);
    p.out.push(b'}');
}

fn level_str(level: crate::Level) -> &'static str {
    match level {
        crate::Level::Team => "team",
        crate::Level::Rollup => "rollup",
    }
}

fn severity_str(kind: FindingKind) -> &'static str {
    match kind.severity() {
        crate::Severity::Info => "info",
        crate::Severity::Warning => "warning",
        crate::Severity::Critical => "critical",
    }
}

/// Appends `t` as its `Serialize` writes it at `depth`.
fn push_thresholds(out: &mut Vec<u8>, t: &crate::Thresholds, depth: usize) {
    let mut p = Pretty { out };
    p.out.push(b'{');
    let d = depth + 1;
    for (i, (name, v)) in [
        ("pole", t.pole()),
        ("direction", t.direction()),
        ("control", t.control()),
        ("skew", t.skew()),
        ("bridge", t.bridge()),
    ]
    .into_iter()
    .enumerate()
    {
        p.key(d, i == 0, name);
        push_f64(p.out, v);
    }
    let (poles, model, models) = t.overrides();
    if !poles.is_empty() {
        p.key(d, false, "poles");
        p.out.push(b'{');
        for (i, (name, v)) in poles.iter().enumerate() {
            if i > 0 {
                p.out.push(b',');
            }
            p.indent(d + 1);
            push_str(p.out, name);
            p.out.extend_from_slice(b": ");
            push_f64(p.out, *v);
        }
        p.indent(d);
        p.out.push(b'}');
    }
    if let Some(m) = model {
        p.key(d, false, "model");
        push_str(p.out, m.as_str());
    }
    if !models.is_empty() {
        p.key(d, false, "models");
        p.out.push(b'{');
        for (i, (name, m)) in models.iter().enumerate() {
            if i > 0 {
                p.out.push(b',');
            }
            p.indent(d + 1);
            push_str(p.out, name);
            p.out.extend_from_slice(b": ");
            push_str(p.out, m.as_str());
        }
        p.indent(d);
        p.out.push(b'}');
    }
    p.indent(depth);
    p.out.push(b'}');
}

/// Appends the read log as its `Serialize` writes it at `depth`.
fn push_log(out: &mut Vec<u8>, log: &ReadLog, depth: usize) {
    let mut p = Pretty { out };
    p.out.push(b'{');
    let d = depth + 1;
    p.key(d, true, "rows");
    push_u64(p.out, log.rows());
    p.key(d, false, "kept");
    push_u64(p.out, log.kept());
    p.key(d, false, "unknown_columns");
    if log.unknown_columns().is_empty() {
        p.out.extend_from_slice(b"[]");
    } else {
        p.out.push(b'[');
        for (i, c) in log.unknown_columns().iter().enumerate() {
            if i > 0 {
                p.out.push(b',');
            }
            p.indent(d + 1);
            push_str(p.out, c);
        }
        p.indent(d);
        p.out.push(b']');
    }
    p.key(d, false, "skipped");
    if log.skipped().is_empty() {
        p.out.extend_from_slice(b"[]");
    } else {
        p.out.push(b'[');
        for (i, s) in log.skipped().iter().enumerate() {
            if i > 0 {
                p.out.push(b',');
            }
            p.indent(d + 1);
            p.out.push(b'{');
            p.key(d + 2, true, "line");
            push_u64(p.out, s.line());
            p.key(d + 2, false, "reason");
            push_str(p.out, &s.error().to_string());
            p.indent(d + 1);
            p.out.push(b'}');
        }
        p.indent(d);
        p.out.push(b']');
    }
    p.indent(depth);
    p.out.push(b'}');
}

/// Writes the document of `reports` (see the module docs), with the read
/// log when given, formatting on `threads` threads.
pub(crate) fn write_document<W: Write, S: Reports>(
    mut w: W,
    reports: &S,
    log: Option<&ReadLog>,
    threads: usize,
) -> io::Result<()> {
    let mut head = Vec::new();
    {
        let mut p = Pretty { out: &mut head };
        p.out.push(b'{');
        p.key(1, true, "schema_version");
        push_u64(p.out, u64::from(SCHEMA_VERSION));
        p.key(1, false, "model");
        push_str(p.out, reports.coverage_model().as_str());
        p.key(1, false, "thresholds");
        push_thresholds(p.out, reports.analysis_thresholds(), 1);
        if let Some(log) = log {
            p.key(1, false, "rows");
            push_u64(p.out, log.rows());
            p.key(1, false, "log");
            push_log(p.out, log, 1);
        }
        p.key(1, false, "teams");
    }
    let n = reports.count();
    if n == 0 {
        head.extend_from_slice(b"[]\n}\n");
        w.write_all(&head)?;
        return w.flush();
    }
    head.push(b'[');
    w.write_all(&head)?;
    write_ordered(&mut w, n, BATCH, threads, |range, out| {
        let (mut scratch, mut text) = (Scratch::default(), String::new());
        for i in range {
            if i > 0 {
                out.push(b',');
            }
            out.extend_from_slice(b"\n    ");
            reports.with_report(i, &mut scratch, |t| push_team(out, t, 2, &mut text));
        }
    })?;
    w.write_all(b"\n  ]\n}\n")?;
    w.flush()
}

/// Appends a shown or suppressed group of the organisation view at `depth`.
fn push_org_group(out: &mut Vec<u8>, g: &OrgGroup, depth: usize) {
    let mut p = Pretty { out };
    p.out.push(b'{');
    let d = depth + 1;
    p.key(d, true, "team");
    push_str(p.out, g.team());
    p.key(d, false, "level");
    push_str(p.out, level_str(g.level()));
    if let Some(reason) = g.suppression() {
        p.key(d, false, "suppressed");
        push_str(p.out, reason.as_str());
        p.indent(depth);
        p.out.push(b'}');
        return;
    }
    for (name, v) in [("members", g.members()), ("active_members", g.active_members())] {
        p.key(d, false, name);
        push_u64(p.out, v.unwrap_or(0));
    }
    p.key(d, false, "total_weight");
    push_f64(p.out, g.total_weight().unwrap_or(0.0));
    let model = g.model().unwrap_or_default();
    p.key(d, false, "model");
    push_str(p.out, model.as_str());
    p.key(d, false, "poles");
    if g.poles().is_empty() {
        p.out.extend_from_slice(b"[]");
    } else {
        p.out.push(b'[');
        for (i, pole) in g.poles().iter().enumerate() {
            if i > 0 {
                p.out.push(b',');
            }
            p.indent(d + 1);
            p.out.push(b'{');
            let e = d + 2;
            p.key(e, true, "pole");
            push_str(p.out, pole.pole());
            p.key(e, false, "side");
            push_str(p.out, pole.side().as_str());
            p.key(e, false, "coverage");
            push_f64(p.out, pole.coverage());
            p.key(e, false, "threshold");
            push_f64(p.out, pole.threshold());
            p.key(e, false, "depth");
            push_u64(p.out, pole.depth());
            if pole.model() != model {
                p.key(e, false, "model");
                push_str(p.out, pole.model().as_str());
            }
            p.indent(d + 1);
            p.out.push(b'}');
        }
        p.indent(d);
        p.out.push(b']');
    }
    for (name, v) in
        [("direction", g.direction()), ("control", g.control()), ("balance", g.balance()), ("health", g.health())]
    {
        p.key(d, false, name);
        push_f64(p.out, v.unwrap_or(0.0));
    }
    p.key(d, false, "findings");
    if g.findings().is_empty() {
        p.out.extend_from_slice(b"[]");
    } else {
        p.out.push(b'[');
        for (i, f) in g.findings().iter().enumerate() {
            if i > 0 {
                p.out.push(b',');
            }
            p.indent(d + 1);
            p.out.push(b'{');
            let e = d + 2;
            p.key(e, true, "kind");
            push_str(p.out, f.kind().as_str());
            p.key(e, false, "severity");
            push_str(p.out, severity_str(f.kind()));
            if let Some(pole) = f.pole() {
                p.key(e, false, "pole");
                push_str(p.out, pole);
            }
            if let Some(side) = f.side() {
                p.key(e, false, "side");
                push_str(p.out, side.as_str());
            }
            if let Some(v) = f.value() {
                p.key(e, false, "value");
                push_f64(p.out, v);
            }
            if let Some(c) = f.coverage() {
                p.key(e, false, "coverage");
                push_f64(p.out, c);
            }
            p.key(e, false, "threshold");
            push_f64(p.out, f.threshold());
            p.key(e, false, "message");
            push_str(p.out, &f.message());
            p.indent(d + 1);
            p.out.push(b'}');
        }
        p.indent(d);
        p.out.push(b']');
    }
    p.indent(depth);
    p.out.push(b'}');
}

/// Writes the document of the organisation view (see
/// [`OrgReport::write_json`](crate::OrgReport::write_json)).
pub(crate) fn write_org<W: Write>(mut w: W, org: &OrgReport) -> io::Result<()> {
    let mut out = Vec::new();
    {
        let mut p = Pretty { out: &mut out };
        p.out.push(b'{');
        p.key(1, true, "schema_version");
        push_u64(p.out, u64::from(SCHEMA_VERSION));
        p.key(1, false, "audience");
        push_str(p.out, "org");
        p.key(1, false, "min_group");
        push_u64(p.out, org.min_group());
        p.key(1, false, "model");
        push_str(p.out, org.model().as_str());
        p.key(1, false, "suppressed");
        push_u64(p.out, org.suppressed() as u64);
        p.key(1, false, "teams");
    }
    if org.groups().is_empty() {
        out.extend_from_slice(b"[]\n}\n");
        w.write_all(&out)?;
        return w.flush();
    }
    out.push(b'[');
    for (i, g) in org.groups().iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(b"\n    ");
        push_org_group(&mut out, g, 2);
        if out.len() >= 1 << 16 {
            w.write_all(&out)?;
            out.clear();
        }
    }
    out.extend_from_slice(b"\n  ]\n}\n");
    w.write_all(&out)?;
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_escape_as_serde_json() {
        for s in ["plain", "quote\" back\\slash", "\n\r\t\u{8}\u{c}", "\u{1}\u{1f}\u{7f}", "é ✓ \u{200b}", ""] {
            let mut out = Vec::new();
            push_str(&mut out, s);
            assert_eq!(String::from_utf8(out).unwrap(), serde_json::to_string(s).unwrap(), "{s:?}");
        }
    }

    #[test]
    fn numbers_write_as_serde_json() {
        let many = (0..200_000).map(|k| f64::from(k) / 1000.0 * 0.8).chain((0..2000).map(|k| f64::from(k) * 1e-6));
        for x in [0.0, 1.0, 0.5, 1e-7, 1e-5, 9.99e-6, 1e16, 1e9, 0.1 + 0.2, 123.456, f64::NAN, f64::INFINITY, -0.0]
            .into_iter()
            .chain(many)
        {
            let mut out = Vec::new();
            push_f64(&mut out, x);
            assert_eq!(String::from_utf8(out).unwrap(), serde_json::to_string(&x).unwrap(), "{x}");
        }
    }
}
