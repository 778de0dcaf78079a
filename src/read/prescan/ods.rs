//! An .ods `content.xml` walked as calamine walks it, counting what calamine would build
//! from it: every sheet's dense rectangle and the text it holds, repeats expanded.

use super::{Stop, Tally, attributes_len, raw_attribute};
use crate::read::limits;
use quick_xml::events::{BytesStart, Event};
use std::io::BufRead;

/// calamine's row cap for an .ods sheet (its `MAX_ROWS`): repeats beyond it are cut.
const CALAMINE_ODS_MAX_ROWS: u64 = 1_048_576;

/// calamine's column cap for an .ods row (its `MAX_COLUMNS`).
const CALAMINE_ODS_MAX_COLUMNS: u64 = 16_384;

/// An .ods `content.xml` walked as calamine walks it (`parse_content`, `read_table`,
/// `read_row`, `get_datatype`), counting what it would build: the filled cells with their
/// repeats, the dense rectangle of each sheet (a value and a formula per cell, empty cells
/// between filled ones included), and the text it would hold, cloned once per repeat.
pub(super) struct OdsScan<'x, 't, R> {
    xml: &'x mut quick_xml::Reader<R>,
    tally: &'t mut Tally,
    buf: Vec<u8>,
}

/// Where a step of the walk left off.
enum Flow {
    /// Go on.
    Next,
    /// calamine gives up on the file here (an error it returns): nothing more is built.
    Done,
}

/// The cell just read: whether calamine keeps it, and the text it holds.
struct OdsCell {
    filled: bool,
    text: u64,
    closed: bool,
}

impl<'x, 't, R: BufRead> OdsScan<'x, 't, R> {
    pub(super) fn new(xml: &'x mut quick_xml::Reader<R>, tally: &'t mut Tally) -> Self {
        OdsScan {
            xml,
            tally,
            buf: Vec::new(),
        }
    }

    /// `parse_content`: tables, table styles, named expressions.
    pub(super) fn content(&mut self) -> std::result::Result<(), Stop> {
        // The current `style:style`'s name, copied for each of its table properties.
        let mut style_name = 0;
        loop {
            self.buf.clear();
            let (name, attrs, table_name) = match self.xml.read_event_into(&mut self.buf) {
                Ok(Event::Start(e)) => (
                    e.name().as_ref().to_string(),
                    attributes_len(&e),
                    raw_attribute(&e, "table:name"),
                ),
                Ok(Event::Eof) | Err(_) => return Ok(()),
                Ok(_) => continue,
            };
            match name.as_str() {
                "style:style" => style_name = attrs,
                "style:table-properties" => self.tally.ods_text(style_name as u64)?,
                "table:table" if table_name.is_some() => {
                    // A limit reached in a sheet names it.
                    let sheet = table_name.unwrap_or_default();
                    let sheet = quick_xml::escape::unescape(&sheet)
                        .map_or_else(|_| sheet.clone(), |s| s.into_owned());
                    match self.table() {
                        Ok(Flow::Next) => {}
                        Ok(Flow::Done) => return Ok(()),
                        Err(Stop::Limit(limit)) => return Err(Stop::InSheet(sheet, limit)),
                        Err(other) => return Err(other),
                    }
                }
                "table:named-range" | "table:named-expression" => {
                    self.tally.defined_name()?;
                    self.tally.kept_text(attrs + 48)?;
                }
                _ => {}
            }
        }
    }

    /// `read_table`: rows until the table's end.
    fn table(&mut self) -> std::result::Result<Flow, Stop> {
        let mut rows: u64 = 0;
        let mut last_filled: u64 = 0;
        let mut widest: u64 = 0;
        loop {
            self.buf.clear();
            let repeat = match self.xml.read_event_into(&mut self.buf) {
                Ok(Event::Start(e)) if e.name().as_ref() == "table:table-row" => {
                    match raw_attribute(&e, "table:number-rows-repeated") {
                        None => Some(1),
                        Some(v) => decoded_number(&v),
                    }
                }
                Ok(Event::End(e)) if e.name().as_ref() == "table:table" => {
                    // The sheet's rectangle: every row up to the last filled one, as wide
                    // as the widest.
                    self.tally.ods_dense(last_filled.saturating_mul(widest))?;
                    return Ok(Flow::Next);
                }
                // calamine reads on past the end for ever.
                Ok(Event::Eof) => return Err(Stop::Broken("bảng không có thẻ đóng".into())),
                Err(_) => return Ok(Flow::Done),
                Ok(_) => continue,
            };
            let Some(repeat) = repeat else {
                return Ok(Flow::Done);
            };
            let repeat = repeat.min(CALAMINE_ODS_MAX_ROWS.saturating_sub(rows));
            // Each row element costs a little bookkeeping, whatever it holds.
            self.tally.ods_dense(1)?;
            match self.row(rows, repeat)? {
                None => return Ok(Flow::Done),
                Some(width) if width > 0 => {
                    last_filled = rows.saturating_add(repeat);
                    widest = widest.max(width);
                }
                Some(_) => {}
            }
            rows = rows.saturating_add(repeat);
        }
    }

    /// `read_row`: the cells of a row (`repeat` rows from `row`, 0-based); returns the
    /// row's filled width, or `None` where calamine gives up.
    fn row(&mut self, row: u64, repeat: u64) -> std::result::Result<Option<u64>, Stop> {
        let mut col: u64 = 0;
        let mut width: u64 = 0;
        loop {
            self.buf.clear();
            let (name, repeats, start) = match self.xml.read_event_into(&mut self.buf) {
                Ok(Event::Start(e))
                    if matches!(
                        e.name().as_ref(),
                        "table:table-cell" | "table:covered-table-cell"
                    ) =>
                {
                    // calamine parses this one as written, entities not decoded.
                    let repeats = match raw_attribute(&e, "table:number-columns-repeated") {
                        None => Some(1),
                        Some(v) => v.parse::<u64>().ok(),
                    };
                    (e.name().as_ref().to_string(), repeats, e.into_owned())
                }
                Ok(Event::End(e)) if e.name().as_ref() == "table:table-row" => {
                    return Ok(Some(width));
                }
                _ => return Ok(None),
            };
            let Some(repeats) = repeats else {
                return Ok(None);
            };
            let Some(cell) = self.cell(&start)? else {
                return Ok(None);
            };
            let repeats = repeats.min(CALAMINE_ODS_MAX_COLUMNS.saturating_sub(col));
            if cell.filled && repeats > 0 {
                if col + repeats > u64::from(limits::MAX_COLUMNS) {
                    return Err(format!("{} cột", limits::MAX_COLUMNS).into());
                }
                if row + repeat > u64::from(limits::MAX_ROWS) {
                    return Err(format!("{} dòng", limits::MAX_ROWS).into());
                }
                let copies = repeats.saturating_mul(repeat);
                self.tally.cells = self.tally.cells.saturating_add(copies);
                if self.tally.cells > limits::MAX_CELLS as u64 {
                    return Err(limits::cells_limit().into());
                }
                // One copy per repeated column as the row is read, then one per repeated
                // row in the rectangle.
                let held = repeats.saturating_mul(repeat.saturating_add(1));
                self.tally.ods_text(cell.text.saturating_mul(held))?;
                width = col + repeats;
            }
            col = col.saturating_add(repeats);
            if !cell.closed {
                let end = quick_xml::name::QName(&name);
                if self.xml.read_to_end_into(end, &mut self.buf).is_err() {
                    return Ok(None);
                }
            }
        }
    }

    /// `get_datatype`: whether the cell is kept, and the text it holds; `None` where calamine
    /// gives up.
    fn cell(&mut self, e: &BytesStart<'_>) -> std::result::Result<Option<OdsCell>, Stop> {
        // As calamine reads the attributes: the first value attribute sets the value (a
        // number, a text, a truth value); a value type after it is ignored.
        let mut value_set = false;
        let mut value_text: Option<u64> = None;
        let mut is_string = false;
        let mut is_error = false;
        let mut formula: u64 = 0;
        for attr in e.attributes().with_checks(false).flatten() {
            match attr.key.as_ref() {
                "office:value" | "office:boolean-value" if !value_set => value_set = true,
                "office:string-value" | "office:date-value" | "office:time-value" if !value_set => {
                    value_set = true;
                    value_text = Some(attr.value.len() as u64);
                }
                "office:value-type" if !value_set => is_string = attr.value.as_ref() == "string",
                "calcext:value-type" => is_error = attr.value.as_ref() == "error",
                "table:formula" => formula = attr.value.len() as u64,
                _ => {}
            }
        }
        let content = (!value_set && is_string) || (is_error && value_text == Some(0));
        if value_text.unwrap_or(0) + formula > limits::MAX_CELL_TEXT_BYTES as u64 {
            return Err(Stop::Limit(limits::cell_text_limit()));
        }
        if !content {
            return Ok(Some(OdsCell {
                filled: value_set || formula > 0,
                text: value_text.unwrap_or(0) + formula,
                closed: false,
            }));
        }
        let mut text = formula;
        // The text is the element's content: paragraphs, runs of spaces, tabs, breaks.
        loop {
            self.buf.clear();
            match self.xml.read_event_into(&mut self.buf) {
                Ok(Event::Text(t)) => text += t.len() as u64,
                Ok(Event::GeneralRef(_)) => text += 4,
                Ok(Event::End(end))
                    if matches!(
                        end.name().as_ref(),
                        "table:table-cell" | "table:covered-table-cell"
                    ) =>
                {
                    return Ok(Some(OdsCell {
                        filled: true,
                        text,
                        closed: true,
                    }));
                }
                Ok(Event::Start(s)) => match s.name().as_ref() {
                    "office:annotation" => loop {
                        self.buf.clear();
                        match self.xml.read_event_into(&mut self.buf) {
                            Ok(Event::End(end)) if end.name().as_ref() == "office:annotation" => {
                                break;
                            }
                            // calamine reads on past the end for ever.
                            Ok(Event::Eof) => {
                                return Err(Stop::Broken("ghi chú không có thẻ đóng".into()));
                            }
                            Err(_) => return Ok(None),
                            _ => {}
                        }
                    },
                    "text:s" => {
                        let count = match raw_attribute(&s, "text:c") {
                            None => Some(1),
                            Some(v) => decoded_number(&v),
                        };
                        let Some(count) = count else {
                            return Ok(None);
                        };
                        text = text.saturating_add(count);
                    }
                    "text:p" | "text:tab" | "text:line-break" => text += 1,
                    _ => {}
                },
                Ok(Event::Eof) | Err(_) => return Ok(None),
                _ => {}
            }
            // Counted once per repeat later; one cell alone past the limit stops here.
            if text > limits::MAX_CELL_TEXT_BYTES as u64 {
                return Err(Stop::Limit(limits::cell_text_limit()));
            }
        }
    }
}

/// A number attribute as calamine parses it: entities decoded, then a plain integer.
fn decoded_number(raw: &str) -> Option<u64> {
    quick_xml::escape::unescape(raw).ok()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::super::{Part, scan_part};
    use super::*;

    fn scan(part: Part, xml: &[u8]) -> std::result::Result<Tally, Stop> {
        let mut tally = Tally::default();
        scan_part(part, xml, &mut tally).map(|()| tally)
    }

    fn ods(tables: &str) -> String {
        format!(
            "<office:document-content><office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body></office:document-content>"
        )
    }

    #[test]
    fn ods_repeats() {
        let trailing_empty = ods(
            r#"<table:table table:name="A"><table:table-row table:number-rows-repeated="1048553"><table:table-cell table:number-columns-repeated="1024"/></table:table-row></table:table>"#,
        );
        assert!(
            scan(Part::OdsContent, trailing_empty.as_bytes()).is_ok(),
            "LibreOffice writes these"
        );
        let flood = ods(
            r#"<table:table table:name="A"><table:table-row table:number-rows-repeated="1000000"><table:table-cell office:value-type="string" table:number-columns-repeated="16000"><text:p>x</text:p></table:table-cell></table:table-row></table:table>"#,
        );
        assert_eq!(
            scan(Part::OdsContent, flood.as_bytes()).unwrap_err(),
            Stop::InSheet("A".into(), "256 cột".into())
        );
    }

    #[test]
    fn ods_dense_areas_add_up_over_sheets() {
        // A1 and IV20000 filled: calamine builds the whole 20000 × 256 rectangle.
        let corners = r#"<table:table-row><table:table-cell office:value-type="float" office:value="1"/></table:table-row><table:table-row table:number-rows-repeated="19998"><table:table-cell/></table:table-row><table:table-row><table:table-cell table:number-columns-repeated="255"/><table:table-cell office:value-type="float" office:value="1"/></table:table-row>"#;
        let one = ods(&format!(
            r#"<table:table table:name="A">{corners}</table:table>"#
        ));
        assert_eq!(
            scan(Part::OdsContent, one.as_bytes()).unwrap_err(),
            Stop::InSheet("A".into(), limits::dense_limit())
        );
        // A real sheet: 300 rows of 15 columns, thirty times over.
        let row = format!(
            "<table:table-row>{}</table:table-row>",
            r#"<table:table-cell office:value-type="float" office:value="1"/>"#.repeat(15)
        );
        let sheet = format!(
            r#"<table:table table:name="A">{}</table:table>"#,
            row.repeat(300)
        );
        let real = ods(&sheet.repeat(30));
        let tally = scan(Part::OdsContent, real.as_bytes()).unwrap();
        assert_eq!(tally.dense, 30 * (300 * 15 + 300));
    }

    #[test]
    fn ods_text_counts_spaces_and_repeats() {
        let spaces = ods(
            r#"<table:table table:name="A"><table:table-row><table:table-cell office:value-type="string"><text:p><text:s text:c="4000000000"/></text:p></table:table-cell></table:table-row></table:table>"#,
        );
        assert_eq!(
            scan(Part::OdsContent, spaces.as_bytes()).unwrap_err(),
            Stop::InSheet("A".into(), limits::cell_text_limit())
        );
        let long = "x".repeat(1000);
        let repeated = ods(&format!(
            r#"<table:table table:name="A"><table:table-row table:number-rows-repeated="20000"><table:table-cell office:value-type="string" table:number-columns-repeated="10"><text:p>{long}</text:p></table:table-cell></table:table-row></table:table>"#
        ));
        assert_eq!(
            scan(Part::OdsContent, repeated.as_bytes()).unwrap_err(),
            Stop::InSheet("A".into(), limits::text_limit())
        );
    }

    #[test]
    fn ods_unclosed_table_is_broken() {
        let unclosed = ods(r#"<table:table table:name="A"><table:table-row>"#);
        let unclosed = unclosed
            .split("</office:spreadsheet>")
            .next()
            .unwrap_or_default();
        assert!(matches!(
            scan(Part::OdsContent, unclosed.as_bytes()),
            Err(Stop::Broken(_)) | Ok(_)
        ));
        let no_end = r#"<office:spreadsheet><table:table table:name="A">"#;
        assert!(matches!(
            scan(Part::OdsContent, no_end.as_bytes()),
            Err(Stop::Broken(_))
        ));
    }
}
