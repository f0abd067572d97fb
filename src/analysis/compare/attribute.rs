//! Which member changes caused a team's change: for every kept team (and
//! rollup) and every change that touched it, the team's later rows with
//! that one change undone (its later row taken out, its earlier row put
//! back) are added into fresh totals by the kernel, and scored with the
//! team's thresholds. A change is the exact cause when undoing it alone
//! gives the earlier scores.

use std::collections::HashMap;
use std::sync::Arc;

use crate::analysis::compare::people::{Change, ChangeKind};
use crate::analysis::compare::{Cause, Snapshot, Status, TeamChange, TeamScores, ATTRIBUTION_BUDGET};
use crate::engine::accumulator::TeamState;
use crate::engine::rows::Rows;
use crate::model::team::Level;
use crate::util::fixed::Fixed2;
use crate::util::hash::Keyed;

/// A team or rollup touched by changes: its place in the comparison, its
/// later rows and the changes.
struct Group {
    at: usize,
    rows: Vec<u32>,
    changes: Vec<u32>,
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
pub(crate) fn attribute(teams: &mut [TeamChange], changes: &[Change], b: &Rows, a: &Rows, after: &Snapshot) {
    let rollups = after.analyzer.settings().rollups_included();
    let place = |name: &str| teams.binary_search_by(|t| t.team.as_str().cmp(name)).ok();
    // The groups every change touches.
    let mut groups: HashMap<String, Group, Keyed> = HashMap::with_hasher(Keyed);
    let touch = |name: String, k: usize, groups: &mut HashMap<String, Group, Keyed>| {
        if let Some(at) = place(&name) {
            let g = groups.entry(name).or_insert_with(|| Group { at, rows: Vec::new(), changes: Vec::new() });
            if g.changes.last() != Some(&(k as u32)) {
                g.changes.push(k as u32);
            }
        }
    };
    for (k, c) in changes.iter().enumerate() {
        let bt = c.before.map(|r| b.team(r as usize));
        let at = c.after.map(|r| a.team(r as usize));
        for t in bt.into_iter().chain(at) {
            touch(t.to_string(), k, &mut groups);
            if rollups {
                for p in prefixes(t) {
                    // A move inside a rollup that keeps its values leaves the rollup as it was.
                    let same = match (c.before, c.after) {
                        (Some(p0), Some(q0)) => {
                            b.weight(p0 as usize) == a.weight(q0 as usize)
                                && b.strengths(p0 as usize) == a.strengths(q0 as usize)
                                && bt.is_some_and(|x| holds(&format!("{p}/*"), x))
                                && at.is_some_and(|x| holds(&format!("{p}/*"), x))
                        }
                        _ => false,
                    };
                    if !same {
                        touch(format!("{p}/*"), k, &mut groups);
                    }
                }
            }
        }
    }
    // The later rows of every kept group.
    {
        for i in 0..a.len() {
            let team = a.team(i);
            if let Some(g) = groups.get_mut(team) {
                if teams.get(g.at).is_some_and(|t| t.status == Status::Kept) {
                    g.rows.push(i as u32);
                }
            }
            if rollups {
                for p in prefixes(team) {
                    let name = format!("{p}/*");
                    if let Some(g) = groups.get_mut(&name) {
                        if teams.get(g.at).is_some_and(|t| t.status == Status::Kept) {
                            g.rows.push(i as u32);
                        }
                    }
                }
            }
        }
    }
    let mut list: Vec<(String, Group)> = groups.into_iter().collect();
    list.sort_by_key(|(_, g)| g.at);
    // Rollups within the budget, in name order.
    let mut budget = ATTRIBUTION_BUDGET;
    let mut scored: Vec<bool> = Vec::with_capacity(list.len());
    for (name, g) in &list {
        let kept = teams.get(g.at).is_some_and(|t| t.status == Status::Kept);
        let ok = if !kept {
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
        for i in range {
            let (Some((name, g)), Some(&ok)) = (list.get(i), scored.get(i)) else { continue };
            let before = teams.get(g.at).and_then(|t| t.before.as_ref());
            out.push((g.at, causes(name, g, ok, before, changes, b, a, after)));
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

/// The causes of group `name`: with scores when `scored`.
#[allow(clippy::too_many_arguments)]
fn causes(
    name: &str,
    g: &Group,
    scored: bool,
    before: Option<&TeamScores>,
    changes: &[Change],
    b: &Rows,
    a: &Rows,
    after: &Snapshot,
) -> Vec<Cause> {
    let single = g.changes.len() == 1;
    let level = if rollup_prefix(name).is_some() { Level::Rollup } else { Level::Team };
    let settings = after.analyzer.settings();
    let thresholds = match (&after.framework, scored) {
        (Some(fw), true) => settings.team_thresholds(fw, rollup_prefix(name).unwrap_or(name)).ok().map(Arc::new),
        _ => None,
    };
    let needs = crate::engine::needs(settings);
    let names = &after.poles;
    let mut state = TeamState::new(names.len());
    let mut coverages = Vec::new();
    let mut out = Vec::with_capacity(g.changes.len());
    for &k in &g.changes {
        let Some(c) = changes.get(k as usize) else { continue };
        let without = thresholds.as_ref().map(|t| {
            state.reset(names.len());
            for &r in &g.rows {
                if Some(r) != c.after {
                    let r = r as usize;
                    state.add(a.id(r), a.weight(r), a.strengths(r), a.line(r), t, needs);
                }
            }
            if let Some(p) = c.before.map(|p| p as usize).filter(|&p| holds(name, b.team(p))) {
                state.add(b.id(p), b.weight(p), b.strengths(p), b.line(p), t, needs);
            }
            TeamScores::of_state(name.to_string(), level, &state, t, names, &mut coverages)
        });
        let exact = match (&without, before) {
            (Some(w), Some(s)) => w.same_as(s),
            // A new or gone team: one change explains it by itself.
            (None, _) => single && !scored,
            _ => false,
        };
        out.push(Cause { change: c.public.clone(), without, exact });
    }
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
