//! The Word documents of one input: the cover letter (công văn) with its annex in a
//! landscape section, and a directive letter to each unit with a loss. Layout is code
//! ([`decree30`], [`annex`]); wording comes from the templates; [`package`] finishes what
//! docx-rs leaves undone.

pub mod annex;
pub mod decree30;
pub mod package;
mod wording;

use super::templates::{ANNEX_HEADING, COVER_BODY, COVER_SUBJECT, UNIT_BODY, UNIT_SUBJECT};
use super::{OutputFile, RenderContext};
use crate::analyze::UnitSummary;
use crate::error::{Error, Result};
use crate::render::meta::Numbering;
use crate::text;
use decree30::{A4_LONG, A4_SHORT, HeaderBlock};
use docx_rs::{Docx, PageNumType, PageOrientationType, PageSize, Section};
use package::CoreProperties;
use std::path::PathBuf;

/// The cover letter's file name.
pub const COVER_LETTER: &str = "cong-van.docx";
/// The folder of the unit letters.
pub const UNIT_FOLDER: &str = "don-vi";

/// Runs `build` on a thread of its own. docx-rs numbers paragraphs (`w14:paraId`) from a
/// thread-local counter that 0.4.22 offers no way to reset; a fresh thread starts it at 1,
/// so the same input gives the same bytes however many documents came before.
fn on_fresh_thread<T: Send>(document: &str, build: impl FnOnce() -> Result<T> + Send) -> Result<T> {
    std::thread::scope(|s| s.spawn(build).join()).unwrap_or_else(|_| {
        Err(Error::Render {
            document: document.to_string(),
            detail: "lỗi nội bộ khi dựng văn bản".into(),
        })
    })
}

/// A document with the defaults of the whole file: Times New Roman 14.
fn new_docx() -> Docx {
    Docx::new()
        .default_fonts(decree30::fonts())
        .default_size(decree30::PT14)
}

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

/// The cover letter: a portrait section with the letter, then the annex on a landscape
/// section whose page numbers restart at 1 (Phụ lục I, III.1đ).
///
/// # Errors
/// [`Error::Template`] from the wording; [`Error::Render`] when packaging fails.
pub fn cover_letter(ctx: &RenderContext<'_>) -> Result<Vec<u8>> {
    on_fresh_thread(COVER_LETTER, || {
        let meta = ctx.meta;
        let context = wording::cover(ctx);
        let subject = subject(ctx, meta.subject.as_ref(), COVER_SUBJECT, &context)?;
        let body = ctx.templates.render(COVER_BODY, &context)?;
        let heading = ctx.templates.render(ANNEX_HEADING, &wording::annex(ctx))?;

        let mut letter = Section::new()
            .page_size(PageSize::new().size(A4_SHORT, A4_LONG))
            .page_margin(decree30::margins())
            .header(decree30::page_number_header())
            .title_pg()
            .add_table(decree30::header_block(&HeaderBlock {
                superior: meta.superior.as_deref(),
                organ_lines: &meta.organ_lines,
                number_symbol: meta.letter.number_symbol(),
                subject: subject.clone(),
                place_date: place_date(ctx, &meta.letter),
            }));
        for p in decree30::addressees(&meta.recipients) {
            letter = letter.add_paragraph(p);
        }
        for p in decree30::body(&body) {
            letter = letter.add_paragraph(p);
        }
        letter = letter
            .add_paragraph(decree30::blank(decree30::PT14).keep_next(true))
            .add_table(decree30::closing(
                &meta.letter_copies,
                &meta.drafter,
                &meta.signer,
            ));

        // The annex is the document's last section: landscape is A4 with width and height
        // swapped (docx-rs writes only the orient attribute).
        let mut docx = new_docx()
            .add_section(letter)
            .page_size(A4_LONG, A4_SHORT)
            .page_orient(PageOrientationType::Landscape)
            .page_margin(decree30::margins())
            .page_num_type(PageNumType::new().start(1))
            .header(decree30::page_number_header())
            .title_pg();
        for p in annex::heading(&heading) {
            docx = docx.add_paragraph(p);
        }
        docx = docx.add_table(annex::table(ctx.analysis));

        package::package(
            docx,
            &CoreProperties {
                title: format!("V/v {subject}"),
                creator: meta.organ_short.clone(),
                date: meta.letter.date,
            },
            COVER_LETTER,
        )
    })
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
    units
        .into_iter()
        .zip(slugs)
        .map(|(u, slug)| {
            let path = PathBuf::from(UNIT_FOLDER).join(format!("{slug}.docx"));
            let name = path.display().to_string();
            let bytes = on_fresh_thread(&name, || unit_letter(ctx, u, &name))?;
            Ok(OutputFile { path, bytes })
        })
        .collect()
}

fn unit_letter(ctx: &RenderContext<'_>, unit: &UnitSummary, name: &str) -> Result<Vec<u8>> {
    let meta = ctx.meta;
    let context = wording::unit(ctx, unit);
    let subject = subject(ctx, meta.unit_subject.as_ref(), UNIT_SUBJECT, &context)?;
    let body = ctx.templates.render(UNIT_BODY, &context)?;

    let mut docx = new_docx()
        .page_size(A4_SHORT, A4_LONG)
        .page_margin(decree30::margins())
        .header(decree30::page_number_header())
        .title_pg()
        .add_table(decree30::header_block(&HeaderBlock {
            superior: meta.superior.as_deref(),
            organ_lines: &meta.organ_lines,
            number_symbol: meta.unit_letter.number_symbol(),
            subject: subject.clone(),
            place_date: place_date(ctx, &meta.unit_letter),
        }));
    for p in decree30::addressees(std::slice::from_ref(&unit.addressee)) {
        docx = docx.add_paragraph(p);
    }
    for p in decree30::body(&body) {
        docx = docx.add_paragraph(p);
    }
    docx = docx
        .add_paragraph(decree30::blank(decree30::PT14).keep_next(true))
        .add_table(decree30::closing(
            &copies_for(&meta.unit_copies, unit),
            &meta.drafter,
            &meta.signer,
        ));
    package::package(
        docx,
        &CoreProperties {
            title: format!("V/v {subject}"),
            creator: meta.organ_short.clone(),
            date: meta.unit_letter.date,
        },
        name,
    )
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
