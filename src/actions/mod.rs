//! From diagnosis to action: objectives, recommendations, rebalancing and team formation.

pub(crate) mod constraints;
pub(crate) mod formation;
pub(crate) mod objective;
pub(crate) mod rebalance;
pub(crate) mod recommend;
