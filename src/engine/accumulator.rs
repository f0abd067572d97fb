//! A team's totals as plain data ([`TeamState`]), and the public mergeable
//! [`TeamAccumulator`] built on it. Both add members with the rules of the
//! [kernel](crate::engine::kernel).

use std::sync::Arc;

use crate::engine::errors::ErrorState;
use crate::engine::kernel::{self, contribution, merge_pole, Needs, PoleTotals, TeamTotals};
use crate::error::{Error, ErrorKind};
use crate::model::coverage::Coverage;
use crate::model::measurement::MeasurementError;
use crate::model::member::MemberRef;
use crate::model::thresholds::TeamThresholds;
use crate::model::tolerance::EPSILON;

/// No member yet (a roster order that every member beats).
pub(crate) const NO_SEQ: u64 = u64::MAX;

/// One team's totals, whatever storage they came from: what reports,
/// summaries, rollups and confidences read. Ids are empty where the
/// storage does not keep them (a summary names nobody).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TeamState {
    pub(crate) totals: TeamTotals,
    /// The best bridge's roster order.
    pub(crate) bridge_seq: u64,
    pub(crate) bridge_id: String,
    pub(crate) poles: Vec<PoleTotals>,
    /// Per pole: the top contributor's roster order ([`NO_SEQ`] before any).
    pub(crate) top_seq: Vec<u64>,
    /// Per pole: the top contributor's id.
    pub(crate) top_id: Vec<String>,
}

impl TeamState {
    /// An empty team on `poles` poles.
    pub(crate) fn new(poles: usize) -> TeamState {
        TeamState {
            totals: TeamTotals::default(),
            bridge_seq: NO_SEQ,
            bridge_id: String::new(),
            poles: vec![PoleTotals::default(); poles],
            top_seq: vec![NO_SEQ; poles],
            top_id: vec![String::new(); poles],
        }
    }

    /// Empties the team, keeping its allocations, for `poles` poles.
    pub(crate) fn reset(&mut self, poles: usize) {
        self.totals = TeamTotals::default();
        self.bridge_seq = NO_SEQ;
        self.bridge_id.clear();
        self.poles.clear();
        self.poles.resize(poles, PoleTotals::default());
        self.top_seq.clear();
        self.top_seq.resize(poles, NO_SEQ);
        self.top_id.resize_with(poles, String::new);
        for id in &mut self.top_id {
            id.clear();
        }
    }

    /// `(C, C without the top contributor)` of pole `i` under `model`.
    pub(crate) fn coverage(&self, i: usize, model: Coverage) -> (f64, f64) {
        match self.poles.get(i) {
            Some(p) => kernel::coverage(model, p, &self.totals),
            None => (0.0, 0.0),
        }
    }

    /// Adds a member whose values were checked (one strength per pole, all
    /// in [0, 1], weight in [0, 1]), of roster order `seq` (any order).
    pub(crate) fn add(&mut self, id: &str, weight: f64, strengths: &[f64], seq: u64, t: &TeamThresholds, needs: Needs) {
        self.totals.members += 1;
        self.totals.total_weight.add(weight);
        if weight > 0.0 {
            self.totals.active += 1;
            let score = kernel::bridge_score(strengths);
            if self.totals.bridge <= kernel::NO_BRIDGE || kernel::beats(score, seq, self.totals.bridge, self.bridge_seq)
            {
                self.totals.bridge = score;
                self.bridge_seq = seq;
                self.bridge_id.clear();
                self.bridge_id.push_str(id);
            }
        }
        let poles = self.poles.iter_mut().zip(self.top_seq.iter_mut()).zip(self.top_id.iter_mut());
        for (((p, top_seq), top_id), (&s, &threshold)) in poles.zip(strengths.iter().zip(&t.poles)) {
            if p.add(contribution(weight, s), weight, threshold - EPSILON, needs.bits(), seq, top_seq) {
                top_id.clear();
                top_id.push_str(id);
            }
        }
    }

    /// Merges `other` (another part of the same team, or a team below a
    /// rollup) into this one.
    pub(crate) fn merge(&mut self, other: &TeamState) {
        self.totals.merge_counts(&other.totals);
        if other.totals.bridge > kernel::NO_BRIDGE
            && (self.totals.bridge <= kernel::NO_BRIDGE
                || kernel::beats(other.totals.bridge, other.bridge_seq, self.totals.bridge, self.bridge_seq))
        {
            self.totals.bridge = other.totals.bridge;
            self.bridge_seq = other.bridge_seq;
            self.bridge_id.clone_from(&other.bridge_id);
        }
        let mine = self.poles.iter_mut().zip(self.top_seq.iter_mut()).zip(self.top_id.iter_mut());
        let theirs = other.poles.iter().zip(&other.top_seq).zip(&other.top_id);
        for (((a, a_seq), a_id), ((b, &b_seq), b_id)) in mine.zip(theirs) {
            if merge_pole(a, *a_seq, b, b_seq) {
                *a_seq = b_seq;
                a_id.clone_from(b_id);
            }
        }
    }
}

/// A team's running totals: fixed-size per team (a few numbers per pole,
/// whatever the number of members), mergeable in any order.
///
/// Add members with [`TeamAccumulator::add`], combine partial accumulators of
/// the same team with [`TeamAccumulator::merge`], and turn the result into a
/// [`TeamReport`](crate::TeamReport) with [`Analyzer::report`](crate::Analyzer::report).
///
/// Each member carries a sequence number, its place in roster order, so that
/// the top contributor of a pole ("among equals, the first in roster order")
/// does not depend on the order of adds and merges.
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
    pub(crate) needs: Needs,
    pub(crate) thresholds: Arc<TeamThresholds>,
    pub(crate) state: TeamState,
    /// Measurement-error sums, when the analysis has SEMs.
    pub(crate) error: Option<Box<ErrorState>>,
}

impl TeamAccumulator {
    /// An empty team with its thresholds, keeping what `needs` asks for.
    pub(crate) fn new(
        model: Coverage,
        needs: Needs,
        thresholds: Arc<TeamThresholds>,
        error: Option<&MeasurementError>,
    ) -> TeamAccumulator {
        let state = TeamState::new(thresholds.poles.len());
        let error = error.map(|e| Box::new(ErrorState::new(e)));
        TeamAccumulator { model, needs, thresholds, state, error }
    }

    /// The analysis' coverage model this accumulator was made for (poles
    /// may have models of their own: [`TeamThresholds::models`]).
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

    /// The thresholds and models of the team.
    ///
    /// ```
    /// use rolebalance::{Analyzer, Framework};
    /// let acc = Analyzer::new().accumulator(&Framework::leadership_management(), "T")?;
    /// assert_eq!(acc.thresholds().poles(), [0.5; 8]);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn thresholds(&self) -> &TeamThresholds {
        &self.thresholds
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
        self.state.totals.total_weight.value()
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
        self.state.totals.members
    }

    /// Adds a member with roster order `seq`. A member is anything that
    /// gives a [`MemberRef`](crate::MemberRef): a [`Member`](crate::Member)
    /// or a roster's member.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::PoleCount`] when the member has not one strength per
    /// pole of the framework.
    ///
    /// ```
    /// use rolebalance::{Analyzer, Framework, Member};
    /// let mut acc = Analyzer::new().accumulator(&Framework::leadership_management(), "T")?;
    /// acc.add(&Member::new("a", "T", [0.5; 8])?, 0)?;
    /// assert!(acc.add(&Member::new("b", "T", [0.5; 2])?, 1).is_err()); // 2 strengths, 8 poles
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn add<'m>(&mut self, member: impl Into<MemberRef<'m>>, seq: u64) -> Result<(), Error> {
        let member = member.into();
        if member.strengths().len() != self.state.poles.len() {
            return Err(ErrorKind::PoleCount {
                id: member.id().to_string(),
                expected: self.state.poles.len(),
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
        self.state.add(id, weight, strengths, seq, &self.thresholds, self.needs);
        if let Some(e) = self.error.as_deref_mut() {
            e.add(&self.thresholds, weight, strengths, seq);
        }
    }

    /// Merges another accumulator of the same team into this one.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::PoleCount`] when the two were made for frameworks of
    /// different sizes. Merging accumulators made with different models or
    /// thresholds is a logic error: the result keeps this one's.
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
    pub fn merge(&mut self, other: TeamAccumulator) -> Result<(), Error> {
        self.merge_state(&other.state, other.error.as_deref())
    }

    /// Merges a team's totals (and error sums) into this one.
    pub(crate) fn merge_state(&mut self, other: &TeamState, error: Option<&ErrorState>) -> Result<(), Error> {
        if other.poles.len() != self.state.poles.len() {
            return Err(ErrorKind::PoleCount {
                id: String::new(),
                expected: self.state.poles.len(),
                found: other.poles.len(),
            }
            .into());
        }
        self.state.merge(other);
        if let (Some(a), Some(b)) = (self.error.as_deref_mut(), error) {
            a.merge(b);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    impl TeamAccumulator {
        fn coverage(&self, pole: usize) -> (f64, f64) {
            self.state.coverage(pole, self.thresholds.model(pole))
        }
    }

    fn acc(model: Coverage, poles: usize) -> TeamAccumulator {
        let t = TeamThresholds {
            poles: vec![0.5; poles],
            models: vec![model; poles],
            direction: 0.5,
            control: 0.5,
            skew: 0.3,
            bridge: 0.4,
        };
        TeamAccumulator::new(model, Needs::of(model), Arc::new(t), None)
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
                assert_eq!(x.state.top_id[0], "a");
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
}
