//! Reliability of questionnaire scales, as R's `psych::alpha` reports it
//! (DESIGN.md section 7).

use serde::Serialize;
use statrs::distribution::{ContinuousCDF, FisherSnedecor};

use crate::error::{Error, ErrorKind};
use crate::model::measurement::MeasurementError;
use crate::stats::instrument::{Instrument, InstrumentKind};

/// The confidence level of [`ScaleReliability::alpha_ci`].
pub const ALPHA_CI_LEVEL: f64 = 0.95;

/// The reliability of one scale: the items of one pole, over the
/// respondents who answered all of them (complete cases).
///
/// Statistics that a scale cannot have are `None` (JSON `null`): alpha and
/// its relatives need at least two items and two respondents and a total
/// score that varies; alpha if an item is dropped needs three items; a
/// correlation needs both variables to vary. For an ipsative instrument
/// only the counts, mean and standard deviation are given, with a note.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScaleReliability {
    /// The pole the scale measures.
    pub scale: String,
    /// Its number of items.
    pub items: usize,
    /// The respondents who answered every item of the scale.
    pub respondents: usize,
    /// Cronbach's alpha: `k / (k - 1) * (1 - sum of item variances / variance of the total)`,
    /// with sample (n - 1) variances, on the reverse-keyed answers.
    pub alpha: Option<f64>,
    /// Feldt's 95% interval for alpha:
    /// `1 - (1 - alpha) * F.isf((1 -/+ 0.95) / 2, n - 1, (n - 1)(k - 1))`.
    pub alpha_ci: Option<[f64; 2]>,
    /// Alpha from the mean inter-item correlation `r`: `k r / (1 + (k - 1) r)`.
    pub standardized_alpha: Option<f64>,
    /// Standard error of measurement on the pole-strength scale [0, 1]:
    /// `sd * sqrt(1 - alpha)`.
    pub sem: Option<f64>,
    /// Corrected item-total correlations (psych's `r.drop`): each item with
    /// the sum of the scale's other items, in instrument order.
    pub item_total: Vec<Option<f64>>,
    /// Alpha of the scale without each item, in instrument order.
    pub alpha_if_dropped: Vec<Option<f64>>,
    /// The items' names, in instrument order.
    pub item_names: Vec<String>,
    /// The mean pole strength in [0, 1] (the rescaled mean of the items).
    pub mean: Option<f64>,
    /// The sample standard deviation of the pole strength in [0, 1].
    pub sd: Option<f64>,
    /// A remark on what is not reported and why.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The reliability of every scale of an instrument, in pole order.
///
/// # Examples
///
/// ```
/// use rolebalance::{Framework, Instrument, Scorer};
/// let fw = Framework::builder().dimension("horizon", "vision", "execution").build()?;
/// let inst = Instrument::likert(fw, 1, 5)
///     .item("v1", "vision", false).item("v2", "vision", false).item("v3", "vision", true)
///     .item("e1", "execution", false).item("e2", "execution", false)
///     .build()?;
/// let csv = "id,team,v1,v2,v3,e1,e2\na,T,5,4,1,2,2\nb,T,3,3,3,4,5\nc,T,2,1,4,3,3\nd,T,4,5,2,5,4\n";
/// let report = Scorer::new(inst).score(csv.as_bytes())?.reliability();
/// let vision = &report.scales()[0];
/// assert_eq!(vision.respondents, 4);
/// // pingouin.cronbach_alpha on the keyed answers (v3 reversed: 6 - x)
/// assert!((vision.alpha.unwrap() - 0.9458128078817732).abs() < 1e-12);
/// assert!(report.measurement_error().is_ok());
/// # Ok::<(), rolebalance::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReliabilityReport {
    kind: InstrumentKind,
    scales: Vec<ScaleReliability>,
}

impl ReliabilityReport {
    /// The report for `answers`: rows of keyed answers in instrument item
    /// order, row-major, NaN where unanswered.
    pub(crate) fn new(instrument: &Instrument, answers: &[f64]) -> ReliabilityReport {
        let k_all = instrument.items().len().max(1);
        let rows: Vec<&[f64]> = answers.chunks_exact(k_all).collect();
        let scales = instrument
            .framework()
            .pole_names()
            .enumerate()
            .map(|(p, pole)| scale(instrument, p, pole, &rows))
            .collect();
        ReliabilityReport { kind: instrument.kind(), scales }
    }

    /// Likert or ipsative.
    pub fn kind(&self) -> InstrumentKind {
        self.kind
    }

    /// One scale per pole, in pole order.
    pub fn scales(&self) -> &[ScaleReliability] {
        &self.scales
    }

    /// The scale of pole `pole`.
    pub fn scale(&self, pole: &str) -> Option<&ScaleReliability> {
        self.scales.iter().find(|s| s.scale == pole)
    }

    /// Every scale's standard error of measurement, for
    /// [`Analyzer::measurement_error`](crate::Analyzer::measurement_error).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::MeasurementError`] naming the first scale without one
    /// (an ipsative instrument, a single item, too few respondents).
    pub fn measurement_error(&self) -> Result<MeasurementError, Error> {
        let mut sems = Vec::with_capacity(self.scales.len());
        for s in &self.scales {
            match s.sem {
                Some(e) => sems.push(e),
                None => {
                    return Err(ErrorKind::MeasurementError {
                        problem: format!(
                            "scale `{}` has no standard error of measurement: {}",
                            s.scale,
                            s.note.as_deref().unwrap_or("alpha is undefined")
                        ),
                    }
                    .into())
                }
            }
        }
        MeasurementError::new(sems)
    }
}

/// The reliability of the scale of pole `p`.
fn scale(instrument: &Instrument, p: usize, pole: &str, rows: &[&[f64]]) -> ScaleReliability {
    let idx = instrument.pole_items(p);
    let k = idx.len();
    let complete: Vec<Vec<f64>> = rows
        .iter()
        .filter_map(|r| idx.iter().map(|&i| r.get(i).copied().filter(|x| !x.is_nan())).collect::<Option<Vec<f64>>>())
        .collect();
    let n = complete.len();
    let item_names = idx.iter().filter_map(|&i| instrument.items().get(i)).map(|i| i.name().to_string()).collect();
    let strengths: Vec<f64> = complete.iter().map(|r| strength(instrument, idx, r)).collect();
    let (mean, sd) = mean_sd(&strengths);
    let mut out = ScaleReliability {
        scale: pole.to_string(),
        items: k,
        respondents: n,
        alpha: None,
        alpha_ci: None,
        standardized_alpha: None,
        sem: None,
        item_total: vec![None; k],
        alpha_if_dropped: vec![None; k],
        item_names,
        mean,
        sd,
        note: None,
    };
    if instrument.kind() == InstrumentKind::Ipsative {
        out.note = Some(
            "ipsative scores: Cronbach's alpha is not meaningful (the points of a block add up to a constant, \
             so scales are not independent)"
                .to_string(),
        );
        out.item_total = Vec::new();
        out.alpha_if_dropped = Vec::new();
        return out;
    }
    if k < 2 {
        out.note = Some(format!("alpha needs at least 2 items, the scale has {k}"));
        return out;
    }
    if n < 2 {
        out.note = Some(format!("alpha needs at least 2 complete respondents, the scale has {n}"));
        return out;
    }
    let c = covariance(&complete, k);
    let at = |i: usize, j: usize| c.get(i * k + j).copied().unwrap_or(0.0);
    out.alpha = alpha_from_cov(k, at, None);
    if out.alpha.is_none() {
        out.note = Some("alpha is undefined: the total score does not vary".to_string());
    }
    out.alpha_ci = out.alpha.and_then(|a| feldt_interval(a, n, k, ALPHA_CI_LEVEL)).map(|(lo, hi)| [lo, hi]);
    out.sem = out.alpha.zip(out.sd).map(|(a, sd)| sd * (1.0 - a).max(0.0).sqrt());
    // Standardised alpha from the mean off-diagonal correlation.
    let var: Vec<f64> = (0..k).map(|i| at(i, i)).collect();
    if var.iter().all(|&v| v > 0.0) {
        let mut sum = 0.0;
        for i in 0..k {
            for j in 0..k {
                if i != j {
                    sum += at(i, j) / (var.get(i).unwrap_or(&0.0) * var.get(j).unwrap_or(&0.0)).sqrt();
                }
            }
        }
        let r = sum / (k * (k - 1)) as f64;
        let denom = 1.0 + (k as f64 - 1.0) * r;
        out.standardized_alpha = (denom != 0.0).then(|| k as f64 * r / denom);
    }
    for j in 0..k {
        let cov_rest: f64 = (0..k).filter(|&l| l != j).map(|l| at(j, l)).sum();
        let mut var_rest = 0.0;
        for l in (0..k).filter(|&l| l != j) {
            for m in (0..k).filter(|&m| m != j) {
                var_rest += at(l, m);
            }
        }
        let vj = at(j, j);
        if let Some(slot) = out.item_total.get_mut(j) {
            *slot = (vj > 0.0 && var_rest > 0.0).then(|| cov_rest / (vj * var_rest).sqrt());
        }
        if let Some(slot) = out.alpha_if_dropped.get_mut(j) {
            *slot = if k >= 3 { alpha_from_cov(k, at, Some(j)) } else { None };
        }
    }
    out
}

/// The pole strength of one complete row of a scale's keyed answers.
fn strength(instrument: &Instrument, idx: &[usize], row: &[f64]) -> f64 {
    match instrument.kind() {
        InstrumentKind::Likert => {
            let (min, max) = instrument.scale();
            let mean = row.iter().sum::<f64>() / row.len().max(1) as f64;
            (mean - min as f64) / (max - min) as f64
        }
        InstrumentKind::Ipsative => {
            let mut blocks: Vec<usize> = idx.iter().filter_map(|&i| instrument.items().get(i)?.block()).collect();
            blocks.sort_unstable();
            blocks.dedup();
            let available: f64 =
                blocks.iter().filter_map(|&b| instrument.blocks().get(b)).map(|b| b.points() as f64).sum();
            if available > 0.0 {
                row.iter().sum::<f64>() / available
            } else {
                0.0
            }
        }
    }
}

/// The sample (n - 1) covariance matrix of `rows` (each of length `k`), row-major.
fn covariance(rows: &[Vec<f64>], k: usize) -> Vec<f64> {
    let n = rows.len() as f64;
    let mut means = vec![0.0; k];
    for r in rows {
        for (m, x) in means.iter_mut().zip(r) {
            *m += x;
        }
    }
    for m in &mut means {
        *m /= n;
    }
    let mut c = vec![0.0; k * k];
    for r in rows {
        for (i, (xi, mi)) in r.iter().zip(&means).enumerate() {
            for (j, (xj, mj)) in r.iter().zip(&means).enumerate() {
                if let Some(s) = c.get_mut(i * k + j) {
                    *s += (xi - mi) * (xj - mj);
                }
            }
        }
    }
    for s in &mut c {
        *s /= n - 1.0;
    }
    c
}

/// Alpha from a covariance matrix, leaving out item `drop` if given.
fn alpha_from_cov(k: usize, c: impl Fn(usize, usize) -> f64, drop: Option<usize>) -> Option<f64> {
    let keep: Vec<usize> = (0..k).filter(|&i| Some(i) != drop).collect();
    let m = keep.len();
    if m < 2 {
        return None;
    }
    let trace: f64 = keep.iter().map(|&i| c(i, i)).sum();
    let total: f64 = keep.iter().flat_map(|&i| keep.iter().map(move |&j| (i, j))).map(|(i, j)| c(i, j)).sum();
    (total > 0.0).then(|| (m as f64 / (m as f64 - 1.0)) * (1.0 - trace / total))
}

/// The mean and sample standard deviation; `None` where undefined.
pub(crate) fn mean_sd(xs: &[f64]) -> (Option<f64>, Option<f64>) {
    if xs.is_empty() {
        return (None, None);
    }
    let n = xs.len() as f64;
    let mean = xs.iter().sum::<f64>() / n;
    let sd = (xs.len() >= 2).then(|| (xs.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / (n - 1.0)).sqrt());
    (Some(mean), sd)
}

/// Cronbach's alpha of `rows` (respondents by items), over the complete rows
/// (rows with a NaN are left out), with sample (n - 1) covariances:
/// `k / (k - 1) * (1 - trace(C) / sum(C))`. `None` with fewer than two
/// items or complete rows, rows of different lengths, or a constant total.
///
/// ```
/// let rows = [vec![1.0, 2.0, 2.0], vec![3.0, 3.0, 4.0], vec![4.0, 5.0, 4.0], vec![2.0, 2.0, 1.0]];
/// let a = rolebalance::cronbach_alpha(&rows).unwrap();
/// assert!((a - 174.0 / 187.0).abs() < 1e-12);
/// ```
pub fn cronbach_alpha(rows: &[Vec<f64>]) -> Option<f64> {
    let k = rows.first()?.len();
    if rows.iter().any(|r| r.len() != k) {
        return None;
    }
    let complete: Vec<Vec<f64>> = rows.iter().filter(|r| r.iter().all(|x| !x.is_nan())).cloned().collect();
    if complete.len() < 2 || k < 2 {
        return None;
    }
    let c = covariance(&complete, k);
    alpha_from_cov(k, |i, j| c.get(i * k + j).copied().unwrap_or(0.0), None)
}

/// Feldt's confidence interval for alpha at `level` (0.95 for 95%), as
/// pingouin computes it:
/// `1 - (1 - alpha) * F.isf((1 -/+ level) / 2, n - 1, (n - 1)(k - 1))` with
/// `n` respondents and `k` items. `None` with fewer than two of either or a
/// level outside (0, 1).
///
/// ```
/// let (lo, hi) = rolebalance::feldt_interval(0.8, 100, 5, 0.95).unwrap();
/// assert!(lo < 0.8 && 0.8 < hi);
/// ```
pub fn feldt_interval(alpha: f64, respondents: usize, items: usize, level: f64) -> Option<(f64, f64)> {
    if respondents < 2 || items < 2 || !(level > 0.0 && level < 1.0) || !alpha.is_finite() {
        return None;
    }
    let df1 = respondents as f64 - 1.0;
    let df2 = df1 * (items as f64 - 1.0);
    let f = FisherSnedecor::new(df1, df2).ok()?;
    let tail = (1.0 - level) / 2.0;
    // F.isf(q) is the (1 - q) quantile.
    let upper_q = f.inverse_cdf(1.0 - tail);
    let lower_q = f.inverse_cdf(tail);
    Some((1.0 - (1.0 - alpha) * upper_q, 1.0 - (1.0 - alpha) * lower_q))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alpha_by_hand() {
        // Items x1 = (1,3,4,2), x2 = (2,3,5,2), x3 = (2,4,4,1).
        // Variances: 5/3, 2, 9/4 (sum 71/12); totals (5, 10, 13, 5): mean 8.25,
        // variance 187/12. alpha = 3/2 * (1 - 71/187) = 174/187.
        let rows = [vec![1.0, 2.0, 2.0], vec![3.0, 3.0, 4.0], vec![4.0, 5.0, 4.0], vec![2.0, 2.0, 1.0]];
        let want = 174.0 / 187.0;
        assert!((cronbach_alpha(&rows).unwrap() - want).abs() < 1e-14);
        assert_eq!(cronbach_alpha(&[vec![1.0, 1.0], vec![1.0, 1.0]]), None);
        assert_eq!(cronbach_alpha(&[vec![1.0, 2.0]]), None);
    }

    #[test]
    fn feldt_interval_needs_data() {
        assert!(feldt_interval(0.5, 1, 3, 0.95).is_none());
        assert!(feldt_interval(0.5, 10, 1, 0.95).is_none());
        let (lo, hi) = feldt_interval(0.5, 10, 3, 0.95).unwrap();
        assert!(lo < 0.5 && hi > 0.5);
    }
}
