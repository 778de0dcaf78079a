//! Text clean-up shared by every stage: NFC, whitespace, XML-safe characters, and the folded
//! keys used to compare headers and unit names.

use unicode_normalization::UnicodeNormalization;

/// Cleans a cell's text: NFC (NFD input exists), trimmed, runs of spaces and tabs collapsed to
/// one space, line breaks kept (a clerk's Alt+Enter) but blank lines and the spaces around
/// them dropped, and characters that are illegal in XML 1.0 removed, so that nothing read can
/// break a document written later.
pub fn clean(raw: &str) -> String {
    let nfc: String = raw.nfc().collect();
    let mut out = String::with_capacity(nfc.len());
    for line in nfc.split(['\n', '\r']) {
        let words: Vec<&str> = line
            .split(|c: char| c.is_whitespace())
            .filter(|w| !w.is_empty())
            .collect();
        if words.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        for (i, word) in words.iter().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            out.extend(word.chars().filter(|&c| is_xml_char(c)));
        }
    }
    out
}

/// Whether `c` may appear in an XML 1.0 document (tab, line feed and carriage return are
/// allowed; other C0 controls, surrogates and U+FFFE/U+FFFF are not).
pub fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

/// A key for comparing names: NFC, lower case, every run of characters other than letters
/// and digits made one space. "Phòng Văn Hóa-Thông tin" and "Phòng Văn hóa Thông tin" give
/// the same key; diacritics are kept, so "Văn" and "Vân" stay apart.
pub fn name_key(text: &str) -> String {
    let lower: String = text.nfc().flat_map(char::to_lowercase).collect();
    lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A looser key for matching column headers: [`name_key`] with the diacritics dropped too, so
/// that "Điểm tối đa", "ĐIỂM TỐI ĐA" and "Diem toi da" match.
pub fn header_key(text: &str) -> String {
    name_key(&deunicode::deunicode(&name_key(text)))
}

/// An ASCII slug for file names: "Phòng Nội vụ" → "phong-noi-vu".
pub fn slug(text: &str) -> String {
    header_key(text).replace(' ', "-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_normalizes_and_collapses() {
        let nfd = "Pho\u{300}ng  Nô\u{323}i vu\u{323}\u{1} ";
        assert_eq!(clean(nfd), "Phòng Nội vụ");
        assert_eq!(clean(" a \n\n  b\r\nc  "), "a\nb\nc");
        assert_eq!(clean("   "), "");
    }

    #[test]
    fn keys_fold_case_punctuation_and_space() {
        assert_eq!(
            name_key("Phòng Văn Hóa-Thông tin"),
            name_key("Phòng Văn hóa  Thông tin")
        );
        assert_ne!(name_key("Văn"), name_key("Vân"));
        assert_eq!(header_key("ĐIỂM TỐI ĐA"), "diem toi da");
        assert_eq!(header_key("Điểm đạt/tối đa"), "diem dat toi da");
        assert_eq!(slug("Phòng Nội vụ"), "phong-noi-vu");
    }
}

/// A decimal as Vietnamese writes it: decimal comma, no trailing zeros ("0,25", "20,581").
pub fn vn(d: rust_decimal::Decimal) -> String {
    d.normalize().to_string().replace('.', ",")
}

/// A decimal rounded half away from zero to `dp` places, as Vietnamese writes it, keeping
/// the places ("20,58", "1,50"). rust_decimal's `round_dp` rounds half to even.
pub fn vn_fixed(d: rust_decimal::Decimal, dp: u32) -> String {
    let mut r = d.round_dp_with_strategy(dp, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    r.rescale(dp);
    r.to_string().replace('.', ",")
}

/// The blank left for the văn thư to fill in a draft's number or day (Decree 30, Phụ lục I,
/// II.3: "Số:      /UBND-NV").
pub const BLANK: &str = "      ";

/// A day or month as the date rule writes it (Decree 30, Phụ lục I, II.4b): days 1–9 and the
/// months 1 and 2 take a leading zero, other months do not.
fn day_text(day: u32) -> String {
    format!("{day:02}")
}

fn month_text(month: u32) -> String {
    if month <= 2 {
        format!("{month:02}")
    } else {
        month.to_string()
    }
}

/// "ngày 05 tháng 01 năm 2021", "ngày 30 tháng 10 năm 2020"; blanks for a draft's missing
/// parts ("ngày       tháng 11 năm 2020").
pub fn vn_date_words(date: &crate::model::DocDate) -> String {
    // A blank replaces the number and its spaces: "ngày      tháng 11 năm 2020".
    let part = |n: Option<String>| n.map_or(BLANK.to_string(), |n| format!(" {n} "));
    let day = part(date.day.map(day_text));
    let month = part(date.month.map(month_text));
    format!("ngày{day}tháng{month}năm {}", date.year)
}

/// "30/10/2020" as in the seed's reference line; blanks for a draft ("      /11/2020").
pub fn vn_date_short(date: &crate::model::DocDate) -> String {
    let day = date.day.map_or(BLANK.to_string(), |d| format!("{d:02}"));
    let month = date.month.map_or(BLANK.to_string(), |m| format!("{m:02}"));
    format!("{day}/{month}/{}", date.year)
}

#[cfg(test)]
mod date_tests {
    use super::*;
    use crate::model::DocDate;

    #[test]
    fn the_date_rule() {
        let d = |s| vn_date_words(&DocDate::parse(s).unwrap());
        assert_eq!(d("2021-01-05"), "ngày 05 tháng 01 năm 2021");
        assert_eq!(d("2020-10-30"), "ngày 30 tháng 10 năm 2020");
        assert_eq!(d("2020-03-05"), "ngày 05 tháng 3 năm 2020");
        assert_eq!(d("2020-02-15"), "ngày 15 tháng 02 năm 2020");
        assert_eq!(d("2020-11"), "ngày      tháng 11 năm 2020");
        assert_eq!(vn_date_short(&DocDate::parse("2020-10-30").unwrap()), "30/10/2020");
    }
}
