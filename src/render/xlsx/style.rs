//! The workbook's cell formats and page setup: Times New Roman throughout, thin borders,
//! wrapped text, A4 landscape with the margins of format-decree30.md §17.

use super::fit::Font;
use rust_decimal::Decimal;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Worksheet};

/// The typeface of every document (Decree 30, Phụ lục I, I.4).
pub const FONT: &str = "Times New Roman";
/// The table's text size (format-decree30.md §17, Excel annex).
pub const BODY_SIZE: f64 = 12.0;
/// The default row height in pixels for Times New Roman 12 (15.75 pt).
pub const DEFAULT_ROW_PX: u32 = 21;
/// The default column width in pixels for Times New Roman 12, whose digits are 8 px wide.
pub const DEFAULT_COLUMN_PX: u32 = 72;

/// The body font for height estimates.
pub const BODY: Font = Font {
    size: BODY_SIZE,
    bold: false,
};
/// The bold body font for height estimates.
pub const BODY_BOLD: Font = Font {
    size: BODY_SIZE,
    bold: true,
};

/// The workbook's default format: empty cells are Times New Roman too.
pub fn base() -> Format {
    Format::new().set_font_name(FONT).set_font_size(BODY_SIZE)
}

/// A bordered, wrapped table cell, vertically centred.
pub fn cell() -> Format {
    base()
        .set_text_wrap()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::VerticalCenter)
}

/// A bordered cell with centred text.
pub fn centred() -> Format {
    cell().set_align(FormatAlign::Center)
}

/// A table header cell: bold and centred (format-decree30.md §11).
pub fn header() -> Format {
    centred().set_bold()
}

/// The table-cell formats both sheets use.
pub struct Cells {
    /// Wrapped text.
    pub text: Format,
    /// Bold text.
    pub text_bold: Format,
    /// Italic text.
    pub text_italic: Format,
    /// Centred text.
    pub centred: Format,
    /// Centred bold text.
    pub centred_bold: Format,
    /// Points, with the number format of [`points_format`].
    pub points: Format,
    /// A sum of points: two places, as every total is printed (issue 14).
    pub sum: Format,
    /// A sum of points in bold: a total row.
    pub sum_bold: Format,
}

impl Cells {
    /// The formats, points shown with `points` (see [`points_format`]).
    pub fn new(points: &str) -> Cells {
        Cells {
            text: cell(),
            text_bold: cell().set_bold(),
            text_italic: cell().set_italic(),
            centred: centred(),
            centred_bold: centred().set_bold(),
            points: centred().set_num_format(points),
            sum: centred().set_num_format(SUM_FORMAT),
            sum_bold: centred().set_num_format(SUM_FORMAT).set_bold(),
        }
    }
}

/// The printable height of a page, in points: A4 landscape (595 pt) less the top and bottom
/// margins of [`page_setup`] (20 mm each), with a little to spare for the page number.
pub const PRINTABLE_HEIGHT_PT: f64 = 470.0;

/// The number format of sums: two places (the separator follows the viewer's locale).
pub const SUM_FORMAT: &str = "0.00";

/// A title line across the table: centred, wrapped, no border.
pub fn title(size: f64) -> Format {
    base()
        .set_font_size(size)
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
}

/// The number format for points: two decimals at least, as many as the figures carry beyond
/// that ("0.00#" shows 0.114, 0.25 and 1.50). The code always uses "."; the separator shown
/// follows the viewer's locale, so a Vietnamese Excel shows "0,25" (crates-notes §2).
pub fn points_format<'a>(figures: impl IntoIterator<Item = &'a Decimal>) -> String {
    let places = figures
        .into_iter()
        .map(|d| d.normalize().scale())
        .max()
        .unwrap_or(0)
        .clamp(2, 10);
    let optional = usize::try_from(places - 2).unwrap_or(0);
    format!("0.00{}", "#".repeat(optional))
}

/// The print setup of both sheets: A4 landscape, the annex margins of format-decree30.md §17
/// (top and bottom 20 mm, left 30 mm, right 15 mm), one page wide, the page number centred
/// in the header.
pub fn page_setup(sheet: &mut Worksheet) {
    sheet
        .set_paper_size(9)
        .set_landscape()
        .set_margins(1.181, 0.591, 0.787, 0.787, 0.394, 0.394)
        .set_print_fit_to_pages(1, 0)
        .set_header(format!("&C&\"{FONT},Regular\"&12&P"));
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn points_show_at_least_two_and_at_most_the_figures_places() {
        let d = |s| Decimal::from_str(s).unwrap();
        assert_eq!(points_format(&[d("0.25"), d("1.5")]), "0.00");
        assert_eq!(points_format(&[d("0.114"), d("0.250")]), "0.00#");
        assert_eq!(points_format(&[d("0.1234")]), "0.00##");
        assert_eq!(points_format(&[]), "0.00");
    }
}
