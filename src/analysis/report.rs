//! Team reports and the organisation report (DESIGN.md sections 3 to 6).

use std::io;

use serde::{Deserialize, Serialize};

use crate::analysis::findings::{Finding, FindingKind};
use crate::engine::accumulator::{Coverage, TeamAccumulator};
use crate::model::framework::{Framework, Pole, Side};
use crate::model::thresholds::TeamThresholds;
use crate::model::tolerance::{above, below, reaches};

/// Whether a report is about a team as written in the roster or a rollup of
/// every team below a path prefix.
///
/// ```
/// assert_eq!(rolebalance::Level::default(), rolebalance::Level::Team);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// A team as written in the roster's `team` column.
    #[default]
    Team,
    /// All members of the teams at or below a prefix, named `<prefix>/*`.
    Rollup,
}

/// One pole's coverage in a team.
///
/// ```
/// # use rolebalance::{Analyzer, Member, Roster};
/// # let roster: Roster = [
/// #     Member::new("ana", "Lab", [0.9, 0.2, 0.8, 0.3, 0.7, 0.6, 0.6, 0.5])?,
/// #     Member::new("bo", "Lab", [0.3, 0.9, 0.4, 0.8, 0.5, 0.9, 0.2, 0.8])?,
/// # ].into_iter().collect();
/// # let report = Analyzer::new().analyze(&roster)?;
/// # let lab = report.team("Lab").unwrap();
/// let vision = lab.pole("vision").unwrap();
/// assert_eq!((vision.coverage, vision.depth), (0.8, 1));
/// assert_eq!(vision.top_contributor.as_deref(), Some("ana"));
/// assert_eq!(vision.coverage_without_top, 0.4);
/// # Ok::<(), rolebalance::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PoleReport {
    /// The pole's name.
    pub pole: String,
    /// The pole's side.
    pub side: Side,
    /// The coverage `C` in [0, 1].
    pub coverage: f64,
    /// The pole threshold that applied.
    pub threshold: f64,
    /// How many members alone reach the threshold (`c >= threshold`).
    pub depth: u64,
    /// The member with the largest contribution (the first in roster order
    /// among equals); `None` for an empty team.
    pub top_contributor: Option<String>,
    /// That member's contribution `weight * strength`.
    pub top_contribution: f64,
    /// The coverage without the top contributor.
    pub coverage_without_top: f64,
}

/// Where one team stands: its coverage per pole, direction, control, balance,
/// health and findings.
///
/// # Examples
///
/// ```
/// use rolebalance::{Analyzer, Member, Roster};
/// let roster: Roster = [
///     Member::new("ana", "Core", [0.9, 0.2, 0.8, 0.3, 0.7, 0.6, 0.6, 0.5])?,
///     Member::new("bo", "Core", [0.3, 0.9, 0.4, 0.8, 0.5, 0.9, 0.2, 0.8])?,
/// ].into_iter().collect();
/// let report = Analyzer::new().analyze(&roster)?;
/// let core = report.team("Core").unwrap();
/// assert_eq!(core.members(), 2);
/// assert!((core.direction() - 0.75).abs() < 1e-12);
/// assert!((core.control() - 0.85).abs() < 1e-12);
/// assert!((core.balance() - 0.9).abs() < 1e-12);
/// assert_eq!(core.health(), core.direction());
/// assert_eq!(core.pole("vision").unwrap().top_contributor.as_deref(), Some("ana"));
/// # Ok::<(), rolebalance::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TeamReport {
    pub(crate) team: String,
    pub(crate) level: Level,
    pub(crate) members: u64,
    pub(crate) active_members: u64,
    pub(crate) total_weight: f64,
    pub(crate) model: Coverage,
    pub(crate) poles: Vec<PoleReport>,
    pub(crate) direction: f64,
    pub(crate) control: f64,
    pub(crate) balance: f64,
    pub(crate) health: f64,
    pub(crate) findings: Vec<Finding>,
}

impl TeamReport {
    /// Builds the report of `team` from its accumulator.
    pub(crate) fn new(framework: &Framework, team: String, level: Level, acc: &TeamAccumulator) -> TeamReport {
        let t = &acc.thresholds;
        let mut poles = Vec::with_capacity(framework.pole_count());
        for (i, name) in framework.pole_names().enumerate() {
            let (coverage, without) = acc.coverage(i);
            let state = acc.poles.get(i);
            poles.push(PoleReport {
                pole: name.to_string(),
                side: Pole::from_index(i).side(),
                coverage,
                threshold: t.poles.get(i).copied().unwrap_or(0.5),
                depth: state.map_or(0, |s| s.depth),
                top_contributor: state.filter(|s| s.top_seq != u64::MAX).map(|s| s.top_id.clone()),
                top_contribution: state.map_or(0.0, |s| s.top),
                coverage_without_top: without,
            });
        }
        let side_mean = |side: Side| {
            let (sum, n) =
                poles.iter().filter(|p| p.side == side).fold((0.0, 0usize), |(s, n), p| (s + p.coverage, n + 1));
            if n == 0 {
                0.0
            } else {
                sum / n as f64
            }
        };
        let direction = side_mean(Side::Leadership);
        let control = side_mean(Side::Management);
        let mut report = TeamReport {
            team,
            level,
            members: acc.members,
            active_members: acc.active,
            total_weight: acc.total_weight.value(),
            model: acc.model,
            poles,
            direction,
            control,
            balance: 1.0 - (direction - control).abs(),
            health: direction.min(control),
            findings: Vec::new(),
        };
        report.findings = report.find(acc);
        if let Some(conf) = crate::analysis::confidence::Confidences::new(acc) {
            for f in &mut report.findings {
                f.confidence = Some(conf.of(f, framework));
            }
        }
        report
    }

    /// The findings of DESIGN.md section 5, most severe first.
    fn find(&self, acc: &TeamAccumulator) -> Vec<Finding> {
        let t = &acc.thresholds;
        let mut out = Vec::new();
        let (d, c) = (self.direction, self.control);
        if below(d, t.direction) {
            let mut f = Finding::new(
                FindingKind::NoDirection,
                d,
                t.direction,
                format!("no direction: direction {d:.2} is below {:.2}", t.direction),
            );
            f.side = Some(Side::Leadership);
            out.push(f);
        }
        if below(c, t.control) {
            let mut f = Finding::new(
                FindingKind::NoControl,
                c,
                t.control,
                format!("no control: control {c:.2} is below {:.2}", t.control),
            );
            f.side = Some(Side::Management);
            out.push(f);
        }
        for p in &self.poles {
            if below(p.coverage, p.threshold) {
                let mut f = Finding::new(
                    FindingKind::UncoveredPole,
                    p.coverage,
                    p.threshold,
                    format!("nobody covers {}: coverage {:.2} is below {:.2}", p.pole, p.coverage, p.threshold),
                );
                f.pole = Some(p.pole.clone());
                f.side = Some(p.side);
                out.push(f);
            }
        }
        for p in &self.poles {
            if reaches(p.coverage, p.threshold) && below(p.coverage_without_top, p.threshold) {
                let who = p.top_contributor.clone().unwrap_or_default();
                let mut f = Finding::new(
                    FindingKind::SinglePointOfFailure,
                    p.coverage_without_top,
                    p.threshold,
                    format!(
                        "{} depends on {who} alone: coverage {:.2} falls to {:.2} without them, below {:.2}",
                        p.pole, p.coverage, p.coverage_without_top, p.threshold
                    ),
                );
                f.pole = Some(p.pole.clone());
                f.side = Some(p.side);
                f.member = Some(who);
                f.coverage = Some(p.coverage);
                out.push(f);
            }
        }
        for (side, gap) in [(Side::Leadership, d - c), (Side::Management, c - d)] {
            if above(gap, t.skew) {
                let (hi, lo) = match side {
                    Side::Leadership => ("direction", "control"),
                    Side::Management => ("control", "direction"),
                };
                let mut f = Finding::new(
                    FindingKind::Skewed,
                    gap,
                    t.skew,
                    format!("skewed toward {side}: {hi} exceeds {lo} by {gap:.2}, more than {:.2}", t.skew),
                );
                f.side = Some(side);
                out.push(f);
            }
        }
        if acc.active >= 2 {
            if let Some((best, _)) = acc.bridge {
                if !reaches(best, t.bridge) {
                    let who = acc.bridge_id.clone();
                    let mut f = Finding::new(
                        FindingKind::NoBridge,
                        best,
                        t.bridge,
                        format!(
                            "no bridge: nobody is strong on both sides; the closest, {who}, reaches {best:.2} of {:.2}",
                            t.bridge
                        ),
                    );
                    f.member = Some(who);
                    out.push(f);
                }
            }
        }
        out
    }

    /// The team path as written (or `<prefix>/*` for a rollup).
    ///
    /// ```
    /// # use rolebalance::{Analyzer, Member, Roster};
    /// # let roster: Roster = [
    /// #     Member::new("ana", "Lab", [0.9, 0.2, 0.8, 0.3, 0.7, 0.6, 0.6, 0.5])?,
    /// #     Member::new("bo", "Lab", [0.3, 0.9, 0.4, 0.8, 0.5, 0.9, 0.2, 0.8])?,
    /// # ].into_iter().collect();
    /// # let report = Analyzer::new().analyze(&roster)?;
    /// # let lab = report.team("Lab").unwrap();
    /// assert_eq!(lab.team(), "Lab");
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn team(&self) -> &str {
        &self.team
    }

    /// Team or rollup.
    ///
    /// ```
    /// # use rolebalance::{Analyzer, Member, Roster};
    /// # let roster: Roster = [
    /// #     Member::new("ana", "Lab", [0.9, 0.2, 0.8, 0.3, 0.7, 0.6, 0.6, 0.5])?,
    /// #     Member::new("bo", "Lab", [0.3, 0.9, 0.4, 0.8, 0.5, 0.9, 0.2, 0.8])?,
    /// # ].into_iter().collect();
    /// # let report = Analyzer::new().analyze(&roster)?;
    /// # let lab = report.team("Lab").unwrap();
    /// assert_eq!(lab.level(), rolebalance::Level::Team);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn level(&self) -> Level {
        self.level
    }

    /// The number of member rows.
    ///
    /// ```
    /// # use rolebalance::{Analyzer, Member, Roster};
    /// # let roster: Roster = [
    /// #     Member::new("ana", "Lab", [0.9, 0.2, 0.8, 0.3, 0.7, 0.6, 0.6, 0.5])?,
    /// #     Member::new("bo", "Lab", [0.3, 0.9, 0.4, 0.8, 0.5, 0.9, 0.2, 0.8])?,
    /// # ].into_iter().collect();
    /// # let report = Analyzer::new().analyze(&roster)?;
    /// # let lab = report.team("Lab").unwrap();
    /// assert_eq!(lab.members(), 2);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn members(&self) -> u64 {
        self.members
    }

    /// The members with a weight above 0.
    ///
    /// ```
    /// # use rolebalance::{Analyzer, Member, Roster};
    /// # let roster: Roster = [
    /// #     Member::new("ana", "Lab", [0.9, 0.2, 0.8, 0.3, 0.7, 0.6, 0.6, 0.5])?,
    /// #     Member::new("bo", "Lab", [0.3, 0.9, 0.4, 0.8, 0.5, 0.9, 0.2, 0.8])?,
    /// # ].into_iter().collect();
    /// # let report = Analyzer::new().analyze(&roster)?;
    /// # let lab = report.team("Lab").unwrap();
    /// assert_eq!(lab.active_members(), 2);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn active_members(&self) -> u64 {
        self.active_members
    }

    /// The sum of the weights.
    ///
    /// ```
    /// # use rolebalance::{Analyzer, Member, Roster};
    /// # let roster: Roster = [
    /// #     Member::new("ana", "Lab", [0.9, 0.2, 0.8, 0.3, 0.7, 0.6, 0.6, 0.5])?,
    /// #     Member::new("bo", "Lab", [0.3, 0.9, 0.4, 0.8, 0.5, 0.9, 0.2, 0.8])?,
    /// # ].into_iter().collect();
    /// # let report = Analyzer::new().analyze(&roster)?;
    /// # let lab = report.team("Lab").unwrap();
    /// assert_eq!(lab.total_weight(), 2.0);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn total_weight(&self) -> f64 {
        self.total_weight
    }

    /// The coverage model used.
    ///
    /// ```
    /// # use rolebalance::{Analyzer, Member, Roster};
    /// # let roster: Roster = [
    /// #     Member::new("ana", "Lab", [0.9, 0.2, 0.8, 0.3, 0.7, 0.6, 0.6, 0.5])?,
    /// #     Member::new("bo", "Lab", [0.3, 0.9, 0.4, 0.8, 0.5, 0.9, 0.2, 0.8])?,
    /// # ].into_iter().collect();
    /// # let report = Analyzer::new().analyze(&roster)?;
    /// # let lab = report.team("Lab").unwrap();
    /// assert_eq!(lab.model(), rolebalance::Coverage::Strongest);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn model(&self) -> Coverage {
        self.model
    }

    /// Per pole, in pole order.
    ///
    /// ```
    /// # use rolebalance::{Analyzer, Member, Roster};
    /// # let roster: Roster = [
    /// #     Member::new("ana", "Lab", [0.9, 0.2, 0.8, 0.3, 0.7, 0.6, 0.6, 0.5])?,
    /// #     Member::new("bo", "Lab", [0.3, 0.9, 0.4, 0.8, 0.5, 0.9, 0.2, 0.8])?,
    /// # ].into_iter().collect();
    /// # let report = Analyzer::new().analyze(&roster)?;
    /// # let lab = report.team("Lab").unwrap();
    /// assert_eq!(lab.poles().len(), 8);
    /// assert_eq!(lab.poles()[1].pole, "organize");
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn poles(&self) -> &[PoleReport] {
        &self.poles
    }

    /// The pole called `name`.
    ///
    /// ```
    /// # use rolebalance::{Analyzer, Member, Roster};
    /// # let roster: Roster = [
    /// #     Member::new("ana", "Lab", [0.9, 0.2, 0.8, 0.3, 0.7, 0.6, 0.6, 0.5])?,
    /// #     Member::new("bo", "Lab", [0.3, 0.9, 0.4, 0.8, 0.5, 0.9, 0.2, 0.8])?,
    /// # ].into_iter().collect();
    /// # let report = Analyzer::new().analyze(&roster)?;
    /// # let lab = report.team("Lab").unwrap();
    /// assert_eq!(lab.pole("organize").unwrap().coverage, 0.9);
    /// assert!(lab.pole("charisma").is_none());
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn pole(&self, name: &str) -> Option<&PoleReport> {
        self.poles.iter().find(|p| p.pole == name)
    }

    /// The mean coverage of the leadership poles.
    ///
    /// ```
    /// # use rolebalance::{Analyzer, Member, Roster};
    /// # let roster: Roster = [
    /// #     Member::new("ana", "Lab", [0.9, 0.2, 0.8, 0.3, 0.7, 0.6, 0.6, 0.5])?,
    /// #     Member::new("bo", "Lab", [0.3, 0.9, 0.4, 0.8, 0.5, 0.9, 0.2, 0.8])?,
    /// # ].into_iter().collect();
    /// # let report = Analyzer::new().analyze(&roster)?;
    /// # let lab = report.team("Lab").unwrap();
    /// assert!((lab.direction() - 0.75).abs() < 1e-12); // (0.9 + 0.8 + 0.7 + 0.6) / 4
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn direction(&self) -> f64 {
        self.direction
    }

    /// The mean coverage of the management poles.
    ///
    /// ```
    /// # use rolebalance::{Analyzer, Member, Roster};
    /// # let roster: Roster = [
    /// #     Member::new("ana", "Lab", [0.9, 0.2, 0.8, 0.3, 0.7, 0.6, 0.6, 0.5])?,
    /// #     Member::new("bo", "Lab", [0.3, 0.9, 0.4, 0.8, 0.5, 0.9, 0.2, 0.8])?,
    /// # ].into_iter().collect();
    /// # let report = Analyzer::new().analyze(&roster)?;
    /// # let lab = report.team("Lab").unwrap();
    /// assert!((lab.control() - 0.85).abs() < 1e-12); // (0.9 + 0.8 + 0.9 + 0.8) / 4
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn control(&self) -> f64 {
        self.control
    }

    /// `1 - |direction - control|`.
    ///
    /// ```
    /// # use rolebalance::{Analyzer, Member, Roster};
    /// # let roster: Roster = [
    /// #     Member::new("ana", "Lab", [0.9, 0.2, 0.8, 0.3, 0.7, 0.6, 0.6, 0.5])?,
    /// #     Member::new("bo", "Lab", [0.3, 0.9, 0.4, 0.8, 0.5, 0.9, 0.2, 0.8])?,
    /// # ].into_iter().collect();
    /// # let report = Analyzer::new().analyze(&roster)?;
    /// # let lab = report.team("Lab").unwrap();
    /// assert!((lab.balance() - 0.9).abs() < 1e-12);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn balance(&self) -> f64 {
        self.balance
    }

    /// `min(direction, control)`: the weaker side decides.
    ///
    /// ```
    /// # use rolebalance::{Analyzer, Member, Roster};
    /// # let roster: Roster = [
    /// #     Member::new("ana", "Lab", [0.9, 0.2, 0.8, 0.3, 0.7, 0.6, 0.6, 0.5])?,
    /// #     Member::new("bo", "Lab", [0.3, 0.9, 0.4, 0.8, 0.5, 0.9, 0.2, 0.8])?,
    /// # ].into_iter().collect();
    /// # let report = Analyzer::new().analyze(&roster)?;
    /// # let lab = report.team("Lab").unwrap();
    /// assert_eq!(lab.health(), lab.direction());
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn health(&self) -> f64 {
        self.health
    }

    /// The findings, most severe first (critical, warnings, info; within a
    /// severity: direction before control, poles in framework order).
    ///
    /// ```
    /// # use rolebalance::{Analyzer, Member, Roster};
    /// # let roster: Roster = [
    /// #     Member::new("ana", "Lab", [0.9, 0.2, 0.8, 0.3, 0.7, 0.6, 0.6, 0.5])?,
    /// #     Member::new("bo", "Lab", [0.3, 0.9, 0.4, 0.8, 0.5, 0.9, 0.2, 0.8])?,
    /// # ].into_iter().collect();
    /// # let report = Analyzer::new().analyze(&roster)?;
    /// # let lab = report.team("Lab").unwrap();
    /// assert_eq!(lab.findings().len(), 5);
    /// assert!(lab.findings().iter().all(|f| f.kind() == rolebalance::FindingKind::SinglePointOfFailure));
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }

    /// The `flags` cell of the summary table: the findings' tokens joined by `;`.
    ///
    /// ```
    /// use rolebalance::{Analyzer, Member, Roster};
    /// let roster: Roster = [Member::new("a", "T", [0.9, 0.0, 0.9, 0.0, 0.9, 0.0, 0.9, 0.0])?]
    ///     .into_iter().collect();
    /// let r = Analyzer::new().analyze(&roster)?;
    /// assert_eq!(r.teams()[0].flags(),
    ///     "no_control;uncovered_pole:organize;uncovered_pole:execution;uncovered_pole:process;\
    ///      uncovered_pole:risk_management;single_point_of_failure:inspire;\
    ///      single_point_of_failure:vision;single_point_of_failure:people;\
    ///      single_point_of_failure:risk_taking;skewed:leadership");
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn flags(&self) -> String {
        let flags: Vec<String> = self.findings.iter().map(Finding::flag).collect();
        flags.join(";")
    }
}

/// The summary-table cells of one team computed straight from its
/// accumulator, without building a [`TeamReport`]: returns `(direction,
/// control, balance)` and writes the flags into `flags`. Gives exactly what
/// [`TeamReport::new`] then [`TeamReport::flags`] give (the same
/// operations in the same order).
pub(crate) fn summary_row(framework: &Framework, acc: &TeamAccumulator, flags: &mut String) -> (f64, f64, f64) {
    let bridge = acc.bridge.map(|(best, _)| best);
    summary_cells(framework, &acc.thresholds, acc.active, bridge, |i| acc.coverage(i), flags)
}

/// [`summary_row`] from a team's thresholds, active members, best bridge
/// score and `coverage` (of a pole, and without its top contributor, as
/// [`TeamAccumulator::coverage`] gives them).
pub(crate) fn summary_cells(
    framework: &Framework,
    t: &TeamThresholds,
    active: u64,
    bridge: Option<f64>,
    coverage: impl Fn(usize) -> (f64, f64),
    flags: &mut String,
) -> (f64, f64, f64) {
    let n = framework.pole_count();
    let (mut lead, mut nl, mut manage, mut nm) = (0.0, 0usize, 0.0, 0usize);
    for i in 0..n {
        let (c, _) = coverage(i);
        match Pole::from_index(i).side() {
            Side::Leadership => {
                lead += c;
                nl += 1;
            }
            Side::Management => {
                manage += c;
                nm += 1;
            }
        }
    }
    let d = if nl == 0 { 0.0 } else { lead / nl as f64 };
    let c = if nm == 0 { 0.0 } else { manage / nm as f64 };
    flags.clear();
    let mut token = |kind: FindingKind, detail: &str| {
        if !flags.is_empty() {
            flags.push(';');
        }
        flags.push_str(kind.as_str());
        if !detail.is_empty() {
            flags.push(':');
            flags.push_str(detail);
        }
    };
    if below(d, t.direction) {
        token(FindingKind::NoDirection, "");
    }
    if below(c, t.control) {
        token(FindingKind::NoControl, "");
    }
    let threshold = |i: usize| t.poles.get(i).copied().unwrap_or(0.5);
    for (i, name) in framework.pole_names().enumerate() {
        if below(coverage(i).0, threshold(i)) {
            token(FindingKind::UncoveredPole, name);
        }
    }
    for (i, name) in framework.pole_names().enumerate() {
        let (cov, without) = coverage(i);
        if reaches(cov, threshold(i)) && below(without, threshold(i)) {
            token(FindingKind::SinglePointOfFailure, name);
        }
    }
    for (side, gap) in [(Side::Leadership, d - c), (Side::Management, c - d)] {
        if above(gap, t.skew) {
            token(FindingKind::Skewed, side.as_str());
        }
    }
    if active >= 2 {
        if let Some(best) = bridge {
            if !reaches(best, t.bridge) {
                token(FindingKind::NoBridge, "");
            }
        }
    }
    (d, c, 1.0 - (d - c).abs())
}

/// The reports of every team of a roster, sorted by team (then teams before
/// rollups of the same name).
///
/// # Examples
///
/// ```
/// use rolebalance::{Analyzer, Member, Roster, Rollups};
/// let roster: Roster = [
///     Member::new("a", "Acme/Ops", [0.2, 0.9, 0.3, 0.8, 0.2, 0.9, 0.1, 0.9])?,
///     Member::new("b", "Acme/Lab", [0.9, 0.2, 0.9, 0.3, 0.8, 0.2, 0.9, 0.1])?,
/// ].into_iter().collect();
/// let report = Analyzer::new().rollups(Rollups::Include).analyze(&roster)?;
/// let names: Vec<&str> = report.teams().iter().map(|t| t.team()).collect();
/// assert_eq!(names, ["Acme/*", "Acme/Lab", "Acme/Ops"]);
/// let mut csv = Vec::new();
/// report.write_summary_csv(&mut csv)?;
/// assert!(csv.starts_with(b"team,members,total_weight,direction,control,balance,flags\n"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub(crate) model: Coverage,
    pub(crate) teams: Vec<TeamReport>,
}

impl Report {
    /// The coverage model used.
    ///
    /// ```
    /// # use rolebalance::{Analyzer, Member, Roster};
    /// # let roster: Roster = [
    /// #     Member::new("ana", "Lab", [0.9, 0.2, 0.8, 0.3, 0.7, 0.6, 0.6, 0.5])?,
    /// #     Member::new("bo", "Lab", [0.3, 0.9, 0.4, 0.8, 0.5, 0.9, 0.2, 0.8])?,
    /// # ].into_iter().collect();
    /// # let report = Analyzer::new().analyze(&roster)?;
    /// # let lab = report.team("Lab").unwrap();
    /// assert_eq!(report.model(), rolebalance::Coverage::Strongest);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn model(&self) -> Coverage {
        self.model
    }

    /// The team reports, sorted by team.
    ///
    /// ```
    /// # use rolebalance::{Analyzer, Member, Roster};
    /// # let roster: Roster = [
    /// #     Member::new("ana", "Lab", [0.9, 0.2, 0.8, 0.3, 0.7, 0.6, 0.6, 0.5])?,
    /// #     Member::new("bo", "Lab", [0.3, 0.9, 0.4, 0.8, 0.5, 0.9, 0.2, 0.8])?,
    /// # ].into_iter().collect();
    /// # let report = Analyzer::new().analyze(&roster)?;
    /// # let lab = report.team("Lab").unwrap();
    /// assert_eq!(report.teams()[0].team(), "Lab");
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn teams(&self) -> &[TeamReport] {
        &self.teams
    }

    /// Mutable team reports (for adding finding confidences).
    ///
    /// ```
    /// # use rolebalance::{Analyzer, Member, Roster};
    /// # let roster: Roster = [
    /// #     Member::new("ana", "Lab", [0.9, 0.2, 0.8, 0.3, 0.7, 0.6, 0.6, 0.5])?,
    /// #     Member::new("bo", "Lab", [0.3, 0.9, 0.4, 0.8, 0.5, 0.9, 0.2, 0.8])?,
    /// # ].into_iter().collect();
    /// let mut report = Analyzer::new().analyze(&roster)?;
    /// assert_eq!(report.teams_mut().len(), 1);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn teams_mut(&mut self) -> &mut [TeamReport] {
        &mut self.teams
    }

    /// The report of the team (not rollup) called `team`.
    ///
    /// ```
    /// # use rolebalance::{Analyzer, Member, Roster};
    /// # let roster: Roster = [
    /// #     Member::new("ana", "Lab", [0.9, 0.2, 0.8, 0.3, 0.7, 0.6, 0.6, 0.5])?,
    /// #     Member::new("bo", "Lab", [0.3, 0.9, 0.4, 0.8, 0.5, 0.9, 0.2, 0.8])?,
    /// # ].into_iter().collect();
    /// # let report = Analyzer::new().analyze(&roster)?;
    /// # let lab = report.team("Lab").unwrap();
    /// assert!(report.team("Lab").is_some());
    /// assert!(report.team("Ops").is_none());
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn team(&self, team: &str) -> Option<&TeamReport> {
        self.teams.iter().find(|t| t.team == team && t.level == Level::Team)
    }

    /// The number of reports.
    ///
    /// ```
    /// # use rolebalance::{Analyzer, Member, Roster};
    /// # let roster: Roster = [
    /// #     Member::new("ana", "Lab", [0.9, 0.2, 0.8, 0.3, 0.7, 0.6, 0.6, 0.5])?,
    /// #     Member::new("bo", "Lab", [0.3, 0.9, 0.4, 0.8, 0.5, 0.9, 0.2, 0.8])?,
    /// # ].into_iter().collect();
    /// # let report = Analyzer::new().analyze(&roster)?;
    /// # let lab = report.team("Lab").unwrap();
    /// assert_eq!(report.len(), 1);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn len(&self) -> usize {
        self.teams.len()
    }

    /// Whether there are no reports.
    ///
    /// ```
    /// let report = rolebalance::Analyzer::new().analyze(&rolebalance::Roster::default())?;
    /// assert!(report.is_empty());
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.teams.is_empty()
    }

    /// Writes the summary table of DESIGN.md section 5:
    /// `team,members,total_weight,direction,control,balance,flags`, one row
    /// per report in order, numbers written so that they read back as the
    /// same `f64`: the shortest such digits (from `ryu`), in positional
    /// notation (`0.0000001`, `1`). That is what `format!("{x}")` writes but
    /// for ties: when two shortest forms are equally close to the number,
    /// the one with the even last digit (as `serde_json` writes it). Fields
    /// are quoted as the `csv` crate's writer quotes them.
    ///
    /// # Errors
    ///
    /// The writer's I/O errors.
    ///
    /// ```
    /// # use rolebalance::{Analyzer, Member, Roster};
    /// # let roster: Roster = [
    /// #     Member::new("ana", "Lab", [0.9, 0.2, 0.8, 0.3, 0.7, 0.6, 0.6, 0.5])?,
    /// #     Member::new("bo", "Lab", [0.3, 0.9, 0.4, 0.8, 0.5, 0.9, 0.2, 0.8])?,
    /// # ].into_iter().collect();
    /// # let report = Analyzer::new().analyze(&roster)?;
    /// # let lab = report.team("Lab").unwrap();
    /// let mut out = Vec::new();
    /// report.write_summary_csv(&mut out)?;
    /// let text = String::from_utf8(out)?;
    /// assert_eq!(text.lines().count(), 2);
    /// assert!(text.lines().nth(1).unwrap().starts_with("Lab,2,2,"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn write_summary_csv<W: io::Write>(&self, mut writer: W) -> io::Result<()> {
        let mut out = crate::io::csvout::SUMMARY_HEADER.to_vec();
        for t in &self.teams {
            let flags = t.flags();
            crate::io::csvout::push_summary_row(
                &mut out,
                t.team.as_bytes(),
                t.members,
                t.total_weight,
                t.direction,
                t.control,
                t.balance,
                &flags,
            );
            if out.len() >= 1 << 16 {
                writer.write_all(&out)?;
                out.clear();
            }
        }
        writer.write_all(&out)?;
        writer.flush()
    }
}

impl<'a> IntoIterator for &'a Report {
    type Item = &'a TeamReport;
    type IntoIter = std::slice::Iter<'a, TeamReport>;
    fn into_iter(self) -> Self::IntoIter {
        self.teams.iter()
    }
}

impl IntoIterator for Report {
    type Item = TeamReport;
    type IntoIter = std::vec::IntoIter<TeamReport>;
    fn into_iter(self) -> Self::IntoIter {
        self.teams.into_iter()
    }
}
