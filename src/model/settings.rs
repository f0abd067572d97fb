//! The settings of an analysis: coverage model, thresholds, requirement
//! profiles, rollups and measurement error, resolved per team.

use crate::error::Error;
use crate::model::coverage::Coverage;
use crate::model::framework::Framework;
use crate::model::measurement::MeasurementError;
use crate::model::thresholds::{Requirements, TeamThresholds, Thresholds};

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

/// What an analysis is asked to do: the settings an
/// [`Analyzer`](crate::Analyzer) collects, read by the engine.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Settings {
    pub(crate) model: Coverage,
    pub(crate) thresholds: Thresholds,
    pub(crate) requirements: Requirements,
    pub(crate) rollups: Rollups,
    pub(crate) error: Option<MeasurementError>,
}

impl Settings {
    /// Checks the thresholds, requirements and measurement error against
    /// `framework`.
    pub(crate) fn check(&self, framework: &Framework) -> Result<(), Error> {
        self.thresholds.resolve(framework, self.model)?;
        if let Some(e) = &self.error {
            e.check(framework)?;
        }
        self.requirements.check(framework)
    }

    /// The thresholds of `team`: the analysis' with the requirements that
    /// apply to it.
    pub(crate) fn thresholds_for(&self, team: &str) -> Thresholds {
        self.requirements.thresholds_for(team, &self.thresholds)
    }

    /// The thresholds and models of `team`, one per pole of `framework`.
    pub(crate) fn team_thresholds(&self, framework: &Framework, team: &str) -> Result<TeamThresholds, Error> {
        self.thresholds_for(team).resolve(framework, self.model)
    }

    /// Every coverage model the analysis may use on some pole.
    pub(crate) fn models(&self) -> impl Iterator<Item = Coverage> + '_ {
        std::iter::once(self.model).chain(self.thresholds.models()).chain(self.requirements.models())
    }

    /// Whether some team may have thresholds of its own.
    pub(crate) fn has_requirements(&self) -> bool {
        !self.requirements.is_empty()
    }

    /// Whether rollups are reported.
    pub(crate) fn rollups_included(&self) -> bool {
        self.rollups == Rollups::Include
    }
}
