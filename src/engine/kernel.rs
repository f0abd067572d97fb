//! The coverage kernel: every rule that combines a team's members into its
//! scores, written once, as small inlined functions over plain data.
//!
//! Every path uses these functions: the public [`TeamAccumulator`], the
//! streaming shards, rollups, the search tallies of formation, rebalancing
//! and recommendations, and the confidence of findings. Their storage
//! layouts differ (the shards keep the first poles' top contributions in
//! the team's cache-line record and the rest in side arrays); the rules do
//! not.
//!
//! # The rules
//!
//! For a pole of a team, each member contributes `c = weight × strength`.
//!
//! | rule | function |
//! |---|---|
//! | the top contributor: the largest `c`, the first in roster order among equals | [`add_top`], [`merge_pole`] |
//! | the second largest `c` (Strongest without its top contributor) | [`add_second`] |
//! | depth: the contributions that reach the pole threshold | [`add_depth`] |
//! | the sums of Average, Additive and Pooled, the minimum of Weakest | [`add_extra`] |
//! | coverage and coverage without the top contributor, per model | [`coverage`] |
//! | direction and control: the mean coverage of each side | [`sides`] |
//! | balance and health | [`balance`], [`health`] |
//! | a member's bridge score `min(L, M)` and the team's best | [`bridge_score`], [`add_bridge`] |
//!
//! [`TeamAccumulator`]: crate::TeamAccumulator

use crate::model::coverage::Coverage;
use crate::model::framework::Side;

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

    #[inline]
    pub(crate) fn merge(&mut self, other: Sum) {
        self.add(other.hi);
        self.lo += other.lo;
    }

    #[inline]
    pub(crate) fn value(self) -> f64 {
        self.hi + self.lo
    }
}

/// What a storage keeps per pole beyond the top contribution and the
/// depth, for the models in use (see [`Needs::of`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub(crate) struct Needs(u8);

impl Needs {
    /// The second largest contribution (`Strongest` without its top).
    pub(crate) const SECOND: u8 = 1;
    /// `Σ c` (`Average`, `Additive`).
    pub(crate) const SUM: u8 = 2;
    /// The top contributor's weight (`Average` without its top).
    pub(crate) const TOP_WEIGHT: u8 = 4;
    /// `Σ ln(1 - c)` and the count of `c >= 1` (`Pooled`).
    pub(crate) const POOLED: u8 = 8;
    /// `min c` over the active members (`Weakest`).
    pub(crate) const MIN: u8 = 16;
    /// Everything any model needs.
    pub(crate) const ALL: Needs = Needs(31);

    /// What `model` needs.
    pub(crate) fn of(model: Coverage) -> Needs {
        Needs(match model {
            Coverage::Strongest => Needs::SECOND,
            Coverage::Pooled => Needs::POOLED,
            Coverage::Average => Needs::SUM | Needs::TOP_WEIGHT,
            Coverage::Weakest => Needs::MIN,
            Coverage::Additive => Needs::SUM,
        })
    }

    /// What any of `models` needs.
    pub(crate) fn of_all(models: impl IntoIterator<Item = Coverage>) -> Needs {
        models.into_iter().fold(Needs(0), |n, m| Needs(n.0 | Needs::of(m).0))
    }

    /// The needs as bits, for const-generic add loops.
    pub(crate) fn bits(self) -> u8 {
        self.0
    }

    /// Whether the `bit` is needed.
    pub(crate) fn has(self, bit: u8) -> bool {
        self.0 & bit != 0
    }

    /// Whether anything beyond the top contribution, its second and the
    /// depth is kept.
    pub(crate) fn extra(self) -> bool {
        self.0 & !Needs::SECOND != 0
    }
}

/// Before any member: below every contribution, so that the first member
/// is the top contributor (also with `c = 0`).
pub(crate) const NO_TOP: f64 = -1.0;

/// What only some models need, per pole (see [`Needs`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct PoleExtra {
    /// `Σ c`.
    pub(crate) sum: Sum,
    /// The top contributor's weight.
    pub(crate) top_weight: f64,
    /// `Σ ln(1 - c)` over contributions below 1.
    pub(crate) log_rest: Sum,
    /// Contributions of 1 or more.
    pub(crate) ones: u64,
    /// The smallest contribution of an active member (`+∞` before any).
    pub(crate) min: f64,
}

impl Default for PoleExtra {
    fn default() -> PoleExtra {
        PoleExtra { sum: Sum::default(), top_weight: 0.0, log_rest: Sum::default(), ones: 0, min: f64::INFINITY }
    }
}

/// One pole's totals, every field any model reads: the plain data the
/// coverage rules work on, whatever storage it came from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct PoleTotals {
    /// The largest contribution ([`NO_TOP`] before any member).
    pub(crate) top: f64,
    /// The second largest ([`NO_TOP`] before two members).
    pub(crate) second: f64,
    /// The contributions that reach the pole threshold.
    pub(crate) depth: u64,
    /// What only some models need.
    pub(crate) extra: PoleExtra,
}

impl Default for PoleTotals {
    fn default() -> PoleTotals {
        PoleTotals { top: NO_TOP, second: NO_TOP, depth: 0, extra: PoleExtra::default() }
    }
}

impl PoleTotals {
    /// Adds contribution `c` of a member of weight `weight` and roster
    /// order `seq`, whatever the order members come in (`top_seq` is the
    /// top contributor's order, `u64::MAX` before any). `reach` is the pole
    /// threshold less [`EPSILON`](crate::tolerance::EPSILON); `needs` the
    /// [`Needs`] bits. Returns whether the member is the new top contributor.
    #[inline]
    pub(crate) fn add(&mut self, c: f64, weight: f64, reach: f64, needs: u8, seq: u64, top_seq: &mut u64) -> bool {
        let old = self.top;
        let new_top = beats(c, seq, self.top, *top_seq);
        if new_top {
            self.top = c;
            *top_seq = seq;
        }
        if needs & Needs::SECOND != 0 {
            add_second(&mut self.second, old, c, new_top);
        }
        let mut depth = 0;
        add_depth(&mut depth, c, reach);
        self.depth += u64::from(depth);
        add_extra(&mut self.extra, c, weight, new_top, needs);
        new_top
    }
}

/// One team's totals besides its poles.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct TeamTotals {
    /// Member rows.
    pub(crate) members: u64,
    /// Members with a weight above 0.
    pub(crate) active: u64,
    /// `Σ weight`.
    pub(crate) total_weight: Sum,
    /// The best bridge score of an active member ([`NO_BRIDGE`] before any).
    pub(crate) bridge: f64,
}

/// Before any active member.
pub(crate) const NO_BRIDGE: f64 = -1.0;

impl Default for TeamTotals {
    fn default() -> TeamTotals {
        TeamTotals { members: 0, active: 0, total_weight: Sum::default(), bridge: NO_BRIDGE }
    }
}

impl TeamTotals {
    /// Adds a member of weight `weight` and pole strengths `strengths`.
    /// Returns whether the member is the team's new best bridge.
    #[inline]
    pub(crate) fn add(&mut self, weight: f64, strengths: &[f64]) -> bool {
        self.add_counts(weight);
        weight > 0.0 && add_bridge(&mut self.bridge, bridge_score(strengths))
    }

    /// Adds a member's counts and weight, not its bridge score (what
    /// coverage reads).
    #[inline]
    pub(crate) fn add_counts(&mut self, weight: f64) {
        self.members += 1;
        self.total_weight.add(weight);
        if weight > 0.0 {
            self.active += 1;
        }
    }

    /// Merges `other`'s counts and weight (the bridge is merged by the
    /// caller, who knows the members' roster order: see [`beats`]).
    pub(crate) fn merge_counts(&mut self, other: &TeamTotals) {
        self.members += other.members;
        self.active += other.active;
        self.total_weight.merge(other.total_weight);
    }

    /// The best bridge score, when there is an active member.
    pub(crate) fn best_bridge(&self) -> Option<f64> {
        (self.bridge > NO_BRIDGE).then_some(self.bridge)
    }
}

/// A member's contribution to a pole.
#[inline(always)]
pub(crate) fn contribution(weight: f64, strength: f64) -> f64 {
    weight * strength
}

/// The top-contributor rule for members added in roster order: a
/// contribution becomes the top only when it is larger, so that among
/// equals the first in roster order stays ([`beats`] for members that come
/// in roster order). Returns whether it became the top.
#[inline(always)]
pub(crate) fn add_top(top: &mut f64, c: f64) -> bool {
    let new_top = c > *top;
    if new_top {
        *top = c;
    }
    new_top
}

/// The second largest contribution, given the top before `c` was added.
#[inline(always)]
pub(crate) fn add_second(second: &mut f64, old_top: f64, c: f64, new_top: bool) {
    if new_top {
        *second = old_top;
    } else if c > *second {
        *second = c;
    }
}

/// Depth: one more when `c` reaches the threshold (`reach` is the
/// threshold less [`EPSILON`](crate::tolerance::EPSILON)).
#[inline(always)]
pub(crate) fn add_depth(depth: &mut u32, c: f64, reach: f64) {
    *depth = depth.saturating_add(u32::from(c >= reach));
}

/// The sums and minimum only some models need (`needs`: [`Needs`] bits;
/// a constant at the hot call sites, so that the branches fold away). A
/// member of weight 0 is left out of the minimum.
#[inline(always)]
pub(crate) fn add_extra(x: &mut PoleExtra, c: f64, weight: f64, new_top: bool, needs: u8) {
    if needs & Needs::SUM != 0 {
        x.sum.add(c);
    }
    if needs & Needs::TOP_WEIGHT != 0 && new_top {
        x.top_weight = weight;
    }
    if needs & Needs::POOLED != 0 {
        if c >= 1.0 {
            x.ones += 1;
        } else {
            x.log_rest.add((-c).ln_1p());
        }
    }
    if needs & Needs::MIN != 0 && weight > 0.0 && c < x.min {
        x.min = c;
    }
}

/// Whether a contribution or score `x` of roster order `seq` beats the
/// current best `best` of order `best_seq`: larger, or equal and earlier.
#[inline]
pub(crate) fn beats(x: f64, seq: u64, best: f64, best_seq: u64) -> bool {
    x > best || (x == best && seq < best_seq)
}

/// Merges pole `b` (top contributor of roster order `b_seq`) into `a`
/// (`a_seq`). Returns whether `b`'s top contributor became `a`'s.
pub(crate) fn merge_pole(a: &mut PoleTotals, a_seq: u64, b: &PoleTotals, b_seq: u64) -> bool {
    if b.top <= NO_TOP {
        return false; // b is empty
    }
    let b_wins = a.top <= NO_TOP || beats(b.top, b_seq, a.top, a_seq);
    if b_wins {
        a.second = a.top.max(b.second);
        a.top = b.top;
        a.extra.top_weight = b.extra.top_weight;
    } else {
        a.second = a.second.max(b.top);
    }
    a.depth += b.depth;
    a.extra.sum.merge(b.extra.sum);
    a.extra.log_rest.merge(b.extra.log_rest);
    a.extra.ones += b.extra.ones;
    a.extra.min = a.extra.min.min(b.extra.min);
    b_wins
}

/// `(C, C without the top contributor)` of a pole under `model`, both in
/// [0, 1]. An empty team, or one whose weights sum to 0, covers nothing.
///
/// | model | `C` | without the top contributor |
/// |---|---|---|
/// | Strongest | `top` | the second largest |
/// | Pooled | `1 - exp(Σ ln(1 - c))`, 1 with a `c >= 1` | the same without the top's term |
/// | Average | `Σ c / Σ weight` | `(Σ c - top) / (Σ weight - top's weight)`, 0 with nobody left |
/// | Weakest | `min c` over active members, 0 without one | the same: dropping the largest leaves the minimum, unless nobody active is left (0) |
/// | Additive | `min(1, Σ c)` | `min(1, Σ c - top)` |
#[inline]
pub(crate) fn coverage(model: Coverage, p: &PoleTotals, t: &TeamTotals) -> (f64, f64) {
    if t.members == 0 {
        return (0.0, 0.0);
    }
    let top = p.top.max(0.0);
    let x = &p.extra;
    let (c, without) = match model {
        Coverage::Strongest => (top, p.second.max(0.0)),
        Coverage::Pooled => {
            let log_rest = x.log_rest.value();
            let c = if x.ones > 0 { 1.0 } else { -log_rest.exp_m1() };
            let without = if top >= 1.0 {
                if x.ones >= 2 {
                    1.0
                } else {
                    -log_rest.exp_m1()
                }
            } else if x.ones > 0 {
                1.0
            } else {
                -(log_rest - (-top).ln_1p()).exp_m1()
            };
            (c, without)
        }
        Coverage::Average => {
            let w = t.total_weight.value();
            let sum = x.sum.value();
            let c = if w > 0.0 { sum / w } else { 0.0 };
            let rest_w = w - x.top_weight;
            // Below this the rest's weight is rounding noise: nobody is left.
            let without = if rest_w > 1e-12 * w.max(1.0) { (sum - top) / rest_w } else { 0.0 };
            (c, without)
        }
        Coverage::Weakest => {
            if t.active == 0 {
                (0.0, 0.0)
            } else {
                (x.min, if t.active >= 2 { x.min } else { 0.0 })
            }
        }
        Coverage::Additive => {
            let sum = x.sum.value();
            (sum, sum - top)
        }
    };
    (c.clamp(0.0, 1.0), without.clamp(0.0, 1.0))
}

/// The coverage of a pole with one more member (contribution `c`, weight
/// `weight`), without changing the totals: [`coverage`] of a copy with the
/// member added.
#[inline(always)]
pub(crate) fn coverage_with(model: Coverage, p: &PoleTotals, t: &TeamTotals, c: f64, weight: f64) -> f64 {
    let (mut q, mut u) = (*p, *t);
    u.add_counts(weight);
    let old = q.top;
    let new_top = add_top(&mut q.top, c);
    add_second(&mut q.second, old, c, new_top);
    add_extra(&mut q.extra, c, weight, new_top, Needs::of(model).bits());
    coverage(model, &q, &u).0
}

/// `(direction, control)`: the mean coverage of the leadership and of the
/// management poles, poles numbered `2 × dimension + side` and summed in
/// pole order; 0 for a side without poles.
#[inline]
pub(crate) fn sides(coverages: impl IntoIterator<Item = f64>) -> (f64, f64) {
    let (mut lead, mut nl, mut manage, mut nm) = (0.0, 0usize, 0.0, 0usize);
    for (i, c) in coverages.into_iter().enumerate() {
        if i % 2 == 0 {
            lead += c;
            nl += 1;
        } else {
            manage += c;
            nm += 1;
        }
    }
    let mean = |s: f64, n: usize| if n == 0 { 0.0 } else { s / n as f64 };
    (mean(lead, nl), mean(manage, nm))
}

/// The side of pole number `i`.
#[inline]
pub(crate) fn side_of(i: usize) -> Side {
    if i % 2 == 0 {
        Side::Leadership
    } else {
        Side::Management
    }
}

/// `1 - |direction - control|`.
#[inline]
pub(crate) fn balance(direction: f64, control: f64) -> f64 {
    1.0 - (direction - control).abs()
}

/// `min(direction, control)`: the weaker side decides.
#[inline]
pub(crate) fn health(direction: f64, control: f64) -> f64 {
    direction.min(control)
}

/// A member's bridge score `min(L, M)`: the lower of their leadership and
/// management means.
#[inline]
pub(crate) fn bridge_score(strengths: &[f64]) -> f64 {
    crate::model::member::bridge_score(strengths)
}

/// The best bridge score of members added in roster order (the first
/// among equals stays). Returns whether `score` became the best.
#[inline]
pub(crate) fn add_bridge(best: &mut f64, score: f64) -> bool {
    let better = score > *best;
    if better {
        *best = score;
    }
    better
}

#[cfg(test)]
mod tests {
    use super::*;

    fn team(members: &[(f64, f64)]) -> (PoleTotals, TeamTotals) {
        let (mut p, mut t, mut top) = (PoleTotals::default(), TeamTotals::default(), u64::MAX);
        for (seq, &(w, s)) in members.iter().enumerate() {
            t.add(w, &[s, s]);
            p.add(contribution(w, s), w, 0.5 - 1e-9, Needs::ALL.bits(), seq as u64, &mut top);
        }
        (p, t)
    }

    #[test]
    fn every_model_on_one_team() {
        let (p, t) = team(&[(1.0, 0.6), (1.0, 0.5), (0.0, 0.9)]);
        assert_eq!(coverage(Coverage::Strongest, &p, &t), (0.6, 0.5));
        let (c, w) = coverage(Coverage::Pooled, &p, &t);
        assert!((c - 0.8).abs() < 1e-12 && (w - 0.5).abs() < 1e-12);
        let (c, w) = coverage(Coverage::Average, &p, &t);
        assert!((c - 0.55).abs() < 1e-12 && (w - 0.5).abs() < 1e-12);
        // The weight-0 member is not in the minimum.
        assert_eq!(coverage(Coverage::Weakest, &p, &t), (0.5, 0.5));
        let (c, w) = coverage(Coverage::Additive, &p, &t);
        assert!(c == 1.0 && (w - 0.5).abs() < 1e-12); // min(1, 1.1) and 1.1 - 0.6
        assert_eq!(p.depth, 2);
    }

    #[test]
    fn weakest_of_one_active_member_leaves_nothing_without_them() {
        let (p, t) = team(&[(1.0, 0.7), (0.0, 0.2)]);
        assert_eq!(coverage(Coverage::Weakest, &p, &t), (0.7, 0.0));
        let (p, t) = team(&[(0.0, 0.7)]);
        assert_eq!(coverage(Coverage::Weakest, &p, &t), (0.0, 0.0));
    }

    #[test]
    fn empty_teams_cover_nothing() {
        let (p, t) = team(&[]);
        for m in Coverage::ALL {
            assert_eq!(coverage(m, &p, &t), (0.0, 0.0));
        }
    }

    #[test]
    fn merge_is_adding_in_any_split() {
        let rows = [(1.0, 0.9), (0.5, 0.7), (1.0, 0.8), (0.25, 0.1), (0.0, 0.4)];
        let (whole, t) = team(&rows);
        for cut in 0..=rows.len() {
            let (mut a, _) = team(&rows[..cut]);
            let (b, _) = team(&rows[cut..]);
            // a's members come first in roster order.
            merge_pole(&mut a, 0, &b, 1);
            for m in Coverage::ALL {
                let (x, y) = (coverage(m, &a, &t), coverage(m, &whole, &t));
                assert!((x.0 - y.0).abs() < 1e-12 && (x.1 - y.1).abs() < 1e-12, "{m} cut {cut}");
            }
            assert_eq!((a.top, a.second, a.depth), (whole.top, whole.second, whole.depth));
        }
    }

    #[test]
    fn sides_are_means_by_parity() {
        assert_eq!(sides([0.2, 0.4, 0.6, 0.8]), (0.4, 0.6000000000000001));
        assert_eq!(sides([]), (0.0, 0.0));
        assert_eq!((balance(0.4, 0.6), health(0.4, 0.6)), (0.8, 0.4));
    }
}
