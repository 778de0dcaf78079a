//! Column headers to column roles. Columns are found by what their header says, never by
//! position, after folding case, diacritics, punctuation and spacing ([`text::header_key`]).
//!
//! A new wording is one line in [`SYNONYMS`]; wordings never seen fall through to the
//! keyword rules in [`KEYWORDS`].

use crate::text;
use std::sync::LazyLock;

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    /// Code and title in one cell ("Tiêu chí/tiêu chí thành phần").
    CodeTitle,
    /// The code alone ("Mã tiêu chí").
    Code,
    /// "achieved/maximum" in one cell ("Điểm đạt/tối đa").
    ScorePair,
    /// Điểm tối đa: the maximum.
    Max,
    /// Điểm đạt, điểm thẩm định: the achieved points.
    Achieved,
    /// Cơ quan chủ trì (phối hợp): the responsible units.
    Units,
    /// Ý kiến thẩm định: the appraisal opinion.
    Opinion,
    /// Nguyên nhân, giải pháp: cause and solution.
    Solution,
    /// Ghi chú: the note (in the seed, the points lost).
    Note,
    /// A known column that cchc does not use (STT, điểm tự đánh giá).
    Ignored,
}

/// Exact header wordings, compared after [`text::header_key`]. One line per wording.
pub const SYNONYMS: &[(&str, Role)] = &[
    ("Tiêu chí/tiêu chí thành phần", Role::CodeTitle),
    ("Tiêu chí, tiêu chí thành phần", Role::CodeTitle),
    ("Tiêu chí", Role::CodeTitle),
    ("Tiêu chí thành phần", Role::CodeTitle),
    ("Nội dung", Role::CodeTitle),
    ("Nội dung tiêu chí", Role::CodeTitle),
    ("Tên tiêu chí", Role::CodeTitle),
    ("Lĩnh vực/tiêu chí/tiêu chí thành phần", Role::CodeTitle),
    ("Mã tiêu chí", Role::Code),
    ("Mã", Role::Code),
    ("Mã số", Role::Code),
    ("Ký hiệu", Role::Code),
    ("Điểm đạt/tối đa", Role::ScorePair),
    ("Điểm đạt/điểm tối đa", Role::ScorePair),
    ("Điểm đạt được/tối đa", Role::ScorePair),
    ("Điểm thẩm định/tối đa", Role::ScorePair),
    ("Điểm tối đa", Role::Max),
    ("Tối đa", Role::Max),
    ("Điểm chuẩn", Role::Max),
    ("Thang điểm", Role::Max),
    ("Điểm đạt", Role::Achieved),
    ("Điểm đạt được", Role::Achieved),
    ("Điểm thẩm định", Role::Achieved),
    ("Điểm sau thẩm định", Role::Achieved),
    ("Điểm chính thức", Role::Achieved),
    ("Kết quả thẩm định", Role::Achieved),
    ("Cơ quan chủ trì phụ trách", Role::Units),
    ("Cơ quan chủ trì", Role::Units),
    ("Đơn vị chủ trì", Role::Units),
    ("Đơn vị phụ trách", Role::Units),
    ("Cơ quan chủ trì, phối hợp", Role::Units),
    ("Đơn vị chủ trì, phối hợp", Role::Units),
    ("Cơ quan, đơn vị chủ trì", Role::Units),
    ("Ý kiến thẩm định", Role::Opinion),
    ("Nhận xét thẩm định", Role::Opinion),
    ("Ý kiến của Hội đồng thẩm định", Role::Opinion),
    ("Nguyên nhân giải pháp", Role::Solution),
    ("Nguyên nhân, giải pháp", Role::Solution),
    ("Nguyên nhân và giải pháp", Role::Solution),
    ("Giải pháp khắc phục", Role::Solution),
    ("Ghi chú", Role::Note),
    ("Điểm bị trừ", Role::Note),
    ("Số điểm bị trừ", Role::Note),
    ("STT", Role::Ignored),
    ("TT", Role::Ignored),
    ("Số thứ tự", Role::Ignored),
    ("Điểm tự đánh giá", Role::Ignored),
    ("Điểm tự chấm", Role::Ignored),
];

/// Keyword rules for wordings not in [`SYNONYMS`], tried in order: the first rule whose words
/// all occur (as whole words, after folding) decides. Order matters: "tự đánh giá" before
/// "điểm", "tối đa" with "đạt" before "tối đa" alone.
pub const KEYWORDS: &[(&[&str], Role)] = &[
    (&["tu danh gia"], Role::Ignored),
    (&["tu cham"], Role::Ignored),
    (&["stt"], Role::Ignored),
    (&["ma"], Role::Code),
    (&["toi da", "dat"], Role::ScorePair),
    (&["toi da", "tham dinh"], Role::ScorePair),
    (&["toi da"], Role::Max),
    (&["thang diem"], Role::Max),
    (&["y kien"], Role::Opinion),
    (&["nhan xet"], Role::Opinion),
    (&["giai phap"], Role::Solution),
    (&["nguyen nhan"], Role::Solution),
    (&["diem tham dinh"], Role::Achieved),
    (&["diem dat"], Role::Achieved),
    (&["diem"], Role::Achieved),
    (&["chu tri"], Role::Units),
    (&["phu trach"], Role::Units),
    (&["don vi"], Role::Units),
    (&["co quan"], Role::Units),
    (&["ghi chu"], Role::Note),
    (&["bi tru"], Role::Note),
    (&["tieu chi"], Role::CodeTitle),
    (&["noi dung"], Role::CodeTitle),
];

/// [`SYNONYMS`] by their keys, folded once per process rather than for every cell tried as a
/// header.
static SYNONYM_KEYS: LazyLock<Vec<(String, Role)>> = LazyLock::new(|| {
    SYNONYMS
        .iter()
        .map(|(wording, role)| (text::header_key(wording), *role))
        .collect()
});

/// The longest text taken for a header (a two-row header joined is about 80 bytes).
pub const MAX_HEADER_BYTES: usize = 200;

/// The role of a column whose header reads `header`, if any.
pub fn role_of(header: &str) -> Option<Role> {
    // A header is a few words; the long texts of the rows searched for it (opinions,
    // solutions) are not folded at all.
    if header.len() > MAX_HEADER_BYTES {
        return None;
    }
    let key = text::header_key(header);
    if key.is_empty() {
        return None;
    }
    if let Some((_, role)) = SYNONYM_KEYS.iter().find(|(wording, _)| *wording == key) {
        return Some(*role);
    }
    // " {keyword} " in " {key} ", without padded copies: the keyword starts at one of the
    // key's word starts and ends at a word's end (both are single-spaced).
    let starts: Vec<usize> = std::iter::once(0)
        .chain(key.match_indices(' ').map(|(i, _)| i + 1))
        .collect();
    let has = |keyword: &str| {
        starts.iter().any(|&s| {
            key[s..]
                .strip_prefix(keyword)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
        })
    };
    KEYWORDS
        .iter()
        .find(|(keywords, _)| keywords.iter().all(|k| has(k)))
        .map(|(_, role)| *role)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_headers() {
        assert_eq!(
            role_of("Tiêu chí/tiêu chí thành phần"),
            Some(Role::CodeTitle)
        );
        assert_eq!(role_of("Điểm đạt/tối đa"), Some(Role::ScorePair));
        assert_eq!(role_of("Cơ quan chủ trì phụ trách"), Some(Role::Units));
        assert_eq!(role_of("Ý kiến thẩm định"), Some(Role::Opinion));
        assert_eq!(role_of("Nguyên nhân giải pháp"), Some(Role::Solution));
        assert_eq!(role_of("Ghi chú"), Some(Role::Note));
        assert_eq!(role_of("Mã tiêu chí"), Some(Role::Code));
        assert_eq!(role_of("Điểm tối đa"), Some(Role::Max));
        assert_eq!(role_of("Điểm thẩm định"), Some(Role::Achieved));
    }

    #[test]
    fn keywords_are_folded_words() {
        for (keywords, _) in KEYWORDS {
            for k in *keywords {
                assert_eq!(text::header_key(k), *k);
            }
        }
    }

    #[test]
    fn keywords_match_whole_words_only() {
        assert_eq!(role_of("Mã"), Some(Role::Code));
        assert_eq!(role_of("Số mã hóa"), Some(Role::Code));
        assert_eq!(role_of("Mãi mãi"), None);
        assert_eq!(role_of("Tổng điểm đạt được"), Some(Role::Achieved));
    }

    #[test]
    fn unseen_wordings() {
        assert_eq!(role_of("ĐIỂM TỐI ĐA (100 điểm)"), Some(Role::Max));
        assert_eq!(role_of("Diem tham dinh vong 2"), Some(Role::Achieved));
        assert_eq!(role_of("Điểm tự đánh giá của đơn vị"), Some(Role::Ignored));
        assert_eq!(role_of("Đơn vị chủ trì thực hiện"), Some(Role::Units));
        assert_eq!(role_of("Ý kiến thẩm định V2"), Some(Role::Opinion));
        assert_eq!(
            role_of("Nguyên nhân - Giải pháp khắc phục"),
            Some(Role::Solution)
        );
        assert_eq!(
            role_of("Điểm đạt được / Điểm tối đa"),
            Some(Role::ScorePair)
        );
        assert_eq!(
            role_of("Tiêu chí, tiêu chí thành phần đánh giá"),
            Some(Role::CodeTitle)
        );
        assert_eq!(role_of("Số điểm"), Some(Role::Achieved));
        assert_eq!(role_of("Xếp loại"), None);
    }
}
