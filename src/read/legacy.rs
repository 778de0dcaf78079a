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

/// Whether `text` looks like legacy-encoded Vietnamese, and which.
pub fn detect(text: &str) -> Option<Legacy> {
    let marks = |set: &str| text.chars().filter(|c| set.contains(*c)).count();
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    let tcvn3 = marks(TCVN3_MARKS);
    let vni = marks(VNI_MARKS);
    // VNI's marks follow a plain vowel ("Tieâu", "Ñieåm"); TCVN3's replace the letter.
    let vni_pairs = text
        .chars()
        .zip(text.chars().skip(1))
        .filter(|(a, b)| {
            ("aeiouyAEIOUY".contains(*a) && "øùûõïåäëö".contains(*b))
                // "eâ", "oâ", "aâ" are VNI's ê, ô, â; Unicode Vietnamese never writes them.
                || ("aeoAEO".contains(*a) && *b == 'â')
        })
        .count();
    let threshold = (letters / 20).max(3);
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
