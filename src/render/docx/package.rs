//! The package around `word/document.xml` (ECMA-376 Part 2, OPC): content types,
//! relationships, styles, settings, the page-number header and the core properties, zipped
//! with one fixed timestamp so that reruns give identical bytes.

use crate::error::{Error, Result};
use crate::model::DocDate;
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

/// The relationship id of the first section's header (and the only one of a unit letter).
pub const HEADER_1: &str = "rId4";
/// The relationship id of the annex section's header.
pub const HEADER_2: &str = "rId5";

const XML_DECLARATION: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

/// Times New Roman, 14 pt, Vietnamese, for every run, and single spacing with no space
/// around paragraphs (Decree 30, Phụ lục I, I.4); runs state only what differs.
const STYLES: &str = concat!(
    r#"<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">"#,
    r#"<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="Times New Roman" w:cs="Times New Roman"/>"#,
    r#"<w:sz w:val="28"/><w:szCs w:val="28"/><w:lang w:val="vi-VN" w:eastAsia="vi-VN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>"#,
    r#"<w:pPrDefault><w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>"#,
    r#"<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>"#,
    r#"<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/>"#,
    r#"<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>"#,
    r#"</w:styles>"#
);

/// Word 2013+ layout (compatibilityMode 15); lines ending in a manual break are not
/// stretched in justified paragraphs (doNotExpandShiftReturn), as the letters' bodies have
/// such breaks.
const SETTINGS: &str = concat!(
    r#"<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">"#,
    r#"<w:zoom w:percent="100"/><w:defaultTabStop w:val="720"/><w:characterSpacingControl w:val="doNotCompress"/>"#,
    r#"<w:compat><w:doNotExpandShiftReturn/>"#,
    r#"<w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/>"#,
    r#"<w:compatSetting w:name="overrideTableStyleFontSizeAndJustification" w:uri="http://schemas.microsoft.com/office/word" w:val="1"/>"#,
    r#"<w:compatSetting w:name="enableOpenTypeFeatures" w:uri="http://schemas.microsoft.com/office/word" w:val="1"/>"#,
    r#"<w:compatSetting w:name="doNotFlipMirrorIndents" w:uri="http://schemas.microsoft.com/office/word" w:val="1"/>"#,
    r#"</w:compat><w:themeFontLang w:val="vi-VN"/></w:settings>"#
);

const FONT_TABLE: &str = concat!(
    r#"<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">"#,
    r#"<w:font w:name="Times New Roman"><w:panose1 w:val="02020603050405020304"/><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>"#,
    r#"</w:fonts>"#
);

/// The page number, 14 pt, centred in the header (Phụ lục I, I.7): the PAGE field. Shown
/// from page 2 only, by `w:titlePg` with no first-page header.
const PAGE_NUMBER_HEADER: &str = concat!(
    r#"<w:hdr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">"#,
    r#"<w:p><w:pPr><w:jc w:val="center"/></w:pPr>"#,
    r#"<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>"#,
    r#"<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>2</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>"#,
    r#"</w:p></w:hdr>"#
);

const APP: &str = concat!(
    r#"<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">"#,
    r#"<Application>cchc</Application></Properties>"#
);

const ROOT_RELS: &str = concat!(
    r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    r#"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>"#,
    r#"<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>"#,
    r#"<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>"#,
    r#"</Relationships>"#
);

const WORD_TYPE: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml";
const REL_TYPE: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// `[Content_Types].xml` for a document with `headers` header parts.
fn content_types(headers: usize) -> String {
    let mut xml = format!(
        concat!(
            "{decl}",
            r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#,
            r#"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#,
            r#"<Default Extension="xml" ContentType="application/xml"/>"#,
            r#"<Override PartName="/word/document.xml" ContentType="{w}.document.main+xml"/>"#,
            r#"<Override PartName="/word/styles.xml" ContentType="{w}.styles+xml"/>"#,
            r#"<Override PartName="/word/settings.xml" ContentType="{w}.settings+xml"/>"#,
            r#"<Override PartName="/word/fontTable.xml" ContentType="{w}.fontTable+xml"/>"#,
            r#"<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>"#,
            r#"<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>"#,
        ),
        decl = XML_DECLARATION,
        w = WORD_TYPE
    );
    for i in 1..=headers {
        xml.push_str(&format!(
            r#"<Override PartName="/word/header{i}.xml" ContentType="{WORD_TYPE}.header+xml"/>"#
        ));
    }
    xml.push_str("</Types>");
    xml
}

/// `word/_rels/document.xml.rels`: styles, settings, fonts, and the headers as
/// [`HEADER_1`], [`HEADER_2`].
fn document_rels(headers: usize) -> String {
    let mut xml = format!(
        concat!(
            "{decl}",
            r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
            r#"<Relationship Id="rId1" Type="{r}/styles" Target="styles.xml"/>"#,
            r#"<Relationship Id="rId2" Type="{r}/settings" Target="settings.xml"/>"#,
            r#"<Relationship Id="rId3" Type="{r}/fontTable" Target="fontTable.xml"/>"#,
        ),
        decl = XML_DECLARATION,
        r = REL_TYPE
    );
    for (i, id) in [HEADER_1, HEADER_2].iter().take(headers).enumerate() {
        xml.push_str(&format!(
            r#"<Relationship Id="{id}" Type="{REL_TYPE}/header" Target="header{}.xml"/>"#,
            i + 1
        ));
    }
    xml.push_str("</Relationships>");
    xml
}

/// Zips `document` (a finished `word/document.xml`) with the parts around it. `headers` is
/// the number of sections, each with its own page-number header part. `name` is the file,
/// for messages.
///
/// # Errors
/// [`Error::Render`] when the zip cannot be written.
pub fn package(
    document: &[u8],
    headers: usize,
    properties: &CoreProperties,
    name: &str,
) -> Result<Vec<u8>> {
    zip_parts(document, headers, properties).map_err(|e| Error::Render {
        document: name.to_string(),
        detail: e.to_string(),
    })
}

/// The parts in the usual order, content types first. Only `word/document.xml` is deflated
/// (at [`DEFLATE_LEVEL`](crate::render::DEFLATE_LEVEL)): the other parts are a few hundred
/// bytes each, and a deflate stream's setup (zeroing its tables) costs more than storing
/// them saves.
fn zip_parts(
    document: &[u8],
    headers: usize,
    properties: &CoreProperties,
) -> zip::result::ZipResult<Vec<u8>> {
    let stored = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .last_modified_time(zip_time(properties.date));
    let deflated = stored
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(i64::from(crate::render::DEFLATE_LEVEL)));
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::with_capacity(document.len() / 4 + 8192)));
    let mut part = |name: &str, options: SimpleFileOptions, parts: &[&[u8]]| {
        out.start_file(name, options)?;
        for bytes in parts {
            out.write_all(bytes)?;
        }
        zip::result::ZipResult::Ok(())
    };
    let decl = XML_DECLARATION.as_bytes();
    part(
        "[Content_Types].xml",
        stored,
        &[content_types(headers).as_bytes()],
    )?;
    part("_rels/.rels", stored, &[decl, ROOT_RELS.as_bytes()])?;
    part(
        "docProps/core.xml",
        stored,
        &[core_xml(properties).as_bytes()],
    )?;
    part("docProps/app.xml", stored, &[decl, APP.as_bytes()])?;
    part("word/document.xml", deflated, &[document])?;
    part(
        "word/_rels/document.xml.rels",
        stored,
        &[document_rels(headers).as_bytes()],
    )?;
    part("word/styles.xml", stored, &[decl, STYLES.as_bytes()])?;
    part("word/settings.xml", stored, &[decl, SETTINGS.as_bytes()])?;
    part("word/fontTable.xml", stored, &[decl, FONT_TABLE.as_bytes()])?;
    for i in 1..=headers {
        part(
            &format!("word/header{i}.xml"),
            stored,
            &[decl, PAGE_NUMBER_HEADER.as_bytes()],
        )?;
    }
    Ok(out.finish()?.into_inner())
}

fn core_xml(p: &CoreProperties) -> String {
    let stamp = w3cdtf(p.date);
    format!(
        concat!(
            "{decl}",
            r#"<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#,
            r#"<dc:title>{title}</dc:title><dc:creator>{creator}</dc:creator><cp:lastModifiedBy>{creator}</cp:lastModifiedBy>"#,
            r#"<dc:language>vi-VN</dc:language><cp:revision>1</cp:revision>"#,
            r#"<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>"#,
            r#"</cp:coreProperties>"#
        ),
        decl = XML_DECLARATION,
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
    let mut out = String::with_capacity(text.len());
    for c in text.chars().filter(|&c| crate::text::is_xml_char(c)) {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
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
    fn escapes_properties_and_lists_every_part() {
        let core = core_xml(&CoreProperties {
            title: "A & B <c>\u{1}".into(),
            creator: "UBND".into(),
            date: DocDate::parse("2020-10").unwrap(),
        });
        assert!(core.contains("<dc:title>A &amp; B &lt;c&gt;</dc:title>"));
        assert!(core.contains("2020-10-01T00:00:00Z"));
        let types = content_types(2);
        assert!(types.contains(r#"PartName="/word/header2.xml""#));
        assert!(!content_types(1).contains("header2"));
        assert!(document_rels(2).contains(r#"Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header2.xml""#));
    }
}
