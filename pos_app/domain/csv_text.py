"""The bytes of a CSV file as text lines: encoding detection, chunked reading, progress.

Files come from Excel on a Korean Windows PC, so three encodings cover them: UTF-8
with a BOM ("CSV UTF-8"), CP949 (plain "CSV", Excel's Korean default) and UTF-16
with a BOM ("Unicode text", tab-separated); other tools write UTF-8 without a BOM.
A BOM decides at once. Without one the file is read as ASCII until its first
non-ASCII bytes, and those decide: valid UTF-8 is UTF-8 (CP949 Hangul is almost never
valid UTF-8), else valid CP949 is CP949, else the file is refused. A file that was
decided and later holds a byte its encoding cannot read keeps going: the byte becomes
a lone surrogate (``surrogateescape``) that :func:`has_undecodable` finds, so one bad
row is reported instead of the whole file.
"""

from __future__ import annotations

import codecs
import io
import itertools
import re
from collections.abc import Callable, Iterable, Iterator
from typing import BinaryIO

#: (done_bytes, total_bytes); total is 0 while unknown (a Qt progress bar with a range
#: of 0 shows "busy"), and the last call, at the end, has done == total.
Progress = Callable[[int, int], None]

CHUNK_SIZE = 64 * 1024

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Saved as a workbook instead of CSV: .xlsx is a zip, .xls an OLE2 compound file.
_WORKBOOK_SIGNATURES = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")
# Enough non-ASCII bytes to tell UTF-8 from CP949 (about 8 Hangul syllables), or
# enough bytes read past the first one to stop waiting for more.
_EVIDENCE_BYTES = 24
_EVIDENCE_WINDOW = 64 * 1024
_HEAD_BYTES = 1024  # for the BOM, a workbook's signature and a UTF-16 file's NULs
_NON_ASCII = re.compile(rb"[\x80-\xff]")
_UNDECODABLE = re.compile("[\udc80-\udcff]")
_LINE_END = re.compile(r"\r\n|\n|\r")


class UndecodableFile(ValueError):
    """Not a text file this reader knows; ``reason`` is ``not_text`` or ``unknown_encoding``."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def has_undecodable(text: str) -> bool:
    """Whether ``text`` holds bytes its file's encoding could not read."""
    return _UNDECODABLE.search(text) is not None


def read_chunks(
    source: bytes | BinaryIO,
    *,
    total_bytes: int | None = None,
    progress: Progress | None = None,
    chunk_size: int = CHUNK_SIZE,
) -> Iterator[bytes]:
    """The source in chunks, calling ``progress`` after each one is read.

    ``total_bytes`` defaults to the length of ``bytes`` or of a seekable stream.
    The progress callback may raise to cancel the read.
    """
    stream: BinaryIO = io.BytesIO(source) if isinstance(source, bytes) else source
    total = total_bytes if total_bytes is not None else _remaining_size(stream)
    done = 0
    while chunk := stream.read(chunk_size):
        done += len(chunk)
        if progress is not None:
            progress(done, 0 if total is None else max(total, done))
        yield chunk
    if progress is not None:
        progress(done, done)


def _remaining_size(stream: BinaryIO) -> int | None:
    if not stream.seekable():
        return None
    here = stream.tell()
    end = stream.seek(0, io.SEEK_END)
    stream.seek(here)
    return end - here


class DecodedText:
    """Iterates the text of byte chunks; ``encoding`` is known once the bytes tell it."""

    def __init__(self, chunks: Iterable[bytes]) -> None:
        self._chunks = iter(chunks)
        #: utf-8-sig, utf-16, utf-8 or cp949; "ascii" while nothing else was seen.
        self.encoding = "ascii"

    def __iter__(self) -> Iterator[str]:
        head = b""
        for chunk in self._chunks:
            head += chunk
            if len(head) >= _HEAD_BYTES:
                break
        if head.startswith(_WORKBOOK_SIGNATURES):
            raise UndecodableFile("not_text")
        for bom, encoding in _BOMS:
            if head.startswith(bom):
                yield from self._decode(encoding, head)
                return
        # Text has no NUL bytes; UTF-16 without a BOM has one in every other byte.
        sample = head[:_HEAD_BYTES]
        if sample.count(0) * 10 > len(sample):
            raise UndecodableFile("not_text")
        yield from self._sniff(head)

    def _decode(self, encoding: str, first: bytes) -> Iterator[str]:
        self.encoding = encoding
        decoder = codecs.getincrementaldecoder(encoding)(errors="surrogateescape")
        yield decoder.decode(first)
        for chunk in self._chunks:
            yield decoder.decode(chunk)
        yield decoder.decode(b"", final=True)

    def _sniff(self, head: bytes) -> Iterator[str]:
        pending = b""
        for chunk in itertools.chain((head,), self._chunks):
            text, pending, encoding = _undecided(pending + chunk, final=False)
            yield text
            if encoding is not None:
                yield from self._decode(encoding, pending)
                return
        text, pending, encoding = _undecided(pending, final=True)
        yield text
        if encoding is not None:
            yield from self._decode(encoding, pending)
        else:
            self.encoding = "utf-8"  # plain ASCII: read as UTF-8, the same thing


def _undecided(pending: bytes, *, final: bool) -> tuple[str, bytes, str | None]:
    """(ASCII text that can go out, bytes kept back, the encoding once decided)."""
    first = _NON_ASCII.search(pending)
    if first is None:
        return pending.decode("ascii"), b"", None
    ascii_part, rest = pending[: first.start()], pending[first.start() :]
    evidence = len(_NON_ASCII.findall(rest))
    if not final and evidence < _EVIDENCE_BYTES and len(rest) < _EVIDENCE_WINDOW:
        return ascii_part.decode("ascii"), rest, None
    return ascii_part.decode("ascii"), rest, _judge(rest, final=final)


def _judge(sample: bytes, *, final: bool) -> str:
    """UTF-8 if the sample reads as UTF-8, else CP949 if it reads as that.

    A few bad bytes (a broken cell) are forgiven to the encoding with fewer of them: read
    in the wrong one of the two, Korean text fails at a fifth (UTF-8 read as CP949) to
    three quarters (CP949 as UTF-8) of its non-ASCII bytes, far above 5 %.
    """
    errors = {}
    for encoding in ("utf-8", "cp949"):
        decoder = codecs.getincrementaldecoder(encoding)(errors="surrogateescape")
        text = decoder.decode(sample, final=final)
        errors[encoding] = len(_UNDECODABLE.findall(text))
        if errors[encoding] == 0:
            return encoding
    best = min(errors, key=lambda encoding: errors[encoding])
    if errors[best] <= max(2, len(_NON_ASCII.findall(sample)) // 20):
        return best
    raise UndecodableFile("unknown_encoding")


def split_lines(pieces: Iterable[str]) -> Iterator[str]:
    """Text pieces as lines, each with its ending (CRLF, LF or CR) as the csv module wants.

    A CR at the end of a piece waits for the next one: it may be half of a CRLF, and
    cut in two it would read as an extra blank row.
    """
    tail = ""
    for piece in pieces:
        text = tail + piece
        start = 0
        for end in _LINE_END.finditer(text):
            if end.group() == "\r" and end.end() == len(text):
                break
            yield text[start : end.end()]
            start = end.end()
        tail = text[start:]
    if tail:
        yield tail
