//! The readable summaries: what `cchc check` prints (totals, per unit, per area, warnings
//! with rows) and what `cchc diff` prints (the changes between two rounds).

use crate::analyze::Analysis;
use crate::analyze::diff::Diff;
use crate::model::{Layout, Warning};
use crate::text::vn;
use rust_decimal::Decimal;
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
    let c = &a.columns;
    // The annex layout has code and title in one column: named once.
    let one_column = c.code.is_some() && c.code == c.title;
    let (code_label, title) = if one_column {
        ("mã và tên tiêu chí", &None)
    } else {
        ("mã tiêu chí", &c.title)
    };
    let read: Vec<String> = [
        (code_label, &c.code),
        ("tên tiêu chí", title),
        ("điểm đạt/tối đa", &c.score),
        ("điểm tối đa", &c.max),
        ("điểm đạt", &c.achieved),
        ("cơ quan chủ trì", &c.units),
        ("ý kiến thẩm định", &c.opinion),
        ("nguyên nhân, giải pháp", &c.solution),
        ("ghi chú", &c.note),
    ]
    .into_iter()
    .filter_map(|(what, column)| {
        column
            .as_ref()
            .map(|col| format!("{what}: cột {} `{}`", col.letter, col.header))
    })
    .collect();
    writeln!(out, "Cột đã đọc: {}", read.join("; "))?;
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
            // Most messages name their criterion already: not twice.
            if let Some(code) = &w.code {
                let named = format!("tiêu chí {code}");
                if !w.message.contains(&named) {
                    place.push(named);
                }
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

// ----------------------------------------------------------------------------------------
// `cchc diff`.

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

/// Renders a round-to-round comparison (`cchc diff`) as text lines.
pub fn render_diff(diff: &Diff) -> String {
    let mut out = String::new();
    let _ = write_diff(&mut out, diff);
    out
}

fn write_diff(out: &mut String, diff: &Diff) -> std::fmt::Result {
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
            vn(c.old_lost),
            vn(c.new_lost),
            delta(c.old_lost, c.new_lost)
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
