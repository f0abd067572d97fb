//! The rows of a roster kept for a comparison (issue 17): team, id, weight
//! and strengths of every row, compactly (one text arena, one number
//! array), with the row's line as its roster order. A streaming read keeps
//! one [`Rows`] per worker beside its shard; the comparison joins them.

use crate::util::hash::hash_bytes;

/// Rows in the order they were added.
#[derive(Debug, Clone, Default)]
pub(crate) struct Rows {
    /// Strengths per row.
    poles: usize,
    /// Per row: its line (streaming) or roster position (in memory).
    lines: Vec<u64>,
    /// Team then id of every row (checked UTF-8 once, when added).
    text: String,
    /// Per row: where its team and its id end in `text`.
    ends: Vec<(usize, usize)>,
    /// Per row: weight then one strength per pole.
    nums: Vec<f64>,
    /// Per row: the keyed hashes of its id and its team: the comparison
    /// sorts and matches on them, then compares the rows themselves.
    keys: Vec<RowKey>,
    /// Per row: its team in the tally it was added to (shard or store
    /// `part` in the high 32 bits, the team's number there in the low).
    team_at: Vec<u64>,
    /// Per row: its team's place among the snapshot's teams (filled once
    /// the teams are sorted).
    pub(crate) team_pos: Vec<u32>,
}

/// A row's hashes (see [`Rows`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct RowKey {
    pub(crate) id: u64,
    pub(crate) team: u64,
}

impl Rows {
    /// No rows, of `poles` strengths each.
    pub(crate) fn new(poles: usize) -> Rows {
        Rows { poles, ..Rows::default() }
    }

    /// Appends a row; `team_at` is its team in the tally it is added to.
    #[inline]
    pub(crate) fn push(&mut self, line: u64, team: &[u8], id: &[u8], weight: f64, strengths: &[f64], team_at: u64) {
        self.team_at.push(team_at);
        self.lines.push(line);
        // The readers hand out UTF-8 (a team or id that is not is refused
        // before it gets here); anything else would be kept lossily.
        self.text.push_str(&String::from_utf8_lossy(team));
        let team_end = self.text.len();
        self.text.push_str(&String::from_utf8_lossy(id));
        self.ends.push((team_end, self.text.len()));
        self.nums.push(weight);
        self.nums.extend_from_slice(strengths);
        self.keys.push(RowKey { id: hash_bytes(id), team: hash_bytes(team) });
    }

    /// Row `i`'s team in its tally (see [`Rows::push`]).
    pub(crate) fn team_at(&self, i: usize) -> u64 {
        self.team_at.get(i).copied().unwrap_or(0)
    }

    /// Row `i`'s team's place among the snapshot's teams.
    #[inline]
    pub(crate) fn team_pos(&self, i: usize) -> u32 {
        self.team_pos.get(i).copied().unwrap_or(u32::MAX)
    }

    /// Row `i`'s hashes.
    #[inline]
    pub(crate) fn key(&self, i: usize) -> RowKey {
        self.keys.get(i).copied().unwrap_or_default()
    }

    /// Asks the cache for row `i`'s place in the text and its numbers (a
    /// hint: the comparison visits rows in hash order).
    #[inline(always)]
    pub(crate) fn prefetch(&self, i: usize) {
        if let Some(e) = self.ends.get(i) {
            crate::util::prefetch::prefetch(e);
        }
        let at = i * (self.poles + 1);
        if let Some(x) = self.nums.get(at) {
            crate::util::prefetch::prefetch(x);
        }
        if let Some(x) = self.nums.get(at + self.poles) {
            crate::util::prefetch::prefetch(x);
        }
    }

    /// Asks the cache for row `i`'s text (once its end is in the cache).
    #[inline(always)]
    pub(crate) fn prefetch_text(&self, i: usize) {
        if let Some(b) = self.text.as_bytes().get(self.start(i)) {
            crate::util::prefetch::prefetch(b);
        }
    }

    /// Appends every row of `other`.
    pub(crate) fn append(&mut self, other: Rows) {
        let base = self.text.len();
        self.lines.extend_from_slice(&other.lines);
        self.text.push_str(&other.text);
        self.ends.extend(other.ends.iter().map(|&(t, i)| (t + base, i + base)));
        self.nums.extend_from_slice(&other.nums);
        self.keys.extend_from_slice(&other.keys);
        self.team_at.extend_from_slice(&other.team_at);
    }

    /// The number of rows.
    pub(crate) fn len(&self) -> usize {
        self.lines.len()
    }

    /// Row `i`'s line.
    pub(crate) fn line(&self, i: usize) -> u64 {
        self.lines.get(i).copied().unwrap_or(0)
    }

    fn start(&self, i: usize) -> usize {
        if i == 0 {
            0
        } else {
            self.ends.get(i - 1).map_or(0, |e| e.1)
        }
    }

    /// Row `i`'s team.
    pub(crate) fn team(&self, i: usize) -> &str {
        let (from, to) = (self.start(i), self.ends.get(i).map_or(0, |e| e.0));
        self.text.get(from..to).unwrap_or_default()
    }

    /// Row `i`'s id.
    pub(crate) fn id(&self, i: usize) -> &str {
        let (from, to) = self.ends.get(i).map_or((0, 0), |e| (e.0, e.1));
        self.text.get(from..to).unwrap_or_default()
    }

    /// Row `i`'s weight.
    pub(crate) fn weight(&self, i: usize) -> f64 {
        self.nums.get(i * (self.poles + 1)).copied().unwrap_or(0.0)
    }

    /// Row `i`'s strengths.
    pub(crate) fn strengths(&self, i: usize) -> &[f64] {
        let at = i * (self.poles + 1) + 1;
        self.nums.get(at..at + self.poles).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_keep_their_values_across_append() {
        let mut a = Rows::new(2);
        a.push(2, b"T", b"ana", 1.0, &[0.1, 0.2], 0);
        let mut b = Rows::new(2);
        b.push(3, b"Team/U", b"bo", 0.5, &[0.3, 0.4], 1);
        a.append(b);
        assert_eq!(a.len(), 2);
        assert_eq!(
            (a.team(1), a.id(1), a.weight(1), a.strengths(1), a.line(1)),
            ("Team/U", "bo", 0.5, &[0.3, 0.4][..], 3)
        );
        assert_eq!((a.team(0), a.id(0), a.strengths(0)), ("T", "ana", &[0.1, 0.2][..]));
        assert_eq!((a.team_at(0), a.team_at(1)), (0, 1));
        assert_eq!(a.id(7), "");
    }
}
