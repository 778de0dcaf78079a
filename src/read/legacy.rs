//! Text typed with the legacy Vietnamese fonts (TCVN3 ".VnTime", VNI "VNI-Times") arrives as
//! Latin-1 mojibake: "Tiªu chÝ" for "Tiêu chí" (TCVN3), "Tieâu chí" for "Tiêu chí" (VNI).
//! Guessing a conversion would put wrong names into official letters, so such text is
//! recognised and refused with the way to convert it.

/// A legacy encoding recognised in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Legacy {
    /// TCVN 5712 (ABC), fonts ".VnTime", ".VnArial".
    Tcvn3,
    /// VNI, fonts "VNI-Times", "VNI-Helve".
    Vni,
}

impl Legacy {
    /// The encoding's name as Vietnamese users know it.
    pub fn name(self) -> &'static str {
        match self {
            Legacy::Tcvn3 => "TCVN3 (ABC, phông .VnTime)",
            Legacy::Vni => "VNI Windows (phông VNI-Times)",
        }
    }
}

/// Characters that TCVN3 text shows in Latin-1 and that Unicode Vietnamese never uses.
const TCVN3_MARKS: &str = "µ¸¶·¹¨©ª«¬®§¦¡¢£¤¥»¼½¾ÆÇËÎÏÐÑÖ×ØÛÜÞßåæçëîïðñö÷øûüþ";

/// Characters of VNI's separate tone and vowel marks that Unicode Vietnamese never uses.
const VNI_MARKS: &str = "øùûõïäåëöñØÙÛÕÏÄÅËÖÑ";

/// The characters that follow a plain vowel in VNI's vowel-and-mark pairs ("Tieâu").
const VNI_FOLLOWERS: &str = "øùûõïåäëö";

const TCVN3: u8 = 1;
const VNI: u8 = 2;
const VNI_FOLLOWER: u8 = 4;

/// The first character of [`CLASSES`]: every mark above lies in Latin-1's upper half.
const LATIN1_HIGH: u32 = 0xA0;

/// What each character of U+00A0–U+00FF is a mark of, as bits: one lookup per character
/// rather than a scan of each set (this runs over every text cell).
static CLASSES: std::sync::LazyLock<[u8; 96]> = std::sync::LazyLock::new(|| {
    let mut classes = [0; 96];
    for (set, bit) in [
        (TCVN3_MARKS, TCVN3),
        (VNI_MARKS, VNI),
        (VNI_FOLLOWERS, VNI_FOLLOWER),
    ] {
        for c in set.chars() {
            if let Some(slot) = (c as u32)
                .checked_sub(LATIN1_HIGH)
                .and_then(|i| classes.get_mut(i as usize))
            {
                *slot |= bit;
            }
        }
    }
    classes
});

fn class(c: char) -> u8 {
    (c as u32)
        .checked_sub(LATIN1_HIGH)
        .and_then(|i| CLASSES.get(i as usize))
        .copied()
        .unwrap_or(0)
}

/// The fewest marks that make a text legacy-encoded, however short.
const MIN_MARKS: usize = 3;

/// Whether `text` looks like legacy-encoded Vietnamese, and which.
pub fn detect(text: &str) -> Option<Legacy> {
    // Every mark (and 'â') lies in U+00A0–U+00FF, written in UTF-8 as 0xC2 or 0xC3 and one
    // more byte; neither byte value occurs inside another character. So only those bytes
    // are looked at, and the character before a mark is a plain vowel exactly when the byte
    // before it is one.
    let bytes = text.as_bytes();
    let (mut tcvn3, mut vni, mut vni_pairs) = (0, 0, 0);
    for (i, &lead) in bytes.iter().enumerate() {
        if lead != 0xC2 && lead != 0xC3 {
            continue;
        }
        let Some(&next) = bytes.get(i + 1) else {
            break;
        };
        let c = char::from(((lead & 0x1F) << 6) | (next & 0x3F));
        let bits = class(c);
        tcvn3 += usize::from(bits & TCVN3 != 0);
        vni += usize::from(bits & VNI != 0);
        // VNI's marks follow a plain vowel ("Tieâu", "Ñieåm"); TCVN3's replace the letter.
        if let Some(&a) = i.checked_sub(1).and_then(|p| bytes.get(p))
            && ((b"aeiouyAEIOUY".contains(&a) && bits & VNI_FOLLOWER != 0)
                // "eâ", "oâ", "aâ" are VNI's ê, ô, â; Unicode Vietnamese never writes them.
                || (b"aeoAEO".contains(&a) && c == 'â'))
        {
            vni_pairs += 1;
        }
    }
    // The threshold is never below MIN_MARKS: most texts are decided without counting
    // letters, which takes the Unicode tables.
    if tcvn3 < MIN_MARKS && vni + vni_pairs < MIN_MARKS {
        return None;
    }
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    verdict(letters, tcvn3, vni, vni_pairs)
}

/// The encoding that the counted marks point to, if they are at least one in twenty letters
/// (and at least [`MIN_MARKS`]): VNI when its vowel-and-mark pairs appear, else the set with
/// enough marks.
fn verdict(letters: usize, tcvn3: usize, vni: usize, vni_pairs: usize) -> Option<Legacy> {
    let threshold = (letters / 20).max(MIN_MARKS);
    if vni_pairs >= 2 && vni + vni_pairs >= threshold {
        Some(Legacy::Vni)
    } else if tcvn3 >= threshold {
        Some(Legacy::Tcvn3)
    } else if vni >= threshold {
        Some(Legacy::Vni)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_mark_has_its_class() {
        for (set, bit) in [
            (TCVN3_MARKS, TCVN3),
            (VNI_MARKS, VNI),
            (VNI_FOLLOWERS, VNI_FOLLOWER),
        ] {
            assert!(set.chars().all(|c| class(c) & bit != 0), "{set}");
        }
        assert_eq!(class('a') | class('ệ') | class('Đ'), 0);
    }

    /// [`detect`]'s counts as first written: every count over every character.
    fn detect_defined(text: &str) -> Option<Legacy> {
        let (mut letters, mut tcvn3, mut vni, mut vni_pairs) = (0, 0, 0, 0);
        let mut previous: Option<char> = None;
        for c in text.chars() {
            let bits = class(c);
            letters += usize::from(c.is_alphabetic());
            tcvn3 += usize::from(bits & TCVN3 != 0);
            vni += usize::from(bits & VNI != 0);
            if let Some(a) = previous
                && (("aeiouyAEIOUY".contains(a) && bits & VNI_FOLLOWER != 0)
                    || ("aeoAEO".contains(a) && c == 'â'))
            {
                vni_pairs += 1;
            }
            previous = Some(c);
        }
        verdict(letters, tcvn3, vni, vni_pairs)
    }

    proptest::proptest! {
        #[test]
        fn detect_is_the_definition(text in "[a-zA-Z ạ-ỹ\u{A0}-\u{FF}]{0,80}", any in "\\PC{0,40}") {
            proptest::prop_assert_eq!(detect(&text), detect_defined(&text));
            proptest::prop_assert_eq!(detect(&any), detect_defined(&any));
        }
    }

    #[test]
    fn recognises_both_and_leaves_unicode_alone() {
        assert_eq!(detect("Tiªu chÝ/tiªu chÝ thµnh phÇn"), Some(Legacy::Tcvn3));
        assert_eq!(detect("§iÓm ®¹t/tèi ®a"), Some(Legacy::Tcvn3));
        assert_eq!(
            detect("Tieâu chí/tieâu chí thaønh phaàn"),
            Some(Legacy::Vni)
        );
        assert_eq!(detect("Ñieåm ñaït/toái ña"), Some(Legacy::Vni));
        for unicode in [
            "Tiêu chí/tiêu chí thành phần",
            "Điểm đạt/tối đa",
            "Phòng Văn hóa - Thông tin",
            "Trung tâm Văn hóa, Thông tin và Truyền hình",
            "Số xã công bố là 17/19 đạt 89,4% (Từ 70%-100%: 1 điểm)",
            "Café ½ µm",
        ] {
            assert_eq!(detect(unicode), None, "{unicode}");
        }
    }
}
