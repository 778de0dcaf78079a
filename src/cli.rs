//! The command line: clap arguments to library calls. Messages are Vietnamese.

use cchc::batch;
use cchc::config::{Config, FILE_NAME};
use cchc::generate::{self, Caches, Generated, Options};
use cchc::pdf::{Converters, Progress};
use cchc::render::templates::DEFAULTS;
use cchc::{Error, Result, Warned, render};
use chrono::NaiveDate;
use clap::{Arg, ArgAction, CommandFactory, FromArgMatches, Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

/// Prints a line to standard output; a closed pipe (`cchc check --json | head`) ends the
/// program quietly with status 0, as `grep` does, instead of a panic.
macro_rules! say {
    ($($arg:tt)*) => {
        emit(&format!("{}\n", format_args!($($arg)*)))
    };
}

/// As `say!`, without the line break.
macro_rules! say_raw {
    ($($arg:tt)*) => {
        emit(&format!($($arg)*))
    };
}

fn emit(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("Lỗi: không ghi được ra màn hình: {e}");
        std::process::exit(2);
    }
}

/// Lập phụ lục phân tích và văn bản chỉ đạo từ kết quả thẩm định Chỉ số CCHC.
#[derive(Debug, Parser)]
#[command(name = "cchc", version, long_about = None)]
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
        #[arg(value_name = "TỆP")]
        file: PathBuf,
        /// Tệp cấu hình (mặc định: cchc.toml cạnh tệp đầu vào, rồi input/cchc.toml).
        #[arg(long, value_name = "TỆP")]
        config: Option<PathBuf>,
        /// Tên trang tính chứa bảng (mặc định: trang tính đầu tiên có bảng).
        #[arg(long, value_name = "TÊN")]
        sheet: Option<String>,
        /// Tên cột điểm đạt cần đọc khi bảng có nhiều cột điểm (ví dụ "Điểm thẩm định vòng 2").
        #[arg(long, value_name = "TÊN_CỘT")]
        score_column: Option<String>,
        /// In kết quả dạng JSON.
        #[arg(long)]
        json: bool,
    },
    /// So sánh hai bảng kết quả (vòng 1 và vòng 2): điểm thay đổi, tiêu chí thêm/bớt, đổi đơn vị.
    Diff {
        /// Bảng kết quả vòng trước.
        #[arg(value_name = "VÒNG_TRƯỚC")]
        old: PathBuf,
        /// Bảng kết quả vòng sau.
        #[arg(value_name = "VÒNG_SAU")]
        new: PathBuf,
        /// Tệp cấu hình (mặc định: cchc.toml cạnh tệp vòng sau, rồi input/cchc.toml).
        #[arg(long, value_name = "TỆP")]
        config: Option<PathBuf>,
        /// In kết quả dạng JSON.
        #[arg(long)]
        json: bool,
        /// Ghi bảng so sánh ra tệp Excel.
        #[arg(long, value_name = "TỆP.xlsx")]
        out: Option<PathBuf>,
    },
    /// Lập phụ lục Excel và các văn bản cho từng tệp kết quả (hoặc mọi tệp trong thư mục).
    Generate(Run),
    /// Mở trang làm việc trên trình duyệt: tải bảng lên, xem kết quả đọc, lập và tải văn bản.
    Serve {
        /// Thư mục làm việc, chứa input/ và output/ (mặc định: thư mục hiện tại).
        #[arg(value_name = "THƯ_MỤC", default_value = ".")]
        dir: PathBuf,
        /// Địa chỉ và cổng của trang; địa chỉ khác 127.0.0.1 cần mã truy cập.
        #[arg(long, value_name = "ĐỊA_CHỈ:CỔNG", default_value = "127.0.0.1:8080")]
        listen: std::net::SocketAddr,
        /// Mã truy cập mọi trang và yêu cầu phải có (hoặc biến môi trường CCHC_TOKEN).
        #[arg(long, value_name = "MÃ")]
        token: Option<String>,
        /// Mở trình duyệt khi trang đã sẵn sàng.
        #[arg(long)]
        open: bool,
    },
    /// Tạo tệp cấu hình mẫu cchc.toml (có chú thích) và bản sao các mẫu câu chữ để chỉnh sửa.
    Init {
        /// Thư mục sẽ chứa cchc.toml và templates/.
        #[arg(value_name = "THƯ_MỤC")]
        dir: PathBuf,
    },
}

/// Parses the command line in Vietnamese: clap's own headings, its help and version flags
/// and its error messages are English, so they are replaced (issue 13). Help and version
/// end the program with status 0, a bad command line with status 2.
pub fn parse() -> Cli {
    let command = localize(Cli::command(), None);
    let matches = match command.try_get_matches() {
        Ok(matches) => matches,
        Err(err) => exit_with(&err),
    };
    Cli::from_arg_matches(&matches).unwrap_or_else(|err| exit_with(&err))
}

/// Vietnamese headings, usage line and help flags for `command` and its subcommands;
/// `parent` names the command a subcommand belongs to ("cchc").
fn localize(command: clap::Command, parent: Option<&str>) -> clap::Command {
    let top = parent.is_none();
    let name = match parent {
        Some(parent) => format!("{parent} {}", command.get_name()),
        None => command.get_name().to_string(),
    };
    let mut command = command
        .help_template("{about-with-newline}\nCách dùng: {usage}\n\n{all-args}{after-help}")
        .subcommand_help_heading("Lệnh")
        .subcommand_value_name("LỆNH")
        .disable_help_subcommand(true)
        .disable_help_flag(true)
        .disable_version_flag(true)
        .mut_args(|arg| {
            let heading = if arg.is_positional() {
                "Đối số"
            } else {
                "Tùy chọn"
            };
            arg.help_heading(heading)
        })
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("In hướng dẫn này")
                .help_heading("Tùy chọn"),
        );
    if top {
        command = command.arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("In số phiên bản")
                .help_heading("Tùy chọn"),
        );
    }
    // clap writes "[OPTIONS]" in the usage line whatever the headings say.
    let usage = command.clone().render_usage().to_string();
    let usage = usage
        .trim_start_matches("Usage:")
        .trim()
        .replace("[OPTIONS]", "[TÙY_CHỌN]");
    let usage = match usage.split_once(' ') {
        Some((_, rest)) => format!("{name} {rest}"),
        None => name.clone(),
    };
    command
        .override_usage(usage)
        .mut_subcommands(|sub| localize(sub, Some(&name)))
}

/// Prints clap's error in Vietnamese (or its help or version text as it is) and exits.
fn exit_with(err: &clap::Error) -> ! {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let value = |kind: ContextKind| match err.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(list)) => list.join(", "),
        Some(other) => other.to_string(),
        None => String::new(),
    };
    let message = match err.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = err.print();
            std::process::exit(0);
        }
        ErrorKind::MissingRequiredArgument => {
            format!("thiếu {}", value(ContextKind::InvalidArg))
        }
        ErrorKind::UnknownArgument => {
            let suggested = value(ContextKind::SuggestedArg);
            let mut text = format!("không có tùy chọn `{}`", value(ContextKind::InvalidArg));
            if !suggested.is_empty() {
                text.push_str(&format!("; có phải là `{suggested}`?"));
            }
            text
        }
        ErrorKind::InvalidSubcommand => {
            format!("không có lệnh `{}`", value(ContextKind::InvalidSubcommand))
        }
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => format!(
            "giá trị `{}` không hợp lệ cho {}",
            value(ContextKind::InvalidValue),
            value(ContextKind::InvalidArg)
        ),
        ErrorKind::NoEquals | ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues => {
            format!(
                "số giá trị không đúng cho {}",
                value(ContextKind::InvalidArg)
            )
        }
        ErrorKind::ArgumentConflict => format!(
            "{} không dùng cùng được với {}",
            value(ContextKind::InvalidArg),
            value(ContextKind::PriorArg)
        ),
        _ => {
            let detail = err.kind().as_str().unwrap_or("");
            format!("dòng lệnh không hợp lệ (chi tiết: {detail})")
        }
    };
    eprintln!("Lỗi: {message}");
    eprintln!(
        "Gợi ý: chạy `cchc --help`, hoặc `cchc generate --help` cho một lệnh, để xem cách dùng."
    );
    std::process::exit(2);
}

/// The starter configuration `init` writes: every key commented, with placeholders.
const STARTER_CONFIG: &str = include_str!("../templates/cchc.toml");

/// Runs the command; the error, if any, is printed once by `main`.
pub fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Some(Command::Check {
            file,
            config,
            sheet,
            score_column,
            json,
        }) => check(
            &file,
            config.as_deref(),
            sheet.as_deref(),
            score_column,
            json,
        ),
        Some(Command::Diff {
            old,
            new,
            config,
            json,
            out,
        }) => diff(&old, &new, config.as_deref(), json, out.as_deref()),
        Some(Command::Generate(run)) => generate_all(run),
        Some(Command::Init { dir }) => init(&dir),
        Some(Command::Serve {
            dir,
            listen,
            token,
            open,
        }) => serve(dir, listen, token, open),
        // `cchc` alone is `cchc generate` with every default.
        None => generate_all(Run::parse_from(["generate"])),
    }
}

/// The options of `generate` as given.
#[derive(Debug, Parser)]
pub struct Run {
    /// Tệp hoặc thư mục đầu vào (mặc định: input/).
    #[arg(value_name = "ĐƯỜNG_DẪN")]
    pub paths: Vec<PathBuf>,
    /// Tệp cấu hình (mặc định: cchc.toml cạnh tệp đầu vào, rồi input/cchc.toml).
    #[arg(long, value_name = "TỆP")]
    config: Option<PathBuf>,
    /// Thư mục kết quả (mặc định: output/).
    #[arg(
        long,
        default_value = "output",
        hide_default_value = true,
        value_name = "THƯ_MỤC"
    )]
    out: PathBuf,
    /// Tên trang tính chứa bảng.
    #[arg(long, value_name = "TÊN")]
    sheet: Option<String>,
    /// Tên cột điểm đạt cần đọc khi bảng có nhiều cột điểm (ví dụ "Điểm thẩm định vòng 2").
    #[arg(long, value_name = "TÊN_CỘT")]
    score_column: Option<String>,
    /// Vẫn lập văn bản khi dòng tổng của bảng khác tổng các tiêu chí (dùng điểm của các tiêu chí).
    #[arg(long)]
    accept_total: bool,
    /// Thư mục mẫu câu chữ thay cho mẫu mặc định (mặc định: templates/ cạnh tệp cấu hình).
    #[arg(long, value_name = "THƯ_MỤC")]
    templates: Option<PathBuf>,
    /// Chuyển thêm mỗi văn bản sang PDF bằng LibreOffice.
    #[arg(long)]
    pdf: bool,
    /// Số giây LibreOffice được phép chạy mà không chuyển xong văn bản nào; quá thời gian thì dừng và báo lỗi văn bản đó (mặc định: 120).
    #[arg(
        long,
        value_name = "GIÂY",
        default_value_t = cchc::pdf::DEFAULT_LIMIT.as_secs(),
        hide_default_value = true,
        value_parser = clap::value_parser!(u64).range(1..)
    )]
    pdf_timeout: u64,
    /// Số tệp xử lý song song (mặc định: số lõi CPU).
    #[arg(long, short = 'j', value_name = "SỐ")]
    jobs: Option<usize>,
    /// Kết quả vòng trước (một tệp, hoặc thư mục chứa tệp cùng tên) để so sánh trong bảng tổng hợp và công văn.
    #[arg(long, value_name = "VÒNG_TRƯỚC")]
    previous: Option<PathBuf>,
    /// Thay cả thư mục kết quả đã lập từ một tệp đầu vào khác cùng tên (a.xlsx rồi a.ods).
    #[arg(long)]
    force: bool,
    /// Số giây chờ tối đa khi một lần chạy khác đang ghi cùng thư mục kết quả (mặc định: 60).
    #[arg(
        long,
        value_name = "GIÂY",
        default_value_t = 60,
        hide_default_value = true
    )]
    wait: u64,
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
            say!("giữ nguyên {} (đã có)", path.display());
            continue;
        }
        std::fs::write(&path, text).map_err(|e| Error::io(&path, e))?;
        say!("đã tạo {}", path.display());
    }
    Ok(())
}

fn check(
    file: &Path,
    config: Option<&Path>,
    sheet: Option<&str>,
    score_column: Option<String>,
    json: bool,
) -> Result<()> {
    let mut found = None;
    let analyzed = generate::config_for(config, file).and_then(|mut c| {
        found = c.file.clone();
        if score_column.is_some() {
            c.score_column = score_column;
        }
        cchc::load(file, sheet, &c)
    });
    let analyzed = match analyzed {
        Ok(analyzed) => analyzed,
        Err(err) => {
            // A program reading the JSON gets the error as JSON too; a person, on stderr.
            if json {
                say!("{}", render::json::render_error(&err));
            }
            return Err(err);
        }
    };
    if json {
        say!(
            "{}",
            render::json::render(&analyzed.output, &analyzed.warnings)
        );
    } else {
        if found.is_none() {
            let meta = render::meta::Meta::resolve(&analyzed.output, &Config::default(), now().0);
            say!("Lưu ý: {}", generate::no_config_message(&meta.organ_short));
        }
        say_raw!(
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
        let bytes = render::xlsx::diff::render(&diff)?;
        cchc::write::write_file(out, &bytes)?;
    }
    if json {
        say!("{}", render::json::render_diff(&diff));
    } else {
        say_raw!("{}", render::summary::render_diff(&diff));
        if let Some(out) = out {
            say!("\nĐã ghi bảng so sánh vào {}", out.display());
        }
    }
    Ok(())
}

fn generate_all(run: Run) -> Result<()> {
    let default = [PathBuf::from("input")];
    let paths = if run.paths.is_empty() {
        &default[..]
    } else {
        &run.paths[..]
    };
    let inputs = collect_inputs(paths)?;
    batch::check_names(&inputs)?;
    let (today, stamp) = now();
    // A progress bar on a terminal; plain lines otherwise (a log, CI). With --pdf it counts
    // PDF conversions, which take most of the run's time; else inputs.
    let bar = if std::io::stderr().is_terminal() && std::env::var_os("CI").is_none() {
        let (length, unit) = if run.pdf {
            (0, "PDF  {msg} tệp")
        } else {
            (inputs.len() as u64, "tệp  {msg}")
        };
        let bar = ProgressBar::new(length);
        bar.set_style(
            ProgressStyle::with_template(&format!(
                "{{bar:40}} {{pos}}/{{len}} {unit}  {{elapsed_precise}}"
            ))
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar
    } else {
        ProgressBar::hidden()
    };
    let pdf_bar = Arc::new(PdfBar {
        bar: bar.clone(),
        inputs: inputs.len(),
        tally: Mutex::default(),
    });
    if run.pdf {
        pdf_bar.update(&PdfTally::default());
    }
    let options = Options {
        config: run.config,
        out: run.out,
        sheet: run.sheet,
        today,
        templates: run.templates,
        pdf: run.pdf,
        stamp,
        previous: run.previous,
        caches: Arc::new(Caches {
            pdf: Converters::new(Duration::from_secs(run.pdf_timeout))
                .with_progress(Arc::clone(&pdf_bar) as Arc<dyn Progress>),
            ..Default::default()
        }),
        force: run.force,
        wait: Duration::from_secs(run.wait),
        score_column: run.score_column,
        accept_total: run.accept_total,
    };
    let jobs = run
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from));

    let say = |line: String| {
        if bar.is_hidden() {
            say!("{line}");
        } else {
            bar.println(line);
        }
    };
    let done = |input: &Path, outcome: &batch::Outcome| {
        match outcome {
            Ok(done) => say(describe(input, done)),
            Err(err) => {
                let hint = err
                    .hint()
                    .map(|h| format!("\nGợi ý: {h}"))
                    .unwrap_or_default();
                let message = format!("Lỗi: {err}{hint}");
                if bar.is_hidden() {
                    eprintln!("{message}");
                } else {
                    bar.println(message);
                }
            }
        }
        if options.pdf {
            pdf_bar.input_done(outcome);
        } else {
            bar.inc(1);
        }
    };
    let outcomes = batch::run(&inputs, &options, jobs, &done);
    bar.finish_and_clear();

    let failed = outcomes.iter().filter(|o| o.is_err()).count();
    let ok: Vec<&Warned<Generated>> = outcomes.iter().filter_map(|o| o.as_ref().ok()).collect();
    let unchanged = ok.iter().filter(|d| d.output.unchanged).count();
    let documents: usize = ok.iter().map(|d| d.output.files.len()).sum();
    let warnings: usize = ok.iter().map(|d| d.warnings.len()).sum();
    let kept: usize = ok.iter().map(|d| d.output.kept.len()).sum();
    say!(
        "Tổng kết: {} tệp đầu vào, {} đã lập ({} không thay đổi), {documents} văn bản đã ghi, {warnings} cảnh báo, {kept} tệp sửa tay được giữ lại, {failed} lỗi.",
        inputs.len(),
        ok.len(),
        unchanged
    );
    if failed > 0 {
        return Err(Error::Failures {
            failed,
            total: inputs.len(),
        });
    }
    Ok(())
}

/// The progress bar of a run with `--pdf`, counting PDF conversions. Its length is the
/// documents queued so far, plus as many for each input not yet reached as the inputs reached
/// have on average; the message counts the inputs done.
struct PdfBar {
    bar: ProgressBar,
    inputs: usize,
    tally: Mutex<PdfTally>,
}

#[derive(Default)]
struct PdfTally {
    /// Inputs whose documents were queued for conversion, and how many documents.
    queued_inputs: usize,
    queued: usize,
    /// Inputs done without converting anything (unchanged, or refused before).
    skipped: usize,
    /// Inputs done.
    done: usize,
}

impl PdfBar {
    fn update(&self, tally: &PdfTally) {
        let reached = tally.queued_inputs + tally.skipped;
        let left = self.inputs.saturating_sub(reached);
        let average = tally.queued.checked_div(tally.queued_inputs).unwrap_or(0);
        self.bar.set_length((tally.queued + left * average) as u64);
        self.bar
            .set_message(format!("{}/{}", tally.done, self.inputs));
    }

    /// Counts an input done; one that converted nothing no longer counts as to come.
    fn input_done(&self, outcome: &batch::Outcome) {
        let converted = match outcome {
            Ok(done) => done
                .output
                .files
                .iter()
                .any(|f| f.extension().is_some_and(|e| e == "pdf")),
            Err(err) => matches!(err, Error::Conversion { .. }),
        };
        let mut tally = self.tally.lock().unwrap_or_else(PoisonError::into_inner);
        tally.done += 1;
        if !converted {
            tally.skipped += 1;
        }
        self.update(&tally);
    }
}

impl Progress for PdfBar {
    fn queued(&self, count: usize) {
        let mut tally = self.tally.lock().unwrap_or_else(PoisonError::into_inner);
        tally.queued_inputs += 1;
        tally.queued += count;
        self.update(&tally);
    }

    fn finished(&self, count: usize) {
        self.bar.inc(count as u64);
    }
}

/// The lines a finished input gets: what was written, what was kept, its warnings.
fn describe(input: &Path, done: &Warned<Generated>) -> String {
    let g = &done.output;
    if g.unchanged {
        return format!(
            "{}: không thay đổi (đầu vào, cấu hình và mẫu như lần trước); giữ nguyên {}",
            input.display(),
            g.folder.display()
        );
    }
    let mut text = format!(
        "{}: đã ghi {} tệp vào {}",
        input.display(),
        g.files.len(),
        g.folder.display()
    );
    if !g.kept.is_empty() {
        let kept: Vec<String> = g.kept.iter().map(|p| p.display().to_string()).collect();
        text.push_str(&format!(
            "\n  đã giữ lại {} tệp đã sửa tay hoặc thêm vào: {}",
            kept.len(),
            kept.join(", ")
        ));
    }
    for w in &done.warnings {
        let row = w.row.map(|r| format!("dòng {r}: ")).unwrap_or_default();
        text.push_str(&format!("\n  cảnh báo: {row}{}", w.message));
    }
    text
}

/// The spreadsheets named, with folders expanded to the spreadsheets they hold, sorted.
fn collect_inputs(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut inputs = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(path)
                .map_err(|e| Error::io(path, e))?
                .filter_map(|entry| entry.ok().map(|e| e.path()))
                .filter(|p| p.is_file() && cchc::read::is_spreadsheet(p))
                .collect();
            found.sort();
            inputs.extend(found);
        } else {
            inputs.push(path.clone());
        }
    }
    Ok(inputs)
}

/// `cchc serve`: prints the address once it listens, and opens the browser when asked.
fn serve(
    dir: PathBuf,
    listen: std::net::SocketAddr,
    token: Option<String>,
    open: bool,
) -> Result<()> {
    let token = token
        .or_else(|| std::env::var("CCHC_TOKEN").ok())
        .filter(|t| !t.trim().is_empty());
    let options = cchc::serve::ServeOptions {
        listen,
        token,
        root: dir,
        request_timeout: std::time::Duration::from_secs(300),
        workers: std::thread::available_parallelism().map_or(1, usize::from),
        // The one place the server's clock is read: local time, as for `generate`.
        clock: std::sync::Arc::new(|| chrono::Local::now().naive_local()),
    };
    cchc::serve::run(options, |addr| {
        let url = format!("http://{addr}");
        say!("Trang cchc đang chạy tại {url} (bấm Ctrl+C để dừng)");
        if open {
            open_browser(&url);
        }
    })
}

/// Opens `url` in the default browser; best effort: the address is printed anyway.
fn open_browser(url: &str) {
    let mut command = if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", "", url]);
        c
    } else if cfg!(target_os = "macos") {
        let mut c = std::process::Command::new("open");
        c.arg(url);
        c
    } else {
        let mut c = std::process::Command::new("xdg-open");
        c.arg(url);
        c
    };
    let _ = command
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
}

/// Today's date and a date-time stamp ("2026-12-01-190640"), in the computer's local time
/// (a clerk in Việt Nam sees her own clock in the `ban-cu/` folder names): the one place
/// the clock is read.
fn now() -> (NaiveDate, String) {
    let now = chrono::Local::now();
    (now.date_naive(), now.format("%Y-%m-%d-%H%M%S").to_string())
}
