//! The engine: team totals and how rows get into them, on every path.
//!
//! - [`kernel`]: every rule that combines members into a team's scores,
//!   written once over plain data.
//! - [`accumulator`]: a team's totals as plain data ([`accumulator::TeamState`])
//!   and the public [`TeamAccumulator`](crate::TeamAccumulator).
//! - [`store`]: compact per-team storage; [`shard`]: a streaming worker's
//!   teams, found by name (the exact duplicate check is
//!   [`crate::model::pairs`]).
//! - [`streaming`]: the shards as the sinks of the parallel streaming read
//!   ([`crate::io::stream`]); [`memory`]: the in-memory analysis of a
//!   roster; both end in a [`tally::Tally`] with rollups ([`rollup`]).
//! - [`errors`]: measurement-error sums, for the confidence of findings.
//! - [`search`]: the small health tallies of formation, rebalancing and
//!   recommendations.

pub(crate) mod accumulator;
pub(crate) mod errors;
pub(crate) mod kernel;
pub(crate) mod memory;
pub(crate) mod rollup;
pub(crate) mod rows;
pub(crate) mod search;
pub(crate) mod shard;
pub(crate) mod store;
pub(crate) mod streaming;
pub(crate) mod tally;

use crate::engine::kernel::Needs;
use crate::model::settings::Settings;

/// What an analysis with `settings` keeps per pole: what its models need,
/// and everything when it has measurement error (the confidence of every
/// model is computed from the totals).
pub(crate) fn needs(settings: &Settings) -> Needs {
    if settings.error.is_some() {
        return Needs::ALL;
    }
    Needs::of_all(settings.models())
}

/// Runs `$body` with `$n` a constant equal to the [`Needs`] bits `$bits`
/// (the second contribution aside: stores keep it by [`store::Keep`]), so
/// that an add loop is compiled once per set of needs with its branches
/// folded away.
macro_rules! with_needs {
    ($bits:expr, $n:ident => $body:expr) => {{
        use $crate::engine::kernel::Needs as __Needs;
        match $bits & !__Needs::SECOND {
            0 => {
                const $n: u8 = 0;
                $body
            }
            2 => {
                const $n: u8 = 2;
                $body
            }
            4 => {
                const $n: u8 = 4;
                $body
            }
            6 => {
                const $n: u8 = 6;
                $body
            }
            8 => {
                const $n: u8 = 8;
                $body
            }
            10 => {
                const $n: u8 = 10;
                $body
            }
            12 => {
                const $n: u8 = 12;
                $body
            }
            14 => {
                const $n: u8 = 14;
                $body
            }
            16 => {
                const $n: u8 = 16;
                $body
            }
            18 => {
                const $n: u8 = 18;
                $body
            }
            20 => {
                const $n: u8 = 20;
                $body
            }
            22 => {
                const $n: u8 = 22;
                $body
            }
            24 => {
                const $n: u8 = 24;
                $body
            }
            26 => {
                const $n: u8 = 26;
                $body
            }
            28 => {
                const $n: u8 = 28;
                $body
            }
            _ => {
                const $n: u8 = 30;
                $body
            }
        }
    }};
}
pub(crate) use with_needs;
