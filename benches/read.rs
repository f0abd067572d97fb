//! Reading and summarising a roster CSV held in memory (members in a tenth
//! as many teams): `ReaderBuilder::summary` plus writing the table, on one
//! thread and on all, `ReaderBuilder::analyze` (full reports), and the
//! parser alone (`bench_support::parse_only`: every row parsed, nothing
//! added), which shows how the time splits. Throughput in bytes of CSV.

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use rolebalance::bench_support::roster_csv;
use rolebalance::{Analyzer, ReaderBuilder};

fn summary(c: &mut Criterion) {
    let mut group = c.benchmark_group("read/summary");
    group.sample_size(10);
    let analyzer = Analyzer::new();
    for members in [1_000usize, 100_000, 1_000_000] {
        let csv = roster_csv(members, (members / 10).max(1), 7);
        group.throughput(Throughput::Bytes(csv.len() as u64));
        for (label, reader) in [("1-thread", ReaderBuilder::new().threads(1)), ("all-threads", ReaderBuilder::new())] {
            group.bench_with_input(BenchmarkId::new(label, members), &csv, |b, csv| {
                b.iter(|| {
                    let (summary, _) = reader.summary(black_box(csv.as_bytes()), &analyzer)?;
                    let mut out = Vec::new();
                    summary.write_csv(&mut out)?;
                    Ok::<_, Box<dyn std::error::Error>>(out.len())
                })
            });
        }
    }
    group.finish();
}

fn analyze(c: &mut Criterion) {
    let mut group = c.benchmark_group("read/analyze");
    group.sample_size(10);
    let analyzer = Analyzer::new();
    for members in [1_000usize, 100_000] {
        let csv = roster_csv(members, (members / 10).max(1), 7);
        group.throughput(Throughput::Bytes(csv.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(members), &csv, |b, csv| {
            b.iter(|| ReaderBuilder::new().analyze(black_box(csv.as_bytes()), &analyzer).map(|(r, _)| r.len()))
        });
    }
    group.finish();
}

fn parse(c: &mut Criterion) {
    let mut group = c.benchmark_group("read/parse-only");
    group.sample_size(10);
    for members in [100_000usize, 1_000_000] {
        let csv = roster_csv(members, members / 10, 7);
        group.throughput(Throughput::Bytes(csv.len() as u64));
        // Every row's numbers read (one worker), or half of them (one of two).
        for (label, shards) in [("all-rows", 1), ("half-the-rows", 2)] {
            group.bench_with_input(BenchmarkId::new(label, members), &csv, |b, csv| {
                b.iter(|| rolebalance::bench_support::parse_only(black_box(csv.as_bytes()), shards, 0))
            });
        }
    }
    group.finish();
}

criterion_group!(benches, summary, analyze, parse);
criterion_main!(benches);
