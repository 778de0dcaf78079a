//! The annex (phụ lục) in the Word document: its heading (Decree 30, Phụ lục I, III.1;
//! Mẫu 2.1) and the table of criteria that lost points, the same rows as the Excel annex.

use super::decree30::{self, LANDSCAPE_TEXT_WIDTH};
use super::wml::{Align, Body, Look, PT12, PT13, PT14, RowKind, TableFrame, VAlign};
use crate::analyze::{Analysis, AnnexLine};
use crate::text;

/// Column widths in twips, summing to the landscape text width.
/// The free-text columns (opinion, cause and solution) get the most room: they hold the
/// longest texts.
const COLUMNS: [u32; 7] = [700, 3700, 1100, 900, 1800, 3000, 3087];
const _: () = assert!(
    COLUMNS[0] + COLUMNS[1] + COLUMNS[2] + COLUMNS[3] + COLUMNS[4] + COLUMNS[5] + COLUMNS[6]
        == LANDSCAPE_TEXT_WIDTH
);

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

/// The heading paragraphs from the rendered heading template's lines: "Phụ lục" and the
/// title 14 bold; the last line, "(Kèm theo …)", 13 italic; a short line under them.
pub fn heading(body: &mut Body, lines: &str) {
    let lines: Vec<&str> = lines
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let last = lines.len().saturating_sub(1);
    for (i, l) in lines.iter().enumerate() {
        let look = if i == last && i > 0 {
            Look::italic(PT13)
        } else {
            Look::bold(PT14)
        };
        decree30::line(body, l, look, Align::Center);
    }
    // About 20 mm under the reference line (Mẫu 2.1).
    decree30::rule(body, 1134, LANDSCAPE_TEXT_WIDTH, 140);
    decree30::blank(body, PT12);
}

fn cell(body: &mut Body, text: &str, width: u32, span: u32, look: Look, align: Align) {
    body.open_cell(width, span, VAlign::Center);
    decree30::line(body, text, look, align);
    body.close_cell();
}

const HEADER_ROW: RowKind = RowKind {
    cant_split: true,
    header: true,
};

/// The table: two header rows (headings, column numbers) repeated on every page; one row
/// per criterion with a loss, in sheet order; the group headings and parents above them
/// once; the total row.
pub fn table(body: &mut Body, analysis: &Analysis) {
    body.open_table(&TableFrame {
        grid: &COLUMNS,
        borders: true,
        margins: (28, 85),
    });
    body.open_row(HEADER_ROW);
    for (h, w) in HEADINGS.iter().zip(COLUMNS) {
        cell(body, h, w, 1, Look::bold(PT12), Align::Center);
    }
    body.close_row();
    body.open_row(HEADER_ROW);
    for (i, w) in COLUMNS.into_iter().enumerate() {
        let number = format!("({})", i + 1);
        cell(body, &number, w, 1, Look::italic(PT12), Align::Center);
    }
    body.close_row();

    let plain = Look::regular(PT12);
    let mut number = 0;
    for line in analysis.annex_lines() {
        match line {
            AnnexLine::Heading(row) => {
                let label = format!("{}. {}", row.code, row.title);
                let span: u32 = COLUMNS[1..].iter().sum();
                body.open_row(RowKind::default());
                cell(body, "", COLUMNS[0], 1, Look::bold(PT12), Align::Center);
                cell(body, &label, span, 6, Look::bold(PT12), Align::Left);
                body.close_row();
            }
            AnnexLine::Shortfall(row, c) => {
                number += 1;
                let units = match row.units.split_first() {
                    Some((lead, [])) => lead.clone(),
                    Some((lead, others)) => format!("{lead}\nPhối hợp: {}", others.join(", ")),
                    None => String::new(),
                };
                let values = [
                    (number.to_string(), Align::Center),
                    // Left-aligned: justified text in a narrow cell leaves gaps a reader trips on.
                    (format!("{}. {}", row.code, row.title), Align::Left),
                    (
                        format!("{}/{}", text::vn(c.score.achieved), text::vn(c.score.max)),
                        Align::Center,
                    ),
                    (text::vn(c.lost), Align::Center),
                    (units, Align::Left),
                    (row.opinion.clone(), Align::Left),
                    (row.solution.clone(), Align::Left),
                ];
                body.open_row(RowKind::default());
                for ((t, a), w) in values.iter().zip(COLUMNS) {
                    cell(body, t, w, 1, plain, *a);
                }
                body.close_row();
            }
        }
    }

    let total = Look::bold(PT12);
    // The unit's index when it is known; never a sum over the rows listed (issue 13).
    let declared = analysis
        .index
        .map(|i| format!("{}/{}", text::vn(i.score.achieved), text::vn(i.score.max)))
        .unwrap_or_default();
    body.open_row(RowKind::default());
    cell(
        body,
        "Tổng cộng",
        COLUMNS[0] + COLUMNS[1],
        2,
        total,
        Align::Center,
    );
    cell(body, &declared, COLUMNS[2], 1, total, Align::Center);
    let lost = text::vn_fixed(analysis.totals.lost, 2);
    cell(body, &lost, COLUMNS[3], 1, total, Align::Center);
    let rest = COLUMNS[4] + COLUMNS[5] + COLUMNS[6];
    cell(body, "", rest, 3, total, Align::Left);
    body.close_row();
    body.close_table();
}
