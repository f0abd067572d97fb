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
    ///
    /// ```
    /// # use rolebalance::{Analyzer, Level, Member, Roster, Series, Snapshot};
    /// # let one: Roster = [Member::new("ana", "Lab", [0.9; 8])?].into_iter().collect();
    /// # let two: Roster = [Member::new("ana", "Lab", [0.9; 8])?, Member::new("bo", "Lab", [0.8; 8])?].into_iter().collect();
    /// # let snap = |r: &Roster, q: &str| Snapshot::of_roster(r, &Analyzer::new()).map(|s| s.with_label(q));
    /// # let series = Series::new(vec![snap(&one, "Q1")?, snap(&two, "Q2")?, snap(&one, "Q3")?])?;
    /// # let lab = series.trend("Lab").unwrap();
    /// # let spof = series.findings().iter().find(|f| f.flag() == "single_point_of_failure:inspire").unwrap();
    /// assert_eq!(lab.team(), "Lab");
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn team(&self) -> &str {
        &self.team
    }
    /// Team or rollup.
    ///
    /// ```
    /// # use rolebalance::{Analyzer, Level, Member, Roster, Series, Snapshot};
    /// # let one: Roster = [Member::new("ana", "Lab", [0.9; 8])?].into_iter().collect();
    /// # let two: Roster = [Member::new("ana", "Lab", [0.9; 8])?, Member::new("bo", "Lab", [0.8; 8])?].into_iter().collect();
    /// # let snap = |r: &Roster, q: &str| Snapshot::of_roster(r, &Analyzer::new()).map(|s| s.with_label(q));
    /// # let series = Series::new(vec![snap(&one, "Q1")?, snap(&two, "Q2")?, snap(&one, "Q3")?])?;
    /// # let lab = series.trend("Lab").unwrap();
    /// # let spof = series.findings().iter().find(|f| f.flag() == "single_point_of_failure:inspire").unwrap();
    /// assert_eq!(lab.level(), Level::Team);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn level(&self) -> Level {
        self.level
    }
    /// The scores in each snapshot, in series order.
    ///
    /// ```
    /// # use rolebalance::{Analyzer, Level, Member, Roster, Series, Snapshot};
    /// # let one: Roster = [Member::new("ana", "Lab", [0.9; 8])?].into_iter().collect();
    /// # let two: Roster = [Member::new("ana", "Lab", [0.9; 8])?, Member::new("bo", "Lab", [0.8; 8])?].into_iter().collect();
    /// # let snap = |r: &Roster, q: &str| Snapshot::of_roster(r, &Analyzer::new()).map(|s| s.with_label(q));
    /// # let series = Series::new(vec![snap(&one, "Q1")?, snap(&two, "Q2")?, snap(&one, "Q3")?])?;
    /// # let lab = series.trend("Lab").unwrap();
    /// # let spof = series.findings().iter().find(|f| f.flag() == "single_point_of_failure:inspire").unwrap();
    /// assert_eq!(lab.points()[1].as_ref().unwrap().members(), 2);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn points(&self) -> &[Option<TeamScores>] {
        &self.points
    }
    /// Direction per snapshot (`None` where the team does not exist).
    ///
    /// ```
    /// # use rolebalance::{Analyzer, Level, Member, Roster, Series, Snapshot};
    /// # let one: Roster = [Member::new("ana", "Lab", [0.9; 8])?].into_iter().collect();
    /// # let two: Roster = [Member::new("ana", "Lab", [0.9; 8])?, Member::new("bo", "Lab", [0.8; 8])?].into_iter().collect();
    /// # let snap = |r: &Roster, q: &str| Snapshot::of_roster(r, &Analyzer::new()).map(|s| s.with_label(q));
    /// # let series = Series::new(vec![snap(&one, "Q1")?, snap(&two, "Q2")?, snap(&one, "Q3")?])?;
    /// # let lab = series.trend("Lab").unwrap();
    /// # let spof = series.findings().iter().find(|f| f.flag() == "single_point_of_failure:inspire").unwrap();
    /// assert_eq!(lab.direction(), [Some(0.9), Some(0.9), Some(0.9)]);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn direction(&self) -> Vec<Option<f64>> {
        self.points.iter().map(|p| p.as_ref().map(TeamScores::direction)).collect()
    }
    /// Control per snapshot.
    ///
    /// ```
    /// # use rolebalance::{Analyzer, Level, Member, Roster, Series, Snapshot};
    /// # let one: Roster = [Member::new("ana", "Lab", [0.9; 8])?].into_iter().collect();
    /// # let two: Roster = [Member::new("ana", "Lab", [0.9; 8])?, Member::new("bo", "Lab", [0.8; 8])?].into_iter().collect();
    /// # let snap = |r: &Roster, q: &str| Snapshot::of_roster(r, &Analyzer::new()).map(|s| s.with_label(q));
    /// # let series = Series::new(vec![snap(&one, "Q1")?, snap(&two, "Q2")?, snap(&one, "Q3")?])?;
    /// # let lab = series.trend("Lab").unwrap();
    /// # let spof = series.findings().iter().find(|f| f.flag() == "single_point_of_failure:inspire").unwrap();
    /// assert_eq!(lab.control()[2], Some(0.9));
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn control(&self) -> Vec<Option<f64>> {
        self.points.iter().map(|p| p.as_ref().map(TeamScores::control)).collect()
    }
    /// Health per snapshot.
    ///
    /// ```
    /// # use rolebalance::{Analyzer, Level, Member, Roster, Series, Snapshot};
    /// # let one: Roster = [Member::new("ana", "Lab", [0.9; 8])?].into_iter().collect();
    /// # let two: Roster = [Member::new("ana", "Lab", [0.9; 8])?, Member::new("bo", "Lab", [0.8; 8])?].into_iter().collect();
    /// # let snap = |r: &Roster, q: &str| Snapshot::of_roster(r, &Analyzer::new()).map(|s| s.with_label(q));
    /// # let series = Series::new(vec![snap(&one, "Q1")?, snap(&two, "Q2")?, snap(&one, "Q3")?])?;
    /// # let lab = series.trend("Lab").unwrap();
    /// # let spof = series.findings().iter().find(|f| f.flag() == "single_point_of_failure:inspire").unwrap();
    /// assert_eq!(lab.health().len(), 3);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
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
    ///
    /// ```
    /// # use rolebalance::{Analyzer, Level, Member, Roster, Series, Snapshot};
    /// # let one: Roster = [Member::new("ana", "Lab", [0.9; 8])?].into_iter().collect();
    /// # let two: Roster = [Member::new("ana", "Lab", [0.9; 8])?, Member::new("bo", "Lab", [0.8; 8])?].into_iter().collect();
    /// # let snap = |r: &Roster, q: &str| Snapshot::of_roster(r, &Analyzer::new()).map(|s| s.with_label(q));
    /// # let series = Series::new(vec![snap(&one, "Q1")?, snap(&two, "Q2")?, snap(&one, "Q3")?])?;
    /// # let lab = series.trend("Lab").unwrap();
    /// # let spof = series.findings().iter().find(|f| f.flag() == "single_point_of_failure:inspire").unwrap();
    /// assert_eq!(spof.team(), "Lab");
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn team(&self) -> &str {
        &self.team
    }
    /// The flag token (`uncovered_pole:vision`).
    ///
    /// ```
    /// # use rolebalance::{Analyzer, Level, Member, Roster, Series, Snapshot};
    /// # let one: Roster = [Member::new("ana", "Lab", [0.9; 8])?].into_iter().collect();
    /// # let two: Roster = [Member::new("ana", "Lab", [0.9; 8])?, Member::new("bo", "Lab", [0.8; 8])?].into_iter().collect();
    /// # let snap = |r: &Roster, q: &str| Snapshot::of_roster(r, &Analyzer::new()).map(|s| s.with_label(q));
    /// # let series = Series::new(vec![snap(&one, "Q1")?, snap(&two, "Q2")?, snap(&one, "Q3")?])?;
    /// # let lab = series.trend("Lab").unwrap();
    /// # let spof = series.findings().iter().find(|f| f.flag() == "single_point_of_failure:inspire").unwrap();
    /// assert_eq!(spof.flag(), "single_point_of_failure:inspire");
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn flag(&self) -> &str {
        &self.flag
    }
    /// The first snapshot (0-based) with the finding.
    ///
    /// ```
    /// # use rolebalance::{Analyzer, Level, Member, Roster, Series, Snapshot};
    /// # let one: Roster = [Member::new("ana", "Lab", [0.9; 8])?].into_iter().collect();
    /// # let two: Roster = [Member::new("ana", "Lab", [0.9; 8])?, Member::new("bo", "Lab", [0.8; 8])?].into_iter().collect();
    /// # let snap = |r: &Roster, q: &str| Snapshot::of_roster(r, &Analyzer::new()).map(|s| s.with_label(q));
    /// # let series = Series::new(vec![snap(&one, "Q1")?, snap(&two, "Q2")?, snap(&one, "Q3")?])?;
    /// # let lab = series.trend("Lab").unwrap();
    /// # let spof = series.findings().iter().find(|f| f.flag() == "single_point_of_failure:inspire").unwrap();
    /// assert_eq!(spof.first(), 0);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn first(&self) -> usize {
        self.first
    }
    /// The last snapshot (0-based) with the finding.
    ///
    /// ```
    /// # use rolebalance::{Analyzer, Level, Member, Roster, Series, Snapshot};
    /// # let one: Roster = [Member::new("ana", "Lab", [0.9; 8])?].into_iter().collect();
    /// # let two: Roster = [Member::new("ana", "Lab", [0.9; 8])?, Member::new("bo", "Lab", [0.8; 8])?].into_iter().collect();
    /// # let snap = |r: &Roster, q: &str| Snapshot::of_roster(r, &Analyzer::new()).map(|s| s.with_label(q));
    /// # let series = Series::new(vec![snap(&one, "Q1")?, snap(&two, "Q2")?, snap(&one, "Q3")?])?;
    /// # let lab = series.trend("Lab").unwrap();
    /// # let spof = series.findings().iter().find(|f| f.flag() == "single_point_of_failure:inspire").unwrap();
    /// assert_eq!(spof.last(), 2);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn last(&self) -> usize {
        self.last
    }
    /// In how many snapshots the finding appears (fewer than
    /// `last - first + 1` when it went away and came back).
    ///
    /// ```
    /// # use rolebalance::{Analyzer, Level, Member, Roster, Series, Snapshot};
    /// # let one: Roster = [Member::new("ana", "Lab", [0.9; 8])?].into_iter().collect();
    /// # let two: Roster = [Member::new("ana", "Lab", [0.9; 8])?, Member::new("bo", "Lab", [0.8; 8])?].into_iter().collect();
    /// # let snap = |r: &Roster, q: &str| Snapshot::of_roster(r, &Analyzer::new()).map(|s| s.with_label(q));
    /// # let series = Series::new(vec![snap(&one, "Q1")?, snap(&two, "Q2")?, snap(&one, "Q3")?])?;
    /// # let lab = series.trend("Lab").unwrap();
    /// # let spof = series.findings().iter().find(|f| f.flag() == "single_point_of_failure:inspire").unwrap();
    /// assert_eq!(spof.count(), 2); // not in Q2, where bo covers inspire too
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
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
    ///
    /// ```
    /// # use rolebalance::{Analyzer, Level, Member, Roster, Series, Snapshot};
    /// # let one: Roster = [Member::new("ana", "Lab", [0.9; 8])?].into_iter().collect();
    /// # let two: Roster = [Member::new("ana", "Lab", [0.9; 8])?, Member::new("bo", "Lab", [0.8; 8])?].into_iter().collect();
    /// # let snap = |r: &Roster, q: &str| Snapshot::of_roster(r, &Analyzer::new()).map(|s| s.with_label(q));
    /// # let series = Series::new(vec![snap(&one, "Q1")?, snap(&two, "Q2")?, snap(&one, "Q3")?])?;
    /// # let lab = series.trend("Lab").unwrap();
    /// # let spof = series.findings().iter().find(|f| f.flag() == "single_point_of_failure:inspire").unwrap();
    /// assert_eq!(series.labels(), ["Q1", "Q2", "Q3"]);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn labels(&self) -> &[String] {
        &self.labels
    }
    /// Every team's trend, sorted by team.
    ///
    /// ```
    /// # use rolebalance::{Analyzer, Level, Member, Roster, Series, Snapshot};
    /// # let one: Roster = [Member::new("ana", "Lab", [0.9; 8])?].into_iter().collect();
    /// # let two: Roster = [Member::new("ana", "Lab", [0.9; 8])?, Member::new("bo", "Lab", [0.8; 8])?].into_iter().collect();
    /// # let snap = |r: &Roster, q: &str| Snapshot::of_roster(r, &Analyzer::new()).map(|s| s.with_label(q));
    /// # let series = Series::new(vec![snap(&one, "Q1")?, snap(&two, "Q2")?, snap(&one, "Q3")?])?;
    /// # let lab = series.trend("Lab").unwrap();
    /// # let spof = series.findings().iter().find(|f| f.flag() == "single_point_of_failure:inspire").unwrap();
    /// assert_eq!(series.trends().len(), 1);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn trends(&self) -> &[Trend] {
        &self.trends
    }
    /// The trend of `team`.
    ///
    /// ```
    /// # use rolebalance::{Analyzer, Level, Member, Roster, Series, Snapshot};
    /// # let one: Roster = [Member::new("ana", "Lab", [0.9; 8])?].into_iter().collect();
    /// # let two: Roster = [Member::new("ana", "Lab", [0.9; 8])?, Member::new("bo", "Lab", [0.8; 8])?].into_iter().collect();
    /// # let snap = |r: &Roster, q: &str| Snapshot::of_roster(r, &Analyzer::new()).map(|s| s.with_label(q));
    /// # let series = Series::new(vec![snap(&one, "Q1")?, snap(&two, "Q2")?, snap(&one, "Q3")?])?;
    /// # let lab = series.trend("Lab").unwrap();
    /// # let spof = series.findings().iter().find(|f| f.flag() == "single_point_of_failure:inspire").unwrap();
    /// assert!(series.trend("Ops").is_none());
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn trend(&self, team: &str) -> Option<&Trend> {
        self.trends.binary_search_by(|t| t.team.as_str().cmp(team)).ok().and_then(|i| self.trends.get(i))
    }
    /// Every finding of every team: by team, then in order of first
    /// appearance (and, within a snapshot, most severe first).
    ///
    /// ```
    /// # use rolebalance::{Analyzer, Level, Member, Roster, Series, Snapshot};
    /// # let one: Roster = [Member::new("ana", "Lab", [0.9; 8])?].into_iter().collect();
    /// # let two: Roster = [Member::new("ana", "Lab", [0.9; 8])?, Member::new("bo", "Lab", [0.8; 8])?].into_iter().collect();
    /// # let snap = |r: &Roster, q: &str| Snapshot::of_roster(r, &Analyzer::new()).map(|s| s.with_label(q));
    /// # let series = Series::new(vec![snap(&one, "Q1")?, snap(&two, "Q2")?, snap(&one, "Q3")?])?;
    /// # let lab = series.trend("Lab").unwrap();
    /// # let spof = series.findings().iter().find(|f| f.flag() == "single_point_of_failure:inspire").unwrap();
    /// assert!(series.findings().iter().all(|f| f.team() == "Lab"));
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn findings(&self) -> &[FindingSpan] {
        &self.findings
    }
    /// The number of snapshots.
    ///
    /// ```
    /// # use rolebalance::{Analyzer, Level, Member, Roster, Series, Snapshot};
    /// # let one: Roster = [Member::new("ana", "Lab", [0.9; 8])?].into_iter().collect();
    /// # let two: Roster = [Member::new("ana", "Lab", [0.9; 8])?, Member::new("bo", "Lab", [0.8; 8])?].into_iter().collect();
    /// # let snap = |r: &Roster, q: &str| Snapshot::of_roster(r, &Analyzer::new()).map(|s| s.with_label(q));
    /// # let series = Series::new(vec![snap(&one, "Q1")?, snap(&two, "Q2")?, snap(&one, "Q3")?])?;
    /// # let lab = series.trend("Lab").unwrap();
    /// # let spof = series.findings().iter().find(|f| f.flag() == "single_point_of_failure:inspire").unwrap();
    /// assert_eq!(series.len(), 3);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn len(&self) -> usize {
        self.labels.len()
    }
    /// Whether the series has no snapshot.
    ///
    /// ```
    /// # use rolebalance::{Analyzer, Level, Member, Roster, Series, Snapshot};
    /// # let one: Roster = [Member::new("ana", "Lab", [0.9; 8])?].into_iter().collect();
    /// # let two: Roster = [Member::new("ana", "Lab", [0.9; 8])?, Member::new("bo", "Lab", [0.8; 8])?].into_iter().collect();
    /// # let snap = |r: &Roster, q: &str| Snapshot::of_roster(r, &Analyzer::new()).map(|s| s.with_label(q));
    /// # let series = Series::new(vec![snap(&one, "Q1")?, snap(&two, "Q2")?, snap(&one, "Q3")?])?;
    /// # let lab = series.trend("Lab").unwrap();
    /// # let spof = series.findings().iter().find(|f| f.flag() == "single_point_of_failure:inspire").unwrap();
    /// assert!(!series.is_empty());
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }
}
