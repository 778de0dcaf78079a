//! Input clean-up: NFC, whitespace, XML-safe characters, the folded keys used to compare
//! headers and unit names, and ASCII slugs for file names.

use std::borrow::Cow;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// `text` in NFC, borrowed when it is already (almost every text is: composing NFC anew was
/// a quarter of the whole run's time).
pub fn nfc(text: &str) -> Cow<'_, str> {
    if is_nfc(text) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.nfc().collect())
    }
}

/// Cleans a cell's text: NFC (NFD input exists), trimmed, runs of spaces and tabs collapsed to
/// one space, line breaks kept (a clerk's Alt+Enter) but blank lines and the spaces around
/// them dropped, and characters that are illegal in XML 1.0 removed, so that nothing read can
/// break a document written later.
pub fn clean(raw: &str) -> String {
    // Almost every cell is clean already: checking that is one pass and no allocation
    // beyond the copy returned.
    if is_clean(raw) {
        raw.to_string()
    } else {
        clean_anew(raw)
    }
}

/// As [`clean`], keeping `raw`'s own allocation when it is clean already (almost always):
/// a text read from a copy that is dropped anyway is moved, not copied again.
pub fn clean_owned(raw: String) -> String {
    if is_clean(&raw) {
        raw
    } else {
        clean_anew(&raw)
    }
}

/// Whether [`clean`] leaves `raw` as it is: NFC, legal in XML, and spaces and line breaks
/// only single, between words (no other whitespace, which [`clean`] would collapse).
fn is_clean(raw: &str) -> bool {
    let bytes = raw.as_bytes();
    // Whether the last character was a space or a line break; the start counts as one, so a
    // leading space or break is not clean.
    let mut separated = true;
    // NFC is checked in the same pass, as in `is_nfc`.
    let mut starters = true;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        // ASCII, most of any text, byte by byte: printable characters and DEL are clean,
        // other controls are whitespace or illegal.
        if b.is_ascii() {
            match b {
                b' ' | b'\n' if separated => return false,
                b' ' | b'\n' => separated = true,
                0x21..=0x7F => separated = false,
                _ => return false,
            }
            i += 1;
            continue;
        }
        let Some(c) = raw[i..].chars().next() else {
            break;
        };
        if c.is_whitespace() || !is_xml_char(c) {
            return false;
        }
        starters &= is_nfc_starter(c);
        separated = false;
        i += c.len_utf8();
    }
    !separated && (starters || is_nfc_quick(raw.chars()) == IsNormalized::Yes)
}

/// [`clean`] for a text that needs it.
fn clean_anew(raw: &str) -> String {
    // Illegal characters go first, before NFC (a control character between a letter and its
    // combining mark would otherwise keep them apart) and before splitting words (a word made
    // only of them would leave a space behind). Both found by fuzzing.
    let legal: String = raw
        .chars()
        .filter(|&c| is_xml_char(c) || c == '\u{B}')
        .collect();
    let text = nfc(&legal);
    let mut out = String::with_capacity(text.len());
    // U+000B is Word's manual line break in text pasted into Excel: a break, not noise.
    for line in text.split(['\n', '\r', '\u{B}']) {
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
            out.push_str(word);
        }
    }
    out
}

/// Whether `text` is in NFC. Characters below U+0300 and in U+1E00–U+1EFF (the precomposed
/// Vietnamese letters) are starters that NFC keeps, so a text made only of them, as almost
/// every Vietnamese text is, needs no table lookup; any other text gets the full check.
fn is_nfc(text: &str) -> bool {
    text.chars().all(is_nfc_starter) || is_nfc_quick(text.chars()) == IsNormalized::Yes
}

/// Whether `c` is one of the characters that [`is_nfc`] knows NFC keeps as they are.
fn is_nfc_starter(c: char) -> bool {
    c < '\u{300}' || ('\u{1E00}'..='\u{1EFF}').contains(&c)
}

/// `c.is_alphanumeric()`, without the Unicode tables for ASCII and the Latin letters that
/// Vietnamese uses (the tables' slow path was a tenth of a run).
fn is_alphanumeric(c: char) -> bool {
    match c {
        '\0'..='\u{7F}' => c.is_ascii_alphanumeric(),
        '\u{C0}'..='\u{24F}' => c != '×' && c != '÷',
        '\u{1E00}'..='\u{1EFF}' => true,
        _ => c.is_alphanumeric(),
    }
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
    key_chars(&nfc(text)).collect()
}

/// Whether `text`'s [`name_key`] is `key`, stopping at the first character that differs
/// (unit names are compared with every name and alias of the directory, once per row).
pub fn has_name_key(text: &str, key: &str) -> bool {
    key_chars(&nfc(text)).eq(key.chars())
}

/// The characters of the key of `nfc`, an NFC text, in one pass without intermediate strings.
fn key_chars(nfc: &str) -> impl Iterator<Item = char> + '_ {
    let mut letters = nfc.chars().flat_map(char::to_lowercase);
    let (mut gap, mut started, mut pending) = (false, false, None);
    std::iter::from_fn(move || {
        if let Some(c) = pending.take() {
            return Some(c);
        }
        loop {
            let c = letters.next()?;
            if !is_alphanumeric(c) {
                gap = true;
                continue;
            }
            if gap && started {
                gap = false;
                pending = Some(c);
                return Some(' ');
            }
            gap = false;
            started = true;
            return Some(c);
        }
    })
}

/// A looser key for matching column headers: [`name_key`] with the diacritics dropped too, so
/// that "Điểm tối đa", "ĐIỂM TỐI ĐA" and "Diem toi da" match.
pub fn header_key(text: &str) -> String {
    // In one pass and one string: the definition (fold, transliterate, fold again) made three
    // strings and was a sixth of a run, called on every long opinion text. Folding again
    // only makes the transliteration's ASCII lower case and its other characters gaps, so
    // each character of the NFC text can be folded on its own.
    let mut key = AsciiKey(String::with_capacity(text.len()), false);
    for c in nfc(text).chars() {
        if c.is_ascii() {
            key.push(c as u8);
            continue;
        }
        // A Latin letter transliterates as its lower case does, up to ASCII case (a test
        // checks every one): the case tables are skipped for most of a Vietnamese text.
        if is_latin_letter(c) {
            match deunicode::deunicode_char(c) {
                Some(ascii) => ascii.bytes().for_each(|b| key.push(b)),
                None => key.1 = true,
            }
            continue;
        }
        for lower in c.to_lowercase() {
            // deunicode writes "[?]" for a character it does not know: a gap.
            match is_alphanumeric(lower)
                .then(|| deunicode::deunicode_char(lower))
                .flatten()
            {
                Some(ascii) => ascii.bytes().for_each(|b| key.push(b)),
                None => key.1 = true,
            }
        }
    }
    key.0
}

/// Whether `c` is one of the Latin letters (Vietnamese's: Latin-1, Latin Extended-A, ơ, ư
/// and Latin Extended Additional) that [`header_key`] transliterates without lower-casing
/// first.
fn is_latin_letter(c: char) -> bool {
    matches!(c, '\u{C0}'..='\u{17F}' | 'Ơ' | 'ơ' | 'Ư' | 'ư' | '\u{1E00}'..='\u{1EFF}')
        && !matches!(c, '×' | '÷' | 'İ')
}

/// A key being built from ASCII: its text, and whether a gap is pending.
struct AsciiKey(String, bool);

impl AsciiKey {
    /// Adds a letter or digit (lower-cased), after a space if a gap came since the last;
    /// any other byte is a gap.
    fn push(&mut self, b: u8) {
        if !b.is_ascii_alphanumeric() {
            self.1 = true;
            return;
        }
        if std::mem::take(&mut self.1) && !self.0.is_empty() {
            self.0.push(' ');
        }
        self.0.push(char::from(b.to_ascii_lowercase()));
    }
}

/// The longest slug, in bytes.
const MAX_SLUG: usize = 60;

/// An ASCII slug for file names: "Phòng Nội vụ" → "phong-noi-vu". Only `a-z`, `0-9` and
/// `-`, so no path separator or dot can reach the disk; bounded in length; never empty nor a
/// name Windows reserves (CON, PRN, AUX, NUL, COM1 …).
pub fn slug(text: &str) -> String {
    let mut slug = header_key(text).replace(' ', "-");
    if slug.len() > MAX_SLUG {
        slug.truncate(MAX_SLUG);
        slug = slug.trim_end_matches('-').to_string();
    }
    let reserved = matches!(slug.as_str(), "con" | "prn" | "aux" | "nul")
        || (slug.len() == 4
            && (slug.starts_with("com") || slug.starts_with("lpt"))
            && slug.ends_with(|c: char| c.is_ascii_digit()));
    if slug.is_empty() {
        "khong-ten".to_string()
    } else if reserved {
        format!("{slug}-don-vi")
    } else {
        slug
    }
}

/// Slugs for several names, made unique within one folder by a numeric suffix
/// ("phong-noi-vu", "phong-noi-vu-2").
pub fn unique_slugs<'a>(names: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut taken: Vec<String> = Vec::new();
    for name in names {
        let base = slug(name);
        let mut candidate = base.clone();
        let mut n = 2;
        while taken.contains(&candidate) {
            candidate = format!("{base}-{n}");
            n += 1;
        }
        taken.push(candidate);
    }
    taken
}

/// Lower case with every character keeping its byte length, so that offsets found in the
/// result are offsets in `text` ("İ" lower-cases to two characters; it stays as it is).
/// Found by fuzzing.
pub fn lower_in_place(text: &str) -> String {
    text.chars()
        .map(|c| {
            let mut lower = c.to_lowercase();
            match (lower.next(), lower.next()) {
                (Some(l), None) if l.len_utf8() == c.len_utf8() => l,
                _ => c,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_normalizes_and_collapses() {
        let nfd = "Pho\u{300}ng  Nô\u{323}i vu\u{323}\u{1} ";
        assert_eq!(clean(nfd), "Phòng Nội vụ");
        assert_eq!(clean(" a \n\n  b\r\nc  "), "a\nb\nc");
        assert_eq!(clean("dòng 1\u{B}dòng 2"), "dòng 1\ndòng 2");
        assert_eq!(clean("   "), "");
        // Found by fuzzing: a word of control characters only.
        assert_eq!(clean("T@=i  \u{0}\u{1b} tru"), "T@=i tru");
        assert_eq!(clean("O\u{1}\u{307}"), "\u{22e}");
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

    #[test]
    fn slugs_are_safe_file_names() {
        assert_eq!(slug("../../etc/passwd"), "etc-passwd");
        assert_eq!(slug(".."), "khong-ten");
        assert_eq!(slug("CON"), "con-don-vi");
        assert_eq!(slug("Com1"), "com1-don-vi");
        assert!(slug(&"Phòng ".repeat(40)).len() <= 60);
        assert_eq!(
            unique_slugs(["Phòng Nội vụ", "PHÒNG NỘI VỤ", "Phòng Nội-vụ"]),
            ["phong-noi-vu", "phong-noi-vu-2", "phong-noi-vu-3"]
        );
    }

    #[test]
    fn shortcuts_agree_with_the_unicode_tables() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
            // header_key reads transliterations as ASCII, ASCII letters and digits as
            // themselves.
            let ascii = deunicode::deunicode_char(c);
            assert!(ascii.is_none_or(str::is_ascii), "{c:?}");
            if c.is_ascii_alphanumeric() {
                assert_eq!(ascii, Some(c.encode_utf8(&mut [0; 4]) as &str));
            }
        }
        for c in (0..=0x10FFFF)
            .filter_map(char::from_u32)
            .filter(|&c| is_nfc_starter(c))
        {
            assert_eq!(unicode_normalization::char::canonical_combining_class(c), 0);
            assert_eq!(is_nfc_quick(std::iter::once(c)), IsNormalized::Yes, "{c:?}");
        }
    }

    #[test]
    fn latin_letters_transliterate_as_their_lower_case() {
        let folded = |c: char| deunicode::deunicode_char(c).map(str::to_ascii_lowercase);
        for c in (0..=0x10FFFF)
            .filter_map(char::from_u32)
            .filter(|&c| is_latin_letter(c))
        {
            let mut lower = c.to_lowercase();
            let (Some(l), None) = (lower.next(), lower.next()) else {
                panic!("{c:?} lower-cases to several characters");
            };
            assert!(is_alphanumeric(l), "{c:?}");
            assert_eq!(folded(c), folded(l), "{c:?}");
        }
    }

    /// [`header_key`] as defined, in three steps.
    fn header_key_defined(text: &str) -> String {
        name_key(&deunicode::deunicode(&name_key(text)))
    }

    #[test]
    fn header_key_as_defined() {
        for text in [
            "Điểm đạt/tối đa",
            "ĐIỂM TỐI ĐA (100 điểm)",
            "北亰 x ☃中 国🦄",
            "İstanbul Æneid ½ ǅ",
            "Điều tra xã hội học (ĐTXHH)",
            "",
            " - ",
        ] {
            assert_eq!(header_key(text), header_key_defined(text), "{text}");
        }
    }

    proptest::proptest! {
        #[test]
        fn header_key_is_the_definition(text in "\\PC{0,40}", vn in "[a-zA-Z0-9à-ỹÀ-Ỹđ Đ,./()-]{0,40}") {
            proptest::prop_assert_eq!(header_key(&text), header_key_defined(&text));
            proptest::prop_assert_eq!(header_key(&vn), header_key_defined(&vn));
        }

        #[test]
        fn clean_shortcut_is_clean(raw in "\\PC{0,40}", spaced in "[a-zà-ỹ \n\r\t\u{B}\u{C}\u{7F}\u{85}\u{A0}\u{300}\u{1}\u{FFFE}]{0,20}") {
            proptest::prop_assert_eq!(clean(&raw), clean_anew(&raw));
            proptest::prop_assert_eq!(clean(&spaced), clean_anew(&spaced));
        }

        #[test]
        fn slugs_never_leave_a_folder(name in "\\PC{0,80}") {
            let s = slug(&name);
            proptest::prop_assert!(!s.is_empty() && s.len() <= 60);
            proptest::prop_assert!(s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'));
        }

        #[test]
        fn name_key_is_the_folded_split(text in "\\PC{0,40}") {
            // The one-pass key against its definition: lower-cased NFC split on every
            // character that is not a letter or digit.
            let lower: String = text.nfc().flat_map(char::to_lowercase).collect();
            let expected = lower
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            proptest::prop_assert!(has_name_key(&text, &expected));
            proptest::prop_assert_eq!(name_key(&text), expected);
        }

        #[test]
        fn clean_text_is_xml_safe_and_nfc(raw in "\\PC{0,60}") {
            let c = clean(&raw);
            proptest::prop_assert!(c.chars().all(is_xml_char));
            proptest::prop_assert_eq!(clean(&c), c.clone());
        }
    }
}
