// The clerk's path through `cchc serve` in Debian's chromium (issue 15): open the page,
// upload the sample, fill in the letter's number, give the two criteria without a unit a
// lead unit, press "Lập văn bản", download the zip and read the number in the cover letter.
// A screenshot of each step goes to $SHOTS.
//
//   node page.mjs http://127.0.0.1:PORT SAMPLE.xlsx SHOTS_DIR
import { chromium } from "playwright-core";
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const [base, sample, shots] = process.argv.slice(2);
const fail = (message) => {
  console.error(`browser test: ${message}`);
  process.exit(1);
};
const expect = (ok, message) => ok || fail(message);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-dev-shm-usage"],
});
try {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1100, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));

  await page.goto(base + "/");
  expect((await page.title()).includes("Chỉ số CCHC"), "the home page's title");
  await page.screenshot({ path: join(shots, "serve-1-trang-chu.png"), fullPage: true });

  await page.setInputFiles("#files", sample);
  await Promise.all([page.waitForURL(/\/input\/tuan-giao-2019\.xlsx/), page.click("#upload button[type=submit]")]);
  expect((await page.textContent("#index")) === "79,42/100", "the index read from the table");
  expect((await page.textContent("#lost")) === "20,58", "the points lost");
  await page.screenshot({ path: join(shots, "serve-2-da-doc.png"), fullPage: true });

  await page.fill("#letter_number", "2468");
  await page.selectOption("select[name='assign:7.2.4']", "Văn phòng HĐND-UBND");
  await page.selectOption("select[name='assign:7.6']", "Phòng Nội vụ");
  await Promise.all([page.waitForURL(/#thong-tin$/), page.click("#luu")]);
  expect((await page.inputValue("#letter_number")) === "2468", "the number saved");
  expect((await page.locator("select[name^='assign:']").count()) === 0, "no criterion left without a unit");
  await page.screenshot({ path: join(shots, "serve-3-thong-tin.png"), fullPage: true });

  await Promise.all([page.waitForURL(/#van-ban$/), page.click("#lap-van-ban")]);
  expect((await page.locator("ul.documents li").count()) === 8, "eight documents listed");
  await page.locator("#van-ban").scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(shots, "serve-4-van-ban.png"), fullPage: true });

  // PDFs, when LibreOffice is installed: the progress bar runs, then the PDFs are listed.
  if (await page.locator("#tao-pdf").count()) {
    await Promise.all([page.waitForURL(/#van-ban$/), page.click("#tao-pdf")]);
    if (await page.locator("#pdf-progress").count()) {
      await page.screenshot({ path: join(shots, "serve-5-dang-tao-pdf.png"), fullPage: false });
    }
    await page.waitForSelector("a[href$='cong-van.pdf']", { timeout: 120000 });
    expect((await page.locator("ul.documents li").count()) === 16, "eight documents and their PDFs");
    // The cover letter's pages open in the browser's own viewer.
    const response = await page.request.get(new URL(await page.getAttribute("#xem-pdf", "href"), base).href);
    expect(response.headers()["content-type"] === "application/pdf", "the cover letter's PDF, shown");
    expect((await response.body()).subarray(0, 5).toString() === "%PDF-", "a PDF");
  }
  expect((await page.textContent(".page")).includes("Số: 2468/UBND-NV"), "the preview of the cover letter");

  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#tai-tat-ca")]);
  const zip = join(mkdtempSync(join(tmpdir(), "cchc-browser-")), "van-ban.zip");
  await download.saveAs(zip);
  // The cover letter's XML, from the docx inside the zip.
  const read = "import io,sys,zipfile;z=zipfile.ZipFile(sys.argv[1]);" +
    "d=zipfile.ZipFile(io.BytesIO(z.read('cong-van.docx')));sys.stdout.write(d.read('word/document.xml').decode())";
  const xml = execFileSync("python3", ["-c", read, zip]).toString();
  expect(xml.includes("Số: 2468/UBND-NV"), "the number in the downloaded cover letter");
  expect(!xml.includes("Chưa giao đơn vị"), "every criterion with a lead unit in the annex");
  expect(errors.length === 0, `no script errors (${errors.join("; ")})`);
  console.log("browser test: ok");
} catch (e) {
  const pages = browser.contexts().flatMap((c) => c.pages());
  for (const p of pages) console.error(`at ${p.url()}:\n${(await p.textContent("body").catch(() => "")) || ""}`);
  throw e;
} finally {
  await browser.close();
}
