//! Plain data shared by the stages: criterion codes, scores, the parsed appraisal, warnings.
//! Everything derives `Serialize`: `check --json`, the wording templates and the web page see
//! the model itself, not copies of it (issue 12).

use rust_decimal::Decimal;
use serde::{Serialize, Serializer};
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
    pub date: Option<Date>,
    /// The issuing organ as written ("UBND huyện Tuần Giáo").
    pub issuer: String,
}

/// A calendar date, without a clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    /// The year.
    pub year: i32,
    /// The month, 1–12.
    pub month: u32,
    /// The day, 1–31.
    pub day: u32,
}

impl Date {
    /// A date, checked for a real calendar day.
    pub fn new(year: i32, month: u32, day: u32) -> Option<Self> {
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (1..=days)
            .contains(&day)
            .then_some(Date { year, month, day })
    }
}

impl fmt::Display for Date {
    /// "30/10/2020"
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}/{:02}/{}", self.day, self.month, self.year)
    }
}

/// As a Vietnamese reader writes it: "30/10/2020".
impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
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
    pub fn full(date: Date) -> Self {
        DocDate {
            year: date.year,
            month: Some(date.month),
            day: Some(date.day),
        }
    }

    /// The full date, when no part is blank.
    pub fn date(&self) -> Option<Date> {
        Date::new(self.year, self.month?, self.day?)
    }

    /// Parses "2020-10-30", "2020-11" (day blank) or "2020" (day and month blank).
    pub fn parse(text: &str) -> Option<Self> {
        let parts: Vec<&str> = text.trim().split('-').collect();
        let year: i32 = parts
            .first()?
            .parse()
            .ok()
            .filter(|y| (1900..=2200).contains(y))?;
        match parts.as_slice() {
            [_] => Some(DocDate {
                year,
                month: None,
                day: None,
            }),
            [_, m] => {
                let month: u32 = m.parse().ok().filter(|m| (1..=12).contains(m))?;
                Some(DocDate {
                    year,
                    month: Some(month),
                    day: None,
                })
            }
            [_, m, d] => Date::new(year, m.parse().ok()?, d.parse().ok()?).map(DocDate::full),
            _ => None,
        }
    }
}
