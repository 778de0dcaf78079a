//! A look inside workbooks before calamine opens them.
//!
//! calamine aborts the whole process, with no error returned, on some small malicious files
//! (`../shared/docs/crates-notes.md` §3): a sharedStrings part that claims billions of strings
//! makes it reserve them at open, compressed XML can inflate to gigabytes, and an .xls builds
//! the dense range of every sheet at open, sized by its farthest cell and its DIMENSIONS
//! record. So every zip entry is inflated here first, counting real bytes against [`limits`],
//! and whatever makes calamine allocate (the shared-string count, the repeat counts of an .ods
//! sheet, the cell positions and declared dimensions of an .xls) is checked.

use super::limits;
use crate::error::{Error, Location, Result};
use quick_xml::events::{BytesStart, Event};
use std::io::{Cursor, Read};
use std::path::Path;

/// Checks a zip-based workbook against the limits.
///
/// # Errors
/// [`Error::NotWorkbook`] for a broken archive; [`Error::TooLarge`] naming the limit that an
/// entry, the archive or a sheet exceeds.
pub fn check_zip(path: &Path, bytes: &[u8]) -> Result<()> {
    let too_large = |limit: String| Error::TooLarge {
        loc: Location::file(path),
        limit,
    };
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| Error::NotWorkbook {
        path: path.to_path_buf(),
        detail: e.to_string(),
    })?;
    if archive.len() > limits::MAX_ZIP_ENTRIES {
        return Err(too_large(format!(
            "{} phần trong một tệp nén",
            limits::MAX_ZIP_ENTRIES
        )));
    }
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).map_err(|e| Error::NotWorkbook {
            path: path.to_path_buf(),
            detail: e.to_string(),
        })?;
        let name = entry.name().map(|n| n.into_owned()).unwrap_or_default();
        if entry.size() > limits::MAX_ENTRY_BYTES {
            return Err(too_large(entry_limit(&name)));
        }
        // The declared size can lie: inflate and count, one byte past the cap at most.
        let mut content = Vec::new();
        let wanted = is_scanned_part(&name);
        let mut limited = (&mut entry).take(limits::MAX_ENTRY_BYTES + 1);
        let inflated = if wanted {
            limited.read_to_end(&mut content).map(|n| n as u64)
        } else {
            std::io::copy(&mut limited, &mut std::io::sink())
        }
        .map_err(|e| Error::NotWorkbook {
            path: path.to_path_buf(),
            detail: format!("{name}: {e}"),
        })?;
        if inflated > limits::MAX_ENTRY_BYTES {
            return Err(too_large(entry_limit(&name)));
        }
        let compressed = entry.compressed_size().max(1);
        if inflated > limits::RATIO_CHECK_FROM_BYTES
            && inflated / compressed > limits::MAX_COMPRESSION_RATIO
        {
            return Err(too_large(format!(
                "tỉ lệ nén {}:1 của phần `{name}` (tệp nén bất thường, có thể là \"zip bomb\")",
                limits::MAX_COMPRESSION_RATIO
            )));
        }
        total += inflated;
        if total > limits::MAX_UNCOMPRESSED_BYTES {
            return Err(too_large(format!(
                "{} MB dữ liệu sau giải nén",
                limits::MAX_UNCOMPRESSED_BYTES / 1024 / 1024
            )));
        }
        if name == "xl/sharedStrings.xml" {
            check_shared_strings(&content).map_err(too_large)?;
        } else if name == "content.xml" {
            check_ods_content(&content).map_err(too_large)?;
        }
    }
    Ok(())
}

/// Checks a legacy .xls (a compound file holding a BIFF stream) against the limits.
///
/// # Errors
/// [`Error::NotWorkbook`] when it has no workbook stream; [`Error::TooLarge`] naming the
/// limit a cell, a declared dimension or the shared-string count exceeds.
pub fn check_xls(path: &Path, bytes: &[u8]) -> Result<()> {
    let not_workbook = |detail: String| Error::NotWorkbook {
        path: path.to_path_buf(),
        detail,
    };
    let mut file =
        cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|e| not_workbook(e.to_string()))?;
    let name = ["/Workbook", "/Book"]
        .into_iter()
        .find(|n| file.is_stream(n))
        .ok_or_else(|| not_workbook("không có luồng Workbook".into()))?;
    let mut stream = Vec::new();
    file.open_stream(name)
        .and_then(|s| s.take(limits::MAX_FILE_BYTES * 4).read_to_end(&mut stream))
        .map_err(|e| not_workbook(e.to_string()))?;
    check_biff(&stream).map_err(|limit| Error::TooLarge {
        loc: Location::file(path),
        limit,
    })
}

/// Walks the BIFF records (`type: u16, length: u16, data`) from `start`: the workbook
/// globals from 0, and each sheet from the offset its BOUNDSHEET record gives, as calamine
/// reads them — an offset into the middle of a record aligns the walk differently (found by
/// fuzzing). Returns the sheet offsets met; `budget` bounds the bytes walked in all.
fn check_records(
    stream: &[u8],
    start: usize,
    budget: &mut usize,
) -> std::result::Result<Vec<usize>, String> {
    let u16_at = |d: &[u8], i: usize| {
        d.get(i..i + 2)
            .map_or(0, |b| u16::from_le_bytes([b[0], b[1]]))
    };
    let u32_at = |d: &[u8], i: usize| {
        d.get(i..i + 4)
            .map_or(0, |b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    };
    let rows = || format!("{} dòng", limits::MAX_ROWS);
    let cols = || format!("{} cột", limits::MAX_COLUMNS);
    let mut at = start;
    let mut cells: usize = 0;
    let mut sheets = Vec::new();
    while at + 4 <= stream.len() {
        let kind = u16_at(stream, at);
        let len = usize::from(u16_at(stream, at + 2));
        let data = stream.get(at + 4..at + 4 + len).unwrap_or(&[]);
        at += 4 + len;
        *budget = budget.checked_sub(4 + len).ok_or_else(|| {
            format!(
                "{} MB dữ liệu bảng tính",
                limits::MAX_ENTRY_BYTES / 1024 / 1024
            )
        })?;
        match kind {
            // DIMENSIONS: calamine reserves rows × columns from it (BIFF8: u32 rows).
            // Rows are first and one-past-last; calamine subtracts them unchecked, so a first
            // row past the last wraps around to billions.
            0x0200 => {
                let (first_row, last_row, last_col) = if data.len() >= 14 {
                    (
                        u32_at(data, 0),
                        u32_at(data, 4),
                        u32::from(u16_at(data, 10)),
                    )
                } else {
                    (
                        u32::from(u16_at(data, 0)),
                        u32::from(u16_at(data, 2)),
                        u32::from(u16_at(data, 6)),
                    )
                };
                if last_row > limits::MAX_ROWS + 1 || (last_row >= 1 && first_row >= last_row) {
                    return Err(rows());
                }
                if last_col > limits::MAX_COLUMNS + 1 {
                    return Err(cols());
                }
            }
            // Cell records: row and first column lead; MULRK and MULBLANK end with the last
            // column.
            0x0006 | 0x0201 | 0x0203 | 0x0204 | 0x0205 | 0x027E | 0x00D6 | 0x00FD | 0x00BD
            | 0x00BE => {
                let row = u32::from(u16_at(data, 0));
                let mut col = u32::from(u16_at(data, 2));
                if matches!(kind, 0x00BD | 0x00BE) && data.len() >= 2 {
                    col = col.max(u32::from(u16_at(data, data.len() - 2)));
                }
                if row >= limits::MAX_ROWS {
                    return Err(rows());
                }
                if col >= limits::MAX_COLUMNS {
                    return Err(cols());
                }
                cells += 1;
                if cells > limits::MAX_CELLS {
                    return Err(format!("{} ô có dữ liệu", limits::MAX_CELLS));
                }
            }
            // SST: the unique-string count.
            0x00FC if u64::from(u32_at(data, 4)) > limits::MAX_SHARED_STRINGS => {
                return Err(format!("{} chuỗi dùng chung", limits::MAX_SHARED_STRINGS));
            }
            // BOUNDSHEET: where a sheet's records start.
            0x0085 => sheets.push(u32_at(data, 0) as usize),
            // EOF of this substream: calamine stops here too.
            0x000A => break,
            _ => {}
        }
    }
    Ok(sheets)
}

/// Checks the globals and every sheet's records.
fn check_biff(stream: &[u8]) -> std::result::Result<(), String> {
    let mut budget = usize::try_from(limits::MAX_ENTRY_BYTES).unwrap_or(usize::MAX);
    let mut sheets = check_records(stream, 0, &mut budget)?;
    sheets.sort_unstable();
    sheets.dedup();
    if sheets.len() > limits::MAX_SHEETS {
        return Err(format!("{} trang tính", limits::MAX_SHEETS));
    }
    for start in sheets.into_iter().filter(|&s| s < stream.len()) {
        check_records(stream, start, &mut budget)?;
    }
    Ok(())
}

fn entry_limit(name: &str) -> String {
    format!(
        "{} MB cho phần `{name}` sau giải nén",
        limits::MAX_ENTRY_BYTES / 1024 / 1024
    )
}

fn is_scanned_part(name: &str) -> bool {
    name == "xl/sharedStrings.xml" || name == "content.xml"
}

/// calamine reserves `uniqueCount` strings at open.
fn check_shared_strings(xml: &[u8]) -> std::result::Result<(), String> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "sst" => {
                for attr in ["uniqueCount", "count"] {
                    if let Some(n) = attribute(&e, attr)
                        && n.parse::<u64>()
                            .map_or(true, |n| n > limits::MAX_SHARED_STRINGS)
                    {
                        return Err(format!("{} chuỗi dùng chung", limits::MAX_SHARED_STRINGS));
                    }
                }
                return Ok(());
            }
            Ok(Event::Eof) | Err(_) => return Ok(()),
            _ => buf.clear(),
        }
    }
}

/// An .ods sheet compresses runs of cells and rows into repeat counts, which calamine
/// expands: the filled cells, repeats counted, must stay within the row, column and cell
/// limits.
fn check_ods_content(xml: &[u8]) -> std::result::Result<(), String> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut row: u64 = 0;
    let mut row_repeat: u64 = 1;
    let mut col: u64 = 0;
    let mut filled: u64 = 0;
    loop {
        let event = reader.read_event_into(&mut buf);
        match event {
            Ok(Event::Start(ref e) | Event::Empty(ref e)) => match e.name().as_ref() {
                "table:table" => row = 0,
                "table:table-row" => {
                    row_repeat = repeat(e, "table:number-rows-repeated");
                    col = 0;
                }
                "table:table-cell" | "table:covered-table-cell" => {
                    let cols = repeat(e, "table:number-columns-repeated");
                    let has_value = attribute(e, "office:value-type").is_some()
                        || matches!(event, Ok(Event::Start(_)));
                    if has_value {
                        if col + cols > u64::from(limits::MAX_COLUMNS) {
                            return Err(format!("{} cột", limits::MAX_COLUMNS));
                        }
                        if row + row_repeat > u64::from(limits::MAX_ROWS) {
                            return Err(format!("{} dòng", limits::MAX_ROWS));
                        }
                        filled = filled.saturating_add(cols.saturating_mul(row_repeat));
                        if filled > limits::MAX_CELLS as u64 {
                            return Err(format!("{} ô có dữ liệu", limits::MAX_CELLS));
                        }
                    }
                    col = col.saturating_add(cols);
                }
                _ => {}
            },
            Ok(Event::End(ref e)) if e.name().as_ref() == "table:table-row" => {
                row = row.saturating_add(row_repeat);
            }
            Ok(Event::Eof) | Err(_) => return Ok(()),
            _ => {}
        }
        buf.clear();
    }
}

fn repeat(e: &BytesStart<'_>, name: &str) -> u64 {
    attribute(e, name).and_then(|v| v.parse().ok()).unwrap_or(1)
}

fn attribute(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .map(|a| a.value.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_string_counts() {
        let ok =
            br#"<?xml version="1.0"?><sst xmlns="x" count="284" uniqueCount="184"><si/></sst>"#;
        assert!(check_shared_strings(ok).is_ok());
        let bad = br#"<sst xmlns="x" count="284" uniqueCount="9000000000">"#;
        assert!(check_shared_strings(bad).is_err());
    }

    #[test]
    fn ods_repeats() {
        let trailing_empty = br#"<table:table><table:table-row table:number-rows-repeated="1048553"><table:table-cell table:number-columns-repeated="1024"/></table:table-row></table:table>"#;
        assert!(
            check_ods_content(trailing_empty).is_ok(),
            "LibreOffice writes these"
        );
        let flood = br#"<table:table><table:table-row table:number-rows-repeated="1000000"><table:table-cell office:value-type="string" table:number-columns-repeated="16000"><text:p>x</text:p></table:table-cell></table:table-row></table:table>"#;
        assert!(check_ods_content(flood).is_err());
    }
}
