#!/usr/bin/env python3
"""The same work as `cchc generate DIR --out OUT`, done the usual way in Python (openpyxl and
python-docx), to compare throughput (scripts/bench.sh).

For each .xlsx in DIR: read the appraisal table (header found by its wording), keep the
criteria below full marks, group them by unit (names and aliases from DIR/cchc.toml), then
write OUT/NAME/phu-luc.xlsx (the annex and a per-unit summary), cong-van.docx (the letter and
the annex table), one don-vi/<unit>.docx per unit listing its criteria, and manifest.json
with each file's SHA-256. It writes the same documents in substance, not byte for byte.
"""

import hashlib
import json
import re
import sys
import tomllib
import unicodedata
from decimal import Decimal
from pathlib import Path

import openpyxl
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.shared import Mm, Pt
from openpyxl.styles import Alignment, Border, Font, Side

CODE = re.compile(r"^\s*(\d{1,2}(?:\.\d{1,2}){0,3})\.?[:)]?\s*(.*)$", re.S)


def key(text):
    text = unicodedata.normalize("NFC", str(text or "")).lower()
    return " ".join(w for w in re.split(r"[^\w]+", text) if w)


def number(text):
    return Decimal(str(text).strip().replace(",", "."))


def load_units(config):
    units = {}
    for unit in config.get("units", []):
        for name in [unit["name"], *unit.get("aliases", [])]:
            units[key(name)] = unit
    return units


def read_table(path, units):
    sheet = openpyxl.load_workbook(path, read_only=True, data_only=True).worksheets[0]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    header = next(i for i, r in enumerate(rows) if r and key(r[0]).startswith("tiêu chí"))
    criteria, total = [], None
    for r in rows[header + 1 :]:
        lead = str(r[0] or "").strip()
        score = str(r[1] or "").strip()
        match = CODE.match(lead)
        if not match:
            if "/" in lead:
                total = lead
            continue
        if "/" not in score:
            continue
        achieved, top = (number(x) for x in score.split("/"))
        lost = top - achieved
        if lost <= 0:
            continue
        names = [n.strip() for n in re.split(r"[,;]", str(r[2] or "")) if n.strip()]
        resolved = [units.get(key(n), {"name": n})["name"] for n in names]
        criteria.append(
            {
                "code": match.group(1),
                "title": match.group(2).strip(),
                "score": score,
                "lost": lost,
                "units": resolved,
                "opinion": str(r[3] or ""),
                "solution": str(r[4] or ""),
            }
        )
    return criteria, total


def write_annex(path, criteria, by_unit):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Phụ lục"
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    sheet.append(["BẢNG PHÂN TÍCH"])
    sheet.append(["STT", "Tiêu chí", "Điểm đạt/tối đa", "Điểm bị trừ", "Đơn vị", "Ý kiến thẩm định", "Giải pháp"])
    for i, c in enumerate(criteria, 1):
        sheet.append([i, f"{c['code']}. {c['title']}", c["score"], float(c["lost"]), ", ".join(c["units"]), c["opinion"], c["solution"]])
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.font = Font(name="Times New Roman", size=12)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            cell.border = border
    summary = book.create_sheet("Tổng hợp")
    summary.append(["Đơn vị", "Số tiêu chí", "Điểm bị trừ"])
    for unit, items in by_unit.items():
        summary.append([unit, len(items), float(sum(c["lost"] for c in items))])
    book.save(path)


def letter(title, paragraphs):
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(14)
    head = doc.add_table(rows=1, cols=2)
    head.cell(0, 0).text = "ỦY BAN NHÂN DÂN\nHUYỆN"
    head.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    doc.add_paragraph(title)
    for text in paragraphs:
        doc.add_paragraph(text)
    return doc


def criteria_table(doc, criteria):
    table = doc.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ["Tiêu chí", "Điểm đạt/tối đa", "Đơn vị", "Ý kiến thẩm định", "Giải pháp"]):
        cell.text = text
    for c in criteria:
        cells = table.add_row().cells
        for cell, text in zip(cells, [f"{c['code']}. {c['title']}", c["score"], ", ".join(c["units"]), c["opinion"], c["solution"]]):
            cell.text = text


def slug(name):
    ascii_name = unicodedata.normalize("NFKD", name.replace("đ", "d").replace("Đ", "D"))
    ascii_name = ascii_name.encode("ascii", "ignore").decode()
    return "-".join(re.findall(r"[a-z0-9]+", ascii_name.lower()))


def generate(path, out, units):
    criteria, total = read_table(path, units)
    by_unit = {}
    for c in criteria:
        for u in c["units"]:
            by_unit.setdefault(u, []).append(c)
    folder = out / path.stem
    (folder / "don-vi").mkdir(parents=True, exist_ok=True)
    files = [folder / "phu-luc.xlsx", folder / "cong-van.docx"]
    write_annex(files[0], criteria, by_unit)
    lost = sum((c["lost"] for c in criteria), Decimal(0))
    cover = letter(
        "V/v khắc phục các tiêu chí chưa đạt điểm tối đa Chỉ số CCHC",
        [f"Tổng điểm: {total}; bị trừ {lost} điểm ở {len(criteria)} tiêu chí."]
        + [f"{u}: {len(items)} tiêu chí" for u, items in by_unit.items()],
    )
    annex = cover.add_section()
    annex.orientation = WD_ORIENT.LANDSCAPE
    annex.page_width, annex.page_height = Mm(297), Mm(210)
    criteria_table(cover, criteria)
    cover.save(files[1])
    for unit, items in by_unit.items():
        doc = letter(
            f"V/v khắc phục các tiêu chí chưa đạt điểm tối đa ({unit})",
            [f"{c['code']}. {c['title']} (bị trừ {c['lost']} điểm). {c['solution']}" for c in items],
        )
        target = folder / "don-vi" / f"{slug(unit)}.docx"
        doc.save(target)
        files.append(target)
    manifest = [{"path": str(f.relative_to(folder)), "sha256": hashlib.sha256(f.read_bytes()).hexdigest()} for f in files]
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2))


def main():
    source, out = Path(sys.argv[1]), Path(sys.argv[2])
    config_path = source / "cchc.toml"
    config = tomllib.loads(config_path.read_text()) if config_path.exists() else {}
    units = load_units(config)
    for path in sorted(source.glob("*.xlsx")):
        generate(path, out, units)


if __name__ == "__main__":
    main()
