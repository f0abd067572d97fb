//! Organisation statistics: how the teams' scores are spread, where each
//! team stands, and which teams lag far behind.

use serde::Serialize;

use crate::analysis::report::{Report, TeamReport};
use crate::model::team::Level;
use crate::stats::reliability::mean_sd;

/// The distribution of one score across teams.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Distribution {
    /// The number of teams.
    pub n: usize,
    /// The mean.
    pub mean: f64,
    /// The sample (n - 1) standard deviation; `None` for fewer than two teams.
    pub sd: Option<f64>,
    /// The smallest value.
    pub min: f64,
    /// The first quartile.
    pub q1: f64,
    /// The median.
    pub median: f64,
    /// The third quartile.
    pub q3: f64,
    /// The largest value.
    pub max: f64,
}

/// Where one team stands on one score.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct TeamStanding {
    /// The team.
    pub team: String,
    /// Its score.
    pub value: f64,
    /// Its percentile rank in [0, 100]: the share of teams below it, counting
    /// ties as half, `100 * (below + equal / 2) / n` (a team alone is at 50).
    pub percentile: f64,
    /// `(value - mean) / sd`; `None` when the teams' scores do not vary.
    pub z: Option<f64>,
}

/// One score across the organisation.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct MetricStats {
    /// `direction`, `control`, `balance` or `health`.
    pub metric: String,
    /// Mean, standard deviation, quartiles, minimum, maximum.
    pub distribution: Distribution,
    /// Every team, in report order.
    pub teams: Vec<TeamStanding>,
    /// Teams more than 2 standard deviations below the mean (`z < -2`), in
    /// report order.
    pub outliers: Vec<String>,
}

/// Statistics of direction, control, balance and health across the teams of
/// a report (rollups are left out: each member counts once, in their own
/// team). Quartiles interpolate linearly between order statistics (R's
/// `quantile` type 7, numpy's default).
///
/// # Examples
///
/// ```
/// use rolebalance::{Analyzer, Member, OrgStats, Roster};
/// let roster: Roster = [
///     Member::new("a", "A", [0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9])?,
///     Member::new("b", "B", [0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8])?,
///     Member::new("c", "C", [0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7])?,
/// ].into_iter().collect();
/// let stats = OrgStats::new(&Analyzer::new().analyze(&roster)?);
/// let health = stats.metric("health").unwrap();
/// assert!((health.distribution.median - 0.8).abs() < 1e-12);
/// assert_eq!(health.teams[0].percentile, 100.0 * 2.5 / 3.0);
/// assert!(health.outliers.is_empty());
/// # Ok::<(), rolebalance::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct OrgStats {
    /// The number of teams.
    pub teams: usize,
    /// Direction, control, balance and health, in that order; empty when
    /// the report has no team.
    pub metrics: Vec<MetricStats>,
}

impl OrgStats {
    /// The statistics of the teams (not rollups) of `report`.
    pub fn new(report: &Report) -> OrgStats {
        let teams: Vec<&TeamReport> = report.teams().iter().filter(|t| t.level() == Level::Team).collect();
        let scores: [(&str, Score); 4] = [
            ("direction", TeamReport::direction),
            ("control", TeamReport::control),
            ("balance", TeamReport::balance),
            ("health", TeamReport::health),
        ];
        let metrics = if teams.is_empty() {
            Vec::new()
        } else {
            scores
                .iter()
                .map(|(name, f)| {
                    let values: Vec<f64> = teams.iter().map(|t| f(t)).collect();
                    metric(name, &teams, &values)
                })
                .collect()
        };
        OrgStats { teams: teams.len(), metrics }
    }

    /// The statistics of `metric`: `direction`, `control`, `balance` or `health`.
    pub fn metric(&self, metric: &str) -> Option<&MetricStats> {
        self.metrics.iter().find(|m| m.metric == metric)
    }
}

/// Reads one score off a team report.
type Score = fn(&TeamReport) -> f64;

fn metric(name: &str, teams: &[&TeamReport], values: &[f64]) -> MetricStats {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let (mean, sd) = mean_sd(values);
    let mean = mean.unwrap_or(0.0);
    let distribution = Distribution {
        n: values.len(),
        mean,
        sd,
        min: sorted.first().copied().unwrap_or(0.0),
        q1: quantile(&sorted, 0.25),
        median: quantile(&sorted, 0.5),
        q3: quantile(&sorted, 0.75),
        max: sorted.last().copied().unwrap_or(0.0),
    };
    let n = values.len() as f64;
    let standings: Vec<TeamStanding> = teams
        .iter()
        .zip(values)
        .map(|(t, &v)| {
            let below = sorted.iter().filter(|&&x| x < v).count() as f64;
            let equal = sorted.iter().filter(|&&x| x == v).count() as f64;
            TeamStanding {
                team: t.team().to_string(),
                value: v,
                percentile: 100.0 * (below + equal / 2.0) / n,
                z: sd.filter(|&s| s > 0.0).map(|s| (v - mean) / s),
            }
        })
        .collect();
    let outliers = standings.iter().filter(|s| s.z.is_some_and(|z| z < -2.0)).map(|s| s.team.clone()).collect();
    MetricStats { metric: name.to_string(), distribution, teams: standings, outliers }
}

/// The `p` quantile of sorted values, R's type 7.
fn quantile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let h = (sorted.len() - 1) as f64 * p;
    let lo = h.floor() as usize;
    let a = sorted.get(lo).copied().unwrap_or(0.0);
    let b = sorted.get(lo + 1).copied().unwrap_or(a);
    a + (h - lo as f64) * (b - a)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Analyzer, Member, Roster};

    #[test]
    fn quantiles_type_7() {
        let v = [1.0, 2.0, 3.0, 4.0, 10.0];
        assert_eq!(quantile(&v, 0.25), 2.0);
        assert_eq!(quantile(&v, 0.5), 3.0);
        assert_eq!(quantile(&[1.0, 2.0, 3.0, 4.0], 0.25), 1.75);
        assert_eq!(quantile(&[5.0], 0.75), 5.0);
    }

    #[test]
    fn names_low_outliers() {
        let mut members: Vec<Member> =
            (0..12).map(|i| Member::new(format!("m{i}"), format!("T{i:02}"), [0.8; 8]).unwrap()).collect();
        members.push(Member::new("x", "Weak", [0.1; 8]).unwrap());
        let roster: Roster = members.into_iter().collect();
        let stats = OrgStats::new(&Analyzer::new().analyze(&roster).unwrap());
        assert_eq!(stats.teams, 13);
        let d = stats.metric("direction").unwrap();
        assert_eq!(d.outliers, ["Weak"]);
        assert_eq!(d.distribution.min, 0.1);
        let weak = d.teams.iter().find(|t| t.team == "Weak").unwrap();
        assert_eq!(weak.percentile, 100.0 * 0.5 / 13.0);
        assert!(weak.z.unwrap() < -3.0);
        // Balance is 1 everywhere: no spread, no z, no outlier.
        let b = stats.metric("balance").unwrap();
        assert_eq!(b.distribution.sd, Some(0.0));
        assert!(b.teams.iter().all(|t| t.z.is_none()) && b.outliers.is_empty());
    }
}
