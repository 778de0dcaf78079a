//! The packaging step of our own over docx-rs's built parts.
//!
//! Why it exists: docx-rs 0.4.22 writes no `w:tblHeader` (an annex whose header rows must
//! repeat on every page), hard-codes the core properties ("unknown" author, no title), stores
//! its zip entries uncompressed, and dates nothing we can pin. Rather than fork the crate, we
//! patch the parts after `build()` and zip them ourselves, in docx-rs's own part order:
//! header rows get `w:tblHeader`, the core properties name the organ and the document and
//! carry the document's own date, and every entry is deflated with that same fixed
//! timestamp, so reruns give identical bytes.

use crate::error::{Error, Result};
use crate::model::DocDate;
use docx_rs::{Docx, HeightRule, TableRow, XMLDocx};
use std::io::{Cursor, Write};
use zip::write::SimpleFileOptions;

/// The core properties (docProps/core.xml) of a document.
#[derive(Debug, Clone)]
pub struct CoreProperties {
    /// dc:title, "V/v …" or the document's name.
    pub title: String,
    /// dc:creator and cp:lastModifiedBy: the issuing organ.
    pub creator: String,
    /// The document's date: created and modified, and every zip entry's timestamp.
    pub date: DocDate,
}

/// The minimum height of a header row (8 mm), which also marks it for [`package`]: docx-rs
/// writes no `w:tblHeader`, so [`header_row`] gives the row this height and no other row has
/// it. (`cantSplit` alone cannot mark it: the signature row uses it too.)
const HEADER_ROW_HEIGHT: u32 = 454;

/// How docx-rs serializes the properties of a row made by [`header_row`].
const HEADER_ROW_MARK: &str = r#"<w:cantSplit /><w:trHeight w:val="454" w:hRule="atLeast" />"#;

/// Marks `row` as a table header row, repeated on every page once packaged.
pub fn header_row(row: TableRow) -> TableRow {
    row.cant_split()
        .row_height(HEADER_ROW_HEIGHT as f32)
        .height_rule(HeightRule::AtLeast)
}

/// Builds `docx`, patches its parts and returns the deflated package. `name` is the file,
/// for messages.
///
/// # Errors
/// [`Error::Render`] when the zip cannot be written or read back.
pub fn package(docx: Docx, properties: &CoreProperties, name: &str) -> Result<Vec<u8>> {
    let fail = |detail: String| Error::Render {
        document: name.to_string(),
        detail,
    };
    let mut xml = docx.build();
    // The parts docx-rs would add after these are never made by the letters.
    if !xml.media.is_empty() || xml.taskpanes.is_some() || !xml.custom_items.is_empty() {
        return Err(fail(
            "văn bản có hình ảnh hoặc phần mở rộng chưa được hỗ trợ".into(),
        ));
    }
    xml.document = repeat_header_rows(std::mem::take(&mut xml.document));
    xml.doc_props.core = core_xml(properties).into_bytes();
    zip_parts(xml, properties.date).map_err(|e| fail(e.to_string()))
}

/// Adds `w:tblHeader` to every row marked as a header row (Decree 30 sets no table format;
/// repeating the header on each page is the practice for annex tables, format notes §11).
fn repeat_header_rows(document: Vec<u8>) -> Vec<u8> {
    // docx-rs writes UTF-8; taking the bytes as they are spares a copy of the largest part.
    let text = String::from_utf8(document)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    text.replace(
        HEADER_ROW_MARK,
        &format!("{HEADER_ROW_MARK}<w:tblHeader />"),
    )
    .into_bytes()
}

fn core_xml(p: &CoreProperties) -> String {
    let stamp = w3cdtf(p.date);
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            r#"<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#,
            r#"<dc:title>{title}</dc:title><dc:creator>{creator}</dc:creator><cp:lastModifiedBy>{creator}</cp:lastModifiedBy>"#,
            r#"<dc:language>vi-VN</dc:language><cp:revision>1</cp:revision>"#,
            r#"<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>"#,
            r#"</cp:coreProperties>"#
        ),
        title = escape(&p.title),
        creator = escape(&p.creator),
        stamp = stamp
    )
}

/// Midnight UTC of the document's date; a draft's blank month or day counts as the first.
fn w3cdtf(date: DocDate) -> String {
    format!(
        "{:04}-{:02}-{:02}T00:00:00Z",
        date.year,
        date.month.unwrap_or(1),
        date.day.unwrap_or(1)
    )
}

fn escape(text: &str) -> String {
    text.chars()
        .filter(|&c| crate::text::is_xml_char(c))
        .map(|c| match c {
            '&' => "&amp;".to_string(),
            '<' => "&lt;".to_string(),
            '>' => "&gt;".to_string(),
            '"' => "&quot;".to_string(),
            c => c.to_string(),
        })
        .collect()
}

/// Zips the parts as docx-rs's `XMLDocx::pack` lays them out (same folders, names and order),
/// deflated at [`DEFLATE_LEVEL`](crate::render::DEFLATE_LEVEL) with one fixed timestamp for every entry. Writing the zip
/// once, rather than packing it stored and re-reading it to deflate, halves the packaging
/// work.
fn zip_parts(xml: XMLDocx, date: DocDate) -> zip::result::ZipResult<Vec<u8>> {
    let time = zip_time(date);
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(i64::from(crate::render::DEFLATE_LEVEL)))
        .last_modified_time(time);
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for folder in ["word/", "word/_rels", "_rels/", "docProps/"] {
        out.add_directory(folder, options)?;
    }
    let mut file = |name: &str, bytes: &[u8]| -> zip::result::ZipResult<()> {
        out.start_file(name, options)?;
        out.write_all(bytes)?;
        Ok(())
    };
    file("[Content_Types].xml", &xml.content_type)?;
    file("_rels/.rels", &xml.rels)?;
    file("docProps/app.xml", &xml.doc_props.app)?;
    file("docProps/core.xml", &xml.doc_props.core)?;
    file("docProps/custom.xml", &xml.doc_props.custom)?;
    file("word/_rels/document.xml.rels", &xml.document_rels)?;
    file("word/document.xml", &xml.document)?;
    file("word/styles.xml", &xml.styles)?;
    file("word/settings.xml", &xml.settings)?;
    file("word/fontTable.xml", &xml.font_table)?;
    file("word/comments.xml", &xml.comments)?;
    file("word/numbering.xml", &xml.numberings)?;
    file("word/commentsExtended.xml", &xml.comments_extended)?;
    file("word/footnotes.xml", &xml.footnotes)?;
    for (kind, parts, rels) in [
        ("header", &xml.headers, &xml.header_rels),
        ("footer", &xml.footers, &xml.footer_rels),
    ] {
        for (i, part) in parts.iter().enumerate() {
            file(&format!("word/{kind}{}.xml", i + 1), part)?;
            if let Some(rels) = rels.get(i) {
                file(&format!("word/_rels/{kind}{}.xml.rels", i + 1), rels)?;
            }
        }
    }
    Ok(out.finish()?.into_inner())
}

/// The zip timestamp of the document's date; zip cannot date before 1980.
fn zip_time(date: DocDate) -> zip::DateTime {
    let year = u16::try_from(date.year.clamp(1980, 2107)).unwrap_or(1980);
    let month = u8::try_from(date.month.unwrap_or(1)).unwrap_or(1);
    let day = u8::try_from(date.day.unwrap_or(1)).unwrap_or(1);
    zip::DateTime::from_date_and_time(year, month, day, 0, 0, 0).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_header_rows_and_escapes_properties() {
        use docx_rs::BuildXML;
        let built = header_row(TableRow::new(vec![])).build();
        let plain = TableRow::new(vec![]).cant_split().build();
        let patched = String::from_utf8(repeat_header_rows([built, plain].concat())).unwrap();
        assert_eq!(patched.matches("<w:tblHeader />").count(), 1, "{patched}");
        let core = core_xml(&CoreProperties {
            title: "A & B <c>\u{1}".into(),
            creator: "UBND".into(),
            date: DocDate::parse("2020-10").unwrap(),
        });
        assert!(core.contains("<dc:title>A &amp; B &lt;c&gt;</dc:title>"));
        assert!(core.contains("2020-10-01T00:00:00Z"));
    }
}
