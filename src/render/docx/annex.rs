//! The annex (phụ lục) in the Word document: its heading (Decree 30, Phụ lục I, III.1;
//! Mẫu 2.1) and the table of criteria that lost points, the same rows as the Excel annex.

use super::decree30::{self, LANDSCAPE_TEXT_WIDTH};
use super::wml::{Align, Body, Look, PT12, PT13, PT14, Para, RowKind, TableFrame, VAlign};
use crate::analyze::{Analysis, AnnexLine};
use crate::render::{UNASSIGNED, criterion_text, figures, units_text};
use crate::text;

/// Column widths in twips, summing to the landscape text width, before the score column is
/// fitted to its content ([`columns`]). The free-text columns (opinion, cause and solution)
/// get the most room: they hold the longest texts.
const COLUMNS: [u32; 7] = [700, 3700, 1100, 900, 1800, 3000, 3087];
const _: () = assert!(
    COLUMNS[0] + COLUMNS[1] + COLUMNS[2] + COLUMNS[3] + COLUMNS[4] + COLUMNS[5] + COLUMNS[6]
        == LANDSCAPE_TEXT_WIDTH
);

/// The cells' left and right margins, twips.
const CELL_MARGIN: u32 = 85;

/// The width of `text` at 12 pt in Times New Roman, in twips: the advance widths (in
/// thousandths of an em) of what a score holds: digits, the comma, the slash; other
/// characters as a digit. Bold Times New Roman has the same widths for these.
fn score_width(text: &str) -> u32 {
    let ems: u32 = text
        .chars()
        .map(|c| match c {
            ',' | '.' => 250,
            '/' => 278,
            _ => 500,
        })
        .sum();
    // 12 pt = 240 twips an em.
    ems * 240 / 1000
}

/// The columns with the score column wide enough for its widest text on one line
/// ("79,42/100" in bold wrapped as "79,42/10" + "0", issue 14); the room comes out of the
/// opinion and cause columns, the widest.
fn columns(scores: &[String]) -> [u32; 7] {
    let widest = scores.iter().map(|s| score_width(s)).max().unwrap_or(0);
    // A tenth to spare: Word and LibreOffice round widths differently.
    let needed = (widest + 2 * CELL_MARGIN) * 11 / 10;
    let mut cols = COLUMNS;
    let extra = needed.saturating_sub(cols[2]).min(1000);
    cols[2] += extra;
    cols[5] -= extra / 2;
    cols[6] -= extra - extra / 2;
    cols
}

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

/// One part of a table: an optional section row, its lines, and the row that sums them.
pub struct Part<'a> {
    /// "I. CÁC TIÊU CHÍ DO PHÒNG NỘI VỤ CHỦ TRÌ", across the table; none in the main annex.
    pub title: Option<String>,
    /// The headings and criteria, in sheet order.
    pub lines: Vec<AnnexLine<'a>>,
    /// The sum row: its label ("Tổng cộng", "Cộng"), score and points lost, as printed.
    pub total: (String, String, String),
}

/// A cell of one paragraph; `keep` keeps it with the next row (a heading with the
/// criteria under it, issue 14).
fn cell(body: &mut Body, text: &str, width: u32, span: u32, look: Look, align: Align) {
    cell_kept(body, text, width, span, look, align, false);
}

fn cell_kept(
    body: &mut Body,
    text: &str,
    width: u32,
    span: u32,
    look: Look,
    align: Align,
    keep: bool,
) {
    body.open_cell(width, span, VAlign::Center);
    body.paragraph(
        &Para {
            align,
            mark: look.size,
            keep_next: keep,
            ..Para::default()
        },
        text,
        look,
    );
    body.close_cell();
}

const HEADER_ROW: RowKind = RowKind {
    cant_split: true,
    header: true,
};

/// A row that is never split across pages: a criterion's tall cells stay whole (issue 14).
const WHOLE_ROW: RowKind = RowKind {
    cant_split: true,
    header: false,
};

/// The table: two header rows (headings, column numbers) repeated on every page; for each
/// part, its title, one row per criterion with a loss in sheet order under the group
/// headings and parents above them, and its sum. Both annexes show the same cells: a
/// parent's own score (5.11 "1,968/2,5") and a heading's notes as the Excel annex does.
pub fn table(body: &mut Body, parts: &[Part<'_>]) {
    let scores: Vec<String> = parts
        .iter()
        .flat_map(|p| {
            p.lines
                .iter()
                .map(|l| match l {
                    AnnexLine::Heading(row) => row.score.map(score_text).unwrap_or_default(),
                    AnnexLine::Shortfall(_, c) => score_text(c.score),
                })
                .chain([p.total.1.clone()])
        })
        .collect();
    let cols = columns(&scores);
    body.open_table(&TableFrame {
        grid: &cols,
        borders: true,
        margins: (28, CELL_MARGIN),
    });
    body.open_row(HEADER_ROW);
    for (h, w) in HEADINGS.iter().zip(cols) {
        cell(body, h, w, 1, Look::bold(PT12), Align::Center);
    }
    body.close_row();
    body.open_row(HEADER_ROW);
    for (i, w) in cols.into_iter().enumerate() {
        let number = format!("({})", i + 1);
        cell(body, &number, w, 1, Look::italic(PT12), Align::Center);
    }
    body.close_row();

    let plain = Look::regular(PT12);
    let strong = Look::bold(PT12);
    let across: u32 = cols[1..].iter().sum();
    let mut number = 0;
    for part in parts {
        if let Some(title) = &part.title {
            body.open_row(WHOLE_ROW);
            cell_kept(body, "", cols[0], 1, strong, Align::Center, true);
            cell_kept(body, title, across, 6, strong, Align::Left, true);
            body.close_row();
        }
        for line in &part.lines {
            match line {
                AnnexLine::Heading(row) => {
                    let label = criterion_text(row);
                    let score = row.score.map(score_text).unwrap_or_default();
                    let units = units_text(&row.units);
                    body.open_row(WHOLE_ROW);
                    cell_kept(body, "", cols[0], 1, strong, Align::Center, true);
                    if score.is_empty()
                        && units.is_empty()
                        && row.opinion.is_empty()
                        && row.solution.is_empty()
                    {
                        cell_kept(body, &label, across, 6, strong, Align::Left, true);
                    } else {
                        let cells = [
                            (label.as_str(), strong, Align::Left),
                            (score.as_str(), strong, Align::Center),
                            ("", plain, Align::Center),
                            (units.as_str(), plain, Align::Left),
                            (row.opinion.as_str(), plain, Align::Left),
                            (row.solution.as_str(), plain, Align::Left),
                        ];
                        for ((t, look, a), w) in cells.into_iter().zip(&cols[1..]) {
                            cell_kept(body, t, *w, 1, look, a, true);
                        }
                    }
                    body.close_row();
                }
                AnnexLine::Shortfall(row, c) => {
                    number += 1;
                    let (units, units_look) = if row.units.is_empty() {
                        (UNASSIGNED.to_string(), Look::italic(PT12))
                    } else {
                        (units_text(&row.units), plain)
                    };
                    let values = [
                        (number.to_string(), plain, Align::Center),
                        // Left-aligned: justified text in a narrow cell leaves gaps a reader
                        // trips on.
                        (criterion_text(row), plain, Align::Left),
                        (score_text(c.score), plain, Align::Center),
                        (text::vn_points(c.lost), plain, Align::Center),
                        (units, units_look, Align::Left),
                        (row.opinion.clone(), plain, Align::Left),
                        (row.solution.clone(), plain, Align::Left),
                    ];
                    body.open_row(WHOLE_ROW);
                    for ((t, look, a), w) in values.iter().zip(cols) {
                        cell(body, t, w, 1, *look, *a);
                    }
                    body.close_row();
                }
            }
        }
        let (label, score, lost) = &part.total;
        body.open_row(WHOLE_ROW);
        cell(body, label, cols[0] + cols[1], 2, strong, Align::Center);
        cell(body, score, cols[2], 1, strong, Align::Center);
        cell(body, lost, cols[3], 1, strong, Align::Center);
        cell(
            body,
            "",
            cols[4] + cols[5] + cols[6],
            3,
            strong,
            Align::Left,
        );
        body.close_row();
    }
    body.close_table();
}

/// "0,75/1": a score as the table gives it.
fn score_text(s: crate::model::Score) -> String {
    format!("{}/{}", text::vn(s.achieved), text::vn(s.max))
}

/// The cover letter's annex: every criterion with a loss, and "Tổng cộng" with the unit's
/// index when it is known (never a sum over the rows listed, issue 13) and the points lost
/// as the letter prints them.
pub fn main_part<'a>(analysis: &'a Analysis, printed: &figures::Printed) -> Part<'a> {
    let declared = analysis
        .index
        .map(|i| score_text(i.score))
        .unwrap_or_default();
    let lost = text::vn_fixed(printed.lost, figures::PLACES);
    Part {
        title: None,
        lines: analysis.annex_lines(),
        total: ("Tổng cộng".into(), declared, lost),
    }
}
