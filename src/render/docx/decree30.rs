//! The layout of Decree 30/2020/NĐ-CP (Phụ lục I) in WordprocessingML: page setup, the
//! header block (ô 1–4, 5b), Kính gửi (ô 9a), the body (ô 6), Nơi nhận and the signature
//! block (ô 7, 9b). Sizes follow the defaults of the format notes, §17.

use super::wml::{
    Align, Body, Line, Look, PT11, PT12, PT13, PT14, Page, Para, RowKind, TableFrame, VAlign,
};
use crate::render::meta::SignerLines;

/// A4 width in twips (Phụ lục I, I.1).
pub const A4_SHORT: u32 = 11906;
/// A4 height in twips.
pub const A4_LONG: u32 = 16838;
/// Text width of a portrait page at left 30 / right 15 mm.
const TEXT_WIDTH: u32 = 9355;
/// Text width of a landscape page with the same margins.
pub const LANDSCAPE_TEXT_WIDTH: u32 = 14287;
/// The header and closing tables' left column (≈40 %).
const LEFT_COLUMN: u32 = 3742;
/// Their right column (≈60 %): the rest of the text width.
const RIGHT_COLUMN: u32 = TEXT_WIDTH - LEFT_COLUMN;
/// Cell margins of the header table (≈1 mm, as the decree's own files).
const CELL_MARGIN: u32 = 56;
/// The Tiêu ngữ line: exactly the width of "Độc lập - Tự do - Hạnh phúc" at 13 pt bold
/// (Phụ lục I, II.1b). Measured on the rendered page (Liberation Serif, which has Times New
/// Roman's metrics, via `pdftotext -bbox`): 159.1 pt, 56.1 mm; the 53.2 mm of the format
/// notes' table left the line visibly short.
const MOTTO_LINE: u32 = 3182;
/// Width of one upper-case letter of the organ's name at 13 pt bold, for the line under it
/// (83.8 mm for the 31 characters of "ỦY BAN NHÂN DÂN HUYỆN TUẦN GIÁO").
const ORGAN_CHAR: u32 = 153;
/// "Kính gửi:" starts at 3.5 cm (Mẫu 1.5).
const ADDRESS_INDENT: i32 = 1985;
/// The width of "Kính gửi: " at 14 pt: recipients start just after the colon.
const ADDRESS_LABEL: i32 = 1106;

/// Margins top 20, right 15, bottom 20, left 30 mm, header 10 mm (Phụ lục I, I.3; §17).
const MARGINS: [u32; 5] = [1134, 850, 1134, 1701, 567];

/// A portrait A4 section whose header (relationship `header`) numbers pages from page 2
/// (Phụ lục I, I.7).
pub fn portrait(header: &'static str) -> Page {
    Page {
        size: (A4_SHORT, A4_LONG),
        landscape: false,
        margins: MARGINS,
        header,
        restart_numbering: false,
    }
}

/// A landscape A4 section, width and height swapped, numbered again from 1 (Phụ lục I,
/// III.1đ: an annex's pages are numbered on their own).
pub fn landscape(header: &'static str) -> Page {
    Page {
        size: (A4_LONG, A4_SHORT),
        landscape: true,
        restart_numbering: true,
        ..portrait(header)
    }
}

/// A single-spaced paragraph of one run, with no space around it. The paragraph mark takes
/// the run's size: it belongs to the last line and would otherwise make it 14 pt tall.
pub fn line(body: &mut Body, text: &str, look: Look, align: Align) {
    body.paragraph(&line_para(look, align), text, look);
}

fn line_para(look: Look, align: Align) -> Para {
    Para {
        align,
        mark: look.size,
        ..Para::default()
    }
}

/// An empty paragraph of `size`, for vertical space.
pub fn blank(body: &mut Body, size: u32) {
    body.empty(&Para {
        mark: size,
        ..Para::default()
    });
}

/// A short solid line of `length` twips centred in a space `width` twips wide: the top
/// border of an empty, 1 pt paragraph indented from both sides. The decree asks for "đường
/// kẻ ngang, nét liền" of a given length, never an underline (Phụ lục I, II.1b and II.2).
/// `before` (twips) keeps it clear of the descenders and dots of the text above.
pub fn rule(body: &mut Body, length: u32, width: u32, before: u32) {
    let side = i32::try_from(width.saturating_sub(length) / 2).unwrap_or(0);
    body.empty(&Para {
        align: Align::Center,
        before,
        line: Line::Exact(20),
        left: side,
        right: side,
        top_rule: true,
        mark: 2,
        ..Para::default()
    });
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

/// A borderless fixed table of two columns, 40/60, cells top-aligned.
const TWO_COLUMNS: TableFrame<'static> = TableFrame {
    grid: &[LEFT_COLUMN, RIGHT_COLUMN],
    borders: false,
    margins: (0, CELL_MARGIN),
};

/// The header block: a borderless, fixed two-column table (ô 1–4, 5b; Mẫu 1.5). Row 1:
/// the organ names with a short line under them | Quốc hiệu, Tiêu ngữ and its line. Row 2:
/// Số and V/v | the place and date, so that Số and the date start level (ô 3 and ô 4).
pub fn header_block(body: &mut Body, h: &HeaderBlock<'_>) {
    let left_width = LEFT_COLUMN - 2 * CELL_MARGIN;
    let right_width = RIGHT_COLUMN - 2 * CELL_MARGIN;
    body.open_table(&TWO_COLUMNS);
    body.open_row(RowKind::default());

    body.open_cell(LEFT_COLUMN, 1, VAlign::Top);
    if let Some(superior) = h.superior {
        line(body, superior, Look::regular(PT13), Align::Center);
    }
    for name in h.organ_lines {
        line(body, name, Look::bold(PT13), Align::Center);
    }
    // The line under the organ's name: about 40 % of its longest line (1/3 to 1/2, II.2).
    let longest = h
        .organ_lines
        .iter()
        .map(|l| u32::try_from(l.chars().count()).unwrap_or(u32::MAX))
        .max()
        .unwrap_or(0);
    let organ_rule = (longest.saturating_mul(ORGAN_CHAR) * 2 / 5).clamp(600, left_width);
    rule(body, organ_rule, left_width, 60);
    body.close_cell();

    body.open_cell(RIGHT_COLUMN, 1, VAlign::Top);
    line(
        body,
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        Look::bold(PT12),
        Align::Center,
    );
    line(
        body,
        "Độc lập - Tự do - Hạnh phúc",
        Look::bold(PT13),
        Align::Center,
    );
    rule(body, MOTTO_LINE, right_width, 60);
    body.close_cell();
    body.close_row();

    body.open_row(RowKind::default());
    body.open_cell(LEFT_COLUMN, 1, VAlign::Top);
    for (text, look) in [
        (format!("Số: {}", h.number_symbol), Look::regular(PT13)),
        (format!("V/v {}", h.subject), Look::regular(PT12)),
    ] {
        body.paragraph(&line_para(look, Align::Center).space(120, 0), &text, look);
    }
    body.close_cell();
    body.open_cell(RIGHT_COLUMN, 1, VAlign::Top);
    let look = Look::italic(PT14);
    body.paragraph(
        &line_para(look, Align::Center).space(120, 0),
        &h.place_date,
        look,
    );
    body.close_cell();
    body.close_row();
    body.close_table();
}

/// "Kính gửi:" (ô 9a, Phụ lục I, II.9): one recipient on the same line; several each on its
/// own line, "- …;" with the last ending ".", the dashes aligned just after the colon.
pub fn addressees(body: &mut Body, recipients: &[String]) {
    let look = Look::regular(PT14);
    let para = |left: i32, first_line: i32, before: u32, after: u32| Para {
        left,
        first_line,
        ..Para::default().space(before, after)
    };
    match recipients {
        [] => {}
        [one] => body.paragraph(
            &para(ADDRESS_INDENT + ADDRESS_LABEL, -ADDRESS_LABEL, 240, 120),
            &format!("Kính gửi: {one}"),
            look,
        ),
        many => {
            body.paragraph(&para(ADDRESS_INDENT, 0, 240, 0), "Kính gửi:", look);
            for (i, r) in many.iter().enumerate() {
                let last = i + 1 == many.len();
                body.paragraph(
                    &para(
                        ADDRESS_INDENT + ADDRESS_LABEL,
                        0,
                        0,
                        if last { 120 } else { 0 },
                    ),
                    &format!("- {r}{}", if last { "." } else { ";" }),
                    look,
                );
            }
        }
    }
}

/// The body (ô 6, Phụ lục I, II.6): 14 pt, justified, first line indented 1 cm, 6 pt
/// before each paragraph. Paragraphs are separated by blank lines in the template's output;
/// a single line break inside one stays a break. The last paragraph keeps with what
/// follows, so the signature never stands alone on a page; so does a paragraph ending with
/// a colon.
pub fn body_text(body: &mut Body, text: &str) {
    let paragraphs = paragraphs(text);
    let last = paragraphs.len().saturating_sub(1);
    for (i, p) in paragraphs.iter().enumerate() {
        let para = Para {
            align: Align::Both,
            first_line: 567,
            // A lead-in ("… yêu cầu Thủ trưởng các cơ quan, đơn vị:") stays on the page of
            // the items it introduces (issue 14).
            keep_next: i == last || p.ends_with(':'),
            ..Para::default().space(120, 0)
        };
        // "Phòng Văn hóa - Thông tin": a no-break space before the dash, so that a line
        // never starts with "- Thông tin" and reads as a list item.
        body.paragraph(&para, &p.replace(" - ", "\u{a0}- "), Look::regular(PT14));
    }
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
/// (ô 7, II.7) on the right, after an empty line that keeps with it.
pub fn closing(body: &mut Body, copies: &[String], drafter: &str, signer: &SignerLines) {
    body.empty(&Para {
        keep_next: true,
        ..Para::default()
    });
    body.open_table(&TWO_COLUMNS);
    // One row that never splits: Nơi nhận and the signature stay together on one page.
    body.open_row(RowKind {
        cant_split: true,
        header: false,
    });

    body.open_cell(LEFT_COLUMN, 1, VAlign::Top);
    line(body, "Nơi nhận:", Look::bold_italic(PT12), Align::Left);
    let item = |body: &mut Body, t: &str| line(body, t, Look::regular(PT11), Align::Left);
    item(body, "- Như trên;");
    for c in copies {
        item(body, &format!("- {c};"));
    }
    if drafter.is_empty() {
        item(body, "- Lưu: VT.");
    } else {
        item(body, &format!("- Lưu: VT, {drafter}."));
    }
    body.close_cell();

    body.open_cell(RIGHT_COLUMN, 1, VAlign::Top);
    for a in &signer.authority {
        line(body, a, Look::bold(PT14), Align::Center);
    }
    if !signer.position.is_empty() {
        line(body, &signer.position, Look::bold(PT14), Align::Center);
    }
    // Room for the signature and the stamp: five empty 14 pt lines, ≈28 mm (§17).
    for _ in 0..5 {
        blank(body, PT14);
    }
    line(body, &signer.name, Look::bold(PT14), Align::Center);
    body.close_cell();
    body.close_row();
    body.close_table();
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
