"""The named mutex that tells Windows installers the app is running.

Inno Setup's ``AppMutex`` (installer/cjpay_pos.iss) names this mutex: while any copy of
the app holds it, setup and uninstall ask the merchant to close the app first instead of
replacing files under it. The app creates it once at start and holds it until the process
ends (Windows frees it then, a crash included). Other OSes have no such installer: nothing.
"""

from __future__ import annotations

import sys

#: Must equal the name in installer/cjpay_pos.iss's ``AppMutex`` (tests/test_installer_files.py).
APP_MUTEX = "CheongjuPayPOS.Running"

_held: list[int] = []  # the handle, kept for the life of the process


def hold_app_mutex(platform: str = sys.platform) -> bool:
    """Create (or open) the app's mutex on Windows; True if it is held now."""
    if platform != "win32":
        return False
    if _held:
        return True
    import ctypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    kernel32.CreateMutexW.restype = ctypes.c_void_p
    handle = kernel32.CreateMutexW(None, False, APP_MUTEX)
    if not handle:
        return False  # no mutex: the installer cannot see the app, nothing else breaks
    _held.append(handle)
    return True
