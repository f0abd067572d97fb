//! Formation speed, default settings (the health objective): 200 people
//! into 10 teams (target under 50 ms), 10,000 into 1,000 (under 5 s), and
//! 100,000 into 2 and into 10,000 (under 10 s each). Before timing, prints
//! each result's minimum and mean health and how far they are from
//! `Formation::health_bound`.

use criterion::{criterion_group, criterion_main, Criterion};
use rolebalance::{Formation, Member, Roster};

/// A reproducible pool of leaders, managers and all-rounders.
fn pool(n: usize, seed: u64) -> Roster {
    let mut state = seed;
    let mut next = move || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
    };
    (0..n)
        .map(|i| {
            let kind = (next() * 3.0) as usize;
            let s: Vec<f64> = (0..8)
                .map(|p| {
                    let strong = match kind {
                        0 => p % 2 == 0,
                        1 => p % 2 == 1,
                        _ => next() < 0.5,
                    };
                    let x = if strong { 0.4 + 0.6 * next() } else { 0.5 * next() };
                    (x * 100.0).round() / 100.0
                })
                .collect();
            Member::unassigned(format!("p{i:06}"), s).unwrap()
        })
        .collect()
}

/// Prints how far the teams formed land from the health upper bound.
fn report(name: &str, pool: &Roster, k: usize) {
    let f = Formation::new(k);
    let start = std::time::Instant::now();
    let a = f.form(pool).unwrap();
    let took = start.elapsed().as_secs_f64();
    let bound = f.health_bound(pool).unwrap();
    let (min, mean) = (a.score().min_health(), a.score().mean_health());
    eprintln!(
        "{name}: {took:.3} s; minimum health {min:.4} ({:.2}% below the bound {bound:.4}), mean {mean:.4} ({:.2}% below)",
        100.0 * (bound - min) / bound,
        100.0 * (bound - mean) / bound
    );
}

fn formation(c: &mut Criterion) {
    let small = pool(200, 1);
    let large = pool(10_000, 2);
    let huge = pool(100_000, 3);
    report("200 into 10", &small, 10);
    report("10000 into 1000", &large, 1000);
    report("100000 into 2", &huge, 2);
    report("100000 into 10000", &huge, 10_000);
    c.bench_function("form 200 people into 10 teams", |b| b.iter(|| Formation::new(10).form(&small).unwrap()));
    let mut g = c.benchmark_group("large");
    g.sample_size(10);
    g.bench_function("form 10000 people into 1000 teams", |b| b.iter(|| Formation::new(1000).form(&large).unwrap()));
    g.bench_function("form 100000 people into 2 teams", |b| b.iter(|| Formation::new(2).form(&huge).unwrap()));
    g.bench_function("form 100000 people into 10000 teams", |b| b.iter(|| Formation::new(10_000).form(&huge).unwrap()));
    g.finish();
}

criterion_group!(benches, formation);
criterion_main!(benches);
