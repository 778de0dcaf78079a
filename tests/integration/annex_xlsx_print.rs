//! The Excel annex printed: LibreOffice headless converts it to PDF and poppler reads the
//! pages back (issue 3). Without LibreOffice the test is ignored (see `build.rs`).

use crate::support::xlsx::{SAMPLE, generate_annex};
use std::path::Path;
use std::process::Command;

/// The text of pages `first..=last` of `pdf`, laid out.
fn page_text(pdf: &Path, first: u32, last: u32) -> String {
    let out = Command::new("pdftotext")
        .args(["-layout", "-f", &first.to_string(), "-l", &last.to_string()])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext");
    assert!(out.status.success(), "pdftotext failed");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
#[cfg_attr(not(office), ignore = "needs LibreOffice (soffice) and poppler-utils")]
fn the_annex_prints_as_a_landscape_a4_table() {
    let (dir, annex) = generate_annex(Path::new(SAMPLE));
    let pdf_dir = dir.path().join("pdf");
    // A profile of its own, so parallel runs and a user's open LibreOffice do not collide.
    let profile = dir.path().join("lo-profile");
    let status = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(&pdf_dir)
        .arg(&annex)
        .output()
        .expect("soffice");
    assert!(status.status.success(), "soffice failed: {status:?}");
    let pdf = pdf_dir.join("phu-luc.pdf");
    assert!(pdf.is_file(), "no PDF");

    let info = Command::new("pdfinfo").arg(&pdf).output().expect("pdfinfo");
    let info = String::from_utf8_lossy(&info.stdout).into_owned();
    let field = |name: &str| {
        info.lines()
            .find_map(|l| l.strip_prefix(name))
            .map(str::trim)
            .unwrap_or_default()
            .to_string()
    };
    // A4 landscape: 297 × 210 mm is 841.89 × 595.28 pt.
    let size = field("Page size:");
    assert!(
        size.starts_with("841.89 x 595.") && size.contains("A4"),
        "{size}"
    );
    let pages: u32 = field("Pages:").parse().expect("a page count");
    assert!((4..=30).contains(&pages), "{pages} pages");

    let first = page_text(&pdf, 1, 1);
    for line in [
        "UBND HUYỆN TUẦN GIÁO",
        "BẢNG PHÂN TÍCH",
        "Các tiêu chí, tiêu chí thành phần chưa đạt điểm tối đa",
        "(Kèm theo Văn bản số 1356/UBND-NV ngày 30/10/2020 của UBND huyện Tuần Giáo)",
        "Tiêu chí/tiêu chí thành phần",
        "1.4.2. Có sáng kiến",
        "0,75/1",
    ] {
        assert!(first.contains(line), "page 1 lacks {line:?}:\n{first}");
    }
    // The header row is repeated at the top of the next page.
    let second = page_text(&pdf, 2, 2);
    assert!(second.contains("Tiêu chí/tiêu chí thành phần"), "{second}");
    assert!(second.contains("Nguyên nhân, giải pháp"), "{second}");

    // The total prints with the viewer's decimal separator.
    let all = page_text(&pdf, 1, pages);
    assert!(all.contains("Tổng cộng"));
    assert!(
        all.contains("20.581") || all.contains("20,581"),
        "no total 20.581"
    );
    assert!(all.contains("TỔNG HỢP ĐIỂM BỊ TRỪ"), "no summary sheet");
    assert!(all.contains("Chưa giao đơn vị"));
}
