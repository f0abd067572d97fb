//! A read log's bookkeeping for the adapters: the delimiter used, and rows
//! skipped after the read (a reporting line's, a spreadsheet's cells).

use crate::error::Error;
use crate::io::delimiter::Delimiter;
use crate::io::read::{ReadLog, SkippedRow};

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
