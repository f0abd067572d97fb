//! The formation's quality against exhaustive search.
//!
//! Health: on 200 random pools of
//! 6 to 12 people split into 2 or 3 teams, the minimum team health found by
//! the heuristic alone (construction and local search, the library's own
//! enumeration turned off) equals the optimum over every partition that
//! obeys the size rule in at least 95% of pools and is never below 95% of
//! it. With the enumeration the defaults run on pools this small, it always
//! equals the optimum.
//!
//! Diversity: on 100 random instances of 6 to 10 elements in 2 or 3 groups
//! (equal sizes or ranges), the search with its default budget finds the
//! optimum over every grouping within the bounds, every time.

mod common;

use common::SplitMix;

use rolebalance::{Analyzer, Coverage, DistanceMatrix, Formation, Member, OrgScore, Roster, TeamSizes};

/// A pool mixing leaders, managers and all-rounders, strengths rounded to
/// two decimals (as questionnaires give them), some part-time.
fn random_pool(g: &mut SplitMix, n: usize) -> Roster {
    (0..n)
        .map(|i| {
            let kind = g.below(3);
            let s: Vec<f64> = (0..8)
                .map(|p| {
                    let strong = match kind {
                        0 => p % 2 == 0,
                        1 => p % 2 == 1,
                        _ => g.below(2) == 0,
                    };
                    let x = if strong { 0.4 + 0.6 * g.unit() } else { 0.5 * g.unit() };
                    (x * 100.0).round() / 100.0
                })
                .collect();
            let m = Member::unassigned(format!("p{i:02}"), s).unwrap();
            if g.below(5) == 0 {
                m.with_weight(0.5).unwrap()
            } else {
                m
            }
        })
        .collect()
}

/// Health straight from DESIGN.md sections 3 and 4, for one model.
fn health(model: Coverage, members: &[Member]) -> f64 {
    let mut side = [0.0f64; 2];
    let total_weight: f64 = members.iter().map(|m| m.weight()).sum();
    for p in 0..8 {
        let c: Vec<f64> = members.iter().map(|m| m.weight() * m.strengths()[p]).collect();
        let cov = if members.is_empty() {
            0.0
        } else {
            match model {
                Coverage::Strongest => c.iter().copied().fold(0.0, f64::max),
                Coverage::Pooled => 1.0 - c.iter().map(|c| 1.0 - c).product::<f64>(),
                Coverage::Average if total_weight > 0.0 => c.iter().sum::<f64>() / total_weight,
                _ => 0.0,
            }
        };
        side[p % 2] += cov / 4.0;
    }
    side[0].min(side[1])
}

/// The best minimum team health over every partition of `pool` into `k`
/// teams of sizes differing by at most one (teams numbered by their first
/// member, so each partition is seen once).
fn exhaustive(model: Coverage, pool: &Roster, k: usize) -> f64 {
    struct Search<'a> {
        pool: &'a Roster,
        model: Coverage,
        k: usize,
        q: usize,
        r: usize,
        team: Vec<usize>,
        sizes: Vec<usize>,
        best: f64,
    }
    impl Search<'_> {
        fn rec(&mut self, i: usize, used: usize) {
            let n = self.pool.len();
            if i == n {
                let mut min = f64::INFINITY;
                for t in 0..self.k {
                    let ms: Vec<Member> =
                        (0..n).filter(|&j| self.team[j] == t).map(|j| self.pool.get(j).unwrap().to_member()).collect();
                    min = min.min(health(self.model, &ms));
                }
                self.best = self.best.max(min);
                return;
            }
            let bigs = self.sizes.iter().filter(|&&s| s > self.q).count();
            for t in 0..self.k.min(used + 1) {
                let size = self.sizes[t] + 1;
                if size > self.q + 1 || (size == self.q + 1 && bigs >= self.r) {
                    continue;
                }
                self.team[i] = t;
                self.sizes[t] += 1;
                self.rec(i + 1, used.max(t + 1));
                self.sizes[t] -= 1;
            }
        }
    }
    let n = pool.len();
    let mut s = Search {
        pool,
        model,
        k,
        q: n / k,
        r: n % k,
        team: vec![usize::MAX; n],
        sizes: vec![0; k],
        best: f64::NEG_INFINITY,
    };
    s.rec(0, 0);
    s.best
}

fn check(model: Coverage, pools: usize, seed: u64, exhaustive_limit: u64, restarts: Option<usize>) {
    let mut g = SplitMix(seed);
    let (mut equal, mut worst_ratio) = (0usize, f64::INFINITY);
    for case in 0..pools {
        let n = 6 + g.below(7);
        let k = 2 + g.below(2);
        let pool = random_pool(&mut g, n);
        let mut formation = Formation::new(k).model(model).seed(case as u64).exhaustive_limit(exhaustive_limit);
        if let Some(r) = restarts {
            formation = formation.restarts(r);
        }
        let found = formation.form(&pool).unwrap();
        // The size rule.
        let sizes: Vec<usize> = (0..k).map(|t| found.members_of(t).len()).collect();
        assert!(sizes.iter().max().unwrap() - sizes.iter().min().unwrap() <= 1, "{sizes:?}");
        // The reported score is what the analysis of the output says.
        let report = Analyzer::new().model(model).analyze(&found.roster(&pool)).unwrap();
        assert_eq!(OrgScore::of(report.teams()), found.score());
        // And what the formulas say.
        let mine = (0..k)
            .map(|t| {
                let ms: Vec<Member> =
                    found.members_of(t).into_iter().map(|j| pool.get(j).unwrap().to_member()).collect();
                health(model, &ms)
            })
            .fold(f64::INFINITY, f64::min);
        assert!((mine - found.score().min_health()).abs() < 1e-9);
        let best = exhaustive(model, &pool, k);
        // The upper bound holds for the optimum.
        let bound = Formation::new(k).model(model).health_bound(&pool).unwrap();
        assert!(best <= bound + 1e-12, "case {case}: optimum {best} above the bound {bound}");
        assert!(mine <= best + 1e-9, "case {case}: found {mine} above the optimum {best}");
        if mine >= best - 1e-9 {
            equal += 1;
        }
        if best > 0.0 {
            worst_ratio = worst_ratio.min(mine / best);
        }
    }
    eprintln!(
        "{model}, exhaustive limit {exhaustive_limit}: optimum in {equal}/{pools} pools, worst ratio {worst_ratio:.4}"
    );
    if exhaustive_limit > 0 {
        assert_eq!(equal, pools, "{model}: the enumeration missed the optimum");
    }
    assert!(equal * 100 >= pools * 95, "{model}: optimum in only {equal}/{pools} pools");
    assert!(worst_ratio >= 0.95, "{model}: worst ratio {worst_ratio}");
}

#[test]
fn strongest_heuristic_matches_exhaustive_search() {
    check(Coverage::Strongest, 200, 2026, 0, None);
}

#[test]
fn pooled_heuristic_matches_exhaustive_search() {
    check(Coverage::Pooled, 60, 7, 0, None);
}

#[test]
fn average_heuristic_matches_exhaustive_search() {
    check(Coverage::Average, 60, 11, 0, None);
}

/// Without restarts the heuristic alone misses the optimum in about one pool
/// in twenty; the enumeration that the defaults run on pools this small
/// finds it every time.
#[test]
fn enumeration_finds_the_optimum_even_without_restarts() {
    check(Coverage::Strongest, 200, 2026, rolebalance::EXHAUSTIVE_LIMIT, Some(0));
}

/// The best diversity over every assignment of `m`'s elements to the
/// bounds' groups.
fn best_diversity(m: &DistanceMatrix, bounds: &[(usize, usize)]) -> f64 {
    let (n, k) = (m.len(), bounds.len());
    let mut team = vec![0usize; n];
    let mut best = f64::NEG_INFINITY;
    loop {
        let mut size = vec![0; k];
        for &t in &team {
            size[t] += 1;
        }
        if size.iter().zip(bounds).all(|(&s, &(lo, hi))| lo <= s && s <= hi) {
            best = best.max(m.diversity(&team).unwrap());
        }
        let mut i = 0;
        loop {
            if i == n {
                return best;
            }
            team[i] += 1;
            if team[i] < k {
                break;
            }
            team[i] = 0;
            i += 1;
        }
    }
}

#[test]
fn diversity_search_finds_the_optimum_of_small_instances() {
    let mut g = SplitMix(99);
    for case in 0..100 {
        let n = 6 + g.below(5);
        let k = 2 + g.below(2);
        let values: Vec<f64> = (0..n * n).map(|_| g.below(100) as f64).collect();
        let m = DistanceMatrix::from_fn(n, |i, j| values[i * n + j]).unwrap();
        let sizes = match g.below(3) {
            0 => TeamSizes::even(),
            1 => TeamSizes::between(1, n - 1),
            _ => TeamSizes::per_team((0..k).map(|t| (1 + t, n / k + 1 + t))),
        };
        let Ok(bounds) = sizes.bounds(n, k) else { continue };
        let a = Formation::new(k).sizes(sizes).seed(case).form_distances(&m).unwrap();
        let best = best_diversity(&m, &bounds);
        let found = a.diversity().unwrap();
        assert_eq!(found, m.diversity(a.teams_of()).unwrap());
        assert!((found - best).abs() < 1e-9, "case {case}: found {found}, the optimum is {best}");
    }
}

#[test]
fn same_seed_and_budget_give_the_same_teams() {
    let mut g = SplitMix(5);
    let n = 60;
    let values: Vec<f64> = (0..n * n).map(|_| g.unit() * 100.0).collect();
    let m = DistanceMatrix::from_fn(n, |i, j| values[i * n + j]).unwrap();
    let f = Formation::new(6).sizes(TeamSizes::between(8, 12)).seed(3).move_budget(2_000_000);
    let (a, b) = (f.form_distances(&m).unwrap(), f.form_distances(&m).unwrap());
    assert_eq!(a, b);
    assert_eq!(a.diversity().map(f64::to_bits), b.diversity().map(f64::to_bits));
    assert_eq!(a.stopped_by(), Some(rolebalance::StopReason::MoveBudget));
    // Another seed explores differently (and stays valid).
    let c = f.clone().seed(4).form_distances(&m).unwrap();
    assert!((0..6).all(|t| (8..=12).contains(&c.members_of(t).len())));
    // The health objective too.
    let pool = random_pool(&mut g, 40);
    let h = Formation::new(5).seed(9).move_budget(50_000);
    assert_eq!(h.form(&pool).unwrap(), h.form(&pool).unwrap());
}
