"""Print heads: what the renderer draws to, and settings saved before heads were chosen."""

from __future__ import annotations

import pytest

from pos_app.domain.errors import UserFacingError
from pos_app.domain.print_heads import HEAD_58_203, HEAD_80_180, HEAD_80_203, PrintHead
from pos_app.domain.printing import Connection, PrinterSettings


def test_heads_know_their_roll_and_printable_width() -> None:
    assert (HEAD_80_203.paper_mm, HEAD_80_203.printable_mm) == (80, 72.1)
    assert (HEAD_80_180.paper_mm, HEAD_80_180.printable_mm) == (80, 72.2)
    assert (HEAD_58_203.paper_mm, HEAD_58_203.printable_mm) == (58, 48.0)
    assert HEAD_80_180.mm_to_dots(10) == 71 and HEAD_80_203.mm_to_dots(10) == 80


@pytest.mark.parametrize(("paper_mm", "head"), [(58, HEAD_58_203), (80, HEAD_80_203)])
def test_settings_saved_with_only_a_paper_width_keep_their_head(paper_mm, head) -> None:
    saved = {"paper_mm": paper_mm, "connection": "serial", "serial_port": "COM3"}
    settings = PrinterSettings.from_json(saved)
    assert settings.head == head and settings.connection is Connection.SERIAL
    assert "paper_mm" not in settings.to_json()


def test_a_chosen_head_round_trips_and_an_unknown_one_is_refused() -> None:
    chosen = PrinterSettings(head=HEAD_80_180, connection=Connection.SYSTEM)
    assert PrinterSettings.from_json(chosen.to_json()) == chosen
    with pytest.raises(UserFacingError) as refused:
        PrinterSettings(head=PrintHead(640, 203)).validate()
    assert refused.value.code == "E875"
