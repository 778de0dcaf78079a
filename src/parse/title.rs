//! The title block above the table (annex layout): the issuing organ, the heading, the
//! subtitle with the year, and the "(Kèm theo Văn bản số … ngày … của …)" reference, so that
//! documents can default to what the input already says.

use crate::model::{Reference, TitleBlock};
use crate::read::Grid;
use crate::text;
use chrono::NaiveDate;

/// Reads the lines above `header_row` (0-based).
pub fn parse_title_block(grid: &Grid, header_row: usize) -> TitleBlock {
    let mut lines: Vec<String> = Vec::new();
    for row in 0..header_row {
        let mut seen: Vec<String> = Vec::new();
        for col in 0..grid.width() {
            let t = grid.get(row, col).text();
            if !t.is_empty() && !seen.contains(&t) {
                seen.push(t);
            }
        }
        lines.extend(seen);
    }
    let mut block = TitleBlock {
        lines: lines.clone(),
        ..TitleBlock::default()
    };
    let mut upper: Vec<&String> = Vec::new();
    for line in &lines {
        let key = text::header_key(line);
        if key.contains("kem theo") {
            block.reference = parse_reference(line);
        } else if key.starts_with("cong hoa xa hoi") || key.starts_with("doc lap tu do") {
            continue;
        } else if is_upper(line) {
            if block.subtitle.is_none() {
                upper.push(line);
            }
        } else if block.subtitle.is_none() && !upper.is_empty() {
            block.subtitle = Some(line.clone());
        }
    }
    // The last upper-case line is the heading ("BẢNG PHÂN TÍCH"); those before it name the
    // organ ("UBND HUYỆN TUẦN GIÁO", or "ỦY BAN NHÂN DÂN" / "HUYỆN TUẦN GIÁO").
    if let Some((heading, organ)) = upper.split_last() {
        if organ.is_empty() && looks_like_organ(heading) {
            block.organ = Some((*heading).clone());
        } else {
            block.heading = Some((*heading).clone());
            if !organ.is_empty() {
                let names: Vec<&str> = organ.iter().map(|s| s.as_str()).collect();
                block.organ = Some(names.join(" "));
            }
        }
    }
    block.year = [&block.subtitle, &block.heading]
        .into_iter()
        .flatten()
        .find_map(|t| year_after_nam(t));
    block.appraised = [&block.subtitle, &block.heading]
        .into_iter()
        .flatten()
        .find_map(|t| appraised_unit(t));
    block
}

/// "… Chỉ số CCHC của huyện Tuần Giáo năm 2019" → "huyện Tuần Giáo"; "KẾT QUẢ THẨM ĐỊNH
/// CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2023 CỦA SỞ Y TẾ" → "SỞ Y TẾ": the words after the last
/// "của" of a line that names the index, without a trailing "năm 2019".
fn appraised_unit(line: &str) -> Option<String> {
    let key = text::header_key(line);
    if !(key.contains("chi so") || key.contains("cchc")) {
        return None;
    }
    let lower = text::lower_in_place(line);
    let at = lower
        .match_indices("của")
        .map(|(i, _)| i)
        .filter(|&i| {
            let before = lower[..i].chars().next_back();
            let after = lower[i + "của".len()..].chars().next();
            before.is_none_or(char::is_whitespace) && after.is_none_or(char::is_whitespace)
        })
        .last()?;
    let rest = line[at + "của".len()..].trim();
    let rest_lower = text::lower_in_place(rest);
    // Cut a trailing "năm 2019" (and a closing bracket or full stop).
    let end = rest_lower
        .match_indices("năm ")
        .map(|(i, _)| i)
        .find(|&i| {
            rest_lower[i + "năm ".len()..]
                .trim_start()
                .starts_with(|c: char| c.is_ascii_digit())
        })
        .unwrap_or(rest.len());
    let unit = rest[..end].trim().trim_end_matches(['.', ')', ',']).trim();
    (!unit.is_empty()).then(|| unit.to_string())
}

fn is_upper(line: &str) -> bool {
    let letters = line.chars().filter(|c| c.is_alphabetic()).count();
    letters >= 3 && !line.chars().any(char::is_lowercase)
}

fn looks_like_organ(line: &str) -> bool {
    let key = text::header_key(line);
    [
        "ubnd",
        "uy ban",
        "so ",
        "phong ",
        "van phong",
        "bo ",
        "ban ",
    ]
    .iter()
    .any(|p| key.starts_with(p))
}

/// "năm 2019" → 2019 (the last such mention).
fn year_after_nam(text: &str) -> Option<i32> {
    let key = text::header_key(text);
    let words: Vec<&str> = key.split(' ').collect();
    words
        .windows(2)
        .filter(|w| w[0] == "nam" && w[1].len() == 4)
        .filter_map(|w| w[1].parse().ok())
        .next_back()
}

/// Parses "(Kèm theo Văn bản số 1356 /UBND-NV ngày 30 /10/2020 của UBND huyện Tuần Giáo)".
/// Stray spaces inside the number and date are dropped (domain notes §9, irregularity 17);
/// a blank number or day (a draft) stays blank.
pub fn parse_reference(line: &str) -> Option<Reference> {
    let inner = line
        .trim()
        .trim_start_matches('(')
        .trim_end_matches(')')
        .trim();
    let lower = text::lower_in_place(inner);
    let start = lower.find("kèm theo").map_or(0, |i| i + "kèm theo".len());
    let body = inner[start..].trim();
    let lower = text::lower_in_place(body);
    let so = find_word(&lower, "số")?;
    let kind = body[..so].trim().to_string();
    let after_so = &body[so + "số".len()..];
    let lower_after = text::lower_in_place(after_so);
    let ngay = find_word(&lower_after, "ngày");
    let cua = find_word(&lower_after, "của");
    let number_end = ngay.or(cua).unwrap_or(after_so.len());
    let number_text: String = after_so[..number_end]
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let (number, symbol) = match number_text.split_once('/') {
        Some((n, s)) => (n.to_string(), s.to_string()),
        None => (number_text, String::new()),
    };
    let date = ngay.and_then(|n| {
        let end = cua.filter(|&c| c > n).unwrap_or(after_so.len());
        parse_date(&after_so[n + "ngày".len()..end])
    });
    let issuer = cua
        .map(|c| after_so[c + "của".len()..].trim().to_string())
        .unwrap_or_default();
    Some(Reference {
        kind,
        number,
        symbol,
        date,
        issuer,
    })
}

/// The byte offset of `word` in `haystack` as a whole word.
fn find_word(haystack: &str, word: &str) -> Option<usize> {
    haystack.match_indices(word).map(|(i, _)| i).find(|&i| {
        let before = haystack[..i].chars().next_back();
        let after = haystack[i + word.len()..].chars().next();
        before.is_none_or(|c| !c.is_alphanumeric()) && after.is_none_or(|c| !c.is_alphanumeric())
    })
}

/// "30 /10/2020", "30/10/2020" or "30 tháng 10 năm 2020".
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let numbers: Vec<&str> = text
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .collect();
    match numbers.as_slice() {
        [d, m, y] => NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_appraised_unit_is_read_from_the_title() {
        assert_eq!(
            appraised_unit("Các tiêu chí, tiêu chí thành phần chưa đạt điểm tối đa trong xác định Chỉ số CCHC của huyện Tuần Giáo năm 2019").as_deref(),
            Some("huyện Tuần Giáo")
        );
        assert_eq!(
            appraised_unit("KẾT QUẢ THẨM ĐỊNH CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2023 CỦA SỞ Y TẾ")
                .as_deref(),
            Some("SỞ Y TẾ")
        );
        assert_eq!(appraised_unit("BẢNG PHÂN TÍCH"), None);
        assert_eq!(appraised_unit("Báo cáo của Phòng Nội vụ"), None);
    }

    #[test]
    fn the_seeds_reference_line() {
        let r = parse_reference(
            "(Kèm theo Văn bản số 1356 /UBND-NV ngày 30 /10/2020 của UBND huyện Tuần Giáo)",
        )
        .unwrap();
        assert_eq!(r.kind, "Văn bản");
        assert_eq!(r.number, "1356");
        assert_eq!(r.symbol, "UBND-NV");
        assert_eq!(r.date, NaiveDate::from_ymd_opt(2020, 10, 30));
        assert_eq!(r.issuer, "UBND huyện Tuần Giáo");
    }

    #[test]
    fn a_draft_reference_keeps_its_blanks() {
        let r = parse_reference(
            "(Kèm theo Công văn số      /UBND-NV ngày      tháng 11 năm 2020 của UBND huyện Tuần Giáo)",
        )
        .unwrap();
        assert_eq!(r.kind, "Công văn");
        assert_eq!(r.number, "");
        assert_eq!(r.symbol, "UBND-NV");
        assert_eq!(r.date, None);
    }

    #[test]
    fn odd_case_mappings_keep_offsets() {
        // Found by fuzzing: "İ" lower-cases to two characters.
        assert!(parse_reference(" 0678-İ/U -DVNnN@ngày").is_none());
        let r =
            parse_reference("(Kèm theo Văn bản SỐ 12/İ-NV ngày 05/01/2021 của UBND xã İ)").unwrap();
        assert_eq!((r.number.as_str(), r.symbol.as_str()), ("12", "İ-NV"));
        assert_eq!(r.issuer, "UBND xã İ");
    }

    #[test]
    fn dates_in_words() {
        assert_eq!(
            parse_date(" 05 tháng 01 năm 2021 "),
            NaiveDate::from_ymd_opt(2021, 1, 5)
        );
        assert_eq!(parse_date("31/02/2021"), None);
    }
}
