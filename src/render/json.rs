//! `cchc check --json` and `cchc diff --json`: the serialized model itself, with the figures
//! printed exactly (20.581, never 20.580999999).

use crate::analyze::Analysis;
use crate::analyze::diff::Diff;
use crate::error::{Error, column_letter};
use crate::model::Warning;
use serde::Serialize;

/// What `check --json` prints: the analysis, and its warnings beside it.
#[derive(Serialize)]
struct Checked<'a> {
    #[serde(flatten)]
    analysis: &'a Analysis,
    warnings: &'a [Warning],
}

/// Renders the analysis and its warnings as pretty-printed JSON.
pub fn render(analysis: &Analysis, warnings: &[Warning]) -> String {
    pretty(&Checked { analysis, warnings })
}

/// Renders a round-to-round comparison as pretty-printed JSON.
pub fn render_diff(diff: &Diff) -> String {
    pretty(diff)
}

/// What `check --json` prints when the input cannot be used, so that a program reading it
/// is never left with nothing: `{"error": {"message", "hint", "file", "sheet", "row",
/// "column"}}`, each unknown part null, the column as its letter.
pub fn render_error(err: &Error) -> String {
    #[derive(Serialize)]
    struct Failed {
        error: Body,
    }
    #[derive(Serialize)]
    struct Body {
        message: String,
        hint: Option<String>,
        file: Option<String>,
        sheet: Option<String>,
        row: Option<u32>,
        column: Option<String>,
    }
    let loc = err.location();
    let file = loc.file.display().to_string();
    pretty(&Failed {
        error: Body {
            message: err.to_string(),
            hint: err.hint(),
            file: (!file.is_empty()).then_some(file),
            sheet: loc.sheet,
            row: loc.row,
            column: loc.col.map(|c| column_letter(c as usize)),
        },
    })
}

/// The model holds only strings, numbers and lists: serializing it cannot fail.
fn pretty(value: &impl Serialize) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default()
}
