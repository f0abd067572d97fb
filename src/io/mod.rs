//! Reading and writing: CSV chunking, roster and small-table readers, number parsing and CSV output.

pub(crate) mod chunk;
pub(crate) mod csvout;
pub(crate) mod lines;
pub(crate) mod number;
pub(crate) mod read;
pub(crate) mod records;
pub(crate) mod source;
pub(crate) mod stream;
pub(crate) mod table;
