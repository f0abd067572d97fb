//! The checks every objective shares: ids, constraints, pins and team
//! sizes, and the placement of the people the constraints touch.

use std::borrow::Cow;
use std::collections::HashMap;

use crate::actions::constraints::Constraints;
use crate::actions::formation::feasibility::{self, Model, Outcome};
use crate::actions::formation::Formation;
use crate::error::{Error, ErrorKind};

pub(crate) fn get<T: Copy + Default>(v: &[T], i: usize) -> T {
    v.get(i).copied().unwrap_or_default()
}

pub(crate) fn infeasible(reason: String) -> Error {
    ErrorKind::Infeasible { reason }.into()
}

/// `` `a` ``, `` `a` and `b` ``, `` `a`, `b` and `c` ``.
pub(crate) fn names<S: AsRef<str>>(ids: &[S], members: &[usize]) -> String {
    let names: Vec<String> =
        members.iter().filter_map(|&i| ids.get(i)).map(|id| format!("`{}`", id.as_ref())).collect();
    list(&names)
}

fn list(items: &[String]) -> String {
    match items.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => items.join(""),
    }
}

fn find(parent: &mut [usize], mut i: usize) -> usize {
    while get(parent, i) != i {
        let p = get(parent, i);
        let gp = get(parent, p);
        if let Some(slot) = parent.get_mut(i) {
            *slot = gp;
        }
        i = p;
    }
    i
}

/// A pool with its constraints resolved, members numbered in search order.
#[derive(Debug, Clone)]
pub(crate) struct Prepared<'a> {
    pub(crate) n: usize,
    pub(crate) k: usize,
    /// `(lower, upper)` size per team.
    pub(crate) bounds: Vec<(usize, usize)>,
    pub(crate) ids: Vec<Cow<'a, str>>,
    /// `together` groups (every member in one, singletons too), ascending,
    /// in order of first member.
    pub(crate) groups: Vec<Vec<usize>>,
    pub(crate) group_of: Vec<usize>,
    /// The team each group is pinned to.
    pub(crate) group_pin: Vec<Option<usize>>,
    /// Members each member must be apart from.
    pub(crate) apart: Vec<Vec<usize>>,
    /// Neither pinned nor in a group of two or more: the searches may move
    /// them (keeping `apart`).
    pub(crate) movable: Vec<bool>,
    /// The team of every member a constraint touches (a group of two or
    /// more, an `apart` pair or a pin), from the exact feasibility check.
    pub(crate) placed: Vec<Option<usize>>,
}

/// The constraints as member pairs and pins, for the conflict report.
#[derive(Debug, Clone, Default)]
struct Raw {
    together: Vec<(usize, usize)>,
    apart: Vec<(usize, usize)>,
    /// `(member, team)`; `from_pool` pins come from the pool's team column.
    pins: Vec<(usize, usize)>,
}

/// One constraint, by member numbers, for the conflict search.
#[derive(Debug, Clone, Copy, PartialEq)]
enum C {
    Together(usize, usize),
    Apart(usize, usize),
    Pin(usize, usize),
}

/// How team sizes read in messages: "teams of 3", "teams of 3 or 4",
/// "teams of 2 to 5", or "teams within their size bounds".
pub(crate) fn describe_sizes(bounds: &[(usize, usize)]) -> String {
    let (lo, hi) = bounds.iter().fold((usize::MAX, 0), |(a, b), &(l, h)| (a.min(l), b.max(h)));
    let same = bounds.windows(2).all(|w| matches!(w, [a, b] if a == b));
    let k = bounds.len();
    let teams = if k == 1 { "team" } else { "teams" };
    let people = |x: usize| if x == 1 { "1 person".to_string() } else { format!("{x} people") };
    let even = bounds.iter().all(|&(l, h)| h <= l + 1) && hi <= lo + 1;
    if lo == hi {
        format!("{k} {teams} of {}", people(lo))
    } else if even {
        format!("{k} {teams} of {lo} or {}", people(hi))
    } else if same {
        format!("{k} {teams} of {lo} to {}", people(hi))
    } else {
        format!("{k} {teams} within their size bounds")
    }
}

impl<'a> Prepared<'a> {
    /// `ids` in search order; `pool_pins` are `(member, team name)` from
    /// the pool's team column.
    pub(crate) fn new(
        f: &Formation,
        ids: Vec<Cow<'a, str>>,
        bounds: Vec<(usize, usize)>,
        pool_pins: Vec<(usize, &str)>,
    ) -> Result<Prepared<'a>, Error> {
        let n = ids.len();
        let k = bounds.len();
        let mut index: HashMap<&str, usize> = HashMap::with_capacity(n);
        for (i, id) in ids.iter().enumerate() {
            if index.insert(id.as_ref(), i).is_some() {
                return Err(ErrorKind::DuplicateId { id: id.to_string() }.into());
            }
        }
        let c: &Constraints = &f.constraints;
        let lookup = |constraint: &str, id: &str| {
            index.get(id).copied().ok_or_else(|| {
                Error::from(ErrorKind::UnknownMember { constraint: constraint.to_string(), id: id.to_string() })
            })
        };
        let team_number = |id: &str, team: &str| -> Result<usize, Error> {
            team.strip_prefix("Team ")
                .and_then(|s| s.parse::<usize>().ok())
                .filter(|&t| t >= 1 && t <= k && team == Formation::team_name(t - 1))
                .map(|t| t - 1)
                .ok_or_else(|| {
                    Error::from(ErrorKind::UnknownPinTeam { id: id.to_string(), team: team.to_string(), teams: k })
                })
        };
        let mut raw = Raw::default();
        for (a, b) in c.together_pairs() {
            raw.together.push((lookup("together", a)?, lookup("together", b)?));
        }
        for (a, b) in c.apart_pairs() {
            raw.apart.push((lookup("apart", a)?, lookup("apart", b)?));
        }
        for (i, team) in pool_pins {
            let id = ids.get(i).map_or("", |s| s.as_ref());
            raw.pins.push((i, team_number(id, team)?));
        }
        for (id, team) in c.pins() {
            raw.pins.push((lookup("pinned", id)?, team_number(id, team)?));
        }
        let mut p = Prepared {
            n,
            k,
            bounds,
            ids,
            groups: Vec::new(),
            group_of: Vec::new(),
            group_pin: Vec::new(),
            apart: Vec::new(),
            movable: Vec::new(),
            placed: vec![None; n],
        };
        p.resolve(&raw)?;
        p.place(&raw, f.feasibility_limit)?;
        Ok(p)
    }

    fn largest(&self) -> usize {
        self.bounds.iter().map(|b| b.1).max().unwrap_or(0)
    }

    /// Groups, apart lists and pins, with the conflicts that need no search.
    fn resolve(&mut self, raw: &Raw) -> Result<(), Error> {
        let n = self.n;
        let ids = &self.ids;
        let mut parent: Vec<usize> = (0..n).collect();
        for &(a, b) in &raw.together {
            let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
            if let Some(p) = parent.get_mut(ra.max(rb)) {
                *p = ra.min(rb);
            }
        }
        let mut group_of = vec![0usize; n];
        let mut groups: Vec<Vec<usize>> = Vec::new();
        let mut root_group: HashMap<usize, usize> = HashMap::new();
        for i in 0..n {
            let root = find(&mut parent, i);
            let g = *root_group.entry(root).or_insert_with(|| {
                groups.push(Vec::new());
                groups.len() - 1
            });
            if let Some(v) = groups.get_mut(g) {
                v.push(i);
            }
            if let Some(slot) = group_of.get_mut(i) {
                *slot = g;
            }
        }
        let largest = self.largest();
        for g in &groups {
            if g.len() > largest {
                let who = if g.len() > 8 {
                    let first: Vec<String> =
                        g.iter().take(7).filter_map(|&i| ids.get(i)).map(|id| format!("`{id}`")).collect();
                    format!("{} and {} more", first.join(", "), g.len() - 7)
                } else {
                    names(ids, g)
                };
                return Err(infeasible(format!("{who} must be together, but teams have at most {largest} members")));
            }
        }
        let mut apart = vec![Vec::new(); n];
        for &(a, b) in &raw.apart {
            if a == b || get(&group_of, a) == get(&group_of, b) {
                return Err(infeasible(format!(
                    "{} must be apart, but must also be together",
                    names(ids, &[a.min(b), a.max(b)])
                )));
            }
            for (x, y) in [(a, b), (b, a)] {
                if let Some(v) = apart.get_mut(x) {
                    v.push(y);
                }
            }
        }
        for v in &mut apart {
            v.sort_unstable();
            v.dedup();
        }
        let mut pinned_by: Vec<Option<(usize, usize)>> = vec![None; groups.len()];
        for &(i, t) in &raw.pins {
            let g = get(&group_of, i);
            match pinned_by.get(g).copied().flatten() {
                Some((t0, j)) if t0 != t => {
                    let (t0, t1) = (Formation::team_name(t0.min(t)), Formation::team_name(t0.max(t)));
                    return Err(infeasible(if j == i {
                        format!("{} is pinned to {t0} and {t1}", names(ids, &[i]))
                    } else {
                        format!(
                            "{} must be together, but are pinned to {t0} and {t1}",
                            names(ids, &[i.min(j), i.max(j)])
                        )
                    }));
                }
                Some(_) => {}
                None => {
                    if let Some(slot) = pinned_by.get_mut(g) {
                        *slot = Some((t, i));
                    }
                }
            }
        }
        let group_pin: Vec<Option<usize>> = pinned_by.iter().map(|p| p.map(|(t, _)| t)).collect();
        // Pinned groups that overflow their team, and apart pairs pinned together.
        let mut pinned_load = vec![0usize; self.k];
        let mut pinned_members: Vec<Vec<usize>> = vec![Vec::new(); self.k];
        for (g, members) in groups.iter().enumerate() {
            if let Some(t) = group_pin.get(g).copied().flatten() {
                if let Some(l) = pinned_load.get_mut(t) {
                    *l += members.len();
                }
                if let Some(v) = pinned_members.get_mut(t) {
                    v.extend(members);
                }
            }
        }
        for (t, members) in pinned_members.iter_mut().enumerate() {
            let hi = self.bounds.get(t).map_or(0, |b| b.1);
            if get(&pinned_load, t) > hi {
                members.sort_unstable();
                return Err(infeasible(format!(
                    "{} are pinned to {}, but {} holds at most {hi}",
                    names(ids, members),
                    Formation::team_name(t),
                    Formation::team_name(t)
                )));
            }
        }
        for (a, list) in apart.iter().enumerate() {
            for &b in list.iter().filter(|&&b| b > a) {
                let (ta, tb) = (
                    group_pin.get(get(&group_of, a)).copied().flatten(),
                    group_pin.get(get(&group_of, b)).copied().flatten(),
                );
                if let (Some(ta), Some(tb)) = (ta, tb) {
                    if ta == tb {
                        return Err(infeasible(format!(
                            "{} must be apart, but are pinned to {}",
                            names(ids, &[a, b]),
                            Formation::team_name(ta)
                        )));
                    }
                }
            }
        }
        self.movable = (0..n)
            .map(|i| {
                let g = get(&group_of, i);
                groups.get(g).map_or(0, Vec::len) == 1 && group_pin.get(g).copied().flatten().is_none()
            })
            .collect();
        self.groups = groups;
        self.group_of = group_of;
        self.group_pin = group_pin;
        self.apart = apart;
        Ok(())
    }

    /// The feasibility model of the resolved constraints, with the unit of
    /// every member a constraint touches.
    fn model(&self) -> (Model, Vec<Option<usize>>) {
        let mut unit_of_group: Vec<Option<usize>> = vec![None; self.groups.len()];
        let mut sizes = Vec::new();
        let mut pins = Vec::new();
        for (g, members) in self.groups.iter().enumerate() {
            let pinned = self.group_pin.get(g).copied().flatten();
            let touched = members.len() > 1
                || pinned.is_some()
                || members.iter().any(|&i| self.apart.get(i).is_some_and(|v| !v.is_empty()));
            if touched {
                if let Some(slot) = unit_of_group.get_mut(g) {
                    *slot = Some(sizes.len());
                }
                sizes.push(members.len());
                pins.push(pinned);
            }
        }
        let unit_of: Vec<Option<usize>> =
            (0..self.n).map(|i| unit_of_group.get(get(&self.group_of, i)).copied().flatten()).collect();
        let mut apart = vec![Vec::new(); sizes.len()];
        for (a, list) in self.apart.iter().enumerate() {
            for &b in list {
                if let (Some(ua), Some(ub)) = (get_opt(&unit_of, a), get_opt(&unit_of, b)) {
                    if let Some(v) = apart.get_mut(ua) {
                        v.push(ub);
                    }
                }
            }
        }
        for v in &mut apart {
            v.sort_unstable();
            v.dedup();
        }
        let in_units: usize = sizes.iter().sum();
        (Model { bounds: self.bounds.clone(), sizes, pins, apart, free: self.n - in_units }, unit_of)
    }

    /// Places every member a constraint touches, or reports the conflict.
    fn place(&mut self, raw: &Raw, limit: u64) -> Result<(), Error> {
        let (model, unit_of) = self.model();
        let mut steps = limit;
        match feasibility::solve(&model, &mut steps) {
            Outcome::Feasible(team) => {
                for (i, u) in unit_of.iter().enumerate() {
                    if let (Some(u), Some(slot)) = (u, self.placed.get_mut(i)) {
                        *slot = team.get(*u).copied();
                    }
                }
                Ok(())
            }
            Outcome::Unknown => Err(ErrorKind::FeasibilityUnknown {
                reason: format!(
                    "the exact check placed {limit} units without deciding whether {} can meet them \
                     (raise Formation::feasibility_limit, or relax the constraints)",
                    describe_sizes(&self.bounds)
                ),
            }
            .into()),
            Outcome::Infeasible => Err(infeasible(self.conflict(raw, limit))),
        }
    }

    /// A minimal set of constraints that cannot be met together: the
    /// constraints of the first connected part (people linked by
    /// `together` and `apart` pairs) that is infeasible alone, if any; then
    /// blocks of constraints are dropped while the rest stay infeasible,
    /// halving the blocks down to single constraints, so that every
    /// constraint kept is needed (within a step budget: once it is spent,
    /// the constraints not yet tried stay in the report).
    fn conflict(&self, raw: &Raw, limit: u64) -> String {
        let mut all: Vec<C> = raw.together.iter().map(|&(a, b)| C::Together(a, b)).collect();
        all.extend(raw.apart.iter().map(|&(a, b)| C::Apart(a, b)));
        all.extend(raw.pins.iter().map(|&(a, t)| C::Pin(a, t)));
        all.dedup();
        // The whole filter shares one step budget; each test also costs
        // the number of constraints it builds.
        let mut steps = limit.saturating_mul(4);
        let mut core = all.clone();
        let parts = self.parts(&all);
        if parts.len() > 1 {
            for part in parts {
                if steps == 0 {
                    break;
                }
                if self.feasible(&part, &mut steps) == Some(false) {
                    core = part;
                    break;
                }
            }
        }
        let mut chunk = core.len().div_ceil(2).max(1);
        loop {
            let mut i = 0;
            while i < core.len() && steps > 0 {
                let end = (i + chunk).min(core.len());
                let without: Vec<C> = core.iter().take(i).chain(core.iter().skip(end)).copied().collect();
                match self.feasible(&without, &mut steps) {
                    Some(false) => core = without,
                    _ => i = end,
                }
            }
            if chunk == 1 || steps == 0 {
                break;
            }
            chunk = chunk.div_ceil(2);
        }
        let ids = &self.ids;
        let mut parts: Vec<String> = Vec::new();
        let shown = core.len().min(12);
        for c in core.iter().take(shown) {
            parts.push(match *c {
                C::Together(a, b) => format!("{} together", names(ids, &[a, b])),
                C::Apart(a, b) => format!("{} apart", names(ids, &[a, b])),
                C::Pin(a, t) => format!("{} in {}", names(ids, &[a]), Formation::team_name(t)),
            });
        }
        if core.len() > shown {
            parts.push(format!("{} more", core.len() - shown));
        }
        format!("no {} can have {}", describe_sizes(&self.bounds), list_semicolons(&parts))
    }

    /// The constraints of each connected part of the people they link
    /// (pins join their member's part), parts by first constraint.
    fn parts(&self, all: &[C]) -> Vec<Vec<C>> {
        let mut parent: Vec<usize> = (0..self.n).collect();
        for c in all {
            if let C::Together(a, b) | C::Apart(a, b) = *c {
                let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
                if let Some(p) = parent.get_mut(ra.max(rb)) {
                    *p = ra.min(rb);
                }
            }
        }
        let mut part_of: HashMap<usize, usize> = HashMap::new();
        let mut parts: Vec<Vec<C>> = Vec::new();
        for c in all {
            let (C::Together(a, _) | C::Apart(a, _) | C::Pin(a, _)) = *c;
            let root = find(&mut parent, a);
            let at = *part_of.entry(root).or_insert_with(|| {
                parts.push(Vec::new());
                parts.len() - 1
            });
            if let Some(p) = parts.get_mut(at) {
                p.push(*c);
            }
        }
        parts
    }

    /// Whether `cs` alone can be met by this pool's sizes: the people they
    /// name, renumbered, and everyone else free. `None`: not decided
    /// within `steps`.
    fn feasible(&self, cs: &[C], steps: &mut u64) -> Option<bool> {
        *steps = steps.saturating_sub(cs.len() as u64);
        let mut people: Vec<usize> = cs
            .iter()
            .flat_map(|c| match *c {
                C::Together(a, b) | C::Apart(a, b) => [Some(a), Some(b)],
                C::Pin(a, _) => [Some(a), None],
            })
            .flatten()
            .collect();
        people.sort_unstable();
        people.dedup();
        let local = |i: usize| people.binary_search(&i).unwrap_or(0);
        let mut sub = Raw::default();
        for c in cs {
            match *c {
                C::Together(a, b) => sub.together.push((local(a), local(b))),
                C::Apart(a, b) => sub.apart.push((local(a), local(b))),
                C::Pin(a, t) => sub.pins.push((local(a), t)),
            }
        }
        let mut p = Prepared {
            n: people.len(),
            k: self.k,
            bounds: self.bounds.clone(),
            ids: Vec::new(),
            groups: Vec::new(),
            group_of: Vec::new(),
            group_pin: Vec::new(),
            apart: Vec::new(),
            movable: Vec::new(),
            placed: Vec::new(),
        };
        if p.resolve_unnamed(&sub).is_err() {
            return Some(false);
        }
        let (mut model, _) = p.model();
        model.free += self.n - people.len();
        match feasibility::solve(&model, steps) {
            Outcome::Feasible(_) => Some(true),
            Outcome::Infeasible => Some(false),
            Outcome::Unknown => None,
        }
    }

    /// [`resolve`](Self::resolve) without member names (for the conflict
    /// search, whose messages are not shown).
    fn resolve_unnamed(&mut self, raw: &Raw) -> Result<(), Error> {
        self.ids = (0..self.n).map(|_| Cow::Borrowed("")).collect();
        self.resolve(raw)
    }
}

fn list_semicolons(items: &[String]) -> String {
    match items.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{}; and {last}", rest.join("; ")),
        _ => items.join(""),
    }
}

fn get_opt(v: &[Option<usize>], i: usize) -> Option<usize> {
    v.get(i).copied().flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_naturally() {
        assert_eq!(describe_sizes(&[(3, 3), (3, 3)]), "2 teams of 3 people");
        assert_eq!(describe_sizes(&[(3, 4), (3, 4)]), "2 teams of 3 or 4 people");
        assert_eq!(describe_sizes(&[(2, 5), (2, 5)]), "2 teams of 2 to 5 people");
        assert_eq!(describe_sizes(&[(2, 5), (1, 5)]), "2 teams within their size bounds");
        assert_eq!(describe_sizes(&[(1, 1)]), "1 team of 1 person");
    }
}
