//! A series of snapshots in time order: every team's trend and every
//! finding's first and last appearance.

use crate::analysis::compare::{Snapshot, TeamScores};
use crate::error::Error;
use crate::model::team::Level;

/// One team's (or rollup's) scores in every snapshot of a series: `None`
/// where the team does not exist.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Trend {
    pub(crate) team: String,
    pub(crate) level: Level,
    pub(crate) points: Vec<Option<TeamScores>>,
}

impl Trend {
    /// The team, as reports name it.
    pub fn team(&self) -> &str {
        &self.team
    }
    /// Team or rollup.
    pub fn level(&self) -> Level {
        self.level
    }
    /// The scores in each snapshot, in series order.
    pub fn points(&self) -> &[Option<TeamScores>] {
        &self.points
    }
    /// Direction per snapshot (`None` where the team does not exist).
    pub fn direction(&self) -> Vec<Option<f64>> {
        self.points.iter().map(|p| p.as_ref().map(TeamScores::direction)).collect()
    }
    /// Control per snapshot.
    pub fn control(&self) -> Vec<Option<f64>> {
        self.points.iter().map(|p| p.as_ref().map(TeamScores::control)).collect()
    }
    /// Health per snapshot.
    pub fn health(&self) -> Vec<Option<f64>> {
        self.points.iter().map(|p| p.as_ref().map(TeamScores::health)).collect()
    }
}

/// A finding (a team's flag token) over a series: the first and the last
/// snapshot it appears in (0-based), and in how many it appears.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct FindingSpan {
    pub(crate) team: String,
    pub(crate) flag: String,
    pub(crate) first: usize,
    pub(crate) last: usize,
    pub(crate) count: usize,
}

impl FindingSpan {
    /// The team.
    pub fn team(&self) -> &str {
        &self.team
    }
    /// The flag token (`uncovered_pole:vision`).
    pub fn flag(&self) -> &str {
        &self.flag
    }
    /// The first snapshot (0-based) with the finding.
    pub fn first(&self) -> usize {
        self.first
    }
    /// The last snapshot (0-based) with the finding.
    pub fn last(&self) -> usize {
        self.last
    }
    /// In how many snapshots the finding appears (fewer than
    /// `last - first + 1` when it went away and came back).
    pub fn count(&self) -> usize {
        self.count
    }
}

/// Snapshots in time order (quarters, say): each team's trend of scores,
/// each finding's first and last appearance.
///
/// ```
/// use rolebalance::{Analyzer, Member, Roster, Series, Snapshot};
/// let q = |people: &[(&str, f64)]| -> Result<Snapshot, rolebalance::Error> {
///     let roster: Roster = people.iter().map(|(id, s)| Member::new(*id, "Lab", [*s; 8])).collect::<Result<_, _>>()?;
///     Snapshot::of_roster(&roster, &Analyzer::new())
/// };
/// let series = Series::new(vec![
///     q(&[("ana", 0.9)])?.with_label("Q1"),
///     q(&[("ana", 0.9), ("bo", 0.8)])?.with_label("Q2"),
///     q(&[("ana", 0.4)])?.with_label("Q3"),
/// ])?;
/// let lab = series.trend("Lab").unwrap();
/// assert_eq!(lab.health(), [Some(0.9), Some(0.9), Some(0.4)]);
/// let spof = series.findings().iter().find(|f| f.flag() == "single_point_of_failure:inspire").unwrap();
/// assert_eq!((spof.first(), spof.last(), spof.count()), (0, 0, 1));
/// assert_eq!(series.labels(), ["Q1", "Q2", "Q3"]);
/// # Ok::<(), rolebalance::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Series {
    pub(crate) labels: Vec<String>,
    pub(crate) trends: Vec<Trend>,
    pub(crate) findings: Vec<FindingSpan>,
}

impl Series {
    /// The series of `snapshots`, in the order given.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::FrameworkMismatch`](crate::ErrorKind::FrameworkMismatch)
    /// for the first snapshot on another framework than the first one.
    pub fn new(snapshots: Vec<Snapshot>) -> Result<Series, Error> {
        let n = snapshots.len();
        if let Some(first) = snapshots.first() {
            for (k, s) in snapshots.iter().enumerate().skip(1) {
                first.check_framework(s, k + 1)?;
            }
        }
        let labels = snapshots.iter().map(|s| s.label.clone()).collect();
        // Every team of any snapshot, in name order: a merge of sorted lists.
        let mut names: Vec<(&str, Level)> =
            snapshots.iter().flat_map(|s| s.teams.iter().map(|t| (t.team.as_str(), t.level))).collect();
        names.sort_unstable();
        names.dedup_by(|a, b| a.0 == b.0);
        let mut heads = vec![0usize; n];
        let mut trends = Vec::with_capacity(names.len());
        let mut findings = Vec::new();
        for (name, level) in names {
            let mut points = Vec::with_capacity(n);
            for (k, s) in snapshots.iter().enumerate() {
                let h = heads.get(k).copied().unwrap_or(0);
                match s.teams.get(h) {
                    Some(t) if t.team == name => {
                        points.push(Some(t.clone()));
                        if let Some(h) = heads.get_mut(k) {
                            *h += 1;
                        }
                    }
                    _ => points.push(None),
                }
            }
            let start = findings.len();
            for (k, p) in points.iter().enumerate() {
                for flag in p.iter().flat_map(|t| t.flag_tokens()) {
                    match findings
                        .get_mut(start..)
                        .and_then(|f: &mut [FindingSpan]| f.iter_mut().find(|f| f.flag == flag))
                    {
                        Some(f) => {
                            f.last = k;
                            f.count += 1;
                        }
                        None => findings.push(FindingSpan {
                            team: name.to_string(),
                            flag: flag.to_string(),
                            first: k,
                            last: k,
                            count: 1,
                        }),
                    }
                }
            }
            trends.push(Trend { team: name.to_string(), level, points });
        }
        Ok(Series { labels, trends, findings })
    }

    /// The snapshots' labels, in order.
    pub fn labels(&self) -> &[String] {
        &self.labels
    }
    /// Every team's trend, sorted by team.
    pub fn trends(&self) -> &[Trend] {
        &self.trends
    }
    /// The trend of `team`.
    pub fn trend(&self, team: &str) -> Option<&Trend> {
        self.trends.binary_search_by(|t| t.team.as_str().cmp(team)).ok().and_then(|i| self.trends.get(i))
    }
    /// Every finding of every team: by team, then in order of first
    /// appearance (and, within a snapshot, most severe first).
    pub fn findings(&self) -> &[FindingSpan] {
        &self.findings
    }
    /// The number of snapshots.
    pub fn len(&self) -> usize {
        self.labels.len()
    }
    /// Whether the series has no snapshot.
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }
}
