//! A look inside workbooks before calamine opens them.
//!
//! calamine aborts the whole process, with no error returned, on some small malicious files
//! (`../shared/docs/crates-notes.md` §3), and builds much of a workbook in memory at open: an
//! .xlsx's shared strings, cell formats and defined names, and every sheet of an .xls or .ods
//! as a dense rectangle, a value and a formula per cell, text cloned into every cell that
//! shows it. So every zip entry is inflated here first, as a stream, counting real bytes
//! against [`limits`], and whatever makes calamine allocate is counted over the whole
//! workbook: shared strings and their text, cell formats and what each copies, defined names,
//! merged ranges, sheets; for an .ods the dense area and the text of every sheet, repeats
//! expanded; for an .xls the dense area of every sheet (its declared DIMENSIONS and its
//! farthest cells), the shared strings each cell clones, and the text each formula expands to.
//!
//! The .ods and .xls walks follow calamine's own parsing step by step, malformed nesting
//! included: a count that parsed the file more cleanly than calamine does could miss what
//! calamine builds.

mod ods;
mod xls;

pub use xls::check_xls;

use super::limits;
use crate::error::{Error, Location, Result};
use quick_xml::events::{BytesStart, Event};
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Cursor, Read};
use std::path::Path;

/// Which reader a zip-based workbook needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ZipFormat {
    /// Office Open XML (.xlsx, .xlsm).
    Xlsx,
    /// OpenDocument (.ods).
    Ods,
}

/// Checks a zip-based workbook against the limits, and tells which format it is.
///
/// # Errors
/// [`Error::NotWorkbook`] for a broken archive; [`Error::TooLarge`] naming the limit that an
/// entry, the archive or the workbook exceeds.
pub fn check_zip(path: &Path, bytes: &[u8]) -> Result<ZipFormat> {
    let too_large = |limit: String| Error::TooLarge {
        loc: Location::file(path),
        limit,
    };
    let not_workbook = |detail: String| Error::NotWorkbook {
        path: path.to_path_buf(),
        detail,
    };
    let mut archive =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| not_workbook(e.to_string()))?;
    if archive.len() > limits::MAX_ZIP_ENTRIES {
        return Err(too_large(format!(
            "{} phần trong một tệp nén",
            limits::MAX_ZIP_ENTRIES
        )));
    }
    let mut tally = Tally::default();
    let mut total: u64 = 0;
    let (mut package_rels, mut mimetype) = (false, false);
    for i in 0..archive.len() {
        let mut entry = archive
            .by_index(i)
            .map_err(|e| not_workbook(e.to_string()))?;
        let name = entry.name().map(|n| n.into_owned()).unwrap_or_default();
        // calamine finds an .xlsx part whatever its case and slashes.
        let key = name.replace('\\', "/").to_ascii_lowercase();
        package_rels |= key == "_rels/.rels";
        mimetype |= name == "mimetype";
        if entry.size() > limits::MAX_ENTRY_BYTES {
            return Err(too_large(entry_limit(&name)));
        }
        let part = Part::of(&name, &key);
        let compressed = entry.compressed_size().max(1);
        // The declared size can lie: inflate and count, one byte past the cap at most.
        let mut counted = Counted {
            inner: (&mut entry).take(limits::MAX_ENTRY_BYTES + 1),
            count: 0,
        };
        {
            let mut reader = BufReader::new(&mut counted);
            match scan_part(part, &mut reader, &mut tally) {
                Err(Stop::Limit(limit)) => return Err(too_large(limit)),
                Err(Stop::InSheet(sheet, limit)) => {
                    return Err(Error::TooLarge {
                        loc: Location::file(path).sheet(&sheet),
                        limit,
                    });
                }
                Err(Stop::Broken(detail)) => return Err(not_workbook(format!("{name}: {detail}"))),
                Ok(()) => {}
            }
            // What the scan left (it stops at malformed XML) is inflated and counted too.
            std::io::copy(&mut reader, &mut std::io::sink())
                .map_err(|e| not_workbook(format!("{name}: {e}")))?;
        }
        let inflated = counted.count;
        if inflated > limits::MAX_ENTRY_BYTES {
            return Err(too_large(entry_limit(&name)));
        }
        if inflated > limits::RATIO_CHECK_FROM_BYTES
            && inflated / compressed > limits::MAX_COMPRESSION_RATIO
        {
            return Err(too_large(format!(
                "tỉ lệ nén {}:1 của phần `{name}` (tệp nén bất thường, có thể là \"zip bomb\")",
                limits::MAX_COMPRESSION_RATIO
            )));
        }
        if part == Part::Rels && inflated > limits::MAX_RELS_BYTES {
            return Err(too_large(format!(
                "{} MB cho phần `{name}`",
                limits::MAX_RELS_BYTES / 1024 / 1024
            )));
        }
        total += inflated;
        if total > limits::MAX_UNCOMPRESSED_BYTES {
            return Err(too_large(format!(
                "{} MB dữ liệu sau giải nén",
                limits::MAX_UNCOMPRESSED_BYTES / 1024 / 1024
            )));
        }
    }
    // As calamine's own detection would decide: an .xlsx has a package relationship part,
    // an .ods a mimetype entry.
    Ok(if mimetype && !package_rels {
        ZipFormat::Ods
    } else {
        ZipFormat::Xlsx
    })
}

/// Counts the bytes read through it.
struct Counted<R> {
    inner: R,
    count: u64,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count += n as u64;
        Ok(n)
    }
}

fn entry_limit(name: &str) -> String {
    format!(
        "{} MB cho phần `{name}` sau giải nén",
        limits::MAX_ENTRY_BYTES / 1024 / 1024
    )
}

/// Why a scan stopped short of the end.
#[derive(Debug, PartialEq)]
enum Stop {
    /// A limit, in words.
    Limit(String),
    /// A limit reached in the sheet named first.
    InSheet(String, String),
    /// A malformation calamine would not come back from (it would loop for ever).
    Broken(String),
}

impl From<String> for Stop {
    fn from(limit: String) -> Self {
        Stop::Limit(limit)
    }
}

/// The parts calamine reads whole at open, by their name as calamine looks them up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    /// An .xlsx's `sharedStrings.xml` (in whatever folder the workbook is).
    SharedStrings,
    /// An .xlsx's `styles.xml`.
    Styles,
    /// A relationship part.
    Rels,
    /// An .ods's `content.xml` (calamine looks for this exact name).
    OdsContent,
    /// Anything else: sheets, the workbook part, pictures.
    Other,
}

impl Part {
    fn of(name: &str, key: &str) -> Part {
        if name == "content.xml" {
            Part::OdsContent
        } else if key.ends_with(".rels") {
            Part::Rels
        } else {
            match key.rsplit('/').next() {
                Some("sharedstrings.xml") => Part::SharedStrings,
                Some("styles.xml") => Part::Styles,
                _ => Part::Other,
            }
        }
    }
}

/// What the parts of a zip-based workbook add up to.
#[derive(Debug, Default)]
struct Tally {
    sheets: usize,
    defined_names: usize,
    merges: usize,
    shared_strings: u64,
    /// Text calamine keeps at open: shared strings and defined names.
    kept_text: u64,
    style_bytes: usize,
    /// An .ods: filled cells (repeats expanded), the dense area and the text of its sheets.
    cells: u64,
    dense: u64,
    text: u64,
}

impl Tally {
    fn kept_text(&mut self, bytes: usize) -> std::result::Result<(), Stop> {
        self.kept_text = self.kept_text.saturating_add(bytes as u64);
        if self.kept_text > limits::MAX_SHARED_STRING_BYTES {
            return Err(Stop::Limit(format!(
                "{} MB chữ trong bảng chuỗi dùng chung và các tên vùng",
                limits::MAX_SHARED_STRING_BYTES / 1024 / 1024
            )));
        }
        Ok(())
    }

    fn defined_name(&mut self) -> std::result::Result<(), Stop> {
        self.defined_names += 1;
        if self.defined_names > limits::MAX_DEFINED_NAMES {
            return Err(Stop::Limit(format!(
                "{} tên vùng (named range)",
                limits::MAX_DEFINED_NAMES
            )));
        }
        Ok(())
    }

    fn ods_text(&mut self, bytes: u64) -> std::result::Result<(), Stop> {
        self.text = self.text.saturating_add(bytes);
        if self.text > limits::MAX_TEXT_BYTES as u64 {
            return Err(Stop::Limit(limits::text_limit()));
        }
        Ok(())
    }

    fn ods_dense(&mut self, cells: u64) -> std::result::Result<(), Stop> {
        self.dense = self.dense.saturating_add(cells);
        if self.dense > limits::MAX_DENSE_CELLS as u64 {
            return Err(Stop::Limit(limits::dense_limit()));
        }
        Ok(())
    }
}

/// An XML reader configured as calamine configures its own, so that both see the same
/// events.
fn xml_reader<R: BufRead>(reader: R) -> quick_xml::Reader<R> {
    let mut xml = quick_xml::Reader::from_reader(reader);
    let config = xml.config_mut();
    config.check_end_names = false;
    config.trim_text(false);
    config.check_comments = false;
    config.expand_empty_elements = true;
    xml
}

fn scan_part<R: BufRead>(
    part: Part,
    reader: R,
    tally: &mut Tally,
) -> std::result::Result<(), Stop> {
    let mut xml = xml_reader(reader);
    if part == Part::OdsContent {
        return ods::OdsScan::new(&mut xml, tally).content();
    }
    let mut buf = Vec::new();
    let mut styles = StyleScan::default();
    let mut in_defined_name = false;
    // The text of the `t` or `v` element being read: calamine holds a cell's text whole,
    // three times over while it reads it, whatever part it is in.
    let mut value: Option<usize> = None;
    loop {
        // A malformed part stops the scan: calamine stops reading it there too.
        let event = match xml.read_event_into(&mut buf) {
            Ok(Event::Eof) | Err(_) => return Ok(()),
            Ok(event) => event,
        };
        match &event {
            Event::Start(e) => {
                match e.local_name().as_ref() {
                    // Every sheet of the workbook part is listed in memory, with a copy
                    // of the relationship target it names.
                    "sheet" => {
                        tally.sheets += 1;
                        if tally.sheets > limits::MAX_SHEETS {
                            return Err(format!("{} trang tính", limits::MAX_SHEETS).into());
                        }
                    }
                    "definedName" => {
                        tally.defined_name()?;
                        tally.kept_text(attributes_len(e) + 48)?;
                        in_defined_name = true;
                    }
                    "mergeCell" => {
                        tally.merges += 1;
                        if tally.merges > limits::MAX_MERGES {
                            return Err(format!("{} vùng gộp ô", limits::MAX_MERGES).into());
                        }
                    }
                    "t" | "v" => value = Some(0),
                    "sst" if part == Part::SharedStrings => check_shared_string_count(e)?,
                    "si" if part == Part::SharedStrings => {
                        tally.shared_strings += 1;
                        if tally.shared_strings > limits::MAX_SHARED_STRINGS {
                            return Err(shared_strings_limit().into());
                        }
                        // A String and its allocation, besides the text.
                        tally.kept_text(48)?;
                    }
                    _ => {}
                }
                if part == Part::Styles {
                    styles.start(e, tally)?;
                }
                if part == Part::Rels
                    && e.local_name().as_ref() == "Relationship"
                    && attributes_max_len(e) > limits::MAX_RELS_TARGET_BYTES
                {
                    return Err(format!(
                        "{} KB cho đường dẫn của một quan hệ (relationship)",
                        limits::MAX_RELS_TARGET_BYTES / 1024
                    )
                    .into());
                }
            }
            Event::End(e) => {
                match e.local_name().as_ref() {
                    "definedName" => in_defined_name = false,
                    "t" | "v" => value = None,
                    _ => {}
                }
                if part == Part::Styles {
                    styles.end(e.local_name().as_ref(), tally)?;
                }
            }
            Event::Text(_) | Event::CData(_) | Event::GeneralRef(_) => {
                let len = match &event {
                    Event::Text(t) => t.len(),
                    Event::CData(t) => t.len(),
                    _ => 4,
                };
                if part == Part::SharedStrings || in_defined_name {
                    tally.kept_text(len)?;
                }
                if let Some(held) = &mut value {
                    *held += len;
                    if *held > limits::MAX_CELL_TEXT_BYTES {
                        return Err(limits::cell_text_limit().into());
                    }
                }
            }
            _ => {}
        }
        buf.clear();
    }
}

fn shared_strings_limit() -> String {
    format!("{} chuỗi dùng chung", limits::MAX_SHARED_STRINGS)
}

/// calamine reserves `uniqueCount` strings at open (`count`, the cells that use them, it
/// does not use).
fn check_shared_string_count(e: &BytesStart<'_>) -> std::result::Result<(), Stop> {
    if let Some(n) = raw_attribute(e, "uniqueCount")
        && n.parse::<u64>()
            .map_or(true, |n| n > limits::MAX_SHARED_STRINGS)
    {
        return Err(shared_strings_limit().into());
    }
    Ok(())
}

/// What building one cell format costs calamine besides what it copies (a style with its
/// optional parts): measured at about 225 bytes a format, copies included.
const STYLE_ENTRY_BYTES: usize = 192;

/// The cell formats of an .xlsx as calamine builds them: each `xf` of `cellXfs` gets its own
/// copy of the number format, font, fill and border it names, so the copies are counted.
#[derive(Debug, Default)]
struct StyleScan {
    /// The section being read (`numFmts`, `fonts`, `fills`, `borders`, `cellXfs`).
    section: Option<Section>,
    /// The size of the font, fill or border being read.
    current: Option<usize>,
    formats: HashMap<String, usize>,
    fonts: Vec<usize>,
    fills: Vec<usize>,
    borders: Vec<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    NumFmts,
    Fonts,
    Fills,
    Borders,
    CellXfs,
}

impl StyleScan {
    fn start(&mut self, e: &BytesStart<'_>, tally: &mut Tally) -> std::result::Result<(), Stop> {
        let name = e.local_name();
        let section = match name.as_ref() {
            "numFmts" => Some(Section::NumFmts),
            "fonts" => Some(Section::Fonts),
            "fills" => Some(Section::Fills),
            "borders" => Some(Section::Borders),
            "cellXfs" => Some(Section::CellXfs),
            _ => None,
        };
        if section.is_some() {
            self.section = section;
            return Ok(());
        }
        let cost = match (self.section, name.as_ref()) {
            (Some(Section::NumFmts), "numFmt") => {
                let id = raw_attribute(e, "numFmtId").unwrap_or_default();
                let code = raw_attribute(e, "formatCode").map_or(0, |c| c.len());
                self.formats.insert(id, code);
                64 + code
            }
            (
                Some(Section::Fonts | Section::Fills | Section::Borders),
                "font" | "fill" | "border",
            ) if self.current.is_none() => {
                self.current = Some(64 + attributes_len(e));
                0
            }
            (Some(Section::CellXfs), "xf") => {
                let format = raw_attribute(e, "numFmtId")
                    .and_then(|id| self.formats.get(&id).copied())
                    .unwrap_or(32);
                STYLE_ENTRY_BYTES
                    + format
                    + copied(&self.fonts, e, "fontId")
                    + copied(&self.fills, e, "fillId")
                    + copied(&self.borders, e, "borderId")
            }
            _ => {
                if let Some(size) = &mut self.current {
                    *size += 16 + attributes_len(e);
                }
                0
            }
        };
        self.charge(cost, tally)
    }

    fn end(&mut self, name: &str, tally: &mut Tally) -> std::result::Result<(), Stop> {
        match (self.section, name) {
            (_, "numFmts" | "fonts" | "fills" | "borders" | "cellXfs") => self.section = None,
            (Some(section), "font" | "fill" | "border") => {
                if let Some(size) = self.current.take() {
                    match section {
                        Section::Fonts => self.fonts.push(size),
                        Section::Fills => self.fills.push(size),
                        Section::Borders => self.borders.push(size),
                        _ => {}
                    }
                    return self.charge(size, tally);
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn charge(&mut self, bytes: usize, tally: &mut Tally) -> std::result::Result<(), Stop> {
        tally.style_bytes = tally.style_bytes.saturating_add(bytes);
        if tally.style_bytes > limits::MAX_STYLE_BYTES {
            return Err(format!(
                "{} MB cho các định dạng ô (styles)",
                limits::MAX_STYLE_BYTES / 1024 / 1024
            )
            .into());
        }
        Ok(())
    }
}

/// The size of the font, fill or border that an `xf` names by `attr`: its copy. An index
/// that does not parse as calamine parses it is counted as the largest, to be safe.
fn copied(sizes: &[usize], e: &BytesStart<'_>, attr: &str) -> usize {
    match raw_attribute(e, attr) {
        None => 0,
        Some(id) => match id.parse::<usize>().ok() {
            Some(i) => sizes.get(i).copied().unwrap_or(0),
            None => sizes.iter().copied().max().unwrap_or(0),
        },
    }
}

/// An attribute's value as written (entities not decoded).
fn raw_attribute(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .map(|a| a.value.into_owned())
}

/// The bytes of all attribute values, as written (decoding never makes them longer).
fn attributes_len(e: &BytesStart<'_>) -> usize {
    e.attributes()
        .with_checks(false)
        .flatten()
        .map(|a| a.value.len())
        .sum()
}

fn attributes_max_len(e: &BytesStart<'_>) -> usize {
    e.attributes()
        .with_checks(false)
        .flatten()
        .map(|a| a.value.len())
        .max()
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(part: Part, xml: &[u8]) -> std::result::Result<Tally, Stop> {
        let mut tally = Tally::default();
        scan_part(part, xml, &mut tally).map(|()| tally)
    }

    #[test]
    fn shared_string_counts() {
        let ok =
            br#"<?xml version="1.0"?><sst xmlns="x" count="284" uniqueCount="184"><si/></sst>"#;
        assert_eq!(scan(Part::SharedStrings, ok).unwrap().shared_strings, 1);
        // `count` is the cells that use them: calamine does not reserve it.
        let used = br#"<sst xmlns="x" count="5000000" uniqueCount="10"><si/></sst>"#;
        assert!(scan(Part::SharedStrings, used).is_ok());
        let bad = br#"<sst xmlns="x" count="284" uniqueCount="9000000000">"#;
        assert_eq!(
            scan(Part::SharedStrings, bad).unwrap_err(),
            Stop::Limit(shared_strings_limit())
        );
        // Declared small, but more strings than the limit.
        let many = format!(
            "<sst>{}</sst>",
            "<si/>".repeat(limits::MAX_SHARED_STRINGS as usize + 1)
        );
        assert!(scan(Part::SharedStrings, many.as_bytes()).is_err());
    }

    #[test]
    fn shared_string_text_is_bounded() {
        let long = "x".repeat(limits::MAX_CELL_TEXT_BYTES);
        let strings = limits::MAX_SHARED_STRING_BYTES as usize / limits::MAX_CELL_TEXT_BYTES + 1;
        let xml = format!(
            "<sst>{}</sst>",
            format!("<si><t>{long}</t></si>").repeat(strings)
        );
        assert!(matches!(
            scan(Part::SharedStrings, xml.as_bytes()),
            Err(Stop::Limit(l)) if l.contains("chuỗi dùng chung")
        ));
    }

    #[test]
    fn cell_formats_count_what_they_copy() {
        let format = "0".repeat(60_000);
        let xfs = r#"<xf numFmtId="200" fontId="0"></xf>"#.repeat(200);
        let xml = format!(
            r#"<styleSheet><numFmts><numFmt numFmtId="200" formatCode="{format}"/></numFmts><fonts><font><name val="Arial"/></font></fonts><cellXfs>{xfs}</cellXfs></styleSheet>"#
        );
        assert!(matches!(
            scan(Part::Styles, xml.as_bytes()),
            Err(Stop::Limit(l)) if l.contains("định dạng ô")
        ));
        let seed = r#"<styleSheet><numFmts><numFmt numFmtId="164" formatCode="0.00"/></numFmts><fonts><font><name val="Times New Roman"/></font></fonts><cellXfs><xf numFmtId="164" fontId="0"/><xf/></cellXfs></styleSheet>"#;
        let tally = scan(Part::Styles, seed.as_bytes()).unwrap();
        assert!(tally.style_bytes < 2 * 1024, "{}", tally.style_bytes);
    }

    #[test]
    fn one_cells_text_is_bounded_in_any_part() {
        let long = "x".repeat(limits::MAX_CELL_TEXT_BYTES + 1);
        let sheet = format!(
            r#"<sheetData><row><c t="inlineStr"><is><t>{long}</t></is></c></row></sheetData>"#
        );
        assert_eq!(
            scan(Part::Other, sheet.as_bytes()).unwrap_err(),
            Stop::Limit(limits::cell_text_limit())
        );
    }

    #[test]
    fn merges_and_names_are_counted_in_any_part() {
        let merges = format!(
            "<worksheet><mergeCells>{}</mergeCells></worksheet>",
            r#"<mergeCell ref="A1:B2"/>"#.repeat(limits::MAX_MERGES + 1)
        );
        assert!(scan(Part::Other, merges.as_bytes()).is_err());
        let names = format!(
            "<workbook><definedNames>{}</definedNames></workbook>",
            r#"<definedName name="n">S!$A$1</definedName>"#.repeat(limits::MAX_DEFINED_NAMES + 1)
        );
        assert!(scan(Part::Other, names.as_bytes()).is_err());
    }
}
