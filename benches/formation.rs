//! Formation speed: 200 people into 10 teams (target under 50 ms) and
//! 10,000 people into 1,000 teams (target under 5 s), default settings.

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
            Member::unassigned(format!("p{i:05}"), s).unwrap()
        })
        .collect()
}

fn formation(c: &mut Criterion) {
    let small = pool(200, 1);
    c.bench_function("form 200 people into 10 teams", |b| b.iter(|| Formation::new(10).form(&small).unwrap()));
    let large = pool(10_000, 2);
    let mut g = c.benchmark_group("large");
    g.sample_size(10);
    g.bench_function("form 10000 people into 1000 teams", |b| b.iter(|| Formation::new(1000).form(&large).unwrap()));
    g.finish();
}

criterion_group!(benches, formation);
criterion_main!(benches);
