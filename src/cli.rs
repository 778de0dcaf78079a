//! The command line: clap arguments to library calls. Messages are Vietnamese.

use cchc::{Config, Error, Result, render};
use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};

/// Lập phụ lục phân tích và văn bản chỉ đạo từ kết quả thẩm định Chỉ số CCHC.
#[derive(Debug, Parser)]
#[command(name = "cchc", version, about, long_about = None)]
pub struct Cli {
    /// Lệnh; không ghi lệnh thì xử lý các tệp trong thư mục input/.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Đọc và phân tích một bảng kết quả thẩm định, in tóm tắt (điểm, đơn vị, lĩnh vực, cảnh báo).
    Check {
        /// Tệp bảng tính (.xlsx, .xlsm, .xls, .ods, .csv, .tsv).
        file: PathBuf,
        /// Tệp cấu hình (mặc định: cchc.toml cạnh tệp đầu vào, rồi input/cchc.toml).
        #[arg(long)]
        config: Option<PathBuf>,
        /// Tên trang tính chứa bảng (mặc định: trang tính đầu tiên có bảng).
        #[arg(long)]
        sheet: Option<String>,
        /// In kết quả dạng JSON.
        #[arg(long)]
        json: bool,
    },
}

/// Runs the command; the error, if any, is printed once by `main`.
pub fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Some(Command::Check {
            file,
            config,
            sheet,
            json,
        }) => check(&file, config.as_deref(), sheet.as_deref(), json),
        None => check_sample_folder(),
    }
}

fn load_config(explicit: Option<&Path>, input: &Path) -> Result<Config> {
    match Config::locate(explicit, input) {
        Some(path) => Config::load(&path),
        None => Ok(Config::default()),
    }
}

fn check(file: &Path, config: Option<&Path>, sheet: Option<&str>, json: bool) -> Result<()> {
    let config = load_config(config, file)?;
    let analyzed = cchc::load(file, sheet, &config)?;
    if json {
        println!("{}", render::json::render(&analyzed.output, &analyzed.warnings));
    } else {
        print!("{}", render::summary::render(&analyzed.output, &analyzed.warnings));
    }
    Ok(())
}

/// `cchc` alone: the summary of every spreadsheet in `input/`.
fn check_sample_folder() -> Result<()> {
    let dir = Path::new("input");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| Error::io(dir, e))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| is_spreadsheet(p))
        .collect();
    files.sort();
    for (i, file) in files.iter().enumerate() {
        if i > 0 {
            println!();
        }
        check(file, None, None, false)?;
    }
    Ok(())
}

fn is_spreadsheet(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    // Excel's lock files ("~$bang.xlsx") sit beside an open workbook.
    !name.starts_with("~$")
        && matches!(
            path.extension()
                .and_then(|e| e.to_str())
                .map(str::to_ascii_lowercase)
                .as_deref(),
            Some("xlsx" | "xlsm" | "xls" | "ods" | "csv" | "tsv")
        )
}
