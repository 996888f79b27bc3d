"""The default decoder path on real photos: the ZXing blackbox QR corpus (179 images).

ZXing's ``N.txt`` holds the expected text as UTF-8, so a decode counts as right when the
decoded text, encoded as UTF-8, equals the file's bytes exactly (nothing stripped: several
expected texts end in whitespace or CR/LF on purpose). Comparing with the symbol's raw bytes
instead would fail the Shift_JIS and GB2312 samples although they decode correctly.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pos_app.scanning.decoders import decode_image_file, load_gray_image, make_decoder

CORPUS = Path(__file__).resolve().parents[3] / "shared/corpora/zxing-qr"
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg")
#: zxing-cpp once with defaults gets 166; the fallback passes add 4 (see decoders.py).
MIN_CORRECT = 168


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
    decoder = make_decoder()
    wrong = []
    for image, expected in items:
        texts = [d.text.encode("utf-8") for d in decoder.decode(load_gray_image(image))]
        if expected not in texts:
            wrong.append(image.relative_to(CORPUS).as_posix())
    correct = len(items) - len(wrong)
    assert len(items) == 179
    assert correct >= MIN_CORRECT, f"{correct}/{len(items)} right; wrong: {wrong}"


def test_decode_image_file_on_a_corpus_photo(items: list[tuple[Path, bytes]]) -> None:
    image, expected = items[0]
    result = decode_image_file(image, make_decoder())
    assert result["text"].encode("utf-8") == expected
    assert result["format"] == "QRCode"
    assert "reason" not in result
