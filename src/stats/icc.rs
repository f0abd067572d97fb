//! Intraclass correlations of ratings: several raters score each target,
//! as pingouin's `intraclass_corr` reports them (Shrout and Fleiss, 1979;
//! McGraw and Wong, 1996).

use serde::Serialize;
use statrs::distribution::{ContinuousCDF, FisherSnedecor};

use crate::error::{Error, ErrorKind};

/// One of the six forms of the intraclass correlation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub enum IccForm {
    /// `ICC(1,1)`: one-way random effects, a single rater (Shrout and Fleiss ICC1).
    Icc1,
    /// `ICC(A,1)`: two-way random effects, absolute agreement, a single rater (ICC2).
    Icc2,
    /// `ICC(C,1)`: two-way mixed effects, consistency, a single rater (ICC3).
    Icc3,
    /// `ICC(1,k)`: as `Icc1`, for the mean of the `k` raters (ICC1k).
    Icc1k,
    /// `ICC(A,k)`: as `Icc2`, for the mean of the raters (ICC2k).
    Icc2k,
    /// `ICC(C,k)`: as `Icc3`, for the mean of the raters (ICC3k).
    Icc3k,
}

impl IccForm {
    /// pingouin's label: `ICC(1,1)`, `ICC(A,1)`, `ICC(C,1)`, `ICC(1,k)`,
    /// `ICC(A,k)`, `ICC(C,k)`.
    ///
    /// ```
    /// assert_eq!(rolebalance::IccForm::Icc2k.label(), "ICC(A,k)");
    /// ```
    pub fn label(self) -> &'static str {
        match self {
            IccForm::Icc1 => "ICC(1,1)",
            IccForm::Icc2 => "ICC(A,1)",
            IccForm::Icc3 => "ICC(C,1)",
            IccForm::Icc1k => "ICC(1,k)",
            IccForm::Icc2k => "ICC(A,k)",
            IccForm::Icc3k => "ICC(C,k)",
        }
    }
}

/// One form of the intraclass correlation with its F test and interval;
/// see [`intraclass_correlation`] for an example.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Icc {
    /// The form.
    pub form: IccForm,
    /// pingouin's label of the form (`Type`).
    pub label: &'static str,
    /// The intraclass correlation (`ICC`).
    pub icc: f64,
    /// The F statistic (`F`).
    pub f: f64,
    /// Its numerator degrees of freedom (`df1`).
    pub df1: f64,
    /// Its denominator degrees of freedom (`df2`).
    pub df2: f64,
    /// The p-value of the F test (`pval`): `P(F(df1, df2) > f)`.
    pub p_value: f64,
    /// The confidence interval at the level asked (`CI95%` at 0.95).
    pub ci: [f64; 2],
}

/// Computes the six intraclass correlations of a table of ratings: one row
/// per target, one column per rater, every cell rated.
///
/// Rows with a missing rating (NaN) are left out, as pingouin's
/// `nan_policy = "omit"` does, and counted in the second value returned.
///
/// # Formula
///
/// With `n` targets and `k` raters, the two-way ANOVA mean squares:
/// between targets `MSR = k sum_i (m_i - m)^2 / (n - 1)`, between raters
/// `MSC = n sum_j (m_j - m)^2 / (k - 1)`, error `MSE = (SS_total - SS_R -
/// SS_C) / ((n - 1)(k - 1))`, within targets `MSW = (SS_C + SS_E) / (n (k -
/// 1))`. Then (pingouin's `intraclass_corr`):
///
/// - ICC1 `= (MSR - MSW) / (MSR + (k - 1) MSW)`, ICC1k `= (MSR - MSW) / MSR`,
///   `F = MSR / MSW` on `(n - 1, n (k - 1))` degrees of freedom;
/// - ICC2 `= (MSR - MSE) / (MSR + (k - 1) MSE + k (MSC - MSE) / n)`,
///   ICC2k `= (MSR - MSE) / (MSR + (MSC - MSE) / n)`;
/// - ICC3 `= (MSR - MSE) / (MSR + (k - 1) MSE)`, ICC3k `= (MSR - MSE) / MSR`,
///   `F = MSR / MSE` on `(n - 1, (n - 1)(k - 1))` for ICC2 and ICC3;
/// - intervals at level `L` (`a = 1 - L`): for ICC1 and ICC3,
///   `F_L = F / F^-1(1 - a/2; df1, df2)`, `F_U = F F^-1(1 - a/2; df2, df1)`,
///   `[(F_L - 1) / (F_L + k - 1), (F_U - 1) / (F_U + k - 1)]`, and
///   `[1 - 1 / F_L, 1 - 1 / F_U]` for the `k` forms; for ICC2, Satterthwaite's
///   `v` and `F_U = F^-1(1 - a/2; n - 1, v)`, `F_L = F^-1(1 - a/2; v, n - 1)`,
///   `[n (MSR - F_U MSE) / (F_U (k MSC + (k n - k - n) MSE) + n MSR),
///   n (F_L MSR - MSE) / (k MSC + (k n - k - n) MSE + n F_L MSR)]`, and the
///   Spearman-Brown step-up `k x / (1 + (k - 1) x)` of those ends for ICC2k.
///
/// # Errors
///
/// [`ErrorKind::InvalidRatings`] for rows of different lengths, fewer than
/// two raters or two complete targets, infinite ratings, ratings that do
/// not vary, and [`ErrorKind::InvalidOption`] for a level outside (0, 1).
///
/// # Examples
///
/// ```
/// use rolebalance::{intraclass_correlation, IccForm};
/// // Shrout and Fleiss (1979): six targets, four judges.
/// let ratings = [
///     vec![9.0, 2.0, 5.0, 8.0], vec![6.0, 1.0, 3.0, 2.0], vec![8.0, 4.0, 6.0, 8.0],
///     vec![7.0, 1.0, 2.0, 6.0], vec![10.0, 5.0, 6.0, 9.0], vec![6.0, 2.0, 4.0, 7.0],
/// ];
/// let (iccs, left_out) = intraclass_correlation(&ratings, 0.95)?;
/// assert_eq!(left_out, 0);
/// assert_eq!(iccs[0].form, IccForm::Icc1);
/// assert!((iccs[0].icc - 0.165741).abs() < 1e-6);
/// assert!((iccs[2].icc - 0.714841).abs() < 1e-6);
/// # Ok::<(), rolebalance::Error>(())
/// ```
pub fn intraclass_correlation(ratings: &[Vec<f64>], level: f64) -> Result<(Vec<Icc>, usize), Error> {
    let bad = |problem: String| -> Error { ErrorKind::InvalidRatings { problem }.into() };
    if !(level > 0.0 && level < 1.0) {
        return Err(ErrorKind::InvalidOption {
            name: "ci_level".to_string(),
            problem: format!("{level} is not a confidence level in (0, 1), such as 0.95"),
        }
        .into());
    }
    let k = ratings.first().map_or(0, Vec::len);
    if let Some((i, r)) = ratings.iter().enumerate().find(|(_, r)| r.len() != k) {
        return Err(bad(format!("target {} has {} ratings, target 1 has {k}", i + 1, r.len())));
    }
    if k < 2 {
        return Err(bad(format!(
            "{k} rater{}, the intraclass correlation needs at least 2",
            if k == 1 { "" } else { "s" }
        )));
    }
    if let Some(i) = ratings.iter().position(|r| r.iter().any(|x| x.is_infinite())) {
        return Err(bad(format!("target {} has an infinite rating", i + 1)));
    }
    let rows: Vec<&Vec<f64>> = ratings.iter().filter(|r| r.iter().all(|x| !x.is_nan())).collect();
    let omitted = ratings.len() - rows.len();
    let n = rows.len();
    if n < 2 {
        return Err(bad(format!("{n} target{} rated by every rater, needs at least 2", if n == 1 { "" } else { "s" })));
    }
    let (nf, kf) = (n as f64, k as f64);
    let grand = rows.iter().flat_map(|r| r.iter()).sum::<f64>() / (nf * kf);
    let target_means: Vec<f64> = rows.iter().map(|r| r.iter().sum::<f64>() / kf).collect();
    let rater_means: Vec<f64> = (0..k).map(|j| rows.iter().filter_map(|r| r.get(j)).sum::<f64>() / nf).collect();
    let ss_r = kf * target_means.iter().map(|m| (m - grand).powi(2)).sum::<f64>();
    let ss_c = nf * rater_means.iter().map(|m| (m - grand).powi(2)).sum::<f64>();
    let ss_t: f64 = rows.iter().flat_map(|r| r.iter()).map(|x| (x - grand).powi(2)).sum();
    if ss_t <= 0.0 {
        return Err(bad("the ratings do not vary".to_string()));
    }
    let ss_e = ss_t - ss_r - ss_c;
    let msb = ss_r / (nf - 1.0);
    let msj = ss_c / (kf - 1.0);
    let mse = ss_e / ((nf - 1.0) * (kf - 1.0));
    let msw = (ss_c + ss_e) / (nf * (kf - 1.0));
    let icc1 = (msb - msw) / (msb + (kf - 1.0) * msw);
    let icc2 = (msb - mse) / (msb + (kf - 1.0) * mse + kf * (msj - mse) / nf);
    let icc3 = (msb - mse) / (msb + (kf - 1.0) * mse);
    let icc1k = (msb - msw) / msb;
    let icc2k = (msb - mse) / (msb + (msj - mse) / nf);
    let icc3k = (msb - mse) / msb;
    let df1 = nf - 1.0;
    let df1kd = nf * (kf - 1.0);
    let df2kd = (nf - 1.0) * (kf - 1.0);
    let f1 = msb / msw;
    let f3 = msb / mse;
    let q = 1.0 - (1.0 - level) / 2.0;
    let fq = |p: f64, a: f64, b: f64| FisherSnedecor::new(a, b).map_or(f64::NAN, |d| d.inverse_cdf(p));
    let sf = |x: f64, a: f64, b: f64| FisherSnedecor::new(a, b).map_or(f64::NAN, |d| d.sf(x));
    let p1 = sf(f1, df1, df1kd);
    let p2 = sf(f3, df1, df2kd);
    let f1l = f1 / fq(q, df1, df1kd);
    let f1u = f1 * fq(q, df1kd, df1);
    let f3l = f3 / fq(q, df1, df2kd);
    let f3u = f3 * fq(q, df2kd, df1);
    let ci1 = [(f1l - 1.0) / (f1l + kf - 1.0), (f1u - 1.0) / (f1u + kf - 1.0)];
    let ci3 = [(f3l - 1.0) / (f3l + kf - 1.0), (f3u - 1.0) / (f3u + kf - 1.0)];
    let fj = msj / mse;
    let vn = df2kd * (kf * icc2 * fj + nf * (1.0 + (kf - 1.0) * icc2) - kf * icc2).powi(2);
    let vd = df1 * kf * kf * icc2 * icc2 * fj * fj + (nf * (1.0 + (kf - 1.0) * icc2) - kf * icc2).powi(2);
    let v = vn / vd;
    let f2u = fq(q, nf - 1.0, v);
    let f2l = fq(q, v, nf - 1.0);
    let l2 = nf * (msb - f2u * mse) / (f2u * (kf * msj + (kf * nf - kf - nf) * mse) + nf * msb);
    let u2 = nf * (f2l * msb - mse) / (kf * msj + (kf * nf - kf - nf) * mse + nf * f2l * msb);
    let step = |x: f64| x * kf / (1.0 + x * (kf - 1.0));
    let row = |form: IccForm, icc: f64, f: f64, df2: f64, p_value: f64, ci: [f64; 2]| Icc {
        form,
        label: form.label(),
        icc,
        f,
        df1,
        df2,
        p_value,
        ci,
    };
    Ok((
        vec![
            row(IccForm::Icc1, icc1, f1, df1kd, p1, ci1),
            row(IccForm::Icc2, icc2, f3, df2kd, p2, [l2, u2]),
            row(IccForm::Icc3, icc3, f3, df2kd, p2, ci3),
            row(IccForm::Icc1k, icc1k, f1, df1kd, p1, [1.0 - 1.0 / f1l, 1.0 - 1.0 / f1u]),
            row(IccForm::Icc2k, icc2k, f3, df2kd, p2, [step(l2), step(u2)]),
            row(IccForm::Icc3k, icc3k, f3, df2kd, p2, [1.0 - 1.0 / f3l, 1.0 - 1.0 / f3u]),
        ],
        omitted,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_ratings_are_errors() {
        let e = intraclass_correlation(&[vec![1.0, 2.0], vec![1.0]], 0.95).unwrap_err();
        assert_eq!(e.to_string(), "invalid ratings: target 2 has 1 ratings, target 1 has 2");
        let e = intraclass_correlation(&[vec![1.0], vec![2.0]], 0.95).unwrap_err();
        assert_eq!(e.to_string(), "invalid ratings: 1 rater, the intraclass correlation needs at least 2");
        let e = intraclass_correlation(&[vec![1.0, 1.0], vec![1.0, 1.0]], 0.95).unwrap_err();
        assert_eq!(e.to_string(), "invalid ratings: the ratings do not vary");
        let e = intraclass_correlation(&[vec![1.0, f64::NAN], vec![1.0, 2.0]], 0.95).unwrap_err();
        assert_eq!(e.to_string(), "invalid ratings: 1 target rated by every rater, needs at least 2");
        assert!(intraclass_correlation(&[], 0.95).is_err());
        assert!(intraclass_correlation(&[vec![1.0, 2.0], vec![2.0, 3.0]], 1.5).is_err());
    }
}
