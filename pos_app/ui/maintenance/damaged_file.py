"""At start, a damaged data file: say so in Korean and offer the newest good backup.

The app never opens a damaged file (it would crash later, mid-sale); it does not delete it
either: restoring moves it aside (``replaced/``) for the help desk.

The full check after start can find damage the start check left to it (before the verified
checkpoint): the same box is shown over the window. A file the app has open is not
replaced under it: the program closes, and the next start (which then checks in full)
offers the backup again and puts it in place before the file is opened.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from pos_app.domain.errors import UserFacingError
from pos_app.services.backups import BackupService, Restored, StartupProblem
from pos_app.ui.startup_window import StartStage, StartupWindow


def damaged_file_box(
    problem: StartupProblem,
    language: str,
    parent: QWidget | None = None,
    *,
    while_open: bool = False,
) -> QMessageBox:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(QCoreApplication.translate("DamagedFileDialog", "The data file is damaged"))
    box.setText(problem.error(while_open=while_open).display(language))
    box.setInformativeText(
        QCoreApplication.translate(
            "DamagedFileDialog",
            "Help desk: run 'cjpay-pos doctor' for a report, 'cjpay-pos restore' to restore.",
        )
    )
    if problem.backup is not None:
        restore = box.addButton(
            QCoreApplication.translate("DamagedFileDialog", "Restore the backup"),
            QMessageBox.ButtonRole.AcceptRole,
        )
        box.setDefaultButton(restore)
    box.addButton(
        QCoreApplication.translate("DamagedFileDialog", "Close the program"),
        QMessageBox.ButtonRole.RejectRole,
    )
    return box


def offer_restore(
    problem: StartupProblem,
    backups: BackupService,
    language: str,
    window: StartupWindow | None = None,
) -> bool:
    """True when the file was restored and the app may go on starting. With a start-up
    window, the restore runs off the UI thread and the window says so, with the copy's
    progress; the damaged file's records after the backup are carried over."""
    box = damaged_file_box(problem, language)
    box.exec()
    clicked = box.clickedButton()
    if problem.backup is None or clicked is None:
        return False
    if box.buttonRole(clicked) is not QMessageBox.ButtonRole.AcceptRole:
        return False
    backup = problem.backup
    try:
        if window is None:
            restored = backups.restore(backup, carry_over=True)
        else:
            restored = window.run(
                StartStage.RESTORE,
                lambda progress: backups.restore(backup, carry_over=True, progress=progress),
                "restore",
            )
    except UserFacingError as error:
        QMessageBox.critical(
            None,
            QCoreApplication.translate("DamagedFileDialog", "The data file is damaged"),
            error.display(language),
        )
        return False
    QMessageBox.information(
        None,
        QCoreApplication.translate("DamagedFileDialog", "Restored"),
        restored_text(problem, restored),
    )
    return True


def restored_text(problem: StartupProblem, restored: Restored) -> str:
    """The outcome of a restore: the backup in place, the records carried over from after
    it, and those that could not be (they stay in the kept damaged file)."""
    assert problem.backup is not None
    kept = str(restored.kept)
    lines = [
        QCoreApplication.translate(
            "DamagedFileDialog", "The backup of %1 is in place. The damaged file was kept at %2."
        )
        .replace("%1", f"{problem.backup.made_at:%Y-%m-%d %H:%M}")
        .replace("%2", kept)
    ]
    carried = restored.carried
    lines.append(
        QCoreApplication.translate(
            "DamagedFileDialog",
            "%1 records made after the backup were carried over from the damaged file.",
        ).replace("%1", f"{carried.carried:,}")
    )
    if carried.unreadable:
        lines.append(
            QCoreApplication.translate(
                "DamagedFileDialog",
                "The records after them could not be read; they stay in the damaged file"
                " kept at %1.",
            ).replace("%1", kept)
        )
    elif carried.left_behind:
        lines.append(
            QCoreApplication.translate(
                "DamagedFileDialog",
                "%1 records after the backup could not be carried over (their chain does not"
                " verify); they stay in the damaged file kept at %2.",
            )
            .replace("%1", f"{carried.left_behind:,}")
            .replace("%2", kept)
        )
    return "\n".join(lines)


def tell_damaged_while_open(
    problem: StartupProblem, language: str, parent: QWidget, close_program: Callable[[], None]
) -> QMessageBox:
    """The box of a start-up failure, over the running window (not blocking the event loop).

    Either answer closes the program: "close" as at start; "restore" says first that the
    next start puts the backup in place (the file is open now)."""
    box = damaged_file_box(problem, language, parent, while_open=True)

    def answered(_result: int) -> None:
        clicked = box.clickedButton()
        if (
            problem.backup is not None
            and clicked is not None
            and box.buttonRole(clicked) is QMessageBox.ButtonRole.AcceptRole
        ):
            QMessageBox.information(
                parent,
                QCoreApplication.translate("DamagedFileDialog", "Restore the backup"),
                QCoreApplication.translate(
                    "DamagedFileDialog",
                    "The program closes now. Start it again: it offers the backup of %1 once"
                    " more and puts it in place before the data file is opened.",
                ).replace("%1", f"{problem.backup.made_at:%Y-%m-%d %H:%M}"),
            )
        close_program()

    box.finished.connect(answered)
    box.open()
    return box
