//! Questionnaires, reliability and organisation statistics.

pub(crate) mod icc;
pub(crate) mod instrument;
pub(crate) mod matrix;
pub(crate) mod org;
pub(crate) mod reliability;
pub(crate) mod scoring;
#[cfg(any(feature = "spreadsheet", feature = "parquet"))]
pub(crate) mod sheet;
