//! Sheet 2, "Tổng hợp": what a leader reads at a glance (issue 3): points lost per lead unit
//! with a bar chart, per area (lĩnh vực), to the appraisal versus the sociological survey,
//! and the reconciliation with the total the input declares.

use super::fit::{self, Font};
use super::style::Cells;
use super::style::{self, BODY, BODY_BOLD};
use super::{cached, number};
use crate::analyze::Analysis;
use crate::analyze::diff::Diff;
use crate::render::RenderContext;
use crate::render::UNASSIGNED;
use crate::render::figures::{self, Printed};
use crate::text::vn;
use rust_decimal::Decimal;
use rust_xlsxwriter::{
    Chart, ChartAxisCrossing, ChartDataLabel, ChartFont, ChartType, Format, Formula, Worksheet,
    XlsxError,
};

/// The sheet's name, also used by the chart's ranges.
const NAME: &str = "Tổng hợp";

/// Column widths in Times New Roman digits, summing to the printable landscape width.
const WIDTHS: [f64; 7] = [6.0, 35.0, 13.0, 13.0, 13.0, 13.0, 22.0];
const LAST_COL: u16 = 6;

/// One cell of a summary row.
enum Cell<'a> {
    Text(String, &'a Format, Font),
    /// Text merged from its column to the given last column.
    Span(String, &'a Format, Font, u16),
    Number(f64, &'a Format),
    Formula(Formula, &'a Format),
    Blank(&'a Format),
}

/// The sheet's formats.
struct Formats<'a> {
    /// The formats shared with the annex sheet.
    cells: &'a Cells,
    header: Format,
    section: Format,
    count: Format,
    count_bold: Format,
    share: Format,
    share_bold: Format,
}

/// Where the next row goes, and what has been written: each row's height and where each
/// section starts, to keep sections whole on the printed pages.
struct Writer<'s> {
    sheet: &'s mut Worksheet,
    row: u32,
    /// The height in points of every row so far that is not the default.
    heights: std::collections::BTreeMap<u32, f64>,
    /// The first row of each section, and of the chart: what a page break may come before.
    sections: Vec<u32>,
}

impl Writer<'_> {
    /// Writes a row from column A and sets its height from its tallest text.
    fn put(&mut self, cells: Vec<Cell<'_>>) -> Result<u32, XlsxError> {
        let row = self.row;
        let mut tallest = (1, BODY);
        for (col, cell) in (0u16..).zip(cells) {
            match cell {
                Cell::Text(text, format, font) => {
                    self.sheet
                        .write_string_with_format(row, col, &text, format)?;
                    let lines = fit::lines(&text, fit::column_px(WIDTHS[usize::from(col)]), font);
                    if lines > tallest.0 || (lines == tallest.0 && font.bold) {
                        tallest = (lines, font);
                    }
                }
                Cell::Span(text, format, font, last) => {
                    self.sheet.merge_range(row, col, row, last, &text, format)?;
                    let px = WIDTHS[usize::from(col)..=usize::from(last)]
                        .iter()
                        .copied()
                        .map(fit::column_px)
                        .sum();
                    let lines = fit::lines(&text, px, font);
                    if lines > tallest.0 || (lines == tallest.0 && font.bold) {
                        tallest = (lines, font);
                    }
                }
                Cell::Number(n, format) => {
                    self.sheet.write_number_with_format(row, col, n, format)?;
                }
                Cell::Formula(formula, format) => {
                    self.sheet
                        .write_formula_with_format(row, col, formula, format)?;
                }
                Cell::Blank(format) => {
                    self.sheet.write_blank(row, col, format)?;
                }
            }
        }
        self.height(row, fit::height(tallest.0, tallest.1))?;
        self.row += 1;
        Ok(row)
    }

    /// Sets a row's height, in points, and keeps it for the page breaks.
    fn height(&mut self, row: u32, points: f64) -> Result<(), XlsxError> {
        self.sheet.set_row_height(row, points)?;
        self.heights.insert(row, points);
        Ok(())
    }

    /// Breaks the page before a section that would not fit on what is left of the page,
    /// so that no table prints split from its heading or its total row (issue 14). A
    /// section taller than a page starts a page and runs on.
    fn keep_sections_whole(&mut self) -> Result<(), XlsxError> {
        let height = |r: u32| {
            self.heights
                .get(&r)
                .copied()
                .unwrap_or(f64::from(style::DEFAULT_ROW_PX) * 0.75)
        };
        // The sheet's title goes with the first section.
        let mut starts = vec![0];
        starts.extend(self.sections.iter().skip(1));
        starts.push(self.row);
        let mut breaks = Vec::new();
        let mut used = 0.0;
        for pair in starts.windows(2) {
            let size: f64 = (pair[0]..pair[1]).map(height).sum();
            if used > 0.0 && used + size > style::PRINTABLE_HEIGHT_PT {
                breaks.push(pair[0]);
                used = size % style::PRINTABLE_HEIGHT_PT;
            } else {
                used += size;
            }
        }
        if !breaks.is_empty() {
            self.sheet.set_page_breaks(&breaks)?;
        }
        Ok(())
    }

    /// A section title ("I. …"), bold, across the sheet.
    fn section(&mut self, title: &str, f: &Formats<'_>) -> Result<(), XlsxError> {
        // The empty row above belongs to the section: a page never starts with it.
        self.sections.push(self.row);
        self.row += 1;
        let row = self.row;
        self.sheet
            .merge_range(row, 0, row, LAST_COL, title, &f.section)?;
        self.height(row, fit::height(1, BODY_BOLD))?;
        self.row += 1;
        Ok(())
    }

    /// A bold, centred header row.
    fn header(
        &mut self,
        labels: &[&str],
        span_last: bool,
        f: &Formats<'_>,
    ) -> Result<u32, XlsxError> {
        let mut cells: Vec<Cell<'_>> = labels
            .iter()
            .map(|l| Cell::Text((*l).to_string(), &f.header, BODY_BOLD))
            .collect();
        // The last label may span what is left of the table's width, over a note.
        if span_last && let Some(Cell::Text(label, format, font)) = cells.pop() {
            cells.push(Cell::Span(label, format, font, LAST_COL));
        }
        self.put(cells)
    }
}

fn text<'a>(s: impl Into<String>, format: &'a Format) -> Cell<'a> {
    Cell::Text(s.into(), format, BODY)
}

fn bold<'a>(s: impl Into<String>, format: &'a Format) -> Cell<'a> {
    Cell::Text(s.into(), format, BODY_BOLD)
}

/// A share of the total points lost, exact until written.
fn share(part: Decimal, total: Decimal) -> f64 {
    if total.is_zero() {
        0.0
    } else {
        number(part / total)
    }
}

/// "=SUM(C5:C11)" over `col` of rows `first..last` (0-based, `last` excluded).
fn sum(col: char, first: u32, last: u32, result: String) -> Formula {
    Formula::new(format!("=SUM({col}{}:{col}{})", first + 1, last)).set_result(result)
}

fn count(n: usize) -> f64 {
    u32::try_from(n).map(f64::from).unwrap_or(f64::MAX)
}

/// Writes the sheet.
pub fn write(
    sheet: &mut Worksheet,
    ctx: &RenderContext<'_>,
    cells: &Cells,
) -> Result<(), XlsxError> {
    sheet.set_name(NAME)?;
    style::page_setup(sheet);
    for (col, width) in (0u16..).zip(WIDTHS) {
        sheet.set_column_width(col, width)?;
    }
    let f = Formats {
        cells,
        header: style::header(),
        section: style::base().set_bold(),
        count: style::centred().set_num_format("0"),
        count_bold: style::centred().set_num_format("0").set_bold(),
        share: style::centred().set_num_format("0.0%"),
        share_bold: style::centred().set_num_format("0.0%").set_bold(),
    };
    let mut w = Writer {
        sheet,
        row: 0,
        heights: std::collections::BTreeMap::new(),
        sections: Vec::new(),
    };

    let full_px: f64 = WIDTHS.iter().copied().map(fit::column_px).sum();
    let heading = format!("TỔNG HỢP ĐIỂM BỊ TRỪ CHỈ SỐ CCHC NĂM {}", ctx.meta.year);
    let titles = [
        (
            heading.as_str(),
            style::title(14.0).set_bold(),
            Font {
                size: 14.0,
                bold: true,
            },
        ),
        (
            ctx.meta.annex.organ.as_str(),
            style::title(13.0).set_italic(),
            Font {
                size: 13.0,
                bold: false,
            },
        ),
    ];
    for (line, format, font) in titles {
        let row = w.row;
        w.sheet.merge_range(row, 0, row, LAST_COL, line, &format)?;
        w.height(row, fit::height(fit::lines(line, full_px, font), font))?;
        w.row += 1;
    }
    // The sheet's title over every printed page.
    w.sheet.set_repeat_rows(0, 1)?;

    let printed = Printed::of(ctx.analysis);
    units(&mut w, &f, ctx.analysis, &printed)?;
    areas(&mut w, &f, ctx.analysis, &printed)?;
    survey(&mut w, &f, &printed)?;
    reconciliation(&mut w, &f, ctx.analysis)?;
    if let Some(diff) = ctx.previous {
        comparison(&mut w, &f, diff)?;
    }
    w.keep_sections_whole()
}

/// Section I: points lost per lead unit, largest first, the unassigned points as their own
/// row, a total that adds up to the annex's, and the bar chart below. The figures are the
/// letters' (see [`Printed`]): they add up to the total printed.
fn units(
    w: &mut Writer<'_>,
    f: &Formats<'_>,
    analysis: &Analysis,
    printed: &Printed,
) -> Result<(), XlsxError> {
    w.section("I. ĐIỂM BỊ TRỪ THEO CƠ QUAN CHỦ TRÌ", f)?;
    w.header(
        &[
            "STT",
            "Cơ quan, đơn vị",
            "Điểm bị trừ (chủ trì)",
            "Số tiêu chí chủ trì",
            "Số tiêu chí phối hợp",
            "Tỷ lệ trên tổng số điểm bị trừ",
            "Các tiêu chí chủ trì",
        ],
        false,
        f,
    )?;
    let total = printed.lost;
    let codes = |list: &[crate::analyze::CriterionRef]| {
        list.iter()
            .map(|c| c.code.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut order: Vec<_> = analysis.units.iter().zip(&printed.units).collect();
    // Largest loss first; ties keep the order of first appearance (the sort is stable).
    order.sort_by_key(|(u, _)| std::cmp::Reverse(u.lead.lost));
    let first = w.row;
    let mut number_in_list = 0;
    for (unit, &lost) in order {
        number_in_list += 1;
        w.put(vec![
            Cell::Number(count(number_in_list), &f.count),
            text(&unit.name, &f.cells.text),
            Cell::Number(number(lost), &f.cells.sum),
            Cell::Number(count(unit.led.len()), &f.count),
            Cell::Number(count(unit.cooperating.len()), &f.count),
            Cell::Number(share(lost, total), &f.share),
            text(codes(&unit.led), &f.cells.text),
        ])?;
    }
    let unassigned = &analysis.unassigned;
    w.put(vec![
        Cell::Blank(&f.cells.centred),
        Cell::Text(UNASSIGNED.into(), &f.cells.text_italic, BODY),
        Cell::Number(number(printed.unassigned), &f.cells.sum),
        Cell::Number(count(unassigned.criteria.len()), &f.count),
        Cell::Blank(&f.cells.centred),
        Cell::Number(share(printed.unassigned, total), &f.share),
        text(codes(&unassigned.criteria), &f.cells.text),
    ])?;
    let end = w.row;
    let led: usize =
        analysis.units.iter().map(|u| u.led.len()).sum::<usize>() + unassigned.criteria.len();
    let shares = if total.is_zero() { "0" } else { "1" };
    w.put(vec![
        Cell::Blank(&f.cells.centred),
        bold("Tổng cộng", &f.cells.centred_bold),
        Cell::Formula(sum('C', first, end, cached(total)), &f.cells.sum_bold),
        Cell::Formula(sum('D', first, end, led.to_string()), &f.count_bold),
        Cell::Blank(&f.cells.centred),
        Cell::Formula(sum('F', first, end, shares.into()), &f.share_bold),
        Cell::Blank(&f.cells.centred),
    ])?;
    chart(w, first, end - 1)
}

/// A horizontal bar per unit (and the unassigned row), in the table's order, in one tall row
/// under the table so it prints with it.
fn chart(w: &mut Writer<'_>, first: u32, last: u32) -> Result<(), XlsxError> {
    let font = ChartFont::new().set_name(style::FONT).set_size(10).clone();
    let mut chart = Chart::new(ChartType::Bar);
    chart
        .add_series()
        .set_categories((NAME, first, 1, last, 1))
        .set_values((NAME, first, 2, last, 2))
        .set_data_label(
            ChartDataLabel::new()
                .show_value()
                .set_num_format(style::SUM_FORMAT)
                .set_font(&font),
        );
    chart
        .title()
        .set_name("Điểm bị trừ theo cơ quan chủ trì")
        .set_font(
            ChartFont::new()
                .set_name(style::FONT)
                .set_size(12)
                .set_bold(),
        );
    chart.legend().set_hidden();
    // Bars are drawn bottom-up; reversed, they read top-down like the table.
    // In a bar chart the categories run up the y axis; the value axis stays at the bottom.
    chart
        .y_axis()
        .set_reverse()
        .set_crossing(ChartAxisCrossing::Max)
        .set_font(&font);
    chart.x_axis().set_font(&font);

    // The chart may go to the next page on its own; the table above it stays whole.
    w.sections.push(w.row);
    w.row += 1;
    let width: f64 = WIDTHS[1..].iter().copied().map(fit::column_px).sum();
    let height_px = 300u32;
    chart.set_width(width as u32).set_height(height_px);
    w.height(w.row, f64::from(height_px + 12) * 0.75)?;
    w.sheet.insert_chart_with_offset(w.row, 1, &chart, 0, 6)?;
    w.row += 1;
    Ok(())
}

/// Section II: per area, over the counted criteria the input lists. When they are not the
/// whole index, the headings say so: the sums are not the areas' maxima (issue 14).
fn areas(
    w: &mut Writer<'_>,
    f: &Formats<'_>,
    analysis: &Analysis,
    printed: &Printed,
) -> Result<(), XlsxError> {
    w.section("II. ĐIỂM THEO LĨNH VỰC", f)?;
    let whole = analysis
        .index
        .is_some_and(|i| i.score.max == analysis.totals.max);
    let (max, achieved) = if whole {
        ("Điểm tối đa", "Điểm đạt")
    } else {
        (
            "Điểm tối đa của các tiêu chí trong bảng",
            "Điểm đạt của các tiêu chí trong bảng",
        )
    };
    w.header(
        &[
            "Lĩnh vực",
            "Tên lĩnh vực",
            max,
            achieved,
            "Điểm bị trừ",
            "Số tiêu chí chưa đạt",
            "Tỷ lệ trên tổng số điểm bị trừ",
        ],
        false,
        f,
    )?;
    let first = w.row;
    for (area, p) in analysis.areas.iter().zip(&printed.areas) {
        let name = area
            .name
            .clone()
            .unwrap_or_else(|| format!("Lĩnh vực {}", area.area));
        w.put(vec![
            Cell::Number(f64::from(area.area), &f.count),
            text(name, &f.cells.text),
            Cell::Number(number(p.max), &f.cells.sum),
            Cell::Number(number(p.achieved), &f.cells.sum),
            Cell::Number(number(p.lost), &f.cells.sum),
            Cell::Number(count(area.short), &f.count),
            Cell::Number(share(p.lost, printed.lost), &f.share),
        ])?;
    }
    let end = w.row;
    let short: usize = analysis.areas.iter().map(|a| a.short).sum();
    let shares = if printed.lost.is_zero() { "0" } else { "1" };
    w.put(vec![
        Cell::Blank(&f.cells.centred),
        bold("Tổng cộng", &f.cells.centred_bold),
        Cell::Formula(sum('C', first, end, cached(printed.max)), &f.cells.sum_bold),
        Cell::Formula(
            sum('D', first, end, cached(printed.achieved)),
            &f.cells.sum_bold,
        ),
        Cell::Formula(
            sum('E', first, end, cached(printed.lost)),
            &f.cells.sum_bold,
        ),
        Cell::Formula(sum('F', first, end, short.to_string()), &f.count_bold),
        Cell::Formula(sum('G', first, end, shares.into()), &f.share_bold),
    ])?;
    Ok(())
}

/// Section III: points lost to the appraisal of the evidence versus to the sociological
/// survey (Điều tra xã hội học), which an office improves by different means.
fn survey(w: &mut Writer<'_>, f: &Formats<'_>, printed: &Printed) -> Result<(), XlsxError> {
    w.section(
        "III. ĐIỂM BỊ TRỪ QUA THẨM ĐỊNH VÀ QUA ĐIỀU TRA XÃ HỘI HỌC",
        f,
    )?;
    w.header(
        &[
            "STT",
            "Nguồn",
            "Điểm bị trừ",
            "Tỷ lệ trên tổng số điểm bị trừ",
        ],
        false,
        f,
    )?;
    let first = w.row;
    let parts = [
        ("Thẩm định", printed.lost_appraisal),
        ("Điều tra xã hội học", printed.lost_survey),
    ];
    for (i, (label, lost)) in (1..).zip(parts) {
        w.put(vec![
            Cell::Number(f64::from(i), &f.count),
            text(label, &f.cells.text),
            Cell::Number(number(lost), &f.cells.sum),
            Cell::Number(share(lost, printed.lost), &f.share),
        ])?;
    }
    let end = w.row;
    let shares = if printed.lost.is_zero() { "0" } else { "1" };
    w.put(vec![
        Cell::Blank(&f.cells.centred),
        bold("Tổng cộng", &f.cells.centred_bold),
        Cell::Formula(
            sum('C', first, end, cached(printed.lost)),
            &f.cells.sum_bold,
        ),
        Cell::Formula(sum('D', first, end, shares.into()), &f.share_bold),
    ])?;
    Ok(())
}

/// Section IV: the computed total against the total row of the input, with the verdict.
fn reconciliation(
    w: &mut Writer<'_>,
    f: &Formats<'_>,
    analysis: &Analysis,
) -> Result<(), XlsxError> {
    w.section("IV. ĐỐI CHIẾU VỚI DÒNG TỔNG CỦA BẢNG ĐẦU VÀO", f)?;
    let Some(r) = &analysis.reconciliation else {
        let row = w.row;
        w.sheet.merge_range(
            row,
            0,
            row,
            LAST_COL,
            "Bảng đầu vào không có dòng tổng để đối chiếu.",
            &f.cells.text_italic,
        )?;
        w.row += 1;
        return Ok(());
    };
    w.header(&["STT", "Nội dung", "Điểm bị trừ", "Ghi chú"], true, f)?;
    let t = &analysis.totals;
    let computed_note = format!(
        "{}/{} điểm trên {} tiêu chí được tính",
        vn(t.achieved),
        vn(t.max),
        analysis.criteria.len()
    );
    let declared_note = format!(
        "Ghi {}/{}",
        vn(r.declared.score.achieved),
        vn(r.declared.score.max)
    );
    let verdict = if r.agrees {
        format!(
            "Khớp: chênh lệch trong sai số làm tròn (±{})",
            vn(r.tolerance)
        )
    } else {
        format!(
            "Không khớp: chênh lệch {} điểm, cần kiểm tra lại dòng tổng",
            vn(r.difference)
        )
    };
    let lines = [
        (
            "Tính từ các tiêu chí của bảng".to_string(),
            t.lost,
            computed_note,
        ),
        (
            format!("Dòng tổng của bảng (dòng {})", r.declared.row),
            r.declared_lost,
            declared_note,
        ),
        ("Chênh lệch".to_string(), r.difference, String::new()),
    ];
    for (i, (label, figure, note)) in (1..).zip(lines) {
        w.put(vec![
            Cell::Number(f64::from(i), &f.count),
            text(label, &f.cells.text),
            Cell::Number(number(figure), &f.cells.points),
            Cell::Span(note, &f.cells.text, BODY, LAST_COL),
        ])?;
    }
    w.put(vec![
        Cell::Number(4.0, &f.count),
        bold("Kết luận", &f.cells.text_bold),
        Cell::Span(verdict, &f.cells.text_bold, BODY_BOLD, LAST_COL),
    ])?;
    Ok(())
}

/// Section V (`generate --previous`): the previous round against this one, per lead unit
/// and for every criterion whose score changed, was added or was dropped (issue 5).
fn comparison(w: &mut Writer<'_>, f: &Formats<'_>, diff: &Diff) -> Result<(), XlsxError> {
    w.section("V. SO SÁNH VỚI KẾT QUẢ VÒNG TRƯỚC", f)?;
    w.header(
        &[
            "STT",
            "Cơ quan chủ trì",
            "Bị trừ vòng trước",
            "Bị trừ vòng này",
            "Thay đổi",
        ],
        false,
        f,
    )?;
    // Each round's column adds up to its printed total, and each change is the
    // difference of the figures beside it.
    let old = figures::apportion(&diff.units.iter().map(|u| u.old_lost).collect::<Vec<_>>());
    let new = figures::apportion(&diff.units.iter().map(|u| u.new_lost).collect::<Vec<_>>());
    for (i, ((u, old), new)) in (1..).zip(diff.units.iter().zip(&old).zip(&new)) {
        w.put(vec![
            Cell::Number(f64::from(i), &f.count),
            text(u.name.clone(), &f.cells.text),
            Cell::Number(number(*old), &f.cells.sum),
            Cell::Number(number(*new), &f.cells.sum),
            Cell::Number(number(new - old), &f.cells.sum),
        ])?;
    }
    let t = &diff.total;
    let (old, new) = (figures::round(t.old_lost), figures::round(t.new_lost));
    w.put(vec![
        Cell::Blank(&f.cells.centred),
        bold("Tổng cộng", &f.cells.centred_bold),
        Cell::Number(number(old), &f.cells.sum_bold),
        Cell::Number(number(new), &f.cells.sum_bold),
        Cell::Number(number(new - old), &f.cells.sum_bold),
    ])?;

    if diff.changed.is_empty() && diff.added.is_empty() && diff.removed.is_empty() {
        return Ok(());
    }
    w.row += 1;
    w.header(
        &[
            "STT",
            "Tiêu chí",
            "Điểm vòng trước",
            "Điểm vòng này",
            "Bị trừ vòng trước",
            "Bị trừ vòng này",
        ],
        false,
        f,
    )?;
    let score = |s: &crate::model::Score| format!("{}/{}", vn(s.achieved), vn(s.max));
    let none = "(không có)".to_string();
    let mut lines: Vec<(String, String, String, Decimal, Decimal)> = Vec::new();
    for c in &diff.changed {
        lines.push((
            format!("{} {}", c.code, c.title),
            score(&c.old),
            score(&c.new),
            c.old.lost(),
            c.new.lost(),
        ));
    }
    for a in &diff.added {
        lines.push((
            format!("{} {}", a.code, a.title),
            none.clone(),
            score(&a.score),
            Decimal::ZERO,
            a.score.lost(),
        ));
    }
    for r in &diff.removed {
        lines.push((
            format!("{} {}", r.code, r.title),
            score(&r.score),
            none.clone(),
            r.score.lost(),
            Decimal::ZERO,
        ));
    }
    for (i, (criterion, old, new, old_lost, new_lost)) in (1..).zip(lines) {
        w.put(vec![
            Cell::Number(f64::from(i), &f.count),
            text(criterion, &f.cells.text),
            text(old, &f.cells.centred),
            text(new, &f.cells.centred),
            Cell::Number(number(old_lost), &f.cells.points),
            Cell::Number(number(new_lost), &f.cells.points),
        ])?;
    }
    Ok(())
}
