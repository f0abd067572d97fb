//! Outputs: the JSON document, the text report, charts, the HTML report and the Excel workbook.

pub(crate) mod changes;
pub(crate) mod compare;
pub(crate) mod html;
pub(crate) mod json;
pub mod svg;
pub(crate) mod text;
pub(crate) mod write;
#[cfg(feature = "xlsx")]
pub(crate) mod xlsx;
