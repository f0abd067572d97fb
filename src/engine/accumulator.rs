//! Coverage models (DESIGN.md section 3) and the mergeable team accumulator.

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::analysis::confidence::{ErrorState, MeasurementError};
use crate::model::thresholds::TeamThresholds;
use crate::model::tolerance;

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
    ///
    /// ```
    /// assert_eq!(rolebalance::Coverage::Pooled.as_str(), "pooled");
    /// ```
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
///
/// ```
/// let err = "loudest".parse::<rolebalance::Coverage>().unwrap_err();
/// assert!(err.to_string().contains("loudest"));
/// ```
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

/// A compensated (Neumaier) sum: the rounding error of every addition is
/// kept, so a million terms add up to the correctly rounded total within a
/// few ulps, whatever their order.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct Sum {
    hi: f64,
    lo: f64,
}

impl Sum {
    #[inline]
    pub(crate) fn add(&mut self, x: f64) {
        let t = self.hi + x;
        if self.hi.abs() >= x.abs() {
            self.lo += (self.hi - t) + x;
        } else {
            self.lo += (x - t) + self.hi;
        }
        self.hi = t;
    }

    pub(crate) fn merge(&mut self, other: Sum) {
        self.add(other.hi);
        self.lo += other.lo;
    }

    pub(crate) fn value(self) -> f64 {
        self.hi + self.lo
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
    pub(crate) sum: Sum,
    /// `sum ln(1 - c)` over contributions below 1 (Pooled).
    pub(crate) log_rest: Sum,
    /// Contributions of 1 or more (Pooled).
    pub(crate) ones: u64,
}

impl PoleState {
    pub(crate) fn new() -> PoleState {
        PoleState {
            top: 0.0,
            top_seq: u64::MAX,
            top_weight: 0.0,
            top_id: String::new(),
            second: 0.0,
            depth: 0,
            sum: Sum::default(),
            log_rest: Sum::default(),
            ones: 0,
        }
    }

    /// Whether (c, seq) beats the current top: larger, or equal and earlier.
    fn beats(&self, c: f64, seq: u64) -> bool {
        c > self.top || (c == self.top && seq < self.top_seq)
    }
}

/// A team's running totals: fixed-size per team (one `PoleState` per pole,
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
    pub(crate) total_weight: Sum,
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
            total_weight: Sum::default(),
            bridge: None,
            bridge_id: String::new(),
            poles,
            error,
        }
    }

    /// The coverage model this accumulator was made for.
    ///
    /// ```
    /// use rolebalance::{Analyzer, Coverage, Framework};
    /// let acc = Analyzer::new().model(Coverage::Average).accumulator(&Framework::leadership_management(), "T")?;
    /// assert_eq!(acc.model(), Coverage::Average);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn model(&self) -> Coverage {
        self.model
    }

    /// The sum of the weights added.
    ///
    /// ```
    /// use rolebalance::{Analyzer, Framework, Member};
    /// let mut acc = Analyzer::new().accumulator(&Framework::leadership_management(), "T")?;
    /// acc.add(&Member::new("a", "T", [0.5; 8])?.with_weight(0.25)?, 0)?;
    /// assert_eq!(acc.total_weight(), 0.25);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn total_weight(&self) -> f64 {
        self.total_weight.value()
    }

    /// The number of members added.
    ///
    /// ```
    /// use rolebalance::{Analyzer, Framework, Member};
    /// let mut acc = Analyzer::new().accumulator(&Framework::leadership_management(), "T")?;
    /// acc.add(&Member::new("a", "T", [0.5; 8])?, 0)?;
    /// assert_eq!(acc.members(), 1);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn members(&self) -> u64 {
        self.members
    }

    /// Adds a member with roster order `seq`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::PoleCount`](crate::ErrorKind::PoleCount) when the member
    /// has not one strength per pole of the framework.
    ///
    /// ```
    /// use rolebalance::{Analyzer, Framework, Member};
    /// let mut acc = Analyzer::new().accumulator(&Framework::leadership_management(), "T")?;
    /// acc.add(&Member::new("a", "T", [0.5; 8])?, 0)?;
    /// assert!(acc.add(&Member::new("b", "T", [0.5; 2])?, 1).is_err()); // 2 strengths, 8 poles
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
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
        self.total_weight.add(weight);
        if weight > 0.0 {
            self.active += 1;
            let (l, m) = crate::model::member::side_means(strengths);
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
        let (pooled, average) = (self.model == Coverage::Pooled, self.model == Coverage::Average);
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
            if average {
                state.sum.add(c);
            }
            if pooled {
                if c >= 1.0 {
                    state.ones += 1;
                } else {
                    state.log_rest.add((-c).ln_1p());
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
    ///
    /// ```
    /// use rolebalance::{Analyzer, Framework, Member};
    /// let (fw, analyzer) = (Framework::leadership_management(), Analyzer::new());
    /// let mut a = analyzer.accumulator(&fw, "T")?;
    /// let mut b = analyzer.accumulator(&fw, "T")?;
    /// a.add(&Member::new("a", "T", [0.9; 8])?, 0)?;
    /// b.add(&Member::new("b", "T", [0.2; 8])?, 1)?;
    /// a.merge(b)?;
    /// assert_eq!(a.members(), 2);
    /// assert_eq!(analyzer.report(&fw, "T", &a).direction(), 0.9);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
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
        self.total_weight.merge(other.total_weight);
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
            a.sum.merge(b.sum);
            a.log_rest.merge(b.log_rest);
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
                let log_rest = s.log_rest.value();
                let c = if s.ones > 0 { 1.0 } else { -log_rest.exp_m1() };
                let without = if s.top >= 1.0 {
                    if s.ones >= 2 {
                        1.0
                    } else {
                        -log_rest.exp_m1()
                    }
                } else if s.ones > 0 {
                    1.0
                } else {
                    -(log_rest - (-s.top).ln_1p()).exp_m1()
                };
                (c, without)
            }
            Coverage::Average => {
                let w = self.total_weight.value();
                let sum = s.sum.value();
                let c = if w > 0.0 { sum / w } else { 0.0 };
                let rest_w = w - s.top_weight;
                // Below this the rest's weight is rounding noise: nobody is left.
                let without = if rest_w > 1e-12 * w.max(1.0) { (sum - s.top) / rest_w } else { 0.0 };
                (c, without)
            }
        };
        (c.clamp(0.0, 1.0), without.clamp(0.0, 1.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn acc(model: Coverage, poles: usize) -> TeamAccumulator {
        let t = TeamThresholds { poles: vec![0.5; poles], direction: 0.5, control: 0.5, skew: 0.3, bridge: 0.4 };
        TeamAccumulator::new(model, Arc::new(t), None)
    }

    #[test]
    fn pooled_survives_a_million_small_contributions() {
        let mut a = acc(Coverage::Pooled, 2);
        for i in 0..1_000_000u64 {
            a.add_row("m", 1.0, &[1e-6, 1e-12], i);
        }
        let (c, without) = a.coverage(0);
        let exact = -(1_000_000.0 * (-1e-6f64).ln_1p()).exp_m1();
        assert!((c - exact).abs() < 1e-12, "{c} vs {exact}");
        assert!(without < c && without > 0.63);
        // 1e-12 a million times: 1 - (1 - 1e-12)^1e6 ~ 1e-6, which a naive product of (1 - c) would round to 0.
        let (c, _) = a.coverage(1);
        let exact = -(1_000_000.0 * (-1e-12f64).ln_1p()).exp_m1();
        assert!(((c - exact) / exact).abs() < 1e-12, "{c} vs {exact}");
        assert!(c > 9.99999e-7);
    }

    #[test]
    fn pooled_with_certain_members() {
        let mut a = acc(Coverage::Pooled, 2);
        a.add_row("a", 1.0, &[1.0, 0.5], 0);
        a.add_row("b", 1.0, &[0.5, 0.5], 1);
        assert_eq!(a.coverage(0), (1.0, 0.5));
        a.add_row("c", 1.0, &[1.0, 0.0], 2);
        assert_eq!(a.coverage(0), (1.0, 1.0));
        assert_eq!(a.coverage(1), (0.75, 0.5));
    }

    #[test]
    fn merge_keeps_the_second_largest() {
        let rows = [("a", 0.9), ("b", 0.7), ("c", 0.8), ("d", 0.1)];
        for cut in 0..=rows.len() {
            let mut left = acc(Coverage::Strongest, 1);
            let mut right = acc(Coverage::Strongest, 1);
            for (i, (id, s)) in rows.iter().enumerate() {
                let side = if i < cut { &mut left } else { &mut right };
                side.add_row(id, 1.0, &[*s], i as u64);
            }
            let mut m = right.clone();
            m.merge(left.clone()).unwrap();
            left.merge(right).unwrap();
            for x in [&m, &left] {
                assert_eq!(x.coverage(0), (0.9, 0.8), "cut {cut}");
                assert_eq!(x.poles[0].top_id, "a");
            }
        }
    }

    #[test]
    fn average_without_the_only_weighted_member_is_zero() {
        let mut a = acc(Coverage::Average, 1);
        a.add_row("a", 0.1, &[1.0], 0);
        a.add_row("b", 0.2, &[1.0], 1);
        a.add_row("c", 0.0, &[1.0], 2);
        let (c, without) = a.coverage(0);
        assert!((c - 1.0).abs() < 1e-12);
        assert!((without - 1.0).abs() < 1e-12, "a remains");
        let mut b = acc(Coverage::Average, 1);
        b.add_row("a", 0.3, &[0.9], 0);
        b.add_row("z", 0.0, &[0.2], 1);
        assert_eq!(b.coverage(0).1, 0.0);
    }

    #[test]
    fn parses_model_names() {
        assert_eq!("average".parse::<Coverage>(), Ok(Coverage::Average));
        assert_eq!(
            "mean".parse::<Coverage>().unwrap_err().to_string(),
            "unknown coverage model `mean`: expected strongest, pooled or average"
        );
    }
}
