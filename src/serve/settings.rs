//! What the clerk fills in on the page for one input's letters: organ, number and date, the
//! basis, signer, deadline, a lead unit for each criterion without one, two spellings of a
//! unit merged. Kept as the input's own `NAME.toml` beside it in `input/`, so the command
//! line and a later visit give the same letters (issue 15); only the keys of the form are
//! changed in a file that already exists.

use crate::analyze::Analysis;
use crate::config::Config;
use crate::error::{Error, Result};
use crate::render::meta::Meta;
use crate::render::templates::iso_date;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// The form's simple fields: (field, TOML table, key, label).
pub const FIELDS: [(&str, &str, &str, &str); 8] = [
    (
        "organ_name",
        "organ",
        "name",
        "Tên cơ quan ban hành (mỗi dòng một dòng in)",
    ),
    ("organ_short", "organ", "short", "Tên cơ quan trong câu văn"),
    (
        "letter_number",
        "letter",
        "number",
        "Số công văn (để trống nếu là dự thảo)",
    ),
    (
        "letter_date",
        "letter",
        "date",
        "Ngày công văn: 2020-10-30, hoặc 2020-10 để trống ngày cho bản dự thảo",
    ),
    (
        "letter_basis",
        "letter",
        "basis",
        "Văn bản công bố Chỉ số CCHC, dẫn ở đầu văn bản",
    ),
    ("signer_position", "signer", "position", "Chức vụ người ký"),
    ("signer_name", "signer", "name", "Họ tên người ký"),
    (
        "deadline",
        "unit_letters",
        "deadline",
        "Hạn báo cáo của các đơn vị",
    ),
];

/// One field as the form shows it.
#[derive(Serialize)]
pub struct Field {
    name: &'static str,
    label: &'static str,
    value: String,
    multiline: bool,
    date: bool,
}

/// A criterion without a lead unit, and the units it may be given.
#[derive(Serialize)]
pub struct Unassigned {
    field: String,
    code: String,
    title: String,
}

/// The form, pre-filled from the configuration and the title block.
#[derive(Serialize)]
pub struct Form {
    fields: Vec<Field>,
    unassigned: Vec<Unassigned>,
    /// The units to choose from: the directory's, then the table's.
    units: Vec<String>,
}

/// The form for `analysis` under `config`, dated `today` where nothing else dates it.
pub fn form(analysis: &Analysis, config: &Config, today: chrono::NaiveDate) -> Form {
    let meta = Meta::resolve(analysis, config, today);
    let value = |field: &str| -> String {
        match field {
            "organ_name" => meta.organ_lines.join("\n"),
            "organ_short" => meta.organ_short.clone(),
            "letter_number" => meta.letter.number.clone(),
            "letter_date" => iso_date(&meta.letter.date),
            "letter_basis" => meta.basis.clone().unwrap_or_default(),
            "signer_position" => meta.signer.position.clone(),
            "signer_name" => meta.signer.name.clone(),
            "deadline" => meta.deadline.as_ref().map(iso_date).unwrap_or_default(),
            _ => String::new(),
        }
    };
    let fields = FIELDS
        .iter()
        .map(|(name, _, _, label)| Field {
            name,
            label,
            value: value(name),
            multiline: *name == "organ_name",
            // The letter's date may be a month alone (a draft): text, not a date picker.
            date: *name == "deadline",
        })
        .collect();
    let unassigned = analysis
        .unassigned
        .criteria
        .iter()
        .filter_map(|r| analysis.criteria.get(r.index))
        .map(|c| Unassigned {
            field: format!("assign:{}", c.code),
            code: c.code.to_string(),
            title: c.title.clone(),
        })
        .collect();
    let mut units: Vec<String> = config.units.iter().map(|u| u.name.clone()).collect();
    for u in &analysis.units {
        if !units.contains(&u.name) {
            units.push(u.name.clone());
        }
    }
    Form {
        fields,
        unassigned,
        units,
    }
}

/// The input's own settings file: `input/NAME.toml`.
pub fn file_of(input: &Path) -> PathBuf {
    input.with_extension("toml")
}

impl Form {
    /// The value `field` was shown with.
    fn shown(&self, field: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|f| f.name == field)
            .map(|f| f.value.as_str())
    }
}

/// Applies the submitted form to the input's settings file: each field the clerk changed
/// from what `shown` showed set (empty when cleared), so that what comes from
/// `cchc.toml` stays there; each `assign:CODE` and a `merge_from`/`merge_into` pair added.
/// The result is checked as a configuration before it replaces the file.
///
/// # Errors
/// [`Error::Config`] when the existing file or the result is not a valid configuration;
/// [`Error::Io`].
pub fn save(input: &Path, submitted: &[(String, String)], shown: &Form) -> Result<()> {
    let path = file_of(input);
    let mut table: toml::Table = match std::fs::read_to_string(&path) {
        Ok(text) => {
            Config::parse(&path, &text)?;
            toml::from_str(&text).unwrap_or_default()
        }
        Err(_) => toml::Table::new(),
    };
    let get = |field: &str| {
        submitted
            .iter()
            .find(|(k, _)| k == field)
            .map(|(_, v)| v.replace("\r\n", "\n").trim().to_string())
    };
    for (field, section, key, _) in FIELDS {
        let Some(value) = get(field) else { continue };
        if shown.shown(field).map(str::trim) == Some(value.as_str()) {
            continue;
        }
        let section = table
            .entry(section)
            .or_insert_with(|| toml::Value::Table(toml::Table::new()));
        // A field cleared is written empty, not removed: an empty number over the
        // `cchc.toml`'s is a draft's blank (Decree 30, Phụ lục I, II.3).
        if let Some(section) = section.as_table_mut() {
            section.insert(key.to_string(), toml::Value::String(value));
        }
    }
    let mut put = |section: &str, key: &str, value: &str| {
        if let Some(t) = table
            .entry(section)
            .or_insert_with(|| toml::Value::Table(toml::Table::new()))
            .as_table_mut()
        {
            t.insert(key.to_string(), toml::Value::String(value.to_string()));
        }
    };
    for (field, value) in submitted {
        if let Some(code) = field.strip_prefix("assign:")
            && !value.trim().is_empty()
        {
            put("assign", code, value.trim());
        }
    }
    if let (Some(from), Some(into)) = (get("merge_from"), get("merge_into"))
        && !from.is_empty()
        && !into.is_empty()
        && from != into
    {
        put("spellings", &from, &into);
    }
    // Empty tables say nothing.
    table.retain(|_, v| v.as_table().is_none_or(|t| !t.is_empty()));
    let text = format!(
        "# Thông tin văn bản của {} (lưu từ trang cchc; sửa được bằng tay).\n{}",
        input
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default(),
        toml::to_string(&table).map_err(|e| Error::Config {
            path: path.clone(),
            line: None,
            message: e.to_string(),
        })?
    );
    Config::parse(&path, &text)?;
    crate::write::write_file(&path, text.as_bytes())
}
