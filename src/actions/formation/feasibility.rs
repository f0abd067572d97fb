//! Exact feasibility of `together`, `apart` and pin constraints under team
//! size bounds.
//!
//! The people that constraints touch are grouped into *units*: a `together`
//! group (closed under `together`), or one person with an `apart` pair or a
//! pin. The rest are *free*: they can fill any team. A placement puts every
//! unit into a team so that
//!
//! - a pinned unit is in its team,
//! - units with an `apart` pair between them are in different teams,
//! - no team holds more than its upper bound, and
//! - the free people can bring every team up to its lower bound:
//!   `sum over teams of max(0, lower - load) <= free`.
//!
//! Free people can always complete such a placement (the upper bounds hold
//! everyone when they sum to at least the pool), so the constraints are
//! feasible exactly when a placement exists. [`solve`] searches for one by
//! backtracking: units with the fewest teams left first (ties, and every
//! choice in large models, in a maximum cardinality order of the `apart`
//! graph: the unit with the most partners already placed, then the
//! largest, then the one with the most `apart` pairs), teams least loaded
//! first; interchangeable teams (same bounds, nobody pinned, still empty)
//! are tried once; a branch stops as soon as an unplaced unit has no team
//! left or the lower bounds can no longer be met. Before it, each connected
//! part of the `apart` graph is decided alone (see [`solve`]). Each unit
//! placed is one step; beyond the step limit the answer is "unknown",
//! never "infeasible".

use std::collections::BTreeSet;
use std::ops::Bound;

/// Units and teams of a feasibility question.
#[derive(Debug, Clone)]
pub(crate) struct Model {
    /// `(lower, upper)` per team.
    pub(crate) bounds: Vec<(usize, usize)>,
    /// Members per unit.
    pub(crate) sizes: Vec<usize>,
    /// The team a unit is pinned to.
    pub(crate) pins: Vec<Option<usize>>,
    /// Units each unit must be apart from (no duplicates, not itself).
    pub(crate) apart: Vec<Vec<usize>>,
    /// People outside every unit.
    pub(crate) free: usize,
}

/// The answer of [`solve`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// The team of every unit.
    Feasible(Vec<usize>),
    /// No placement exists.
    Infeasible,
    /// The step limit ran out first.
    Unknown,
}

fn get<T: Copy + Default>(v: &[T], i: usize) -> T {
    v.get(i).copied().unwrap_or_default()
}

/// Units times teams up to which every step checks every unplaced unit
/// (forward checking) and picks the unit with the fewest teams left;
/// above it, units go in a fixed order and only the next one is checked.
const FORWARD_CHECK: usize = 4096;

struct Search<'m> {
    m: &'m Model,
    k: usize,
    team: Vec<Option<usize>>,
    load: Vec<usize>,
    /// `sum max(0, lower - load)`.
    deficit: usize,
    /// Members of unplaced units.
    unplaced: usize,
    /// Teams that hold a pinned unit (never interchangeable).
    pinned_team: Vec<bool>,
    /// `(load, team)` of every team: the order in which teams are tried.
    by_load: BTreeSet<(usize, usize)>,
}

impl Search<'_> {
    fn allowed(&self, u: usize, t: usize) -> bool {
        let (_, hi) = self.m.bounds.get(t).copied().unwrap_or((0, 0));
        if get(&self.load, t) + get(&self.m.sizes, u) > hi {
            return false;
        }
        if self.m.pins.get(u).copied().flatten().is_some_and(|p| p != t) {
            return false;
        }
        self.m.apart.get(u).map_or(true, |v| v.iter().all(|&w| self.team.get(w).copied().flatten() != Some(t)))
    }

    fn place(&mut self, u: usize, t: usize) {
        let s = get(&self.m.sizes, u);
        let lo = self.m.bounds.get(t).map_or(0, |b| b.0);
        let before = lo.saturating_sub(get(&self.load, t));
        self.by_load.remove(&(get(&self.load, t), t));
        if let Some(l) = self.load.get_mut(t) {
            *l += s;
        }
        self.by_load.insert((get(&self.load, t), t));
        let after = lo.saturating_sub(get(&self.load, t));
        self.deficit = self.deficit + after - before;
        self.unplaced -= s;
        if let Some(slot) = self.team.get_mut(u) {
            *slot = Some(t);
        }
    }

    fn unplace(&mut self, u: usize, t: usize) {
        let s = get(&self.m.sizes, u);
        let lo = self.m.bounds.get(t).map_or(0, |b| b.0);
        let before = lo.saturating_sub(get(&self.load, t));
        self.by_load.remove(&(get(&self.load, t), t));
        if let Some(l) = self.load.get_mut(t) {
            *l -= s;
        }
        self.by_load.insert((get(&self.load, t), t));
        let after = lo.saturating_sub(get(&self.load, t));
        self.deficit = self.deficit + after - before;
        self.unplaced += s;
        if let Some(slot) = self.team.get_mut(u) {
            *slot = None;
        }
    }

    /// Whether the lower bounds can still be met.
    fn fillable(&self) -> bool {
        self.deficit <= self.m.free + self.unplaced
    }

    /// The next team to try for `u` after `after` (a `(load, team)` key
    /// of [`by_load`](Self::by_load)): allowed, least loaded first, and
    /// among interchangeable empty teams (same bounds, nobody pinned) only
    /// the first, `tried` holding the bounds of those tried. The state is
    /// the same whenever a unit's next team is asked for (everything placed
    /// after it has been taken back), so the keys stay valid.
    fn next_team(&self, u: usize, after: Option<(usize, usize)>, tried: &mut Vec<(usize, usize)>) -> Option<usize> {
        let from = after.map_or(Bound::Unbounded, Bound::Excluded);
        for &(load, t) in self.by_load.range((from, Bound::Unbounded)) {
            if !self.allowed(u, t) {
                continue;
            }
            if load == 0 && !get(&self.pinned_team, t) {
                let b = self.m.bounds.get(t).copied().unwrap_or((0, 0));
                if tried.contains(&b) {
                    continue;
                }
                tried.push(b);
            }
            return Some(t);
        }
        None
    }

    /// The number of teams `u` may still join (stops counting at `cap`).
    fn options(&self, u: usize, cap: usize) -> usize {
        let mut c = 0;
        for t in 0..self.k {
            if self.allowed(u, t) {
                c += 1;
                if c >= cap {
                    break;
                }
            }
        }
        c
    }
}

/// Searches for a placement, spending at most `steps` (decremented by the
/// units placed).
///
/// When the `apart` pairs split the units into several connected parts,
/// each part of two or more units is first decided alone, the people of
/// the other units counted as free (a relaxation: a placement of the whole
/// is one of each part). A part that cannot be placed alone makes the whole
/// infeasible at once, however many unrelated units the whole search would
/// otherwise try first.
pub(crate) fn solve(m: &Model, steps: &mut u64) -> Outcome {
    let parts = components(m);
    if parts.len() > 1 {
        for part in parts.iter().filter(|p| p.len() > 1) {
            if relaxed(m, part, steps) == Outcome::Infeasible {
                return Outcome::Infeasible;
            }
        }
    }
    search(m, steps)
}

/// The units connected by `apart` pairs, each part in ascending order,
/// parts by their first unit.
pub(crate) fn components(m: &Model) -> Vec<Vec<usize>> {
    let units = m.sizes.len();
    let mut part_of = vec![usize::MAX; units];
    let mut parts: Vec<Vec<usize>> = Vec::new();
    let mut todo: Vec<usize> = Vec::new();
    for start in 0..units {
        if get(&part_of, start) != usize::MAX {
            continue;
        }
        let id = parts.len();
        let mut part = vec![start];
        if let Some(slot) = part_of.get_mut(start) {
            *slot = id;
        }
        todo.push(start);
        while let Some(u) = todo.pop() {
            for &w in m.apart.get(u).map_or(&[][..], Vec::as_slice) {
                if let Some(slot) = part_of.get_mut(w).filter(|slot| **slot == usize::MAX) {
                    *slot = id;
                    part.push(w);
                    todo.push(w);
                }
            }
        }
        part.sort_unstable();
        parts.push(part);
    }
    parts
}

/// `part` alone (ascending units of `m`), everyone else free.
fn relaxed(m: &Model, part: &[usize], steps: &mut u64) -> Outcome {
    let index = |u: usize| part.binary_search(&u).ok();
    let in_part: usize = part.iter().map(|&u| get(&m.sizes, u)).sum();
    let all: usize = m.sizes.iter().sum();
    let sub = Model {
        bounds: m.bounds.clone(),
        sizes: part.iter().map(|&u| get(&m.sizes, u)).collect(),
        pins: part.iter().map(|&u| m.pins.get(u).copied().flatten()).collect(),
        apart: part
            .iter()
            .map(|&u| m.apart.get(u).map_or(&[][..], Vec::as_slice).iter().filter_map(|&w| index(w)).collect())
            .collect(),
        free: m.free + (all - in_part),
    };
    search(&sub, steps)
}

/// The order in which the units of a large model are placed: each next
/// unit the one with the most `apart` partners already ordered (pinned
/// units count as ordered), then the largest, then the one with the most
/// `apart` pairs, then the first; so a part of the `apart` graph is placed
/// as a whole, each unit right after the partners that constrain it
/// (maximum cardinality search). `O((U + E) log U)`.
fn saturation_order(m: &Model, placed: &[Option<usize>]) -> Vec<usize> {
    use std::cmp::Reverse;
    use std::collections::BinaryHeap;
    let units = m.sizes.len();
    let degree = |u: usize| m.apart.get(u).map_or(0, Vec::len);
    let mut count = vec![0usize; units];
    let mut done: Vec<bool> = placed.iter().map(Option::is_some).collect();
    for (u, p) in placed.iter().enumerate() {
        if p.is_some() {
            for &w in m.apart.get(u).map_or(&[][..], Vec::as_slice) {
                if let Some(c) = count.get_mut(w) {
                    *c += 1;
                }
            }
        }
    }
    let entry = |count: &[usize], u: usize| (get(count, u), get(&m.sizes, u), degree(u), Reverse(u));
    let mut heap: BinaryHeap<(usize, usize, usize, Reverse<usize>)> =
        (0..units).filter(|&u| !get(&done, u)).map(|u| entry(&count, u)).collect();
    let mut order = Vec::with_capacity(heap.len());
    while let Some((c, _, _, Reverse(u))) = heap.pop() {
        if get(&done, u) || c != get(&count, u) {
            continue;
        }
        if let Some(d) = done.get_mut(u) {
            *d = true;
        }
        order.push(u);
        for &w in m.apart.get(u).map_or(&[][..], Vec::as_slice) {
            if !get(&done, w) {
                if let Some(cw) = count.get_mut(w) {
                    *cw += 1;
                }
                heap.push(entry(&count, w));
            }
        }
    }
    order
}

/// The backtracking search of [`solve`] on the whole model.
fn search(m: &Model, steps: &mut u64) -> Outcome {
    let k = m.bounds.len();
    let units = m.sizes.len();
    let mut s = Search {
        m,
        k,
        team: vec![None; units],
        load: vec![0; k],
        deficit: m.bounds.iter().map(|b| b.0).sum(),
        unplaced: m.sizes.iter().sum(),
        pinned_team: vec![false; k],
        by_load: (0..k).map(|t| (0, t)).collect(),
    };
    // Pinned units first: they have a single choice.
    for u in 0..units {
        if let Some(t) = m.pins.get(u).copied().flatten() {
            if t >= k || !s.allowed(u, t) {
                return Outcome::Infeasible;
            }
            s.place(u, t);
            if let Some(p) = s.pinned_team.get_mut(t) {
                *p = true;
            }
        }
    }
    if !s.fillable() {
        return Outcome::Infeasible;
    }
    let dynamic = units.saturating_mul(k) <= FORWARD_CHECK;
    // The fixed order of the large case, whose rank also breaks ties in
    // the small one.
    let fixed = saturation_order(m, &s.team);
    let mut rank = vec![0usize; units];
    for (r, &u) in fixed.iter().enumerate() {
        if let Some(slot) = rank.get_mut(u) {
            *slot = r;
        }
    }
    // Frames of (unit, the key of the team last tried, the bounds of the
    // empty teams tried). Every frame's unit is placed, except the top
    // one's right after it is pushed.
    type Frame = (usize, Option<(usize, usize)>, Vec<(usize, usize)>);
    let mut stack: Vec<Frame> = Vec::new();
    loop {
        // Choose the next unit to place: Some(Some(u)), all placed: Some(None),
        // a dead end: None.
        let next: Option<Option<usize>> = if dynamic {
            let mut best: Option<(usize, usize)> = None;
            let mut dead = false;
            for u in (0..units).filter(|&u| s.team.get(u).copied().flatten().is_none()) {
                let o = s.options(u, k + 1);
                if o == 0 {
                    dead = true;
                    break;
                }
                if best.map_or(true, |(bo, bu)| (o, get(&rank, u)) < (bo, get(&rank, bu))) {
                    best = Some((o, u));
                }
            }
            if dead {
                None
            } else {
                Some(best.map(|b| b.1))
            }
        } else {
            Some(fixed.get(stack.len()).copied())
        };
        match next {
            Some(Some(u)) => stack.push((u, None, Vec::new())),
            Some(None) if s.deficit <= m.free => {
                return Outcome::Feasible(s.team.iter().map(|t| t.unwrap_or(0)).collect());
            }
            _ => {}
        }
        // Move the top frame to its next viable team, popping exhausted frames.
        loop {
            let Some((u, last, tried)) = stack.last_mut() else { return Outcome::Infeasible };
            let u = *u;
            if let Some(t) = s.team.get(u).copied().flatten() {
                s.unplace(u, t);
            }
            let Some(t) = s.next_team(u, *last, tried) else {
                stack.pop();
                continue;
            };
            *last = Some((get(&s.load, t), t));
            if *steps == 0 {
                return Outcome::Unknown;
            }
            *steps -= 1;
            s.place(u, t);
            let ok = s.fillable() && (dynamic || fixed.get(stack.len()).map_or(true, |&v| s.options(v, 1) > 0));
            if ok {
                break;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model(bounds: &[(usize, usize)], sizes: &[usize], apart: &[(usize, usize)], free: usize) -> Model {
        let mut adj = vec![Vec::new(); sizes.len()];
        for &(a, b) in apart {
            adj[a].push(b);
            adj[b].push(a);
        }
        Model { bounds: bounds.to_vec(), sizes: sizes.to_vec(), pins: vec![None; sizes.len()], apart: adj, free }
    }

    fn check(m: &Model, team: &[usize]) {
        let mut load = vec![0; m.bounds.len()];
        for (u, &t) in team.iter().enumerate() {
            load[t] += m.sizes[u];
            for &w in &m.apart[u] {
                assert_ne!(team[w], t);
            }
            if let Some(p) = m.pins[u] {
                assert_eq!(p, t);
            }
        }
        let deficit: usize = m.bounds.iter().zip(&load).map(|(b, &l)| b.0.saturating_sub(l)).sum();
        assert!(deficit <= m.free);
        assert!(m.bounds.iter().zip(&load).all(|(b, &l)| l <= b.1));
    }

    fn run(m: &Model) -> Outcome {
        let mut steps = 1_000_000;
        let out = solve(m, &mut steps);
        if let Outcome::Feasible(t) = &out {
            check(m, t);
        }
        out
    }

    #[test]
    fn an_apart_cycle_of_six_fits_two_teams_of_three() {
        let edges: Vec<(usize, usize)> = (0..6).map(|i| (i, (i + 1) % 6)).collect();
        assert!(matches!(run(&model(&[(3, 3), (3, 3)], &[1; 6], &edges, 0)), Outcome::Feasible(_)));
        // An odd cycle does not fit two teams.
        let odd: Vec<(usize, usize)> = (0..5).map(|i| (i, (i + 1) % 5)).collect();
        assert_eq!(run(&model(&[(2, 3), (2, 3)], &[1; 5], &odd, 1)), Outcome::Infeasible);
    }

    #[test]
    fn together_groups_are_bin_packed() {
        assert!(matches!(run(&model(&[(6, 6), (6, 6)], &[3, 3, 2, 2, 2], &[], 0)), Outcome::Feasible(_)));
        assert_eq!(run(&model(&[(6, 6), (6, 6)], &[4, 4, 4], &[], 0)), Outcome::Infeasible);
    }

    #[test]
    fn lower_bounds_need_free_people() {
        // A unit of 4 in one of two teams of 3 to 4, with 2 free: the other
        // team cannot reach 3.
        assert_eq!(run(&model(&[(3, 4), (3, 4)], &[4], &[], 2)), Outcome::Infeasible);
        assert!(matches!(run(&model(&[(3, 4), (3, 4)], &[4], &[], 3)), Outcome::Feasible(_)));
    }

    #[test]
    fn the_step_limit_gives_unknown() {
        // Pigeonhole: 9 people pairwise apart in 8 teams needs a long search
        // without symmetry breaking on the people.
        let mut edges = Vec::new();
        for a in 0..9 {
            for b in a + 1..9 {
                edges.push((a, b));
            }
        }
        let m = model(&[(0, 2); 8], &[1; 9], &edges, 7);
        let mut steps = 5;
        assert_eq!(solve(&m, &mut steps), Outcome::Unknown);
        assert_eq!(run(&m), Outcome::Infeasible);
    }

    #[test]
    fn each_apart_part_is_decided_alone() {
        // Twenty pairs, then an odd apart cycle of three in two teams: the
        // whole search would try 2^19 placements of the pairs first; the
        // cycle, decided alone, fails at once.
        let mut sizes = vec![2; 20];
        sizes.extend([1, 1, 1]);
        let m = model(&[(0, 23), (0, 23)], &sizes, &[(20, 21), (21, 22), (22, 20)], 0);
        assert_eq!(components(&m).into_iter().filter(|p| p.len() > 1).collect::<Vec<_>>(), [vec![20, 21, 22]]);
        let mut steps = 50;
        assert_eq!(solve(&m, &mut steps), Outcome::Infeasible);
        // An even cycle instead: feasible, and the placement keeps it.
        let m = model(&[(0, 23), (0, 23)], &[2, 2, 1, 1, 1, 1], &[(2, 3), (3, 4), (4, 5), (5, 2)], 0);
        assert!(matches!(run(&m), Outcome::Feasible(_)));
        assert_eq!(components(&m).len(), 3);
    }

    #[test]
    fn pins_are_kept() {
        let mut m = model(&[(1, 2), (1, 2)], &[1, 1, 1], &[(0, 1), (1, 2)], 1);
        m.pins[0] = Some(1);
        match run(&m) {
            Outcome::Feasible(t) => assert_eq!(t[0], 1),
            other => panic!("{other:?}"),
        }
        m.pins[2] = Some(0);
        // 1 must avoid both teams.
        assert_eq!(run(&m), Outcome::Infeasible);
    }
}
