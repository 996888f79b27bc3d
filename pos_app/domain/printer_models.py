"""Receipt printer models a shop recognises, and the print head each one has.

A merchant knows the name on the printer ("SRP-350III", "TM-T88V"), not its dot width; the
model picks the head the receipt is drawn for. Only models whose resolution and print width
are documented are listed (sources in docs/decisions.md); any other printer is chosen by
its roll and head (the ``OTHER`` entries). ``profile`` names python-escpos's capability
profile for the model when it has one, so its own media-width check can be used.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from pos_app.domain.print_heads import HEAD_58_203, HEAD_80_180, HEAD_80_203, HEADS, PrintHead


class ModelGroup(StrEnum):
    COMMON = "common"  # sold in Korea: Bixolon, Sewoo, the Epson counter printers
    ESCPOS_PROFILE = "escpos_profile"  # other printers python-escpos has a profile for
    OTHER = "other"  # any printer, by roll and head


@dataclass(frozen=True)
class PrinterModel:
    key: str  # saved in the settings; never changes once released
    name: str  # the name on the printer (a name, not translated)
    head: PrintHead
    group: ModelGroup
    profile: str = ""  # python-escpos capability profile, when it has one


def _other_key(head: PrintHead) -> str:
    return f"other-{head.key}"


_COMMON = ModelGroup.COMMON
_PROFILE = ModelGroup.ESCPOS_PROFILE

MODELS: tuple[PrinterModel, ...] = (
    # Korean counters: Bixolon (formerly Samsung) and Sewoo, then the Epsons shops buy.
    PrinterModel("bixolon-srp-350iii", "Bixolon SRP-350III / SRP-350plusIII", HEAD_80_180, _COMMON),
    PrinterModel("bixolon-srp-350", "Bixolon SRP-350 / SRP-350plus", HEAD_80_180, _COMMON),
    PrinterModel("bixolon-srp-330ii", "Bixolon SRP-330II", HEAD_80_180, _COMMON),
    PrinterModel("bixolon-srp-332ii", "Bixolon SRP-332II", HEAD_80_203, _COMMON),
    PrinterModel("sewoo-lk-t21", "Sewoo LK-T21", HEAD_80_180, _COMMON),
    PrinterModel("epson-tm-t20iii", "Epson TM-T20III", HEAD_80_203, _COMMON),
    PrinterModel("epson-tm-t20ii", "Epson TM-T20II", HEAD_80_203, _COMMON, "TM-T20II"),
    PrinterModel("epson-tm-t88vii", "Epson TM-T88VII", HEAD_80_180, _COMMON),
    PrinterModel("epson-tm-t88vi", "Epson TM-T88VI", HEAD_80_180, _COMMON),
    PrinterModel("epson-tm-t88v", "Epson TM-T88V", HEAD_80_180, _COMMON, "TM-T88V"),
    PrinterModel("epson-tm-t88iv", "Epson TM-T88IV", HEAD_80_180, _COMMON, "TM-T88IV"),
    # python-escpos's own profiles whose head is one of ours (its 432-, 504-, 546- and
    # 640-dot profiles are heads this app does not draw for; customer displays are not
    # printers).
    PrinterModel("epson-tm-t88iii", "Epson TM-T88III", HEAD_80_180, _PROFILE, "TM-T88III"),
    PrinterModel("epson-tm-t88ii", "Epson TM-T88II", HEAD_80_180, _PROFILE, "TM-T88II"),
    PrinterModel("epson-tm-t88iv-sa", "Epson TM-T88IV-SA", HEAD_80_180, _PROFILE, "TM-T88IV-SA"),
    PrinterModel("epson-tm-l90", "Epson TM-L90", HEAD_80_203, _PROFILE, "TM-L90"),
    PrinterModel("epson-tm-p80", "Epson TM-P80", HEAD_80_203, _PROFILE, "TM-P80"),
    PrinterModel("netum-nt-80-v-ul", "Netum 80-V-UL", HEAD_80_203, _PROFILE, "NT-80-V-UL"),
    PrinterModel("netum-nt-5890k", "Netum NT-5890K", HEAD_58_203, _PROFILE, "NT-5890K"),
    PrinterModel("zjiang-pos-5890", "Zjiang POS-5890", HEAD_58_203, _PROFILE, "POS-5890"),
    PrinterModel("zijiang-zj-5870", "ZiJiang ZJ-5870", HEAD_58_203, _PROFILE, "ZJ-5870"),
    PrinterModel("seiko-rp-f10-80", "Seiko RP-F10 (80 mm)", HEAD_80_203, _PROFILE, "RP-F10-80mm"),
    PrinterModel("star-tsp600", "Star TSP600", HEAD_80_203, _PROFILE, "TSP600"),
    PrinterModel("wincor-th230", "Wincor Nixdorf TH230", HEAD_80_203, _PROFILE, "TH230"),
    PrinterModel("wincor-th230plus", "Wincor Nixdorf TH230+", HEAD_80_203, _PROFILE, "TH230Plus"),
    # Any other printer: its roll and head, as its manual or self-test page states them.
    *(PrinterModel(_other_key(head), "", head, ModelGroup.OTHER) for head in HEADS),
)

_BY_KEY = {model.key: model for model in MODELS}


def model_by_key(key: str) -> PrinterModel | None:
    return _BY_KEY.get(key)


def other_model(head: PrintHead) -> PrinterModel:
    """The "another printer" entry for ``head`` (settings saved before models were named)."""
    return _BY_KEY[_other_key(head)]
