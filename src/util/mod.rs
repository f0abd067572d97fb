//! Small helpers used by every layer.

pub(crate) mod fixed;
pub(crate) mod hash;
pub(crate) mod intern;
pub(crate) mod normal;
pub(crate) mod ordered;
pub(crate) mod prefetch;
pub(crate) mod rng;
