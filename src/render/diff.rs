//! `cchc diff`: the round-to-round comparison as readable text and as an Excel sheet for the
//! office.

use crate::analyze::diff::Diff;
use crate::error::{Error, Result};
use crate::text::vn;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook};
use std::fmt::Write;

/// The change of a figure, signed: "+0,25", "−0,5", "0".
fn delta(old: Decimal, new: Decimal) -> String {
    let d = new - old;
    if d > Decimal::ZERO {
        format!("+{}", vn(d))
    } else if d < Decimal::ZERO {
        format!("−{}", vn(-d))
    } else {
        "0".to_string()
    }
}

/// Renders the comparison as text lines.
pub fn render_text(diff: &Diff) -> String {
    let mut out = String::new();
    let _ = write_text(&mut out, diff);
    out
}

fn write_text(out: &mut String, diff: &Diff) -> std::fmt::Result {
    writeln!(
        out,
        "Tổng điểm bị trừ: {} → {} ({})",
        vn(diff.total.old_lost),
        vn(diff.total.new_lost),
        delta(diff.total.old_lost, diff.total.new_lost)
    )?;
    writeln!(out, "\nĐiểm thay đổi ({} tiêu chí):", diff.changed.len())?;
    for c in &diff.changed {
        writeln!(
            out,
            "  {} {}: {}/{} → {}/{}, bị trừ {} → {} ({})",
            c.code,
            c.title,
            vn(c.old.achieved),
            vn(c.old.max),
            vn(c.new.achieved),
            vn(c.new.max),
            vn(c.old.lost()),
            vn(c.new.lost()),
            delta(c.old.lost(), c.new.lost())
        )?;
    }
    for (label, list) in [
        ("Tiêu chí mới", &diff.added),
        ("Tiêu chí không còn", &diff.removed),
    ] {
        if !list.is_empty() {
            writeln!(out, "\n{label} ({}):", list.len())?;
            for o in list {
                writeln!(
                    out,
                    "  {} {}: {}/{}",
                    o.code,
                    o.title,
                    vn(o.score.achieved),
                    vn(o.score.max)
                )?;
            }
        }
    }
    if !diff.reassigned.is_empty() {
        writeln!(out, "\nĐổi cơ quan chủ trì ({}):", diff.reassigned.len())?;
        for r in &diff.reassigned {
            writeln!(
                out,
                "  {}: {} → {}",
                r.code,
                r.old.join("; "),
                r.new.join("; ")
            )?;
        }
    }
    if !diff.opinions.is_empty() {
        writeln!(
            out,
            "\nÝ kiến thẩm định thay đổi ({}):",
            diff.opinions.len()
        )?;
        for o in &diff.opinions {
            writeln!(out, "  {}: {}", o.code, o.new)?;
        }
    }
    writeln!(out, "\nĐiểm bị trừ theo cơ quan chủ trì:")?;
    for u in &diff.units {
        writeln!(
            out,
            "  {}: {} → {} ({})",
            u.name,
            vn(u.old_lost),
            vn(u.new_lost),
            delta(u.old_lost, u.new_lost)
        )?;
    }
    Ok(())
}

/// The file name `cchc diff --out` suggests.
pub const DIFF_XLSX: &str = "so-sanh.xlsx";

/// Renders the comparison as a workbook: one sheet of changed scores, one per unit.
///
/// # Errors
/// [`Error::Render`] when rust_xlsxwriter fails.
pub fn render_xlsx(diff: &Diff) -> Result<Vec<u8>> {
    let fail = |e: rust_xlsxwriter::XlsxError| Error::Render {
        document: DIFF_XLSX.into(),
        detail: e.to_string(),
    };
    let base = Format::new()
        .set_font_name("Times New Roman")
        .set_font_size(12)
        .set_text_wrap()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::VerticalCenter);
    let head = base.clone().set_bold().set_align(FormatAlign::Center);
    let number = base.clone().set_num_format("0.00#");
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
    for (c, (h, w)) in headers
        .iter()
        .zip([10, 50, 10, 10, 11, 11, 10, 30])
        .enumerate()
    {
        let c = c as u16;
        sheet
            .write_string_with_format(0, c, *h, &head)
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
            .write_string_with_format(row, 0, code, &base)
            .map_err(fail)?;
        sheet
            .write_string_with_format(row, 1, title, &base)
            .map_err(fail)?;
        sheet
            .write_string_with_format(row, 2, old, &base)
            .map_err(fail)?;
        sheet
            .write_string_with_format(row, 3, new, &base)
            .map_err(fail)?;
        sheet
            .write_number_with_format(row, 4, as_f64(old_lost), &number)
            .map_err(fail)?;
        sheet
            .write_number_with_format(row, 5, as_f64(new_lost), &number)
            .map_err(fail)?;
        sheet
            .write_number_with_format(row, 6, as_f64(new_lost - old_lost), &number)
            .map_err(fail)?;
        sheet
            .write_string_with_format(row, 7, units.join("; "), &base)
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
            c.old.lost(),
            c.new.lost(),
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
            a.score.lost(),
            &a.units,
        )?;
    }
    for r in &diff.removed {
        write_line(
            r.code.to_string(),
            &r.title,
            score(&r.score),
            "(không có)".into(),
            r.score.lost(),
            Decimal::ZERO,
            &r.units,
        )?;
    }

    let units = workbook
        .add_worksheet()
        .set_name("Theo đơn vị")
        .map_err(fail)?;
    for (c, (h, w)) in ["Cơ quan chủ trì", "Bị trừ (cũ)", "Bị trừ (mới)", "Thay đổi"]
        .iter()
        .zip([45, 12, 12, 12])
        .enumerate()
    {
        let c = c as u16;
        units
            .write_string_with_format(0, c, *h, &head)
            .map_err(fail)?;
        units.set_column_width(c, w).map_err(fail)?;
    }
    for (i, u) in diff
        .units
        .iter()
        .chain(std::iter::once(&diff.total))
        .enumerate()
    {
        let r = i as u32 + 1;
        units
            .write_string_with_format(r, 0, &u.name, &base)
            .map_err(fail)?;
        units
            .write_number_with_format(r, 1, as_f64(u.old_lost), &number)
            .map_err(fail)?;
        units
            .write_number_with_format(r, 2, as_f64(u.new_lost), &number)
            .map_err(fail)?;
        units
            .write_number_with_format(r, 3, as_f64(u.new_lost - u.old_lost), &number)
            .map_err(fail)?;
    }
    workbook.save_to_buffer().map_err(fail)
}
