"""What the camera decoder remembers of the scene in front of it, so a still scene costs little.

A counter camera mostly looks at an empty counter. Every such frame fails the first read, and
without memory the retry passes would run to the per-frame budget on every frame, 8 times a
second, all day: most of a core on a shop's 2-core PC. And a phone held still whose code only
a late pass reads would be cut by the budget at the same place on every frame, so that pass
would never run.

So each frame is reduced to a thumbnail (Pillow's box filter, in C: sensor noise averages out
over the 16x16 pixels behind each thumbnail pixel) and compared with the previous frame's.
On the *same scene* the passes resume where the previous frame stopped, so over successive
frames a still scene gets every pass; once a whole round has run with nothing read, later
frames of that scene get only the first read (idle) until the scene changes. A changed scene
starts from the first pass again.

Thresholds, measured on the hard frames of ``tests/scanning/hard_frames.py`` (60 frames, two
fresh draws of sensor noise on the same scene; and the same frames with the code moved by
2 px): with the hard frames' noise (sigma 2) no thumbnail pixel differs by 2 grey levels or
more, with sigma 4 at most 13 do, with sigma 6 up to 79 (so a very noisy camera is taken for a
changing scene: it costs work, never a read); a code moved by 2 px changes at least 12 pixels
by 2 or more even at 6 % contrast (dim), and hundreds on a sharp code.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PIL import Image, ImageChops

Box = tuple[int, int, int, int]

#: Thumbnail width in pixels (80x45 for a 16:9 frame: 16x16 camera pixels per thumbnail pixel).
THUMB_WIDTH = 80
#: A thumbnail pixel "differs" when it moved by at least this many grey levels.
DIFF_LEVEL = 2
#: The scene changed when at least this many thumbnail pixels differ.
DIFF_PIXELS = 8


def thumbnail(image: Image.Image) -> Image.Image:
    """The frame reduced to about THUMB_WIDTH px wide by averaging (box filter, in C)."""
    width = min(THUMB_WIDTH, image.width)
    height = max(1, round(image.height * width / image.width))
    return image.resize((width, height), Image.Resampling.BOX)


def same_scene(a: Image.Image, b: Image.Image) -> bool:
    """Whether two thumbnails show the same scene (only fresh sensor noise between them)."""
    if a.size != b.size:
        return False
    histogram = ImageChops.difference(a, b).histogram()
    return sum(histogram[DIFF_LEVEL:]) < DIFF_PIXELS


@dataclass
class SceneMemory:
    """Where the passes are on the current scene: the next pass to run, or idle.

    ``observe`` is called once per frame (before or after its first read); the decoder then
    asks :meth:`start_index` where to begin, and reports back with :meth:`stopped_at`,
    :meth:`read_at` or :meth:`round_done`.
    """

    #: The next pass to run on this scene (an index into the pass order).
    next_pass: int = 0
    #: A whole round of passes ran on this scene with nothing read: first read only.
    idle: bool = False
    #: Candidate boxes the passes found on this scene (e.g. the half-size sharpened read's),
    #: so a pass resumed on a later frame still gets the crops an earlier pass found.
    candidates: list[Box] = field(default_factory=list)
    #: A pass read a code in this round of passes on this scene.
    read_this_round: bool = False
    #: Whether the last observed frame continued the scene before it.
    last_same: bool = False
    _thumb: Image.Image | None = None

    def observe(self, image: Image.Image) -> bool:
        """Compare the frame with the previous one; a changed scene starts from the first pass."""
        thumb = thumbnail(image)
        self.last_same = self._thumb is not None and same_scene(self._thumb, thumb)
        self._thumb = thumb
        if not self.last_same:
            self.next_pass = 0
            self.idle = False
            self.read_this_round = False
            self.candidates = []
        return self.last_same

    def stopped_at(self, index: int) -> None:
        """The budget stopped the passes before pass ``index``: the next frame starts there."""
        self.next_pass = index

    def read_at(self, index: int) -> None:
        """Pass ``index`` read a code: the next frame of this scene starts at that pass again.

        A camera read becomes a scan only when two frames read it (``read_filter.py``), so a
        still code that only a late pass reads must be read by that pass twice.
        """
        self.next_pass = index
        self.read_this_round = True

    def round_done(self) -> None:
        """The last pass has run on this scene: idle, unless a pass read in this round.

        A still code read once by a late pass and then missed on the next frame (sensor noise
        decides, near the limit) gets another round rather than idleness: it still needs its
        second read. A round with nothing read means there is nothing the passes can read.
        """
        self.next_pass = 0
        self.idle = not self.read_this_round
        self.read_this_round = False
