//! Measurement error: the standard error of measurement of every pole
//! strength, which gives findings their confidence.

use std::sync::Arc;

use crate::error::{Error, ErrorKind};
use crate::model::framework::Framework;

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
/// let f = report.teams()[0].findings()[0].clone();
/// assert_eq!(f.flag(), "uncovered_pole:inspire");
/// // P(true inspire < 0.5) = Phi((0.5 - 0.45) / 0.05) = Phi(1)
/// assert!((f.confidence().unwrap() - 0.8413447460685429).abs() < 1e-9);
/// # Ok::<(), rolebalance::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct MeasurementError {
    pub(crate) sems: Arc<[f64]>,
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
