//! The summary table: one row per team (and rollup), sorted by team,
//! `team,members,total_weight,direction,control,balance,flags`, with
//! `flags` the findings' tokens joined by `;`. Rows come straight from the
//! engine's totals, without building reports; a streaming read formats each
//! shard's rows on the shard's own thread.

use std::io;

use crate::analysis::findings::{evaluate, Numbers};
use crate::analysis::report::Report;
use crate::engine::accumulator::TeamState;
use crate::engine::kernel::{self, TeamTotals};
use crate::engine::shard::Shard;
use crate::engine::tally::{Name, Place, Tally};
use crate::io::csvout::{push_summary_row, CsvFormulas, SUMMARY_HEADER};
use crate::model::thresholds::TeamThresholds;

/// Reused buffers for summary rows.
#[derive(Debug, Default)]
pub(crate) struct RowScratch {
    coverages: Vec<(f64, f64)>,
    flags: String,
    state: Option<TeamState>,
    formulas: CsvFormulas,
}

/// Writes one team's summary row into `out`, from its totals and its
/// poles' `(C, C without the top contributor)` in `scratch.coverages`.
fn push_row(
    out: &mut Vec<u8>,
    name: Name<'_>,
    totals: &TeamTotals,
    t: &TeamThresholds,
    names: &[String],
    scratch: &mut RowScratch,
) {
    let (d, c) = kernel::sides(scratch.coverages.iter().map(|x| x.0));
    let numbers = Numbers {
        direction: d,
        control: c,
        active: totals.active,
        bridge: totals.best_bridge(),
        thresholds: t,
        poles: &scratch.coverages,
    };
    let flags = &mut scratch.flags;
    flags.clear();
    evaluate(&numbers, |f| {
        if !flags.is_empty() {
            flags.push(';');
        }
        f.push_flag_named(names, flags);
    });
    let mut team = Vec::new();
    let team_bytes: &[u8] = if name.level == crate::Level::Rollup {
        name.push_to(&mut team);
        &team
    } else {
        name.head.as_bytes()
    };
    let formulas = scratch.formulas;
    push_summary_row(
        out,
        team_bytes,
        totals.members,
        totals.total_weight.value(),
        d,
        c,
        kernel::balance(d, c),
        &scratch.flags,
        formulas,
    );
}

/// Every team's summary row of `shard`, in the shard's team order, and
/// where each ends; `text` is memory to write them into.
pub(crate) fn format_shard(shard: &Shard, names: &[String], text: Vec<u8>) -> (Vec<u8>, Vec<usize>) {
    format_shard_with(shard, names, text, CsvFormulas::default())
}

/// [`format_shard`] with a choice of what to do with formulas.
fn format_shard_with(
    shard: &Shard,
    names: &[String],
    mut text: Vec<u8>,
    formulas: CsvFormulas,
) -> (Vec<u8>, Vec<usize>) {
    let mut scratch = RowScratch { formulas, ..RowScratch::default() };
    text.clear();
    let store = &shard.store;
    text.reserve(120 * store.len());
    let mut ends = Vec::with_capacity(store.len());
    for t in 0..store.len() {
        store.coverages(t, &mut scratch.coverages);
        if let Some(th) = store.thresholds(t) {
            let name = Name { head: shard.team_name(t), level: crate::Level::Team };
            push_row(&mut text, name, &store.totals(t), th, names, &mut scratch);
        }
        ends.push(text.len());
    }
    (text, ends)
}

/// Writes the summary table of `tally`: the shards' rows formatted when the
/// read ended (or here, when they were not), rollups' rows here.
fn write_tally<W: io::Write>(
    tally: &Tally<'_>,
    names: &[String],
    mut writer: W,
    formulas: CsvFormulas,
) -> io::Result<()> {
    writer.write_all(SUMMARY_HEADER)?;
    let shards = tally.shards();
    // Rows formatted during the read use the default; another choice
    // formats them again.
    let reuse = formulas == CsvFormulas::default();
    let fresh: Vec<Option<(Vec<u8>, Vec<usize>)>> = shards
        .iter()
        .map(|sh| (sh.formatted.is_none() || !reuse).then(|| format_shard_with(sh, names, Vec::new(), formulas)))
        .collect();
    let parts: Vec<Option<&(Vec<u8>, Vec<usize>)>> = shards
        .iter()
        .zip(&fresh)
        .map(|(sh, f)| if reuse { sh.formatted.as_ref().or(f.as_ref()) } else { f.as_ref() })
        .collect();
    let mut out = Vec::with_capacity(1 << 16);
    let mut scratch = RowScratch { formulas, ..RowScratch::default() };
    for i in 0..tally.len() {
        match tally.place(i) {
            Some(Place::Team(e)) => {
                if let Some((text, ends)) = parts.get(e.part as usize).copied().flatten() {
                    let t = e.index as usize;
                    let from = if t == 0 { 0 } else { ends.get(t - 1).copied().unwrap_or(0) };
                    let to = ends.get(t).copied().unwrap_or(from);
                    out.extend_from_slice(text.get(from..to).unwrap_or_default());
                } else {
                    // An in-memory tally: from the totals.
                    let mut state = scratch.state.take().unwrap_or_else(|| TeamState::new(names.len()));
                    if let Some(v) = tally.view(i, &mut state) {
                        scratch.coverages.clear();
                        scratch.coverages.extend((0..names.len()).map(|p| v.state.coverage(p, v.thresholds.model(p))));
                        push_row(&mut out, v.name, &v.state.totals, v.thresholds, names, &mut scratch);
                    }
                    scratch.state = Some(state);
                }
            }
            Some(Place::Rollup(_)) => {
                let mut state = scratch.state.take().unwrap_or_else(|| TeamState::new(names.len()));
                if let Some(v) = tally.view(i, &mut state) {
                    scratch.coverages.clear();
                    scratch.coverages.extend((0..names.len()).map(|p| v.state.coverage(p, v.thresholds.model(p))));
                    push_row(&mut out, v.name, &v.state.totals, v.thresholds, names, &mut scratch);
                }
                scratch.state = Some(state);
            }
            None => {}
        }
        if out.len() >= 1 << 16 {
            writer.write_all(&out)?;
            out.clear();
        }
    }
    writer.write_all(&out)?;
    writer.flush()
}

/// The summary table of every team of a roster, from
/// [`ReaderBuilder::summary`](crate::ReaderBuilder::summary): one row per
/// team (and rollup), sorted by team.
///
/// ```
/// use rolebalance::{Analyzer, ReaderBuilder};
/// let csv = "id,team,purpose,horizon,focus,risk\na,B,1,1,1,1\nb,A,-1,-1,-1,-1\n";
/// let (summary, _) = ReaderBuilder::new().summary(csv.as_bytes(), &Analyzer::new())?;
/// let mut out = Vec::new();
/// summary.write_csv(&mut out)?;
/// let text = String::from_utf8(out).unwrap();
/// assert!(text.lines().nth(1).unwrap().starts_with("A,1,1,0,1,0,no_direction;"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct Summary {
    inner: Inner,
}

/// Where a summary's rows come from.
enum Inner {
    /// The streaming reader's totals, and the framework's pole names.
    Tally(Box<Tally<'static>>, Vec<String>),
    /// Full reports (analyses with measurement error).
    Report(Report),
}

impl std::fmt::Debug for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Summary").field("teams", &self.len()).finish()
    }
}

impl Summary {
    pub(crate) fn new(tally: Tally<'static>) -> Summary {
        let names = tally.framework.pole_names().map(str::to_string).collect();
        Summary { inner: Inner::Tally(Box::new(tally), names) }
    }

    pub(crate) fn from_report(report: Report) -> Summary {
        Summary { inner: Inner::Report(report) }
    }

    /// The number of rows (teams and rollups).
    ///
    /// ```
    /// # use rolebalance::{Analyzer, ReaderBuilder};
    /// let csv = "id,team,purpose,horizon,focus,risk\na,B,1,1,1,1\nb,A,-1,-1,-1,-1\n";
    /// let (summary, _) = ReaderBuilder::new().summary(csv.as_bytes(), &Analyzer::new())?;
    /// assert_eq!(summary.len(), 2);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn len(&self) -> usize {
        match &self.inner {
            Inner::Tally(t, _) => t.len(),
            Inner::Report(r) => r.len(),
        }
    }

    /// Whether the roster had no rows.
    ///
    /// ```
    /// # use rolebalance::{Analyzer, ReaderBuilder};
    /// let (summary, _) = ReaderBuilder::new().summary("id,team,purpose,horizon,focus,risk\n".as_bytes(), &Analyzer::new())?;
    /// assert!(summary.is_empty());
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Writes the table `team,members,total_weight,direction,control,balance,flags`,
    /// the same bytes as [`Report::write_summary_csv`] (formatting on the
    /// reader's threads).
    ///
    /// # Errors
    ///
    /// The writer's I/O errors.
    ///
    /// ```
    /// # use rolebalance::{Analyzer, ReaderBuilder};
    /// let csv = "id,team,purpose,horizon,focus,risk\na,B,1,1,1,1\n";
    /// let (summary, _) = ReaderBuilder::new().summary(csv.as_bytes(), &Analyzer::new())?;
    /// let mut out = Vec::new();
    /// summary.write_csv(&mut out)?;
    /// assert!(out.starts_with(b"team,members,"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn write_csv<W: io::Write>(&self, writer: W) -> io::Result<()> {
        self.write_csv_with(writer, CsvFormulas::default())
    }

    /// [`Summary::write_csv`], with a choice of what to do with team names
    /// a spreadsheet would take for formulas (the default neutralises them;
    /// see [`CsvFormulas`]).
    ///
    /// # Errors
    ///
    /// The writer's I/O errors.
    ///
    /// ```
    /// # use rolebalance::{Analyzer, CsvFormulas, ReaderBuilder};
    /// let csv = "id,team,purpose,horizon,focus,risk\na,=1+1,1,1,1,1\n";
    /// let (summary, _) = ReaderBuilder::new().summary(csv.as_bytes(), &Analyzer::new())?;
    /// let (mut safe, mut kept) = (Vec::new(), Vec::new());
    /// summary.write_csv(&mut safe)?;
    /// summary.write_csv_with(&mut kept, CsvFormulas::Keep)?;
    /// assert!(String::from_utf8(safe)?.lines().nth(1).unwrap().starts_with("'=1+1,1,"));
    /// assert!(String::from_utf8(kept)?.lines().nth(1).unwrap().starts_with("=1+1,1,"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn write_csv_with<W: io::Write>(&self, writer: W, formulas: CsvFormulas) -> io::Result<()> {
        match &self.inner {
            Inner::Tally(t, names) => write_tally(t, names, writer, formulas),
            Inner::Report(r) => r.write_summary_csv_with(writer, formulas),
        }
    }
}
