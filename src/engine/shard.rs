//! The teams of one streaming worker: a [`Store`] of totals, a table that
//! finds a row's team by its name, and the duplicate check. Teams are
//! sharded by the hash of their name, so that every team's rows are added
//! on one thread, in line order.
//!
//! The hash slot of the row 32 rows ahead and the record of the row 16 rows
//! ahead are prefetched ([`Shard::touch_ahead`]), so that cache misses
//! overlap with the work on the rows between.

use crate::engine::store::{written_zeros, Keep, Store, NAME_HEAD};
use crate::error::{Error, ErrorKind};
use crate::model::framework::Framework;
use crate::model::pairs::{PairCheck, Repeat};
use crate::model::settings::Settings;
use crate::util::prefetch::prefetch;

/// A team name's first [`NAME_HEAD`] bytes (zeros after its end) as
/// big-endian integers: keys in the names' order, except that two names
/// with the same key need a look at their whole text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct NameKey(u128, u64);

impl NameKey {
    pub(crate) fn of(head: &[u8; NAME_HEAD]) -> NameKey {
        let (a, b) = head.split_at(16);
        NameKey(
            u128::from_be_bytes(<[u8; 16]>::try_from(a).unwrap_or_default()),
            u64::from_be_bytes(<[u8; 8]>::try_from(b).unwrap_or_default()),
        )
    }
}

/// What a shard formats of its teams on its own thread when the read ends
/// (the summary's rows): the text and where each team's part ends, in the
/// shard's team order. It is given memory to write into.
pub(crate) type Format = dyn Fn(&Shard, Vec<u8>) -> (Vec<u8>, Vec<usize>) + Sync;

/// How many rows ahead a row's team record is asked for (see
/// [`Shard::touch_ahead`]).
const AHEAD: usize = 16;

/// The high half of a slot: the high half of the team's hash.
const HIGH: u64 = 0xFFFF_FFFF_0000_0000;

/// What a shard's rows are added for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Check {
    /// A repeated pair ends the read; pairs are checked at the end.
    Strict,
    /// A repeated pair is a skipped row; pairs are checked at once.
    Lenient,
}

/// The teams of one shard.
pub(crate) struct Shard {
    pub(crate) store: Store,
    /// Open addressing: the high half of the team hash, and the team index + 1.
    slots: Vec<u64>,
    /// Every team's name (checked UTF-8 once, when the team is new).
    names: String,
    name_ends: Vec<usize>,
    pairs: PairCheck,
    /// The error that ends a strict read.
    pub(crate) error: Option<Error>,
    /// The log's memory once the check is done, for the summary's text.
    pub(crate) spare: Vec<u8>,
    /// The teams in name order, once [`Shard::wrap_up`] ran.
    pub(crate) sorted: Vec<(NameKey, u32)>,
    /// What the caller formatted of the teams on this shard's thread (the
    /// summary's rows): the text and where each team's part ends.
    pub(crate) formatted: Option<(Vec<u8>, Vec<usize>)>,
}

impl Shard {
    /// An empty shard for `framework` and `settings`, keeping `keep`.
    pub(crate) fn new(framework: &Framework, settings: &Settings, keep: Keep, check: Check) -> Shard {
        let needs = crate::engine::needs(settings);
        Shard {
            store: Store::new(framework.pole_count(), needs, keep, settings.error.as_ref()),
            slots: Vec::new(),
            names: String::new(),
            name_ends: Vec::new(),
            pairs: PairCheck::new(check == Check::Lenient),
            error: None,
            spare: Vec::new(),
            sorted: Vec::new(),
            formatted: None,
        }
    }

    /// The number of teams.
    pub(crate) fn len(&self) -> usize {
        self.store.len()
    }

    /// The name of team `t`, as bytes.
    pub(crate) fn name(&self, t: usize) -> &[u8] {
        let from = if t == 0 { 0 } else { self.name_ends.get(t - 1).copied().unwrap_or(0) };
        let to = self.name_ends.get(t).copied().unwrap_or(from);
        self.names.as_bytes().get(from..to).unwrap_or_default()
    }

    /// The name of team `t`.
    pub(crate) fn team_name(&self, t: usize) -> &str {
        let from = if t == 0 { 0 } else { self.name_ends.get(t - 1).copied().unwrap_or(0) };
        let to = self.name_ends.get(t).copied().unwrap_or(from);
        self.names.get(from..to).unwrap_or_default()
    }

    /// Whether team `t` is called `name`, whose hash is `h`.
    #[inline(always)]
    fn is_named(&self, t: usize, h: u64, name: &[u8]) -> bool {
        let Some(team) = self.store.records.get(t) else { return false };
        if team.hash_low != h as u32 {
            return false;
        }
        if u32::try_from(name.len()) != Ok(team.name_len) {
            return false;
        }
        let head = name.len().min(NAME_HEAD);
        team.name_head.get(..head) == name.get(..head) && (name.len() <= NAME_HEAD || self.name(t) == name)
    }

    /// The index of the team called `name` with hash `h`, made on first sight.
    #[inline]
    fn intern(&mut self, h: u64, name: &[u8], framework: &Framework, settings: &Settings) -> Result<usize, Error> {
        if self.store.len() * 2 >= self.slots.len() {
            let cap = (self.slots.len() * 2).max(1024);
            let old = std::mem::replace(&mut self.slots, written_zeros(cap));
            let mask = cap - 1;
            for slot in old.into_iter().filter(|&s| s != 0) {
                let t = (slot & !HIGH) as usize - 1;
                let low = self.store.records.get(t).map_or(0, |x| x.hash_low as usize);
                let mut i = low & mask;
                while self.slots.get(i).is_some_and(|&s| s != 0) {
                    i = (i + 1) & mask;
                }
                if let Some(s) = self.slots.get_mut(i) {
                    *s = slot;
                }
            }
        }
        let mask = self.slots.len() - 1;
        let mut i = (h as usize) & mask;
        loop {
            match self.slots.get(i).copied() {
                Some(0) | None => break,
                Some(s) => {
                    let t = (s & !HIGH) as usize - 1;
                    if s & HIGH == h & HIGH && self.is_named(t, h, name) {
                        return Ok(t);
                    }
                }
            }
            i = (i + 1) & mask;
        }
        let team = std::str::from_utf8(name).unwrap_or_default();
        let thresholds = if settings.has_requirements() || self.store.len() == 0 {
            let t = settings.team_thresholds(framework, team)?;
            self.store.thresholds_index(t)
        } else {
            0
        };
        let t = self.store.push(thresholds, h as u32, name);
        if let Some(s) = self.slots.get_mut(i) {
            *s = (h & HIGH) | (t as u64 + 1);
        }
        self.names.push_str(team);
        self.name_ends.push(self.names.len());
        Ok(t)
    }

    /// The error of a repeated pair.
    fn repeat_error(&self, r: Repeat) -> Error {
        let id = self.pairs.id_text(r.pair.id);
        let team = self.team_name(r.pair.team as usize).to_string();
        ErrorKind::DuplicateMember { line: r.line, first_line: r.first_line, id, team }.into()
    }

    /// Adds one row of team `team` (whose hash is `team_hash`); rows come
    /// in line order. Gives the team's number in the shard. An error (a repeated pair found at once) is the
    /// row's: in a strict read it ends the read (the caller keeps it), in a
    /// lenient one the row is skipped and not added.
    #[allow(clippy::too_many_arguments)]
    #[inline]
    pub(crate) fn add_row(
        &mut self,
        line: u64,
        team_hash: u64,
        team: &[u8],
        id: &[u8],
        weight: f64,
        strengths: &[f64],
        framework: &Framework,
        settings: &Settings,
    ) -> Result<usize, Error> {
        let t = self.intern(team_hash, team, framework, settings)?;
        if let Some(record) = self.store.records.get_mut(t) {
            if let Some(r) = self.pairs.check(t as u32, &mut record.ids, id, line) {
                return Err(self.repeat_error(r));
            }
        }
        if self.store.plain() {
            self.store.add_plain(t, weight, strengths);
        } else {
            let needs = self.store.needs().bits();
            crate::engine::with_needs!(needs, N => self.store.add::<N>(t, id, weight, strengths, line));
        }
        Ok(t)
    }

    /// Called before row `r` of rows whose team hashes are `keys`: asks for
    /// the table slot of the row `2 * AHEAD` rows ahead and the team record
    /// of the row [`AHEAD`] rows ahead, so that their cache misses overlap
    /// with the work on the rows between.
    #[inline(always)]
    pub(crate) fn touch_ahead(&self, keys: &[u64], r: usize) {
        if self.slots.is_empty() {
            return;
        }
        if r == 0 {
            // Start the pipeline.
            for i in 0..2 * AHEAD {
                self.touch_slot(keys, i);
            }
            for i in 0..AHEAD {
                self.touch_team(keys, i);
            }
        }
        self.touch_slot(keys, r + 2 * AHEAD);
        self.touch_team(keys, r + AHEAD);
    }

    /// Asks for the table slot of row `i`'s team.
    #[inline]
    fn touch_slot(&self, keys: &[u64], i: usize) {
        let Some(&h) = keys.get(i) else { return };
        let mask = self.slots.len().wrapping_sub(1);
        if let Some(s) = self.slots.get(h as usize & mask) {
            prefetch(s);
        }
    }

    /// Asks for the record of row `i`'s team, whose slot was asked for
    /// [`AHEAD`] rows ago, when the slot is found within a few probes.
    #[inline]
    fn touch_team(&self, keys: &[u64], i: usize) {
        let Some(&h) = keys.get(i) else { return };
        let mask = self.slots.len().wrapping_sub(1);
        let mut i = h as usize & mask;
        let mut found = None;
        for _ in 0..8 {
            match self.slots.get(i).copied() {
                Some(s) if s != 0 && s & HIGH != h & HIGH => i = (i + 1) & mask,
                Some(s) if s != 0 => {
                    found = Some(s);
                    break;
                }
                _ => break,
            }
        }
        if let Some(s) = found {
            self.store.touch((s & !HIGH) as usize - 1);
        }
    }

    /// Ends a strict read's duplicate check: the first repeated pair, if
    /// any, becomes `error` (unless an earlier error is there).
    pub(crate) fn finish(&mut self) {
        if let Some(r) = self.pairs.finish() {
            let e = self.repeat_error(r);
            let earlier = match self.error.as_ref().map(Error::line) {
                None => true,
                Some(Some(l)) => r.line < l,
                Some(None) => false,
            };
            if earlier {
                self.error = Some(e);
            }
        }
        // The log's memory, already written to, takes the summary's text.
        self.spare = self.pairs.take_memory();
    }

    /// The work left once every row is in, on the shard's own thread: the
    /// end of a strict read's duplicate check, the teams in name order, and
    /// `format` (the summary's rows, formatted here in parallel).
    pub(crate) fn wrap_up(&mut self, format: Option<&Format>) {
        self.finish();
        if self.error.is_some() {
            return;
        }
        self.sorted = self.name_order();
        if let Some(format) = format {
            let text = std::mem::take(&mut self.spare);
            self.formatted = Some(format(self, text));
        }
    }

    /// The teams in name order, each with its [`NameKey`].
    pub(crate) fn name_order(&self) -> Vec<(NameKey, u32)> {
        let mut sorted: Vec<(NameKey, u32)> =
            self.store.records.iter().enumerate().map(|(t, team)| (NameKey::of(&team.name_head), t as u32)).collect();
        // By key alone (cheap to compare), then names within the runs of
        // equal keys (names longer than the key, or with zero bytes).
        sorted.sort_unstable_by_key(|&(key, _)| key);
        let mut from = 0;
        while let Some(run) = sorted.get(from..) {
            let Some(&(key, _)) = run.first() else { break };
            let len = run.iter().take_while(|&&(k, _)| k == key).count();
            if let Some(run) = sorted.get_mut(from..from + len).filter(|r| r.len() > 1) {
                run.sort_unstable_by(|a, b| self.name(a.1 as usize).cmp(self.name(b.1 as usize)));
            }
            from += len;
        }
        sorted
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn name_keys_then_names_order_as_names(
            a in proptest::collection::vec(proptest::sample::select(vec![0u8, 1, b'/', b'A', b'a', 0xC3, 0xFF]), 0..40),
            b in proptest::collection::vec(proptest::sample::select(vec![0u8, 1, b'/', b'A', b'a', 0xC3, 0xFF]), 0..40),
            shared in 0usize..30,
        ) {
            // Often a long common beginning, as in `Org/Div/Team` paths.
            let b: Vec<u8> = a.iter().take(shared).chain(&b).copied().collect();
            let key = |n: &[u8]| {
                let mut head = [0; NAME_HEAD];
                for (d, s) in head.iter_mut().zip(n) {
                    *d = *s;
                }
                NameKey::of(&head)
            };
            let ours = key(&a).cmp(&key(&b)).then_with(|| a.cmp(&b));
            proptest::prop_assert_eq!(ours, a.cmp(&b));
        }
    }
}
