//! `cchc diff --out`: the round-to-round comparison as a workbook for the office, in the
//! annex's cell formats and print setup.

use super::fit;
use super::style::{self, BODY, Cells};
use crate::analyze::diff::Diff;
use crate::error::{Error, Result};
use crate::render::figures;
use crate::text::vn;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{Workbook, XlsxError};

/// The widths of the changes sheet's columns, in characters.
const WIDTHS: [u16; 8] = [10, 50, 10, 10, 11, 11, 10, 30];

/// The file name `cchc diff --out` suggests.
pub const DIFF_XLSX: &str = "so-sanh.xlsx";

/// Renders the comparison as a workbook: one sheet of changed scores, one per unit.
///
/// # Errors
/// [`Error::Render`] when rust_xlsxwriter fails.
pub fn render(diff: &Diff) -> Result<Vec<u8>> {
    let fail = |e: XlsxError| Error::Render {
        document: DIFF_XLSX.into(),
        detail: e.to_string(),
    };
    let figures = diff
        .units
        .iter()
        .flat_map(|u| [&u.old_lost, &u.new_lost])
        .chain(diff.changed.iter().flat_map(|c| [&c.old_lost, &c.new_lost]));
    let cells = Cells::new(&style::points_format(figures));
    let (base, head, number) = (&cells.text, &style::header(), &cells.points);
    let mut workbook = Workbook::new();
    // Fixed properties: the same comparison gives the same bytes.
    workbook.set_properties(
        &rust_xlsxwriter::DocProperties::new()
            .set_title("So sánh kết quả thẩm định")
            .set_creation_datetime(
                &rust_xlsxwriter::ExcelDateTime::from_ymd(2000, 1, 1).map_err(fail)?,
            ),
    );

    let sheet = workbook
        .add_worksheet()
        .set_name("Thay đổi")
        .map_err(fail)?;
    style::page_setup(sheet);
    sheet.set_repeat_rows(0, 0).map_err(fail)?;
    let headers = [
        "Tiêu chí",
        "Nội dung",
        "Điểm cũ",
        "Điểm mới",
        "Bị trừ (cũ)",
        "Bị trừ (mới)",
        "Thay đổi",
        "Cơ quan chủ trì",
    ];
    for (c, (h, w)) in headers.iter().zip(WIDTHS).enumerate() {
        let c = c as u16;
        sheet
            .write_string_with_format(0, c, *h, head)
            .map_err(fail)?;
        sheet.set_column_width(c, w).map_err(fail)?;
    }
    let mut row = 1;
    let score = |s: &crate::model::Score| format!("{}/{}", vn(s.achieved), vn(s.max));
    // f64 only at the cell: rust_xlsxwriter's numbers are f64; the figures were exact.
    let as_f64 = |d: Decimal| d.to_f64().unwrap_or(0.0);
    let mut write_line = |code: String,
                          title: &str,
                          old: String,
                          new: String,
                          old_lost: Decimal,
                          new_lost: Decimal,
                          units: &[String]|
     -> Result<()> {
        sheet
            .write_string_with_format(row, 0, code, base)
            .map_err(fail)?;
        sheet
            .write_string_with_format(row, 1, title, base)
            .map_err(fail)?;
        sheet
            .write_string_with_format(row, 2, old, base)
            .map_err(fail)?;
        sheet
            .write_string_with_format(row, 3, new, base)
            .map_err(fail)?;
        sheet
            .write_number_with_format(row, 4, as_f64(old_lost), number)
            .map_err(fail)?;
        sheet
            .write_number_with_format(row, 5, as_f64(new_lost), number)
            .map_err(fail)?;
        sheet
            .write_number_with_format(row, 6, as_f64(new_lost - old_lost), number)
            .map_err(fail)?;
        let units = units.join("; ");
        sheet
            .write_string_with_format(row, 7, &units, base)
            .map_err(fail)?;
        // No spreadsheet program sizes a wrapped row on its own when printing: estimated
        // as the annex's rows are.
        let lines = [(title, 1), (units.as_str(), 7)]
            .iter()
            .map(|(text, col)| fit::lines(text, fit::column_px(f64::from(WIDTHS[*col])), BODY))
            .max()
            .unwrap_or(1);
        sheet
            .set_row_height(row, fit::height(lines, BODY))
            .map_err(fail)?;
        row += 1;
        Ok(())
    };
    for c in &diff.changed {
        write_line(
            c.code.to_string(),
            &c.title,
            score(&c.old),
            score(&c.new),
            c.old_lost,
            c.new_lost,
            &c.units,
        )?;
    }
    for a in &diff.added {
        write_line(
            a.code.to_string(),
            &a.title,
            "(không có)".into(),
            score(&a.score),
            Decimal::ZERO,
            a.lost,
            &a.units,
        )?;
    }
    for r in &diff.removed {
        write_line(
            r.code.to_string(),
            &r.title,
            score(&r.score),
            "(không có)".into(),
            r.lost,
            Decimal::ZERO,
            &r.units,
        )?;
    }

    let units = workbook
        .add_worksheet()
        .set_name("Theo đơn vị")
        .map_err(fail)?;
    style::page_setup(units);
    units.set_repeat_rows(0, 0).map_err(fail)?;
    for (c, (h, w)) in ["Cơ quan chủ trì", "Bị trừ (cũ)", "Bị trừ (mới)", "Thay đổi"]
        .iter()
        .zip([45, 12, 12, 12])
        .enumerate()
    {
        let c = c as u16;
        units
            .write_string_with_format(0, c, *h, head)
            .map_err(fail)?;
        units.set_column_width(c, w).map_err(fail)?;
    }
    // Sums to two places, each column adding up to its printed total (issue 14).
    let old = figures::apportion(&diff.units.iter().map(|u| u.old_lost).collect::<Vec<_>>());
    let new = figures::apportion(&diff.units.iter().map(|u| u.new_lost).collect::<Vec<_>>());
    let total = (
        figures::round(diff.total.old_lost),
        figures::round(diff.total.new_lost),
    );
    let lines = diff.units.iter().zip(old.into_iter().zip(new));
    for (i, (u, (old, new))) in lines
        .chain(std::iter::once((&diff.total, total)))
        .enumerate()
    {
        let r = i as u32 + 1;
        units
            .write_string_with_format(r, 0, &u.name, base)
            .map_err(fail)?;
        for (c, figure) in [(1, old), (2, new), (3, new - old)] {
            units
                .write_number_with_format(r, c, as_f64(figure), &cells.sum)
                .map_err(fail)?;
        }
    }
    workbook.save_to_buffer().map_err(fail)
}
