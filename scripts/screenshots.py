"""``make screenshots``: the main screens in Russian and English, into docs/screenshots/.

Runs offscreen (``QT_QPA_PLATFORM=offscreen``) against the real reference server with demo
data, exactly as ``make run`` prepares it, so the pictures show what an officer sees. Falls
back to local sample data when the server cannot be started.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import run_demo  # noqa: E402

SIZE = (1280, 800)


def prepare(workdir: Path) -> tuple[Path, Any]:
    """A client data directory with demo data; returns (client dir, server process)."""
    client, server_dir = workdir / "client", workdir / "server"
    try:
        proc, url = run_demo.start_server(server_dir, demo_delay=1.0)
    except Exception as exc:  # noqa: BLE001 - screenshots still possible offline
        print(f"screenshots: no server ({exc}); using local sample data", file=sys.stderr)
        run_demo.write_site(client, "")
        run_demo.prepare_offline(client)
        return client, None
    code = run_demo.prepare_server(server_dir)
    run_demo.write_site(client, url)
    run_demo.enrol_client(client, url, code)
    return client, proc


def shoot(client: Path, languages: list[str]) -> list[Path]:
    from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication, QWidget

    from app.context import open_desk
    from app.users import login
    from ui.i18n import install_language
    from ui.login import LoginDialog
    from ui.main import make_application
    from ui.main_window import MainWindow
    from ui.ops import running_ops
    from ui.session import UiSession

    app = make_application([])
    desk = open_desk(client)
    users = {u[0]: u[3] for u in run_demo.USERS}
    written: list[Path] = []

    def wait(ms: int) -> None:
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    def settle(ms: int = 350) -> None:
        for _ in range(100):
            wait(50)
            if running_ops() == 0:
                break
        wait(ms)  # one rate-limited refresh interval
        for _ in range(100):
            if running_ops() == 0:
                break
            wait(50)
        QCoreApplication.processEvents()

    def save(widget: QWidget, name: str) -> None:
        path = OUT / name
        widget.grab().save(str(path))
        written.append(path)

    try:
        for lang in languages:
            install_language(lang)
            login_dialog = LoginDialog(desk)
            login_dialog.username.setText("ivanov")
            login_dialog.show()
            settle()
            save(login_dialog, f"{lang}-login.png")
            login_dialog.close()

            officer = login(desk.store, "ivanov", users["ivanov"])
            supervisor = login(desk.store, "petrova", users["petrova"])
            win = MainWindow(UiSession(desk, officer), auto_sync=False)
            win.resize(*SIZE)
            win.show()
            settle()
            with desk.store.read() as s:
                from sqlalchemy import select

                from app.store.models import Bulletin

                with_photo = set(
                    s.scalars(select(Bulletin.id).where(Bulletin.thumb_sha256.is_not(None)))
                )
            model = win.bulletins.model
            row = next(
                (r for r in range(min(200, model.rowCount())) if model.row_id(r) in with_photo), 0
            )
            win.bulletins.view.selectRow(row)
            settle()
            save(win, f"{lang}-bulletins.png")

            steps: list[tuple[str, Callable[[], None]]] = [
                ("cases", lambda w=win: (w.show_page("cases"), w.cases.view.selectRow(0))),
                ("requests", lambda w=win: w.show_page("requests")),
                ("sync", lambda w=win: w.show_page("sync")),
            ]
            for name, step in steps:
                step()
                settle()
                save(win, f"{lang}-{name}.png")

            win.show_page("search")
            with desk.store.read() as s:
                from sqlalchemy import select

                from app.store.models import PersonName

                name = (
                    s.scalar(
                        select(PersonName.full_name).where(PersonName.script == "Latn").limit(1)
                    )
                    or "Ivanov"
                )
            win.search.box.setText(name.split()[0].title())
            win.search.search()
            settle()
            save(win, f"{lang}-search.png")

            editor = win.new_request()
            if editor is not None:
                editor.recipients.setText("NCB-TASHKENT, KZ-GP")
                editor.body.setPlainText(
                    QApplication.translate(
                        "screenshots",
                        "Please report any criminal record of the person detained "
                        "on 12 March at the Zhibek Zholy checkpoint.",
                    )
                    if lang == "en"
                    else "Прошу сообщить сведения о судимости гражданина, задержанного 12 марта "
                    "на КПП «Жибек Жолы»."
                )
                editor.resize(820, 720)
                settle()
                save(editor, f"{lang}-request-editor.png")
                editor.close()
            settle()
            win.close()
            settle()

            sup = MainWindow(UiSession(desk, supervisor), auto_sync=False)
            sup.resize(*SIZE)
            sup.show()
            sup.show_page("requests")
            sup.requests.show_tab("review")
            settle()
            rid = resubmitted_request(desk, officer, supervisor, lang)
            if rid:
                review = sup.review_request(rid)
                review.resize(900, 860)
                settle()
                save(review, f"{lang}-review.png")
                review.close()
            sup.lock_now()
            settle()
            if sup.lock_screen is not None:
                save(sup.lock_screen, f"{lang}-lock.png")
                sup.lock_screen._logout()
            settle()
            sup.close()
            settle()
    finally:
        desk.close()
        app.processEvents()
    return written


def resubmitted_request(desk: Any, officer: Any, supervisor: Any, lang: str) -> str | None:
    """A hit notification naming a case, a bulletin hit and a person, returned once by the
    supervisor and submitted again with changes: what a review has to show."""
    from sqlalchemy import select

    from app.store.models import Bulletin, Case, Hit, Person, PersonName, RequestType
    from app.workflow import RequestDraft, RequestService

    with desk.store.write() as s:
        case = s.scalars(select(Case).order_by(Case.number).limit(1)).first()
        person = s.scalars(
            select(Person)
            .join(PersonName, PersonName.person_id == Person.id)
            .where(Person.bulletin_id.is_not(None), PersonName.script == "Cyrl")
            .limit(1)
        ).first()
        if case is None or person is None:
            return None
        bulletin = s.get(Bulletin, person.bulletin_id)
        name = s.scalar(
            select(PersonName.full_name)
            .where(PersonName.person_id == person.id)
            .order_by(PersonName.position)
            .limit(1)
        )
        # Demo data: the hit an officer would have recorded from a search result.
        hit = Hit(
            bulletin_id=bulletin.id if bulletin else person.bulletin_id,
            target_kind="person",
            target_id=person.id,
            officer_id=officer.user_id,
            place="КПП «Жибек Жолы»" if lang == "ru" else "Zhibek Zholy checkpoint",
            query=str(name or ""),
            match_explanation={"label": str(name or ""), "band": "strong"},
        )
        s.add(hit)
        s.flush()
        subjects = (
            {"kind": "case", "ref": case.id},
            {"kind": "hit", "ref": hit.id},
            {"kind": "bulletin", "ref": str(person.bulletin_id)},
            {"kind": "person", "ref": person.id},
        )
        hit_id = hit.id
    if lang == "ru":
        first = "Прошу подтвердить личность гражданина, задержанного 12 марта на КПП."
        second = (
            "Прошу подтвердить личность и место жительства гражданина, задержанного "
            "11 марта в 10:40 на КПП «Жибек Жолы»."
        )
        reason = "Укажите время и место задержания."
    else:
        first = "Please confirm the identity of the person detained on 12 March at the checkpoint."
        second = (
            "Please confirm the identity and address of the person detained on 11 March "
            "at 10:40 at the Zhibek Zholy checkpoint."
        )
        reason = "Give the time and place of detention."
    svc = RequestService(desk.store, desk.bus)
    draft = RequestDraft(
        request_type=RequestType.HIT_NOTIFICATION,
        recipients=("NCB-TASHKENT",),
        subjects=subjects,
        body=first,
    )
    rid = svc.create_draft(officer, draft, hit_id=hit_id)
    svc.submit(officer, rid)
    svc.return_request(supervisor, rid, reason)
    svc.edit(
        officer,
        rid,
        RequestDraft(
            request_type=draft.request_type,
            recipients=("NCB-TASHKENT", "KZ-GP"),
            subjects=subjects,
            body=second,
        ),
    )
    svc.submit(officer, rid)
    return rid


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--lang", action="append", choices=["ru", "en"], help="language (default: both)"
    )
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="dd-shots-") as tmp:
        client, proc = prepare(Path(tmp))
        try:
            written = shoot(client, args.lang or ["ru", "en"])
        finally:
            if proc is not None:
                proc.terminate()
                proc.wait(timeout=10)
    for p in written:
        print(p.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
