#!/usr/bin/env python3
"""Writes the spreadsheets whose peak memory `docs/performance.md` ("Memory per input")
reports: real workbooks at their largest, hostile ones, and ones built to reach every
limit at once. Python's standard library only.

    python3 scripts/memory_cases.py OUT_DIR [SEED.xlsx]
    for f in OUT_DIR/*; do /usr/bin/time -f "$f %M KB %e s" target/release/cchc check "$f"; done

SEED defaults to tests/fixtures/tuan-giao-2019/bang-phan-tich.xlsx.
"""

import os
import random
import struct
import sys
import zipfile

NS = ('xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
RELS_NS = 'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"'


# --- .xlsx -------------------------------------------------------------------------------

def xlsx(path, sheets, sst=None, styles=None, names="", stored=()):
    """sheets: (name, the XML inside <worksheet>); stored: (part, bytes) kept uncompressed."""
    z = zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED)
    z.writestr("_rels/.rels", f'<Relationships {RELS_NS}><Relationship Id="rId1" '
               f'Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
    wb = f"<workbook {NS}><sheets>"
    rels = f"<Relationships {RELS_NS}>"
    for i, (name, _) in enumerate(sheets):
        wb += f'<sheet name="{name}" sheetId="{i + 1}" r:id="rId{i + 1}"/>'
        rels += (f'<Relationship Id="rId{i + 1}" Type="{REL}/worksheet" '
                 f'Target="worksheets/sheet{i + 1}.xml"/>')
    wb += "</sheets>" + (f"<definedNames>{names}</definedNames>" if names else "") + "</workbook>"
    if sst is not None:
        rels += f'<Relationship Id="rIdS" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
    rels += "</Relationships>"
    z.writestr("xl/workbook.xml", wb)
    z.writestr("xl/_rels/workbook.xml.rels", rels)
    for i, (_, body) in enumerate(sheets):
        z.writestr(f"xl/worksheets/sheet{i + 1}.xml", f"<worksheet {NS}>{body}</worksheet>")
    if sst is not None:
        z.writestr("xl/sharedStrings.xml", sst)
    if styles is not None:
        z.writestr("xl/styles.xml", styles)
    for name, data in stored:
        z.writestr(zipfile.ZipInfo(name), data, compress_type=zipfile.ZIP_STORED)
    z.close()


def seed_with(seed, dest, before=(), extra=()):
    """The seed workbook with `before` sheets listed ahead of its own, and `extra` parts."""
    src = zipfile.ZipFile(seed)
    listed = "".join(f'<sheet name="{n}" sheetId="{i + 10}" r:id="rIdX{i}"/>'
                     for i, (n, _) in enumerate(before))
    rels = "".join(f'<Relationship Id="rIdX{i}" Type="{REL}/worksheet" '
                   f'Target="worksheets/extra{i}.xml"/>' for i in range(len(before)))
    z = zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED)
    for item in src.infolist():
        data = src.read(item.filename)
        if item.filename == "xl/workbook.xml":
            data = data.decode().replace("<sheets>", "<sheets>" + listed).encode()
        elif item.filename == "xl/_rels/workbook.xml.rels":
            data = data.decode().replace("</Relationships>", rels + "</Relationships>").encode()
        z.writestr(item.filename, data)
    for i, (_, body) in enumerate(before):
        z.writestr(f"xl/worksheets/extra{i}.xml", f"<worksheet {NS}>{body}</worksheet>")
    for name, data in extra:
        z.writestr(zipfile.ZipInfo(name), data, compress_type=zipfile.ZIP_STORED)
    z.close()


def col(n):
    s = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def inline(ref, text):
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def far_rows(rows):
    """A number at column IV (the last allowed) in each of the first `rows` rows."""
    return "<sheetData>" + "".join(f'<row r="{r}"><c r="IV{r}"><v>1</v></c></row>'
                                   for r in range(1, rows + 1)) + "</sheetData>"


# --- .ods --------------------------------------------------------------------------------

ODS_HEAD = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
            'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
            'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
            'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
            "<office:body><office:spreadsheet>")
ODS_TAIL = "</office:spreadsheet></office:body></office:document-content>"


def ods_content(path, content, stored=()):
    z = zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED)
    z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet",
               compress_type=zipfile.ZIP_STORED)
    z.writestr("META-INF/manifest.xml", '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:'
               'opendocument:xmlns:manifest:1.0"></manifest:manifest>')
    z.writestr("content.xml", content)
    for name, data in stored:
        z.writestr(zipfile.ZipInfo(name), data, compress_type=zipfile.ZIP_STORED)
    z.close()


def ods(path, tables, stored=()):
    body = "".join(f'<table:table table:name="{n}">{t}</table:table>' for n, t in tables)
    ods_content(path, ODS_HEAD + body + ODS_TAIL, stored)


def ods_text(text, cols=1):
    rep = f' table:number-columns-repeated="{cols}"' if cols > 1 else ""
    return (f'<table:table-cell office:value-type="string"{rep}><text:p>{text}</text:p>'
            "</table:table-cell>")


ODS_ONE = '<table:table-cell office:value-type="float" office:value="1"/>'
ODS_FAR = f'<table:table-cell table:number-columns-repeated="255"/>{ODS_ONE}'


# --- .xls (BIFF8 in a compound file) -----------------------------------------------------

def rec(kind, data=b""):
    return struct.pack("<HH", kind, len(data)) + data


def compound_file(stream):
    """A version-4 compound file (4096-byte sectors) holding `stream` as 'Workbook'."""
    size = 4096
    if len(stream) < size:  # keeps it out of the mini stream
        stream += rec(0x0FFF, b"\0" * (size - len(stream)))
    nstream = (len(stream) + size - 1) // size
    nfat = 1
    while nstream + 1 + nfat > nfat * 1024:
        nfat += 1
    fat = [i + 1 if i + 1 < nstream else 0xFFFFFFFE for i in range(nstream)]
    fat += [0xFFFFFFFE] + [0xFFFFFFFD] * nfat
    fat += [0xFFFFFFFF] * (nfat * 1024 - len(fat))
    difat = [nstream + 1 + i for i in range(nfat)] + [0xFFFFFFFF] * (109 - nfat)
    header = (b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + b"\0" * 16
              + struct.pack("<HHHHH", 0x3E, 4, 0xFFFE, 12, 6) + b"\0" * 6
              + struct.pack("<IIIIIIIII", 1, nfat, nstream, 0, 4096, 0xFFFFFFFE, 0, 0xFFFFFFFE, 0)
              + struct.pack("<109I", *difat))

    def entry(name, kind, child, start, length):
        n = (name + "\0").encode("utf-16-le")
        return (n + b"\0" * (64 - len(n)) + struct.pack("<HBB", len(n), kind, 1)
                + struct.pack("<III", 0xFFFFFFFF, 0xFFFFFFFF, child) + b"\0" * 36
                + struct.pack("<IQ", start, length))
    directory = entry("Root Entry", 5, 1, 0, 0) + entry("Workbook", 2, 0xFFFFFFFF, 0, len(stream))
    return (header + b"\0" * (size - len(header)) + stream + b"\0" * (nstream * size - len(stream))
            + directory + b"\0" * (size - len(directory)) + struct.pack(f"<{len(fat)}I", *fat))


def bof(kind):
    return rec(0x0809, struct.pack("<HHHHII", 0x0600, kind, 0, 0, 0, 0))


def sst(strings):
    """The shared strings in UTF-16, split into CONTINUE records as Excel splits them."""
    pieces, cur = [], struct.pack("<II", len(strings), len(strings))
    for s in strings:
        units = s.encode("utf-16-le")
        if len(cur) + 5 > 8224:
            pieces.append(cur)
            cur = b""
        cur += struct.pack("<HB", len(units) // 2, 1)
        while units:
            room = (8224 - len(cur)) // 2 * 2
            cur += units[:room]
            units = units[room:]
            if units:
                pieces.append(cur)
                cur = b"\x01"
    pieces.append(cur)
    return rec(0x00FC, pieces[0]) + b"".join(rec(0x003C, p) for p in pieces[1:])


def dimensions(rows, cols):
    return rec(0x0200, struct.pack("<IIHHH", 0, rows, 0, cols, 0))


def number(r, c, v=1.0):
    return rec(0x0203, struct.pack("<HHHd", r, c, 0, v))


def label_sst(r, c, i):
    return rec(0x00FD, struct.pack("<HHHI", r, c, 0, i))


def formula(r, c, rgce):
    return rec(0x0006, struct.pack("<HHHdHIH", r, c, 0, 1.0, 0, 0, len(rgce)) + rgce)


def xls(path, sheets, strings=(), globals_extra=b"", pad_to=0):
    """sheets: (name, the records between the sheet's BOF and EOF)."""
    def build(offsets):
        g = bof(0x0005) + rec(0x0042, struct.pack("<H", 1200))
        for (name, _), at in zip(sheets, offsets):
            g += rec(0x0085, struct.pack("<IBBBB", at, 0, 0, len(name), 1) + name.encode("utf-16-le"))
        g += globals_extra + (sst(list(strings)) if strings else b"")
        filler = pad_to - len(g) - sum(len(b) + 40 for _, b in sheets)
        while filler > 8228:  # an unknown record, skipped by every reader
            g += rec(0x0FFF, os.urandom(8224))
            filler -= 8228
        g += rec(0x000A)
        body, at = b"", []
        for _, records in sheets:
            at.append(len(g) + len(body))
            body += bof(0x0010) + records + rec(0x000A)
        return g + body, at
    stream, offsets = build([0] * len(sheets))
    stream, again = build(offsets)
    assert offsets == again
    with open(path, "wb") as f:
        f.write(compound_file(stream))


# --- The cases ---------------------------------------------------------------------------

def full_row(sheet, row):
    """A full appraisal row's texts, about 300 bytes (the seed has 270)."""
    return [f"{sheet}.{row}. Ban hành kế hoạch cải cách hành chính năm của đơn vị số {row}",
            "Phòng Nội vụ, Văn phòng HĐND-UBND",
            f"Đã ban hành kế hoạch nhưng chưa đầy đủ nội dung theo hướng dẫn, cần bổ sung {sheet}-{row}",
            f"Rà soát, bổ sung nội dung kế hoạch năm sau, hoàn thành trước quý {row % 4 + 1}"]


def main(out, seed):
    os.makedirs(out, exist_ok=True)
    p = lambda name: os.path.join(out, name)
    random.seed(11)

    # Real workbooks at their largest: 30 sheets of 300 rows (.xlsx: the table last).
    sheets = []
    for s in range(1, 30):
        rows = ""
        for r in range(1, 301):
            cells = "".join(inline(f"{'ABCD'[c]}{r}", t) for c, t in enumerate(full_row(s, r)))
            rows += f'<row r="{r}">{cells}' + "".join(f'<c r="{c}{r}"><v>0.75</v></c>' for c in "EFGH") + "</row>"
        sheets.append((f"S{s}", f"<sheetData>{rows}</sheetData>"))
    seed_with(seed, p("full30.xlsx"), before=sheets)
    strings, xls_sheets, ods_sheets = [], [], []
    for s in range(1, 31):
        records, table = dimensions(300, 8), ""
        for r in range(300):
            table += "<table:table-row>"
            for c, t in enumerate(full_row(s, r)):
                records += label_sst(r, c, len(strings))
                table += ods_text(t)
                strings.append(t)
            for c in range(4, 8):
                records += number(r, c, 0.75)
                table += '<table:table-cell office:value-type="float" office:value="0.75"/>'
            table += "</table:table-row>"
        xls_sheets.append((f"S{s}", records))
        ods_sheets.append((f"S{s}", table))
    xls(p("full30.xls"), xls_sheets, strings)
    ods(p("full30.ods"), ods_sheets)

    # The files: one cell at IV20000 on each of 40 and 200 sheets.
    far = f'<sheetData><row r="20000">{inline("IV20000", "x")}</row></sheetData>'
    xlsx(p("issue-40.xlsx"), [(f"S{i}", far) for i in range(1, 41)])
    xlsx(p("issue-200.xlsx"), [(f"S{i}", far) for i in range(1, 201)])
    # Far cells adding up over sheets, each sheet far under every limit.
    xlsx(p("far-rows-40.xlsx"), [(f"S{i}", far_rows(100)) for i in range(1, 41)])
    xlsx(p("far-rows-200.xlsx"), [(f"S{i}", far_rows(20)) for i in range(1, 201)])
    # A merge over the whole sheet, its first cell a 32 KB text.
    long = "Phòng Nội vụ " * 2500
    xlsx(p("merge-all.xlsx"), [("S", f'<sheetData><row r="1">{inline("A1", long)}</row><row r="20000">'
                                    f'<c r="IV20000"><v>1</v></c></row></sheetData>'
                                    '<mergeCells><mergeCell ref="A1:IV20000"/></mergeCells>')])
    # A 1 MB shared string (varied, not a zip bomb) in 200,000 cells.
    big = "".join(f"{i * 7919 % 10_000_000:07d} " for i in range(128 * 1024))
    rows = "".join(f'<row r="{r}">' + "".join(f'<c r="{col(c)}{r}" t="s"><v>0</v></c>' for c in range(10))
                   + "</row>" for r in range(1, 20001))
    xlsx(p("shared-long.xlsx"), [("S", f"<sheetData>{rows}</sheetData>")],
         sst=f'<sst {NS} uniqueCount="1"><si><t>{big}</t></si></sst>')
    # One cell of 19 MB of random letters.
    letters = "".join(random.choices("abcdefghijklmnopqrstuvwxyz0123456789", k=19 * 1024 * 1024))
    xlsx(p("inline-19mb.xlsx"), [("S", f'<sheetData><row r="1">{inline("A1", letters)}</row></sheetData>')])
    # The seed with a picture filling the file to just under the limit.
    seed_with(seed, p("seed-20mb.xlsx"), extra=[("xl/media/image1.png", random.randbytes(20 * 1024 * 1024 - 200 * 1024))])
    # .xlsx near every limit at once: rows to IV (dense), 200 cells cloning a 60 KB shared
    # string (text), 60,000 more shared strings, 26,000 cell formats, 19,000 defined
    # names, 99,000 merges, a picture to the file limit.
    big = "ệ" * 20000
    small = [f"chuỗi {i:06d} " + "x" * 40 for i in range(60_000)]
    text_rows = "".join(f'<row r="{r}">' + "".join(f'<c r="{col(c)}{r}" t="s"><v>0</v></c>' for c in range(100))
                        + "</row>" for r in (1, 2))
    far = "".join(f'<row r="{r}"><c r="IV{r}"><v>1</v></c></row>' for r in range(3, 1141))
    body = f"<sheetData>{text_rows}{far}</sheetData>"
    body += "<mergeCells>" + "".join(f'<mergeCell ref="A{r}:B{r}"/>' for r in range(2000, 101_000)) + "</mergeCells>"
    xlsx(p("xlsx-limits.xlsx"), [("S", body)],
         sst=f'<sst {NS} uniqueCount="{1 + len(small)}"><si><t>{big}</t></si>'
             + "".join(f"<si><t>{s}</t></si>" for s in small) + "</sst>",
         styles=f'<styleSheet {NS}><fonts><font><name val="Arial"/></font></fonts><cellXfs>'
                + '<xf numFmtId="0" fontId="0"/>' * 26_000 + "</cellXfs></styleSheet>",
         names="".join(f'<definedName name="n{i}">S!$A$1</definedName>' for i in range(19_000)),
         stored=[("xl/media/pad.png", random.randbytes(20 * 1024 * 1024 - 1200 * 1024))])

    # .xls: 40 sheets declaring 20000 x 256, with A1 and IV20000.
    corners = dimensions(20000, 256) + number(0, 0) + number(19999, 255)
    xls(p("xls-corners-40.xls"), [(f"S{i}", corners) for i in range(1, 41)])
    # .xls: a 30,000-character shared string in 20,000 cells.
    xls(p("xls-shared-clones.xls"), [("S", dimensions(2000, 10) + b"".join(
        label_sst(r, c, 0) for r in range(2000) for c in range(10)))], strings=["ệ" * 30000])
    # .xls: 600 formulas of 1,100 references to a sheet named with 255 characters.
    ref3d = struct.pack("<BHHH", 0x3A, 0, 0, 0)
    rgce = ref3d + (ref3d + b"\x03") * 1100
    xls(p("xls-formulas.xls"), [("ệ" * 255, dimensions(600, 1) + b"".join(formula(r, 0, rgce) for r in range(600)))],
        globals_extra=rec(0x0017, struct.pack("<HHhh", 1, 0, 0, 0)))
    # .xls near every limit at once, on one sheet: its rectangle (with a formula at each
    # corner and a number at IV in every row), 136 cells cloning a 90 KB shared string,
    # 99,000 merges, the file padded to near its limit.
    one = dimensions(1160, 256) + formula(0, 0, b"\x1e\x01\x00") + formula(1159, 255, b"\x1e\x02\x00")
    one += b"".join(label_sst(1 + i, 0, 0) for i in range(136))
    one += b"".join(number(r, 255) for r in range(1, 1159))
    one += b"".join(rec(0x00E5, struct.pack("<H", 1000) + b"".join(
        struct.pack("<HHHH", 2000 + i, 2000 + i, 0, 1) for i in range(1000))) for _ in range(99))
    xls(p("xls-limits.xls"), [("A", one)], strings=["ệ" * 30000], pad_to=8 * 1024 * 1024 - 900 * 1024)

    # .ods: 40 sheets with A1 and IV20000 filled.
    corners = (f"<table:table-row>{ODS_ONE}</table:table-row>"
               '<table:table-row table:number-rows-repeated="19998"><table:table-cell/></table:table-row>'
               f"<table:table-row>{ODS_FAR}</table:table-row>")
    ods(p("ods-corners-40.ods"), [(f"S{i}", corners) for i in range(1, 41)])
    # .ods: a 1 KB text in 10 columns of 20,000 repeated rows.
    ods(p("ods-repeats.ods"), [("S", '<table:table-row table:number-rows-repeated="20000">'
                                     + ods_text("x" * 1000, 10) + "</table:table-row>")])
    # .ods: two thousand million spaces in one cell.
    ods(p("ods-spaces.ods"), [("S", '<table:table-row><table:table-cell office:value-type="string">'
                                    '<text:p><text:s text:c="2000000000"/></text:p></table:table-cell></table:table-row>')])
    # .ods: a table never closed.
    ods_content(p("ods-unclosed.ods"), ODS_HEAD + '<table:table table:name="A"><table:table-row>'
                '<table:table-cell/></table:table-row>')
    # .ods near every limit at once: a 30 KB text repeated over 411 rows, a number at IV
    # in every row (dense), a picture to the file limit.
    far = '<table:table-cell table:number-columns-repeated="254"/>' + ODS_ONE
    body = f"<table:table-row>{ods_text('ệ' * 10000)}{far}</table:table-row>"
    body += f'<table:table-row table:number-rows-repeated="410">{ods_text("ệ" * 10000)}{far}</table:table-row>'
    body += f'<table:table-row table:number-rows-repeated="758">{ODS_FAR}</table:table-row>'
    ods(p("ods-limits.ods"), [("S", body)], stored=[("Pictures/pad.png", random.randbytes(20 * 1024 * 1024 - 60 * 1024))])


if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    default_seed = os.path.join(here, "..", "tests", "fixtures", "tuan-giao-2019", "bang-phan-tich.xlsx")
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else default_seed)
