//! Threshold comparisons that allow for floating-point rounding: a value is below a threshold `t` only when it is below
//! `t - 1e-9`, above it only when above `t + 1e-9`, and reaches it when it is
//! at least `t - 1e-9`.

/// The rounding allowance of every threshold comparison.
///
/// ```
/// use rolebalance::tolerance::{below, EPSILON};
/// assert!(!below(0.5 - EPSILON / 2.0, 0.5));
/// assert!(below(0.5 - 2.0 * EPSILON, 0.5));
/// ```
pub const EPSILON: f64 = 1e-9;

/// `value < threshold - EPSILON`.
///
/// ```
/// use rolebalance::tolerance::below;
/// assert!(!below(0.5 - 1e-12, 0.5));
/// assert!(below(0.49, 0.5));
/// ```
pub fn below(value: f64, threshold: f64) -> bool {
    value < threshold - EPSILON
}

/// `value > threshold + EPSILON`.
///
/// ```
/// assert!(!rolebalance::tolerance::above(0.3 + 1e-12, 0.3));
/// ```
pub fn above(value: f64, threshold: f64) -> bool {
    value > threshold + EPSILON
}

/// `value >= threshold - EPSILON`: the value is not a gap.
///
/// ```
/// assert!(rolebalance::tolerance::reaches(0.1 + 0.2 + 0.1999999999999, 0.5));
/// ```
pub fn reaches(value: f64, threshold: f64) -> bool {
    value >= threshold - EPSILON
}
