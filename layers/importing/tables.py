"""Reading spreadsheets (CSV and XLSX) into a :class:`Source`.

Planners' spreadsheets have title rows above the header, merged cells (a township name
merged down over its villages), blank separator rows, and sometimes no header at all.
The header is the row among the first few that names the most recognised columns; rows
above it are titles; merged cells are filled from their top-left cell; blank rows are
dropped. Row numbers stay the spreadsheet's own, so messages point at the right row.

The statistics bureau's division-code layout published as "adcode" (code, parent, name,
level, rank, ..., longitude, latitude, ...; no header; GCJ-02 coordinates from Amap) is
recognised and its columns named, so ``import`` needs no ``--field`` for it.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pandas as pd

from layers.errors import InputError
from layers.importing import encoding as enc
from layers.importing.fields import is_known_column
from layers.importing.source import Source
from layers.importing.source_crs import parse_crs

TABLE_SUFFIXES = {".csv", ".txt", ".tsv", ".xlsx", ".xlsm"}

ADCODE_COLUMNS = (
    "code", "parent", "name", "level", "rank", "county_adcode", "post_code", "area_code",
    "ur_code", "municipality", "virtual", "dummy", "longitude", "latitude", "center",
    "province", "city", "county", "town", "village",
)
_ADCODE_LEVELS = {"country", "province", "city", "county", "town", "village"}
_HEADER_SCAN_ROWS = 10

Cells = list[object]


def _blank(v) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def _clean(v):
    if isinstance(v, str):
        v = v.strip()
        return v or None
    return v


def _looks_numeric(v) -> bool:
    if isinstance(v, (int, float)):
        return True
    return isinstance(v, str) and re.fullmatch(r"[-+]?\d+(\.\d*)?", v.strip()) is not None


def is_adcode_row(cells: Cells) -> bool:
    """True for a row of the adcode hierarchy layout (12-digit code, level word, rank)."""
    if len(cells) < 14:
        return False
    code, level, rank = (str(cells[i]).strip() if cells[i] is not None else "" for i in (0, 3, 4))
    return re.fullmatch(r"\d{12}", code) is not None and level in _ADCODE_LEVELS and rank.isdigit()


def _unique_names(header: Cells) -> list[str]:
    names: list[str] = []
    seen: dict[str, int] = {}
    for i, v in enumerate(header):
        name = str(v).strip() if not _blank(v) else str(i + 1)
        if isinstance(v, float) and v.is_integer():
            name = str(int(v))
        if name in seen:
            seen[name] += 1
            name = f"{name}_{seen[name]}"
        else:
            seen[name] = 1
        names.append(name)
    return names


def tabulate(
    records: list[tuple[int, Cells]], *, file: str, header: bool | None = None
) -> tuple[pd.DataFrame, list[int], str | None, list[str]]:
    """Split ``(row number, cells)`` records into a table: ``(table, rows, layout, warnings)``.

    ``header`` True/False forces a header row or none; None detects it.
    """
    records = [(n, [_clean(c) for c in cells]) for n, cells in records]
    records = [(n, cells) for n, cells in records if not all(_blank(c) for c in cells)]
    if not records:
        raise InputError("empty_file", "the file has no data rows", file=file)
    width = max(len(cells) for _n, cells in records)
    warnings: list[str] = []
    layout = None
    if header is not True and is_adcode_row(records[0][1]):
        layout = "adcode"
        names = list(ADCODE_COLUMNS[:width]) + [str(i + 1) for i in range(len(ADCODE_COLUMNS), width)]
        body = records
    elif header is False:
        names = [str(i + 1) for i in range(width)]
        body = records
    else:
        scan = records[:_HEADER_SCAN_ROWS]
        scores = [sum(1 for c in cells if not _blank(c) and is_known_column(c)) for _n, cells in scan]
        best = max(range(len(scan)), key=lambda i: (scores[i], -i))
        if scores[best] == 0:
            best = 0
            if header is None and any(_looks_numeric(c) for c in scan[0][1]):
                names = [str(i + 1) for i in range(width)]
                warnings.append("no header row recognised: columns are numbered 1, 2, ...")
                body = records
                return _frame(names, body), [n for n, _c in body], layout, warnings
        head = records[best][1] + [None] * (width - len(records[best][1]))
        names = _unique_names(head)
        if best > 0:
            warnings.append(f"rows above {records[best][0]} taken as titles, row {records[best][0]} as the header")
        body = records[best + 1 :]
    return _frame(names, body), [n for n, _c in body], layout, warnings


def _frame(names: list[str], body: list[tuple[int, Cells]]) -> pd.DataFrame:
    width = len(names)
    data = [cells[:width] + [None] * (width - len(cells)) for _n, cells in body]
    return pd.DataFrame(data, columns=names, dtype=object)


def _sniff_delimiter(text: str, suffix: str) -> str:
    if suffix == ".tsv":
        return "\t"
    sample = [ln for ln in text.splitlines()[:20] if ln.strip()]
    best, best_score = ",", -1.0
    for d in (",", "\t", ";", "|"):
        counts = [ln.count(d) for ln in sample]
        if not counts or max(counts) == 0:
            continue
        # a delimiter present on every line, the same number of times, is the one
        score = sum(1 for c in counts if c == counts[0] and c > 0) + min(counts) / 100.0
        if score > best_score:
            best, best_score = d, score
    return best


def read_csv(path: Path, encoding: str | None = None, header: bool | None = None) -> Source:
    """A CSV (or TSV) file; UTF-8 with or without BOM, else GB18030, or ``encoding``."""
    file = path.name
    text, used = enc.decode(path.read_bytes(), encoding, file=file)
    if not text.strip():
        raise InputError("empty_file", "the file is empty", file=file)
    text = text.replace("\x00", "")
    delimiter = _sniff_delimiter(text, path.suffix.lower())
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records: list[tuple[int, Cells]] = []
    start = 1
    try:
        for cells in reader:
            records.append((start, list(cells)))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise InputError("bad_csv", f"line {reader.line_num}: {exc}", file=file) from exc
    table, rows, layout, warnings = tabulate(records, file=file, header=header)
    src = Source(file, table, rows, encoding=used, layout=layout, warnings=warnings)
    if layout == "adcode":
        src.default_crs = parse_crs("gcj02")
    return src


def _sheet(workbook, sheet: str | None, file: str):
    names = workbook.sheetnames
    if sheet is None:
        return workbook[names[0]]
    if sheet in names:
        return workbook[sheet]
    if sheet.isdigit() and 1 <= int(sheet) <= len(names):
        return workbook[names[int(sheet) - 1]]
    raise InputError("bad_option", f"--sheet: no sheet {sheet!r} (sheets: {', '.join(names)})", file=file)


def read_xlsx(path: Path, sheet: str | None = None, header: bool | None = None) -> Source:
    """One sheet of an Excel workbook (the first, or ``sheet`` by name or number)."""
    import openpyxl  # heavy; only when an Excel file is imported

    file = path.name
    try:
        workbook = openpyxl.load_workbook(path, data_only=True)
    except Exception as exc:  # zipfile, XML and openpyxl errors alike
        raise InputError("bad_xlsx", f"not a readable Excel .xlsx file ({type(exc).__name__})", file=file) from exc
    try:
        ws = _sheet(workbook, sheet, file)
        fills: dict[tuple[int, int], object] = {}
        for merged in ws.merged_cells.ranges:
            value = ws.cell(merged.min_row, merged.min_col).value
            if isinstance(value, (int, float)) and merged.max_row > merged.min_row:
                continue  # a count merged over rows belongs to no single row: validation names the gap
            for r in range(merged.min_row, merged.max_row + 1):
                for c in range(merged.min_col, merged.max_col + 1):
                    fills.setdefault((r, c), value)
        records = []
        for r, values in enumerate(ws.iter_rows(min_row=1, values_only=True), start=1):
            cells = list(values)
            for c in range(1, len(cells) + 1):
                if cells[c - 1] is None and (r, c) in fills:
                    cells[c - 1] = fills[(r, c)]
            records.append((r, cells))
    except InputError:
        raise
    except Exception as exc:  # a workbook openpyxl loads but cannot walk
        raise InputError("bad_xlsx", f"cannot read the sheet ({type(exc).__name__})", file=file) from exc
    finally:
        workbook.close()
    table, rows, layout, warnings = tabulate(records, file=file, header=header)
    src = Source(file, table, rows, encoding=None, layout=layout, warnings=warnings)
    if layout == "adcode":
        src.default_crs = parse_crs("gcj02")
    return src
