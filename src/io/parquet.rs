//! Parquet rosters (the `parquet` feature): a file's rows as a [`Sheet`].

use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::record::Field;

use crate::error::{Error, ErrorKind};
use crate::io::spreadsheet::{Issue, Sheet};

impl Sheet {
    /// Reads a Parquet file (as analytics warehouses export a table): one
    /// column per top-level field, named as the field, one row per record.
    /// Rows are numbered as in a CSV export of the table: the header is row
    /// 1, the first record row 2. Strings, booleans, integers, floats and
    /// decimals are read as their text, nulls as empty cells; dates,
    /// timestamps, binary and nested values are errors where the reader
    /// uses their column. Compressions: uncompressed, snappy and zstd.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Io`] when the file cannot be opened, [`ErrorKind::Table`]
    /// when it is not Parquet or cannot be decoded.
    ///
    /// ```
    /// use rolebalance::{Analyzer, ReaderBuilder, Sheet};
    /// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/roster.parquet");
    /// let (report, log) = Sheet::from_parquet_path(path)?.analyze(&ReaderBuilder::new(), &Analyzer::new())?;
    /// assert_eq!((report.len(), log.rows()), (8, 41));
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn from_parquet_path<P: AsRef<std::path::Path>>(path: P) -> Result<Sheet, Error> {
        let path = path.as_ref();
        let file_name = path.file_name().map_or_else(String::new, |f| f.to_string_lossy().into_owned());
        let table_err = |e: parquet::errors::ParquetError| -> Error {
            ErrorKind::Table { problem: format!("{file_name}: {e}") }.into()
        };
        let reader = SerializedFileReader::new(crate::error::open(path)?).map_err(table_err)?;
        let names: Vec<String> = reader
            .metadata()
            .file_metadata()
            .schema_descr()
            .root_schema()
            .get_fields()
            .iter()
            .map(|f| f.name().to_string())
            .collect();
        let mut sheet = Sheet::new("parquet file".to_string(), String::new(), false, 0);
        sheet.push_row(1, names);
        for (i, row) in reader.get_row_iter(None).map_err(table_err)?.enumerate() {
            let row = row.map_err(table_err)?;
            let number = i as u64 + 2;
            let mut cells = Vec::new();
            for (c, (_, field)) in row.get_column_iter().enumerate() {
                let (text, what) = text(field);
                if let Some(what) = what {
                    sheet.push_issue(Issue { row: number, col: c, what });
                }
                cells.push(text);
            }
            sheet.push_row(number, cells);
        }
        Ok(sheet)
    }
}

/// A field's text, and what it is when the readers cannot take it.
fn text(field: &Field) -> (String, Option<String>) {
    match field {
        Field::Null => (String::new(), None),
        Field::Bool(b) => (b.to_string(), None),
        Field::Byte(x) => (x.to_string(), None),
        Field::Short(x) => (x.to_string(), None),
        Field::Int(x) => (x.to_string(), None),
        Field::Long(x) => (x.to_string(), None),
        Field::UByte(x) => (x.to_string(), None),
        Field::UShort(x) => (x.to_string(), None),
        Field::UInt(x) => (x.to_string(), None),
        Field::ULong(x) => (x.to_string(), None),
        Field::Float16(x) => (x.to_string(), None),
        // The shortest text of the f32, so that 0.3 reads as 0.3.
        Field::Float(x) => (x.to_string(), None),
        Field::Double(x) => (x.to_string(), None),
        Field::Str(s) => (s.clone(), None),
        Field::Decimal(_) => (field.to_string(), None),
        Field::Date(_) | Field::TimestampMillis(_) | Field::TimestampMicros(_) => {
            (field.to_string(), Some(format!("the date `{field}`")))
        }
        Field::Bytes(_) => (String::new(), Some("binary data".to_string())),
        _ => (String::new(), Some("a nested value".to_string())),
    }
}
