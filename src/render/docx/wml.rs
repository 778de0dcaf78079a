//! A small streaming writer of WordprocessingML (ECMA-376 Part 1, §17): paragraphs, runs,
//! tables and section breaks written straight into the text of `word/document.xml`, every
//! element's children in schema order.
//!
//! Why not docx-rs: 0.4.22 fell short for these letters in ways each needing a patch — no
//! `w:tblHeader`, `'\n'` dropped, control characters written raw, no `w:lang`, run and
//! paragraph properties out of schema order (`sz` before `rFonts`, `headerReference` after
//! `pgSz`), paragraph ids from a thread-local counter (one thread per document for
//! identical bytes) — and its builder model made the seven letters of an input 19 ms, most
//! of a run's time (issue 7, `docs/performance.md`). The letters use a dozen elements, so
//! writing them directly is shorter than the patches were; the seven letters now take
//! about 1.5 ms, with the same pages when printed.

use crate::text;
use std::fmt::Write as _;

/// Half-points of 11, 12, 13 and 14 pt.
pub const PT11: u32 = 22;
/// 12 pt.
pub const PT12: u32 = 24;
/// 13 pt.
pub const PT13: u32 = 26;
/// 14 pt: the documents' default size (`styles.xml`), never written on a run.
pub const PT14: u32 = 28;

/// How a run looks. The font is the documents' default, Times New Roman (`styles.xml`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Look {
    /// Half-points.
    pub size: u32,
    /// Bold.
    pub bold: bool,
    /// Italic.
    pub italic: bool,
}

impl Look {
    /// Regular text of `size` half-points.
    pub fn regular(size: u32) -> Look {
        Look {
            size,
            bold: false,
            italic: false,
        }
    }

    /// Bold text.
    pub fn bold(size: u32) -> Look {
        Look {
            bold: true,
            ..Look::regular(size)
        }
    }

    /// Italic text.
    pub fn italic(size: u32) -> Look {
        Look {
            italic: true,
            ..Look::regular(size)
        }
    }

    /// Bold italic text.
    pub fn bold_italic(size: u32) -> Look {
        Look {
            bold: true,
            italic: true,
            ..Look::regular(size)
        }
    }

    /// `w:rPr`, or nothing for the default look (CT_RPr order: b, bCs, i, iCs, sz, szCs).
    fn write(self, out: &mut String) {
        if self == Look::regular(PT14) {
            return;
        }
        out.push_str("<w:rPr>");
        if self.bold {
            out.push_str("<w:b/><w:bCs/>");
        }
        if self.italic {
            out.push_str("<w:i/><w:iCs/>");
        }
        if self.size != PT14 {
            write_size(out, self.size);
        }
        out.push_str("</w:rPr>");
    }
}

/// A font size in half-points, for Latin and complex scripts alike.
fn write_size(out: &mut String, half_points: u32) {
    let _ = write!(
        out,
        r#"<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>"#
    );
}

/// Horizontal alignment of a paragraph (`w:jc`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Align {
    /// Left: the default, not written.
    #[default]
    Left,
    /// Centred.
    Center,
    /// Justified.
    Both,
}

/// Line spacing: single (`auto`, 240) or an exact height in twips.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Line {
    /// Single spacing.
    #[default]
    Single,
    /// Exactly this many twips.
    Exact(u32),
}

/// A paragraph's properties. The default is what `styles.xml` sets for every paragraph:
/// left-aligned, single-spaced, no space before or after, 14 pt paragraph mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Para {
    /// Alignment.
    pub align: Align,
    /// Space before, twips.
    pub before: u32,
    /// Space after, twips.
    pub after: u32,
    /// Line spacing.
    pub line: Line,
    /// Left indent, twips.
    pub left: i32,
    /// Right indent, twips.
    pub right: i32,
    /// First-line indent (positive) or hanging indent (negative), twips.
    pub first_line: i32,
    /// Keep with the next paragraph.
    pub keep_next: bool,
    /// A thin solid line on top: the decree's short rules (Phụ lục I, II.1b, II.2).
    pub top_rule: bool,
    /// Size of the paragraph mark, half-points: the height of an empty paragraph.
    pub mark: u32,
}

impl Default for Para {
    fn default() -> Self {
        Para {
            align: Align::Left,
            before: 0,
            after: 0,
            line: Line::Single,
            left: 0,
            right: 0,
            first_line: 0,
            keep_next: false,
            top_rule: false,
            mark: PT14,
        }
    }
}

impl Para {
    /// With space before and after, twips.
    pub fn space(self, before: u32, after: u32) -> Para {
        Para {
            before,
            after,
            ..self
        }
    }

    /// `w:pPr`, or nothing for the default paragraph (CT_PPr order: keepNext, pBdr,
    /// spacing, ind, jc, rPr).
    fn write(&self, out: &mut String) {
        if *self == Para::default() {
            return;
        }
        out.push_str("<w:pPr>");
        if self.keep_next {
            out.push_str("<w:keepNext/>");
        }
        if self.top_rule {
            out.push_str(
                r#"<w:pBdr><w:top w:val="single" w:sz="6" w:space="0" w:color="000000"/></w:pBdr>"#,
            );
        }
        if self.before != 0 || self.after != 0 || self.line != Line::Single {
            let _ = write!(
                out,
                r#"<w:spacing w:before="{}" w:after="{}""#,
                self.before, self.after
            );
            match self.line {
                Line::Single => out.push_str(r#" w:line="240" w:lineRule="auto"/>"#),
                Line::Exact(h) => {
                    let _ = write!(out, r#" w:line="{h}" w:lineRule="exact"/>"#);
                }
            }
        }
        if self.left != 0 || self.right != 0 || self.first_line != 0 {
            let _ = write!(
                out,
                r#"<w:ind w:left="{}" w:right="{}""#,
                self.left, self.right
            );
            match self.first_line {
                0 => {}
                f if f > 0 => {
                    let _ = write!(out, r#" w:firstLine="{f}""#);
                }
                h => {
                    let _ = write!(out, r#" w:hanging="{}""#, h.unsigned_abs());
                }
            }
            out.push_str("/>");
        }
        match self.align {
            Align::Left => {}
            Align::Center => out.push_str(r#"<w:jc w:val="center"/>"#),
            Align::Both => out.push_str(r#"<w:jc w:val="both"/>"#),
        }
        if self.mark != PT14 {
            out.push_str("<w:rPr>");
            write_size(out, self.mark);
            out.push_str("</w:rPr>");
        }
        out.push_str("</w:pPr>");
    }
}

/// A table's frame.
#[derive(Debug, Clone, Copy)]
pub struct TableFrame<'a> {
    /// Column widths, twips.
    pub grid: &'a [u32],
    /// Thin borders around and between every cell, or none.
    pub borders: bool,
    /// Cell margins: top and bottom, left and right, twips.
    pub margins: (u32, u32),
}

/// A row's properties.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RowKind {
    /// Never split across pages.
    pub cant_split: bool,
    /// A header row, repeated at the top of every page (`w:tblHeader`), at least 8 mm tall.
    pub header: bool,
}

/// Vertical alignment in a cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VAlign {
    /// Top: the default, not written.
    Top,
    /// Centred.
    Center,
}

/// A page layout: the `w:sectPr` of a section.
#[derive(Debug, Clone, Copy)]
pub struct Page {
    /// Width and height, twips.
    pub size: (u32, u32),
    /// Landscape (the size is then given already swapped).
    pub landscape: bool,
    /// Top, right, bottom, left margins and the header distance, twips.
    pub margins: [u32; 5],
    /// The relationship id of the header part with the page number, shown from page 2
    /// (`w:titlePg`: the first page has no header).
    pub header: &'static str,
    /// Page numbering restarts at 1 in this section.
    pub restart_numbering: bool,
}

impl Page {
    /// CT_SectPr order: headerReference, pgSz, pgMar, pgNumType, titlePg.
    fn write(&self, out: &mut String) {
        let [top, right, bottom, left, header] = self.margins;
        let _ = write!(
            out,
            r#"<w:sectPr><w:headerReference w:type="default" r:id="{}"/><w:pgSz w:w="{}" w:h="{}""#,
            self.header, self.size.0, self.size.1
        );
        if self.landscape {
            out.push_str(r#" w:orient="landscape""#);
        }
        let _ = write!(
            out,
            r#"/><w:pgMar w:top="{top}" w:right="{right}" w:bottom="{bottom}" w:left="{left}" w:header="{header}" w:footer="{header}" w:gutter="0"/>"#
        );
        if self.restart_numbering {
            out.push_str(r#"<w:pgNumType w:start="1"/>"#);
        }
        out.push_str("<w:titlePg/></w:sectPr>");
    }
}

/// The namespaces of `word/document.xml`.
const DOCUMENT_OPEN: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
    "\n",
    r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>"#
);

/// `word/document.xml` being written, element by element. Text goes through [`Body::run`]
/// only: NFC, characters illegal in XML dropped, `& < >` escaped, line breaks and tabs kept.
#[derive(Debug)]
pub struct Body {
    xml: String,
}

impl Body {
    /// A document with room for about `capacity` bytes of XML.
    pub fn with_capacity(capacity: usize) -> Body {
        let mut xml = String::with_capacity(capacity);
        xml.push_str(DOCUMENT_OPEN);
        Body { xml }
    }

    /// A paragraph of one run.
    pub fn paragraph(&mut self, para: &Para, text: &str, look: Look) {
        self.open_paragraph(para);
        self.run(text, look);
        self.xml.push_str("</w:p>");
    }

    /// An empty paragraph: vertical space of its mark's height, or a rule.
    pub fn empty(&mut self, para: &Para) {
        self.open_paragraph(para);
        self.xml.push_str("</w:p>");
    }

    fn open_paragraph(&mut self, para: &Para) {
        self.xml.push_str("<w:p>");
        para.write(&mut self.xml);
    }

    /// A run of text. A line break in the text is a break (`w:br`), a tab a tab; `\r` and
    /// characters illegal in XML 1.0 are dropped (format notes: text pasted into Excel
    /// carries them).
    pub fn run(&mut self, text: &str, look: Look) {
        let out = &mut self.xml;
        out.push_str("<w:r>");
        look.write(out);
        let text = text::nfc(text);
        let mut open = false;
        let mut rest: &str = &text;
        while !rest.is_empty() {
            // Plain text up to the next character that needs care, copied as one slice.
            // Every such character is ASCII except U+FFFE and U+FFFF, which start with 0xEF.
            let plain = rest
                .bytes()
                .position(|b| b < 0x20 || matches!(b, b'&' | b'<' | b'>' | 0xEF))
                .unwrap_or(rest.len());
            if plain > 0 {
                open_text(out, &mut open);
                out.push_str(&rest[..plain]);
            }
            let Some(c) = rest[plain..].chars().next() else {
                break;
            };
            rest = &rest[plain + c.len_utf8()..];
            match c {
                '\n' | '\t' => {
                    if open {
                        out.push_str("</w:t>");
                        open = false;
                    }
                    out.push_str(if c == '\n' { "<w:br/>" } else { "<w:tab/>" });
                }
                '&' | '<' | '>' => {
                    open_text(out, &mut open);
                    out.push_str(match c {
                        '&' => "&amp;",
                        '<' => "&lt;",
                        _ => "&gt;",
                    });
                }
                c if text::is_xml_char(c) && c != '\r' => {
                    open_text(out, &mut open);
                    out.push(c);
                }
                _ => {}
            }
        }
        if open {
            out.push_str("</w:t>");
        }
        out.push_str("</w:r>");
    }

    /// Opens a table of fixed layout whose width is the sum of its columns.
    pub fn open_table(&mut self, frame: &TableFrame<'_>) {
        let out = &mut self.xml;
        let width: u32 = frame.grid.iter().sum();
        // CT_TblPr order: tblW, tblBorders, tblLayout, tblCellMar.
        let _ = write!(
            out,
            r#"<w:tbl><w:tblPr><w:tblW w:w="{width}" w:type="dxa"/>"#
        );
        if frame.borders {
            out.push_str("<w:tblBorders>");
            for side in ["top", "left", "bottom", "right", "insideH", "insideV"] {
                let _ = write!(
                    out,
                    r#"<w:{side} w:val="single" w:sz="2" w:space="0" w:color="000000"/>"#
                );
            }
            out.push_str("</w:tblBorders>");
        }
        let (vertical, horizontal) = frame.margins;
        let _ = write!(
            out,
            concat!(
                r#"<w:tblLayout w:type="fixed"/><w:tblCellMar><w:top w:w="{v}" w:type="dxa"/>"#,
                r#"<w:left w:w="{h}" w:type="dxa"/><w:bottom w:w="{v}" w:type="dxa"/>"#,
                r#"<w:right w:w="{h}" w:type="dxa"/></w:tblCellMar></w:tblPr><w:tblGrid>"#
            ),
            v = vertical,
            h = horizontal
        );
        for w in frame.grid {
            let _ = write!(out, r#"<w:gridCol w:w="{w}"/>"#);
        }
        out.push_str("</w:tblGrid>");
    }

    /// Closes the table opened last.
    pub fn close_table(&mut self) {
        self.xml.push_str("</w:tbl>");
    }

    /// Opens a row.
    pub fn open_row(&mut self, kind: RowKind) {
        let out = &mut self.xml;
        out.push_str("<w:tr>");
        if kind != RowKind::default() {
            out.push_str("<w:trPr>");
            if kind.cant_split || kind.header {
                out.push_str("<w:cantSplit/>");
            }
            if kind.header {
                // At least 8 mm, repeated on every page (format notes §11).
                out.push_str(r#"<w:trHeight w:val="454" w:hRule="atLeast"/><w:tblHeader/>"#);
            }
            out.push_str("</w:trPr>");
        }
    }

    /// Closes the row opened last.
    pub fn close_row(&mut self) {
        self.xml.push_str("</w:tr>");
    }

    /// Opens a cell `width` twips wide spanning `span` grid columns; paragraphs follow, then
    /// [`Body::close_cell`] (a cell must hold at least one paragraph).
    pub fn open_cell(&mut self, width: u32, span: u32, align: VAlign) {
        let out = &mut self.xml;
        // CT_TcPr order: tcW, gridSpan, vAlign.
        let _ = write!(out, r#"<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>"#);
        if span > 1 {
            let _ = write!(out, r#"<w:gridSpan w:val="{span}"/>"#);
        }
        if align == VAlign::Center {
            out.push_str(r#"<w:vAlign w:val="center"/>"#);
        }
        out.push_str("</w:tcPr>");
    }

    /// Closes the cell opened last.
    pub fn close_cell(&mut self) {
        self.xml.push_str("</w:tc>");
    }

    /// Ends a section that is not the document's last: its layout rides on an empty
    /// paragraph (§17.6.17).
    pub fn section_break(&mut self, page: &Page) {
        self.xml.push_str("<w:p><w:pPr>");
        page.write(&mut self.xml);
        self.xml.push_str("</w:pPr></w:p>");
    }

    /// Ends the document with the last section's layout; returns the part's bytes.
    pub fn finish(mut self, page: &Page) -> Vec<u8> {
        page.write(&mut self.xml);
        self.xml.push_str("</w:body></w:document>");
        self.xml.into_bytes()
    }
}

/// Opens a `w:t` unless one is open.
fn open_text(out: &mut String, open: &mut bool) {
    if !*open {
        out.push_str(r#"<w:t xml:space="preserve">"#);
        *open = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body_of(build: impl FnOnce(&mut Body)) -> String {
        let mut b = Body::with_capacity(0);
        build(&mut b);
        b.xml[DOCUMENT_OPEN.len()..].to_string()
    }

    #[test]
    fn runs_escape_once_and_keep_breaks() {
        let xml = body_of(|b| b.run("A & <b>\u{1}\nx\ty\r", Look::bold(PT12)));
        assert_eq!(
            xml,
            concat!(
                r#"<w:r><w:rPr><w:b/><w:bCs/><w:sz w:val="24"/><w:szCs w:val="24"/></w:rPr>"#,
                r#"<w:t xml:space="preserve">A &amp; &lt;b&gt;</w:t><w:br/>"#,
                r#"<w:t xml:space="preserve">x</w:t><w:tab/><w:t xml:space="preserve">y</w:t></w:r>"#
            )
        );
        // U+FFFE/U+FFFF dropped; other characters encoded from 0xEF kept.
        let edge = body_of(|b| b.run("a\u{FFFE}\u{F8FF}\u{FFFF}\u{FFFD}b", Look::regular(PT14)));
        assert_eq!(
            edge,
            "<w:r><w:t xml:space=\"preserve\">a\u{F8FF}\u{FFFD}b</w:t></w:r>"
        );
        // NFD input comes out NFC; the default look writes no properties.
        let nfd = body_of(|b| b.run("Vie\u{302}\u{323}t", Look::regular(PT14)));
        assert_eq!(nfd, r#"<w:r><w:t xml:space="preserve">Việt</w:t></w:r>"#);
    }

    #[test]
    fn paragraph_properties_in_schema_order() {
        let para = Para {
            align: Align::Both,
            keep_next: true,
            first_line: 567,
            mark: PT12,
            ..Para::default().space(120, 0)
        };
        let xml = body_of(|b| b.empty(&para));
        assert_eq!(
            xml,
            concat!(
                r#"<w:p><w:pPr><w:keepNext/><w:spacing w:before="120" w:after="0" w:line="240" w:lineRule="auto"/>"#,
                r#"<w:ind w:left="0" w:right="0" w:firstLine="567"/><w:jc w:val="both"/>"#,
                r#"<w:rPr><w:sz w:val="24"/><w:szCs w:val="24"/></w:rPr></w:pPr></w:p>"#
            )
        );
        assert_eq!(body_of(|b| b.empty(&Para::default())), "<w:p></w:p>");
        let hanging = body_of(|b| {
            b.empty(&Para {
                left: 100,
                first_line: -50,
                ..Para::default()
            })
        });
        assert!(hanging.contains(r#"<w:ind w:left="100" w:right="0" w:hanging="50"/>"#));
    }

    #[test]
    fn tables_and_sections() {
        let page = Page {
            size: (16838, 11906),
            landscape: true,
            margins: [1134, 850, 1134, 1701, 567],
            header: "rId5",
            restart_numbering: true,
        };
        let mut b = Body::with_capacity(0);
        b.open_table(&TableFrame {
            grid: &[100, 200],
            borders: true,
            margins: (28, 85),
        });
        b.open_row(RowKind {
            cant_split: false,
            header: true,
        });
        b.open_cell(300, 2, VAlign::Center);
        b.empty(&Para::default());
        b.close_cell();
        b.close_row();
        b.close_table();
        let xml = String::from_utf8(b.finish(&page)).unwrap();
        assert!(
            xml.contains(r#"<w:tblW w:w="300" w:type="dxa"/><w:tblBorders><w:top w:val="single""#)
        );
        assert!(xml.contains(r#"<w:trPr><w:cantSplit/><w:trHeight w:val="454" w:hRule="atLeast"/><w:tblHeader/></w:trPr>"#));
        assert!(xml.contains(
            r#"<w:tcW w:w="300" w:type="dxa"/><w:gridSpan w:val="2"/><w:vAlign w:val="center"/>"#
        ));
        assert!(xml.ends_with(concat!(
            r#"<w:sectPr><w:headerReference w:type="default" r:id="rId5"/><w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/>"#,
            r#"<w:pgMar w:top="1134" w:right="850" w:bottom="1134" w:left="1701" w:header="567" w:footer="567" w:gutter="0"/>"#,
            r#"<w:pgNumType w:start="1"/><w:titlePg/></w:sectPr></w:body></w:document>"#
        )));
    }

    /// The text a reader gets back from a run's XML: breaks as '\n', tabs as '\t'.
    fn read_back(xml: &str) -> String {
        use quick_xml::events::Event;
        let mut reader = quick_xml::Reader::from_str(xml);
        let mut text = String::new();
        loop {
            match reader.read_event().expect("well-formed XML") {
                Event::Empty(e) if e.name().as_ref() == "w:br" => text.push('\n'),
                Event::Empty(e) if e.name().as_ref() == "w:tab" => text.push('\t'),
                Event::Text(t) => text.push_str(&t),
                Event::GeneralRef(r) => text.push(match &*r {
                    "amp" => '&',
                    "lt" => '<',
                    _ => '>',
                }),
                Event::Eof => break,
                _ => {}
            }
        }
        text
    }

    proptest::proptest! {
        #[test]
        fn any_text_reads_back_as_written(raw in "(\\PC|[\u{0}-\u{1f}&<>\u{FFFE}\u{FFFF}\u{EF00}])*") {
            let xml = body_of(|b| b.run(&raw, Look::bold(PT12)));
            let expected: String = text::nfc(&raw)
                .chars()
                .filter(|&c| text::is_xml_char(c) && c != '\r')
                .collect();
            proptest::prop_assert_eq!(read_back(&xml), expected);
        }
    }
}
