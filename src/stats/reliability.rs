//! Reliability of questionnaire scales, as R's `psych::alpha`,
//! `psych::omega` and `psych::scoreItems` report it.
//!
//! The definitions are documented on [`ReliabilityReport`].

use serde::Serialize;
use statrs::distribution::{ContinuousCDF, FisherSnedecor, Normal};

use crate::error::{Error, ErrorKind};
use crate::model::measurement::MeasurementError;
use crate::stats::instrument::{Instrument, InstrumentKind};
use crate::stats::matrix::{self, Sym};
use crate::util::rng::Rng;

/// The default confidence level of the intervals for alpha
/// ([`ReliabilityOptions::ci_level`]).
pub const ALPHA_CI_LEVEL: f64 = 0.95;

/// The largest scale for which the figures that need an eigen-decomposition
/// or a pseudo-inverse (`O(k^3)`) are computed.
pub const MATRIX_ITEMS: usize = 200;

/// The most items (over all scales) for which the scale intercorrelations
/// are computed (`O(n K^2)` for `K` items).
pub const CORRELATION_ITEMS: usize = 1000;

/// How missing answers enter the reliability of a scale.
///
/// ```
/// use rolebalance::Missing;
/// assert_eq!(Missing::default(), Missing::Pairwise);
/// assert_eq!(Missing::Complete.as_str(), "complete");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Missing {
    /// Every respondent counts (`n` is all of them); each covariance and
    /// correlation uses the respondents who answered both items, each item
    /// statistic those who answered the item: `psych::alpha(use =
    /// "pairwise")`, psych's default.
    #[default]
    Pairwise,
    /// Only the respondents who answered every item of the scale count
    /// (listwise deletion, the crate's behaviour before 0.2).
    Complete,
}

impl Missing {
    /// The lowercase name: `pairwise` or `complete`.
    pub fn as_str(self) -> &'static str {
        match self {
            Missing::Pairwise => "pairwise",
            Missing::Complete => "complete",
        }
    }
}

/// What to do with an item that correlates negatively with its scale (its
/// loading on the scale's first principal component is negative).
///
/// ```
/// use rolebalance::KeyCheck;
/// assert_eq!(KeyCheck::default(), KeyCheck::Warn);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum KeyCheck {
    /// List the item in [`ScaleReliability::negative_items`] and warn; keep
    /// the instrument's keys (psych's default, `check.keys = FALSE`).
    #[default]
    Warn,
    /// Reverse the item (`max + min - x`) for every figure of the scale and
    /// list it in [`ScaleReliability::reversed_items`], with a warning
    /// (`check.keys = TRUE`). The roster's pole strengths keep the
    /// instrument's keys.
    Reverse,
}

/// Options of a [`ReliabilityReport`], built step by step.
///
/// Defaults: [`Missing::Pairwise`], the 95% level ([`ALPHA_CI_LEVEL`]),
/// [`KeyCheck::Warn`], no bootstrap.
///
/// ```
/// use rolebalance::{KeyCheck, Missing, ReliabilityOptions};
/// let options = ReliabilityOptions::new()
///     .missing(Missing::Complete)
///     .ci_level(0.9)?
///     .key_check(KeyCheck::Reverse)
///     .bootstrap(1000, 42)?;
/// assert_eq!(options.missing_data(), Missing::Complete);
/// assert_eq!(options.level(), 0.9);
/// assert!(ReliabilityOptions::new().ci_level(1.0).is_err());
/// # Ok::<(), rolebalance::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ReliabilityOptions {
    missing: Missing,
    level: f64,
    key_check: KeyCheck,
    bootstrap: Option<(usize, u64)>,
}

impl Default for ReliabilityOptions {
    fn default() -> Self {
        ReliabilityOptions::new()
    }
}

/// The most bootstrap resamples [`ReliabilityOptions::bootstrap`] takes.
pub const MAX_BOOTSTRAP: usize = 100_000;

impl ReliabilityOptions {
    /// The defaults: pairwise, 95%, warn, no bootstrap.
    pub fn new() -> ReliabilityOptions {
        ReliabilityOptions {
            missing: Missing::Pairwise,
            level: ALPHA_CI_LEVEL,
            key_check: KeyCheck::Warn,
            bootstrap: None,
        }
    }

    /// How missing answers are handled (default [`Missing::Pairwise`]).
    pub fn missing(mut self, missing: Missing) -> ReliabilityOptions {
        self.missing = missing;
        self
    }

    /// The confidence level of every interval, in (0, 1) (default 0.95).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidOption`] (named `ci_level`) outside (0, 1).
    pub fn ci_level(mut self, level: f64) -> Result<ReliabilityOptions, Error> {
        if !(level > 0.0 && level < 1.0) {
            return Err(ErrorKind::InvalidOption {
                name: "ci_level".to_string(),
                problem: format!("{level} is not a confidence level in (0, 1), such as 0.95"),
            }
            .into());
        }
        self.level = level;
        Ok(self)
    }

    /// What to do with items that correlate negatively with their scale
    /// (default [`KeyCheck::Warn`]).
    pub fn key_check(mut self, check: KeyCheck) -> ReliabilityOptions {
        self.key_check = check;
        self
    }

    /// A bootstrap interval for alpha from `iterations` resamples drawn by
    /// a generator seeded with `seed` (see [`ReliabilityReport`]'s `# Formula`); the
    /// same seed gives the same interval. Default: none.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidOption`] (named `bootstrap`) for fewer than 2 or
    /// more than [`MAX_BOOTSTRAP`] iterations.
    pub fn bootstrap(mut self, iterations: usize, seed: u64) -> Result<ReliabilityOptions, Error> {
        if !(2..=MAX_BOOTSTRAP).contains(&iterations) {
            return Err(ErrorKind::InvalidOption {
                name: "bootstrap".to_string(),
                problem: format!("{iterations} iterations, expected 2 to {MAX_BOOTSTRAP}"),
            }
            .into());
        }
        self.bootstrap = Some((iterations, seed));
        Ok(self)
    }

    /// The missing-data handling.
    pub fn missing_data(&self) -> Missing {
        self.missing
    }

    /// The confidence level.
    pub fn level(&self) -> f64 {
        self.level
    }

    /// The key check.
    pub fn keys(&self) -> KeyCheck {
        self.key_check
    }

    /// The bootstrap `(iterations, seed)`, if any.
    pub fn bootstrap_settings(&self) -> Option<(usize, u64)> {
        self.bootstrap
    }
}

/// Reliability figures of a scale without one item (psych's `alpha.drop`);
/// see [`ItemStats`] for an example.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct IfDropped {
    /// Alpha (`raw_alpha`).
    pub raw_alpha: Option<f64>,
    /// Standardised alpha (`std.alpha`).
    pub std_alpha: Option<f64>,
    /// Guttman's lambda 6 (`G6(smc)`).
    pub lambda6: Option<f64>,
    /// Average inter-item correlation (`average_r`).
    pub average_r: Option<f64>,
    /// Signal-to-noise ratio (`S/N`).
    pub signal_noise: Option<f64>,
    /// Standard error of alpha (`alpha se`).
    pub alpha_se: Option<f64>,
    /// Variance of the inter-item correlations (`var.r`).
    pub var_r: Option<f64>,
    /// Median inter-item correlation (`med.r`).
    pub median_r: Option<f64>,
}

/// Statistics of one item of a scale (psych's `item.stats` and
/// `response.freq`, and its `alpha.drop` row).
///
/// ```
/// use rolebalance::{Framework, Instrument, Scorer};
/// let fw = Framework::builder().dimension("horizon", "vision", "execution").build()?;
/// let inst = Instrument::likert(fw, 1, 5)
///     .item("v1", "vision", false).item("v2", "vision", false).item("v3", "vision", true)
///     .item("e1", "execution", false).item("e2", "execution", false)
///     .build()?;
/// let csv = "id,team,v1,v2,v3,e1,e2\na,T,5,4,1,2,2\nb,T,3,,3,4,5\nc,T,2,1,4,3,3\nd,T,4,5,2,5,4\n";
/// let report = Scorer::new(inst).score(csv.as_bytes())?.reliability();
/// let v2 = &report.scales()[0].item_stats[1];
/// assert_eq!((v2.item.as_str(), v2.n, v2.missing), ("v2", 3, 0.25));
/// assert_eq!(report.scales()[0].response_values.as_deref(), Some(&[1.0, 2.0, 3.0, 4.0, 5.0][..]));
/// assert_eq!(v2.frequencies.as_deref(), Some(&[1.0 / 3.0, 0.0, 0.0, 1.0 / 3.0, 1.0 / 3.0][..]));
/// assert!(v2.if_dropped.raw_alpha.is_some());
/// # Ok::<(), rolebalance::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ItemStats {
    /// The item's name, as the instrument spells it.
    pub item: String,
    /// Whether its answers are reversed (`max + min - x`) in the scale's
    /// figures: by the instrument or by [`KeyCheck::Reverse`].
    pub reversed: bool,
    /// Respondents who answered it (`n`).
    pub n: usize,
    /// Correlation with the total (`raw.r`).
    pub raw_r: Option<f64>,
    /// Correlation with the total of standardised items (`std.r`).
    pub std_r: Option<f64>,
    /// `std.r` corrected for item overlap and reliability (`r.cor`).
    pub r_cor: Option<f64>,
    /// Correlation with the sum of the other items (`r.drop`).
    pub r_drop: Option<f64>,
    /// Mean of the keyed answers.
    pub mean: Option<f64>,
    /// Sample standard deviation of the keyed answers.
    pub sd: Option<f64>,
    /// The share of the scale's respondents who did not answer (`miss`).
    pub missing: f64,
    /// The share of its answers equal to each value of
    /// [`ScaleReliability::response_values`] (answers as given), when the
    /// scale has at most 10 distinct answers.
    pub frequencies: Option<Vec<f64>>,
    /// The scale's figures without this item.
    pub if_dropped: IfDropped,
}

/// The reliability of one scale: the items of one pole.
///
/// Statistics that a scale cannot have are `None` (JSON `null`): alpha and
/// its relatives need two items and two respondents and a total that
/// varies; omega needs three items. For an ipsative instrument only the
/// counts, mean and standard deviation are given, with a note. The figures
/// and psych's names for them are defined in the
/// [`ReliabilityReport`](crate::ReliabilityReport#formula) documentation.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ScaleReliability {
    /// The pole the scale measures.
    pub scale: String,
    /// How missing answers were handled.
    pub missing: Missing,
    /// The confidence level of the intervals.
    pub ci_level: f64,
    /// Its number of items in the figures (items without variance left out).
    pub items: usize,
    /// The respondents (`n`: all of them with [`Missing::Pairwise`], those
    /// who answered every item with [`Missing::Complete`]).
    pub respondents: usize,
    /// Cronbach's alpha (`raw_alpha`).
    pub alpha: Option<f64>,
    /// Feldt's interval for alpha.
    pub alpha_ci: Option<[f64; 2]>,
    /// The standard error of alpha (`ase`).
    pub alpha_se: Option<f64>,
    /// Duhachek's interval for alpha: `alpha -/+ z ase`.
    pub alpha_ci_duhachek: Option<[f64; 2]>,
    /// The bootstrap interval for alpha, with
    /// [`ReliabilityOptions::bootstrap`].
    pub alpha_ci_bootstrap: Option<[f64; 2]>,
    /// Standardised alpha (`std.alpha`).
    pub standardized_alpha: Option<f64>,
    /// Guttman's lambda 6 (`G6(smc)`).
    pub lambda6: Option<f64>,
    /// Average inter-item correlation (`average_r`).
    pub average_r: Option<f64>,
    /// Median inter-item correlation (`median_r`).
    pub median_r: Option<f64>,
    /// Variance of the inter-item correlations (`var.r`).
    pub var_r: Option<f64>,
    /// Signal-to-noise ratio (`S/N`).
    pub signal_noise: Option<f64>,
    /// McDonald's omega total from a one-factor minres model.
    pub omega_total: Option<f64>,
    /// The one-factor loadings behind omega, in item order (after flipping).
    pub omega_loadings: Option<Vec<f64>>,
    /// Mean of the respondents' totals (psych's `mean`), on the answer scale.
    pub raw_mean: Option<f64>,
    /// Sample standard deviation of the totals (psych's `sd`).
    pub raw_sd: Option<f64>,
    /// Standard error of measurement on the pole-strength scale [0, 1]:
    /// `sd * sqrt(1 - alpha)`.
    pub sem: Option<f64>,
    /// The mean pole strength in [0, 1] (the rescaled mean of the answered
    /// items), over the respondents with an answer.
    pub mean: Option<f64>,
    /// The sample standard deviation of the pole strength in [0, 1].
    pub sd: Option<f64>,
    /// The items in the figures, in instrument order.
    pub item_names: Vec<String>,
    /// Corrected item-total correlations (`r.drop`), in item order.
    pub item_total: Vec<Option<f64>>,
    /// Alpha without each item (`raw_alpha` of `alpha.drop`), in item order.
    pub alpha_if_dropped: Vec<Option<f64>>,
    /// Every item's statistics, in item order.
    pub item_stats: Vec<ItemStats>,
    /// The distinct answers given to the scale, ascending, for
    /// [`ItemStats::frequencies`]; `None` with more than 10.
    pub response_values: Option<Vec<f64>>,
    /// Items left out for having no variance.
    pub constant_items: Vec<String>,
    /// Items whose loading on the first principal component is negative.
    pub negative_items: Vec<String>,
    /// Items reversed by [`KeyCheck::Reverse`].
    pub reversed_items: Vec<String>,
    /// What the data made the report do or doubt (items left out, keys).
    pub warnings: Vec<String>,
    /// A remark on what is not reported and why.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Correlations between the scales (`psych::scoreItems(impute = "none")`'s
/// `cor` and `corrected`).
///
/// ```
/// use rolebalance::{Framework, Instrument, Scorer};
/// let fw = Framework::builder().dimension("horizon", "vision", "execution").build()?;
/// let inst = Instrument::likert(fw, 1, 5)
///     .item("v1", "vision", false).item("v2", "vision", false)
///     .item("e1", "execution", false).item("e2", "execution", false)
///     .build()?;
/// let csv = "id,team,v1,v2,e1,e2\na,T,5,4,2,2\nb,T,3,3,4,5\nc,T,2,1,3,3\nd,T,4,5,5,4\n";
/// let report = Scorer::new(inst).score(csv.as_bytes())?.reliability();
/// let c = report.scale_correlations().unwrap();
/// assert_eq!(c.scales, ["vision", "execution"]);
/// assert_eq!(c.corrected[0][0], report.scales()[0].alpha); // alpha on the diagonal
/// assert_eq!(c.corrected[1][0], c.raw[1][0]); // raw below it
/// # Ok::<(), rolebalance::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ScaleCorrelations {
    /// The scales, in pole order (Likert scales with at least one item kept).
    pub scales: Vec<String>,
    /// Correlations of the scale totals.
    pub raw: Vec<Vec<Option<f64>>>,
    /// psych's layout: `raw` below the diagonal, each scale's alpha on it,
    /// the correlation corrected for attenuation, `r / sqrt(alpha_a alpha_b)`,
    /// above it.
    pub corrected: Vec<Vec<Option<f64>>>,
}

/// The reliability of every scale of an instrument, in pole order.
///
/// A *scale* is the items of one pole. [`ReliabilityReport`] gives, for every
/// scale measured by an instrument, the figures of `psych::alpha(x, keys)`
/// with its defaults (`use = "pairwise"`, `delete = TRUE`, `max = 10`,
/// `cumulative = FALSE`, `n.iter = 1`), McDonald's omega total from a
/// one-factor minres model, the crate's own standard error of measurement,
/// and the correlations between scales of `psych::scoreItems(impute =
/// "none")`. [`ReliabilityOptions`] chooses the missing-data handling, the
/// confidence level, what to do with items that seem wrongly keyed, and a
/// seeded bootstrap.
///
/// # Formula
///
/// With `X` the respondents-by-items table of one scale's keyed answers
/// (reverse-keyed items already turned into `max + min - x`), `k` its items
/// and `n` its rows (every respondent with [`Missing::Pairwise`], the
/// respondents who answered every item with [`Missing::Complete`]):
///
/// - `C` and `R`: the covariance and correlation matrices of `X`, each entry
///   over the rows that answered both items, with that pair's own means
///   (R's `cov(X, use = "pairwise")` and `cor(X, use = "pairwise")`;
///   `R` is not `cov2cor(C)`).
/// - Items whose answers do not vary (or that fewer than two respondents
///   answered) are left out before anything else, with a warning, as
///   `psych::alpha(delete = TRUE)` does; `k` counts the items kept.
/// - alpha (`raw_alpha`): `k / (k - 1) * (1 - tr(C) / sum(C))`.
/// - standardised alpha (`std.alpha`): `k / (k - 1) * (1 - k / sum(R))`.
/// - Guttman's lambda 6 (`G6(smc)`): `1 - (k - sum(smc)) / sum(R)`, with
///   `smc_i = 1 - 1 / (R^+)_ii` from the pseudo-inverse of `R`, clamped to
///   [0, 1] (psych's `smc`).
/// - average inter-item correlation (`average_r`): `(sum(R) - k) / (k (k - 1))`;
///   its median (`median_r`) and sample variance (`var.r`) over the pairs
///   `i < j`.
/// - signal-to-noise (`S/N`): `k r / (1 - r)` with `r` the average correlation.
/// - standard error of alpha (`ase`, Duhachek and Iacobucci as corrected by
///   Hattori): `sqrt(Q / n)` with
///   `Q = 2 k^2 / ((k - 1)^2 sum(C)^3) * (sum(C) (tr(C C) + tr(C)^2) - 2 tr(C) sum(C C))`.
/// - Feldt's interval at level `L`: `1 - (1 - alpha) F^-1(1 -/+ (1 - L) / 2; n - 1, (n - 1)(k - 1))`
///   (psych's `alpha.ci`, pingouin's `cronbach_alpha`).
/// - Duhachek's interval: `alpha -/+ z * ase` with `z = 1.96` at the 95% level
///   (the constant of psych's print-out) and the standard normal quantile
///   `z = Phi^-1(1 - (1 - L) / 2)` at any other level.
/// - bootstrap interval ([`ReliabilityOptions::bootstrap`], psych's
///   `n.iter`): `B` resamples of `n` rows drawn with replacement by the
///   crate's SplitMix64 generator seeded with `seed` (a fresh generator per
///   scale; row `floor(u * n / 2^64)` for each 64-bit output `u`); alpha of
///   each resample from its pairwise `C`; the interval is the `(1 - L) / 2`
///   and `1 - (1 - L) / 2` quantiles of those alphas by R's default rule
///   (type 7: `h = (B - 1) p`, linear between neighbours).
/// - the total of a respondent (psych's `scores`, `cumulative = FALSE`): the
///   mean of their answered kept items; `raw_mean` and `raw_sd` are the mean
///   and sample standard deviation of the totals. An item left out for
///   having no variance still counts in the total with its constant answer,
///   `(k * mean + sum of constants) / (k + constant items)`, as psych does.
/// - item statistics: `n` (answers), `raw.r` (correlation of the item with
///   the total, pairwise), `std.r` (`colSums(R)_i / sqrt(sum(R))`), `r.cor`
///   (the same with `smc` on the diagonal of `R`), `r.drop` (the item with
///   the sum of the other items: `(colSums(C)_i - C_ii) / sqrt(C_ii (sum(C)
///   - 2 colSums(C)_i + C_ii))`), `mean` and `sd` of the keyed answers,
///   `missing` (the share of the `n` rows that did not answer).
/// - response frequencies (psych's `response.frequencies(max = 10)`): for
///   every item, the share of its answers equal to each distinct answer
///   given to the scale (as given, before any reverse-keying), when the
///   scale has at most 10 distinct answers.
/// - if an item is dropped: every figure above on `C` and `R` without the
///   item's row and column; with two items, psych's conventions
///   (`raw_alpha = C_12 / C_jj` of the other item `j`, `std.alpha = average_r
///   = median_r = r_12`, `G6 = smc_1`, `S/N = r_12 / (1 - r_12)`, no `ase`,
///   `var.r = 0`).
/// - omega total (`psych::omega(X, nfactors = 1)$omega.tot`): one factor
///   fitted by minimum residual (unweighted least squares on the
///   off-diagonal of `R`: minimise `sum_{i != j} (r_ij - l_i l_j)^2`), with
///   psych's bound on each communality `l_i^2 <= 0.995`; items with negative
///   loadings are flipped (psych's `flip = TRUE`); then
///   `omega = (sum(R') - sum(1 - l_i^2)) / sum(R')` with `R'` the flipped
///   `R`. The fit is exact coordinate descent (each `l_i` set to its
///   least-squares value given the others, clamped) from `l_i = sqrt(smc_i)`
///   until no loading moves by more than 1e-14 (at most 100,000 sweeps);
///   psych's optimiser (L-BFGS-B over the uniquenesses) stops at its own
///   tolerance, so its omega may differ from this one after the sixth decimal.
/// - wrong keys (psych's `check.keys`): the first principal component of
///   `R` (its leading eigenvector times the square root of its eigenvalue,
///   signed so that the loadings add up to a positive number); an item with
///   a negative loading is listed in [`ScaleReliability::negative_items`]
///   with a warning ([`KeyCheck::Warn`], the default) or reversed
///   (`max + min - x`) and listed in [`ScaleReliability::reversed_items`]
///   ([`KeyCheck::Reverse`]), never silently.
/// - SEM (the crate's): `sd * sqrt(1 - alpha)` with `sd` the sample standard
///   deviation of the pole strength (the mean of the answered items rescaled
///   to [0, 1]).
/// - scale intercorrelations (`psych::scoreItems(impute = "none")`): with
///   `C` the pairwise covariances of every kept item of every Likert scale,
///   the covariance of two scales is `sum_{i in a, j in b} C_ij`; `raw` is
///   its correlation matrix and `corrected` has `raw` below the diagonal,
///   each scale's alpha on it and `r_ab / sqrt(alpha_a alpha_b)` (corrected
///   for attenuation) above it, psych's layout.
///
/// # Cost
///
/// `O(n k^2)` for the pairwise moments of a scale (`O(n K^2)` for the scale
/// intercorrelations, `K` every item), `O(k^2)` for alpha and its relatives
/// if each item is dropped, `O(k^3)` for the eigen-decomposition and the
/// pseudo-inverse (lambda 6, `r.cor`, omega, the key check, lambda 6 and
/// the median correlation if an item is dropped), and `B n k^2` for a
/// bootstrap of `B` resamples. Scales of more than [`MATRIX_ITEMS`] items
/// skip the `O(k^3)` figures (`null`, with a note).
///
/// # Examples
///
/// ```
/// use rolebalance::{Framework, Instrument, Missing, ReliabilityOptions, Scorer};
/// let fw = Framework::builder().dimension("horizon", "vision", "execution").build()?;
/// let inst = Instrument::likert(fw, 1, 5)
///     .item("v1", "vision", false).item("v2", "vision", false).item("v3", "vision", true)
///     .item("e1", "execution", false).item("e2", "execution", false)
///     .build()?;
/// let csv = "id,team,v1,v2,v3,e1,e2\na,T,5,4,1,2,2\nb,T,3,3,3,4,5\nc,T,2,1,4,3,3\nd,T,4,5,2,5,4\n";
/// let scored = Scorer::new(inst).score(csv.as_bytes())?;
/// let report = scored.reliability();
/// let vision = &report.scales()[0];
/// assert_eq!(vision.respondents, 4);
/// // pingouin.cronbach_alpha on the keyed answers (v3 reversed: 6 - x)
/// assert!((vision.alpha.unwrap() - 0.9458128078817732).abs() < 1e-12);
/// assert!(report.measurement_error().is_ok());
/// let listwise = scored.reliability_with(&ReliabilityOptions::new().missing(Missing::Complete));
/// assert_eq!(listwise.scales()[0].alpha, vision.alpha); // no answer is missing
/// # Ok::<(), rolebalance::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReliabilityReport {
    kind: InstrumentKind,
    missing: Missing,
    ci_level: f64,
    scales: Vec<ScaleReliability>,
    scale_correlations: Option<ScaleCorrelations>,
}

impl ReliabilityReport {
    /// The report for `rows`: every respondent's keyed answers in
    /// instrument item order, NaN where unanswered.
    pub(crate) fn new(instrument: &Instrument, rows: &[Vec<f64>], options: &ReliabilityOptions) -> ReliabilityReport {
        let mut scales = Vec::new();
        let mut kept: Vec<(String, Vec<usize>, Vec<bool>)> = Vec::new();
        for (p, pole) in instrument.framework().pole_names().enumerate() {
            let idx = instrument.pole_items(p);
            if idx.is_empty() {
                continue;
            }
            let (s, items, flips) = scale(instrument, idx, pole, rows, options);
            if !items.is_empty() && instrument.kind() == InstrumentKind::Likert {
                kept.push((pole.to_string(), items, flips));
            }
            scales.push(s);
        }
        let items: usize = kept.iter().map(|(_, items, _)| items.len()).sum();
        let scale_correlations = (kept.len() >= 2 && items <= CORRELATION_ITEMS)
            .then(|| correlations(instrument, rows, options, &kept, &scales));
        ReliabilityReport {
            kind: instrument.kind(),
            missing: options.missing,
            ci_level: options.level,
            scales,
            scale_correlations,
        }
    }

    /// Likert or ipsative.
    pub fn kind(&self) -> InstrumentKind {
        self.kind
    }

    /// How missing answers were handled.
    pub fn missing(&self) -> Missing {
        self.missing
    }

    /// The confidence level of the intervals.
    pub fn ci_level(&self) -> f64 {
        self.ci_level
    }

    /// One scale per measured pole, in pole order.
    pub fn scales(&self) -> &[ScaleReliability] {
        &self.scales
    }

    /// The scale of pole `pole`.
    pub fn scale(&self, pole: &str) -> Option<&ScaleReliability> {
        self.scales.iter().find(|s| s.scale == pole)
    }

    /// The correlations between scales (Likert, at least two scales, at
    /// most [`CORRELATION_ITEMS`] items in all).
    pub fn scale_correlations(&self) -> Option<&ScaleCorrelations> {
        self.scale_correlations.as_ref()
    }

    /// The standard error of measurement of every pole of `framework` (the
    /// scored roster's, [`Scored::roster`](crate::Scored::roster)), for
    /// [`Analyzer::measurement_error`](crate::Analyzer::measurement_error);
    /// [`ReliabilityReport::measurement_error`] is this for the roster the
    /// report was made with.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::MeasurementError`] naming the first pole without one
    /// (not measured, ipsative, a single item, too few respondents).
    pub fn measurement_error_for(&self, framework: &crate::Framework) -> Result<MeasurementError, Error> {
        let mut sems = Vec::with_capacity(framework.pole_count());
        for pole in framework.pole_names() {
            let Some(s) = self.scale(pole) else {
                return Err(ErrorKind::MeasurementError {
                    problem: format!("pole `{pole}` has no scale: the instrument has no item for it"),
                }
                .into());
            };
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

    /// Every scale's standard error of measurement, in pole order, for
    /// [`Analyzer::measurement_error`](crate::Analyzer::measurement_error)
    /// on a roster of the scales' poles.
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

fn fin(x: f64) -> Option<f64> {
    x.is_finite().then_some(x)
}

/// psych's `alpha.1` on a covariance and a correlation matrix.
#[derive(Debug, Clone, Copy)]
struct AlphaStats {
    raw: f64,
    std: f64,
    g6: f64,
    av_r: f64,
    sn: f64,
    q: f64,
    var_r: f64,
    med_r: f64,
}

/// Sums of a covariance or correlation matrix for alpha and its drops in
/// `O(k^2)` once, `O(k)` per dropped item.
struct Sums {
    k: usize,
    sum: f64,
    trace: f64,
    /// `sum_ij m_ij^2`, `tr(M M)` for a symmetric `M`.
    sq: f64,
    /// Column sums.
    col: Vec<f64>,
    /// `sum_l col_l^2`, `sum(M M)`.
    col_sq: f64,
    /// Sum and sum of squares of the entries below the diagonal.
    low: f64,
    low_sq: f64,
}

impl Sums {
    fn new(m: &Sym) -> Sums {
        let k = m.k;
        let col: Vec<f64> = (0..k).map(|j| (0..k).map(|i| m.at(i, j)).sum()).collect();
        let (mut low, mut low_sq) = (0.0, 0.0);
        for i in 0..k {
            for j in 0..i {
                let x = m.at(i, j);
                low += x;
                low_sq += x * x;
            }
        }
        Sums {
            k,
            sum: m.sum(),
            trace: m.trace(),
            sq: m.a.iter().map(|x| x * x).sum(),
            col_sq: col.iter().map(|c| c * c).sum(),
            col,
            low,
            low_sq,
        }
    }

    /// The sums without item `d`.
    fn drop(&self, m: &Sym, d: usize) -> Sums {
        let k = self.k;
        let cd = self.col.get(d).copied().unwrap_or(0.0);
        let mdd = m.at(d, d);
        let row_sq: f64 = (0..k).map(|j| m.at(d, j).powi(2)).sum();
        let col: Vec<f64> =
            (0..k).filter(|&l| l != d).map(|l| self.col.get(l).copied().unwrap_or(0.0) - m.at(l, d)).collect();
        let off: f64 = (0..k).filter(|&j| j != d).map(|j| m.at(d, j)).sum();
        let off_sq: f64 = (0..k).filter(|&j| j != d).map(|j| m.at(d, j).powi(2)).sum();
        Sums {
            k: k - 1,
            sum: self.sum - 2.0 * cd + mdd,
            trace: self.trace - mdd,
            sq: self.sq - 2.0 * row_sq + mdd * mdd,
            col_sq: col.iter().map(|c| c * c).sum(),
            col,
            low: self.low - off,
            low_sq: self.low_sq - off_sq,
        }
    }

    fn alpha(&self) -> f64 {
        let k = self.k as f64;
        (1.0 - self.trace / self.sum) * (k / (k - 1.0))
    }

    fn q(&self) -> f64 {
        let k = self.k as f64;
        (2.0 * k * k / ((k - 1.0).powi(2) * self.sum.powi(3)))
            * (self.sum * (self.sq + self.trace * self.trace) - 2.0 * (self.trace * self.col_sq))
    }

    /// Variance of the entries below the diagonal.
    fn var_low(&self) -> f64 {
        let m = (self.k * (self.k - 1) / 2) as f64;
        if m < 2.0 {
            return f64::NAN;
        }
        (self.low_sq - self.low * self.low / m) / (m - 1.0)
    }
}

/// psych's `alpha.1` from the sums of `C` and `R`, `smc` and the median.
fn alpha_stats(c: &Sums, r: &Sums, sum_smc: f64, med_r: f64) -> AlphaStats {
    let k = r.k as f64;
    let av_r = (r.sum - k) / (k * (k - 1.0));
    AlphaStats {
        raw: c.alpha(),
        std: (1.0 - k / r.sum) * (k / (k - 1.0)),
        g6: 1.0 - (k - sum_smc) / r.sum,
        av_r,
        sn: k * av_r / (1.0 - av_r),
        q: c.q(),
        var_r: r.var_low(),
        med_r,
    }
}

fn lower_median(r: &Sym) -> f64 {
    let mut xs: Vec<f64> = (0..r.k).flat_map(|i| (0..i).map(move |j| (i, j))).map(|(i, j)| r.at(i, j)).collect();
    matrix::median(&mut xs)
}

/// The keyed answers of items `idx` for every row (NaN where unanswered).
fn columns(rows: &[Vec<f64>], idx: &[usize]) -> Vec<Vec<f64>> {
    rows.iter().map(|r| idx.iter().map(|&i| r.get(i).copied().unwrap_or(f64::NAN)).collect()).collect()
}

/// The reliability of the scale made of items `idx` of pole `pole`; also
/// the instrument indices of the items kept and whether each was reversed
/// by the key check.
fn scale(
    instrument: &Instrument,
    idx: &[usize],
    pole: &str,
    rows: &[Vec<f64>],
    options: &ReliabilityOptions,
) -> (ScaleReliability, Vec<usize>, Vec<bool>) {
    let all = columns(rows, idx);
    let data: Vec<Vec<f64>> = match options.missing {
        Missing::Pairwise => all,
        Missing::Complete => all.into_iter().filter(|r| r.iter().all(|x| !x.is_nan())).collect(),
    };
    let n = data.len();
    let (min, max) = instrument.scale();
    let span = (i128::from(max) - i128::from(min)) as f64;
    let strengths: Vec<f64> = data
        .iter()
        .filter_map(|r| {
            let (s, c) = r.iter().filter(|x| !x.is_nan()).fold((0.0, 0usize), |(s, c), x| (s + x, c + 1));
            match instrument.kind() {
                _ if c == 0 => None,
                InstrumentKind::Likert => Some((s / c as f64 - min as f64) / span),
                InstrumentKind::Ipsative => Some(ipsative_strength(instrument, idx, s)),
            }
        })
        .collect();
    let (mean, sd) = mean_sd(&strengths);
    let names: Vec<String> =
        idx.iter().filter_map(|&i| instrument.items().get(i)).map(|i| i.name().to_string()).collect();
    let mut out = ScaleReliability {
        scale: pole.to_string(),
        missing: options.missing,
        ci_level: options.level,
        items: idx.len(),
        respondents: n,
        alpha: None,
        alpha_ci: None,
        alpha_se: None,
        alpha_ci_duhachek: None,
        alpha_ci_bootstrap: None,
        standardized_alpha: None,
        lambda6: None,
        average_r: None,
        median_r: None,
        var_r: None,
        signal_noise: None,
        omega_total: None,
        omega_loadings: None,
        raw_mean: None,
        raw_sd: None,
        sem: None,
        mean,
        sd,
        item_names: names.clone(),
        item_total: Vec::new(),
        alpha_if_dropped: Vec::new(),
        item_stats: Vec::new(),
        response_values: None,
        constant_items: Vec::new(),
        negative_items: Vec::new(),
        reversed_items: Vec::new(),
        warnings: Vec::new(),
        note: None,
    };
    if instrument.kind() == InstrumentKind::Ipsative {
        out.note = Some(
            "ipsative scores: Cronbach's alpha is not meaningful (the points of a block add up to a constant, \
             so scales are not independent)"
                .to_string(),
        );
        return (out, Vec::new(), Vec::new());
    }
    // Items without variance are left out (psych's delete = TRUE).
    let k_all = idx.len();
    let mut keep = Vec::with_capacity(k_all);
    let mut constants = Vec::new();
    for j in 0..k_all {
        let answers: Vec<f64> = data.iter().filter_map(|r| r.get(j).copied().filter(|x| !x.is_nan())).collect();
        let var = matrix::variance(&answers);
        let name = names.get(j).cloned().unwrap_or_default();
        if var > 0.0 {
            keep.push(j);
        } else {
            let first = answers.first().copied();
            let why = match first {
                Some(v) if answers.len() >= 2 => format!("every answer is {v}"),
                _ => format!("{} answer{}", answers.len(), if answers.len() == 1 { "" } else { "s" }),
            };
            out.warnings.push(format!(
                "item `{name}` has no variance ({why}) and was left out of the scale's figures, as psych::alpha does"
            ));
            out.constant_items.push(name);
            constants.push(first.unwrap_or(0.0));
        }
    }
    let k = keep.len();
    out.items = k;
    out.item_names = keep.iter().filter_map(|&j| names.get(j).cloned()).collect();
    let kept_idx: Vec<usize> = keep.iter().filter_map(|&j| idx.get(j).copied()).collect();
    let mut x: Vec<Vec<f64>> =
        data.iter().map(|r| keep.iter().map(|&j| r.get(j).copied().unwrap_or(f64::NAN)).collect()).collect();
    let mut flips = vec![false; k];
    if k < 2 {
        out.note = Some(format!("alpha needs at least 2 items with varying answers, the scale has {k}"));
        return (out, kept_idx, flips);
    }
    if n < 2 {
        out.note = Some(format!("alpha needs at least 2 respondents, the scale has {n}"));
        return (out, kept_idx, flips);
    }
    let mut pw = matrix::pairwise(&x, k);
    if !(pw.cov.is_finite() && pw.cor.is_finite()) {
        out.note = Some("some pairs of items were never answered together: alpha is undefined".to_string());
        return (out, kept_idx, flips);
    }
    let small = k <= MATRIX_ITEMS;
    if !small {
        out.note = Some(format!(
            "the scale has {k} items: lambda 6, r.cor, omega, the key check and the median correlation are computed \
             for scales of at most {MATRIX_ITEMS}"
        ));
    }
    // Keys: the first principal component of R.
    if small {
        if let Some((_, vectors)) = matrix::eigen(&pw.cor) {
            let sign = if (0..k).map(|i| vectors.at(i, 0)).sum::<f64>() < 0.0 { -1.0 } else { 1.0 };
            for (i, flip) in flips.iter_mut().enumerate() {
                if sign * vectors.at(i, 0) < 0.0 {
                    let name = out.item_names.get(i).cloned().unwrap_or_default();
                    match options.key_check {
                        KeyCheck::Reverse => {
                            *flip = true;
                            out.warnings.push(format!(
                                "item `{name}` correlated negatively with the first principal component of its scale \
                                 and was reversed (key check)"
                            ));
                            out.reversed_items.push(name.clone());
                        }
                        _ => out.warnings.push(format!(
                            "item `{name}` correlates negatively with the first principal component of its scale: \
                             it probably should be reversed (check its key, or use the key check)"
                        )),
                    }
                    out.negative_items.push(name);
                }
            }
        }
    }
    if flips.iter().any(|&f| f) {
        let adjust = (i128::from(min) + i128::from(max)) as f64;
        for r in &mut x {
            for (v, &f) in r.iter_mut().zip(&flips) {
                if f && !v.is_nan() {
                    *v = adjust - *v;
                }
            }
        }
        pw = matrix::pairwise(&x, k);
    }
    let (c, r) = (&pw.cov, &pw.cor);
    let (cs, rs) = (Sums::new(c), Sums::new(r));
    let inverse = if small { matrix::pinv(r) } else { None };
    let smc = inverse.as_ref().map(matrix::smc_from_inverse);
    let sum_smc = smc.as_ref().map_or(f64::NAN, |s| s.iter().sum());
    let med = if small { lower_median(r) } else { f64::NAN };
    let total = alpha_stats(&cs, &rs, sum_smc, med);
    let ase = (total.q / n as f64).sqrt();
    out.alpha = fin(total.raw);
    out.standardized_alpha = fin(total.std);
    out.lambda6 = fin(total.g6);
    out.average_r = fin(total.av_r);
    out.median_r = fin(total.med_r);
    out.var_r = fin(total.var_r);
    out.signal_noise = fin(total.sn);
    out.alpha_se = fin(ase);
    if out.alpha.is_none() {
        out.note = Some("alpha is undefined: the total score does not vary".to_string());
    }
    out.alpha_ci = out.alpha.and_then(|a| feldt_interval(a, n, k, options.level)).map(|(lo, hi)| [lo, hi]);
    let z = duhachek_z(options.level);
    out.alpha_ci_duhachek = out.alpha.zip(out.alpha_se).map(|(a, se)| [a - z * se, a + z * se]);
    out.sem = out.alpha.zip(out.sd).map(|(a, sd)| sd * (1.0 - a).max(0.0).sqrt());
    if let Some((iterations, seed)) = options.bootstrap {
        out.alpha_ci_bootstrap = bootstrap(&x, k, iterations, seed, options.level);
    }
    if small && k >= 3 {
        if let Some((omega, loadings)) = omega_total(r, smc.as_deref()) {
            out.omega_total = fin(omega);
            out.omega_loadings = Some(loadings);
        }
    }
    // Totals: the mean of the answered kept items (constant items counted).
    let n_const = constants.len() as f64;
    let sum_const: f64 = constants.iter().sum();
    let totals: Vec<f64> = x
        .iter()
        .map(|row| {
            let (s, cnt) = row.iter().filter(|v| !v.is_nan()).fold((0.0, 0usize), |(s, c), v| (s + v, c + 1));
            if cnt == 0 {
                return f64::NAN;
            }
            let m = s / cnt as f64;
            if n_const > 0.0 {
                (k as f64 * m + sum_const) / (k as f64 + n_const)
            } else {
                m
            }
        })
        .collect();
    let finite: Vec<f64> = totals.iter().copied().filter(|t| !t.is_nan()).collect();
    let (tm, tsd) = mean_sd(&finite);
    out.raw_mean = tm;
    out.raw_sd = tsd;
    // Response frequencies of the answers as given.
    let given = |j: usize, v: f64| -> f64 {
        let instrument_reversed =
            kept_idx.get(j).and_then(|&i| instrument.items().get(i)).is_some_and(|it| it.is_reverse());
        let flipped = flips.get(j).copied().unwrap_or(false);
        if instrument_reversed != flipped {
            (i128::from(min) + i128::from(max)) as f64 - v
        } else {
            v
        }
    };
    let mut values: Vec<f64> = Vec::new();
    for row in &x {
        for (j, v) in row.iter().enumerate() {
            if !v.is_nan() {
                let g = given(j, *v);
                if !values.contains(&g) {
                    values.push(g);
                    if values.len() > 10 {
                        break;
                    }
                }
            }
        }
        if values.len() > 10 {
            break;
        }
    }
    values.sort_by(f64::total_cmp);
    let frequencies = values.len() <= 10;
    out.response_values = frequencies.then(|| values.clone());
    // Item statistics and alpha if each item is dropped.
    let rc_col: Option<(Vec<f64>, f64)> = smc.as_ref().map(|s| {
        let col: Vec<f64> =
            (0..k).map(|j| rs.col.get(j).copied().unwrap_or(0.0) - 1.0 + s.get(j).copied().unwrap_or(0.0)).collect();
        let total = rs.sum - k as f64 + s.iter().sum::<f64>();
        (col, total)
    });
    for j in 0..k {
        let answers: Vec<f64> = x.iter().filter_map(|row| row.get(j).copied().filter(|v| !v.is_nan())).collect();
        let (im, isd) = mean_sd(&answers);
        let pair: Vec<Vec<f64>> =
            x.iter().zip(&totals).map(|(row, &t)| vec![t, row.get(j).copied().unwrap_or(f64::NAN)]).collect();
        let raw_r = matrix::pairwise(&pair, 2).cor.at(0, 1);
        let cj = cs.col.get(j).copied().unwrap_or(f64::NAN);
        let cjj = c.at(j, j);
        let r_drop = (cj - cjj) / (cjj * (cs.sum - 2.0 * cj + cjj)).sqrt();
        let std_r = rs.col.get(j).copied().unwrap_or(f64::NAN) / rs.sum.sqrt();
        let r_cor = rc_col.as_ref().map_or(f64::NAN, |(col, t)| col.get(j).copied().unwrap_or(f64::NAN) / t.sqrt());
        let freq = frequencies.then(|| {
            let cnt = answers.len().max(1) as f64;
            values.iter().map(|&v| answers.iter().filter(|&&a| given(j, a) == v).count() as f64 / cnt).collect()
        });
        let if_dropped = if_dropped(c, r, &cs, &rs, j, n, inverse.as_ref(), small);
        out.item_total.push(fin(r_drop));
        out.alpha_if_dropped.push(if_dropped.raw_alpha);
        let reversed = kept_idx.get(j).and_then(|&i| instrument.items().get(i)).is_some_and(|it| it.is_reverse())
            != flips.get(j).copied().unwrap_or(false);
        out.item_stats.push(ItemStats {
            item: out.item_names.get(j).cloned().unwrap_or_default(),
            reversed,
            n: answers.len(),
            raw_r: fin(raw_r),
            std_r: fin(std_r),
            r_cor: fin(r_cor),
            r_drop: fin(r_drop),
            mean: im,
            sd: isd,
            missing: 1.0 - answers.len() as f64 / n as f64,
            frequencies: freq,
            if_dropped,
        });
    }
    (out, kept_idx, flips)
}

/// The figures of the scale without item `d` (psych's `alpha.drop` row).
#[allow(clippy::too_many_arguments)]
fn if_dropped(
    c: &Sym,
    r: &Sym,
    cs: &Sums,
    rs: &Sums,
    d: usize,
    n: usize,
    inverse: Option<&Sym>,
    small: bool,
) -> IfDropped {
    let k = c.k;
    if k == 2 {
        // psych's conventions for a scale of two items.
        let o = 1 - d.min(1);
        let r12 = r.at(0, 1);
        let smc1 = inverse.map_or(f64::NAN, |p| (1.0 - 1.0 / p.at(0, 0)).clamp(0.0, 1.0));
        return IfDropped {
            raw_alpha: fin(c.at(0, 1) / c.at(o, o)),
            std_alpha: fin(r12),
            lambda6: fin(smc1),
            average_r: fin(r12),
            signal_noise: fin(r12 / (1.0 - r12)),
            alpha_se: None,
            var_r: Some(0.0),
            median_r: fin(r12),
        };
    }
    let (cd, rd) = (cs.drop(c, d), rs.drop(r, d));
    // smc of R without d from the inverse of R: (P_jj - P_jd^2 / P_dd).
    let sum_smc = match inverse {
        Some(p) if p.at(d, d).abs() > 0.0 => (0..k)
            .filter(|&j| j != d)
            .map(|j| (1.0 - 1.0 / (p.at(j, j) - p.at(j, d).powi(2) / p.at(d, d))).clamp(0.0, 1.0))
            .sum(),
        _ => f64::NAN,
    };
    let med = if small { lower_median(&r.without(d)) } else { f64::NAN };
    let s = alpha_stats(&cd, &rd, sum_smc, med);
    IfDropped {
        raw_alpha: fin(s.raw),
        std_alpha: fin(s.std),
        lambda6: fin(s.g6),
        average_r: fin(s.av_r),
        signal_noise: fin(s.sn),
        alpha_se: fin((s.q / n as f64).sqrt()),
        var_r: fin(s.var_r),
        median_r: fin(s.med_r),
    }
}

/// `z` of Duhachek's interval: psych's 1.96 at 95%, the normal quantile otherwise.
fn duhachek_z(level: f64) -> f64 {
    if level == ALPHA_CI_LEVEL {
        return 1.96;
    }
    Normal::new(0.0, 1.0).map_or(f64::NAN, |d| d.inverse_cdf(1.0 - (1.0 - level) / 2.0))
}

/// The bootstrap interval of alpha (see [`ReliabilityReport`]'s `# Formula`).
fn bootstrap(x: &[Vec<f64>], k: usize, iterations: usize, seed: u64, level: f64) -> Option<[f64; 2]> {
    let n = x.len();
    let mut rng = Rng::new(seed);
    let mut alphas = Vec::with_capacity(iterations);
    let mut sample: Vec<Vec<f64>> = Vec::with_capacity(n);
    for _ in 0..iterations {
        sample.clear();
        for _ in 0..n {
            if let Some(row) = x.get(rng.below(n)) {
                sample.push(row.clone());
            }
        }
        let c = matrix::pairwise(&sample, k).cov;
        let a = (1.0 - c.trace() / c.sum()) * (k as f64 / (k as f64 - 1.0));
        if a.is_finite() {
            alphas.push(a);
        }
    }
    if alphas.len() < 2 {
        return None;
    }
    alphas.sort_by(f64::total_cmp);
    let tail = (1.0 - level) / 2.0;
    Some([matrix::quantile_sorted(&alphas, tail), matrix::quantile_sorted(&alphas, 1.0 - tail)])
}

/// Omega total of a one-factor minres fit of `r` (see the module's
/// `# Formula`); the flipped loadings.
fn omega_total(r: &Sym, smc: Option<&[f64]>) -> Option<(f64, Vec<f64>)> {
    let k = r.k;
    let bound = 0.995f64.sqrt();
    let mut l: Vec<f64> = (0..k).map(|i| smc.and_then(|s| s.get(i)).copied().unwrap_or(0.5).max(1e-3).sqrt()).collect();
    let mut converged = false;
    for _ in 0..100_000 {
        let mut moved = 0.0f64;
        for i in 0..k {
            let (mut num, mut den) = (0.0, 0.0);
            for j in (0..k).filter(|&j| j != i) {
                let lj = l.get(j).copied().unwrap_or(0.0);
                num += r.at(i, j) * lj;
                den += lj * lj;
            }
            if den <= 0.0 {
                return None;
            }
            let new = (num / den).clamp(-bound, bound);
            if let Some(li) = l.get_mut(i) {
                moved = moved.max((new - *li).abs());
                *li = new;
            }
        }
        if moved <= 1e-14 {
            converged = true;
            break;
        }
    }
    if !converged || l.iter().any(|v| !v.is_finite()) {
        return None;
    }
    // psych's flip: make the sum of loadings positive first (the factor's sign is free), then items with negative loadings.
    if l.iter().sum::<f64>() < 0.0 {
        l.iter_mut().for_each(|v| *v = -*v);
    }
    let signs: Vec<f64> = l.iter().map(|&v| if v < 0.0 { -1.0 } else { 1.0 }).collect();
    let mut vt = 0.0;
    for i in 0..k {
        for j in 0..k {
            vt += signs.get(i).unwrap_or(&1.0) * signs.get(j).unwrap_or(&1.0) * r.at(i, j);
        }
    }
    let flipped: Vec<f64> = l.iter().map(|v| v.abs()).collect();
    let uniq: f64 = flipped.iter().map(|v| 1.0 - v * v).sum();
    Some(((vt - uniq) / vt, flipped))
}

/// The correlations between scales (see [`ReliabilityReport`]'s `# Formula`).
fn correlations(
    instrument: &Instrument,
    rows: &[Vec<f64>],
    options: &ReliabilityOptions,
    kept: &[(String, Vec<usize>, Vec<bool>)],
    scales: &[ScaleReliability],
) -> ScaleCorrelations {
    let (min, max) = instrument.scale();
    let all: Vec<(usize, usize, bool)> = kept
        .iter()
        .enumerate()
        .flat_map(|(s, (_, items, flips))| items.iter().zip(flips).map(move |(&i, &f)| (s, i, f)))
        .collect();
    let idx: Vec<usize> = all.iter().map(|&(_, i, _)| i).collect();
    let mut data = columns(rows, &idx);
    if options.missing == Missing::Complete {
        data.retain(|r| r.iter().all(|x| !x.is_nan()));
    }
    for r in &mut data {
        for (v, &(_, _, f)) in r.iter_mut().zip(&all) {
            if f && !v.is_nan() {
                *v = (i128::from(min) + i128::from(max)) as f64 - *v;
            }
        }
    }
    let c = matrix::pairwise(&data, idx.len()).cov;
    let m = kept.len();
    let mut cov = Sym::zeros(m);
    for (a, &(sa, _, _)) in all.iter().enumerate() {
        for (b, &(sb, _, _)) in all.iter().enumerate() {
            let v = cov.at(sa, sb) + c.at(a, b);
            cov.set(sa, sb, v);
        }
    }
    let alpha: Vec<Option<f64>> =
        kept.iter().map(|(name, _, _)| scales.iter().find(|s| &s.scale == name).and_then(|s| s.alpha)).collect();
    let mut raw = vec![vec![None; m]; m];
    let mut corrected = vec![vec![None; m]; m];
    for a in 0..m {
        for b in 0..m {
            let r = fin(cov.at(a, b) / (cov.at(a, a) * cov.at(b, b)).sqrt());
            let (aa, ab) = (alpha.get(a).copied().flatten(), alpha.get(b).copied().flatten());
            let cell = match a.cmp(&b) {
                std::cmp::Ordering::Greater => r,
                std::cmp::Ordering::Equal => aa,
                std::cmp::Ordering::Less => r.zip(aa.zip(ab)).and_then(|(r, (x, y))| fin(r / (x * y).sqrt())),
            };
            if let Some(row) = raw.get_mut(a) {
                if let Some(slot) = row.get_mut(b) {
                    *slot = r;
                }
            }
            if let Some(row) = corrected.get_mut(a) {
                if let Some(slot) = row.get_mut(b) {
                    *slot = cell;
                }
            }
        }
    }
    ScaleCorrelations { scales: kept.iter().map(|(n, _, _)| n.clone()).collect(), raw, corrected }
}

/// The pole strength of an ipsative scale from the sum of its answers.
fn ipsative_strength(instrument: &Instrument, idx: &[usize], sum: f64) -> f64 {
    let mut blocks: Vec<usize> = idx.iter().filter_map(|&i| instrument.items().get(i)?.block()).collect();
    blocks.sort_unstable();
    blocks.dedup();
    let available: f64 = blocks.iter().filter_map(|&b| instrument.blocks().get(b)).map(|b| b.points() as f64).sum();
    if available > 0.0 {
        sum / available
    } else {
        0.0
    }
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
    let c = matrix::pairwise(&complete, k).cov;
    let (trace, total) = (c.trace(), c.sum());
    (total > 0.0).then(|| (k as f64 / (k as f64 - 1.0)) * (1.0 - trace / total))
}

/// Feldt's confidence interval for alpha at `level` (0.95 for 95%), as
/// pingouin and psych's `alpha.ci` compute it:
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

    #[test]
    fn drops_in_linear_time_agree_with_the_reduced_matrix() {
        let m = Sym { k: 3, a: vec![2.0, 0.5, 0.3, 0.5, 1.5, 0.2, 0.3, 0.2, 1.0] };
        let s = Sums::new(&m);
        for d in 0..3 {
            let (fast, slow) = (s.drop(&m, d), Sums::new(&m.without(d)));
            for (a, b) in
                [(fast.sum, slow.sum), (fast.trace, slow.trace), (fast.sq, slow.sq), (fast.col_sq, slow.col_sq)]
            {
                assert!((a - b).abs() < 1e-12, "{a} {b}");
            }
            assert!((fast.q() - slow.q()).abs() < 1e-12);
        }
    }
}
