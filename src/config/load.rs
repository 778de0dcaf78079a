//! Finding, reading, merging and caching the configuration of each input: the file itself
//! ([`Config::locate`]), its `[files."NAME.xlsx"]` table, then a `NAME.toml` beside the
//! input, each overriding the one before key by key.

use super::{Config, FILE_NAME, translate_toml_message};
use crate::error::{Error, Result};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

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
        let mut plain = to_config(table.clone(), path)?;
        plain.check(path)?;
        plain.file = Some(path.to_path_buf());
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
        let read = base_path.clone().or(beside_own.then(|| beside.clone()));
        let named = base_path.unwrap_or(beside);
        let mut config = to_config(merged, &named)?;
        config.check(&named)?;
        config.file = read;
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
}
