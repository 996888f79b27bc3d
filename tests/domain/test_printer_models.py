"""The printer-model catalogue: every model draws for a known head, python-escpos agrees."""

from __future__ import annotations

import pytest
from escpos.capabilities import CAPABILITIES

from pos_app.domain.errors import UserFacingError
from pos_app.domain.print_heads import HEAD_58_203, HEAD_80_180, HEAD_80_203, HEADS
from pos_app.domain.printer_models import MODELS, ModelGroup, model_by_key, other_model
from pos_app.domain.printing import Connection, PrinterSettings

PROFILES = CAPABILITIES["profiles"]


def test_every_model_has_one_of_the_heads_and_a_unique_key() -> None:
    assert all(model.head in HEADS for model in MODELS)
    assert len({model.key for model in MODELS}) == len(MODELS)
    assert all(model.name for model in MODELS if model.group is not ModelGroup.OTHER)
    # Common models first, then python-escpos's, then "another printer" by head.
    order = [model.group for model in MODELS]
    assert order == sorted(order, key=list(ModelGroup).index)
    assert {other_model(head).head for head in HEADS} == set(HEADS)


@pytest.mark.parametrize("model", [m for m in MODELS if m.profile], ids=lambda m: m.key)
def test_python_escpos_profiles_exist_and_agree_on_the_width(model) -> None:
    assert model.profile in PROFILES
    media = PROFILES[model.profile].get("media", {})
    pixels = media.get("width", {}).get("pixels")
    if isinstance(pixels, int):
        assert pixels == model.head.dots
    if isinstance(media.get("dpi"), int):
        assert media["dpi"] == model.head.dpi


def test_the_80_mm_epsons_and_bixolons_differ_where_shops_get_it_wrong() -> None:
    assert model_by_key("epson-tm-t88v").head == HEAD_80_180  # 512 dots: not 576
    assert model_by_key("bixolon-srp-350iii").head == HEAD_80_180
    assert model_by_key("epson-tm-t20ii").head == HEAD_80_203
    assert model_by_key("netum-nt-5890k").head == HEAD_58_203


def test_the_chosen_model_round_trips_and_decides_the_head() -> None:
    chosen = PrinterSettings(
        head=HEAD_80_180, model="bixolon-srp-350iii", connection=Connection.SYSTEM
    ).validate()
    assert PrinterSettings.from_json(chosen.to_json()) == chosen
    # A saved head that disagrees with the saved model is read as the model's head.
    raw = {**chosen.to_json(), "head": "576@203"}
    assert PrinterSettings.from_json(raw).head == HEAD_80_180


def test_an_unknown_model_falls_back_to_the_saved_head() -> None:
    settings = PrinterSettings.from_json({"model": "acme-9000", "head": "384@203"})
    assert settings.model == "" and settings.head == HEAD_58_203


@pytest.mark.parametrize(
    "settings",
    [
        PrinterSettings(model="acme-9000"),
        PrinterSettings(model="epson-tm-t88v", head=HEAD_80_203),  # the model's head is 512
    ],
)
def test_validate_refuses_a_model_it_does_not_know_or_a_head_it_does_not_have(settings) -> None:
    with pytest.raises(UserFacingError) as refused:
        settings.validate()
    assert refused.value.code == "E875"
