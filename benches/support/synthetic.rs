//! Synthetic appraisal tables for the benchmarks (and the test that checks them): as many criteria as asked, laid out
//! like the sample annex (code and title in one cell, "achieved/maximum", units, opinion,
//! solution, points lost), with survey groups and a declared total, reproducible from a seed.

use cchc::text;
use rust_decimal::Decimal;
use std::fmt::Write;

/// A generated table and the figures it was generated with.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// The table as tab-separated text, title block first (read it as a `.tsv` file).
    pub tsv: String,
    /// The number of scored criteria.
    pub criteria: usize,
    /// The sum of the criteria's maximum points.
    pub max: Decimal,
    /// The sum of the points lost.
    pub lost: Decimal,
}

/// The units of the sample, as its table writes them.
const UNITS: [&str; 6] = [
    "Văn phòng HĐND-UBND",
    "Phòng Văn hóa - Thông tin",
    "Phòng Tài chính - Kế hoạch",
    "Phòng Kinh tế - Hạ tầng",
    "Phòng Nội vụ",
    "Trung tâm Văn hóa, Thông tin và Truyền hình",
];

const TITLES: [&str; 8] = [
    "Mức độ hoàn thành kế hoạch cải cách hành chính năm",
    "Thực hiện các nhiệm vụ được UBND tỉnh, Chủ tịch UBND tỉnh giao",
    "Tỷ lệ hồ sơ thủ tục hành chính được giải quyết đúng hạn",
    "Thực hiện cơ chế tự chủ, tự chịu trách nhiệm về sử dụng biên chế và kinh phí",
    "Tỷ lệ đơn vị hành chính cấp xã công bố hệ thống quản lý chất lượng",
    "Chấp hành kỷ luật, kỷ cương hành chính của cán bộ, công chức",
    "Tổ chức thực hiện các kiến nghị sau thanh tra, kiểm tra",
    "Mức độ đa dạng trong tuyên truyền cải cách hành chính",
];

const SURVEY_TITLES: [&str; 4] = [
    "Tác động của cải cách đến quản lý cán bộ, công chức, viên chức",
    "Tính công khai, minh bạch trong công tác tuyển dụng",
    "Tính hiệu quả trong việc thực hiện chính sách thu hút nhân tài",
    "Mức độ đảm bảo phương tiện, điều kiện làm việc",
];

const OPINIONS: [&str; 8] = [
    "Tài liệu kiểm chứng không đảm bảo yêu cầu, thiếu báo cáo kết quả thực hiện.",
    "Kế hoạch có giao nhiệm vụ, sản phẩm đầu ra nhưng chưa xác định rõ thời gian hoàn thành.",
    "Hoàn thành 100% nhưng có 2/79 nhiệm vụ quá hạn theo báo cáo của Văn phòng.",
    "Thuyết minh chưa rõ ràng, có trường hợp bị kỷ luật khiển trách trong năm.",
    "Đơn vị chưa thực hiện đủ 100% kiến nghị của cơ quan thanh tra.",
    "Không tăng so với năm trước; tỷ lệ đạt 89,4% (từ 70% đến 100%: 1 điểm).",
    "Nhất trí với kết quả tự đánh giá của đơn vị nhưng tài liệu chưa đầy đủ.",
    "Vòng 1: tài liệu kiểm chứng chưa đáp ứng; vòng 2: bổ sung chưa đủ (thiếu 3/5).",
];

const SOLUTIONS: [&str; 6] = [
    "Ban hành kế hoạch cụ thể từng nhiệm vụ, xác định rõ kết quả đầu ra và thời hạn.",
    "Tăng cường công tác kiểm tra, giám sát; rút kinh nghiệm trong năm tiếp theo.",
    "Nghiêm túc thực hiện các kiến nghị sau thanh tra, kiểm tra; báo cáo đúng hạn.",
    "Tập huấn cho cán bộ, công chức cấp huyện và cấp xã; lưu trữ đầy đủ tài liệu kiểm chứng.",
    "Đa dạng hóa hình thức tuyên truyền: hội nghị, đài truyền thanh, cổng thông tin điện tử.",
    "Tình trạng chung toàn tỉnh; tiếp tục thực hiện theo lộ trình đến hết năm sau.",
];

/// The words that mark a survey criterion.
const SURVEY: &str = "Điều tra xã hội học";

/// The areas of the 2012 frame the codes use.
const AREAS: usize = 7;

/// SplitMix64: small, fast and the same on every platform, which is all a generator of test
/// tables needs.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n as u64).unwrap_or(0)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// A table of `criteria` scored criteria (its rows also hold a heading over each survey
/// group, and the total), the same for the same seed.
pub fn appraisal(criteria: usize, seed: u64) -> Table {
    let mut rng = Rng(seed);
    let mut tsv = String::new();
    for line in [
        "UBND HUYỆN MẪU",
        "",
        "BẢNG PHÂN TÍCH",
        "Các tiêu chí, tiêu chí thành phần chưa đạt điểm tối đa trong xác định Chỉ số CCHC của huyện Mẫu năm 2024",
        "(Kèm theo Văn bản số      /UBND-NV ngày      /      /2025 của UBND huyện Mẫu)",
        "",
        "Tiêu chí/tiêu chí thành phần\tĐiểm đạt/tối đa\tCơ quan chủ trì phụ trách\tÝ kiến thẩm định\tNguyên nhân giải pháp\tGhi chú",
    ] {
        tsv.push_str(line);
        tsv.push('\n');
    }
    let (mut max, mut lost) = (Decimal::ZERO, Decimal::ZERO);
    let per_area = criteria.div_ceil(AREAS);
    // Enough criteria per group that no area needs more than 99 groups (codes have two
    // digits a part).
    let fewest = per_area.div_ceil(99).max(1);
    let mut left = criteria;
    for area in 1..=AREAS {
        let mut in_area = per_area.min(left);
        left -= in_area;
        let mut group = 0;
        while in_area > 0 {
            group += 1;
            let size = (fewest + rng.below(4)).min(in_area);
            in_area -= size;
            let survey = size > 1 && rng.below(6) == 0;
            let unit = rng.pick(&UNITS);
            if size > 1 {
                // A heading without a score over its criteria, as "1.8." in the sample.
                let (title, opinion) = if survey {
                    (rng.pick(&SURVEY_TITLES), SURVEY)
                } else {
                    (rng.pick(&TITLES), "")
                };
                let _ = writeln!(tsv, "{area}.{group}. {title}\t\t{unit}\t{opinion}\t\t");
            }
            for item in 1..=size {
                let code = if size > 1 {
                    format!("{area}.{group}.{item}.")
                } else {
                    format!("{area}.{group}.")
                };
                let (top, loss, opinion, solution) = if survey {
                    // Survey scores have three places: 0,386/0,5.
                    let top = Decimal::new([5, 10][rng.below(2)], 1);
                    let share = Decimal::new(50 + rng.below(600) as i64, 3);
                    (top, top * share, SURVEY.to_string(), String::new())
                } else {
                    let quarters = 2 * (1 + rng.below(4)) as i64;
                    let top = Decimal::new(quarters * 25, 2);
                    let loss = Decimal::new(25 * (1 + rng.below(quarters as usize)) as i64, 2);
                    let opinion = (0..1 + rng.below(3))
                        .map(|_| rng.pick(&OPINIONS))
                        .collect::<Vec<_>>()
                        .join(" ");
                    (top, loss, opinion, rng.pick(&SOLUTIONS).to_string())
                };
                let units = match rng.below(8) {
                    0 => format!("{unit}, {}", rng.pick(&UNITS)),
                    _ => unit.to_string(),
                };
                let _ = writeln!(
                    tsv,
                    "{code} {title}\t{achieved}/{top}\t{units}\t{opinion}\t{solution}\t{loss}",
                    title = rng.pick(if survey { &SURVEY_TITLES } else { &TITLES }),
                    achieved = text::vn(top - loss),
                    top = text::vn(top),
                    loss = text::vn(loss),
                );
                max += top;
                lost += loss;
            }
        }
    }
    let _ = writeln!(
        tsv,
        "{}/{}\t\t\t\t\t{}",
        text::vn(max - lost),
        text::vn(max),
        text::vn(lost)
    );
    Table {
        tsv,
        criteria,
        max,
        lost,
    }
}
