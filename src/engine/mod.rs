//! Accumulation: team totals, streaming reads and rollups.

pub(crate) mod accumulator;
pub(crate) mod mix;
pub(crate) mod stream;
pub(crate) mod tally;
