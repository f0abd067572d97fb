//! Coverage models (DESIGN.md section 3) and the mergeable team accumulator.

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::confidence::{ErrorState, MeasurementError};
use crate::thresholds::TeamThresholds;
use crate::tolerance;

/// How members' contributions `c = weight * strength` to a pole combine into
/// the team's coverage `C` (Steiner's task types).
///
/// # Formula
///
/// | model | `C` |
/// |---|---|
/// | `Strongest` | `max c` |
/// | `Pooled` | `1 - prod(1 - c)` |
/// | `Average` | `sum(weight * strength) / sum(weight)` |
///
/// An empty team, or one whose weights sum to 0, covers nothing: `C = 0`.
///
/// # Examples
///
/// ```
/// use rolebalance::Coverage;
/// assert_eq!(Coverage::default(), Coverage::Strongest);
/// assert_eq!("pooled".parse::<Coverage>(), Ok(Coverage::Pooled));
/// assert_eq!(Coverage::Average.to_string(), "average");
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Coverage {
    /// Disjunctive: one strong member suffices (Belbin's role presence).
    #[default]
    Strongest,
    /// Partial strengths pool, as in a probabilistic union.
    Pooled,
    /// Compensatory: the share of the team's capacity on the pole.
    Average,
}

impl Coverage {
    /// The lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            Coverage::Strongest => "strongest",
            Coverage::Pooled => "pooled",
            Coverage::Average => "average",
        }
    }
}

impl fmt::Display for Coverage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The error of parsing a [`Coverage`] name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown coverage model `{0}`: expected strongest, pooled or average")]
pub struct ParseCoverageError(String);

impl FromStr for Coverage {
    type Err = ParseCoverageError;
    fn from_str(s: &str) -> Result<Coverage, ParseCoverageError> {
        match s {
            "strongest" => Ok(Coverage::Strongest),
            "pooled" => Ok(Coverage::Pooled),
            "average" => Ok(Coverage::Average),
            other => Err(ParseCoverageError(other.to_string())),
        }
    }
}

/// The running state of one pole of one team.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PoleState {
    /// The largest contribution.
    pub(crate) top: f64,
    /// Roster order of the top contributor (ties go to the smallest).
    pub(crate) top_seq: u64,
    /// The top contributor's weight.
    pub(crate) top_weight: f64,
    /// The top contributor's id (empty before any member).
    pub(crate) top_id: String,
    /// The second-largest contribution (equal to `top` on a tie).
    pub(crate) second: f64,
    /// Members whose contribution reaches the pole threshold.
    pub(crate) depth: u64,
    /// `sum c` (Average).
    pub(crate) sum: f64,
    /// `sum ln(1 - c)` over contributions below 1 (Pooled).
    pub(crate) log_rest: f64,
    /// Contributions of 1 or more (Pooled).
    pub(crate) ones: u64,
}

impl PoleState {
    fn new() -> PoleState {
        PoleState {
            top: 0.0,
            top_seq: u64::MAX,
            top_weight: 0.0,
            top_id: String::new(),
            second: 0.0,
            depth: 0,
            sum: 0.0,
            log_rest: 0.0,
            ones: 0,
        }
    }

    /// Whether (c, seq) beats the current top: larger, or equal and earlier.
    fn beats(&self, c: f64, seq: u64) -> bool {
        c > self.top || (c == self.top && seq < self.top_seq)
    }
}

/// A team's running totals: fixed-size per team (one [`PoleState`] per pole,
/// whatever the number of members), mergeable in any order and split.
///
/// Add members with [`TeamAccumulator::add`], combine partial accumulators of
/// the same team with [`TeamAccumulator::merge`], and turn the result into a
/// [`TeamReport`](crate::TeamReport) with [`Analyzer::report`](crate::Analyzer::report).
///
/// Each member carries a sequence number, its place in roster order, so that
/// the top contributor of a pole ("among equals, the first in roster order")
/// does not depend on the order of merges.
///
/// # Examples
///
/// ```
/// use rolebalance::{Analyzer, Framework, Member, TeamAccumulator};
/// let fw = Framework::builder().dimension("horizon", "vision", "execution").build()?;
/// let analyzer = Analyzer::new();
/// let a = Member::new("a", "T", [0.9, 0.1])?;
/// let b = Member::new("b", "T", [0.2, 0.8])?;
///
/// let mut one_pass = analyzer.accumulator(&fw, "T")?;
/// one_pass.add(&a, 0)?;
/// one_pass.add(&b, 1)?;
///
/// let mut left = analyzer.accumulator(&fw, "T")?;
/// left.add(&b, 1)?;
/// let mut right = analyzer.accumulator(&fw, "T")?;
/// right.add(&a, 0)?;
/// right.merge(left)?;
/// assert_eq!(right, one_pass);
///
/// let report = analyzer.report(&fw, "T", &one_pass);
/// assert_eq!(report.direction(), 0.9);
/// assert_eq!(report.control(), 0.8);
/// # Ok::<(), rolebalance::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct TeamAccumulator {
    pub(crate) model: Coverage,
    pub(crate) thresholds: Arc<TeamThresholds>,
    pub(crate) members: u64,
    pub(crate) active: u64,
    pub(crate) total_weight: f64,
    /// The best `min(L, M)` of an active member, with its roster order.
    pub(crate) bridge: Option<(f64, u64)>,
    pub(crate) bridge_id: String,
    pub(crate) poles: Vec<PoleState>,
    /// Measurement-error sums, when the analysis has SEMs.
    pub(crate) error: Option<Box<ErrorState>>,
}

impl TeamAccumulator {
    pub(crate) fn new(
        model: Coverage,
        thresholds: Arc<TeamThresholds>,
        error: Option<&MeasurementError>,
    ) -> TeamAccumulator {
        let poles = vec![PoleState::new(); thresholds.poles.len()];
        let error = error.map(|e| Box::new(ErrorState::new(e)));
        TeamAccumulator {
            model,
            thresholds,
            members: 0,
            active: 0,
            total_weight: 0.0,
            bridge: None,
            bridge_id: String::new(),
            poles,
            error,
        }
    }

    /// The coverage model this accumulator was made for.
    pub fn model(&self) -> Coverage {
        self.model
    }

    /// The number of members added.
    pub fn members(&self) -> u64 {
        self.members
    }

    /// Adds a member with roster order `seq`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::PoleCount`](crate::ErrorKind::PoleCount) when the member
    /// has not one strength per pole of the framework.
    pub fn add(&mut self, member: &crate::Member, seq: u64) -> Result<(), crate::Error> {
        if member.strengths().len() != self.poles.len() {
            return Err(crate::ErrorKind::PoleCount {
                id: member.id().to_string(),
                expected: self.poles.len(),
                found: member.strengths().len(),
            }
            .into());
        }
        self.add_row(member.id(), member.weight(), member.strengths(), seq);
        Ok(())
    }

    /// Adds one row whose values were checked: `strengths` has one entry per
    /// pole, all in [0, 1], and `weight` is in [0, 1].
    pub(crate) fn add_row(&mut self, id: &str, weight: f64, strengths: &[f64], seq: u64) {
        self.members += 1;
        self.total_weight += weight;
        if weight > 0.0 {
            self.active += 1;
            let (l, m) = crate::member::side_means(strengths);
            let score = l.min(m);
            let better = match self.bridge {
                None => true,
                Some((b, s)) => score > b || (score == b && seq < s),
            };
            if better {
                self.bridge = Some((score, seq));
                self.bridge_id.clear();
                self.bridge_id.push_str(id);
            }
        }
        let pooled = self.model == Coverage::Pooled;
        for ((state, &strength), &t) in self.poles.iter_mut().zip(strengths).zip(&self.thresholds.poles) {
            let c = weight * strength;
            if state.beats(c, seq) {
                state.second = state.top;
                state.top = c;
                state.top_seq = seq;
                state.top_weight = weight;
                state.top_id.clear();
                state.top_id.push_str(id);
            } else if c > state.second {
                state.second = c;
            }
            state.depth += u64::from(tolerance::reaches(c, t));
            state.sum += c;
            if pooled {
                if c >= 1.0 {
                    state.ones += 1;
                } else {
                    state.log_rest += (-c).ln_1p();
                }
            }
        }
        if let Some(e) = self.error.as_deref_mut() {
            e.add(self.model, &self.thresholds, weight, strengths, seq);
        }
    }

    /// Merges another accumulator of the same team into this one.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::PoleCount`](crate::ErrorKind::PoleCount) when the two
    /// were made for frameworks of different sizes. Merging accumulators
    /// made with different models or thresholds is a logic error: the result
    /// keeps this one's.
    pub fn merge(&mut self, other: TeamAccumulator) -> Result<(), crate::Error> {
        if other.poles.len() != self.poles.len() {
            return Err(crate::ErrorKind::PoleCount {
                id: String::new(),
                expected: self.poles.len(),
                found: other.poles.len(),
            }
            .into());
        }
        self.members += other.members;
        self.active += other.active;
        self.total_weight += other.total_weight;
        if let Some((score, seq)) = other.bridge {
            let better = match self.bridge {
                None => true,
                Some((b, s)) => score > b || (score == b && seq < s),
            };
            if better {
                self.bridge = other.bridge;
                self.bridge_id = other.bridge_id;
            }
        }
        if let (Some(a), Some(b)) = (self.error.as_deref_mut(), other.error.as_deref()) {
            a.merge(b);
        }
        for (a, b) in self.poles.iter_mut().zip(other.poles) {
            if b.top_seq == u64::MAX {
                continue; // empty side
            }
            if a.top_seq == u64::MAX {
                *a = b;
                continue;
            }
            if a.beats(b.top, b.top_seq) {
                a.second = a.top.max(b.second);
                a.top = b.top;
                a.top_seq = b.top_seq;
                a.top_weight = b.top_weight;
                a.top_id = b.top_id;
            } else {
                a.second = a.second.max(b.top);
            }
            a.depth += b.depth;
            a.sum += b.sum;
            a.log_rest += b.log_rest;
            a.ones += b.ones;
        }
        Ok(())
    }

    /// `(C, C without the top contributor)` for pole number `pole`.
    pub(crate) fn coverage(&self, pole: usize) -> (f64, f64) {
        let Some(s) = self.poles.get(pole) else { return (0.0, 0.0) };
        if self.members == 0 {
            return (0.0, 0.0);
        }
        let (c, without) = match self.model {
            Coverage::Strongest => (s.top, s.second),
            Coverage::Pooled => {
                let c = if s.ones > 0 { 1.0 } else { -s.log_rest.exp_m1() };
                let without = if s.top >= 1.0 {
                    if s.ones >= 2 {
                        1.0
                    } else {
                        -s.log_rest.exp_m1()
                    }
                } else if s.ones > 0 {
                    1.0
                } else {
                    -(s.log_rest - (-s.top).ln_1p()).exp_m1()
                };
                (c, without)
            }
            Coverage::Average => {
                let w = self.total_weight;
                let c = if w > 0.0 { s.sum / w } else { 0.0 };
                let rest_w = w - s.top_weight;
                // Below this the rest's weight is rounding noise: nobody is left.
                let without = if rest_w > 1e-12 * w.max(1.0) { (s.sum - s.top) / rest_w } else { 0.0 };
                (c, without)
            }
        };
        (c.clamp(0.0, 1.0), without.clamp(0.0, 1.0))
    }
}
