"""A thermal printer's head: how many dots it prints across, at what resolution.

The receipt is drawn as a picture exactly the head's width, so the head, not the roll, is
what the renderer needs: an 80 mm roll is 576 dots on a 203 dpi printer (Epson TM-T20,
Bixolon SRP-E/Q series) but 512 on a 180 dpi one (Epson TM-T88, Bixolon SRP-350/330), and
a printer discards raster data beyond its head, which loses the right-hand amounts.
"""

from __future__ import annotations

from dataclasses import dataclass

_MM_PER_INCH = 25.4


@dataclass(frozen=True)
class PrintHead:
    dots: int  # printable width in dots
    dpi: int  # dots per inch, across and down (thermal heads are square)

    @property
    def printable_mm(self) -> float:
        return round(self.dots * _MM_PER_INCH / self.dpi, 1)

    @property
    def paper_mm(self) -> int:
        """The roll it prints on: 80 mm rolls leave 72 mm printable, 58 mm ones 48 mm."""
        return 80 if self.printable_mm >= 60 else 58

    @property
    def key(self) -> str:
        return f"{self.dots}@{self.dpi}"

    def mm_to_dots(self, mm: float) -> int:
        return round(mm * self.dpi / _MM_PER_INCH)


HEAD_80_203 = PrintHead(576, 203)  # 80 mm, 72 mm printable: most printers sold today
HEAD_80_180 = PrintHead(512, 180)  # 80 mm, 72 mm printable: Epson TM-T88, Bixolon SRP-350
HEAD_58_203 = PrintHead(384, 203)  # 58 mm, 48 mm printable

HEADS: tuple[PrintHead, ...] = (HEAD_80_203, HEAD_80_180, HEAD_58_203)
DEFAULT_HEAD = HEAD_80_203


def head_by_key(key: str) -> PrintHead | None:
    return next((head for head in HEADS if head.key == key), None)


def head_for_paper(paper_mm: int) -> PrintHead:
    """The head settings saved before heads were chosen meant: 58 or 80 mm at 203 dpi."""
    return HEAD_58_203 if paper_mm == 58 else HEAD_80_203
