//! Outputs: the JSON document, the text report, charts and the HTML report.

pub(crate) mod html;
pub(crate) mod json;
pub mod svg;
pub(crate) mod text;
pub(crate) mod write;
