"""The default decoder path on real photos: the ZXing blackbox QR corpus (179 images).

ZXing's ``N.txt`` holds the expected text as UTF-8, so a decode counts as right when the
decoded text, encoded as UTF-8, equals the file's bytes exactly (nothing stripped: several
expected texts end in whitespace or CR/LF on purpose). Comparing with the symbol's raw bytes
instead would fail the Shift_JIS and GB2312 samples although they decode correctly.

The camera decoder's later passes (blur, contrast, small codes) must not cost a photo the
three-pass decoder read: ``corpus_read_before_passes.txt`` lists the 170 it read (measured with
that decoder before the passes were added), and every one of them must still be read. The
decoder here runs with a clock that never advances, so its per-frame budget cannot cut a pass
on a slow or busy test machine: what is tested is what the passes read, not how fast.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pos_app.scanning.decoders import (
    ZxingDecoder,
    decode_image_file,
    load_gray_image,
    make_decoder,
)

CORPUS = Path(__file__).resolve().parents[3] / "shared/corpora/zxing-qr"
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg")
#: zxing-cpp once with defaults gets 166; the fallback passes add 4 (see decoders.py).
MIN_CORRECT = 170
READ_BEFORE = Path(__file__).with_name("corpus_read_before_passes.txt")


def corpus_items(root: Path) -> list[tuple[Path, bytes]]:
    """(image, expected bytes) for every image that has its N.txt; images without one skipped."""
    items = []
    for image in sorted(root.glob("*/*")):
        expected = image.with_suffix(".txt")
        if image.suffix.lower() in IMAGE_SUFFIXES and expected.is_file():
            items.append((image, expected.read_bytes()))
    return items


@pytest.fixture(scope="module")
def items() -> list[tuple[Path, bytes]]:
    if not CORPUS.is_dir():
        pytest.skip(f"corpus not found at {CORPUS}")
    found = corpus_items(CORPUS)
    if not found:
        pytest.skip(f"no images with expected text in {CORPUS}")
    return found


def test_default_path_reads_enough_of_the_corpus(items: list[tuple[Path, bytes]]) -> None:
    decoder = ZxingDecoder(clock=lambda: 0.0)
    assert decoder.name == make_decoder().name
    wrong = []
    for image, expected in items:
        texts = [d.text.encode("utf-8") for d in decoder.decode(load_gray_image(image))]
        if expected not in texts:
            wrong.append(image.relative_to(CORPUS).as_posix())
    correct = len(items) - len(wrong)
    assert len(items) == 179
    assert correct >= MIN_CORRECT, f"{correct}/{len(items)} right; wrong: {wrong}"
    before = READ_BEFORE.read_text(encoding="utf-8").split()
    assert len(before) == 170
    lost = sorted(set(before) & set(wrong))
    assert not lost, f"read before the passes were added, not now: {lost}"


def test_decode_image_file_on_a_corpus_photo(items: list[tuple[Path, bytes]]) -> None:
    image, expected = items[0]
    result = decode_image_file(image, make_decoder())
    assert result["text"].encode("utf-8") == expected
    assert result["format"] == "QRCode"
    assert "reason" not in result
