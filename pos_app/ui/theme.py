"""Look and feel: a readable font for Hangul, large numbers, calm colours."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

# Tried in order; the first one installed wins (Windows ships Malgun Gothic).
_KOREAN_FONTS = ("Malgun Gothic", "맑은 고딕", "Noto Sans CJK KR", "Noto Sans KR", "NanumGothic")

ACCENT = "#0b6e4f"  # Cheongju Pay green
DANGER = "#b3261e"
WARNING_BG = "#fff4d6"

STYLE_SHEET = f"""
QWidget {{ font-size: 15px; }}
QTableView {{ font-size: 17px; gridline-color: #ddd; selection-background-color: #cfe8dd;
             selection-color: black; }}
QHeaderView::section {{ font-size: 15px; padding: 6px; background: #f1f3f2; border: none;
                        border-bottom: 1px solid #ccc; }}
QPushButton {{ padding: 8px 12px; }}
QPushButton#fkey {{ padding: 0px; }}
QLabel#fkeyCaption {{ font-size: 15px; }}
QLabel#demoBanner {{ background: #f59e0b; color: black; font-weight: bold; padding: 6px;
                     font-size: 16px; }}
QLabel#merchantName {{ font-size: 18px; font-weight: bold; }}
QLabel#discountBadge {{ background: {ACCENT}; color: white; border-radius: 6px; padding: 4px 10px;
                        font-weight: bold; }}
QLabel#restrictedBadge {{ background: {DANGER}; color: white; border-radius: 6px;
                          padding: 4px 10px; font-weight: bold; }}
QFrame#totalsPanel {{ background: #f7faf8; border: 1px solid #d5e3dc; border-radius: 10px; }}
QLabel#totalAmount {{ font-size: 48px; font-weight: bold; color: {ACCENT}; }}
QLabel#totalAmount[kind="bad"] {{ color: #888; text-decoration: line-through; }}
QLabel#discountAmount {{ font-size: 22px; font-weight: bold; color: {DANGER}; }}
QLabel#subtotalAmount, QLabel#cashbackAmount {{ font-size: 20px; }}
QLabel#totalsCaption {{ font-size: 18px; color: #444; }}
QLabel#changeAmount {{ font-size: 36px; font-weight: bold; color: #0a7d32; }}
QLabel#payPrompt {{ font-size: 18px; font-weight: bold; color: {ACCENT}; }}
QLabel#paidBanner {{ font-size: 22px; font-weight: bold; color: white; background: {ACCENT};
                     border-radius: 6px; padding: 3px; }}
QLabel#paidBanner[kind="bad"] {{ background: {DANGER}; }}
QLabel#message[kind="error"] {{ background: #fde7e5; color: {DANGER}; border: 1px solid {DANGER};
                                border-radius: 6px; padding: 8px; font-size: 17px;
                                font-weight: bold; }}
QLabel#message[kind="ok"] {{ background: #e3f4ec; color: {ACCENT}; border: 1px solid {ACCENT};
                             border-radius: 6px; padding: 8px; font-size: 17px; }}
QLabel#message[kind="info"] {{ background: #eef2f7; color: #223; border: 1px solid #b8c4d6;
                               border-radius: 6px; padding: 8px; font-size: 17px; }}
QLabel#dayWarning {{ background: {WARNING_BG}; color: #6b4a00; border: 1px solid #e0b040;
                     border-radius: 6px; padding: 3px 6px; font-size: 16px; font-weight: bold; }}
QPushButton#orderAlert {{ background: #f59e0b; color: black; font-size: 16px; font-weight: bold;
                          border: none; border-radius: 6px; padding: 3px; }}
QPushButton#primaryAction {{ background: {ACCENT}; color: white; font-size: 18px;
                             font-weight: bold; padding: 12px; border-radius: 6px; }}
QPushButton#favourite {{ font-size: 15px; padding: 6px; }}
QLabel#stockWarning {{ color: {DANGER}; font-weight: bold; }}
QTextBrowser#receipt {{ background: white; border: 1px dashed #999; font-size: 15px;
                         padding: 6px; }}
"""


def _first_available(families: tuple[str, ...]) -> str | None:
    installed = set(QFontDatabase.families())
    return next((family for family in families if family in installed), None)


def apply_theme(app: QApplication) -> None:
    family = _first_available(_KOREAN_FONTS)
    if family:
        app.setFont(QFont(family, 11))
    app.setStyleSheet(STYLE_SHEET)
