//! The duplicate check, exact: the same (`id`, `team`) pair twice is an
//! error in a strict read (naming both lines) and a skipped row in a
//! lenient one. Every path uses it: the streaming shards, the lenient
//! reads, [`ReaderBuilder::read_roster`](crate::ReaderBuilder::read_roster)
//! and [`Analyzer::analyze`](crate::Analyzer::analyze).
//!
//! A pair is compared exactly, never by a hash alone: the team by its
//! number in its table, the id by an exact 64-bit key ([`IdKeys`]: the
//! bytes of an id of up to 7 bytes with its length, or the number of a
//! longer id in an interner). Hashes only choose table slots, and they are
//! keyed per process ([`crate::util::hash`]), so crafted ids cannot make
//! the check slow.
//!
//! Two ways to check, with the same keys and the same answer:
//! - at once ([`PairLines`]): every pair goes into a table; lenient reads
//!   (a repeat must not be added) and the in-memory analysis.
//! - deferred ([`Deferred`]): a strict read logs every row's pair in line
//!   order and keeps aside the rows whose id may repeat one of its team's
//!   (its bit in a 256-bit filter per team is set); at the end one pass
//!   over the log finds the first repeat. 16 bytes a row, written in order
//!   and never searched while reading. When what is kept aside outgrows
//!   the table a check at once would need, the log moves into one.

use std::collections::HashMap;

use crate::util::hash::{hash_word, Keyed};
use crate::util::intern::Interner;

/// Ids as exact 64-bit keys. An id of up to 8 bytes none of which is
/// `0xFE` or `0xFF` (bytes UTF-8 never uses, so every valid id of up to 8
/// bytes) is its bytes, first byte lowest, padded with `0xFF`; any other
/// id is `0xFE` in the lowest byte and its number in an interner above.
/// Two ids have the same key exactly when they are the same bytes, and
/// ids of up to 8 bytes (`m0` to `m99999999`, `E1234567`) cost no table.
#[derive(Debug, Default)]
pub(crate) struct IdKeys {
    long: Interner,
}

/// The lowest byte of a long id's key.
const LONG: u64 = 0xFE;

/// Whether some byte of `w` is `0xFE` or `0xFF`.
#[inline]
fn has_fe_or_ff(w: u64) -> bool {
    zero_bytes(!w & 0xFEFE_FEFE_FEFE_FEFE) != 0
}

impl IdKeys {
    /// The exact key of `id` (UTF-8, as every id the readers take).
    #[inline]
    pub(crate) fn key(&mut self, id: &[u8]) -> u64 {
        if let Some(key) = IdKeys::packed(id) {
            return key;
        }
        LONG | u64::from(self.long.intern(&String::from_utf8_lossy(id)).0) << 8
    }

    /// The key of an id of up to 8 bytes without `0xFE` or `0xFF`.
    #[inline]
    fn packed(id: &[u8]) -> Option<u64> {
        let n = id.len();
        if n > 8 {
            return None;
        }
        let mut bytes = [0xFFu8; 8];
        if let Some(head) = bytes.get_mut(..n) {
            head.copy_from_slice(id);
        }
        let key = u64::from_le_bytes(bytes);
        // Only the id's own bytes can be 0xFE or 0xFF: test those.
        let own = if n == 8 { key } else { key & ((1u64 << (8 * n)) - 1) };
        (!has_fe_or_ff(own)).then_some(key)
    }

    /// The id of `key`.
    pub(crate) fn text(&self, key: u64) -> String {
        if key & 0xFF == LONG {
            return self.long.get((key >> 8) as usize).to_string();
        }
        let w = key.to_le_bytes();
        let n = w.iter().position(|&b| b == 0xFF).unwrap_or(8);
        String::from_utf8_lossy(w.get(..n).unwrap_or_default()).into_owned()
    }
}

/// A (team, id) pair: the team's number in its table and the id's key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Pair {
    pub(crate) team: u32,
    pub(crate) id: u64,
}

impl Pair {
    /// The keyed hash that chooses the pair's slot.
    #[inline]
    fn hash(self) -> u64 {
        hash_word(self.id ^ hash_word(u64::from(self.team)))
    }

    /// The bit of the pair's id in its team's 256-bit filter: the word and
    /// the bit in it. A cheap multiplicative mix: a filter only decides what
    /// is kept aside, never whether a pair repeats.
    #[inline]
    pub(crate) fn filter_bit(self) -> (usize, u64) {
        let h = self.id.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        ((h >> 62) as usize, 1u64 << ((h >> 56) & 63))
    }
}

/// A repeated pair: its line and the line it was first on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Repeat {
    pub(crate) line: u64,
    pub(crate) first_line: u64,
    pub(crate) pair: Pair,
}

/// A table of pairs with the line each was first seen on, split into
/// small sub-tables that grow one at a time (no large copy when growing).
/// 16 bytes a slot; lines past `u32::MAX - 1` are kept aside.
#[derive(Debug)]
pub(crate) struct PairLines {
    parts: Vec<PairPart>,
    far: HashMap<Pair, u64, Keyed>,
}

/// One sub-table: open addressing over groups of 8 slots, with a control
/// byte per slot (0 when empty, else 0x80 and 7 bits of the hash) kept
/// apart, so that a lookup reads one control word per group and a slot only
/// when its control byte matches.
#[derive(Debug, Default)]
struct PairPart {
    ctrl: Vec<u64>,
    slots: Vec<Slot>,
    len: usize,
}

#[derive(Debug, Clone, Copy, Default)]
struct Slot {
    id: u64,
    team: u32,
    line: u32,
}

const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
const HIGH1: u64 = 0x8080_8080_8080_8080;

/// The high bit of every zero byte of `x`.
fn zero_bytes(x: u64) -> u64 {
    !(((x & LOW7).wrapping_add(LOW7)) | x) & HIGH1
}

const PARTS: usize = 256;

/// A line kept in 32 bits: `u32::MAX` when it is in the `far` map.
fn short_line(line: u64) -> u32 {
    u32::try_from(line).ok().filter(|&l| l < u32::MAX).unwrap_or(u32::MAX)
}

impl Default for PairLines {
    fn default() -> PairLines {
        PairLines { parts: (0..PARTS).map(|_| PairPart::default()).collect(), far: HashMap::default() }
    }
}

impl PairLines {
    /// Inserts `pair` first seen on `line`; returns the first line if it was there.
    pub(crate) fn insert(&mut self, pair: Pair, line: u64) -> Option<u64> {
        let h = pair.hash();
        let short = short_line(line);
        let found = self.parts.get_mut((h >> 56) as usize % PARTS).and_then(|p| p.insert(pair, h, short));
        match found {
            Some(u32::MAX) => self.far.get(&pair).copied(),
            Some(l) => Some(u64::from(l)),
            None => {
                if short == u32::MAX {
                    self.far.insert(pair, line);
                }
                None
            }
        }
    }
}

impl PairPart {
    fn group(h: u64, groups: usize) -> usize {
        ((u128::from(h << 8 >> 8) * groups as u128) >> 56) as usize
    }

    fn insert(&mut self, pair: Pair, h: u64, line: u32) -> Option<u32> {
        if (self.len + 1) * 8 > self.slots.len() * 7 {
            self.grow();
        }
        let groups = self.ctrl.len();
        let tag = 0x80 | (h & 0x7F);
        let mut g = PairPart::group(h, groups);
        loop {
            let word = self.ctrl.get(g).copied().unwrap_or(0);
            let mut hits = zero_bytes(word ^ (tag * 0x0101_0101_0101_0101));
            while hits != 0 {
                let i = g * 8 + (hits.trailing_zeros() / 8) as usize;
                if let Some(s) = self.slots.get(i) {
                    if s.id == pair.id && s.team == pair.team {
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
                    *s = Slot { id: pair.id, team: pair.team, line };
                }
                self.len += 1;
                return None;
            }
            g = if g + 1 == groups { 0 } else { g + 1 };
        }
    }

    fn grow(&mut self) {
        let groups = (self.ctrl.len() + self.ctrl.len() / 4).max(8);
        let old = std::mem::replace(&mut self.slots, vec![Slot::default(); groups * 8]);
        let old_ctrl = std::mem::replace(&mut self.ctrl, vec![0; groups]);
        self.len = 0;
        for (i, s) in old.into_iter().enumerate() {
            let full = old_ctrl.get(i / 8).is_some_and(|w| (w >> (8 * (i % 8))) & 0x80 != 0);
            if full {
                let pair = Pair { team: s.team, id: s.id };
                self.insert(pair, pair.hash(), s.line);
            }
        }
    }
}

/// The bytes of a row in [`Deferred::log`].
const LOGGED: usize = 16;

/// The deferred check of a strict read (see the module docs).
#[derive(Debug, Default)]
pub(crate) struct Deferred {
    /// Per row: its team, its id key and its line (`u32::MAX`: in `far`);
    /// as bytes, so that the memory can hold the summary's text once the
    /// check is done ([`Deferred::into_memory`]).
    log: Vec<u8>,
    /// Log positions whose line is past `u32::MAX - 1`, with the line.
    far: HashMap<usize, u64>,
    /// The log positions of the rows kept aside.
    suspects: Vec<u32>,
}

impl Deferred {
    /// Logs the next row.
    #[inline]
    pub(crate) fn log(&mut self, pair: Pair, line: u64) {
        let short = short_line(line);
        if short == u32::MAX {
            self.far.insert(self.len(), line);
        }
        let mut e = [0u8; LOGGED];
        let (team, rest) = e.split_at_mut(4);
        let (id, line) = rest.split_at_mut(8);
        team.copy_from_slice(&pair.team.to_le_bytes());
        id.copy_from_slice(&pair.id.to_le_bytes());
        line.copy_from_slice(&short.to_le_bytes());
        self.log.extend_from_slice(&e);
    }

    /// Keeps the next row aside (call before [`Deferred::log`]).
    #[inline]
    pub(crate) fn suspect(&mut self) {
        self.suspects.push(u32::try_from(self.len()).unwrap_or(u32::MAX));
    }

    /// The rows logged.
    pub(crate) fn len(&self) -> usize {
        self.log.len() / LOGGED
    }

    /// Whether the log outgrows 32-bit places (then the shard checks at once).
    pub(crate) fn full(&self) -> bool {
        self.len() >= (u32::MAX - 1) as usize
    }

    /// The bytes the rows kept aside take, with the map that checks them
    /// at the end (about 32 bytes an entry).
    pub(crate) fn aside(&self) -> usize {
        36 * self.suspects.len()
    }

    /// Log entry `i`: its pair and its short line.
    fn entry(e: &[u8]) -> (Pair, u32) {
        let team = u32::from_le_bytes(e.get(..4).and_then(|b| b.try_into().ok()).unwrap_or_default());
        let id = u64::from_le_bytes(e.get(4..12).and_then(|b| b.try_into().ok()).unwrap_or_default());
        let short = u32::from_le_bytes(e.get(12..16).and_then(|b| b.try_into().ok()).unwrap_or_default());
        (Pair { team, id }, short)
    }

    /// The line of entry `i`, whose short line is `short`.
    fn line(&self, i: usize, short: u32) -> u64 {
        if short == u32::MAX {
            self.far.get(&i).copied().unwrap_or(u64::MAX)
        } else {
            u64::from(short)
        }
    }

    /// The pair and line of every row logged, in order.
    pub(crate) fn entries(&self) -> impl Iterator<Item = (Pair, u64)> + '_ {
        self.log.chunks_exact(LOGGED).enumerate().map(|(i, e)| {
            let (pair, short) = Deferred::entry(e);
            (pair, self.line(i, short))
        })
    }

    /// The first row (in line order) whose pair came before.
    pub(crate) fn first_repeat(&self) -> Option<Repeat> {
        if self.suspects.is_empty() {
            return None;
        }
        // The pairs kept aside: a repeated pair's later rows are among them.
        let mut first: HashMap<Pair, Option<u64>, Keyed> =
            HashMap::with_capacity_and_hasher(self.suspects.len(), Keyed);
        for &s in &self.suspects {
            let at = s as usize * LOGGED;
            if let Some(e) = self.log.get(at..at + LOGGED) {
                first.insert(Deferred::entry(e).0, None);
            }
        }
        // One bit per suspect pair: most rows are not suspects, and a bit
        // tells so without a lookup.
        let bits = (first.len() * 16).next_power_of_two().max(64);
        let mut filter = vec![0u64; bits / 64];
        let bit = |p: Pair| {
            let h = (p.id ^ u64::from(p.team).wrapping_mul(0x9E37_79B9_7F4A_7C15)).wrapping_mul(0xD6E8_FEB8_6659_FD93);
            (((h >> 32) as usize) & (bits - 1), 1u64 << (h >> 58))
        };
        for &p in first.keys() {
            let (i, b) = bit(p);
            if let Some(w) = filter.get_mut(i / 64) {
                *w |= b;
            }
        }
        self.log.chunks_exact(LOGGED).enumerate().find_map(|(i, e)| {
            let (pair, short) = Deferred::entry(e);
            let (at, b) = bit(pair);
            if filter.get(at / 64).is_some_and(|w| w & b == 0) {
                return None;
            }
            let line = self.line(i, short);
            let seen = first.get_mut(&pair)?;
            match *seen {
                Some(first_line) => Some(Repeat { line, first_line, pair }),
                None => {
                    *seen = Some(line);
                    None
                }
            }
        })
    }

    /// The log's memory (already written to: fresh memory costs a page
    /// fault a page), emptied, for the summary's text.
    pub(crate) fn into_memory(self) -> Vec<u8> {
        let mut log = self.log;
        log.clear();
        log
    }
}

/// The longest chain a team keeps before its pairs move into a
/// [`PairLines`] table: a walk along a chain never takes more steps, so
/// ids crafted to share a filter bit cannot make the check quadratic.
const CHAIN_MAX: u32 = 32;

/// Entries a block of [`Chains`] holds: the chains grow a block at a time,
/// never copying what they hold.
const BLOCK: usize = 1 << 14;

/// A team's chain as [`Chains`] keeps it.
#[derive(Debug, Clone, Copy, Default)]
struct TeamChain {
    /// The team's 256-bit filter of the ids seen: a chain is walked only
    /// when the new id's bit is set.
    filter: [u64; 4],
    /// One past the team's last entry (0: none; [`TABLED`]: in the table).
    head: u32,
    len: u32,
}

const TABLED: u32 = u32::MAX;

/// One entry of a chain: an id key, the line it was first on (`u32::MAX`:
/// in `far`) and one past the team's entry before it (0: none).
#[derive(Debug, Clone, Copy, Default)]
struct Link {
    id: u64,
    line: u32,
    next: u32,
}

/// The check at once, by team: each team's pairs in a chain of 16-byte
/// entries written in order (no table to grow, no random write a row), a
/// chain walked only when the team's filter says the id may be there
/// (about 4% of the rows of a team of ten). A team whose chain passes
/// [`CHAIN_MAX`] moves into a [`PairLines`] table, and so does every team
/// once the entries outgrow 32-bit places. Teams are numbered densely from
/// 0 (the numbers of the caller's team table).
#[derive(Debug, Default)]
pub(crate) struct Chains {
    teams: Vec<TeamChain>,
    blocks: Vec<Box<[Link]>>,
    len: usize,
    far: HashMap<usize, u64>,
    table: PairLines,
}

impl Chains {
    /// Inserts `pair` seen on `line`; returns the first line if it was there.
    #[inline]
    pub(crate) fn insert(&mut self, pair: Pair, line: u64) -> Option<u64> {
        let t = pair.team as usize;
        if self.teams.len() <= t {
            self.teams.resize(t + 1, TeamChain::default());
        }
        let Some(chain) = self.teams.get_mut(t) else { return self.table.insert(pair, line) };
        if chain.head == TABLED {
            return self.table.insert(pair, line);
        }
        let (word, bit) = pair.filter_bit();
        let maybe = chain.filter.get(word).is_some_and(|w| w & bit != 0);
        if let Some(w) = chain.filter.get_mut(word) {
            *w |= bit;
        }
        let (head, len) = (chain.head, chain.len);
        if maybe {
            let mut at = head;
            while at != 0 {
                let i = at as usize - 1;
                let link = self.link(i);
                if link.id == pair.id {
                    return Some(self.line_of(i, link.line));
                }
                at = link.next;
            }
        }
        if len >= CHAIN_MAX || self.len >= (u32::MAX - 1) as usize {
            self.move_team(pair.team, head);
            return self.table.insert(pair, line);
        }
        let short = short_line(line);
        if short == u32::MAX {
            self.far.insert(self.len, line);
        }
        let i = self.len;
        if i % BLOCK == 0 {
            self.blocks.push(vec![Link::default(); BLOCK].into_boxed_slice());
        }
        if let Some(slot) = self.blocks.get_mut(i / BLOCK).and_then(|b| b.get_mut(i % BLOCK)) {
            *slot = Link { id: pair.id, line: short, next: head };
        }
        self.len += 1;
        if let Some(chain) = self.teams.get_mut(t) {
            chain.head = self.len as u32;
            chain.len = len + 1;
        }
        None
    }

    #[inline]
    fn link(&self, i: usize) -> Link {
        self.blocks.get(i / BLOCK).and_then(|b| b.get(i % BLOCK)).copied().unwrap_or_default()
    }

    fn line_of(&self, i: usize, short: u32) -> u64 {
        if short == u32::MAX {
            self.far.get(&i).copied().unwrap_or(u64::MAX)
        } else {
            u64::from(short)
        }
    }

    /// Moves team `team`'s chain (whose head is `head`) into the table.
    #[cold]
    fn move_team(&mut self, team: u32, head: u32) {
        let mut at = head;
        while at != 0 {
            let i = at as usize - 1;
            let link = self.link(i);
            self.table.insert(Pair { team, id: link.id }, self.line_of(i, link.line));
            at = link.next;
        }
        if let Some(chain) = self.teams.get_mut(team as usize) {
            chain.head = TABLED;
        }
    }
}

/// What may be kept aside before a strict check moves to a table checked
/// at once, whatever the rows.
const MOVE_FLOOR: usize = 1 << 20;

/// The check of one table of teams: deferred (strict reads) until it moves
/// to at once, or at once from the start (lenient reads, the in-memory
/// analysis).
#[derive(Debug)]
pub(crate) struct PairCheck {
    ids: IdKeys,
    deferred: Deferred,
    at_once: Option<Chains>,
}

impl PairCheck {
    /// A check that defers (`at_once` false) or checks every row at once.
    pub(crate) fn new(at_once: bool) -> PairCheck {
        PairCheck { ids: IdKeys::default(), deferred: Deferred::default(), at_once: at_once.then(Chains::default) }
    }

    /// Checks the row of `id` on `line` in team `team`, whose id filter is
    /// `filter`. `Some` when the pair repeats one found at once.
    #[inline]
    pub(crate) fn check(&mut self, team: u32, filter: &mut [u64; 4], id: &[u8], line: u64) -> Option<Repeat> {
        let pair = Pair { team, id: self.ids.key(id) };
        if let Some(seen) = &mut self.at_once {
            let first_line = seen.insert(pair, line)?;
            return Some(Repeat { line, first_line, pair });
        }
        let (word, bit) = pair.filter_bit();
        if let Some(w) = filter.get_mut(word) {
            if *w & bit != 0 {
                self.deferred.suspect();
            }
            *w |= bit;
        }
        self.deferred.log(pair, line);
        // The log takes 16 bytes a row and a table checked at once about
        // 18: move when what is kept aside (and the map that checks it at
        // the end) passes 8 bytes a row, so that the check never takes
        // much more than twice the table's memory.
        if self.deferred.aside() > (8 * self.deferred.len()).max(MOVE_FLOOR) || self.deferred.full() {
            return self.move_to_at_once();
        }
        None
    }

    /// Moves the log into a table checked at once; `Some` when the log
    /// holds a repeat already.
    fn move_to_at_once(&mut self) -> Option<Repeat> {
        if let Some(r) = self.deferred.first_repeat() {
            return Some(r);
        }
        let mut seen = Chains::default();
        let d = std::mem::take(&mut self.deferred);
        for (pair, line) in d.entries() {
            seen.insert(pair, line);
        }
        self.at_once = Some(seen);
        None
    }

    /// Ends the check: the first repeat the deferred log holds, if any.
    pub(crate) fn finish(&mut self) -> Option<Repeat> {
        self.deferred.first_repeat()
    }

    /// The id of a key (to name a repeat).
    pub(crate) fn id_text(&self, key: u64) -> String {
        self.ids.text(key)
    }

    /// The log's memory, for the summary's text (see
    /// [`Deferred::into_memory`]); the check is over: the pairs checked at
    /// once are freed too.
    pub(crate) fn take_memory(&mut self) -> Vec<u8> {
        self.at_once = None;
        std::mem::take(&mut self.deferred).into_memory()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_keys_are_exact() {
        let mut k = IdKeys::default();
        let ids = [
            "a",
            "a\0",
            "ab",
            "m1234567",
            "m12345678",
            "",
            "é",
            "\u{200b}a",
            "longer-id@example.com",
            "\0",
            "\0\0\0\0\0\0\0\0",
            "m9999999",
            "12345678",
            "ÿÿÿÿ",
        ];
        let keys: Vec<u64> = ids.iter().map(|id| k.key(id.as_bytes())).collect();
        for (i, a) in keys.iter().enumerate() {
            assert_eq!(k.text(*a), ids[i]);
            for b in keys.iter().skip(i + 1) {
                assert_ne!(a, b);
            }
        }
        assert_eq!(k.key(b"longer-id@example.com"), keys[8]);
        // Ids of up to 8 bytes take no interner entry; bytes UTF-8 never
        // uses (0xFE, 0xFF) go to the interner and stay distinct.
        assert_eq!(k.long.len(), 2);
        let odd: [&[u8]; 4] = [b"a\xff", b"a", b"\xfe", b"a\xff\xff\xff\xff\xff\xff\xff"];
        let keys: Vec<u64> = odd.iter().map(|id| k.key(id)).collect();
        for (i, a) in keys.iter().enumerate() {
            for b in keys.iter().skip(i + 1) {
                assert_ne!(a, b);
            }
        }
    }

    #[test]
    fn deferred_and_at_once_find_the_same_first_repeat() {
        // Ids repeat every 1,000 rows in the same team: the first repeat is
        // m0 in team 0, line 1002 (first on line 2).
        let rows: Vec<(u32, String, u64)> =
            (0..3000u64).map(|i| (((i % 1000) % 3) as u32, format!("m{}", i % 1000), i + 2)).collect();
        for at_once in [false, true] {
            let mut check = PairCheck::new(at_once);
            let mut filters = vec![[0u64; 4]; 7];
            let mut found = None;
            for (team, id, line) in &rows {
                if let Some(r) = check.check(*team, &mut filters[*team as usize], id.as_bytes(), *line) {
                    found = Some(r);
                    break;
                }
            }
            let found = found.or_else(|| check.finish()).unwrap();
            assert_eq!((found.line, found.first_line, found.pair.team), (1002, 2, 0), "at once: {at_once}");
            assert_eq!(check.id_text(found.pair.id), "m0");
        }
    }

    #[test]
    fn far_lines_and_no_false_repeats() {
        let mut d = Deferred::default();
        let mut k = IdKeys::default();
        let lines = [2u64, 3, 5_000_000_000, 5_000_000_001, 6_000_000_000];
        let ids = ["a", "b", "c", "b", "c"];
        for (i, (&id, &l)) in ids.iter().zip(&lines).enumerate() {
            if i >= 3 {
                d.suspect();
            }
            d.log(Pair { team: 0, id: k.key(id.as_bytes()) }, l);
        }
        let r = d.first_repeat().unwrap();
        assert_eq!((r.line, r.first_line), (5_000_000_001, 3));
        // A suspect that repeats nothing is not a repeat.
        let mut d = Deferred::default();
        d.log(Pair { team: 0, id: 1 }, 2);
        d.suspect();
        d.log(Pair { team: 0, id: 2 }, 3);
        assert!(d.first_repeat().is_none());
    }

    #[test]
    fn chains_find_what_a_table_finds() {
        // Teams small and large (past CHAIN_MAX), ids repeating now and
        // then, one team whose ids all share one filter bit, far lines.
        let mut rng = crate::util::rng::Rng::new(7);
        let mut k = IdKeys::default();
        let mut chains = Chains::default();
        let mut table = PairLines::default();
        let same_bit: Vec<u64> = (0..100_000u64)
            .map(|i| i << 8 | 1)
            .filter(|&id| Pair { team: 3, id }.filter_bit() == Pair { team: 3, id: 1 }.filter_bit())
            .take(200)
            .collect();
        assert_eq!(same_bit.len(), 200);
        let mut repeats = 0;
        for i in 0..40_000u64 {
            let r = rng.next_u64();
            let (team, id) = match r % 4 {
                0 => (3u32, same_bit[(r >> 8) as usize % same_bit.len()]),
                1 => (0, k.key(format!("big{}", (r >> 8) % 3000).as_bytes())),
                _ => (((r >> 8) % 500) as u32 + 4, k.key(format!("m{}", (r >> 20) % 40).as_bytes())),
            };
            let line = if i % 1000 == 999 { u64::from(u32::MAX) + i } else { i + 2 };
            let pair = Pair { team, id };
            let (a, b) = (chains.insert(pair, line), table.insert(pair, line));
            assert_eq!(a, b, "row {i}");
            repeats += usize::from(a.is_some());
        }
        assert!(repeats > 10_000, "{repeats}");
        assert!(chains.teams[3].head == TABLED && chains.teams[0].head == TABLED);
        assert!(chains.teams.iter().skip(4).any(|c| c.head != TABLED && c.len > 0));
    }
}
