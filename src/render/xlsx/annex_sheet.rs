//! Sheet 1, "Phụ lục": the annex as the seed lays it out: the title block, then every
//! criterion below full marks in sheet order under its headings, then "Tổng cộng".

use super::fit::{self, Font};
use super::style::Cells;
use super::style::{self, BODY, BODY_BOLD};
use super::{cached, number};
use crate::analyze::{AnnexLine, Criterion};
use crate::model::Row;
use crate::render::{RenderContext, UNASSIGNED, criterion_text};
use crate::text::vn;
use rust_xlsxwriter::{Format, Formula, Worksheet, XlsxError};

/// The sheet's name.
const NAME: &str = "Phụ lục";

/// The seed's columns and their widths in Times New Roman digits, summing to the 252 mm
/// between the landscape margins, so the table prints at full size.
const COLUMNS: [(&str, f64); 6] = [
    ("Tiêu chí/tiêu chí thành phần", 26.0),
    ("Điểm đạt/tối đa", 9.0),
    ("Cơ quan chủ trì phụ trách", 19.0),
    ("Ý kiến thẩm định", 27.0),
    ("Nguyên nhân, giải pháp", 26.0),
    ("Điểm bị trừ", 8.0),
];
const LAST_COL: u16 = 5;
const LOST_COL: u16 = 5;

/// The sheet row of the table header, repeated on every printed page.
const HEADER_ROW: u32 = 6;

/// Writes the sheet.
pub fn write(
    sheet: &mut Worksheet,
    ctx: &RenderContext<'_>,
    formats: &Cells,
) -> Result<(), XlsxError> {
    sheet.set_name(NAME)?;
    style::page_setup(sheet);
    sheet.set_repeat_rows(HEADER_ROW, HEADER_ROW)?;
    for (col, (_, width)) in (0u16..).zip(COLUMNS) {
        sheet.set_column_width(col, width)?;
    }
    write_title(sheet, ctx)?;

    let header = style::header();
    let mut tallest = 1;
    for (col, (label, width)) in (0u16..).zip(COLUMNS) {
        sheet.write_string_with_format(HEADER_ROW, col, label, &header)?;
        tallest = tallest.max(fit::lines(label, fit::column_px(width), BODY_BOLD));
    }
    sheet.set_row_height(HEADER_ROW, fit::height(tallest, BODY_BOLD))?;

    let mut row = HEADER_ROW + 1;
    let first = row;
    for line in ctx.analysis.annex_lines() {
        match line {
            AnnexLine::Heading(r) => write_heading(sheet, row, r, formats)?,
            AnnexLine::Shortfall(r, c) => write_shortfall(sheet, row, r, c, formats)?,
        }
        row += 1;
    }
    write_total(sheet, row, first, ctx, formats)
}

/// The title block of the seed (rows 1–5): the organ over the first two columns, then the
/// heading, the title and the italic "(Kèm theo …)" line across the table. Draft blanks in
/// the reference line are kept as they are.
fn write_title(sheet: &mut Worksheet, ctx: &RenderContext<'_>) -> Result<(), XlsxError> {
    let annex = &ctx.meta.annex;
    let full_px: f64 = COLUMNS.iter().map(|(_, w)| fit::column_px(*w)).sum();
    let organ_px = fit::column_px(COLUMNS[0].1) + fit::column_px(COLUMNS[1].1);
    let lines = [
        (
            0u32,
            1u16,
            &annex.organ,
            style::title(12.0).set_bold(),
            organ_px,
            12.0,
            true,
        ),
        (
            2,
            LAST_COL,
            &annex.heading,
            style::title(14.0).set_bold(),
            full_px,
            14.0,
            true,
        ),
        (
            3,
            LAST_COL,
            &annex.title,
            style::title(13.0).set_bold(),
            full_px,
            13.0,
            true,
        ),
        (
            4,
            LAST_COL,
            &annex.reference,
            style::title(13.0).set_italic(),
            full_px,
            13.0,
            false,
        ),
    ];
    for (row, last_col, text, format, px, size, bold) in lines {
        // merge_range writes its text with write_string: never a formula.
        sheet.merge_range(row, 0, row, last_col, text, &format)?;
        let font = Font { size, bold };
        sheet.set_row_height(row, fit::height(fit::lines(text, px, font), font))?;
    }
    sheet.set_row_height(1, 8)?;
    sheet.set_row_height(5, 8)?;
    Ok(())
}

/// Writes the five text cells of a row and sets its height from the tallest. Input text always goes through `write_string`, whatever its first character.
fn write_texts(
    sheet: &mut Worksheet,
    row: u32,
    cells: [(&str, &Format, Font); 5],
) -> Result<(), XlsxError> {
    let mut tallest = 1;
    for (col, (text, format, font)) in (0u16..).zip(cells) {
        sheet.write_string_with_format(row, col, text, format)?;
        tallest = tallest.max(fit::lines(
            text,
            fit::column_px(COLUMNS[usize::from(col)].1),
            font,
        ));
    }
    sheet.set_row_height(row, fit::height(tallest, BODY))?;
    Ok(())
}

/// A group or parent heading: bold, its own score shown for a parent (5.11 "1,968/2,5") but
/// no points lost, so the sum counts only the criteria below it.
fn write_heading(sheet: &mut Worksheet, row: u32, r: &Row, f: &Cells) -> Result<(), XlsxError> {
    let score = r
        .score
        .map(|s| format!("{}/{}", vn(s.achieved), vn(s.max)))
        .unwrap_or_default();
    write_texts(
        sheet,
        row,
        [
            (&criterion_text(r), &f.text_bold, BODY_BOLD),
            (&score, &f.centred_bold, BODY_BOLD),
            (&crate::render::units_text(&r.units), &f.text, BODY),
            (&r.opinion, &f.text, BODY),
            (&r.solution, &f.text, BODY),
        ],
    )?;
    sheet.write_blank(row, LOST_COL, &f.centred)?;
    Ok(())
}

/// A criterion with a loss: its points lost as a number.
fn write_shortfall(
    sheet: &mut Worksheet,
    row: u32,
    r: &Row,
    c: &Criterion,
    f: &Cells,
) -> Result<(), XlsxError> {
    let score = format!("{}/{}", vn(c.score.achieved), vn(c.score.max));
    let units = crate::render::units_text(&r.units);
    let (units, units_format) = if units.is_empty() {
        (UNASSIGNED.to_string(), &f.text_italic)
    } else {
        (units, &f.text)
    };
    write_texts(
        sheet,
        row,
        [
            (&criterion_text(r), &f.text, BODY),
            (&score, &f.centred, BODY),
            (&units, units_format, BODY),
            (&r.opinion, &f.text, BODY),
            (&r.solution, &f.text, BODY),
        ],
    )?;
    sheet.write_number_with_format(row, LOST_COL, number(c.lost), &f.points)?;
    Ok(())
}

/// "Tổng cộng": the unit's index, and the points lost as a SUM over the column with its
/// exact cached result, so a reader that does not recalculate (calamine, a viewer) still
/// has 20.581 (crates-notes §2); shown with two places, 20,58, as every total (issue 14).
fn write_total(
    sheet: &mut Worksheet,
    row: u32,
    first: u32,
    ctx: &RenderContext<'_>,
    f: &Cells,
) -> Result<(), XlsxError> {
    let totals = &ctx.analysis.totals;
    sheet.write_string_with_format(row, 0, "Tổng cộng", &f.centred_bold)?;
    // The unit's index as the table declares it, as in the Word annex; never the sum over
    // the rows listed, which a reader takes for the index (issues 13 and 14).
    let score = ctx
        .analysis
        .index
        .map(|i| format!("{}/{}", vn(i.score.achieved), vn(i.score.max)))
        .unwrap_or_default();
    sheet.write_string_with_format(row, 1, &score, &f.centred_bold)?;
    for col in 2..LOST_COL {
        sheet.write_blank(row, col, &f.centred)?;
    }
    if row > first {
        let formula =
            Formula::new(format!("=SUM(F{}:F{})", first + 1, row)).set_result(cached(totals.lost));
        sheet.write_formula_with_format(row, LOST_COL, formula, &f.sum_bold)?;
    } else {
        sheet.write_number_with_format(row, LOST_COL, 0.0, &f.sum_bold)?;
    }
    let lines = fit::lines(&score, fit::column_px(COLUMNS[1].1), BODY_BOLD);
    sheet.set_row_height(row, fit::height(lines, BODY_BOLD))?;
    Ok(())
}
