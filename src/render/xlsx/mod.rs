//! The Excel annex (phụ lục, issue 3): sheet "Phụ lục" with every criterion below full
//! marks, ready to print and attach to the letter, and sheet "Tổng hợp" with the summary a
//! leader reads at a glance.

mod annex_sheet;
pub mod diff;
mod fit;
mod style;
mod summary_sheet;

use super::RenderContext;
use crate::analyze::Analysis;
use crate::error::{Error, Result};
use chrono::Datelike;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook, XlsxError};

/// Renders the annex workbook.
///
/// # Errors
/// [`Error::Render`] when rust_xlsxwriter fails.
pub fn annex(ctx: &RenderContext<'_>) -> Result<Vec<u8>> {
    build(ctx).map_err(|e| Error::Render {
        document: super::ANNEX_XLSX.into(),
        detail: e.to_string(),
    })
}

fn build(ctx: &RenderContext<'_>) -> std::result::Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    // Times New Roman as the default, so empty cells and column-width units follow it too.
    workbook.set_default_format(
        &style::base(),
        style::DEFAULT_ROW_PX,
        style::DEFAULT_COLUMN_PX,
    )?;
    workbook.set_properties(&properties(ctx)?);
    workbook.set_zip_compression_level(super::DEFLATE_LEVEL);
    let cells = style::Cells::new(&style::points_format(point_figures(ctx.analysis)));
    annex_sheet::write(workbook.add_worksheet(), ctx, &cells)?;
    summary_sheet::write(workbook.add_worksheet(), ctx, &cells)?;
    workbook.save_to_buffer()
}

/// The document properties, created at the document date (or 1 January of the appraisal
/// year when the date is left blank) rather than now, so that identical inputs give
/// byte-identical files (issue 3).
fn properties(ctx: &RenderContext<'_>) -> std::result::Result<DocProperties, XlsxError> {
    let meta = ctx.meta;
    let (year, month, day) = match meta.letter.date.date() {
        Some(d) => (d.year(), d.month(), d.day()),
        None => (meta.year, 1, 1),
    };
    let created = ExcelDateTime::from_ymd(
        u16::try_from(year).unwrap_or(1900),
        u8::try_from(month).unwrap_or(1),
        u8::try_from(day).unwrap_or(1),
    )?;
    Ok(DocProperties::new()
        .set_title(format!("{} — {}", meta.annex.heading, meta.annex.title))
        .set_author(&meta.organ_short)
        .set_creation_datetime(&created))
}

/// A points figure as the f64 a cell stores, converted only here: every sum is exact in
/// [`Decimal`] before it.
fn number(d: Decimal) -> f64 {
    d.to_f64().unwrap_or_default()
}

/// A formula's cached result: the exact decimal in the file's "." notation.
fn cached(d: Decimal) -> String {
    d.normalize().to_string()
}

/// Every points figure the workbook shows, to choose the number format's places.
fn point_figures(analysis: &Analysis) -> impl Iterator<Item = &Decimal> {
    analysis
        .criteria
        .iter()
        .map(|c| &c.lost)
        .chain([&analysis.totals.lost, &analysis.totals.max])
}
