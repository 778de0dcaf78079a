//! The JSON contract of `check --json` and `diff --json` (issue 12): every key and value of
//! the objects as first published is still there, exactly. New keys may be added; the
//! pinned files under `tests/reference/` are never rewritten by a test.

use crate::support::{cchc, fixture, round_two};
use serde_json::Value;
use std::path::Path;

/// Every key of `pinned` is in `now` with the same value, recursively; arrays have the
/// same length. Numbers compare by their exact digits.
fn assert_contains(pinned: &Value, now: &Value, path: &str) {
    match (pinned, now) {
        (Value::Object(p), Value::Object(n)) => {
            for (key, value) in p {
                let inner = format!("{path}.{key}");
                let found = n.get(key).unwrap_or_else(|| panic!("{inner}: key missing"));
                assert_contains(value, found, &inner);
            }
        }
        (Value::Array(p), Value::Array(n)) => {
            assert_eq!(p.len(), n.len(), "{path}: length");
            for (i, (a, b)) in p.iter().zip(n).enumerate() {
                assert_contains(a, b, &format!("{path}[{i}]"));
            }
        }
        _ => assert_eq!(pinned, now, "{path}"),
    }
}

fn pinned(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/reference")
        .join(name);
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn stdout(args: &[&str], dir: &Path) -> String {
    let o = cchc(args, dir);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).unwrap()
}

#[test]
fn check_json_keeps_its_contract() {
    let out = stdout(
        &["check", "input/tuan-giao-2019.xlsx", "--json"],
        Path::new(env!("CARGO_MANIFEST_DIR")),
    );
    let now: Value = serde_json::from_str(&out).unwrap();
    assert_contains(&pinned("check-json-contract.json"), &now, "");
}

#[test]
fn diff_json_keeps_its_contract() {
    let dir = tempfile::tempdir().unwrap();
    let new = round_two(dir.path());
    let config = Path::new(env!("CARGO_MANIFEST_DIR")).join("input/cchc.toml");
    let out = stdout(
        &[
            "diff",
            fixture("bang-phan-tich.tsv").to_str().unwrap(),
            new.to_str().unwrap(),
            "--json",
            "--config",
            config.to_str().unwrap(),
        ],
        dir.path(),
    );
    let now: Value = serde_json::from_str(&out).unwrap();
    assert_contains(&pinned("diff-json-contract.json"), &now, "");
}
