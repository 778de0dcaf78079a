//! What a leader reads before signing (issue 14): every figure printed agrees with every
//! other, the sums' parts add up on paper, no label is doubled and no clutter from the
//! table reaches a letter's text, and the tables print whole.

use crate::support::docx::*;
use rust_decimal::Decimal;
use std::path::Path;
use std::str::FromStr;

/// "20,58" → 20.58.
fn figure(text: &str) -> Decimal {
    Decimal::from_str(&text.replace(',', ".")).unwrap_or_else(|_| panic!("not a figure: {text}"))
}

/// The figure after `label` in `text`: "bị trừ " → the number that follows.
fn after(text: &str, label: &str) -> Decimal {
    let rest = &text[text
        .find(label)
        .unwrap_or_else(|| panic!("{label:?} in {text}"))
        + label.len()..];
    let number: String = rest
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == ',')
        .collect();
    figure(number.trim_end_matches(','))
}

/// The letter's body paragraphs: after "Kính gửi", before "Nơi nhận:", the long ones and
/// the numbered ones.
fn body_of(xml: &str) -> Vec<String> {
    paragraphs(xml)
        .into_iter()
        .skip_while(|p| !p.starts_with("Kính gửi"))
        .take_while(|p| p != "Nơi nhận:")
        .filter(|p| p.chars().count() > 80 || p.starts_with(|c: char| c.is_ascii_digit()))
        .collect()
}

#[test]
fn the_cover_letters_figures_add_up_in_print() {
    let dir = tempfile::tempdir().unwrap();
    let folder = generate_sample(dir.path());
    let xml = part(&folder.join("cong-van.docx"), "word/document.xml");
    let body = body_of(&xml).join("\n");

    // The result: 79,42/100, 20,58 lost, of which 16,52 + 4,06 (16,516 + 4,065 exactly:
    // rounded alone they print 16,52 + 4,07 = 20,59).
    assert!(
        body.contains("Chỉ số cải cách hành chính (Chỉ số CCHC) năm 2019 của huyện Tuần Giáo đạt 79,42/100 điểm, bị trừ 20,58 điểm,"),
        "{body}"
    );
    let total = after(&body, "đạt 79,42/100 điểm, bị trừ ");
    let appraisal = after(&body, "điểm thẩm định bị trừ ");
    let survey = after(&body, "điểm điều tra xã hội học bị trừ ");
    assert_eq!(appraisal + survey, total, "{body}");
    assert_eq!(total, figure("20,58"));

    // Per lead unit, with the unassigned criteria: the same 20,58.
    let line = body
        .lines()
        .find(|l| l.starts_with("Điểm bị trừ theo cơ quan chủ trì: "))
        .expect("the units line");
    let sum: Decimal = line
        .trim_end_matches('.')
        .split("; ")
        .map(|part| {
            let words: Vec<&str> = part.split(' ').collect();
            figure(words[words.len() - 2])
        })
        .sum();
    assert_eq!(sum, total, "{line}");
    assert!(line.contains("Văn phòng HĐND-UBND 4,41 điểm"), "{line}");

    // The annex's total row states the same two figures.
    let rows = last_table_rows(&xml);
    let last = rows.last().unwrap();
    assert_eq!(last[..3], ["Tổng cộng", "79,42/100", "20,58"]);

    // The structure a leader expects: result, purpose with its lead-in, numbered tasks,
    // the report line through the office that follows it up.
    for wanted in [
        "46 tiêu chí, tiêu chí thành phần chưa đạt điểm tối đa (chi tiết tại Phụ lục kèm theo).",
        "Để khắc phục những tồn tại, hạn chế nêu trên, nâng cao Chỉ số CCHC năm 2020, UBND huyện yêu cầu Thủ trưởng các cơ quan, đơn vị:",
        "Báo cáo kết quả thực hiện về UBND huyện (qua Phòng Nội vụ) trước ngày 30 tháng 11 năm 2020 để tổng hợp./.",
    ] {
        assert!(body.contains(wanted), "missing {wanted:?} in {body}");
    }
    for unwanted in ["46/47", "Căn cứ kết quả", "UBND huyện Tuần Giáo đạt"] {
        assert!(!body.contains(unwanted), "{unwanted:?} in {body}");
    }
}

#[test]
fn each_unit_letter_is_a_short_directive_with_its_own_annex() {
    let dir = tempfile::tempdir().unwrap();
    let folder = generate_sample(dir.path());
    let cover = body_of(&part(&folder.join("cong-van.docx"), "word/document.xml")).join("\n");
    for entry in std::fs::read_dir(folder.join("don-vi")).unwrap() {
        let path = entry.unwrap().path();
        let xml = part(&path, "word/document.xml");
        let body = body_of(&xml).join("\n");
        let name = path.display().to_string();

        // Short: no criterion quoted in the letter, no table clutter.
        for unwanted in [
            "Ý kiến thẩm định:",
            "Nguyên nhân, giải pháp:",
            "Giải pháp: Giải pháp",
            "(điểm điều tra xã hội học)",
            "a)",
            "(chi tiết tại Văn bản số",
            "0.743",
        ] {
            assert!(!body.contains(unwanted), "{name}: {unwanted:?} in {body}");
        }
        let length = body.chars().count();
        assert!(length < 1_500, "{name}: {length} characters");

        // Its share as lead is the cover letter's figure for it; its annex sums to it.
        let rows = last_table_rows(&xml);
        let sums: Vec<&Vec<String>> = rows
            .iter()
            .filter(|r| r[0] == "Cộng" || r[0] == "Tổng cộng")
            .collect();
        assert!(!sums.is_empty(), "{name}: no sum row");
        if body.contains(" chủ trì ") {
            let lead = after(&body, "tiêu chí thành phần bị trừ ");
            let unit = body
                .split("Trong đó, ")
                .nth(1)
                .and_then(|rest| rest.split(" chủ trì ").next())
                .unwrap();
            assert!(
                cover.contains(&format!("{unit} {} điểm", sums[0][2])),
                "{name}: {unit} {} not in the cover letter",
                sums[0][2]
            );
            assert_eq!(figure(&sums[0][2]), lead, "{name}");
        }
        assert!(body.contains("(chi tiết tại Phụ lục kèm theo)"), "{name}");
        assert!(
            body.contains("trước ngày 30 tháng 11 năm 2020 để tổng hợp./."),
            "{name}"
        );

        // The annex heading names the unit and the letter it goes with.
        let p = paragraphs(&xml);
        assert!(p.iter().any(|l| l == "Phụ lục"), "{name}");
        assert!(
            p.iter()
                .any(|l| l.starts_with("(Kèm theo Văn bản số ") && l.contains("/UBND-NV")),
            "{name}"
        );
    }

    // Phòng Nội vụ leads 17 criteria and co-operates on 1.4.2: two parts, lead first.
    let xml = part(
        &folder.join("don-vi/phong-noi-vu.docx"),
        "word/document.xml",
    );
    let body = body_of(&xml).join("\n");
    assert!(
        body.contains("Trong đó, Phòng Nội vụ chủ trì 17 tiêu chí, tiêu chí thành phần bị trừ 5,52 điểm; phối hợp thực hiện 1 tiêu chí, tiêu chí thành phần bị trừ 0,25 điểm"),
        "{body}"
    );
    // The office reports go through does not write "(qua Phòng Nội vụ)" to itself.
    assert!(!body.contains("(qua Phòng Nội vụ)"), "{body}");
    let rows = last_table_rows(&xml);
    let titles: Vec<&String> = rows
        .iter()
        .filter(|r| r.len() == 2 && r[1].starts_with(['I', 'V']))
        .map(|r| &r[1])
        .collect();
    assert_eq!(
        titles,
        [
            "I. CÁC TIÊU CHÍ DO PHÒNG NỘI VỤ CHỦ TRÌ",
            "II. CÁC TIÊU CHÍ PHÒNG NỘI VỤ PHỐI HỢP THỰC HIỆN"
        ]
    );
    let sums: Vec<&String> = rows
        .iter()
        .filter(|r| r[0] == "Cộng")
        .map(|r| &r[2])
        .collect();
    assert_eq!(sums, ["5,52", "0,25"]);
    // Its annex lists its criteria only: 2.5.2 is Văn phòng HĐND-UBND's.
    assert!(rows.iter().any(|r| r[1].starts_with("4.1. ")));
    assert!(!rows.iter().any(|r| r[1].starts_with("2.5.2. ")));

    // Trung tâm only co-operates: one part, no roman numbers, "Tổng cộng".
    let xml = part(
        &folder.join("don-vi/trung-tam-van-hoa-thong-tin-va-truyen-hinh.docx"),
        "word/document.xml",
    );
    let body = body_of(&xml).join("\n");
    assert!(
        body.contains("Trong đó, Trung tâm Văn hóa, Thông tin và Truyền hình phối hợp thực hiện 2 tiêu chí, tiêu chí thành phần bị trừ 1,00 điểm"),
        "{body}"
    );
    assert!(body.contains("(qua Phòng Nội vụ)"), "{body}");
    let rows = last_table_rows(&xml);
    assert!(!rows.iter().any(|r| r[1].starts_with("I. ")));
    assert_eq!(rows.last().unwrap()[..3], ["Tổng cộng", "", "1,00"]);
}

/// The `<w:tr>` elements of the last table of `xml`.
fn table_rows(xml: &str) -> Vec<&str> {
    let start = xml.rfind("<w:tbl>").expect("a table");
    xml[start..].split("<w:tr>").skip(1).collect()
}

#[test]
fn annex_rows_never_split_and_headings_keep_with_their_criteria() {
    let dir = tempfile::tempdir().unwrap();
    let folder = generate_sample(dir.path());
    for file in ["cong-van.docx", "don-vi/phong-noi-vu.docx"] {
        let xml = part(&folder.join(file), "word/document.xml");
        let rows = table_rows(&xml);
        assert!(rows.len() > 10, "{file}");
        for row in &rows {
            assert!(
                row.contains("<w:cantSplit/>"),
                "{file}: a row may split: {row:.200}"
            );
        }
        // A heading (no STT, bold label) keeps with the row below it.
        let headings: Vec<&&str> = rows
            .iter()
            .filter(|r| r.contains("5.11. Tác động"))
            .collect();
        assert_eq!(headings.len(), 1, "{file}: the 5.11 heading, once");
        assert!(headings[0].contains("<w:keepNext/>"), "{file}");
        // The score column is wide enough for "79,42/100" in bold on one line: Times New
        // Roman digits are half an em, the comma a quarter, the slash 0.278 em; 12 pt.
        let table = &xml[xml.rfind("<w:tbl>").unwrap()..];
        let table = &table[..table.find("</w:tbl>").unwrap() + 8];
        let grid = attrs(table, "w:gridCol", "w:w");
        let score: u32 = grid[2].parse().unwrap();
        let needed = (7 * 500 + 250 + 278) * 240 / 1000 + 2 * 85;
        assert!(score > needed, "{file}: {score} twips for {needed}");
        let total: u32 = grid.iter().map(|w| w.parse::<u32>().unwrap()).sum();
        assert_eq!(total, 14287, "{file}: the landscape text width");
    }
    // A lead-in ending with a colon keeps with the first item.
    let xml = part(&folder.join("cong-van.docx"), "word/document.xml");
    let lead_in = xml
        .split("<w:p>")
        .chain(xml.split("<w:p ").skip(1))
        .find(|p| p.contains("yêu cầu Thủ trưởng các cơ quan, đơn vị:"))
        .expect("the lead-in");
    assert!(lead_in.contains("<w:keepNext/>"), "{lead_in:.400}");
}

#[test]
fn sums_print_with_two_places_in_the_workbook() {
    let (_dir, path) =
        crate::support::xlsx::generate_annex(Path::new(crate::support::xlsx::SAMPLE));
    let styles = part(&path, "xl/styles.xml");
    let sheet1 = part(&path, "xl/worksheets/sheet1.xml");
    let sheet2 = part(&path, "xl/worksheets/sheet2.xml");
    // The number format id of each cell style, by its index in cellXfs.
    let xfs = &styles[styles.find("<cellXfs").unwrap()..];
    let xf_formats: Vec<String> = xfs
        .split("<xf ")
        .skip(1)
        .map(|xf| {
            xf.split("numFmtId=\"")
                .nth(1)
                .and_then(|r| r.split('"').next())
                .unwrap_or("0")
                .to_string()
        })
        .collect();
    let format_code = |id: &str| -> String {
        styles
            .split("<numFmt ")
            .skip(1)
            .find(|f| f.contains(&format!("numFmtId=\"{id}\"")))
            .and_then(|f| f.split("formatCode=\"").nth(1))
            .and_then(|r| r.split('"').next())
            .unwrap_or(id)
            .to_string()
    };
    let format_of = |sheet: &str, cell: &str| -> String {
        let c = sheet
            .split("<c ")
            .find(|c| c.starts_with(&format!("r=\"{cell}\"")))
            .unwrap_or_else(|| panic!("cell {cell}"));
        let style: usize = c
            .split("s=\"")
            .nth(1)
            .and_then(|r| r.split('"').next())
            .unwrap()
            .parse()
            .unwrap();
        format_code(&xf_formats[style])
    };
    // The annex's total: the exact sum, shown as 20,58.
    let total_row = sheet1
        .split("<row ")
        .find(|r| r.contains("SUM(F8:"))
        .unwrap();
    let cell = total_row
        .split("<c r=\"")
        .find(|c| c.starts_with('F'))
        .and_then(|c| c.split('"').next())
        .unwrap()
        .to_string();
    assert_eq!(format_of(&sheet1, &cell), "0.00");
    // A criterion's loss as the table gives it: 0,257 keeps its three places.
    assert_eq!(format_of(&sheet1, "F8"), "0.00#");
    // The summary's unit figures and their total.
    assert_eq!(format_of(&sheet2, "C6"), "0.00");
    // The chart's labels too.
    let chart = part(&path, "xl/charts/chart1.xml");
    assert!(chart.contains("formatCode=\"0.00\""), "{chart:.2000}");
    // The summary's sections start a page rather than split from their total rows, and the
    // sheet's title repeats on every page.
    assert!(sheet2.contains("<rowBreaks"), "no page breaks");
    let workbook = part(&path, "xl/workbook.xml");
    assert!(
        workbook.contains("_xlnm.Print_Titles\" localSheetId=\"1\""),
        "{workbook}"
    );
}
