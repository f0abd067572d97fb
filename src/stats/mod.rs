//! Questionnaires, reliability and organisation statistics.

pub(crate) mod icc;
pub(crate) mod instrument;
pub(crate) mod matrix;
pub(crate) mod org;
pub(crate) mod reliability;
pub(crate) mod scoring;
