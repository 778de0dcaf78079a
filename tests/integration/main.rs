//! The integration tests, one binary (as rust_xlsxwriter's and ripgrep's): each module is a
//! case named after what it checks; `support` holds the helpers they share. Fixtures are in
//! `tests/fixtures/`, reference documents in `tests/integration/snapshots/`.

mod support;

mod annex_xlsx;
mod annex_xlsx_print;
mod batch;
mod check;
mod cli;
mod diff;
mod docx_letters;
mod docx_render;
mod hostile;
mod json_contract;
mod layers;
mod letters_read;
mod memory;
mod nothing_lost;
mod pdf;
mod reference_documents;
mod schema;
mod serve;
mod synthetic;
