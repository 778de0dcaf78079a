//! The configuration file `cchc.toml`, its schema: the unit directory (canonical names,
//! aliases, how each unit is addressed), the area names, the organ, the letters and the
//! signer. Unknown keys are errors that name the key and line, so a typo never silently falls
//! back to a default. Finding, merging and caching the files is in `config/load.rs`
//! ([`ConfigCache`]).

mod load;

pub use load::ConfigCache;

use crate::error::{Error, Result};
use crate::model::DocDate;
use crate::text;
use rust_decimal::Decimal;
use rust_decimal::prelude::FromPrimitive;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// The file name looked for beside an input and in `input/`.
pub const FILE_NAME: &str = "cchc.toml";

/// The whole configuration.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// The appraisal year; defaults to the year the input's title block names.
    pub year: Option<i32>,
    /// The areas (lĩnh vực): which scheme, and names that override it.
    pub areas: Areas,
    /// The header of the achieved-points column to read, when the table has several and
    /// their headers do not say which is final (`--score-column` overrides it).
    pub score_column: Option<String>,
    /// The unit's index as published, when the table does not declare it in a total row.
    pub index: Index,
    /// The unit directory: every responsible unit (cơ quan chủ trì) under its canonical name.
    pub units: Vec<Unit>,
    /// The issuing organ (cơ quan ban hành).
    pub organ: Organ,
    /// The analysis annex (phụ lục).
    pub annex: Annex,
    /// The cover letter (công văn) that carries the annex.
    pub letter: Letter,
    /// The directive letters to each unit.
    pub unit_letters: UnitLetters,
    /// Who signs (người ký).
    pub signer: Signer,
    /// Lead units for criteria the table gives none: `"7.2.4" = "Văn phòng HĐND-UBND"`
    /// (the page's "giao đơn vị chủ trì", issue 15).
    pub assign: BTreeMap<String, String>,
    /// Other spellings of a unit: `"Phòng VH&TT" = "Phòng Văn hóa - Thông tin"`, folded
    /// into the unit directory as aliases (the page's "gộp hai cách viết", issue 15).
    pub spellings: BTreeMap<String, String>,
    /// The file the configuration was read from (the base file when overrides were merged),
    /// `None` when no configuration was found and every key has its default.
    #[serde(skip)]
    pub file: Option<std::path::PathBuf>,
    /// Per-input overrides: `[files."xa-a.xlsx"]` holds any of the keys above for that input
    /// alone (each appraised unit has its own organ, number and date). Merged away by
    /// [`Config::load_for`].
    pub files: BTreeMap<String, toml::Table>,
}

/// The issuing organ. Every field defaults to what the input's title block says.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Organ {
    /// Cơ quan chủ quản, upper case, may be abbreviated ("UBND TỈNH ĐIỆN BIÊN"); empty for none.
    pub superior: Option<String>,
    /// Tên cơ quan ban hành as the header prints it, upper case; a line break ("\n") splits
    /// it ("ỦY BAN NHÂN DÂN\nHUYỆN TUẦN GIÁO").
    pub name: Option<String>,
    /// The organ in running text and in "của …" ("UBND huyện Tuần Giáo").
    pub short: Option<String>,
    /// Địa danh for the date line ("Tuần Giáo").
    pub place: Option<String>,
}

/// The unit's index (Chỉ số CCHC): what the letters may state as "đạt X/Y điểm" when the
/// table has no total row saying it (issue 13).
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Index {
    /// The points achieved ("79,42" or 79.42).
    #[serde(deserialize_with = "points")]
    pub score: Option<Decimal>,
    /// The index's maximum; default 100.
    #[serde(deserialize_with = "points")]
    pub max: Option<Decimal>,
}

/// Points as the configuration writes them: a number (79.42) or text with a decimal comma
/// ("79,42"), read once into an exact decimal.
fn points<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> std::result::Result<Option<Decimal>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Written {
        Int(i64),
        Float(f64),
        Text(String),
    }
    let bad = |shown: String| serde::de::Error::custom(format!("số điểm `{shown}` không hợp lệ"));
    match Option::<Written>::deserialize(d)? {
        None => Ok(None),
        Some(Written::Int(i)) => Ok(Some(Decimal::from(i))),
        Some(Written::Float(f)) => Decimal::from_f64(f)
            .map(Some)
            .ok_or_else(|| bad(f.to_string())),
        Some(Written::Text(t)) if t.trim().is_empty() => Ok(None),
        Some(Written::Text(t)) => t
            .trim()
            .replace(',', ".")
            .parse::<Decimal>()
            .map(|d| Some(d.normalize()))
            .map_err(|_| bad(t)),
    }
}

/// The annex's title block.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Annex {
    /// The organ line above the title ("UBND HUYỆN TUẦN GIÁO").
    pub organ: Option<String>,
    /// The heading ("BẢNG PHÂN TÍCH").
    pub heading: Option<String>,
    /// The title line ("Các tiêu chí, tiêu chí thành phần chưa đạt điểm tối đa …").
    pub title: Option<String>,
}

/// The cover letter. Number and date may be left out (or the day alone, "2020-11") for a
/// draft: the văn thư fills them after signing (Decree 30, Phụ lục I, II.3).
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Letter {
    /// How the annex names this document: "Văn bản" (the seed) or "Công văn".
    pub kind: Option<String>,
    /// Số: the number, empty for a draft.
    pub number: Option<String>,
    /// Ký hiệu: "UBND-NV".
    pub symbol: Option<String>,
    /// Ngày: "2020-10-30", or "2020-11" for a draft with the day blank.
    #[serde(deserialize_with = "DocDate::deserialize_optional")]
    pub date: Option<DocDate>,
    /// Trích yếu after "V/v" ("khắc phục các tiêu chí chưa đạt điểm tối đa Chỉ số CCHC năm 2019").
    pub subject: Option<String>,
    /// Kính gửi: the recipients; default: every unit with a loss, as addressed in `[[units]]`.
    pub recipients: Vec<String>,
    /// Nơi nhận after "- Như trên;", each without the dash ("TT. Huyện ủy (b/c)").
    pub copies: Vec<String>,
    /// The drafting unit's code after "Lưu: VT," ("NV").
    pub drafter: Option<String>,
    /// The document that publishes the index, cited at the head of the letters ("Quyết
    /// định số 245/QĐ-UBND ngày 15/3/2020 của UBND tỉnh … về việc công bố Chỉ số CCHC năm
    /// 2019"); default: the document of another organ the table came with, if any.
    pub basis: Option<String>,
    /// The office the units report through, "(qua Phòng Nội vụ)".
    pub via: Option<String>,
}

/// The directive letters to the units.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct UnitLetters {
    /// Số: empty for a draft (the usual case: each letter gets its own number).
    pub number: Option<String>,
    /// Ký hiệu; default: the cover letter's.
    pub symbol: Option<String>,
    /// Ngày; default: the cover letter's.
    #[serde(deserialize_with = "DocDate::deserialize_optional")]
    pub date: Option<DocDate>,
    /// Trích yếu after "V/v"; default derived from the year.
    pub subject: Option<String>,
    /// The deadline (thời hạn) for the unit's report, "2020-11-30".
    #[serde(deserialize_with = "DocDate::deserialize_optional")]
    pub deadline: Option<DocDate>,
    /// Nơi nhận after "- Như trên;".
    pub copies: Vec<String>,
}

/// The signature block (Decree 30, Điều 13 and Phụ lục I, II.7).
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Signer {
    /// The authority line(s) above the position: "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH".
    pub authority: Vec<String>,
    /// The position: "CHỦ TỊCH", "PHÓ CHỦ TỊCH".
    pub position: Option<String>,
    /// The signer's name, empty to leave the line for the văn thư.
    pub name: Option<String>,
}

/// One responsible unit of the directory.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Unit {
    /// The canonical name, used in every output ("Phòng Nội vụ").
    pub name: String,
    /// Other ways the appraisal sheets write it ("Văn phòng", "Phòng Tài chính - KH").
    #[serde(default)]
    pub aliases: Vec<String>,
    /// How a letter addresses it after "Kính gửi:" (default: the name).
    #[serde(default)]
    pub addressee: Option<String>,
}

/// The area (lĩnh vực) scheme.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Areas {
    /// "2012" for the older 7-area frame, "2022" for the 8-area frame of QĐ 876/QĐ-BNV.
    pub scheme: AreaScheme,
    /// Names that override the scheme's, keyed by area number ("1" = "…").
    pub names: BTreeMap<String, String>,
}

/// Which frame the area numbers follow.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
pub enum AreaScheme {
    /// The older 7-area scheme (c. 2012–2021).
    #[default]
    #[serde(rename = "2012")]
    Older,
    /// The post-2022 scheme of QĐ 876/QĐ-BNV (8 areas).
    #[serde(rename = "2022")]
    Current,
}

/// The older scheme's area names (domain notes, §5).
const OLDER_AREAS: [&str; 8] = [
    "Công tác chỉ đạo, điều hành về cải cách hành chính",
    "Xây dựng và tổ chức thực hiện văn bản quy phạm pháp luật",
    "Cải cách thủ tục hành chính",
    "Cải cách tổ chức bộ máy hành chính nhà nước",
    "Xây dựng và nâng cao chất lượng đội ngũ cán bộ, công chức, viên chức",
    "Đổi mới cơ chế tài chính đối với cơ quan hành chính nhà nước và đơn vị sự nghiệp công lập",
    "Hiện đại hóa hành chính",
    "Tác động của cải cách hành chính đến người dân, tổ chức và phát triển kinh tế - xã hội",
];

/// The post-2022 scheme's area names (QĐ 876/QĐ-BNV).
const CURRENT_AREAS: [&str; 8] = [
    "Công tác chỉ đạo, điều hành cải cách hành chính",
    "Cải cách thể chế",
    "Cải cách thủ tục hành chính",
    "Cải cách tổ chức bộ máy hành chính",
    "Cải cách chế độ công vụ",
    "Cải cách tài chính công",
    "Xây dựng và phát triển chính quyền điện tử, chính quyền số",
    "Tác động của cải cách hành chính đến người dân, tổ chức và phát triển kinh tế - xã hội",
];

impl Config {
    /// Parses configuration text; `path` names it in messages.
    ///
    /// # Errors
    /// As [`Config::load`].
    pub fn parse(path: &Path, content: &str) -> Result<Config> {
        let mut config: Config = toml::from_str(content).map_err(|e| {
            let line = e.span().map(|span| {
                content[..span.start.min(content.len())]
                    .matches('\n')
                    .count()
                    + 1
            });
            Error::Config {
                path: path.to_path_buf(),
                line,
                message: translate_toml_message(e.message()),
            }
        })?;
        config.check(path)?;
        config.file = Some(path.to_path_buf());
        Ok(config)
    }

    /// The name of area `n`: the config's override, else the scheme's default.
    pub fn area_name(&self, n: u32) -> Option<String> {
        if let Some(name) = self.areas.names.get(&n.to_string()) {
            return Some(name.clone());
        }
        let table = match self.areas.scheme {
            AreaScheme::Older => &OLDER_AREAS,
            AreaScheme::Current => &CURRENT_AREAS,
        };
        let index = usize::try_from(n).ok()?.checked_sub(1)?;
        table.get(index).map(|s| (*s).to_string())
    }

    /// The canonical unit whose name or alias has the same [`text::name_key`] as `written`.
    pub fn find_unit(&self, written: &str) -> Option<&Unit> {
        let key = text::name_key(written);
        self.units.iter().find(|u| {
            text::has_name_key(&u.name, &key)
                || u.aliases.iter().any(|a| text::has_name_key(a, &key))
        })
    }

    /// Folds [`Config::spellings`] into the unit directory, then checks it: every unit
    /// named, no name claimed by two units.
    fn check(&mut self, path: &Path) -> Result<()> {
        for (written, name) in std::mem::take(&mut self.spellings) {
            let key = text::name_key(name.trim());
            match self.units.iter_mut().find(|u| {
                text::name_key(&u.name) == key || u.aliases.iter().any(|a| text::name_key(a) == key)
            }) {
                Some(unit) => unit.aliases.push(written),
                None => self.units.push(Unit {
                    name: name.trim().to_string(),
                    aliases: vec![written],
                    addressee: None,
                }),
            }
        }
        let mut seen: BTreeMap<String, &str> = BTreeMap::new();
        for unit in &self.units {
            if unit.name.trim().is_empty() {
                return Err(Error::Config {
                    path: path.to_path_buf(),
                    line: None,
                    message: "một mục [[units]] có `name` để trống".into(),
                });
            }
            for written in std::iter::once(&unit.name).chain(&unit.aliases) {
                let key = text::name_key(written);
                match seen.get(&key) {
                    Some(other) if *other != unit.name => {
                        return Err(Error::Config {
                            path: path.to_path_buf(),
                            line: None,
                            message: format!(
                                "tên `{written}` được gán cho cả hai đơn vị `{other}` và `{}`",
                                unit.name
                            ),
                        });
                    }
                    _ => {
                        seen.insert(key, &unit.name);
                    }
                }
            }
        }
        Ok(())
    }
}

/// The TOML parser speaks English; the clerk reads Vietnamese. The original text follows in
/// brackets for whoever maintains the file.
fn translate_toml_message(message: &str) -> String {
    let message = message.trim();
    if let Some(rest) = message.strip_prefix("unknown field ") {
        let (key, expected) = rest.split_once(", expected").unwrap_or((rest, ""));
        let expected = expected
            .trim_start_matches(" one of")
            .trim_start_matches(" ")
            .trim();
        return if expected.is_empty() {
            format!("khóa {key} không hợp lệ")
        } else {
            format!("khóa {key} không hợp lệ; các khóa hợp lệ ở đây: {expected}")
        };
    }
    if let Some(rest) = message.strip_prefix("missing field ") {
        return format!("thiếu khóa bắt buộc {rest}");
    }
    // Our own messages (a date or points that are not) are Vietnamese already.
    if message.starts_with("ngày ") || message.starts_with("số điểm ") {
        return message.to_string();
    }
    if message.starts_with("invalid type") || message.starts_with("unknown variant") {
        return format!("giá trị không hợp lệ ({message})");
    }
    format!("cú pháp TOML không hợp lệ ({message})")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_key_names_key_and_line() {
        let text = "year = 2019\n\n[[units]]\nname = \"Phòng Nội vụ\"\nalias = [\"NV\"]\n";
        let err = Config::parse(Path::new("cchc.toml"), text).unwrap_err();
        let shown = err.to_string();
        assert!(shown.contains("dòng 5"), "{shown}");
        assert!(shown.contains("khóa `alias` không hợp lệ"), "{shown}");
    }

    #[test]
    fn units_match_after_folding() {
        let text = "[[units]]\nname = \"Phòng Văn hóa - Thông tin\"\naliases = [\"Phòng VH-TT\"]\n";
        let config = Config::parse(Path::new("c.toml"), text).unwrap();
        assert!(config.find_unit("PHÒNG VĂN HÓA-THÔNG TIN").is_some());
        assert!(config.find_unit("Phòng VH TT").is_some());
        assert!(config.find_unit("Phòng Nội vụ").is_none());
    }

    #[test]
    fn one_alias_for_two_units_is_refused() {
        let text = "[[units]]\nname = \"A\"\naliases = [\"X\"]\n[[units]]\nname = \"B\"\naliases = [\"x\"]\n";
        assert!(Config::parse(Path::new("c.toml"), text).is_err());
    }

    #[test]
    fn area_names_follow_the_scheme() {
        let mut config = Config::default();
        assert_eq!(config.area_name(7).unwrap(), "Hiện đại hóa hành chính");
        config.areas.scheme = AreaScheme::Current;
        assert_eq!(config.area_name(2).unwrap(), "Cải cách thể chế");
        assert_eq!(config.area_name(9), None);
    }
}
