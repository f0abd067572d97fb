//! Scoring the responses in a [`Sheet`] (a spreadsheet's sheet).

use crate::error::Error;
use crate::io::spreadsheet::Sheet;
use crate::stats::scoring::{Scored, Scorer};

impl Sheet {
    /// Scores the responses in the table; see [`Scorer::score`] and
    /// [`Sheet`] (errors, skipped rows and respondents left out name rows
    /// and cells).
    ///
    /// # Errors
    ///
    /// Those of [`Scorer::score`], located in cells; a formula, date or
    /// error value in a column the scorer uses.
    ///
    /// ```
    /// # #[cfg(feature = "spreadsheet")] {
    /// use rolebalance::{Framework, Instrument, Scorer, Sheet};
    /// let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data");
    /// let fw = Framework::leadership_management();
    /// let scorer = Scorer::new(Instrument::from_csv_path(fw, format!("{dir}/questionnaire_instrument.csv"))?);
    /// // A sheet of the roster has no item columns.
    /// let err = Sheet::open(format!("{dir}/roster.xlsx"), None)?.score(&scorer).unwrap_err();
    /// assert_eq!(err.to_string(), "sheet `Roster`, row 1: missing column `ins1`");
    /// # }
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn score(&self, scorer: &Scorer) -> Result<Scored, Error> {
        let scorer = scorer.clone().delimiter(crate::io::delimiter::Delimiter::Comma);
        self.run(
            scorer.mode_value(),
            |csv| scorer.used_columns(csv),
            |csv| scorer.score(csv),
            |scored, cells, problems| scored.fix_lines(cells, problems),
        )
    }
}
