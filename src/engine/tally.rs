//! Compact per-team totals for the streaming reader, sharded by team so that
//! every team's rows are added on one thread, in line order.
//!
//! A [`Shard`] keeps, per team, one record of 208 bytes (counts, compensated
//! weight sum, best bridge score, a 256-bit filter of the ids seen, the
//! name's length and first 24 bytes, and the top contribution and depth of
//! the first 8 poles) plus 12 bytes per further pole; the second
//! contribution, the sum and top weight (average model), the pooled
//! logarithms, the top contributor's line (for rollups) and ids (for full
//! reports) only when they are needed. Teams are interned once per shard.
//! The hash slot of the row 32 rows ahead and the record of the row 16 rows
//! ahead are prefetched ([`Shard::touch_ahead`]), so that cache misses
//! overlap with the work on the rows between: indexed rows are added one by
//! one as they are parsed, others in batches ([`ShardRows`]). Repeated (`id`, `team`) pairs are found at the
//! end from a log of 64-bit keys (see [`Deferred`]).

use std::collections::HashMap;
use std::io;
use std::sync::Arc;

use crate::analysis::analyzer::Analyzer;
use crate::analysis::report::{summary_cells, summary_row, Level, Report, TeamReport};
use crate::engine::accumulator::{Coverage, PoleState, Sum, TeamAccumulator};
use crate::error::{Error, ErrorKind};
use crate::io::chunk::{hash_bytes, mix};
use crate::model::framework::Framework;
use crate::model::thresholds::TeamThresholds;
use crate::model::tolerance::EPSILON;
use crate::util::prefetch::prefetch;

/// Parsed rows bound for one shard, in line order.
#[derive(Debug, Default)]
pub(crate) struct ShardRows {
    lines: Vec<u64>,
    team_hash: Vec<u64>,
    id_hash: Vec<u64>,
    /// Team then id bytes of every row.
    text: Vec<u8>,
    /// Per row: the end of its team and of its id in `text`.
    ends: Vec<(usize, usize)>,
    /// Per row: weight then one strength per pole.
    nums: Vec<f64>,
}

impl ShardRows {
    /// The number of rows.
    pub(crate) fn len(&self) -> usize {
        self.lines.len()
    }

    /// Empties the rows, keeping the buffers.
    pub(crate) fn clear(&mut self) {
        self.lines.clear();
        self.team_hash.clear();
        self.id_hash.clear();
        self.text.clear();
        self.ends.clear();
        self.nums.clear();
    }

    #[allow(clippy::too_many_arguments)]
    pub(crate) fn push(&mut self, line: u64, team_hash: u64, team: &[u8], id: &[u8], weight: f64, strengths: &[f64]) {
        self.lines.push(line);
        self.team_hash.push(team_hash);
        self.id_hash.push(hash_bytes(id));
        self.text.extend_from_slice(team);
        let team_end = self.text.len();
        self.text.extend_from_slice(id);
        self.ends.push((team_end, self.text.len()));
        self.nums.push(weight);
        self.nums.extend_from_slice(strengths);
    }
}

/// The shard of a team hash among `shards`.
pub(crate) fn shard_of(team_hash: u64, shards: usize) -> usize {
    ((u128::from(team_hash >> 32) * shards as u128) >> 32) as usize
}

/// One team's totals besides its poles.
#[derive(Debug, Clone, Copy)]
struct TeamHot {
    members: u64,
    active: u64,
    total_weight: Sum,
    /// The best `min(L, M)` of an active member; -1 before any.
    bridge: f64,
    /// One bit per id seen (8 bits of its hash), for [`Deferred`].
    ids: [u64; 4],
    thresholds: u32,
    /// The low half of the team hash (its home slot).
    hash_low: u32,
    /// The name's length and first bytes, to check a lookup without
    /// touching the name arena when the name is short.
    name_len: u32,
    name_head: [u8; NAME_HEAD],
    /// The largest contribution to each of the first [`INLINE`] poles (-1
    /// before any member); further poles in [`Shard::tops`].
    tops: [f64; INLINE],
    /// The contributions to each of the first [`INLINE`] poles that reach
    /// its threshold; further poles in [`Shard::depths`].
    depths: [u32; INLINE],
}

const NAME_HEAD: usize = 24;

/// The size of a team record, which [`Shard::touch_team`] asks for in full
/// with offsets that cover 193 to 256 bytes.
const RECORD: usize = std::mem::size_of::<TeamHot>();
const _: () = assert!(RECORD > 192 && RECORD <= 256, "touch_team's offsets cover 193 to 256 bytes");

/// The poles whose totals lie in the team's record: a row then touches one
/// record, not three arrays (the pages a row touches cost most of the
/// adding: 0.196 -> 0.163 s on a million rows in 100,000 teams).
const INLINE: usize = 8;

/// A team name's first [`NAME_HEAD`] bytes (zeros after its end) as
/// big-endian integers: keys in the names' order, except that two names
/// with the same key need a look at their whole text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct NameKey(u128, u64);

impl NameKey {
    fn of(head: &[u8; NAME_HEAD]) -> NameKey {
        let (a, b) = head.split_at(16);
        NameKey(
            u128::from_be_bytes(<[u8; 16]>::try_from(a).unwrap_or_default()),
            u64::from_be_bytes(<[u8; 8]>::try_from(b).unwrap_or_default()),
        )
    }
}

/// What only some models need, per pole.
#[derive(Debug, Clone, Copy, Default)]
struct PoleExtra {
    sum: Sum,
    top_weight: f64,
    log_rest: Sum,
    ones: u64,
}

/// A table of 64-bit keys with the line each was first seen on, split into
/// small sub-tables that grow one at a time (no large copy when growing).
/// 12 bytes a slot; lines past `u32::MAX - 1` are kept aside.
#[derive(Debug)]
struct KeyLines {
    parts: Vec<KeyPart>,
    far: HashMap<u64, u64>,
}

/// One sub-table: open addressing over groups of 8 slots, with a control
/// byte per slot (0 when empty, else 0x80 and 7 bits of the key) kept apart,
/// so that a lookup reads one control word per group and a key only when
/// its control byte matches.
#[derive(Debug, Default)]
struct KeyPart {
    ctrl: Vec<u64>,
    slots: Vec<KeySlot>,
    len: usize,
}

/// A key and its first line side by side.
#[derive(Debug, Clone, Copy, Default)]
#[repr(C, packed(4))]
struct KeySlot {
    key: u64,
    line: u32,
}

const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
const HIGH1: u64 = 0x8080_8080_8080_8080;

/// The high bit of every zero byte of `x`.
fn zero_bytes(x: u64) -> u64 {
    !(((x & LOW7).wrapping_add(LOW7)) | x) & HIGH1
}

const KEY_PARTS: usize = 256;

impl KeyLines {
    fn new() -> KeyLines {
        KeyLines { parts: (0..KEY_PARTS).map(|_| KeyPart::default()).collect(), far: HashMap::new() }
    }

    /// Inserts `key` first seen on `line`; returns the first line if it was there.
    fn insert(&mut self, key: u64, line: u64) -> Option<u64> {
        let key = key | 1; // 0 marks an empty slot
        let part = (key >> 56) as usize % KEY_PARTS;
        let short = u32::try_from(line).unwrap_or(u32::MAX).min(u32::MAX - 1);
        let found =
            self.parts.get_mut(part).and_then(|p| p.insert(key, if short == u32::MAX - 1 { u32::MAX } else { short }));
        match found {
            Some(u32::MAX) => self.far.get(&key).copied(),
            Some(l) => Some(u64::from(l)),
            None => {
                if short == u32::MAX - 1 {
                    self.far.insert(key, line);
                }
                None
            }
        }
    }
}

impl KeyLines {
    /// Asks for the control word `key` would be looked up in first.
    fn touch(&self, key: u64) {
        let key = key | 1;
        if let Some(p) = self.parts.get((key >> 56) as usize % KEY_PARTS) {
            if let Some(c) = p.ctrl.get(KeyPart::group(key, p.ctrl.len())) {
                prefetch(c);
            }
        }
    }
}

impl KeyPart {
    fn group(key: u64, groups: usize) -> usize {
        ((u128::from(key << 8 >> 8) * groups as u128) >> 56) as usize
    }

    fn insert(&mut self, key: u64, line: u32) -> Option<u32> {
        if (self.len + 1) * 8 > self.slots.len() * 7 {
            self.grow();
        }
        let groups = self.ctrl.len();
        let tag = 0x80 | ((key >> 1) & 0x7F); // bits the group index does not use
        let mut g = KeyPart::group(key, groups);
        loop {
            let word = self.ctrl.get(g).copied().unwrap_or(0);
            let mut hits = zero_bytes(word ^ (tag * 0x0101_0101_0101_0101));
            while hits != 0 {
                let i = g * 8 + (hits.trailing_zeros() / 8) as usize;
                if let Some(s) = self.slots.get(i) {
                    if s.key == key {
                        return Some(s.line);
                    }
                }
                hits &= hits - 1;
            }
            let empty = !word & HIGH1;
            if empty != 0 {
                let b = (empty.trailing_zeros() / 8) as usize;
                if let Some(c) = self.ctrl.get_mut(g) {
                    *c |= tag << (8 * b);
                }
                if let Some(s) = self.slots.get_mut(g * 8 + b) {
                    *s = KeySlot { key, line };
                }
                self.len += 1;
                return None;
            }
            g = if g + 1 == groups { 0 } else { g + 1 };
        }
    }

    fn grow(&mut self) {
        let groups = (self.ctrl.len() + self.ctrl.len() / 4).max(8);
        let mut slots = Vec::with_capacity(groups * 8);
        slots.resize(groups * 8, KeySlot::default());
        let old = std::mem::replace(&mut self.slots, slots);
        let old_ctrl = std::mem::replace(&mut self.ctrl, written_zeros(groups));
        self.len = 0;
        for (i, s) in old.into_iter().enumerate() {
            let full = old_ctrl.get(i / 8).is_some_and(|w| (w >> (8 * (i % 8))) & 0x80 != 0);
            if full {
                self.insert(s.key, s.line);
            }
        }
    }
}

/// The duplicate check of a strict read, done at the end: every row's key
/// and line go to a log (written in order, never searched while reading),
/// and a row whose id may repeat one of its team (its bit in the team's
/// 256-bit filter of ids is already set) is kept aside with its id. A
/// repeated pair's second row is always kept aside, so at the end one pass
/// over the log finds the first repeat and the text to name it.
///
/// In large teams the filter fills up and most rows are kept aside; when
/// what is kept aside outgrows the table of keys a check at once would need
/// ([`Shard::log_pair`]), the shard moves its log into such a table
/// ([`KeyLines`]) and checks every later row at once.
#[derive(Debug, Default)]
struct Deferred {
    /// Per row, its key then its line (or `u32::MAX`, see `far`), 12
    /// bytes; as bytes, so that the memory holds the summary's text once
    /// the check is done (see [`Shard::finish`]).
    log: Vec<u8>,
    /// Log positions whose line is past `u32::MAX - 1`, with the line.
    far: HashMap<usize, u64>,
    suspects: Vec<Suspect>,
    /// The id bytes of every suspect.
    ids: Vec<u8>,
}

/// Hashing for keys that are hashes already: the key itself.
#[derive(Debug, Clone, Copy, Default)]
struct KeyHash;

impl std::hash::BuildHasher for KeyHash {
    type Hasher = KeyHasher;
    fn build_hasher(&self) -> KeyHasher {
        KeyHasher(0)
    }
}

/// See [`KeyHash`].
#[derive(Debug, Clone, Copy, Default)]
struct KeyHasher(u64);

impl std::hash::Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }
    fn write_u64(&mut self, k: u64) {
        self.0 = k;
    }
}

/// The bytes of a row in [`Deferred::log`].
const LOGGED: usize = 12;

/// A row whose id may repeat one of its team's: 12 bytes.
#[derive(Debug, Clone, Copy)]
struct Suspect {
    /// The row's place in the log (whose key and line it shares).
    at: u32,
    team: u32,
    id_end: u32,
}

/// A repeated (`id`, `team`) pair: the line, the first line, the team
/// index in its shard and the id.
type Repeat<'a> = (u64, u64, u32, &'a [u8]);

impl Deferred {
    fn log(&mut self, key: u64, line: u64) {
        let short = u32::try_from(line).unwrap_or(u32::MAX);
        if short == u32::MAX {
            self.far.insert(self.len(), line);
        }
        self.log.extend_from_slice(&key.to_le_bytes());
        self.log.extend_from_slice(&short.to_le_bytes());
    }

    /// The rows logged.
    fn len(&self) -> usize {
        self.log.len() / LOGGED
    }

    /// The key and short line of every row logged.
    fn entries(&self) -> impl Iterator<Item = (u64, u32)> + '_ {
        self.log.chunks_exact(LOGGED).map(|e| {
            let (key, line) = e.split_at(8);
            let key = u64::from_le_bytes(<[u8; 8]>::try_from(key).unwrap_or_default());
            (key, u32::from_le_bytes(<[u8; 4]>::try_from(line).unwrap_or_default()))
        })
    }

    /// The key of row `i`.
    fn key(&self, i: usize) -> Option<u64> {
        let bytes = self.log.get(i * LOGGED..i * LOGGED + 8)?;
        Some(u64::from_le_bytes(<[u8; 8]>::try_from(bytes).ok()?))
    }

    /// Keeps the next row of the log aside (call before [`Deferred::log`]).
    fn suspect(&mut self, team: u32, id: &[u8]) {
        self.ids.extend_from_slice(id);
        let id_end = u32::try_from(self.ids.len()).unwrap_or(u32::MAX);
        let at = u32::try_from(self.len()).unwrap_or(u32::MAX);
        self.suspects.push(Suspect { at, team, id_end });
    }

    /// Whether the log or the ids outgrow 32-bit places (then the shard
    /// checks at once).
    fn full(&self) -> bool {
        self.len() >= u32::MAX as usize || self.ids.len() >= u32::MAX as usize
    }

    /// The bytes kept besides the log.
    fn aside(&self) -> usize {
        self.suspects.len() * std::mem::size_of::<Suspect>() + self.ids.len()
    }

    /// The line of log entry `i`, whose short line is `l`.
    fn line(&self, i: usize, l: u32) -> u64 {
        if l == u32::MAX {
            self.far.get(&i).copied().unwrap_or(u64::MAX)
        } else {
            u64::from(l)
        }
    }

    /// The first row (in line order) whose pair came before.
    fn first_repeat(&self) -> Option<Repeat<'_>> {
        if self.suspects.is_empty() {
            return None;
        }
        let mut first: HashMap<u64, Option<u64>, KeyHash> =
            HashMap::with_capacity_and_hasher(self.suspects.len(), KeyHash);
        first.extend(self.suspects.iter().filter_map(|s| Some((self.key(s.at as usize)?, None))));
        // A bit per suspect key (keys are hashes already): most rows of the
        // log are not suspects, and a bit tells so without a lookup.
        let bits = (self.suspects.len() * 16).next_power_of_two().max(64);
        let mut filter = vec![0u64; bits / 64];
        let bit = |k: u64| ((k as usize) & (bits - 1), 1u64 << (k >> 58));
        for &k in first.keys() {
            let (i, b) = bit(k);
            if let Some(w) = filter.get_mut(i / 64) {
                *w |= b;
            }
        }
        let (line, first_line, i) = self.entries().enumerate().find_map(|(i, (k, l))| {
            let (at, b) = bit(k);
            if filter.get(at / 64).is_some_and(|w| w & b == 0) {
                return None;
            }
            let seen = first.get_mut(&k)?;
            let line = self.line(i, l);
            match *seen {
                Some(at) => Some((line, at, i)),
                None => {
                    *seen = Some(line);
                    None
                }
            }
        })?;
        // The repeat's row is a suspect (its bit was set by the first row).
        let k = self.suspects.partition_point(|s| (s.at as usize) < i);
        let s = self.suspects.get(k).filter(|s| s.at as usize == i)?;
        let from = k.checked_sub(1).and_then(|p| self.suspects.get(p)).map_or(0, |p| p.id_end as usize);
        let id = self.ids.get(from..s.id_end as usize).unwrap_or_default();
        Some((line, first_line, s.team, id))
    }
}

/// The teams of one shard.
pub(crate) struct Shard {
    poles: usize,
    model: Coverage,
    keep_ids: bool,
    keep_lines: bool,
    /// Open addressing: the high half of the team hash, and the team index + 1.
    slots: Vec<u64>,
    names: Vec<u8>,
    name_ends: Vec<usize>,
    teams: Vec<TeamHot>,
    /// The poles past the first [`INLINE`] (`poles - INLINE`, or 0).
    spill: usize,
    /// Per team and pole past the first [`INLINE`]: the largest
    /// contribution (-1 before any member).
    tops: Vec<f64>,
    /// Per team and pole past the first [`INLINE`]: the contributions that
    /// reach the pole's threshold.
    depths: Vec<u32>,
    /// Per team and pole, the second largest contribution (-1 before two
    /// members); empty when only the summary of `Strongest` is wanted (see
    /// [`Shard::fill`]).
    seconds: Vec<f64>,
    keep_seconds: bool,
    extra: Vec<PoleExtra>,
    top_lines: Vec<u64>,
    /// Per team and pole: the top contributor's id in the id arena.
    top_ids: Vec<u32>,
    /// Per team (with rollups or ids): the bridge's line and id.
    bridges: Vec<(u64, u32)>,
    ids: Vec<u8>,
    id_ends: Vec<usize>,
    /// Every row's (`id`, `team`) key, checked for repeats at the end...
    dups: Deferred,
    /// ...or at once, after a move (see [`Deferred`]).
    seen: Option<KeyLines>,
    /// The log's memory once the check is done, for the summary's text.
    spare: Vec<u8>,
    /// Thresholds in use: shared by every team when there are no requirements.
    thresholds: Vec<Arc<TeamThresholds>>,
    /// Per thresholds entry, per pole: `threshold - EPSILON`.
    reach: Vec<f64>,
    pub(crate) error: Option<Error>,
    /// The teams in name order, once [`Shard::wrap_up`] ran.
    sorted: Vec<(NameKey, u32)>,
    /// The summary rows, formatted by [`Shard::wrap_up`]: the text and
    /// where each team's row ends.
    formatted: Option<(Vec<u8>, Vec<usize>)>,
}

impl Shard {
    pub(crate) fn new(framework: &Framework, analyzer: &Analyzer, keep_ids: bool) -> Shard {
        Shard {
            poles: framework.pole_count(),
            model: analyzer.coverage_model(),
            keep_ids,
            keep_lines: analyzer.rollups_included(),
            slots: Vec::new(),
            names: Vec::new(),
            name_ends: Vec::new(),
            teams: Vec::new(),
            spill: framework.pole_count().saturating_sub(INLINE),
            tops: Vec::new(),
            depths: Vec::new(),
            seconds: Vec::new(),
            keep_seconds: keep_ids || analyzer.rollups_included() || analyzer.coverage_model() != Coverage::Strongest,
            extra: Vec::new(),
            top_lines: Vec::new(),
            top_ids: Vec::new(),
            bridges: Vec::new(),
            ids: Vec::new(),
            id_ends: Vec::new(),
            dups: Deferred::default(),
            seen: None,
            spare: Vec::new(),
            thresholds: Vec::new(),
            reach: Vec::new(),
            error: None,
            sorted: Vec::new(),
            formatted: None,
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.teams.len()
    }

    fn name(&self, t: usize) -> &[u8] {
        let from = if t == 0 { 0 } else { self.name_ends.get(t - 1).copied().unwrap_or(0) };
        let to = self.name_ends.get(t).copied().unwrap_or(from);
        self.names.get(from..to).unwrap_or_default()
    }

    pub(crate) fn team_name(&self, t: usize) -> &str {
        std::str::from_utf8(self.name(t)).unwrap_or_default()
    }

    fn id(&self, r: u32) -> &str {
        let r = r as usize;
        let from = if r == 0 { 0 } else { self.id_ends.get(r - 1).copied().unwrap_or(0) };
        let to = self.id_ends.get(r).copied().unwrap_or(from);
        std::str::from_utf8(self.ids.get(from..to).unwrap_or_default()).unwrap_or_default()
    }

    /// Whether team `t` is called `name`, whose hash is `h`.
    fn is_named(&self, t: usize, h: u64, name: &[u8]) -> bool {
        let Some(team) = self.teams.get(t) else { return false };
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
    fn intern(&mut self, h: u64, name: &[u8], framework: &Framework, analyzer: &Analyzer) -> Result<usize, Error> {
        const HIGH: u64 = 0xFFFF_FFFF_0000_0000;
        if self.teams.len() * 2 >= self.slots.len() {
            let cap = (self.slots.len() * 2).max(1024);
            let old = std::mem::replace(&mut self.slots, written_zeros(cap));
            let mask = cap - 1;
            for slot in old.into_iter().filter(|&s| s != 0) {
                let t = (slot & !HIGH) as usize - 1;
                let low = self.teams.get(t).map_or(0, |x| x.hash_low as usize);
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
        let t = self.teams.len();
        let team = std::str::from_utf8(name).unwrap_or_default();
        let thresholds = self.thresholds_index(team, framework, analyzer)?;
        if let Some(s) = self.slots.get_mut(i) {
            *s = (h & HIGH) | (t as u64 + 1);
        }
        self.names.extend_from_slice(name);
        self.name_ends.push(self.names.len());
        let mut name_head = [0; NAME_HEAD];
        for (d, s) in name_head.iter_mut().zip(name) {
            *d = *s;
        }
        self.teams.push(TeamHot {
            members: 0,
            active: 0,
            total_weight: Sum::default(),
            bridge: -1.0,
            ids: [0; 4],
            thresholds,
            hash_low: h as u32,
            name_len: u32::try_from(name.len()).unwrap_or(u32::MAX),
            name_head,
            tops: [-1.0; INLINE],
            depths: [0; INLINE],
        });
        self.tops.extend(std::iter::repeat(-1.0).take(self.spill));
        self.depths.extend(std::iter::repeat(0).take(self.spill));
        if self.keep_seconds {
            self.seconds.extend(std::iter::repeat(-1.0).take(self.poles));
        }
        if self.keep_ids {
            self.top_ids.extend(std::iter::repeat(0).take(self.poles));
        }
        if self.keep_lines || self.keep_ids {
            self.bridges.push((0, 0));
        }
        if self.model != Coverage::Strongest {
            self.extra.extend(std::iter::repeat(PoleExtra::default()).take(self.poles));
        }
        if self.keep_lines {
            self.top_lines.extend(std::iter::repeat(0).take(self.poles));
        }
        Ok(t)
    }

    fn thresholds_index(&mut self, team: &str, framework: &Framework, analyzer: &Analyzer) -> Result<u32, Error> {
        if analyzer.has_requirements() || self.thresholds.is_empty() {
            let t = analyzer.thresholds_for(team).resolve(framework)?;
            if let Some(i) = self.thresholds.iter().position(|x| **x == t) {
                return Ok(i as u32);
            }
            self.reach.extend(t.poles.iter().map(|&p| p - EPSILON));
            self.thresholds.push(Arc::new(t));
        }
        Ok(if analyzer.has_requirements() { self.thresholds.len() as u32 - 1 } else { 0 })
    }

    /// Adds one row: interns its team, logs its (`id`, `team`) pair, adds
    /// its numbers. `false` when an error (kept in `error`) ends the read.
    #[allow(clippy::too_many_arguments)]
    fn add_one(
        &mut self,
        line: u64,
        team_hash: u64,
        id_hash: u64,
        team: &[u8],
        id: &[u8],
        weight: f64,
        strengths: &[f64],
        framework: &Framework,
        analyzer: &Analyzer,
    ) -> bool {
        let t = match self.intern(team_hash, team, framework, analyzer) {
            Ok(t) => t,
            Err(e) => {
                self.error = Some(e);
                return false;
            }
        };
        if self.log_pair(t, team_hash, id_hash, line, team, id) {
            return false;
        }
        match self.model {
            Coverage::Strongest => self.add::<STRONGEST>(t, id, weight, strengths, line),
            Coverage::Average => self.add::<AVERAGE>(t, id, weight, strengths, line),
            Coverage::Pooled => self.add::<POOLED>(t, id, weight, strengths, line),
        }
        true
    }

    /// Logs the (`id`, `team`) pair of the row on `line` of team `t`, and
    /// keeps the row aside when its id may repeat one of the team's (see
    /// [`Deferred`]); or, after a move, checks it at once. `true` when a
    /// repeat is found (kept in `error`).
    #[allow(clippy::too_many_arguments)]
    fn log_pair(&mut self, t: usize, team_hash: u64, id_hash: u64, line: u64, team: &[u8], id: &[u8]) -> bool {
        let key = pair_key(team_hash, id_hash);
        if let Some(seen) = &mut self.seen {
            let Some(first_line) = seen.insert(key, line) else { return false };
            let (id, team) = (String::from_utf8_lossy(id).into_owned(), String::from_utf8_lossy(team).into_owned());
            self.error = Some(ErrorKind::DuplicateMember { line, first_line, id, team }.into());
            return true;
        }
        let (word, bit) = ((id_hash >> 62) as usize, 1u64 << ((id_hash >> 56) & 63));
        if let Some(w) = self.teams.get_mut(t).and_then(|x| x.ids.get_mut(word)) {
            if *w & bit != 0 {
                self.dups.suspect(t as u32, id);
            }
            *w |= bit;
        }
        self.dups.log(key, line);
        // The log takes 12 bytes a row and a table checked at once about 16:
        // move when what is kept aside (and the map that checks it at the
        // end) passes 8 bytes a row, so that the check never takes much
        // more than twice the table's memory.
        if self.dups.aside() > (8 * self.dups.len()).max(MOVE_FLOOR) || self.dups.full() {
            return self.check_at_once();
        }
        false
    }

    /// Moves the log into a table of keys checked at once (see [`Deferred`]);
    /// `true` when the log holds a repeat already (kept in `error`).
    fn check_at_once(&mut self) -> bool {
        if let Some(e) = self.first_repeat() {
            self.error = Some(e);
            return true;
        }
        let mut seen = KeyLines::new();
        let d = std::mem::take(&mut self.dups);
        for (i, (k, l)) in d.entries().enumerate() {
            seen.insert(k, d.line(i, l));
        }
        self.seen = Some(seen);
        false
    }

    /// The first repeated pair of the log, as an error.
    fn first_repeat(&self) -> Option<Error> {
        let (line, first_line, t, id) = self.dups.first_repeat()?;
        let id = String::from_utf8_lossy(id).into_owned();
        let team = self.team_name(t as usize).to_string();
        Some(ErrorKind::DuplicateMember { line, first_line, id, team }.into())
    }

    /// Ends a strict read: the first repeated pair, if any, becomes `error`
    /// (unless an earlier error is there).
    pub(crate) fn finish(&mut self) {
        if let Some(e) = self.first_repeat() {
            let earlier = match (self.error.as_ref().map(Error::line), e.line()) {
                (None, _) => true,
                (Some(Some(l)), Some(m)) => m < l,
                _ => false,
            };
            if earlier {
                self.error = Some(e);
            }
        }
        // The log's memory, already written to, takes the summary's text
        // (see `Shard::wrap_up`): fresh memory costs a page fault a page.
        let mut log = std::mem::take(&mut self.dups).log;
        log.clear();
        self.spare = log;
    }

    /// Adds rows in line order (see [`Shard::add_row`]).
    pub(crate) fn add_rows(&mut self, rows: &ShardRows, framework: &Framework, analyzer: &Analyzer) {
        if self.error.is_some() {
            return;
        }
        let stride = 1 + self.poles;
        let mut from = 0;
        for (r, (&(team_end, id_end), &line)) in rows.ends.iter().zip(&rows.lines).enumerate() {
            self.touch_ahead(&rows.team_hash, &rows.id_hash, r);
            let team = rows.text.get(from..team_end).unwrap_or_default();
            let id = rows.text.get(team_end..id_end).unwrap_or_default();
            from = id_end;
            let th = rows.team_hash.get(r).copied().unwrap_or(0);
            let ih = rows.id_hash.get(r).copied().unwrap_or(0);
            let nums = rows.nums.get(r * stride..(r + 1) * stride).unwrap_or_default();
            let Some((&weight, strengths)) = nums.split_first() else { continue };
            if !self.add_one(line, th, ih, team, id, weight, strengths, framework, analyzer) {
                return;
            }
        }
    }

    /// Adds one row of team `team` (whose hash is `team_hash`); rows come
    /// in line order. `false` when an error (kept in `error`: a team whose
    /// requirements do not resolve, a repeated pair found at once) ends the
    /// read; after one, rows are ignored.
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
        analyzer: &Analyzer,
    ) -> bool {
        self.error.is_none()
            && self.add_one(line, team_hash, hash_bytes(id), team, id, weight, strengths, framework, analyzer)
    }

    /// Called before row `r` of rows whose team hashes are `keys` (and id
    /// hashes `ids`, or none): asks for the table slots of the row
    /// `2 * AHEAD` rows ahead and the team record of the row [`AHEAD`] rows
    /// ahead, so that their cache misses overlap with the work on the rows
    /// between.
    #[inline]
    pub(crate) fn touch_ahead(&self, keys: &[u64], ids: &[u64], r: usize) {
        if self.slots.is_empty() {
            return;
        }
        if r == 0 {
            // Start the pipeline.
            for i in 0..2 * AHEAD {
                self.touch_slot(keys, ids, i);
            }
            for i in 0..AHEAD {
                self.touch_team(keys, i);
            }
        }
        self.touch_slot(keys, ids, r + 2 * AHEAD);
        self.touch_team(keys, r + AHEAD);
    }

    /// Asks for the table slot of row `i`'s team (and, after a move, the
    /// key slots of its pair with the row's id).
    #[inline]
    fn touch_slot(&self, keys: &[u64], ids: &[u64], i: usize) {
        let Some(&h) = keys.get(i) else { return };
        let mask = self.slots.len().wrapping_sub(1);
        if let Some(s) = self.slots.get(h as usize & mask) {
            prefetch(s);
        }
        if let (Some(seen), Some(&id)) = (&self.seen, ids.get(i)) {
            seen.touch(pair_key(h, id));
        }
    }

    /// Asks for the record of row `i`'s team, whose slot was asked for
    /// [`AHEAD`] rows ago, when the slot is found within a few probes.
    #[inline]
    fn touch_team(&self, keys: &[u64], i: usize) {
        const HIGH: u64 = 0xFFFF_FFFF_0000_0000;
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
        let Some(s) = found else { return };
        let t = (s & !HIGH) as usize - 1;
        if let Some(x) = self.teams.get(t) {
            let p = (x as *const TeamHot).cast::<u8>();
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
    /// (no ids, lines or second contributions): a loop without branches.
    #[inline]
    fn add_plain(&mut self, t: usize, weight: f64, strengths: &[f64]) {
        let Some(team) = self.teams.get_mut(t) else { return };
        team.members += 1;
        team.total_weight.add(weight);
        if weight > 0.0 {
            team.active += 1;
            let (l, m) = crate::model::member::side_means(strengths);
            team.bridge = team.bridge.max(l.min(m));
        }
        let tr = team.thresholds as usize * self.poles;
        let reach = self.reach.get(tr..tr + self.poles).unwrap_or_default();
        let add = |tops: &mut [f64], depths: &mut [u32], strengths: &[f64], reach: &[f64]| {
            for (((top, depth), &s), &r) in tops.iter_mut().zip(depths.iter_mut()).zip(strengths).zip(reach) {
                let c = weight * s;
                *top = if c > *top { c } else { *top };
                *depth = depth.saturating_add(u32::from(c >= r));
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

    /// The largest contribution to pole `p` of team `t` (-1 before any).
    fn top(&self, t: usize, p: usize) -> f64 {
        let inline = self.teams.get(t).and_then(|x| x.tops.get(p));
        inline.or_else(|| self.tops.get(spilled(t, self.spill, p))).copied().unwrap_or(-1.0)
    }

    /// The depth of pole `p` of team `t`.
    fn depth(&self, t: usize, p: usize) -> u32 {
        let inline = self.teams.get(t).and_then(|x| x.depths.get(p));
        inline.or_else(|| self.depths.get(spilled(t, self.spill, p))).copied().unwrap_or(0)
    }

    #[inline]
    fn add<const MODEL: u8>(&mut self, t: usize, id: &[u8], weight: f64, strengths: &[f64], line: u64) {
        if MODEL == STRONGEST && !self.keep_seconds && !self.keep_ids && !self.keep_lines {
            return self.add_plain(t, weight, strengths);
        }
        let (poles, spill) = (self.poles, self.spill);
        let (keep_ids, keep_lines, keep_seconds) = (self.keep_ids, self.keep_lines, self.keep_seconds);
        let Shard { teams, ids, id_ends, bridges, tops, depths, seconds, top_ids, top_lines, extra, reach, .. } = self;
        let Some(team) = teams.get_mut(t) else { return };
        // The arena reference of the row's id, stored on first need.
        let mut current = None;
        let mut id_ref = || -> u32 {
            if !keep_ids {
                return 0;
            }
            *current.get_or_insert_with(|| {
                ids.extend_from_slice(id);
                id_ends.push(ids.len());
                id_ends.len() as u32 - 1
            })
        };
        team.members += 1;
        team.total_weight.add(weight);
        if weight > 0.0 {
            team.active += 1;
            let (l, m) = crate::model::member::side_means(strengths);
            let score = l.min(m);
            if score > team.bridge {
                team.bridge = score;
                if keep_lines || keep_ids {
                    let r = id_ref();
                    if let Some(b) = bridges.get_mut(t) {
                        *b = (line, r);
                    }
                }
            }
        }
        let base = t * poles;
        let tr = team.thresholds as usize * poles;
        for p in 0..poles {
            let s = strengths.get(p).copied().unwrap_or(0.0);
            let c = weight * s;
            let reach = reach.get(tr + p).copied().unwrap_or(0.5);
            let spilled = spilled(t, spill, p);
            let Some(top) = team.tops.get(p).or_else(|| tops.get(spilled)).copied() else { continue };
            let new_top = c > top;
            if keep_seconds {
                if let Some(second) = seconds.get_mut(base + p) {
                    if new_top {
                        *second = top;
                    } else if c > *second {
                        *second = c;
                    }
                }
            }
            if new_top {
                if let Some(x) = team.tops.get_mut(p).or_else(|| tops.get_mut(spilled)) {
                    *x = c;
                }
                if keep_ids {
                    let r = id_ref();
                    if let Some(x) = top_ids.get_mut(base + p) {
                        *x = r;
                    }
                }
                if keep_lines {
                    if let Some(l) = top_lines.get_mut(base + p) {
                        *l = line;
                    }
                }
            }
            if let Some(d) = team.depths.get_mut(p).or_else(|| depths.get_mut(spilled)) {
                *d = d.saturating_add(u32::from(c >= reach));
            }
            if MODEL != STRONGEST {
                if let Some(x) = extra.get_mut(base + p) {
                    if MODEL == AVERAGE {
                        x.sum.add(c);
                        if new_top {
                            x.top_weight = weight;
                        }
                    } else if c >= 1.0 {
                        x.ones += 1;
                    } else {
                        x.log_rest.add((-c).ln_1p());
                    }
                }
            }
        }
    }

    /// The work left once every row is in, on the shard's own thread: the
    /// end of a strict read's duplicate check, the teams in name order and,
    /// for a summary (`summary`), its rows.
    pub(crate) fn wrap_up(&mut self, framework: &Framework, analyzer: &Analyzer, summary: bool) {
        self.finish();
        if self.error.is_some() {
            return;
        }
        self.sorted = self.name_order();
        if summary {
            let text = std::mem::take(&mut self.spare);
            self.formatted = Some(self.format_summary(framework, analyzer, text));
        }
    }

    /// The teams in name order, each with its [`NameKey`].
    fn name_order(&self) -> Vec<(NameKey, u32)> {
        let mut sorted: Vec<(NameKey, u32)> =
            self.teams.iter().enumerate().map(|(t, team)| (NameKey::of(&team.name_head), t as u32)).collect();
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

    /// Every team's summary row, in memory order, and where each ends.
    fn format_summary(&self, framework: &Framework, analyzer: &Analyzer, mut text: Vec<u8>) -> (Vec<u8>, Vec<usize>) {
        let mut scratch = scratch_accumulator(analyzer.coverage_model());
        let (mut flags, mut cells) = (String::new(), Vec::new());
        text.clear();
        text.reserve(self.names.len() + 120 * self.len());
        let mut ends = Vec::with_capacity(self.len());
        for t in 0..self.len() {
            let (members, weight, d, c, b) = match self.summary_plain(t, framework, &mut flags, &mut cells) {
                Some(cells) => cells,
                None => {
                    self.fill(t, &mut scratch);
                    let (d, c, b) = summary_row(framework, &scratch, &mut flags);
                    (scratch.members, scratch.total_weight.value(), d, c, b)
                }
            };
            crate::io::csvout::push_summary_row(&mut text, self.name(t), members, weight, d, c, b, &flags);
            ends.push(text.len());
        }
        (text, ends)
    }

    /// The summary cells of team `t` (members, total weight, direction,
    /// control, balance; the flags into `flags`) straight from its totals,
    /// when the shard keeps only the `Strongest` ones (no seconds): what
    /// [`Shard::fill`] then [`summary_row`] give.
    fn summary_plain(
        &self,
        t: usize,
        framework: &Framework,
        flags: &mut String,
        cells: &mut Vec<(f64, f64)>,
    ) -> Option<(u64, f64, f64, f64, f64)> {
        if self.keep_seconds {
            return None;
        }
        let team = self.teams.get(t)?;
        let th = self.thresholds.get(team.thresholds as usize)?;
        let members = team.members;
        // Each pole's coverage, and without its top contributor, once.
        cells.clear();
        cells.extend((0..self.poles).map(|i| {
            if members == 0 {
                return (0.0, 0.0);
            }
            let top = self.top(t, i).max(0.0);
            // The second contribution reaches the threshold when the depth is 2.
            let without = if self.depth(t, i) >= 2 { top } else { 0.0 };
            (top.clamp(0.0, 1.0), without.clamp(0.0, 1.0))
        }));
        let coverage = |i: usize| cells.get(i).copied().unwrap_or((0.0, 0.0));
        let bridge = (team.bridge >= 0.0).then_some(team.bridge);
        let (d, c, b) = summary_cells(framework, th, team.active, bridge, coverage, flags);
        Some((members, team.total_weight.value(), d, c, b))
    }

    /// Team `t` as a [`TeamAccumulator`], written into `acc` (whose
    /// allocations are reused).
    pub(crate) fn fill(&self, t: usize, acc: &mut TeamAccumulator) {
        let Some(team) = self.teams.get(t) else { return };
        acc.model = self.model;
        if let Some(th) = self.thresholds.get(team.thresholds as usize) {
            if !Arc::ptr_eq(&acc.thresholds, th) {
                acc.thresholds = Arc::clone(th);
            }
        }
        acc.members = team.members;
        acc.active = team.active;
        acc.total_weight = team.total_weight;
        let (bridge_line, bridge_id) = self.bridges.get(t).copied().unwrap_or((0, 0));
        acc.bridge = (team.bridge >= 0.0).then_some((team.bridge, bridge_line));
        acc.bridge_id.clear();
        if self.keep_ids && acc.bridge.is_some() {
            acc.bridge_id.push_str(self.id(bridge_id));
        }
        acc.poles.resize_with(self.poles, PoleState::new);
        let base = t * self.poles;
        for (p, state) in acc.poles.iter_mut().enumerate() {
            let (top, depth) = (self.top(t, p), self.depth(t, p));
            let x = self.extra.get(base + p).copied().unwrap_or_default();
            let empty = top < 0.0;
            state.top = top.max(0.0);
            state.second = match self.seconds.get(base + p) {
                Some(&second) => second.max(0.0),
                // Without seconds (a `Strongest` summary), what the summary
                // reads of the second: whether it reaches the threshold,
                // which is whether the depth is 2 or more.
                None if depth >= 2 => state.top,
                None => 0.0,
            };
            state.top_seq = if empty { u64::MAX } else { self.top_lines.get(base + p).copied().unwrap_or(0) };
            state.top_weight = x.top_weight;
            state.top_id.clear();
            if self.keep_ids && !empty {
                state.top_id.push_str(self.id(self.top_ids.get(base + p).copied().unwrap_or(0)));
            }
            state.depth = u64::from(depth);
            state.sum = x.sum;
            state.log_rest = x.log_rest;
            state.ones = x.ones;
        }
    }
}

/// `n` zeros, written one by one. `vec![0; n]` takes fresh memory from
/// the system unwritten, where a read maps a shared page of zeros and the
/// first write then replaces it, which every core must be told of (an
/// interrupt each time): the tables probed before they are written (and
/// asked for ahead, see [`Shard::touch_ahead`]) cost about 6% of the read
/// that way.
#[allow(clippy::slow_vector_initialization)] // on purpose, see above
fn written_zeros(n: usize) -> Vec<u64> {
    let mut v = Vec::with_capacity(n);
    v.resize(n, 0);
    v
}

/// Where pole `p` (past the first [`INLINE`]) of team `t` lies in the
/// arrays of further poles, `spill` per team.
fn spilled(t: usize, spill: usize, p: usize) -> usize {
    t * spill + p.saturating_sub(INLINE)
}

/// How many rows ahead a row's team record is asked for (see
/// [`Shard::touch_ahead`]).
const AHEAD: usize = 16;

/// What may be kept aside before a shard moves to a table checked at once
/// (see [`Deferred`]), whatever the rows.
const MOVE_FLOOR: usize = 1 << 20;

/// The duplicate-check key of an (`id`, `team`) pair.
fn pair_key(team_hash: u64, id_hash: u64) -> u64 {
    mix(team_hash ^ id_hash.rotate_left(17))
}

const STRONGEST: u8 = 0;
const AVERAGE: u8 = 1;
const POOLED: u8 = 2;

/// An empty accumulator for `team` without measurement-error sums (the
/// streaming path keeps none; see [`ReaderBuilder::analyze`](crate::ReaderBuilder::analyze)).
fn plain_accumulator(analyzer: &Analyzer, framework: &Framework, team: &str) -> Result<TeamAccumulator, Error> {
    let t = analyzer.thresholds_for(team).resolve(framework)?;
    Ok(TeamAccumulator::new(analyzer.coverage_model(), Arc::new(t), None))
}

/// An accumulator for [`Shard::fill`] to write into (its thresholds are
/// replaced by the team's).
fn scratch_accumulator(model: Coverage) -> TeamAccumulator {
    let thresholds = TeamThresholds { poles: Vec::new(), direction: 0.5, control: 0.5, skew: 0.3, bridge: 0.4 };
    TeamAccumulator::new(model, Arc::new(thresholds), None)
}

/// Where a report comes from: team `index` of shard `shard`, or rollup
/// `index` when `shard` is [`ROLLUP`].
#[derive(Debug, Clone, Copy)]
struct Entry {
    shard: u32,
    index: u32,
}

const ROLLUP: u32 = u32::MAX;

/// Every team's totals after a streaming read, in report order.
pub(crate) struct Tally {
    framework: Framework,
    analyzer: Analyzer,
    model: Coverage,
    shards: Vec<Shard>,
    rollups: Vec<(String, TeamAccumulator)>,
    order: Vec<Entry>,
}

/// The teams of every shard sorted by name: each shard sorted on its own
/// thread (by [`Shard::wrap_up`]), then merged.
fn sorted_teams(shards: &[Shard]) -> Vec<Entry> {
    let fresh: Vec<Vec<(NameKey, u32)>> =
        shards.iter().map(|sh| if sh.sorted.len() == sh.len() { Vec::new() } else { sh.name_order() }).collect();
    let lists: Vec<&[(NameKey, u32)]> = shards
        .iter()
        .zip(&fresh)
        .map(|(sh, f)| if sh.sorted.len() == sh.len() { sh.sorted.as_slice() } else { f.as_slice() })
        .collect();
    let before = |(s, (k, t)): (usize, &(NameKey, u32)), (z, (l, u)): (usize, &(NameKey, u32))| {
        k.cmp(l).then_with(|| {
            let name = |s: usize, t: &u32| shards.get(s).map_or(&[][..], |sh| sh.name(*t as usize));
            name(s, t).cmp(name(z, u))
        }) == std::cmp::Ordering::Less
    };
    let mut heads = vec![0usize; lists.len()];
    let mut out = Vec::with_capacity(lists.iter().map(|l| l.len()).sum());
    loop {
        let mut best: Option<(usize, &(NameKey, u32))> = None;
        for (k, list) in lists.iter().enumerate() {
            if let Some(e) = heads.get(k).and_then(|&h| list.get(h)) {
                if best.map_or(true, |b| before((k, e), b)) {
                    best = Some((k, e));
                }
            }
        }
        let Some((k, &(_, index))) = best else { break };
        out.push(Entry { shard: k as u32, index });
        if let Some(h) = heads.get_mut(k) {
            *h += 1;
        }
    }
    out
}

impl Tally {
    pub(crate) fn new(framework: &Framework, analyzer: &Analyzer, shards: Vec<Shard>) -> Result<Tally, Error> {
        let mut order = sorted_teams(&shards);
        let mut rollups: Vec<(String, TeamAccumulator)> = Vec::new();
        if analyzer.rollups_included() {
            let mut index: HashMap<String, usize> = HashMap::new();
            let mut acc = plain_accumulator(analyzer, framework, "")?;
            for e in &order {
                let Some(sh) = shards.get(e.shard as usize) else { continue };
                sh.fill(e.index as usize, &mut acc);
                let team = sh.team_name(e.index as usize);
                for prefix in crate::model::team::team_prefixes(team) {
                    let i = match index.get(prefix) {
                        Some(&i) => i,
                        None => {
                            rollups.push((prefix.to_string(), plain_accumulator(analyzer, framework, prefix)?));
                            index.insert(prefix.to_string(), rollups.len() - 1);
                            rollups.len() - 1
                        }
                    };
                    if let Some((_, r)) = rollups.get_mut(i) {
                        r.merge(acc.clone())?;
                    }
                }
            }
            for (name, _) in rollups.iter_mut() {
                name.push_str("/*");
            }
        }
        if !rollups.is_empty() {
            order.extend((0..rollups.len() as u32).map(|index| Entry { shard: ROLLUP, index }));
            let key = |e: &Entry| -> (&[u8], Level) {
                if e.shard == ROLLUP {
                    (rollups.get(e.index as usize).map_or(&[][..], |(n, _)| n.as_bytes()), Level::Rollup)
                } else {
                    (shards.get(e.shard as usize).map_or(&[][..], |sh| sh.name(e.index as usize)), Level::Team)
                }
            };
            order.sort_by(|a, b| key(a).cmp(&key(b)));
        }
        Ok(Tally {
            framework: framework.clone(),
            analyzer: analyzer.clone(),
            model: analyzer.coverage_model(),
            shards,
            rollups,
            order,
        })
    }

    pub(crate) fn len(&self) -> usize {
        self.order.len()
    }

    /// The name and accumulator of report `i` (written into `scratch`).
    fn get<'a>(&'a self, i: usize, scratch: &'a mut TeamAccumulator) -> Option<(&'a str, Level, &'a TeamAccumulator)> {
        let e = *self.order.get(i)?;
        if e.shard == ROLLUP {
            return self.rollups.get(e.index as usize).map(|(n, acc)| (n.as_str(), Level::Rollup, acc));
        }
        let sh = self.shards.get(e.shard as usize)?;
        sh.fill(e.index as usize, scratch);
        Some((sh.team_name(e.index as usize), Level::Team, scratch))
    }

    pub(crate) fn into_report(self) -> Report {
        let mut scratch = scratch_accumulator(self.model);
        let mut teams = Vec::with_capacity(self.len());
        for i in 0..self.len() {
            if let Some((name, level, acc)) = self.get(i, &mut scratch) {
                teams.push(TeamReport::new(&self.framework, name.to_string(), level, acc));
            }
        }
        Report { model: self.model, teams }
    }

    /// Writes the summary table: every shard's rows, formatted on the
    /// shard's thread when the read ended, in report order.
    pub(crate) fn write_summary_csv<W: io::Write>(&self, mut writer: W) -> io::Result<()> {
        writer.write_all(crate::io::csvout::SUMMARY_HEADER)?;
        // Every shard's rows were formatted when the read ended
        // (`Shard::wrap_up`); one that was not is formatted here.
        let parts: Vec<std::borrow::Cow<'_, (Vec<u8>, Vec<usize>)>> = self
            .shards
            .iter()
            .map(|sh| match &sh.formatted {
                Some(rows) => std::borrow::Cow::Borrowed(rows),
                None => std::borrow::Cow::Owned(sh.format_summary(&self.framework, &self.analyzer, Vec::new())),
            })
            .collect();
        let mut out = Vec::with_capacity(1 << 16);
        let mut flags = String::new();
        for e in &self.order {
            let i = e.index as usize;
            if e.shard == ROLLUP {
                if let Some((name, acc)) = self.rollups.get(i) {
                    let (d, c, b) = summary_row(&self.framework, acc, &mut flags);
                    let (members, weight) = (acc.members, acc.total_weight.value());
                    crate::io::csvout::push_summary_row(&mut out, name.as_bytes(), members, weight, d, c, b, &flags);
                }
            } else if let Some((text, ends)) = parts.get(e.shard as usize).map(|p| p.as_ref()) {
                let from = if i == 0 { 0 } else { ends.get(i - 1).copied().unwrap_or(0) };
                let to = ends.get(i).copied().unwrap_or(from);
                out.extend_from_slice(text.get(from..to).unwrap_or_default());
            }
            if out.len() >= 1 << 16 {
                writer.write_all(&out)?;
                out.clear();
            }
        }
        writer.write_all(&out)?;
        writer.flush()
    }
}

/// The summary table of every team of a roster (DESIGN.md section 5), from
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
    /// The streaming reader's totals.
    Tally(Tally),
    /// Full reports (lenient reads, analyses with measurement error).
    Report(Report),
}

impl std::fmt::Debug for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Summary").field("teams", &self.len()).finish()
    }
}

impl Summary {
    pub(crate) fn new(tally: Tally) -> Summary {
        Summary { inner: Inner::Tally(tally) }
    }

    pub(crate) fn from_report(report: Report) -> Summary {
        Summary { inner: Inner::Report(report) }
    }

    /// The number of rows (teams and rollups).
    pub fn len(&self) -> usize {
        match &self.inner {
            Inner::Tally(t) => t.len(),
            Inner::Report(r) => r.len(),
        }
    }

    /// Whether the roster had no rows.
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
    pub fn write_csv<W: io::Write>(&self, writer: W) -> io::Result<()> {
        match &self.inner {
            Inner::Tally(t) => t.write_summary_csv(writer),
            Inner::Report(r) => r.write_summary_csv(writer),
        }
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

    #[test]
    fn deferred_repeats_name_the_first_repeat_and_far_lines() {
        let mut d = Deferred::default();
        let lines = [2u64, 3, 5_000_000_000, 5_000_000_001, 6_000_000_000];
        let keys = [10u64, 11, 12, 11, 12];
        let mut plain = Deferred::default();
        for (&k, &l) in keys.iter().zip(&lines) {
            plain.log(k, l);
            match k {
                11 if l > 3 => d.suspect(0, b"b"),
                12 if l > 5_000_000_000 => d.suspect(1, b"cc"),
                _ => {}
            }
            d.log(k, l);
        }
        assert!(plain.first_repeat().is_none(), "no suspect, no repeat");
        assert_eq!(d.first_repeat(), Some((5_000_000_001, 3, 0, &b"b"[..])));
        // A suspect that repeats nothing is not a repeat.
        let mut d = Deferred::default();
        d.log(1, 2);
        d.suspect(0, b"x");
        d.log(2, 3);
        assert!(d.first_repeat().is_none());
    }
}
