//! Team reports and the organisation report.
//!
//! A [`TeamReport`] keeps a team's numbers compactly (one allocation for
//! its per-pole numbers, one for the ids it names, its name); its findings
//! are decided from them when asked for, by the one evaluator of
//! [`findings`](crate::analysis::findings).

use std::io;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::analysis::confidence::Confidences;
use crate::analysis::findings::{evaluate, Finding, Flagged, Numbers};
use crate::engine::accumulator::{TeamAccumulator, TeamState};
use crate::engine::errors::ErrorState;
use crate::engine::kernel;
use crate::model::coverage::Coverage;
use crate::model::framework::{Framework, Side};
use crate::model::team::Level;
use crate::model::thresholds::{TeamThresholds, Thresholds};

/// One pole's coverage in a team: a view into its [`TeamReport`].
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
/// assert_eq!((vision.coverage(), vision.depth()), (0.8, 1));
/// assert_eq!(vision.top_contributor(), Some("ana"));
/// assert_eq!(vision.coverage_without_top(), 0.4);
/// # Ok::<(), rolebalance::Error>(())
/// ```
#[derive(Debug, Clone, Copy)]
pub struct PoleReport<'a> {
    team: &'a TeamReport,
    index: usize,
    numbers: &'a PoleNumbers,
}

/// A pole's numbers in a [`TeamReport`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct PoleNumbers {
    pub(crate) coverage: f64,
    pub(crate) without: f64,
    pub(crate) top_contribution: f64,
    pub(crate) depth: u64,
    /// The top contributor's id in the team report's `ids`.
    pub(crate) top: Option<(u32, u32)>,
}

impl<'a> PoleReport<'a> {
    /// The pole's name.
    ///
    /// ```
    /// # let roster: rolebalance::Roster = [rolebalance::Member::new("a", "T", [0.5; 8])?].into_iter().collect();
    /// # let report = rolebalance::Analyzer::new().analyze(&roster)?;
    /// assert_eq!(report.teams()[0].poles().nth(1).unwrap().pole(), "organize");
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn pole(&self) -> &'a str {
        self.team.names.get(self.index).map_or("", String::as_str)
    }

    /// The pole's number in the framework (`2 × dimension + side`).
    ///
    /// ```
    /// # let roster: rolebalance::Roster = [rolebalance::Member::new("a", "T", [0.5; 8])?].into_iter().collect();
    /// # let report = rolebalance::Analyzer::new().analyze(&roster)?;
    /// assert_eq!(report.teams()[0].pole("vision").unwrap().index(), 2);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn index(&self) -> usize {
        self.index
    }

    /// The pole's side.
    ///
    /// ```
    /// # let roster: rolebalance::Roster = [rolebalance::Member::new("a", "T", [0.5; 8])?].into_iter().collect();
    /// # let report = rolebalance::Analyzer::new().analyze(&roster)?;
    /// assert_eq!(report.teams()[0].pole("vision").unwrap().side(), rolebalance::Side::Leadership);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn side(&self) -> Side {
        kernel::side_of(self.index)
    }

    /// The coverage `C` in [0, 1].
    ///
    /// ```
    /// # let roster: rolebalance::Roster = [rolebalance::Member::new("a", "T", [0.5; 8])?].into_iter().collect();
    /// # let report = rolebalance::Analyzer::new().analyze(&roster)?;
    /// assert_eq!(report.teams()[0].pole("vision").unwrap().coverage(), 0.5);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn coverage(&self) -> f64 {
        self.numbers.coverage
    }

    /// The pole threshold that applied.
    ///
    /// ```
    /// # let roster: rolebalance::Roster = [rolebalance::Member::new("a", "T", [0.5; 8])?].into_iter().collect();
    /// # let report = rolebalance::Analyzer::new().analyze(&roster)?;
    /// assert_eq!(report.teams()[0].pole("vision").unwrap().threshold(), 0.5);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn threshold(&self) -> f64 {
        self.team.thresholds.pole(self.index)
    }

    /// The coverage model that applied to the pole.
    ///
    /// ```
    /// # let roster: rolebalance::Roster = [rolebalance::Member::new("a", "T", [0.5; 8])?].into_iter().collect();
    /// # let report = rolebalance::Analyzer::new().analyze(&roster)?;
    /// assert_eq!(report.teams()[0].pole("vision").unwrap().model(), rolebalance::Coverage::Strongest);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn model(&self) -> Coverage {
        self.team.thresholds.model(self.index)
    }

    /// How many members alone reach the threshold (`c >= threshold`).
    ///
    /// ```
    /// # let roster: rolebalance::Roster = [rolebalance::Member::new("a", "T", [0.5; 8])?].into_iter().collect();
    /// # let report = rolebalance::Analyzer::new().analyze(&roster)?;
    /// assert_eq!(report.teams()[0].pole("vision").unwrap().depth(), 1);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn depth(&self) -> u64 {
        self.numbers.depth
    }

    /// The member with the largest contribution (the first in roster order
    /// among equals); `None` for an empty team.
    ///
    /// ```
    /// # let roster: rolebalance::Roster = [rolebalance::Member::new("a", "T", [0.5; 8])?].into_iter().collect();
    /// # let report = rolebalance::Analyzer::new().analyze(&roster)?;
    /// assert_eq!(report.teams()[0].pole("vision").unwrap().top_contributor(), Some("a"));
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn top_contributor(&self) -> Option<&'a str> {
        if self.team.anonymous {
            return None;
        }
        let (from, to) = self.numbers.top?;
        self.team.ids.get(from as usize..to as usize)
    }

    /// The top contributor's contribution `weight × strength`.
    ///
    /// ```
    /// # let roster: rolebalance::Roster = [rolebalance::Member::new("a", "T", [0.5; 8])?].into_iter().collect();
    /// # let report = rolebalance::Analyzer::new().analyze(&roster)?;
    /// assert_eq!(report.teams()[0].pole("vision").unwrap().top_contribution(), 0.5);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn top_contribution(&self) -> f64 {
        self.numbers.top_contribution
    }

    /// The coverage without the top contributor.
    ///
    /// ```
    /// # let roster: rolebalance::Roster = [rolebalance::Member::new("a", "T", [0.5; 8])?].into_iter().collect();
    /// # let report = rolebalance::Analyzer::new().analyze(&roster)?;
    /// assert_eq!(report.teams()[0].pole("vision").unwrap().coverage_without_top(), 0.0);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn coverage_without_top(&self) -> f64 {
        self.numbers.without
    }
}

impl PartialEq for PoleReport<'_> {
    fn eq(&self, other: &PoleReport<'_>) -> bool {
        self.pole() == other.pole()
            && self.numbers.coverage.to_bits() == other.numbers.coverage.to_bits()
            && self.numbers.without.to_bits() == other.numbers.without.to_bits()
            && self.numbers.top_contribution.to_bits() == other.numbers.top_contribution.to_bits()
            && self.depth() == other.depth()
            && self.top_contributor() == other.top_contributor()
            && self.threshold().to_bits() == other.threshold().to_bits()
            && self.model() == other.model()
    }
}

/// The serialised form of a pole.
#[derive(Serialize, Deserialize)]
struct PoleData {
    pole: String,
    side: Side,
    coverage: f64,
    threshold: f64,
    depth: u64,
    top_contributor: Option<String>,
    top_contribution: f64,
    coverage_without_top: f64,
    /// Only where the pole's model is not the team's.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    model: Option<Coverage>,
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
/// assert_eq!(core.pole("vision").unwrap().top_contributor(), Some("ana"));
/// # Ok::<(), rolebalance::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct TeamReport {
    pub(crate) team: String,
    pub(crate) level: Level,
    pub(crate) members: u64,
    pub(crate) active_members: u64,
    pub(crate) total_weight: f64,
    pub(crate) model: Coverage,
    /// The framework's pole names, shared by every report of an analysis.
    pub(crate) names: Arc<[String]>,
    pub(crate) thresholds: Arc<TeamThresholds>,
    pub(crate) poles: Vec<PoleNumbers>,
    /// The ids the report names (top contributors, the closest bridge).
    pub(crate) ids: String,
    pub(crate) direction: f64,
    pub(crate) control: f64,
    pub(crate) balance: f64,
    pub(crate) health: f64,
    /// The best bridge score of an active member, and that member's id in `ids`.
    pub(crate) bridge: Option<(f64, Option<(u32, u32)>)>,
    /// The confidence of each finding, in order, when measurement error was given.
    pub(crate) confidences: Option<Vec<f64>>,
    /// Whether the report names nobody (the organisation audience): its
    /// findings speak of roles, it has no top contributor.
    pub(crate) anonymous: bool,
}

/// The pole names of `framework`, to share among reports.
pub(crate) fn pole_names(framework: &Framework) -> Arc<[String]> {
    framework.pole_names().map(str::to_string).collect()
}

impl TeamReport {
    /// The report of a team (or rollup) from its totals.
    pub(crate) fn build(
        names: &Arc<[String]>,
        team: String,
        level: Level,
        model: Coverage,
        state: &TeamState,
        thresholds: &Arc<TeamThresholds>,
        error: Option<&ErrorState>,
    ) -> TeamReport {
        let mut report = TeamReport {
            team,
            level,
            members: 0,
            active_members: 0,
            total_weight: 0.0,
            model,
            names: Arc::clone(names),
            thresholds: Arc::clone(thresholds),
            poles: Vec::with_capacity(state.poles.len()),
            ids: String::new(),
            direction: 0.0,
            control: 0.0,
            balance: 0.0,
            health: 0.0,
            bridge: None,
            confidences: None,
            anonymous: false,
        };
        report.fill(state, error);
        report
    }

    /// Makes this report (whose allocations are reused) the report of
    /// `name` with totals `state`, thresholds `thresholds` and error sums
    /// `error`, keeping its model and pole names.
    pub(crate) fn refill(
        &mut self,
        name: crate::engine::tally::Name<'_>,
        state: &TeamState,
        thresholds: &Arc<TeamThresholds>,
        error: Option<&ErrorState>,
    ) {
        self.team.clear();
        self.team.push_str(name.head);
        if name.level == Level::Rollup {
            self.team.push_str("/*");
        }
        self.level = name.level;
        if !Arc::ptr_eq(&self.thresholds, thresholds) {
            self.thresholds = Arc::clone(thresholds);
        }
        self.fill(state, error);
    }

    /// Writes the numbers of `state` into this report (whose allocations
    /// are reused), keeping its name, level, model and thresholds.
    pub(crate) fn fill(&mut self, state: &TeamState, error: Option<&ErrorState>) {
        let totals = &state.totals;
        self.members = totals.members;
        self.active_members = totals.active;
        self.total_weight = totals.total_weight.value();
        self.poles.clear();
        self.ids.clear();
        let id_range = |ids: &mut String, id: &str| -> Option<(u32, u32)> {
            if id.is_empty() {
                return None;
            }
            let from = u32::try_from(ids.len()).ok()?;
            ids.push_str(id);
            Some((from, u32::try_from(ids.len()).ok()?))
        };
        for (i, p) in state.poles.iter().enumerate() {
            let (coverage, without) = kernel::coverage(self.thresholds.model(i), p, totals);
            let empty = p.top <= kernel::NO_TOP;
            let top_id = state.top_id.get(i).map_or("", String::as_str);
            let top = if empty { None } else { id_range(&mut self.ids, top_id).or(Some((0, 0))) };
            self.poles.push(PoleNumbers { coverage, without, top_contribution: p.top.max(0.0), depth: p.depth, top });
        }
        let (d, c) = kernel::sides(self.poles.iter().map(|p| p.coverage));
        self.direction = d;
        self.control = c;
        self.balance = kernel::balance(d, c);
        self.health = kernel::health(d, c);
        self.bridge = totals.best_bridge().map(|b| (b, id_range(&mut self.ids, &state.bridge_id)));
        self.confidences = error.map(|e| {
            let conf = Confidences::new(state, &self.thresholds, e);
            let mut out = Vec::new();
            self.flagged(|f| out.push(conf.of(&f)));
            out
        });
    }

    /// The report of `team` from a public accumulator.
    pub(crate) fn of_accumulator(
        framework: &Framework,
        team: String,
        level: Level,
        acc: &TeamAccumulator,
    ) -> TeamReport {
        TeamReport::build(
            &pole_names(framework),
            team,
            level,
            acc.model,
            &acc.state,
            &acc.thresholds,
            acc.error.as_deref(),
        )
    }

    /// This report without anything about one person, for the
    /// organisation audience: no ids, no top contribution or coverage
    /// without the top contributor (both are one member's numbers), no
    /// best bridge score, no confidences; findings that speak of roles.
    pub(crate) fn anonymised(&self) -> TeamReport {
        let mut t = self.clone();
        t.ids.clear();
        for p in &mut t.poles {
            p.top = None;
        }
        t.bridge = t.bridge.map(|(b, _)| (b, None));
        t.confidences = None;
        t.anonymous = true;
        t
    }

    /// The framework's pole names, in pole order.
    pub(crate) fn pole_names(&self) -> &[String] {
        &self.names
    }

    /// The per-pole `(coverage, coverage without the top contributor)`.
    fn coverages(&self) -> Vec<(f64, f64)> {
        self.poles.iter().map(|p| (p.coverage, p.without)).collect()
    }

    /// Reports each finding to `sink`, in order (see [`evaluate`]).
    pub(crate) fn flagged(&self, sink: impl FnMut(Flagged)) {
        let poles = self.coverages();
        let numbers = Numbers {
            direction: self.direction,
            control: self.control,
            active: self.active_members,
            bridge: self.bridge.map(|(b, _)| b),
            thresholds: &self.thresholds,
            poles: &poles,
        };
        evaluate(&numbers, sink);
    }

    /// The id at `range` of `ids`.
    fn id(&self, range: Option<(u32, u32)>) -> Option<&str> {
        let (from, to) = range?;
        self.ids.get(from as usize..to as usize)
    }

    /// The finding `f` names: a pole's top contributor, the closest bridge.
    fn finding(&self, f: Flagged, confidence: Option<f64>) -> Finding {
        let pole = f.pole.and_then(|p| self.names.get(p)).cloned();
        let member = match f.kind {
            _ if self.anonymous => None,
            crate::FindingKind::SinglePointOfFailure => {
                Some(self.id(f.pole.and_then(|p| self.poles.get(p)).and_then(|p| p.top)).unwrap_or("").to_string())
            }
            crate::FindingKind::NoBridge => Some(self.id(self.bridge.and_then(|(_, r)| r)).unwrap_or("").to_string()),
            _ => None,
        };
        Finding {
            kind: f.kind,
            pole,
            side: f.side,
            member,
            value: f.value,
            coverage: f.coverage,
            threshold: f.threshold,
            confidence,
        }
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
    /// assert_eq!(lab.poles().nth(1).unwrap().pole(), "organize");
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn poles(&self) -> Poles<'_> {
        Poles { team: self, range: 0..self.poles.len() }
    }

    /// Pole number `i` (`2 × dimension + side`).
    ///
    /// ```
    /// # let roster: rolebalance::Roster = [rolebalance::Member::new("a", "T", [0.5; 8])?].into_iter().collect();
    /// # let report = rolebalance::Analyzer::new().analyze(&roster)?;
    /// assert_eq!(report.teams()[0].pole_at(3).unwrap().pole(), "execution");
    /// assert!(report.teams()[0].pole_at(8).is_none());
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn pole_at(&self, i: usize) -> Option<PoleReport<'_>> {
        self.poles.get(i).map(|numbers| PoleReport { team: self, index: i, numbers })
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
    /// assert_eq!(lab.pole("organize").unwrap().coverage(), 0.9);
    /// assert!(lab.pole("charisma").is_none());
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn pole(&self, name: &str) -> Option<PoleReport<'_>> {
        self.pole_at(self.names.iter().position(|n| n == name)?)
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
    /// assert!(lab.findings().into_iter().all(|f| f.kind() == rolebalance::FindingKind::SinglePointOfFailure));
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn findings(&self) -> Vec<Finding> {
        let mut out = Vec::new();
        let confidences = self.confidences.as_deref().unwrap_or_default();
        self.flagged(|f| {
            let c = confidences.get(out.len()).copied();
            out.push(self.finding(f, c));
        });
        out
    }

    /// The number of findings of each severity: `(critical, warning, info)`,
    /// without building them.
    pub(crate) fn severity_counts(&self) -> (usize, usize, usize) {
        let mut n = (0, 0, 0);
        self.flagged(|f| match f.kind.severity() {
            crate::Severity::Critical => n.0 += 1,
            crate::Severity::Warning => n.1 += 1,
            crate::Severity::Info => n.2 += 1,
        });
        n
    }

    /// Whether the team has no finding.
    ///
    /// ```
    /// # let roster: rolebalance::Roster = [rolebalance::Member::new("a", "T", [0.9; 8])?].into_iter().collect();
    /// # let report = rolebalance::Analyzer::new().analyze(&roster)?;
    /// assert!(!report.teams()[0].is_sound()); // every pole rests on `a` alone
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn is_sound(&self) -> bool {
        let mut any = false;
        self.flagged(|_| any = true);
        !any
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
        let mut out = String::new();
        self.push_flags(&mut out);
        out
    }

    /// Writes the `flags` cell into `out` (emptied first).
    pub(crate) fn push_flags(&self, out: &mut String) {
        out.clear();
        self.flagged(|f| {
            if !out.is_empty() {
                out.push(';');
            }
            f.push_flag_named(&self.names, out);
        });
    }

    /// The thresholds and models that applied to the team.
    ///
    /// ```
    /// # let roster: rolebalance::Roster = [rolebalance::Member::new("a", "T", [0.5; 8])?].into_iter().collect();
    /// # let report = rolebalance::Analyzer::new().analyze(&roster)?;
    /// assert_eq!(report.teams()[0].thresholds().skew(), 0.3);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn thresholds(&self) -> &TeamThresholds {
        &self.thresholds
    }
}

/// The poles of a [`TeamReport`], in pole order: from [`TeamReport::poles`].
///
/// ```
/// # let roster: rolebalance::Roster = [rolebalance::Member::new("a", "T", [0.5; 8])?].into_iter().collect();
/// # let report = rolebalance::Analyzer::new().analyze(&roster)?;
/// let names: Vec<&str> = report.teams()[0].poles().map(|p| p.pole()).collect();
/// assert_eq!(names[..2], ["inspire", "organize"]);
/// # Ok::<(), rolebalance::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Poles<'a> {
    team: &'a TeamReport,
    range: std::ops::Range<usize>,
}

impl<'a> Iterator for Poles<'a> {
    type Item = PoleReport<'a>;
    fn next(&mut self) -> Option<PoleReport<'a>> {
        let i = self.range.next()?;
        self.team.pole_at(i)
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.range.size_hint()
    }
    fn nth(&mut self, n: usize) -> Option<PoleReport<'a>> {
        let i = self.range.nth(n)?;
        self.team.pole_at(i)
    }
}

impl DoubleEndedIterator for Poles<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        let i = self.range.next_back()?;
        self.team.pole_at(i)
    }
}

impl ExactSizeIterator for Poles<'_> {}

/// Two team reports are equal when they say the same: name, level, counts,
/// every pole's numbers, threshold and top contributor, the scores and the
/// findings (numbers compared bit for bit).
impl PartialEq for TeamReport {
    fn eq(&self, other: &TeamReport) -> bool {
        let bits = |a: f64, b: f64| a.to_bits() == b.to_bits();
        self.team == other.team
            && self.level == other.level
            && self.members == other.members
            && self.active_members == other.active_members
            && bits(self.total_weight, other.total_weight)
            && self.model == other.model
            && self.poles().eq(other.poles())
            && bits(self.direction, other.direction)
            && bits(self.control, other.control)
            && bits(self.balance, other.balance)
            && bits(self.health, other.health)
            && self.findings() == other.findings()
    }
}

/// The serialised form of a team report.
#[derive(Serialize, Deserialize)]
struct TeamData {
    team: String,
    level: Level,
    members: u64,
    active_members: u64,
    total_weight: f64,
    model: Coverage,
    poles: Vec<PoleData>,
    direction: f64,
    control: f64,
    balance: f64,
    health: f64,
    findings: Vec<Finding>,
}

impl TeamData {
    /// What the analysis never writes: a number outside its range, more
    /// active members than members, a pole named twice.
    fn check(&self) -> Result<(), String> {
        let team = crate::error::shown(&self.team);
        let unit = |name: &str, v: f64| -> Result<(), String> {
            if (0.0..=1.0).contains(&v) {
                Ok(())
            } else {
                Err(format!("team `{team}`: {name} {v} is out of range [0, 1]"))
            }
        };
        for (name, v) in [
            ("direction", self.direction),
            ("control", self.control),
            ("balance", self.balance),
            ("health", self.health),
        ] {
            unit(name, v)?;
        }
        if !(self.total_weight.is_finite() && self.total_weight >= 0.0) {
            return Err(format!("team `{team}`: total_weight {} is not a finite number >= 0", self.total_weight));
        }
        if self.active_members > self.members {
            return Err(format!("team `{team}`: {} active members of {} members", self.active_members, self.members));
        }
        let mut seen = std::collections::HashSet::new();
        for p in &self.poles {
            if !seen.insert(p.pole.as_str()) {
                return Err(format!("team `{team}`: pole `{}` named twice", crate::error::shown(&p.pole)));
            }
            for (name, v) in [
                ("coverage", p.coverage),
                ("threshold", p.threshold),
                ("top_contribution", p.top_contribution),
                ("coverage_without_top", p.coverage_without_top),
            ] {
                unit(&format!("pole `{}` {name}", crate::error::shown(&p.pole)), v)?;
            }
        }
        for f in &self.findings {
            unit(&format!("finding `{}` threshold", f.kind.as_str()), f.threshold)?;
            if !f.value.is_finite() {
                return Err(format!("team `{team}`: finding `{}` value {} is not finite", f.kind.as_str(), f.value));
            }
            if let Some(c) = f.confidence {
                unit(&format!("finding `{}` confidence", f.kind.as_str()), c)?;
            }
        }
        Ok(())
    }
}

impl Serialize for TeamReport {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let poles = self
            .poles()
            .map(|p| PoleData {
                pole: p.pole().to_string(),
                side: p.side(),
                coverage: p.coverage(),
                threshold: p.threshold(),
                depth: p.depth(),
                top_contributor: p.top_contributor().map(str::to_string),
                top_contribution: p.top_contribution(),
                coverage_without_top: p.coverage_without_top(),
                model: (p.model() != self.model).then_some(p.model()),
            })
            .collect();
        TeamData {
            team: self.team.clone(),
            level: self.level,
            members: self.members,
            active_members: self.active_members,
            total_weight: self.total_weight,
            model: self.model,
            poles,
            direction: self.direction,
            control: self.control,
            balance: self.balance,
            health: self.health,
            findings: self.findings(),
        }
        .serialize(s)
    }
}

/// Rebuilt from what the serialised form says: the pole thresholds and
/// models, and the direction, control, skew and bridge thresholds the
/// findings name (the defaults otherwise); the best bridge score from a
/// `no_bridge` finding.
impl<'de> Deserialize<'de> for TeamReport {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<TeamReport, D::Error> {
        let t = TeamData::deserialize(d)?;
        t.check().map_err(serde::de::Error::custom)?;
        let defaults = Thresholds::default();
        let named = |kind: crate::FindingKind| t.findings.iter().find(|f| f.kind == kind).map(|f| f.threshold);
        let skew = named(crate::FindingKind::Skewed).unwrap_or(defaults.skew());
        let thresholds = TeamThresholds {
            poles: t.poles.iter().map(|p| p.threshold).collect(),
            models: t.poles.iter().map(|p| p.model.unwrap_or(t.model)).collect(),
            direction: named(crate::FindingKind::NoDirection).unwrap_or(defaults.direction()),
            control: named(crate::FindingKind::NoControl).unwrap_or(defaults.control()),
            skew,
            bridge: named(crate::FindingKind::NoBridge).unwrap_or(defaults.bridge()),
        };
        let mut ids = String::new();
        let mut range = |id: &str| -> Option<(u32, u32)> {
            let from = u32::try_from(ids.len()).ok()?;
            ids.push_str(id);
            Some((from, u32::try_from(ids.len()).ok()?))
        };
        let poles: Vec<PoleNumbers> = t
            .poles
            .iter()
            .map(|p| PoleNumbers {
                coverage: p.coverage,
                without: p.coverage_without_top,
                top_contribution: p.top_contribution,
                depth: p.depth,
                top: p.top_contributor.as_deref().map(&mut range).unwrap_or(None),
            })
            .collect();
        let bridge = t
            .findings
            .iter()
            .find(|f| f.kind == crate::FindingKind::NoBridge)
            .map(|f| (f.value, f.member.as_deref().and_then(&mut range)));
        let confidences: Option<Vec<f64>> = t.findings.iter().map(|f| f.confidence).collect();
        Ok(TeamReport {
            team: t.team,
            level: t.level,
            members: t.members,
            active_members: t.active_members,
            total_weight: t.total_weight,
            model: t.model,
            names: t.poles.iter().map(|p| p.pole.clone()).collect(),
            thresholds: Arc::new(thresholds),
            poles,
            ids,
            direction: t.direction,
            control: t.control,
            balance: t.balance,
            health: t.health,
            bridge,
            confidences: confidences.filter(|c| !c.is_empty()),
            anonymous: false,
        })
    }
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
/// let names: Vec<&str> = report.iter().map(|t| t.team()).collect();
/// assert_eq!(names, ["Acme/*", "Acme/Lab", "Acme/Ops"]);
/// let mut csv = Vec::new();
/// report.write_summary_csv(&mut csv)?;
/// assert!(csv.starts_with(b"team,members,total_weight,direction,control,balance,flags\n"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub(crate) model: Coverage,
    pub(crate) teams: Vec<TeamReport>,
    /// The thresholds of the analysis (before requirements).
    pub(crate) thresholds: Thresholds,
}

/// The version of the JSON documents this crate writes (the top-level
/// `schema_version` of [`Report::write_json`](crate::Report::write_json),
/// [`Analysis::write_json`](crate::Analysis::write_json) and a
/// [`Report`](crate::Report)'s `Serialize`), described by
/// `schema/report.schema.json` in the repository.
///
/// It changes when a key is removed or renamed or a value changes meaning;
/// a key added to an object keeps the version (readers must ignore keys
/// they do not know). Reading a document of another version with
/// `Deserialize` is an error that names both versions.
///
/// ```
/// # use rolebalance::{Analyzer, Member, Roster};
/// let roster: Roster = [Member::new("a", "T", [0.9; 8])?].into_iter().collect();
/// let mut out = Vec::new();
/// Analyzer::new().analyze(&roster)?.write_json(&mut out, None)?;
/// let doc: serde_json::Value = serde_json::from_slice(&out)?;
/// assert_eq!(doc["schema_version"], rolebalance::SCHEMA_VERSION);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub const SCHEMA_VERSION: u32 = 1;

/// The serialised form of a report: the document
/// [`Report::write_json`] writes, without the read log.
#[derive(Serialize)]
struct ReportOut<'a> {
    schema_version: u32,
    model: Coverage,
    thresholds: &'a Thresholds,
    teams: &'a [TeamReport],
}

#[derive(Deserialize)]
struct ReportIn {
    schema_version: u32,
    model: Coverage,
    thresholds: Thresholds,
    teams: Vec<TeamReport>,
}

/// The document [`Report::write_json`] writes (`schema_version`, `model`,
/// `thresholds`, `teams`; see [`SCHEMA_VERSION`](crate::SCHEMA_VERSION)).
///
/// ```
/// # use rolebalance::{Analyzer, Member, Roster};
/// let roster: Roster = [Member::new("a", "T", [0.9; 8])?].into_iter().collect();
/// let report = Analyzer::new().analyze(&roster)?;
/// let mut written = Vec::new();
/// report.write_json(&mut written, None)?;
/// assert_eq!(serde_json::to_vec_pretty(&report)?, written.strip_suffix(b"\n").unwrap());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
impl Serialize for Report {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        ReportOut {
            schema_version: SCHEMA_VERSION,
            model: self.model,
            thresholds: &self.thresholds,
            teams: &self.teams,
        }
        .serialize(s)
    }
}

/// Reads the document back, checked: a `schema_version` other than
/// [`SCHEMA_VERSION`](crate::SCHEMA_VERSION), a number outside its range or
/// teams out of order is an error. The read log of
/// [`Report::write_json`] (`rows`, `log`) is ignored. With `serde_json`'s
/// `float_roundtrip` feature the report read back equals the one written.
///
/// ```
/// # use rolebalance::{Analyzer, Member, Roster};
/// let roster: Roster = [Member::new("a", "T", [0.9; 8])?].into_iter().collect();
/// let report = Analyzer::new().analyze(&roster)?;
/// let back: rolebalance::Report = serde_json::from_str(&serde_json::to_string(&report)?)?;
/// assert_eq!(back.team("T").unwrap().direction(), report.team("T").unwrap().direction());
/// let old = r#"{"schema_version": 0, "model": "strongest", "thresholds": {"pole": 0.5, "direction": 0.5,
///     "control": 0.5, "skew": 0.3, "bridge": 0.4}, "teams": []}"#;
/// let err = serde_json::from_str::<rolebalance::Report>(old).unwrap_err();
/// assert!(err.to_string().starts_with("unsupported schema_version 0: this version reads 1"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
impl<'de> Deserialize<'de> for Report {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Report, D::Error> {
        use serde::de::Error as _;
        let r = ReportIn::deserialize(d)?;
        let version = SCHEMA_VERSION;
        if r.schema_version != version {
            return Err(D::Error::custom(format!(
                "unsupported schema_version {}: this version reads {version}",
                r.schema_version
            )));
        }
        for pair in r.teams.windows(2) {
            if let [a, b] = pair {
                if (a.team.as_str(), a.level) >= (b.team.as_str(), b.level) {
                    return Err(D::Error::custom(format!(
                        "teams out of order: `{}` before `{}`",
                        crate::error::shown(&a.team),
                        crate::error::shown(&b.team)
                    )));
                }
            }
        }
        Ok(Report { model: r.model, teams: r.teams, thresholds: r.thresholds })
    }
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

    /// The team reports in order (the same as `teams().iter()`).
    ///
    /// ```
    /// # let roster: rolebalance::Roster = [rolebalance::Member::new("a", "T", [0.5; 8])?].into_iter().collect();
    /// let report = rolebalance::Analyzer::new().analyze(&roster)?;
    /// assert_eq!(report.iter().count(), 1);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn iter(&self) -> std::slice::Iter<'_, TeamReport> {
        self.teams.iter()
    }

    /// The thresholds the analysis used for every team without a
    /// requirement of its own (each team's are in
    /// [`TeamReport::thresholds`]): what charts draw.
    ///
    /// ```
    /// use rolebalance::{Analyzer, Thresholds};
    /// # let roster: rolebalance::Roster = [rolebalance::Member::new("a", "T", [0.5; 8])?].into_iter().collect();
    /// let report = Analyzer::new().thresholds(Thresholds::new().with("side", 0.6)?).analyze(&roster)?;
    /// assert_eq!(report.thresholds().direction(), 0.6);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn thresholds(&self) -> &Thresholds {
        &self.thresholds
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
        // Sorted by name, teams before rollups of the same name.
        let at = self.teams.binary_search_by(|t| t.team.as_str().cmp(team).then(t.level.cmp(&Level::Team))).ok()?;
        self.teams.get(at)
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

    /// Writes the summary table:
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
    pub fn write_summary_csv<W: io::Write>(&self, writer: W) -> io::Result<()> {
        self.write_summary_csv_with(writer, crate::io::csvout::CsvFormulas::default())
    }

    /// [`Report::write_summary_csv`], with a choice of what to do with team
    /// names a spreadsheet would take for formulas (see
    /// [`crate::CsvFormulas`]; the default neutralises them).
    ///
    /// # Errors
    ///
    /// The writer's I/O errors.
    pub fn write_summary_csv_with<W: io::Write>(
        &self,
        mut writer: W,
        formulas: crate::io::csvout::CsvFormulas,
    ) -> io::Result<()> {
        let mut out = crate::io::csvout::SUMMARY_HEADER.to_vec();
        let mut flags = String::new();
        for t in &self.teams {
            t.push_flags(&mut flags);
            crate::io::csvout::push_summary_row(
                &mut out,
                t.team.as_bytes(),
                t.members,
                t.total_weight,
                t.direction,
                t.control,
                t.balance,
                &flags,
                formulas,
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
