//! Measurement-error sums of a team: what the confidence of its findings is
//! computed from (by the analysis layer's confidence module).
//!
//! Every observed contribution `c = weight × strength` is taken as a normal
//! with standard deviation `weight × SEM` of its pole. The state is
//! fixed-size per team (a few sums and at most [`KEPT`] contributions per
//! pole and model), so team totals stay mergeable. Sums are kept for every
//! model, since a rollup may use another model than the teams below it.

use std::sync::Arc;

use crate::engine::kernel::{contribution, Sum};
use crate::model::measurement::MeasurementError;
use crate::model::thresholds::TeamThresholds;
use crate::util::normal::{clark, ln_phi, phi, ratio};

/// How many of a pole's largest contributions (Strongest) and smallest
/// active ones (Weakest) are kept exactly; the others are folded into one
/// normal with Clark's moments of a maximum (of a minimum).
pub(crate) const KEPT: usize = 8;

/// One contribution with its error: (c, sd, roster order).
pub(crate) type Contribution = (f64, f64, u64);

/// One pole's measurement-error sums.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct PoleError {
    /// `Σ ln P(c_true < t)` over members whose term is finite (Strongest).
    pub(crate) log_below: Sum,
    /// Members certain to reach the threshold (Strongest).
    pub(crate) certain_above: u64,
    /// The largest contributions, largest first (ties: roster order).
    pub(crate) top: Vec<Contribution>,
    /// The others, folded into one normal (mean, variance).
    pub(crate) rest: Option<(f64, f64)>,
    /// `Σ ln P(c_true >= t)` over active members whose term is finite (Weakest).
    pub(crate) log_above: Sum,
    /// Active members certain to fall below the threshold (Weakest).
    pub(crate) certain_below: u64,
    /// The smallest contributions of active members, smallest first.
    pub(crate) bottom: Vec<Contribution>,
    /// The other active ones, folded into one normal (mean, variance).
    pub(crate) low_rest: Option<(f64, f64)>,
    /// `Σ weight²` (Average, Additive).
    pub(crate) sum_w2: Sum,
    /// `Σ ln(1 + s²)` and `Σ ln(1 + 3 s²)` with `s = sd / (1 - c)` over
    /// contributions below 1 (Pooled).
    pub(crate) ln_m2: Sum,
    pub(crate) ln_m3: Sum,
}

/// `min(X, Y)` of independent normals (mean, variance): Clark's moments of
/// `-max(-X, -Y)`.
fn clark_min(a: (f64, f64), b: (f64, f64)) -> (f64, f64) {
    let (m, v) = clark((-a.0, a.1), (-b.0, b.1));
    (-m, v)
}

/// Keeps `x` among `list` (best first by `better`), folding the worst into
/// A normal as (mean, variance).
type Normal = (f64, f64);

/// `rest` with `fold` when there are more than [`KEPT`].
fn keep(
    list: &mut Vec<Contribution>,
    rest: &mut Option<Normal>,
    x: Contribution,
    better: impl Fn(&Contribution, &Contribution) -> bool,
    fold: fn(Normal, Normal) -> Normal,
) {
    let at = list.iter().position(|y| better(&x, y)).unwrap_or(list.len());
    list.insert(at, x);
    if list.len() > KEPT {
        if let Some((c, sd, _)) = list.pop() {
            let me = (c, sd * sd);
            *rest = Some(match *rest {
                None => me,
                Some(r) => fold(r, me),
            });
        }
    }
}

/// Larger, or equal and earlier.
fn larger(x: &Contribution, y: &Contribution) -> bool {
    x.0 > y.0 || (x.0 == y.0 && x.2 < y.2)
}

/// Smaller, or equal and earlier.
fn smaller(x: &Contribution, y: &Contribution) -> bool {
    x.0 < y.0 || (x.0 == y.0 && x.2 < y.2)
}

impl PoleError {
    fn push_top(&mut self, x: Contribution) {
        keep(&mut self.top, &mut self.rest, x, larger, clark);
    }

    fn push_bottom(&mut self, x: Contribution) {
        keep(&mut self.bottom, &mut self.low_rest, x, smaller, clark_min);
    }
}

/// `ln P(c_true < t)` for a contribution `c` with error sd `sd` (`-inf`: impossible).
pub(crate) fn below_term(c: f64, sd: f64, t: f64) -> f64 {
    ln_phi(ratio(t - c, sd))
}

/// `ln P(c_true >= t)` (`-inf`: impossible).
pub(crate) fn above_term(c: f64, sd: f64, t: f64) -> f64 {
    ln_phi(ratio(c - t, sd))
}

/// Pooled: `(ln(1 + s²), ln(1 + 3 s²))` for a contribution `c < 1` with error sd `sd`.
pub(crate) fn pooled_terms(c: f64, sd: f64) -> (f64, f64) {
    let s2 = (sd / (1.0 - c)).powi(2);
    (s2.ln_1p(), (3.0 * s2).ln_1p())
}

/// Adds `term` to a log-sum, or counts it as certain when it is `-inf`.
fn add_term(log: &mut Sum, certain: &mut u64, term: f64) {
    if term == f64::NEG_INFINITY {
        *certain += 1;
    } else {
        log.add(term);
    }
}

/// A team's measurement-error sums: fixed-size, mergeable.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ErrorState {
    pub(crate) sems: Arc<[f64]>,
    pub(crate) poles: Vec<PoleError>,
    /// `Σ ln P(min(L, M) < bridge threshold)` over active members with a finite term.
    pub(crate) bridge_log: Sum,
    /// Active members certain to be bridges.
    pub(crate) bridge_certain: u64,
}

impl ErrorState {
    pub(crate) fn new(error: &MeasurementError) -> ErrorState {
        ErrorState {
            sems: error.sems.clone(),
            poles: vec![PoleError::default(); error.sems.len()],
            bridge_log: Sum::default(),
            bridge_certain: 0,
        }
    }

    /// The SEM of pole `p`.
    pub(crate) fn sem(&self, p: usize) -> f64 {
        self.sems.get(p).copied().unwrap_or(0.0)
    }

    /// Adds one checked row with roster order `seq`, for every model.
    pub(crate) fn add(&mut self, t: &TeamThresholds, weight: f64, strengths: &[f64], seq: u64) {
        for (((state, &s), &sem), &tp) in self.poles.iter_mut().zip(strengths).zip(self.sems.iter()).zip(&t.poles) {
            let c = contribution(weight, s);
            let sd = weight * sem;
            add_term(&mut state.log_below, &mut state.certain_above, below_term(c, sd, tp));
            state.push_top((c, sd, seq));
            if weight > 0.0 {
                add_term(&mut state.log_above, &mut state.certain_below, above_term(c, sd, tp));
                state.push_bottom((c, sd, seq));
            }
            state.sum_w2.add(weight * weight);
            if c < 1.0 {
                let (m2, m3) = pooled_terms(c, sd);
                state.ln_m2.add(m2);
                state.ln_m3.add(m3);
            }
        }
        if weight > 0.0 {
            let term = self.bridge_term(strengths, t.bridge);
            add_term(&mut self.bridge_log, &mut self.bridge_certain, term);
        }
    }

    /// `ln P(min(L, M) < t)` for one member: `ln(a + b - ab)` with
    /// `a = P(L < t)`, `b = P(M < t)`.
    fn bridge_term(&self, strengths: &[f64], t: f64) -> f64 {
        let dims = strengths.len() / 2;
        if dims == 0 {
            return 0.0;
        }
        let (l, m) = crate::model::member::side_means(strengths);
        let var = |side: usize| -> f64 { self.sems.iter().skip(side).step_by(2).map(|s| s * s).sum::<f64>() };
        let n = dims as f64;
        let a = phi(ratio(t - l, var(0).sqrt() / n));
        let b = phi(ratio(t - m, var(1).sqrt() / n));
        (a + b - a * b).ln()
    }

    /// Merges another team's sums into these.
    pub(crate) fn merge(&mut self, other: &ErrorState) {
        for (a, b) in self.poles.iter_mut().zip(&other.poles) {
            a.log_below.merge(b.log_below);
            a.certain_above += b.certain_above;
            for &x in &b.top {
                a.push_top(x);
            }
            a.rest = match (a.rest, b.rest) {
                (Some(x), Some(y)) => Some(clark(x, y)),
                (x, None) => x,
                (None, y) => y,
            };
            a.log_above.merge(b.log_above);
            a.certain_below += b.certain_below;
            for &x in &b.bottom {
                a.push_bottom(x);
            }
            a.low_rest = match (a.low_rest, b.low_rest) {
                (Some(x), Some(y)) => Some(clark_min(x, y)),
                (x, None) => x,
                (None, y) => y,
            };
            a.sum_w2.merge(b.sum_w2);
            a.ln_m2.merge(b.ln_m2);
            a.ln_m3.merge(b.ln_m3);
        }
        self.bridge_log.merge(other.bridge_log);
        self.bridge_certain += other.bridge_certain;
    }
}
