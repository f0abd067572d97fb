#!/usr/bin/env python3
"""Writes the synthetic exports of issue 18 into examples/data/ and tests/data/.

    python3 scripts/make_adapter_samples.py        # from the crate root; seeded, so the files come out the same

- examples/data/workday_export.csv: a Workday-style reporting-line export of a
  European tenant (`;` between fields): Employee_ID, Worker, Manager_ID, a cost
  centre, a hire date, FTE and the eight pole scores; and its plain form
  examples/data/workday_plain.csv (id,name,team,weight,...) with the team paths
  worked out here, independently of the crate (each manager leads the team of
  their direct reports, named by the path of manager ids from the top).
- examples/data/qualtrics_export.csv: the responses of
  examples/data/questionnaire_responses.csv as Qualtrics exports them: three
  header rows (names, question texts, ImportId JSON), metadata columns, a matrix
  question whose stem has a line break, ResponseId, the plain id in
  ExternalReference, team and weight as embedded data.
- examples/data/google_forms_export.csv and google_forms_map.txt: the same
  responses as a Google Forms sheet: Timestamp, Email Address, the questions'
  texts as headers (a grid: `Stem [statement]`), and the mapping file naming the
  id, team and weight questions.
- examples/data/roster.xlsx: examples/data/roster.csv as a spreadsheet, with a
  hire date and a formula in columns the reader ignores.
- tests/data/roster.ods: the same as an OpenDocument spreadsheet.
- tests/data/bad_cells.xlsx: a roster with a formula, a date and an error value
  in columns the reader uses, and a strength out of range.
- tests/data/responses.xlsx: examples/data/questionnaire_responses.csv as a
  spreadsheet.
- tests/data/roster.parquet: examples/data/roster.csv as Parquet (snappy), when
  polars is installed.

Spreadsheets are written as their XML parts with the standard library's
zipfile: no package needed.
"""
import csv
import datetime
import io
import os
import random
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "examples", "data")
TESTS = os.path.join(ROOT, "tests", "data")
POLES = ["inspire", "organize", "vision", "execution", "people", "process", "risk_taking", "risk_management"]


def write(path, text):
    with open(path, "w", newline="", encoding="utf-8") as f:
        f.write(text)


def table(rows, delimiter=","):
    out = io.StringIO()
    w = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    w.writerows(rows)
    return out.getvalue()


# ---------------------------------------------------------------- Workday

def workday(rng):
    people = []  # (id, name, manager)
    first = ["Ana", "Bo", "Cy", "Di", "Ed", "Fa", "Gil", "Hana", "Ivo", "Jo", "Kai", "Lea", "Mo", "Nia", "Oto",
             "Pia", "Quin", "Rui", "Sol", "Tea", "Uma", "Vik", "Wen", "Xia", "Yan", "Zoe"]
    last = ["Berg", "Costa", "Dahl", "Eker", "Fabre", "Grün", "Hahn", "Ilić", "Jansen", "Kovač", "Lund", "Moreau",
            "Novak", "Olsen", "Petit", "Rossi", "Sousa", "Tamm", "Weber", "Zieliński"]
    counter = [1000]

    def new(manager):
        counter[0] += rng.randint(1, 7)
        pid = f"W{counter[0]}"
        people.append((pid, f"{rng.choice(first)} {rng.choice(last)}", manager))
        return pid

    ceo = new("")
    for _ in range(4):
        vp = new(ceo)
        for _ in range(rng.randint(2, 3)):
            mgr = new(vp)
            for _ in range(rng.randint(3, 6)):
                new(mgr)
    # A contractor without a manager: a team of one.
    new("")
    rng.shuffle(people)  # exports are not in reporting order
    by_id = {p[0]: p for p in people}
    leads = {p[2] for p in people if p[2]}

    def path(pid):
        chain = []
        while pid:
            chain.append(pid)
            pid = by_id[pid][2]
        return "/".join(reversed(chain))

    def team(p):
        pid, _, manager = p
        return path(pid) if pid in leads or not manager else path(manager)

    export = [["Employee_ID", "Worker", "Manager_ID", "Cost_Center", "Hire_Date", "FTE"] + POLES]
    plain = [["id", "name", "team", "weight"] + POLES]
    for p in people:
        fte = rng.choice(["1", "1", "1", "0.8", "0.5"])
        lead = rng.random() < 0.5
        scores = []
        for k in range(4):
            a = round(rng.uniform(0.5, 0.95) if lead else rng.uniform(0.1, 0.6), 2)
            b = round(rng.uniform(0.1, 0.6) if lead else rng.uniform(0.5, 0.95), 2)
            scores += [str(a), str(b)]
        hired = datetime.date(2012, 1, 1) + datetime.timedelta(days=rng.randint(0, 4000))
        export.append([p[0], p[1], p[2], f"CC-{rng.randint(100, 140)}", hired.strftime("%d.%m.%Y"), fte] + scores)
        plain.append([p[0], p[1], team(p), fte] + scores)
    write(os.path.join(DATA, "workday_export.csv"), table(export, ";"))
    write(os.path.join(DATA, "workday_plain.csv"), table(plain))


# ---------------------------------------------------------------- surveys

def surveys(rng):
    with open(os.path.join(DATA, "questionnaire_instrument.csv"), encoding="utf-8") as f:
        items = list(csv.DictReader(f))
    with open(os.path.join(DATA, "questionnaire_responses.csv"), encoding="utf-8") as f:
        responses = list(csv.DictReader(f))
    names = [it["item"] for it in items]

    # Qualtrics: one matrix question per pole (Q1_1, Q1_2, ...).
    meta = [("StartDate", "Start Date", '{"ImportId":"startDate","timeZone":"Europe/Berlin"}'),
            ("EndDate", "End Date", '{"ImportId":"endDate","timeZone":"Europe/Berlin"}'),
            ("Status", "Response Type", '{"ImportId":"status"}'),
            ("Progress", "Progress", '{"ImportId":"progress"}'),
            ("Duration (in seconds)", "Duration (in seconds)", '{"ImportId":"duration"}'),
            ("Finished", "Finished", '{"ImportId":"finished"}'),
            ("RecordedDate", "Recorded Date", '{"ImportId":"recordedDate","timeZone":"Europe/Berlin"}'),
            ("ResponseId", "Response ID", '{"ImportId":"_recordId"}'),
            ("ExternalReference", "External Data Reference", '{"ImportId":"externalDataReference"}'),
            ("DistributionChannel", "Distribution Channel", '{"ImportId":"distributionChannel"}'),
            ("UserLanguage", "User Language", '{"ImportId":"userLanguage"}')]
    cols, texts, imports = [m[0] for m in meta], [m[1] for m in meta], [m[2] for m in meta]
    poles = []
    for it in items:
        if it["pole"] not in poles:
            poles.append(it["pole"])
    q_of = {}
    for qi, pole in enumerate(poles, start=1):
        k = 0
        for it in items:
            if it["pole"] == pole:
                k += 1
                q_of[it["item"]] = f"Q{qi}_{k}"
    stem = "How well does each statement\ndescribe you at work?"
    for it in items:
        cols.append(q_of[it["item"]])
        texts.append(f"{stem} - {it['text']}")
        imports.append('{"ImportId":"QID%s"}' % q_of[it["item"]][1:])
    cols += ["Team", "Weight"]
    texts += ["Team", "Weight"]
    imports += ['{"ImportId":"Team"}', '{"ImportId":"Weight"}']
    rows = [cols, texts, imports]
    start = datetime.datetime(2024, 3, 4, 9, 0, 0)
    for r in responses:
        t0 = start + datetime.timedelta(minutes=rng.randint(0, 60 * 24 * 10))
        dur = rng.randint(180, 900)
        t1 = t0 + datetime.timedelta(seconds=dur)
        rid = "R_" + "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789") for _ in range(15))
        row = [t0.strftime("%Y-%m-%d %H:%M:%S"), t1.strftime("%Y-%m-%d %H:%M:%S"), "IP Address", "100", str(dur),
               "True", t1.strftime("%Y-%m-%d %H:%M:%S"), rid, r["id"], "anonymous", "EN"]
        row += [r[n] for n in names]
        row += [r["team"], r["weight"]]
        rows.append(row)
    write(os.path.join(DATA, "qualtrics_export.csv"), table(rows))

    # Google Forms: the questions' texts as headers.
    grid = "How well does each statement describe you at work?"
    header = ["Timestamp", "Email Address", "Employee code", "Which team are you on?",
              "Share of your working time on this team (0 to 1)"]
    header += [f"{grid} [{it['text']}]" for it in items]
    rows = [header]
    for r in responses:
        t = start + datetime.timedelta(minutes=rng.randint(0, 60 * 24 * 10))
        rows.append([t.strftime("%d/%m/%Y %H:%M:%S"), f"{r['id']}@northwind.example", r["id"], r["team"], r["weight"]]
                    + [r[n] for n in names])
    write(os.path.join(DATA, "google_forms_export.csv"), table(rows))
    write(os.path.join(DATA, "google_forms_map.txt"),
          "# Google Forms: which question holds the id, team and weight (items are matched by their text)\n"
          "id = Employee code\n"
          "team = Which team are you on?\n"
          "weight = Share of your working time on this team (0 to 1)\n")


# ---------------------------------------------------------------- spreadsheets

def col_letter(i):
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def xlsx(path, sheet_name, rows):
    """rows: lists of cells; a cell is a str, a number, None, or a tuple
    ("date", serial) / ("formula", text, cached) / ("error", "#DIV/0!")."""
    out = []
    for r, row in enumerate(rows, start=1):
        cells = []
        for c, v in enumerate(row):
            ref = f"{col_letter(c)}{r}"
            if v is None:
                continue
            if isinstance(v, tuple) and v[0] == "date":
                cells.append(f'<c r="{ref}" s="1"><v>{v[1]}</v></c>')
            elif isinstance(v, tuple) and v[0] == "formula":
                cells.append(f'<c r="{ref}"><f>{esc(v[1])}</f><v>{v[2]}</v></c>')
            elif isinstance(v, tuple) and v[0] == "error":
                cells.append(f'<c r="{ref}" t="e"><v>{esc(v[1])}</v></c>')
            elif isinstance(v, (int, float)):
                cells.append(f'<c r="{ref}"><v>{v}</v></c>')
            else:
                cells.append(f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{esc(v)}</t></is></c>')
        out.append(f'<row r="{r}">{"".join(cells)}</row>')
    sheet = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
             '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             f'<sheetData>{"".join(out)}</sheetData></worksheet>')
    parts = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        '</Types>',
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
        '</Relationships>',
        "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f'<sheets><sheet name="{esc(sheet_name)}" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
        '</Relationships>',
        "xl/styles.xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
        '<borders count="1"><border/></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
        '</styleSheet>',
        "xl/worksheets/sheet1.xml": sheet,
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            z.writestr(info, text, zipfile.ZIP_DEFLATED)


def ods(path, sheet_name, rows):
    body = []
    for row in rows:
        cells = []
        for v in row:
            if v is None:
                cells.append("<table:table-cell/>")
            elif isinstance(v, (int, float)):
                cells.append(f'<table:table-cell office:value-type="float" office:value="{v}"><text:p>{v}</text:p></table:table-cell>')
            else:
                cells.append(f'<table:table-cell office:value-type="string"><text:p>{esc(v)}</text:p></table:table-cell>')
        body.append(f'<table:table-row>{"".join(cells)}</table:table-row>')
    content = ('<?xml version="1.0" encoding="UTF-8"?>\n'
               '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
               f'<office:body><office:spreadsheet><table:table table:name="{esc(sheet_name)}">{"".join(body)}'
               '</table:table></office:spreadsheet></office:body></office:document-content>')
    manifest = ('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                '</manifest:manifest>')
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype", date_time=(2024, 1, 1, 0, 0, 0)),
                   "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        z.writestr(zipfile.ZipInfo("content.xml", date_time=(2024, 1, 1, 0, 0, 0)), content, zipfile.ZIP_DEFLATED)
        z.writestr(zipfile.ZipInfo("META-INF/manifest.xml", date_time=(2024, 1, 1, 0, 0, 0)), manifest,
                   zipfile.ZIP_DEFLATED)


def spreadsheets(rng):
    with open(os.path.join(DATA, "roster.csv"), encoding="utf-8") as f:
        rows = list(csv.reader(f))
    header, data = rows[0], rows[1:]

    def typed(row):
        out = []
        for i, v in enumerate(row):
            out.append(float(v) if i >= 3 and v != "" else v)
        return out

    sheet = [header + ["Hire date", "Weight x 2"]]
    for r, row in enumerate(data, start=2):
        serial = 40000 + rng.randint(0, 4000)
        sheet.append(typed(row) + [("date", serial), ("formula", f"D{r}*2", float(row[3]) * 2)])
    xlsx(os.path.join(DATA, "roster.xlsx"), "Roster", sheet)
    ods(os.path.join(TESTS, "roster.ods"), "Roster", [header] + [typed(r) for r in data])
    bad = [header]
    for r, row in enumerate(data[:6], start=2):
        bad.append(typed(row))
    bad[2][4] = ("formula", "E2*2", 0.5)   # E3: a formula
    bad[4][6] = ("date", 45000)           # G5: a date
    bad[6][10] = ("error", "#DIV/0!")     # K7: an error value
    bad.append(typed(data[6]))
    bad[7][4] = 2.0                       # E8: out of range
    xlsx(os.path.join(TESTS, "bad_cells.xlsx"), "Team data", bad)
    with open(os.path.join(DATA, "questionnaire_responses.csv"), encoding="utf-8") as f:
        answers = list(csv.reader(f))
    numeric = [answers[0]] + [[r[0], r[1]] + [float(v) if v else None for v in r[2:]] for r in answers[1:]]
    xlsx(os.path.join(TESTS, "responses.xlsx"), "Form responses 1", numeric)
    try:
        import polars as pl
    except ImportError:
        print("polars not installed: tests/data/roster.parquet not written")
        return
    df = pl.read_csv(os.path.join(DATA, "roster.csv"))
    df.write_parquet(os.path.join(TESTS, "roster.parquet"), compression="snappy", statistics=False)


def main():
    rng = random.Random(18)
    workday(rng)
    surveys(rng)
    spreadsheets(rng)
    print("wrote the samples of issue 18")


if __name__ == "__main__":
    main()
