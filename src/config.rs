//! The configuration file `cchc.toml`: the unit directory (canonical names, aliases, how each
//! unit is addressed) and the area names. Unknown keys are errors that name the key and line,
//! so a typo never silently falls back to a default.

use crate::error::{Error, Result};
use crate::model::DocDate;
use crate::text;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

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
    /// Kính gửi: the recipients; default: every unit with a loss, as addressed in [[units]].
    pub recipients: Vec<String>,
    /// Nơi nhận after "- Như trên;", each without the dash ("TT. Huyện ủy (b/c)").
    pub copies: Vec<String>,
    /// The drafting unit's code after "Lưu: VT," ("NV").
    pub drafter: Option<String>,
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
    /// Reads and checks the configuration at `path`.
    ///
    /// # Errors
    /// [`Error::Io`] when it cannot be read; [`Error::Config`] for invalid TOML, an unknown
    /// or malformed key (naming the key and line), or a unit alias claimed by two units.
    pub fn load(path: &Path) -> Result<Config> {
        let content = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        Config::parse(path, &content)
    }

    /// The configuration for one input: the located file ([`Config::locate`]), its
    /// `[files."NAME.xlsx"]` table, then a `NAME.toml` beside the input, each overriding the
    /// one before key by key. Also returns a fingerprint (SHA-256) of the text it came from.
    ///
    /// # Errors
    /// As [`Config::load`], for whichever file is at fault.
    pub fn load_for(explicit: Option<&Path>, input: &Path) -> Result<(Config, String)> {
        ConfigCache::default().load_for(explicit, input)
    }

    /// Parses configuration text; `path` names it in messages.
    ///
    /// # Errors
    /// As [`Config::load`].
    pub fn parse(path: &Path, content: &str) -> Result<Config> {
        let config: Config = toml::from_str(content).map_err(|e| {
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
        Ok(config)
    }

    /// Where the configuration for `input` is: `explicit` (from `--config`), else
    /// `cchc.toml` beside the input, else `input/cchc.toml`; `None` when there is none.
    pub fn locate(explicit: Option<&Path>, input: &Path) -> Option<PathBuf> {
        if let Some(p) = explicit {
            return Some(p.to_path_buf());
        }
        let beside = input
            .parent()
            .map(|dir| dir.join(FILE_NAME))
            .filter(|p| p.is_file());
        beside.or_else(|| Some(Path::new("input").join(FILE_NAME)).filter(|p| p.is_file()))
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

    fn check(&self, path: &Path) -> Result<()> {
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

/// The base configuration files of a run, each read and parsed once: a batch of a thousand
/// inputs beside one `cchc.toml` reads it once, not a thousand times (issue 7). Inputs with
/// their own settings (`[files."…"]`, a `NAME.toml` beside them) are merged from the parsed
/// base.
#[derive(Debug, Default)]
pub struct ConfigCache {
    bases: Mutex<HashMap<PathBuf, Arc<Base>>>,
}

/// One base file, parsed.
#[derive(Debug)]
struct Base {
    /// As written, `[files]` included, for finding an input's own table.
    parsed: Config,
    /// Without `[files]`, checked: what an input with no settings of its own gets.
    plain: Config,
    /// The TOML without `[files]`, for merging an input's own settings over.
    table: toml::Table,
    /// SHA-256 of the text so far.
    hasher: Sha256,
}

impl Base {
    fn load(path: &Path) -> Result<Base> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        let parsed = Config::parse(path, &text)?;
        let mut table: toml::Table = toml::from_str(&text).unwrap_or_default();
        table.remove("files");
        let plain = to_config(table.clone(), path)?;
        plain.check(path)?;
        let mut hasher = Sha256::new();
        hasher.update(text.as_bytes());
        Ok(Base {
            parsed,
            plain,
            table,
            hasher,
        })
    }
}

fn to_config(table: toml::Table, path: &Path) -> Result<Config> {
    toml::Value::Table(table)
        .try_into()
        .map_err(|e: toml::de::Error| Error::Config {
            path: path.to_path_buf(),
            line: None,
            message: translate_toml_message(e.message()),
        })
}

impl ConfigCache {
    /// As [`Config::load_for`], reading each base file once.
    ///
    /// # Errors
    /// As [`Config::load`], for whichever file is at fault.
    pub fn load_for(&self, explicit: Option<&Path>, input: &Path) -> Result<(Config, String)> {
        let base_path = Config::locate(explicit, input);
        let base = match &base_path {
            Some(path) => Some(self.base(path)?),
            None => None,
        };
        let own_key = base.as_ref().and_then(|b| {
            let name = input.file_name().map(|n| n.to_string_lossy().into_owned());
            let stem = input.file_stem().map(|n| n.to_string_lossy().into_owned());
            [name, stem]
                .into_iter()
                .flatten()
                .find(|k| b.parsed.files.contains_key(k))
        });
        let beside = input.with_extension("toml");
        let beside_own = beside.is_file() && base_path.as_deref() != Some(beside.as_path());
        let mut hasher = base.as_ref().map_or_else(Sha256::new, |b| b.hasher.clone());
        if let (Some(b), None, false) = (&base, &own_key, beside_own) {
            return Ok((b.plain.clone(), format!("{:x}", hasher.finalize())));
        }

        let mut merged = base.as_ref().map(|b| b.table.clone()).unwrap_or_default();
        if let (Some(b), Some(key), Some(path)) = (&base, own_key, &base_path) {
            let table = b.parsed.files.get(&key).cloned().unwrap_or_default();
            let text = toml::to_string(&table).unwrap_or_default();
            Config::parse(path, &text).map_err(|e| match e {
                Error::Config { path, message, .. } => Error::Config {
                    path,
                    line: None,
                    message: format!("trong [files.\"{key}\"]: {message}"),
                },
                other => other,
            })?;
            merge(&mut merged, table);
        }
        if beside_own {
            let text = std::fs::read_to_string(&beside).map_err(|e| Error::io(&beside, e))?;
            Config::parse(&beside, &text)?;
            hasher.update([0]);
            hasher.update(text.as_bytes());
            let table: toml::Table = toml::from_str(&text).unwrap_or_default();
            merge(&mut merged, table);
        }
        let named = base_path.unwrap_or(beside);
        let config = to_config(merged, &named)?;
        config.check(&named)?;
        Ok((config, format!("{:x}", hasher.finalize())))
    }

    /// The parsed base file at `path`, read on first use. A file that fails is not kept, so
    /// each input reports it.
    fn base(&self, path: &Path) -> Result<Arc<Base>> {
        let mut bases = self.bases.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(base) = bases.get(path) {
            return Ok(Arc::clone(base));
        }
        let base = Arc::new(Base::load(path)?);
        bases.insert(path.to_path_buf(), Arc::clone(&base));
        Ok(base)
    }
}

/// Key by key: tables merge, any other value of `over` replaces the one in `base`.
fn merge(base: &mut toml::Table, over: toml::Table) {
    for (key, value) in over {
        match (base.get_mut(&key), value) {
            (Some(toml::Value::Table(b)), toml::Value::Table(o)) => merge(b, o),
            (_, value) => {
                base.insert(key, value);
            }
        }
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
    // Our own messages (a date that is not one) are Vietnamese already.
    if message.starts_with("ngày ") {
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
    fn a_cached_base_is_read_once_and_merges_as_before() {
        let dir = std::env::temp_dir().join(format!("cchc-config-cache-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let base = dir.join(FILE_NAME);
        let text = "year = 2019\n[organ]\nshort = \"UBND huyện A\"\n[files.\"b.xlsx\"]\norgan.short = \"UBND xã B\"\n";
        std::fs::write(&base, text).unwrap();
        std::fs::write(dir.join("c.toml"), "year = 2020\n").unwrap();
        let (a, b, c) = (dir.join("a.xlsx"), dir.join("b.xlsx"), dir.join("c.xlsx"));
        let cache = ConfigCache::default();
        for input in [&a, &b, &c] {
            assert_eq!(
                cache.load_for(None, input).unwrap(),
                Config::load_for(None, input).unwrap()
            );
        }
        let (plain, key) = cache.load_for(None, &a).unwrap();
        assert_eq!(plain.organ.short.as_deref(), Some("UBND huyện A"));
        assert!(plain.files.is_empty());
        assert_ne!(
            cache.load_for(None, &c).unwrap().1,
            key,
            "c.toml is in the key"
        );
        assert_eq!(
            cache.load_for(None, &b).unwrap().0.organ.short.as_deref(),
            Some("UBND xã B")
        );
        // Read once: the run goes on with what it read.
        std::fs::write(&base, "year = 2021\n").unwrap();
        assert_eq!(cache.load_for(None, &a).unwrap().1, key);
        std::fs::remove_dir_all(&dir).unwrap();
    }

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
