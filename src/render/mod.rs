//! Charts, the HTML report and the Excel workbook.

pub(crate) mod html;
pub mod svg;
#[cfg(feature = "xlsx")]
pub(crate) mod xlsx;
