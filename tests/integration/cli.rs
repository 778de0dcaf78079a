//! The `cchc` binary as a user runs it: `check` output, JSON figures, and every kind of bad
//! input refused with a Vietnamese message naming the place, exit status 2, nothing written.

use crate::support::{cchc, fixture, seed_rows, seed_with_score, tsv};
use std::path::PathBuf;
use std::process::Output;

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn project() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn check_prints_the_summary() {
    let o = cchc(&["check", "input/tuan-giao-2019.xlsx"], &project());
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    for expected in [
        "Tiêu chí được tính: 47; chưa đạt điểm tối đa: 46",
        "điểm bị trừ: 20,581 (thẩm định 16,516; điều tra xã hội học 4,065)",
        "Dòng tổng của bảng (dòng 61): 79,42/100, bị trừ 20,58 — khớp",
        "Chưa giao đơn vị",
        "dòng 53: tiêu chí 7.2.4 chưa có cơ quan chủ trì",
        "dòng 60: tiêu chí 7.6 chưa có",
        "7. Hiện đại hóa hành chính: tối đa 12,5, bị trừ 9,39",
    ] {
        assert!(out.contains(expected), "missing {expected:?} in\n{out}");
    }
    assert!(!out.contains("tiêu chí 7.2.4: tiêu chí 7.2.4"), "{out}");
}

#[test]
fn check_json_prints_exact_numbers() {
    let o = cchc(
        &["check", "input/tuan-giao-2019.xlsx", "--json"],
        &project(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("\"total_lost\": 20.581,"), "{out}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["sheet"], "Bảng phân tích");
    assert_eq!(json["criteria"].as_array().unwrap().len(), 47);
    assert_eq!(json["declared_total"]["achieved"].to_string(), "79.42");
    assert_eq!(json["declared_total"]["max"].to_string(), "100");
    let first = &json["criteria"][0];
    assert_eq!(first["code"], "1.4.2");
    assert_eq!(first["row"], 8);
    assert_eq!(first["lost"].to_string(), "0.25");
    assert_eq!(first["units"][0], "Phòng Kinh tế - Hạ tầng");
    assert_eq!(first["note"], "0,25");
    let noi_vu = json["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["name"] == "Phòng Nội vụ")
        .unwrap();
    assert_eq!(noi_vu["lead_lost"].to_string(), "5.52");
    assert_eq!(noi_vu["cooperating"][0], "1.4.2");
    let warnings = json["warnings"].as_array().unwrap();
    assert_eq!(warnings[0]["row"], 53);
    assert_eq!(warnings[0]["code"], "7.2.4");
}

/// Runs `check` on `name` holding `content` in a fresh folder; asserts status 2, nothing on
/// stdout, no file created, and returns stderr.
fn refused(name: &str, content: &[u8], extra: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(name), content).unwrap();
    let mut args = vec!["check", name];
    args.extend_from_slice(extra);
    let o = cchc(&args, dir.path());
    assert_eq!(o.status.code(), Some(2), "{name}: {}", stderr(&o));
    assert!(stdout(&o).is_empty());
    let err = stderr(&o);
    assert!(err.starts_with("Lỗi: "), "{err}");
    assert!(err.contains("\nGợi ý: "), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    let files: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(
        files.len(),
        1 + usize::from(name == "cchc.toml"),
        "nothing written"
    );
    err
}

#[test]
fn an_empty_file() {
    let err = refused("trong.xlsx", b"", &[]);
    assert!(err.contains("tệp `trong.xlsx` rỗng"), "{err}");
}

#[test]
fn a_file_that_is_not_a_workbook() {
    let err = refused("thu.xlsx", b"Day la mot thu, khong phai bang tinh", &[]);
    assert!(
        err.contains("tệp `thu.xlsx` không phải là bảng tính đọc được"),
        "{err}"
    );
    // The zip library's English comes after the Vietnamese, as a detail.
    let err = refused("hong.xlsx", b"PK\x03\x04 broken zip", &[]);
    assert!(
        err.contains("tệp `hong.xlsx` bị hỏng hoặc không phải là bảng tính đọc được (chi tiết: invalid Zip archive"),
        "{err}"
    );
    let err = refused("anh.png", b"\x89PNG", &[]);
    assert!(err.contains("định dạng không được hỗ trợ"), "{err}");
}

#[test]
fn a_workbook_with_no_table() {
    let err = refused(
        "bang.csv",
        "Họ tên;Ngày sinh\nNguyễn Văn A;01/01/1980\n".as_bytes(),
        &[],
    );
    assert!(
        err.contains(
            "tệp `bang.csv`: không tìm thấy bảng kết quả thẩm định trong trang tính `bang.csv`"
        ),
        "{err}"
    );
    assert!(
        err.contains("Tiêu chí/tiêu chí thành phần"),
        "the hint names the headers: {err}"
    );
}

#[test]
fn a_score_that_is_not_a_number() {
    let err = refused("a.tsv", &seed_with_score("4.1.", "khoảng 0,5/1"), &[]);
    assert!(
        err.contains(
            "tệp `a.tsv`, trang tính `a.tsv`, dòng 16, cột B: điểm `khoảng 0,5/1` không phải là số"
        ),
        "{err}"
    );
}

#[test]
fn achieved_above_maximum() {
    let err = refused("a.tsv", &seed_with_score("5.8.", "2/1,5"), &[]);
    assert!(
        err.contains("dòng 25, cột B: tiêu chí 5.8 có điểm đạt lớn hơn điểm tối đa (`2/1,5`)"),
        "{err}"
    );
}

#[test]
fn a_negative_score() {
    let err = refused("a.tsv", &seed_with_score("6.2.1.", "-0,5/1"), &[]);
    assert!(
        err.contains("tiêu chí 6.2.1 có điểm âm (`-0,5/1`)"),
        "{err}"
    );
}

#[test]
fn a_maximum_of_zero() {
    let err = refused("a.tsv", &seed_with_score("6.2.1.", "0/0"), &[]);
    assert!(
        err.contains("tiêu chí 6.2.1 có điểm tối đa bằng 0"),
        "{err}"
    );
}

#[test]
fn text_that_is_not_utf8() {
    let err = refused("a.csv", b"Ti\xEAu ch\xED;\xD0i\xEAm\n", &[]);
    assert!(
        err.contains("dòng 1: văn bản không ở bảng mã UTF-8"),
        "{err}"
    );
}

#[test]
fn an_unknown_config_key() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("bang-phan-tich.tsv"), dir.path().join("a.tsv")).unwrap();
    std::fs::write(
        dir.path().join("cchc.toml"),
        "year = 2019\n\n[[units]]\nname = \"Phòng Nội vụ\"\naliasses = [\"NV\"]\n",
    )
    .unwrap();
    let o = cchc(&["check", "a.tsv"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("tệp cấu hình `"), "{err}");
    assert!(
        err.contains("cchc.toml`, dòng 5: khóa `aliasses` không hợp lệ"),
        "{err}"
    );
}

#[test]
fn a_missing_sheet_is_named() {
    let o = cchc(
        &["check", "input/tuan-giao-2019.xlsx", "--sheet", "KQ"],
        &project(),
    );
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("không có trang tính `KQ`; các trang tính hiện có: `Bảng phân tích`"),
        "{err}"
    );
}

#[test]
fn generate_keeps_the_previous_output_when_an_input_turns_bad() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::copy(fixture("bang-phan-tich.tsv"), input.join("xa-a.tsv")).unwrap();
    std::fs::copy(fixture("bang-phan-tich.tsv"), input.join("xa-b.tsv")).unwrap();
    let o = cchc(&["generate", "in", "--out", "out"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let annex = dir.path().join("out/xa-a/phu-luc.xlsx");
    let before = std::fs::read(&annex).unwrap();

    std::fs::write(input.join("xa-a.tsv"), seed_with_score("4.1.", "0,5/x")).unwrap();
    let o = cchc(&["generate", "in", "--out", "out"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("tệp `in/xa-a.tsv`"), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("xa-b.tsv: không thay đổi"),
        "the good input is still handled: {}",
        stdout(&o)
    );
    assert_eq!(
        std::fs::read(&annex).unwrap(),
        before,
        "previous output intact"
    );
    let leftovers: Vec<String> = std::fs::read_dir(dir.path().join("out/.cchc"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.ends_with(".lock"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "no temporary folders left: {leftovers:?}"
    );
}

/// `cchc check --json | head`: the reader goes away, and cchc ends quietly, as grep does.
#[test]
fn a_closed_pipe_ends_quietly() {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_cchc"))
        .args(["check", "input/tuan-giao-2019.xlsx", "--json"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let o = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(o.status.code(), Some(0), "{err}");
}

/// A file that is not there: said in Vietnamese, the system's words kept as a detail, and a
/// hint about the path, not about closing Excel.
#[test]
fn a_missing_file_is_said_in_vietnamese() {
    let dir = tempfile::tempdir().unwrap();
    let o = cchc(&["check", "khong-co.xlsx"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains(
            "không đọc/ghi được `khong-co.xlsx`: không tìm thấy tệp hoặc thư mục (chi tiết: "
        ),
        "{err}"
    );
    assert!(
        err.contains("Gợi ý: kiểm tra lại đường dẫn và tên tệp"),
        "{err}"
    );
}

/// `check --json` on an input it cannot use still prints one JSON object, on standard
/// output, naming the cell.
#[test]
fn check_json_reports_an_error_as_json() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("bang.tsv"),
        seed_with_score("4.1.", "0,5x/1"),
    )
    .unwrap();
    let o = cchc(&["check", "bang.tsv", "--json"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let error = &json["error"];
    assert_eq!(error["file"], "bang.tsv");
    assert_eq!(error["sheet"], "bang.tsv");
    assert_eq!(error["column"], "B");
    assert!(error["row"].as_u64().unwrap() > 1);
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("điểm `0,5x/1` không phải là số"),
        "{error}"
    );
    assert!(
        error["hint"].as_str().unwrap().starts_with("ô điểm"),
        "{error}"
    );
}

/// The help of every command is Vietnamese throughout: none of clap's English headings,
/// flags or defaults.
#[test]
fn help_is_vietnamese_throughout() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        &["--help"][..],
        &["check", "--help"],
        &["diff", "--help"],
        &["generate", "--help"],
        &["init", "--help"],
    ] {
        let o = cchc(args, dir.path());
        assert!(o.status.success(), "{args:?}");
        let help = stdout(&o);
        assert!(help.contains("Cách dùng: cchc"), "{help}");
        assert!(help.contains("In hướng dẫn này"), "{help}");
        for english in [
            "Usage",
            "Options",
            "Arguments",
            "Commands",
            "Print",
            "[default",
            "[OPTIONS]",
        ] {
            assert!(!help.contains(english), "{args:?}: {english} in\n{help}");
        }
    }
}

/// A mistyped command line is answered in Vietnamese, with a suggestion, and status 2.
#[test]
fn a_mistyped_command_line_is_answered_in_vietnamese() {
    let dir = tempfile::tempdir().unwrap();
    let o = cchc(&["generate", "--outt", "x"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("Lỗi: không có tùy chọn `--outt`; có phải là `--out`?"),
        "{}",
        stderr(&o)
    );
    let o = cchc(&["check"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("Lỗi: thiếu <TỆP>"), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("Gợi ý: chạy `cchc --help`"),
        "{}",
        stderr(&o)
    );
}

/// A table whose rows give no scored criterion (here the codes sit in a column the table
/// calls "Ghi chú") is refused, naming the columns read for code and score, never turned
/// into letters about 0 points lost.
#[test]
fn a_table_without_a_scored_criterion_is_refused() {
    let table = "Tiêu chí\tĐiểm tối đa\tĐiểm thẩm định\tGhi chú\n\
                 Kế hoạch CCHC\t1\t0,5\t1.1\n\
                 Báo cáo CCHC\t1\t1\t1.2\n";
    let err = refused("bang.tsv", table.as_bytes(), &[]);
    assert!(
        err.contains("dòng 1: có bảng nhưng không đọc được tiêu chí nào có điểm (mã tiêu chí lấy ở cột A `Tiêu chí`, điểm lấy ở cột C `Điểm thẩm định`); không lập văn bản"),
        "{err}"
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bang.tsv"), table).unwrap();
    let o = cchc(&["generate", "bang.tsv", "--out", "out"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(!dir.path().join("out/bang").exists(), "no letters written");
}

/// `check` says which column was read for what, in text and in JSON.
#[test]
fn check_says_which_column_fed_which_field() {
    let o = cchc(&["check", "input/tuan-giao-2019.xlsx"], &project());
    assert!(
        stdout(&o).contains("Cột đã đọc: mã và tên tiêu chí: cột A `Tiêu chí/tiêu chí thành phần`; điểm đạt/tối đa: cột B `Điểm đạt/tối đa`; cơ quan chủ trì: cột C"),
        "{}",
        stdout(&o)
    );
    let o = cchc(
        &["check", "input/tuan-giao-2019.xlsx", "--json"],
        &project(),
    );
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(json["columns"]["score"]["letter"], "B");
    assert_eq!(json["columns"]["score"]["header"], "Điểm đạt/tối đa");
    assert_eq!(json["columns"]["units"]["letter"], "C");
    assert!(json["columns"]["achieved"].is_null());
}

/// The text of the cover letter generated in `dir/out/NAME/`.
fn cover_text(dir: &std::path::Path, name: &str) -> String {
    crate::support::docx::part(
        &dir.join("out").join(name).join("cong-van.docx"),
        "word/document.xml",
    )
}

/// A total row typed wrong ("20,491/41" where the criteria give 20,419/41): no letter, but
/// a refusal naming the row and both figures; with `--accept-total` the letters follow the
/// criteria and do not state an index the table does not give (issue 13).
#[test]
fn a_mistyped_total_row_stops_generate_until_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let mut rows = seed_rows();
    let last = rows.len() - 1;
    rows[last] = vec![
        "20,491/41".into(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
    ];
    std::fs::write(dir.path().join("bang.tsv"), tsv(&rows)).unwrap();
    let config = project().join("input/cchc.toml");
    let config = config.to_str().unwrap();
    let o = cchc(
        &["generate", "bang.tsv", "--out", "out", "--config", config],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains(&format!("dòng {}: dòng tổng ghi bị trừ 20,509 điểm nhưng các tiêu chí cộng lại bị trừ 20,581 điểm; không lập văn bản", last + 1)),
        "{err}"
    );
    assert!(err.contains("--accept-total"), "{err}");
    assert!(!dir.path().join("out/bang").exists());

    let o = cchc(
        &[
            "generate",
            "bang.tsv",
            "--out",
            "out",
            "--config",
            config,
            "--accept-total",
        ],
        dir.path(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let letter = cover_text(dir.path(), "bang");
    assert!(
        letter.contains("năm 2019 của huyện Tuần Giáo bị trừ 20,58 điểm,"),
        "{letter}"
    );
    assert!(!letter.contains("đạt 20,491/41") && !letter.contains("đạt 20,419/41"));
}

/// Without a total row the letter states points lost, never the sum over the listed criteria
/// as if it were the unit's index; with `[index] score` in the configuration it states that.
#[test]
fn the_index_is_stated_only_when_known() {
    let dir = tempfile::tempdir().unwrap();
    let mut rows = seed_rows();
    rows.pop();
    std::fs::write(dir.path().join("bang.tsv"), tsv(&rows)).unwrap();
    let sample = std::fs::read_to_string(project().join("input/cchc.toml")).unwrap();
    std::fs::write(dir.path().join("cchc.toml"), &sample).unwrap();
    let o = cchc(&["generate", "bang.tsv", "--out", "out"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let letter = cover_text(dir.path(), "bang");
    assert!(
        letter.contains("năm 2019 của huyện Tuần Giáo bị trừ 20,58 điểm,"),
        "{letter}"
    );
    assert!(!letter.contains("20,419/41"), "{letter}");

    std::fs::write(
        dir.path().join("cchc.toml"),
        sample.replacen("[areas]", "[index]\nscore = \"79,42\"\n\n[areas]", 1),
    )
    .unwrap();
    let o = cchc(&["generate", "bang.tsv", "--out", "out"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let letter = cover_text(dir.path(), "bang");
    assert!(
        letter.contains("năm 2019 của huyện Tuần Giáo đạt 79,42/100 điểm, bị trừ 20,58 điểm,"),
        "{letter}"
    );
}

/// A Sở's results under its province and the appraisal council, with the province's
/// decision attached, and no configuration (issue 13): the Sở issues the letter under the
/// UBND tỉnh, the decision is cited as the basis and never taken for the letter's number,
/// the letter is a draft, and the run says it found no configuration.
#[test]
fn the_appraised_unit_issues_the_letter_and_the_decision_is_its_basis() {
    let table = [
        "UBND TỈNH BẮC GIANG",
        "HỘI ĐỒNG THẨM ĐỊNH CHỈ SỐ CCHC",
        "KẾT QUẢ THẨM ĐỊNH CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2023 CỦA SỞ Y TẾ",
        "(Kèm theo Quyết định số 245/QĐ-UBND ngày 15/3/2024 của UBND tỉnh Bắc Giang)",
        "",
        "STT\tLĩnh vực/Tiêu chí/Tiêu chí thành phần\tĐiểm tối đa\tĐiểm tự đánh giá\tĐiểm thẩm định\tCơ quan chủ trì\tGhi chú",
        "1\tCÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH\t\t\t\t\t",
        "1.1\tKế hoạch cải cách hành chính\t1\t1\t0,5\tVăn phòng Sở\t",
        "1.2\tBáo cáo cải cách hành chính\t1\t1\t0,75\tVăn phòng\t",
    ]
    .join("\n");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("so-y-te.tsv"), table).unwrap();
    let o = cchc(&["generate", "so-y-te.tsv", "--out", "out"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("không tìm thấy tệp cấu hình cchc.toml: văn bản lập ở dạng dự thảo (để trống số và ngày), cơ quan ban hành lấy theo tiêu đề bảng là `Sở Y tế`"),
        "{}",
        stdout(&o)
    );
    let letter = cover_text(dir.path(), "so-y-te");
    let lines: Vec<String> = letter
        .split("</w:p>")
        .map(|p| {
            let mut text = String::new();
            let mut inside = false;
            for c in p.chars() {
                match c {
                    '<' => inside = true,
                    '>' => inside = false,
                    c if !inside => text.push(c),
                    _ => {}
                }
            }
            text
        })
        .collect();
    let has = |wanted: &str| lines.iter().any(|l| l.contains(wanted));
    assert!(has("UBND TỈNH BẮC GIANG") && has("SỞ Y TẾ"), "{lines:#?}");
    assert!(!has("HỘI ĐỒNG THẨM ĐỊNH"), "{lines:#?}");
    let number = lines.iter().find(|l| l.starts_with("Số:")).unwrap();
    assert_eq!(
        number.trim_end(),
        "Số: \u{a0}\u{a0}\u{a0}\u{a0}\u{a0}\u{a0}/",
        "a draft's blanks, not 245/QĐ-UBND"
    );
    assert!(has("Bắc Giang, ngày"), "{lines:#?}");
    assert!(
        has(
            "Theo Quyết định số 245/QĐ-UBND ngày 15/03/2024 của UBND tỉnh Bắc Giang, chỉ số cải cách hành chính (Chỉ số CCHC) năm 2023 của Sở Y tế bị trừ 0,75 điểm; 2 tiêu chí"
        ),
        "{lines:#?}"
    );
    assert!(!has("UBND tỉnh Bắc Giang đạt"), "{lines:#?}");
}

/// A commune's results table under the 2022 frame (QĐ 876/QĐ-BNV), with a configuration
/// that names only the scheme: the areas keep their names without a warning, the UBND xã
/// issues the letter, a code typed as a number reads as a code, and every figure is the
/// table's.
#[test]
fn a_communes_table_under_the_2022_frame() {
    let table = [
        "UBND HUYỆN A",
        "KẾT QUẢ THẨM ĐỊNH CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2024 CỦA XÃ B",
        "",
        "TT\tLĩnh vực/Tiêu chí/Tiêu chí thành phần\tĐiểm tối đa\tĐiểm tự đánh giá\tĐiểm thẩm định\tCơ quan chủ trì\tGhi chú",
        "2\tCẢI CÁCH THỂ CHẾ\t\t\t\t\t",
        "2.1.\tXây dựng văn bản quy phạm pháp luật\t2\t2\t1,5\tCông chức Tư pháp - Hộ tịch\t",
        "2.2.\tKiểm tra, rà soát văn bản\t1\t1\t1\tCông chức Tư pháp - Hộ tịch\t",
        "8\tTÁC ĐỘNG CỦA CẢI CÁCH HÀNH CHÍNH ĐẾN NGƯỜI DÂN, TỔ CHỨC VÀ PHÁT TRIỂN KINH TẾ - XÃ HỘI\t\t\t\t\t",
        "8.1.\tMức độ hài lòng của người dân\t3\t3\t2,25\tVăn phòng - Thống kê\tĐTXHH",
        "\tTổng cộng\t6\t6\t4,75\t\t",
    ]
    .join("\n");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("xa-b.tsv"), table).unwrap();
    std::fs::write(dir.path().join("cchc.toml"), "[areas]\nscheme = \"2022\"\n").unwrap();
    let o = cchc(&["check", "xa-b.tsv", "--json"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(json["total_lost"].to_string(), "1.25");
    assert_eq!(json["total_lost_survey"].to_string(), "0.75");
    assert_eq!(json["declared_total"]["agrees"], true);
    assert_eq!(json["title"]["appraised"], "XÃ B");
    assert_eq!(json["areas"][0]["name"], "CẢI CÁCH THỂ CHẾ");
    assert_eq!(json["criteria"].as_array().unwrap().len(), 3);
    assert!(
        json["warnings"].as_array().unwrap().is_empty(),
        "{}",
        json["warnings"]
    );
    let o = cchc(&["generate", "xa-b.tsv", "--out", "out"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let letter = cover_text(dir.path(), "xa-b");
    assert!(
        letter.contains("ỦY BAN NHÂN DÂN") && letter.contains("XÃ B"),
        "{letter}"
    );
    // The total row declares the score, and agrees with the criteria: the letter states it.
    assert!(
        letter.contains("của xã B đạt 4,75/6 điểm, bị trừ 1,25 điểm,"),
        "{letter}"
    );
}
