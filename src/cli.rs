//! The command line: clap arguments to library calls. Messages are Vietnamese.

use cchc::config::{Config, FILE_NAME};
use cchc::generate::{self, Options};
use cchc::model::Date;
use cchc::render::templates::{DEFAULTS, Templates};
use cchc::{Error, Result, render};
use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};

/// Lập phụ lục phân tích và văn bản chỉ đạo từ kết quả thẩm định Chỉ số CCHC.
#[derive(Debug, Parser)]
#[command(name = "cchc", version, about, long_about = None)]
pub struct Cli {
    /// Lệnh; không ghi lệnh thì chạy `generate` trên thư mục input/.
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
    /// So sánh hai bảng kết quả (vòng 1 và vòng 2): điểm thay đổi, tiêu chí thêm/bớt, đổi đơn vị.
    Diff {
        /// Bảng kết quả vòng trước.
        old: PathBuf,
        /// Bảng kết quả vòng sau.
        new: PathBuf,
        /// Tệp cấu hình (mặc định: cchc.toml cạnh tệp vòng sau, rồi input/cchc.toml).
        #[arg(long)]
        config: Option<PathBuf>,
        /// In kết quả dạng JSON.
        #[arg(long)]
        json: bool,
        /// Ghi bảng so sánh ra tệp Excel.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Lập phụ lục Excel và các văn bản cho từng tệp kết quả (hoặc mọi tệp trong thư mục).
    Generate {
        /// Tệp hoặc thư mục đầu vào (mặc định: input/).
        paths: Vec<PathBuf>,
        /// Tệp cấu hình (mặc định: cchc.toml cạnh tệp đầu vào, rồi input/cchc.toml).
        #[arg(long)]
        config: Option<PathBuf>,
        /// Thư mục kết quả (mặc định: output/).
        #[arg(long, default_value = "output")]
        out: PathBuf,
        /// Tên trang tính chứa bảng.
        #[arg(long)]
        sheet: Option<String>,
        /// Thư mục mẫu câu chữ thay cho mẫu mặc định (mặc định: templates/ cạnh tệp cấu hình).
        #[arg(long, value_name = "DIR")]
        templates: Option<PathBuf>,
        /// Chuyển thêm mỗi văn bản sang PDF bằng LibreOffice.
        #[arg(long)]
        pdf: bool,
    },
    /// Tạo tệp cấu hình mẫu cchc.toml (có chú thích) và bản sao các mẫu câu chữ để chỉnh sửa.
    Init {
        /// Thư mục sẽ chứa cchc.toml và templates/.
        dir: PathBuf,
    },
}

/// The sample configuration, commented, that `init` writes.
const STARTER_CONFIG: &str = include_str!("../input/cchc.toml");

/// Runs the command; the error, if any, is printed once by `main`.
pub fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Some(Command::Check {
            file,
            config,
            sheet,
            json,
        }) => check(&file, config.as_deref(), sheet.as_deref(), json),
        Some(Command::Diff {
            old,
            new,
            config,
            json,
            out,
        }) => diff(&old, &new, config.as_deref(), json, out.as_deref()),
        Some(Command::Generate {
            paths,
            config,
            out,
            sheet,
            templates,
            pdf,
        }) => generate_all(
            &paths,
            Run {
                config,
                out,
                sheet,
                templates,
                pdf,
            },
        ),
        Some(Command::Init { dir }) => init(&dir),
        None => generate_all(
            &[],
            Run {
                config: None,
                out: PathBuf::from("output"),
                sheet: None,
                templates: None,
                pdf: false,
            },
        ),
    }
}

/// The options of `generate` as given.
struct Run {
    config: Option<PathBuf>,
    out: PathBuf,
    sheet: Option<String>,
    templates: Option<PathBuf>,
    pdf: bool,
}

/// Writes a starter `cchc.toml` and the default templates into `dir`, never overwriting a
/// file the user may have edited.
fn init(dir: &Path) -> Result<()> {
    let templates = dir.join("templates");
    std::fs::create_dir_all(&templates).map_err(|e| Error::io(&templates, e))?;
    let files = std::iter::once((dir.join(FILE_NAME), STARTER_CONFIG)).chain(
        DEFAULTS
            .iter()
            .map(|(name, text)| (templates.join(name), *text)),
    );
    for (path, text) in files {
        if path.exists() {
            println!("giữ nguyên {} (đã có)", path.display());
            continue;
        }
        std::fs::write(&path, text).map_err(|e| Error::io(&path, e))?;
        println!("đã tạo {}", path.display());
    }
    Ok(())
}

fn check(file: &Path, config: Option<&Path>, sheet: Option<&str>, json: bool) -> Result<()> {
    let config = generate::config_for(config, file)?;
    let analyzed = cchc::load(file, sheet, &config)?;
    if json {
        println!(
            "{}",
            render::json::render(&analyzed.output, &analyzed.warnings)
        );
    } else {
        print!(
            "{}",
            render::summary::render(&analyzed.output, &analyzed.warnings)
        );
    }
    Ok(())
}

fn diff(
    old: &Path,
    new: &Path,
    config: Option<&Path>,
    json: bool,
    out: Option<&Path>,
) -> Result<()> {
    let config = generate::config_for(config, new)?;
    let old = cchc::load(old, None, &config)?.output;
    let new = cchc::load(new, None, &config)?.output;
    let diff = cchc::analyze::diff::diff(&old, &new);
    if let Some(out) = out {
        let bytes = render::diff::render_xlsx(&diff)?;
        cchc::write::write_file(out, &bytes)?;
    }
    if json {
        println!("{}", render::json::render_diff(&diff));
    } else {
        print!("{}", render::diff::render_text(&diff));
        if let Some(out) = out {
            println!("\nĐã ghi bảng so sánh vào {}", out.display());
        }
    }
    Ok(())
}

fn generate_all(paths: &[PathBuf], run: Run) -> Result<()> {
    let default = [PathBuf::from("input")];
    let paths = if paths.is_empty() {
        &default[..]
    } else {
        paths
    };
    let inputs = collect_inputs(paths)?;
    // The templates are parsed once for the run: from --templates, else from templates/
    // beside the configuration (the explicit one, else the first input's).
    let config_file = inputs
        .first()
        .and_then(|input| Config::locate(run.config.as_deref(), input))
        .or_else(|| run.config.clone());
    let dir = generate::templates_dir(run.templates.as_deref(), config_file.as_deref());
    let templates = Templates::load(dir.as_deref())?;
    let options = Options {
        config: run.config,
        out: run.out,
        sheet: run.sheet,
        today: today(),
        templates: std::sync::Arc::new(templates),
        pdf: run.pdf,
    };
    let mut failures = 0;
    for input in &inputs {
        match generate::generate(input, &options) {
            Ok(done) => {
                let files: Vec<String> = done
                    .output
                    .files
                    .iter()
                    .map(|f| f.display().to_string())
                    .collect();
                println!(
                    "{}: đã ghi {} tệp vào {} ({})",
                    input.display(),
                    files.len(),
                    done.output.folder.display(),
                    files.join(", ")
                );
                for w in &done.warnings {
                    let row = w.row.map(|r| format!("dòng {r}: ")).unwrap_or_default();
                    println!("  cảnh báo: {row}{}", w.message);
                }
            }
            Err(err) => {
                failures += 1;
                eprintln!("Lỗi: {err}");
                if let Some(hint) = err.hint() {
                    eprintln!("Gợi ý: {hint}");
                }
            }
        }
    }
    if failures > 0 {
        return Err(Error::Render {
            document: format!("{failures}/{} tệp đầu vào", inputs.len()),
            detail: "có tệp không xử lý được (xem các lỗi ở trên)".into(),
        });
    }
    Ok(())
}

/// The spreadsheets named, with folders expanded to the spreadsheets they hold, sorted.
fn collect_inputs(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut inputs = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(path)
                .map_err(|e| Error::io(path, e))?
                .filter_map(|entry| entry.ok().map(|e| e.path()))
                .filter(|p| p.is_file() && is_spreadsheet(p))
                .collect();
            found.sort();
            inputs.extend(found);
        } else {
            inputs.push(path.clone());
        }
    }
    Ok(inputs)
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

/// Today's date (UTC) from the system clock: the one place the clock is read.
fn today() -> Date {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    civil_from_days(i64::try_from(secs / 86_400).unwrap_or(0))
}

/// Days since 1970-01-01 to a calendar date (H. Hinnant's algorithm).
fn civil_from_days(days: i64) -> Date {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = u32::try_from(doy - (153 * mp + 2) / 5 + 1).unwrap_or(1);
    let month = u32::try_from(if mp < 10 { mp + 3 } else { mp - 9 }).unwrap_or(1);
    let year = i32::try_from(yoe + era * 400 + i64::from(month <= 2)).unwrap_or(1970);
    Date { year, month, day }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_to_dates() {
        assert_eq!(
            civil_from_days(0),
            Date {
                year: 1970,
                month: 1,
                day: 1
            }
        );
        assert_eq!(
            civil_from_days(18_565),
            Date {
                year: 2020,
                month: 10,
                day: 30
            }
        );
        assert_eq!(
            civil_from_days(20_786),
            Date {
                year: 2026,
                month: 11,
                day: 29
            }
        );
    }
}
