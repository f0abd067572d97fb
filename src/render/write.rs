//! The writers of [`Report`] and [`Analysis`]: JSON, text and the summary
//! table, the same bytes from either.

use std::io;

use crate::analysis::disclosure::OrgReport;
use crate::analysis::report::Report;
use crate::analysis::streamed::Analysis;
use crate::io::read::ReadLog;

impl Report {
    /// Writes the reports as one JSON document: `{"model", ["rows", "log"],
    /// "teams"}`, pretty-printed (two-space indentation), each team as its
    /// [`Serialize`](serde::Serialize) gives it; `rows` and `log` when a
    /// read log is given. The bytes `serde_json::to_writer_pretty` writes,
    /// formatted on every core.
    ///
    /// # Errors
    ///
    /// The writer's I/O errors.
    ///
    /// ```
    /// # use rolebalance::{Analyzer, Member, Roster};
    /// let roster: Roster = [Member::new("a", "T", [0.9; 8])?].into_iter().collect();
    /// let report = Analyzer::new().analyze(&roster)?;
    /// let mut out = Vec::new();
    /// report.write_json(&mut out, None)?;
    /// let doc: serde_json::Value = serde_json::from_slice(&out)?;
    /// assert_eq!(doc["teams"][0]["team"], "T");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn write_json<W: io::Write>(&self, writer: W, log: Option<&ReadLog>) -> io::Result<()> {
        crate::render::json::write_document(writer, self, log, threads())
    }

    /// Writes the text report a person reads: a first line naming `source`
    /// (with the rows read, when a read log is given), an overview line per
    /// team, then each team's scores, a bar per pole and its findings.
    /// Control characters of names and ids are written escaped.
    ///
    /// # Errors
    ///
    /// The writer's I/O errors.
    ///
    /// ```
    /// # use rolebalance::{Analyzer, Member, Roster};
    /// let roster: Roster = [Member::new("a", "Lab", [0.9; 8])?].into_iter().collect();
    /// let report = Analyzer::new().analyze(&roster)?;
    /// let mut out = Vec::new();
    /// report.write_text(&mut out, "my roster", None)?;
    /// let text = String::from_utf8(out)?;
    /// assert!(text.starts_with("my roster: 1 teams, model strongest; 0 teams lack direction or control"));
    /// assert!(text.contains("== Lab (1 members, total weight 1) =="));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn write_text<W: io::Write>(&self, writer: W, source: &str, log: Option<&ReadLog>) -> io::Result<()> {
        crate::render::text::write_report(writer, self, source, log, threads())
    }
}

impl Analysis {
    /// Writes the reports as one JSON document, as [`Report::write_json`]
    /// does, making each report only as it is written.
    ///
    /// # Errors
    ///
    /// The writer's I/O errors.
    ///
    /// ```
    /// # use rolebalance::{Analyzer, ReaderBuilder};
    /// let csv = "id,team,purpose,horizon,focus,risk\na,T,1,1,1,1\n";
    /// let (analysis, log) = ReaderBuilder::new().analysis(csv.as_bytes(), &Analyzer::new())?;
    /// let (report, _) = ReaderBuilder::new().analyze(csv.as_bytes(), &Analyzer::new())?;
    /// let (mut a, mut b) = (Vec::new(), Vec::new());
    /// analysis.write_json(&mut a, Some(&log))?;
    /// report.write_json(&mut b, Some(&log))?;
    /// assert_eq!(a, b);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn write_json<W: io::Write>(&self, writer: W, log: Option<&ReadLog>) -> io::Result<()> {
        crate::render::json::write_document(writer, self, log, self.threads())
    }

    /// Writes the text report, as [`Report::write_text`] does, making each
    /// report only as it is written.
    ///
    /// # Errors
    ///
    /// The writer's I/O errors.
    ///
    /// ```
    /// # use rolebalance::{Analyzer, ReaderBuilder};
    /// let csv = "id,team,purpose,horizon,focus,risk\na,T,1,1,1,1\n";
    /// let (analysis, log) = ReaderBuilder::new().analysis(csv.as_bytes(), &Analyzer::new())?;
    /// let mut out = Vec::new();
    /// analysis.write_text(&mut out, "stdin", Some(&log))?;
    /// assert!(String::from_utf8(out)?.starts_with("stdin: 1 rows, 1 teams"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn write_text<W: io::Write>(&self, writer: W, source: &str, log: Option<&ReadLog>) -> io::Result<()> {
        crate::render::text::write_report(writer, self, source, log, self.threads())
    }
}

impl OrgReport {
    /// Writes the JSON document: `audience`, `min_group`, `model`, then
    /// `teams`, each `{"team", "level", "suppressed": "primary"}` (or
    /// `"complementary"`) when suppressed, else its counts, scores, poles
    /// (`pole`, `side`, `coverage`, `threshold`, `depth`, `model` where it
    /// differs) and findings (no `member`; no `value` for
    /// `single_point_of_failure` and `no_bridge`).
    ///
    /// # Errors
    ///
    /// The writer's I/O errors.
    ///
    /// ```
    /// # use rolebalance::{Analyzer, Disclosure, Member, Roster};
    /// let mut members = Vec::new();
    /// for (team, n) in [("Lab", 5), ("Ops", 3), ("Hr", 2)] {
    ///     for i in 0..n {
    ///         members.push(Member::new(format!("{team}{i}"), team, [0.6; 8])?);
    ///     }
    /// }
    /// let roster: Roster = members.into_iter().collect();
    /// let org = Disclosure::new().apply(&Analyzer::new().analyze(&roster)?);
    /// let mut out = Vec::new();
    /// org.write_json(&mut out)?;
    /// let json = String::from_utf8(out)?;
    /// assert!(json.starts_with("{\n  \"schema_version\": 1,\n  \"audience\": \"org\",\n  \"min_group\": 5,"));
    /// assert!(json.contains("{\n      \"team\": \"Hr\",\n      \"level\": \"team\",\n      \"suppressed\": \"primary\"\n    }"));
    /// assert!(!json.contains("Lab0") && !json.contains("top_contributor"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn write_json<W: io::Write>(&self, w: W) -> io::Result<()> {
        crate::render::json::write_org(w, self)
    }

    /// Writes the text report: a line naming `source`, the rule and the
    /// suppressed groups, the overview table (suppressed groups marked), a
    /// block per shown group, and a note on the rule.
    ///
    /// # Errors
    ///
    /// The writer's I/O errors.
    ///
    /// ```
    /// # use rolebalance::{Analyzer, Disclosure, Member, Roster};
    /// let roster: Roster = (0..2).map(|i| Member::new(format!("p{i}"), "Lab", [0.7; 8])).collect::<Result<_, _>>()?;
    /// let org = Disclosure::new().apply(&Analyzer::new().analyze(&roster)?);
    /// let mut out = Vec::new();
    /// org.write_text(&mut out, "staff.csv")?;
    /// assert!(String::from_utf8(out)?.contains("== Lab: suppressed (fewer than 5 active members) =="));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn write_text<W: io::Write>(&self, w: W, source: &str) -> io::Result<()> {
        crate::render::text::write_org(w, self, source)
    }
}

/// The threads to format a materialised report on.
fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from).min(64)
}
