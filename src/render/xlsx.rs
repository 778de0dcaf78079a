//! The Excel annex (phụ lục): placeholder until the annex renderer lands.

use super::RenderContext;
use crate::error::{Error, Result};
use rust_xlsxwriter::Workbook;

/// Renders the annex workbook.
///
/// # Errors
/// [`Error::Render`] when rust_xlsxwriter fails.
pub fn annex(ctx: &RenderContext<'_>) -> Result<Vec<u8>> {
    let fail = |e: rust_xlsxwriter::XlsxError| Error::Render {
        document: super::ANNEX_XLSX.into(),
        detail: e.to_string(),
    };
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet
        .write_string(0, 0, &ctx.meta.annex.heading)
        .map_err(fail)?;
    workbook.save_to_buffer().map_err(fail)
}
