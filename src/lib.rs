//! # rolebalance
//!
//! Leadership and management are complementary: "without leadership,
//! organizations lack direction; without management, they lack control".
//! This crate places every person of a roster on the dimensions that separate
//! the two and tells each team where it stands.
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic))]

mod analysis;
mod coverage;
mod error;
mod findings;
mod framework;
mod lines;
mod member;
mod read;
mod report;
mod roster;
mod table;
mod team;
mod thresholds;
pub mod tolerance;

pub use analysis::{Analyzer, Rollups};
pub use coverage::{Coverage, ParseCoverageError, TeamAccumulator};
pub use error::{Error, ErrorKind, Range, ValueProblem};
pub use findings::{Finding, FindingKind, Severity};
pub use framework::{Dimension, Framework, FrameworkBuilder, Pole, Side, MAX_DIMENSIONS};
pub use member::Member;
pub use read::{Mode, ReadLog, ReaderBuilder, SkippedRow};
pub use report::{Level, PoleReport, Report, TeamReport};
pub use roster::Roster;
pub use team::{is_team_prefix, team_prefixes};
pub use thresholds::{Requirement, Requirements, TeamThresholds, Thresholds};

/// The README's examples, tested as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
