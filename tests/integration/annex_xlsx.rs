//! The Excel annex read back as a person reads it: the title lines, the table's rows and
//! figures, the total formula, the summary sheet; text from the input stays text; identical
//! inputs give identical bytes.

use crate::support::options;
use crate::support::xlsx::{SAMPLE, generate_annex};
use calamine::{Data, Range, Reader, Xlsx, open_workbook};
use std::path::Path;

/// The same rows in the per-column layout, with no title block and no total row.
const PER_COLUMN: &str = "tests/fixtures/tuan-giao-2019/ket-qua-tham-dinh.xlsx";

const ANNEX: &str = "Phụ lục";
const SUMMARY: &str = "Tổng hợp";
/// Columns of the annex table.
const CRITERION: u32 = 0;
const SCORE: u32 = 1;
const UNITS: u32 = 2;
const OPINION: u32 = 3;
const LOST: u32 = 5;

fn annex_of(input: &str) -> (tempfile::TempDir, Sheet, Sheet) {
    let (dir, path) = generate_annex(Path::new(input));
    let annex = Sheet::read(&path, ANNEX);
    let summary = Sheet::read(&path, SUMMARY);
    (dir, annex, summary)
}

#[test]
fn the_title_block_and_the_header_read_as_in_the_seed() {
    let (_dir, annex, _) = annex_of(SAMPLE);
    assert_eq!(annex.text(0, 0), "UBND HUYỆN TUẦN GIÁO");
    assert_eq!(annex.text(2, 0), "BẢNG PHÂN TÍCH");
    assert_eq!(
        annex.text(3, 0),
        "Các tiêu chí, tiêu chí thành phần chưa đạt điểm tối đa trong xác định Chỉ số CCHC của huyện Tuần Giáo năm 2019"
    );
    assert_eq!(
        annex.text(4, 0),
        "(Kèm theo Văn bản số 1356/UBND-NV ngày 30/10/2020 của UBND huyện Tuần Giáo)"
    );
    let header: Vec<String> = (0..6).map(|c| annex.text(6, c)).collect();
    assert_eq!(
        header,
        [
            "Tiêu chí/tiêu chí thành phần",
            "Điểm đạt/tối đa",
            "Cơ quan chủ trì phụ trách",
            "Ý kiến thẩm định",
            "Nguyên nhân, giải pháp",
            "Điểm bị trừ"
        ]
    );
}

#[test]
fn every_shortfall_is_listed_with_its_figures_and_units() {
    let (_dir, annex, _) = annex_of(SAMPLE);
    let r = annex.row_starting(CRITERION, "1.4.2. ");
    assert!(
        annex
            .text(r, CRITERION)
            .starts_with("1.4.2. Có sáng kiến, giải pháp")
    );
    assert_eq!(annex.text(r, SCORE), "0,75/1");
    assert_eq!(
        annex.text(r, UNITS),
        "Phòng Kinh tế - Hạ tầng (chủ trì)\nPhòng Nội vụ (phối hợp)"
    );
    assert!(annex.text(r, OPINION).starts_with("Vòng 1- Các sáng kiến"));
    assert_eq!(annex.number(r, LOST), Some(0.25));

    let r = annex.row_starting(CRITERION, "1.8.1. ");
    assert_eq!(annex.text(r, UNITS), "Văn phòng HĐND-UBND");
    assert_eq!(annex.number(r, LOST), Some(0.114));

    // A criterion that names no unit says so.
    let r = annex.row_starting(CRITERION, "7.2.4. ");
    assert_eq!(annex.text(r, UNITS), "Chưa giao đơn vị");
    assert_eq!(annex.number(r, LOST), Some(0.5));

    // 46 criteria with a loss, each with a numeric loss; 6.1.1 at full marks is absent.
    let with_loss = (0..annex.height())
        .filter(|&r| annex.number(r, LOST).is_some() && annex.formula(r, LOST).is_empty())
        .count();
    assert_eq!(with_loss, 46);
    assert!(annex.rows_starting(CRITERION, "6.1.1.").is_empty());
}

#[test]
fn a_parent_appears_once_as_a_heading_above_its_children() {
    let (_dir, annex, _) = annex_of(SAMPLE);
    let parent = annex.row_starting(CRITERION, "5.11. ");
    assert_eq!(annex.text(parent, SCORE), "1,968/2,5");
    assert_eq!(
        annex.number(parent, LOST),
        None,
        "a heading carries no loss"
    );
    for (i, child) in ["5.11.1. ", "5.11.2. ", "5.11.3. ", "5.11.4. "]
        .iter()
        .enumerate()
    {
        assert_eq!(annex.row_starting(CRITERION, child), parent + 1 + i as u32);
    }
    // Groups without a score are headings too.
    let group = annex.row_starting(CRITERION, "1.8. ");
    assert_eq!(annex.text(group, SCORE), "");
    assert_eq!(annex.number(group, LOST), None);
    assert_eq!(annex.row_starting(CRITERION, "1.8.1. "), group + 1);
}

#[test]
fn the_total_is_a_sum_formula_with_its_exact_cached_result() {
    let (_dir, annex, _) = annex_of(SAMPLE);
    let r = annex.row_starting(CRITERION, "Tổng cộng");
    assert_eq!(r + 1, annex.height(), "the total closes the table");
    // The unit's index as the table declares it, as in the Word annex; not the sum over the
    // listed rows (20,419/41), which a reader takes for the index.
    assert_eq!(annex.text(r, SCORE), "79,42/100");
    assert_eq!(annex.formula(r, LOST), format!("SUM(F8:F{r})"));
    let total = annex.number(r, LOST).expect("a cached total");
    assert!(close(total, 20.581), "{total}");
}

#[test]
fn the_summary_gives_units_areas_survey_and_reconciliation() {
    let (_dir, _, summary) = annex_of(SAMPLE);
    let lost_of = |name: &str| {
        let r = summary.row_starting(1, name);
        (summary.number(r, 2).expect("points"), r)
    };
    for (unit, lost, led, cooperating) in [
        ("Phòng Nội vụ", 5.52, 17.0, 1.0),
        ("Phòng Văn hóa - Thông tin", 5.0, 5.0, 1.0),
        // 4,411 exactly: printed as a sum, to two places (issue 14).
        ("Văn phòng HĐND-UBND", 4.41, 12.0, 0.0),
        ("Phòng Tài chính - Kế hoạch", 2.76, 7.0, 0.0),
        ("Phòng Kinh tế - Hạ tầng", 1.75, 3.0, 0.0),
        ("Trung tâm Văn hóa, Thông tin và Truyền hình", 0.0, 0.0, 2.0),
    ] {
        let (points, r) = lost_of(unit);
        assert!(close(points, lost), "{unit}: {points}");
        assert_eq!(summary.number(r, 3), Some(led), "{unit} leads");
        assert_eq!(
            summary.number(r, 4),
            Some(cooperating),
            "{unit} co-operates"
        );
    }
    // Largest loss first.
    assert!(lost_of("Phòng Nội vụ").1 < lost_of("Phòng Văn hóa - Thông tin").1);
    let (points, r) = lost_of("Chưa giao đơn vị");
    assert!(close(points, 1.14), "{points}");
    assert_eq!(summary.text(r, 6), "7.2.4, 7.6");
    let nv = lost_of("Phòng Nội vụ").1;
    let share = summary.number(nv, 5).expect("a share");
    assert!((share - 5.52 / 20.58).abs() < 1e-12, "{share}");

    // The first "Tổng cộng" closes the unit table: the sum of units and unassigned.
    let totals = summary.rows_starting(1, "Tổng cộng");
    assert_eq!(totals.len(), 3, "units, areas, survey");
    assert!(summary.formula(totals[0], 2).starts_with("SUM(C"));
    // The parts as printed add up to the total as printed: 20,58 in every file.
    assert!(close(summary.number(totals[0], 2).expect("total"), 20.58));
    assert_eq!(summary.number(totals[0], 3), Some(46.0));

    // Areas, by number and name, older 7-area scheme.
    let r = summary.row_starting(1, "Hiện đại hóa hành chính");
    assert_eq!(summary.number(r, 0), Some(7.0));
    assert_eq!(summary.number(r, 2), Some(12.5));
    assert!(close(summary.number(r, 4).expect("lost"), 9.39));
    assert!(close(summary.number(totals[1], 2).expect("maximum"), 41.0));
    assert!(close(summary.number(totals[1], 4).expect("lost"), 20.58));
    // 2,424 + 0,487 + 1,766 + 3,754 + 2,76 + 9,39 = 20,581: rounded alone the areas would
    // print 20,57; by largest remainder 0,487 and 1,766 take the two missing hundredths.
    let area = |name: &str| {
        let r = summary.row_starting(1, name);
        [2, 3, 4].map(|c| summary.number(r, c).expect("points"))
    };
    let cong_tac = area("Công tác chỉ đạo");
    assert!(
        close(cong_tac[2], 2.42) && close(cong_tac[1], 5.08),
        "{cong_tac:?}"
    );
    let vbqppl = area("Xây dựng và tổ chức thực hiện văn bản");
    assert!(
        close(vbqppl[2], 0.49) && close(vbqppl[1], 1.51),
        "{vbqppl:?}"
    );
    assert!(close(area("Cải cách tổ chức bộ máy")[2], 1.77));
    // The table lists only part of the index: the sums are labelled as such.
    let header = summary.row_starting(1, "Tên lĩnh vực");
    assert_eq!(
        summary.text(header, 2),
        "Điểm tối đa của các tiêu chí trong bảng"
    );

    // Appraisal versus survey.
    let r = summary.row_starting(1, "Thẩm định");
    assert!(close(summary.number(r, 2).expect("appraisal"), 16.52));
    let r = summary.row_starting(1, "Điều tra xã hội học");
    // 16,516 + 4,065: rounded alone 16,52 + 4,07 = 20,59 (issue 14).
    assert!(close(summary.number(r, 2).expect("survey"), 4.06));
    assert!(close(summary.number(totals[2], 2).expect("both"), 20.58));

    // The reconciliation with the declared "79,42/100 … 20,58".
    let r = summary.row_starting(1, "Dòng tổng của bảng");
    assert!(close(summary.number(r, 2).expect("declared"), 20.58));
    assert_eq!(summary.text(r, 3), "Ghi 79,42/100");
    let r = summary.row_starting(1, "Chênh lệch");
    assert!(close(summary.number(r, 2).expect("difference"), 0.001));
    let r = summary.row_starting(1, "Kết luận");
    assert!(
        summary.text(r, 2).starts_with("Khớp"),
        "{}",
        summary.text(r, 2)
    );
}

#[test]
fn the_per_column_layout_gives_the_same_table() {
    let (_dir, annex, summary) = annex_of(PER_COLUMN);
    // No title block in the input: the config's lines.
    assert_eq!(annex.text(0, 0), "UBND HUYỆN TUẦN GIÁO");
    assert_eq!(annex.text(2, 0), "BẢNG PHÂN TÍCH");
    let r = annex.row_starting(CRITERION, "1.4.2. ");
    assert_eq!(annex.text(r, SCORE), "0,75/1");
    assert_eq!(annex.number(r, LOST), Some(0.25));
    assert_eq!(
        annex.text(annex.row_starting(CRITERION, "5.11. "), SCORE),
        "1,968/2,5"
    );
    let total = annex.row_starting(CRITERION, "Tổng cộng");
    assert!(close(annex.number(total, LOST).expect("total"), 20.581));
    // Nothing declared, nothing to reconcile.
    assert_eq!(
        summary
            .rows_starting(0, "Bảng đầu vào không có dòng tổng")
            .len(),
        1
    );
}

#[test]
fn text_that_looks_like_a_formula_stays_text() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("cong-thuc.xlsx");
    let tricky = ["=SUM(A1:A9)", "+84 912", "-0,5 điểm", "@tiêu chí"];
    write_per_column_input(&input, &tricky);
    let (_out, path) = generate_annex(&input);
    let annex = Sheet::read(&path, ANNEX);
    for (i, text) in tricky.iter().enumerate() {
        let r = annex.row_starting(CRITERION, &format!("1.{}. ", i + 1));
        assert_eq!(annex.text(r, OPINION), *text);
        assert!(annex.is_string(r, OPINION));
        assert_eq!(annex.formula(r, OPINION), "", "{text} became a formula");
        let title = annex.text(r, CRITERION);
        assert_eq!(title, format!("1.{}. {text}", i + 1));
    }
}

/// A small per-column appraisal whose titles and opinions are `texts`, each losing 0.5.
fn write_per_column_input(path: &Path, texts: &[&str]) {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    let header = [
        "STT",
        "Mã tiêu chí",
        "Tiêu chí, tiêu chí thành phần",
        "Điểm tối đa",
        "Điểm thẩm định",
        "Cơ quan chủ trì",
        "Ý kiến thẩm định",
        "Nguyên nhân, giải pháp",
    ];
    for (c, h) in (0u16..).zip(header) {
        sheet.write_string(0, c, h).expect("header");
    }
    for (r, text) in (1u32..).zip(texts) {
        sheet.write_number(r, 0, r).expect("number");
        sheet.write_string(r, 1, format!("1.{r}")).expect("code");
        sheet.write_string(r, 2, *text).expect("title");
        sheet.write_number(r, 3, 1).expect("maximum");
        sheet.write_number(r, 4, 0.5).expect("achieved");
        sheet.write_string(r, 5, "Phòng Nội vụ").expect("unit");
        sheet.write_string(r, 6, *text).expect("opinion");
        sheet.write_string(r, 7, *text).expect("solution");
    }
    workbook.save(path).expect("save the input");
}

#[test]
fn identical_inputs_give_identical_bytes() {
    let (_a, first) = generate_annex(Path::new(SAMPLE));
    let (_b, second) = generate_annex(Path::new(SAMPLE));
    let first = std::fs::read(first).expect("first");
    let second = std::fs::read(second).expect("second");
    assert!(first == second, "two runs differ");
}

/// One sheet read back: the cached values and the formulas.
pub struct Sheet {
    values: Range<Data>,
    formulas: Range<String>,
}

impl Sheet {
    /// Reads sheet `name` of the workbook at `path`.
    pub fn read(path: &Path, name: &str) -> Sheet {
        let mut workbook: Xlsx<_> = open_workbook(path).expect("open the annex");
        Sheet {
            values: workbook.worksheet_range(name).expect("sheet"),
            formulas: workbook.worksheet_formula(name).expect("formulas"),
        }
    }

    /// The number of rows down to the last used one.
    pub fn height(&self) -> u32 {
        self.values.end().map_or(0, |(row, _)| row + 1)
    }

    /// A cell as a person reads it: text as written, numbers as numbers print.
    pub fn text(&self, row: u32, col: u32) -> String {
        match self.values.get_value((row, col)) {
            Some(Data::String(s)) => s.clone(),
            Some(Data::Float(f)) => f.to_string(),
            Some(Data::Int(i)) => i.to_string(),
            Some(Data::Empty) | None => String::new(),
            Some(other) => format!("{other:?}"),
        }
    }

    /// A numeric cell's value; `None` for text and empty cells.
    pub fn number(&self, row: u32, col: u32) -> Option<f64> {
        match self.values.get_value((row, col)) {
            Some(Data::Float(f)) => Some(*f),
            Some(Data::Int(i)) => Some(*i as f64),
            _ => None,
        }
    }

    /// Whether a cell holds a string (not a number, not a formula's result).
    pub fn is_string(&self, row: u32, col: u32) -> bool {
        matches!(self.values.get_value((row, col)), Some(Data::String(_)))
    }

    /// A cell's formula, empty when it holds none.
    pub fn formula(&self, row: u32, col: u32) -> String {
        self.formulas
            .get_value((row, col))
            .cloned()
            .unwrap_or_default()
    }

    /// The rows whose cell in `col` starts with `prefix`.
    pub fn rows_starting(&self, col: u32, prefix: &str) -> Vec<u32> {
        (0..self.height())
            .filter(|&r| self.text(r, col).starts_with(prefix))
            .collect()
    }

    /// The single row whose cell in `col` starts with `prefix`.
    pub fn row_starting(&self, col: u32, prefix: &str) -> u32 {
        let rows = self.rows_starting(col, prefix);
        assert_eq!(
            rows.len(),
            1,
            "rows starting {prefix:?} in column {col}: {rows:?}"
        );
        rows[0]
    }
}

/// Whether two figures agree to well within the smallest place shown.
pub fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn a_draft_keeps_the_blanks_and_is_dated_by_its_year() {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = std::fs::read_to_string("input/cchc.toml")
        .expect("the sample config")
        .replacen("number = \"1356\"", "number = \"\"", 1)
        .replacen("date = \"2020-10-30\"", "date = \"2020-10\"", 1);
    let config_path = dir.path().join("cchc.toml");
    std::fs::write(&config_path, config).expect("write the config");
    let options = options(&dir.path().join("out"), &config_path, None);
    let generated = cchc::generate::generate(Path::new(SAMPLE), &options).expect("generate");
    let path = generated.output.folder.join("phu-luc.xlsx");
    let annex = Sheet::read(&path, ANNEX);
    assert_eq!(
        annex.text(4, 0),
        "(Kèm theo Văn bản số \u{a0}\u{a0}\u{a0}\u{a0}\u{a0}\u{a0}/UBND-NV ngày \u{a0}\u{a0}\u{a0}\u{a0}\u{a0}\u{a0}/10/2020 của UBND huyện Tuần Giáo)"
    );
    // With the day blank, the file is dated 1 January of the appraisal year, not today.
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&path).expect("open")).expect("zip");
    let mut core = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("docProps/core.xml").expect("core"),
        &mut core,
    )
    .expect("read core.xml");
    assert!(core.contains("2019-01-01T00:00:00Z"), "{core}");
}
