//! The annex (phụ lục) in the Word document: its heading (Decree 30, Phụ lục I, III.1;
//! Mẫu 2.1) and the table of criteria that lost points, the same rows as the Excel annex.

use super::decree30::{self, LANDSCAPE_TEXT_WIDTH, Look, PT12, PT13, PT14};
use super::package;
use crate::analyze::{Analysis, Criterion, RowKind};
use crate::text;
use docx_rs::{
    AlignmentType, Paragraph, Table, TableCell, TableCellMargins, TableLayoutType, TableRow,
    VAlignType, WidthType,
};
use rust_decimal::Decimal;
use std::collections::HashMap;

/// Column widths in twips, summing to the landscape text width.
/// The free-text columns (opinion, cause and solution) get the most room: they hold the
/// longest texts.
const COLUMNS: [usize; 7] = [700, 3700, 1100, 900, 1800, 3000, 3087];

/// The column headings.
const HEADINGS: [&str; 7] = [
    "STT",
    "Tiêu chí/tiêu chí thành phần",
    "Điểm đạt/tối đa",
    "Điểm bị trừ",
    "Cơ quan chủ trì, phối hợp",
    "Ý kiến thẩm định",
    "Nguyên nhân, giải pháp",
];

/// The heading paragraphs from the rendered heading template's four lines: "Phụ lục" 14
/// bold; the heading and the title 14 bold; "(Kèm theo …)" 13 italic; a short line.
pub fn heading(lines: &str) -> Vec<Paragraph> {
    let lines: Vec<&str> = lines
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let last = lines.len().saturating_sub(1);
    let mut out: Vec<Paragraph> = lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let look = if i == last && i > 0 {
                Look::italic(PT13)
            } else {
                Look::bold(PT14)
            };
            decree30::line(l, look, AlignmentType::Center)
        })
        .collect();
    // About 20 mm under the reference line (Mẫu 2.1).
    out.push(decree30::rule(1134, LANDSCAPE_TEXT_WIDTH, 140));
    out.push(decree30::blank(PT12));
    out
}

fn cell(text: &str, width: usize, look: Look, align: AlignmentType) -> TableCell {
    TableCell::new()
        .add_paragraph(decree30::line(text, look, align))
        .width(width, WidthType::Dxa)
        .vertical_align(VAlignType::Center)
}

/// The table: two header rows (headings, column numbers) marked to repeat on every page;
/// one row per criterion with a loss, in sheet order; the group headings and parents above
/// them once; the total row.
pub fn table(analysis: &Analysis) -> Table {
    let mut rows = Vec::new();
    let head = HEADINGS
        .iter()
        .zip(COLUMNS)
        .map(|(h, w)| cell(h, w, Look::bold(PT12), AlignmentType::Center))
        .collect();
    rows.push(package::header_row(TableRow::new(head)));
    let numbers = COLUMNS
        .iter()
        .enumerate()
        .map(|(i, &w)| {
            cell(
                &format!("({})", i + 1),
                w,
                Look::italic(PT12),
                AlignmentType::Center,
            )
        })
        .collect();
    rows.push(package::header_row(TableRow::new(numbers)));

    let by_row: HashMap<usize, &Criterion> =
        analysis.criteria.iter().map(|c| (c.index, c)).collect();
    let lost = |i: usize| by_row.get(&i).map_or(Decimal::ZERO, |c| c.lost);
    let appraisal_rows = &analysis.appraisal.rows;
    let mut number = 0;
    for (i, row) in appraisal_rows.iter().enumerate() {
        let kind = analysis.kinds.get(i).copied().unwrap_or(RowKind::Leaf);
        let label = format!("{}. {}", row.code, row.title);
        match kind {
            RowKind::Group | RowKind::Parent => {
                let has_loss = appraisal_rows
                    .iter()
                    .enumerate()
                    .any(|(j, o)| row.code.is_ancestor_of(&o.code) && lost(j) > Decimal::ZERO);
                if has_loss {
                    let span: usize = COLUMNS[1..].iter().sum();
                    rows.push(TableRow::new(vec![
                        cell("", COLUMNS[0], Look::bold(PT12), AlignmentType::Center),
                        cell(&label, span, Look::bold(PT12), AlignmentType::Left).grid_span(6),
                    ]));
                }
            }
            RowKind::Leaf => {
                let Some(c) = by_row.get(&i).filter(|c| c.lost > Decimal::ZERO) else {
                    continue;
                };
                number += 1;
                let units = match row.units.split_first() {
                    Some((lead, [])) => lead.clone(),
                    Some((lead, others)) => format!("{lead}\nPhối hợp: {}", others.join(", ")),
                    None => String::new(),
                };
                let plain = Look::regular(PT12);
                let values = [
                    (number.to_string(), AlignmentType::Center),
                    // Left-aligned: justified text in a narrow cell leaves gaps a reader trips on.
                    (label, AlignmentType::Left),
                    (
                        format!("{}/{}", text::vn(c.score.achieved), text::vn(c.score.max)),
                        AlignmentType::Center,
                    ),
                    (text::vn(c.lost), AlignmentType::Center),
                    (units, AlignmentType::Left),
                    (row.opinion.clone(), AlignmentType::Left),
                    (row.solution.clone(), AlignmentType::Left),
                ];
                rows.push(TableRow::new(
                    values
                        .iter()
                        .zip(COLUMNS)
                        .map(|((t, a), w)| cell(t, w, plain, *a))
                        .collect(),
                ));
            }
        }
    }

    let total = Look::bold(PT12);
    let declared = analysis
        .reconciliation
        .as_ref()
        .map(|r| {
            format!(
                "{}/{}",
                text::vn(r.declared.score.achieved),
                text::vn(r.declared.score.max)
            )
        })
        .unwrap_or_default();
    rows.push(TableRow::new(vec![
        cell(
            "Tổng cộng",
            COLUMNS[0] + COLUMNS[1],
            total,
            AlignmentType::Center,
        )
        .grid_span(2),
        cell(&declared, COLUMNS[2], total, AlignmentType::Center),
        cell(
            &text::vn_fixed(analysis.totals.lost, 2),
            COLUMNS[3],
            total,
            AlignmentType::Center,
        ),
        cell(
            "",
            COLUMNS[4] + COLUMNS[5] + COLUMNS[6],
            total,
            AlignmentType::Left,
        )
        .grid_span(3),
    ]));

    Table::new(rows)
        .set_grid(COLUMNS.to_vec())
        .layout(TableLayoutType::Fixed)
        .width(LANDSCAPE_TEXT_WIDTH, WidthType::Dxa)
        .margins(TableCellMargins::new().margin(28, 85, 28, 85))
}
