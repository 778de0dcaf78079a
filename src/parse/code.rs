//! Criterion codes at the start of a cell: "1.4.2 Có sáng kiến…", "1.5.1: Mức độ…",
//! "6.5.1 Thực hiện…" (no final dot), "5.11." (domain notes §9, irregularities 1 and 2).

use crate::model::Code;

/// The most parts a code has (area, criterion, sub-criterion, and one spare level).
const MAX_PARTS: usize = 4;

/// Splits a leading criterion code from the rest of the text: `("1.5.1", "Mức độ …")`.
///
/// A code is one to four parts of one or two digits joined by dots, followed by the end of
/// the text, a dot, a colon, a closing bracket or a space. "79,42/100" (a total) and "2019"
/// (not a code) give `None`.
pub fn split_code(text: &str) -> Option<(Code, &str)> {
    let t = text.trim_start();
    let bytes = t.as_bytes();
    let mut parts = Vec::new();
    let mut i = 0;
    loop {
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        let len = i - start;
        if len == 0 || len > 2 {
            return None;
        }
        parts.push(t[start..i].parse::<u32>().ok()?);
        // Another part follows only as ".<digit>".
        if i + 1 < bytes.len() && bytes[i] == b'.' && bytes[i + 1].is_ascii_digit() {
            if parts.len() == MAX_PARTS {
                return None;
            }
            i += 1;
            continue;
        }
        break;
    }
    if parts[0] == 0 {
        return None;
    }
    let rest = &t[i..];
    match rest.chars().next() {
        None => {}
        Some('.' | ':' | ')') => {}
        Some(c) if c.is_whitespace() => {}
        Some(_) => return None,
    }
    let title = rest
        .trim_start_matches(['.', ':', ')'])
        .trim_start_matches(|c: char| c.is_whitespace() || c == '-' || c == '–')
        .trim_end();
    Some((Code(parts), title))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn code(text: &str) -> Option<(String, String)> {
        split_code(text).map(|(c, t)| (c.to_string(), t.to_string()))
    }

    #[test]
    fn the_seeds_forms() {
        let pair = |c: &str, t: &str| Some((c.to_string(), t.to_string()));
        assert_eq!(code("1.6. Thực hiện"), pair("1.6", "Thực hiện"));
        assert_eq!(code("1.5.1: Mức độ"), pair("1.5.1", "Mức độ"));
        assert_eq!(code("1.4.2 Có sáng kiến"), pair("1.4.2", "Có sáng kiến"));
        assert_eq!(code("5.11."), pair("5.11", ""));
        assert_eq!(code("5.10.1. Tình trạng"), pair("5.10.1", "Tình trạng"));
        assert_eq!(code("7.2.4"), pair("7.2.4", ""));
        assert_eq!(code("2) Nội dung"), pair("2", "Nội dung"));
    }

    #[test]
    fn not_codes() {
        for text in ["79,42/100", "2019", "Tổng cộng", "0,75/1", "1.2.3.4.5", "0.5", "I. Lĩnh vực", ""] {
            assert_eq!(code(text), None, "{text}");
        }
    }

    #[test]
    fn two_digit_parts_order_numerically() {
        let a = split_code("5.9.").unwrap().0;
        let b = split_code("5.10.").unwrap().0;
        assert!(a < b);
        assert!(b.is_ancestor_of(&split_code("5.10.3").unwrap().0));
        assert!(!b.is_ancestor_of(&b));
    }

    proptest! {
        #[test]
        fn written_codes_read_back(parts in proptest::collection::vec(1u32..100, 1..=3),
                                   end in prop_oneof![Just(". "), Just(": "), Just(" "), Just(".")],
                                   title in "[A-Za-zĐđà-ỹ ]{0,20}") {
            let written: Vec<String> = parts.iter().map(u32::to_string).collect();
            let text = format!("{}{end}{title}", written.join("."));
            let (code, rest) = split_code(&text).unwrap();
            prop_assert_eq!(code.0, parts);
            prop_assert_eq!(rest, title.trim());
        }

        #[test]
        fn never_panics(s in "\\PC{0,30}") {
            let _ = split_code(&s);
        }
    }
}
