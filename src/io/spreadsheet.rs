//! Tables that are not CSV: a sheet of a spreadsheet (`.xlsx`, `.ods`,
//! with the `spreadsheet` feature) or a Parquet file (the `parquet`
//! feature), handed to the CSV readers with their rules and their errors
//! moved to cells.

use crate::error::{Error, ErrorKind};
use crate::io::read::{Mode, ReadLog, ReaderBuilder};

/// A cell the readers cannot take where they use its column.
#[derive(Debug, Clone)]
pub(crate) struct Issue {
    /// The 1-based row.
    pub(crate) row: u64,
    /// The column (0-based, in the table).
    pub(crate) col: usize,
    /// What the cell holds: "the formula `=B2*2`".
    pub(crate) what: String,
}

/// A table read from a spreadsheet's sheet (or a Parquet file), for the
/// roster reader and the questionnaire scorer.
///
/// Every reader option applies ([`ReaderBuilder::columns`],
/// [`ReaderBuilder::hierarchy`], [`Mode::Lenient`],
/// [`Scorer::source`](crate::Scorer::source)...) and so do the rules of
/// the CSV format: cells are read as their text (numbers as the shortest
/// text that reads back as the same value), the first non-empty row is the
/// header, empty rows are skipped. Errors and skipped rows name the row,
/// and the cell in A1 notation where they concern one
/// ([`ErrorKind::Cell`]): ``sheet `Roster`, cell F5: `2` is out of range [0, 1]``.
///
/// A cell holding a formula, a date or time, or an error value (`#N/A`)
/// is an error where the reader uses its column (strict: the read fails
/// at the first such cell in row order, unless an earlier row fails
/// first; lenient: its row is skipped and reported): a roster takes
/// values, and a date is no strength. In a column the reader ignores (a
/// hire date, a computed column) such cells do no harm.
///
/// With the `spreadsheet` feature, [`Sheet::open`] reads `.xlsx`, `.xlsm`,
/// `.xlsb`, `.xls` and `.ods` files (the first sheet, or one by name);
/// with the `parquet` feature, [`Sheet::from_parquet_path`] reads a
/// Parquet file's rows, one column per field.
#[derive(Debug, Clone)]
pub struct Sheet {
    /// ``sheet `Roster` `` or `parquet file`.
    label: String,
    name: String,
    /// Cells are named in A1 notation (a spreadsheet).
    a1: bool,
    /// The sheet column of the table's first column (0-based).
    first_col: u32,
    /// Rows: 1-based row number and cells as text.
    rows: Vec<(u64, Vec<String>)>,
    issues: Vec<Issue>,
}

/// Turns the lines of the CSV a [`Sheet`] hands to a reader back into rows,
/// and the reader's errors into cell errors.
pub(crate) struct Cells<'a> {
    sheet: &'a Sheet,
    /// The row of every line (0-based line index).
    row_of_line: Vec<u64>,
    /// The header's cells (the first non-empty row), for column names.
    header: Vec<String>,
}

/// The column letters of a 0-based column: A, ..., Z, AA, ...
pub(crate) fn column_letters(col: u32) -> String {
    let mut n = u64::from(col) + 1;
    let mut out = Vec::new();
    while n > 0 {
        let r = ((n - 1) % 26) as u8;
        out.push(b'A' + r);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

impl Sheet {
    pub(crate) fn new(label: String, name: String, a1: bool, first_col: u32) -> Sheet {
        Sheet { label, name, a1, first_col, rows: Vec::new(), issues: Vec::new() }
    }

    pub(crate) fn push_row(&mut self, row: u64, cells: Vec<String>) {
        self.rows.push((row, cells));
    }

    pub(crate) fn push_issue(&mut self, issue: Issue) {
        self.issues.push(issue);
    }

    /// The sheet's name (empty for a Parquet file).
    ///
    /// ```
    /// # #[cfg(feature = "spreadsheet")] {
    /// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data/roster.xlsx");
    /// assert_eq!(rolebalance::Sheet::open(path, None)?.name(), "Roster");
    /// # }
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The number of rows, empty ones included, up to the last non-empty one.
    ///
    /// ```
    /// # #[cfg(feature = "spreadsheet")] {
    /// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data/roster.xlsx");
    /// assert_eq!(rolebalance::Sheet::open(path, None)?.rows(), 42);
    /// # }
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn rows(&self) -> u64 {
        self.rows.last().map_or(0, |r| r.0)
    }

    /// The cells of row `row` (1-based, as the sheet numbers it) as text,
    /// the way the readers see them; `None` for an empty row or one past
    /// the end.
    ///
    /// ```
    /// # #[cfg(feature = "spreadsheet")] {
    /// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data/roster.xlsx");
    /// let sheet = rolebalance::Sheet::open(path, None)?;
    /// assert_eq!(sheet.row(2).unwrap()[..4], ["e001", "Ana Alves", "Northwind/Product/Delivery", "1"]);
    /// # }
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn row(&self, row: u64) -> Option<&[String]> {
        let at = self.rows.binary_search_by_key(&row, |r| r.0).ok()?;
        self.rows.get(at).map(|r| r.1.as_slice()).filter(|cells| cells.iter().any(|c| !c.is_empty()))
    }

    /// The table as CSV (one line per row, empty rows as empty lines) with
    /// the rows `skip` selects left empty, and the rows from `until` on
    /// left out; and the mapping back from lines to rows.
    pub(crate) fn csv(&self, skip: &dyn Fn(u64) -> bool, until: Option<u64>) -> (Vec<u8>, Cells<'_>) {
        let mut out = Vec::new();
        let mut row_of_line = Vec::new();
        let mut next = 1;
        let mut header: Option<Vec<String>> = None;
        for (row, cells) in &self.rows {
            if until.is_some_and(|u| *row >= u) {
                break;
            }
            while next < *row {
                out.push(b'\n');
                row_of_line.push(next);
                next += 1;
            }
            let empty = cells.iter().all(|c| c.trim().is_empty());
            if !empty && header.is_none() {
                header = Some(cells.clone());
            }
            if !empty && !skip(*row) {
                for (i, c) in cells.iter().enumerate() {
                    if i > 0 {
                        out.push(b',');
                    }
                    if c.contains([',', '"', '\n', '\r']) {
                        out.push(b'"');
                        out.extend_from_slice(c.replace('"', "\"\"").as_bytes());
                        out.push(b'"');
                    } else {
                        out.extend_from_slice(c.as_bytes());
                    }
                    // Every line the record spans is on this row.
                    for _ in 0..crate::io::records::count_breaks(c.as_bytes()) {
                        row_of_line.push(*row);
                    }
                }
            }
            out.push(b'\n');
            row_of_line.push(*row);
            next = *row + 1;
        }
        let cells = Cells { sheet: self, row_of_line, header: header.unwrap_or_default() };
        (out, cells)
    }

    /// Reads the table with `read`, which reads CSV: first the header only
    /// (`used`: which columns the reader uses, and the line of the last
    /// header row), then the rows, with the cells the reader cannot take
    /// (see [`Sheet`]) turned into errors or skipped rows, and every line
    /// and error moved to rows and cells by `finish`.
    pub(crate) fn run<T>(
        &self,
        mode: Mode,
        used: impl FnOnce(&[u8]) -> Result<(Vec<bool>, u64), Error>,
        read: impl FnOnce(&[u8]) -> Result<T, Error>,
        finish: impl FnOnce(&mut T, &Cells<'_>, Vec<(u64, Error)>),
    ) -> Result<T, Error> {
        let (all, cells) = self.csv(&|_| false, None);
        let (used, header_line) = used(&all).map_err(|e| cells.error(e))?;
        let header_row = cells.row(header_line);
        let mut issues: Vec<&Issue> =
            self.issues.iter().filter(|i| i.row > header_row && used.get(i.col).copied().unwrap_or(false)).collect();
        issues.sort_by_key(|i| (i.row, i.col));
        issues.dedup_by_key(|i| i.row);
        let problems: Vec<(u64, Error)> = issues.iter().map(|i| (i.row, cells.issue(i))).collect();
        if mode == Mode::Strict {
            if let Some((row, _)) = problems.first() {
                let (head, cells) = self.csv(&|_| false, Some(*row));
                read(&head).map_err(|e| cells.error(e))?;
                return Err(problems.into_iter().next().map_or_else(|| ErrorKind::NoHeader.into(), |p| p.1));
            }
        }
        let skip = |r: u64| problems.iter().any(|p| p.0 == r);
        let (csv, cells) = if problems.is_empty() { (all, cells) } else { self.csv(&skip, None) };
        let mut out = read(&csv).map_err(|e| cells.error(e))?;
        finish(&mut out, &cells, problems);
        Ok(out)
    }

    /// Reads the table as a roster; see [`ReaderBuilder::read_roster`]
    /// and [`Sheet`].
    ///
    /// # Errors
    ///
    /// Those of [`ReaderBuilder::read_roster`], located in cells
    /// ([`ErrorKind::Cell`]); a formula, date or error value in a column the
    /// reader uses.
    ///
    /// ```
    /// # #[cfg(feature = "spreadsheet")] {
    /// use rolebalance::{ReaderBuilder, Sheet};
    /// let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data");
    /// let sheet = Sheet::open(format!("{dir}/roster.xlsx"), None)?;
    /// let (roster, log) = sheet.read_roster(&ReaderBuilder::new())?;
    /// let (csv, _) = ReaderBuilder::new().read_roster_path(format!("{dir}/roster.csv"))?;
    /// assert_eq!((roster.len(), roster.get(0).unwrap().id()), (csv.len(), csv.get(0).unwrap().id()));
    /// assert_eq!(log.unknown_columns(), ["hire date", "weight x 2"]);
    /// # }
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn read_roster(&self, builder: &ReaderBuilder) -> Result<(crate::Roster, ReadLog), Error> {
        let builder = builder.clone().delimiter(crate::io::delimiter::Delimiter::Comma);
        self.run(
            builder.mode_value(),
            |csv| builder.used_columns(csv),
            |csv| builder.read_roster(csv),
            |(_, log), cells, problems| cells.fix_log(log, problems),
        )
    }
}

impl Cells<'_> {
    /// The row of a 1-based line.
    pub(crate) fn row(&self, line: u64) -> u64 {
        usize::try_from(line.saturating_sub(1)).ok().and_then(|i| self.row_of_line.get(i)).copied().unwrap_or(line)
    }

    /// The place of a column (by the header's spelling, without regard to
    /// case, or `field N`) on `row`.
    fn place(&self, row: u64, column: Option<&str>) -> (String, Option<String>) {
        let col = column.and_then(|c| {
            let c = c.trim();
            self.header.iter().position(|h| h.trim().eq_ignore_ascii_case(c)).or_else(|| {
                c.strip_prefix("field ").and_then(|n| n.parse::<usize>().ok()).and_then(|n| n.checked_sub(1))
            })
        });
        match col {
            Some(i) if self.sheet.a1 => {
                let letters = column_letters(self.sheet.first_col.saturating_add(i as u32));
                (format!("cell {letters}{row}"), self.header.get(i).cloned())
            }
            Some(i) => (format!("row {row}, column `{}`", column.unwrap_or("")), self.header.get(i).cloned()),
            None => (format!("row {row}"), None),
        }
    }

    /// The error of a reader, moved to its row and cell.
    pub(crate) fn error(&self, e: Error) -> Error {
        let Some(line) = e.line() else { return e };
        if matches!(e.kind(), ErrorKind::Cell { .. }) {
            return e;
        }
        let row = self.row(line);
        let column = e.column().map(str::to_string);
        let text = e.to_string();
        let with_column = column.as_ref().map(|c| format!("line {line}, column `{}`: ", crate::error::shown(c)));
        let message = with_column
            .and_then(|p| text.strip_prefix(&p).map(str::to_string))
            .or_else(|| text.strip_prefix(&format!("line {line}: ")).map(str::to_string))
            .unwrap_or_else(|| text.clone());
        let (place, header) = self.place(row, column.as_deref());
        ErrorKind::Cell {
            table: self.sheet.label.clone(),
            place,
            row,
            column: header.or(column),
            value: e.value().map(str::to_string),
            message,
        }
        .into()
    }

    /// The error of a cell the readers cannot take.
    pub(crate) fn issue(&self, issue: &Issue) -> Error {
        let header = self.header.get(issue.col).cloned();
        let place = if self.sheet.a1 {
            format!("cell {}{}", column_letters(self.sheet.first_col.saturating_add(issue.col as u32)), issue.row)
        } else {
            format!("row {}, column `{}`", issue.row, header.as_deref().unwrap_or(""))
        };
        ErrorKind::Cell {
            table: self.sheet.label.clone(),
            place,
            row: issue.row,
            column: header,
            value: None,
            message: format!("{} where a value is needed", issue.what),
        }
        .into()
    }

    /// Moves a read log's lines and errors to rows and cells, and adds the
    /// rows left out for their cells.
    pub(crate) fn fix_log(&self, log: &mut ReadLog, problems: Vec<(u64, Error)>) {
        log.map_skipped(|line, e| (self.row(line), self.error(e)));
        for (row, e) in problems {
            log.add_skipped(row, e);
        }
    }
}

#[cfg(feature = "spreadsheet")]
impl Sheet {
    /// Reads a sheet of a spreadsheet file: `sheet` by name (matched
    /// without regard to case), or the first one. The format is told by the
    /// file's extension (`.xlsx`, `.xlsm`, `.xlsb`, `.xls`, `.ods`).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Table`] when the file cannot be read as a spreadsheet
    /// or has no such sheet (naming the sheets it has).
    ///
    /// ```
    /// use rolebalance::Sheet;
    /// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data/roster.xlsx");
    /// assert_eq!(Sheet::open(path, Some("roster"))?.name(), "Roster");
    /// assert_eq!(Sheet::open(path, Some("Team")).unwrap_err().to_string(),
    ///            "roster.xlsx: no sheet `Team`; the workbook has `Roster`");
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn open<P: AsRef<std::path::Path>>(path: P, sheet: Option<&str>) -> Result<Sheet, Error> {
        let path = path.as_ref();
        let file = path.file_name().map_or_else(String::new, |f| f.to_string_lossy().into_owned());
        let table_err =
            |problem: String| -> Error { ErrorKind::Table { problem: format!("{file}: {problem}") }.into() };
        let mut book = calamine::open_workbook_auto(path).map_err(|e| table_err(e.to_string()))?;
        let names = calamine::Reader::sheet_names(&book);
        let name = match sheet {
            None => names.first().cloned().ok_or_else(|| table_err("the workbook has no sheet".to_string()))?,
            Some(want) => names
                .iter()
                .find(|n| n.as_str() == want)
                .or_else(|| names.iter().find(|n| n.eq_ignore_ascii_case(want)))
                .cloned()
                .ok_or_else(|| {
                    let listed: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
                    table_err(format!("no sheet `{want}`; the workbook has {}", listed.join(", ")))
                })?,
        };
        let range = calamine::Reader::worksheet_range(&mut book, &name).map_err(|e| table_err(e.to_string()))?;
        // Formats without formulas (or that fail to give them) have none to report.
        let formulas = calamine::Reader::worksheet_formula(&mut book, &name).ok();
        Ok(Sheet::from_range(name, &range, formulas.as_ref()))
    }

    fn from_range(
        name: String,
        range: &calamine::Range<calamine::Data>,
        formulas: Option<&calamine::Range<String>>,
    ) -> Sheet {
        use calamine::Data;
        let (row0, col0) = range.start().unwrap_or((0, 0));
        let mut sheet = Sheet::new(format!("sheet `{}`", crate::error::shown(&name)), name, true, col0);
        for (r, cells) in range.rows().enumerate() {
            let row = u64::from(row0) + r as u64 + 1;
            let mut texts = Vec::with_capacity(cells.len());
            for (c, cell) in cells.iter().enumerate() {
                let at = (row0.saturating_add(r as u32), col0.saturating_add(c as u32));
                let formula = formulas.and_then(|f| f.get_value(at)).filter(|f| !f.is_empty());
                let (text, what) = match cell {
                    Data::Empty => (String::new(), None),
                    Data::String(s) => (s.clone(), None),
                    Data::Int(i) => (i.to_string(), None),
                    Data::Float(x) => (format!("{x}"), None),
                    Data::Bool(b) => ((if *b { "TRUE" } else { "FALSE" }).to_string(), None),
                    Data::DateTime(d) => {
                        (d.as_f64().to_string(), Some(format!("the date `{}`", excel_date(d.as_f64()))))
                    }
                    Data::DateTimeIso(s) => (s.clone(), Some(format!("the date `{s}`"))),
                    Data::DurationIso(s) => (s.clone(), Some(format!("the duration `{s}`"))),
                    Data::Error(e) => (e.to_string(), Some(format!("the error value `{e}`"))),
                };
                let what = match formula {
                    Some(f) => Some(format!("the formula `={}`", f.trim_start_matches('='))),
                    None => what,
                };
                if let Some(what) = what {
                    sheet.push_issue(Issue { row, col: c, what });
                }
                texts.push(text);
            }
            sheet.push_row(row, texts);
        }
        sheet
    }
}

/// A spreadsheet's date serial (days since 1899-12-30) as `YYYY-MM-DD`,
/// with `hh:mm` when it has a time of day.
#[cfg(feature = "spreadsheet")]
fn excel_date(serial: f64) -> String {
    if !serial.is_finite() || serial.abs() > 1e7 {
        return serial.to_string();
    }
    let days = serial.floor() as i64;
    let minutes = ((serial - serial.floor()) * 1440.0).round() as i64;
    // Days from 1970-01-01, then the civil date (Howard Hinnant's algorithm).
    let z = days - 25569 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    if minutes == 0 {
        format!("{y:04}-{m:02}-{d:02}")
    } else {
        format!("{y:04}-{m:02}-{d:02} {:02}:{:02}", minutes / 60 % 24, minutes % 60)
    }
}

impl ReaderBuilder {
    /// Which columns of the header of `csv` (comma-separated) a read uses,
    /// and the header's line.
    pub(crate) fn used_columns(&self, csv: &[u8]) -> Result<(Vec<bool>, u64), Error> {
        let mut rdr = crate::io::records::RecordReader::new(csv, b',', self.max_record_len());
        let mut rec = csv::ByteRecord::new();
        while let Some(line) = rdr.next_record(&mut rec)? {
            if !crate::io::read::is_blank(&rec, true) {
                let plan = crate::io::read::Plan::for_builder(self, &rec, line)?;
                return Ok(((0..rec.len()).map(|c| plan.uses(c)).collect(), line));
            }
        }
        Err(ErrorKind::NoHeader.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(feature = "spreadsheet")]
    #[test]
    fn dates() {
        assert_eq!(excel_date(45000.0), "2023-03-15");
        assert_eq!(excel_date(1.5), "1899-12-31 12:00");
        assert_eq!(excel_date(25569.0), "1970-01-01");
    }

    #[test]
    fn letters() {
        let l: Vec<String> = [0, 25, 26, 27, 51, 52, 701, 702].iter().map(|&c| column_letters(c)).collect();
        assert_eq!(l, ["A", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"]);
    }

    #[test]
    fn csv_lines_map_back_to_rows() {
        let mut s = Sheet::new("sheet `S`".into(), "S".into(), true, 1);
        s.push_row(2, vec!["id".into(), "name".into()]);
        s.push_row(3, vec!["a".into(), "two\nlines, \"q\"".into()]);
        s.push_row(5, vec!["b".into(), String::new()]);
        let (csv, cells) = s.csv(&|_| false, None);
        assert_eq!(String::from_utf8(csv).unwrap(), "\nid,name\na,\"two\nlines, \"\"q\"\"\"\n\nb,\n");
        let rows: Vec<u64> = (1..=6).map(|l| cells.row(l)).collect();
        assert_eq!(rows, [1, 2, 3, 3, 4, 5]);
        let e: Error = ErrorKind::Value {
            line: 6,
            column: "NAME".into(),
            value: "x".into(),
            problem: crate::ValueProblem::NotANumber,
        }
        .into();
        let e = cells.error(e);
        assert_eq!(e.to_string(), "sheet `S`, cell C5: `x` is not a number");
        assert_eq!((e.line(), e.column(), e.value()), (Some(5), Some("name"), Some("x")));
        let (csv, _) = s.csv(&|r| r == 3, Some(5));
        assert_eq!(String::from_utf8(csv).unwrap(), "\nid,name\n\n");
    }
}
