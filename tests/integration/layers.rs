//! The pipeline's stages use only earlier stages (issue 12): a module's code names
//! `crate::<module>` only for modules of a lower layer, so no import cycle can form, and the
//! renderer reads no files.

use std::collections::BTreeMap;
use std::path::Path;

/// The library's top-level modules, lowest first. A module may use the modules of lower
/// layers only.
const LAYERS: &[&[&str]] = &[
    &["model"],
    &["text"],
    &["error"],
    &["config"],
    &["read"],
    &["parse"],
    &["analyze"],
    &["render"],
    &["write", "pdf"],
    &["generate"],
    &["batch"],
    &["serve"],
];

fn layer(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

/// Every `.rs` file under `dir`, with its top-level module.
fn sources(dir: &Path, module: Option<&str>, found: &mut Vec<(String, String)>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let top = module.map_or(name.clone(), str::to_string);
        if path.is_dir() {
            sources(&path, Some(&top), found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push((top, std::fs::read_to_string(&path).unwrap()));
        }
    }
}

/// The top-level modules a file's code (not its comments) names with `crate::`.
fn uses(code: &str) -> Vec<String> {
    let mut found = Vec::new();
    for line in code.lines() {
        let line = line.split("//").next().unwrap_or("");
        let mut rest = line;
        while let Some(at) = rest.find("crate::") {
            rest = &rest[at + "crate::".len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                found.push(name);
            }
        }
    }
    found
}

#[test]
fn each_stage_uses_only_earlier_stages() {
    let mut files = Vec::new();
    sources(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        None,
        &mut files,
    );
    let mut wrong: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (module, code) in &files {
        // The binary and the crate root sit above every layer.
        let Some(own) = layer(module) else {
            assert!(
                ["main", "cli", "lib"].contains(&module.as_str()),
                "module `{module}` has no layer: add it to LAYERS"
            );
            continue;
        };
        for used in uses(code) {
            // `crate::load_bytes` and the like: the crate root's own functions.
            let Some(theirs) = layer(&used) else {
                continue;
            };
            if used != *module && theirs >= own {
                wrong.entry(module.clone()).or_default().push(used);
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "modules that use a stage at or after their own: {wrong:?}"
    );
}

#[test]
fn the_renderer_reads_and_writes_no_files() {
    let mut files = Vec::new();
    sources(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src/render"),
        Some("render"),
        &mut files,
    );
    for (_, code) in files {
        let code: String = code
            .lines()
            .take_while(|l| !l.starts_with("#[cfg(test)]"))
            .map(|l| l.split("//").next().unwrap_or(""))
            .collect::<Vec<_>>()
            .join("\n");
        assert!(!code.contains("std::fs"), "{code}");
        assert!(!code.contains("File::open"), "{code}");
    }
}
