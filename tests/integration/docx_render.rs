//! The Word documents rendered by LibreOffice headless (`generate --pdf`), checked through
//! `pdftotext`: what a printed page shows. Ignored when LibreOffice is missing (see `build.rs`).

use crate::support::docx::*;
use crate::support::options;
use std::process::Command;

fn pdf_text(pdf: &std::path::Path) -> String {
    let out = Command::new("pdftotext")
        .arg("-layout")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn pages(text: &str) -> Vec<&str> {
    text.split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .collect()
}

#[test]
#[cfg_attr(not(office), ignore = "needs LibreOffice (soffice) and poppler-utils")]
fn documents_render_to_pdf_as_laid_out() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("cchc.toml");
    std::fs::write(&config, sample_config()).unwrap();
    let mut options = options(&dir.path().join("out"), &config, None);
    options.pdf = true;
    let done = cchc::generate::generate(&sample(), &options)
        .unwrap()
        .output;
    let pdfs = done
        .files
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e == "pdf"))
        .count();
    assert_eq!(pdfs, 8, "{:?}", done.files);

    // The cover letter: header, number and date on page 1, no page number there; the annex
    // on landscape pages whose header row repeats, numbered from 2.
    let text = pdf_text(&done.folder.join("cong-van.pdf"));
    let p = pages(&text);
    assert!(p.len() >= 4, "{} pages", p.len());
    let first = p[0];
    for s in [
        "ỦY BAN NHÂN DÂN",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 1356/UBND-NV",
        "Tuần Giáo, ngày 30 tháng 10 năm 2020",
        "Kính gửi:",
    ] {
        assert!(first.contains(s), "page 1 lacks {s:?}");
    }
    // "Số" and the date share a line (ô 3 and ô 4).
    assert!(
        first
            .lines()
            .any(|l| l.contains("Số: 1356/UBND-NV") && l.contains("Tuần Giáo, ngày 30"))
    );
    assert!(
        !first
            .lines()
            .next()
            .unwrap_or("")
            .trim()
            .chars()
            .all(|c| c.is_ascii_digit())
    );
    assert!(text.contains("Nơi nhận:") && text.contains("TM. ỦY BAN NHÂN DÂN"));
    let annex: Vec<&&str> = p
        .iter()
        .filter(|page| page.contains("Tiêu chí/tiêu chí thành phần"))
        .collect();
    assert!(
        annex.len() >= 2,
        "the header row repeats on each annex page"
    );
    assert!(
        annex[1].trim_start().starts_with('2'),
        "annex pages numbered from 2 after an unnumbered first"
    );
    assert!(text.contains("Tổng cộng") && text.contains("79,42/100") && text.contains("20,58"));

    // A unit letter.
    let text = pdf_text(&done.folder.join("don-vi/phong-noi-vu.pdf"));
    for s in [
        "Kính gửi: Phòng Nội vụ huyện",
        "Nơi nhận:",
        "PHÓ CHỦ TỊCH",
        "I. CÁC TIÊU CHÍ DO PHÒNG NỘI VỤ CHỦ TRÌ",
        "4.1. Tuân thủ",
        "II. CÁC TIÊU CHÍ PHÒNG NỘI VỤ PHỐI HỢP THỰC HIỆN",
        "1.4.2. Có sáng kiến",
    ] {
        assert!(text.contains(s), "unit letter lacks {s:?}");
    }
    // The letter on portrait pages, its annex on landscape ones (issue 14).
    let info = Command::new("pdfinfo")
        .args(["-f", "1", "-l", "99"])
        .arg(done.folder.join("don-vi/phong-noi-vu.pdf"))
        .output()
        .expect("pdfinfo");
    let sizes: Vec<String> = String::from_utf8_lossy(&info.stdout)
        .lines()
        .filter(|l| l.starts_with("Page") && l.contains("size:"))
        .map(str::to_string)
        .collect();
    assert!(
        sizes
            .first()
            .is_some_and(|l| l.contains("595.") && l.contains("x 841.")),
        "{sizes:?}"
    );
    assert!(
        sizes
            .last()
            .is_some_and(|l| l.contains("841.") && l.contains("x 595.")),
        "{sizes:?}"
    );
}
