//! The readable summary `cchc check` prints: totals, per unit, per area, warnings with rows.

use crate::analyze::Analysis;
use crate::model::{Layout, Warning};
use crate::text::vn;
use std::fmt::Write;

/// Renders the summary as text lines.
pub fn render(analysis: &Analysis, warnings: &[Warning]) -> String {
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = write_summary(&mut out, analysis, warnings);
    out
}

fn write_summary(out: &mut String, analysis: &Analysis, warnings: &[Warning]) -> std::fmt::Result {
    let a = &analysis.appraisal;
    let layout = match a.layout {
        Layout::Annex => "bảng phân tích (điểm đạt/tối đa trong một ô)",
        Layout::PerColumn => "bảng kết quả (điểm tối đa và điểm đạt ở hai cột)",
    };
    writeln!(
        out,
        "Tệp: {} — trang tính `{}`, {layout}",
        a.source.display(),
        a.sheet
    )?;
    let title: Vec<&str> = [&a.title.organ, &a.title.heading]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .collect();
    if !title.is_empty() {
        write!(out, "{}", title.join(" — "))?;
        match analysis.year {
            Some(year) => writeln!(out, ", năm {year}")?,
            None => writeln!(out)?,
        }
    }
    if let Some(r) = &a.title.reference {
        let date = r
            .date
            .map(|d| format!(" ngày {}", d.format("%d/%m/%Y")))
            .unwrap_or_default();
        writeln!(
            out,
            "Kèm theo {} số {}/{}{date} của {}",
            r.kind, r.number, r.symbol, r.issuer
        )?;
    }
    writeln!(out)?;

    let t = &analysis.totals;
    let short = analysis.shortfalls().count();
    writeln!(
        out,
        "Tiêu chí được tính: {}; chưa đạt điểm tối đa: {short}",
        analysis.criteria.len()
    )?;
    writeln!(
        out,
        "Điểm tối đa: {}; điểm đạt: {}; điểm bị trừ: {} (thẩm định {}; điều tra xã hội học {})",
        vn(t.max),
        vn(t.achieved),
        vn(t.lost),
        vn(t.lost_appraisal),
        vn(t.lost_survey)
    )?;
    if let Some(r) = &analysis.reconciliation {
        let verdict = if r.agrees {
            format!("khớp (sai số làm tròn {})", vn(r.tolerance))
        } else {
            format!("KHÔNG khớp, chênh lệch {}", vn(r.difference))
        };
        writeln!(
            out,
            "Dòng tổng của bảng (dòng {}): {}/{}, bị trừ {} — {verdict}",
            r.declared.row,
            vn(r.declared.score.achieved),
            vn(r.declared.score.max),
            vn(r.declared_lost)
        )?;
    }

    writeln!(out, "\nĐiểm bị trừ theo cơ quan chủ trì:")?;
    let width = analysis
        .units
        .iter()
        .map(|u| u.name.chars().count())
        .max()
        .unwrap_or(0)
        .max(16);
    for u in &analysis.units {
        writeln!(
            out,
            "  {:<width$}  {:>7}  chủ trì {} tiêu chí, phối hợp {}",
            u.name,
            vn(u.lead.lost),
            u.led.len(),
            u.cooperating.len()
        )?;
    }
    if !analysis.unassigned.criteria.is_empty() {
        let codes: Vec<String> = analysis
            .unassigned
            .criteria
            .iter()
            .map(|c| c.code.to_string())
            .collect();
        writeln!(
            out,
            "  {:<width$}  {:>7}  ({})",
            "Chưa giao đơn vị",
            vn(analysis.unassigned.totals.lost),
            codes.join(", ")
        )?;
    }

    writeln!(out, "\nTheo lĩnh vực:")?;
    for area in &analysis.areas {
        writeln!(
            out,
            "  {}. {}: tối đa {}, bị trừ {} ({} tiêu chí chưa đạt)",
            area.area,
            area.name.as_deref().unwrap_or("(chưa đặt tên)"),
            vn(area.totals.max),
            vn(area.totals.lost),
            area.short
        )?;
    }

    if !warnings.is_empty() {
        writeln!(out, "\nCảnh báo ({}):", warnings.len())?;
        for w in warnings {
            let mut place = Vec::new();
            if let Some(row) = w.row {
                place.push(format!("dòng {row}"));
            }
            if let Some(code) = &w.code {
                place.push(format!("tiêu chí {code}"));
            }
            if place.is_empty() {
                writeln!(out, "  - {}", w.message)?;
            } else {
                writeln!(out, "  - {}: {}", place.join(", "), w.message)?;
            }
        }
    }
    Ok(())
}
