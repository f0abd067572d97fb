//! Forming teams from a pool of people: balanced teams (the health
//! objective) or teams each as diverse as possible (the diversity
//! objective, the maximally diverse grouping problem).
//!
//! See [`Formation`] for the objectives and the algorithms.

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;

use crate::actions::constraints::Constraints;
use crate::actions::objective::OrgScore;
use crate::error::{Error, ErrorKind};
use crate::model::coverage::Coverage;
use crate::model::roster::Roster;
use crate::util::rng::Rng;

mod diversity;
mod feasibility;
mod health;
pub(crate) mod instance;
mod prepare;
mod stop;

use instance::DistanceMatrix;
use prepare::{get, Prepared};
use stop::{Ended, Stop};

/// What a [`Formation`] maximises.
///
/// ```
/// use rolebalance::{Distances, Objective};
/// assert!(matches!(Objective::default(), Objective::Health));
/// let diverse = Objective::Diversity(Distances::euclidean());
/// assert_eq!(diverse.to_string(), "diversity (euclidean distances between pole strengths)");
/// ```
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub enum Objective {
    /// Balanced teams: the highest minimum team health, then the highest
    /// mean team health ([`OrgScore`]). The default.
    #[default]
    Health,
    /// Diverse teams: the highest sum, over the teams, of the distances
    /// between every two members of the team.
    Diversity(Distances),
}

impl fmt::Display for Objective {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Objective::Health => f.write_str("health"),
            Objective::Diversity(d) => write!(f, "diversity ({d})"),
        }
    }
}

/// How far apart two people are, for [`Objective::Diversity`].
///
/// ```
/// use rolebalance::{DistanceMatrix, Distances};
/// let by_profile = Distances::euclidean();
/// let by_function = Distances::metric(|a, b| a.iter().zip(b).map(|(x, y)| (x - y).abs()).sum());
/// let given = Distances::matrix(DistanceMatrix::from_fn(3, |i, j| (i * j) as f64)?);
/// assert_eq!(by_function.to_string(), "a given metric of pole strengths");
/// assert_eq!(given.to_string(), "a given matrix of 3 elements");
/// # let _ = by_profile;
/// # Ok::<(), rolebalance::Error>(())
/// ```
#[derive(Clone)]
pub struct Distances {
    source: Source,
}

/// A metric of two members' pole strengths.
type Metric = Arc<dyn Fn(&[f64], &[f64]) -> f64 + Send + Sync>;

#[derive(Clone)]
enum Source {
    Euclidean,
    Metric(Metric),
    Matrix(DistanceMatrix),
}

impl Distances {
    /// The Euclidean distance between two members' pole strengths
    /// (`sqrt(sum over poles of (a - b)²)`; weights are not used).
    pub fn euclidean() -> Distances {
        Distances { source: Source::Euclidean }
    }

    /// A distance computed by `metric` from two members' pole strengths
    /// (in pole order); it is called once per pair, and must return a
    /// finite number (it need not be a true metric: any symmetric score).
    pub fn metric<F: Fn(&[f64], &[f64]) -> f64 + Send + Sync + 'static>(metric: F) -> Distances {
        Distances { source: Source::Metric(Arc::new(metric)) }
    }

    /// Distances given in full: element `i` of the matrix is pool member
    /// `i` (pool order).
    pub fn matrix(matrix: DistanceMatrix) -> Distances {
        Distances { source: Source::Matrix(matrix) }
    }
}

impl fmt::Debug for Distances {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Distances({self})")
    }
}

impl fmt::Display for Distances {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.source {
            Source::Euclidean => f.write_str("euclidean distances between pole strengths"),
            Source::Metric(_) => f.write_str("a given metric of pole strengths"),
            Source::Matrix(m) => write!(f, "a given matrix of {} elements", m.len()),
        }
    }
}

/// The sizes teams may have.
///
/// The default, [`TeamSizes::even`], makes sizes differ by at most one:
/// with `n = q k + r` people in `k` teams, `r` teams of `q + 1` and `k - r`
/// of `q` (the same as bounds `q` to `q + 1` for every team when `r > 0`).
///
/// ```
/// use rolebalance::TeamSizes;
/// assert_eq!(TeamSizes::default(), TeamSizes::even());
/// assert_eq!(TeamSizes::even().bounds(10, 3)?, [(3, 4), (3, 4), (3, 4)]);
/// assert_eq!(TeamSizes::between(2, 5).bounds(10, 3)?, [(2, 5), (2, 5), (2, 5)]);
/// assert_eq!(TeamSizes::per_team([(1, 2), (3, 9)]).bounds(10, 2)?, [(1, 2), (3, 9)]);
/// let err = TeamSizes::between(2, 3).bounds(10, 3).unwrap_err();
/// assert_eq!(err.to_string(), "invalid team sizes: 3 teams of 2 or 3 people hold 6 to 9 people, not 10");
/// # Ok::<(), rolebalance::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TeamSizes {
    rule: SizeRule,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
enum SizeRule {
    #[default]
    Even,
    Between(usize, usize),
    PerTeam(Vec<(usize, usize)>),
}

fn sizes_err(reason: String) -> Error {
    ErrorKind::TeamSizes { reason }.into()
}

impl TeamSizes {
    /// Sizes that differ by at most one (the default).
    pub fn even() -> TeamSizes {
        TeamSizes { rule: SizeRule::Even }
    }

    /// Every team has `min` to `max` members.
    pub fn between(min: usize, max: usize) -> TeamSizes {
        TeamSizes { rule: SizeRule::Between(min, max) }
    }

    /// Team `t` has `bounds[t].0` to `bounds[t].1` members; one pair per
    /// team.
    pub fn per_team<I: IntoIterator<Item = (usize, usize)>>(bounds: I) -> TeamSizes {
        TeamSizes { rule: SizeRule::PerTeam(bounds.into_iter().collect()) }
    }

    /// The `(lower, upper)` bound of each of `teams` teams for `people`
    /// people.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::TeamCount`] for no team, or (even sizes) more teams than
    /// people; [`ErrorKind::TeamSizes`] for a number of bounds that is not
    /// the number of teams, a lower bound above its upper bound, or bounds
    /// that cannot hold `people`.
    ///
    /// ```
    /// use rolebalance::TeamSizes;
    /// assert_eq!(
    ///     TeamSizes::per_team([(3, 2)]).bounds(2, 1).unwrap_err().to_string(),
    ///     "invalid team sizes: Team 1 has bounds 3 to 2: the lower exceeds the upper"
    /// );
    /// assert_eq!(
    ///     TeamSizes::per_team([(1, 2)]).bounds(2, 2).unwrap_err().to_string(),
    ///     "invalid team sizes: 1 pair of bounds for 2 teams"
    /// );
    /// ```
    pub fn bounds(&self, people: usize, teams: usize) -> Result<Vec<(usize, usize)>, Error> {
        if teams == 0 || (matches!(self.rule, SizeRule::Even) && teams > people) {
            return Err(ErrorKind::TeamCount { teams, people }.into());
        }
        let bounds = match &self.rule {
            SizeRule::Even => {
                let (q, r) = (people / teams, people % teams);
                vec![if r > 0 { (q, q + 1) } else { (q, q) }; teams]
            }
            SizeRule::Between(lo, hi) => vec![(*lo, *hi); teams],
            SizeRule::PerTeam(b) => {
                if b.len() != teams {
                    let pairs = if b.len() == 1 { "pair" } else { "pairs" };
                    return Err(sizes_err(format!("{} {pairs} of bounds for {teams} teams", b.len())));
                }
                b.clone()
            }
        };
        for (t, &(lo, hi)) in bounds.iter().enumerate() {
            if lo > hi {
                return Err(sizes_err(format!(
                    "{} has bounds {lo} to {hi}: the lower exceeds the upper",
                    Formation::team_name(t)
                )));
            }
        }
        let (lo, hi) =
            bounds.iter().fold((0usize, 0usize), |(a, b), &(l, h)| (a.saturating_add(l), b.saturating_add(h)));
        if people < lo || people > hi {
            return Err(sizes_err(format!(
                "{} hold {lo} to {hi} people, not {people}",
                prepare::describe_sizes(&bounds)
            )));
        }
        Ok(bounds)
    }
}

/// Splits a pool into teams that maximise an [`Objective`] under team size
/// bounds and [`Constraints`].
///
/// # Objectives
///
/// - [`Objective::Health`] (default): the [`OrgScore`], the highest minimum
///   team health, then the highest mean team health.
/// - [`Objective::Diversity`]: the sum over the teams of the distances
///   between every two members of the same team ([`Distances`]: Euclidean
///   over pole strengths, a metric of them, or a given matrix). This is the
///   *maximally diverse grouping problem* (MDGP; "anticlustering" in
///   psychology): teams each as diverse as possible are also alike one
///   another. [`Formation::form_distances`] groups the elements of a
///   [`DistanceMatrix`] without a pool (an [`MdgpInstance`](crate::MdgpInstance)).
///
/// Sizes follow [`TeamSizes`] (by default they differ by at most one).
///
/// # Constraints and their exact feasibility
///
/// `together` pairs are merged into groups (union-find) that are placed as
/// a whole; pinning one member pins the group; a pool member whose `team`
/// is not empty is pinned to it (`Team 1` to `Team k`, as are pins in
/// [`Constraints`]). Conflicts that need no search are reported at once,
/// naming the members: `apart` inside a group, a group larger than the
/// largest team, two pins of one group, more pinned members than their team
/// holds, an `apart` pair pinned to one team.
///
/// Then the people the constraints touch (groups of two or more, members of
/// an `apart` pair, pinned members) are placed by an **exact** backtracking
/// search over these *units*: a pinned unit in its team, no two units of an
/// `apart` pair together, no team above its upper bound, and enough people
/// left to bring every team up to its lower bound. Each connected part of
/// the `apart` graph is first decided alone (everyone else free: a
/// relaxation, so a part that fails makes the whole fail, however many
/// unrelated units there are). Then the whole: units with the fewest teams
/// left go first (in models of more than 4,096 units × teams, and for
/// ties, a maximum cardinality order: the unit with the most `apart`
/// partners already placed, then the largest, then the one with the most
/// `apart` pairs), teams least loaded first; interchangeable teams (same
/// bounds, nobody pinned, still empty) are tried once; a branch ends as
/// soon as a unit has no team left or the lower bounds are out of reach.
/// So an `apart` cycle of six people splits into two teams of three, and
/// `together` groups of 3, 3, 2, 2 and 2 pack into two teams of six.
/// [`ErrorKind::Infeasible`] means that no partition exists: the message
/// names a minimal set of constraints that cannot hold together (every
/// one named is needed): those of the first connected part of people
/// linked by constraints that is infeasible alone, then blocks of them
/// dropped while the rest stay infeasible, the blocks halved down to
/// single constraints; this filter gets four times the step limit (each
/// test also costs the number of constraints it builds), and once that is
/// spent the constraints not yet tried stay in the message. Each unit
/// placed counts as one step; beyond [`Formation::feasibility_limit`] steps
/// ([`FEASIBILITY_LIMIT`] by default) the answer is
/// [`ErrorKind::FeasibilityUnknown`]: not proven either way. Both
/// objectives start from this placement, keep groups and pinned members
/// where it put them, and move everyone else only in ways that keep every
/// `apart` pair and every size bound.
///
/// # The health search
///
/// Members are numbered in id order, so ties break by id and the pool's
/// row order does not change the teams.
///
/// 1. **Draft, scarcest pole first.** The team with the lowest health (then
///    fewest members, then lowest number) that may still take someone looks
///    at its weaker side and, on it, at its least covered pole (ties: the
///    pole that is scarcest in the pool, the one whose `k` best
///    contributions sum lowest); among the 16 best holders of that pole
///    still unplaced, it takes the one that raises its health most. A team
///    at its upper bound is full, and so is one at its lower bound once
///    everyone left is needed to fill other teams. Cost: `O(n (log k + P))`
///    plus `O(P n log n)` to sort the pole lists, for `n` people, `k`
///    teams, `P` poles.
/// 2. **Local search by trades.** The weakest team not known to be locally
///    optimal is searched: each of its movable members `x` (all of them in
///    teams of up to 48; in larger teams the two top contributors of every
///    pole and 16 others spread evenly from a seeded offset) against
///    candidates `y` of other teams: every movable member of the pool for
///    pools of up to 64 people, otherwise for each pole of the team's weaker
///    side 16 members spread evenly (from a seeded offset) along the list of
///    those who contribute more to the pole than the team covers. The trade
///    that raises the organisation score most is made: a swap of `x` and
///    `y`, or, when the size bounds allow, `y` joining the team or `x`
///    leaving for `y`'s team. A team whose trades do not improve is not
///    searched again until a trade changes it; pools of up to 64 people
///    search every team again after every trade, so they stop at a true
///    local optimum.
/// 3. **Restarts.** Iterated local search: the best partition so far is
///    perturbed by three random swaps (one involving the weakest team),
///    searched again from the teams they touched, and kept if better;
///    [`Formation::restarts`] times.
/// 4. **Small pools are enumerated.** When the pool has at most
///    [`Formation::exhaustive_limit`] partitions within the bounds
///    ([`EXHAUSTIVE_LIMIT`] by default: 12 people into 3 teams have 5,775,
///    14 into 2 have 1,716), every partition that obeys the bounds and the
///    constraints is scored, and the best replaces the search's result when
///    strictly better, so these answers are optimal.
///
/// Healths are computed exactly as [`Analyzer`](crate::Analyzer) computes
/// them from a roster where each team's members are in pool order, so the
/// output read back as a roster reports the same healths, bit for bit.
///
/// # The diversity search
///
/// The distances are kept as an `n × n` matrix (profiles are turned into
/// one first: at most [`MAX_DISTANCE_ELEMENTS`](crate::MAX_DISTANCE_ELEMENTS)
/// people), and for the current partition the gain table
/// `g[t][i] = sum of d(i, j) over the members j of team t`, so that moving
/// `i` from team `a` to `b` changes the objective by `g[b][i] - g[a][i]`
/// and swapping `i` (in `a`) with `j` (in `b`) by
/// `g[b][i] - g[a][i] + g[a][j] - g[b][j] - 2 d(i, j)`; applying a move
/// updates the table in `O(n)`. The search follows the three-phase search
/// of Yang, Cai, Wang and others (*A three-phase search approach with
/// dynamic population size for the maximally diverse grouping problem*,
/// European Journal of Operational Research 302(3), 2022):
///
/// 1. **Population.** 15 random partitions within the bounds, each improved
///    by a descent: passes over every move (each person to their best team,
///    when the bounds allow) and every swap, taking the first improvement,
///    until a pass of both improves nothing (`O(n k + n²)` per pass).
/// 2. **Undirected perturbation** of every member of the population by
///    `θ n / k` random moves or swaps, then descent. θ falls from 1.2 to
///    0.1 (from 2.0 to 1.0 above 400 people, the paper's bounds) as
///    `(1 - progress)²`, progress being the share of the budget or of the
///    time limit spent: the paper falls linearly; the square spends more
///    of the search near the lower bound, which halved the mean gap on
///    the RanReal instances of 120 elements with size ranges.
/// 3. **Crossover**: each member with a random other; `k` times, one parent
///    at random gives its group whose people not yet placed are most
///    diverse, to a random unused team with room; the bounds are then
///    repaired at random; descent; the child replaces the member when at
///    least as good.
/// 4. **Directed perturbation**, three rounds: every team gives up the
///    member that contributes least to it, and the removed members go back
///    first to teams below their lower bound, then each to the team with
///    room whose members they are farthest from on average; descent.
///
/// Steps 2 to 4 repeat; after each round the population is sorted and
/// shrinks linearly to 2 (1 above 400 people) as the budget is spent. The
/// best partition found is returned. With constraints, steps 3 and 4 are
/// skipped (they do not keep pins and `apart` pairs) and the population
/// only perturbs and descends.
///
/// # When the searches stop
///
/// [`Formation::time_limit`] bounds the time of a search, and
/// [`Formation::move_budget`] the number of moves it evaluates (a swap or
/// move tried counts one; a rebuild of the gain table counts `n`); the
/// search stops at whichever comes first and returns the best partition it
/// has. Under a move budget alone the result depends only on the input,
/// the seed and the budget, byte for byte. Defaults: the health search runs
/// its restarts to the end; the diversity search gets a budget of
/// [`DIVERSITY_BUDGET_PER_PAIR`] times `n²` moves, at most
/// [`DIVERSITY_BUDGET_MAX`] (0.3 s for 120 people, 2.4 s for 480, about
/// 10 s from 1,000 on, on the machine of `BENCHMARKS.md`).
///
/// # Team numbers
///
/// When no one is pinned and every team has the same bounds, teams are
/// interchangeable and are numbered by their first row in the pool (the
/// first row is in `Team 1`).
///
/// # Quality and speed
///
/// `tests/formation_quality.rs` compares the health heuristic alone (steps
/// 1 to 3, `exhaustive_limit(0)`) with an independent exhaustive search on
/// 200 random pools of 6 to 12 people in 2 or 3 teams (and 60 more for
/// each of the other models), and the diversity search with the optimum of
/// small MDGP instances; `benches/formation.rs` times pools of 200 to
/// 100,000 people, and `benches/mdgp.rs` measures the diversity search
/// against the best-known values of published MDGPLIB instances
/// (`BENCHMARKS.md`).
///
/// # Defaults
///
/// [`Objective::Health`], [`TeamSizes::even`], [`Coverage::Strongest`],
/// seed 0, restarts chosen from the pool size (`clamp(2000 / n, 32, 100)`),
/// [`EXHAUSTIVE_LIMIT`], [`FEASIBILITY_LIMIT`], no time limit, the move
/// budgets above, no constraints.
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
/// assert_eq!(roster.iter().next().map(|m| m.team()), Some("Team 2"));
/// # Ok::<(), rolebalance::Error>(())
/// ```
///
/// The same pool grouped for diversity: each leader with a manager.
///
/// ```
/// use rolebalance::{Distances, Formation, Member, Objective, Roster};
/// # let pool: Roster = [
/// #     Member::unassigned("ana", [0.9, 0.1, 0.9, 0.1, 0.9, 0.1, 0.9, 0.1])?,
/// #     Member::unassigned("bo", [0.8, 0.2, 0.8, 0.2, 0.8, 0.2, 0.8, 0.2])?,
/// #     Member::unassigned("cy", [0.1, 0.9, 0.1, 0.9, 0.1, 0.9, 0.1, 0.9])?,
/// #     Member::unassigned("dee", [0.2, 0.8, 0.2, 0.8, 0.2, 0.8, 0.2, 0.8])?,
/// # ].into_iter().collect();
/// let teams = Formation::new(2)
///     .objective(Objective::Diversity(Distances::euclidean()))
///     .move_budget(100_000)
///     .form(&pool)?;
/// assert_ne!(teams.team_of(0), teams.team_of(1));
/// assert_ne!(teams.team_of(2), teams.team_of(3));
/// // 0.8 and 0.6 apart on each of 8 poles: (0.8 + 0.6) * sqrt(8).
/// assert!((teams.diversity().unwrap() - 1.4 * 8f64.sqrt()).abs() < 1e-9);
/// # Ok::<(), rolebalance::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Formation {
    teams: usize,
    objective: Objective,
    sizes: TeamSizes,
    model: Coverage,
    seed: u64,
    restarts: Option<usize>,
    exhaustive_limit: u64,
    feasibility_limit: u64,
    constraints: Constraints,
    time_limit: Option<Duration>,
    move_budget: Option<u64>,
    clock: Option<stop::Clock>,
}

/// The default of [`Formation::exhaustive_limit`]: pools with at most this
/// many partitions are enumerated.
///
/// ```
/// assert_eq!(rolebalance::EXHAUSTIVE_LIMIT, 20_000);
/// ```
pub const EXHAUSTIVE_LIMIT: u64 = 20_000;

/// The default of [`Formation::feasibility_limit`]: the steps (units
/// placed) the exact feasibility check may take before it answers "not
/// proven".
///
/// ```
/// assert_eq!(rolebalance::FEASIBILITY_LIMIT, 1_000_000);
/// ```
pub const FEASIBILITY_LIMIT: u64 = 1_000_000;

/// The default move budget of the diversity search is this many moves per
/// pair of people (`n²` in all).
///
/// ```
/// assert_eq!(rolebalance::DIVERSITY_BUDGET_PER_PAIR, 2_000);
/// ```
pub const DIVERSITY_BUDGET_PER_PAIR: u64 = 2_000;

/// The most moves the default budget of the diversity search allows
/// (about ten seconds; reached at about 1,000 people): larger pools get a
/// time limit or a budget of their own.
///
/// ```
/// assert_eq!(rolebalance::DIVERSITY_BUDGET_MAX, 2_000_000_000);
/// ```
pub const DIVERSITY_BUDGET_MAX: u64 = 2_000_000_000;

impl Formation {
    /// Forms `teams` teams (checked against the pool when forming).
    pub fn new(teams: usize) -> Formation {
        Formation {
            teams,
            objective: Objective::Health,
            sizes: TeamSizes::even(),
            model: Coverage::Strongest,
            seed: 0,
            restarts: None,
            exhaustive_limit: EXHAUSTIVE_LIMIT,
            feasibility_limit: FEASIBILITY_LIMIT,
            constraints: Constraints::new(),
            time_limit: None,
            move_budget: None,
            clock: None,
        }
    }

    /// What to maximise (default [`Objective::Health`]).
    pub fn objective(mut self, objective: Objective) -> Formation {
        self.objective = objective;
        self
    }

    /// The sizes teams may have (default [`TeamSizes::even`]).
    pub fn sizes(mut self, sizes: TeamSizes) -> Formation {
        self.sizes = sizes;
        self
    }

    /// The coverage model health is computed with (default
    /// [`Coverage::Strongest`]).
    pub fn model(mut self, model: Coverage) -> Formation {
        self.model = model;
        self
    }

    /// The seed of the searches' random choices (default 0).
    pub fn seed(mut self, seed: u64) -> Formation {
        self.seed = seed;
        self
    }

    /// How many perturbed restarts follow the health search's first local
    /// search (0: construction and one local search only).
    pub fn restarts(mut self, restarts: usize) -> Formation {
        self.restarts = Some(restarts);
        self
    }

    /// After the health search, pools with at most `limit` partitions
    /// (counted as `n! / prod(size!)` over the size vectors within the
    /// bounds, divided by `k!` when teams are interchangeable) are
    /// enumerated in full, and the best partition replaces the search's when
    /// it is strictly better. 0 turns this off, leaving the heuristic alone.
    pub fn exhaustive_limit(mut self, limit: u64) -> Formation {
        self.exhaustive_limit = limit;
        self
    }

    /// The steps (units placed) the exact feasibility check of the
    /// constraints may take before it answers
    /// [`ErrorKind::FeasibilityUnknown`] (default [`FEASIBILITY_LIMIT`]).
    pub fn feasibility_limit(mut self, steps: u64) -> Formation {
        self.feasibility_limit = steps;
        self
    }

    /// The constraints to respect.
    pub fn constraints(mut self, constraints: Constraints) -> Formation {
        self.constraints = constraints;
        self
    }

    /// Stops the search after `limit` (measured from the call to
    /// [`form`](Self::form)); the result then depends on the machine's
    /// speed.
    pub fn time_limit(mut self, limit: Duration) -> Formation {
        self.time_limit = Some(limit);
        self
    }

    /// Stops the search after it has evaluated `moves` moves; alone, it
    /// makes the result reproducible byte for byte.
    pub fn move_budget(mut self, moves: u64) -> Formation {
        self.move_budget = Some(moves);
        self
    }

    /// Measures [`time_limit`](Self::time_limit) with `clock` (the time
    /// since any fixed origin) instead of the wall clock: for benchmarks on
    /// a shared machine, a clock of the calling thread's CPU time. Read
    /// every 262,144 moves evaluated.
    #[doc(hidden)]
    pub fn clock(mut self, clock: fn() -> Duration) -> Formation {
        self.clock = Some(clock);
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
    /// [`ErrorKind::TeamCount`] and [`ErrorKind::TeamSizes`] for sizes that
    /// cannot be met (see [`TeamSizes::bounds`]); [`ErrorKind::PoleCount`]
    /// for a member that does not match the framework;
    /// [`ErrorKind::DuplicateId`] for an id listed twice;
    /// [`ErrorKind::UnknownMember`] for a constraint naming someone not in
    /// the pool; [`ErrorKind::UnknownPinTeam`] for a pin to a team other than
    /// `Team 1` to `Team k`; [`ErrorKind::Infeasible`] when no partition
    /// meets the constraints, [`ErrorKind::FeasibilityUnknown`] when the
    /// exact check could not decide; [`ErrorKind::Distances`] for a
    /// diversity objective whose matrix does not have one row per member,
    /// whose metric returns a number that is not finite, or for more than
    /// [`MAX_DISTANCE_ELEMENTS`](crate::MAX_DISTANCE_ELEMENTS) people.
    pub fn form(&self, pool: &Roster) -> Result<Assignment, Error> {
        let n = pool.len();
        let bounds = self.sizes.bounds(n, self.teams)?;
        let poles = pool.framework().pole_count();
        let mut weight = Vec::with_capacity(n);
        let mut strengths = Vec::with_capacity(n * poles);
        let mut ids: Vec<String> = Vec::with_capacity(n);
        let mut pins: Vec<(usize, String)> = Vec::new();
        for (i, m) in pool.iter().enumerate() {
            if m.strengths().len() != poles {
                return Err(ErrorKind::PoleCount {
                    id: m.id().to_string(),
                    expected: poles,
                    found: m.strengths().len(),
                }
                .into());
            }
            weight.push(m.weight());
            strengths.extend_from_slice(m.strengths());
            ids.push(m.id().to_string());
            if !m.team().is_empty() {
                pins.push((i, m.team().to_string()));
            }
        }
        let pool_data = PoolData { poles, weight, strengths };
        match &self.objective {
            Objective::Health => self.form_health(&pool_data, ids, &pins, bounds),
            Objective::Diversity(distances) => {
                let matrix = match &distances.source {
                    Source::Matrix(m) => {
                        if m.len() != n {
                            return Err(ErrorKind::Distances {
                                reason: format!("the matrix has {} elements, the pool {n} people", m.len()),
                            }
                            .into());
                        }
                        m.clone()
                    }
                    Source::Euclidean => DistanceMatrix::from_fn(n, |i, j| {
                        instance::euclidean(pool_data.strengths_of(i), pool_data.strengths_of(j))
                    })?,
                    Source::Metric(f) => {
                        DistanceMatrix::from_fn(n, |i, j| f(pool_data.strengths_of(i), pool_data.strengths_of(j)))?
                    }
                };
                let order: Vec<Cow<'_, str>> = ids.into_iter().map(Cow::Owned).collect();
                let pins: Vec<(usize, &str)> = pins.iter().map(|(i, t)| (*i, t.as_str())).collect();
                let mut a = self.form_diversity(&matrix, order, pins, bounds)?;
                let healths = self.healths(&pool_data, &a.team_of);
                a.score = OrgScore::from_healths(healths.iter().copied());
                a.healths = healths;
                Ok(a)
            }
        }
    }

    /// An upper bound of the minimum (and of the mean) team health that any
    /// partition of `pool` into this formation's number of teams can reach,
    /// for its coverage model: how far a result is from the best possible.
    ///
    /// # Derivation
    ///
    /// The weakest team's direction is at most the teams' mean direction,
    /// `(1 / (k |L|)) sum over leadership poles p of sum over teams t of
    /// C_t(p)`, and the same holds for control; health is the smaller of
    /// the two. So it suffices to bound `S(p)`, the sum over the `k` teams
    /// of their coverage of pole `p`:
    ///
    /// - `Strongest`: each team's coverage is one member's contribution
    ///   `c = weight × strength` (at most 1), and the `k` teams' are `k`
    ///   different members', so `S(p)` is at most the sum of the `k` largest
    ///   contributions to `p` in the pool;
    /// - `Average`: a team's coverage is at most its best active member's
    ///   strength, so `S(p)` is at most the sum of the `k` largest strengths
    ///   of active members;
    /// - `Pooled`: `1 - prod(1 - c) <= min(1, sum c)`, so `S(p) <=
    ///   min(k, sum of all contributions)`;
    /// - any other model: `S(p) <= k` (coverage is at most 1).
    ///
    /// The bound is `min(mean over leadership poles of S(p) / k, mean over
    /// management poles of S(p) / k)`. It ignores sizes and constraints
    /// (they can only lower the optimum) and that one person counts for
    /// all poles of their one team, so it may not be reached.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::TeamCount`] for no team, [`ErrorKind::PoleCount`] for a
    /// member that does not match the framework.
    ///
    /// ```
    /// use rolebalance::{Formation, Member, Roster};
    /// let pool: Roster = [
    ///     Member::unassigned("ana", [0.9, 0.1, 0.9, 0.1, 0.9, 0.1, 0.9, 0.1])?,
    ///     Member::unassigned("bo", [0.7, 0.3, 0.7, 0.3, 0.7, 0.3, 0.7, 0.3])?,
    ///     Member::unassigned("cy", [0.1, 0.9, 0.1, 0.9, 0.1, 0.9, 0.1, 0.9])?,
    ///     Member::unassigned("dee", [0.3, 0.7, 0.3, 0.7, 0.3, 0.7, 0.3, 0.7])?,
    /// ].into_iter().collect();
    /// let f = Formation::new(2);
    /// // Leadership: the two best contributions per pole are 0.9 and 0.7.
    /// assert!((f.health_bound(&pool)? - 0.8).abs() < 1e-12);
    /// assert!(f.form(&pool)?.score().min_health() <= f.health_bound(&pool)?);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn health_bound(&self, pool: &Roster) -> Result<f64, Error> {
        if self.teams == 0 {
            return Err(ErrorKind::TeamCount { teams: 0, people: pool.len() }.into());
        }
        let poles = pool.framework().pole_count();
        let mut weight = Vec::with_capacity(pool.len());
        let mut strengths = Vec::with_capacity(pool.len() * poles);
        for m in pool.iter() {
            if m.strengths().len() != poles {
                return Err(ErrorKind::PoleCount {
                    id: m.id().to_string(),
                    expected: poles,
                    found: m.strengths().len(),
                }
                .into());
            }
            weight.push(m.weight());
            strengths.extend_from_slice(m.strengths());
        }
        Ok(health::upper_bound(self.model, poles, self.teams, &weight, &strengths))
    }

    /// Groups the elements of `distances` for diversity, ignoring
    /// [`objective`](Self::objective) (there is no pool: the assignment has
    /// no healths). Constraints name elements by their 0-based index
    /// (`"0"`, `"17"`).
    ///
    /// # Errors
    ///
    /// As [`form`](Self::form), for sizes and constraints.
    ///
    /// ```
    /// use rolebalance::{DistanceMatrix, Formation, TeamSizes};
    /// // Two clusters far apart: diverse teams take one of each.
    /// let points = [[0.0, 0.0], [0.1, 0.0], [10.0, 0.0], [10.1, 0.0]];
    /// let m = DistanceMatrix::euclidean(&points)?;
    /// let a = Formation::new(2).move_budget(10_000).form_distances(&m)?;
    /// assert_ne!(a.team_of(0), a.team_of(1));
    /// assert_eq!(a.healths(), []);
    /// // Groups of 1 to 3: the best puts three together.
    /// let b = Formation::new(2).sizes(TeamSizes::between(1, 3)).move_budget(10_000).form_distances(&m)?;
    /// assert_eq!(b.members_of(0).len().max(b.members_of(1).len()), 3);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn form_distances(&self, distances: &DistanceMatrix) -> Result<Assignment, Error> {
        let n = distances.len();
        let bounds = self.sizes.bounds(n, self.teams)?;
        let ids: Vec<Cow<'_, str>> = (0..n).map(|i| Cow::Owned(i.to_string())).collect();
        self.form_diversity(distances, ids, Vec::new(), bounds)
    }

    fn stop(&self, default_budget: u64) -> Stop {
        let budget = match (self.move_budget, self.time_limit) {
            (Some(b), _) => b,
            (None, Some(_)) => u64::MAX,
            (None, None) => default_budget,
        };
        Stop::new(self.time_limit, budget, self.clock)
    }

    fn form_diversity(
        &self,
        distances: &DistanceMatrix,
        ids: Vec<Cow<'_, str>>,
        pins: Vec<(usize, &str)>,
        bounds: Vec<(usize, usize)>,
    ) -> Result<Assignment, Error> {
        let n = ids.len();
        let symmetric = pins.is_empty()
            && self.constraints.pins().is_empty()
            && bounds.windows(2).all(|w| matches!(w, [a, b] if a == b));
        let prepared = Prepared::new(self, ids, bounds, pins)?;
        let pairs = (n as u64).saturating_mul(n as u64);
        let mut stop = self.stop(DIVERSITY_BUDGET_PER_PAIR.saturating_mul(pairs).clamp(100_000, DIVERSITY_BUDGET_MAX));
        let mut rng = Rng::new(self.seed);
        let space = diversity::Space::new(&prepared, distances.entries());
        let best = space.search(&mut stop, &mut rng);
        let mut team_of = best.team;
        if symmetric {
            renumber(&mut team_of, prepared.k);
        }
        let diversity = distances.diversity(&team_of);
        Ok(Assignment {
            teams: prepared.k,
            team_of,
            healths: Vec::new(),
            score: OrgScore::from_healths([]),
            diversity,
            moves_evaluated: stop.used(),
            stopped_by: stop.ended().map(StopReason::from),
        })
    }

    fn form_health(
        &self,
        data: &PoolData,
        ids: Vec<String>,
        pins: &[(usize, String)],
        bounds: Vec<(usize, usize)>,
    ) -> Result<Assignment, Error> {
        let n = ids.len();
        // The search works in id order, so that ties break by member id
        // whatever the order of the pool's rows.
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by(|&a, &b| ids.get(a).cmp(&ids.get(b)));
        let mut rank = vec![0usize; n];
        for (r, &p) in order.iter().enumerate() {
            if let Some(slot) = rank.get_mut(p) {
                *slot = r;
            }
        }
        let sorted_ids: Vec<Cow<'_, str>> =
            order.iter().map(|&p| Cow::Borrowed(ids.get(p).map_or("", String::as_str))).collect();
        let sorted_pins: Vec<(usize, &str)> = pins.iter().map(|(p, t)| (get(&rank, *p), t.as_str())).collect();
        let symmetric = pins.is_empty()
            && self.constraints.pins().is_empty()
            && bounds.windows(2).all(|w| matches!(w, [a, b] if a == b));
        let prepared = Prepared::new(self, sorted_ids, bounds, sorted_pins)?;
        let weight: Vec<f64> = order.iter().map(|&p| get(&data.weight, p)).collect();
        let mut strengths = Vec::with_capacity(n * data.poles);
        for &p in &order {
            strengths.extend_from_slice(data.strengths_of(p));
        }
        let problem = health::Problem::new(&prepared, self.model, data.poles, weight, strengths);
        let mut stop = self.stop(u64::MAX);
        let mut rng = Rng::new(self.seed);
        let mut best = problem.construct(&mut stop);
        problem.local_search(&mut best, &mut rng, None, &mut stop);
        let restarts = self.restarts.unwrap_or_else(|| (2000 / n.max(1)).clamp(32, 100));
        let movable: Vec<usize> = (0..n).filter(|&i| get(&prepared.movable, i)).collect();
        if movable.len() >= 2 && prepared.k >= 2 {
            for _ in 0..restarts {
                if stop.stopped() {
                    break;
                }
                let mut s = best.clone();
                let touched = problem.perturb(&mut s, &movable, &mut rng);
                problem.local_search(&mut s, &mut rng, Some(&touched), &mut stop);
                if health::Problem::improves(&s, &best) {
                    best = s;
                }
            }
        }
        if !stop.stopped() && problem.partitions(symmetric) <= self.exhaustive_limit as f64 {
            if let Some(s) = problem.exhaustive(&best, symmetric) {
                best = s;
            }
        }
        let mut team_of = vec![0; n];
        for (&p, &t) in order.iter().zip(&best.team) {
            if let Some(slot) = team_of.get_mut(p) {
                *slot = t;
            }
        }
        if symmetric {
            renumber(&mut team_of, prepared.k);
        }
        let healths = self.healths(data, &team_of);
        Ok(Assignment {
            teams: prepared.k,
            score: OrgScore::from_healths(healths.iter().copied()),
            healths,
            team_of,
            diversity: None,
            moves_evaluated: stop.used(),
            stopped_by: stop.ended().map(StopReason::from),
        })
    }

    /// The health of every team, members folded in pool order (as the
    /// analysis of the output roster computes it).
    fn healths(&self, data: &PoolData, team_of: &[usize]) -> Vec<f64> {
        let mut mixes = vec![crate::engine::search::Mix::new(self.model, data.poles); self.teams];
        for (i, &t) in team_of.iter().enumerate() {
            if let Some(mix) = mixes.get_mut(t) {
                mix.add(get(&data.weight, i), data.strengths_of(i));
            }
        }
        mixes.iter().map(crate::engine::search::Mix::health).collect()
    }
}

/// Teams numbered by their first member (interchangeable teams).
fn renumber(team_of: &mut [usize], k: usize) {
    let mut label = vec![usize::MAX; k];
    let mut next = 0;
    for &t in team_of.iter() {
        if let Some(l) = label.get_mut(t).filter(|l| **l == usize::MAX) {
            *l = next;
            next += 1;
        }
    }
    for l in label.iter_mut().filter(|l| **l == usize::MAX) {
        *l = next;
        next += 1;
    }
    for t in team_of.iter_mut() {
        *t = get(&label, *t);
    }
}

/// The pool's numbers, in pool order.
struct PoolData {
    poles: usize,
    weight: Vec<f64>,
    strengths: Vec<f64>,
}

impl PoolData {
    fn strengths_of(&self, i: usize) -> &[f64] {
        self.strengths.get(i * self.poles..(i + 1) * self.poles).unwrap_or_default()
    }
}

/// Why a search stopped before it ended on its own.
///
/// ```
/// use rolebalance::{Formation, Member, Roster, StopReason};
/// let pool: Roster = (0..20)
///     .map(|i| Member::unassigned(format!("p{i}"), [0.05 * i as f64; 8]))
///     .collect::<Result<_, _>>()?;
/// let a = Formation::new(4).move_budget(10).form(&pool)?;
/// assert_eq!(a.stopped_by(), Some(StopReason::MoveBudget));
/// # Ok::<(), rolebalance::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum StopReason {
    /// The move budget ran out.
    MoveBudget,
    /// The time limit ran out.
    TimeLimit,
}

impl From<Ended> for StopReason {
    fn from(e: Ended) -> StopReason {
        match e {
            Ended::Budget => StopReason::MoveBudget,
            Ended::Time => StopReason::TimeLimit,
        }
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
/// assert_eq!(teams.diversity(), None); // the health objective
/// # Ok::<(), rolebalance::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assignment {
    teams: usize,
    team_of: Vec<usize>,
    healths: Vec<f64>,
    score: OrgScore,
    diversity: Option<f64>,
    moves_evaluated: u64,
    stopped_by: Option<StopReason>,
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

    /// The team of every pool member, in pool order.
    pub fn teams_of(&self) -> &[usize] {
        &self.team_of
    }

    /// The pool members (indices in pool order) of team `team`.
    pub fn members_of(&self, team: usize) -> Vec<usize> {
        self.team_of.iter().enumerate().filter(|(_, &t)| t == team).map(|(i, _)| i).collect()
    }

    /// The health of every team, by team number (empty for
    /// [`Formation::form_distances`], which has no pool).
    pub fn healths(&self) -> &[f64] {
        &self.healths
    }

    /// The organisation score of the teams' healths (0 and 0 without a
    /// pool).
    pub fn score(&self) -> OrgScore {
        self.score
    }

    /// The diversity objective, the sum of within-team distances, summed
    /// in pool order (`None` under [`Objective::Health`]).
    pub fn diversity(&self) -> Option<f64> {
        self.diversity
    }

    /// The moves the search evaluated.
    pub fn moves_evaluated(&self) -> u64 {
        self.moves_evaluated
    }

    /// Whether the time limit or the move budget stopped the search
    /// (`None`: it ended on its own).
    pub fn stopped_by(&self) -> Option<StopReason> {
        self.stopped_by
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

#[cfg(test)]
mod tests;
