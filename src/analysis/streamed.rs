//! An analysis kept as the engine's totals: every team's report made when
//! it is asked for, one at a time, so that a large roster's reports can be
//! written out (JSON, text) without holding them all.

use std::sync::Arc;

use crate::analysis::report::{pole_names, Report, TeamReport};
use crate::engine::accumulator::TeamState;
use crate::engine::tally::Tally;
use crate::model::coverage::Coverage;
use crate::model::thresholds::Thresholds;

/// Reports, by number, in report order: a [`Report`] or an [`Analysis`].
/// What the writers of [`crate::render`] take.
pub(crate) trait Reports: Sync {
    /// The number of reports.
    fn count(&self) -> usize;
    /// The analysis' coverage model.
    fn coverage_model(&self) -> Coverage;
    /// The analysis' thresholds (before requirements).
    fn analysis_thresholds(&self) -> &Thresholds;
    /// Calls `f` with report `i`, made in `scratch` when it has to be made.
    fn with_report<T>(&self, i: usize, scratch: &mut Scratch, f: impl FnOnce(&TeamReport) -> T) -> Option<T>;
}

/// Reused memory for making reports one at a time.
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    state: Option<TeamState>,
    report: Option<TeamReport>,
}

impl Reports for Report {
    fn count(&self) -> usize {
        self.len()
    }

    fn coverage_model(&self) -> Coverage {
        self.model()
    }

    fn analysis_thresholds(&self) -> &Thresholds {
        self.thresholds()
    }

    fn with_report<T>(&self, i: usize, _: &mut Scratch, f: impl FnOnce(&TeamReport) -> T) -> Option<T> {
        self.teams().get(i).map(f)
    }
}

/// A roster's analysis kept as every team's totals (a few hundred bytes a
/// team), from [`ReaderBuilder::analysis`](crate::ReaderBuilder::analysis):
/// each [`TeamReport`] is made when asked for. Writing the reports of a
/// large roster from here ([`Analysis::write_json`](crate::Analysis::write_json),
/// [`Analysis::write_text`](crate::Analysis::write_text)) never holds more
/// than a few thousand of them, and formats them on every core.
///
/// # Examples
///
/// ```
/// use rolebalance::{Analyzer, ReaderBuilder};
/// let csv = "id,team,purpose,horizon,focus,risk\na,T,1,1,1,1\nb,U,-1,-1,-1,-1\n";
/// let (analysis, log) = ReaderBuilder::new().analysis(csv.as_bytes(), &Analyzer::new())?;
/// assert_eq!((analysis.len(), log.rows()), (2, 2));
/// let t = analysis.get(0).unwrap();
/// assert_eq!((t.team(), t.direction()), ("T", 1.0));
/// assert_eq!(analysis.iter().map(|t| t.team().to_string()).collect::<Vec<_>>(), ["T", "U"]);
/// assert_eq!(analysis.into_report().len(), 2);
/// # Ok::<(), rolebalance::Error>(())
/// ```
pub struct Analysis {
    tally: Tally<'static>,
    names: Arc<[String]>,
    threads: usize,
}

impl std::fmt::Debug for Analysis {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Analysis").field("teams", &self.len()).finish()
    }
}

impl Analysis {
    pub(crate) fn new(tally: Tally<'static>, threads: usize) -> Analysis {
        let names = pole_names(&tally.framework);
        Analysis { tally, names, threads }
    }

    /// The number of reports (teams and rollups).
    ///
    /// ```
    /// # use rolebalance::{Analyzer, ReaderBuilder};
    /// let (analysis, _) = ReaderBuilder::new().analysis("id,team,purpose,horizon,focus,risk\n".as_bytes(), &Analyzer::new())?;
    /// assert_eq!(analysis.len(), 0);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn len(&self) -> usize {
        self.tally.len()
    }

    /// Whether there are no reports.
    ///
    /// ```
    /// # use rolebalance::{Analyzer, ReaderBuilder};
    /// let (analysis, _) = ReaderBuilder::new().analysis("id,team,purpose,horizon,focus,risk\n".as_bytes(), &Analyzer::new())?;
    /// assert!(analysis.is_empty());
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The coverage model (poles may have models of their own).
    ///
    /// ```
    /// # use rolebalance::{Analyzer, Coverage, ReaderBuilder};
    /// let csv = "id,team,purpose,horizon,focus,risk\na,T,1,1,1,1\n";
    /// let (analysis, _) = ReaderBuilder::new().analysis(csv.as_bytes(), &Analyzer::new().model(Coverage::Pooled))?;
    /// assert_eq!(analysis.model(), Coverage::Pooled);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn model(&self) -> Coverage {
        self.tally.settings.model
    }

    /// The thresholds of the analysis (before requirements).
    ///
    /// ```
    /// # use rolebalance::{Analyzer, ReaderBuilder};
    /// let csv = "id,team,purpose,horizon,focus,risk\na,T,1,1,1,1\n";
    /// let (analysis, _) = ReaderBuilder::new().analysis(csv.as_bytes(), &Analyzer::new())?;
    /// assert_eq!(analysis.thresholds().pole(), 0.5);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn thresholds(&self) -> &Thresholds {
        &self.tally.settings.thresholds
    }

    /// Report number `i`, made now.
    ///
    /// ```
    /// # use rolebalance::{Analyzer, ReaderBuilder};
    /// let csv = "id,team,purpose,horizon,focus,risk\na,T,1,1,1,1\n";
    /// let (analysis, _) = ReaderBuilder::new().analysis(csv.as_bytes(), &Analyzer::new())?;
    /// assert_eq!(analysis.get(0).unwrap().members(), 1);
    /// assert!(analysis.get(1).is_none());
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn get(&self, i: usize) -> Option<TeamReport> {
        self.with_report(i, &mut Scratch::default(), TeamReport::clone)
    }

    /// Every report in order, each made when it is reached.
    ///
    /// ```
    /// # use rolebalance::{Analyzer, ReaderBuilder};
    /// let csv = "id,team,purpose,horizon,focus,risk\na,T,1,1,1,1\nb,U,1,1,1,1\n";
    /// let (analysis, _) = ReaderBuilder::new().analysis(csv.as_bytes(), &Analyzer::new())?;
    /// assert_eq!(analysis.iter().filter(|t| t.health() == 0.0).count(), 2);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn iter(&self) -> impl ExactSizeIterator<Item = TeamReport> + '_ {
        let mut scratch = Scratch::default();
        (0..self.len())
            .map(move |i| self.with_report(i, &mut scratch, TeamReport::clone).unwrap_or_else(|| self.empty_report()))
    }

    /// An empty report (never given: every index below `len` has one).
    fn empty_report(&self) -> TeamReport {
        let state = TeamState::new(self.names.len());
        let t = Arc::new(self.tally.settings.thresholds.resolve(&self.tally.framework, self.model()).unwrap_or_else(
            |_| crate::model::thresholds::TeamThresholds {
                poles: vec![0.5; self.names.len()],
                models: vec![self.model(); self.names.len()],
                direction: 0.5,
                control: 0.5,
                skew: 0.3,
                bridge: 0.4,
            },
        ));
        TeamReport::build(&self.names, String::new(), crate::Level::Team, self.model(), &state, &t, None)
    }

    /// Every report, made now (on every core).
    ///
    /// ```
    /// # use rolebalance::{Analyzer, ReaderBuilder};
    /// let csv = "id,team,purpose,horizon,focus,risk\na,T,1,1,1,1\n";
    /// let (analysis, _) = ReaderBuilder::new().analysis(csv.as_bytes(), &Analyzer::new())?;
    /// let report = analysis.into_report();
    /// assert_eq!(report.team("T").unwrap().members(), 1);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn into_report(self) -> Report {
        crate::analysis::analyzer::report_of(&self.tally, self.threads)
    }

    /// The threads to format on.
    pub(crate) fn threads(&self) -> usize {
        self.threads
    }
}

impl Reports for Analysis {
    fn count(&self) -> usize {
        self.len()
    }

    fn coverage_model(&self) -> Coverage {
        self.model()
    }

    fn analysis_thresholds(&self) -> &Thresholds {
        self.thresholds()
    }

    fn with_report<T>(&self, i: usize, scratch: &mut Scratch, f: impl FnOnce(&TeamReport) -> T) -> Option<T> {
        let state = scratch.state.get_or_insert_with(|| TeamState::new(self.names.len()));
        let v = self.tally.view(i, state)?;
        let report = match &mut scratch.report {
            Some(r) => {
                r.refill(v.name, v.state, v.thresholds, v.error);
                r
            }
            None => scratch.report.insert(TeamReport::build(
                &self.names,
                v.name.to_text(),
                v.name.level,
                self.model(),
                v.state,
                v.thresholds,
                v.error,
            )),
        };
        Some(f(report))
    }
}
