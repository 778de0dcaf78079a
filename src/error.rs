//! The one error type of the library: every refusal names the file, sheet, row, column and the
//! offending text, in Vietnamese, followed by a hint ("Gợi ý") saying what to do.

use std::fmt;
use std::path::{Path, PathBuf};

/// Where in an input a problem was found. Rows and columns are 1-based, as a spreadsheet
/// program shows them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Location {
    /// The input file.
    pub file: PathBuf,
    /// The sheet (trang tính), when the input has sheets.
    pub sheet: Option<String>,
    /// The 1-based row (dòng). `u32`, as in spreadsheets, keeps [`Error`] small.
    pub row: Option<u32>,
    /// The 1-based column (cột), shown as a letter.
    pub col: Option<u32>,
}

impl Location {
    /// A location that names only the file.
    pub fn file(path: &Path) -> Self {
        Location {
            file: path.to_path_buf(),
            ..Location::default()
        }
    }

    /// The same location narrowed to a sheet.
    pub fn sheet(mut self, sheet: &str) -> Self {
        self.sheet = Some(sheet.to_string());
        self
    }

    /// The same location narrowed to a cell (1-based row and column).
    pub fn cell(mut self, row: usize, col: usize) -> Self {
        self.row = Some(u32::try_from(row).unwrap_or(u32::MAX));
        self.col = Some(u32::try_from(col).unwrap_or(u32::MAX));
        self
    }

    /// The same location narrowed to a row (1-based).
    pub fn row(mut self, row: usize) -> Self {
        self.row = Some(u32::try_from(row).unwrap_or(u32::MAX));
        self
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "tệp `{}`", self.file.display())?;
        if let Some(sheet) = &self.sheet {
            write!(f, ", trang tính `{sheet}`")?;
        }
        if let Some(row) = self.row {
            write!(f, ", dòng {row}")?;
        }
        if let Some(col) = self.col {
            write!(f, ", cột {}", column_letter(col as usize))?;
        }
        Ok(())
    }
}

/// Spreadsheet column letters for a 1-based column index: 1 → "A", 27 → "AA".
pub fn column_letter(col: usize) -> String {
    let mut n = col;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// Everything that can make an input, a configuration or an output unusable.
#[derive(Debug)]
pub enum Error {
    /// The file could not be read or written.
    Io {
        /// The file or folder concerned.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// The file has no content at all.
    EmptyFile {
        /// The input file.
        path: PathBuf,
    },
    /// The file's extension is not one of the spreadsheet formats cchc reads.
    UnsupportedFormat {
        /// The input file.
        path: PathBuf,
    },
    /// The file claims a spreadsheet format but its content is not one.
    NotWorkbook {
        /// The input file.
        path: PathBuf,
        /// What the spreadsheet reader said.
        detail: String,
    },
    /// A text input (.csv, .tsv) is not valid UTF-8.
    NotUtf8 {
        /// Where the first invalid byte is.
        loc: Location,
    },
    /// Text typed with a legacy Vietnamese font encoding (TCVN3, VNI).
    LegacyEncoding {
        /// The first cell found.
        loc: Location,
        /// The cell's text.
        text: String,
        /// The encoding's name.
        encoding: &'static str,
    },
    /// The input exceeds one of the limits in [`crate::read::limits`].
    TooLarge {
        /// The input file, and the sheet where it applies.
        loc: Location,
        /// The limit that was exceeded, in words.
        limit: String,
    },
    /// `--sheet NAME` names a sheet the workbook does not have.
    SheetNotFound {
        /// The input file.
        path: PathBuf,
        /// The requested sheet.
        sheet: String,
        /// The sheets the workbook does have.
        available: Vec<String>,
    },
    /// No sheet holds a table whose header names a criterion column and the score columns.
    NoTable {
        /// The input file.
        path: PathBuf,
        /// The sheets that were searched.
        sheets: Vec<String>,
    },
    /// A table was found but no row under it gave a criterion with a score.
    NoCriteria {
        /// The file, sheet and header row.
        loc: Location,
        /// The column the codes were taken from, with its header ("cột A `STT`").
        code: String,
        /// The column the scores were taken from, with its header.
        score: String,
    },
    /// The table has several achieved-points columns and which one to read is not clear,
    /// or `--score-column` names none of its columns.
    ScoreColumn {
        /// The file, sheet and header row.
        loc: Location,
        /// What `--score-column` asked for, empty when nothing was asked.
        wanted: String,
        /// The achieved-points columns, with their headers ("cột E `Điểm thẩm định`").
        candidates: Vec<String>,
    },
    /// The table's total row declares other points lost than its criteria add up to, beyond
    /// the rounding of the declared figure: which one is right is not known.
    TotalMismatch {
        /// The total row.
        loc: Location,
        /// The points lost the criteria add up to.
        computed: rust_decimal::Decimal,
        /// The points lost the total row declares.
        declared: rust_decimal::Decimal,
    },
    /// A score cell does not hold a number or an "achieved/maximum" pair.
    BadScore {
        /// The cell.
        loc: Location,
        /// The cell's text.
        text: String,
    },
    /// A row has one of its two scores (achieved, maximum) but not the other.
    MissingScore {
        /// The row, and the column of the missing value.
        loc: Location,
        /// Which score is missing, in words.
        what: &'static str,
    },
    /// The achieved points exceed the maximum.
    AboveMaximum {
        /// The cell.
        loc: Location,
        /// The criterion code.
        code: String,
        /// The scores as read ("1,5/1").
        text: String,
    },
    /// A score is below zero.
    Negative {
        /// The cell.
        loc: Location,
        /// The criterion code.
        code: String,
        /// The cell's text.
        text: String,
    },
    /// A criterion's maximum is zero, so nothing can be lost or achieved on it.
    ZeroMaximum {
        /// The cell.
        loc: Location,
        /// The criterion code.
        code: String,
        /// The cell's text.
        text: String,
    },
    /// Some inputs of a batch failed; each was reported as it failed.
    Failures {
        /// How many failed.
        failed: usize,
        /// How many inputs the batch had.
        total: usize,
    },
    /// Two inputs of one batch would write the same output folder.
    DuplicateOutput {
        /// The folder name.
        name: String,
        /// The inputs.
        inputs: Vec<PathBuf>,
    },
    /// Another run (another process, or another clerk's request) is writing the same output
    /// folder, and did not finish within the time waited.
    Busy {
        /// The output folder.
        folder: PathBuf,
        /// How long this run waited, in seconds.
        waited: u64,
    },
    /// A file or folder of the previous output cannot be moved or removed (open in Word or
    /// Excel, read-only, immutable): the run stopped before changing anything.
    CannotReplace {
        /// The file or folder.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// The new output could not be moved into place, nor the previous one back: the previous
    /// output is whole in `aside`, and the next run puts it back.
    SetAside {
        /// The output folder.
        folder: PathBuf,
        /// Where the previous output is.
        aside: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// The output folder was made from another input file of the same name stem (`a.xlsx`,
    /// now `a.ods`).
    OtherSource {
        /// The output folder.
        folder: PathBuf,
        /// The input file name its manifest records.
        recorded: String,
        /// The input file name of this run.
        input: String,
    },
    /// A wording template is invalid or failed to render.
    Template {
        /// The template's name ("cong-van.txt").
        name: String,
        /// The 1-based line in the template, when known.
        line: Option<usize>,
        /// What is wrong (the variable or filter concerned), in Vietnamese.
        message: String,
    },
    /// A document could not be built.
    Render {
        /// The document ("phu-luc.xlsx").
        document: String,
        /// What the building library said.
        detail: String,
    },
    /// An outside program that an option needs (LibreOffice for `--pdf`) is missing or failed.
    Tool {
        /// The program.
        program: String,
        /// What happened.
        detail: String,
    },
    /// `cchc serve` cannot start or stopped: an address it may not or cannot listen on.
    Serve {
        /// What happened, in Vietnamese.
        detail: String,
        /// What to do about it (may be empty).
        hint: String,
    },
    /// LibreOffice failed on a document, crashed on it, or did not convert it within the
    /// time limit (`--pdf-timeout`) and was stopped.
    Conversion {
        /// The document, in the output folder it was written for.
        document: PathBuf,
        /// What happened, in Vietnamese.
        detail: String,
    },
    /// The configuration file is not valid TOML or has an unknown or malformed key.
    Config {
        /// The configuration file.
        path: PathBuf,
        /// The 1-based line of the problem, when known.
        line: Option<usize>,
        /// What is wrong, in Vietnamese.
        message: String,
    },
}

/// The library's result type.
pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    /// An I/O error on `path`.
    pub fn io(path: &Path, source: std::io::Error) -> Self {
        Error::Io {
            path: path.to_path_buf(),
            source,
        }
    }

    /// Where the problem is, as far as known: at least the file (or folder) concerned.
    pub fn location(&self) -> Location {
        match self {
            Error::NotUtf8 { loc }
            | Error::NoCriteria { loc, .. }
            | Error::ScoreColumn { loc, .. }
            | Error::TotalMismatch { loc, .. }
            | Error::LegacyEncoding { loc, .. }
            | Error::TooLarge { loc, .. }
            | Error::BadScore { loc, .. }
            | Error::MissingScore { loc, .. }
            | Error::AboveMaximum { loc, .. }
            | Error::Negative { loc, .. }
            | Error::ZeroMaximum { loc, .. } => loc.clone(),
            Error::Io { path, .. }
            | Error::EmptyFile { path }
            | Error::UnsupportedFormat { path }
            | Error::NotWorkbook { path, .. }
            | Error::SheetNotFound { path, .. }
            | Error::NoTable { path, .. }
            | Error::CannotReplace { path, .. } => Location::file(path),
            Error::Busy { folder, .. }
            | Error::SetAside { folder, .. }
            | Error::OtherSource { folder, .. } => Location::file(folder),
            Error::Config { path, line, .. } => {
                let loc = Location::file(path);
                match line {
                    Some(line) => loc.row(*line),
                    None => loc,
                }
            }
            Error::Template { name, line, .. } => {
                let loc = Location::file(Path::new(name));
                match line {
                    Some(line) => loc.row(*line),
                    None => loc,
                }
            }
            Error::DuplicateOutput { inputs, .. } => {
                Location::file(inputs.first().map_or(Path::new(""), PathBuf::as_path))
            }
            Error::Conversion { document, .. } => Location::file(document),
            Error::Failures { .. }
            | Error::Render { .. }
            | Error::Tool { .. }
            | Error::Serve { .. } => Location::default(),
        }
    }

    /// What the user can do about it.
    pub fn hint(&self) -> Option<String> {
        if let Error::Serve { hint, .. } = self {
            return (!hint.is_empty()).then(|| hint.clone());
        }
        let hint = match self {
            Error::Serve { .. } => return None,
            // Each failure was reported with its own hint.
            Error::Failures { .. } => return None,
            Error::Io { source, .. } => io_hint(source),
            Error::EmptyFile { .. } => {
                "tệp không có nội dung; hãy chọn đúng tệp kết quả thẩm định."
            }
            Error::UnsupportedFormat { .. } => {
                "cchc đọc các tệp .xlsx, .xlsm, .xls, .ods, .csv và .tsv; hãy lưu bảng ở một trong các định dạng đó."
            }
            Error::NotWorkbook { .. } => {
                "tệp bị hỏng hoặc không phải bảng tính; hãy mở tệp bằng Excel hoặc LibreOffice và lưu lại dưới dạng .xlsx."
            }
            Error::NotUtf8 { .. } => {
                "hãy lưu tệp với bảng mã UTF-8 (trong Excel: Lưu thành > CSV UTF-8), hoặc lưu dưới dạng .xlsx."
            }
            Error::LegacyEncoding { .. } => {
                "hãy chuyển mã bảng sang Unicode rồi chạy lại: trong Unikey chọn Công cụ (Ctrl+Shift+F6), bảng mã nguồn là TCVN3 hoặc VNI Windows, bảng mã đích là Unicode, chuyển mã nội dung đã sao chép (clipboard) của bảng; rồi đổi phông chữ sang Times New Roman."
            }
            Error::TooLarge { .. } => {
                "một bảng kết quả thẩm định chỉ có vài trăm dòng; hãy kiểm tra tệp, xóa các ô thừa ở xa bảng rồi lưu lại."
            }
            Error::SheetNotFound { .. } => {
                "hãy dùng --sheet với một trong các tên trang tính ở trên."
            }
            Error::NoTable { .. } => {
                "dòng tiêu đề của bảng cần có cột tiêu chí (\"Tiêu chí/tiêu chí thành phần\" hoặc \"Mã tiêu chí\") và cột điểm (\"Điểm đạt/tối đa\", hoặc \"Điểm tối đa\" và \"Điểm đạt\"); nếu bảng nằm ở trang tính khác, dùng --sheet."
            }
            Error::NoCriteria { .. } => {
                "mỗi tiêu chí cần mã (\"1.1\", \"1.1.1\") ở đầu ô tên tiêu chí hoặc ở cột mã, và điểm ở cột điểm; hãy kiểm tra hai cột nêu trên trong bảng."
            }
            Error::ScoreColumn { .. } => {
                "chọn cột điểm bằng --score-column \"TÊN CỘT\" (hoặc khóa score_column trong cchc.toml), ví dụ --score-column \"Điểm thẩm định\"."
            }
            Error::TotalMismatch { .. } => {
                "hãy kiểm tra dòng tổng và các tiêu chí trong bảng (một số có thể bị gõ nhầm); nếu các tiêu chí đúng, chạy lại với --accept-total để lập văn bản theo điểm của các tiêu chí."
            }
            Error::BadScore { .. } => {
                "ô điểm chỉ được chứa một số (\"0,75\") hoặc cặp điểm đạt/tối đa (\"0,75/1\"); hãy sửa ô này trong bảng."
            }
            Error::MissingScore { .. } => {
                "hãy điền đủ cả điểm đạt và điểm tối đa, hoặc để trống cả hai nếu là dòng tiêu đề nhóm."
            }
            Error::AboveMaximum { .. } => {
                "điểm đạt không thể lớn hơn điểm tối đa; hãy kiểm tra lại hai số này."
            }
            Error::Negative { .. } => "điểm không thể âm; hãy kiểm tra lại ô này.",
            Error::ZeroMaximum { .. } => {
                "tiêu chí không áp dụng thì ghi \"không áp dụng\" ở ô điểm thay cho điểm tối đa bằng 0."
            }
            Error::DuplicateOutput { .. } => {
                "đổi tên một trong hai tệp, hoặc xử lý chúng ở hai lần chạy với --out khác nhau."
            }
            Error::Busy { .. } => {
                "chờ lần chạy kia xong rồi chạy lại (hoặc dùng --wait SỐ_GIÂY để chờ lâu hơn); không tệp nào bị thay đổi."
            }
            Error::CannotReplace { .. } => {
                "tệp hoặc thư mục này có thể đang mở trong Word, Excel hay một chương trình khác, hoặc chỉ được phép đọc; hãy đóng nó (hoặc bỏ thuộc tính chỉ đọc) rồi chạy lại. Chưa có tệp nào bị thay đổi: văn bản cũ và các tệp sửa tay vẫn ở nguyên chỗ."
            }
            Error::SetAside { .. } => {
                "không tệp nào bị mất: chạy lại lệnh, cchc sẽ đưa kết quả cũ về chỗ trước khi lập lại; nếu vẫn lỗi, hãy kiểm tra quyền ghi trên thư mục kết quả."
            }
            Error::OtherSource { .. } => {
                "nếu muốn thay bằng kết quả của tệp này, chạy lại với --force (các tệp sửa tay được giữ trong ban-cu/); nếu không, dùng --out khác hoặc đổi tên tệp."
            }
            Error::Template { .. } => {
                "hãy sửa mẫu câu chữ trong thư mục templates/ (hoặc xóa tệp đó để dùng mẫu mặc định)."
            }
            Error::Render { .. } => "đây là lỗi của cchc; hãy gửi tệp đầu vào cho người bảo trì.",
            Error::Tool { .. } => {
                "cài LibreOffice (Debian/Ubuntu: `apt-get install libreoffice-writer libreoffice-calc`) hoặc bỏ tùy chọn --pdf."
            }
            Error::Conversion { .. } => {
                "mở văn bản này bằng LibreOffice để xem nó có mở được không; nếu máy chậm, tăng thời gian chờ bằng --pdf-timeout GIÂY. Các tệp đầu vào khác không bị ảnh hưởng."
            }
            Error::Config { .. } => {
                "hãy sửa tệp cấu hình theo mẫu; `cchc init THƯ_MỤC` tạo một tệp cchc.toml mẫu có chú thích."
            }
        };
        Some(hint.to_string())
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Io { path, source } => write!(
                f,
                "không đọc/ghi được `{}`: {} (chi tiết: {source})",
                path.display(),
                io_words(source)
            ),
            Error::EmptyFile { path } => write!(f, "tệp `{}` rỗng", path.display()),
            Error::UnsupportedFormat { path } => {
                write!(f, "tệp `{}`: định dạng không được hỗ trợ", path.display())
            }
            // The reading libraries speak English: their words come after "chi tiết".
            Error::NotWorkbook { path, detail } if detail.is_ascii() => write!(
                f,
                "tệp `{}` bị hỏng hoặc không phải là bảng tính đọc được (chi tiết: {detail})",
                path.display()
            ),
            Error::NotWorkbook { path, detail } => write!(
                f,
                "tệp `{}` không phải là bảng tính đọc được ({detail})",
                path.display()
            ),
            Error::NotUtf8 { loc } => write!(f, "{loc}: văn bản không ở bảng mã UTF-8"),
            Error::TooLarge { loc, limit } => write!(f, "{loc}: vượt giới hạn {limit}"),
            Error::LegacyEncoding {
                loc,
                text,
                encoding,
            } => write!(
                f,
                "{loc}: văn bản `{text}` được gõ bằng bảng mã cũ {encoding}, không phải Unicode"
            ),
            Error::SheetNotFound {
                path,
                sheet,
                available,
            } => write!(
                f,
                "tệp `{}` không có trang tính `{sheet}`; các trang tính hiện có: {}",
                path.display(),
                quoted_list(available)
            ),
            Error::NoTable { path, sheets } => write!(
                f,
                "tệp `{}`: không tìm thấy bảng kết quả thẩm định trong trang tính {}",
                path.display(),
                quoted_list(sheets)
            ),
            Error::NoCriteria { loc, code, score } => write!(
                f,
                "{loc}: có bảng nhưng không đọc được tiêu chí nào có điểm (mã tiêu chí lấy ở {code}, điểm lấy ở {score}); không lập văn bản"
            ),
            Error::ScoreColumn {
                loc,
                wanted,
                candidates,
            } if wanted.is_empty() => write!(
                f,
                "{loc}: bảng có nhiều cột điểm đạt và không rõ cột nào là điểm chính thức: {}",
                candidates.join("; ")
            ),
            Error::ScoreColumn {
                loc,
                wanted,
                candidates,
            } => write!(
                f,
                "{loc}: không có cột `{wanted}`; các cột điểm đạt của bảng: {}",
                candidates.join("; ")
            ),
            Error::TotalMismatch {
                loc,
                computed,
                declared,
            } => write!(
                f,
                "{loc}: dòng tổng ghi bị trừ {} điểm nhưng các tiêu chí cộng lại bị trừ {} điểm; không lập văn bản",
                crate::text::vn(*declared),
                crate::text::vn(*computed)
            ),
            Error::BadScore { loc, text } => {
                write!(f, "{loc}: điểm `{text}` không phải là số")
            }
            Error::MissingScore { loc, what } => write!(f, "{loc}: thiếu {what}"),
            Error::AboveMaximum { loc, code, text } => write!(
                f,
                "{loc}: tiêu chí {code} có điểm đạt lớn hơn điểm tối đa (`{text}`)"
            ),
            Error::Negative { loc, code, text } => {
                write!(f, "{loc}: tiêu chí {code} có điểm âm (`{text}`)")
            }
            Error::ZeroMaximum { loc, code, text } => {
                write!(f, "{loc}: tiêu chí {code} có điểm tối đa bằng 0 (`{text}`)")
            }
            Error::Failures { failed, total } if failed == total => write!(
                f,
                "{failed}/{total} tệp đầu vào không xử lý được (xem các lỗi ở trên); chưa lập được văn bản nào"
            ),
            Error::Failures { failed, total } => write!(
                f,
                "{failed}/{total} tệp đầu vào không xử lý được (xem các lỗi ở trên); các tệp khác đã được lập"
            ),
            Error::DuplicateOutput { name, inputs } => {
                let names: Vec<String> = inputs.iter().map(|p| p.display().to_string()).collect();
                write!(
                    f,
                    "các tệp {} cùng ghi vào thư mục kết quả `{name}`",
                    quoted_list(&names)
                )
            }
            Error::Busy { folder, waited } => write!(
                f,
                "một lần chạy khác đang ghi thư mục kết quả `{}` (đã chờ {waited} giây)",
                folder.display()
            ),
            Error::CannotReplace { path, source } => write!(
                f,
                "không di chuyển được `{}` để thay kết quả cũ: {} (chi tiết: {source})",
                path.display(),
                io_words(source)
            ),
            Error::SetAside {
                folder,
                aside,
                source,
            } => write!(
                f,
                "không đưa được kết quả mới vào `{}` ({source}); kết quả cũ được giữ nguyên vẹn trong `{}`",
                folder.display(),
                aside.display()
            ),
            Error::OtherSource {
                folder,
                recorded,
                input,
            } => write!(
                f,
                "thư mục kết quả `{}` được lập từ tệp `{recorded}`, không phải từ `{input}`; không ghi đè",
                folder.display()
            ),
            Error::Template {
                name,
                line,
                message,
            } => {
                write!(f, "mẫu `{name}`")?;
                if let Some(line) = line {
                    write!(f, ", dòng {line}")?;
                }
                write!(f, ": {message}")
            }
            Error::Render { document, detail } => {
                write!(f, "không tạo được `{document}`: {detail}")
            }
            Error::Tool { program, detail } => write!(f, "{program}: {detail}"),
            Error::Serve { detail, .. } => write!(f, "không chạy được trang cchc: {detail}"),
            Error::Conversion { document, detail } => write!(
                f,
                "không chuyển được `{}` sang PDF: {detail}",
                document.display()
            ),
            Error::Config {
                path,
                line,
                message,
            } => {
                write!(f, "tệp cấu hình `{}`", path.display())?;
                if let Some(line) = line {
                    write!(f, ", dòng {line}")?;
                }
                write!(f, ": {message}")
            }
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. }
            | Error::CannotReplace { source, .. }
            | Error::SetAside { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// What the operating system said, in Vietnamese, by its kind of error.
fn io_words(e: &std::io::Error) -> &'static str {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::NotFound => "không tìm thấy tệp hoặc thư mục",
        K::PermissionDenied | K::ReadOnlyFilesystem => "không có quyền ghi hoặc đọc",
        K::StorageFull | K::QuotaExceeded | K::FileTooLarge => "ổ đĩa đã đầy",
        K::AlreadyExists => "đã có một tệp cùng tên",
        K::IsADirectory => "đây là một thư mục, không phải tệp",
        K::NotADirectory => "đây là một tệp, không phải thư mục",
        K::DirectoryNotEmpty => "thư mục còn tệp bên trong",
        K::ResourceBusy | K::ExecutableFileBusy => "tệp đang được một chương trình khác dùng",
        K::InvalidFilename => "tên tệp không hợp lệ",
        _ => "hệ điều hành báo lỗi",
    }
}

/// What to do about an error of the operating system, by its kind.
fn io_hint(e: &std::io::Error) -> &'static str {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::NotFound => "kiểm tra lại đường dẫn và tên tệp (có dấu, đúng phần mở rộng).",
        K::PermissionDenied | K::ReadOnlyFilesystem | K::ResourceBusy => {
            "nếu tệp đang mở trong Excel hoặc Word, hãy đóng tệp; nếu thư mục chỉ được đọc, hãy chọn thư mục khác bằng --out; rồi chạy lại."
        }
        K::StorageFull | K::QuotaExceeded | K::FileTooLarge => {
            "hãy giải phóng dung lượng ổ đĩa rồi chạy lại; văn bản cũ vẫn được giữ nguyên."
        }
        K::IsADirectory | K::NotADirectory | K::InvalidFilename => {
            "kiểm tra lại đường dẫn: tên tệp và tên thư mục có thể bị nhầm với nhau."
        }
        _ => "kiểm tra đường dẫn và quyền truy cập rồi chạy lại.",
    }
}

fn quoted_list(items: &[String]) -> String {
    items
        .iter()
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters() {
        assert_eq!(column_letter(1), "A");
        assert_eq!(column_letter(26), "Z");
        assert_eq!(column_letter(27), "AA");
        assert_eq!(column_letter(16384), "XFD");
    }

    #[test]
    fn location_names_file_sheet_row_column() {
        let loc = Location::file(Path::new("a.xlsx")).sheet("KQ").cell(12, 5);
        assert_eq!(
            loc.to_string(),
            "tệp `a.xlsx`, trang tính `KQ`, dòng 12, cột E"
        );
    }
}
