//! `cchc check --json` and `cchc diff --json`: the serialized model itself, with the figures
//! printed exactly (20.581, never 20.580999999).

use crate::analyze::Analysis;
use crate::analyze::diff::Diff;
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

/// The model holds only strings, numbers and lists: serializing it cannot fail.
fn pretty(value: &impl Serialize) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default()
}
