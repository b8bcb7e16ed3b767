//! The `storylink` binary: `storylink analyze FILE... [-]`.
//! JSON on stdout for good input; exit status 2, one stderr line naming the file and an empty
//! stdout for unreadable input; usage (exit 2) without arguments.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_storylink"));
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c
}

fn run(args: &[&str]) -> Output {
    bin().args(args).stdin(Stdio::null()).output().expect("run storylink")
}

fn run_stdin(args: &[&str], input: &[u8]) -> Output {
    let mut child = bin()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn storylink");
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

/// A fresh directory under the system temp dir (removed on drop).
struct TempDir(PathBuf);

impl TempDir {
    fn new(tag: &str) -> TempDir {
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
        let p = std::env::temp_dir().join(format!("storylink-cli-{tag}-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&p).unwrap();
        TempDir(p)
    }
    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn stdout_json(out: &Output) -> serde_json::Value {
    let s = std::str::from_utf8(&out.stdout).expect("stdout is UTF-8");
    serde_json::from_str(s).unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {s:.300}"))
}

/// Every mention of the JSON has the predictions-JSON fields, and text == UTF-16 slice.
fn check_documents(json: &serde_json::Value, texts: &[(&str, &str)]) {
    let docs = json["documents"].as_array().expect("documents array");
    let ids: Vec<&str> = docs.iter().map(|d| d["id"].as_str().expect("id")).collect();
    let want: Vec<&str> = texts.iter().map(|(id, _)| *id).collect();
    assert_eq!(ids, want);
    let entity_ids: Vec<&str> =
        json["entities"].as_array().expect("entities array").iter().map(|e| e["id"].as_str().unwrap()).collect();
    for (d, (_, text)) in docs.iter().zip(texts) {
        let units: Vec<u16> = text.encode_utf16().collect();
        for m in d["mentions"].as_array().expect("mentions array") {
            let s = m["start"].as_u64().expect("start") as usize;
            let e = m["end"].as_u64().expect("end") as usize;
            let t = m["text"].as_str().expect("text");
            assert!(s < e && e <= units.len(), "{m}");
            assert_eq!(String::from_utf16(&units[s..e]).unwrap(), t, "{m}");
            let ty = m["type"].as_str().expect("type");
            assert!(["PERSON", "ORG", "PLACE", "LAW", "MISC"].contains(&ty), "{m}");
            assert!(entity_ids.contains(&m["entity"].as_str().expect("entity")), "{m}");
        }
    }
}

/// Exit status 2, nothing on stdout, exactly one stderr line that names `what`.
fn assert_input_error(out: &Output, what: &str) {
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "status {:?}, stderr {err:?}", out.status);
    assert!(out.stdout.is_empty(), "stdout not empty: {:?}", String::from_utf8_lossy(&out.stdout));
    assert_eq!(err.trim_end_matches('\n').lines().count(), 1, "stderr is not one line: {err:?}");
    assert!(err.contains(what), "stderr {err:?} does not name {what:?}");
}

#[test]
fn analyze_seed_files() {
    let out = run(&["analyze", "tests/data/seeds/000.txt", "tests/data/seeds/001.txt"]);
    assert!(out.status.success(), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    let json = stdout_json(&out);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let t0 = std::fs::read_to_string(root.join("tests/data/seeds/000.txt")).unwrap();
    let t1 = std::fs::read_to_string(root.join("tests/data/seeds/001.txt")).unwrap();
    check_documents(&json, &[("000", &t0), ("001", &t1)]);
    assert!(!json["entities"].as_array().unwrap().is_empty());
}

#[test]
fn analyze_file_with_emoji_and_crlf() {
    // world/001 has emoji (UTF-16 offsets), sport/002 has CRLF line ends.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = run(&["analyze", "tests/data/world/001.txt", "tests/data/sport/002.txt"]);
    assert!(out.status.success(), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    let w = std::fs::read_to_string(root.join("tests/data/world/001.txt")).unwrap();
    let s = std::fs::read_to_string(root.join("tests/data/sport/002.txt")).unwrap();
    assert!(s.contains("\r\n") && w.chars().any(|c| c.len_utf16() == 2));
    check_documents(&stdout_json(&out), &[("001", &w), ("002", &s)]);
}

#[test]
fn missing_file() {
    let tmp = TempDir::new("missing");
    let p = tmp.path().join("no-such-article.txt");
    let out = run(&["analyze", p.to_str().unwrap()]);
    assert_input_error(&out, "no-such-article.txt");
}

#[test]
fn missing_file_among_good_ones() {
    let out = run(&["analyze", "tests/data/seeds/000.txt", "tests/data/seeds/nope.txt"]);
    assert_input_error(&out, "nope.txt");
}

#[test]
fn directory() {
    let out = run(&["analyze", "tests/data/seeds"]);
    assert_input_error(&out, "tests/data/seeds");
}

#[test]
fn non_utf8_file() {
    let tmp = TempDir::new("latin1");
    let p = tmp.path().join("latin1.txt");
    std::fs::write(&p, b"Jos\xe9 \xc1lvarez met Angela Merkel in Z\xfcrich.\n").unwrap();
    let out = run(&["analyze", p.to_str().unwrap()]);
    assert_input_error(&out, "latin1.txt");
}

#[test]
fn stdin_dash() {
    let text = "😀 Angela Merkel met Emmanuel Macron in Paris.\r\nMerkel said so.";
    let out = run_stdin(&["analyze", "-"], text.as_bytes());
    assert!(out.status.success(), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    let json = stdout_json(&out);
    check_documents(&json, &[("stdin", text)]);
}

#[test]
fn stdin_with_files() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = "Angela Merkel visited Paris.";
    let out = run_stdin(&["analyze", "tests/data/seeds/001.txt", "-"], text.as_bytes());
    assert!(out.status.success(), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    let t1 = std::fs::read_to_string(root.join("tests/data/seeds/001.txt")).unwrap();
    check_documents(&stdout_json(&out), &[("001", &t1), ("stdin", text)]);
}

#[test]
fn stdin_not_utf8() {
    let out = run_stdin(&["analyze", "-"], b"Z\xfcrich\n");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(out.stdout.is_empty());
    assert!(err.contains('-') && err.trim_end().lines().count() == 1, "{err:?}");
}

#[test]
fn no_arguments_prints_usage() {
    let out = run(&[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).to_lowercase().contains("usage"));
}

#[test]
fn analyze_without_files_prints_usage() {
    let out = run(&["analyze"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).to_lowercase().contains("usage"));
}

#[test]
fn unknown_command_prints_usage() {
    let out = run(&["frobnicate", "tests/data/seeds/000.txt"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).to_lowercase().contains("usage"));
}
