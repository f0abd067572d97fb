//! Who changed between two snapshots: rows joined on (`id`, `team`).
//!
//! Both snapshots' rows are sorted by (keyed hash of the id, id, team) on
//! their own thread and walked together; ids are compared exactly, so two
//! ids with one hash are never taken for one person. A person's rows that
//! keep their team are compared value for value (weight, then strengths);
//! the teams a person left are paired with the teams they arrived in, both
//! in name order, as moves, and what is left over are rows that left or
//! joined.

use std::cmp::Ordering;

use crate::engine::rows::Rows;

/// What changed of one person's row (or pair of rows).
///
/// ```
/// use rolebalance::ChangeKind;
/// let k = ChangeKind::Moved { from: "Lab".into(), to: "Ops".into(), weight_before: 1.0, weight_after: 0.5 };
/// assert_eq!((k.as_str(), k.before_team(), k.after_team()), ("moved", Some("Lab"), Some("Ops")));
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ChangeKind {
    /// A row only in the later snapshot: the person joined `team` (and did
    /// not leave another team, which would make it a move).
    Joined {
        /// The team joined.
        team: String,
        /// The person's weight there.
        weight: f64,
    },
    /// A row only in the earlier snapshot.
    Left {
        /// The team left.
        team: String,
        /// The person's weight there.
        weight: f64,
    },
    /// The person left `from` and arrived in `to` (strengths may differ too).
    Moved {
        /// The earlier team.
        from: String,
        /// The later team.
        to: String,
        /// The weight in `from`.
        weight_before: f64,
        /// The weight in `to`.
        weight_after: f64,
    },
    /// Same person and team, another weight (strengths may differ too).
    Reweighted {
        /// The team.
        team: String,
        /// The earlier weight.
        before: f64,
        /// The later weight.
        after: f64,
    },
    /// Same person, team and weight, other strengths (a new survey).
    Rescored {
        /// The team.
        team: String,
    },
}

impl ChangeKind {
    /// `joined`, `left`, `moved`, `reweighted` or `rescored`.
    ///
    /// ```
    /// # use rolebalance::ChangeKind;
    /// # let k = ChangeKind::Reweighted { team: "Lab".into(), before: 1.0, after: 0.5 };
    /// assert_eq!(k.as_str(), "reweighted");
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn as_str(&self) -> &'static str {
        match self {
            ChangeKind::Joined { .. } => "joined",
            ChangeKind::Left { .. } => "left",
            ChangeKind::Moved { .. } => "moved",
            ChangeKind::Reweighted { .. } => "reweighted",
            ChangeKind::Rescored { .. } => "rescored",
        }
    }

    /// The team of the earlier row, if there is one.
    ///
    /// ```
    /// # use rolebalance::ChangeKind;
    /// # let k = ChangeKind::Reweighted { team: "Lab".into(), before: 1.0, after: 0.5 };
    /// assert_eq!(k.before_team(), Some("Lab"));
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn before_team(&self) -> Option<&str> {
        match self {
            ChangeKind::Joined { .. } => None,
            ChangeKind::Left { team, .. } | ChangeKind::Reweighted { team, .. } | ChangeKind::Rescored { team } => {
                Some(team)
            }
            ChangeKind::Moved { from, .. } => Some(from),
        }
    }

    /// The team of the later row, if there is one.
    ///
    /// ```
    /// # use rolebalance::ChangeKind;
    /// # let k = ChangeKind::Reweighted { team: "Lab".into(), before: 1.0, after: 0.5 };
    /// assert_eq!(ChangeKind::Left { team: "Lab".into(), weight: 1.0 }.after_team(), None);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn after_team(&self) -> Option<&str> {
        match self {
            ChangeKind::Left { .. } => None,
            ChangeKind::Joined { team, .. } | ChangeKind::Reweighted { team, .. } | ChangeKind::Rescored { team } => {
                Some(team)
            }
            ChangeKind::Moved { to, .. } => Some(to),
        }
    }

    /// The earlier weight, if there is an earlier row.
    ///
    /// ```
    /// # use rolebalance::ChangeKind;
    /// # let k = ChangeKind::Reweighted { team: "Lab".into(), before: 1.0, after: 0.5 };
    /// assert_eq!(k.weight_before(), Some(1.0));
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn weight_before(&self) -> Option<f64> {
        match self {
            ChangeKind::Joined { .. } | ChangeKind::Rescored { .. } => None,
            ChangeKind::Left { weight, .. } => Some(*weight),
            ChangeKind::Moved { weight_before, .. } => Some(*weight_before),
            ChangeKind::Reweighted { before, .. } => Some(*before),
        }
    }

    /// The later weight, if there is a later row.
    ///
    /// ```
    /// # use rolebalance::ChangeKind;
    /// # let k = ChangeKind::Reweighted { team: "Lab".into(), before: 1.0, after: 0.5 };
    /// assert_eq!(k.weight_after(), Some(0.5));
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn weight_after(&self) -> Option<f64> {
        match self {
            ChangeKind::Left { .. } | ChangeKind::Rescored { .. } => None,
            ChangeKind::Joined { weight, .. } => Some(*weight),
            ChangeKind::Moved { weight_after, .. } => Some(*weight_after),
            ChangeKind::Reweighted { after, .. } => Some(*after),
        }
    }
}

/// One person's change.
///
/// ```
/// use rolebalance::{Analyzer, ChangeKind, Member, Roster};
/// let a: Roster = [Member::new("e017", "Lab", [0.5; 8])?].into_iter().collect();
/// let b: Roster = [Member::new("e017", "Ops", [0.5; 8])?].into_iter().collect();
/// let cmp = Analyzer::new().compare(&a, &b)?;
/// let change = &cmp.people()[0];
/// assert_eq!(change.id(), "e017");
/// assert_eq!(change.to_string(), "e017 moved from Lab to Ops");
/// # Ok::<(), rolebalance::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct MemberChange {
    pub(crate) id: String,
    pub(crate) kind: ChangeKind,
}

impl MemberChange {
    /// The person's id.
    ///
    /// ```
    /// # use rolebalance::{Analyzer, ChangeKind, Member, Roster};
    /// # let a: Roster = [Member::new("e017", "Lab", [0.5; 8])?].into_iter().collect();
    /// # let b: Roster = [Member::new("e017", "Ops", [0.5; 8])?].into_iter().collect();
    /// # let change = Analyzer::new().compare(&a, &b)?.people()[0].clone();
    /// assert_eq!(change.id(), "e017");
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn id(&self) -> &str {
        &self.id
    }
    /// What changed.
    ///
    /// ```
    /// # use rolebalance::{Analyzer, ChangeKind, Member, Roster};
    /// # let a: Roster = [Member::new("e017", "Lab", [0.5; 8])?].into_iter().collect();
    /// # let b: Roster = [Member::new("e017", "Ops", [0.5; 8])?].into_iter().collect();
    /// # let change = Analyzer::new().compare(&a, &b)?.people()[0].clone();
    /// assert_eq!(change.kind().after_team(), Some("Ops"));
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn kind(&self) -> &ChangeKind {
        &self.kind
    }
}

impl std::fmt::Display for MemberChange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let id = &self.id;
        match &self.kind {
            ChangeKind::Joined { team, .. } => write!(f, "{id} joined {team}"),
            ChangeKind::Left { team, .. } => write!(f, "{id} left {team}"),
            ChangeKind::Moved { from, to, .. } => write!(f, "{id} moved from {from} to {to}"),
            ChangeKind::Reweighted { team, before, after } => {
                write!(f, "{id}'s weight in {team} went from {before} to {after}")
            }
            ChangeKind::Rescored { team } => write!(f, "{id}'s strengths in {team} changed"),
        }
    }
}

/// A change with the rows it came from.
#[derive(Debug, Clone)]
pub(crate) struct Change {
    pub(crate) public: MemberChange,
    /// The row in the earlier snapshot.
    pub(crate) before: Option<u32>,
    /// The row in the later snapshot.
    pub(crate) after: Option<u32>,
}

/// The two snapshots' rows, and where each snapshot's teams are among the
/// teams of the comparison (so that a team is a number on both sides).
pub(crate) struct Sides<'a> {
    pub(crate) before: &'a Rows,
    pub(crate) after: &'a Rows,
    pub(crate) bmap: &'a [u32],
    pub(crate) amap: &'a [u32],
}

impl Sides<'_> {
    /// The comparison's team of earlier row `i`.
    #[inline]
    pub(crate) fn before_team(&self, i: usize) -> u32 {
        self.bmap.get(self.before.team_pos(i) as usize).copied().unwrap_or(u32::MAX)
    }
    /// The comparison's team of later row `i`.
    #[inline]
    pub(crate) fn after_team(&self, i: usize) -> u32 {
        self.amap.get(self.after.team_pos(i) as usize).copied().unwrap_or(u32::MAX)
    }
}

/// A row's place in the join: the hash of its id, its team (the
/// comparison's number), its row.
type Key = (u64, u32, u32);

/// Row numbers of `rows` sorted by (hash of id, team), then by id where
/// hashes tie.
fn sorted(rows: &Rows, team: impl Fn(usize) -> u32) -> Vec<Key> {
    let mut keys: Vec<Key> = (0..rows.len()).map(|i| (rows.key(i).id, team(i), i as u32)).collect();
    keys.sort_unstable_by(|x, y| {
        (x.0, x.1).cmp(&(y.0, y.1)).then_with(|| rows.id(x.2 as usize).cmp(rows.id(y.2 as usize)))
    });
    keys
}

/// How far ahead the join asks for rows.
const AHEAD: usize = 32;

/// Asks for the rows `AHEAD` keys after `at` (their text half as far).
#[inline(always)]
fn ahead(rows: &Rows, keys: &[Key], at: usize) {
    if let Some(k) = keys.get(at + AHEAD) {
        rows.prefetch(k.2 as usize);
    }
    if let Some(k) = keys.get(at + AHEAD / 2) {
        rows.prefetch_text(k.2 as usize);
    }
}

/// The end of the run of `keys` from `at` with the id of `keys[at]`.
fn run_end(rows: &Rows, keys: &[Key], at: usize) -> usize {
    let Some(&(h, _, r)) = keys.get(at) else { return at };
    let mut end = at + 1;
    while keys.get(end).is_some_and(|&(g, _, s)| g == h && rows.id(s as usize) == rows.id(r as usize)) {
        end += 1;
    }
    end
}

/// Every change from the earlier rows to the later ones, sorted by id,
/// then team.
pub(crate) fn diff(sides: &Sides<'_>, threads: usize) -> Vec<Change> {
    let (before, after) = (sides.before, sides.after);
    let sort_before = || sorted(before, |i| sides.before_team(i));
    let sort_after = || sorted(after, |i| sides.after_team(i));
    let (kb, ka) = if threads > 1 && before.len() + after.len() > 100_000 {
        std::thread::scope(|scope| {
            let h = scope.spawn(sort_after);
            let kb = sort_before();
            let ka = h.join().unwrap_or_else(|_| sort_after());
            (kb, ka)
        })
    } else {
        (sort_before(), sort_after())
    };
    // The walk in parts of the hash range, one per thread: a person's rows
    // have one hash, so no person is split.
    let parts = if threads > 1 && kb.len() + ka.len() > 100_000 { threads.min(16) } else { 1 };
    let cut = |k: usize| -> (usize, usize) {
        if k >= parts {
            return (kb.len(), ka.len());
        }
        let bound = ((u128::from(u64::MAX) + 1) * k as u128 / parts as u128) as u64;
        (kb.partition_point(|x| x.0 < bound), ka.partition_point(|x| x.0 < bound))
    };
    let walk = |k: usize| {
        let ((b0, a0), (b1, a1)) = (cut(k), cut(k + 1));
        walk(before, after, kb.get(b0..b1).unwrap_or_default(), ka.get(a0..a1).unwrap_or_default())
    };
    let mut out = if parts == 1 {
        walk(0)
    } else {
        std::thread::scope(|scope| {
            let walk = &walk;
            let handles: Vec<_> = (1..parts).map(|k| (k, scope.spawn(move || walk(k)))).collect();
            let mut out = walk(0);
            for (k, h) in handles {
                out.extend(h.join().unwrap_or_else(|_| walk(k)));
            }
            out
        })
    };
    fn team(c: &Change) -> &str {
        c.public.kind.before_team().or(c.public.kind.after_team()).unwrap_or("")
    }
    out.sort_by(|x, y| x.public.id.cmp(&y.public.id).then_with(|| team(x).cmp(team(y))));
    out
}

/// The changes of the people of `kb` and `ka` (sorted keys of a part of
/// the hash range), in hash order.
fn walk(before: &Rows, after: &Rows, kb: &[Key], ka: &[Key]) -> Vec<Change> {
    let mut out = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < kb.len() || j < ka.len() {
        ahead(before, kb, i);
        ahead(after, ka, j);
        let order = match (kb.get(i), ka.get(j)) {
            (Some(x), Some(y)) => x.0.cmp(&y.0).then_with(|| before.id(x.2 as usize).cmp(after.id(y.2 as usize))),
            (Some(_), None) => Ordering::Less,
            _ => Ordering::Greater,
        };
        let (bi, bj) = if order != Ordering::Greater { (i, run_end(before, kb, i)) } else { (i, i) };
        let (ai, aj) = if order != Ordering::Less { (j, run_end(after, ka, j)) } else { (j, j) };
        person(before, after, kb.get(bi..bj).unwrap_or_default(), ka.get(ai..aj).unwrap_or_default(), &mut out);
        i = bj;
        j = aj;
    }
    out
}

/// The changes of one person: rows `b` before and `a` after, each sorted by
/// team (the comparison's numbers, which are in name order).
fn person(before: &Rows, after: &Rows, b: &[Key], a: &[Key], out: &mut Vec<Change>) {
    let Some(id) = b.first().map(|k| before.id(k.2 as usize)).or_else(|| a.first().map(|k| after.id(k.2 as usize)))
    else {
        return;
    };
    let change = |kind, before_row, after_row| Change {
        public: MemberChange { id: id.to_string(), kind },
        before: before_row,
        after: after_row,
    };
    let (mut left, mut joined) = (Vec::new(), Vec::new());
    let (mut x, mut y) = (0, 0);
    while x < b.len() || y < a.len() {
        let (kb, ka) = (b.get(x), a.get(y));
        let order = match (kb, ka) {
            (Some(p), Some(q)) => p.1.cmp(&q.1),
            (Some(_), None) => Ordering::Less,
            _ => Ordering::Greater,
        };
        match (order, kb, ka) {
            (Ordering::Equal, Some(p), Some(q)) => {
                let (p, q) = (p.2 as usize, q.2 as usize);
                let same = before.weight(p) == after.weight(q) && before.strengths(p) == after.strengths(q);
                if !same {
                    let team = before.team(p).to_string();
                    if before.weight(p) != after.weight(q) {
                        let kind = ChangeKind::Reweighted { team, before: before.weight(p), after: after.weight(q) };
                        out.push(change(kind, Some(p as u32), Some(q as u32)));
                    } else {
                        out.push(change(ChangeKind::Rescored { team }, Some(p as u32), Some(q as u32)));
                    }
                }
                x += 1;
                y += 1;
            }
            (Ordering::Less, Some(p), _) => {
                left.push(p.2);
                x += 1;
            }
            (_, _, Some(q)) => {
                joined.push(q.2);
                y += 1;
            }
            _ => break,
        }
    }
    let pairs = left.len().min(joined.len());
    for (&p, &q) in left.iter().zip(&joined) {
        let (p, q) = (p as usize, q as usize);
        let kind = ChangeKind::Moved {
            from: before.team(p).to_string(),
            to: after.team(q).to_string(),
            weight_before: before.weight(p),
            weight_after: after.weight(q),
        };
        out.push(change(kind, Some(p as u32), Some(q as u32)));
    }
    for &p in left.iter().skip(pairs) {
        let kind = ChangeKind::Left { team: before.team(p as usize).to_string(), weight: before.weight(p as usize) };
        out.push(change(kind, Some(p), None));
    }
    for &q in joined.iter().skip(pairs) {
        let kind = ChangeKind::Joined { team: after.team(q as usize).to_string(), weight: after.weight(q as usize) };
        out.push(change(kind, None, Some(q)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rows, and each team's place among the sorted teams of both sides.
    fn rows(list: &[(&str, &str, f64, f64)]) -> Rows {
        let mut r = Rows::new(1);
        for (i, (id, team, w, s)) in list.iter().enumerate() {
            r.push(i as u64, team.as_bytes(), id.as_bytes(), *w, &[*s], 0);
        }
        r
    }

    fn diffed(b: &mut Rows, a: &mut Rows) -> Vec<Change> {
        let mut names: Vec<String> = (0..b.len()).map(|i| b.team(i).to_string()).collect();
        names.extend((0..a.len()).map(|i| a.team(i).to_string()));
        names.sort();
        names.dedup();
        let place = |t: &str| names.binary_search_by(|n| n.as_str().cmp(t)).unwrap() as u32;
        b.team_pos = (0..b.len()).map(|i| place(b.team(i))).collect();
        a.team_pos = (0..a.len()).map(|i| place(a.team(i))).collect();
        let map: Vec<u32> = (0..names.len() as u32).collect();
        let sides = Sides { before: b, after: a, bmap: &map, amap: &map };
        let one = diff(&sides, 1);
        let two = diff(&sides, 2);
        assert_eq!(shown(&one), shown(&two));
        one
    }

    fn shown(changes: &[Change]) -> Vec<String> {
        changes.iter().map(|c| c.public.to_string()).collect()
    }

    #[test]
    fn every_kind_of_change() {
        let mut b = rows(&[
            ("a", "X", 1.0, 0.5),
            ("b", "X", 1.0, 0.5),
            ("c", "Y", 1.0, 0.5),
            ("d", "Y", 1.0, 0.5),
            ("e", "Y", 1.0, 0.5),
        ]);
        let mut a = rows(&[
            ("e", "Y", 1.0, 0.5),
            ("a", "Z", 1.0, 0.5),
            ("b", "X", 0.5, 0.5),
            ("c", "Y", 1.0, 0.7),
            ("f", "X", 1.0, 0.1),
        ]);
        let d = diffed(&mut b, &mut a);
        assert_eq!(
            shown(&d),
            [
                "a moved from X to Z",
                "b's weight in X went from 1 to 0.5",
                "c's strengths in Y changed",
                "d left Y",
                "f joined X",
            ]
        );
        assert_eq!((d[0].before, d[0].after), (Some(0), Some(1)));
        assert_eq!((d[3].before, d[3].after), (Some(3), None));
    }

    #[test]
    fn a_matrix_member_who_drops_one_team_left_it() {
        let mut b = rows(&[("a", "X", 1.0, 0.5), ("a", "Y", 0.2, 0.5)]);
        let mut a = rows(&[("a", "X", 1.0, 0.5)]);
        assert_eq!(shown(&diffed(&mut b, &mut a)), ["a left Y"]);
        assert_eq!(shown(&diffed(&mut a, &mut b)), ["a joined Y"]);
    }

    #[test]
    fn threads_do_not_change_the_result() {
        let n = 60_000;
        let mut b = Rows::new(1);
        let mut a = Rows::new(1);
        for i in 0..n {
            let id = format!("p{i}");
            b.push(i, format!("T{:02}", i % 97).as_bytes(), id.as_bytes(), 1.0, &[0.5], 0);
            a.push(i, format!("T{:02}", (i * 7) % 97).as_bytes(), id.as_bytes(), 1.0, &[0.5], 0);
        }
        assert!(diffed(&mut b, &mut a).len() > 50_000);
    }
}
