//! Small dense symmetric matrices for the reliability statistics: pairwise
//! covariances and correlations, a Jacobi eigen-decomposition, the
//! pseudo-inverse and squared multiple correlations.
//!
//! Matrices are `k * k`, row-major, in a `Vec<f64>`; all access goes through
//! [`Sym::at`] and [`Sym::set`], which ignore indices out of range.

/// A square matrix, row-major.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Sym {
    pub(crate) k: usize,
    pub(crate) a: Vec<f64>,
}

impl Sym {
    pub(crate) fn zeros(k: usize) -> Sym {
        Sym { k, a: vec![0.0; k * k] }
    }

    pub(crate) fn at(&self, i: usize, j: usize) -> f64 {
        self.a.get(i * self.k + j).copied().unwrap_or(f64::NAN)
    }

    pub(crate) fn set(&mut self, i: usize, j: usize, v: f64) {
        if let Some(x) = self.a.get_mut(i * self.k + j) {
            *x = v;
        }
    }

    /// The matrix without row and column `drop`.
    pub(crate) fn without(&self, drop: usize) -> Sym {
        let keep: Vec<usize> = (0..self.k).filter(|&i| i != drop).collect();
        self.select(&keep)
    }

    /// The rows and columns `keep`, in that order.
    pub(crate) fn select(&self, keep: &[usize]) -> Sym {
        let mut m = Sym::zeros(keep.len());
        for (a, &i) in keep.iter().enumerate() {
            for (b, &j) in keep.iter().enumerate() {
                m.set(a, b, self.at(i, j));
            }
        }
        m
    }

    pub(crate) fn sum(&self) -> f64 {
        self.a.iter().sum()
    }

    pub(crate) fn trace(&self) -> f64 {
        (0..self.k).map(|i| self.at(i, i)).sum()
    }

    /// Every entry finite.
    pub(crate) fn is_finite(&self) -> bool {
        self.a.iter().all(|x| x.is_finite())
    }
}

/// Pairwise-complete moments of the columns of a respondents-by-items table,
/// as R's `cov(x, use = "pairwise")` and `cor(x, use = "pairwise")`: each
/// pair of items uses the rows that answered both, with that pair's own
/// means (and standard deviations, for the correlation).
#[derive(Debug, Clone)]
pub(crate) struct Pairwise {
    /// Sample (n - 1) covariances; NaN where fewer than two rows answered both.
    pub(crate) cov: Sym,
    /// Pearson correlations; NaN where undefined.
    pub(crate) cor: Sym,
}

/// Pairwise moments of `rows` (each a slice of `k` values, NaN where
/// unanswered). Two passes over the data (means, then centred products) for
/// accuracy: `O(n k^2)`.
pub(crate) fn pairwise(rows: &[Vec<f64>], k: usize) -> Pairwise {
    let kk = k * k;
    let mut count = vec![0usize; kk];
    let mut sx = vec![0.0; kk]; // sum of x_i over rows with both i and j
    for r in rows {
        for i in 0..k {
            let xi = r.get(i).copied().unwrap_or(f64::NAN);
            if xi.is_nan() {
                continue;
            }
            for j in 0..k {
                let xj = r.get(j).copied().unwrap_or(f64::NAN);
                if xj.is_nan() {
                    continue;
                }
                if let (Some(c), Some(s)) = (count.get_mut(i * k + j), sx.get_mut(i * k + j)) {
                    *c += 1;
                    *s += xi;
                }
            }
        }
    }
    // mean of i over the rows that answered i and j
    let mean: Vec<f64> = sx.iter().zip(&count).map(|(s, &c)| if c > 0 { s / c as f64 } else { f64::NAN }).collect();
    let mut sxy = vec![0.0; kk];
    let mut sxx = vec![0.0; kk]; // centred squares of i over the pair's rows
    for r in rows {
        for i in 0..k {
            let xi = r.get(i).copied().unwrap_or(f64::NAN);
            if xi.is_nan() {
                continue;
            }
            for j in i..k {
                let xj = r.get(j).copied().unwrap_or(f64::NAN);
                if xj.is_nan() {
                    continue;
                }
                let mi = mean.get(i * k + j).copied().unwrap_or(0.0);
                let mj = mean.get(j * k + i).copied().unwrap_or(0.0);
                let (di, dj) = (xi - mi, xj - mj);
                if let Some(s) = sxy.get_mut(i * k + j) {
                    *s += di * dj;
                }
                if let Some(s) = sxx.get_mut(i * k + j) {
                    *s += di * di;
                }
                if let Some(s) = sxx.get_mut(j * k + i) {
                    *s += dj * dj;
                }
            }
        }
    }
    let mut cov = Sym::zeros(k);
    let mut cor = Sym::zeros(k);
    for i in 0..k {
        for j in i..k {
            let n = count.get(i * k + j).copied().unwrap_or(0);
            let s = sxy.get(i * k + j).copied().unwrap_or(0.0);
            let c = if n >= 2 { s / (n as f64 - 1.0) } else { f64::NAN };
            let (vi, vj) = (sxx.get(i * k + j).copied().unwrap_or(0.0), sxx.get(j * k + i).copied().unwrap_or(0.0));
            let r = if i == j {
                if n >= 2 && vi > 0.0 {
                    1.0
                } else {
                    f64::NAN
                }
            } else if n >= 2 && vi > 0.0 && vj > 0.0 {
                s / (vi * vj).sqrt()
            } else {
                f64::NAN
            };
            for (a, b) in [(i, j), (j, i)] {
                cov.set(a, b, c);
                cor.set(a, b, r);
            }
        }
    }
    Pairwise { cov, cor }
}

/// Eigenvalues and eigenvectors of a symmetric matrix by cyclic Jacobi
/// rotations: `(values, vectors)` with vector `v` in column `v` of the
/// row-major `vectors`, values in decreasing order. `None` when it does not
/// converge in 100 sweeps or the matrix is not finite. `O(k^3)` per sweep.
pub(crate) fn eigen(m: &Sym) -> Option<(Vec<f64>, Sym)> {
    if !m.is_finite() {
        return None;
    }
    let k = m.k;
    let mut a = m.clone();
    let mut v = Sym::zeros(k);
    for i in 0..k {
        v.set(i, i, 1.0);
    }
    let scale: f64 = a.a.iter().map(|x| x * x).sum::<f64>().sqrt().max(f64::MIN_POSITIVE);
    let mut converged = false;
    for _ in 0..100 {
        let off: f64 = (0..k)
            .flat_map(|i| (0..k).filter(move |&j| j != i).map(move |j| (i, j)))
            .map(|(i, j)| a.at(i, j).powi(2))
            .sum();
        if off.sqrt() <= 1e-15 * scale {
            converged = true;
            break;
        }
        for p in 0..k {
            for q in p + 1..k {
                let apq = a.at(p, q);
                if apq == 0.0 {
                    continue;
                }
                let (app, aqq) = (a.at(p, p), a.at(q, q));
                let theta = (aqq - app) / (2.0 * apq);
                let t = theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt());
                let t = if theta == 0.0 { 1.0 } else { t };
                let c = 1.0 / (t * t + 1.0).sqrt();
                let s = t * c;
                for r in 0..k {
                    let (arp, arq) = (a.at(r, p), a.at(r, q));
                    a.set(r, p, c * arp - s * arq);
                    a.set(r, q, s * arp + c * arq);
                }
                for r in 0..k {
                    let (apr, aqr) = (a.at(p, r), a.at(q, r));
                    a.set(p, r, c * apr - s * aqr);
                    a.set(q, r, s * apr + c * aqr);
                }
                for r in 0..k {
                    let (vrp, vrq) = (v.at(r, p), v.at(r, q));
                    v.set(r, p, c * vrp - s * vrq);
                    v.set(r, q, s * vrp + c * vrq);
                }
            }
        }
    }
    if !converged {
        return None;
    }
    let mut order: Vec<usize> = (0..k).collect();
    order.sort_by(|&x, &y| a.at(y, y).total_cmp(&a.at(x, x)));
    let values = order.iter().map(|&i| a.at(i, i)).collect();
    let mut vectors = Sym::zeros(k);
    for (c, &i) in order.iter().enumerate() {
        for r in 0..k {
            vectors.set(r, c, v.at(r, i));
        }
    }
    Some((values, vectors))
}

/// The Moore-Penrose pseudo-inverse of a symmetric matrix, as psych's
/// `Pinv`: eigenvalues below `sqrt(eps)` times the largest (in absolute
/// value) are treated as zero.
pub(crate) fn pinv(m: &Sym) -> Option<Sym> {
    let (values, vectors) = eigen(m)?;
    let k = m.k;
    let largest = values.iter().fold(0.0f64, |a, v| a.max(v.abs()));
    let tol = f64::EPSILON.sqrt() * largest;
    let mut out = Sym::zeros(k);
    for (c, &l) in values.iter().enumerate() {
        if l.abs() <= tol || l.abs() == 0.0 {
            continue;
        }
        for i in 0..k {
            let vi = vectors.at(i, c) / l;
            for j in 0..k {
                let x = out.at(i, j) + vi * vectors.at(j, c);
                out.set(i, j, x);
            }
        }
    }
    Some(out)
}

/// Squared multiple correlations of a correlation matrix, as psych's `smc`:
/// `1 - 1 / diag(Pinv(R))`, clamped to [0, 1].
#[cfg(test)]
pub(crate) fn smc(r: &Sym) -> Option<Vec<f64>> {
    let p = pinv(r)?;
    Some(smc_from_inverse(&p))
}

pub(crate) fn smc_from_inverse(p: &Sym) -> Vec<f64> {
    (0..p.k).map(|i| (1.0 - 1.0 / p.at(i, i)).clamp(0.0, 1.0)).collect()
}

/// The median of `xs` (the mean of the two middle values for an even
/// count), as R's `median`; NaN for none. Reorders `xs`.
pub(crate) fn median(xs: &mut [f64]) -> f64 {
    let n = xs.len();
    if n == 0 {
        return f64::NAN;
    }
    let (_, hi, _) = xs.select_nth_unstable_by(n / 2, f64::total_cmp);
    let hi = *hi;
    if n % 2 == 1 {
        return hi;
    }
    let lo = xs.get(..n / 2).map_or(hi, |s| s.iter().copied().fold(f64::NEG_INFINITY, f64::max));
    (lo + hi) / 2.0
}

/// The sample (n - 1) variance; NaN for fewer than two values.
pub(crate) fn variance(xs: &[f64]) -> f64 {
    let n = xs.len();
    if n < 2 {
        return f64::NAN;
    }
    let mean = xs.iter().sum::<f64>() / n as f64;
    xs.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / (n as f64 - 1.0)
}

/// The quantile of sorted values by R's default (type 7) rule:
/// `h = (n - 1) p`, linear between the neighbours.
pub(crate) fn quantile_sorted(sorted: &[f64], p: f64) -> f64 {
    let n = sorted.len();
    if n == 0 {
        return f64::NAN;
    }
    let h = (n as f64 - 1.0) * p;
    let lo = h.floor() as usize;
    let (a, b) = (sorted.get(lo).copied().unwrap_or(f64::NAN), sorted.get(lo + 1).copied());
    match b {
        Some(b) => a + (h - lo as f64) * (b - a),
        None => a,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eigen_and_pinv_of_a_small_matrix() {
        let m = Sym { k: 2, a: vec![2.0, 1.0, 1.0, 2.0] };
        let (values, vectors) = eigen(&m).unwrap();
        assert!((values[0] - 3.0).abs() < 1e-14 && (values[1] - 1.0).abs() < 1e-14);
        assert!((vectors.at(0, 0).abs() - 0.5f64.sqrt()).abs() < 1e-14);
        let p = pinv(&m).unwrap();
        assert!((p.at(0, 0) - 2.0 / 3.0).abs() < 1e-14 && (p.at(0, 1) + 1.0 / 3.0).abs() < 1e-14);
        let singular = Sym { k: 2, a: vec![1.0, 1.0, 1.0, 1.0] };
        let p = pinv(&singular).unwrap();
        assert!((p.at(0, 0) - 0.25).abs() < 1e-14);
        assert_eq!(smc(&singular).unwrap(), [0.0, 0.0]);
    }

    #[test]
    fn pairwise_uses_each_pairs_rows() {
        let nan = f64::NAN;
        let rows = vec![vec![1.0, 2.0], vec![2.0, nan], vec![3.0, 5.0], vec![4.0, 4.0]];
        let p = pairwise(&rows, 2);
        assert!((p.cov.at(0, 0) - 5.0 / 3.0).abs() < 1e-14);
        // rows 1, 3, 4: x (1, 3, 4), y (2, 5, 4): sxy = 5.666.., n - 1 = 2
        assert!(
            (p.cov.at(0, 1)
                - (1.0 * (1.0 - 8.0 / 3.0) * (2.0 - 11.0 / 3.0)
                    + (3.0 - 8.0 / 3.0) * (5.0 - 11.0 / 3.0)
                    + (4.0 - 8.0 / 3.0) * (4.0 - 11.0 / 3.0))
                    / 2.0)
                .abs()
                < 1e-14
        );
        assert!(p.cor.at(0, 1) > 0.0 && p.cor.at(0, 1) < 1.0);
        let mut xs = [3.0, 1.0, 2.0, 10.0];
        assert_eq!(median(&mut xs), 2.5);
        assert_eq!(quantile_sorted(&[1.0, 2.0, 3.0, 4.0], 0.5), 2.5);
    }
}
