//! Small helpers used by every layer.

pub(crate) mod prefetch;
pub(crate) mod rng;
