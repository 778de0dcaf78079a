//! Helpers for the Word-document tests: generate the sample, unzip a part, and read back
//! what a reader sees (paragraph texts, attributes, table rows) with quick-xml.

#![allow(dead_code)]

use super::options;
use cchc::generate::{self, Generated};
use quick_xml::events::Event;
use std::io::Read;
use std::path::{Path, PathBuf};

/// The sample input.
pub fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("input/tuan-giao-2019.xlsx")
}

/// The sample configuration's text.
pub fn sample_config() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("input/cchc.toml")).unwrap()
}

/// Generates the sample into `dir/out` with `config_text` as its configuration.
pub fn generate_with(
    dir: &Path,
    config_text: &str,
    templates: Option<&Path>,
) -> cchc::Result<Generated> {
    let config = dir.join("cchc.toml");
    std::fs::write(&config, config_text).unwrap();
    generate::generate(&sample(), &options(&dir.join("out"), &config, templates)).map(|w| w.output)
}

/// Generates the sample with its own configuration; returns the output folder.
pub fn generate_sample(dir: &Path) -> PathBuf {
    generate_with(dir, &sample_config(), None).unwrap().folder
}

/// One part of a zip package, as text.
pub fn part(package: &Path, name: &str) -> String {
    part_of(&std::fs::read(package).unwrap(), name)
}

/// One part of a package held in memory.
pub fn part_of(bytes: &[u8], name: &str) -> String {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut entry = archive.by_name(name).unwrap();
    let mut text = String::new();
    entry.read_to_string(&mut text).unwrap();
    text
}

fn entity(name: &str) -> String {
    match name {
        "amp" => "&".into(),
        "lt" => "<".into(),
        "gt" => ">".into(),
        "quot" => "\"".into(),
        "apos" => "'".into(),
        other => format!("&{other};"),
    }
}

/// The text of every paragraph (w:p) in document order, breaks as '\n' and tabs as '\t';
/// fails on XML that is not well-formed.
pub fn paragraphs(xml: &str) -> Vec<String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    let mut in_text = false;
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) if e.name().as_ref() == "w:p" => current = Some(String::new()),
            Event::End(e) if e.name().as_ref() == "w:p" => out.extend(current.take()),
            Event::Empty(e) if e.name().as_ref() == "w:p" => out.push(String::new()),
            Event::Start(e) if e.name().as_ref() == "w:t" => in_text = true,
            Event::End(e) if e.name().as_ref() == "w:t" => in_text = false,
            Event::Empty(e) if e.name().as_ref() == "w:br" => {
                if let Some(c) = current.as_mut() {
                    c.push('\n');
                }
            }
            Event::Empty(e) if e.name().as_ref() == "w:tab" => {
                if let Some(c) = current.as_mut() {
                    c.push('\t');
                }
            }
            Event::Text(t) if in_text => {
                if let Some(c) = current.as_mut() {
                    c.push_str(&t);
                }
            }
            Event::GeneralRef(r) if in_text => {
                if let Some(c) = current.as_mut() {
                    match r.resolve_char_ref().unwrap() {
                        Some(ch) => c.push(ch),
                        None => c.push_str(&entity(&r)),
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

/// The values of `attr` on every `tag` element, in document order.
pub fn attrs(xml: &str, tag: &str, attr: &str) -> Vec<String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = Vec::new();
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == tag => {
                if let Some(a) = e.try_get_attribute(attr).unwrap() {
                    out.push(
                        a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                            .unwrap()
                            .into_owned(),
                    );
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

/// The rows of the last table: each row's cell texts (a cell's paragraphs joined by '\n').
pub fn last_table_rows(xml: &str) -> Vec<Vec<String>> {
    let start = xml.rfind("<w:tbl>").expect("a table");
    let end = xml[start..]
        .find("</w:tbl>")
        .map(|e| start + e + 8)
        .unwrap();
    let table = &xml[start..end];
    table
        .split("<w:tr>")
        .skip(1)
        .map(|row| {
            row.split("<w:tc>")
                .skip(1)
                .map(|cell| {
                    let cell = cell.split("</w:tc>").next().unwrap();
                    paragraphs(&format!("<x>{cell}</x>")).join("\n")
                })
                .collect()
        })
        .collect()
}

/// How the run whose text starts with `text` looks: (size in half-points, bold, italic),
/// the size 28 (14 pt, the documents' default) when the run states none.
pub fn run_look(xml: &str, text: &str) -> (u32, bool, bool) {
    let at = xml
        .find(&format!(">{text}"))
        .unwrap_or_else(|| panic!("no run with {text:?}"));
    let start = xml[..at].rfind("<w:r>").expect("a run");
    let props = &xml[start..at];
    let size = attrs(&format!("<x>{props}></w:t></w:r></x>"), "w:sz", "w:val")
        .first()
        .map_or(28, |s| s.parse().unwrap());
    (size, props.contains("<w:b/>"), props.contains("<w:i/>"))
}
