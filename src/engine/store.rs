//! Per-team totals in compact storage: one record of 208 bytes per team
//! (its [`TeamTotals`], the filter of its ids, the start of its name, and
//! the top contribution and depth of its first 8 poles), and side arrays
//! for further poles and for what only some models, rollups or full reports
//! need. Rows are added with the rules of the [kernel](crate::engine::kernel).
//!
//! The streaming shards find a row's team by its name and add it here; the
//! in-memory analysis knows the team's number from the roster.

use std::collections::HashMap;
use std::sync::Arc;

use crate::engine::accumulator::{TeamState, NO_SEQ};
use crate::engine::errors::ErrorState;
use crate::engine::kernel::{
    self, add_depth, add_extra, add_second, add_top, Needs, PoleExtra, PoleTotals, TeamTotals, NO_TOP,
};
use crate::model::measurement::MeasurementError;
use crate::model::thresholds::TeamThresholds;
use crate::model::tolerance::EPSILON;
use crate::util::hash::Keyed;
use crate::util::prefetch::prefetch;

/// The bytes of a team name kept in its record.
pub(crate) const NAME_HEAD: usize = 24;

/// The poles whose totals lie in the team's record: a row then touches one
/// record, not three arrays (the pages a row touches cost most of the
/// adding: 0.196 -> 0.163 s on a million rows in 100,000 teams).
pub(crate) const INLINE: usize = 8;

/// One team's record.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Record {
    pub(crate) totals: TeamTotals,
    /// One bit per id seen, for the deferred duplicate check.
    pub(crate) ids: [u64; 4],
    /// The team's entry in [`Store::thresholds`].
    pub(crate) thresholds: u32,
    /// The low half of the team's hash (its home slot), when found by name.
    pub(crate) hash_low: u32,
    /// The name's length and first bytes, to check a lookup without
    /// touching the name arena when the name is short.
    pub(crate) name_len: u32,
    pub(crate) name_head: [u8; NAME_HEAD],
    /// The largest contribution to each of the first [`INLINE`] poles
    /// ([`NO_TOP`] before any member); further poles in [`Store::tops`].
    pub(crate) tops: [f64; INLINE],
    /// The contributions to each of the first [`INLINE`] poles that reach
    /// its threshold; further poles in [`Store::depths`].
    pub(crate) depths: [u32; INLINE],
}

/// The size of a record, which [`Store::touch`] asks for in full with
/// offsets that cover 193 to 256 bytes.
pub(crate) const RECORD: usize = std::mem::size_of::<Record>();
const _: () = assert!(RECORD > 192 && RECORD <= 256, "Store::touch's offsets cover 193 to 256 bytes");

/// What a store keeps besides the totals a summary reads.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Keep {
    /// Top contributors' and bridges' ids (full reports).
    pub(crate) ids: bool,
    /// Top contributors' and bridges' lines (rollups: "first in roster
    /// order" across teams).
    pub(crate) lines: bool,
    /// Ids as the rows' lines, not copies: the in-memory analysis, whose
    /// roster holds the ids (member `i`'s row has line `i`).
    pub(crate) ids_by_line: bool,
    /// Second contributions (Strongest without its top contributor, for a
    /// full report; a summary reads only whether it reaches the threshold,
    /// which the depth tells).
    pub(crate) seconds: bool,
}

/// `n` zeros, written one by one. `vec![0; n]` takes fresh memory from
/// the system unwritten, where a read maps a shared page of zeros and the
/// first write then replaces it, which every core must be told of (an
/// interrupt each time): tables probed before they are written (and asked
/// for ahead) cost about 6% of a read that way.
#[allow(clippy::slow_vector_initialization)] // on purpose, see above
pub(crate) fn written_zeros(n: usize) -> Vec<u64> {
    let mut v = Vec::with_capacity(n);
    v.resize(n, 0);
    v
}

/// Resolved thresholds as exact bits, to share one entry among equal ones.
type ThresholdsKey = Vec<u64>;

fn thresholds_key(t: &TeamThresholds) -> ThresholdsKey {
    let mut key: Vec<u64> = t.poles.iter().map(|p| p.to_bits()).collect();
    key.extend(t.models.iter().map(|m| *m as u64));
    key.extend([t.direction, t.control, t.skew, t.bridge].map(f64::to_bits));
    key
}

/// Teams' totals; see the module docs.
#[derive(Debug)]
pub(crate) struct Store {
    poles: usize,
    /// The poles past the first [`INLINE`] (`poles - INLINE`, or 0).
    spill: usize,
    needs: Needs,
    keep: Keep,
    /// See [`Store::plain`].
    plain: bool,
    pub(crate) records: Vec<Record>,
    /// Per team and pole past the first [`INLINE`]: the largest contribution.
    tops: Vec<f64>,
    /// Per team and pole past the first [`INLINE`]: the depth.
    depths: Vec<u32>,
    /// Per team and pole, the second largest contribution (when kept).
    seconds: Vec<f64>,
    /// Per team and pole, what only some models need (when needed).
    extra: Vec<PoleExtra>,
    /// Per team and pole: the top contributor's line (rollups).
    top_lines: Vec<u64>,
    /// Per team and pole: the top contributor's id in the id arena.
    top_ids: Vec<u32>,
    /// Per team (with lines or ids kept): the bridge's line and id.
    bridges: Vec<(u64, u32)>,
    /// The ids kept (checked UTF-8 once, when kept).
    ids: String,
    id_ends: Vec<usize>,
    /// Thresholds in use: shared by every team without requirements.
    thresholds: Vec<Arc<TeamThresholds>>,
    by_thresholds: HashMap<ThresholdsKey, u32, Keyed>,
    /// Per thresholds entry, per pole: `threshold - EPSILON`.
    reach: Vec<f64>,
    /// Per team, the measurement-error sums (when SEMs are given).
    errors: Vec<ErrorState>,
    error: Option<MeasurementError>,
}

/// Where pole `p` (past the first [`INLINE`]) of team `t` lies in the
/// arrays of further poles, `spill` per team.
fn spilled(t: usize, spill: usize, p: usize) -> usize {
    t * spill + p.saturating_sub(INLINE)
}

impl Store {
    /// An empty store for `poles` poles.
    pub(crate) fn new(poles: usize, needs: Needs, keep: Keep, error: Option<&MeasurementError>) -> Store {
        Store {
            poles,
            spill: poles.saturating_sub(INLINE),
            needs,
            keep,
            plain: !keep.seconds && !keep.ids && !keep.lines && !needs.extra() && error.is_none(),
            records: Vec::new(),
            tops: Vec::new(),
            depths: Vec::new(),
            seconds: Vec::new(),
            extra: Vec::new(),
            top_lines: Vec::new(),
            top_ids: Vec::new(),
            bridges: Vec::new(),
            ids: String::new(),
            id_ends: Vec::new(),
            thresholds: Vec::new(),
            by_thresholds: HashMap::default(),
            reach: Vec::new(),
            errors: Vec::new(),
            error: error.cloned(),
        }
    }

    /// The number of teams.
    pub(crate) fn len(&self) -> usize {
        self.records.len()
    }

    /// The [`Needs`] bits rows are added with.
    pub(crate) fn needs(&self) -> Needs {
        self.needs
    }

    /// Whether only what a `Strongest` summary reads is kept: then rows
    /// take [`Store::add_plain`].
    #[inline]
    pub(crate) fn plain(&self) -> bool {
        self.plain
    }

    /// The entry of `t` in the thresholds table, made if new.
    pub(crate) fn thresholds_index(&mut self, t: TeamThresholds) -> u32 {
        let key = thresholds_key(&t);
        if let Some(&i) = self.by_thresholds.get(&key) {
            return i;
        }
        let i = self.thresholds.len() as u32;
        self.reach.extend(t.poles.iter().map(|&p| p - EPSILON));
        self.thresholds.push(Arc::new(t));
        self.by_thresholds.insert(key, i);
        i
    }

    /// The thresholds of team `t`.
    pub(crate) fn thresholds(&self, t: usize) -> Option<&Arc<TeamThresholds>> {
        self.thresholds.get(self.records.get(t)?.thresholds as usize)
    }

    /// A new team with thresholds entry `thresholds`, its hash's low half
    /// and its name (for lookups by name; anything for the in-memory path).
    pub(crate) fn push(&mut self, thresholds: u32, hash_low: u32, name: &[u8]) -> usize {
        let t = self.records.len();
        let mut name_head = [0; NAME_HEAD];
        for (d, s) in name_head.iter_mut().zip(name) {
            *d = *s;
        }
        self.records.push(Record {
            totals: TeamTotals::default(),
            ids: [0; 4],
            thresholds,
            hash_low,
            name_len: u32::try_from(name.len()).unwrap_or(u32::MAX),
            name_head,
            tops: [NO_TOP; INLINE],
            depths: [0; INLINE],
        });
        self.tops.extend(std::iter::repeat(NO_TOP).take(self.spill));
        self.depths.extend(std::iter::repeat(0).take(self.spill));
        if self.keep.seconds {
            self.seconds.extend(std::iter::repeat(NO_TOP).take(self.poles));
        }
        if self.keep.ids {
            self.top_ids.extend(std::iter::repeat(0).take(self.poles));
        }
        if self.keep.lines || self.keep.ids {
            self.bridges.push((0, 0));
        }
        if self.needs.extra() {
            self.extra.extend(std::iter::repeat(PoleExtra::default()).take(self.poles));
        }
        if self.keep.lines {
            self.top_lines.extend(std::iter::repeat(0).take(self.poles));
        }
        if let Some(e) = &self.error {
            self.errors.push(ErrorState::new(e));
        }
        t
    }

    /// Asks for the record of team `t` and its further poles.
    #[inline]
    pub(crate) fn touch(&self, t: usize) {
        if let Some(x) = self.records.get(t) {
            let p = (x as *const Record).cast::<u8>();
            // Every cache line of the record wherever it starts (it may
            // straddle five): one each 64 bytes, and the one of its last
            // byte. A fixed list, so that no loop is left; see `RECORD`.
            for at in [0, 64, 128, 192, RECORD - 1] {
                prefetch(p.wrapping_add(at));
            }
        }
        // One cache line at a time of its further poles.
        let range = t * self.spill..t * self.spill + self.spill;
        for top in self.tops.as_slice().get(range.clone()).unwrap_or_default().iter().step_by(8) {
            prefetch(top);
        }
        for depth in self.depths.as_slice().get(range).unwrap_or_default().iter().step_by(16) {
            prefetch(depth);
        }
    }

    /// Adds a row to team `t` when only the `Strongest` totals are kept
    /// ([`Store::plain`]): a loop without branches.
    #[inline]
    pub(crate) fn add_plain(&mut self, t: usize, weight: f64, strengths: &[f64]) {
        let Some(team) = self.records.get_mut(t) else { return };
        team.totals.add(weight, strengths);
        let tr = team.thresholds as usize * self.poles;
        let reach = self.reach.get(tr..tr + self.poles).unwrap_or_default();
        let add = |tops: &mut [f64], depths: &mut [u32], strengths: &[f64], reach: &[f64]| {
            for (((top, depth), &s), &r) in tops.iter_mut().zip(depths.iter_mut()).zip(strengths).zip(reach) {
                let c = kernel::contribution(weight, s);
                add_top(top, c);
                add_depth(depth, c, r);
            }
        };
        add(&mut team.tops, &mut team.depths, strengths, reach);
        if self.spill > 0 {
            let base = t * self.spill;
            let tops = self.tops.as_mut_slice().get_mut(base..base + self.spill).unwrap_or_default();
            let depths = self.depths.as_mut_slice().get_mut(base..base + self.spill).unwrap_or_default();
            let (strengths, reach) = (strengths.get(INLINE..), reach.get(INLINE..));
            add(tops, depths, strengths.unwrap_or_default(), reach.unwrap_or_default());
        }
    }

    /// Adds a row of `id` on `line` to team `t`, keeping what the store
    /// keeps; rows come in line order. `N` is the store's [`Needs`] bits.
    #[inline]
    pub(crate) fn add<const N: u8>(&mut self, t: usize, id: &[u8], weight: f64, strengths: &[f64], line: u64) {
        let (poles, spill) = (self.poles, self.spill);
        let keep = self.keep;
        let Store {
            records,
            ids,
            id_ends,
            bridges,
            tops,
            depths,
            seconds,
            top_ids,
            top_lines,
            extra,
            reach,
            errors,
            ..
        } = self;
        let Some(team) = records.get_mut(t) else { return };
        // The arena reference of the row's id, stored on first need.
        let mut current = None;
        let mut id_ref = || -> u32 {
            if !keep.ids {
                return 0;
            }
            if keep.ids_by_line {
                return u32::try_from(line).unwrap_or(u32::MAX);
            }
            *current.get_or_insert_with(|| {
                ids.push_str(std::str::from_utf8(id).unwrap_or_default());
                id_ends.push(ids.len());
                id_ends.len() as u32 - 1
            })
        };
        if team.totals.add(weight, strengths) && (keep.lines || keep.ids) {
            let r = id_ref();
            if let Some(b) = bridges.get_mut(t) {
                *b = (line, r);
            }
        }
        let base = t * poles;
        let tr = team.thresholds as usize;
        // The team's slices, taken once: a row's poles then touch no other index.
        let range = base..base + poles;
        let reach = reach.get(tr * poles..(tr + 1) * poles).unwrap_or_default();
        let mut seconds = if keep.seconds { seconds.get_mut(range.clone()) } else { None };
        let mut top_ids = if keep.ids { top_ids.get_mut(range.clone()) } else { None };
        let mut top_lines = if keep.lines { top_lines.get_mut(range.clone()) } else { None };
        let mut extra = if N & !Needs::SECOND != 0 { extra.get_mut(range) } else { None };
        let mut pole = |p: usize, top: &mut f64, depth: &mut u32| {
            let c = kernel::contribution(weight, strengths.get(p).copied().unwrap_or(0.0));
            let old = *top;
            let new_top = add_top(top, c);
            if let Some(second) = seconds.as_deref_mut().and_then(|x| x.get_mut(p)) {
                add_second(second, old, c, new_top);
            }
            if new_top {
                if let Some(x) = top_ids.as_deref_mut().and_then(|x| x.get_mut(p)) {
                    *x = id_ref();
                }
                if let Some(l) = top_lines.as_deref_mut().and_then(|x| x.get_mut(p)) {
                    *l = line;
                }
            }
            add_depth(depth, c, reach.get(p).copied().unwrap_or(0.5));
            if let Some(x) = extra.as_deref_mut().and_then(|x| x.get_mut(p)) {
                add_extra(x, c, weight, new_top, N);
            }
        };
        for (p, (top, depth)) in team.tops.iter_mut().zip(team.depths.iter_mut()).enumerate().take(poles) {
            pole(p, top, depth);
        }
        if spill > 0 {
            let at = t * spill..(t + 1) * spill;
            let (tops, depths) = (tops.get_mut(at.clone()).unwrap_or_default(), depths.get_mut(at).unwrap_or_default());
            for (k, (top, depth)) in tops.iter_mut().zip(depths.iter_mut()).enumerate() {
                pole(INLINE + k, top, depth);
            }
        }
        if let Some(e) = errors.get_mut(t) {
            if let Some(th) = self.thresholds.get(tr) {
                e.add(th, weight, strengths, line);
            }
        }
    }

    /// The largest contribution to pole `p` of team `t` ([`NO_TOP`] before any).
    pub(crate) fn top(&self, t: usize, p: usize) -> f64 {
        let inline = self.records.get(t).and_then(|x| x.tops.get(p));
        inline.or_else(|| self.tops.get(spilled(t, self.spill, p))).copied().unwrap_or(NO_TOP)
    }

    /// The depth of pole `p` of team `t`.
    pub(crate) fn depth(&self, t: usize, p: usize) -> u32 {
        let inline = self.records.get(t).and_then(|x| x.depths.get(p));
        inline.or_else(|| self.depths.get(spilled(t, self.spill, p))).copied().unwrap_or(0)
    }

    /// Id number `r` of the arena.
    fn id(&self, r: u32) -> &str {
        let r = r as usize;
        let from = if r == 0 { 0 } else { self.id_ends.get(r - 1).copied().unwrap_or(0) };
        let to = self.id_ends.get(r).copied().unwrap_or(from);
        self.ids.get(from..to).unwrap_or_default()
    }

    /// The measurement-error sums of team `t`, when kept.
    pub(crate) fn error(&self, t: usize) -> Option<&ErrorState> {
        self.errors.get(t)
    }

    /// The totals of team `t` besides its poles.
    pub(crate) fn totals(&self, t: usize) -> TeamTotals {
        self.records.get(t).map_or_else(TeamTotals::default, |r| r.totals)
    }

    /// Pole `p` of team `t` as plain data. Without seconds kept (a
    /// `Strongest` summary), the second stands in for what a summary reads
    /// of it: whether it reaches the threshold, which is whether the depth
    /// is 2 or more (then the top, else nothing).
    #[inline]
    pub(crate) fn pole(&self, t: usize, p: usize) -> PoleTotals {
        let base = t * self.poles;
        let (top, depth) = (self.top(t, p), self.depth(t, p));
        let second = match self.seconds.get(base + p) {
            Some(&second) => second,
            None if depth >= 2 => top,
            None => NO_TOP,
        };
        let extra = self.extra.get(base + p).copied().unwrap_or_default();
        PoleTotals { top, second, depth: u64::from(depth), extra }
    }

    /// Every pole's `(C, C without the top contributor)` of team `t`, under
    /// the team's models, into `out`.
    pub(crate) fn coverages(&self, t: usize, out: &mut Vec<(f64, f64)>) {
        out.clear();
        let totals = self.totals(t);
        let th = self.thresholds(t);
        out.extend((0..self.poles).map(|p| {
            let model = th.map_or_else(Default::default, |th| th.model(p));
            kernel::coverage(model, &self.pole(t, p), &totals)
        }));
    }

    /// Team `t`'s totals as plain data, written into `state` (whose
    /// allocations are reused); `roster` holds the ids when they are kept
    /// by line.
    pub(crate) fn fill(&self, t: usize, state: &mut TeamState, roster: Option<&crate::model::roster::Roster>) {
        let Some(team) = self.records.get(t) else { return };
        state.reset(self.poles);
        state.totals = team.totals;
        let (bridge_line, bridge_id) = self.bridges.get(t).copied().unwrap_or((0, 0));
        state.bridge_seq = if team.totals.best_bridge().is_some() { bridge_line } else { NO_SEQ };
        let id = |r: u32| match roster.filter(|_| self.keep.ids_by_line) {
            Some(roster) => roster.id(r as usize),
            None => self.id(r),
        };
        if self.keep.ids && team.totals.best_bridge().is_some() {
            state.bridge_id.push_str(id(bridge_id));
        }
        let base = t * self.poles;
        let parts = state.poles.iter_mut().zip(state.top_seq.iter_mut()).zip(state.top_id.iter_mut());
        for (p, ((pole, top_seq), top_id)) in parts.enumerate() {
            *pole = self.pole(t, p);
            let empty = pole.top <= NO_TOP;
            *top_seq = if empty { NO_SEQ } else { self.top_lines.get(base + p).copied().unwrap_or(0) };
            if self.keep.ids && !empty {
                top_id.push_str(id(self.top_ids.get(base + p).copied().unwrap_or(0)));
            }
        }
    }
}
