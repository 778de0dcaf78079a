//! Fuzz target: arbitrary text through the cell parsers (scores, codes, unit lists, header
//! matching, references, legacy-encoding detection, cleaning).

#![no_main]

use cchc::parse::{code, header, number, title, units};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = number::score_text(text);
    let _ = number::number(text);
    let _ = code::split_code(text);
    let _ = units::resolve(text, &cchc::Config::default());
    let _ = header::role_of(text);
    let _ = title::parse_reference(text);
    let _ = title::parse_date(text);
    let _ = cchc::read::legacy::detect(text);
    let cleaned = cchc::text::clean(text);
    assert_eq!(cchc::text::clean(&cleaned), cleaned, "clean is idempotent");
    assert!(cleaned.chars().all(cchc::text::is_xml_char));
    let slug = cchc::text::slug(text);
    assert!(slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'));
});
