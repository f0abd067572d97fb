//! The adapters of issue 18 at scale: teams from the reporting line of a
//! million people (`Hierarchy`, "about a second"), and a `;`-separated
//! roster (the record path) against the same roster with commas (the fast
//! path).
//!
//! ```text
//! cargo bench --bench adapters -- --warm-up-time 1 --measurement-time 5
//! ```

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use rolebalance::bench_support::roster_csv;
use rolebalance::{Analyzer, ColumnMap, Hierarchy, ReaderBuilder};

/// A Workday-style export of `n` people: a tree of fan-out 8 (7 levels for
/// a million), in an order unrelated to the tree (a fixed shuffle).
fn reporting_line(n: usize) -> String {
    let mut order: Vec<usize> = (0..n).collect();
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    for i in (1..n).rev() {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        order.swap(i, (x % (i as u64 + 1)) as usize);
    }
    let mut csv = String::with_capacity(n * 40);
    csv.push_str("Employee_ID,Manager_ID,purpose,horizon,focus,risk\n");
    for &i in &order {
        let manager = if i == 0 { String::new() } else { format!("E{}", (i - 1) / 8) };
        let p = (i % 21) as f64 / 10.0 - 1.0;
        csv.push_str(&format!("E{i},{manager},{p},0.5,-0.25,{}\n", -p));
    }
    csv
}

fn hierarchy(c: &mut Criterion) {
    let mut group = c.benchmark_group("adapters/hierarchy");
    group.sample_size(10);
    let reader = ReaderBuilder::new()
        .columns(ColumnMap::new().with("id", "Employee_ID").expect("a valid mapping"))
        .hierarchy(Hierarchy::new("Manager_ID"));
    for n in [10_000usize, 1_000_000] {
        let csv = reporting_line(n);
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::new("read_roster", n), &csv, |b, csv| {
            b.iter(|| reader.read_roster(black_box(csv.as_bytes())).map(|(r, _)| r.len()))
        });
        group.bench_with_input(BenchmarkId::new("analyze", n), &csv, |b, csv| {
            b.iter(|| reader.analyze(black_box(csv.as_bytes()), &Analyzer::new()).map(|(r, _)| r.len()))
        });
    }
    group.finish();
}

fn delimiters(c: &mut Criterion) {
    let mut group = c.benchmark_group("adapters/summary");
    group.sample_size(10);
    let analyzer = Analyzer::new();
    let comma = roster_csv(1_000_000, 100_000, 7);
    let semicolon = comma.replace(',', ";");
    for (label, csv) in [("comma", &comma), ("semicolon", &semicolon)] {
        group.throughput(Throughput::Bytes(csv.len() as u64));
        group.bench_with_input(BenchmarkId::new(label, 1_000_000), csv, |b, csv| {
            b.iter(|| ReaderBuilder::new().summary(black_box(csv.as_bytes()), &analyzer).map(|(s, _)| s.len()))
        });
    }
    group.finish();
}

criterion_group!(benches, hierarchy, delimiters);
criterion_main!(benches);
