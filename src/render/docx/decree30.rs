//! The layout of Decree 30/2020/NĐ-CP (Phụ lục I) as docx-rs elements: page setup, the
//! header block (ô 1–4, 5b), Kính gửi (ô 9a), the body (ô 6), Nơi nhận and the signature
//! block (ô 7, 9b). Sizes follow the defaults of the format notes, §17.

use crate::render::meta::SignerLines;
use docx_rs::{
    AlignmentType, BorderType, BreakType, Header, LineSpacing, LineSpacingType, PageMargin,
    PageNum, Paragraph, ParagraphBorder, ParagraphBorderPosition, ParagraphBorders, Run, RunFonts,
    SpecialIndentType, Table, TableCell, TableCellMargins, TableLayoutType, TableRow, VAlignType,
    WidthType,
};

/// Times New Roman for the whole document (Phụ lục I, I.4).
pub const FONT: &str = "Times New Roman";

/// A4 width in twips (Phụ lục I, I.1).
pub const A4_SHORT: u32 = 11906;
/// A4 height in twips.
pub const A4_LONG: u32 = 16838;
/// Text width of a portrait page at left 30 / right 15 mm.
pub const TEXT_WIDTH: usize = 9355;
/// Text width of a landscape page with the same margins.
pub const LANDSCAPE_TEXT_WIDTH: usize = 14287;
/// The header and closing tables' left column (≈40 %).
const LEFT_COLUMN: usize = 3742;
/// Their right column (≈60 %).
const RIGHT_COLUMN: usize = 5613;
/// Cell margins of the header table (≈1 mm, as the decree's own files).
const CELL_MARGIN: usize = 56;
/// The Tiêu ngữ line: exactly the width of "Độc lập - Tự do - Hạnh phúc" at 13 pt bold
/// (Phụ lục I, II.1b). Measured on the rendered page (Liberation Serif, which has Times New
/// Roman's metrics, via `pdftotext -bbox`): 159.1 pt, 56.1 mm; the 53.2 mm of the format
/// notes' table left the line visibly short.
const MOTTO_LINE: usize = 3182;
/// Width of one upper-case letter of the organ's name at 13 pt bold, for the line under it
/// (83.8 mm for the 31 characters of "ỦY BAN NHÂN DÂN HUYỆN TUẦN GIÁO").
const ORGAN_CHAR: usize = 153;
/// "Kính gửi:" starts at 3.5 cm (Mẫu 1.5).
const ADDRESS_INDENT: i32 = 1985;
/// The width of "Kính gửi: " at 14 pt: recipients start just after the colon.
const ADDRESS_LABEL: i32 = 1106;

/// Half-points of 11, 12, 13 and 14 pt.
pub const PT11: usize = 22;
/// 12 pt.
pub const PT12: usize = 24;
/// 13 pt.
pub const PT13: usize = 26;
/// 14 pt.
pub const PT14: usize = 28;

/// Margins top 20, bottom 20, left 30, right 15 mm, header 10 mm (Phụ lục I, I.3; §17).
pub fn margins() -> PageMargin {
    PageMargin::new()
        .top(1134)
        .bottom(1134)
        .left(1701)
        .right(850)
        .header(567)
        .footer(567)
        .gutter(0)
}

/// The page number, 14 pt, centred in the header (Phụ lục I, I.7). Used with `titlePg` and
/// no first-page header, so page 1 shows none.
pub fn page_number_header() -> Header {
    Header::new().add_paragraph(
        Paragraph::new()
            .align(AlignmentType::Center)
            .add_page_num(PageNum::new())
            .fonts(fonts())
            .size(PT14),
    )
}

/// Times New Roman for every script.
pub fn fonts() -> RunFonts {
    RunFonts::new()
        .ascii(FONT)
        .hi_ansi(FONT)
        .cs(FONT)
        .east_asia(FONT)
}

/// How a run looks.
#[derive(Debug, Clone, Copy)]
pub struct Look {
    /// Half-points.
    pub size: usize,
    /// Bold.
    pub bold: bool,
    /// Italic.
    pub italic: bool,
}

impl Look {
    /// Regular text of `size` half-points.
    pub fn regular(size: usize) -> Look {
        Look {
            size,
            bold: false,
            italic: false,
        }
    }

    /// Bold text.
    pub fn bold(size: usize) -> Look {
        Look {
            size,
            bold: true,
            italic: false,
        }
    }

    /// Italic text.
    pub fn italic(size: usize) -> Look {
        Look {
            size,
            bold: false,
            italic: true,
        }
    }
}

/// A run of text made safe for XML: NFC, characters illegal in XML 1.0 dropped, line breaks
/// kept as breaks and tabs as tabs (docx-rs drops '\n' and writes control characters raw).
pub fn run(text: &str, look: Look) -> Run {
    let clean: String = crate::text::nfc(text)
        .chars()
        .filter(|&c| crate::text::is_xml_char(c) && c != '\r')
        .collect();
    let mut run = Run::new().fonts(fonts()).size(look.size);
    if look.bold {
        run = run.bold();
    }
    if look.italic {
        run = run.italic();
    }
    for (i, line) in clean.split('\n').enumerate() {
        if i > 0 {
            run = run.add_break(BreakType::TextWrapping);
        }
        for (j, piece) in line.split('\t').enumerate() {
            if j > 0 {
                run = run.add_tab();
            }
            if !piece.is_empty() {
                run = run.add_text(piece);
            }
        }
    }
    run
}

/// A single-spaced paragraph with no space around it.
pub fn line(text: &str, look: Look, align: AlignmentType) -> Paragraph {
    Paragraph::new()
        .add_run(run(text, look))
        .align(align)
        .fonts(fonts())
        .size(look.size)
        .line_spacing(spacing(0, 0))
}

/// An empty paragraph of `size`, for vertical space.
pub fn blank(size: usize) -> Paragraph {
    Paragraph::new()
        .fonts(fonts())
        .size(size)
        .line_spacing(spacing(0, 0))
}

/// Spacing before and after in twips, single line spacing.
pub fn spacing(before: u32, after: u32) -> LineSpacing {
    LineSpacing::new()
        .before(before)
        .after(after)
        .line(240)
        .line_rule(LineSpacingType::Auto)
}

/// A short solid line of `length` twips centred in a space `width` twips wide: the top
/// border of an empty, 1 pt paragraph indented from both sides. The decree asks for "đường
/// kẻ ngang, nét liền" of a given length, never an underline (Phụ lục I, II.1b and II.2).
/// `before` (twips) keeps it clear of the descenders and dots of the text above.
pub fn rule(length: usize, width: usize, before: u32) -> Paragraph {
    let side = i32::try_from(width.saturating_sub(length) / 2).unwrap_or(0);
    let mut p = Paragraph::new()
        .align(AlignmentType::Center)
        .size(2)
        .indent(Some(side), None, Some(side), None)
        .line_spacing(
            LineSpacing::new()
                .before(before)
                .after(0)
                .line(20)
                .line_rule(LineSpacingType::Exact),
        );
    p.property = p.property.set_borders(
        ParagraphBorders::with_empty().set(
            ParagraphBorder::new(ParagraphBorderPosition::Top)
                .val(BorderType::Single)
                .size(6)
                .space(0)
                .color("000000"),
        ),
    );
    p
}

/// What the header block shows.
#[derive(Debug, Clone)]
pub struct HeaderBlock<'a> {
    /// Cơ quan chủ quản, if any.
    pub superior: Option<&'a str>,
    /// Tên cơ quan ban hành, one entry per line.
    pub organ_lines: &'a [String],
    /// "1356/UBND-NV".
    pub number_symbol: String,
    /// The subject after "V/v".
    pub subject: String,
    /// "Tuần Giáo, ngày 30 tháng 10 năm 2020".
    pub place_date: String,
}

/// The header block: a borderless, fixed two-column table (ô 1–4, 5b; Mẫu 1.5). Row 1:
/// the organ names with a short line under them | Quốc hiệu, Tiêu ngữ and its line. Row 2:
/// Số and V/v | the place and date, so that Số and the date start level (ô 3 and ô 4).
pub fn header_block(h: &HeaderBlock<'_>) -> Table {
    let left_width = LEFT_COLUMN - 2 * CELL_MARGIN;
    let right_width = RIGHT_COLUMN - 2 * CELL_MARGIN;

    let mut organ = TableCell::new();
    if let Some(superior) = h.superior {
        organ = organ.add_paragraph(line(superior, Look::regular(PT13), AlignmentType::Center));
    }
    for name in h.organ_lines {
        organ = organ.add_paragraph(line(name, Look::bold(PT13), AlignmentType::Center));
    }
    // The line under the organ's name: about 40 % of its longest line (1/3 to 1/2, II.2).
    let longest = h
        .organ_lines
        .iter()
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(0);
    let organ_rule = (longest * ORGAN_CHAR * 2 / 5).clamp(600, left_width);
    organ = organ.add_paragraph(rule(organ_rule, left_width, 60));

    let nation = TableCell::new()
        .add_paragraph(line(
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            Look::bold(PT12),
            AlignmentType::Center,
        ))
        .add_paragraph(line(
            "Độc lập - Tự do - Hạnh phúc",
            Look::bold(PT13),
            AlignmentType::Center,
        ))
        .add_paragraph(rule(MOTTO_LINE, right_width, 60));

    let number = TableCell::new()
        .add_paragraph(
            line(
                &format!("Số: {}", h.number_symbol),
                Look::regular(PT13),
                AlignmentType::Center,
            )
            .line_spacing(spacing(120, 0)),
        )
        .add_paragraph(
            line(
                &format!("V/v {}", h.subject),
                Look::regular(PT12),
                AlignmentType::Center,
            )
            .line_spacing(spacing(120, 0)),
        );
    let date = TableCell::new().add_paragraph(
        line(&h.place_date, Look::italic(PT14), AlignmentType::Center)
            .line_spacing(spacing(120, 0)),
    );

    two_columns(vec![pair(organ, nation), pair(number, date)])
}

/// A row of the 40/60 tables, its cells top-aligned.
fn pair(left: TableCell, right: TableCell) -> TableRow {
    TableRow::new(vec![
        left.width(LEFT_COLUMN, WidthType::Dxa)
            .vertical_align(VAlignType::Top),
        right
            .width(RIGHT_COLUMN, WidthType::Dxa)
            .vertical_align(VAlignType::Top),
    ])
}

/// A borderless fixed table of two columns, 40/60.
fn two_columns(rows: Vec<TableRow>) -> Table {
    Table::without_borders(rows)
        .set_grid(vec![LEFT_COLUMN, RIGHT_COLUMN])
        .layout(TableLayoutType::Fixed)
        .width(TEXT_WIDTH, WidthType::Dxa)
        .margins(TableCellMargins::new().margin(0, CELL_MARGIN, 0, CELL_MARGIN))
}

/// "Kính gửi:" (ô 9a, Phụ lục I, II.9): one recipient on the same line; several each on its
/// own line, "- …;" with the last ending ".", the dashes aligned just after the colon.
pub fn addressees(recipients: &[String]) -> Vec<Paragraph> {
    let look = Look::regular(PT14);
    let para = |text: &str, left: i32, hanging: Option<i32>| {
        line(text, look, AlignmentType::Left).indent(
            Some(left),
            hanging.map(SpecialIndentType::Hanging),
            None,
            None,
        )
    };
    match recipients {
        [] => Vec::new(),
        [one] => vec![
            para(
                &format!("Kính gửi: {one}"),
                ADDRESS_INDENT + ADDRESS_LABEL,
                Some(ADDRESS_LABEL),
            )
            .line_spacing(spacing(240, 120)),
        ],
        many => {
            let mut out =
                vec![para("Kính gửi:", ADDRESS_INDENT, None).line_spacing(spacing(240, 0))];
            for (i, r) in many.iter().enumerate() {
                let end = if i + 1 == many.len() { "." } else { ";" };
                out.push(para(
                    &format!("- {r}{end}"),
                    ADDRESS_INDENT + ADDRESS_LABEL,
                    None,
                ));
            }
            if let Some(last) = out.pop() {
                out.push(last.line_spacing(spacing(0, 120)));
            }
            out
        }
    }
}

/// The body (ô 6, Phụ lục I, II.6): 14 pt, justified, first line indented 1 cm, 6 pt
/// before each paragraph. Paragraphs are separated by blank lines in the template's output;
/// a single line break inside one stays a break. The last paragraph keeps with what
/// follows, so the signature never stands alone on a page.
pub fn body(text: &str) -> Vec<Paragraph> {
    let paragraphs = paragraphs(text);
    let last = paragraphs.len().saturating_sub(1);
    paragraphs
        .iter()
        .enumerate()
        .map(|(i, p)| {
            Paragraph::new()
                .keep_next(i == last)
                .add_run(run(p, Look::regular(PT14)))
                .align(AlignmentType::Both)
                .fonts(fonts())
                .size(PT14)
                .indent(None, Some(SpecialIndentType::FirstLine(567)), None, None)
                .line_spacing(spacing(120, 0))
        })
        .collect()
}

/// A template's output split into paragraphs at blank lines; lines holding only spaces (what
/// a template tag leaves behind) count as blank.
pub fn paragraphs(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for l in text.lines() {
        if l.trim().is_empty() {
            if !current.is_empty() {
                out.push(current.join("\n"));
                current.clear();
            }
        } else {
            current.push(l.trim_end());
        }
    }
    if !current.is_empty() {
        out.push(current.join("\n"));
    }
    out
}

/// The bottom table: Nơi nhận (ô 9b, II.9) on the left, level with the signature block
/// (ô 7, II.7) on the right.
pub fn closing(copies: &[String], drafter: &str, signer: &SignerLines) -> Table {
    let mut received = TableCell::new().add_paragraph(line(
        "Nơi nhận:",
        Look {
            size: PT12,
            bold: true,
            italic: true,
        },
        AlignmentType::Left,
    ));
    let item = |t: String| line(&t, Look::regular(PT11), AlignmentType::Left);
    received = received.add_paragraph(item("- Như trên;".into()));
    for c in copies {
        received = received.add_paragraph(item(format!("- {c};")));
    }
    let keep = if drafter.is_empty() {
        "- Lưu: VT.".to_string()
    } else {
        format!("- Lưu: VT, {drafter}.")
    };
    received = received.add_paragraph(item(keep));

    let mut sign = TableCell::new();
    for a in &signer.authority {
        sign = sign.add_paragraph(line(a, Look::bold(PT14), AlignmentType::Center));
    }
    if !signer.position.is_empty() {
        sign = sign.add_paragraph(line(
            &signer.position,
            Look::bold(PT14),
            AlignmentType::Center,
        ));
    }
    // Room for the signature and the stamp: five empty 14 pt lines, ≈28 mm (§17).
    for _ in 0..5 {
        sign = sign.add_paragraph(blank(PT14));
    }
    sign = sign.add_paragraph(line(&signer.name, Look::bold(PT14), AlignmentType::Center));

    // One row that never splits: Nơi nhận and the signature stay together on one page.
    two_columns(vec![pair(received, sign).cant_split()])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_split_at_blank_lines() {
        assert_eq!(paragraphs("a\nb\n\n  \n\nc\n"), vec!["a\nb", "c"]);
        assert!(paragraphs(" \n").is_empty());
    }
}
