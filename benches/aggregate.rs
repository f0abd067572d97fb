//! In-memory aggregation: `Analyzer::analyze` on a roster (members in a
//! tenth as many teams), and `TeamAccumulator::add` alone on one team.
//! Throughput in members, and in member-poles for the accumulator.

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use rolebalance::bench_support::roster;
use rolebalance::{Analyzer, Framework};

fn analyze(c: &mut Criterion) {
    let mut group = c.benchmark_group("aggregate/analyze");
    group.sample_size(10);
    for members in [1_000usize, 100_000, 1_000_000] {
        let r = roster(members, (members / 10).max(1), 7);
        group.throughput(Throughput::Elements(members as u64));
        group.bench_with_input(BenchmarkId::from_parameter(members), &r, |b, r| {
            b.iter(|| Analyzer::new().analyze(black_box(r)).map(|report| report.len()))
        });
    }
    group.finish();
}

fn accumulator(c: &mut Criterion) {
    let mut group = c.benchmark_group("aggregate/accumulator");
    group.sample_size(10);
    let fw = Framework::leadership_management();
    let analyzer = Analyzer::new();
    for members in [1_000usize, 100_000, 1_000_000] {
        let r = roster(members, 1, 7);
        group.throughput(Throughput::Elements((members * fw.pole_count()) as u64));
        group.bench_with_input(BenchmarkId::from_parameter(members), &r, |b, r| {
            b.iter(|| {
                let mut acc = analyzer.accumulator(&fw, "T")?;
                for (seq, m) in r.iter().enumerate() {
                    acc.add(m, seq as u64)?;
                }
                Ok::<_, rolebalance::Error>(acc.members())
            })
        });
    }
    group.finish();
}

criterion_group!(benches, analyze, accumulator);
criterion_main!(benches);
