//! What the documents say about themselves: the organ, numbers, dates, subject, recipients,
//! signer and the annex's title block, resolved from the config, falling back to what the
//! input's title block said.

use crate::analyze::Analysis;
use crate::config::Config;
use crate::model::DocDate;
use crate::text::{self, BLANK};
use chrono::{Datelike, NaiveDate};

/// A document's number, symbol and date (Decree 30, Phụ lục I, II.3 and II.4).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Numbering {
    /// How it is named when referred to ("Văn bản", "Công văn").
    pub kind: String,
    /// Số, empty for a draft.
    pub number: String,
    /// Ký hiệu, "UBND-NV".
    pub symbol: String,
    /// Ngày, possibly partly blank.
    pub date: DocDate,
}

impl Numbering {
    /// "1356/UBND-NV", or "      /UBND-NV" in a draft.
    pub fn number_symbol(&self) -> String {
        let number = if self.number.is_empty() {
            BLANK
        } else {
            &self.number
        };
        let symbol = if self.symbol.is_empty() {
            BLANK
        } else {
            &self.symbol
        };
        format!("{number}/{symbol}")
    }
}

/// The annex's title block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnnexTitle {
    /// "UBND HUYỆN TUẦN GIÁO".
    pub organ: String,
    /// "BẢNG PHÂN TÍCH".
    pub heading: String,
    /// "Các tiêu chí, tiêu chí thành phần chưa đạt điểm tối đa … năm 2019".
    pub title: String,
    /// "(Kèm theo Văn bản số 1356/UBND-NV ngày 30/10/2020 của UBND huyện Tuần Giáo)".
    pub reference: String,
}

/// The signature block.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SignerLines {
    /// "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH".
    pub authority: Vec<String>,
    /// "PHÓ CHỦ TỊCH".
    pub position: String,
    /// The name, empty when not given.
    pub name: String,
}

/// Everything the documents of one input say about themselves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meta {
    /// The appraisal year.
    pub year: i32,
    /// Cơ quan chủ quản line, if any.
    pub superior: Option<String>,
    /// Tên cơ quan ban hành, upper case, one entry per printed line.
    pub organ_lines: Vec<String>,
    /// The organ in running text ("UBND huyện Tuần Giáo").
    pub organ_short: String,
    /// Địa danh ("Tuần Giáo").
    pub place: String,
    /// The cover letter's numbering.
    pub letter: Numbering,
    /// The organ in a second mention, without its place ("UBND huyện").
    pub organ_brief: String,
    /// Whose index it is ("huyện Tuần Giáo", "Sở Y tế"): the index belongs to the unit,
    /// not to its UBND (issue 14).
    pub appraised: String,
    /// Who asks the units to act, as the letter says it: the organ for a letter signed on
    /// its behalf ("TM. ỦY BAN NHÂN DÂN": "UBND huyện"), its head otherwise ("Chủ tịch
    /// UBND huyện").
    pub requester: String,
    /// The document that publishes the index, cited at the head of the letters: the
    /// config's `letter.basis`, else a document of another organ the table came with
    /// ("Quyết định số 245/QĐ-UBND ngày 15/03/2024 của UBND tỉnh Bắc Giang"), never the
    /// letters' own number (issue 13).
    pub basis: Option<String>,
    /// The office the units report through ("Phòng Nội vụ").
    pub via: Option<String>,
    /// The cover letter's subject after "V/v", when the config gives one (else the template's).
    pub subject: Option<String>,
    /// Kính gửi of the cover letter.
    pub recipients: Vec<String>,
    /// Nơi nhận of the cover letter after "Như trên".
    pub letter_copies: Vec<String>,
    /// The drafting unit's code for "Lưu: VT, NV."
    pub drafter: String,
    /// The unit letters' numbering.
    pub unit_letter: Numbering,
    /// The unit letters' subject, when the config gives one.
    pub unit_subject: Option<String>,
    /// The deadline for the units.
    pub deadline: Option<DocDate>,
    /// Nơi nhận of the unit letters after "Như trên".
    pub unit_copies: Vec<String>,
    /// The signature block.
    pub signer: SignerLines,
    /// The annex's title block.
    pub annex: AnnexTitle,
}

impl Meta {
    /// Resolves the documents' metadata; `today` stands in for a year nothing else gives.
    pub fn resolve(analysis: &Analysis, config: &Config, today: NaiveDate) -> Meta {
        let title = &analysis.appraisal.title;
        let reference = title.reference.clone().unwrap_or_default();
        let year = analysis.year.unwrap_or(today.year());
        let pick = |configured: &Option<String>, fallback: String| {
            configured
                .clone()
                .filter(|s| !s.trim().is_empty())
                .unwrap_or(fallback)
        };

        // The issuing organ: the config's; else the unit whose index the title names (its
        // UBND for a huyện, xã or tỉnh; the unit itself for a Sở or a Ban, under the UBND
        // the title names first); else the title's organ line (issue 13).
        let (organ_upper, title_superior) = match (&config.organ.name, &title.appraised) {
            (Some(name), _) => (name.clone(), None),
            (None, Some(unit)) => issuer_of(unit, &title.lines),
            (None, None) => (title.organ.clone().unwrap_or_default(), None),
        };
        let organ_lines = organ_name_lines(&organ_upper);
        let fallback_short = match (&config.organ.name, &title.appraised) {
            (None, Some(unit)) if !is_local_government(unit) => agency_name(&organ_upper),
            (None, Some(_)) => short_name(&organ_upper),
            _ if reference.issuer.is_empty() => short_name(&organ_upper),
            _ => reference.issuer.clone(),
        };
        let organ_short = pick(&config.organ.short, fallback_short);
        // Địa danh: the place of the organ, or of the UBND above a Sở ("Bắc Giang").
        let place_from = match &title_superior {
            Some(superior) => short_name(superior),
            None => organ_short.clone(),
        };
        let place = pick(&config.organ.place, place_of(&place_from));

        // The title's "(Kèm theo …)" is this letter when this organ issued it (the sample's
        // 1356/UBND-NV); a document of another organ is the basis to cite. Without a
        // configuration the letters are drafts: number and date left for the văn thư.
        // A reference that names no issuer is taken as this organ's, as before issue 13.
        let own = reference.issuer.is_empty()
            || text::name_key(&reference.issuer) == text::name_key(&organ_short);
        let basis = config
            .letter
            .basis
            .clone()
            .filter(|b| !b.trim().is_empty())
            .or_else(|| (!own).then(|| cite(&reference)));
        let from_title = own && config.file.is_some();
        let letter_date = config
            .letter
            .date
            .or(reference.date.filter(|_| from_title).map(DocDate::full))
            .unwrap_or(DocDate {
                year: today.year(),
                month: None,
                day: None,
            });
        let letter = Numbering {
            kind: pick(
                &config.letter.kind,
                if reference.kind.is_empty() || !own {
                    "Văn bản".into()
                } else {
                    reference.kind.clone()
                },
            ),
            number: config.letter.number.clone().unwrap_or(if from_title {
                reference.number.clone()
            } else {
                String::new()
            }),
            symbol: pick(
                &config.letter.symbol,
                if own {
                    reference.symbol.clone()
                } else {
                    String::new()
                },
            ),
            date: letter_date,
        };
        let unit_letter = Numbering {
            kind: letter.kind.clone(),
            number: config.unit_letters.number.clone().unwrap_or_default(),
            symbol: pick(&config.unit_letters.symbol, letter.symbol.clone()),
            date: config.unit_letters.date.unwrap_or(letter.date),
        };
        let recipients = if config.letter.recipients.is_empty() {
            analysis.units.iter().map(|u| u.addressee.clone()).collect()
        } else {
            config.letter.recipients.clone()
        };
        let drafter = pick(
            &config.letter.drafter,
            letter.symbol.rsplit('-').next().unwrap_or("").to_string(),
        );

        let annex = AnnexTitle {
            // The annex is the issuing organ's, not the appraiser's above it in the title.
            organ: pick(
                &config.annex.organ,
                match &title.appraised {
                    Some(_) => organ_upper.replace('\n', " "),
                    None => title.organ.clone().unwrap_or(organ_short.to_uppercase()),
                },
            ),
            heading: pick(
                &config.annex.heading,
                title.heading.clone().unwrap_or("BẢNG PHÂN TÍCH".into()),
            ),
            title: pick(
                &config.annex.title,
                title.subtitle.clone().unwrap_or(format!(
                    "Các tiêu chí, tiêu chí thành phần chưa đạt điểm tối đa trong xác định Chỉ số CCHC năm {year}"
                )),
            ),
            reference: format!(
                "(Kèm theo {} số {} ngày {} của {})",
                letter.kind,
                letter.number_symbol(),
                text::vn_date_short(&letter.date),
                organ_short
            ),
        };

        let organ_brief = brief(&organ_short, &place);
        let appraised = match &title.appraised {
            Some(unit) if is_local_government(unit) => short_name(&unit.to_uppercase()),
            Some(unit) => agency_name(unit),
            None => organ_short
                .strip_prefix("UBND ")
                .unwrap_or(&organ_short)
                .to_string(),
        };
        let on_behalf = config
            .signer
            .authority
            .iter()
            .any(|a| a.trim_start().starts_with("TM."));
        let requester = if on_behalf || !organ_brief.starts_with("UBND") {
            organ_brief.clone()
        } else {
            format!("Chủ tịch {organ_brief}")
        };

        Meta {
            year,
            superior: config
                .organ
                .superior
                .clone()
                .or(title_superior)
                .filter(|s| !s.trim().is_empty()),
            organ_lines,
            organ_short,
            organ_brief,
            appraised,
            requester,
            place,
            letter,
            basis,
            via: config.letter.via.clone().filter(|v| !v.trim().is_empty()),
            subject: config.letter.subject.clone(),
            recipients,
            letter_copies: config.letter.copies.clone(),
            drafter,
            unit_letter,
            unit_subject: config.unit_letters.subject.clone(),
            deadline: config.unit_letters.deadline,
            unit_copies: config.unit_letters.copies.clone(),
            signer: SignerLines {
                authority: config.signer.authority.clone(),
                position: config.signer.position.clone().unwrap_or_default(),
                name: config.signer.name.clone().unwrap_or_default(),
            },
            annex,
        }
    }
}

/// "Quyết định số 245/QĐ-UBND ngày 15/03/2024 của UBND tỉnh Bắc Giang": a document cited.
fn cite(r: &crate::model::Reference) -> String {
    let date = r
        .date
        .map(|d| format!(" ngày {}", d.format("%d/%m/%Y")))
        .unwrap_or_default();
    format!(
        "{} số {}/{}{date} của {}",
        r.kind, r.number, r.symbol, r.issuer
    )
}

/// "UBND huyện Tuần Giáo" → "UBND huyện": the organ in a second mention, its place left
/// out; an organ whose name does not end with the place stays whole ("Sở Y tế").
fn brief(organ_short: &str, place: &str) -> String {
    match organ_short.strip_suffix(place) {
        Some(rest) if !place.is_empty() && rest.ends_with(' ') => rest.trim_end().to_string(),
        _ => organ_short.to_string(),
    }
}

/// Whether `unit` ("huyện Tuần Giáo", "XÃ A") is a local government, whose letters its
/// UBND issues.
fn is_local_government(unit: &str) -> bool {
    let key = text::header_key(unit);
    [
        "huyen ",
        "xa ",
        "phuong ",
        "thi xa ",
        "thi tran ",
        "quan ",
        "thanh pho ",
        "tinh ",
    ]
    .iter()
    .any(|level| key.starts_with(level))
}

/// The issuing organ (upper case) of the unit the title names, and the superior organ to
/// print above it: "UBND HUYỆN TUẦN GIÁO" for "huyện Tuần Giáo"; "SỞ Y TẾ" under the first
/// title line that names a UBND ("UBND TỈNH BẮC GIANG") for "SỞ Y TẾ".
fn issuer_of(unit: &str, title_lines: &[String]) -> (String, Option<String>) {
    let upper = unit.to_uppercase();
    if is_local_government(unit) {
        return (format!("UBND {upper}"), None);
    }
    let superior = title_lines
        .iter()
        .find(|l| {
            let key = text::header_key(l);
            key.starts_with("ubnd ") || key.starts_with("uy ban nhan dan ")
        })
        .map(|l| l.trim().to_uppercase());
    (upper, superior)
}

/// "SỞ Y TẾ" → "Sở Y tế": an agency's name in running text, its kind and the first word of
/// its field capitalised (as "Sở Tài chính", "Ban Dân tộc").
fn agency_name(upper: &str) -> String {
    let one_line = upper.replace('\n', " ");
    one_line
        .split_whitespace()
        .enumerate()
        .map(|(i, w)| {
            let lower = w.to_lowercase();
            if i < 2 {
                let mut chars = lower.chars();
                chars
                    .next()
                    .map(|c| c.to_uppercase().chain(chars).collect())
                    .unwrap_or_default()
            } else {
                lower
            }
        })
        .collect::<Vec<String>>()
        .join(" ")
}

/// The header's organ lines: an explicit line break splits; "UBND HUYỆN TUẦN GIÁO" is
/// written out as "ỦY BAN NHÂN DÂN" / "HUYỆN TUẦN GIÁO", since only the chủ quản may be
/// abbreviated (Decree 30, Phụ lục I, II.2).
fn organ_name_lines(upper: &str) -> Vec<String> {
    if upper.contains('\n') {
        return upper.lines().map(|l| l.trim().to_string()).collect();
    }
    match upper.strip_prefix("UBND ") {
        Some(rest) => vec!["ỦY BAN NHÂN DÂN".into(), rest.trim().to_string()],
        None if upper.is_empty() => Vec::new(),
        None => vec![upper.to_string()],
    }
}

/// "UBND HUYỆN TUẦN GIÁO" → "UBND huyện Tuần Giáo": the level word lower case, the place
/// name in title case.
fn short_name(upper: &str) -> String {
    let one_line = upper.replace('\n', " ");
    let words: Vec<&str> = one_line.split_whitespace().collect();
    let levels = [
        "TỈNH",
        "HUYỆN",
        "XÃ",
        "PHƯỜNG",
        "THỊ",
        "TRẤN",
        "QUẬN",
        "THÀNH",
        "PHỐ",
    ];
    words
        .iter()
        .map(|w| {
            if ABBREVIATIONS.contains(w) {
                (*w).to_string()
            } else if levels.contains(w) {
                w.to_lowercase()
            } else {
                let lower = w.to_lowercase();
                let mut chars = lower.chars();
                chars
                    .next()
                    .map(|c| c.to_uppercase().chain(chars).collect())
                    .unwrap_or_default()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Organ-name abbreviations that stay upper case in running text (Decree 30, Phụ lục III).
const ABBREVIATIONS: [&str; 9] = [
    "UBND",
    "HĐND",
    "HĐND-UBND",
    "MTTQ",
    "TAND",
    "VKSND",
    "TP",
    "TX",
    "TT",
];

/// The place after the last level word: "UBND huyện Tuần Giáo" → "Tuần Giáo".
fn place_of(organ_short: &str) -> String {
    let lower = text::lower_in_place(organ_short);
    for level in [
        "thành phố ",
        "thị xã ",
        "thị trấn ",
        "huyện ",
        "tỉnh ",
        "xã ",
        "phường ",
        "quận ",
    ] {
        if let Some(i) = lower.rfind(level) {
            return organ_short[i + level.len()..].trim().to_string();
        }
    }
    String::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn organ_names() {
        assert_eq!(
            organ_name_lines("UBND HUYỆN TUẦN GIÁO"),
            vec!["ỦY BAN NHÂN DÂN", "HUYỆN TUẦN GIÁO"]
        );
        assert_eq!(short_name("UBND HUYỆN TUẦN GIÁO"), "UBND huyện Tuần Giáo");
        assert_eq!(place_of("UBND huyện Tuần Giáo"), "Tuần Giáo");
        assert_eq!(place_of("UBND thị xã Mường Lay"), "Mường Lay");
        assert_eq!(short_name("THỊ XÃ MƯỜNG LAY"), "thị xã Mường Lay");
        assert_eq!(brief("UBND huyện Tuần Giáo", "Tuần Giáo"), "UBND huyện");
        assert_eq!(brief("Sở Y tế", "Bắc Giang"), "Sở Y tế");
    }
}
