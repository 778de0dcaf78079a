//! Tells the integration tests which outside programs this machine has, so that a test that
//! needs one it lacks is reported as ignored in the summary line (issue 12), rather than
//! passing silently. With `CI` set both count as present: there the tests run, and fail if a
//! program is missing. The library and the binary do not use these flags.

use std::process::Command;

fn runs(program: &str, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success())
}

fn main() {
    println!("cargo::rustc-check-cfg=cfg(office)");
    println!("cargo::rustc-check-cfg=cfg(lxml)");
    println!("cargo::rerun-if-env-changed=CI");
    println!("cargo::rerun-if-env-changed=PATH");
    println!("cargo::rerun-if-changed=build.rs");
    let ci = std::env::var_os("CI").is_some();
    // LibreOffice converts documents to PDF; poppler-utils reads the PDF back.
    if ci || (runs("soffice", &["--version"]) && runs("pdftotext", &["-v"])) {
        println!("cargo::rustc-cfg=office");
    }
    // The schema check of the documents runs the validator in tests/ooxml-validate.
    if ci || runs("python3", &["-c", "import lxml"]) {
        println!("cargo::rustc-cfg=lxml");
    }
}
