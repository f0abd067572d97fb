//! The model: frameworks, members, team paths, rosters and thresholds.

pub(crate) mod framework;
pub(crate) mod member;
pub(crate) mod roster;
pub(crate) mod team;
pub(crate) mod thresholds;
pub mod tolerance;
