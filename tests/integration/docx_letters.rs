//! The Word documents read back: what a reader of the cover letter, its annex and the unit
//! letters sees, the Decree 30 page setup, and the packaging (tblHeader, fonts, bytes).

use crate::support::docx::*;
use cchc::Error;
use cchc::render::templates::Templates;
use std::collections::BTreeSet;
use std::path::Path;

fn has(paragraphs: &[String], text: &str) -> bool {
    paragraphs.iter().any(|p| p == text)
}

fn contains(paragraphs: &[String], text: &str) -> bool {
    paragraphs.iter().any(|p| p.contains(text))
}

#[test]
fn cover_letter_reads_as_decree_30_lays_it_out() {
    let dir = tempfile::tempdir().unwrap();
    let folder = generate_sample(dir.path());
    let xml = part(&folder.join("cong-van.docx"), "word/document.xml");
    let p = paragraphs(&xml);
    for line in [
        "ỦY BAN NHÂN DÂN",
        "HUYỆN TUẦN GIÁO",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 1356/UBND-NV",
        "V/v khắc phục các tiêu chí chưa đạt điểm tối đa Chỉ số CCHC năm 2019",
        "Tuần Giáo, ngày 30 tháng 10 năm 2020",
        "Kính gửi:",
        "- Phòng Nội vụ huyện;",
        "- Văn phòng HĐND và UBND huyện;",
        "Nơi nhận:",
        "- Như trên;",
        "- TT. Huyện ủy (b/c);",
        "- Lưu: VT, NV.",
        "TM. ỦY BAN NHÂN DÂN",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "Phụ lục",
        "BẢNG PHÂN TÍCH",
        "(Kèm theo Văn bản số 1356/UBND-NV ngày 30 tháng 10 năm 2020 của UBND huyện Tuần Giáo)",
    ] {
        assert!(has(&p, line), "missing {line:?} in {p:#?}");
    }
    // Six recipients, the last one closing with a full stop.
    let dashes: Vec<&String> = p
        .iter()
        .filter(|x| x.starts_with("- ") && x.ends_with("huyện;"))
        .collect();
    assert!(dashes.len() >= 5, "{dashes:?}");
    assert_eq!(
        p.iter()
            .filter(|x| x.starts_with("- ") && x.ends_with("huyện."))
            .count(),
        1
    );
    // The body states the result, the split, the count, the units, mentions the annex, ends "./.".
    for fragment in [
        "đạt 79,42/100 điểm, bị trừ 20,58 điểm",
        "điểm thẩm định bị trừ 16,52 điểm",
        // 16,516 + 4,065: the parts as printed add up to 20,58 (issue 14).
        "điều tra xã hội học bị trừ 4,06 điểm",
        "46 tiêu chí, tiêu chí thành phần chưa đạt điểm tối đa",
        "Phòng Nội vụ 5,52 điểm",
        "chi tiết tại Phụ lục kèm theo",
        "trước ngày 30 tháng 11 năm 2020",
    ] {
        assert!(contains(&p, fragment), "missing {fragment:?}");
    }
    assert!(p.iter().any(|x| x.ends_with("./.")));
    // 47 is the rows of the table, not the criteria of the index (issue 14).
    assert!(!contains(&p, "46/47"));
}

#[test]
fn page_setup_sections_fonts_and_page_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let folder = generate_sample(dir.path());
    let docx = folder.join("cong-van.docx");
    let xml = part(&docx, "word/document.xml");
    // Portrait letter, then the landscape annex with w and h swapped.
    assert_eq!(attrs(&xml, "w:pgSz", "w:w"), ["11906", "16838"]);
    assert_eq!(attrs(&xml, "w:pgSz", "w:h"), ["16838", "11906"]);
    assert_eq!(attrs(&xml, "w:pgSz", "w:orient"), ["landscape"]);
    for (attr, value) in [
        ("w:top", "1134"),
        ("w:bottom", "1134"),
        ("w:left", "1701"),
        ("w:right", "850"),
        ("w:header", "567"),
    ] {
        assert_eq!(attrs(&xml, "w:pgMar", attr), [value, value], "{attr}");
    }
    // No page number on page 1 of either part; the annex restarts at 1.
    assert_eq!(xml.matches("<w:titlePg").count(), 2);
    assert_eq!(attrs(&xml, "w:pgNumType", "w:start"), ["1"]);
    assert_eq!(
        attrs(&xml, "w:headerReference", "w:type"),
        ["default", "default"]
    );
    for header in ["word/header1.xml", "word/header2.xml"] {
        let h = part(&docx, header);
        assert!(h.contains("PAGE"), "{h}");
        assert_eq!(attrs(&h, "w:jc", "w:val"), ["center"]);
    }
    // Times New Roman everywhere, set once for the document; no run names another font.
    let styles = part(&docx, "word/styles.xml");
    let fonts: BTreeSet<String> = attrs(&styles, "w:rFonts", "w:ascii").into_iter().collect();
    assert_eq!(fonts.into_iter().collect::<Vec<_>>(), ["Times New Roman"]);
    assert_eq!(attrs(&styles, "w:sz", "w:val"), ["28"], "14 pt by default");
    assert_eq!(attrs(&styles, "w:lang", "w:val"), ["vi-VN"]);
    assert!(attrs(&xml, "w:rFonts", "w:ascii").is_empty());
    // Sizes: Số 13, date 14 italic, Quốc hiệu 12 bold (half-points).
    assert_eq!(run_look(&xml, "Số: 1356/UBND-NV"), (26, false, false));
    assert_eq!(
        run_look(&xml, "Tuần Giáo, ngày 30 tháng 10 năm 2020"),
        (28, false, true)
    );
    assert_eq!(
        run_look(&xml, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        (24, true, false)
    );
    // Body: justified, first line 1 cm, 6 pt before.
    assert!(
        attrs(&xml, "w:ind", "w:firstLine")
            .iter()
            .any(|v| v == "567")
    );
    assert!(attrs(&xml, "w:jc", "w:val").iter().any(|v| v == "both"));
    // Core properties carry the organ and the document's date.
    let core = part(&docx, "docProps/core.xml");
    assert!(
        core.contains("<dc:creator>UBND huyện Tuần Giáo</dc:creator>"),
        "{core}"
    );
    assert!(core.contains("2020-10-30T00:00:00Z"), "{core}");
}

#[test]
fn annex_table_rows_totals_and_repeated_header() {
    let dir = tempfile::tempdir().unwrap();
    let folder = generate_sample(dir.path());
    let xml = part(&folder.join("cong-van.docx"), "word/document.xml");
    assert_eq!(
        xml.matches("<w:tblHeader/>").count(),
        2,
        "two header rows repeat"
    );
    let rows = last_table_rows(&xml);
    assert_eq!(rows[0][0], "STT");
    assert_eq!(rows[0][1], "Tiêu chí/tiêu chí thành phần");
    assert_eq!(rows[1][0], "(1)");
    let criteria: Vec<&Vec<String>> = rows
        .iter()
        .filter(|r| r[0].parse::<usize>().is_ok())
        .collect();
    assert_eq!(criteria.len(), 46, "every criterion with a loss, once");
    assert_eq!(criteria.last().unwrap()[0], "46");
    // 6.1.1 is at full marks: not listed. 5.11 appears once, as a heading.
    assert!(!rows.iter().any(|r| r[1].starts_with("6.1.1.")));
    assert_eq!(
        rows.iter().filter(|r| r[1].starts_with("5.11. ")).count(),
        1
    );
    // A parent shows its own score and notes, and a group its survey note, as the Excel
    // annex does (issue 14).
    let parent = rows.iter().find(|r| r[1].starts_with("5.11. ")).unwrap();
    assert_eq!(parent[2], "1,968/2,5", "{parent:?}");
    assert_eq!(parent[3], "", "a parent's loss is its criteria's");
    assert_eq!(parent[5], "Điều tra xã hội học", "{parent:?}");
    let group = rows.iter().find(|r| r[1].starts_with("1.8. ")).unwrap();
    assert_eq!(group[5], "Điều tra xã hội học", "{group:?}");
    let first = criteria[0];
    assert!(first[1].starts_with("1.4.2."), "{first:?}");
    assert_eq!(first[2], "0,75/1");
    assert_eq!(first[3], "0,25");
    assert_eq!(
        first[4],
        "Phòng Kinh tế - Hạ tầng (chủ trì)\nPhòng Nội vụ (phối hợp)"
    );
    // A loss prints with two places at least, as in the Excel annex: 0,50, not 0,5.
    let row = criteria.iter().find(|r| r[1].starts_with("4.1. ")).unwrap();
    assert_eq!(row[3], "0,50");
    let unassigned = criteria.iter().find(|r| r[1].starts_with("7.6. ")).unwrap();
    assert_eq!(unassigned[4], "Chưa giao đơn vị");
    let total = rows.last().unwrap();
    assert_eq!(total[..3], ["Tổng cộng", "79,42/100", "20,58"]);
}

/// The codes a unit letter's annex lists, with whether each is under the co-operated part
/// (all of them when the unit leads none).
fn listed(xml: &str, leads: bool) -> Vec<(String, bool)> {
    let mut cooperating = !leads;
    let mut out = Vec::new();
    for row in last_table_rows(xml) {
        if row.get(1).is_some_and(|t| t.starts_with("II. ")) {
            cooperating = true;
        }
        if row[0].parse::<usize>().is_ok() {
            let code = row[1].split(". ").next().unwrap().to_string();
            out.push((code, cooperating));
        }
    }
    out
}

#[test]
fn one_letter_per_unit_listing_all_and_only_its_criteria() {
    let dir = tempfile::tempdir().unwrap();
    let config = cchc::Config::parse(Path::new("cchc.toml"), &sample_config()).unwrap();
    let analysis = cchc::load(&sample(), None, &config).unwrap().output;
    let folder = generate_sample(dir.path());
    let mut files: Vec<String> = std::fs::read_dir(folder.join("don-vi"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(
        files,
        [
            "phong-kinh-te-ha-tang.docx",
            "phong-noi-vu.docx",
            "phong-tai-chinh-ke-hoach.docx",
            "phong-van-hoa-thong-tin.docx",
            "trung-tam-van-hoa-thong-tin-va-truyen-hinh.docx",
            "van-phong-hdnd-ubnd.docx",
        ]
    );
    for unit in &analysis.units {
        let file = folder
            .join("don-vi")
            .join(format!("{}.docx", cchc::text::slug(&unit.name)));
        let xml = part(&file, "word/document.xml");
        let p = paragraphs(&xml);
        assert!(
            has(&p, &format!("Kính gửi: {}", unit.addressee)),
            "{}",
            unit.name
        );
        assert!(
            has(&p, "Số: \u{a0}\u{a0}\u{a0}\u{a0}\u{a0}\u{a0}/UBND-NV"),
            "draft number for {}",
            unit.name
        );
        let expected: Vec<(String, bool)> = unit
            .led
            .iter()
            .map(|c| (c.code.to_string(), false))
            .chain(unit.cooperating.iter().map(|c| (c.code.to_string(), true)))
            .collect();
        assert_eq!(
            listed(&xml, !unit.led.is_empty()),
            expected,
            "{}",
            unit.name
        );
        assert!(contains(&p, "trước ngày 30 tháng 11 năm 2020"));
        assert!(has(&p, "Nơi nhận:") && has(&p, "- Như trên;") && has(&p, "- Lưu: VT, NV."));
    }
    let xml = part(
        &folder.join("don-vi/phong-noi-vu.docx"),
        "word/document.xml",
    );
    let p = paragraphs(&xml);
    let codes = listed(&xml, true);
    assert!(codes.contains(&("4.1".into(), false)));
    assert!(codes.contains(&("5.8".into(), false)));
    assert!(codes.contains(&("1.4.2".into(), true)));
    assert!(!codes.iter().any(|(c, _)| c == "7.3.1"));
    assert_eq!(codes.iter().filter(|(_, coop)| !coop).count(), 17);
    // Its own letter does not copy it to itself.
    assert!(!has(&p, "- Phòng Nội vụ (theo dõi);"));
}

#[test]
fn draft_mode_leaves_number_and_day_blank() {
    let dir = tempfile::tempdir().unwrap();
    let text = sample_config()
        .replace("number = \"1356\"", "number = \"\"")
        .replacen("date = \"2020-10-30\"", "date = \"2020-11\"", 1);
    let folder = generate_with(dir.path(), &text, None).unwrap().folder;
    let p = paragraphs(&part(&folder.join("cong-van.docx"), "word/document.xml"));
    // No-break blanks: the văn thư's gap never parts at a line end (issue 14).
    let blank = "\u{a0}".repeat(6);
    assert!(has(&p, &format!("Số: {blank}/UBND-NV")), "{p:#?}");
    assert!(
        has(&p, &format!("Tuần Giáo, ngày{blank}tháng 11 năm 2020")),
        "{p:#?}"
    );
}

#[test]
fn a_template_override_changes_the_wording() {
    let dir = tempfile::tempdir().unwrap();
    let templates = dir.path().join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(
        templates.join("cong-van.tera"),
        "Câu thay thế cho năm {{ year }}, bị trừ {{ analysis.total_lost | vn_round(d=1) }} điểm./.\n",
    )
    .unwrap();
    let folder = generate_with(dir.path(), &sample_config(), Some(&templates))
        .unwrap()
        .folder;
    let p = paragraphs(&part(&folder.join("cong-van.docx"), "word/document.xml"));
    assert!(
        has(&p, "Câu thay thế cho năm 2019, bị trừ 20,6 điểm./."),
        "{p:#?}"
    );
    assert!(!contains(&p, "Căn cứ kết quả thẩm định"));
}

#[test]
fn a_bad_template_names_template_line_and_variable() {
    let dir = tempfile::tempdir().unwrap();
    let templates = dir.path().join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(
        templates.join("thu-don-vi.txt"),
        "Dòng đầu.\n\n{{ don_vi.ten }}\n",
    )
    .unwrap();
    let err = generate_with(dir.path(), &sample_config(), Some(&templates)).unwrap_err();
    match &err {
        Error::Template {
            name,
            line,
            message,
        } => {
            assert_eq!(name, "thu-don-vi.txt");
            assert_eq!(*line, Some(3));
            assert!(message.contains("don_vi"), "{message}");
        }
        other => panic!("expected a template error, got {other:?}"),
    }
    // A syntax error is found when the templates are loaded, before any input is read.
    std::fs::write(templates.join("thu-don-vi.txt"), "a\n{% if %}\n").unwrap();
    let err = cchc::generate::load_templates(Some(&templates)).unwrap_err();
    assert!(
        matches!(err, Error::Template { line: Some(2), .. }),
        "{err:?}"
    );
}

#[test]
fn hostile_input_text_gives_well_formed_xml() {
    let config = cchc::Config::parse(Path::new("cchc.toml"), &sample_config()).unwrap();
    let mut analysis = cchc::load(&sample(), None, &config).unwrap().output;
    let opinion = "A & B <c> \"d\"\u{1}\u{b}\u{fffe} dòng 1\ndòng 2";
    let title = "Tên <b>&amp;";
    // Where the annex reads it (the row) and where the letters do (the criterion).
    let target = analysis.criteria[0].index;
    analysis.appraisal.rows[target].opinion = opinion.into();
    analysis.appraisal.rows[target].title = title.into();
    analysis.criteria[0].opinion = opinion.into();
    analysis.criteria[0].title = title.into();
    let meta = cchc::render::meta::Meta::resolve(
        &analysis,
        &config,
        chrono::NaiveDate::from_ymd_opt(2020, 10, 30).unwrap(),
    );
    let templates = Templates::defaults().unwrap();
    let ctx = cchc::render::RenderContext {
        analysis: &analysis,
        meta: &meta,
        config: &config,
        templates: &templates,
        previous: None,
    };
    let cover = cchc::render::docx::cover_letter(&ctx).unwrap();
    let xml = part_of(&cover, "word/document.xml");
    let p = paragraphs(&xml); // panics on XML that is not well-formed
    let rows = last_table_rows(&xml);
    let row = rows.iter().find(|r| r[1].starts_with("1.4.2.")).unwrap();
    assert_eq!(row[1], "1.4.2. Tên <b>&amp;");
    assert_eq!(row[5], "A & B <c> \"d\" dòng 1\ndòng 2");
    assert!(!p.is_empty());
    let mut seen = false;
    for letter in cchc::render::docx::unit_letters(&ctx).unwrap() {
        let p = paragraphs(&part_of(&letter.bytes, "word/document.xml"));
        seen |= contains(&p, "Tên <b>&amp;") && contains(&p, "A & B <c> \"d\" dòng 1");
    }
    assert!(seen, "the hostile texts reach a unit letter");
}

#[test]
fn reruns_give_identical_bytes() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let fa = generate_sample(a.path());
    let fb = generate_sample(b.path());
    let mut names = vec!["cong-van.docx".to_string()];
    for e in std::fs::read_dir(fa.join("don-vi")).unwrap() {
        names.push(format!(
            "don-vi/{}",
            e.unwrap().file_name().to_string_lossy()
        ));
    }
    assert_eq!(names.len(), 7);
    for name in names {
        let (x, y) = (
            std::fs::read(fa.join(&name)).unwrap(),
            std::fs::read(fb.join(&name)).unwrap(),
        );
        assert!(x == y, "{name} differs between runs");
        // The document part deflated, the small parts stored; the document's date on every
        // entry.
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&x)).unwrap();
        for i in 0..archive.len() {
            let entry = archive.by_index(i).unwrap();
            let name = entry.name().unwrap().to_string();
            let method = if name == "word/document.xml" {
                zip::CompressionMethod::Deflated
            } else {
                zip::CompressionMethod::Stored
            };
            assert_eq!(entry.compression(), method, "{name}");
            let t = entry.last_modified().unwrap();
            assert_eq!((t.year(), t.month(), t.day()), (2020, 10, 30));
        }
    }
}

#[test]
fn init_writes_a_starter_config_and_the_templates() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("moi");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_cchc"))
        .arg("init")
        .arg(&target)
        .status()
        .unwrap();
    assert!(status.success());
    // A neutral starter, not the sample's office: no organ, number or date of its own, so
    // that a draft comes out until the clerk fills them in.
    let starter = std::fs::read_to_string(target.join("cchc.toml")).unwrap();
    for sample_only in ["Tuần Giáo", "1356", "2020-10-30"] {
        assert!(
            !starter.contains(sample_only),
            "{sample_only} in\n{starter}"
        );
    }
    assert!(starter.contains("Xóa dấu # ở đầu dòng để dùng một khóa."));
    let config = cchc::Config::load(&target.join("cchc.toml")).unwrap();
    assert_eq!(config.letter.number.as_deref(), Some(""));
    assert!(config.units.is_empty() && config.organ.name.is_none());
    for (name, text) in cchc::render::templates::DEFAULTS {
        assert_eq!(
            std::fs::read_to_string(target.join("templates").join(name)).unwrap(),
            text
        );
    }
    // The written templates are usable as they are.
    cchc::generate::load_templates(Some(&target.join("templates"))).unwrap();
}
