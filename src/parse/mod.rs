//! Stage 2, parse: [`Grid`]s to an [`Appraisal`]. Finds the table (the first sheet whose
//! header names a criterion column and score columns), reads the title block above it, and
//! turns each row into a criterion code, title, score, units and texts.
//!
//! Scores are checked here, where the cell is known: a score that is not a number, achieved
//! above maximum, a negative score and a maximum of 0 are errors naming the cell.

pub mod code;
pub mod header;
pub mod number;
pub mod title;
pub mod units;

use crate::config::Config;
use crate::error::{Error, Location, Result};
use crate::model::{
    Appraisal, ColumnRead, ColumnsRead, DeclaredTotal, Layout, Row, Score, Warned, Warning,
};
use crate::read::{Grid, Value};
use crate::text;
use header::Role;
use number::ScoreCell;
use rust_decimal::Decimal;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::Path;

/// How many rows from the top of a sheet are searched for the header.
const HEADER_SEARCH_ROWS: usize = 40;

/// Parses the first grid that holds an appraisal table. Grids are taken one at a time and
/// dropped once looked at, so a lazy [`Book`](crate::read::Book) reads no sheet past the
/// table's.
///
/// # Errors
/// The first error among `grids`; [`Error::NoTable`] when no grid has a table, naming every
/// sheet looked at; [`Error::LegacyEncoding`] instead when one of them has legacy-encoded
/// text; [`Error::BadScore`], [`Error::MissingScore`], [`Error::AboveMaximum`],
/// [`Error::Negative`], [`Error::ZeroMaximum`] for a bad score.
pub fn parse(
    grids: impl IntoIterator<Item = Result<Grid>>,
    path: &Path,
    config: &Config,
) -> Result<Warned<Appraisal>> {
    let mut sheets = Vec::new();
    let mut legacy = None;
    for grid in grids {
        let grid = grid?;
        if let Some(columns) = find_header(&grid) {
            refuse_legacy_text(&grid, columns.header_row, path)?;
            return parse_table(&grid, &columns, path, config);
        }
        // Headers typed in TCVN3 or VNI do not match: said rather than "no table", but only
        // once no sheet has a table (the first such sheet is named).
        if legacy.is_none() {
            legacy = refuse_legacy_text(&grid, 0, path).err();
        }
        sheets.push(grid.name);
    }
    match legacy {
        Some(error) => Err(error),
        None => Err(Error::NoTable {
            path: path.to_path_buf(),
            sheets,
        }),
    }
}

/// Refuses the grid's first legacy-encoded text cell from `first_row` (0-based) on.
fn refuse_legacy_text(grid: &Grid, first_row: usize, path: &Path) -> Result<()> {
    for (r, row) in grid.rows().iter().enumerate().skip(first_row) {
        for (c, value) in row.iter().enumerate() {
            // A cell merged across columns repeats the text just looked at.
            if let Value::Text(text) = value
                && (c == 0 || row[c - 1] != *value)
                && let Some(legacy) = crate::read::legacy::detect(text)
            {
                return Err(Error::LegacyEncoding {
                    loc: Location::file(path).sheet(&grid.name).cell(r + 1, c + 1),
                    text: shorten(text),
                    encoding: legacy.name(),
                });
            }
        }
    }
    Ok(())
}

/// The columns of a found table (0-based indexes) and where its data starts.
#[derive(Debug, Clone, Default, PartialEq)]
struct Columns {
    /// The 0-based row of the (first) header row.
    header_row: usize,
    /// The 0-based row of the first data row.
    first_data_row: usize,
    code_title: Option<usize>,
    code: Option<usize>,
    score_pair: Option<usize>,
    max: Option<usize>,
    achieved: Option<usize>,
    units: Option<usize>,
    opinion: Option<usize>,
    solution: Option<usize>,
    note: Option<usize>,
    /// The "STT" (số thứ tự) column: a running number, or, in the results tables of QĐ
    /// 876/QĐ-BNV, the criterion codes ("1", "1.1", "1.1.1").
    sequence: Option<usize>,
    /// Every column whose header names achieved points, left to right: the one read is
    /// chosen by meaning ([`choose_score_column`]).
    achieved_all: Vec<usize>,
    /// The header text of every column, as matched.
    headers: Vec<String>,
    /// Columns of the same role beyond the first, for a warning.
    duplicates: Vec<(usize, Role)>,
}

impl Columns {
    /// Which column was read for what, with letters and headers.
    fn read(&self) -> ColumnsRead {
        let column = |col: Option<usize>| {
            col.map(|c| ColumnRead {
                letter: crate::error::column_letter(c + 1),
                header: self.headers.get(c).cloned().unwrap_or_default(),
            })
        };
        ColumnsRead {
            code: column(self.code.or(self.code_title)),
            title: column(self.code_title.or(self.code)),
            score: column(self.score_pair),
            max: column(self.max),
            achieved: column(self.achieved),
            units: column(self.units),
            opinion: column(self.opinion),
            solution: column(self.solution),
            note: column(self.note),
        }
    }

    fn layout(&self) -> Option<Layout> {
        if self.code_title.is_none() && self.code.is_none() {
            return None;
        }
        if self.max.is_some() && self.achieved.is_some() {
            Some(Layout::PerColumn)
        } else if self.score_pair.is_some() {
            Some(Layout::Annex)
        } else {
            None
        }
    }
}

fn find_header(grid: &Grid) -> Option<Columns> {
    for row in 0..grid.height().min(HEADER_SEARCH_ROWS) {
        let single = header_texts(grid, row, None);
        if let Some(columns) = columns_from(&single, row, row + 1) {
            return Some(columns);
        }
        // A two-row header: "Điểm" merged over "Tối đa" | "Đạt". A title line (one text
        // across the row, "(Kèm theo …)") is not the first row of a header.
        if row + 1 < grid.height() && distinct_texts(&single) >= 2 {
            let double = header_texts(grid, row, Some(row + 1));
            if let Some(columns) = columns_from(&double, row, row + 2) {
                return Some(columns);
            }
        }
    }
    None
}

/// How many different non-empty texts a row holds.
fn distinct_texts(texts: &[String]) -> usize {
    let mut seen: Vec<&str> = texts
        .iter()
        .map(String::as_str)
        .filter(|t| !t.trim().is_empty())
        .collect();
    seen.sort_unstable();
    seen.dedup();
    seen.len()
}

fn header_texts(grid: &Grid, row: usize, second: Option<usize>) -> Vec<String> {
    (0..grid.width())
        .map(|col| {
            let first = header_text(grid.get(row, col));
            match second.map(|r| header_text(grid.get(r, col))) {
                Some(below) if !below.is_empty() && below != first => format!("{first} {below}"),
                _ => first,
            }
        })
        .collect()
}

/// A cell's text as a header candidate. A text longer than any header (an opinion, a title
/// merged across the sheet) names no role, alone or joined: it is not copied for every row
/// searched, a blank stand-in just as long is.
fn header_text(value: &Value) -> String {
    match value {
        Value::Text(s) if s.len() > header::MAX_HEADER_BYTES => {
            " ".repeat(header::MAX_HEADER_BYTES + 1)
        }
        other => other.text(),
    }
}

fn columns_from(texts: &[String], header_row: usize, first_data_row: usize) -> Option<Columns> {
    let mut columns = Columns {
        header_row,
        first_data_row,
        headers: texts.iter().map(|t| t.trim().to_string()).collect(),
        ..Columns::default()
    };
    // A title merged across the sheet repeats its text in every column: its role is looked
    // up once.
    let mut previous: Option<(&str, Option<Role>)> = None;
    for (col, text) in texts.iter().enumerate() {
        let role = match previous {
            Some((p, role)) if p == text => role,
            _ => header::role_of(text),
        };
        previous = Some((text, role));
        let Some(role) = role else {
            continue;
        };
        let slot = match role {
            Role::CodeTitle => &mut columns.code_title,
            Role::Code => &mut columns.code,
            Role::ScorePair => &mut columns.score_pair,
            Role::Max => &mut columns.max,
            Role::Achieved => &mut columns.achieved,
            Role::Units => &mut columns.units,
            Role::Opinion => &mut columns.opinion,
            Role::Solution => &mut columns.solution,
            Role::Note => &mut columns.note,
            Role::Ignored if is_sequence_header(text) => &mut columns.sequence,
            Role::Ignored => continue,
        };
        if role == Role::Achieved {
            columns.achieved_all.push(col);
        }
        match slot {
            // Several achieved columns: chosen by meaning once the table is known.
            Some(_) if role == Role::Achieved => {}
            Some(_) => columns.duplicates.push((col, role)),
            None => *slot = Some(col),
        }
    }
    columns.layout().map(|_| columns)
}

fn parse_table(
    grid: &Grid,
    columns: &Columns,
    path: &Path,
    config: &Config,
) -> Result<Warned<Appraisal>> {
    let sheet_loc = Location::file(path).sheet(&grid.name);
    let mut warnings = Vec::new();
    let columns = with_code_column(grid, columns.clone());
    let columns = &choose_score_column(
        columns,
        config.score_column.as_deref(),
        &sheet_loc,
        &mut warnings,
    )?;
    let layout = columns.layout().unwrap_or(Layout::Annex);
    for (col, role) in &columns.duplicates {
        warnings.push(Warning {
            row: Some(columns.header_row + 1),
            code: None,
            message: format!(
                "cột {} cũng là cột {}; cột này không được dùng",
                crate::error::column_letter(col + 1),
                role_name(*role)
            ),
        });
    }
    let title = title::parse_title_block(grid, columns.header_row);
    let mut rows: Vec<Row> = Vec::new();
    let mut declared_total = None;
    let mut unknown_units = BTreeSet::new();
    // The first spelling of each unit the directory does not know, by its loose key.
    let mut spellings: HashMap<String, String> = HashMap::new();
    // The codes so far, for the duplicate warning without comparing every pair of rows.
    let mut seen_codes = HashSet::new();
    let directory = units::Directory::new(config);
    let text_at =
        |row: usize, col: Option<usize>| col.map(|c| grid.get(row, c).text()).unwrap_or_default();

    for r in columns.first_data_row..grid.height() {
        let cells = grid.row(r);
        if cells.iter().all(Value::is_empty) || is_column_number_row(cells) {
            continue;
        }
        let row_number = r + 1;
        let lead_text = text_at(r, columns.code.or(columns.code_title));
        let (code, title_text) = match columns.code {
            Some(_) => match code::split_code(&lead_text) {
                Some((code, rest)) => {
                    let title_cell = text_at(r, columns.code_title);
                    let title = code::split_code(&title_cell)
                        .filter(|(c, _)| *c == code)
                        .map_or(title_cell.clone(), |(_, t)| t.to_string());
                    (
                        Some(code),
                        if title.is_empty() {
                            rest.to_string()
                        } else {
                            title
                        },
                    )
                }
                None => (None, String::new()),
            },
            None => match code::split_code(&lead_text) {
                Some((code, rest)) => (Some(code), rest.to_string()),
                None => (None, String::new()),
            },
        };
        let score = read_score(grid, columns, layout, r, &sheet_loc)?;

        let Some(code) = code else {
            if let Some(total) = read_total(grid, columns, r, score, &lead_text) {
                declared_total = Some(total);
            } else if score.is_some() {
                warnings.push(Warning {
                    row: Some(row_number),
                    code: None,
                    message: format!(
                        "dòng có điểm nhưng không có mã tiêu chí (`{}`); dòng này không được tính",
                        shorten(&lead_text)
                    ),
                });
            }
            continue;
        };

        let score_col = columns.score_pair.or(columns.achieved).unwrap_or(0) + 1;
        if let Some(score) = score {
            check_score(
                &score,
                &code.to_string(),
                sheet_loc.clone().cell(row_number, score_col),
            )?;
        }
        let mut unit_text = text_at(r, columns.units);
        // A lead unit the configuration assigns to a criterion the table gives none.
        if unit_text.trim().is_empty()
            && let Some(assigned) = config.assign.get(&code.to_string())
        {
            unit_text.clone_from(assigned);
        }
        let mut resolved = directory.resolve(&unit_text);
        // Units the directory does not know are kept as first written; a later spelling
        // that differs only in case, spacing, punctuation or a trailing place word is the
        // same unit (issue 13), never a letter of its own.
        for unit in resolved.iter_mut().filter(|u| !u.known) {
            let key = units::loose_key(&unit.name);
            unit.name = spellings
                .entry(key)
                .or_insert_with(|| unit.name.clone())
                .clone();
        }
        let mut named = HashSet::new();
        resolved.retain(|u| named.insert(u.name.clone()));
        for unit in resolved.iter().filter(|u| !u.known) {
            if !config.units.is_empty() && unknown_units.insert(unit.name.clone()) {
                warnings.push(Warning {
                    row: Some(row_number),
                    code: Some(code.to_string()),
                    message: format!(
                        "đơn vị `{}` không có trong danh mục đơn vị của tệp cấu hình; giữ nguyên tên như trong bảng",
                        unit.name
                    ),
                });
            }
        }
        if !seen_codes.insert(code.clone()) {
            warnings.push(Warning {
                row: Some(row_number),
                code: Some(code.to_string()),
                message: format!("mã tiêu chí {code} xuất hiện nhiều lần trong bảng"),
            });
        }
        rows.push(Row {
            row: row_number,
            code,
            title: title_text,
            score,
            score_col,
            units: resolved.into_iter().map(|u| u.name).collect(),
            opinion: text_at(r, columns.opinion),
            solution: text_at(r, columns.solution),
            note: text_at(r, columns.note),
        });
    }

    // A table with no scored criterion would give letters about 0 points lost: never a
    // letter, but a refusal that says which columns were read (issue 13).
    if !rows.iter().any(|r| r.score.is_some()) {
        let column = |col: Option<usize>| {
            col.map_or_else(
                || "(không có)".to_string(),
                |c| {
                    let below = grid.get(columns.header_row + 1, c).text();
                    let header = grid.get(columns.header_row, c).text();
                    let header = if header.is_empty() { below } else { header };
                    format!(
                        "cột {} `{}`",
                        crate::error::column_letter(c + 1),
                        shorten(&header)
                    )
                },
            )
        };
        return Err(Error::NoCriteria {
            loc: sheet_loc.row(columns.header_row + 1),
            code: column(columns.code.or(columns.code_title)),
            score: column(columns.score_pair.or(columns.achieved)),
        });
    }

    Ok(Warned {
        output: Appraisal {
            source: path.to_path_buf(),
            sheet: grid.name.clone(),
            layout,
            columns: columns.read(),
            title,
            rows,
            declared_total,
        },
        warnings,
    })
}

/// The score of data row `r` (0-based), or `None` when the row has none.
fn read_score(
    grid: &Grid,
    columns: &Columns,
    layout: Layout,
    r: usize,
    sheet_loc: &Location,
) -> Result<Option<Score>> {
    let cell_loc = |col: usize| sheet_loc.clone().cell(r + 1, col + 1);
    let bad = |col: usize| Error::BadScore {
        loc: cell_loc(col),
        text: grid.get(r, col).text(),
    };
    match layout {
        Layout::Annex => {
            let col = columns.score_pair.unwrap_or(0);
            if is_spread_heading(grid, columns, r, col) {
                return Ok(None);
            }
            match number::score_cell(grid.get(r, col)) {
                ScoreCell::Empty | ScoreCell::NotApplicable => Ok(None),
                ScoreCell::Pair(achieved, max) => Ok(Some(Score { achieved, max })),
                ScoreCell::Number(_) | ScoreCell::Invalid => Err(bad(col)),
            }
        }
        Layout::PerColumn => {
            let (max_col, ach_col) = (columns.max.unwrap_or(0), columns.achieved.unwrap_or(0));
            if is_spread_heading(grid, columns, r, ach_col) {
                return Ok(None);
            }
            let read = |col: usize| match number::score_cell(grid.get(r, col)) {
                ScoreCell::Empty => Ok(None),
                ScoreCell::NotApplicable => Ok(Some(None)),
                ScoreCell::Number(d) => Ok(Some(Some(d))),
                ScoreCell::Pair(..) | ScoreCell::Invalid => Err(bad(col)),
            };
            match (read(max_col)?, read(ach_col)?) {
                (None, None) => Ok(None),
                (Some(None), _) | (_, Some(None)) => Ok(None),
                (Some(Some(max)), Some(Some(achieved))) => Ok(Some(Score { achieved, max })),
                (None, Some(_)) => Err(Error::MissingScore {
                    loc: cell_loc(max_col),
                    what: "điểm tối đa",
                }),
                (Some(_), None) => Err(Error::MissingScore {
                    loc: cell_loc(ach_col),
                    what: "điểm đạt",
                }),
            }
        }
    }
}

fn check_score(score: &Score, code: &str, loc: Location) -> Result<()> {
    let text = format!("{}/{}", score.achieved, score.max).replace('.', ",");
    if score.achieved < Decimal::ZERO || score.max < Decimal::ZERO {
        return Err(Error::Negative {
            loc,
            code: code.to_string(),
            text,
        });
    }
    if score.max.is_zero() {
        return Err(Error::ZeroMaximum {
            loc,
            code: code.to_string(),
            text,
        });
    }
    if score.achieved > score.max {
        return Err(Error::AboveMaximum {
            loc,
            code: code.to_string(),
            text,
        });
    }
    Ok(())
}

/// A heading merged across the row ("I. CÔNG TÁC CHỈ ĐẠO …" over A:F, or over B:G beside
/// its code in "STT") reaches the score columns through merge spreading; it is a heading,
/// not a score.
fn is_spread_heading(grid: &Grid, columns: &Columns, r: usize, score_col: usize) -> bool {
    let score = grid.get(r, score_col);
    matches!(score, Value::Text(_))
        && [columns.code, columns.code_title]
            .into_iter()
            .flatten()
            .any(|c| grid.get(r, c) == score)
}

/// A row without a code is the declared total when its first cell is a score pair
/// ("79,42/100") or starts with "Tổng".
fn read_total(
    grid: &Grid,
    columns: &Columns,
    r: usize,
    score: Option<Score>,
    lead_text: &str,
) -> Option<DeclaredTotal> {
    // "Tổng cộng", "TỔNG ĐIỂM": in the code column, or in the title column when the codes
    // have a column of their own (issue 13).
    let is_total_word = grid.row(r).iter().any(|cell| match cell {
        Value::Text(t) => text::header_key(t).starts_with("tong"),
        _ => false,
    });
    let score = match number::score_text(lead_text) {
        ScoreCell::Pair(achieved, max) => Some(Score { achieved, max }),
        _ if is_total_word => score,
        _ => None,
    }?;
    let lost = columns
        .note
        .and_then(|c| match number::score_cell(grid.get(r, c)) {
            ScoreCell::Number(d) => Some(d),
            _ => None,
        });
    Some(DeclaredTotal {
        row: r + 1,
        score,
        lost,
    })
}

/// "(1) (2) (3) …" or "1 2 3 …" under a header: a column-number row, not data.
fn is_column_number_row(cells: &[Value]) -> bool {
    let filled: Vec<String> = cells
        .iter()
        .filter(|v| !v.is_empty())
        .map(Value::text)
        .collect();
    filled.len() >= 3
        && filled.iter().enumerate().all(|(i, t)| {
            let inner = t.trim_start_matches('(').trim_end_matches(')');
            inner.parse::<usize>().is_ok_and(|n| n == i + 1)
        })
}

/// How late a round an achieved-points header names: 2 for the final or later round
/// ("vòng 2", "sau phúc tra", "chính thức"), 1 for an earlier one ("vòng 1"), 0 when it
/// says neither.
fn round_rank(header: &str) -> u8 {
    let key = format!(" {} ", text::header_key(header));
    let has = |words: &str| key.contains(&format!(" {words} "));
    if [
        "vong 2",
        "vong ii",
        "lan 2",
        "sau phuc tra",
        "phuc tra",
        "chinh thuc",
        "cuoi cung",
    ]
    .iter()
    .any(|w| has(w))
    {
        2
    } else if ["vong 1", "vong i", "lan 1", "truoc phuc tra"]
        .iter()
        .any(|w| has(w))
    {
        1
    } else {
        0
    }
}

/// Which achieved-points column is read when the header names several (issue 13): the one
/// `wanted` names (`--score-column`, or `score_column` in the config); else the latest
/// round ("vòng 2" over "vòng 1", "sau phúc tra", "chính thức"), wherever it stands. When
/// that is not clear, the table is refused with the candidates listed. The choice is said
/// as a warning.
fn choose_score_column(
    mut columns: Columns,
    wanted: Option<&str>,
    sheet: &Location,
    warnings: &mut Vec<Warning>,
) -> Result<Columns> {
    let described = |c: usize| {
        format!(
            "cột {} `{}`",
            crate::error::column_letter(c + 1),
            columns.headers.get(c).map_or("", String::as_str)
        )
    };
    let candidates = columns.achieved_all.clone();
    let loc = sheet.clone().row(columns.header_row + 1);
    let chosen = if let Some(wanted) = wanted.filter(|w| !w.trim().is_empty()) {
        let key = text::header_key(wanted);
        let found = (0..columns.headers.len())
            .find(|&c| text::header_key(&columns.headers[c]) == key)
            .or_else(|| {
                (0..columns.headers.len())
                    .find(|&c| text::header_key(&columns.headers[c]).contains(&key))
            });
        match found {
            Some(c) => c,
            None => {
                return Err(Error::ScoreColumn {
                    loc,
                    wanted: wanted.to_string(),
                    candidates: candidates.iter().map(|&c| described(c)).collect(),
                });
            }
        }
    } else if candidates.len() <= 1 {
        return Ok(columns);
    } else {
        let best = candidates
            .iter()
            .map(|&c| round_rank(&columns.headers[c]))
            .max()
            .unwrap_or(0);
        let top: Vec<usize> = candidates
            .iter()
            .copied()
            .filter(|&c| round_rank(&columns.headers[c]) == best)
            .collect();
        if top.len() != 1 {
            return Err(Error::ScoreColumn {
                loc,
                wanted: String::new(),
                candidates: candidates.iter().map(|&c| described(c)).collect(),
            });
        }
        top[0]
    };
    let others: Vec<String> = candidates
        .iter()
        .filter(|&&c| c != chosen)
        .map(|&c| described(c))
        .collect();
    if !others.is_empty() {
        warnings.push(Warning {
            row: Some(columns.header_row + 1),
            code: None,
            message: format!(
                "điểm đạt lấy ở {}; không dùng {}",
                described(chosen),
                others.join(", ")
            ),
        });
    }
    columns.achieved = Some(chosen);
    Ok(columns)
}

/// "STT", "TT", "Số thứ tự".
fn is_sequence_header(text: &str) -> bool {
    matches!(
        text::header_key(text).as_str(),
        "stt" | "tt" | "so tt" | "so thu tu"
    )
}

/// Where the codes are: the code column when the header names one; else the "STT" column
/// when it holds codes ("1.1", "1.1.1") and the title column does not start with them, as in
/// the results tables of QĐ 876/QĐ-BNV (issue 13); else the title column.
fn with_code_column(grid: &Grid, mut columns: Columns) -> Columns {
    let (None, Some(sequence)) = (columns.code, columns.sequence) else {
        return columns;
    };
    let data = columns.first_data_row..grid.height();
    let dotted = |col: usize| {
        data.clone()
            .filter(|&r| {
                code::split_code(&grid.get(r, col).text()).is_some_and(|(c, _)| c.0.len() > 1)
            })
            .count()
    };
    let in_titles = columns.code_title.map_or(0, dotted);
    if dotted(sequence) > 0 && in_titles == 0 {
        columns.code = Some(sequence);
    }
    columns
}

fn role_name(role: Role) -> &'static str {
    match role {
        Role::CodeTitle => "tiêu chí",
        Role::Code => "mã tiêu chí",
        Role::ScorePair => "điểm đạt/tối đa",
        Role::Max => "điểm tối đa",
        Role::Achieved => "điểm đạt",
        Role::Units => "cơ quan chủ trì",
        Role::Opinion => "ý kiến thẩm định",
        Role::Solution => "nguyên nhân, giải pháp",
        Role::Note => "ghi chú",
        Role::Ignored => "bỏ qua",
    }
}

fn shorten(text: &str) -> String {
    let mut out: String = text.chars().take(60).collect();
    if out.len() < text.len() {
        out.push('…');
    }
    out
}
