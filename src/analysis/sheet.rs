//! Analysing a [`Sheet`] (a spreadsheet's sheet or a Parquet file) as
//! a roster.

use crate::analysis::analyzer::Analyzer;
use crate::analysis::report::Report;
use crate::analysis::summary::Summary;
use crate::error::Error;
use crate::io::delimiter::Delimiter;
use crate::io::read::{ReadLog, ReaderBuilder};
use crate::io::spreadsheet::Sheet;

impl Sheet {
    /// Reads and analyses the table as a roster; see
    /// [`ReaderBuilder::analyze`] and [`Sheet`] (errors and skipped rows
    /// name rows and cells).
    ///
    /// # Errors
    ///
    /// As [`Sheet::read_roster`], and the analysis errors.
    ///
    /// ```
    /// # #[cfg(feature = "spreadsheet")] {
    /// use rolebalance::{Analyzer, ReaderBuilder, Sheet};
    /// let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data");
    /// let (report, _) = Sheet::open(format!("{dir}/roster.xlsx"), None)?.analyze(&ReaderBuilder::new(), &Analyzer::new())?;
    /// let (csv, _) = ReaderBuilder::new().analyze_path(format!("{dir}/roster.csv"), &Analyzer::new())?;
    /// assert_eq!(report, csv);
    /// # }
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn analyze(&self, builder: &ReaderBuilder, analyzer: &Analyzer) -> Result<(Report, ReadLog), Error> {
        let builder = builder.clone().delimiter(Delimiter::Comma);
        self.run(
            builder.mode_value(),
            |csv| builder.used_columns(csv),
            |csv| builder.analyze(csv, analyzer),
            |(_, log), cells, problems| cells.fix_log(log, problems),
        )
    }

    /// The summary table of the table as a roster; see
    /// [`ReaderBuilder::summary`].
    ///
    /// # Errors
    ///
    /// As [`Sheet::analyze`].
    ///
    /// ```
    /// # #[cfg(feature = "spreadsheet")] {
    /// use rolebalance::{Analyzer, ReaderBuilder, Sheet};
    /// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data/roster.xlsx");
    /// let (summary, log) = Sheet::open(path, None)?.summary(&ReaderBuilder::new(), &Analyzer::new())?;
    /// assert_eq!((summary.len(), log.rows()), (8, 41));
    /// # }
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn summary(&self, builder: &ReaderBuilder, analyzer: &Analyzer) -> Result<(Summary, ReadLog), Error> {
        let builder = builder.clone().delimiter(Delimiter::Comma);
        self.run(
            builder.mode_value(),
            |csv| builder.used_columns(csv),
            |csv| builder.summary(csv, analyzer),
            |(_, log), cells, problems| cells.fix_log(log, problems),
        )
    }
}
