"""Screenshots of the USB exchange for docs/admin-guide.md ("No link: working with USB").

Runs itself under Xvfb at 1366x768 (``--offscreen`` for the offscreen platform) and
writes ``docs/screenshots/usb/<lang>-{first-start,file-menu,exported,carried}.png`` in
Russian and English. Real widgets on real encrypted stores: a PC before enrolment (the
first-start window) and a PC with an approved request whose outbox is exported to a
folder standing in for the stick. The second PC is given USB keys and a server key
locally (no server runs): the export itself is the real one.

Usage: ``python scripts/usb_screenshots.py [--offscreen]``
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots" / "usb"
sys.path.insert(0, str(ROOT))


def shoot() -> int:
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
    from PySide6.QtCore import QCoreApplication, QEventLoop, QPoint, QTimer
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication, QMenu, QMessageBox

    from app.config import SiteConfig
    from app.credentials import MemorySecrets
    from app.exchange.bundle import new_device_keys
    from app.store.meta import META_DEVICE_ID, META_SERVER_ID, META_USB_SERVER_KEY, set_meta
    from app.store.models import OutgoingRequest, RequestType
    from app.sync.protocol import bundlefile as bf
    from app.workflow import RequestDraft, RequestService, hash_of
    from tests.helpers.desk import make_desk, make_office
    from tests.helpers.textfit import clipped_texts
    from ui.i18n import install_language
    from ui.login import LoginDialog
    from ui.main import make_application
    from ui.main_window import MainWindow
    from ui.ops import running_ops
    from ui.session import UiSession
    from ui.usb import export_for_usb

    app = make_application([])
    QApplication.setCursorFlashTime(0)
    OUT.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []

    def wait(ms: int) -> None:
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    def settle(ms: int = 400) -> None:
        for _ in range(200):
            wait(50)
            if running_ops() == 0:
                break
        wait(ms)
        QCoreApplication.processEvents()

    def save_screen(name: str) -> None:
        settle(200)
        QGuiApplication.primaryScreen().grabWindow(0).save(str(OUT / f"{name}.png"))

    with tempfile.TemporaryDirectory(prefix="dd-usb-shots-") as tmp:
        root = Path(tmp)
        for lang in ("ru", "en"):
            install_language(lang)
            fresh = make_desk(
                root / f"fresh-{lang}",
                secrets=MemorySecrets(),
                site=SiteConfig(office_code="AST-01"),
            )
            dialog = LoginDialog(fresh)
            dialog.show()
            settle()
            problems += [f"{lang}-first-start: {p}" for p in clipped_texts(dialog)]
            dialog.grab().save(str(OUT / f"{lang}-first-start.png"))
            dialog.close()
            fresh.close()

            desk = make_desk(
                root / f"pc-{lang}", secrets=MemorySecrets(), site=SiteConfig(office_code="AST-01")
            )
            office = make_office(desk)
            service = RequestService(desk.store, desk.bus)
            for body in ("Please confirm the identity of the subject.", "Locate the vehicle."):
                rid = service.create_draft(
                    office.officer,
                    RequestDraft(
                        request_type=RequestType.INFORMATION,
                        recipients=("NCB-ASTANA",),
                        body=body,
                    ),
                )
                service.submit(office.officer, rid)
                with desk.store.read() as s:
                    req = s.get(OutgoingRequest, rid)
                    assert req is not None
                    digest = hash_of(req)
                service.approve(office.supervisor, rid, digest)
            new_device_keys(desk.credentials)
            with desk.store.write() as s:
                set_meta(s, META_DEVICE_ID, "0b7f4c1e-5d3a-4e59-9a51-2f7d8c6b1a90")
                set_meta(s, META_SERVER_ID, "region-demo")
                set_meta(s, META_USB_SERVER_KEY, bf.x25519_public_b64(X25519PrivateKey.generate()))
            win = MainWindow(UiSession(desk, office.supervisor), auto_sync=False)
            win.resize(1366, 740)
            win.move(0, 0)
            win.show()
            settle()
            menu = win.menuBar().actions()[0].menu()
            assert isinstance(menu, QMenu)
            menu.popup(win.mapToGlobal(QPoint(4, win.menuBar().height())))
            settle()
            save_screen(f"{lang}-file-menu")
            menu.hide()
            stick = root / f"stick-{lang}"
            stick.mkdir()
            export_for_usb(win, desk, stick, actor_name="supervisor")
            settle(800)
            save_screen(f"{lang}-exported")
            for box in [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]:
                box.done(0)
            win.sync.refresh()
            settle(800)
            save_screen(f"{lang}-carried")
            problems += [f"{lang}-carried: {p}" for p in clipped_texts(win)]
            win.close()
            settle()
            desk.close()
    app.processEvents()
    for p in problems:
        print(p, file=sys.stderr)
    print(f"{len(list(OUT.glob('*.png')))} pictures in {OUT.relative_to(ROOT)}")
    return 1 if problems else 0


def main() -> int:
    if "--child" in sys.argv or "--offscreen" in sys.argv:
        return shoot()
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env["QT_QPA_PLATFORM"] = "xcb"
    cmd = [
        "xvfb-run",
        "-a",
        "-s",
        "-screen 0 1366x768x24 -nolisten tcp",
        sys.executable,
        __file__,
        "--child",
    ]
    return subprocess.run(cmd, env=env, cwd=ROOT, check=False, timeout=900).returncode


if __name__ == "__main__":
    sys.exit(main())
