//! Evaluating the full built-in policy library over synthetic accounts of 100 IAM users each:
//! compile once, then accounts one by one on one core (the figure per core that the parallel
//! evaluation multiplies).

use std::io::Write;

use criterion::{criterion_group, criterion_main, Criterion};
use tenet::collect::files;
use tenet::policy::{Bundle, BundleOptions, PolicyEngine};

fn engine(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("org.json");
    let mut file = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    tenet::synthetic::write_snapshot(&mut file, 8, 100, 3).unwrap();
    file.flush().unwrap();
    drop(file);
    let snapshot = files::load_snapshot(&path).unwrap();
    let bundle = Bundle::load(&BundleOptions {
        builtin: true,
        ..Default::default()
    })
    .unwrap();

    c.bench_function("compile built-in policies", |b| {
        b.iter(|| PolicyEngine::compile(&bundle).unwrap())
    });
    let compiled = PolicyEngine::compile(&bundle).unwrap();
    let mut one = snapshot.clone();
    one.accounts.truncate(1);
    let mut group = c.benchmark_group("evaluate");
    group.sample_size(20);
    group.bench_function("1 account x 100 users, all rules", |b| {
        b.iter(|| compiled.evaluate(&one).unwrap())
    });
    group.finish();
}

criterion_group!(benches, engine);
criterion_main!(benches);
