//! The analysis of a roster: an [`Analyzer`] collects the settings (model,
//! thresholds, requirement profiles, rollups, measurement error) and runs
//! the engine; reports are built from the engine's totals.

use std::sync::Arc;

use crate::analysis::report::{pole_names, Report, TeamReport};
use crate::engine::accumulator::{TeamAccumulator, TeamState};
use crate::engine::store::Keep;
use crate::engine::tally::Tally;
use crate::error::Error;
use crate::model::coverage::Coverage;
use crate::model::framework::Framework;
use crate::model::measurement::MeasurementError;
use crate::model::roster::Roster;
use crate::model::settings::{Rollups, Settings};
use crate::model::team::Level;
use crate::model::thresholds::{Requirements, TeamThresholds, Thresholds};

/// Analyses rosters: a coverage model, thresholds, requirement profiles and
/// whether to roll up.
///
/// Defaults: [`Coverage::Strongest`], [`Thresholds::default`], no
/// requirements, [`Rollups::Exclude`].
///
/// # Examples
///
/// ```
/// use rolebalance::{Analyzer, Coverage, Member, Requirements, Roster, Thresholds};
/// let roster: Roster = [
///     Member::new("ana", "Lab", [0.9, 0.2, 0.6, 0.3, 0.7, 0.6, 0.6, 0.5])?,
///     Member::new("bo", "Lab", [0.3, 0.9, 0.4, 0.8, 0.5, 0.9, 0.2, 0.8])?,
/// ].into_iter().collect();
/// let analyzer = Analyzer::new()
///     .model(Coverage::Pooled)
///     .thresholds(Thresholds::default().with("skew", 0.25)?)
///     .requirements(Requirements::new().require("Lab", "vision", 0.8)?);
/// let report = analyzer.analyze(&roster)?;
/// let lab = report.team("Lab").unwrap();
/// assert!((lab.pole("vision").unwrap().coverage() - 0.76).abs() < 1e-12);
/// assert_eq!(lab.findings()[0].flag(), "uncovered_pole:vision");
/// assert!(lab.flags().contains("single_point_of_failure:inspire"));
/// # Ok::<(), rolebalance::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Analyzer {
    settings: Settings,
    threads: Option<usize>,
}

impl Analyzer {
    /// The default analysis.
    ///
    /// ```
    /// let analyzer = rolebalance::Analyzer::new();
    /// assert_eq!(analyzer.coverage_model(), rolebalance::Coverage::Strongest);
    /// ```
    pub fn new() -> Analyzer {
        Analyzer::default()
    }

    /// Uses coverage model `model`.
    ///
    /// ```
    /// use rolebalance::{Analyzer, Coverage};
    /// assert_eq!(Analyzer::new().model(Coverage::Average).coverage_model(), Coverage::Average);
    /// ```
    pub fn model(mut self, model: Coverage) -> Analyzer {
        self.settings.model = model;
        self
    }

    /// Uses `thresholds` for every team without a requirement.
    ///
    /// ```
    /// use rolebalance::{Analyzer, Thresholds};
    /// let analyzer = Analyzer::new().thresholds(Thresholds::default().with("pole", 0.6)?);
    /// assert_eq!(analyzer.thresholds_for("Any").pole_threshold("vision"), 0.6);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn thresholds(mut self, thresholds: Thresholds) -> Analyzer {
        self.settings.thresholds = thresholds;
        self
    }

    /// Uses per-team requirement profiles.
    ///
    /// ```
    /// use rolebalance::{Analyzer, Requirements};
    /// let analyzer = Analyzer::new().requirements(Requirements::new().require("Acme/Ops", "skew", 0.2)?);
    /// assert_eq!(analyzer.thresholds_for("Acme/Ops/Night").skew(), 0.2);
    /// assert_eq!(analyzer.thresholds_for("Acme/Lab").skew(), 0.3);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn requirements(mut self, requirements: Requirements) -> Analyzer {
        self.settings.requirements = requirements;
        self
    }

    /// Whether to report rollups.
    ///
    /// ```
    /// use rolebalance::{Analyzer, Member, Rollups, Roster};
    /// let roster: Roster = [Member::new("a", "Acme/Lab", [0.5; 8])?].into_iter().collect();
    /// assert_eq!(Analyzer::new().rollups(Rollups::Include).analyze(&roster)?.len(), 2);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn rollups(mut self, rollups: Rollups) -> Analyzer {
        self.settings.rollups = rollups;
        self
    }

    /// Gives every finding a confidence: the probability that the true
    /// value lies on the flagged side of its threshold, given the standard
    /// error of measurement of every pole (see [`MeasurementError`] for the
    /// model, and [`ReliabilityReport::measurement_error`](crate::ReliabilityReport::measurement_error)
    /// to take it from a questionnaire). The accumulators then also carry
    /// a few error sums per pole.
    pub fn measurement_error(mut self, error: MeasurementError) -> Analyzer {
        self.settings.error = Some(error);
        self
    }

    /// Analyses on at most `n` threads (at least 1; default: the machine's
    /// cores). The result does not depend on it.
    ///
    /// ```
    /// # let roster: rolebalance::Roster = [rolebalance::Member::new("a", "T", [0.5; 8])?].into_iter().collect();
    /// let one = rolebalance::Analyzer::new().threads(1).analyze(&roster)?;
    /// assert_eq!(one, rolebalance::Analyzer::new().analyze(&roster)?);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn threads(mut self, n: usize) -> Analyzer {
        self.threads = Some(n.max(1));
        self
    }

    /// The coverage model.
    ///
    /// ```
    /// use rolebalance::{Analyzer, Coverage};
    /// assert_eq!(Analyzer::new().model(Coverage::Pooled).coverage_model(), Coverage::Pooled);
    /// ```
    pub fn coverage_model(&self) -> Coverage {
        self.settings.model
    }

    /// The settings the engine reads.
    pub(crate) fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The thresholds for `team`: the analysis' with every requirement that
    /// applies to it.
    ///
    /// ```
    /// use rolebalance::{Analyzer, Requirements};
    /// let analyzer = Analyzer::new().requirements(Requirements::new().require("Acme", "skew", 0.2)?);
    /// assert_eq!(analyzer.thresholds_for("Acme/Lab").skew(), 0.2);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn thresholds_for(&self, team: &str) -> Thresholds {
        self.settings.thresholds_for(team)
    }

    /// The thresholds and models of `team`, one per pole of `framework`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::UnknownThreshold`](crate::ErrorKind::UnknownThreshold)
    /// for a threshold or model of a pole the framework does not have.
    ///
    /// ```
    /// use rolebalance::{Analyzer, Framework};
    /// let t = Analyzer::new().team_thresholds(&Framework::leadership_management(), "T")?;
    /// assert_eq!(t.poles().len(), 8);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn team_thresholds(&self, framework: &Framework, team: &str) -> Result<TeamThresholds, Error> {
        self.settings.team_thresholds(framework, team)
    }

    /// An empty accumulator for `team`, with its thresholds, for
    /// `framework` (see [`TeamAccumulator`]).
    ///
    /// # Errors
    ///
    /// As [`Analyzer::team_thresholds`], and
    /// [`ErrorKind::MeasurementError`](crate::ErrorKind::MeasurementError)
    /// when the measurement error does not fit the framework.
    ///
    /// ```
    /// use rolebalance::{Analyzer, Framework};
    /// let acc = Analyzer::new().accumulator(&Framework::leadership_management(), "T")?;
    /// assert_eq!(acc.members(), 0);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn accumulator(&self, framework: &Framework, team: &str) -> Result<TeamAccumulator, Error> {
        let t = self.settings.team_thresholds(framework, team)?;
        if let Some(e) = &self.settings.error {
            e.check(framework)?;
        }
        let needs = crate::engine::needs(&self.settings);
        Ok(TeamAccumulator::new(self.settings.model, needs, Arc::new(t), self.settings.error.as_ref()))
    }

    /// The report of `team` from its accumulator.
    ///
    /// ```
    /// use rolebalance::{Analyzer, Framework, Member};
    /// let (fw, analyzer) = (Framework::leadership_management(), Analyzer::new());
    /// let mut acc = analyzer.accumulator(&fw, "T")?;
    /// acc.add(&Member::new("a", "T", [0.9; 8])?, 0)?;
    /// assert_eq!(analyzer.report(&fw, "T", &acc).direction(), 0.9);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn report(&self, framework: &Framework, team: &str, acc: &TeamAccumulator) -> TeamReport {
        TeamReport::of_accumulator(framework, team.to_string(), Level::Team, acc)
    }

    /// Analyses every team of `roster` (and every rollup, with
    /// [`Rollups::Include`]): a [`Report`] sorted by team. The members are
    /// added in roster order, in parallel by team.
    ///
    /// # Errors
    ///
    /// A member without one strength per pole
    /// ([`ErrorKind::PoleCount`](crate::ErrorKind::PoleCount)), a
    /// threshold, model or measurement error that does not fit the
    /// roster's framework, and the same (`team`, `id`) pair twice
    /// ([`ErrorKind::DuplicatePair`](crate::ErrorKind::DuplicatePair)).
    ///
    /// ```
    /// use rolebalance::{Analyzer, Member, Roster};
    /// let roster: Roster = [Member::new("a", "T", [0.9; 8])?, Member::new("a", "T", [0.1; 8])?].into_iter().collect();
    /// let err = Analyzer::new().analyze(&roster).unwrap_err();
    /// assert_eq!(err.to_string(), "member `a` is listed twice in team `T`");
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn analyze(&self, roster: &Roster) -> Result<Report, Error> {
        let tally = crate::engine::memory::analyze(roster, &self.settings, self.keep(), self.thread_count())?;
        Ok(report_of(&tally, self.thread_count()))
    }

    /// Brings `report` up to date for `teams` after `roster` changed: each
    /// named team's report is made again from `roster` (and, with
    /// [`Rollups::Include`], the report of every rollup above it), added
    /// where a team is new and removed where it has no members left; every
    /// other report stays as it is. The result equals
    /// [`Analyzer::analyze`] of the changed roster when `teams` names every
    /// team whose members changed (a member who moved changed two teams).
    ///
    /// Use it to re-analyse a few teams of a large organisation: it reads
    /// the roster once and makes only the named reports. The report keeps
    /// its order, so [`Report::team`] still finds every team.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidOption`](crate::ErrorKind::InvalidOption) when
    /// `report` was made with another coverage model or other thresholds
    /// than this analyzer's; an invalid team path; and the errors of
    /// [`Analyzer::analyze`] for the named teams' members (the same id
    /// twice in a team, a member without one strength per pole). On an
    /// error `report` is left as it was.
    ///
    /// ```
    /// use rolebalance::{Analyzer, Member, Roster};
    /// let mut roster: Roster = [
    ///     Member::new("ana", "Lab", [0.9, 0.2, 0.9, 0.3, 0.8, 0.2, 0.9, 0.1])?,
    ///     Member::new("bo", "Ops", [0.2, 0.9, 0.3, 0.9, 0.3, 0.8, 0.1, 0.9])?,
    /// ].into_iter().collect();
    /// let analyzer = Analyzer::new();
    /// let mut report = analyzer.analyze(&roster)?;
    /// assert!(!report.team("Lab").unwrap().is_sound());
    /// // Bo joins Lab as well.
    /// roster.push(Member::new("bo", "Lab", [0.2, 0.9, 0.3, 0.9, 0.3, 0.8, 0.1, 0.9])?)?;
    /// analyzer.update(&mut report, &roster, &["Lab"])?;
    /// assert_eq!(report, analyzer.analyze(&roster)?);
    /// assert!(report.team("Lab").unwrap().control() > 0.8);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn update(&self, report: &mut Report, roster: &Roster, teams: &[&str]) -> Result<(), Error> {
        use std::collections::{BTreeMap, HashSet};
        if report.model() != self.settings.model || report.thresholds() != &self.settings.thresholds {
            return Err(crate::ErrorKind::InvalidOption {
                name: "report".to_string(),
                problem: "it was made with another coverage model or other thresholds than this analyzer's".to_string(),
            }
            .into());
        }
        if let Some(e) = roster.refused() {
            return Err(e);
        }
        let framework = roster.framework();
        self.settings.check(framework)?;
        // The reports to make, by (name, level), each with its accumulator.
        let mut wanted: BTreeMap<(&str, Level), (TeamAccumulator, HashSet<&str>, bool)> = BTreeMap::new();
        for &team in teams {
            crate::model::team::check(team).map_err(|problem| crate::ErrorKind::MemberValue {
                field: "team".to_string(),
                value: team.to_string(),
                problem,
            })?;
            let mut names = vec![(team, Level::Team)];
            if self.settings.rollups_included() {
                names.extend(crate::model::team::team_prefixes(team).map(|p| (p, Level::Rollup)));
            }
            for (name, level) in names {
                if let std::collections::btree_map::Entry::Vacant(slot) = wanted.entry((name, level)) {
                    slot.insert((self.accumulator(framework, name)?, HashSet::new(), false));
                }
            }
        }
        let rollups = self.settings.rollups_included() && wanted.keys().any(|(_, l)| *l == Level::Rollup);
        for (i, m) in roster.iter().enumerate() {
            if let Some((acc, ids, any)) = wanted.get_mut(&(m.team(), Level::Team)) {
                if !ids.insert(m.id()) {
                    return Err(
                        crate::ErrorKind::DuplicatePair { id: m.id().to_string(), team: m.team().to_string() }.into()
                    );
                }
                acc.add(m, i as u64)?;
                *any = true;
            }
            if rollups {
                for prefix in std::iter::once(m.team()).chain(crate::model::team::team_prefixes(m.team())) {
                    if let Some((acc, _, any)) = wanted.get_mut(&(prefix, Level::Rollup)) {
                        acc.add(m, i as u64)?;
                        *any = true;
                    }
                }
            }
        }
        for ((name, level), (acc, _, any)) in wanted {
            let shown = match level {
                Level::Rollup => format!("{name}/*"),
                _ => name.to_string(),
            };
            let at = report.teams.binary_search_by(|t| (t.team(), t.level()).cmp(&(shown.as_str(), level)));
            match (at, any) {
                (Ok(k), true) => {
                    if let Some(slot) = report.teams.get_mut(k) {
                        *slot = TeamReport::of_accumulator(framework, shown, level, &acc);
                    }
                }
                (Ok(k), false) => {
                    report.teams.remove(k);
                }
                (Err(k), true) => report.teams.insert(k, TeamReport::of_accumulator(framework, shown, level, &acc)),
                (Err(_), false) => {}
            }
        }
        Ok(())
    }

    /// What a full report keeps.
    pub(crate) fn keep(&self) -> Keep {
        let needs = crate::engine::needs(&self.settings);
        Keep {
            ids: true,
            ids_by_line: false,
            lines: self.settings.rollups_included(),
            seconds: needs.has(crate::engine::kernel::Needs::SECOND),
        }
    }

    /// The threads to use.
    pub(crate) fn thread_count(&self) -> usize {
        self.threads.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from)).clamp(1, 64)
    }
}

/// Below this many reports one thread builds them all.
const PARALLEL_REPORTS: usize = 20_000;

/// The reports of every team of `tally`, in its order, built on up to
/// `threads` threads.
pub(crate) fn report_of(tally: &Tally<'_>, threads: usize) -> Report {
    let names = pole_names(&tally.framework);
    let model = tally.settings.model;
    let build = |range: std::ops::Range<usize>| -> Vec<TeamReport> {
        let mut scratch = TeamState::new(tally.framework.pole_count());
        let mut out = Vec::with_capacity(range.len());
        for i in range {
            if let Some(v) = tally.view(i, &mut scratch) {
                out.push(TeamReport::build(
                    &names,
                    v.name.to_text(),
                    v.name.level,
                    model,
                    v.state,
                    v.thresholds,
                    v.error,
                ));
            }
        }
        out
    };
    let n = tally.len();
    let teams = if n < PARALLEL_REPORTS || threads <= 1 {
        build(0..n)
    } else {
        let step = n.div_ceil(threads);
        std::thread::scope(|scope| {
            let build = &build;
            let part = |k: usize| (k * step).min(n)..((k + 1) * step).min(n);
            let handles: Vec<_> = (1..threads).map(|k| (k, scope.spawn(move || build(part(k))))).collect();
            let mut teams = build(part(0));
            for (k, h) in handles {
                // A thread that failed leaves its part to this one.
                teams.extend(h.join().unwrap_or_else(|_| build(part(k))));
            }
            teams
        })
    };
    Report { model, teams, thresholds: tally.settings.thresholds.clone() }
}
