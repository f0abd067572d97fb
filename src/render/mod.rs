//! Charts and the HTML report.

pub(crate) mod html;
pub mod svg;
