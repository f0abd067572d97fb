//! A report as an Excel workbook (the `xlsx` feature).

use rust_xlsxwriter::{
    Color, ConditionalFormat3ColorScale, ConditionalFormatType, Format, Workbook, Worksheet, XlsxError,
};

use crate::analysis::findings::FindingKind;
use crate::analysis::report::Report;
use crate::error::Error;

/// Writes a [`Report`] as an `.xlsx` workbook for the people who read
/// reports in a spreadsheet. Three sheets:
///
/// - `Summary`: the summary table of
///   [`Report::write_summary_csv`] (`team`, `members`, `total_weight`,
///   `direction`, `control`, `balance`, `flags`), one row per team, the
///   header frozen and filterable; `direction` and `control` filled red
///   where the team lacks direction or control (below its threshold),
///   green elsewhere.
/// - `Findings`: one row per finding: `team`, `severity`, `kind`, `flag`,
///   `value`, `threshold`, `confidence` (when the analysis had measurement
///   error), `message`.
/// - `Heat map`: teams by poles, each cell a pole's coverage, coloured on
///   a scale from red (0) through yellow (0.5) to green (1), the header
///   row and the team column frozen.
///
/// Numbers are written as numbers (three decimals shown, all kept).
///
/// ```
/// use rolebalance::{Analyzer, ReaderBuilder, XlsxReport};
/// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data/roster.csv");
/// let (report, _) = ReaderBuilder::new().analyze_path(path, &Analyzer::new())?;
/// let bytes = XlsxReport::new().to_bytes(&report)?;
/// assert!(bytes.starts_with(b"PK"));
/// # Ok::<(), rolebalance::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct XlsxReport {
    _private: (),
}

fn xlsx_err(e: XlsxError) -> Error {
    std::io::Error::other(format!("xlsx: {e}")).into()
}

const RED: u32 = 0xF4C7C3;
const GREEN: u32 = 0xD9EAD3;

impl XlsxReport {
    /// A writer with the sheets above.
    ///
    /// ```
    /// let _ = rolebalance::XlsxReport::new();
    /// ```
    pub fn new() -> XlsxReport {
        XlsxReport::default()
    }

    /// The workbook's bytes.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Io`](crate::ErrorKind::Io) when the workbook cannot be
    /// made (more rows than a sheet holds).
    ///
    /// ```
    /// use rolebalance::{Analyzer, Member, Roster, XlsxReport};
    /// let roster: Roster = [Member::new("ana", "Lab", [0.9, 0.2, 0.9, 0.3, 0.8, 0.2, 0.9, 0.1])?].into_iter().collect();
    /// let bytes = XlsxReport::new().to_bytes(&Analyzer::new().analyze(&roster)?)?;
    /// assert!(bytes.len() > 1000);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn to_bytes(&self, report: &Report) -> Result<Vec<u8>, Error> {
        let mut book = self.workbook(report).map_err(xlsx_err)?;
        book.save_to_buffer().map_err(xlsx_err)
    }

    /// Writes the workbook to `path`.
    ///
    /// # Errors
    ///
    /// As [`XlsxReport::to_bytes`], and [`ErrorKind::Io`](crate::ErrorKind::Io)
    /// when the file cannot be written.
    ///
    /// ```no_run
    /// # use rolebalance::{Analyzer, ReaderBuilder, XlsxReport};
    /// # let (report, _) = ReaderBuilder::new().analyze_path("roster.csv", &Analyzer::new())?;
    /// XlsxReport::new().write(&report, "report.xlsx")?;
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn write<P: AsRef<std::path::Path>>(&self, report: &Report, path: P) -> Result<(), Error> {
        let bytes = self.to_bytes(report)?;
        std::fs::write(path.as_ref(), bytes).map_err(|e| Error::writing(path.as_ref(), e))?;
        Ok(())
    }

    fn workbook(&self, report: &Report) -> Result<Workbook, XlsxError> {
        let mut book = Workbook::new();
        let bold = Format::new().set_bold().set_background_color(Color::RGB(0xEEEEEE));
        let number = Format::new().set_num_format("0.000");
        let red = number.clone().set_background_color(Color::RGB(RED));
        let green = number.clone().set_background_color(Color::RGB(GREEN));
        let rows = u32::try_from(report.len()).unwrap_or(u32::MAX);

        let sheet = book.add_worksheet();
        sheet.set_name("Summary")?;
        header(sheet, &["team", "members", "total_weight", "direction", "control", "balance", "flags"], &bold)?;
        for (r, t) in report.teams().iter().enumerate() {
            let r = r as u32 + 1;
            let kinds: Vec<FindingKind> = t.findings().iter().map(|f| f.kind()).collect();
            let fill = |k: FindingKind| if kinds.contains(&k) { &red } else { &green };
            sheet.write_string(r, 0, t.team())?;
            sheet.write_number(r, 1, t.members() as f64)?;
            sheet.write_number_with_format(r, 2, t.total_weight(), &number)?;
            sheet.write_number_with_format(r, 3, t.direction(), fill(FindingKind::NoDirection))?;
            sheet.write_number_with_format(r, 4, t.control(), fill(FindingKind::NoControl))?;
            sheet.write_number_with_format(r, 5, t.balance(), &number)?;
            sheet.write_string(r, 6, t.flags())?;
        }
        sheet.autofilter(0, 0, rows, 6)?;
        widths(sheet, &[36.0, 9.0, 12.0, 10.0, 10.0, 10.0, 60.0])?;

        let sheet = book.add_worksheet();
        sheet.set_name("Findings")?;
        let columns = ["team", "severity", "kind", "flag", "value", "threshold", "confidence", "message"];
        header(sheet, &columns, &bold)?;
        let mut r = 1;
        for t in report.teams() {
            for f in t.findings() {
                sheet.write_string(r, 0, t.team())?;
                sheet.write_string(r, 1, f.severity().to_string())?;
                sheet.write_string(r, 2, f.kind().to_string())?;
                sheet.write_string(r, 3, f.flag())?;
                sheet.write_number_with_format(r, 4, f.value(), &number)?;
                sheet.write_number_with_format(r, 5, f.threshold(), &number)?;
                if let Some(c) = f.confidence() {
                    sheet.write_number_with_format(r, 6, c, &number)?;
                }
                sheet.write_string(r, 7, f.message())?;
                r += 1;
            }
        }
        sheet.autofilter(0, 0, r.saturating_sub(1).max(1), 7)?;
        widths(sheet, &[36.0, 10.0, 24.0, 36.0, 9.0, 10.0, 11.0, 80.0])?;

        let sheet = book.add_worksheet();
        sheet.set_name("Heat map")?;
        let poles: Vec<String> = match report.teams().first() {
            Some(t) => t.poles().map(|p| p.pole().to_string()).collect(),
            None => Vec::new(),
        };
        let mut names = vec!["team"];
        names.extend(poles.iter().map(String::as_str));
        header(sheet, &names, &bold)?;
        sheet.set_freeze_panes(1, 1)?;
        for (r, t) in report.teams().iter().enumerate() {
            let r = r as u32 + 1;
            sheet.write_string(r, 0, t.team())?;
            for (c, p) in t.poles().enumerate() {
                sheet.write_number_with_format(r, c as u16 + 1, p.coverage(), &number)?;
            }
        }
        if !poles.is_empty() && rows > 0 {
            let scale = ConditionalFormat3ColorScale::new()
                .set_minimum(ConditionalFormatType::Number, 0)
                .set_midpoint(ConditionalFormatType::Number, 0.5)
                .set_maximum(ConditionalFormatType::Number, 1)
                .set_minimum_color(Color::RGB(0xE67C73))
                .set_midpoint_color(Color::RGB(0xFFD666))
                .set_maximum_color(Color::RGB(0x57BB8A));
            sheet.add_conditional_format(1, 1, rows, poles.len() as u16, &scale)?;
        }
        sheet.set_column_width(0, 36.0)?;
        Ok(book)
    }
}

/// Writes a bold header row and freezes it.
fn header(sheet: &mut Worksheet, names: &[&str], bold: &Format) -> Result<(), XlsxError> {
    for (c, n) in names.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *n, bold)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

fn widths(sheet: &mut Worksheet, widths: &[f64]) -> Result<(), XlsxError> {
    for (c, w) in widths.iter().enumerate() {
        sheet.set_column_width(c as u16, *w)?;
    }
    Ok(())
}
