//! Scores that rank teams and organisations, for recommendations,
//! rebalancing and team formation.

use std::cmp::Ordering;

use serde::{Deserialize, Serialize};

use crate::analysis::report::TeamReport;

/// How good a team is, compared lexicographically: fewer critical findings,
/// then fewer warnings, then higher health, then higher balance.
///
/// `Ord` puts the better score last: `a > b` means `a` is better. Health and
/// balance compare with [`f64::total_cmp`], exactly.
///
/// # Examples
///
/// ```
/// use rolebalance::{Analyzer, Member, Roster, TeamScore};
/// let roster: Roster = [
///     Member::new("ana", "Lab", [0.9, 0.2, 0.9, 0.2, 0.9, 0.2, 0.9, 0.2])?,
///     Member::new("bo", "Ops", [0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9])?,
/// ].into_iter().collect();
/// let report = Analyzer::new().analyze(&roster)?;
/// let lab = TeamScore::of(report.team("Lab").unwrap());
/// let ops = TeamScore::of(report.team("Ops").unwrap());
/// assert_eq!(lab.critical(), 1); // no control
/// assert!(ops > lab);
/// # Ok::<(), rolebalance::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TeamScore {
    critical: usize,
    warnings: usize,
    health: f64,
    balance: f64,
}

impl TeamScore {
    /// The score of a team report.
    pub fn of(report: &TeamReport) -> TeamScore {
        let (critical, warnings, _) = report.severity_counts();
        TeamScore { critical, warnings, health: report.health(), balance: report.balance() }
    }

    /// The number of critical findings.
    pub fn critical(&self) -> usize {
        self.critical
    }

    /// The number of warnings.
    pub fn warnings(&self) -> usize {
        self.warnings
    }

    /// `min(direction, control)`.
    pub fn health(&self) -> f64 {
        self.health
    }

    /// `1 - |direction - control|`.
    pub fn balance(&self) -> f64 {
        self.balance
    }

    /// What going from `self` to `after` changes.
    ///
    /// ```
    /// use rolebalance::{Analyzer, Member, Roster, TeamScore};
    /// let one: Roster = [Member::new("a", "T", [0.9, 0.1, 0.9, 0.1, 0.9, 0.1, 0.9, 0.1])?]
    ///     .into_iter().collect();
    /// let mut two = one.clone();
    /// two.push(Member::new("b", "T", [0.1, 0.9, 0.1, 0.9, 0.1, 0.9, 0.1, 0.9])?);
    /// let before = TeamScore::of(&Analyzer::new().analyze(&one)?.teams()[0]);
    /// let after = TeamScore::of(&Analyzer::new().analyze(&two)?.teams()[0]);
    /// let gain = before.gain(&after);
    /// assert_eq!(gain.critical_closed, 1);
    /// assert!((gain.health - 0.8).abs() < 1e-12);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn gain(&self, after: &TeamScore) -> ScoreGain {
        ScoreGain {
            critical_closed: self.critical as i64 - after.critical as i64,
            warnings_closed: self.warnings as i64 - after.warnings as i64,
            health: after.health - self.health,
            balance: after.balance - self.balance,
        }
    }
}

impl Eq for TeamScore {}

impl PartialOrd for TeamScore {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for TeamScore {
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .critical
            .cmp(&self.critical)
            .then(other.warnings.cmp(&self.warnings))
            .then(self.health.total_cmp(&other.health))
            .then(self.balance.total_cmp(&other.balance))
    }
}

/// The change between two [`TeamScore`]s: positive numbers are gains.
///
/// ```
/// use rolebalance::{Analyzer, Member, Roster, TeamScore};
/// let r: Roster = [Member::new("a", "T", [0.6; 8])?].into_iter().collect();
/// let s = TeamScore::of(&Analyzer::new().analyze(&r)?.teams()[0]);
/// let g = s.gain(&s);
/// assert_eq!((g.critical_closed, g.warnings_closed, g.health, g.balance), (0, 0, 0.0, 0.0));
/// # Ok::<(), rolebalance::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ScoreGain {
    /// Critical findings before minus after.
    pub critical_closed: i64,
    /// Warnings before minus after.
    pub warnings_closed: i64,
    /// Health after minus before.
    pub health: f64,
    /// Balance after minus before.
    pub balance: f64,
}

/// How good an organisation of teams is: the highest minimum team health
/// first, then the highest mean team health.
///
/// `Ord` puts the better score last; values compare exactly
/// ([`f64::total_cmp`]). An organisation without teams scores 0 and 0.
///
/// # Formula
///
/// `min = min_t health(t)`, `mean = sum_t health(t) / teams`, summed in the
/// order given.
///
/// # Examples
///
/// ```
/// use rolebalance::OrgScore;
/// let a = OrgScore::from_healths([0.5, 0.9]);
/// let b = OrgScore::from_healths([0.6, 0.6]);
/// assert!(b > a); // the weakest team decides first
/// assert_eq!(a.mean_health(), 0.7);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct OrgScore {
    min: f64,
    mean: f64,
}

impl OrgScore {
    /// The score of teams with these healths.
    pub fn from_healths<I: IntoIterator<Item = f64>>(healths: I) -> OrgScore {
        let (mut min, mut sum, mut n) = (f64::INFINITY, 0.0, 0usize);
        for h in healths {
            min = min.min(h);
            sum += h;
            n += 1;
        }
        if n == 0 {
            return OrgScore { min: 0.0, mean: 0.0 };
        }
        OrgScore { min, mean: sum / n as f64 }
    }

    /// The score of these team reports.
    pub fn of<'a, I: IntoIterator<Item = &'a TeamReport>>(teams: I) -> OrgScore {
        OrgScore::from_healths(teams.into_iter().map(TeamReport::health))
    }

    /// The lowest team health.
    pub fn min_health(&self) -> f64 {
        self.min
    }

    /// The mean team health.
    pub fn mean_health(&self) -> f64 {
        self.mean
    }
}

impl Eq for OrgScore {}

impl PartialOrd for OrgScore {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for OrgScore {
    fn cmp(&self, other: &Self) -> Ordering {
        self.min.total_cmp(&other.min).then(self.mean.total_cmp(&other.mean))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(critical: usize, warnings: usize, health: f64, balance: f64) -> TeamScore {
        TeamScore { critical, warnings, health, balance }
    }

    #[test]
    fn team_score_order_is_lexicographic() {
        assert!(s(0, 5, 0.1, 0.1) > s(1, 0, 0.9, 0.9));
        assert!(s(1, 2, 0.1, 0.1) > s(1, 3, 0.9, 0.9));
        assert!(s(1, 2, 0.5, 0.1) > s(1, 2, 0.4, 0.9));
        assert!(s(1, 2, 0.5, 0.8) > s(1, 2, 0.5, 0.7));
        assert_eq!(s(1, 2, 0.5, 0.8).cmp(&s(1, 2, 0.5, 0.8)), Ordering::Equal);
    }

    #[test]
    fn org_score_order() {
        assert!(OrgScore::from_healths([0.5, 0.5]) > OrgScore::from_healths([0.4, 1.0]));
        assert!(OrgScore::from_healths([0.5, 0.7]) > OrgScore::from_healths([0.5, 0.6]));
        assert_eq!(OrgScore::from_healths([]), OrgScore { min: 0.0, mean: 0.0 });
    }
}
