//! Ontology loading and closure queries.
//!
//! `cargo bench -p genofed-ontologies --bench ontology`. Reads `../shared/ontologies`
//! beside the checkout. Also prints, once, the peak RSS after loading a 30,000-term
//! synthetic DAG and the shape of the terms queried.

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{Criterion, criterion_group, criterion_main};

// The genofed binary runs with mimalloc; measure with the same allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
use genofed_ontologies::{Store, TermId};

fn shared(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/ontologies")
        .join(name)
}

fn rss_kib(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

/// A term halfway down (by longest path from a root), with the most descendants at that
/// level.
fn mid_level(store: &Store) -> TermId {
    let mut level = vec![0usize; store.len()];
    // Ancestors come before descendants in no particular id order, so relax until stable.
    let mut changed = true;
    while changed {
        changed = false;
        for (id, t) in store.terms() {
            let l = t
                .parents
                .iter()
                .map(|p| level[p.index()] + 1)
                .max()
                .unwrap_or(0);
            if l > level[id.index()] {
                level[id.index()] = l;
                changed = true;
            }
        }
    }
    let max = level.iter().copied().max().unwrap_or(0);
    store
        .terms()
        .filter(|(id, _)| level[id.index()] == max / 2)
        .max_by_key(|(id, _)| store.descendants(*id).len())
        .map(|(id, _)| id)
        .unwrap_or_default()
}

fn benches(c: &mut Criterion) {
    let text = genofed_ontologies::synthetic::dag_obo(30_000, 0x9e37_79b9_7f4a_7c15);
    let before = rss_kib("VmRSS:");
    let synthetic = Store::builder()
        .obo_text("synthetic.obo", &text)
        .unwrap()
        .build()
        .unwrap();
    let peak = rss_kib("VmHWM:");
    let mid = mid_level(&synthetic);
    eprintln!(
        "synthetic DAG: {} terms, {} ancestor entries; RSS before {} MiB, peak after load+closure {} MiB; mid-level term {} has {} ancestors, {} descendants",
        synthetic.len(),
        synthetic.closure_len(),
        before / 1024,
        peak / 1024,
        synthetic.get(mid).id,
        synthetic.ancestors(mid).len(),
        synthetic.descendants(mid).len()
    );

    let mut g = c.benchmark_group("load");
    g.sample_size(20);
    g.bench_function("hp_subset.owl", |b| {
        b.iter(|| {
            Store::builder()
                .load(shared("hp_subset.owl"))
                .unwrap()
                .build()
                .unwrap()
        })
    });
    g.bench_function("hp_subset.obo", |b| {
        b.iter(|| {
            Store::builder()
                .load(shared("hp_subset.obo"))
                .unwrap()
                .build()
                .unwrap()
        })
    });
    g.bench_function("duo.owl", |b| {
        b.iter(|| {
            Store::builder()
                .load(shared("duo.owl"))
                .unwrap()
                .build()
                .unwrap()
        })
    });
    g.bench_function("synthetic_30k_obo_load_and_close", |b| {
        b.iter(|| {
            Store::builder()
                .obo_text("synthetic.obo", &text)
                .unwrap()
                .build()
                .unwrap()
        })
    });
    let dir = std::env::temp_dir().join(format!("genofed-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let cache = dir.join("synthetic.cache");
    synthetic.write_cache(&cache).unwrap();
    eprintln!(
        "cache of the synthetic DAG: {} KiB",
        std::fs::metadata(&cache).map_or(0, |m| m.len() / 1024)
    );
    g.bench_function("synthetic_30k_from_cache", |b| {
        b.iter(|| Store::read_cache(&cache).unwrap())
    });
    g.finish();
    let _ = std::fs::remove_dir_all(&dir);

    // is_a over a fixed set of pairs, half of them true.
    let n = synthetic.len() as u64;
    let mut state: u64 = 42;
    let mut pairs: Vec<(TermId, TermId)> = Vec::with_capacity(1024);
    for (i, (id, _)) in synthetic.terms().enumerate().skip(1).step_by(29).take(1024) {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let anc = synthetic.ancestors(id);
        let sup = if i % 2 == 0 && !anc.is_empty() {
            anc[(state >> 33) as usize % anc.len()]
        } else {
            synthetic
                .terms()
                .nth(((state >> 33) % n) as usize)
                .map(|(t, _)| t)
                .unwrap()
        };
        pairs.push((id, sup));
    }
    let ids: Vec<(String, String)> = pairs
        .iter()
        .map(|(a, b)| (synthetic.get(*a).id.clone(), synthetic.get(*b).id.clone()))
        .collect();
    let mut g = c.benchmark_group("query");
    g.bench_function("is_a_1024_pairs", |b| {
        b.iter(|| {
            pairs
                .iter()
                .filter(|(a, s)| synthetic.is_a(black_box(*a), black_box(*s)))
                .count()
        });
    });
    g.bench_function("is_a_curie_1024_pairs", |b| {
        b.iter(|| {
            ids.iter()
                .filter(|(a, s)| synthetic.is_a_curie(black_box(a), black_box(s)).unwrap())
                .count()
        });
    });
    g.bench_function("descendants_mid_level", |b| {
        b.iter(|| synthetic.descendants(black_box(mid)).len())
    });
    let mid_id = synthetic.get(mid).id.clone();
    g.bench_function("expand_mid_level_ids", |b| {
        b.iter(|| synthetic.expand(black_box(&mid_id)).unwrap().len())
    });
    let hp = Store::builder()
        .load(shared("hp_subset.obo"))
        .unwrap()
        .build()
        .unwrap();
    g.bench_function("expand_hp_phenotypic_abnormality", |b| {
        b.iter(|| hp.expand(black_box("HP:0000118")).unwrap().len())
    });
    g.finish();
}

criterion_group!(ontology, benches);
criterion_main!(ontology);
