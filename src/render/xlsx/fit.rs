//! Column widths and row heights estimated from the text: rust_xlsxwriter has no row autofit
//! and Excel never grows a merged or explicitly sized row (crates-notes §2), so every row of
//! the annex gets a height computed here from the text and the width it wraps in.

use std::sync::OnceLock;

/// The pixel width of one column-width unit: the maximum digit width of Times New Roman 12,
/// the workbook's default font (see [`super::style::DEFAULT_COLUMN_PX`]).
const UNIT_PX: f64 = 8.0;
/// The padding Excel adds to every column, in pixels, for that font.
const COLUMN_PADDING_PX: f64 = 5.0;
/// The space a cell keeps free on its left and right, in pixels.
const CELL_MARGIN_PX: f64 = 8.0;
/// Excel's row height for one line of Times New Roman 12 is 15.75 pt: 1.3125 × the size.
const LINE_FACTOR: f64 = 1.3125;
/// Room above and below the text, in points.
const ROW_PADDING_PT: f64 = 4.0;
/// Excel's largest row height.
const MAX_ROW_PT: f64 = 409.0;

/// The pixel width of a column `width` units wide.
pub fn column_px(width: f64) -> f64 {
    width * UNIT_PX + COLUMN_PADDING_PX
}

/// The width of a character in Times New Roman, in thousandths of an em. Vietnamese letters
/// take the width of their base letter (ư, ơ a little more: the margin below covers it).
fn advance(c: char) -> u32 {
    let code = c as usize;
    if code < 0x80 {
        return ASCII_ADVANCE[code].into();
    }
    // Latin letters with marks, Vietnamese included, from a table built once: looking each
    // one up in deunicode was most of the row-height estimate's time (issue 7).
    static LATIN: OnceLock<Vec<u16>> = OnceLock::new();
    let latin = LATIN.get_or_init(|| {
        (0x80..LATIN_END)
            .map(|code| {
                let base = char::from_u32(code)
                    .and_then(deunicode::deunicode_char)
                    .and_then(|s| s.chars().next())
                    .unwrap_or('m');
                base_advance(base).try_into().unwrap_or(1000)
            })
            .collect()
    });
    match latin.get(code - 0x80) {
        Some(&w) => w.into(),
        None => base_advance(
            deunicode::deunicode_char(c)
                .and_then(|s| s.chars().next())
                .unwrap_or('m'),
        ),
    }
}

/// Characters up to the end of Latin Extended Additional (U+1EFF, the Vietnamese letters)
/// have their widths in a table.
const LATIN_END: u32 = 0x1F00;

/// The ASCII widths, indexed by code.
const ASCII_ADVANCE: [u16; 128] = {
    let mut table = [0u16; 128];
    let mut code = 0;
    while code < 128 {
        table[code] = base_advance(code as u8 as char) as u16;
        code += 1;
    }
    table
};

/// The width of an ASCII character.
const fn base_advance(base: char) -> u32 {
    match base {
        ' ' | ',' | '.' => 250,
        '\'' => 180,
        '|' => 200,
        'i' | 'j' | 'l' | 't' | ':' | ';' | '/' | '\\' => 278,
        'f' | 'r' | '(' | ')' | '[' | ']' | '-' | '!' | '`' | 'I' => 333,
        's' => 389,
        'J' => 389,
        '"' => 408,
        'a' | 'c' | 'e' | 'z' | '?' => 444,
        '{' | '}' => 480,
        '+' | '<' | '=' | '>' | '~' => 564,
        'F' | 'P' | 'S' => 556,
        'E' | 'L' | 'T' | 'Z' => 611,
        'B' | 'C' | 'R' => 667,
        'w' | 'A' | 'D' | 'G' | 'H' | 'K' | 'N' | 'O' | 'Q' | 'U' | 'V' | 'X' | 'Y' => 722,
        'm' | '&' => 778,
        '%' => 833,
        'M' => 889,
        '@' => 921,
        'W' => 944,
        _ => 500,
    }
}

/// The text's font: size in points and weight.
#[derive(Debug, Clone, Copy)]
pub struct Font {
    /// Size in points.
    pub size: f64,
    /// Bold text is wider.
    pub bold: bool,
}

impl Font {
    fn px(&self, text: &str) -> f64 {
        let em: u32 = text.chars().map(advance).sum();
        // Points to pixels at 96 dpi; bold Times runs about 6 % wider; 5 % spare for the
        // horns and marks of Vietnamese letters and for renderer differences.
        let weight = if self.bold { 1.06 } else { 1.0 };
        f64::from(em) / 1000.0 * self.size * 96.0 / 72.0 * weight * 1.05
    }
}

/// How many lines `text` takes when wrapped at spaces in `width_px` (a column's or a merged
/// range's pixel width); explicit line breaks start new lines; a word wider than the cell is
/// broken, as Excel does.
pub fn lines(text: &str, width_px: f64, font: Font) -> usize {
    let room = (width_px - CELL_MARGIN_PX).max(UNIT_PX);
    let space = font.px(" ");
    let mut count = 0;
    for paragraph in text.split('\n') {
        let mut line = 0usize;
        let mut used = 0.0;
        for word in paragraph.split(' ').filter(|w| !w.is_empty()) {
            let w = font.px(word);
            if used > 0.0 && used + space + w <= room {
                used += space + w;
                continue;
            }
            if used > 0.0 || line == 0 {
                line += 1;
            }
            used = w;
            while used > room {
                line += 1;
                used -= room;
            }
        }
        count += line.max(1);
    }
    count.max(1)
}

/// The row height in points for `lines` lines of `font`.
pub fn height(lines: usize, font: Font) -> f64 {
    let lines = u32::try_from(lines).unwrap_or(u32::MAX);
    (f64::from(lines) * font.size * LINE_FACTOR + ROW_PADDING_PT).min(MAX_ROW_PT)
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: Font = Font {
        size: 12.0,
        bold: false,
    };

    #[test]
    fn table_widths_are_the_base_letters() {
        for c in (0..0x2100).filter_map(char::from_u32) {
            let base = if c.is_ascii() {
                c
            } else {
                deunicode::deunicode_char(c)
                    .and_then(|s| s.chars().next())
                    .unwrap_or('m')
            };
            assert_eq!(advance(c), base_advance(base), "{c:?}");
        }
        assert_eq!(advance('ứ'), advance('u'));
    }

    #[test]
    fn short_text_takes_one_line() {
        assert_eq!(lines("0,75/1", column_px(9.0), BODY), 1);
        assert_eq!(lines("", column_px(9.0), BODY), 1);
    }

    #[test]
    fn long_text_wraps_and_breaks_count() {
        let text = "Mức độ hoàn thành kế hoạch tuyên truyền cải cách hành chính của huyện";
        let narrow = lines(text, column_px(20.0), BODY);
        assert!(narrow >= 3, "{narrow}");
        assert!(lines(text, column_px(80.0), BODY) == 1);
        assert_eq!(lines("a\nb\nc", column_px(20.0), BODY), 3);
        // A word wider than the cell is broken over lines.
        assert!(lines(&"x".repeat(60), column_px(10.0), BODY) >= 3);
    }

    #[test]
    fn heights_grow_with_lines_up_to_excels_limit() {
        assert!(height(2, BODY) > height(1, BODY));
        assert_eq!(height(1000, BODY), 409.0);
    }
}
