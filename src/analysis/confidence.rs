//! The confidence of findings under measurement error (DESIGN.md section 7).
//!
//! # Model
//!
//! Every observed pole strength `s` of a member is the true strength plus an
//! independent normal error with the pole's standard error of measurement
//! (SEM): the true strength is taken as `N(s, SEM²)` (untruncated), so a
//! member's true contribution is `N(c, (weight * SEM)²)`. Errors of
//! different members and poles are independent. A finding's *confidence* is
//! the probability that the true value lies on the flagged side of its
//! threshold:
//!
//! | finding | confidence | how |
//! |---|---|---|
//! | `uncovered_pole`, `Strongest` | `P(C < t) = prod_i Phi((t - c_i) / (w_i SEM))` | exact |
//! | `uncovered_pole`, `Average` | `Phi((t - C) / (SEM sqrt(sum w²) / sum w))` | exact (C is linear) |
//! | `uncovered_pole`, `Pooled` | `P(prod (1 - c_i) > 1 - t)` | approximation (a) |
//! | `single_point_of_failure` | the same for the coverage without the named member | as above |
//! | `no_direction`, `no_control` | `P(mean of the side's C < t)` | approximation (b) |
//! | `skewed` | `P(direction - control > t)` (or the reverse) | approximation (b) |
//! | `no_bridge` | `prod_i P(min(L_i, M_i) < t)` over active members, `L_i`, `M_i` normal | exact |
//!
//! The approximations:
//! - (a) `Pooled`: `Q = prod (1 - c_i)` is a product of independent
//!   normals, whose first three moments are exact products
//!   (`E[X²] = mu² + sd²`, `E[X³] = mu³ + 3 mu sd²`). `Q` is taken as the
//!   shifted log-normal with those three moments. A member with `c >= 1`
//!   makes `C = 1` without error.
//! - (b) Sides: direction and control are means of independent pole
//!   coverages, whose first three cumulants add up; the probability comes
//!   from the Edgeworth expansion to the skewness term (exactly normal for
//!   `Average`). The cumulants of a pole: `Average`, exact; `Pooled`, exact
//!   from the moments of (a); `Strongest`, from the exact distribution
//!   function of the maximum, `prod_i Phi((x - c_i) / (w_i SEM))`,
//!   integrated numerically over the pole's 8 largest contributions, the
//!   others folded into one normal with Clark's (1961) moments of a maximum
//!   (exact for teams of up to 8 members).
//!
//! `tests/confidence_mc.rs` checks every finding kind under every model
//! against a Monte Carlo simulation with a fixed seed: all agree within
//! 0.02 (within about 0.01, the simulation's own noise, on 120 random teams).
//!
//! The error state is fixed-size per team (a few sums and at most 8
//! contributions per pole), so team accumulators stay mergeable: sums add,
//! contribution lists merge; only the folded normal of (b) depends on the
//! order of merges, slightly. With SEM 0 the confidence of every finding is 1.

use std::sync::Arc;

use statrs::function::erf::erfc;

use crate::analysis::findings::{Finding, FindingKind};
use crate::engine::accumulator::{Coverage, Sum, TeamAccumulator};
use crate::error::{Error, ErrorKind};
use crate::model::framework::{Framework, Side};
use crate::model::thresholds::TeamThresholds;

/// The standard error of measurement (SEM) of every pole strength, on the
/// strength scale [0, 1], in pole order.
///
/// # Examples
///
/// ```
/// use rolebalance::{Analyzer, Framework, MeasurementError, Member, Roster};
/// let roster: Roster = [Member::new("ana", "T", [0.45, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9])?]
///     .into_iter().collect();
/// let sem = MeasurementError::uniform(&Framework::leadership_management(), 0.05)?;
/// let report = Analyzer::new().measurement_error(sem).analyze(&roster)?;
/// let f = &report.teams()[0].findings()[0];
/// assert_eq!(f.flag(), "uncovered_pole:inspire");
/// // P(true inspire < 0.5) = Phi((0.5 - 0.45) / 0.05) = Phi(1)
/// assert!((f.confidence().unwrap() - 0.8413447460685429).abs() < 1e-9);
/// # Ok::<(), rolebalance::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct MeasurementError {
    sems: Arc<[f64]>,
}

impl MeasurementError {
    /// One SEM per pole, in pole order.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::MeasurementError`] for a SEM that is negative, NaN or
    /// infinite. The count is checked against the framework when analysing.
    pub fn new(sems: impl Into<Vec<f64>>) -> Result<MeasurementError, Error> {
        let sems: Vec<f64> = sems.into();
        if let Some((i, s)) = sems.iter().enumerate().find(|(_, s)| !(s.is_finite() && **s >= 0.0)) {
            return Err(ErrorKind::MeasurementError {
                problem: format!("the SEM of pole {i} is {s}, expected a finite number of at least 0"),
            }
            .into());
        }
        Ok(MeasurementError { sems: sems.into() })
    }

    /// The same SEM for every pole of `framework`.
    ///
    /// # Errors
    ///
    /// As [`MeasurementError::new`].
    pub fn uniform(framework: &Framework, sem: f64) -> Result<MeasurementError, Error> {
        MeasurementError::new(vec![sem; framework.pole_count()])
    }

    /// From each pole's reliability and standard deviation, in pole order:
    /// `SEM = sd * sqrt(1 - alpha)`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::MeasurementError`] for an alpha above 1 or not finite,
    /// and as [`MeasurementError::new`].
    ///
    /// ```
    /// let e = rolebalance::MeasurementError::from_reliability(&[(0.75, 0.2), (0.84, 0.25)])?;
    /// assert_eq!(e.sems(), [0.1, 0.1]);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn from_reliability(alpha_and_sd: &[(f64, f64)]) -> Result<MeasurementError, Error> {
        let mut sems = Vec::with_capacity(alpha_and_sd.len());
        for (i, &(alpha, sd)) in alpha_and_sd.iter().enumerate() {
            if !(alpha.is_finite() && alpha <= 1.0) {
                return Err(ErrorKind::MeasurementError {
                    problem: format!("the alpha of pole {i} is {alpha}, expected a number of at most 1"),
                }
                .into());
            }
            sems.push(sd * (1.0 - alpha).sqrt());
        }
        MeasurementError::new(sems)
    }

    /// The SEMs in pole order.
    pub fn sems(&self) -> &[f64] {
        &self.sems
    }

    /// Checks the count against `framework`.
    pub(crate) fn check(&self, framework: &Framework) -> Result<(), Error> {
        if self.sems.len() != framework.pole_count() {
            return Err(ErrorKind::MeasurementError {
                problem: format!("{} SEMs given, the framework has {} poles", self.sems.len(), framework.pole_count()),
            }
            .into());
        }
        Ok(())
    }
}

/// `Phi(z)`, the standard normal distribution function.
pub(crate) fn phi(z: f64) -> f64 {
    0.5 * erfc(-z / std::f64::consts::SQRT_2)
}

/// The standard normal density.
fn density(z: f64) -> f64 {
    (-0.5 * z * z).exp() / (2.0 * std::f64::consts::PI).sqrt()
}

/// `ln Phi(z)`, accurate in both tails and finite for every finite `z`.
pub(crate) fn ln_phi(z: f64) -> f64 {
    if z.is_nan() {
        return f64::NAN;
    }
    if z > 0.0 {
        (-0.5 * erfc(z / std::f64::consts::SQRT_2)).ln_1p()
    } else if z > -37.0 {
        (0.5 * erfc(-z / std::f64::consts::SQRT_2)).ln()
    } else if z == f64::NEG_INFINITY {
        f64::NEG_INFINITY
    } else {
        // Asymptotic series: Phi(z) = phi(z) / -z * (1 - 1/z² + 3/z⁴ - 15/z⁶ + 105/z⁸ ...),
        // whose next term is below 1e-12 here.
        let u = 1.0 / (z * z);
        let series = u * (-1.0 + u * (3.0 + u * (-15.0 + u * 105.0)));
        -0.5 * z * z - (-z).ln() - 0.5 * (2.0 * std::f64::consts::PI).ln() + series.ln_1p()
    }
}

/// `diff / sd` with `sd = 0` read as a step: `+inf` above 0, `-inf` at or below.
fn ratio(diff: f64, sd: f64) -> f64 {
    if sd > 0.0 {
        diff / sd
    } else if diff > 0.0 {
        f64::INFINITY
    } else {
        f64::NEG_INFINITY
    }
}

/// Clark's moments of `max(X, Y)` for independent normals given as (mean, variance).
fn clark(a: (f64, f64), b: (f64, f64)) -> (f64, f64) {
    let s = (a.1 + b.1).sqrt();
    if s <= 1e-12 * (a.0.abs() + b.0.abs()).max(1e-300) {
        return if a.0 >= b.0 { a } else { b };
    }
    let al = (a.0 - b.0) / s;
    let (pa, pb, d) = (phi(al), phi(-al), density(al));
    let m = a.0 * pa + b.0 * pb + s * d;
    let m2 = (a.0 * a.0 + a.1) * pa + (b.0 * b.0 + b.1) * pb + (a.0 + b.0) * s * d;
    (m, (m2 - m * m).max(0.0))
}

/// How many of a pole's largest contributions (Strongest) are kept exactly;
/// the others are folded into one normal with Clark's moments.
const TOP: usize = 8;

/// One contribution with its error: (c, sd, roster order).
type Contribution = (f64, f64, u64);

/// One pole's measurement-error sums.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct PoleError {
    /// `sum ln Phi((t - c) / (w SEM))` over members whose term is finite (Strongest).
    log_below: Sum,
    /// Members for whom `P(c_true < t)` is 0 (Strongest).
    certain_above: u64,
    /// The largest contributions, largest first, at most [`TOP`] (Strongest).
    top: Vec<Contribution>,
    /// Clark's normal (mean, variance) for the maximum of the others (Strongest).
    rest: Option<(f64, f64)>,
    /// `sum w²` (Average).
    sum_w2: Sum,
    /// `sum ln E[(1 - c_true)^2]` and `sum ln E[(1 - c_true)^3]` over `c < 1`,
    /// relative to `(1 - c)^k`: `ln(1 + s²)` and `ln(1 + 3 s²)` with
    /// `s = w SEM / (1 - c)` (Pooled).
    ln_m2: Sum,
    ln_m3: Sum,
}

impl PoleError {
    /// Keeps `x` among the largest contributions, folding the smallest out
    /// into `rest` when there are too many.
    fn push_top(&mut self, x: Contribution) {
        let at = self.top.iter().position(|y| x.0 > y.0 || (x.0 == y.0 && x.2 < y.2)).unwrap_or(self.top.len());
        self.top.insert(at, x);
        if self.top.len() > TOP {
            if let Some((c, sd, _)) = self.top.pop() {
                let me = (c, sd * sd);
                self.rest = Some(match self.rest {
                    None => me,
                    Some(r) => clark(r, me),
                });
            }
        }
    }
}

/// A team's measurement-error sums: fixed-size, mergeable.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ErrorState {
    sems: Arc<[f64]>,
    poles: Vec<PoleError>,
    /// `sum ln P(min(L, M) < bridge threshold)` over active members with a finite term.
    bridge_log: Sum,
    /// Active members certain to be bridges.
    bridge_certain: u64,
}

/// `ln P(c_true < t)` for a contribution `c` with error sd `sd` (`-inf`: impossible).
fn below_term(c: f64, sd: f64, t: f64) -> f64 {
    ln_phi(ratio(t - c, sd))
}

/// Pooled: `(ln(1 + s²), ln(1 + 3 s²))` for a contribution `c < 1` with error sd `sd`.
fn pooled_terms(c: f64, sd: f64) -> (f64, f64) {
    let s2 = (sd / (1.0 - c)).powi(2);
    (s2.ln_1p(), (3.0 * s2).ln_1p())
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

    /// Adds one checked row with roster order `seq`.
    pub(crate) fn add(&mut self, model: Coverage, t: &TeamThresholds, weight: f64, strengths: &[f64], seq: u64) {
        for (((state, &s), &sem), &tp) in self.poles.iter_mut().zip(strengths).zip(self.sems.iter()).zip(&t.poles) {
            let c = weight * s;
            let sd = weight * sem;
            match model {
                Coverage::Strongest => {
                    let term = below_term(c, sd, tp);
                    if term == f64::NEG_INFINITY {
                        state.certain_above += 1;
                    } else {
                        state.log_below.add(term);
                    }
                    state.push_top((c, sd, seq));
                }
                Coverage::Average => state.sum_w2.add(weight * weight),
                Coverage::Pooled => {
                    if c < 1.0 {
                        let (m2, m3) = pooled_terms(c, sd);
                        state.ln_m2.add(m2);
                        state.ln_m3.add(m3);
                    }
                }
            }
        }
        if weight > 0.0 {
            let term = self.bridge_term(strengths, t.bridge);
            if term == f64::NEG_INFINITY {
                self.bridge_certain += 1;
            } else {
                self.bridge_log.add(term);
            }
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
            a.sum_w2.merge(b.sum_w2);
            a.ln_m2.merge(b.ln_m2);
            a.ln_m3.merge(b.ln_m3);
        }
        self.bridge_log.merge(other.bridge_log);
        self.bridge_certain += other.bridge_certain;
    }
}

/// The first three cumulants of a distribution: mean, variance, third
/// central moment.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Cumulants(f64, f64, f64);

impl Cumulants {
    /// `P(X < t)` by the Edgeworth expansion to the skewness term:
    /// `Phi(z) - phi(z) g (z² - 1) / 6`, `z` standardised, `g` the skewness.
    fn below(self, t: f64) -> f64 {
        let Cumulants(m, v, k3) = self;
        if v.is_nan() || v <= 0.0 {
            return if t > m { 1.0 } else { 0.0 };
        }
        let z = (t - m) / v.sqrt();
        let g = k3 / (v * v.sqrt());
        (phi(z) - density(z) * g * (z * z - 1.0) / 6.0).clamp(0.0, 1.0)
    }
}

/// The cumulants of the maximum of independent normals `(mean, sd)`, from
/// its distribution function `prod Phi((x - mean) / sd)` integrated with
/// Simpson's rule.
fn max_cumulants(parts: &[(f64, f64)]) -> Cumulants {
    const SPAN: f64 = 8.5;
    let Some(first) = parts.first() else { return Cumulants(0.0, 0.0, 0.0) };
    let lo = parts.iter().map(|&(m, s)| m - SPAN * s).fold(first.0 - SPAN * first.1, f64::max);
    let hi = parts.iter().map(|&(m, s)| m + SPAN * s).fold(f64::NEG_INFINITY, f64::max);
    if hi.is_nan() || lo.is_nan() || hi - lo <= 1e-12 {
        let top = parts.iter().map(|p| p.0).fold(f64::NEG_INFINITY, f64::max);
        return Cumulants(top, 0.0, 0.0);
    }
    // E[(X - lo)^k] = integral over [lo, hi] of k (x - lo)^(k-1) (1 - F(x)) dx.
    let n = 1024;
    let h = (hi - lo) / n as f64;
    let mut raw = [0.0; 3];
    for i in 0..=n {
        let y = i as f64 * h;
        let x = lo + y;
        let f: f64 = parts.iter().map(|&(m, s)| phi(ratio(x - m, s))).product();
        let w = if i == 0 || i == n {
            1.0
        } else if i % 2 == 1 {
            4.0
        } else {
            2.0
        };
        let g = w * (1.0 - f);
        raw[0] += g;
        raw[1] += g * 2.0 * y;
        raw[2] += g * 3.0 * y * y;
    }
    let [m1, m2, m3] = raw.map(|r| r * h / 3.0);
    let var = (m2 - m1 * m1).max(0.0);
    let k3 = m3 - 3.0 * m1 * m2 + 2.0 * m1 * m1 * m1;
    Cumulants(lo + m1, var, k3)
}

/// Computes the confidence of every finding of a team from its accumulator.
pub(crate) struct Confidences<'a> {
    acc: &'a TeamAccumulator,
    err: &'a ErrorState,
    /// The cumulants of direction and control, computed on first use.
    sides: [std::cell::OnceCell<Cumulants>; 2],
}

impl<'a> Confidences<'a> {
    pub(crate) fn new(acc: &'a TeamAccumulator) -> Option<Confidences<'a>> {
        acc.error.as_deref().map(|err| Confidences { acc, err, sides: Default::default() })
    }

    fn sem(&self, p: usize) -> f64 {
        self.err.sems.get(p).copied().unwrap_or(0.0)
    }

    /// Pooled: the moments of `Q = prod (1 - c_true)` (`C = 1 - Q`), leaving
    /// out the top contributor if asked, as `(E[Q], V, K)` with `V` and `K`
    /// the variance and third central moment of `Q / E[Q]`; `None` when a
    /// contribution of 1 makes `C = 1`.
    fn pooled_moments(&self, p: usize, without_top: bool) -> Option<(f64, f64, f64)> {
        let (s, e) = (self.acc.poles.get(p)?, self.err.poles.get(p)?);
        let (mut ln_m1, mut ln_m2, mut ln_m3, mut ones) =
            (s.log_rest.value(), e.ln_m2.value(), e.ln_m3.value(), s.ones);
        if without_top && s.top_seq != u64::MAX {
            if s.top >= 1.0 {
                ones -= 1;
            } else {
                let (m2, m3) = pooled_terms(s.top, s.top_weight * self.sem(p));
                ln_m1 -= (-s.top).ln_1p();
                ln_m2 -= m2;
                ln_m3 -= m3;
            }
        }
        if ones > 0 {
            return None;
        }
        // E[R²] = exp(ln_m2), E[R³] = exp(ln_m3) for R = Q / E[Q].
        let v = ln_m2.max(0.0).exp_m1();
        let k = ln_m3.max(0.0).exp_m1() - 3.0 * v;
        Some((ln_m1.exp(), v, k.max(0.0)))
    }

    /// `P(true coverage of pole p < t)`, with or without its top contributor.
    fn pole_below(&self, p: usize, t: f64, without_top: bool) -> f64 {
        let (Some(s), Some(e)) = (self.acc.poles.get(p), self.err.poles.get(p)) else { return f64::NAN };
        if self.acc.members == 0 || (without_top && self.acc.members == 1) {
            return if t > 0.0 { 1.0 } else { 0.0 };
        }
        let sem = self.sem(p);
        match self.acc.model {
            Coverage::Strongest => {
                let (mut log, mut certain) = (e.log_below.value(), e.certain_above);
                if without_top && s.top_seq != u64::MAX {
                    let term = below_term(s.top, s.top_weight * sem, t);
                    if term == f64::NEG_INFINITY {
                        certain -= 1;
                    } else {
                        log -= term;
                    }
                }
                if certain > 0 {
                    0.0
                } else {
                    log.min(0.0).exp()
                }
            }
            Coverage::Average => {
                let total = self.acc.total_weight.value();
                let (mut w, mut w2, mut sum) = (total, e.sum_w2.value(), s.sum.value());
                if without_top {
                    w -= s.top_weight;
                    w2 -= s.top_weight * s.top_weight;
                    sum -= s.top;
                }
                if w <= 1e-12 * total.max(1.0) {
                    return if t > 0.0 { 1.0 } else { 0.0 };
                }
                Cumulants(sum / w, sem * sem * w2.max(0.0) / (w * w), 0.0).below(t)
            }
            Coverage::Pooled => match self.pooled_moments(p, without_top) {
                // C < t  <=>  Q > 1 - t, with Q / E[Q] a shifted log-normal.
                Some((mean, v, k)) => 1.0 - shifted_lognormal_below(v, k, (1.0 - t) / mean),
                None => 0.0,
            },
        }
    }

    /// The cumulants of pole p's true coverage.
    fn pole_cumulants(&self, p: usize) -> Cumulants {
        let (Some(s), Some(e)) = (self.acc.poles.get(p), self.err.poles.get(p)) else {
            return Cumulants(0.0, 0.0, 0.0);
        };
        if self.acc.members == 0 {
            return Cumulants(0.0, 0.0, 0.0);
        }
        let sem = self.sem(p);
        match self.acc.model {
            Coverage::Strongest => {
                let mut parts: Vec<(f64, f64)> = e.top.iter().map(|&(c, sd, _)| (c, sd)).collect();
                parts.extend(e.rest.map(|(m, v)| (m, v.sqrt())));
                max_cumulants(&parts)
            }
            Coverage::Average => {
                let w = self.acc.total_weight.value();
                if w > 0.0 {
                    Cumulants(s.sum.value() / w, sem * sem * e.sum_w2.value() / (w * w), 0.0)
                } else {
                    Cumulants(0.0, 0.0, 0.0)
                }
            }
            Coverage::Pooled => match self.pooled_moments(p, false) {
                // C = 1 - Q: the odd cumulant changes sign.
                Some((mean, v, k)) => Cumulants(1.0 - mean, mean * mean * v, -mean * mean * mean * k),
                None => Cumulants(1.0, 0.0, 0.0),
            },
        }
    }

    /// The cumulants of a side's mean coverage (poles independent).
    fn side_cumulants(&self, side: Side) -> Cumulants {
        let [lead, manage] = &self.sides;
        let cell = if side == Side::Leadership { lead } else { manage };
        *cell.get_or_init(|| self.compute_side(side))
    }

    fn compute_side(&self, side: Side) -> Cumulants {
        let poles: Vec<Cumulants> = (0..self.acc.poles.len())
            .filter(|p| (p % 2 == 0) == (side == Side::Leadership))
            .map(|p| self.pole_cumulants(p))
            .collect();
        let n = poles.len().max(1) as f64;
        let sum = poles.iter().fold(Cumulants(0.0, 0.0, 0.0), |a, x| Cumulants(a.0 + x.0, a.1 + x.1, a.2 + x.2));
        Cumulants(sum.0 / n, sum.1 / (n * n), sum.2 / (n * n * n))
    }

    /// The confidence of `finding`.
    pub(crate) fn of(&self, finding: &Finding, framework: &Framework) -> f64 {
        let pole = || finding.pole().and_then(|p| framework.pole(p)).map(|p| p.index());
        let t = finding.threshold();
        let c = match finding.kind() {
            FindingKind::NoDirection => self.side_cumulants(Side::Leadership).below(t),
            FindingKind::NoControl => self.side_cumulants(Side::Management).below(t),
            FindingKind::UncoveredPole => pole().map_or(f64::NAN, |p| self.pole_below(p, t, false)),
            FindingKind::SinglePointOfFailure => pole().map_or(f64::NAN, |p| self.pole_below(p, t, true)),
            FindingKind::Skewed => {
                let (d, c) = (self.side_cumulants(Side::Leadership), self.side_cumulants(Side::Management));
                let (hi, lo) = if finding.side() == Some(Side::Management) { (c, d) } else { (d, c) };
                // P(hi - lo > t)
                1.0 - Cumulants(hi.0 - lo.0, hi.1 + lo.1, hi.2 - lo.2).below(t)
            }
            FindingKind::NoBridge => {
                if self.err.bridge_certain > 0 {
                    0.0
                } else {
                    self.err.bridge_log.value().min(0.0).exp()
                }
            }
        };
        c.clamp(0.0, 1.0)
    }
}

/// `P(R < y)` for `R` with mean 1, variance `v` and third central moment `k`,
/// taken as a shifted log-normal `a + b exp(N(0, s²))` with those moments
/// (a normal when the skewness is negligible).
fn shifted_lognormal_below(v: f64, k: f64, y: f64) -> f64 {
    if v.is_nan() || v <= 0.0 {
        return if y > 1.0 { 1.0 } else { 0.0 };
    }
    let g = k / (v * v.sqrt());
    if g < 1e-4 {
        return Cumulants(1.0, v, 0.0).below(y);
    }
    // The log-normal's skewness is (w + 2) sqrt(w - 1) with w = exp(s²):
    // u = sqrt(w - 1) solves u³ + 3u = g.
    let a = (g / 2.0 + (g * g / 4.0 + 1.0).sqrt()).cbrt();
    let u = a - 1.0 / a;
    let w = 1.0 + u * u;
    let s2 = (u * u).ln_1p();
    let scale = (v / (w * (w - 1.0))).sqrt();
    let shift = 1.0 - scale * w.sqrt();
    if y <= shift {
        return 0.0;
    }
    phi(((y - shift) / scale).ln() / s2.sqrt())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ln_phi_is_accurate_in_both_tails() {
        for z in [-3.0, -1.0, 0.0, 0.5, 2.0] {
            assert!((ln_phi(z) - phi(z).ln()).abs() < 1e-14, "{z}");
        }
        // scipy.special.log_ndtr(10.0) = -7.61985302416047e-24 (statrs' erfc is
        // good to about 1e-10 relative this far out)
        assert!((ln_phi(10.0) / -7.61985302416047e-24 - 1.0).abs() < 1e-9);
        // Continuity across the switch to the asymptotic series.
        assert!((ln_phi(-36.999_999) - ln_phi(-37.000_001)).abs() < 1e-4);
        // scipy.special.log_ndtr(-40.0) = -804.6084420137539
        assert!((ln_phi(-40.0) + 804.608_442_013_753_9).abs() < 1e-9);
        assert_eq!(ln_phi(-1e200), f64::NEG_INFINITY);
        assert_eq!(ln_phi(f64::NEG_INFINITY), f64::NEG_INFINITY);
        assert_eq!(ln_phi(f64::INFINITY), 0.0);
    }

    #[test]
    fn clark_matches_known_moments() {
        // max of two iid N(0,1): mean 1/sqrt(pi), variance 1 - 1/pi.
        let (m, v) = clark((0.0, 1.0), (0.0, 1.0));
        assert!((m - 1.0 / std::f64::consts::PI.sqrt()).abs() < 1e-12);
        assert!((v - (1.0 - 1.0 / std::f64::consts::PI)).abs() < 1e-12);
        assert_eq!(clark((0.3, 0.0), (0.5, 0.0)), (0.5, 0.0));
    }

    #[test]
    fn rejects_bad_sems() {
        let e = MeasurementError::new([0.1, -0.1]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "measurement error: the SEM of pole 1 is -0.1, expected a finite number of at least 0"
        );
        assert!(MeasurementError::from_reliability(&[(1.5, 0.2)]).is_err());
    }
}
