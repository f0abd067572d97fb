//! The standard normal distribution: what the confidence of findings is
//! computed with.

use statrs::function::erf::erfc;

/// `Phi(z)`, the standard normal distribution function.
pub(crate) fn phi(z: f64) -> f64 {
    0.5 * erfc(-z / std::f64::consts::SQRT_2)
}

/// The standard normal density.
pub(crate) fn density(z: f64) -> f64 {
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
pub(crate) fn ratio(diff: f64, sd: f64) -> f64 {
    if sd > 0.0 {
        diff / sd
    } else if diff > 0.0 {
        f64::INFINITY
    } else {
        f64::NEG_INFINITY
    }
}

/// Clark's moments of `max(X, Y)` for independent normals given as (mean, variance).
pub(crate) fn clark(a: (f64, f64), b: (f64, f64)) -> (f64, f64) {
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
}
