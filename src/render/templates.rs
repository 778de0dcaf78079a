//! The wording of the Word documents: Tera text templates, embedded as defaults and
//! overridable from a folder, with the filters Vietnamese formatting needs.
//!
//! Templates are named `*.txt` (or `*.tera` in an override folder) so that Tera does not
//! HTML-escape them: the Word writer (`render::docx::wml`) escapes the text once when it writes the XML.

use crate::error::{Error, Result};
use crate::model::DocDate;
use crate::text;
use rust_decimal::Decimal;
use rust_decimal::prelude::FromPrimitive;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use tera::{Context, Kwargs, State, Tera, Value};

/// The cover letter's body.
pub const COVER_BODY: &str = "cong-van.txt";
/// The cover letter's default subject after "V/v".
pub const COVER_SUBJECT: &str = "cong-van-trich-yeu.txt";
/// A unit letter's body.
pub const UNIT_BODY: &str = "thu-don-vi.txt";
/// A unit letter's default subject after "V/v".
pub const UNIT_SUBJECT: &str = "thu-don-vi-trich-yeu.txt";
/// The annex heading: label, heading, title, reference line.
pub const ANNEX_HEADING: &str = "phu-luc-tieu-de.txt";
/// The heading of a unit letter's annex.
pub const UNIT_ANNEX_HEADING: &str = "phu-luc-don-vi-tieu-de.txt";

/// The default templates, compiled into the binary so that it runs without the folder.
pub const DEFAULTS: [(&str, &str); 6] = [
    (COVER_BODY, include_str!("../../templates/cong-van.txt")),
    (
        COVER_SUBJECT,
        include_str!("../../templates/cong-van-trich-yeu.txt"),
    ),
    (UNIT_BODY, include_str!("../../templates/thu-don-vi.txt")),
    (
        UNIT_SUBJECT,
        include_str!("../../templates/thu-don-vi-trich-yeu.txt"),
    ),
    (
        ANNEX_HEADING,
        include_str!("../../templates/phu-luc-tieu-de.txt"),
    ),
    (
        UNIT_ANNEX_HEADING,
        include_str!("../../templates/phu-luc-don-vi-tieu-de.txt"),
    ),
];

/// The parsed templates of one run, shared by every input.
#[derive(Debug)]
pub struct Templates {
    tera: Tera,
    /// The name each default is registered under: its own, or the override file's name
    /// ("cong-van.tera"), so that messages name the file the user edits.
    names: BTreeMap<&'static str, String>,
    /// SHA-256 of every template's name and text, for the output manifest (issue 5).
    fingerprint: String,
}

/// A template text that replaces one of the [`DEFAULTS`], as the caller read it (the
/// renderer reads no files).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Override {
    /// The default it replaces ([`COVER_BODY`], …).
    pub default: &'static str,
    /// The file it came from ("cong-van.tera"), to name in messages.
    pub file: String,
    /// Its text.
    pub text: String,
}

impl Templates {
    /// The embedded defaults only.
    ///
    /// # Errors
    /// [`Error::Template`] if a default does not parse (a bug, caught by the tests).
    pub fn defaults() -> Result<Templates> {
        Templates::new(Vec::new())
    }

    /// The defaults, each replaced by its override when there is one.
    ///
    /// # Errors
    /// [`Error::Template`] naming the file and line when a template does not parse.
    pub fn new(overrides: Vec<Override>) -> Result<Templates> {
        let mut tera = Tera::default();
        register_filters(&mut tera);
        let mut names = BTreeMap::new();
        let mut hasher = Sha256::new();
        for (name, content) in DEFAULTS {
            let (registered, content) = match overrides.iter().find(|o| o.default == name) {
                Some(o) => (o.file.clone(), o.text.as_str()),
                None => (name.to_string(), content),
            };
            tera.add_raw_template(&registered, content)
                .map_err(|e| template_error(&registered, &e))?;
            hasher.update(registered.as_bytes());
            hasher.update([0]);
            hasher.update(content.as_bytes());
            hasher.update([0]);
            names.insert(name, registered);
        }
        Ok(Templates {
            tera,
            names,
            fingerprint: format!("{:x}", hasher.finalize()),
        })
    }

    /// The file names an override of the default `name` may have in a templates folder:
    /// its own ("cong-van.txt"), or with `.tera`.
    pub fn override_files(name: &str) -> [String; 2] {
        let stem = name.strip_suffix(".txt").unwrap_or(name);
        [format!("{stem}.txt"), format!("{stem}.tera")]
    }

    /// A hash of every template's name and text: equal fingerprints render equal wording.
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// Renders template `name` (one of the constants above) with `context`.
    ///
    /// # Errors
    /// [`Error::Template`] naming the template, the line and what is wrong (an unknown
    /// variable or filter, a bad argument).
    pub fn render(&self, name: &str, context: &Context) -> Result<String> {
        let registered = self.names.get(name).map_or(name, String::as_str);
        self.tera
            .render(registered, context)
            .map_err(|e| template_error(registered, &e))
    }
}

/// Tera's message, located and put in Vietnamese where the cause is a common one.
fn template_error(name: &str, err: &tera::Error) -> Error {
    match err.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            let file = if report.filename().is_empty() {
                name
            } else {
                report.filename()
            };
            Error::Template {
                name: file.to_string(),
                line: Some(report.span().start_line),
                message: translate(report.message()),
            }
        }
        other => Error::Template {
            name: name.to_string(),
            line: None,
            message: translate(&other.to_string()),
        },
    }
}

/// "Variable `x` is not defined." → "biến `x` không tồn tại (…)"; the original follows in
/// brackets for whoever maintains the template.
fn translate(message: &str) -> String {
    let first_line = message.lines().next().unwrap_or(message).trim();
    let quoted = first_line.split('`').nth(1).unwrap_or("");
    let vietnamese = if first_line.starts_with("Variable `") {
        format!("biến `{quoted}` không tồn tại")
    } else if first_line.contains("ilter `") {
        format!("bộ lọc `{quoted}` không tồn tại hoặc dùng sai")
    } else {
        "mẫu viết sai cú pháp hoặc dùng sai giá trị".to_string()
    };
    format!("{vietnamese} ({first_line})")
}

/// The filters for Vietnamese formatting. Points come from the model as exact decimal text
/// ("20.581", see [`crate::model::exact`]); plain numbers are taken too.
/// - `vn`: a number with a decimal comma, as exact as given ("0,25", "20,581");
/// - `vn_round(d=2)`: rounded half away from zero, keeping `d` places ("20,58");
/// - `minus(other=x)`: the exact difference, for comparisons;
/// - `vn_date`: an ISO date ("2020-10-30", "2020-11" for a draft) in words by the date rule
///   of Decree 30, Phụ lục I, II.4b ("ngày 30 tháng 10 năm 2020");
/// - `sentence`: free text closed with a full stop;
/// - `lower_first`: a name in running text, its first letter lower case ("Hiện đại hóa hành
///   chính" → "hiện đại hóa hành chính"; "Chính phủ số" further on keeps its capital; a name
///   in capitals all lower case).
///
/// And the tests `positive` and `negative` (`{% if u.lead_lost is positive %}`): points as
/// text cannot be compared with `>`.
fn register_filters(tera: &mut Tera) {
    tera.register_filter(
        "vn",
        |x: Value, _: Kwargs, _: &State| -> tera::TeraResult<String> { Ok(text::vn(decimal(&x)?)) },
    );
    tera.register_filter(
        "vn_round",
        |x: Value, kwargs: Kwargs, _: &State| -> tera::TeraResult<String> {
            let places: u32 = kwargs.get("d")?.unwrap_or(2);
            Ok(text::vn_fixed(decimal(&x)?, places.min(10)))
        },
    );
    tera.register_filter(
        "minus",
        |x: Value, kwargs: Kwargs, _: &State| -> tera::TeraResult<String> {
            let other: Value = kwargs.must_get("other")?;
            Ok((decimal(&x)? - decimal(&other)?).normalize().to_string())
        },
    );
    tera.register_filter(
        "vn_date",
        |iso: &str, _: Kwargs, _: &State| -> tera::TeraResult<String> {
            DocDate::parse(iso)
                .map(|d| text::vn_date_words(&d))
                .ok_or_else(|| tera::Error::message(format!("vn_date: `{iso}` không phải ngày")))
        },
    );
    tera.register_filter("sentence", |s: &str, _: Kwargs, _: &State| sentence(s));
    tera.register_filter("lower_first", |s: &str, _: Kwargs, _: &State| {
        lower_first(s)
    });
    tera.register_test(
        "positive",
        |x: Value, _: Kwargs, _: &State| -> tera::TeraResult<bool> {
            Ok(decimal(&x)? > Decimal::ZERO)
        },
    );
    tera.register_test(
        "negative",
        |x: Value, _: Kwargs, _: &State| -> tera::TeraResult<bool> {
            Ok(decimal(&x)? < Decimal::ZERO)
        },
    );
}

/// A template value as an exact decimal: decimal text, an integer, or (from a template's
/// own arithmetic) a float.
fn decimal(x: &Value) -> tera::TeraResult<Decimal> {
    let not_a_number = || tera::Error::message(format!("`{x}` không phải số"));
    if let Some(text) = x.as_str() {
        return text.parse().map_err(|_| not_a_number());
    }
    match x.as_number() {
        Some(n) if n.is_integer() => n
            .as_integer()
            .and_then(|i| i64::try_from(i).ok())
            .map(Decimal::from)
            .ok_or_else(not_a_number),
        Some(n) => Decimal::from_f64(n.as_float()).ok_or_else(not_a_number),
        None => Err(not_a_number()),
    }
}

/// A name in running text: its first letter lower case; a name the table wrote all in
/// capitals ("CẢI CÁCH THỦ TỤC HÀNH CHÍNH") all in lower case.
fn lower_first(s: &str) -> String {
    if !s.chars().any(char::is_lowercase) {
        return s.to_lowercase();
    }
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_lowercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Closes free text from the input with a full stop: opinions are often written without one.
fn sentence(s: &str) -> String {
    let trimmed = s.trim().trim_end_matches([',', ';', ':']).trim_end();
    if trimmed.is_empty() || trimmed.ends_with(['.', '!', '?', '…']) {
        trimmed.to_string()
    } else {
        format!("{trimmed}.")
    }
}

/// A document date as the templates receive it: "2020-10-30", "2020-11" (day blank) or
/// "2020"; `vn_date` turns it into words.
pub fn iso_date(date: &DocDate) -> String {
    match (date.month, date.day) {
        (Some(m), Some(d)) => format!("{}-{m:02}-{d:02}", date.year),
        (Some(m), None) => format!("{}-{m:02}", date.year),
        _ => date.year.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_format_the_vietnamese_way() {
        let mut t = Tera::default();
        register_filters(&mut t);
        let mut ctx = Context::new();
        ctx.insert("a", "20.581");
        ctx.insert("b", &0.25_f64);
        ctx.insert("d", "2021-01-05");
        let out = t
            .render_str(
                "{{ a | vn }} {{ a | vn_round(d=2) }} {{ b | vn }} {{ d | vn_date }} {{ 'x;' | sentence }}",
                &ctx,
                false,
            )
            .unwrap();
        assert_eq!(out, "20,581 20,58 0,25 ngày 05 tháng 01 năm 2021 x.");
        assert_eq!(
            lower_first("Hiện đại hóa, Chính phủ số"),
            "hiện đại hóa, Chính phủ số"
        );
        assert_eq!(lower_first("CẢI CÁCH THỦ TỤC"), "cải cách thủ tục");
    }

    #[test]
    fn defaults_parse_and_errors_are_located() {
        Templates::defaults().unwrap();
        let t = Templates::new(vec![Override {
            default: COVER_BODY,
            file: "cong-van.tera".into(),
            text: "Dòng 1\n{{ khong_co }}\n".into(),
        }])
        .unwrap();
        let err = t.render(COVER_BODY, &Context::new()).unwrap_err();
        let shown = err.to_string();
        assert!(shown.contains("cong-van.tera"), "{shown}");
        assert!(shown.contains("dòng 2"), "{shown}");
        assert!(shown.contains("khong_co"), "{shown}");
    }

    #[test]
    fn dates_for_templates() {
        assert_eq!(iso_date(&DocDate::parse("2020-11").unwrap()), "2020-11");
        assert_eq!(
            iso_date(&DocDate::parse("2020-10-30").unwrap()),
            "2020-10-30"
        );
    }
}
