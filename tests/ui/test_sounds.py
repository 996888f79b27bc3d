"""The scan sounds ship with the app and are what QSoundEffect plays everywhere: PCM WAV."""

from __future__ import annotations

import struct
import wave
from pathlib import Path

import pytest

from pos_app.ui.sounds import ERROR_FILE, ORDER_FILE, SUCCESS_FILE, ScanSounds, sound_path


@pytest.mark.parametrize(
    ("name", "longest_s"), [(SUCCESS_FILE, 0.15), (ERROR_FILE, 0.5), (ORDER_FILE, 0.7)]
)
def test_sound_files_are_short_audible_pcm(name: str, longest_s: float) -> None:
    with wave.open(sound_path(name), "rb") as w:
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (2, 2, 48_000)
        frames = w.readframes(w.getnframes())
        duration = w.getnframes() / w.getframerate()
    assert 0.05 < duration <= longest_s  # a beep, not a jingle that delays the next scan
    samples = struct.unpack(f"<{len(frames) // 2}h", frames)
    assert max(abs(s) for s in samples) > 8_000  # loud enough to hear at a busy counter
    assert abs(samples[0]) < 500 and abs(samples[-1]) < 500  # faded: no click


def test_the_player_loads_the_packaged_files(qapp) -> None:
    sounds = ScanSounds()
    assert sorted(Path(p).name for p in sounds.sources) == sorted(
        [ERROR_FILE, ORDER_FILE, SUCCESS_FILE]
    )
    assert all(Path(p).is_file() for p in sounds.sources)
