//! Scores as written in appraisal sheets: "0,75", "0.743", "1,5", "0,75/1", "0,75 / 1",
//! numeric cells, "không áp dụng". Parsed exactly, never through a float.

use crate::read::Value;
use rust_decimal::Decimal;
use std::str::FromStr;

/// What a score cell holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScoreCell {
    /// Nothing.
    Empty,
    /// "không áp dụng", "KAD", "N/A", "-": the criterion is not assessed.
    NotApplicable,
    /// One number.
    Number(Decimal),
    /// "achieved/maximum".
    Pair(Decimal, Decimal),
    /// Anything else: the text is not a score.
    Invalid,
}

/// Reads a score cell.
pub fn score_cell(value: &Value) -> ScoreCell {
    match value {
        Value::Empty => ScoreCell::Empty,
        Value::Number(d) => ScoreCell::Number(*d),
        Value::Text(s) => score_text(s),
    }
}

/// Reads a score written as text.
pub fn score_text(text: &str) -> ScoreCell {
    let t = text.trim();
    if t.is_empty() {
        return ScoreCell::Empty;
    }
    if is_not_applicable(t) {
        return ScoreCell::NotApplicable;
    }
    if let Some((a, b)) = t.split_once('/') {
        return match (number(a), number(b)) {
            (Some(a), Some(b)) => ScoreCell::Pair(a, b),
            _ => ScoreCell::Invalid,
        };
    }
    number(t).map_or(ScoreCell::Invalid, ScoreCell::Number)
}

fn is_not_applicable(t: &str) -> bool {
    let key = crate::text::header_key(t);
    matches!(
        key.as_str(),
        "khong ap dung" | "kad" | "n a" | "na" | "khong danh gia" | "khong cham"
    ) || t.chars().all(|c| matches!(c, '-' | '–' | '—'))
}

/// Parses one number with a decimal comma or dot ("0,75", "0.743", "1", "-0,5", ",5"),
/// optionally followed by the word "điểm". At most one separator: scores never need
/// thousands separators, so "1.234,5" is refused rather than guessed.
pub fn number(text: &str) -> Option<Decimal> {
    let mut t = text.trim();
    for suffix in ["điểm", "Điểm", "ĐIỂM", "đ"] {
        if let Some(rest) = t.strip_suffix(suffix) {
            t = rest.trim_end();
            break;
        }
    }
    let (negative, digits) = if let Some(rest) = t.strip_prefix(['-', '−']) {
        (true, rest.trim_start())
    } else if let Some(rest) = t.strip_prefix('+') {
        (false, rest)
    } else {
        (false, t)
    };
    if digits.is_empty() || digits.len() > 24 {
        return None;
    }
    let mut separators = 0;
    let mut normalized = String::with_capacity(digits.len() + 2);
    if negative {
        normalized.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        match c {
            '0'..='9' => normalized.push(c),
            ',' | '.' => {
                separators += 1;
                if i == 0 {
                    normalized.push('0');
                }
                normalized.push('.');
            }
            _ => return None,
        }
    }
    if separators > 1 || normalized.ends_with('.') {
        return None;
    }
    Decimal::from_str(&normalized).ok().map(|d| d.normalize())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn the_seeds_forms() {
        assert_eq!(number("0,75"), Some(d("0.75")));
        assert_eq!(number("0.743"), Some(d("0.743")));
        assert_eq!(number("0,130"), Some(d("0.13")));
        assert_eq!(number("1,50"), Some(d("1.5")));
        assert_eq!(number(" 1 "), Some(d("1")));
        assert_eq!(number("-0,5"), Some(d("-0.5")));
        assert_eq!(number(",5"), Some(d("0.5")));
        assert_eq!(number("0,5 điểm"), Some(d("0.5")));
        assert_eq!(score_text("0,75/1"), ScoreCell::Pair(d("0.75"), d("1")));
        assert_eq!(score_text("1,968 / 2,5"), ScoreCell::Pair(d("1.968"), d("2.5")));
        assert_eq!(score_text("79,42/100"), ScoreCell::Pair(d("79.42"), d("100")));
        assert_eq!(score_text("không áp dụng"), ScoreCell::NotApplicable);
        assert_eq!(score_text("-"), ScoreCell::NotApplicable);
    }

    #[test]
    fn refusals() {
        for bad in ["khoảng 0,5/1", "0,5/", "/1", "1.234,5", "0,5a", "1..2", "5.", "abc", "1/2/3"] {
            assert!(
                matches!(score_text(bad), ScoreCell::Invalid),
                "{bad} should be invalid"
            );
        }
    }

    proptest! {
        #[test]
        fn round_trips_with_either_separator(int in 0u32..1000, frac in 0u32..1000, comma: bool) {
            let written = format!("{int}{}{frac:03}", if comma { ',' } else { '.' });
            let expected = Decimal::from_str(&format!("{int}.{frac:03}")).unwrap().normalize();
            prop_assert_eq!(number(&written), Some(expected));
        }

        #[test]
        fn pairs_with_any_spacing(a in 0u32..100, b in 0u32..100, left in " {0,2}", right in " {0,2}") {
            let written = format!("{a},5{left}/{right}{b}");
            let expected = ScoreCell::Pair(
                Decimal::from_str(&format!("{a}.5")).unwrap(),
                Decimal::from(b),
            );
            prop_assert_eq!(score_text(&written), expected);
        }

        #[test]
        fn never_panics(s in "\\PC{0,40}") {
            let _ = score_text(&s);
        }
    }
}
