//! What a read reports besides its rows: [`ReadLog`] (rows read and kept,
//! unknown columns, the rows skipped with their reasons, the delimiter
//! used) and its bookkeeping for the adapters (rows skipped after the read:
//! a reporting line's, a spreadsheet's cells).

use serde::Serialize;

use crate::error::Error;
use crate::io::delimiter::Delimiter;

/// A row left out in [`Mode::Lenient`](crate::Mode::Lenient), with the reason.
///
/// ```
/// use rolebalance::{Mode, ReaderBuilder};
/// let csv = "id,team,purpose,horizon,focus,risk\na,T,0,0,0,0\nb,T,0,9,0,0\n";
/// let (_, log) = ReaderBuilder::new().mode(Mode::Lenient).read_roster(csv.as_bytes())?;
/// let row = &log.skipped()[0];
/// assert_eq!(row.line(), 3);
/// assert_eq!(row.error().column(), Some("horizon"));
/// # Ok::<(), rolebalance::Error>(())
/// ```
#[derive(Debug)]
pub struct SkippedRow {
    pub(crate) line: u64,
    pub(crate) error: Error,
}

impl SkippedRow {
    pub(crate) fn new(line: u64, error: Error) -> SkippedRow {
        SkippedRow { line, error }
    }

    /// The 1-based line the row starts on.
    ///
    /// ```
    /// use rolebalance::{Mode, ReaderBuilder};
    /// let csv = "id,team,purpose,horizon,focus,risk\na,T,0,0,0,0\nb,T,0,9,0,0\n";
    /// let (_, log) = ReaderBuilder::new().mode(Mode::Lenient).read_roster(csv.as_bytes())?;
    /// assert_eq!(log.skipped()[0].line(), 3); // the header is line 1
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn line(&self) -> u64 {
        self.line
    }

    /// Why it was skipped.
    ///
    /// ```
    /// use rolebalance::{Mode, ReaderBuilder};
    /// let csv = "id,team,purpose,horizon,focus,risk\nb,T,0,9,0,0\n";
    /// let (_, log) = ReaderBuilder::new().mode(Mode::Lenient).read_roster(csv.as_bytes())?;
    /// assert_eq!(log.skipped()[0].error().to_string(), "line 2, column `horizon`: `9` is out of range [-1, 1]");
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn error(&self) -> &Error {
        &self.error
    }

    pub(crate) fn into_error(self) -> Error {
        self.error
    }
}

impl Serialize for SkippedRow {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("SkippedRow", 2)?;
        st.serialize_field("line", &self.line)?;
        st.serialize_field("reason", &self.error.to_string())?;
        st.end()
    }
}

/// What a read saw besides the members: how many rows, which columns it
/// ignored, which rows it skipped. Nothing is dropped without a trace:
/// `rows() == kept() + skipped().len()`.
///
/// ```
/// use rolebalance::{Mode, ReaderBuilder};
/// let csv = "id,team,purpose,horizon,focus,risk,email\na,T,0,0,0,0,a@x\nb,T,0,9,0,0,b@x\n";
/// let (_, log) = ReaderBuilder::new().mode(Mode::Lenient).read_roster(csv.as_bytes())?;
/// assert_eq!(log.rows(), log.kept() + log.skipped().len() as u64);
/// assert_eq!(log.unknown_columns(), ["email"]);
/// # Ok::<(), rolebalance::Error>(())
/// ```
#[derive(Debug, Default, Serialize)]
pub struct ReadLog {
    pub(crate) rows: u64,
    pub(crate) kept: u64,
    pub(crate) unknown_columns: Vec<String>,
    pub(crate) skipped: Vec<SkippedRow>,
    /// The delimiter byte used (0 before a read: `,`).
    #[serde(skip)]
    pub(crate) delimiter: u8,
}

impl ReadLog {
    pub(crate) fn with_unknown(unknown_columns: Vec<String>) -> ReadLog {
        ReadLog { unknown_columns, ..ReadLog::default() }
    }

    pub(crate) fn add_rows(&mut self, n: u64) {
        self.rows += n;
    }

    /// Records the skipped rows (in line order); every other row was kept.
    pub(crate) fn finish(&mut self, skipped: Vec<SkippedRow>) {
        self.kept = self.rows - skipped.len() as u64;
        self.skipped = skipped;
    }

    /// Data rows read (empty lines not counted).
    ///
    /// ```
    /// let csv = "id,team,purpose,horizon,focus,risk\na,T,0,0,0,0\n\nb,T,0,0,0,0\n";
    /// let (_, log) = rolebalance::ReaderBuilder::new().read_roster(csv.as_bytes())?;
    /// assert_eq!(log.rows(), 2);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn rows(&self) -> u64 {
        self.rows
    }

    /// Rows kept.
    ///
    /// ```
    /// let csv = "id,team,purpose,horizon,focus,risk\na,T,0,0,0,0\n";
    /// let (_, log) = rolebalance::ReaderBuilder::new().read_roster(csv.as_bytes())?;
    /// assert_eq!(log.kept(), 1);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn kept(&self) -> u64 {
        self.kept
    }

    /// Header names the reader does not use, in header order (an empty
    /// header cell is listed as `field N`).
    ///
    /// ```
    /// let csv = "id,team,purpose,horizon,focus,risk,,notes\na,T,0,0,0,0,,hi\n";
    /// let (_, log) = rolebalance::ReaderBuilder::new().read_roster(csv.as_bytes())?;
    /// assert_eq!(log.unknown_columns(), ["field 7", "notes"]);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn unknown_columns(&self) -> &[String] {
        &self.unknown_columns
    }

    /// Rows skipped in lenient mode, in line order.
    ///
    /// ```
    /// let csv = "id,team,purpose,horizon,focus,risk\na,T,0,0,0,0\n";
    /// let (_, log) = rolebalance::ReaderBuilder::new().read_roster(csv.as_bytes())?;
    /// assert!(log.skipped().is_empty());
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn skipped(&self) -> &[SkippedRow] {
        &self.skipped
    }

    /// A log for a read whose header did not use `unknown_columns`.
    pub(crate) fn new(unknown_columns: Vec<String>) -> ReadLog {
        ReadLog { unknown_columns, ..ReadLog::default() }
    }
}

impl ReadLog {
    /// The field delimiter the read used: the one given to
    /// [`ReaderBuilder::delimiter`](crate::ReaderBuilder::delimiter), or the one detected from the header
    /// (never [`Delimiter::Auto`]).
    ///
    /// ```
    /// use rolebalance::{Delimiter, ReaderBuilder};
    /// let (_, log) = ReaderBuilder::new().read_roster("id\tteam\tpurpose\thorizon\tfocus\trisk\n".as_bytes())?;
    /// assert_eq!(log.delimiter(), Delimiter::Tab);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn delimiter(&self) -> Delimiter {
        Delimiter::from_byte(self.delimiter)
    }

    pub(crate) fn set_delimiter(&mut self, delimiter: u8) {
        self.delimiter = delimiter;
    }

    /// Turns the kept row at `line` into a skipped one (`error`), keeping
    /// the skipped rows in line order.
    pub(crate) fn unkeep(&mut self, line: u64, error: Error) {
        self.kept = self.kept.saturating_sub(1);
        let at = self.skipped.partition_point(|s| s.line <= line);
        self.skipped.insert(at, SkippedRow { line, error });
    }

    /// Counts a row that never reached the reader (a spreadsheet row with a
    /// cell it cannot read) as skipped.
    #[cfg(any(feature = "spreadsheet", feature = "parquet"))]
    pub(crate) fn add_skipped(&mut self, line: u64, error: Error) {
        self.rows += 1;
        let at = self.skipped.partition_point(|s| s.line <= line);
        self.skipped.insert(at, SkippedRow { line, error });
    }

    /// Renumbers rows and rewrites their errors (spreadsheets: lines to
    /// sheet rows, errors to cells).
    #[cfg(any(feature = "spreadsheet", feature = "parquet"))]
    pub(crate) fn map_skipped(&mut self, f: impl Fn(u64, Error) -> (u64, Error)) {
        for s in std::mem::take(&mut self.skipped) {
            let (line, error) = f(s.line, s.error);
            self.skipped.push(SkippedRow { line, error });
        }
        self.skipped.sort_by_key(|s| s.line);
    }
}
