//! Plain data shared by the stages: criterion codes, scores, the parsed appraisal, warnings.
//! Everything derives `Serialize`: `check --json`, the wording templates and the web page see
//! the model itself, not copies of it (issue 12).

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::path::{Path, PathBuf};

/// Exact decimals in serialized form: a JSON number with exactly the decimal's digits
/// (serde_json's `arbitrary_precision`: 20.581, never 20.580999999), normalized ("0.5", not
/// "0.50"). Inside [`exact::as_text`] the same digits come as a string instead: Tera's
/// numbers are binary floats, so the templates get the digits and format them with filters.
pub mod exact {
    use rust_decimal::Decimal;
    use serde::ser::Error as _;
    use serde::{Serialize, Serializer};
    use std::cell::Cell;

    thread_local! {
        static AS_TEXT: Cell<bool> = const { Cell::new(false) };
    }

    /// Runs `f` with decimals serialized as strings on this thread.
    pub fn as_text<T>(f: impl FnOnce() -> T) -> T {
        struct Reset(bool);
        impl Drop for Reset {
            fn drop(&mut self) {
                AS_TEXT.set(self.0);
            }
        }
        let _reset = Reset(AS_TEXT.replace(true));
        f()
    }

    /// Serializes a decimal exactly (`#[serde(with = "crate::model::exact")]`).
    ///
    /// # Errors
    /// Only the serializer's own.
    pub fn serialize<S: Serializer>(d: &Decimal, s: S) -> Result<S::Ok, S::Error> {
        let text = d.normalize().to_string();
        if AS_TEXT.get() {
            return s.serialize_str(&text);
        }
        let number: serde_json::Number = text.parse().map_err(S::Error::custom)?;
        number.serialize(s)
    }

    /// The same for an optional decimal (`#[serde(with = "crate::model::exact::option")]`).
    pub mod option {
        use rust_decimal::Decimal;
        use serde::Serializer;

        /// Serializes `None` as null, a decimal exactly.
        ///
        /// # Errors
        /// Only the serializer's own.
        pub fn serialize<S: Serializer>(d: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
            match d {
                Some(d) => super::serialize(d, s),
                None => s.serialize_none(),
            }
        }
    }
}

/// A date as a Vietnamese reader writes it: "30/10/2020".
fn day_month_year<S: Serializer>(date: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
    match date {
        Some(d) => s.collect_str(&d.format("%d/%m/%Y")),
        None => s.serialize_none(),
    }
}

/// A path as text ("input/tuan-giao-2019.xlsx"), whatever bytes the system allows in it.
fn display_path<S: Serializer>(path: &Path, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(&path.display())
}

/// A criterion code (mã tiêu chí) such as `5.11.2`: an area (lĩnh vực), a criterion (tiêu
/// chí) and a sub-criterion (tiêu chí thành phần). Parts are compared as numbers, so `5.10`
/// sorts after `5.9`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Code(pub Vec<u32>);

impl Code {
    /// The area (lĩnh vực) number: the first part (0 for a code built empty; the parser
    /// never makes one).
    pub fn area(&self) -> u32 {
        self.0.first().copied().unwrap_or(0)
    }

    /// Whether `self` is a strict ancestor of `other` (`5.11` of `5.11.2`).
    pub fn is_ancestor_of(&self, other: &Code) -> bool {
        self.0.len() < other.0.len() && other.0.starts_with(&self.0)
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self.0.iter().map(u32::to_string).collect();
        f.write_str(&parts.join("."))
    }
}

/// As written: "5.11.2".
impl Serialize for Code {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// A criterion's points: achieved (điểm đạt) out of maximum (điểm tối đa), exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Score {
    /// Điểm đạt: points achieved (the appraised score).
    #[serde(with = "exact")]
    pub achieved: Decimal,
    /// Điểm tối đa: the maximum.
    #[serde(with = "exact")]
    pub max: Decimal,
}

impl Score {
    /// Điểm bị trừ: points lost, maximum − achieved.
    pub fn lost(&self) -> Decimal {
        (self.max - self.achieved).normalize()
    }
}

/// One table row that names a criterion, as read.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    /// The 1-based sheet row.
    pub row: usize,
    /// The criterion code.
    pub code: Code,
    /// The criterion's name, without its code.
    pub title: String,
    /// The points, or `None` for a group heading (or a criterion marked "không áp dụng").
    pub score: Option<Score>,
    /// The 1-based column the score was read from (the achieved column in the per-column
    /// layout), for messages.
    pub score_col: usize,
    /// The units as written, split; canonical names once resolved through the config.
    pub units: Vec<String>,
    /// Ý kiến thẩm định: the appraisal opinion.
    pub opinion: String,
    /// Nguyên nhân, giải pháp: cause and solution.
    pub solution: String,
    /// Ghi chú: the note column as written (in the seed, the points lost).
    pub note: String,
}

/// The total row of the annex layout ("79,42/100" … "20,58").
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DeclaredTotal {
    /// The 1-based sheet row.
    pub row: usize,
    /// The declared points achieved and maximum.
    #[serde(flatten)]
    pub score: Score,
    /// The declared points lost, when the note column gives them.
    #[serde(with = "exact::option")]
    pub lost: Option<Decimal>,
}

/// A document reference such as "Văn bản số 1356/UBND-NV ngày 30/10/2020 của UBND huyện Tuần
/// Giáo": what the annex is attached to.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Reference {
    /// The kind of document ("Văn bản", "Công văn", "Kế hoạch").
    pub kind: String,
    /// The number (số), blank in a draft.
    pub number: String,
    /// The symbol (ký hiệu), "UBND-NV", without spaces.
    pub symbol: String,
    /// The date (ngày), when written.
    #[serde(serialize_with = "day_month_year")]
    pub date: Option<NaiveDate>,
    /// The issuing organ as written ("UBND huyện Tuần Giáo").
    pub issuer: String,
}

/// What the title block above the table says (annex layout).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct TitleBlock {
    /// Every non-empty line above the header, in order.
    pub lines: Vec<String>,
    /// The issuing organ, "UBND HUYỆN TUẦN GIÁO".
    pub organ: Option<String>,
    /// The heading, "BẢNG PHÂN TÍCH".
    pub heading: Option<String>,
    /// The subtitle, "Các tiêu chí, tiêu chí thành phần chưa đạt điểm tối đa …".
    pub subtitle: Option<String>,
    /// The appraisal year ("năm 2019" in the subtitle).
    pub year: Option<i32>,
    /// Whose index the table is, as written after "… Chỉ số CCHC … của": "huyện Tuần
    /// Giáo", "SỞ Y TẾ" (issue 13: the appraised unit, not the appraiser above it).
    pub appraised: Option<String>,
    /// The "(Kèm theo …)" line, parsed.
    pub reference: Option<Reference>,
}

/// Which of the two known table shapes was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Layout {
    /// Code and title in one column, "achieved/maximum" in one cell (the seed's annex).
    Annex,
    /// Maximum and achieved points in their own numeric columns.
    PerColumn,
}

/// A column of the table as read: its letter and its header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ColumnRead {
    /// "E".
    pub letter: String,
    /// "Điểm thẩm định vòng 2".
    pub header: String,
}

/// Which column of the table was read for what, so that `check` can say it (issue 13).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ColumnsRead {
    /// The criterion codes.
    pub code: Option<ColumnRead>,
    /// The criterion titles (the same column as the codes in the annex layout).
    pub title: Option<ColumnRead>,
    /// "achieved/maximum" in one cell (the annex layout).
    pub score: Option<ColumnRead>,
    /// Điểm tối đa.
    pub max: Option<ColumnRead>,
    /// Điểm đạt: the points read as achieved.
    pub achieved: Option<ColumnRead>,
    /// The responsible units.
    pub units: Option<ColumnRead>,
    /// Ý kiến thẩm định.
    pub opinion: Option<ColumnRead>,
    /// Nguyên nhân, giải pháp.
    pub solution: Option<ColumnRead>,
    /// Ghi chú.
    pub note: Option<ColumnRead>,
}

/// A parsed appraisal sheet: the output of [`crate::parse`]. Serialized, it is where the
/// table came from and what its title said; the rows are serialized as the analysis's
/// criteria, and the total row as its reconciliation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Appraisal {
    /// The input file.
    #[serde(serialize_with = "display_path")]
    pub source: PathBuf,
    /// The sheet the table was found on (the file name for .csv/.tsv).
    pub sheet: String,
    /// The table shape.
    pub layout: Layout,
    /// Which column was read for what.
    pub columns: ColumnsRead,
    /// What the title block said.
    pub title: TitleBlock,
    /// Every row that carries a criterion code, in sheet order.
    #[serde(skip)]
    pub rows: Vec<Row>,
    /// The declared total row, when there is one.
    #[serde(skip)]
    pub declared_total: Option<DeclaredTotal>,
}

/// A finding that does not stop the work but that a person should read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    /// The 1-based sheet row, when the finding is about a row.
    pub row: Option<usize>,
    /// The criterion code, when the finding is about a criterion.
    pub code: Option<String>,
    /// What was found, in Vietnamese.
    pub message: String,
}

/// A result with the warnings found while producing it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Warned<T> {
    /// The result.
    pub output: T,
    /// The warnings, in the order found.
    pub warnings: Vec<Warning>,
}

/// A document date that a draft may leave partly blank for the văn thư to fill: "ngày
/// tháng 11 năm 2020" has a month and year but no day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocDate {
    /// The year.
    pub year: i32,
    /// The month, when filled.
    pub month: Option<u32>,
    /// The day, when filled (only with a month).
    pub day: Option<u32>,
}

impl DocDate {
    /// A full date.
    pub fn full(date: NaiveDate) -> Self {
        DocDate {
            year: date.year(),
            month: Some(date.month()),
            day: Some(date.day()),
        }
    }

    /// The full date, when no part is blank.
    pub fn date(&self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.year, self.month?, self.day?)
    }

    /// Parses "2020-10-30", "2020-11" (day blank) or "2020" (day and month blank).
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            return Some(DocDate::full(date)).filter(|d| (1900..=2200).contains(&d.year));
        }
        let parts: Vec<&str> = text.split('-').collect();
        let year: i32 = parts
            .first()?
            .parse()
            .ok()
            .filter(|y| (1900..=2200).contains(y))?;
        let month = match parts.as_slice() {
            [_] => None,
            [_, m] => Some(m.parse().ok().filter(|m| (1..=12).contains(m))?),
            _ => return None,
        };
        Some(DocDate {
            year,
            month,
            day: None,
        })
    }
}

impl DocDate {
    /// Reads an optional date as the configuration writes it ("2020-10-30", "2020-11" for a
    /// draft, or "" for none), once, into a date (`#[serde(deserialize_with = …)]`).
    ///
    /// # Errors
    /// A message naming the text when it is not such a date.
    pub fn deserialize_optional<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<DocDate>, D::Error> {
        let Some(text) = Option::<String>::deserialize(d)? else {
            return Ok(None);
        };
        if text.trim().is_empty() {
            return Ok(None);
        }
        DocDate::parse(&text).map(Some).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "ngày `{text}` không hợp lệ; hãy viết dạng \"2020-10-30\", hoặc \"2020-11\" để trống ngày cho bản dự thảo"
            ))
        })
    }
}
