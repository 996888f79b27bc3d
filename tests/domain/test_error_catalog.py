"""The error catalogue as a whole: every key the app raises exists, in both languages,
with the same placeholders, and no key is spelt as a string where a member belongs."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from pos_app.domain.errors import CATALOG, FILE_DAMAGE, ErrorKey, Localized, UserFacingError

POS_APP = Path(__file__).resolve().parents[2] / "pos_app"

#: Key-shaped strings that are not error keys being raised: "order.cancelled" is also what
#: a page of the server's changes meant here.
NOT_RAISED = {
    ("domain/change_kinds.py", "order.cancelled"),
}


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def _modules() -> list[tuple[str, ast.Module]]:
    return [
        (path.relative_to(POS_APP).as_posix(), ast.parse(path.read_text(encoding="utf-8")))
        for path in sorted(POS_APP.rglob("*.py"))
    ]


def test_every_key_has_both_languages_with_the_same_placeholders() -> None:
    assert set(CATALOG) == set(ErrorKey)
    for key, text in CATALOG.items():
        assert re.fullmatch(r"E\d{3}", text.code), key
        assert text.ko.strip() and text.en.strip(), key
        assert re.search(r"[가-힣]", text.ko), f"{key}: the Korean text has no Korean"
        assert _placeholders(text.ko) == _placeholders(text.en), key


def test_the_worded_details_have_both_languages_with_the_same_placeholders() -> None:
    for name, worded in FILE_DAMAGE.items():
        assert re.search(r"[가-힣]", worded.ko), name
        assert _placeholders(worded.ko) == _placeholders(worded.en), name


def test_every_member_named_in_pos_app_exists() -> None:
    named = {
        (module, node.attr)
        for module, tree in _modules()
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == "ErrorKey"
    }
    assert named, "the walk found no ErrorKey member at all"
    assert {(m, attr) for m, attr in named if attr not in ErrorKey.__members__} == set()


def test_no_error_key_is_spelt_as_a_string_in_pos_app() -> None:
    # Keys built or spelt as text (f"cpm.{reason}", "void.bad_pin") are what the enum is
    # for: a typo there became a KeyError at the counter instead of a failing test.
    values = {key.value for key in ErrorKey}
    prefixes = {value.split(".")[0] + "." for value in values if "." in value}
    found = []
    for module, tree in _modules():
        if module == "domain/errors.py":
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                if node.value in values and (module, node.value) not in NOT_RAISED:
                    found.append((module, node.lineno, node.value))
            elif isinstance(node, ast.JoinedStr):
                head = node.values[0] if node.values else None
                if (
                    isinstance(head, ast.Constant)
                    and isinstance(head.value, str)
                    and head.value in prefixes
                ):
                    found.append((module, node.lineno, head.value + "{...}"))
    assert found == []


def _raising_classes(modules: list[tuple[str, ast.Module]]) -> set[str]:
    """UserFacingError, its subclasses anywhere in pos_app, and the carriers of keys."""
    names = {"UserFacingError", "CellError", "RowError"}
    grew = True
    while grew:
        grew = False
        for _, tree in modules:
            for node in ast.walk(tree):
                if (
                    isinstance(node, ast.ClassDef)
                    and node.name not in names
                    and any(isinstance(b, ast.Name) and b.id in names for b in node.bases)
                ):
                    names.add(node.name)
                    grew = True
    return names


def _key_argument(call: ast.Call, name: str) -> ast.expr | None:
    for keyword in call.keywords:
        if keyword.arg == "key":
            return keyword.value
    position = 3 if name == "RowError" else 0
    return call.args[position] if len(call.args) > position else None


def _members_or_variables(node: ast.expr) -> bool:
    if isinstance(node, ast.IfExp):
        return _members_or_variables(node.body) and _members_or_variables(node.orelse)
    # A member, or a name/lookup whose values the tests above check are members.
    return not isinstance(node, ast.Constant | ast.JoinedStr | ast.BinOp)


def _super_init(node: ast.AST) -> bool:
    func = node.func if isinstance(node, ast.Call) else None
    return (
        isinstance(func, ast.Attribute)
        and func.attr == "__init__"
        and isinstance(func.value, ast.Call)
        and isinstance(func.value.func, ast.Name)
        and func.value.func.id == "super"
    )


def test_every_raise_passes_a_member_never_text() -> None:
    modules = _modules()
    raising = _raising_classes(modules)
    # Subclasses with their own __init__ (PaymentCodeError(reason), NetworkError(detail))
    # take something else and pick the key themselves: their super().__init__ is checked.
    own_init = {
        node.name
        for _, tree in modules
        for node in ast.walk(tree)
        if isinstance(node, ast.ClassDef)
        and node.name in raising - {"UserFacingError", "CellError", "RowError"}
        and any(isinstance(f, ast.FunctionDef) and f.name == "__init__" for f in node.body)
    }
    sites: list[tuple[str, int, ast.expr]] = []
    for module, tree in modules:
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                takes_key = node.func.id in raising and node.func.id not in own_init
                key = _key_argument(node, node.func.id) if takes_key else None
                if key is not None:
                    sites.append((module, node.lineno, key))
            # A subclass hands its key on to UserFacingError (which hands a message on).
            if isinstance(node, ast.ClassDef) and node.name in raising - {"UserFacingError"}:
                for call in ast.walk(node):
                    if _super_init(call) and isinstance(call, ast.Call) and call.args:
                        sites.append((module, call.lineno, call.args[0]))
    assert len(sites) > 150, f"the walk found only {len(sites)} raise sites"
    wrong = [
        (module, line, ast.unparse(key))
        for module, line, key in sites
        if not _members_or_variables(key)
    ]
    assert wrong == []


def test_a_key_that_is_not_in_the_catalogue_is_refused() -> None:
    with pytest.raises(KeyError):
        UserFacingError("no.such_key")  # type: ignore[arg-type]
    assert UserFacingError(ErrorKey.CPM_EXPIRED).key is ErrorKey.CPM_EXPIRED


def test_a_worded_detail_is_shown_in_the_message_language() -> None:
    detail = FILE_DAMAGE["chain_broken"].format(seq=7)
    error = UserFacingError(ErrorKey.BACKUP_DAMAGED_NO_BACKUP, detail=detail)
    assert "기록 체인이 맞지 않음: 7번 기록" in error.message("ko")
    assert "record 7" in error.message("en") and "기록" not in error.message("en")
    assert isinstance(detail, Localized)
