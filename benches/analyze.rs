//! Native throughput of `Analyzer::analyze` on news text, 100 KB → 10 MB, against a baseline
//! that only splits the same text into words (the cost of reading the text once).
//!
//! The text is the project's own test articles (tests/data/**/*.txt), repeated; each copy is a
//! separate document of the same batch, as on a page with many articles.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::hint::black_box;
use storylink::{Analyzer, Document};

fn corpus() -> Vec<String> {
    let mut texts = Vec::new();
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data");
    let mut dirs: Vec<_> = std::fs::read_dir(root).map(|r| r.flatten().map(|e| e.path()).collect()).unwrap_or_default();
    dirs.sort();
    for d in dirs {
        let mut files: Vec<_> = std::fs::read_dir(&d).map(|r| r.flatten().map(|e| e.path()).collect()).unwrap_or_default();
        files.sort();
        for f in files {
            if f.extension().is_some_and(|e| e == "txt") {
                if let Ok(t) = std::fs::read_to_string(&f) {
                    texts.push(t);
                }
            }
        }
    }
    if texts.is_empty() {
        texts.push("Sir Ken McCallum, the head of MI5, spoke in London on Thursday.\n".repeat(20));
    }
    texts
}

/// Documents totalling about `bytes`, made of the corpus articles repeated.
fn docs_of(texts: &[String], bytes: usize) -> Vec<Document> {
    let mut out = Vec::new();
    let mut total = 0;
    let mut i = 0;
    while total < bytes {
        let t = &texts[i % texts.len()];
        out.push(Document::new(format!("d{i}"), t.clone()));
        total += t.len();
        i += 1;
    }
    out
}

fn split_words(docs: &[Document]) -> usize {
    docs.iter().map(|d| d.text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).count()).sum()
}

fn bench(c: &mut Criterion) {
    let texts = corpus();
    let analyzer = Analyzer::new();
    let mut g = c.benchmark_group("analyze");
    g.sample_size(10);
    for &size in &[100_000usize, 1_000_000, 10_000_000] {
        let docs = docs_of(&texts, size);
        let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
        g.throughput(Throughput::Bytes(bytes as u64));
        g.bench_with_input(BenchmarkId::new("storylink", size), &docs, |b, docs| b.iter(|| analyzer.analyze(black_box(docs))));
        g.bench_with_input(BenchmarkId::new("split-words", size), &docs, |b, docs| b.iter(|| split_words(black_box(docs))));
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
