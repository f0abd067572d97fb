//! The text report a person reads in a terminal: an overview line per team,
//! then each team's scores, a bar per pole and its findings. Written team
//! by team, formatted on every core.
//!
//! Names, ids and messages come from the input: control characters in
//! them (an escape sequence, a carriage return that would overwrite the
//! line) are written escaped, as `\u{1b}`, so that a roster cannot drive
//! the terminal. Columns are padded by hand (no width limit).

use std::fmt::Write as _;
use std::io::{self, Write};

use crate::analysis::disclosure::{OrgReport, Suppression};
use crate::analysis::findings::Severity;
use crate::analysis::report::TeamReport;
use crate::analysis::streamed::{Reports, Scratch};
use crate::io::read::ReadLog;
use crate::model::tolerance::below;
use crate::util::fixed::Fixed2;
use crate::util::ordered::write_ordered;

/// Teams formatted per batch.
const BATCH: usize = 1024;

/// `s` with every control character and every invisible character that
/// changes how text looks (bidirectional overrides, zero-width spaces: see
/// [`crate::escape_controls`]) escaped as `\u{1b}`, for a terminal.
pub(crate) fn escaped(s: &str) -> std::borrow::Cow<'_, str> {
    // Control characters are below 0x20, 0x7F, or 0xC2 0x80..0x9F in UTF-8;
    // the format characters start with 0xE2 (U+2xxx) or 0xEF (U+FEFF).
    let maybe = |b: u8| b < 0x20 || b == 0x7F || b == 0xC2 || b == 0xE2 || b == 0xEF;
    if !s.bytes().any(maybe) || !s.chars().any(crate::error::is_unsafe_char) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if crate::error::is_unsafe_char(c) {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Appends `s` padded with spaces to `width` characters (left-aligned).
fn push_padded(out: &mut String, s: &str, width: usize) {
    out.push_str(s);
    let n = s.chars().count();
    out.extend(std::iter::repeat(' ').take(width.saturating_sub(n)));
}

/// Appends the findings of a team in a few words: `kind` or
/// `kind:detail` where a kind occurs once, `kind xN` where it occurs more
/// often; `ok` without findings.
fn push_overview(out: &mut String, t: &TeamReport) {
    let mut flagged = Vec::new();
    t.flagged(|f| flagged.push(f));
    if flagged.is_empty() {
        out.push_str("ok");
    }
    let mut i = 0;
    while let Some(f) = flagged.get(i) {
        let n = flagged.iter().skip(i).take_while(|g| g.kind == f.kind).count();
        if i > 0 {
            out.push_str(", ");
        }
        if n == 1 {
            f.push_flag_named(t.pole_names(), out);
        } else {
            let _ = write!(out, "{} x{n}", f.kind);
        }
        i += n;
    }
}

/// A bar of 20 cells for a value in [0, 1]: `full` cells then empty ones.
fn push_bar(out: &mut String, v: f64) {
    const FULL: &str = "████████████████████";
    const EMPTY: &str = "░░░░░░░░░░░░░░░░░░░░";
    let full = ((v.clamp(0.0, 1.0) * 20.0).round() as usize).min(20);
    // Each cell is 3 bytes of UTF-8.
    out.push_str(FULL.get(..3 * full).unwrap_or_default());
    out.push_str(EMPTY.get(..3 * (20 - full)).unwrap_or_default());
}

/// Appends one team's overview record for [`write_report`]: `1` when the
/// team lacks direction or control (else `0`), its escaped name, a NUL
/// byte (no escaped name holds one), the rest of its overview line.
fn push_record(out: &mut String, t: &TeamReport) {
    out.push(if t.severity_counts().0 > 0 { '1' } else { '0' });
    out.push_str(&escaped(t.team()));
    out.push('\0');
    let _ = write!(
        out,
        "  {:>7}  {:>9}  {:>7}  {:>6}  ",
        t.members(),
        Fixed2(t.direction()),
        Fixed2(t.control()),
        Fixed2(t.health()),
    );
    push_overview(out, t);
    out.push('\n');
}

/// Appends one team's block: scores, a bar per pole, findings.
fn push_block(out: &mut String, t: &TeamReport) {
    let _ = writeln!(out);
    let _ = writeln!(out, "== {} ({} members, total weight {}) ==", escaped(t.team()), t.members(), t.total_weight());
    let _ = writeln!(
        out,
        "direction {}   control {}   balance {}   health {}",
        Fixed2(t.direction()),
        Fixed2(t.control()),
        Fixed2(t.balance()),
        Fixed2(t.health())
    );
    let pw = t.poles().map(|p| p.pole().chars().count()).max().unwrap_or(0);
    for p in t.poles() {
        let mark = if below(p.coverage(), p.threshold()) { "  <- gap" } else { "" };
        out.push_str("  ");
        push_padded(out, p.pole(), pw);
        out.push(' ');
        push_padded(out, p.side().as_str(), 10);
        out.push_str("  ");
        push_bar(out, p.coverage());
        let _ = writeln!(
            out,
            " {}  depth {}  top {}{mark}",
            Fixed2(p.coverage()),
            p.depth(),
            escaped(p.top_contributor().unwrap_or("-")),
        );
    }
    let findings = t.findings();
    if findings.is_empty() {
        let _ = writeln!(out, "  no findings");
    }
    let mut message = String::new();
    for f in &findings {
        message.clear();
        let _ = write!(message, "{f}");
        let _ = writeln!(out, "  [{}] {}", f.severity(), escaped(&message));
    }
}

/// Appends the text `push` makes of each report in `range` to `out`.
fn each<S: Reports>(
    reports: &S,
    range: std::ops::Range<usize>,
    out: &mut Vec<u8>,
    mut push: impl FnMut(&mut String, &TeamReport),
) {
    let (mut scratch, mut text) = (Scratch::default(), String::new());
    for i in range {
        text.clear();
        reports.with_report(i, &mut scratch, |t| push(&mut text, t));
        out.extend_from_slice(text.as_bytes());
    }
}

/// Writes the text report of `reports`: a first line naming `source` (and
/// the rows read, from `log`), the overview table, then every team's block.
pub(crate) fn write_report<W: Write, S: Reports>(
    mut w: W,
    reports: &S,
    source: &str,
    log: Option<&ReadLog>,
    threads: usize,
) -> io::Result<()> {
    let n = reports.count();
    // A first pass (on every core) for the widest name and how many teams
    // lack direction or control, keeping a few bytes a team: the overview
    // lines are made again when written, so that memory does not hold
    // every name (a million teams, or the rollups of a path 20,000 levels
    // deep, whose names add up to the square of its length).
    let mut measures = Vec::new();
    write_ordered(&mut measures, n, BATCH, threads, |range, out| {
        each(reports, range, out, |text, t| {
            let critical = t.severity_counts().0 > 0;
            let _ = writeln!(text, "{}{}", u8::from(critical), escaped(t.team()).chars().count());
        });
    })?;
    let (mut width, mut critical) = (4usize, 0usize);
    for m in measures.split(|&b| b == b'\n') {
        if let Some((&flag, digits)) = m.split_first() {
            critical += usize::from(flag == b'1');
            let w: usize = std::str::from_utf8(digits).ok().and_then(|d| d.parse().ok()).unwrap_or(0);
            width = width.max(w);
        }
    }
    drop(measures);
    let mut head = String::new();
    let _ = write!(head, "{}: ", escaped(source));
    if let Some(log) = log {
        let _ = write!(head, "{} rows, ", log.rows());
    }
    let _ = writeln!(head, "{n} teams, model {}; {critical} teams lack direction or control", reports.coverage_model());
    let _ = writeln!(head);
    push_padded(&mut head, "team", width);
    let _ = writeln!(head, "  members  direction  control  health  findings");
    w.write_all(head.as_bytes())?;
    write_ordered(&mut w, n, BATCH, threads, |range, out| {
        let mut record = String::new();
        each(reports, range, out, |line, t| {
            record.clear();
            push_record(&mut record, t);
            if let Some((name, rest)) = record.split_once('\0') {
                push_padded(line, name.get(1..).unwrap_or_default(), width);
                line.push_str(rest);
            }
        });
    })?;
    write_ordered(&mut w, n, BATCH, threads, |range, out| each(reports, range, out, push_block))?;
    w.flush()
}

/// Why a suppressed group is not shown, in a few words.
fn suppressed_reason(reason: Suppression, k: u64) -> String {
    match reason {
        Suppression::Primary => format!("fewer than {k} active members"),
        _ => "would let a smaller group be worked out".to_string(),
    }
}

/// Writes the text report of the organisation view: a first line naming
/// `source`, the overview table (suppressed groups marked), a block per
/// group, a note on the rule.
pub(crate) fn write_org<W: Write>(mut w: W, org: &OrgReport, source: &str) -> io::Result<()> {
    let groups = org.groups();
    let k = org.min_group();
    let critical = groups.iter().filter(|g| g.findings().iter().any(|f| f.severity() == Severity::Critical)).count();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}: {} teams, model {}, audience org: {} suppressed (groups under {k} active members, and what would give them away); {critical} shown teams lack direction or control",
        escaped(source),
        groups.len(),
        org.model(),
        org.suppressed()
    );
    let _ = writeln!(out);
    let width = groups.iter().map(|g| escaped(g.team()).chars().count()).max().unwrap_or(0).max(4);
    push_padded(&mut out, "team", width);
    let _ = writeln!(out, "  members  direction  control  health  findings");
    for g in groups {
        push_padded(&mut out, &escaped(g.team()), width);
        match (g.members(), g.direction(), g.control(), g.health()) {
            (Some(m), Some(d), Some(c), Some(h)) => {
                let _ = write!(out, "  {m:>7}  {:>9}  {:>7}  {:>6}  ", Fixed2(d), Fixed2(c), Fixed2(h));
                let mut i = 0;
                let findings = g.findings();
                if findings.is_empty() {
                    out.push_str("ok");
                }
                while let Some(f) = findings.get(i) {
                    let n = findings.iter().skip(i).take_while(|x| x.kind() == f.kind()).count();
                    if i > 0 {
                        out.push_str(", ");
                    }
                    if n == 1 {
                        out.push_str(&f.flag());
                    } else {
                        let _ = write!(out, "{} x{n}", f.kind());
                    }
                    i += n;
                }
                out.push('\n');
            }
            _ => {
                let _ = writeln!(out, "  {:>7}  {:>9}  {:>7}  {:>6}  suppressed", "-", "-", "-", "-");
            }
        }
    }
    w.write_all(out.as_bytes())?;
    for g in groups {
        out.clear();
        let _ = writeln!(out);
        if let Some(reason) = g.suppression() {
            let _ = writeln!(out, "== {}: suppressed ({}) ==", escaped(g.team()), suppressed_reason(reason, k));
            w.write_all(out.as_bytes())?;
            continue;
        }
        let _ = writeln!(
            out,
            "== {} ({} members, total weight {}) ==",
            escaped(g.team()),
            g.members().unwrap_or(0),
            g.total_weight().unwrap_or(0.0)
        );
        let _ = writeln!(
            out,
            "direction {}   control {}   balance {}   health {}",
            Fixed2(g.direction().unwrap_or(0.0)),
            Fixed2(g.control().unwrap_or(0.0)),
            Fixed2(g.balance().unwrap_or(0.0)),
            Fixed2(g.health().unwrap_or(0.0))
        );
        let pw = g.poles().iter().map(|p| p.pole().chars().count()).max().unwrap_or(0);
        for p in g.poles() {
            let mark = if below(p.coverage(), p.threshold()) { "  <- gap" } else { "" };
            out.push_str("  ");
            push_padded(&mut out, p.pole(), pw);
            out.push(' ');
            push_padded(&mut out, p.side().as_str(), 10);
            out.push_str("  ");
            push_bar(&mut out, p.coverage());
            let _ = writeln!(out, " {}  depth {}{mark}", Fixed2(p.coverage()), p.depth());
        }
        if g.findings().is_empty() {
            let _ = writeln!(out, "  no findings");
        }
        for f in g.findings() {
            let _ = writeln!(out, "  [{}] {}", f.severity(), escaped(&f.message()));
        }
        w.write_all(out.as_bytes())?;
    }
    out.clear();
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "Audience org: no member is named and no number is one member's. A team or rollup with fewer than {k} \
         active members is suppressed (primary suppression), and so is any other group whose numbers would let \
         a suppressed group, or fewer than {k} members, be worked out by subtraction (complementary suppression)."
    );
    w.write_all(out.as_bytes())?;
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(escaped("Lab"), "Lab");
        assert_eq!(escaped("\u{1b}]8;;http://x\u{7}link\r"), "\\u{1b}]8;;http://x\\u{7}link\\u{d}");
        assert_eq!(escaped("é\u{9b}"), "é\\u{9b}");
    }

    #[test]
    fn long_names_pad_without_a_width_limit() {
        let long = "x".repeat(70_000);
        let mut out = String::new();
        push_padded(&mut out, &long, 70_002);
        assert_eq!(out.len(), 70_002);
    }
}
