//! Forming balanced teams from a pool of people.
//!
//! See [`Formation`] for the algorithm.

use std::collections::HashMap;

use serde::Serialize;

use crate::actions::constraints::Constraints;
use crate::actions::objective::OrgScore;
use crate::engine::search::Mix;
use crate::error::{Error, ErrorKind};
use crate::model::coverage::Coverage;
use crate::model::member::MemberRef;
use crate::model::roster::Roster;
use crate::util::rng::Rng;

/// Candidates per pole considered by the draft and, for larger pools, by the
/// local search.
const SHORTLIST: usize = 16;
/// Pools up to this size try every swap.
const FULL_NEIGHBOURHOOD: usize = 64;
/// Improvements smaller than this are rounding noise.
const EPS: f64 = 1e-12;

/// Splits a pool into `k` teams whose sizes differ by at most one,
/// maximising the [`OrgScore`] under [`Constraints`].
///
/// # Algorithm
///
/// The objective is the [`OrgScore`]: the highest minimum team health, then
/// the highest mean team health. Team sizes are fixed by the size rule: with
/// `n = q k + r`, `r` teams of `q + 1` and `k - r` of `q`.
///
/// 1. **Constraints.** `together` pairs are merged into groups (union-find);
///    a group is placed as a whole, and pinning one member pins the group.
///    Groups of two or more stay where the construction put them (the local
///    search swaps single people only). A group with an `apart` pair
///    inside, two pins to different teams, more members than the largest
///    team, or more pinned members in a team than fit, is reported as
///    [`ErrorKind::Infeasible`] naming the members.
/// 2. **Construction, scarcest pole first.** Pinned groups go to their
///    teams, then the other groups of two or more, largest first, to the
///    emptiest team that has room and no one they must be apart from. Then a
///    draft: the team with the lowest health (then fewest members, then
///    lowest number) looks at its weaker side and, on it, at its least
///    covered pole (ties: the pole that is scarcest in the pool, the one
///    whose `k` best contributions sum lowest); among the 16 best holders of
///    that pole still unplaced and allowed, it takes the one that raises its
///    health most. Cost: `O(n (k + P log n))` for `n` people, `k` teams and
///    `P` poles.
/// 3. **Local search by swaps.** Teams are visited from the weakest; for
///    team `a`, every movable member `x` of `a` (not pinned, not in a
///    `together` group) is tried against every movable member `y` of another
///    team, and the swap that raises the organisation score most is made.
///    Pools of up to 64 people use this full neighbourhood and stop at a
///    true local optimum. Larger pools try, for each pole of `a`'s weaker
///    side, 16 members spread evenly (from a seeded offset) along the list
///    of those who contribute more to the pole than `a` covers, so that they
///    come from many teams; and a team whose neighbourhood has no improving
///    swap is not searched again until it takes part in a swap ("don't look
///    bits"). One pass costs `O(k m c P)` with `m` the team size and `c` the
///    candidates per team (`n`, or at most `16 P / 2`), plus `O(k log k)` per
///    swap to find the weakest team.
/// 4. **Restarts.** Iterated local search: the best partition so far is
///    perturbed by three random swaps (one involving the weakest team),
///    searched again (larger pools: from the teams the swaps touched), and
///    kept if better; the generator is SplitMix64
///    seeded by [`Formation::seed`], so the same pool and seed give the
///    same teams. Without pins, teams are then numbered by their first row
///    in the pool (the first row is in `Team 1`).
/// 5. **Small pools are enumerated.** When the pool has at most
///    [`Formation::exhaustive_limit`] partitions ([`EXHAUSTIVE_LIMIT`] by
///    default: 12 people into 3 teams have 5,775, 14 into 2 have 1,716),
///    every partition that obeys the size rule and the constraints is
///    scored, and the best replaces the search's result when strictly
///    better, so these answers are optimal. Cost: the number of partitions
///    times `O(n P)`.
///
/// Healths are computed exactly as [`Analyzer`](crate::Analyzer) computes
/// them from a roster where each team's members are in pool order, so the
/// output read back as a roster reports the same healths, bit for bit.
///
/// # Quality and speed
///
/// `tests/formation_quality.rs` compares the heuristic alone (steps 1 to 4,
/// `exhaustive_limit(0)`) with an independent exhaustive search on 200
/// random pools of 6 to 12 people in 2 or 3 teams (and 60 more for each of
/// the other models); `benches/formation.rs` times 200 people into 10 teams
/// and 10,000 into 1,000.
///
/// # Defaults
///
/// [`Coverage::Strongest`], seed 0, restarts chosen from the pool
/// size (`clamp(2000 / n, 32, 100)`), [`EXHAUSTIVE_LIMIT`], no constraints.
///
/// A pool member whose `team` is not empty is pinned to it; the team must be
/// one of `Team 1` to `Team k`, as are pins given in [`Constraints`].
///
/// # Examples
///
/// ```
/// use rolebalance::{Constraints, Formation, Member, Roster};
/// let pool: Roster = [
///     Member::unassigned("ana", [0.9, 0.1, 0.9, 0.1, 0.9, 0.1, 0.9, 0.1])?,
///     Member::unassigned("bo", [0.8, 0.2, 0.8, 0.2, 0.8, 0.2, 0.8, 0.2])?,
///     Member::unassigned("cy", [0.1, 0.9, 0.1, 0.9, 0.1, 0.9, 0.1, 0.9])?,
///     Member::unassigned("dee", [0.2, 0.8, 0.2, 0.8, 0.2, 0.8, 0.2, 0.8])?,
/// ].into_iter().collect();
/// let teams = Formation::new(2).constraints(Constraints::new().pin("ana", "Team 2")).form(&pool)?;
/// assert_eq!(teams.team_of(0), Some(1));
/// assert_ne!(teams.team_of(0), teams.team_of(1)); // the two leaders are split
/// assert!((teams.score().min_health() - 0.8).abs() < 1e-12);
/// let roster = teams.roster(&pool);
/// assert_eq!(roster.get(0).unwrap().team(), "Team 2");
/// # Ok::<(), rolebalance::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Formation {
    teams: usize,
    model: Coverage,
    seed: u64,
    restarts: Option<usize>,
    exhaustive_limit: u64,
    constraints: Constraints,
}

/// The default of [`Formation::exhaustive_limit`]: pools with at most this
/// many partitions are enumerated.
///
/// ```
/// assert_eq!(rolebalance::EXHAUSTIVE_LIMIT, 20_000);
/// ```
pub const EXHAUSTIVE_LIMIT: u64 = 20_000;

impl Formation {
    /// Forms `teams` teams (checked against the pool when forming).
    pub fn new(teams: usize) -> Formation {
        Formation {
            teams,
            model: Coverage::Strongest,
            seed: 0,
            restarts: None,
            exhaustive_limit: EXHAUSTIVE_LIMIT,
            constraints: Constraints::new(),
        }
    }

    /// The coverage model health is computed with.
    pub fn model(mut self, model: Coverage) -> Formation {
        self.model = model;
        self
    }

    /// The seed of the restarts.
    pub fn seed(mut self, seed: u64) -> Formation {
        self.seed = seed;
        self
    }

    /// How many perturbed restarts follow the first search (0: construction
    /// and one local search only).
    pub fn restarts(mut self, restarts: usize) -> Formation {
        self.restarts = Some(restarts);
        self
    }

    /// After the search, pools with at most `limit` partitions (counted as
    /// `n! / prod(size!)`, divided by `k!` when nobody is pinned) are
    /// enumerated in full, and the best partition replaces the search's when
    /// it is strictly better. 0 turns this off, leaving the heuristic alone.
    pub fn exhaustive_limit(mut self, limit: u64) -> Formation {
        self.exhaustive_limit = limit;
        self
    }

    /// The constraints to respect.
    pub fn constraints(mut self, constraints: Constraints) -> Formation {
        self.constraints = constraints;
        self
    }

    /// The name of team number `index` (0-based): `Team {index + 1}`.
    ///
    /// ```
    /// assert_eq!(rolebalance::Formation::team_name(0), "Team 1");
    /// ```
    pub fn team_name(index: usize) -> String {
        format!("Team {}", index + 1)
    }

    /// Partitions `pool` (members in pool order; their `team` pins them when
    /// not empty).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::TeamCount`] unless `1 <= k <= n`;
    /// [`ErrorKind::PoleCount`] for a member that does not match the
    /// framework; [`ErrorKind::DuplicateId`] for an id listed twice;
    /// [`ErrorKind::UnknownMember`] for a constraint naming someone not in
    /// the pool; [`ErrorKind::UnknownPinTeam`] for a pin to a team other than
    /// `Team 1` to `Team k`; [`ErrorKind::Infeasible`] when the constraints
    /// cannot be met. The construction places people greedily: with many
    /// `apart` pairs among few teams (a graph colouring problem) it may
    /// report a conflict that another placement would have avoided; the
    /// message names the person it could not place.
    pub fn form(&self, pool: &Roster) -> Result<Assignment, Error> {
        let problem = Problem::new(self, pool)?;
        let mut rng = Rng::new(self.seed);
        let mut best = problem.construct()?;
        problem.local_search(&mut best, &mut rng, None);
        let restarts = self.restarts.unwrap_or_else(|| (2000 / problem.n.max(1)).clamp(32, 100));
        let movable = problem.movable.iter().filter(|&&m| m).count();
        if movable >= 2 && problem.k >= 2 {
            for _ in 0..restarts {
                let mut s = best.clone();
                let touched = problem.perturb(&mut s, &mut rng);
                problem.local_search(&mut s, &mut rng, Some(&touched));
                if problem.better(s.min(), s.sum, best.min(), best.sum) {
                    best = s;
                }
            }
        }
        if problem.partitions() <= self.exhaustive_limit as f64 {
            if let Some(s) = problem.exhaustive(&best) {
                best = s;
            }
        }
        let mut team_of = vec![0; problem.n];
        for (&p, &t) in problem.order.iter().zip(&best.team) {
            if let Some(slot) = team_of.get_mut(p) {
                *slot = t;
            }
        }
        // Without pins teams are interchangeable: number them by their first
        // row in the pool.
        if problem.group_pin.iter().all(Option::is_none) {
            let mut label = vec![usize::MAX; problem.k];
            let mut next = 0;
            for &t in &team_of {
                if let Some(l) = label.get_mut(t).filter(|l| **l == usize::MAX) {
                    *l = next;
                    next += 1;
                }
            }
            for t in team_of.iter_mut() {
                *t = get(&label, *t);
            }
            let mut relabelled = best.clone();
            for (internal, &p) in problem.order.iter().enumerate() {
                if let Some(slot) = relabelled.team.get_mut(internal) {
                    *slot = get(&team_of, p);
                }
            }
            for (t, members) in relabelled.members.iter_mut().enumerate() {
                *members = (0..problem.n).filter(|&i| get(&relabelled.team, i) == t).collect();
            }
            best = relabelled;
        }
        let healths: Vec<f64> = (0..problem.k).map(|t| problem.pool_health(&best, t)).collect();
        Ok(Assignment { teams: problem.k, score: OrgScore::from_healths(healths.iter().copied()), healths, team_of })
    }
}

/// The teams a [`Formation`] found: a team number (0-based) per pool member.
///
/// ```
/// use rolebalance::{Formation, Member, Roster};
/// let pool: Roster = (0..6)
///     .map(|i| Member::unassigned(format!("p{i}"), [0.1 * i as f64; 8]))
///     .collect::<Result<_, _>>()?;
/// let teams = Formation::new(3).form(&pool)?;
/// assert_eq!(teams.teams(), 3);
/// assert_eq!((0..3).map(|t| teams.members_of(t).len()).sum::<usize>(), 6);
/// assert_eq!(teams.healths().len(), 3);
/// assert_eq!(teams.team_of(0), Some(0)); // the first row is in Team 1
/// # Ok::<(), rolebalance::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assignment {
    teams: usize,
    team_of: Vec<usize>,
    healths: Vec<f64>,
    score: OrgScore,
}

impl Assignment {
    /// The number of teams.
    pub fn teams(&self) -> usize {
        self.teams
    }

    /// The team of pool member number `member` (pool order).
    pub fn team_of(&self, member: usize) -> Option<usize> {
        self.team_of.get(member).copied()
    }

    /// The pool members (indices in pool order) of team `team`.
    pub fn members_of(&self, team: usize) -> Vec<usize> {
        self.team_of.iter().enumerate().filter(|(_, &t)| t == team).map(|(i, _)| i).collect()
    }

    /// The health of every team, by team number.
    pub fn healths(&self) -> &[f64] {
        &self.healths
    }

    /// The organisation score.
    pub fn score(&self) -> OrgScore {
        self.score
    }

    /// The pool as a roster: every member with its team (`Team 1` to
    /// `Team k`), in pool order.
    pub fn roster(&self, pool: &Roster) -> Roster {
        let mut out = Roster::new(pool.framework().clone());
        for (m, &t) in pool.iter().zip(&self.team_of) {
            out.push_checked(m.id(), m.name(), &Formation::team_name(t), m.weight(), m.strengths());
        }
        out
    }
}

/// A partition during the search.
#[derive(Debug, Clone)]
struct State {
    /// Team per member.
    team: Vec<usize>,
    /// Members per team, ascending.
    members: Vec<Vec<usize>>,
    health: Vec<f64>,
    sum: f64,
}

impl State {
    fn min(&self) -> f64 {
        self.health.iter().copied().fold(f64::INFINITY, f64::min)
    }
}

/// The pool, checked and indexed.
struct Problem<'a> {
    /// Pool index of each member; members are numbered in id order.
    order: Vec<usize>,
    model: Coverage,
    poles: usize,
    n: usize,
    k: usize,
    q: usize,
    r: usize,
    ids: Vec<&'a str>,
    weight: Vec<f64>,
    strengths: Vec<&'a [f64]>,
    /// Groups of `together` members, ascending, in order of first member.
    groups: Vec<Vec<usize>>,
    /// Pinned team per group.
    group_pin: Vec<Option<usize>>,
    /// Members each member must be apart from.
    apart: Vec<Vec<usize>>,
    /// Neither pinned nor in a group of two or more.
    movable: Vec<bool>,
    /// Per pole, members by contribution, largest first (ties: pool order).
    by_pole: Vec<Vec<usize>>,
    /// Per pole, the sum of the `k` largest contributions: lower is scarcer.
    scarcity: Vec<f64>,
}

fn get<T: Copy + Default>(v: &[T], i: usize) -> T {
    v.get(i).copied().unwrap_or_default()
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

fn names(ids: &[&str], members: &[usize]) -> String {
    let names: Vec<String> = members.iter().filter_map(|&i| ids.get(i)).map(|id| format!("`{id}`")).collect();
    match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => names.join(""),
    }
}

fn infeasible(reason: String) -> Error {
    ErrorKind::Infeasible { reason }.into()
}

impl<'a> Problem<'a> {
    fn new(f: &Formation, pool: &'a Roster) -> Result<Problem<'a>, Error> {
        let n = pool.len();
        let k = f.teams;
        if k == 0 || k > n {
            return Err(ErrorKind::TeamCount { teams: k, people: n }.into());
        }
        let poles = pool.framework().pole_count();
        let mut seen: HashMap<&str, ()> = HashMap::with_capacity(n);
        for m in pool.iter() {
            if m.strengths().len() != poles {
                return Err(ErrorKind::PoleCount {
                    id: m.id().to_string(),
                    expected: poles,
                    found: m.strengths().len(),
                }
                .into());
            }
            if seen.insert(m.id(), ()).is_some() {
                return Err(ErrorKind::DuplicateId { id: m.id().to_string() }.into());
            }
        }
        // The search works in id order, so that ties break by member id
        // whatever the order of the pool's rows.
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by(|&a, &b| pool.get(a).map(|m| m.id()).cmp(&pool.get(b).map(|m| m.id())));
        let members: Vec<MemberRef<'_>> = order.iter().filter_map(|&i| pool.get(i)).collect();
        let index: HashMap<&str, usize> = members.iter().enumerate().map(|(i, m)| (m.id(), i)).collect();
        let lookup = |constraint: &str, id: &str| {
            index.get(id).copied().ok_or_else(|| {
                Error::from(ErrorKind::UnknownMember { constraint: constraint.to_string(), id: id.to_string() })
            })
        };
        let ids: Vec<&str> = members.iter().map(|m| m.id()).collect();
        // Together groups.
        let mut parent: Vec<usize> = (0..n).collect();
        for (a, b) in f.constraints.together_pairs() {
            let (a, b) = (lookup("together", a)?, lookup("together", b)?);
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
        let (q, r) = (n / k, n % k);
        let largest = if r > 0 { q + 1 } else { q };
        for g in &groups {
            if g.len() > largest {
                return Err(infeasible(format!(
                    "{} must be together, but teams have at most {largest} members",
                    names(&ids, g)
                )));
            }
        }
        // Apart pairs.
        let mut apart = vec![Vec::new(); n];
        for (a, b) in f.constraints.apart_pairs() {
            let (a, b) = (lookup("apart", a)?, lookup("apart", b)?);
            if a == b || get(&group_of, a) == get(&group_of, b) {
                return Err(infeasible(format!(
                    "{} must be apart, but must also be together",
                    names(&ids, &[a.min(b), a.max(b)])
                )));
            }
            for (x, y) in [(a, b), (b, a)] {
                if let Some(v) = apart.get_mut(x) {
                    v.push(y);
                }
            }
        }
        // Pins: the pool's team column, then the constraints.
        let team_number = |id: &str, team: &str| -> Result<usize, Error> {
            team.strip_prefix("Team ")
                .and_then(|s| s.parse::<usize>().ok())
                .filter(|&t| t >= 1 && t <= k && team == Formation::team_name(t - 1))
                .map(|t| t - 1)
                .ok_or_else(|| {
                    Error::from(ErrorKind::UnknownPinTeam { id: id.to_string(), team: team.to_string(), teams: k })
                })
        };
        let mut pins: Vec<(usize, usize)> = Vec::new();
        for (i, m) in members.iter().enumerate() {
            if !m.team().is_empty() {
                pins.push((i, team_number(m.id(), m.team())?));
            }
        }
        for (id, team) in f.constraints.pins() {
            pins.push((lookup("pinned", id)?, team_number(id, team)?));
        }
        // (team, member who pinned it) per group.
        let mut pinned_by: Vec<Option<(usize, usize)>> = vec![None; groups.len()];
        for (i, t) in pins {
            let g = get(&group_of, i);
            match pinned_by.get(g).copied().flatten() {
                Some((t0, j)) if t0 != t => {
                    let (t0, t1) = (Formation::team_name(t0.min(t)), Formation::team_name(t0.max(t)));
                    return Err(infeasible(if j == i {
                        format!("{} is pinned to {t0} and {t1}", names(&ids, &[i]))
                    } else {
                        format!(
                            "{} must be together, but are pinned to {t0} and {t1}",
                            names(&ids, &[i.min(j), i.max(j)])
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
        let movable: Vec<bool> = (0..n)
            .map(|i| {
                let g = get(&group_of, i);
                groups.get(g).map_or(0, Vec::len) == 1 && group_pin.get(g).copied().flatten().is_none()
            })
            .collect();
        let weight: Vec<f64> = members.iter().map(|m| m.weight()).collect();
        let strengths: Vec<&[f64]> = members.iter().map(|m| m.strengths()).collect();
        let contribution = |i: usize, p: usize| get(&weight, i) * strengths.get(i).map_or(0.0, |s| get(s, p));
        let mut by_pole = Vec::with_capacity(poles);
        let mut scarcity = Vec::with_capacity(poles);
        for p in 0..poles {
            let mut order: Vec<usize> = (0..n).collect();
            order.sort_by(|&a, &b| contribution(b, p).total_cmp(&contribution(a, p)).then(a.cmp(&b)));
            scarcity.push(order.iter().take(k).map(|&i| contribution(i, p)).sum());
            by_pole.push(order);
        }
        Ok(Problem {
            order,
            model: f.model,
            poles,
            n,
            k,
            q,
            r,
            ids,
            weight,
            strengths,
            groups,
            group_pin,
            apart,
            movable,
            by_pole,
            scarcity,
        })
    }

    /// `weight * strength` of member `i` on pole `p`.
    fn contribution(&self, i: usize, p: usize) -> f64 {
        get(&self.weight, i) * self.strengths.get(i).map_or(0.0, |s| get(s, p))
    }

    fn mix_of<I: IntoIterator<Item = usize>>(&self, members: I) -> Mix {
        let mut mix = Mix::new(self.model, self.poles);
        for i in members {
            mix.add(get(&self.weight, i), self.strengths.get(i).copied().unwrap_or(&[]));
        }
        mix
    }

    /// The health of team `t` with its members folded in pool order, as the
    /// analysis of the output roster computes it.
    fn pool_health(&self, s: &State, t: usize) -> f64 {
        let mut members: Vec<(usize, usize)> =
            s.members.get(t).into_iter().flatten().map(|&i| (get(&self.order, i), i)).collect();
        members.sort_unstable();
        self.mix_of(members.into_iter().map(|(_, i)| i)).health()
    }

    /// The health of team `t` during the search: members folded in id order.
    fn team_health(&self, s: &State, t: usize) -> f64 {
        self.mix_of(s.members.get(t).into_iter().flatten().copied()).health()
    }

    /// Whether `(min, sum)` beats `(min0, sum0)` by more than rounding noise.
    fn better(&self, min: f64, sum: f64, min0: f64, sum0: f64) -> bool {
        min > min0 + EPS || (min >= min0 - EPS && sum > sum0 + EPS)
    }

    /// Whether member `i` may join team `t` when `leaving` leaves it, with
    /// `team_of` giving each member's team (`None`: not placed yet).
    fn allowed<F: Fn(usize) -> Option<usize>>(&self, team_of: F, i: usize, t: usize, leaving: Option<usize>) -> bool {
        self.apart.get(i).map_or(true, |v| v.iter().all(|&z| Some(z) == leaving || team_of(z) != Some(t)))
    }

    /// Step 2: pinned groups, then larger groups, then the draft.
    fn construct(&self) -> Result<State, Error> {
        let (n, k, q, r) = (self.n, self.k, self.q, self.r);
        let mut team: Vec<Option<usize>> = vec![None; n];
        let mut members: Vec<Vec<usize>> = vec![Vec::new(); k];
        let mut mixes: Vec<Mix> = vec![Mix::new(self.model, self.poles); k];
        let mut big = 0usize;
        let size = |members: &[Vec<usize>], t: usize| members.get(t).map_or(0, Vec::len);
        let fits = |members: &[Vec<usize>], big: usize, t: usize, g: usize| {
            let s = size(members, t) + g;
            s <= q || (s == q + 1 && big < r)
        };
        let place = |team: &mut Vec<Option<usize>>,
                     members: &mut Vec<Vec<usize>>,
                     mixes: &mut Vec<Mix>,
                     big: &mut usize,
                     t: usize,
                     unit: &[usize]| {
            for &i in unit {
                if let Some(slot) = team.get_mut(i) {
                    *slot = Some(t);
                }
                if let Some(m) = members.get_mut(t) {
                    m.push(i);
                }
                if let Some(mix) = mixes.get_mut(t) {
                    mix.add(get(&self.weight, i), self.strengths.get(i).copied().unwrap_or(&[]));
                }
            }
            if size(members, t) == q + 1 {
                *big += 1;
            }
        };
        let group_allowed = |team: &[Option<usize>], g: &[usize], t: usize| {
            g.iter().all(|&i| self.allowed(|z| get(team, z), i, t, None))
        };
        // Pinned groups.
        for (gi, g) in self.groups.iter().enumerate() {
            let Some(t) = self.group_pin.get(gi).copied().flatten() else { continue };
            if !fits(&members, big, t, g.len()) {
                let mut pinned: Vec<usize> = members.get(t).cloned().unwrap_or_default();
                pinned.extend(g);
                pinned.sort_unstable();
                return Err(infeasible(format!(
                    "{} are pinned to {}, but with {n} people in {k} teams no more than {} fit there",
                    names(&self.ids, &pinned),
                    Formation::team_name(t),
                    if big < r || size(&members, t) == q + 1 { q + 1 } else { q }
                )));
            }
            if !group_allowed(&team, g, t) {
                let who = g.iter().find_map(|&i| {
                    self.apart.get(i)?.iter().find(|&&z| get(&team, z) == Some(t)).map(|&z| (i.min(z), i.max(z)))
                });
                let (a, b) = who.unwrap_or((0, 0));
                return Err(infeasible(format!(
                    "{} must be apart, but are pinned to {}",
                    names(&self.ids, &[a, b]),
                    Formation::team_name(t)
                )));
            }
            place(&mut team, &mut members, &mut mixes, &mut big, t, g);
        }
        // Other groups of two or more, largest first.
        let mut multi: Vec<usize> = (0..self.groups.len())
            .filter(|&g| {
                self.group_pin.get(g).copied().flatten().is_none() && self.groups.get(g).map_or(0, Vec::len) >= 2
            })
            .collect();
        multi.sort_by_key(|&g| std::cmp::Reverse(self.groups.get(g).map_or(0, Vec::len)));
        for gi in multi {
            let Some(g) = self.groups.get(gi) else { continue };
            let t = (0..k)
                .filter(|&t| fits(&members, big, t, g.len()) && group_allowed(&team, g, t))
                .min_by_key(|&t| (size(&members, t), t));
            let Some(t) = t else {
                return Err(infeasible(format!(
                    "no team has room for {}, who must be together, without someone they must be apart from",
                    names(&self.ids, g)
                )));
            };
            place(&mut team, &mut members, &mut mixes, &mut big, t, g);
        }
        // People who must be apart from someone, most constrained first, each
        // where they fit beside the fewest: left to the draft, the last of them
        // could find every team with room holding someone they must avoid.
        let mut constrained: Vec<usize> =
            (0..n).filter(|&i| get(&team, i).is_none() && self.apart.get(i).is_some_and(|v| !v.is_empty())).collect();
        constrained.sort_by_key(|&i| (std::cmp::Reverse(self.apart.get(i).map_or(0, Vec::len)), i));
        for i in constrained {
            let t = (0..k)
                .filter(|&t| fits(&members, big, t, 1) && self.allowed(|z| get(&team, z), i, t, None))
                .min_by_key(|&t| (size(&members, t), t));
            let Some(t) = t else {
                return Err(infeasible(format!(
                    "no team with room can take {}: each has someone they must be apart from",
                    names(&self.ids, &[i])
                )));
            };
            place(&mut team, &mut members, &mut mixes, &mut big, t, &[i]);
        }
        // The draft.
        let mut left = team.iter().filter(|t| t.is_none()).count();
        let mut cursor = vec![0usize; self.poles];
        let mut health: Vec<f64> = mixes.iter().map(Mix::health).collect();
        while left > 0 {
            let mut blocked: Vec<usize> = Vec::new();
            let mut chosen = None;
            while chosen.is_none() {
                let next = (0..k).filter(|&t| fits(&members, big, t, 1) && !blocked.contains(&t)).min_by(|&a, &b| {
                    get(&health, a)
                        .total_cmp(&get(&health, b))
                        .then(size(&members, a).cmp(&size(&members, b)))
                        .then(a.cmp(&b))
                });
                let Some(t) = next else { break };
                blocked.push(t);
                let Some(mix) = mixes.get(t) else { continue };
                let pole = self.target_pole(mix);
                // Advance the cursor past placed members.
                let list = self.by_pole.get(pole).map_or(&[][..], Vec::as_slice);
                let cur = cursor.get_mut(pole);
                let mut start = cur.as_deref().copied().unwrap_or(0);
                while list.get(start).is_some_and(|&i| get(&team, i).is_some()) {
                    start += 1;
                }
                if let Some(c) = cur {
                    *c = start;
                }
                let shortlist: Vec<usize> = list
                    .iter()
                    .skip(start)
                    .copied()
                    .filter(|&i| get(&team, i).is_none() && self.allowed(|z| get(&team, z), i, t, None))
                    .take(SHORTLIST)
                    .collect();
                let best = shortlist
                    .iter()
                    .map(|&i| {
                        let h = mix.health_with(get(&self.weight, i), self.strengths.get(i).copied().unwrap_or(&[]));
                        (i, h)
                    })
                    .fold(None, |acc: Option<(usize, f64)>, (i, h)| match acc {
                        Some((_, bh)) if bh >= h => acc,
                        _ => Some((i, h)),
                    });
                if let Some((i, _)) = best {
                    chosen = Some((t, i));
                }
            }
            let Some((t, i)) = chosen else {
                let stuck: Vec<usize> = (0..n).filter(|&i| get(&team, i).is_none()).take(1).collect();
                return Err(infeasible(format!(
                    "no team with room can take {}: each has someone they must be apart from",
                    names(&self.ids, &stuck)
                )));
            };
            place(&mut team, &mut members, &mut mixes, &mut big, t, &[i]);
            if let (Some(h), Some(mix)) = (health.get_mut(t), mixes.get(t)) {
                *h = mix.health();
            }
            left -= 1;
        }
        let team: Vec<usize> = team.into_iter().map(Option::unwrap_or_default).collect();
        for m in members.iter_mut() {
            m.sort_unstable();
        }
        let mut s = State { team, members, health: vec![0.0; k], sum: 0.0 };
        for t in 0..k {
            let h = self.team_health(&s, t);
            if let Some(slot) = s.health.get_mut(t) {
                *slot = h;
            }
        }
        s.sum = s.health.iter().sum();
        Ok(s)
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
            .filter(|p| {
                if d < c {
                    p % 2 == 0
                } else if c < d {
                    p % 2 == 1
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

    /// Members of other teams that `a` may swap with.
    fn candidates(&self, s: &State, a: usize, stamp: &mut [bool], rng: &mut Rng) -> Vec<usize> {
        if self.n <= FULL_NEIGHBOURHOOD {
            return (0..self.n).filter(|&y| get(&self.movable, y) && get(&s.team, y) != a).collect();
        }
        let mix = self.mix_of(s.members.get(a).into_iter().flatten().copied());
        let cov: Vec<f64> = mix.coverages().collect();
        let side_mean = |odd: usize| {
            let v: Vec<f64> = cov.iter().copied().skip(odd).step_by(2).collect();
            v.iter().sum::<f64>() / v.len().max(1) as f64
        };
        let (d, c) = (side_mean(0), side_mean(1));
        let mut out = Vec::new();
        for p in 0..self.poles {
            let weak = if d < c {
                p % 2 == 0
            } else if c < d {
                p % 2 == 1
            } else {
                true
            };
            if !weak {
                continue;
            }
            // Members contributing more to `p` than the team covers, sampled
            // evenly along the list so that they come from many teams.
            let list = self.by_pole.get(p).map_or(&[][..], Vec::as_slice);
            let have = get(&cov, p);
            let stronger = list.partition_point(|&i| self.contribution(i, p) > have);
            let step = (stronger / SHORTLIST).max(1);
            let offset = if step > 1 { rng.below(step) } else { 0 };
            let picks = list
                .iter()
                .take(stronger)
                .skip(offset)
                .step_by(step)
                .copied()
                .filter(|&y| get(&self.movable, y) && get(&s.team, y) != a)
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

    /// The best improving swap of a member of `a` with a candidate, as
    /// `(x, y)`.
    fn best_swap(
        &self,
        s: &State,
        a: usize,
        stamp: &mut [bool],
        lowest: &[(f64, usize)],
        rng: &mut Rng,
    ) -> Option<(usize, usize)> {
        let team_a = s.members.get(a)?;
        let xs: Vec<usize> = team_a.iter().copied().filter(|&x| get(&self.movable, x)).collect();
        if xs.is_empty() {
            return None;
        }
        let rest_a: Vec<Mix> = xs.iter().map(|&x| self.mix_of(team_a.iter().copied().filter(|&i| i != x))).collect();
        let placed = |z: usize| s.team.get(z).copied();
        let (cur_min, cur_sum) = (lowest.first().map_or(0.0, |l| l.0), s.sum);
        let (mut best_min, mut best_sum, mut best) = (cur_min, cur_sum, None);
        let ha = get(&s.health, a);
        for y in self.candidates(s, a, stamp, rng) {
            let b = get(&s.team, y);
            let team_b = s.members.get(b).map_or(&[][..], Vec::as_slice);
            let rest_b = self.mix_of(team_b.iter().copied().filter(|&i| i != y));
            let hb = get(&s.health, b);
            let others = lowest.iter().find(|&&(_, t)| t != a && t != b).map_or(f64::INFINITY, |l| l.0);
            let (wy, sy) = (get(&self.weight, y), self.strengths.get(y).copied().unwrap_or(&[]));
            for (&x, rest) in xs.iter().zip(&rest_a) {
                if !self.allowed(placed, x, b, Some(y)) || !self.allowed(placed, y, a, Some(x)) {
                    continue;
                }
                let new_a = rest.health_with(wy, sy);
                let new_b = rest_b.health_with(get(&self.weight, x), self.strengths.get(x).copied().unwrap_or(&[]));
                let min = new_a.min(new_b).min(others);
                let sum = cur_sum - ha - hb + new_a + new_b;
                if self.better(min, sum, best_min, best_sum) {
                    (best_min, best_sum, best) = (min, sum, Some((x, y)));
                }
            }
        }
        best
    }

    fn apply(&self, s: &mut State, x: usize, y: usize) {
        let (a, b) = (get(&s.team, x), get(&s.team, y));
        for (from, to, out, inn) in [(a, b, x, y), (b, a, y, x)] {
            if let Some(m) = s.members.get_mut(from) {
                m.retain(|&i| i != out);
                let pos = m.partition_point(|&i| i < inn);
                m.insert(pos, inn);
            }
            if let Some(t) = s.team.get_mut(out) {
                *t = to;
            }
        }
        for t in [a, b] {
            let h = self.team_health(s, t);
            if let Some(slot) = s.health.get_mut(t) {
                *slot = h;
            }
        }
        s.sum = s.health.iter().sum();
    }

    /// The three lowest healths with their teams, lowest first.
    fn lowest(s: &State) -> Vec<(f64, usize)> {
        let mut low: Vec<(f64, usize)> = Vec::with_capacity(4);
        for (t, &h) in s.health.iter().enumerate() {
            let pos = low.partition_point(|&(lh, lt)| lh < h || (lh == h && lt < t));
            if pos < 3 {
                low.insert(pos, (h, t));
                low.truncate(3);
            }
        }
        low
    }

    /// Step 3: swaps until no team has an improving one. With `dirty`, only
    /// those teams are searched at first (for larger pools).
    fn local_search(&self, s: &mut State, rng: &mut Rng, dirty: Option<&[usize]>) {
        let mut stamp = vec![false; self.n];
        let mut clean = vec![dirty.is_some() && self.n > FULL_NEIGHBOURHOOD; self.k];
        for &t in dirty.unwrap_or(&[]) {
            if let Some(c) = clean.get_mut(t) {
                *c = false;
            }
        }
        let max_moves = 50 * self.n + 100;
        let mut moves = 0;
        while moves < max_moves {
            let lowest = Self::lowest(s);
            let mut order: Vec<usize> = (0..self.k).filter(|&t| !get(&clean, t)).collect();
            order.sort_by(|&a, &b| get(&s.health, a).total_cmp(&get(&s.health, b)).then(a.cmp(&b)));
            let mut found = None;
            for a in order {
                match self.best_swap(s, a, &mut stamp, &lowest, rng) {
                    Some(mv) => {
                        found = Some(mv);
                        break;
                    }
                    None => {
                        if let Some(c) = clean.get_mut(a) {
                            *c = true;
                        }
                    }
                }
            }
            match found {
                Some((x, y)) => {
                    let (a, b) = (get(&s.team, x), get(&s.team, y));
                    self.apply(s, x, y);
                    moves += 1;
                    if self.n <= FULL_NEIGHBOURHOOD {
                        clean.iter_mut().for_each(|c| *c = false);
                    }
                    for t in [a, b] {
                        if let Some(c) = clean.get_mut(t) {
                            *c = false;
                        }
                    }
                }
                None => break,
            }
        }
    }

    /// An upper bound of the number of partitions that obey the size rule:
    /// `n! / prod(size!)`, divided by `k!` when no team is pinned (teams are
    /// then interchangeable).
    fn partitions(&self) -> f64 {
        let ln_fact = |m: usize| (2..=m).map(|i| (i as f64).ln()).sum::<f64>();
        let mut ln = ln_fact(self.n) - self.r as f64 * ln_fact(self.q + 1) - (self.k - self.r) as f64 * ln_fact(self.q);
        if self.group_pin.iter().all(Option::is_none) {
            ln -= ln_fact(self.k);
        }
        ln.exp()
    }

    /// Every partition that obeys the size rule and the constraints; the
    /// best one if it is strictly better than `incumbent`.
    fn exhaustive(&self, incumbent: &State) -> Option<State> {
        struct Walk<'p, 'a> {
            p: &'p Problem<'a>,
            team: Vec<Option<usize>>,
            members: Vec<Vec<usize>>,
            big: usize,
            symmetric: bool,
            best: (f64, f64),
            found: Option<Vec<Option<usize>>>,
        }
        impl Walk<'_, '_> {
            fn visit(&mut self, g: usize, used: usize) {
                let p = self.p;
                let Some(group) = p.groups.get(g) else {
                    let (mut min, mut sum) = (f64::INFINITY, 0.0);
                    for m in &self.members {
                        let h = p.mix_of(m.iter().copied()).health();
                        min = min.min(h);
                        sum += h;
                    }
                    if p.better(min, sum, self.best.0, self.best.1) {
                        self.best = (min, sum);
                        self.found = Some(self.team.clone());
                    }
                    return;
                };
                let teams: Vec<usize> = match p.group_pin.get(g).copied().flatten() {
                    Some(t) => vec![t],
                    None if self.symmetric => (0..p.k.min(used + 1)).collect(),
                    None => (0..p.k).collect(),
                };
                for t in teams {
                    let size = self.members.get(t).map_or(0, Vec::len) + group.len();
                    let grows_big = size == p.q + 1;
                    if size > p.q + 1 || (grows_big && self.big >= p.r) {
                        continue;
                    }
                    let team = &self.team;
                    if !group.iter().all(|&i| p.allowed(|z| get(team, z), i, t, None)) {
                        continue;
                    }
                    for &i in group {
                        if let Some(slot) = self.team.get_mut(i) {
                            *slot = Some(t);
                        }
                        if let Some(m) = self.members.get_mut(t) {
                            m.push(i);
                        }
                    }
                    self.big += usize::from(grows_big);
                    self.visit(g + 1, used.max(t + 1));
                    self.big -= usize::from(grows_big);
                    for &i in group {
                        if let Some(slot) = self.team.get_mut(i) {
                            *slot = None;
                        }
                        if let Some(m) = self.members.get_mut(t) {
                            m.pop();
                        }
                    }
                }
            }
        }
        let mut walk = Walk {
            p: self,
            team: vec![None; self.n],
            members: vec![Vec::new(); self.k],
            big: 0,
            symmetric: self.group_pin.iter().all(Option::is_none),
            best: (incumbent.min(), incumbent.sum),
            found: None,
        };
        walk.visit(0, 0);
        let team: Vec<usize> = walk.found?.into_iter().map(Option::unwrap_or_default).collect();
        let mut members = vec![Vec::new(); self.k];
        for (i, &t) in team.iter().enumerate() {
            if let Some(m) = members.get_mut(t) {
                m.push(i);
            }
        }
        let mut s = State { team, members, health: vec![0.0; self.k], sum: 0.0 };
        for t in 0..self.k {
            let h = self.team_health(&s, t);
            if let Some(slot) = s.health.get_mut(t) {
                *slot = h;
            }
        }
        s.sum = s.health.iter().sum();
        Some(s)
    }

    /// Step 4: three random swaps, the first with a member of the weakest team.
    /// Returns the teams it changed.
    fn perturb(&self, s: &mut State, rng: &mut Rng) -> Vec<usize> {
        let mut touched = Vec::new();
        let movable: Vec<usize> = (0..self.n).filter(|&i| get(&self.movable, i)).collect();
        let weakest = Self::lowest(s).first().map_or(0, |l| l.1);
        for round in 0..3 {
            for _ in 0..20 {
                let x = if round == 0 {
                    let here: Vec<usize> = movable.iter().copied().filter(|&i| get(&s.team, i) == weakest).collect();
                    if here.is_empty() {
                        get(&movable, rng.below(movable.len()))
                    } else {
                        get(&here, rng.below(here.len()))
                    }
                } else {
                    get(&movable, rng.below(movable.len()))
                };
                let y = get(&movable, rng.below(movable.len()));
                let (a, b) = (get(&s.team, x), get(&s.team, y));
                let placed = |z: usize| s.team.get(z).copied();
                if a == b || !self.allowed(placed, x, b, Some(y)) || !self.allowed(placed, y, a, Some(x)) {
                    continue;
                }
                self.apply(s, x, y);
                touched.extend([a, b]);
                break;
            }
        }
        touched
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Member;

    fn pool(rows: &[[f64; 8]]) -> Roster {
        rows.iter().enumerate().map(|(i, s)| Member::unassigned(format!("p{i}"), *s).unwrap()).collect()
    }

    fn lead(x: f64) -> [f64; 8] {
        [x, 0.1, x, 0.1, x, 0.1, x, 0.1]
    }

    fn manage(x: f64) -> [f64; 8] {
        [0.1, x, 0.1, x, 0.1, x, 0.1, x]
    }

    #[test]
    fn sizes_differ_by_at_most_one() {
        let rows: Vec<[f64; 8]> = (0..11).map(|i| if i % 2 == 0 { lead(0.9) } else { manage(0.8) }).collect();
        let p = pool(&rows);
        for k in 1..=11 {
            let a = Formation::new(k).form(&p).unwrap();
            let sizes: Vec<usize> = (0..k).map(|t| a.members_of(t).len()).collect();
            let (lo, hi) = (sizes.iter().min().unwrap(), sizes.iter().max().unwrap());
            assert!(hi - lo <= 1, "{k}: {sizes:?}");
            assert_eq!(sizes.iter().sum::<usize>(), 11);
        }
    }

    #[test]
    fn respects_constraints() {
        let rows = [lead(0.9), lead(0.8), manage(0.9), manage(0.8), lead(0.5), manage(0.5)];
        let p = pool(&rows);
        let c = Constraints::new().together("p0", "p1").apart("p2", "p5").pin("p3", "Team 1");
        let a = Formation::new(2).constraints(c).form(&p).unwrap();
        assert_eq!(a.team_of(0), a.team_of(1));
        assert_ne!(a.team_of(2), a.team_of(5));
        assert_eq!(a.team_of(3), Some(0));
    }

    #[test]
    fn infeasible_constraints_are_named() {
        let p = pool(&[lead(0.9), lead(0.8), manage(0.9), manage(0.8)]);
        let err = |c: Constraints| Formation::new(2).constraints(c).form(&p).unwrap_err().to_string();
        assert_eq!(
            err(Constraints::new().together("p0", "p1").apart("p1", "p0")),
            "infeasible constraints: `p0` and `p1` must be apart, but must also be together"
        );
        assert_eq!(
            err(Constraints::new().together("p0", "p1").together("p1", "p2")),
            "infeasible constraints: `p0`, `p1` and `p2` must be together, but teams have at most 2 members"
        );
        assert_eq!(
            err(Constraints::new().together("p0", "p1").pin("p0", "Team 1").pin("p1", "Team 2")),
            "infeasible constraints: `p0` and `p1` must be together, but are pinned to Team 1 and Team 2"
        );
        assert_eq!(
            err(Constraints::new().pin("p0", "Team 1").pin("p1", "Team 1").pin("p2", "Team 1")),
            "infeasible constraints: `p0`, `p1` and `p2` are pinned to Team 1, but with 4 people in 2 teams \
             no more than 2 fit there"
        );
        assert_eq!(
            err(Constraints::new().apart("p0", "p1").pin("p0", "Team 2").pin("p1", "Team 2")),
            "infeasible constraints: `p0` and `p1` must be apart, but are pinned to Team 2"
        );
        assert_eq!(
            err(Constraints::new().apart("p0", "p1").apart("p1", "p2").apart("p0", "p2")),
            "infeasible constraints: no team with room can take `p2`: each has someone they must be apart from"
        );
        assert_eq!(
            err(Constraints::new().pin("p0", "Team 3")),
            "`p0` is pinned to `Team 3`, which is not one of `Team 1` to `Team 2`"
        );
        assert_eq!(err(Constraints::new().apart("p0", "zed")), "apart constraint names unknown member `zed`");
        assert_eq!(
            Formation::new(5).form(&p).unwrap_err().to_string(),
            "cannot form 5 teams from 4 people: expected 1 to 4 teams"
        );
    }

    proptest::proptest! {
        #[test]
        fn constraints_hold_or_are_reported(
            n in 2usize..24,
            k in 1usize..6,
            seed in 0u64..1000,
            together in proptest::collection::vec((0usize..24, 0usize..24), 0..4),
            apart in proptest::collection::vec((0usize..24, 0usize..24), 0..6),
            pins in proptest::collection::vec((0usize..24, 0usize..6), 0..3),
        ) {
            let k = k.min(n);
            let rows: Vec<[f64; 8]> = (0..n)
                .map(|i| {
                    let x = ((i as u64 * 2654435761 + seed) % 100) as f64 / 100.0;
                    [x, 1.0 - x, (x * 3.0) % 1.0, 0.5, 0.2, x, 0.9 - x * 0.5, 0.3]
                })
                .collect();
            let p = pool(&rows);
            let id = |i: usize| format!("p{}", i % n);
            let mut c = Constraints::new();
            for &(a, b) in &together {
                c = c.together(id(a), id(b));
            }
            for &(a, b) in &apart {
                c = c.apart(id(a), id(b));
            }
            for &(a, t) in &pins {
                c = c.pin(id(a), Formation::team_name(t % k));
            }
            match Formation::new(k).seed(seed).constraints(c).form(&p) {
                Ok(a) => {
                    let sizes: Vec<usize> = (0..k).map(|t| a.members_of(t).len()).collect();
                    proptest::prop_assert!(sizes.iter().max().unwrap() - sizes.iter().min().unwrap() <= 1);
                    let team = |i: usize| a.team_of(i % n).unwrap();
                    for &(x, y) in &together {
                        proptest::prop_assert_eq!(team(x), team(y));
                    }
                    for &(x, y) in &apart {
                        proptest::prop_assert_ne!(team(x), team(y));
                    }
                    for &(x, t) in &pins {
                        proptest::prop_assert_eq!(team(x), t % k);
                    }
                }
                Err(e) => proptest::prop_assert!(matches!(e.kind(), ErrorKind::Infeasible { .. }), "{}", e),
            }
        }
    }

    #[test]
    fn row_order_does_not_matter() {
        let rows: Vec<[f64; 8]> = (0..20)
            .map(|i| [(i * 7 % 10) as f64 / 10.0, (i * 3 % 10) as f64 / 10.0, 0.3, 0.6, 0.2, 0.5, 0.7, 0.1])
            .collect();
        let p = pool(&rows);
        let reversed: Roster = p.iter().rev().map(|m| m.to_member()).collect();
        let (a, b) = (Formation::new(4).form(&p).unwrap(), Formation::new(4).form(&reversed).unwrap());
        // The same partition; teams are numbered by their first row.
        let pos = |id: &str| reversed.iter().position(|x| x.id() == id).unwrap();
        for (i, m) in p.iter().enumerate() {
            for (j, o) in p.iter().enumerate() {
                let same_a = a.team_of(i) == a.team_of(j);
                let same_b = b.team_of(pos(m.id())) == b.team_of(pos(o.id()));
                assert_eq!(same_a, same_b, "{} {}", m.id(), o.id());
            }
        }
        assert_eq!(a.team_of(0), Some(0));
        assert_eq!(b.team_of(0), Some(0));
        assert_eq!(a.score(), b.score());
    }

    #[test]
    fn same_seed_same_teams() {
        let rows: Vec<[f64; 8]> = (0..40)
            .map(|i| [(i * 7 % 10) as f64 / 10.0, (i * 3 % 10) as f64 / 10.0, 0.3, 0.6, 0.2, 0.5, 0.7, 0.1])
            .collect();
        let p = pool(&rows);
        let a = Formation::new(6).seed(3).form(&p).unwrap();
        let b = Formation::new(6).seed(3).form(&p).unwrap();
        assert_eq!(a, b);
    }
}
