"""Write the scan sounds (pos_app/resources/sounds/*.wav) from a few numbers.

    uv run python tools/make_sounds.py

Generated rather than recorded so they are ours to ship (no licence question) and easy to
retune. 16-bit stereo 48 kHz PCM WAV, which QSoundEffect plays on every platform without a codec.
Success: one short high beep, like a hand-held scanner. Error: two low buzzes, unmistakably
different even in a noisy market. A new online order: a rising chime.
"""

from __future__ import annotations

import math
import struct
import wave
from pathlib import Path

RATE = 48_000  # with stereo 16-bit: the mix format most sound cards run at
OUT = Path(__file__).resolve().parents[1] / "pos_app/resources/sounds"


def tone(freq: float, ms: int, volume: float = 0.5, square: bool = False) -> list[float]:
    n = RATE * ms // 1000
    fade = RATE * 5 // 1000  # 5 ms ramps: no click at the edges
    samples = []
    for i in range(n):
        s = math.sin(2 * math.pi * freq * i / RATE)
        if square:  # a softened square wave: a buzz that cuts through noise
            s = max(-1.0, min(1.0, 3 * s))
        ramp = min(1.0, i / fade, (n - 1 - i) / fade)
        samples.append(volume * ramp * s)
    return samples


def silence(ms: int) -> list[float]:
    return [0.0] * (RATE * ms // 1000)


def write(name: str, samples: list[float]) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with wave.open(str(OUT / name), "wb") as w:
        w.setnchannels(2)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(b"".join(struct.pack("<hh", *[round(s * 32767)] * 2) for s in samples))


def main() -> None:
    write("scan_ok.wav", tone(2_700, 90, 0.45))
    write("scan_error.wav", tone(330, 160, 0.5, True) + silence(70) + tone(330, 160, 0.5, True))
    # A new online order: a rising three-note chime, friendly but not to be missed.
    write(
        "order_new.wav",
        tone(660, 140, 0.4)
        + silence(40)
        + tone(880, 140, 0.4)
        + silence(40)
        + tone(1320, 260, 0.4),
    )


if __name__ == "__main__":
    main()
