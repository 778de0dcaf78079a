//! A legacy .xls walked record by record as calamine walks it, counting what calamine would
//! build at open: every sheet's dense rectangle (its DIMENSIONS and its farthest cells), the
//! shared strings and the copy each cell makes of one, the text each formula expands to.

use super::shared_strings_limit;
use crate::error::{Error, Location, Result};
use crate::read::limits;
use std::collections::HashMap;
use std::io::{Cursor, Read};
use std::path::Path;

/// Checks a legacy .xls (a compound file holding a BIFF stream) against the limits.
///
/// # Errors
/// [`Error::NotWorkbook`] when it has no workbook stream; [`Error::TooLarge`] naming the
/// limit a cell, a declared dimension, the sheets' dense areas, their text or the shared
/// strings exceed.
pub fn check_xls(path: &Path, bytes: &[u8]) -> Result<()> {
    let not_workbook = |detail: String| Error::NotWorkbook {
        path: path.to_path_buf(),
        detail,
    };
    let too_large = |limit: String| Error::TooLarge {
        loc: Location::file(path),
        limit,
    };
    if bytes.len() as u64 > limits::MAX_XLS_BYTES {
        return Err(too_large(format!(
            "{} MB cho một tệp .xls",
            limits::MAX_XLS_BYTES / 1024 / 1024
        )));
    }
    let mut file =
        cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|e| not_workbook(e.to_string()))?;
    let name = ["/Workbook", "/Book"]
        .into_iter()
        .find(|n| file.is_stream(n))
        .ok_or_else(|| not_workbook("không có luồng Workbook".into()))?;
    let mut stream = Vec::new();
    file.open_stream(name)
        .and_then(|s| s.take(limits::MAX_XLS_BYTES + 1).read_to_end(&mut stream))
        .map_err(|e| not_workbook(e.to_string()))?;
    // A stream longer than the file reuses its sectors; calamine would read it all.
    if stream.len() as u64 > limits::MAX_XLS_BYTES {
        return Err(too_large(format!(
            "{} MB cho một tệp .xls",
            limits::MAX_XLS_BYTES / 1024 / 1024
        )));
    }
    check_biff(&stream).map_err(|over| match over.sheet {
        Some(sheet) => Error::TooLarge {
            loc: Location::file(path).sheet(&sheet),
            limit: over.limit,
        },
        None => too_large(over.limit),
    })
}

/// A limit an .xls exceeds, and the sheet where it was reached when it is one sheet's.
#[derive(Debug, PartialEq)]
struct Over {
    sheet: Option<String>,
    limit: String,
}

impl From<String> for Over {
    fn from(limit: String) -> Self {
        Over { sheet: None, limit }
    }
}

/// A BOUNDSHEET's sheet name, for messages: UTF-16 or one byte a character.
fn sheet_name(bound_sheet: &[u8], pre_biff8: bool) -> String {
    let chars = usize::from(bound_sheet.get(6).copied().unwrap_or(0));
    if pre_biff8 {
        let bytes = bound_sheet.get(7..7 + chars).unwrap_or(&[]);
        return bytes.iter().map(|&b| char::from(b)).collect();
    }
    let wide = bound_sheet.get(7).is_some_and(|f| f & 0x01 != 0);
    let bytes = bound_sheet.get(8..).unwrap_or(&[]);
    if wide {
        let units: Vec<u16> = bytes
            .chunks_exact(2)
            .take(chars)
            .map(|u| u16::from_le_bytes([u[0], u[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        bytes.iter().take(chars).map(|&b| char::from(b)).collect()
    }
}

/// One BIFF record as calamine's `RecordIter` gives it: its type, its data, and the data of
/// the CONTINUE records right after it.
struct Record<'a> {
    kind: u16,
    data: &'a [u8],
    cont: Vec<&'a [u8]>,
}

/// The records from the start of `stream`, grouped as calamine groups them; it stops where
/// calamine would fail.
fn records(mut stream: &[u8]) -> impl Iterator<Item = Record<'_>> {
    std::iter::from_fn(move || {
        if stream.len() < 4 {
            return None;
        }
        let kind = u16_at(stream, 0);
        let len = usize::from(u16_at(stream, 2));
        let data = stream.get(4..4 + len)?;
        stream = &stream[4 + len..];
        let mut cont = Vec::new();
        while stream.len() > 4 && u16_at(stream, 0) == 0x003C {
            let len = usize::from(u16_at(stream, 2));
            cont.push(stream.get(4..4 + len)?);
            stream = &stream[4 + len..];
        }
        Some(Record { kind, data, cont })
    })
}

fn u16_at(d: &[u8], i: usize) -> u16 {
    d.get(i..i + 2)
        .map_or(0, |b| u16::from_le_bytes([b[0], b[1]]))
}

fn u32_at(d: &[u8], i: usize) -> u32 {
    d.get(i..i + 4)
        .map_or(0, |b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// What an .xls makes calamine build, over the whole workbook.
#[derive(Debug, Default)]
struct Biff {
    /// Record bytes walked, bounded: a sheet offset can point anywhere, even into another
    /// sheet.
    walked: usize,
    /// Whether the file predates BIFF8 (formula tokens are shorter).
    pre_biff8: bool,
    /// The BOUNDSHEET records: where each sheet starts.
    sheets: Vec<usize>,
    /// The longest sheet name and defined name, in UTF-8 bytes at most.
    longest_sheet: usize,
    longest_name: usize,
    /// The shared strings' lengths, as far as they parse, and the bytes left where they stop
    /// parsing (no string past that point is longer).
    strings: Vec<SstString>,
    unparsed: Option<usize>,
    cells: usize,
    dense: usize,
    text: usize,
    merges: usize,
    formula_spaces: usize,
    /// The most UTF-8 bytes one character of the file's strings can become.
    per_char: usize,
}

/// One character of an .xls string in UTF-16 (code page 1200, the default) takes at most
/// this many bytes in UTF-8.
const UTF8_PER_CHAR: usize = 3;

/// The same under another code page: calamine then decodes a character's two bytes as two
/// characters of that code page, or a byte and a NUL.
const UTF8_PER_CHAR_OTHER_CODE_PAGE: usize = 6;

/// Checks the globals and every sheet's records.
fn check_biff(stream: &[u8]) -> std::result::Result<(), Over> {
    let mut biff = Biff {
        per_char: UTF8_PER_CHAR,
        ..Biff::default()
    };
    // Characters, counted as they come and charged once the code page is known.
    let (mut sheet_chars, mut lbl_chars, mut lbl_count) = (0usize, 0usize, 0usize);
    let mut sst: Vec<(Vec<SstString>, Option<usize>)> = Vec::new();
    let mut sst_count = 0usize;
    let mut names = Vec::new();
    for record in records(stream) {
        biff.walk(&record)?;
        match record.kind {
            // BOUNDSHEET: where a sheet's records start, and its name.
            0x0085 => {
                biff.sheets.push(u32_at(record.data, 0) as usize);
                names.push(sheet_name(record.data, biff.pre_biff8));
                sheet_chars =
                    sheet_chars.max(usize::from(record.data.get(6).copied().unwrap_or(0)));
            }
            // BOF: the BIFF version, as calamine reads it.
            0x0809 => biff.pre_biff8 = is_pre_biff8(record.data),
            // CODEPAGE: anything but UTF-16 decodes strings oddly, and longer.
            0x0042 if !matches!(u16_at(record.data, 0), 1200 | 1201) => {
                biff.per_char = UTF8_PER_CHAR_OTHER_CODE_PAGE;
            }
            // LBL: a defined name, kept with its formula and the sheet it points to.
            0x0018 => {
                let chars = usize::from(record.data.get(3).copied().unwrap_or(0));
                biff.longest_name = biff.longest_name.max(chars);
                lbl_chars += chars;
                lbl_count += 1;
            }
            // SST: the shared strings, each a String for as long as the workbook is open.
            // The declared count is checked too (calamine trusts it less than the .xlsx
            // reader, but it is cheap).
            0x00FC => {
                if u64::from(u32_at(record.data, 4)) > limits::MAX_SHARED_STRINGS {
                    return Err(shared_strings_limit().into());
                }
                let (strings, unparsed) = parse_sst(&record);
                sst_count += strings.len();
                if sst_count as u64 > limits::MAX_SHARED_STRINGS {
                    return Err(shared_strings_limit().into());
                }
                // calamine keeps the last SST; every one is built in turn.
                biff.strings = strings.clone();
                biff.unparsed = unparsed;
                sst.push((strings, unparsed));
            }
            // EOF of the globals: calamine stops here too.
            0x000A => break,
            _ => {}
        }
    }
    // Every BOUNDSHEET builds a sheet, even one that repeats another's offset.
    if biff.sheets.len() > limits::MAX_SHEETS {
        return Err(format!("{} trang tính", limits::MAX_SHEETS).into());
    }
    if lbl_count > limits::MAX_DEFINED_NAMES {
        return Err(format!("{} tên vùng (named range)", limits::MAX_DEFINED_NAMES).into());
    }
    biff.longest_sheet = sheet_chars * biff.per_char;
    biff.longest_name *= biff.per_char;
    for (strings, unparsed) in &sst {
        let held: usize = strings.iter().map(|s| biff.utf8(*s)).sum();
        biff.charge_text(held + biff.unparsed_bytes(*unparsed) + strings.len() * 48)?;
    }
    // A name, its formula, and the sheet name calamine writes before the formula.
    biff.charge_text(lbl_chars * biff.per_char + lbl_count * (biff.longest_sheet + 96))?;
    let mut seen: HashMap<usize, Sheet> = HashMap::new();
    for (start, name) in biff.sheets.clone().into_iter().zip(names) {
        // A limit reached in a sheet names it.
        let in_sheet = |limit: String| Over {
            sheet: Some(name.clone()),
            limit,
        };
        let sheet = match seen.get(&start) {
            Some(sheet) => sheet.clone(),
            None => {
                let sheet = match stream.get(start..) {
                    Some(rest) => biff.sheet(rest).map_err(in_sheet)?,
                    None => Sheet::default(),
                };
                seen.insert(start, sheet.clone());
                sheet
            }
        };
        biff.add(&sheet).map_err(in_sheet)?;
    }
    Ok(())
}

fn is_pre_biff8(bof: &[u8]) -> bool {
    match u16_at(bof, 0) {
        0x0200 | 0x0002 | 0x0007 | 0x0300 | 0x0400 | 0x0500 => true,
        0 => bof.len() >= 4 && u16_at(bof, 2) == 0x1000,
        _ => false,
    }
}

/// What one sheet's records make calamine build.
#[derive(Debug, Clone, Default)]
struct Sheet {
    cells: usize,
    /// The larger of its DIMENSIONS area and the rectangle of its cells.
    dense: usize,
    text: usize,
    merges: usize,
}

impl Biff {
    fn walk(&mut self, record: &Record<'_>) -> std::result::Result<(), String> {
        self.walked +=
            4 + record.data.len() + record.cont.iter().map(|c| 4 + c.len()).sum::<usize>();
        // Sheets are walked from their own offsets: twice the file's size covers every
        // real layout.
        if self.walked as u64 > 2 * limits::MAX_XLS_BYTES {
            return Err(format!(
                "{} MB dữ liệu bảng tính",
                2 * limits::MAX_XLS_BYTES / 1024 / 1024
            ));
        }
        Ok(())
    }

    fn charge_text(&mut self, bytes: usize) -> std::result::Result<(), String> {
        self.text = self.text.saturating_add(bytes);
        if self.text > limits::MAX_TEXT_BYTES {
            return Err(limits::text_limit());
        }
        Ok(())
    }

    fn add(&mut self, sheet: &Sheet) -> std::result::Result<(), String> {
        self.cells = self.cells.saturating_add(sheet.cells);
        if self.cells > limits::MAX_CELLS {
            return Err(limits::cells_limit());
        }
        self.dense = self.dense.saturating_add(sheet.dense);
        if self.dense > limits::MAX_DENSE_CELLS {
            return Err(limits::dense_limit());
        }
        self.merges = self.merges.saturating_add(sheet.merges);
        if self.merges > limits::MAX_MERGES {
            return Err(format!("{} vùng gộp ô", limits::MAX_MERGES));
        }
        self.charge_text(sheet.text)
    }

    /// The most UTF-8 bytes shared string `s` decodes to: exact under the UTF-16 code page,
    /// its characters times the worst case under another.
    fn utf8(&self, s: SstString) -> usize {
        if self.per_char == UTF8_PER_CHAR {
            s.utf8
        } else {
            s.chars * self.per_char
        }
    }

    /// The most UTF-8 bytes `rest` raw bytes of strings decode to (a byte at most a
    /// character, of at most 2 bytes in UTF-8 as a Latin-1 one; 3 for two bytes of UTF-16).
    fn unparsed_bytes(&self, rest: Option<usize>) -> usize {
        let per_byte = if self.per_char == UTF8_PER_CHAR {
            2
        } else {
            self.per_char
        };
        rest.unwrap_or(0) * per_byte
    }

    /// The most UTF-8 bytes the copy of shared string `index` takes.
    fn shared_string(&self, index: usize) -> usize {
        match self.strings.get(index) {
            Some(&s) => self.utf8(s),
            // Past the strings that parsed: none is longer than what was left unparsed (nor
            // than the longest parsed).
            None if self.unparsed.is_some() => self.unparsed_bytes(self.unparsed).max(
                self.strings
                    .iter()
                    .map(|&s| self.utf8(s))
                    .max()
                    .unwrap_or(0),
            ),
            None => 0,
        }
    }

    /// Walks one sheet's records as calamine does, from `stream` (its offset) to its EOF,
    /// skipping embedded substreams (charts).
    fn sheet(&mut self, stream: &[u8]) -> std::result::Result<Sheet, String> {
        let rows = || format!("{} dòng", limits::MAX_ROWS);
        let cols = || format!("{} cột", limits::MAX_COLUMNS);
        let mut sheet = Sheet::default();
        let mut dimensions = 0usize;
        let mut bounds: Option<(u32, u32, u32, u32)> = None;
        let mut seen_bof = false;
        let mut depth = 0usize;
        for record in records(stream) {
            self.walk(&record)?;
            let data = record.data;
            if depth > 0 {
                match record.kind {
                    0x0809 => depth += 1,
                    0x000A => depth -= 1,
                    _ => {}
                }
                continue;
            }
            // The cell a record fills (row, first and last column), if it fills one.
            let mut cell: Option<(u32, u32, u32)> = None;
            match record.kind {
                0x0809 if seen_bof => depth += 1,
                0x0809 => seen_bof = true,
                // DIMENSIONS: calamine reserves rows × columns from it (BIFF8: u32 rows).
                // Rows are first and one-past-last; calamine subtracts them unchecked, so a
                // first row past the last wraps around to billions.
                0x0200 => {
                    let (first_row, last_row, first_col, last_col) = if data.len() >= 14 {
                        (
                            u32_at(data, 0),
                            u32_at(data, 4),
                            u32::from(u16_at(data, 8)),
                            u32::from(u16_at(data, 10)),
                        )
                    } else {
                        (
                            u32::from(u16_at(data, 0)),
                            u32::from(u16_at(data, 2)),
                            u32::from(u16_at(data, 4)),
                            u32::from(u16_at(data, 6)),
                        )
                    };
                    if last_row > limits::MAX_ROWS + 1 || (last_row >= 1 && first_row >= last_row) {
                        return Err(rows());
                    }
                    if last_col > limits::MAX_COLUMNS + 1 {
                        return Err(cols());
                    }
                    let first_col = if first_col > 0xFF || last_col < first_col {
                        0
                    } else {
                        first_col
                    };
                    if last_row >= 1 && last_col >= 1 {
                        let area =
                            (last_row - first_row) as usize * (last_col - first_col) as usize;
                        dimensions = dimensions.max(area);
                    }
                }
                // Cells calamine keeps, with the text each holds.
                0x0203 | 0x0205 | 0x027E => {
                    cell = Some((u32::from(u16_at(data, 0)), u32::from(u16_at(data, 2)), 0));
                }
                // LABEL, RSTRING, STRING (a formula's text): a character a byte at most.
                0x0204 | 0x00D6 | 0x0207 => {
                    sheet.text += data.len() * self.per_char;
                    if record.kind != 0x0207 {
                        cell = Some((u32::from(u16_at(data, 0)), u32::from(u16_at(data, 2)), 0));
                    }
                }
                // LABELSST: a clone of its shared string.
                0x00FD => {
                    let index = u32_at(data, 6) as usize;
                    sheet.text += self.shared_string(index);
                    cell = Some((u32::from(u16_at(data, 0)), u32::from(u16_at(data, 2)), 0));
                }
                // MULRK: a run of numbers, last column at the end.
                0x00BD if data.len() >= 6 => {
                    let first = u32::from(u16_at(data, 2));
                    let last = u32::from(u16_at(data, data.len() - 2));
                    cell = Some((
                        u32::from(u16_at(data, 0)),
                        first,
                        last.saturating_sub(first),
                    ));
                }
                // FORMULA: its value, and its text as calamine writes it out.
                0x0006 => {
                    cell = Some((u32::from(u16_at(data, 0)), u32::from(u16_at(data, 2)), 0));
                    let rgce = data.get(20..).unwrap_or(&[]);
                    let (bytes, spaces) = formula_text(
                        rgce,
                        self.pre_biff8,
                        (self.longest_sheet, self.longest_name, self.per_char),
                    );
                    if bytes > limits::MAX_FORMULA_BYTES {
                        return Err(format!(
                            "{} KB chữ của một công thức",
                            limits::MAX_FORMULA_BYTES / 1024
                        ));
                    }
                    self.formula_spaces += spaces;
                    if self.formula_spaces > limits::MAX_FORMULA_SPACES {
                        return Err(format!(
                            "{} khoảng trắng trong các công thức",
                            limits::MAX_FORMULA_SPACES
                        ));
                    }
                    sheet.text += bytes + 48;
                }
                // BLANK, MULBLANK: calamine keeps no cell, but their places are checked.
                0x0201 | 0x00BE => {
                    let row = u32::from(u16_at(data, 0));
                    let mut col = u32::from(u16_at(data, 2));
                    if record.kind == 0x00BE && data.len() >= 2 {
                        col = col.max(u32::from(u16_at(data, data.len() - 2)));
                    }
                    if row >= limits::MAX_ROWS {
                        return Err(rows());
                    }
                    if col >= limits::MAX_COLUMNS {
                        return Err(cols());
                    }
                }
                // MERGECELLS: a count, then 8 bytes a range.
                0x00E5 => {
                    let count = usize::from(u16_at(data, 0));
                    sheet.merges += count.min(data.len().saturating_sub(2) / 8);
                }
                // EOF of this substream: calamine stops here too.
                0x000A => break,
                _ => {}
            }
            if let Some((row, col, more)) = cell {
                let last_col = col.saturating_add(more);
                if row >= limits::MAX_ROWS {
                    return Err(rows());
                }
                if last_col >= limits::MAX_COLUMNS {
                    return Err(cols());
                }
                sheet.cells += 1 + more as usize;
                bounds = Some(match bounds {
                    None => (row, row, col, last_col),
                    Some((r0, r1, c0, c1)) => {
                        (r0.min(row), r1.max(row), c0.min(col), c1.max(last_col))
                    }
                });
            }
            // One sheet alone past the workbook's limits need not be walked to its end.
            if sheet.cells > limits::MAX_CELLS {
                return Err(limits::cells_limit());
            }
            if sheet.text > limits::MAX_TEXT_BYTES {
                return Err(limits::text_limit());
            }
        }
        let rectangle = bounds.map_or(0, |(r0, r1, c0, c1)| {
            (r1 - r0 + 1) as usize * (c1 - c0 + 1) as usize
        });
        sheet.dense = dimensions.max(rectangle);
        Ok(sheet)
    }
}

/// Parses an SST record (with its CONTINUE records) as calamine does: each string's length
/// in characters. When a string does not parse, the lengths so far and the bytes left
/// (no string left can have more characters than that).
fn parse_sst(record: &Record<'_>) -> (Vec<SstString>, Option<usize>) {
    let mut data: &[u8] = record.data.get(8..).unwrap_or(&[]);
    let mut blocks = Blocks {
        rest: &record.cont,
        next: 0,
    };
    let mut strings = Vec::new();
    loop {
        if data.is_empty() && !blocks.next(&mut data) {
            return (strings, None);
        }
        // An empty block between strings: calamine reads an empty string from it.
        if data.is_empty() {
            strings.push(SstString::default());
            continue;
        }
        // Where this string starts: what is left from here bounds it if it does not parse.
        let (start, block) = (data, blocks.next);
        match sst_string(&mut data, &mut blocks) {
            Some(string) => strings.push(string),
            None => {
                blocks.next = block;
                return (strings, Some(blocks.left(start)));
            }
        }
    }
}

/// The CONTINUE records of an SST not read yet.
struct Blocks<'r, 'a> {
    rest: &'r [&'a [u8]],
    next: usize,
}

impl<'a> Blocks<'_, 'a> {
    /// Moves `data` to the next block, if there is one.
    fn next(&mut self, data: &mut &'a [u8]) -> bool {
        match self.rest.get(self.next) {
            Some(block) => {
                *data = block;
                self.next += 1;
                true
            }
            None => false,
        }
    }

    /// The bytes left from `data` on.
    fn left(&self, data: &[u8]) -> usize {
        data.len()
            + self
                .rest
                .get(self.next..)
                .unwrap_or(&[])
                .iter()
                .map(|b| b.len())
                .sum::<usize>()
    }
}

/// One XLUnicodeRichExtendedString: cch (u16), flags (u8: 0x01 two bytes a character,
/// 0x04 phonetic data follows, 0x08 formatting runs follow), cRun (u16) when 0x08, cbExtRst
/// (u32) when 0x04, the characters (a CONTINUE that splits them starts with a new flags
/// byte), 4 bytes a run, the phonetic data.
fn sst_string<'a>(data: &mut &'a [u8], blocks: &mut Blocks<'_, 'a>) -> Option<SstString> {
    if data.len() < 3 {
        return None;
    }
    let cch = usize::from(u16_at(data, 0));
    let flags = data[2];
    *data = &data[3..];
    let mut runs = 0usize;
    let mut ext = 0usize;
    if flags & 0x08 != 0 {
        runs = usize::from(u16_at(data, 0));
        *data = data.get(2..)?;
    }
    if flags & 0x04 != 0 {
        ext = u32_at(data, 0) as usize;
        *data = data.get(4..)?;
    }
    let mut high_byte = flags & 0x01 != 0;
    let mut remaining = cch;
    let mut utf8 = 0usize;
    while remaining > 0 {
        let chars = if high_byte {
            (data.len() / 2).min(remaining)
        } else {
            data.len().min(remaining)
        };
        let bytes = if high_byte { chars * 2 } else { chars };
        utf8 += utf8_len(&data[..bytes], high_byte);
        *data = &data[bytes..];
        remaining -= chars;
        if remaining > 0 {
            if !blocks.next(data) {
                return None;
            }
            high_byte = data.first()? & 0x01 != 0;
            *data = &data[1..];
        }
    }
    let mut skip = runs * 4 + ext;
    while skip > 0 {
        if data.is_empty() && !blocks.next(data) {
            return None;
        }
        let n = skip.min(data.len());
        *data = &data[n..];
        skip -= n;
    }
    Some(SstString { chars: cch, utf8 })
}

/// One shared string's length: characters, and UTF-8 bytes once decoded from UTF-16.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct SstString {
    chars: usize,
    utf8: usize,
}

/// The UTF-8 length of characters stored one byte each (Latin-1) or two (UTF-16 units; a
/// surrogate counted as the 3 bytes of a replacement character, more than half a pair).
fn utf8_len(bytes: &[u8], high_byte: bool) -> usize {
    if high_byte {
        bytes
            .chunks_exact(2)
            .map(|u| match u16::from_le_bytes([u[0], u[1]]) {
                0..=0x7F => 1,
                0x80..=0x7FF => 2,
                _ => 3,
            })
            .sum()
    } else {
        bytes.iter().map(|&b| if b < 0x80 { 1 } else { 2 }).sum()
    }
}

/// The most bytes calamine writes for one .xls formula (`parse_formula`), token by token,
/// and the spaces it inserts one by one; `rgce` is the record from its formula's length on.
/// A token calamine does not know ends the walk: calamine then keeps a short message
/// instead of the formula.
/// `names` are the longest sheet name and defined name in UTF-8 bytes, and the most bytes a
/// character takes.
fn formula_text(rgce: &[u8], pre_biff8: bool, names: (usize, usize, usize)) -> (usize, usize) {
    let (longest_sheet, longest_name, per_char) = names;
    // "Unrecognised formula for cell (…): …", in case the formula does not parse.
    const MESSAGE: usize = 160;
    let cce = usize::from(u16_at(rgce, 0));
    let mut rgce = rgce.get(2..2 + cce).unwrap_or(&[]);
    let sheet = longest_sheet.max(5);
    let mut bytes = MESSAGE;
    let mut spaces = 0usize;
    while let Some((&ptg, rest)) = rgce.split_first() {
        rgce = rest;
        let at = |i: usize| rgce.get(i).copied().map_or(0, usize::from);
        let (operand, text) = match ptg {
            0x3a | 0x5a | 0x7a => (6, sheet + 16),
            0x3b | 0x5b | 0x7b => (10, sheet + 28),
            0x3c | 0x5c | 0x7c => (6, sheet + 6),
            0x3d | 0x5d | 0x7d => (10, sheet + 6),
            0x01 => (4, 0),
            0x03..=0x11 => (0, 2),
            0x12..=0x14 => (0, 1),
            0x15 => (0, 2),
            0x16 => (0, 0),
            0x17 => {
                let cch = at(0);
                if pre_biff8 {
                    (1 + cch, 2 + cch * per_char)
                } else {
                    let wide = at(1) & 0x01 != 0;
                    (2 + if wide { 2 * cch } else { cch }, 2 + cch * per_char)
                }
            }
            0x18 => (5, 0),
            0x19 => match at(0) {
                0x01 | 0x02 | 0x08 | 0x20 | 0x21 => (3, 0),
                0x04 => (3 + 2 * (usize::from(u16_at(rgce, 1)) + 1), 0),
                0x10 => (3, 5),
                0x40 | 0x41 => {
                    spaces += at(2);
                    (3, at(2))
                }
                _ => break,
            },
            0x1C => (1, 13),
            0x1D => (1, 5),
            0x1E => (2, 5),
            // A float written out in full: up to about 330 digits.
            0x1F => (8, 340),
            0x20 | 0x40 | 0x60 => (7, 10),
            // A function's name, its parentheses and the commas between its arguments.
            0x21 | 0x41 | 0x61 => (2, 64),
            0x22 | 0x42 | 0x62 => (3, 40 + at(0)),
            0x23 | 0x43 | 0x63 => (4, longest_name.max(5)),
            0x24 | 0x44 | 0x64 => (if pre_biff8 { 3 } else { 4 }, 12),
            0x25 | 0x45 | 0x65 => (if pre_biff8 { 6 } else { 8 }, 24),
            0x2A | 0x4A | 0x6A => (if pre_biff8 { 3 } else { 4 }, 5),
            0x2B | 0x4B | 0x6B => (if pre_biff8 { 6 } else { 8 }, 5),
            0x39 | 0x59 => (6, 10),
            _ => break,
        };
        bytes = bytes.saturating_add(text);
        rgce = rgce.get(operand..).unwrap_or(&[]);
    }
    (bytes, spaces)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An SST record with `strings` (ASCII), split by CONTINUE records every `split` bytes.
    fn sst(strings: &[&str], split: usize) -> Vec<u8> {
        let mut body = Vec::new();
        body.extend_from_slice(&(strings.len() as u32).to_le_bytes());
        body.extend_from_slice(&(strings.len() as u32).to_le_bytes());
        let mut blocks: Vec<Vec<u8>> = vec![body];
        for s in strings {
            let current = blocks.last_mut().unwrap();
            current.extend_from_slice(&(s.len() as u16).to_le_bytes());
            current.push(0);
            let mut bytes = s.as_bytes();
            loop {
                let current = blocks.last_mut().unwrap();
                let room = split.saturating_sub(current.len());
                let n = room.min(bytes.len());
                current.extend_from_slice(&bytes[..n]);
                bytes = &bytes[n..];
                if bytes.is_empty() {
                    break;
                }
                // A CONTINUE inside the characters starts with a flags byte.
                blocks.push(vec![0]);
            }
        }
        let mut out = Vec::new();
        for (i, block) in blocks.iter().enumerate() {
            let kind: u16 = if i == 0 { 0x00FC } else { 0x003C };
            out.extend_from_slice(&kind.to_le_bytes());
            out.extend_from_slice(&(block.len() as u16).to_le_bytes());
            out.extend_from_slice(block);
        }
        out
    }

    #[test]
    fn sst_lengths_across_continue_records() {
        let bytes = sst(&["Phong", &"x".repeat(300), "", "abc"], 100);
        let record = records(&bytes).next().unwrap();
        assert_eq!(record.kind, 0x00FC);
        assert!(!record.cont.is_empty());
        let (strings, unparsed) = parse_sst(&record);
        let chars: Vec<usize> = strings.iter().map(|s| s.chars).collect();
        assert_eq!((chars, unparsed), (vec![5, 300, 0, 3], None));
        // ASCII: a byte each in UTF-8.
        assert!(strings.iter().all(|s| s.utf8 == s.chars));
    }

    #[test]
    fn sst_that_does_not_parse_bounds_the_rest() {
        let mut bytes = sst(&["ab", &"x".repeat(50)], 1000);
        // Claim 60 characters for the second string: it runs out.
        let at = 4 + 8 + 3 + 2;
        bytes[at..at + 2].copy_from_slice(&60u16.to_le_bytes());
        let record = records(&bytes).next().unwrap();
        let (strings, unparsed) = parse_sst(&record);
        assert_eq!(strings, vec![SstString { chars: 2, utf8: 2 }]);
        assert!(unparsed.is_some_and(|n| n >= 50));
    }

    #[test]
    fn sheet_names_for_messages() {
        let mut wide = vec![0, 0, 0, 0, 0, 0, 3, 1];
        wide.extend("Bảng".encode_utf16().take(3).flat_map(u16::to_le_bytes));
        assert_eq!(sheet_name(&wide, false), "Bản");
        let narrow = [0, 0, 0, 0, 0, 0, 2, 0, b'S', b'1', b'x'];
        assert_eq!(sheet_name(&narrow, false), "S1");
        assert_eq!(sheet_name(&[0, 0, 0, 0, 0, 0, 2, b'A', b'B'], true), "AB");
        assert_eq!(sheet_name(&[], false), "");
    }

    #[test]
    fn utf8_lengths_of_stored_characters() {
        let units = |s: &str| -> Vec<u8> { s.encode_utf16().flat_map(u16::to_le_bytes).collect() };
        for s in ["Phòng Nội vụ", "abc", "ệ", "𝄞"] {
            assert!(utf8_len(&units(s), true) >= s.len(), "{s}");
        }
        assert_eq!(utf8_len(&units("Phòng Nội vụ"), true), "Phòng Nội vụ".len());
        assert_eq!(utf8_len(&[b'a', 0xE9], false), 3);
    }

    #[test]
    fn formula_text_grows_with_names() {
        // =Sheet!A1 (PtgRef3d) and a 255-character sheet name.
        let mut rgce = vec![7, 0, 0x3a, 0, 0, 0, 0, 0, 0];
        let (short, _) = formula_text(&rgce, false, (10, 0, 3));
        let (long, _) = formula_text(&rgce, false, (765, 0, 3));
        assert!(long >= 765 && short < long);
        // 255 spaces a token: counted.
        rgce = vec![7, 0, 0x1E, 1, 0, 0x19, 0x40, 0, 255];
        let (bytes, spaces) = formula_text(&rgce, false, (0, 0, 3));
        assert_eq!(spaces, 255);
        assert!(bytes >= 255 + 5);
    }
}
