//! The model: frameworks, members, team paths, rosters and thresholds.

pub(crate) mod coverage;
pub(crate) mod framework;
pub(crate) mod measurement;
pub(crate) mod member;
pub(crate) mod pairs;
pub(crate) mod roster;
pub(crate) mod settings;
pub(crate) mod team;
pub(crate) mod thresholds;
pub mod tolerance;
