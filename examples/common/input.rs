//! The input options the examples share (issue 18): column mapping,
//! delimiter, and spreadsheet or Parquet files.

use std::path::{Path, PathBuf};

use clap::Args;
use rolebalance::{ColumnMap, Delimiter, ReadLog};

/// `--map`, `--map-file`, `--delimiter`, `--sheet`.
#[derive(Debug, Clone, Args)]
pub struct InputArgs {
    /// Read a column under another header: `--map id=Employee_ID --map name="Full Name"`
    /// (repeatable; case does not matter).
    #[arg(long = "map", value_name = "COLUMN=HEADER")]
    pub map: Vec<String>,
    /// A mapping file: one COLUMN=HEADER a line, `#` comments.
    #[arg(long, value_name = "FILE")]
    pub map_file: Option<PathBuf>,
    /// The field delimiter: auto (detected from the header, the default), `,`, `;` or tab.
    #[arg(long, default_value = "auto", value_parser = parse_delimiter)]
    pub delimiter: Delimiter,
    /// The sheet of a spreadsheet input (default: the first).
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
}

fn parse_delimiter(s: &str) -> Result<Delimiter, String> {
    s.parse().map_err(|e: rolebalance::Error| e.to_string())
}

impl InputArgs {
    /// The mapping of `--map-file` then `--map`.
    pub fn columns(&self) -> Result<ColumnMap, String> {
        let mut map = match &self.map_file {
            Some(p) => ColumnMap::from_path(p).map_err(|e| super::describe(p, &e))?,
            None => ColumnMap::new(),
        };
        for spec in &self.map {
            map = map.with_spec(spec).map_err(|e| format!("--map {spec}: {e}"))?;
        }
        Ok(map)
    }

    /// Says on standard error which delimiter was detected, when it is not a comma.
    pub fn note_delimiter(&self, log: &ReadLog, shown: &str) {
        if self.delimiter == Delimiter::Auto && log.delimiter() != Delimiter::Comma {
            super::note(format_args!("note: {shown}: detected the delimiter `{}` from the header", log.delimiter()));
        }
    }
}

/// What kind of file a path names, by its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Csv,
    Spreadsheet,
    Parquet,
}

pub fn kind(path: &Path) -> Kind {
    let ext = path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "xlsx" | "xlsm" | "xlsb" | "xls" | "ods" => Kind::Spreadsheet,
        "parquet" | "pq" => Kind::Parquet,
        _ => Kind::Csv,
    }
}

/// The table of a spreadsheet or Parquet file.
#[cfg(any(feature = "spreadsheet", feature = "parquet"))]
pub fn open_table(path: &Path, args: &InputArgs) -> Result<rolebalance::Sheet, String> {
    let _ = &args.sheet;
    match kind(path) {
        #[cfg(feature = "spreadsheet")]
        Kind::Spreadsheet => rolebalance::Sheet::open(path, args.sheet.as_deref()).map_err(|e| e.to_string()),
        #[cfg(feature = "parquet")]
        Kind::Parquet => rolebalance::Sheet::from_parquet_path(path).map_err(|e| super::describe(path, &e)),
        #[allow(unreachable_patterns)]
        other => Err(unsupported(path, other)),
    }
}

/// The message for a file this build cannot read.
pub fn unsupported(path: &Path, kind: Kind) -> String {
    let feature = match kind {
        Kind::Parquet => "parquet",
        _ => "spreadsheet",
    };
    format!(
        "{}: reading this file needs the `{feature}` feature: cargo run --release --features {feature} --example ...",
        path.display()
    )
}
