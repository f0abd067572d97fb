//! The analysis: thresholds and model applied to every team of a roster,
//! with rollups on request (DESIGN.md sections 3 to 6).

use std::collections::HashMap;
use std::sync::Arc;

use crate::analysis::confidence::MeasurementError;
use crate::analysis::report::{Level, Report, TeamReport};
use crate::engine::accumulator::{Coverage, TeamAccumulator};
use crate::error::{Error, ErrorKind};
use crate::model::framework::Framework;
use crate::model::roster::Roster;
use crate::model::team;
use crate::model::thresholds::{Requirements, Thresholds};

/// Whether an analysis also reports every team-path prefix.
///
/// ```
/// use rolebalance::{Analyzer, Member, Rollups, Roster};
/// let roster: Roster = [Member::new("a", "Acme/Lab", [0.5; 8])?].into_iter().collect();
/// let names = |r: Rollups| -> Result<Vec<String>, rolebalance::Error> {
///     Ok(Analyzer::new().rollups(r).analyze(&roster)?.teams().iter().map(|t| t.team().to_string()).collect())
/// };
/// assert_eq!(names(Rollups::Exclude)?, ["Acme/Lab"]);
/// assert_eq!(names(Rollups::Include)?, ["Acme/*", "Acme/Lab"]);
/// # Ok::<(), rolebalance::Error>(())
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Rollups {
    /// Only the teams as written in the roster.
    #[default]
    Exclude,
    /// Also one report per proper prefix `P` of a team path, named `P/*`,
    /// combining every member of `P` and the teams below it. A member listed
    /// in two teams below `P` counts twice in `P/*`, once per row, as the
    /// roster has them.
    Include,
}

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
/// assert!((lab.pole("vision").unwrap().coverage - 0.76).abs() < 1e-12);
/// assert_eq!(lab.findings()[0].flag(), "uncovered_pole:vision");
/// assert!(lab.flags().contains("single_point_of_failure:inspire"));
/// # Ok::<(), rolebalance::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct Analyzer {
    model: Coverage,
    thresholds: Thresholds,
    requirements: Requirements,
    rollups: Rollups,
    error: Option<MeasurementError>,
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
        self.model = model;
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
        self.thresholds = thresholds;
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
        self.requirements = requirements;
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
        self.rollups = rollups;
        self
    }

    /// Gives every finding a confidence: the probability that the true
    /// value lies on the flagged side of its threshold, given the standard
    /// error of measurement of every pole (see [`MeasurementError`] for the
    /// model, and [`ReliabilityReport::measurement_error`](crate::ReliabilityReport::measurement_error)
    /// to take it from a questionnaire). The accumulators then also carry
    /// a few error sums per pole.
    pub fn measurement_error(mut self, error: MeasurementError) -> Analyzer {
        self.error = Some(error);
        self
    }

    /// The coverage model.
    ///
    /// ```
    /// use rolebalance::{Analyzer, Coverage};
    /// assert_eq!(Analyzer::new().model(Coverage::Pooled).coverage_model(), Coverage::Pooled);
    /// ```
    pub fn coverage_model(&self) -> Coverage {
        self.model
    }

    /// Whether rollups are reported.
    pub(crate) fn rollups_included(&self) -> bool {
        self.rollups == Rollups::Include
    }

    /// Whether any team has its own requirements.
    pub(crate) fn has_requirements(&self) -> bool {
        !self.requirements.is_empty()
    }

    /// Checks the thresholds and requirements against `framework`.
    pub(crate) fn check(&self, framework: &Framework) -> Result<(), Error> {
        self.thresholds.resolve(framework)?;
        if let Some(e) = &self.error {
            e.check(framework)?;
        }
        self.requirements.check(framework)
    }

    /// Whether findings get confidences (the accumulators then carry
    /// measurement-error sums).
    pub(crate) fn has_measurement_error(&self) -> bool {
        self.error.is_some()
    }

    /// The thresholds of `team` (a team path): the base thresholds with the
    /// requirements for it and its prefixes applied.
    ///
    /// ```
    /// use rolebalance::{Analyzer, Requirements};
    /// let analyzer = Analyzer::new().requirements(Requirements::new().require("Acme", "vision", 0.7)?);
    /// assert_eq!(analyzer.thresholds_for("Acme/Lab").pole_threshold("vision"), 0.7);
    /// assert_eq!(analyzer.thresholds_for("Beta").pole_threshold("vision"), 0.5);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn thresholds_for(&self, team: &str) -> Thresholds {
        self.requirements.thresholds_for(team, &self.thresholds)
    }

    /// An empty accumulator for `team` with its thresholds.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::UnknownThreshold`] when a threshold names a pole the
    /// framework does not have; [`ErrorKind::MeasurementError`] when the
    /// measurement error has not one SEM per pole.
    ///
    /// ```
    /// use rolebalance::{Analyzer, Framework, Thresholds};
    /// let fw = Framework::leadership_management();
    /// let acc = Analyzer::new().accumulator(&fw, "Lab")?;
    /// assert_eq!(acc.members(), 0);
    /// let unknown = Analyzer::new().thresholds(Thresholds::default().with("charisma", 0.6)?);
    /// assert!(unknown.accumulator(&fw, "Lab").is_err());
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn accumulator(&self, framework: &Framework, team: &str) -> Result<TeamAccumulator, Error> {
        let t = self.thresholds_for(team).resolve(framework)?;
        if let Some(e) = &self.error {
            e.check(framework)?;
        }
        Ok(TeamAccumulator::new(self.model, Arc::new(t), self.error.as_ref()))
    }

    /// The report of `team` from its accumulator.
    ///
    /// ```
    /// use rolebalance::{Analyzer, Framework, Member};
    /// let fw = Framework::leadership_management();
    /// let analyzer = Analyzer::new();
    /// let mut acc = analyzer.accumulator(&fw, "Lab")?;
    /// acc.add(&Member::new("ana", "Lab", [0.8; 8])?, 0)?;
    /// let report = analyzer.report(&fw, "Lab", &acc);
    /// assert_eq!((report.team(), report.members(), report.health()), ("Lab", 1, 0.8));
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn report(&self, framework: &Framework, team: &str, acc: &TeamAccumulator) -> TeamReport {
        TeamReport::new(framework, team.to_string(), Level::Team, acc)
    }

    /// Analyses every team of `roster`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::PoleCount`] for a member whose strengths do not match the
    /// framework, [`ErrorKind::DuplicatePair`] for the same (`id`, `team`)
    /// twice, [`ErrorKind::UnknownThreshold`] for a threshold naming a pole
    /// the framework does not have, [`ErrorKind::MeasurementError`] for a
    /// measurement error without one SEM per pole.
    ///
    /// ```
    /// use rolebalance::{Analyzer, ErrorKind, Member, Roster};
    /// let mut roster: Roster = [Member::new("ana", "Lab", [0.8; 8])?].into_iter().collect();
    /// assert_eq!(Analyzer::new().analyze(&roster)?.len(), 1);
    /// roster.push(Member::new("ana", "Lab", [0.2; 8])?);
    /// let err = Analyzer::new().analyze(&roster).unwrap_err();
    /// assert!(matches!(err.kind(), ErrorKind::DuplicatePair { .. }));
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn analyze(&self, roster: &Roster) -> Result<Report, Error> {
        let mut engine = Engine::new(self, roster.framework())?;
        let mut seen: HashMap<(&str, &str), ()> = HashMap::with_capacity(roster.len());
        for (seq, m) in roster.iter().enumerate() {
            if seen.insert((m.team(), m.id()), ()).is_some() {
                return Err(ErrorKind::DuplicatePair { id: m.id().to_string(), team: m.team().to_string() }.into());
            }
            let idx = engine.team_index(m.team())?;
            engine.add(idx, m, seq as u64)?;
        }
        Ok(engine.finish())
    }
}

/// Accumulators for every team (and rollup) of one analysis.
pub(crate) struct Engine<'a> {
    analyzer: &'a Analyzer,
    framework: &'a Framework,
    index: HashMap<Box<str>, usize>,
    rollup_index: HashMap<Box<str>, usize>,
    /// Leaves and rollups: name, level, accumulator.
    teams: Vec<(String, Level, TeamAccumulator)>,
    /// For each entry of `teams`, the rollups it also feeds.
    ancestors: Vec<Vec<usize>>,
}

impl<'a> Engine<'a> {
    pub(crate) fn new(analyzer: &'a Analyzer, framework: &'a Framework) -> Result<Engine<'a>, Error> {
        analyzer.thresholds.resolve(framework)?;
        analyzer.requirements.check(framework)?;
        if let Some(e) = &analyzer.error {
            e.check(framework)?;
        }
        Ok(Engine {
            analyzer,
            framework,
            index: HashMap::new(),
            rollup_index: HashMap::new(),
            teams: Vec::new(),
            ancestors: Vec::new(),
        })
    }

    /// The index of `team` (checked as a team path), made on first sight.
    pub(crate) fn team_index(&mut self, team: &str) -> Result<usize, Error> {
        if let Some(&i) = self.index.get(team) {
            return Ok(i);
        }
        let mut ancestors = Vec::new();
        if self.analyzer.rollups == Rollups::Include {
            for prefix in team::team_prefixes(team) {
                let i = match self.rollup_index.get(prefix) {
                    Some(&i) => i,
                    None => {
                        let acc = self.analyzer.accumulator(self.framework, prefix)?;
                        let i = self.teams.len();
                        self.teams.push((format!("{prefix}/*"), Level::Rollup, acc));
                        self.ancestors.push(Vec::new());
                        self.rollup_index.insert(prefix.into(), i);
                        i
                    }
                };
                ancestors.push(i);
            }
        }
        let acc = self.analyzer.accumulator(self.framework, team)?;
        let i = self.teams.len();
        self.teams.push((team.to_string(), Level::Team, acc));
        self.ancestors.push(ancestors);
        self.index.insert(team.into(), i);
        Ok(i)
    }

    /// Adds a checked member to team `idx` and its rollups.
    pub(crate) fn add(&mut self, idx: usize, m: &crate::Member, seq: u64) -> Result<(), Error> {
        self.add_row(idx, m.id(), m.weight(), m.strengths(), seq)
    }

    /// Adds one row to team `idx` and its rollups.
    pub(crate) fn add_row(
        &mut self,
        idx: usize,
        id: &str,
        weight: f64,
        strengths: &[f64],
        seq: u64,
    ) -> Result<(), Error> {
        if strengths.len() != self.framework.pole_count() {
            return Err(ErrorKind::PoleCount {
                id: id.to_string(),
                expected: self.framework.pole_count(),
                found: strengths.len(),
            }
            .into());
        }
        if let Some((_, _, acc)) = self.teams.get_mut(idx) {
            acc.add_row(id, weight, strengths, seq);
        }
        let n = self.ancestors.get(idx).map_or(0, Vec::len);
        for k in 0..n {
            let a = self.ancestors.get(idx).and_then(|v| v.get(k)).copied();
            if let Some((_, _, acc)) = a.and_then(|a| self.teams.get_mut(a)) {
                acc.add_row(id, weight, strengths, seq);
            }
        }
        Ok(())
    }

    /// The reports, sorted by team then level.
    pub(crate) fn finish(self) -> Report {
        let mut teams: Vec<TeamReport> = self
            .teams
            .iter()
            .map(|(name, level, acc)| TeamReport::new(self.framework, name.clone(), *level, acc))
            .collect();
        teams.sort_by(|a, b| a.team.cmp(&b.team).then(a.level.cmp(&b.level)));
        Report { model: self.analyzer.model, teams }
    }
}
