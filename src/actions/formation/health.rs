//! The health objective: the highest minimum team health, then the highest
//! mean (see [`Formation`](crate::Formation)'s documentation for the
//! algorithm).

use std::collections::{BTreeSet, BinaryHeap};

use crate::actions::formation::prepare::{get, Prepared};
use crate::actions::formation::stop::Stop;
use crate::engine::search::Mix;
use crate::model::coverage::Coverage;
use crate::util::rng::Rng;

/// Candidates per pole considered by the draft and, for larger pools, by
/// the local search.
pub(crate) const SHORTLIST: usize = 16;
/// Pools up to this size try every swap and move.
pub(crate) const FULL_NEIGHBOURHOOD: usize = 64;
/// Teams up to this size try every member against the candidates; larger
/// teams try their top contributors and a sample of the others.
const FULL_TEAM: usize = 48;
/// Improvements smaller than this are rounding noise.
const EPS: f64 = 1e-12;

/// A partition during the search.
#[derive(Debug, Clone)]
pub(crate) struct State {
    /// Team per member.
    pub(crate) team: Vec<usize>,
    /// Members per team, ascending.
    pub(crate) members: Vec<Vec<usize>>,
    health: Vec<f64>,
    sum: f64,
    /// `(health, team)` of every team, to find the weakest in `O(log k)`.
    order: BTreeSet<(Key, usize)>,
}

/// A health as an ordered key (healths are finite).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Key(u64);

impl Key {
    fn of(h: f64) -> Key {
        // The IEEE order of finite floats as unsigned integers.
        let b = h.to_bits();
        Key(if b >> 63 == 1 { !b } else { b | (1 << 63) })
    }
}

impl State {
    fn min(&self) -> f64 {
        self.lowest().first().map_or(0.0, |l| l.0)
    }

    /// The three lowest healths with their teams, lowest first.
    fn lowest(&self) -> Vec<(f64, usize)> {
        self.order.iter().take(3).map(|&(_, t)| (get(&self.health, t), t)).collect()
    }

    fn set_health(&mut self, t: usize, h: f64) {
        let old = get(&self.health, t);
        self.order.remove(&(Key::of(old), t));
        self.order.insert((Key::of(h), t));
        if let Some(slot) = self.health.get_mut(t) {
            *slot = h;
        }
        self.sum += h - old;
    }
}

/// The pool as the health search sees it, members in id order.
pub(crate) struct Problem<'p> {
    pub(crate) p: &'p Prepared<'p>,
    model: Coverage,
    poles: usize,
    n: usize,
    k: usize,
    lo: Vec<usize>,
    hi: Vec<usize>,
    weight: Vec<f64>,
    /// `strengths[i * poles + p]`.
    strengths: Vec<f64>,
    /// Per pole, members by contribution, largest first (ties: id order).
    by_pole: Vec<Vec<usize>>,
    /// Per pole, the sum of the `k` largest contributions: lower is scarcer.
    scarcity: Vec<f64>,
    /// Whether sizes may change (some team's bounds differ).
    sizes_vary: bool,
}

impl<'p> Problem<'p> {
    pub(crate) fn new(
        p: &'p Prepared<'p>,
        model: Coverage,
        poles: usize,
        weight: Vec<f64>,
        strengths: Vec<f64>,
    ) -> Problem<'p> {
        let (n, k) = (p.n, p.k);
        let contribution = |i: usize, q: usize| get(&weight, i) * get(&strengths, i * poles + q);
        let mut by_pole = Vec::with_capacity(poles);
        let mut scarcity = Vec::with_capacity(poles);
        for q in 0..poles {
            let mut order: Vec<usize> = (0..n).collect();
            order.sort_by(|&a, &b| contribution(b, q).total_cmp(&contribution(a, q)).then(a.cmp(&b)));
            scarcity.push(order.iter().take(k).map(|&i| contribution(i, q)).sum());
            by_pole.push(order);
        }
        Problem {
            p,
            model,
            poles,
            n,
            k,
            lo: p.bounds.iter().map(|b| b.0).collect(),
            hi: p.bounds.iter().map(|b| b.1).collect(),
            sizes_vary: p.bounds.iter().any(|b| b.0 < b.1),
            weight,
            strengths,
            by_pole,
            scarcity,
        }
    }

    fn strengths_of(&self, i: usize) -> &[f64] {
        self.strengths.get(i * self.poles..(i + 1) * self.poles).unwrap_or_default()
    }

    /// `weight * strength` of member `i` on pole `q`.
    fn contribution(&self, i: usize, q: usize) -> f64 {
        get(&self.weight, i) * get(&self.strengths, i * self.poles + q)
    }

    pub(crate) fn mix_of<I: IntoIterator<Item = usize>>(&self, members: I) -> Mix {
        let mut mix = Mix::new(self.model, self.poles);
        for i in members {
            mix.add(get(&self.weight, i), self.strengths_of(i));
        }
        mix
    }

    /// The health of team `t` during the search: members folded in id order.
    fn team_health(&self, s: &State, t: usize) -> f64 {
        self.mix_of(s.members.get(t).into_iter().flatten().copied()).health()
    }

    /// Whether `(min, sum)` beats `(min0, sum0)` by more than rounding noise.
    fn better(min: f64, sum: f64, min0: f64, sum0: f64) -> bool {
        min > min0 + EPS || (min >= min0 - EPS && sum > sum0 + EPS)
    }

    /// Whether member `i` may join team `t` when `leaving` leaves it.
    fn allowed(&self, team: &[usize], i: usize, t: usize, leaving: Option<usize>) -> bool {
        self.p.apart.get(i).map_or(true, |v| v.iter().all(|&z| Some(z) == leaving || get(team, z) != t))
    }

    fn state(&self, team: Vec<usize>) -> State {
        let mut members = vec![Vec::new(); self.k];
        for (i, &t) in team.iter().enumerate() {
            if let Some(m) = members.get_mut(t) {
                m.push(i);
            }
        }
        let mut s = State { team, members, health: vec![0.0; self.k], sum: 0.0, order: BTreeSet::new() };
        for t in 0..self.k {
            let h = self.team_health(&s, t);
            if let Some(slot) = s.health.get_mut(t) {
                *slot = h;
            }
            s.order.insert((Key::of(h), t));
        }
        s.sum = s.health.iter().sum();
        s
    }

    /// The construction: the members the constraints touch where the exact
    /// check placed them, then the draft.
    pub(crate) fn construct(&self, stop: &mut Stop) -> State {
        let (n, k) = (self.n, self.k);
        let mut team: Vec<Option<usize>> = self.p.placed.clone();
        let mut size = vec![0usize; k];
        let mut mixes: Vec<Mix> = vec![Mix::new(self.model, self.poles); k];
        for (i, t) in team.iter().enumerate() {
            if let Some(t) = *t {
                if let Some(s) = size.get_mut(t) {
                    *s += 1;
                }
                if let Some(mix) = mixes.get_mut(t) {
                    mix.add(get(&self.weight, i), self.strengths_of(i));
                }
            }
        }
        let mut left = team.iter().filter(|t| t.is_none()).count();
        let mut deficit: usize = (0..k).map(|t| get(&self.lo, t).saturating_sub(get(&size, t))).sum();
        // Teams by (health, size, number), lowest first.
        let mut heap: BinaryHeap<std::cmp::Reverse<(Key, usize, usize)>> = (0..k)
            .map(|t| std::cmp::Reverse((Key::of(mixes.get(t).map_or(0.0, Mix::health)), get(&size, t), t)))
            .collect();
        let mut cursor = vec![0usize; self.poles];
        while left > 0 {
            let mut chosen = None;
            while let Some(std::cmp::Reverse((key, sz, t))) = heap.pop() {
                // Skip entries that are out of date.
                let health = mixes.get(t).map_or(0.0, Mix::health);
                if Key::of(health) != key || get(&size, t) != sz {
                    continue;
                }
                // A team at its upper bound is full; one at or above its
                // lower bound is full once every person left is needed to
                // bring other teams up to theirs (that stays so until the
                // end, as both counts then fall together).
                let s = get(&size, t);
                if s >= get(&self.hi, t) || (s >= get(&self.lo, t) && deficit >= left) {
                    continue;
                }
                let Some(mix) = mixes.get(t) else { continue };
                let pole = self.target_pole(mix);
                let list = self.by_pole.get(pole).map_or(&[][..], Vec::as_slice);
                let mut start = get(&cursor, pole);
                while list.get(start).is_some_and(|&i| get(&team, i).is_some()) {
                    start += 1;
                }
                if let Some(c) = cursor.get_mut(pole) {
                    *c = start;
                }
                let mut best: Option<(usize, f64)> = None;
                for &i in list.iter().skip(start).filter(|&&i| get(&team, i).is_none()).take(SHORTLIST) {
                    let h = mix.health_with(get(&self.weight, i), self.strengths_of(i));
                    if best.map_or(true, |(_, bh)| h > bh) {
                        best = Some((i, h));
                    }
                }
                if let Some((i, _)) = best {
                    chosen = Some((t, i));
                    break;
                }
            }
            let Some((t, i)) = chosen else { break };
            if let Some(slot) = team.get_mut(i) {
                *slot = Some(t);
            }
            if get(&size, t) < get(&self.lo, t) {
                deficit -= 1;
            }
            if let Some(s) = size.get_mut(t) {
                *s += 1;
            }
            if let Some(mix) = mixes.get_mut(t) {
                mix.add(get(&self.weight, i), self.strengths_of(i));
            }
            left -= 1;
            let h = mixes.get(t).map_or(0.0, Mix::health);
            heap.push(std::cmp::Reverse((Key::of(h), get(&size, t), t)));
        }
        stop.spend((n * SHORTLIST) as u64);
        self.state(team.into_iter().map(Option::unwrap_or_default).collect())
    }

    /// The least covered pole of the weaker side (ties: the scarcest pole,
    /// then the first).
    fn target_pole(&self, mix: &Mix) -> usize {
        let cov: Vec<f64> = mix.coverages().collect();
        let side_mean = |odd: usize| {
            let v: Vec<f64> = cov.iter().copied().skip(odd).step_by(2).collect();
            v.iter().sum::<f64>() / v.len().max(1) as f64
        };
        let (d, c) = (side_mean(0), side_mean(1));
        (0..self.poles)
            .filter(|q| {
                if d < c {
                    q % 2 == 0
                } else if c < d {
                    q % 2 == 1
                } else {
                    true
                }
            })
            .min_by(|&a, &b| {
                get(&cov, a)
                    .total_cmp(&get(&cov, b))
                    .then(get(&self.scarcity, a).total_cmp(&get(&self.scarcity, b)))
                    .then(a.cmp(&b))
            })
            .unwrap_or(0)
    }

    /// Members of other teams that `a` may trade with.
    fn candidates(&self, s: &State, a: usize, stamp: &mut [bool], rng: &mut Rng) -> Vec<usize> {
        if self.n <= FULL_NEIGHBOURHOOD {
            return (0..self.n).filter(|&y| get(&self.p.movable, y) && get(&s.team, y) != a).collect();
        }
        let mix = self.mix_of(s.members.get(a).into_iter().flatten().copied());
        let cov: Vec<f64> = mix.coverages().collect();
        let side_mean = |odd: usize| {
            let v: Vec<f64> = cov.iter().copied().skip(odd).step_by(2).collect();
            v.iter().sum::<f64>() / v.len().max(1) as f64
        };
        let (d, c) = (side_mean(0), side_mean(1));
        let mut out = Vec::new();
        for q in 0..self.poles {
            let weak = if d < c {
                q % 2 == 0
            } else if c < d {
                q % 2 == 1
            } else {
                true
            };
            if !weak {
                continue;
            }
            // Members contributing more to `q` than the team covers, sampled
            // evenly along the list so that they come from many teams.
            let list = self.by_pole.get(q).map_or(&[][..], Vec::as_slice);
            let have = get(&cov, q);
            let stronger = list.partition_point(|&i| self.contribution(i, q) > have);
            let step = (stronger / SHORTLIST).max(1);
            let offset = if step > 1 { rng.below(step) } else { 0 };
            let picks = list
                .iter()
                .take(stronger)
                .skip(offset)
                .step_by(step)
                .copied()
                .filter(|&y| get(&self.p.movable, y) && get(&s.team, y) != a)
                .take(SHORTLIST);
            for y in picks {
                if let Some(seen) = stamp.get_mut(y) {
                    if !*seen {
                        *seen = true;
                        out.push(y);
                    }
                }
            }
        }
        for &y in &out {
            if let Some(seen) = stamp.get_mut(y) {
                *seen = false;
            }
        }
        out.sort_unstable();
        out
    }

    /// The members of `a` to try trading: all of them in small teams; in
    /// larger ones the two top contributors of every pole and a seeded
    /// sample of the others.
    fn tradeable(&self, s: &State, a: usize, rng: &mut Rng) -> Vec<usize> {
        let team = s.members.get(a).map_or(&[][..], Vec::as_slice);
        let movable = |x: &usize| get(&self.p.movable, *x);
        if team.len() <= FULL_TEAM {
            return team.iter().copied().filter(movable).collect();
        }
        let mut out: Vec<usize> = Vec::new();
        for q in 0..self.poles {
            let mut top: [Option<(f64, usize)>; 2] = [None, None];
            for &x in team.iter().filter(|x| movable(x)) {
                let c = self.contribution(x, q);
                match top {
                    [None, _] => top[0] = Some((c, x)),
                    [Some((c0, _)), _] if c > c0 => top = [Some((c, x)), top[0]],
                    [_, None] => top[1] = Some((c, x)),
                    [_, Some((c1, _))] if c > c1 => top[1] = Some((c, x)),
                    _ => {}
                }
            }
            out.extend(top.iter().flatten().map(|&(_, x)| x));
        }
        let step = (team.len() / SHORTLIST).max(1);
        let offset = rng.below(step);
        out.extend(team.iter().copied().skip(offset).step_by(step).filter(movable).take(SHORTLIST));
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The best improving trade of team `a`: a swap `(x, Some(y))`, `x`
    /// leaving for `y`'s team (`(x, None)` with the team), or `y` joining
    /// `a`.
    fn best_trade(&self, s: &State, a: usize, stamp: &mut [bool], rng: &mut Rng, stop: &mut Stop) -> Option<Trade> {
        let xs = self.tradeable(s, a, rng);
        let lowest = s.lowest();
        let team_a = s.members.get(a)?;
        let rest_a: Vec<Mix> = xs.iter().map(|&x| self.mix_of(team_a.iter().copied().filter(|&i| i != x))).collect();
        let mix_a = self.mix_of(team_a.iter().copied());
        let (cur_min, cur_sum) = (s.min(), s.sum);
        let (mut best_min, mut best_sum, mut best) = (cur_min, cur_sum, None);
        let ha = get(&s.health, a);
        let size_a = team_a.len();
        let mut evaluated = 0u64;
        let mut full_b: Vec<(usize, Mix)> = Vec::new();
        for y in self.candidates(s, a, stamp, rng) {
            let b = get(&s.team, y);
            let team_b = s.members.get(b).map_or(&[][..], Vec::as_slice);
            let rest_b = self.mix_of(team_b.iter().copied().filter(|&i| i != y));
            let hb = get(&s.health, b);
            let others = lowest.iter().find(|&&(_, t)| t != a && t != b).map_or(f64::INFINITY, |l| l.0);
            let (wy, sy) = (get(&self.weight, y), self.strengths_of(y));
            let mut consider = |new_a: f64, new_b: f64, trade: Trade, best_min: &mut f64, best_sum: &mut f64| {
                let min = new_a.min(new_b).min(others);
                let sum = cur_sum - ha - hb + new_a + new_b;
                if Self::better(min, sum, *best_min, *best_sum) {
                    (*best_min, *best_sum) = (min, sum);
                    best = Some(trade);
                }
            };
            for (&x, rest) in xs.iter().zip(&rest_a) {
                evaluated += 1;
                if !self.allowed(&s.team, x, b, Some(y)) || !self.allowed(&s.team, y, a, Some(x)) {
                    continue;
                }
                let new_a = rest.health_with(wy, sy);
                let new_b = rest_b.health_with(get(&self.weight, x), self.strengths_of(x));
                consider(new_a, new_b, Trade::Swap(x, y), &mut best_min, &mut best_sum);
            }
            if self.sizes_vary {
                // `y` joins `a`.
                let size_b = team_b.len();
                if size_a < get(&self.hi, a) && size_b > get(&self.lo, b) && self.allowed(&s.team, y, a, None) {
                    evaluated += 1;
                    consider(
                        mix_a.health_with(wy, sy),
                        rest_b.health(),
                        Trade::Join(y, a),
                        &mut best_min,
                        &mut best_sum,
                    );
                }
                // `x` leaves for `b`.
                if size_a > get(&self.lo, a) && size_b < get(&self.hi, b) {
                    if !full_b.iter().any(|(t, _)| *t == b) {
                        full_b.push((b, self.mix_of(team_b.iter().copied())));
                    }
                    let Some((_, mix_b)) = full_b.iter().find(|(t, _)| *t == b) else { continue };
                    for (&x, rest) in xs.iter().zip(&rest_a) {
                        evaluated += 1;
                        if self.allowed(&s.team, x, b, None) {
                            let new_b = mix_b.health_with(get(&self.weight, x), self.strengths_of(x));
                            consider(rest.health(), new_b, Trade::Join(x, b), &mut best_min, &mut best_sum);
                        }
                    }
                }
            }
        }
        stop.spend(evaluated.max(1));
        best
    }

    fn move_member(&self, s: &mut State, x: usize, to: usize) {
        let from = get(&s.team, x);
        if let Some(m) = s.members.get_mut(from) {
            m.retain(|&i| i != x);
        }
        if let Some(m) = s.members.get_mut(to) {
            let pos = m.partition_point(|&i| i < x);
            m.insert(pos, x);
        }
        if let Some(t) = s.team.get_mut(x) {
            *t = to;
        }
    }

    fn apply(&self, s: &mut State, trade: Trade) -> [usize; 2] {
        let touched = match trade {
            Trade::Swap(x, y) => {
                let (a, b) = (get(&s.team, x), get(&s.team, y));
                self.move_member(s, x, b);
                self.move_member(s, y, a);
                [a, b]
            }
            Trade::Join(y, to) => {
                let from = get(&s.team, y);
                self.move_member(s, y, to);
                [from, to]
            }
        };
        for t in touched {
            let h = self.team_health(s, t);
            s.set_health(t, h);
        }
        touched
    }

    /// Trades until no team has an improving one (or the stop says so).
    /// With `dirty`, only those teams are searched at first (larger pools).
    pub(crate) fn local_search(&self, s: &mut State, rng: &mut Rng, dirty: Option<&[usize]>, stop: &mut Stop) {
        let mut stamp = vec![false; self.n];
        let full = self.n <= FULL_NEIGHBOURHOOD;
        // Dirty teams, weakest first, with the key each is queued under.
        let mut queue: BTreeSet<(Key, usize)> = BTreeSet::new();
        let mut queued: Vec<Option<Key>> = vec![None; self.k];
        let enqueue = |queue: &mut BTreeSet<(Key, usize)>, queued: &mut Vec<Option<Key>>, s: &State, t: usize| {
            if let Some(slot) = queued.get_mut(t) {
                if let Some(old) = slot.take() {
                    queue.remove(&(old, t));
                }
                let key = Key::of(get(&s.health, t));
                queue.insert((key, t));
                *slot = Some(key);
            }
        };
        match dirty {
            Some(ts) if !full => ts.iter().for_each(|&t| enqueue(&mut queue, &mut queued, s, t)),
            _ => (0..self.k).for_each(|t| enqueue(&mut queue, &mut queued, s, t)),
        }
        let max_moves = 50 * self.n + 100;
        let mut moves = 0;
        while moves < max_moves && !stop.stopped() {
            let Some((_, a)) = queue.pop_first() else { break };
            if let Some(slot) = queued.get_mut(a) {
                *slot = None;
            }
            let Some(trade) = self.best_trade(s, a, &mut stamp, rng, stop) else { continue };
            let touched = self.apply(s, trade);
            moves += 1;
            if full {
                (0..self.k).for_each(|t| enqueue(&mut queue, &mut queued, s, t));
            } else {
                touched.iter().for_each(|&t| enqueue(&mut queue, &mut queued, s, t));
            }
        }
        s.sum = s.health.iter().sum();
    }

    /// Three random swaps, the first with a member of the weakest team.
    /// Returns the teams they changed.
    pub(crate) fn perturb(&self, s: &mut State, movable: &[usize], rng: &mut Rng) -> Vec<usize> {
        let mut touched = Vec::new();
        let weakest = s.lowest().first().map_or(0, |l| l.1);
        for round in 0..3 {
            for _ in 0..20 {
                let x = if round == 0 {
                    let here: Vec<usize> = s
                        .members
                        .get(weakest)
                        .into_iter()
                        .flatten()
                        .copied()
                        .filter(|&i| get(&self.p.movable, i))
                        .collect();
                    if here.is_empty() {
                        get(movable, rng.below(movable.len()))
                    } else {
                        get(&here, rng.below(here.len()))
                    }
                } else {
                    get(movable, rng.below(movable.len()))
                };
                let y = get(movable, rng.below(movable.len()));
                let (a, b) = (get(&s.team, x), get(&s.team, y));
                if a == b || !self.allowed(&s.team, x, b, Some(y)) || !self.allowed(&s.team, y, a, Some(x)) {
                    continue;
                }
                touched.extend(self.apply(s, Trade::Swap(x, y)));
                break;
            }
        }
        s.sum = s.health.iter().sum();
        touched
    }

    /// Whether `a` is better than `b`.
    pub(crate) fn improves(a: &State, b: &State) -> bool {
        Self::better(a.min(), a.sum, b.min(), b.sum)
    }

    /// The number of partitions within the bounds (`n! / prod(size!)`
    /// summed over the size vectors), divided by `k!` when teams are
    /// interchangeable; infinite above 64 people.
    pub(crate) fn partitions(&self, symmetric: bool) -> f64 {
        if self.n > FULL_NEIGHBOURHOOD {
            return f64::INFINITY;
        }
        let choose = |m: usize, r: usize| -> f64 { (0..r).fold(1.0, |acc, i| acc * (m - i) as f64 / (i + 1) as f64) };
        // ways[m]: ways to fill the teams done so far with m people.
        let mut ways = vec![0.0f64; self.n + 1];
        if let Some(w) = ways.get_mut(0) {
            *w = 1.0;
        }
        for t in 0..self.k {
            let (lo, hi) = (get(&self.lo, t), get(&self.hi, t));
            let mut next = vec![0.0f64; self.n + 1];
            for (m, &w) in ways.iter().enumerate() {
                if w == 0.0 {
                    continue;
                }
                for s in lo..=hi.min(self.n - m) {
                    if let Some(slot) = next.get_mut(m + s) {
                        // Choose `s` of the `n - m` people not yet placed.
                        *slot += w * choose(self.n - m, s);
                    }
                }
            }
            ways = next;
        }
        let total = get(&ways, self.n);
        if symmetric {
            total / (1..=self.k).map(|i| i as f64).product::<f64>()
        } else {
            total
        }
    }

    /// Every partition within the bounds and the constraints; the best one
    /// if it is strictly better than `incumbent`.
    pub(crate) fn exhaustive(&self, incumbent: &State, symmetric: bool) -> Option<State> {
        struct Walk<'w, 'p> {
            pr: &'w Problem<'p>,
            team: Vec<usize>,
            members: Vec<Vec<usize>>,
            symmetric: bool,
            best: (f64, f64),
            found: Option<Vec<usize>>,
            /// People not yet placed.
            left: usize,
        }
        impl Walk<'_, '_> {
            fn deficit(&self) -> usize {
                (0..self.pr.k)
                    .map(|t| get(&self.pr.lo, t).saturating_sub(self.members.get(t).map_or(0, Vec::len)))
                    .sum()
            }
            fn visit(&mut self, g: usize, used: usize) {
                let pr = self.pr;
                let Some(group) = pr.p.groups.get(g) else {
                    if self.deficit() > 0 {
                        return;
                    }
                    let (mut min, mut sum) = (f64::INFINITY, 0.0);
                    for m in &self.members {
                        let h = pr.mix_of(m.iter().copied()).health();
                        min = min.min(h);
                        sum += h;
                    }
                    if Problem::better(min, sum, self.best.0, self.best.1) {
                        self.best = (min, sum);
                        self.found = Some(self.team.clone());
                    }
                    return;
                };
                let teams: Vec<usize> = match pr.p.group_pin.get(g).copied().flatten() {
                    Some(t) => vec![t],
                    None if self.symmetric => (0..pr.k.min(used + 1)).collect(),
                    None => (0..pr.k).collect(),
                };
                for t in teams {
                    let size = self.members.get(t).map_or(0, Vec::len);
                    if size + group.len() > get(&pr.hi, t) {
                        continue;
                    }
                    if !group.iter().all(|&i| pr.allowed(&self.team, i, t, None)) {
                        continue;
                    }
                    for &i in group {
                        if let Some(slot) = self.team.get_mut(i) {
                            *slot = t;
                        }
                        if let Some(m) = self.members.get_mut(t) {
                            m.push(i);
                        }
                    }
                    self.left -= group.len();
                    if self.deficit() <= self.left {
                        self.visit(g + 1, used.max(t + 1));
                    }
                    self.left += group.len();
                    for &i in group {
                        if let Some(slot) = self.team.get_mut(i) {
                            *slot = usize::MAX;
                        }
                        if let Some(m) = self.members.get_mut(t) {
                            m.pop();
                        }
                    }
                }
            }
        }
        let mut walk = Walk {
            pr: self,
            team: vec![usize::MAX; self.n],
            members: vec![Vec::new(); self.k],
            symmetric,
            best: (incumbent.min(), incumbent.sum),
            found: None,
            left: self.n,
        };
        walk.visit(0, 0);
        walk.found.map(|team| self.state(team))
    }
}

/// A change of a partition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Trade {
    /// Two members of different teams change places.
    Swap(usize, usize),
    /// A member joins a team.
    Join(usize, usize),
}

/// An upper bound of every team's mean health, and so of the minimum and
/// the mean health of any partition into `k` teams (see
/// [`Formation::health_bound`](crate::Formation::health_bound)).
pub(crate) fn upper_bound(model: Coverage, poles: usize, k: usize, weight: &[f64], strengths: &[f64]) -> f64 {
    let n = weight.len();
    let kf = k.max(1) as f64;
    // The largest possible sum over the teams of their coverage of pole `q`.
    let pole_sum = |q: usize| -> f64 {
        let value = |i: usize| get(strengths, i * poles + q);
        let top_k = |mut v: Vec<f64>| -> f64 {
            v.sort_by(|a, b| b.total_cmp(a));
            v.iter().take(k).sum()
        };
        if model == Coverage::Strongest || model == Coverage::Weakest {
            // The weakest active member's contribution is at most the best's.
            top_k((0..n).map(|i| (get(weight, i) * value(i)).clamp(0.0, 1.0)).collect())
        } else if model == Coverage::Pooled || model == Coverage::Additive {
            let total: f64 = (0..n).map(|i| (get(weight, i) * value(i)).clamp(0.0, 1.0)).sum();
            total.min(kf)
        } else if model == Coverage::Average {
            top_k((0..n).filter(|&i| get(weight, i) > 0.0).map(|i| value(i).clamp(0.0, 1.0)).collect())
        } else {
            kf
        }
    };
    let side = |odd: usize| -> f64 {
        let qs: Vec<usize> = (0..poles).filter(|q| q % 2 == odd).collect();
        if qs.is_empty() {
            return 0.0;
        }
        qs.iter().map(|&q| pole_sum(q) / kf).sum::<f64>() / qs.len() as f64
    };
    side(0).min(side(1)).clamp(0.0, 1.0)
}
