"""Undo what the Korean IME (두벌식 layout) does to a keyboard-wedge scan.

A USB scanner "types" its text as key presses. When the Windows Korean IME is
in Hangul mode those keys come out as Hangul: "ABC123" arrives as "ㅁㅠㅊ123",
and letters typed after a consonant-vowel pair even fuse into syllables
("RK" -> "까"). Every jamo of the standard 두벌식 layout sits on exactly one key,
so the keys can be recovered by decomposing the text: syllables into
initial/medial/final, compound vowels (ㅘ = ㅗ+ㅏ) and compound finals
(ㄳ = ㄱ+ㅅ) into their parts, each part into its key.

What cannot be recovered is letter case: ㅁ is "a" and "A" alike, and ㅃ is
only Shift+Q. So repaired letters are upper case, which is what the codes we
scan (payment codes, store codes) use.

:func:`compose_dubeolsik` is the other direction, a model of the IME itself,
used by the demo and to prove that repair undoes it.
"""

from __future__ import annotations

from typing import Final

# Compatibility jamo (U+3131..) in the order the 두벌식 keys produce them.
_UNSHIFTED: Final[dict[str, str]] = {
    "q": "ㅂ",
    "w": "ㅈ",
    "e": "ㄷ",
    "r": "ㄱ",
    "t": "ㅅ",
    "y": "ㅛ",
    "u": "ㅕ",
    "i": "ㅑ",
    "o": "ㅐ",
    "p": "ㅔ",
    "a": "ㅁ",
    "s": "ㄴ",
    "d": "ㅇ",
    "f": "ㄹ",
    "g": "ㅎ",
    "h": "ㅗ",
    "j": "ㅓ",
    "k": "ㅏ",
    "l": "ㅣ",
    "z": "ㅋ",
    "x": "ㅌ",
    "c": "ㅊ",
    "v": "ㅍ",
    "b": "ㅠ",
    "n": "ㅜ",
    "m": "ㅡ",
}
# Shift changes only these seven keys; any other shifted letter types its plain jamo.
_SHIFTED: Final[dict[str, str]] = {
    "q": "ㅃ",
    "w": "ㅉ",
    "e": "ㄸ",
    "r": "ㄲ",
    "t": "ㅆ",
    "o": "ㅒ",
    "p": "ㅖ",
}

# Compound vowels and compound finals the IME builds from two key presses.
_COMPOUND_VOWELS: Final[dict[tuple[str, str], str]] = {
    ("ㅗ", "ㅏ"): "ㅘ",
    ("ㅗ", "ㅐ"): "ㅙ",
    ("ㅗ", "ㅣ"): "ㅚ",
    ("ㅜ", "ㅓ"): "ㅝ",
    ("ㅜ", "ㅔ"): "ㅞ",
    ("ㅜ", "ㅣ"): "ㅟ",
    ("ㅡ", "ㅣ"): "ㅢ",
}
_COMPOUND_FINALS: Final[dict[tuple[str, str], str]] = {
    ("ㄱ", "ㅅ"): "ㄳ",
    ("ㄴ", "ㅈ"): "ㄵ",
    ("ㄴ", "ㅎ"): "ㄶ",
    ("ㄹ", "ㄱ"): "ㄺ",
    ("ㄹ", "ㅁ"): "ㄻ",
    ("ㄹ", "ㅂ"): "ㄼ",
    ("ㄹ", "ㅅ"): "ㄽ",
    ("ㄹ", "ㅌ"): "ㄾ",
    ("ㄹ", "ㅍ"): "ㄿ",
    ("ㄹ", "ㅎ"): "ㅀ",
    ("ㅂ", "ㅅ"): "ㅄ",
}
_SPLIT: Final[dict[str, tuple[str, str]]] = {
    compound: parts for parts, compound in (_COMPOUND_VOWELS | _COMPOUND_FINALS).items()
}

# Unicode orders of the parts of a precomposed syllable (U+AC00 + (L*21 + V)*28 + T).
_INITIALS: Final = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
_MEDIALS: Final = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
_FINALS: Final = "ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ"  # index + 1 = T

_SYLLABLE_FIRST: Final = 0xAC00
_SYLLABLE_LAST: Final = 0xD7A3
_COMPAT_FIRST: Final = 0x3131
_COMPAT_LAST: Final = 0x318E
_CONJOINING_FIRST: Final = 0x1100
_CONJOINING_LAST: Final = 0x11FF
_CHOSEONG_BASE: Final = 0x1100
_JUNGSEONG_BASE: Final = 0x1161
_JONGSEONG_BASE: Final = 0x11A8
_MEDIAL_COUNT: Final = len(_MEDIALS)
_FINAL_SLOTS: Final = len(_FINALS) + 1  # slot 0 = no final

_VOWELS: Final = frozenset(_MEDIALS)


def _build_key_table() -> dict[str, str]:
    """Map every modern jamo the IME can produce (compatibility or conjoining) to keys."""
    table: dict[str, str] = {}
    for layer in (_UNSHIFTED, _SHIFTED):
        for key, jamo in layer.items():
            table[jamo] = key.upper()
    for compound, (first, second) in _SPLIT.items():
        table[compound] = table[first] + table[second]
    # Conjoining jamo (U+1100 block) are the same letters in another encoding.
    for base, letters in (
        (_CHOSEONG_BASE, _INITIALS),
        (_JUNGSEONG_BASE, _MEDIALS),
        (_JONGSEONG_BASE, _FINALS),
    ):
        for offset, jamo in enumerate(letters):
            table[chr(base + offset)] = table[jamo]
    return table


_KEYS_OF: Final[dict[str, str]] = _build_key_table()


def contains_hangul(text: str) -> bool:
    """Whether ``text`` has any Hangul syllable or jamo (the IME's possible output)."""
    # Scanned text is almost always ASCII: answer that case at C speed.
    return not text.isascii() and any(_is_hangul(char) for char in text)


def repair_wedge_text(text: str) -> str:
    """Turn each Hangul character back into the keys that typed it, upper case.

    Other characters pass through unchanged, as do archaic jamo (ㆍ, ㅿ, …),
    which no 두벌식 key produces and which therefore cannot be a scan.
    """
    return "".join(_keys_for(char) for char in text)


def normalise_scanned_text(text: str) -> tuple[str, bool]:
    """Repair IME damage if there is any; return ``(text, repaired)``.

    Text without Hangul is returned as is: whether to upper-case it depends on
    what kind of code it turns out to be, which is not decided here.
    """
    if not contains_hangul(text):
        return text, False
    repaired = repair_wedge_text(text)
    return repaired, repaired != text


def compose_dubeolsik(keys: str) -> str:
    """What a 두벌식 IME in Hangul mode shows when ``keys`` are typed.

    An upper-case ASCII letter is that key with Shift. Non-letters are typed
    as they are and end the syllable being composed.
    """
    composer = _Composer()
    for char in keys:
        jamo = _jamo_for_key(char)
        if jamo is None:
            composer.flush()
            composer.out.append(char)
        elif jamo in _VOWELS:
            composer.vowel(jamo)
        else:
            composer.consonant(jamo)
    composer.flush()
    return "".join(composer.out)


def _is_hangul(char: str) -> bool:
    code = ord(char)
    return (
        _SYLLABLE_FIRST <= code <= _SYLLABLE_LAST
        or _COMPAT_FIRST <= code <= _COMPAT_LAST
        or _CONJOINING_FIRST <= code <= _CONJOINING_LAST
    )


def _keys_for(char: str) -> str:
    code = ord(char)
    if _SYLLABLE_FIRST <= code <= _SYLLABLE_LAST:
        index = code - _SYLLABLE_FIRST
        initial, rest = divmod(index, _MEDIAL_COUNT * _FINAL_SLOTS)
        medial, final = divmod(rest, _FINAL_SLOTS)
        keys = _KEYS_OF[_INITIALS[initial]] + _KEYS_OF[_MEDIALS[medial]]
        return keys + (_KEYS_OF[_FINALS[final - 1]] if final else "")
    return _KEYS_OF.get(char, char)


def _jamo_for_key(char: str) -> str | None:
    if not char.isascii() or not char.isalpha():
        return None
    lower = char.lower()
    if char.isupper() and lower in _SHIFTED:
        return _SHIFTED[lower]
    return _UNSHIFTED[lower]


def _syllable(initial: str, medial: str, final: str | None) -> str:
    final_slot = _FINALS.index(final) + 1 if final else 0
    index = (_INITIALS.index(initial) * _MEDIAL_COUNT + _MEDIALS.index(medial)) * _FINAL_SLOTS
    return chr(_SYLLABLE_FIRST + index + final_slot)


class _Composer:
    """The IME's syllable automaton: one syllable in progress, committed text in ``out``.

    ``initial`` may briefly hold a compound consonant (ㄳ) when two consonants
    that form a compound final are typed with no vowel: the Windows IME shows
    them as one jamo, and a following vowel splits them again.
    """

    def __init__(self) -> None:
        self.out: list[str] = []
        self.initial: str | None = None
        self.medial: str | None = None
        self.final: str | None = None

    def flush(self) -> None:
        """Commit the syllable in progress."""
        if self.initial and self.medial:
            self.out.append(_syllable(self.initial, self.medial, self.final))
        else:
            # A lone consonant or vowel stays a compatibility jamo.
            self.out.extend(jamo for jamo in (self.initial, self.medial) if jamo)
        self.initial = self.medial = self.final = None

    def consonant(self, jamo: str) -> None:
        if self.medial is None:
            pair = _COMPOUND_FINALS.get((self.initial, jamo)) if self.initial else None
            if pair is not None:
                self.initial = pair
                return
        elif self.initial is not None:
            if self.final is None and jamo in _FINALS:
                self.final = jamo  # tentative: a following vowel may take it back
                return
            pair = _COMPOUND_FINALS.get((self.final, jamo)) if self.final else None
            if pair is not None:
                self.final = pair
                return
        # ㄸ ㅃ ㅉ cannot end a syllable, and no compound fits: start a new syllable.
        self.flush()
        self.initial = jamo

    def vowel(self, jamo: str) -> None:
        if self.final is not None:
            self._vowel_after_final(self.final, jamo)
        elif self.medial is not None:
            combined = _COMPOUND_VOWELS.get((self.medial, jamo))
            if combined is not None:
                self.medial = combined
            else:
                self.flush()
                self.medial = jamo
        elif self.initial is not None and self.initial in _SPLIT:
            # A lone compound consonant (ㄳ) gives its second part to the vowel.
            first, second = _SPLIT[self.initial]
            self.out.append(first)
            self.initial, self.medial = second, jamo
        else:
            self.medial = jamo

    def _vowel_after_final(self, final: str, jamo: str) -> None:
        # The final was tentative: the vowel steals it (or a compound's second
        # part) as the initial of the next syllable.
        if final in _SPLIT:
            self.final, stolen = _SPLIT[final]
        else:
            self.final, stolen = None, final
        self.flush()
        self.initial, self.medial = stolen, jamo
