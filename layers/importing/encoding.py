"""Text encodings of planners' files: UTF-8 (with or without BOM) or GBK / GB18030.

Chinese government data still arrives GBK-encoded, often without a ``.cpg`` saying so.
The rule is simple and never produces mojibake: an explicit ``--encoding`` wins, then a
``.cpg`` file, then a byte order mark; bytes that are valid UTF-8 are UTF-8, anything
else is GB18030 (a superset of GBK and GB2312 that can decode every byte sequence those
produce). Latin-1 is never guessed: it "decodes" anything and silently garbles Chinese.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from layers.errors import InputError

UTF8 = "utf-8"
UTF8_BOM = "utf-8-sig"
GB = "gb18030"

_CPG_ALIASES = {
    "utf8": UTF8,
    "65001": UTF8,
    "utf-8": UTF8,
    "gbk": GB,
    "gb2312": GB,
    "gb18030": GB,
    "936": GB,
    "cp936": GB,
    "ansi936": GB,
    "54936": GB,
    "big5": "big5",
    "950": "big5",
    "cp950": "big5",
    "latin1": "latin-1",
    "iso88591": "latin-1",
    "88591": "latin-1",
    "1252": "cp1252",
    "ansi1252": "cp1252",
}


def normalise(name: str, option: str = "--encoding") -> str:
    """A Python codec name for an encoding as users, ``.cpg`` files and Windows spell it."""
    key = re.sub(r"[\s_]", "", (name or "").strip().lower())
    if key in _CPG_ALIASES:
        return _CPG_ALIASES[key]
    try:
        info = codecs.lookup(key)
    except LookupError as exc:
        raise InputError("bad_encoding", f"{option}: unknown encoding {name!r}") from exc
    return GB if info.name in ("gbk", "gb2312") else info.name


def read_cpg(shp: Path) -> str | None:
    """The encoding named by the shapefile's ``.cpg`` sidecar, if there is one."""
    for candidate in (shp.with_suffix(".cpg"), shp.with_suffix(".CPG")):
        if candidate.exists():
            text = candidate.read_bytes().decode("ascii", errors="ignore").strip()
            if text:
                return normalise(text, option=candidate.name)
    return None


def detect(data: bytes) -> str:
    """``utf-8-sig`` with a BOM, ``utf-8`` when the bytes are valid UTF-8, else ``gb18030``."""
    if data.startswith(codecs.BOM_UTF8):
        return UTF8_BOM
    try:
        data.decode(UTF8)
    except UnicodeDecodeError:
        return GB
    return UTF8


def decode(data: bytes, encoding: str | None, *, file: str) -> tuple[str, str]:
    """``(text, encoding used)``; InputError naming the file when the bytes do not decode."""
    enc = encoding or detect(data)
    if enc == UTF8 and data.startswith(codecs.BOM_UTF8):
        enc = UTF8_BOM
    try:
        return data.decode(enc), enc
    except UnicodeDecodeError as exc:
        raise InputError(
            "bad_encoding",
            f"the bytes at offset {exc.start} are not valid {enc}; try --encoding",
            file=file,
        ) from exc


def dbf_text_encoding(dbf: Path) -> str:
    """UTF-8 if every text field of the DBF's records is valid UTF-8, else GB18030.

    Only the character (``C``) fields are checked, record by record, so binary numeric
    fields cannot mislead the guess.
    """
    data = dbf.read_bytes()
    fields, header_len, record_len, count = dbf_layout(data, file=dbf.name)
    text_slices = [(off, size) for (_name, ftype, off, size) in fields if ftype in (b"C", b"M")]
    chunks = []
    for i in range(count):
        start = header_len + i * record_len
        if start + record_len > len(data):
            break
        for off, size in text_slices:
            chunks.append(data[start + off : start + off + size])
    chunks.extend(name for (name, _t, _o, _s) in fields)
    return UTF8 if all(_utf8_allowing_cut_end(c.rstrip(b" \x00")) for c in chunks) else GB


def _utf8_allowing_cut_end(chunk: bytes) -> bool:
    """Valid UTF-8, allowing a last character cut short by a fixed field width."""
    for cut in range(4):
        try:
            chunk[: len(chunk) - cut].decode(UTF8)
            return True
        except UnicodeDecodeError:
            continue
    return False


def dbf_layout(data: bytes, *, file: str) -> tuple[list[tuple[bytes, bytes, int, int]], int, int, int]:
    """Parse a dBASE header: ``(fields, header length, record length, record count)``.

    ``fields`` are ``(name, type, offset in record, size)``. A header that does not add
    up raises InputError: GDAL would otherwise read garbage or crash deep inside.
    """
    bad = InputError("bad_dbf", "the .dbf attribute file is damaged (bad header)", file=file)
    if len(data) < 33 or data[0] not in (0x02, 0x03, 0x04, 0x05, 0x30, 0x31, 0x43, 0x63, 0x83, 0x8B, 0x8E, 0xCB, 0xF5, 0xFB):
        raise bad
    count = int.from_bytes(data[4:8], "little")
    header_len = int.from_bytes(data[8:10], "little")
    record_len = int.from_bytes(data[10:12], "little")
    if header_len < 33 or record_len < 1 or header_len > len(data):
        raise bad
    fields = []
    pos = 32
    offset = 1  # the deletion flag
    while pos + 32 <= header_len and data[pos] != 0x0D:
        desc = data[pos : pos + 32]
        name = desc[:11].split(b"\x00", 1)[0]
        ftype = desc[11:12]
        size = desc[16]
        fields.append((name, ftype, offset, size))
        offset += size
        pos += 32
    if offset != record_len or header_len + count * record_len > len(data):
        raise bad
    return fields, header_len, record_len, count
