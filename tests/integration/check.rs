//! Reading and analysis on the shared fixtures and on variants the tests build: both
//! layouts, the raw TSV, NFD text, merged unit cells, shuffled columns with other header
//! wordings, a two-row header, semicolon CSV, .ods and .xls.

use crate::support;

use crate::support::{Cell, dec, fixture, sample_config, seed_rows, t, write_xlsx};
use cchc::analyze::Analysis;
use cchc::model::Layout;
use cchc::{Warned, load};
use rust_decimal::Decimal;
use unicode_normalization::UnicodeNormalization;

/// The points lost per lead unit in the seed, and the unassigned remainder.
const LEAD_LOST: [(&str, &str); 6] = [
    ("Phòng Nội vụ", "5.52"),
    ("Phòng Văn hóa - Thông tin", "5"),
    ("Văn phòng HĐND-UBND", "4.411"),
    ("Phòng Tài chính - Kế hoạch", "2.76"),
    ("Phòng Kinh tế - Hạ tầng", "1.75"),
    ("Trung tâm Văn hóa, Thông tin và Truyền hình", "0"),
];

fn assert_seed_figures(analysis: &Analysis) {
    assert_eq!(analysis.criteria.len(), 47, "scored leaf criteria");
    assert_eq!(analysis.shortfalls().count(), 46);
    assert_eq!(analysis.totals.lost, dec("20.581"));
    assert_eq!(analysis.totals.lost_survey, dec("4.065"));
    assert_eq!(analysis.totals.lost_appraisal, dec("16.516"));
    for (name, lost) in LEAD_LOST {
        let unit = analysis
            .units
            .iter()
            .find(|u| u.name == name)
            .unwrap_or_else(|| panic!("unit {name} missing: {:?}", analysis.units));
        assert_eq!(unit.lead.lost, dec(lost), "{name}");
    }
    assert_eq!(analysis.units.len(), 6);
    let unassigned: Vec<String> = analysis
        .unassigned
        .criteria
        .iter()
        .map(|c| c.code.to_string())
        .collect();
    assert_eq!(unassigned, ["7.2.4", "7.6"]);
    assert_eq!(analysis.unassigned.totals.lost, dec("1.14"));
    let lead_sum: Decimal = analysis.units.iter().map(|u| u.lead.lost).sum();
    assert_eq!(
        lead_sum + analysis.unassigned.totals.lost,
        analysis.totals.lost
    );

    let codes: Vec<String> = analysis
        .criteria
        .iter()
        .map(|c| c.code.to_string())
        .collect();
    for excluded in ["1.8", "2.5", "4.5", "5.10", "6.5", "5.11"] {
        assert!(
            !codes.contains(&excluded.to_string()),
            "{excluded} is not counted"
        );
    }
    let full = analysis
        .criteria
        .iter()
        .find(|c| c.code.to_string() == "6.1.1")
        .unwrap();
    assert_eq!(full.lost, Decimal::ZERO);
    let c = analysis
        .criteria
        .iter()
        .find(|c| c.code.to_string() == "1.4.2")
        .unwrap();
    assert_eq!(
        (c.score.achieved, c.score.max, c.lost),
        (dec("0.75"), dec("1"), dec("0.25"))
    );
    assert_eq!(
        analysis.row(c).units,
        ["Phòng Kinh tế - Hạ tầng", "Phòng Nội vụ"]
    );
    let ttvh = analysis
        .units
        .iter()
        .find(|u| u.name.starts_with("Trung tâm"))
        .unwrap();
    let coop: Vec<String> = ttvh
        .cooperating
        .iter()
        .map(|c| c.code.to_string())
        .collect();
    assert_eq!(coop, ["1.5.1", "1.5.2"]);
    let survey = analysis.criteria.iter().filter(|c| c.survey).count();
    assert_eq!(survey, 23);
    let area7 = analysis.areas.iter().find(|a| a.area == 7).unwrap();
    assert_eq!(area7.totals.lost, dec("9.39"));
    assert!(
        analysis.areas.iter().all(|a| a.area != 3),
        "no area-3 row in the seed"
    );
}

fn unassigned_warning_rows(warned: &Warned<Analysis>) -> Vec<(usize, String)> {
    warned
        .warnings
        .iter()
        .filter(|w| w.message.contains("chưa có cơ quan chủ trì"))
        .map(|w| (w.row.unwrap(), w.code.clone().unwrap()))
        .collect()
}

#[test]
fn seed_annex_layout() {
    let warned = load(&fixture("bang-phan-tich.xlsx"), None, &sample_config()).unwrap();
    let a = &warned.output;
    assert_eq!(a.appraisal.layout, Layout::Annex);
    assert_eq!(a.appraisal.sheet, "Bảng phân tích");
    assert_seed_figures(a);
    let r = a.reconciliation.as_ref().unwrap();
    assert_eq!(r.declared.score.achieved, dec("79.42"));
    assert_eq!(r.declared.score.max, dec("100"));
    assert_eq!(r.declared.lost, Some(dec("20.58")));
    assert_eq!(r.declared.row, 61);
    assert!(r.agrees);
    let title = &a.appraisal.title;
    assert_eq!(title.organ.as_deref(), Some("UBND HUYỆN TUẦN GIÁO"));
    assert_eq!(title.heading.as_deref(), Some("BẢNG PHÂN TÍCH"));
    assert_eq!(title.year, Some(2019));
    let reference = title.reference.as_ref().unwrap();
    assert_eq!(
        (reference.number.as_str(), reference.symbol.as_str()),
        ("1356", "UBND-NV")
    );
    assert_eq!(
        reference.date.unwrap().format("%d/%m/%Y").to_string(),
        "30/10/2020"
    );
    assert_eq!(reference.issuer, "UBND huyện Tuần Giáo");
    // Rows as the sheet numbers them: the header is row 7, 7.2.4 row 53, 7.6 row 60.
    assert_eq!(
        unassigned_warning_rows(&warned),
        [(53, "7.2.4".to_string()), (60, "7.6".to_string())]
    );
    assert_eq!(warned.warnings.len(), 2, "{:#?}", warned.warnings);
}

#[test]
fn seed_per_column_layout() {
    let warned = load(&fixture("ket-qua-tham-dinh.xlsx"), None, &sample_config()).unwrap();
    assert_eq!(warned.output.appraisal.layout, Layout::PerColumn);
    assert_seed_figures(&warned.output);
    assert!(warned.output.reconciliation.is_none());
}

#[test]
fn seed_raw_tsv() {
    let warned = load(&fixture("bang-phan-tich.tsv"), None, &sample_config()).unwrap();
    assert_seed_figures(&warned.output);
    assert!(warned.output.reconciliation.as_ref().unwrap().agrees);
    assert_eq!(
        unassigned_warning_rows(&warned),
        [(47, "7.2.4".to_string()), (54, "7.6".to_string())]
    );
}

#[test]
fn nfd_text_reads_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let nfd: String = std::fs::read_to_string(fixture("bang-phan-tich.tsv"))
        .unwrap()
        .nfd()
        .collect();
    let path = dir.path().join("nfd.tsv");
    std::fs::write(&path, nfd).unwrap();
    let warned = load(&path, None, &sample_config()).unwrap();
    assert_seed_figures(&warned.output);
    let row = &warned.output.appraisal.rows[0];
    assert!(
        row.title.starts_with("Có sáng kiến"),
        "titles are NFC again"
    );
}

#[test]
fn semicolon_csv_with_bom() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("\u{feff}");
    for row in seed_rows() {
        let quoted: Vec<String> = row
            .iter()
            .map(|c| format!("\"{}\"", c.replace('"', "\"\"")))
            .collect();
        text.push_str(&quoted.join(";"));
        text.push_str("\r\n");
    }
    let path = dir.path().join("ket-qua.csv");
    std::fs::write(&path, text).unwrap();
    assert_seed_figures(&load(&path, None, &sample_config()).unwrap().output);
}

/// The seed as a per-column sheet: code | title | max | achieved | units | opinion | solution,
/// numbers as numeric cells.
fn per_column_rows() -> Vec<[Cell; 7]> {
    seed_rows()
        .into_iter()
        .skip(1)
        .filter_map(|row| {
            let (code, title) = row[0].split_once([' ', ':'])?;
            let code = code.trim_end_matches(['.', ':']).to_string();
            let (achieved, max) = match row[1].split_once('/') {
                Some((a, m)) => (
                    Cell::Number(a.replace(',', ".").parse().unwrap()),
                    Cell::Number(m.replace(',', ".").parse().unwrap()),
                ),
                None => (Cell::Empty, Cell::Empty),
            };
            Some([
                t(&code),
                t(title.trim()),
                max,
                achieved,
                t(&row[2]),
                t(&row[3]),
                t(&row[4]),
            ])
        })
        .collect()
}

#[test]
fn shuffled_columns_and_other_wordings() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("xa-a.xlsx");
    // Order: STT, opinion, units, achieved, self-score (ignored), code, max, solution, title.
    let mut rows = vec![
        vec![t("UBND TỈNH ĐIỆN BIÊN")],
        vec![t("KẾT QUẢ THẨM ĐỊNH CHỈ SỐ CCHC NĂM 2019")],
        vec![],
        [
            "Số TT",
            "Nhận xét thẩm định",
            "Đơn vị chủ trì thực hiện",
            "ĐIỂM ĐẠT ĐƯỢC",
            "Điểm tự đánh giá",
            "Mã",
            "Thang điểm",
            "Giải pháp khắc phục",
            "Nội dung tiêu chí",
        ]
        .iter()
        .map(|h| t(h))
        .collect::<Vec<_>>(),
    ];
    for (i, [code, title, max, achieved, units, opinion, solution]) in
        per_column_rows().into_iter().enumerate()
    {
        // The self-assessed score is nonsense on purpose: it must be ignored.
        rows.push(vec![
            Cell::Number((i + 1) as f64),
            opinion,
            units,
            achieved,
            t("khoảng 99"),
            code,
            max,
            solution,
            title,
        ]);
    }
    write_xlsx(&path, "KQ", &rows, &[]);
    let warned = load(&path, None, &sample_config()).unwrap();
    assert_eq!(warned.output.appraisal.layout, Layout::PerColumn);
    assert_eq!(warned.output.appraisal.sheet, "KQ");
    assert_seed_figures(&warned.output);
    assert_eq!(warned.output.year, Some(2019));
}

#[test]
fn merged_unit_cells_and_a_two_row_header() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("merged.xlsx");
    let mut rows: Vec<Vec<Cell>> = vec![
        vec![
            t("Mã tiêu chí"),
            t("Tiêu chí"),
            t("Điểm"),
            t(""),
            t("Cơ quan chủ trì"),
            t("Ý kiến thẩm định"),
            t("Nguyên nhân, giải pháp"),
        ],
        vec![
            t(""),
            t(""),
            t("Tối đa"),
            t("Đạt được"),
            t(""),
            t(""),
            t(""),
        ],
    ];
    let data = per_column_rows();
    let mut merges = vec![
        (0, 2, 0, 3),
        (0, 0, 1, 0),
        (0, 1, 1, 1),
        (0, 4, 1, 4),
        (0, 5, 1, 5),
        (0, 6, 1, 6),
    ];
    // Merge every run of equal unit cells vertically, as a Word table pasted into Excel.
    let mut start = 0;
    for i in 1..=data.len() {
        let same = |a: &Cell, b: &Cell| matches!((a, b), (Cell::Text(x), Cell::Text(y)) if x == y);
        if i == data.len() || !same(&data[i][4], &data[start][4]) {
            if i - start > 1 {
                merges.push((2 + start as u32, 4, 2 + i as u32 - 1, 4));
            }
            start = i;
        }
    }
    assert!(
        merges.len() > 8,
        "the seed has runs of equal units to merge"
    );
    rows.extend(data.into_iter().map(|r| r.to_vec()));
    write_xlsx(&path, "Sheet1", &rows, &merges);
    let warned = load(&path, None, &sample_config()).unwrap();
    assert_seed_figures(&warned.output);
}

#[cfg_attr(not(office), ignore = "needs LibreOffice (soffice) and poppler-utils")]
#[test]
fn ods_and_xls_read_the_same() {
    let dir = tempfile::tempdir().unwrap();
    for format in ["ods", "xls"] {
        let converted =
            support::soffice_convert(&fixture("bang-phan-tich.xlsx"), format, dir.path());
        let warned = load(&converted, None, &sample_config()).unwrap();
        assert_seed_figures(&warned.output);
        assert!(
            warned.output.reconciliation.as_ref().unwrap().agrees,
            "{format}"
        );
        assert_eq!(warned.output.appraisal.title.year, Some(2019), "{format}");
    }
}

#[test]
fn sheet_option_and_first_sheet_with_a_table() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("two-sheets.xlsx");
    let mut workbook = rust_xlsxwriter::Workbook::new();
    workbook
        .add_worksheet()
        .set_name("Ghi chú")
        .unwrap()
        .write_string(0, 0, "Không có bảng ở đây")
        .unwrap();
    let ws = workbook.add_worksheet().set_name("Kết quả").unwrap();
    for (r, row) in seed_rows().iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            if !cell.is_empty() {
                ws.write_string(r as u32, c as u16, cell).unwrap();
            }
        }
    }
    workbook.save(&path).unwrap();
    let warned = load(&path, None, &sample_config()).unwrap();
    assert_eq!(warned.output.appraisal.sheet, "Kết quả");
    assert_seed_figures(&warned.output);
    let err = load(&path, Some("Ghi chú"), &sample_config()).unwrap_err();
    assert!(err.to_string().contains("không tìm thấy bảng"), "{err}");
    let err = load(&path, Some("KQ"), &sample_config()).unwrap_err();
    assert!(err.to_string().contains("`Ghi chú`, `Kết quả`"), "{err}");
}

#[test]
fn without_a_config_units_stay_as_written() {
    let warned = load(
        &fixture("bang-phan-tich.xlsx"),
        None,
        &cchc::Config::default(),
    )
    .unwrap();
    let names: Vec<&str> = warned
        .output
        .units
        .iter()
        .map(|u| u.name.as_str())
        .collect();
    // Without a directory, "Văn phòng" stays apart from "Văn phòng HĐND-UBND"; spellings
    // that differ only in case, punctuation or a trailing place word are one unit, named as
    // first written (issue 13): the seed writes "Văn phòng HĐND-UBND" and "… huyện",
    // "Phòng Văn Hóa-Thông tin" and "Phòng Văn hóa - Thông tin".
    assert!(names.contains(&"Văn phòng"));
    assert!(names.contains(&"Văn phòng HĐND-UBND"));
    assert!(!names.contains(&"Văn phòng HĐND-UBND huyện"));
    assert_eq!(warned.output.totals.lost, dec("20.581"));
    let culture: Vec<&&str> = names
        .iter()
        .filter(|n| n.to_lowercase().starts_with("phòng văn hóa"))
        .collect();
    assert_eq!(culture.len(), 1, "{names:?}");
}

/// Without a directory, "Phòng Nội vụ", "PHÒNG NỘI VỤ" and "Phòng Nội vụ huyện" are one
/// unit, with one letter.
#[test]
fn spellings_of_one_unit_are_one_unit() {
    let rows = [
        "Tiêu chí\tĐiểm đạt/tối đa\tCơ quan chủ trì",
        "1.1. Kế hoạch\t0,5/1\tPhòng Nội vụ",
        "1.2. Báo cáo\t0,5/1\tPHÒNG NỘI VỤ",
        "1.3. Kiểm tra\t0/1\tPhòng Nội vụ huyện, Văn phòng",
        "1.4. Tuyên truyền\t0/1\tVăn phòng, phòng nội vụ.",
    ];
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bang.tsv");
    std::fs::write(&path, rows.join("\n")).unwrap();
    let analysis = load(&path, None, &cchc::Config::default()).unwrap().output;
    let units: Vec<(&str, String, usize)> = analysis
        .units
        .iter()
        .map(|u| {
            (
                u.name.as_str(),
                u.lead.lost.normalize().to_string(),
                u.cooperating.len(),
            )
        })
        .collect();
    assert_eq!(
        units,
        [
            ("Phòng Nội vụ", "2".to_string(), 1),
            ("Văn phòng", "1".to_string(), 1)
        ]
    );
}

#[test]
fn parent_loss_differing_from_children_is_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("parent.tsv");
    let text = "Tiêu chí\tĐiểm đạt/tối đa\tCơ quan chủ trì\tGhi chú\n\
                5.11. Cha\t1/2,5\tPhòng Nội vụ\t\n\
                5.11.1. Con một\t0,4/0,5\tPhòng Nội vụ\t0,1\n\
                5.11.2. Con hai\t1/2\tPhòng Nội vụ\t0,9\n";
    std::fs::write(&path, text).unwrap();
    let warned = load(&path, None, &sample_config()).unwrap();
    assert_eq!(warned.output.totals.lost, dec("1.1"));
    let messages: Vec<&str> = warned.warnings.iter().map(|w| w.message.as_str()).collect();
    assert!(
        messages.iter().any(|m| m
            .contains("5.11 bị trừ 1,5 điểm nhưng các tiêu chí thành phần bị trừ tổng cộng 1,1")),
        "{messages:?}"
    );
    assert!(
        messages.iter().any(|m| m.contains("cột ghi chú ghi 0,9")),
        "{messages:?}"
    );
}

/// The usual results table under QĐ 876/QĐ-BNV (issue 13): the codes in the "STT" column
/// ("1", "1.2", "1.2.1"), the titles in "Lĩnh vực/Tiêu chí/Tiêu chí thành phần", a
/// self-assessed column beside the appraised one, the survey mark in "Ghi chú" and the total
/// row labelled in the title column. Built as an .xlsx with the area headings merged
/// across the row.
#[test]
fn codes_in_the_stt_column() {
    let rows: Vec<Vec<Cell>> = [
        [
            "STT",
            "Lĩnh vực/Tiêu chí/Tiêu chí thành phần",
            "Điểm tối đa",
            "Điểm tự đánh giá",
            "Điểm thẩm định",
            "Cơ quan chủ trì",
            "Ghi chú",
        ],
        [
            "1",
            "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH",
            "",
            "",
            "",
            "",
            "",
        ],
        [
            "1.1",
            "Kế hoạch cải cách hành chính",
            "1",
            "1",
            "0,5",
            "Phòng Nội vụ",
            "",
        ],
        ["1.2", "Báo cáo cải cách hành chính", "", "", "", "", ""],
        [
            "1.2.1",
            "Báo cáo quý",
            "0,5",
            "0,5",
            "0,25",
            "Văn phòng HĐND-UBND",
            "",
        ],
        [
            "1.2.2",
            "Báo cáo năm",
            "0,5",
            "0,5",
            "0,5",
            "Văn phòng HĐND-UBND",
            "",
        ],
        ["8", "TÁC ĐỘNG CỦA CẢI CÁCH HÀNH CHÍNH", "", "", "", "", ""],
        [
            "8.1",
            "Sự hài lòng của người dân",
            "2",
            "2",
            "1,2",
            "Văn phòng HĐND-UBND",
            "Điều tra xã hội học",
        ],
        ["", "TỔNG CỘNG", "4", "4", "2,45", "", ""],
    ]
    .iter()
    .map(|row| {
        row.iter()
            .map(|cell| match cell.replace(',', ".").parse::<f64>() {
                // Scores as numbers, codes as the text a clerk types.
                Ok(n) if !cell.contains('.') || cell.contains(',') => Cell::Number(n),
                _ => t(cell),
            })
            .collect()
    })
    .collect();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ket-qua.xlsx");
    write_xlsx(&path, "Kết quả", &rows, &[(1, 1, 1, 6), (6, 1, 6, 6)]);
    let warned = load(&path, None, &sample_config()).unwrap();
    let analysis = &warned.output;
    let codes: Vec<String> = analysis
        .criteria
        .iter()
        .map(|c| c.code.to_string())
        .collect();
    assert_eq!(codes, ["1.1", "1.2.1", "1.2.2", "8.1"]);
    assert_eq!(analysis.criteria[0].title, "Kế hoạch cải cách hành chính");
    assert_eq!(analysis.totals.max, dec("4"));
    assert_eq!(analysis.totals.lost, dec("1.55"));
    assert_eq!(
        analysis.totals.lost_survey,
        dec("0.8"),
        "the mark in Ghi chú"
    );
    assert_eq!(analysis.totals.lost_appraisal, dec("0.75"));
    let total = analysis.reconciliation.as_ref().expect("the TỔNG CỘNG row");
    assert_eq!(total.declared.row, 9);
    assert_eq!(
        (total.declared.score.achieved, total.declared.score.max),
        (dec("2.45"), dec("4"))
    );
    assert!(total.agrees);
    // The areas take the table's own names; the sample config's older scheme names them
    // otherwise, and each difference is a warning naming the heading's row.
    let names: Vec<&str> = analysis
        .areas
        .iter()
        .map(|a| a.name.as_deref().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH",
            "TÁC ĐỘNG CỦA CẢI CÁCH HÀNH CHÍNH"
        ]
    );
    let area_warnings: Vec<(Option<usize>, &str)> = warned
        .warnings
        .iter()
        .filter(|w| w.message.starts_with("bảng gọi lĩnh vực"))
        .map(|w| (w.row, w.message.as_str()))
        .collect();
    assert_eq!(area_warnings.len(), 2, "{area_warnings:?}");
    assert_eq!(area_warnings[0].0, Some(2));
    assert!(
        area_warnings[0]
            .1
            .contains("cấu hình gọi là `Công tác chỉ đạo, điều hành về cải cách hành chính`"),
        "{area_warnings:?}"
    );
}

/// The seed as a per-column table with two achieved columns headed `first` and `second`;
/// the column headed "vòng 1" (or `decoy`) holds full marks everywhere, so reading it would
/// lose no points.
fn two_score_columns(
    dir: &std::path::Path,
    first: &str,
    second: &str,
    decoy: usize,
) -> std::path::PathBuf {
    let path = dir.join("hai-cot.xlsx");
    let mut rows = vec![
        [
            "Mã",
            "Tên tiêu chí",
            "Điểm tối đa",
            first,
            second,
            "Cơ quan chủ trì",
        ]
        .iter()
        .map(|h| t(h))
        .collect::<Vec<_>>(),
    ];
    for [code, title, max, achieved, units, _, _] in per_column_rows() {
        let full = max.clone();
        let (a, b) = if decoy == 0 {
            (full, achieved)
        } else {
            (achieved, full)
        };
        rows.push(vec![code, title, max, a, b, units]);
    }
    write_xlsx(&path, "KQ", &rows, &[]);
    path
}

/// "vòng 2" is read wherever it stands (issue 13), and the choice is said.
#[test]
fn the_later_round_is_read_wherever_it_stands() {
    let dir = tempfile::tempdir().unwrap();
    let path = two_score_columns(
        dir.path(),
        "Điểm thẩm định vòng 2",
        "Điểm thẩm định vòng 1",
        1,
    );
    let warned = load(&path, None, &sample_config()).unwrap();
    assert_eq!(warned.output.totals.lost, dec("20.581"));
    let columns = &warned.output.appraisal.columns;
    let achieved = columns.achieved.as_ref().unwrap();
    assert_eq!(
        (achieved.letter.as_str(), achieved.header.as_str()),
        ("D", "Điểm thẩm định vòng 2")
    );
    assert!(
        warned.warnings.iter().any(|w| w.message
            == "điểm đạt lấy ở cột D `Điểm thẩm định vòng 2`; không dùng cột E `Điểm thẩm định vòng 1`"),
        "{:?}",
        warned.warnings
    );
}

/// Two achieved columns whose headers do not say which is final: refused with both listed,
/// until `--score-column` (here through the config) names one.
#[test]
fn an_unclear_score_column_is_refused_until_chosen() {
    let dir = tempfile::tempdir().unwrap();
    let path = two_score_columns(dir.path(), "Điểm đạt", "Điểm thẩm định", 0);
    let err = load(&path, None, &sample_config()).unwrap_err();
    assert!(
        err.to_string().contains(
            "trang tính `KQ`, dòng 1: bảng có nhiều cột điểm đạt và không rõ cột nào là điểm chính thức: cột D `Điểm đạt`; cột E `Điểm thẩm định`"
        ),
        "{err}"
    );
    assert!(err.hint().unwrap().contains("--score-column"));
    let mut config = sample_config();
    config.score_column = Some("điểm thẩm định".into());
    let warned = load(&path, None, &config).unwrap();
    assert_eq!(warned.output.totals.lost, dec("20.581"));
    config.score_column = Some("Điểm sau phúc tra".into());
    let err = load(&path, None, &config).unwrap_err();
    assert!(
        err.to_string().contains("không có cột `Điểm sau phúc tra`"),
        "{err}"
    );
}
