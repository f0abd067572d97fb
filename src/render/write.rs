//! The writers of [`Report`] and [`Analysis`]: JSON, text and the summary
//! table, the same bytes from either.

use std::io;

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

/// The threads to format a materialised report on.
fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from).min(64)
}
