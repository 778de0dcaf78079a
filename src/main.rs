//! The `cchc` binary: parses the command line, runs it, prints an error once.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args = cli::parse();
    cchc::read::quiet_reader_panics();
    match cli::run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("Lỗi: {err}");
            if let Some(hint) = err.hint() {
                eprintln!("Gợi ý: {hint}");
            }
            // Every library error means an input, a configuration or an output that cannot
            // be used: status 2, as for grep and ripgrep.
            ExitCode::from(2)
        }
    }
}
