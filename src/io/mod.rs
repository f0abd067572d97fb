//! Reading and writing: CSV chunking, roster and small-table readers, column mapping, delimiters,
//! reporting lines, number parsing and CSV output.

pub(crate) mod chunk;
pub(crate) mod csvout;
pub(crate) mod delimiter;
pub(crate) mod hierarchy;
pub(crate) mod mapping;
pub(crate) mod number;
#[cfg(feature = "parquet")]
pub(crate) mod parquet;
pub(crate) mod read;
pub(crate) mod readlog;
pub(crate) mod records;
pub(crate) mod row;
pub(crate) mod source;
#[cfg(any(feature = "spreadsheet", feature = "parquet"))]
pub(crate) mod spreadsheet;
pub(crate) mod stream;
pub(crate) mod survey;
pub(crate) mod table;
