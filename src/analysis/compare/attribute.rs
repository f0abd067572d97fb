//! Which member changes caused a team's change: for every kept team (and
//! rollup) and every change that touched it, the team's later rows with
//! that one change undone (its later row taken out, its earlier row put
//! back) are added into fresh totals by the kernel, and scored with the
//! team's thresholds. A change is the exact cause when undoing it alone
//! gives the earlier scores.

use std::collections::HashMap;

use crate::analysis::compare::people::{Change, ChangeKind, Sides};
use crate::analysis::compare::{Cause, Snapshot, Status, TeamChange, TeamScores, ATTRIBUTION_BUDGET};
use crate::engine::accumulator::TeamState;
use crate::model::team::Level;
use crate::util::fixed::Fixed2;
use crate::util::hash::Keyed;

/// A team or rollup touched by changes: its place in the comparison, its
/// later rows (kept teams only) and the changes.
struct Group {
    at: usize,
    /// Where its later rows are in the [`Gathered`] rows (kept groups
    /// scored change by change only).
    rows: std::ops::Range<usize>,
    changes: Vec<u32>,
}

/// The later rows of the groups to score, copied group after group (in one
/// pass over the rows in their order), so that each group reads its rows
/// from one place, once per change.
#[derive(Default)]
struct Gathered {
    rows: Vec<u32>,
    lines: Vec<u64>,
    /// Per row: weight then strengths.
    nums: Vec<f64>,
}

/// The prefix of rollup `name` (`P` of `P/*`), or `None` for a team.
fn rollup_prefix(name: &str) -> Option<&str> {
    name.strip_suffix("/*")
}

/// Whether the team or rollup `group` holds team `team`.
fn holds(group: &str, team: &str) -> bool {
    match rollup_prefix(group) {
        Some(p) => team.len() > p.len() && team.starts_with(p) && team.as_bytes().get(p.len()) == Some(&b'/'),
        None => group == team,
    }
}

/// The rollups above `team` (`A/*`, `A/B/*` for `A/B/C`), as prefixes.
fn prefixes(team: &str) -> impl Iterator<Item = &str> + '_ {
    team.match_indices('/').map(move |(end, _)| team.get(..end).unwrap_or_default())
}

/// Fills in the causes of every kept, new or gone team of `teams` that the
/// `changes` between rows `b` and `a` touched (`after` gives the analysis).
pub(crate) fn attribute(
    teams: &mut [TeamChange],
    changes: &[Change],
    sides: &Sides<'_>,
    same_analysis: bool,
    after: &Snapshot,
) {
    let (b, a) = (sides.before, sides.after);
    let rollups = after.analyzer.settings().rollups_included();
    // Rows know their team's number; rollups are found by prefix.
    let mut prefix_index: HashMap<&str, u32, Keyed> = HashMap::with_hasher(Keyed);
    for (k, t) in teams.iter().enumerate() {
        if let (Some(p), Level::Rollup) = (rollup_prefix(&t.team), t.level) {
            prefix_index.insert(p, k as u32);
        }
    }
    // The groups every change touches, by their place in `teams`.
    let mut groups: Vec<Option<Group>> = Vec::new();
    groups.resize_with(teams.len(), || None);
    let mut touch = |at: u32, k: usize| {
        if let Some(slot) = groups.get_mut(at as usize) {
            let g = slot.get_or_insert_with(|| Group { at: at as usize, rows: 0..0, changes: Vec::new() });
            if g.changes.last() != Some(&(k as u32)) {
                g.changes.push(k as u32);
            }
        }
    };
    for (k, c) in changes.iter().enumerate() {
        for i in c
            .before
            .map(|r| sides.before_team(r as usize))
            .into_iter()
            .chain(c.after.map(|r| sides.after_team(r as usize)))
        {
            touch(i, k);
        }
        let bt = c.before.map(|r| b.team(r as usize));
        let at = c.after.map(|r| a.team(r as usize));
        for t in bt.into_iter().chain(at) {
            if rollups {
                for p in prefixes(t) {
                    // A move inside a rollup that keeps its values leaves the rollup as it was.
                    let inside = |x: Option<&str>| {
                        x.is_some_and(|x| {
                            x.len() > p.len() && x.starts_with(p) && x.as_bytes().get(p.len()) == Some(&b'/')
                        })
                    };
                    let same = match (c.before, c.after) {
                        (Some(p0), Some(q0)) => {
                            b.weight(p0 as usize) == a.weight(q0 as usize)
                                && b.strengths(p0 as usize) == a.strengths(q0 as usize)
                                && inside(bt)
                                && inside(at)
                        }
                        _ => false,
                    };
                    if let (false, Some(&i)) = (same, prefix_index.get(p)) {
                        touch(i, k);
                    }
                }
            }
        }
    }
    let kept = |g: &Group| teams.get(g.at).is_some_and(|t| t.status == Status::Kept);
    // Which groups need their later rows: kept ones scored change by change.
    let needs_rows = |g: &Group| kept(g) && (g.changes.len() > 1 || !same_analysis);
    let mut slot_of: Vec<u32> =
        groups.iter().map(|g| if g.as_ref().is_some_and(needs_rows) { 0 } else { u32::MAX }).collect();
    let mut count: Vec<usize> = Vec::new();
    for s in slot_of.iter_mut().filter(|s| **s == 0) {
        *s = count.len() as u32;
        count.push(0);
    }
    // Pass 1, in row order: each row's slots.
    let mut members: Vec<(u32, u32)> = Vec::new();
    for i in 0..a.len() {
        let mut add = |k: u32| {
            if let Some(&s) = slot_of.get(k as usize).filter(|&&s| s != u32::MAX) {
                members.push((s, i as u32));
                if let Some(c) = count.get_mut(s as usize) {
                    *c += 1;
                }
            }
        };
        add(sides.after_team(i));
        if rollups {
            for p in prefixes(a.team(i)) {
                if let Some(&k) = prefix_index.get(p) {
                    add(k);
                }
            }
        }
    }
    // Pass 2: every row copied into its slots' places.
    let stride = after.poles.len() + 1;
    let mut start: Vec<usize> = Vec::with_capacity(count.len());
    let mut total = 0;
    for &c in &count {
        start.push(total);
        total += c;
    }
    let mut gathered = Gathered { rows: vec![0; total], lines: vec![0; total], nums: vec![0.0; total * stride] };
    let mut cursor = start.clone();
    for &(s, i) in &members {
        let Some(pos) = cursor.get_mut(s as usize) else { continue };
        let at = *pos;
        *pos += 1;
        let r = i as usize;
        if let (Some(x), Some(l)) = (gathered.rows.get_mut(at), gathered.lines.get_mut(at)) {
            *x = i;
            *l = a.line(r);
        }
        if let Some(dst) = gathered.nums.get_mut(at * stride..(at + 1) * stride) {
            if let Some((w, rest)) = dst.split_first_mut() {
                *w = a.weight(r);
                rest.copy_from_slice(a.strengths(r));
            }
        }
    }
    drop(members);
    for (k, g) in groups.iter_mut().enumerate() {
        if let (Some(g), Some(&s)) = (g.as_mut(), slot_of.get(k)) {
            if let (Some(&from), Some(&n)) = (start.get(s as usize), count.get(s as usize)) {
                g.rows = from..from + n;
            }
        }
    }
    let list: Vec<Group> = groups.into_iter().flatten().collect();
    // Rollups within the budget, in name order.
    let mut budget = ATTRIBUTION_BUDGET;
    let mut scored: Vec<bool> = Vec::with_capacity(list.len());
    for g in &list {
        let name = teams.get(g.at).map_or("", |t| t.team.as_str());
        let ok = if !kept(g) {
            false
        } else if rollup_prefix(name).is_some() {
            let cost = (g.rows.len() as u64 + 1).saturating_mul(g.changes.len() as u64);
            if cost <= budget {
                budget -= cost;
                true
            } else {
                false
            }
        } else {
            true
        };
        scored.push(ok);
    }
    let threads = after.analyzer.thread_count();
    let work = |range: std::ops::Range<usize>| -> Vec<(usize, Vec<Cause>)> {
        let mut out = Vec::with_capacity(range.len());
        let mut scratch = Scratch::default();
        for i in range {
            let (Some(g), Some(&ok)) = (list.get(i), scored.get(i)) else { continue };
            let Some(t) = teams.get(g.at) else { continue };
            let rows = Rowset { gathered: &gathered, range: g.rows.clone(), stride };
            out.push((
                g.at,
                causes(&t.team, g, &rows, ok, same_analysis, t.before.as_ref(), changes, sides, after, &mut scratch),
            ));
        }
        out
    };
    let n = list.len();
    let results = if threads <= 1 || n < 2_000 {
        work(0..n)
    } else {
        let step = n.div_ceil(threads);
        let part = |k: usize| (k * step).min(n)..((k + 1) * step).min(n);
        std::thread::scope(|scope| {
            let work = &work;
            let handles: Vec<_> = (1..threads).map(|k| (k, scope.spawn(move || work(part(k))))).collect();
            let mut all = work(part(0));
            for (k, h) in handles {
                all.extend(h.join().unwrap_or_else(|_| work(part(k))));
            }
            all
        })
    };
    for (at, c) in results {
        if let Some(t) = teams.get_mut(at) {
            t.causes = c;
        }
    }
}

/// One group's gathered rows.
struct Rowset<'a> {
    gathered: &'a Gathered,
    range: std::ops::Range<usize>,
    stride: usize,
}

impl Rowset<'_> {
    /// Gathered row `j`: its number in the later rows, line, weight and strengths.
    fn get(&self, j: usize) -> (u32, u64, f64, &[f64]) {
        let g = self.gathered;
        let nums = g.nums.get(j * self.stride..(j + 1) * self.stride).unwrap_or_default();
        let (w, s) = nums.split_first().map_or((0.0, &[][..]), |(w, s)| (*w, s));
        (g.rows.get(j).copied().unwrap_or(0), g.lines.get(j).copied().unwrap_or(0), w, s)
    }
}

/// Buffers reused from group to group.
#[derive(Default)]
struct Scratch {
    coverages: Vec<(f64, f64)>,
    base: Option<TeamState>,
    state: Option<TeamState>,
}

/// The causes of group `name`: with scores when `scored`. `same_analysis`:
/// both snapshots were analysed alike, so that a group with one change has
/// its earlier scores with it undone (its rows are then the earlier ones).
#[allow(clippy::too_many_arguments)]
fn causes(
    name: &str,
    g: &Group,
    rows: &Rowset<'_>,
    scored: bool,
    same_analysis: bool,
    before: Option<&TeamScores>,
    changes: &[Change],
    sides: &Sides<'_>,
    after: &Snapshot,
    scratch: &mut Scratch,
) -> Vec<Cause> {
    let b = sides.before;
    let single = g.changes.len() == 1;
    let cause = |k: u32, without: Option<TeamScores>, exact: bool| {
        changes.get(k as usize).map(|c| Cause { change: c.public.clone(), without, exact })
    };
    if let (true, true, true, Some(before)) = (scored, single, same_analysis, before) {
        // Undoing the one change gives the earlier rows, so the earlier scores.
        return g.changes.iter().filter_map(|&k| cause(k, Some(before.clone()), true)).collect();
    }
    let level = if rollup_prefix(name).is_some() { Level::Rollup } else { Level::Team };
    let settings = after.analyzer.settings();
    let thresholds = match (&after.framework, scored) {
        (Some(fw), true) => settings.team_thresholds(fw, rollup_prefix(name).unwrap_or(name)).ok(),
        _ => None,
    };
    let Some(t) = thresholds else {
        // A new or gone team: one change explains it by itself.
        return g.changes.iter().filter_map(|&k| cause(k, None, single && !scored)).collect();
    };
    let needs = crate::engine::needs(settings);
    let names = &after.poles;
    let poles = names.len();
    // The rows no change of the group touched, added once; then per change
    // the other changes' later rows and this change's earlier row. Ids do
    // not matter to scores and flags: they are left out.
    let changed: Vec<u32> = g.changes.iter().filter_map(|&k| changes.get(k as usize).and_then(|c| c.after)).collect();
    let mut base = scratch.base.take().unwrap_or_else(|| TeamState::new(poles));
    base.reset(poles);
    let mut touched = Vec::with_capacity(changed.len());
    for j in rows.range.clone() {
        let (r, line, weight, strengths) = rows.get(j);
        if changed.contains(&r) {
            touched.push(j);
        } else {
            base.add("", weight, strengths, line, &t, needs);
        }
    }
    let mut state = scratch.state.take().unwrap_or_else(|| TeamState::new(poles));
    let mut out = Vec::with_capacity(g.changes.len());
    for &k in &g.changes {
        let Some(c) = changes.get(k as usize) else { continue };
        state.clone_from(&base);
        for &j in &touched {
            let (r, line, weight, strengths) = rows.get(j);
            if Some(r) != c.after {
                state.add("", weight, strengths, line, &t, needs);
            }
        }
        let inside = |p: usize| match level {
            Level::Rollup => holds(name, b.team(p)),
            Level::Team => sides.before_team(p) as usize == g.at,
        };
        if let Some(p) = c.before.map(|p| p as usize).filter(|&p| inside(p)) {
            state.add("", b.weight(p), b.strengths(p), b.line(p), &t, needs);
        }
        let without = TeamScores::of_state(name.to_string(), level, &state, &t, names, &mut scratch.coverages);
        let exact = before.is_some_and(|s| without.same_as(s));
        out.push(Cause { change: c.public.clone(), without: Some(without), exact });
    }
    scratch.base = Some(base);
    scratch.state = Some(state);
    out
}

/// How `cause`'s change touched `group`: "e017 moved to Ops".
fn phrase(group: &str, cause: &Cause) -> String {
    let c = &cause.change;
    let id = &c.id;
    let rollup = rollup_prefix(group).is_some();
    match &c.kind {
        ChangeKind::Moved { from, to, .. } => match (holds(group, from), holds(group, to)) {
            (true, false) => format!("{id} moved to {to}"),
            (false, true) => format!("{id} moved in from {from}"),
            _ => format!("{id} moved from {from} to {to}"),
        },
        ChangeKind::Joined { team, .. } if rollup => format!("{id} joined {team}"),
        ChangeKind::Joined { .. } => format!("{id} joined"),
        ChangeKind::Left { team, .. } if rollup => format!("{id} left {team}"),
        ChangeKind::Left { .. } => format!("{id} left"),
        ChangeKind::Reweighted { before, after, .. } => format!("{id}'s weight went from {before} to {after}"),
        ChangeKind::Rescored { .. } => format!("{id}'s strengths changed"),
    }
}

/// The biggest move of direction or control from `from` to `to`, as
/// "lost control (0.62 to 0.40)"; failing that, the flags that came or
/// went; `None` when nothing changed.
fn effect(from: &TeamScores, to: &TeamScores) -> Option<String> {
    let dd = to.direction - from.direction;
    let dc = to.control - from.control;
    let eps = crate::model::tolerance::EPSILON;
    if dd.abs() > eps || dc.abs() > eps {
        let (what, x, y, d) = if dd.abs() >= dc.abs() {
            ("direction", from.direction, to.direction, dd)
        } else {
            ("control", from.control, to.control, dc)
        };
        let verb = if d < 0.0 { "lost" } else { "gained" };
        return Some(format!("{verb} {what} ({} to {})", Fixed2(x), Fixed2(y)));
    }
    let got: Vec<&str> = to.flag_tokens().filter(|t| !from.has_flag(t)).collect();
    let lost: Vec<&str> = from.flag_tokens().filter(|t| !to.has_flag(t)).collect();
    match (got.is_empty(), lost.is_empty()) {
        (true, true) if from.members == to.members => None,
        (true, true) => Some(format!("went from {} to {} members", from.members, to.members)),
        (false, _) => Some(format!("got {}", got.join(", "))),
        (true, false) => Some(format!("resolved {}", lost.join(", "))),
    }
}

/// See [`TeamChange::explain`].
pub(crate) fn explain(t: &TeamChange, cause: &Cause) -> String {
    let what = phrase(&t.team, cause);
    let team = &t.team;
    match (t.status, &t.before, &t.after) {
        (Status::New, _, _) => format!("{team} is new: {what}"),
        (Status::Gone, _, _) => format!("{team} is gone: {what}"),
        (_, Some(before), Some(after)) => {
            if cause.exact {
                return match effect(before, after) {
                    Some(e) => format!("{team} {e} when {what}"),
                    None => format!("{team} did not change when {what}"),
                };
            }
            let n = t.causes.len();
            match cause.without.as_ref().and_then(|w| effect(w, after)) {
                Some(e) => format!("{team} {e} when {what} (one of {n} changes to the team)"),
                None if cause.without.is_some() => format!("{team}: no effect when {what}"),
                None => match effect(before, after) {
                    Some(e) => format!("{team} {e}; {what} (not attributed: past the budget)"),
                    None => format!("{team}: {what} (not attributed: past the budget)"),
                },
            }
        }
        _ => format!("{team}: {what}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_hold_their_teams() {
        assert!(holds("A/*", "A/B"));
        assert!(holds("A/*", "A/B/C"));
        assert!(!holds("A/*", "AB/C"));
        assert!(!holds("A/*", "A"));
        assert!(holds("A/B", "A/B"));
        assert_eq!(prefixes("A/B/C").collect::<Vec<_>>(), ["A", "A/B"]);
    }
}
