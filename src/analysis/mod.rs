//! The analysis: findings, reports and their confidence.

pub(crate) mod analyzer;
pub(crate) mod compare;
pub(crate) mod confidence;
pub(crate) mod disclosure;
pub(crate) mod entry;
pub(crate) mod findings;
pub(crate) mod report;
#[cfg(any(feature = "spreadsheet", feature = "parquet"))]
pub(crate) mod sheet;
pub(crate) mod streamed;
pub(crate) mod summary;
