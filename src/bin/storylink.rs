//! `storylink analyze FILE... [-]`: prints the predictions JSON (see README) on stdout.

use std::io::{Read, Write};
use std::path::Path;
use std::process::ExitCode;

const USAGE: &str = "usage: storylink analyze FILE... [-]\n\
  Reads each FILE (UTF-8 text; '-' is standard input), analyses them together and prints\n\
  the analysis as JSON: documents (id = file stem) with UTF-16 mention offsets, entities\n\
  with roles, reasons and salience, and relations.";

fn read_input(arg: &str) -> Result<(String, String), String> {
    let bytes = if arg == "-" {
        let mut buf = Vec::new();
        std::io::stdin().read_to_end(&mut buf).map_err(|e| format!("storylink: -: {e}"))?;
        buf
    } else {
        let path = Path::new(arg);
        if path.is_dir() {
            return Err(format!("storylink: {arg}: is a directory"));
        }
        std::fs::read(path).map_err(|e| {
            let why = match e.kind() {
                std::io::ErrorKind::NotFound => "no such file".to_string(),
                _ => e.to_string(),
            };
            format!("storylink: {arg}: {why}")
        })?
    };
    let text = String::from_utf8(bytes).map_err(|e| {
        format!("storylink: {arg}: not UTF-8 text (invalid byte at offset {})", e.utf8_error().valid_up_to())
    })?;
    let id = if arg == "-" {
        "stdin".to_string()
    } else {
        Path::new(arg).file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| arg.to_string())
    };
    Ok((id, text))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("analyze") if args.len() > 1 => {}
        Some("-h") | Some("--help") | Some("help") => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    }
    let mut docs = Vec::new();
    for arg in &args[1..] {
        match read_input(arg) {
            Ok((id, text)) => docs.push(storylink::Document::new(id, text)),
            Err(msg) => {
                eprintln!("{msg}");
                return ExitCode::from(2);
            }
        }
    }
    let analysis = match storylink::Analyzer::new().analyze(&docs) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("storylink: {e}");
            return ExitCode::from(2);
        }
    };
    let json = match serde_json::to_string(&analysis) {
        Ok(j) => j,
        Err(e) => {
            eprintln!("storylink: cannot write JSON: {e}");
            return ExitCode::from(1);
        }
    };
    let mut out = std::io::stdout().lock();
    if writeln!(out, "{json}").is_err() {
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}
