//! Fuzz target: arbitrary bytes as a spreadsheet (.xlsx, .xls, .ods, .csv by the first byte)
//! through read, parse and analyze. Any input must give a result or an error, never a panic
//! or an abort.

#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::Path;

static QUIET: std::sync::Once = std::sync::Once::new();

fuzz_target!(|data: &[u8]| {
    // As in the binary: a panic inside the spreadsheet reader is caught and becomes the
    // file's error, so the hook that libFuzzer installs must not see it first.
    QUIET.call_once(cchc::read::quiet_reader_panics);
    let Some((&kind, bytes)) = data.split_first() else {
        return;
    };
    let name = match kind % 4 {
        0 => "f.xlsx",
        1 => "f.xls",
        2 => "f.ods",
        _ => "f.csv",
    };
    let path = Path::new(name);
    let config = cchc::Config::default();
    if let Ok(book) = cchc::read::read_bytes(path, bytes.to_vec(), None)
        && let Ok(parsed) = cchc::parse::parse(book, path, &config)
    {
        let _ = cchc::analyze(parsed.output, &config);
    }
});
