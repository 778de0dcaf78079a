//! The responsible-unit cell: "Phòng Kinh tế-Hạ tầng, Phòng Nội vụ" is two units, the first
//! leading (chủ trì), the others co-operating (phối hợp). Split on "," ";" and line breaks,
//! never on hyphens ("Phòng Kinh tế-Hạ tầng" is one unit); names the directory knows with a
//! comma inside ("Trung tâm Văn hóa, Thông tin và Truyền hình") are kept whole.

use crate::config::{Config, Unit};
use crate::text;

/// A unit as resolved through the directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    /// The canonical name, or the name as written when the directory does not know it.
    pub name: String,
    /// Whether the directory knows it.
    pub known: bool,
}

/// Words that may end a unit's name without changing the unit: "Phòng Nội vụ huyện" is
/// "Phòng Nội vụ" (as folded by [`text::name_key`]).
const PLACE_WORDS: [&str; 7] = ["huyện", "tỉnh", "thị xã", "thành phố", "quận", "xã", "sở"];

/// A key under which the spellings of one unit meet: [`text::name_key`] (case, spacing and
/// punctuation folded, diacritics kept) without a trailing place word.
pub fn loose_key(name: &str) -> String {
    let key = text::name_key(name);
    for word in PLACE_WORDS {
        if let Some(rest) = key.strip_suffix(word)
            && let Some(rest) = rest.strip_suffix(' ')
            && !rest.is_empty()
        {
            return rest.to_string();
        }
    }
    key
}

/// Splits a unit cell on its separators; empty pieces dropped.
pub fn split(cell: &str) -> Vec<&str> {
    cell.split([',', ';', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
}

/// Splits and resolves a unit cell, lead first, each unit once.
pub fn resolve(cell: &str, config: &Config) -> Vec<Resolved> {
    Directory::new(config).resolve(cell)
}

/// The config's unit directory with every name and alias folded once, for the many lookups
/// of one table ([`Config::find_unit`] folds them all again for each).
pub struct Directory<'a> {
    units: &'a [Unit],
    /// The [`text::name_key`] of each name and alias, with its unit's index, in the
    /// directory's order.
    keys: Vec<(String, usize)>,
}

impl<'a> Directory<'a> {
    /// Folds the names and aliases of `config`'s units.
    pub fn new(config: &'a Config) -> Self {
        let keys = config
            .units
            .iter()
            .enumerate()
            .flat_map(|(i, u)| {
                std::iter::once(&u.name)
                    .chain(&u.aliases)
                    .map(move |n| (text::name_key(n), i))
            })
            .collect();
        Directory {
            units: &config.units,
            keys,
        }
    }

    /// As [`Config::find_unit`]: the first unit whose name or alias has the key of `written`.
    pub fn find(&self, written: &str) -> Option<&'a Unit> {
        if self.keys.is_empty() {
            return None;
        }
        let key = text::name_key(written);
        // Entries go unit by unit, so the first entry found is the first unit's.
        self.keys
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, i)| &self.units[*i])
    }

    /// Splits and resolves a unit cell, lead first, each unit once.
    pub fn resolve(&self, cell: &str) -> Vec<Resolved> {
        let pieces = split(cell);
        let mut out: Vec<Resolved> = Vec::new();
        let mut i = 0;
        while i < pieces.len() {
            // The longest run of pieces that, joined again with commas, is a known name.
            let mut taken = None;
            for end in (i + 1..=pieces.len()).rev() {
                let joined = pieces[i..end].join(", ");
                if let Some(unit) = self.find(&joined) {
                    taken = Some((end, unit.name.clone()));
                    break;
                }
            }
            let (next, resolved) = match taken {
                Some((end, name)) => (end, Resolved { name, known: true }),
                None => (
                    i + 1,
                    Resolved {
                        name: pieces[i].to_string(),
                        known: false,
                    },
                ),
            };
            if !out.iter().any(|r| r.name == resolved.name) {
                out.push(resolved);
            }
            i = next;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_of_one_unit_meet_under_one_key() {
        let key = loose_key("Phòng Nội vụ");
        for other in [
            "PHÒNG NỘI VỤ",
            "Phòng  Nội vụ.",
            "Phòng Nội vụ huyện",
            "phòng nội vụ Sở",
        ] {
            assert_eq!(loose_key(other), key, "{other}");
        }
        assert_ne!(loose_key("Phòng Nội vụ"), loose_key("Phòng Nội chính"));
        assert_ne!(loose_key("Văn"), loose_key("Vân"), "diacritics kept");
        assert_eq!(
            loose_key("Sở"),
            loose_key("sở"),
            "a name that is only a place word"
        );
    }
    use proptest::prelude::*;

    fn directory() -> Config {
        Config {
            units: vec![
                Unit {
                    name: "Trung tâm Văn hóa, Thông tin và Truyền hình".into(),
                    aliases: vec!["Trung tâm Văn hóa TT TH".into()],
                    addressee: None,
                },
                Unit {
                    name: "Phòng Kinh tế - Hạ tầng".into(),
                    aliases: vec!["Phòng Kinh tế-Hạ tầng".into()],
                    addressee: None,
                },
            ],
            ..Config::default()
        }
    }

    #[test]
    fn hyphens_do_not_split_commas_do() {
        assert_eq!(
            split("Phòng Kinh tế-Hạ tầng, Phòng Nội vụ"),
            vec!["Phòng Kinh tế-Hạ tầng", "Phòng Nội vụ"]
        );
        assert_eq!(
            split("Văn phòng HĐND-UBND; Phòng Văn hóa Thông tin"),
            vec!["Văn phòng HĐND-UBND", "Phòng Văn hóa Thông tin"]
        );
    }

    #[test]
    fn known_names_with_commas_stay_whole() {
        let names: Vec<String> = resolve(
            "Trung tâm Văn hóa, Thông tin và Truyền hình; Phòng Kinh tế-Hạ tầng",
            &directory(),
        )
        .into_iter()
        .map(|r| r.name)
        .collect();
        assert_eq!(
            names,
            vec![
                "Trung tâm Văn hóa, Thông tin và Truyền hình",
                "Phòng Kinh tế - Hạ tầng"
            ]
        );
    }

    #[test]
    fn unknown_units_are_kept_as_written() {
        let r = resolve("Phòng Tư pháp, Trung tâm Văn hóa TT TH", &directory());
        assert_eq!(
            r[0],
            Resolved {
                name: "Phòng Tư pháp".into(),
                known: false
            }
        );
        assert!(r[1].known);
    }

    #[test]
    fn the_directory_finds_what_the_config_finds() {
        let mut config = directory();
        // The same alias under two units: the first unit is the one found.
        config.units[1]
            .aliases
            .push("Trung tâm Văn hóa TT TH".into());
        let found = Directory::new(&config);
        for written in [
            "TRUNG TÂM VĂN HÓA TT-TH",
            "Phòng Kinh tế-Hạ tầng",
            "phòng kinh tế hạ tầng",
            "Phòng Nội vụ",
            "",
        ] {
            assert_eq!(
                found.find(written).map(|u| &u.name),
                config.find_unit(written).map(|u| &u.name),
                "{written}"
            );
        }
    }

    proptest! {
        #[test]
        fn split_keeps_every_name(names in proptest::collection::vec("[A-Za-zà-ỹ -]{1,12}", 1..5),
                                  sep in prop_oneof![Just(", "), Just("; "), Just(",")]) {
            let cell = names.join(sep);
            let expected: Vec<&str> = names.iter().map(|n| n.trim()).filter(|n| !n.is_empty()).collect();
            prop_assert_eq!(split(&cell), expected);
        }
    }
}
