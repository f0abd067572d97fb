//! Comparing rosters over time and what-if (issue 17): a [`Snapshot`] is a
//! roster's team scores and rows; a [`Comparison`] of two says per team and
//! rollup what changed and which member changes caused it; a [`Series`] of
//! several gives every team's trend and every finding's first and last
//! appearance.
//!
//! Scores come from the engine (the streaming tally of a file, or the
//! in-memory analysis of a roster); the "what if this change were undone"
//! scores of an attribution are a team's rows added into the kernel's
//! totals again. No formula of the model is written here.

mod attribute;
mod people;
mod series;

use std::sync::Arc;

use crate::analysis::analyzer::Analyzer;
use crate::analysis::findings::{evaluate, Numbers};
use crate::analysis::report::{Report, TeamReport};
use crate::engine::accumulator::TeamState;
use crate::engine::kernel;
use crate::engine::rows::Rows;
use crate::engine::shard::{Check, Shard};
use crate::engine::store::Keep;
use crate::engine::tally::{Tally, Teams};
use crate::error::{Error, ErrorKind};
use crate::io::read::{ReadLog, ReaderBuilder};
use crate::model::framework::Framework;
use crate::model::roster::Roster;
use crate::model::team::Level;
use crate::model::thresholds::TeamThresholds;

pub use people::{ChangeKind, MemberChange};
pub use series::{FindingSpan, Series, Trend};

/// A team's (or rollup's) scores in one snapshot: what the summary table
/// shows, with health.
///
/// ```
/// use rolebalance::{Analyzer, Member, Roster, Snapshot};
/// let roster: Roster = [Member::new("ana", "Lab", [0.9, 0.2, 0.9, 0.3, 0.8, 0.2, 0.9, 0.1])?].into_iter().collect();
/// let snap = Snapshot::of_roster(&roster, &Analyzer::new())?;
/// let lab = snap.team("Lab").unwrap();
/// assert_eq!((lab.members(), lab.direction()), (1, 0.875));
/// assert!((lab.control() - 0.2).abs() < 1e-12 && lab.health() == lab.control());
/// assert!(lab.has_flag("no_control"));
/// # Ok::<(), rolebalance::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct TeamScores {
    pub(crate) team: String,
    pub(crate) level: Level,
    pub(crate) members: u64,
    pub(crate) total_weight: f64,
    pub(crate) direction: f64,
    pub(crate) control: f64,
    pub(crate) balance: f64,
    pub(crate) health: f64,
    /// The summary table's `flags` cell: tokens joined by `;`.
    pub(crate) flags: String,
}

impl TeamScores {
    /// The team, as the report names it (a rollup as `PREFIX/*`).
    ///
    /// ```
    /// # use rolebalance::{Analyzer, Level, Member, Roster, Snapshot};
    /// # let roster: Roster = [Member::new("ana", "Lab", [0.9, 0.2, 0.9, 0.2, 0.9, 0.2, 0.9, 0.2])?].into_iter().collect();
    /// # let lab = Snapshot::of_roster(&roster, &Analyzer::new())?.teams()[0].clone();
    /// assert_eq!(lab.team(), "Lab");
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn team(&self) -> &str {
        &self.team
    }
    /// Team or rollup.
    ///
    /// ```
    /// # use rolebalance::{Analyzer, Level, Member, Roster, Snapshot};
    /// # let roster: Roster = [Member::new("ana", "Lab", [0.9, 0.2, 0.9, 0.2, 0.9, 0.2, 0.9, 0.2])?].into_iter().collect();
    /// # let lab = Snapshot::of_roster(&roster, &Analyzer::new())?.teams()[0].clone();
    /// assert_eq!(lab.level(), Level::Team);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn level(&self) -> Level {
        self.level
    }
    /// Rows of the team.
    ///
    /// ```
    /// # use rolebalance::{Analyzer, Level, Member, Roster, Snapshot};
    /// # let roster: Roster = [Member::new("ana", "Lab", [0.9, 0.2, 0.9, 0.2, 0.9, 0.2, 0.9, 0.2])?].into_iter().collect();
    /// # let lab = Snapshot::of_roster(&roster, &Analyzer::new())?.teams()[0].clone();
    /// assert_eq!(lab.members(), 1);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn members(&self) -> u64 {
        self.members
    }
    /// The sum of the members' weights.
    ///
    /// ```
    /// # use rolebalance::{Analyzer, Level, Member, Roster, Snapshot};
    /// # let roster: Roster = [Member::new("ana", "Lab", [0.9, 0.2, 0.9, 0.2, 0.9, 0.2, 0.9, 0.2])?].into_iter().collect();
    /// # let lab = Snapshot::of_roster(&roster, &Analyzer::new())?.teams()[0].clone();
    /// assert_eq!(lab.total_weight(), 1.0);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn total_weight(&self) -> f64 {
        self.total_weight
    }
    /// Mean coverage of the leadership poles.
    ///
    /// ```
    /// # use rolebalance::{Analyzer, Level, Member, Roster, Snapshot};
    /// # let roster: Roster = [Member::new("ana", "Lab", [0.9, 0.2, 0.9, 0.2, 0.9, 0.2, 0.9, 0.2])?].into_iter().collect();
    /// # let lab = Snapshot::of_roster(&roster, &Analyzer::new())?.teams()[0].clone();
    /// assert!((lab.direction() - 0.9).abs() < 1e-12);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn direction(&self) -> f64 {
        self.direction
    }
    /// Mean coverage of the management poles.
    ///
    /// ```
    /// # use rolebalance::{Analyzer, Level, Member, Roster, Snapshot};
    /// # let roster: Roster = [Member::new("ana", "Lab", [0.9, 0.2, 0.9, 0.2, 0.9, 0.2, 0.9, 0.2])?].into_iter().collect();
    /// # let lab = Snapshot::of_roster(&roster, &Analyzer::new())?.teams()[0].clone();
    /// assert!((lab.control() - 0.2).abs() < 1e-12);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn control(&self) -> f64 {
        self.control
    }
    /// `1 - |direction - control|`.
    ///
    /// ```
    /// # use rolebalance::{Analyzer, Level, Member, Roster, Snapshot};
    /// # let roster: Roster = [Member::new("ana", "Lab", [0.9, 0.2, 0.9, 0.2, 0.9, 0.2, 0.9, 0.2])?].into_iter().collect();
    /// # let lab = Snapshot::of_roster(&roster, &Analyzer::new())?.teams()[0].clone();
    /// assert!((lab.balance() - 0.3).abs() < 1e-12);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn balance(&self) -> f64 {
        self.balance
    }
    /// `min(direction, control)`.
    ///
    /// ```
    /// # use rolebalance::{Analyzer, Level, Member, Roster, Snapshot};
    /// # let roster: Roster = [Member::new("ana", "Lab", [0.9, 0.2, 0.9, 0.2, 0.9, 0.2, 0.9, 0.2])?].into_iter().collect();
    /// # let lab = Snapshot::of_roster(&roster, &Analyzer::new())?.teams()[0].clone();
    /// assert_eq!(lab.health(), lab.control());
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn health(&self) -> f64 {
        self.health
    }
    /// The findings' flag tokens joined by `;` (the summary table's `flags`).
    ///
    /// ```
    /// # use rolebalance::{Analyzer, Level, Member, Roster, Snapshot};
    /// # let roster: Roster = [Member::new("ana", "Lab", [0.9, 0.2, 0.9, 0.2, 0.9, 0.2, 0.9, 0.2])?].into_iter().collect();
    /// # let lab = Snapshot::of_roster(&roster, &Analyzer::new())?.teams()[0].clone();
    /// assert!(lab.flags().starts_with("no_control;uncovered_pole:organize"));
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn flags(&self) -> &str {
        &self.flags
    }
    /// The findings' flag tokens, most severe first.
    ///
    /// ```
    /// # use rolebalance::{Analyzer, Level, Member, Roster, Snapshot};
    /// # let roster: Roster = [Member::new("ana", "Lab", [0.9, 0.2, 0.9, 0.2, 0.9, 0.2, 0.9, 0.2])?].into_iter().collect();
    /// # let lab = Snapshot::of_roster(&roster, &Analyzer::new())?.teams()[0].clone();
    /// assert_eq!(lab.flag_tokens().next(), Some("no_control"));
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn flag_tokens(&self) -> impl Iterator<Item = &str> + '_ {
        self.flags.split(';').filter(|t| !t.is_empty())
    }
    /// Whether the team has the finding with flag token `token`.
    ///
    /// ```
    /// # use rolebalance::{Analyzer, Level, Member, Roster, Snapshot};
    /// # let roster: Roster = [Member::new("ana", "Lab", [0.9, 0.2, 0.9, 0.2, 0.9, 0.2, 0.9, 0.2])?].into_iter().collect();
    /// # let lab = Snapshot::of_roster(&roster, &Analyzer::new())?.teams()[0].clone();
    /// assert!(lab.has_flag("skewed:leadership") && !lab.has_flag("no_direction"));
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn has_flag(&self, token: &str) -> bool {
        self.flag_tokens().any(|t| t == token)
    }

    /// The scores of a report's team.
    pub(crate) fn of_report(t: &TeamReport) -> TeamScores {
        TeamScores {
            team: t.team().to_string(),
            level: t.level(),
            members: t.members(),
            total_weight: t.total_weight(),
            direction: t.direction(),
            control: t.control(),
            balance: t.balance(),
            health: t.health(),
            flags: t.flags(),
        }
    }

    /// The scores of a team's totals under its thresholds.
    pub(crate) fn of_state(
        team: String,
        level: Level,
        state: &TeamState,
        thresholds: &TeamThresholds,
        names: &[String],
        coverages: &mut Vec<(f64, f64)>,
    ) -> TeamScores {
        coverages.clear();
        coverages.extend((0..names.len()).map(|p| state.coverage(p, thresholds.model(p))));
        let (direction, control) = kernel::sides(coverages.iter().map(|x| x.0));
        let numbers = Numbers {
            direction,
            control,
            active: state.totals.active,
            bridge: state.totals.best_bridge(),
            thresholds,
            poles: coverages,
        };
        let mut flags = String::new();
        evaluate(&numbers, |f| {
            if !flags.is_empty() {
                flags.push(';');
            }
            f.push_flag_named(names, &mut flags);
        });
        TeamScores {
            team,
            level,
            members: state.totals.members,
            total_weight: state.totals.total_weight.value(),
            direction,
            control,
            balance: kernel::balance(direction, control),
            health: kernel::health(direction, control),
            flags,
        }
    }

    /// Whether `other` has the same members, weight, direction and control
    /// (to within the model's rounding tolerance, 1e-9) and the same flags.
    pub(crate) fn same_as(&self, other: &TeamScores) -> bool {
        let close = |a: f64, b: f64| (a - b).abs() <= crate::model::tolerance::EPSILON;
        self.members == other.members
            && close(self.total_weight, other.total_weight)
            && close(self.direction, other.direction)
            && close(self.control, other.control)
            && self.flags == other.flags
    }
}

/// One roster's scores, ready to compare: every team's (and rollup's)
/// [`TeamScores`], sorted by team, and, unless it was made from a
/// [`Report`], the roster's rows (to tell who joined, left or moved, and to
/// attribute a team's change to them).
///
/// Made by [`ReaderBuilder::snapshot`] (a file, streamed on every core,
/// keeping every row in about 150 bytes), [`Snapshot::of_roster`] or
/// [`Snapshot::of_report`].
///
/// ```
/// use rolebalance::{Analyzer, ReaderBuilder};
/// let csv = "id,team,purpose,horizon,focus,risk\na,T,1,1,1,1\nb,T,-1,-1,-1,-1\nc,U,1,1,1,1\n";
/// let (snap, log) = ReaderBuilder::new().snapshot(csv.as_bytes(), &Analyzer::new())?;
/// assert_eq!((snap.len(), snap.rows(), log.rows()), (2, Some(3), 3));
/// assert_eq!(snap.teams()[1].team(), "U");
/// # Ok::<(), rolebalance::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Snapshot {
    label: String,
    poles: Arc<[String]>,
    framework: Option<Framework>,
    teams: Vec<TeamScores>,
    rows: Option<Rows>,
    analyzer: Analyzer,
}

impl Snapshot {
    /// The snapshot of an in-memory roster under `analyzer`.
    ///
    /// # Errors
    ///
    /// As [`Analyzer::analyze`].
    ///
    /// ```
    /// use rolebalance::{Analyzer, Member, Roster, Snapshot};
    /// let roster: Roster = [Member::new("ana", "Lab", [0.5; 8])?].into_iter().collect();
    /// let snap = Snapshot::of_roster(&roster, &Analyzer::new())?.with_label("Q1");
    /// assert_eq!((snap.label(), snap.len(), snap.rows()), ("Q1", 1, Some(1)));
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn of_roster(roster: &Roster, analyzer: &Analyzer) -> Result<Snapshot, Error> {
        let tally =
            crate::engine::memory::analyze(roster, analyzer.settings(), keep(analyzer), analyzer.thread_count())?;
        let framework = roster.framework();
        let mut rows = Rows::new(framework.pole_count());
        // Team `t` of the roster is team `t / n` of store `t % n`.
        let n = match &tally.teams {
            Teams::Memory { stores, .. } => stores.len().max(1) as u64,
            Teams::Shards(_) => 1,
        };
        for (i, (m, &t)) in roster.iter().zip(roster.team_numbers()).enumerate() {
            let at = ((u64::from(t) % n) << 32) | (u64::from(t) / n);
            rows.push(i as u64, m.team().as_bytes(), m.id().as_bytes(), m.weight(), m.strengths(), at);
        }
        Ok(Snapshot::of_tally(&tally, Some(rows), analyzer, analyzer.thread_count()))
    }

    /// The snapshot of a report: its teams' scores, without rows (a
    /// comparison of two of them has no member changes).
    ///
    /// ```
    /// use rolebalance::{Analyzer, Member, Roster, Snapshot};
    /// let roster: Roster = [Member::new("ana", "Lab", [0.5; 8])?].into_iter().collect();
    /// let snap = Snapshot::of_report(&Analyzer::new().analyze(&roster)?);
    /// assert_eq!((snap.len(), snap.rows()), (1, None));
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn of_report(report: &Report) -> Snapshot {
        let poles: Arc<[String]> =
            report.teams().first().map(|t| t.pole_names().to_vec().into()).unwrap_or_else(|| Arc::from(Vec::new()));
        let mut teams: Vec<TeamScores> = report.teams().iter().map(TeamScores::of_report).collect();
        teams.sort_by(|a, b| a.team.cmp(&b.team));
        Snapshot {
            label: String::new(),
            poles,
            framework: None,
            teams,
            rows: None,
            analyzer: Analyzer::new().model(report.model()).thresholds(report.thresholds().clone()),
        }
    }

    /// Gives the snapshot a label (a file name, a quarter): how comparisons,
    /// series and errors name it.
    ///
    /// ```
    /// # use rolebalance::{Analyzer, Member, Roster, Snapshot};
    /// # let roster: Roster = [Member::new("ana", "Acme/Lab", [0.5; 8])?].into_iter().collect();
    /// # let snap = Snapshot::of_roster(&roster, &Analyzer::new())?;
    /// assert_eq!(snap.with_label("2026 Q1").label(), "2026 Q1");
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn with_label(mut self, label: impl Into<String>) -> Snapshot {
        self.label = label.into();
        self
    }

    /// The label (empty unless given; a file's name from
    /// [`ReaderBuilder::snapshot_path`]).
    ///
    /// ```
    /// # use rolebalance::{Analyzer, Member, Roster, Snapshot};
    /// # let roster: Roster = [Member::new("ana", "Acme/Lab", [0.5; 8])?].into_iter().collect();
    /// # let snap = Snapshot::of_roster(&roster, &Analyzer::new())?;
    /// assert_eq!(snap.label(), "");
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn label(&self) -> &str {
        &self.label
    }

    /// Every team's and rollup's scores, sorted by team.
    ///
    /// ```
    /// # use rolebalance::{Analyzer, Member, Roster, Snapshot};
    /// # let roster: Roster = [Member::new("ana", "Acme/Lab", [0.5; 8])?].into_iter().collect();
    /// # let snap = Snapshot::of_roster(&roster, &Analyzer::new())?;
    /// assert_eq!(snap.teams()[0].team(), "Acme/Lab");
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn teams(&self) -> &[TeamScores] {
        &self.teams
    }

    /// The scores of `team` (a rollup as `PREFIX/*`).
    ///
    /// ```
    /// # use rolebalance::{Analyzer, Member, Roster, Snapshot};
    /// # let roster: Roster = [Member::new("ana", "Acme/Lab", [0.5; 8])?].into_iter().collect();
    /// # let snap = Snapshot::of_roster(&roster, &Analyzer::new())?;
    /// assert_eq!(snap.team("Acme/Lab").unwrap().members(), 1);
    /// assert!(snap.team("Acme/*").is_none()); // no rollups asked for
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn team(&self, team: &str) -> Option<&TeamScores> {
        self.teams.binary_search_by(|t| t.team.as_str().cmp(team)).ok().and_then(|i| self.teams.get(i))
    }

    /// The number of teams and rollups.
    ///
    /// ```
    /// # use rolebalance::{Analyzer, Member, Roster, Snapshot};
    /// # let roster: Roster = [Member::new("ana", "Acme/Lab", [0.5; 8])?].into_iter().collect();
    /// # let snap = Snapshot::of_roster(&roster, &Analyzer::new())?;
    /// assert_eq!(snap.len(), 1);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn len(&self) -> usize {
        self.teams.len()
    }

    /// Whether the snapshot has no team.
    ///
    /// ```
    /// # use rolebalance::{Analyzer, Member, Roster, Snapshot};
    /// # let roster: Roster = [Member::new("ana", "Acme/Lab", [0.5; 8])?].into_iter().collect();
    /// # let snap = Snapshot::of_roster(&roster, &Analyzer::new())?;
    /// assert!(!snap.is_empty());
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.teams.is_empty()
    }

    /// The number of rows kept (`None` for a snapshot of a report).
    ///
    /// ```
    /// # use rolebalance::{Analyzer, Member, Roster, Snapshot};
    /// # let roster: Roster = [Member::new("ana", "Acme/Lab", [0.5; 8])?].into_iter().collect();
    /// # let snap = Snapshot::of_roster(&roster, &Analyzer::new())?;
    /// assert_eq!(snap.rows(), Some(1));
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn rows(&self) -> Option<usize> {
        self.rows.as_ref().map(Rows::len)
    }

    /// The framework's pole names, in order.
    ///
    /// ```
    /// # use rolebalance::{Analyzer, Member, Roster, Snapshot};
    /// # let roster: Roster = [Member::new("ana", "Acme/Lab", [0.5; 8])?].into_iter().collect();
    /// # let snap = Snapshot::of_roster(&roster, &Analyzer::new())?;
    /// assert_eq!(snap.poles()[..2], ["inspire", "organize"]);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn poles(&self) -> &[String] {
        &self.poles
    }

    /// The snapshot of a tally (and the rows it came from).
    fn of_tally(tally: &Tally<'_>, mut rows: Option<Rows>, analyzer: &Analyzer, threads: usize) -> Snapshot {
        let names: Arc<[String]> = tally.framework.pole_names().map(str::to_string).collect();
        let n = tally.len();
        let build = |range: std::ops::Range<usize>| {
            let mut state = TeamState::new(names.len());
            let mut coverages = Vec::new();
            let mut out = Vec::with_capacity(range.len());
            for i in range {
                if let Some(v) = tally.view(i, &mut state) {
                    let (name, level) = (v.name.to_text(), v.name.level);
                    out.push((i, TeamScores::of_state(name, level, v.state, v.thresholds, &names, &mut coverages)));
                }
            }
            out
        };
        let mut teams = if n < 20_000 || threads <= 1 {
            build(0..n)
        } else {
            let step = n.div_ceil(threads);
            let part = |k: usize| (k * step).min(n)..((k + 1) * step).min(n);
            std::thread::scope(|scope| {
                let build = &build;
                let handles: Vec<_> = (1..threads).map(|k| (k, scope.spawn(move || build(part(k))))).collect();
                let mut teams = build(part(0));
                for (k, h) in handles {
                    teams.extend(h.join().unwrap_or_else(|_| build(part(k))));
                }
                teams
            })
        };
        // Report order is name order but for names with bytes below `*`;
        // the comparison merges by name.
        if !teams.windows(2).all(|w| w.first().map(|a| &a.1.team) < w.get(1).map(|b| &b.1.team)) {
            teams.sort_by(|a, b| a.1.team.cmp(&b.1.team));
        }
        if let Some(rows) = rows.as_mut() {
            // Each row's team's place: from its (part, number) in the tally.
            let mut table: Vec<Vec<u32>> = Vec::new();
            for (pos, &(i, _)) in teams.iter().enumerate() {
                if let Some(crate::engine::tally::Place::Team(e)) = tally.place(i) {
                    let (part, index) = (e.part as usize, e.index as usize);
                    if table.len() <= part {
                        table.resize_with(part + 1, Vec::new);
                    }
                    if let Some(t) = table.get_mut(part) {
                        if t.len() <= index {
                            t.resize(index + 1, u32::MAX);
                        }
                        if let Some(x) = t.get_mut(index) {
                            *x = pos as u32;
                        }
                    }
                }
            }
            rows.team_pos = (0..rows.len())
                .map(|r| {
                    let at = rows.team_at(r);
                    let (part, index) = ((at >> 32) as usize, (at & 0xFFFF_FFFF) as usize);
                    table.get(part).and_then(|t| t.get(index)).copied().unwrap_or(u32::MAX)
                })
                .collect();
        }
        let teams: Vec<TeamScores> = teams.into_iter().map(|(_, t)| t).collect();
        Snapshot {
            label: String::new(),
            poles: names,
            framework: Some(tally.framework.clone()),
            teams,
            rows,
            analyzer: analyzer.clone(),
        }
    }

    /// Fails unless `other` is on the same framework (the same poles in the
    /// same order); `number` is `other`'s 1-based place.
    pub(crate) fn check_framework(&self, other: &Snapshot, number: usize) -> Result<(), Error> {
        // A report without teams says nothing of its framework.
        let known = |s: &Snapshot| s.framework.is_some() || !s.poles.is_empty();
        if known(self) && known(other) && self.poles != other.poles {
            return Err(ErrorKind::FrameworkMismatch {
                snapshot: number,
                label: other.label.clone(),
                first_label: self.label.clone(),
                expected: self.poles.to_vec(),
                found: other.poles.to_vec(),
            }
            .into());
        }
        Ok(())
    }
}

/// What a snapshot's tally keeps: no ids (the rows hold them).
fn keep(analyzer: &Analyzer) -> Keep {
    let rollups = analyzer.settings().rollups_included();
    Keep { ids: false, ids_by_line: false, lines: rollups, seconds: rollups }
}

impl ReaderBuilder {
    /// Reads a roster into a [`Snapshot`] to compare: every team's scores
    /// under `analyzer` and every row, in one pass (a comma-separated file
    /// streams on every core, strict or lenient, as
    /// [`ReaderBuilder::summary`]; another delimiter or a reporting line
    /// reads in one pass).
    ///
    /// # Errors
    ///
    /// As [`ReaderBuilder::analyze`].
    ///
    /// ```
    /// use rolebalance::{Analyzer, ReaderBuilder};
    /// let csv = "id;team;purpose;horizon;focus;risk\na;T;1;1;1;1\n";
    /// let (snap, _) = ReaderBuilder::new().snapshot(csv.as_bytes(), &Analyzer::new())?;
    /// assert_eq!(snap.team("T").unwrap().direction(), 1.0);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn snapshot<R: std::io::Read>(&self, reader: R, analyzer: &Analyzer) -> Result<(Snapshot, ReadLog), Error> {
        let (delimiter, reader) = crate::io::delimiter::sniff(reader, self.delimiter_value())?;
        let settings = analyzer.settings();
        let (tally, rows, log) = if delimiter != b',' || self.hierarchy_ref().is_some() {
            let builder = self.clone().delimiter(crate::io::delimiter::Delimiter::from_byte(delimiter));
            let framework = builder.framework_ref();
            settings.check(framework)?;
            let mut shard = Shard::new(framework, settings, keep(analyzer), Check::Lenient);
            let mut rows = Rows::new(framework.pole_count());
            let log = builder.read_rows(reader, |row, line| {
                let (team, id) = (row.team.as_bytes(), row.id.as_bytes());
                let key = crate::io::read::owner_key(team);
                let t = shard.add_row(line, key, team, id, row.weight, row.strengths, framework, settings)?;
                rows.push(line, team, id, row.weight, row.strengths, t as u64);
                Ok(())
            })?;
            shard.wrap_up(None);
            (Tally::new(framework, settings, Teams::Shards(vec![shard]))?, rows, log)
        } else {
            crate::engine::streaming::tally_keeping_rows(reader, self, settings, keep(analyzer))?
        };
        Ok((Snapshot::of_tally(&tally, Some(rows), analyzer, analyzer.thread_count()), log))
    }

    /// Reads a roster file into a [`Snapshot`] labelled with the path; see
    /// [`ReaderBuilder::snapshot`].
    ///
    /// # Errors
    ///
    /// As [`ReaderBuilder::snapshot`], and [`ErrorKind::Io`] (naming the
    /// file) when the file cannot be opened or read; every other error is
    /// an [`ErrorKind::InFile`] naming the file (its line, column and value
    /// still come through [`Error::line`] and the others, the file through
    /// [`Error::path`]).
    ///
    /// ```
    /// use rolebalance::{Analyzer, ReaderBuilder};
    /// let err = ReaderBuilder::new().snapshot_path("no/such.csv", &Analyzer::new()).unwrap_err();
    /// assert_eq!(err.path(), Some(std::path::Path::new("no/such.csv")));
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn snapshot_path<P: AsRef<std::path::Path>>(
        &self,
        path: P,
        analyzer: &Analyzer,
    ) -> Result<(Snapshot, ReadLog), Error> {
        let path = path.as_ref();
        let shown = path.display().to_string();
        // An i/o error names the file itself; any other is put in it.
        let named = |error: Error| -> Error {
            match error.kind() {
                ErrorKind::Io(_) => error.in_file(path),
                _ => ErrorKind::InFile { path: shown.clone(), error }.into(),
            }
        };
        let file = crate::error::open(path)?;
        let (snap, log) = self.snapshot(file, analyzer).map_err(named)?;
        Ok((snap.with_label(shown.clone()), log))
    }
}

/// Whether a team exists before, after or on both sides.
///
/// ```
/// use rolebalance::Status;
/// assert_eq!(Status::Kept.as_str(), "kept");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Status {
    /// In both snapshots.
    Kept,
    /// Only in the later one.
    New,
    /// Only in the earlier one.
    Gone,
}

impl Status {
    /// `kept`, `new` or `gone`.
    ///
    /// ```
    /// # use rolebalance::Status;
    /// assert_eq!(Status::Gone.as_str(), "gone");
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Kept => "kept",
            Status::New => "new",
            Status::Gone => "gone",
        }
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A member change that touched a team, and what the team's scores would
/// be with that one change undone (the other changes kept).
///
/// `exact`: undoing this change alone gives the team's earlier scores
/// (members, weight, direction and control to within 1e-9, the same flags):
/// this change explains the team's change by itself.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Cause {
    pub(crate) change: MemberChange,
    pub(crate) without: Option<TeamScores>,
    pub(crate) exact: bool,
}

impl Cause {
    /// The member change.
    ///
    /// ```
    /// # use rolebalance::{Analyzer, ChangeKind, Level, Member, Roster, Status};
    /// # let l = [0.9, 0.2, 0.9, 0.3, 0.8, 0.2, 0.9, 0.1];
    /// # let m = [0.2, 0.9, 0.3, 0.9, 0.3, 0.8, 0.1, 0.9];
    /// # let a: Roster = [Member::new("ana", "Lab", l)?, Member::new("bo", "Lab", m)?].into_iter().collect();
    /// # let b: Roster = [Member::new("ana", "Lab", l)?, Member::new("bo", "Ops", m)?].into_iter().collect();
    /// # let cmp = Analyzer::new().compare(&a, &b)?;
    /// # let lab = cmp.team("Lab").unwrap();
    /// assert_eq!(lab.causes()[0].change().id(), "bo");
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn change(&self) -> &MemberChange {
        &self.change
    }
    /// The team's later scores with this change undone: `None` for a team
    /// that is new or gone, and for a rollup over the attribution budget
    /// ([`ATTRIBUTION_BUDGET`]).
    ///
    /// ```
    /// # use rolebalance::{Analyzer, ChangeKind, Level, Member, Roster, Status};
    /// # let l = [0.9, 0.2, 0.9, 0.3, 0.8, 0.2, 0.9, 0.1];
    /// # let m = [0.2, 0.9, 0.3, 0.9, 0.3, 0.8, 0.1, 0.9];
    /// # let a: Roster = [Member::new("ana", "Lab", l)?, Member::new("bo", "Lab", m)?].into_iter().collect();
    /// # let b: Roster = [Member::new("ana", "Lab", l)?, Member::new("bo", "Ops", m)?].into_iter().collect();
    /// # let cmp = Analyzer::new().compare(&a, &b)?;
    /// # let lab = cmp.team("Lab").unwrap();
    /// assert_eq!(lab.causes()[0].without().unwrap().members(), 2); // bo back in Lab
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn without(&self) -> Option<&TeamScores> {
        self.without.as_ref()
    }
    /// Whether undoing this change alone restores the earlier scores.
    ///
    /// ```
    /// # use rolebalance::{Analyzer, ChangeKind, Level, Member, Roster, Status};
    /// # let l = [0.9, 0.2, 0.9, 0.3, 0.8, 0.2, 0.9, 0.1];
    /// # let m = [0.2, 0.9, 0.3, 0.9, 0.3, 0.8, 0.1, 0.9];
    /// # let a: Roster = [Member::new("ana", "Lab", l)?, Member::new("bo", "Lab", m)?].into_iter().collect();
    /// # let b: Roster = [Member::new("ana", "Lab", l)?, Member::new("bo", "Ops", m)?].into_iter().collect();
    /// # let cmp = Analyzer::new().compare(&a, &b)?;
    /// # let lab = cmp.team("Lab").unwrap();
    /// assert!(lab.causes()[0].is_exact());
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn is_exact(&self) -> bool {
        self.exact
    }
}

/// How many member additions the attributions of rollups may cost in all
/// (a rollup's rows times the changes under it, rollups in name order);
/// past it, the remaining rollups' causes are listed without scores. Teams
/// are always attributed (their rows times their changes).
pub const ATTRIBUTION_BUDGET: u64 = 1 << 23;

/// What happened to one team (or rollup) between two snapshots.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct TeamChange {
    pub(crate) team: String,
    pub(crate) level: Level,
    pub(crate) status: Status,
    pub(crate) before: Option<TeamScores>,
    pub(crate) after: Option<TeamScores>,
    pub(crate) resolved: Vec<String>,
    pub(crate) introduced: Vec<String>,
    pub(crate) causes: Vec<Cause>,
}

impl TeamChange {
    /// The team, as reports name it (a rollup as `PREFIX/*`).
    ///
    /// ```
    /// # use rolebalance::{Analyzer, ChangeKind, Level, Member, Roster, Status};
    /// # let l = [0.9, 0.2, 0.9, 0.3, 0.8, 0.2, 0.9, 0.1];
    /// # let m = [0.2, 0.9, 0.3, 0.9, 0.3, 0.8, 0.1, 0.9];
    /// # let a: Roster = [Member::new("ana", "Lab", l)?, Member::new("bo", "Lab", m)?].into_iter().collect();
    /// # let b: Roster = [Member::new("ana", "Lab", l)?, Member::new("bo", "Ops", m)?].into_iter().collect();
    /// # let cmp = Analyzer::new().compare(&a, &b)?;
    /// # let lab = cmp.team("Lab").unwrap();
    /// assert_eq!(lab.team(), "Lab");
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn team(&self) -> &str {
        &self.team
    }
    /// Team or rollup.
    ///
    /// ```
    /// # use rolebalance::{Analyzer, ChangeKind, Level, Member, Roster, Status};
    /// # let l = [0.9, 0.2, 0.9, 0.3, 0.8, 0.2, 0.9, 0.1];
    /// # let m = [0.2, 0.9, 0.3, 0.9, 0.3, 0.8, 0.1, 0.9];
    /// # let a: Roster = [Member::new("ana", "Lab", l)?, Member::new("bo", "Lab", m)?].into_iter().collect();
    /// # let b: Roster = [Member::new("ana", "Lab", l)?, Member::new("bo", "Ops", m)?].into_iter().collect();
    /// # let cmp = Analyzer::new().compare(&a, &b)?;
    /// # let lab = cmp.team("Lab").unwrap();
    /// assert_eq!(lab.level(), Level::Team);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn level(&self) -> Level {
        self.level
    }
    /// Kept, new or gone.
    ///
    /// ```
    /// # use rolebalance::{Analyzer, ChangeKind, Level, Member, Roster, Status};
    /// # let l = [0.9, 0.2, 0.9, 0.3, 0.8, 0.2, 0.9, 0.1];
    /// # let m = [0.2, 0.9, 0.3, 0.9, 0.3, 0.8, 0.1, 0.9];
    /// # let a: Roster = [Member::new("ana", "Lab", l)?, Member::new("bo", "Lab", m)?].into_iter().collect();
    /// # let b: Roster = [Member::new("ana", "Lab", l)?, Member::new("bo", "Ops", m)?].into_iter().collect();
    /// # let cmp = Analyzer::new().compare(&a, &b)?;
    /// # let lab = cmp.team("Lab").unwrap();
    /// assert_eq!((lab.status(), cmp.team("Ops").unwrap().status()), (Status::Kept, Status::New));
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn status(&self) -> Status {
        self.status
    }
    /// The earlier scores (`None` for a new team).
    ///
    /// ```
    /// # use rolebalance::{Analyzer, ChangeKind, Level, Member, Roster, Status};
    /// # let l = [0.9, 0.2, 0.9, 0.3, 0.8, 0.2, 0.9, 0.1];
    /// # let m = [0.2, 0.9, 0.3, 0.9, 0.3, 0.8, 0.1, 0.9];
    /// # let a: Roster = [Member::new("ana", "Lab", l)?, Member::new("bo", "Lab", m)?].into_iter().collect();
    /// # let b: Roster = [Member::new("ana", "Lab", l)?, Member::new("bo", "Ops", m)?].into_iter().collect();
    /// # let cmp = Analyzer::new().compare(&a, &b)?;
    /// # let lab = cmp.team("Lab").unwrap();
    /// assert_eq!(lab.before().unwrap().members(), 2);
    /// assert!(cmp.team("Ops").unwrap().before().is_none());
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn before(&self) -> Option<&TeamScores> {
        self.before.as_ref()
    }
    /// The later scores (`None` for a team that is gone).
    ///
    /// ```
    /// # use rolebalance::{Analyzer, ChangeKind, Level, Member, Roster, Status};
    /// # let l = [0.9, 0.2, 0.9, 0.3, 0.8, 0.2, 0.9, 0.1];
    /// # let m = [0.2, 0.9, 0.3, 0.9, 0.3, 0.8, 0.1, 0.9];
    /// # let a: Roster = [Member::new("ana", "Lab", l)?, Member::new("bo", "Lab", m)?].into_iter().collect();
    /// # let b: Roster = [Member::new("ana", "Lab", l)?, Member::new("bo", "Ops", m)?].into_iter().collect();
    /// # let cmp = Analyzer::new().compare(&a, &b)?;
    /// # let lab = cmp.team("Lab").unwrap();
    /// assert_eq!(lab.after().unwrap().members(), 1);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn after(&self) -> Option<&TeamScores> {
        self.after.as_ref()
    }
    /// Flag tokens the earlier snapshot has and the later one has not, in
    /// the earlier order.
    ///
    /// ```
    /// # use rolebalance::{Analyzer, ChangeKind, Level, Member, Roster, Status};
    /// # let l = [0.9, 0.2, 0.9, 0.3, 0.8, 0.2, 0.9, 0.1];
    /// # let m = [0.2, 0.9, 0.3, 0.9, 0.3, 0.8, 0.1, 0.9];
    /// # let a: Roster = [Member::new("ana", "Lab", l)?, Member::new("bo", "Lab", m)?].into_iter().collect();
    /// # let b: Roster = [Member::new("ana", "Lab", l)?, Member::new("bo", "Ops", m)?].into_iter().collect();
    /// # let cmp = Analyzer::new().compare(&a, &b)?;
    /// # let lab = cmp.team("Lab").unwrap();
    /// assert!(lab.resolved().iter().any(|f| f == "no_bridge"));
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn resolved(&self) -> &[String] {
        &self.resolved
    }
    /// Flag tokens the later snapshot has and the earlier one has not, in
    /// the later order.
    ///
    /// ```
    /// # use rolebalance::{Analyzer, ChangeKind, Level, Member, Roster, Status};
    /// # let l = [0.9, 0.2, 0.9, 0.3, 0.8, 0.2, 0.9, 0.1];
    /// # let m = [0.2, 0.9, 0.3, 0.9, 0.3, 0.8, 0.1, 0.9];
    /// # let a: Roster = [Member::new("ana", "Lab", l)?, Member::new("bo", "Lab", m)?].into_iter().collect();
    /// # let b: Roster = [Member::new("ana", "Lab", l)?, Member::new("bo", "Ops", m)?].into_iter().collect();
    /// # let cmp = Analyzer::new().compare(&a, &b)?;
    /// # let lab = cmp.team("Lab").unwrap();
    /// assert_eq!(lab.introduced()[0], "no_control");
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn introduced(&self) -> &[String] {
        &self.introduced
    }
    /// Whether some finding was resolved or introduced.
    ///
    /// ```
    /// # use rolebalance::{Analyzer, ChangeKind, Level, Member, Roster, Status};
    /// # let l = [0.9, 0.2, 0.9, 0.3, 0.8, 0.2, 0.9, 0.1];
    /// # let m = [0.2, 0.9, 0.3, 0.9, 0.3, 0.8, 0.1, 0.9];
    /// # let a: Roster = [Member::new("ana", "Lab", l)?, Member::new("bo", "Lab", m)?].into_iter().collect();
    /// # let b: Roster = [Member::new("ana", "Lab", l)?, Member::new("bo", "Ops", m)?].into_iter().collect();
    /// # let cmp = Analyzer::new().compare(&a, &b)?;
    /// # let lab = cmp.team("Lab").unwrap();
    /// assert!(lab.findings_changed());
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn findings_changed(&self) -> bool {
        !self.resolved.is_empty() || !self.introduced.is_empty()
    }
    /// Whether anything of the team changed: status, members, weight,
    /// direction, control or flags.
    ///
    /// ```
    /// # use rolebalance::{Analyzer, ChangeKind, Level, Member, Roster, Status};
    /// # let l = [0.9, 0.2, 0.9, 0.3, 0.8, 0.2, 0.9, 0.1];
    /// # let m = [0.2, 0.9, 0.3, 0.9, 0.3, 0.8, 0.1, 0.9];
    /// # let a: Roster = [Member::new("ana", "Lab", l)?, Member::new("bo", "Lab", m)?].into_iter().collect();
    /// # let b: Roster = [Member::new("ana", "Lab", l)?, Member::new("bo", "Ops", m)?].into_iter().collect();
    /// # let cmp = Analyzer::new().compare(&a, &b)?;
    /// # let lab = cmp.team("Lab").unwrap();
    /// assert!(lab.is_changed());
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn is_changed(&self) -> bool {
        match (&self.before, &self.after) {
            (Some(b), Some(a)) => !b.same_as(a),
            _ => true,
        }
    }
    /// The member changes that touched the team (sorted by id, then team),
    /// each with the team's scores were it undone.
    ///
    /// ```
    /// # use rolebalance::{Analyzer, ChangeKind, Level, Member, Roster, Status};
    /// # let l = [0.9, 0.2, 0.9, 0.3, 0.8, 0.2, 0.9, 0.1];
    /// # let m = [0.2, 0.9, 0.3, 0.9, 0.3, 0.8, 0.1, 0.9];
    /// # let a: Roster = [Member::new("ana", "Lab", l)?, Member::new("bo", "Lab", m)?].into_iter().collect();
    /// # let b: Roster = [Member::new("ana", "Lab", l)?, Member::new("bo", "Ops", m)?].into_iter().collect();
    /// # let cmp = Analyzer::new().compare(&a, &b)?;
    /// # let lab = cmp.team("Lab").unwrap();
    /// assert!(matches!(lab.causes()[0].change().kind(), ChangeKind::Moved { .. }));
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn causes(&self) -> &[Cause] {
        &self.causes
    }
    /// One line on a cause: "Discovery lost control (0.62 to 0.40) when
    /// e017 moved to Ops" (the team's earlier and later figures, for an
    /// exact cause); for one of several causes, the figures with it undone
    /// and the later ones.
    ///
    /// ```
    /// # use rolebalance::{Analyzer, ChangeKind, Level, Member, Roster, Status};
    /// # let l = [0.9, 0.2, 0.9, 0.3, 0.8, 0.2, 0.9, 0.1];
    /// # let m = [0.2, 0.9, 0.3, 0.9, 0.3, 0.8, 0.1, 0.9];
    /// # let a: Roster = [Member::new("ana", "Lab", l)?, Member::new("bo", "Lab", m)?].into_iter().collect();
    /// # let b: Roster = [Member::new("ana", "Lab", l)?, Member::new("bo", "Ops", m)?].into_iter().collect();
    /// # let cmp = Analyzer::new().compare(&a, &b)?;
    /// # let lab = cmp.team("Lab").unwrap();
    /// assert_eq!(lab.explain(&lab.causes()[0]), "Lab lost control (0.88 to 0.20) when bo moved to Ops");
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn explain(&self, cause: &Cause) -> String {
        attribute::explain(self, cause)
    }
}

/// Two snapshots compared: every team and rollup of either (sorted by
/// team), and every member change (sorted by id, then team).
///
/// # Examples
///
/// ```
/// use rolebalance::{Analyzer, Comparison, Member, Roster, Status};
/// let lab = |id: &str, team: &str, s: [f64; 8]| Member::new(id, team, s);
/// let before: Roster = [
///     lab("ana", "Lab", [0.9, 0.2, 0.9, 0.3, 0.8, 0.2, 0.9, 0.1])?,
///     lab("bo", "Lab", [0.2, 0.9, 0.3, 0.9, 0.3, 0.8, 0.1, 0.9])?,
/// ].into_iter().collect();
/// let after: Roster = [
///     lab("ana", "Lab", [0.9, 0.2, 0.9, 0.3, 0.8, 0.2, 0.9, 0.1])?,
///     lab("bo", "Ops", [0.2, 0.9, 0.3, 0.9, 0.3, 0.8, 0.1, 0.9])?,
/// ].into_iter().collect();
/// let cmp = Analyzer::new().compare(&before, &after)?;
/// let lab = cmp.team("Lab").unwrap();
/// assert_eq!(lab.status(), Status::Kept);
/// assert!(lab.introduced().iter().any(|f| f == "no_control"));
/// let cause = &lab.causes()[0];
/// assert!(cause.is_exact());
/// assert_eq!(lab.explain(cause), "Lab lost control (0.88 to 0.20) when bo moved to Ops");
/// assert_eq!(cmp.team("Ops").unwrap().status(), Status::New);
/// # Ok::<(), rolebalance::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Comparison {
    pub(crate) before_label: String,
    pub(crate) after_label: String,
    pub(crate) teams: Vec<TeamChange>,
    pub(crate) people: Vec<MemberChange>,
    pub(crate) has_rows: bool,
}

impl Comparison {
    /// Compares two snapshots: per team and rollup its status, scores
    /// before and after, findings resolved and introduced; with rows on
    /// both sides, every member change, and each kept team's change
    /// attributed to the member changes that touched it (the later scores
    /// with each one undone, added up again by the kernel under the later
    /// snapshot's analyzer).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::FrameworkMismatch`] when the snapshots' frameworks
    /// differ.
    ///
    /// ```
    /// use rolebalance::{Analyzer, Comparison, Member, Roster, Snapshot};
    /// let a: Roster = [Member::new("ana", "Lab", [0.5; 8])?].into_iter().collect();
    /// let snap = Snapshot::of_roster(&a, &Analyzer::new())?;
    /// let same = Comparison::new(&snap, &snap)?;
    /// assert!(same.people().is_empty() && same.teams().iter().all(|t| !t.is_changed()));
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn new(before: &Snapshot, after: &Snapshot) -> Result<Comparison, Error> {
        before.check_framework(after, 2)?;
        let (mut teams, bmap, amap) = merge_teams(before, after);
        let (people, has_rows) = match (&before.rows, &after.rows) {
            (Some(b), Some(a)) => {
                let sides = people::Sides { before: b, after: a, bmap: &bmap, amap: &amap };
                let changes = people::diff(&sides, after.analyzer.thread_count());
                attribute::attribute(&mut teams, &changes, &sides, before.analyzer == after.analyzer, after);
                (changes.into_iter().map(|c| c.public).collect(), true)
            }
            _ => (Vec::new(), false),
        };
        Ok(Comparison { before_label: before.label.clone(), after_label: after.label.clone(), teams, people, has_rows })
    }

    /// Compares two reports: teams only (no member changes, no causes).
    ///
    /// # Errors
    ///
    /// As [`Comparison::new`].
    ///
    /// ```
    /// use rolebalance::{Analyzer, Comparison, Member, Roster};
    /// let a: Roster = [Member::new("ana", "Lab", [0.9; 8])?].into_iter().collect();
    /// let b: Roster = [Member::new("ana", "Lab", [0.9; 8])?, Member::new("bo", "Lab", [0.9; 8])?].into_iter().collect();
    /// let analyzer = Analyzer::new();
    /// let cmp = Comparison::of_reports(&analyzer.analyze(&a)?, &analyzer.analyze(&b)?)?;
    /// assert_eq!(cmp.team("Lab").unwrap().resolved()[0], "single_point_of_failure:inspire");
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn of_reports(before: &Report, after: &Report) -> Result<Comparison, Error> {
        Comparison::new(&Snapshot::of_report(before), &Snapshot::of_report(after))
    }

    /// Every team and rollup of either snapshot, sorted by team.
    ///
    /// ```
    /// # use rolebalance::{Analyzer, ChangeKind, Level, Member, Roster, Status};
    /// # let l = [0.9, 0.2, 0.9, 0.3, 0.8, 0.2, 0.9, 0.1];
    /// # let m = [0.2, 0.9, 0.3, 0.9, 0.3, 0.8, 0.1, 0.9];
    /// # let a: Roster = [Member::new("ana", "Lab", l)?, Member::new("bo", "Lab", m)?].into_iter().collect();
    /// # let b: Roster = [Member::new("ana", "Lab", l)?, Member::new("bo", "Ops", m)?].into_iter().collect();
    /// # let cmp = Analyzer::new().compare(&a, &b)?;
    /// # let lab = cmp.team("Lab").unwrap();
    /// assert_eq!(cmp.teams().len(), 2);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn teams(&self) -> &[TeamChange] {
        &self.teams
    }
    /// The change of `team` (a rollup as `PREFIX/*`).
    ///
    /// ```
    /// # use rolebalance::{Analyzer, ChangeKind, Level, Member, Roster, Status};
    /// # let l = [0.9, 0.2, 0.9, 0.3, 0.8, 0.2, 0.9, 0.1];
    /// # let m = [0.2, 0.9, 0.3, 0.9, 0.3, 0.8, 0.1, 0.9];
    /// # let a: Roster = [Member::new("ana", "Lab", l)?, Member::new("bo", "Lab", m)?].into_iter().collect();
    /// # let b: Roster = [Member::new("ana", "Lab", l)?, Member::new("bo", "Ops", m)?].into_iter().collect();
    /// # let cmp = Analyzer::new().compare(&a, &b)?;
    /// # let lab = cmp.team("Lab").unwrap();
    /// assert!(cmp.team("Lab/*").is_none());
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn team(&self, team: &str) -> Option<&TeamChange> {
        self.teams.binary_search_by(|t| t.team.as_str().cmp(team)).ok().and_then(|i| self.teams.get(i))
    }
    /// The teams whose findings changed, in team order.
    ///
    /// ```
    /// # use rolebalance::{Analyzer, ChangeKind, Level, Member, Roster, Status};
    /// # let l = [0.9, 0.2, 0.9, 0.3, 0.8, 0.2, 0.9, 0.1];
    /// # let m = [0.2, 0.9, 0.3, 0.9, 0.3, 0.8, 0.1, 0.9];
    /// # let a: Roster = [Member::new("ana", "Lab", l)?, Member::new("bo", "Lab", m)?].into_iter().collect();
    /// # let b: Roster = [Member::new("ana", "Lab", l)?, Member::new("bo", "Ops", m)?].into_iter().collect();
    /// # let cmp = Analyzer::new().compare(&a, &b)?;
    /// # let lab = cmp.team("Lab").unwrap();
    /// assert_eq!(cmp.findings_changed().count(), 2);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn findings_changed(&self) -> impl Iterator<Item = &TeamChange> + '_ {
        self.teams.iter().filter(|t| t.findings_changed())
    }
    /// Every member change, sorted by id, then team.
    ///
    /// ```
    /// # use rolebalance::{Analyzer, ChangeKind, Level, Member, Roster, Status};
    /// # let l = [0.9, 0.2, 0.9, 0.3, 0.8, 0.2, 0.9, 0.1];
    /// # let m = [0.2, 0.9, 0.3, 0.9, 0.3, 0.8, 0.1, 0.9];
    /// # let a: Roster = [Member::new("ana", "Lab", l)?, Member::new("bo", "Lab", m)?].into_iter().collect();
    /// # let b: Roster = [Member::new("ana", "Lab", l)?, Member::new("bo", "Ops", m)?].into_iter().collect();
    /// # let cmp = Analyzer::new().compare(&a, &b)?;
    /// # let lab = cmp.team("Lab").unwrap();
    /// assert_eq!(cmp.people()[0].to_string(), "bo moved from Lab to Ops");
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn people(&self) -> &[MemberChange] {
        &self.people
    }
    /// Whether both snapshots had rows (so that member changes are known).
    ///
    /// ```
    /// # use rolebalance::{Analyzer, ChangeKind, Level, Member, Roster, Status};
    /// # let l = [0.9, 0.2, 0.9, 0.3, 0.8, 0.2, 0.9, 0.1];
    /// # let m = [0.2, 0.9, 0.3, 0.9, 0.3, 0.8, 0.1, 0.9];
    /// # let a: Roster = [Member::new("ana", "Lab", l)?, Member::new("bo", "Lab", m)?].into_iter().collect();
    /// # let b: Roster = [Member::new("ana", "Lab", l)?, Member::new("bo", "Ops", m)?].into_iter().collect();
    /// # let cmp = Analyzer::new().compare(&a, &b)?;
    /// # let lab = cmp.team("Lab").unwrap();
    /// assert!(cmp.has_people());
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn has_people(&self) -> bool {
        self.has_rows
    }
    /// The earlier snapshot's label.
    ///
    /// ```
    /// # use rolebalance::{Analyzer, ChangeKind, Level, Member, Roster, Status};
    /// # let l = [0.9, 0.2, 0.9, 0.3, 0.8, 0.2, 0.9, 0.1];
    /// # let m = [0.2, 0.9, 0.3, 0.9, 0.3, 0.8, 0.1, 0.9];
    /// # let a: Roster = [Member::new("ana", "Lab", l)?, Member::new("bo", "Lab", m)?].into_iter().collect();
    /// # let b: Roster = [Member::new("ana", "Lab", l)?, Member::new("bo", "Ops", m)?].into_iter().collect();
    /// # let cmp = Analyzer::new().compare(&a, &b)?;
    /// # let lab = cmp.team("Lab").unwrap();
    /// assert_eq!(cmp.before_label(), "before");
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn before_label(&self) -> &str {
        &self.before_label
    }
    /// The later snapshot's label.
    ///
    /// ```
    /// # use rolebalance::{Analyzer, ChangeKind, Level, Member, Roster, Status};
    /// # let l = [0.9, 0.2, 0.9, 0.3, 0.8, 0.2, 0.9, 0.1];
    /// # let m = [0.2, 0.9, 0.3, 0.9, 0.3, 0.8, 0.1, 0.9];
    /// # let a: Roster = [Member::new("ana", "Lab", l)?, Member::new("bo", "Lab", m)?].into_iter().collect();
    /// # let b: Roster = [Member::new("ana", "Lab", l)?, Member::new("bo", "Ops", m)?].into_iter().collect();
    /// # let cmp = Analyzer::new().compare(&a, &b)?;
    /// # let lab = cmp.team("Lab").unwrap();
    /// assert_eq!(cmp.after_label(), "after");
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn after_label(&self) -> &str {
        &self.after_label
    }
}

impl Analyzer {
    /// Compares two rosters under this analysis; see [`Comparison::new`].
    ///
    /// # Errors
    ///
    /// As [`Analyzer::analyze`] on either roster, and
    /// [`ErrorKind::FrameworkMismatch`].
    ///
    /// ```
    /// use rolebalance::{Analyzer, ChangeKind, Member, Roster};
    /// let a: Roster = [Member::new("ana", "Lab", [0.5; 8])?].into_iter().collect();
    /// let b: Roster = [Member::new("ana", "Lab", [0.5; 8])?.with_weight(0.5)?].into_iter().collect();
    /// let cmp = Analyzer::new().compare(&a, &b)?;
    /// assert!(matches!(cmp.people()[0].kind(), ChangeKind::Reweighted { before, after, .. } if *before == 1.0 && *after == 0.5));
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn compare(&self, before: &Roster, after: &Roster) -> Result<Comparison, Error> {
        let b = Snapshot::of_roster(before, self)?.with_label("before");
        let a = Snapshot::of_roster(after, self)?.with_label("after");
        Comparison::new(&b, &a)
    }
}

/// Every team of either snapshot, merged by name, with its findings
/// resolved and introduced.
///
/// Also gives, for each team of either snapshot, its place in the merge.
fn merge_teams(before: &Snapshot, after: &Snapshot) -> (Vec<TeamChange>, Vec<u32>, Vec<u32>) {
    let mut out = Vec::with_capacity(before.teams.len().max(after.teams.len()));
    let mut bmap = Vec::with_capacity(before.teams.len());
    let mut amap = Vec::with_capacity(after.teams.len());
    let (mut b, mut a) = (before.teams.iter().peekable(), after.teams.iter().peekable());
    loop {
        let (x, y) = match (b.peek(), a.peek()) {
            (None, None) => break,
            (Some(x), Some(y)) => match x.team.cmp(&y.team) {
                std::cmp::Ordering::Less => (b.next(), None),
                std::cmp::Ordering::Greater => (None, a.next()),
                std::cmp::Ordering::Equal => (b.next(), a.next()),
            },
            (Some(_), None) => (b.next(), None),
            (None, Some(_)) => (None, a.next()),
        };
        let Some(any) = x.or(y) else { break };
        if x.is_some() {
            bmap.push(out.len() as u32);
        }
        if y.is_some() {
            amap.push(out.len() as u32);
        }
        let status = match (x, y) {
            (Some(_), Some(_)) => Status::Kept,
            (None, _) => Status::New,
            (_, None) => Status::Gone,
        };
        fn tokens(s: Option<&TeamScores>) -> Vec<&str> {
            s.map(|t| t.flag_tokens().collect()).unwrap_or_default()
        }
        let (tb, ta) = (tokens(x), tokens(y));
        let resolved = tb.iter().filter(|t| !ta.contains(t)).map(|t| t.to_string()).collect();
        let introduced = ta.iter().filter(|t| !tb.contains(t)).map(|t| t.to_string()).collect();
        out.push(TeamChange {
            team: any.team.clone(),
            level: any.level,
            status,
            before: x.cloned(),
            after: y.cloned(),
            resolved,
            introduced,
            causes: Vec::new(),
        });
    }
    (out, bmap, amap)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Member;

    fn roster(rows: &[(&str, &str, f64, [f64; 8])]) -> Roster {
        rows.iter()
            .map(|(id, team, w, s)| Member::new(*id, *team, *s).and_then(|m| m.with_weight(*w)).unwrap())
            .collect()
    }

    const L: [f64; 8] = [0.9, 0.2, 0.9, 0.3, 0.8, 0.2, 0.9, 0.1];
    const M: [f64; 8] = [0.2, 0.9, 0.3, 0.9, 0.3, 0.8, 0.1, 0.9];

    #[test]
    fn file_and_roster_snapshots_agree() {
        let csv = "id,team,inspire,organize,vision,execution,people,process,risk_taking,risk_management\n\
                   a,T,0.9,0.2,0.9,0.3,0.8,0.2,0.9,0.1\nb,U/V,0.2,0.9,0.3,0.9,0.3,0.8,0.1,0.9\nc,T,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5\n";
        for rollups in [crate::Rollups::Exclude, crate::Rollups::Include] {
            let analyzer = Analyzer::new().rollups(rollups);
            let (file, _) = ReaderBuilder::new().snapshot(csv.as_bytes(), &analyzer).unwrap();
            let (roster, _) = ReaderBuilder::new().read_roster(csv.as_bytes()).unwrap();
            let memory = Snapshot::of_roster(&roster, &analyzer).unwrap();
            let report = Snapshot::of_report(&analyzer.analyze(&roster).unwrap());
            assert_eq!(file.teams(), memory.teams());
            assert_eq!(file.teams(), report.teams());
        }
    }

    #[test]
    fn different_frameworks_are_an_error() {
        let a = roster(&[("a", "T", 1.0, L)]);
        let fw = Framework::builder().dimension("horizon", "vision", "execution").build().unwrap();
        let mut b = Roster::new(fw);
        b.push(Member::new("a", "T", [0.5, 0.5]).unwrap()).unwrap();
        let an = Analyzer::new();
        let sa = Snapshot::of_roster(&a, &an).unwrap().with_label("q1.csv");
        let sb = Snapshot::of_roster(&b, &an).unwrap().with_label("q2.csv");
        let err = Comparison::new(&sa, &sb).unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::FrameworkMismatch { snapshot: 2, .. }));
        assert!(err.to_string().contains("`q2.csv`"), "{err}");
        assert!(err.to_string().contains("vision,execution instead of inspire,organize"), "{err}");
    }

    #[test]
    fn statuses_and_tokens() {
        let a = roster(&[("a", "Gone", 1.0, L), ("b", "Kept", 1.0, L)]);
        let b = roster(&[("b", "Kept", 1.0, L), ("c", "Kept", 1.0, M), ("d", "New", 1.0, M)]);
        let cmp = Analyzer::new().compare(&a, &b).unwrap();
        let s: Vec<(&str, Status)> = cmp.teams().iter().map(|t| (t.team(), t.status())).collect();
        assert_eq!(s, [("Gone", Status::Gone), ("Kept", Status::Kept), ("New", Status::New)]);
        let kept = cmp.team("Kept").unwrap();
        assert!(kept.resolved().iter().any(|f| f == "no_control"));
        assert_eq!(kept.introduced().last().map(String::as_str), Some("no_bridge"));
        assert_eq!(kept.introduced()[0], "single_point_of_failure:organize");
        assert_eq!(cmp.people().len(), 3);
    }
}
