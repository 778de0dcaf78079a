//! The Word documents of one input: the cover letter (công văn) with its annex in a
//! landscape section, and a directive letter to each unit with a loss. Layout is code
//! ([`decree30`], [`annex`]) written by [`wml`]; wording comes from the templates;
//! [`package`] zips the parts.

pub mod annex;
pub mod decree30;
pub mod package;
pub mod wml;
mod wording;

use super::templates::{
    ANNEX_HEADING, COVER_BODY, COVER_SUBJECT, UNIT_ANNEX_HEADING, UNIT_BODY, UNIT_SUBJECT,
};
use super::{OutputFile, RenderContext};
use crate::analyze::UnitSummary;
use crate::error::Result;
use crate::render::figures;
use crate::render::meta::Numbering;
use crate::text;
use decree30::HeaderBlock;
use package::{CoreProperties, HEADER_1, HEADER_2};
use std::path::PathBuf;
use wml::Body;

/// The cover letter's file name.
pub const COVER_LETTER: &str = "cong-van.docx";
/// The folder of the unit letters.
pub const UNIT_FOLDER: &str = "don-vi";

/// The subject: the config's, else the template's.
fn subject(
    ctx: &RenderContext<'_>,
    configured: Option<&String>,
    template: &str,
    context: &tera::Context,
) -> Result<String> {
    match configured.filter(|s| !s.trim().is_empty()) {
        Some(s) => Ok(s.trim().to_string()),
        None => Ok(ctx.templates.render(template, context)?.trim().to_string()),
    }
}

fn place_date(ctx: &RenderContext<'_>, n: &Numbering) -> String {
    format!("{}, {}", ctx.meta.place, text::vn_date_words(&n.date))
}

/// What a letter says, in the order of Decree 30's Mẫu 1.5.
struct Letter<'a> {
    number: &'a Numbering,
    subject: String,
    recipients: &'a [String],
    body: String,
    copies: &'a [String],
}

/// The letter's portrait part: header block, Kính gửi, body, Nơi nhận and signature.
fn write_letter(body: &mut Body, ctx: &RenderContext<'_>, letter: &Letter<'_>) {
    let meta = ctx.meta;
    decree30::header_block(
        body,
        &HeaderBlock {
            superior: meta.superior.as_deref(),
            organ_lines: &meta.organ_lines,
            number_symbol: letter.number.number_symbol(),
            subject: letter.subject.clone(),
            place_date: place_date(ctx, letter.number),
        },
    );
    decree30::addressees(body, letter.recipients);
    decree30::body_text(body, &letter.body);
    decree30::closing(body, letter.copies, &meta.drafter, &meta.signer);
}

fn properties(ctx: &RenderContext<'_>, letter: &Letter<'_>) -> CoreProperties {
    CoreProperties {
        title: format!("V/v {}", letter.subject),
        creator: ctx.meta.organ_short.clone(),
        date: letter.number.date,
    }
}

/// The cover letter: a portrait section with the letter, then the annex on a landscape
/// section whose page numbers restart at 1 (Phụ lục I, III.1đ).
///
/// # Errors
/// [`crate::Error::Template`] from the wording; [`crate::Error::Render`] when packaging
/// fails.
pub fn cover_letter(ctx: &RenderContext<'_>) -> Result<Vec<u8>> {
    let meta = ctx.meta;
    // The sums as every part of the letter prints them, computed once.
    let printed = figures::Printed::of(ctx.analysis);
    let context = wording::cover(ctx, &printed);
    let letter = Letter {
        number: &meta.letter,
        subject: subject(ctx, meta.subject.as_ref(), COVER_SUBJECT, &context)?,
        recipients: &meta.recipients,
        body: ctx.templates.render(COVER_BODY, &context)?,
        copies: &meta.letter_copies,
    };
    let heading = ctx
        .templates
        .render(ANNEX_HEADING, &wording::annex(ctx, &printed))?;

    // About 1.5 KB of XML a criterion in the annex, and 10 KB for the letter.
    let mut body = Body::with_capacity(16_384 + 1_536 * ctx.analysis.criteria.len());
    write_letter(&mut body, ctx, &letter);
    body.section_break(&decree30::portrait(HEADER_1));
    annex::heading(&mut body, &heading);
    annex::table(&mut body, &[annex::main_part(ctx.analysis, &printed)]);
    let document = body.finish(&decree30::landscape(HEADER_2));
    package::package(&document, 2, &properties(ctx, &letter), COVER_LETTER)
}

/// One directive letter per unit that leads or co-operates on a criterion with a loss, at
/// `don-vi/<slug>.docx`.
///
/// # Errors
/// As [`cover_letter`].
pub fn unit_letters(ctx: &RenderContext<'_>) -> Result<Vec<OutputFile>> {
    let units: Vec<&UnitSummary> = ctx
        .analysis
        .units
        .iter()
        .filter(|u| !u.led.is_empty() || !u.cooperating.is_empty())
        .collect();
    // Unique within the folder: two units may fold to one slug (issue 6).
    let slugs = text::unique_slugs(units.iter().map(|u| u.name.as_str()));
    // Every letter states its unit's share of the same printed sums.
    let printed = figures::Printed::of(ctx.analysis);
    units
        .into_iter()
        .zip(slugs)
        .map(|(u, slug)| {
            let path = PathBuf::from(UNIT_FOLDER).join(format!("{slug}.docx"));
            let bytes = unit_letter(ctx, u, &printed, &path.display().to_string())?;
            Ok(OutputFile { path, bytes })
        })
        .collect()
}

/// A unit's letter, then its annex on a landscape section: the criteria it leads, then
/// those it co-operates on, in the main annex's columns (issue 14).
fn unit_letter(
    ctx: &RenderContext<'_>,
    unit: &UnitSummary,
    printed: &figures::Printed,
    name: &str,
) -> Result<Vec<u8>> {
    let meta = ctx.meta;
    let context = wording::unit(ctx, unit, printed);
    let copies = copies_for(&meta.unit_copies, unit);
    let letter = Letter {
        number: &meta.unit_letter,
        subject: subject(ctx, meta.unit_subject.as_ref(), UNIT_SUBJECT, &context)?,
        recipients: std::slice::from_ref(&unit.addressee),
        body: ctx.templates.render(UNIT_BODY, &context)?,
        copies: &copies,
    };
    let heading = ctx
        .templates
        .render(UNIT_ANNEX_HEADING, &wording::unit_annex(ctx, unit, printed))?;
    let parts = unit_parts(ctx, unit, printed);
    let rows: usize = parts.iter().map(|p| p.lines.len()).sum();
    let mut body = Body::with_capacity(16_384 + 1_536 * rows);
    write_letter(&mut body, ctx, &letter);
    body.section_break(&decree30::portrait(HEADER_1));
    annex::heading(&mut body, &heading);
    annex::table(&mut body, &parts);
    let document = body.finish(&decree30::landscape(HEADER_2));
    package::package(&document, 2, &properties(ctx, &letter), name)
}

/// The parts of a unit's annex: "I." the criteria it leads, summed as the cover letter
/// prints its share; "II." those it co-operates on, summed. Roman numbers only when both.
fn unit_parts<'a>(
    ctx: &RenderContext<'a>,
    unit: &UnitSummary,
    printed: &figures::Printed,
) -> Vec<annex::Part<'a>> {
    let a = ctx.analysis;
    // A unit's lists index the counted criteria; a criterion knows its sheet row's index.
    let in_list = |list: &[crate::analyze::CriterionRef], c: &crate::analyze::Criterion| {
        list.iter()
            .any(|r| a.criteria.get(r.index).is_some_and(|x| x.index == c.index))
    };
    let both = !unit.led.is_empty() && !unit.cooperating.is_empty();
    let mut parts = Vec::new();
    let sum = |d| text::vn_fixed(d, figures::PLACES);
    let label = if both { "Cộng" } else { "Tổng cộng" };
    if !unit.led.is_empty() {
        parts.push(annex::Part {
            title: both.then(|| format!("I. CÁC TIÊU CHÍ DO {} CHỦ TRÌ", unit.name.to_uppercase())),
            lines: a.annex_lines_where(|c| in_list(&unit.led, c)),
            total: (label.into(), String::new(), sum(printed.lead(a, unit))),
        });
    }
    if !unit.cooperating.is_empty() {
        parts.push(annex::Part {
            title: both.then(|| {
                format!(
                    "II. CÁC TIÊU CHÍ {} PHỐI HỢP THỰC HIỆN",
                    unit.name.to_uppercase()
                )
            }),
            lines: a.annex_lines_where(|c| in_list(&unit.cooperating, c)),
            total: (
                label.into(),
                String::new(),
                sum(figures::Printed::cooperating(a, unit)),
            ),
        });
    }
    parts
}

/// The unit letters' Nơi nhận without the addressee itself: it is "Như trên" already
/// (Phòng Nội vụ's own letter does not list "Phòng Nội vụ (theo dõi)").
fn copies_for(copies: &[String], unit: &UnitSummary) -> Vec<String> {
    let key = text::name_key(&unit.name);
    copies
        .iter()
        .filter(|c| !text::name_key(c).starts_with(&key))
        .cloned()
        .collect()
}
