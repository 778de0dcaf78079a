//! Many inputs at once: each through [`generate`](crate::generate::generate) on a pool of
//! worker threads, one bad input spoiling nothing else. Output does not depend on the thread
//! count or order: every input writes only its own folder, from its own bytes.

use crate::error::{Error, Result};
use crate::generate::{self, Generated, Options};
use crate::model::Warned;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The result of one input.
pub type Outcome = Result<Warned<Generated>>;

/// Refuses a batch in which two inputs would write the same folder (`a.xlsx` and `a.csv`).
///
/// # Errors
/// [`Error::DuplicateOutput`] naming the folder and both inputs.
pub fn check_names(inputs: &[PathBuf]) -> Result<()> {
    let mut seen: HashMap<String, &Path> = HashMap::with_capacity(inputs.len());
    for input in inputs {
        let name = generate::output_name(input);
        if let Some(other) = seen.get(&name) {
            return Err(Error::DuplicateOutput {
                name,
                inputs: vec![other.to_path_buf(), input.clone()],
            });
        }
        seen.insert(name, input);
    }
    Ok(())
}

/// Generates every input on `jobs` threads (at least one). `done` is called from the
/// worker threads as each input finishes; the outcomes come back in input order.
pub fn run(
    inputs: &[PathBuf],
    options: &Options,
    jobs: usize,
    done: &(dyn Fn(&Path, &Outcome) + Sync),
) -> Vec<Outcome> {
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Outcome>>> =
        Mutex::new((0..inputs.len()).map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..jobs.clamp(1, inputs.len().max(1)) {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(input) = inputs.get(i) else {
                        break;
                    };
                    let outcome = generate::generate(input, options);
                    done(input, &outcome);
                    if let Ok(mut slots) = results.lock() {
                        slots[i] = Some(outcome);
                    }
                }
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_default()
        .into_iter()
        .map(|slot| {
            slot.unwrap_or_else(|| {
                Err(Error::Render {
                    document: String::new(),
                    detail: "một luồng xử lý dừng bất thường".into(),
                })
            })
        })
        .collect()
}
