"""``make screenshots``: every page and dialog, in Russian and English, in a real X server.

Each configuration runs in its own Xvfb X server (``xvfb-run``) with Qt's xcb platform, as
on an office PC: 1366x768, 1600x1000, and 1600x1000 at 150 % (``QT_SCALE_FACTOR=1.5``).
The client runs against the real reference server with demo data, exactly as ``make run``
prepares it (local sample data when the server cannot start).

Every screen is also checked: a label or button whose text does not fit its rectangle,
or a field squeezed below its height, is reported (``tests/helpers/textfit.py``) and makes
the run fail. Pictures go to ``build/screenshots/<configuration>/``; the 1600x1000 ones
used by the user guide are copied to ``docs/screenshots/``.

Usage: ``python scripts/screenshots.py [--lang ru] [--config 1366x768]``; without Xvfb,
``--offscreen`` takes them with the offscreen platform instead (no fit guarantee).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "screenshots"
BUILD = ROOT / "build" / "screenshots"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import run_demo  # noqa: E402

#: name -> (screen width, screen height, scale)
CONFIGS: dict[str, tuple[int, int, float]] = {
    "1366x768": (1366, 768, 1.0),
    "1600x1000": (1600, 1000, 1.0),
    "1600x1000-150": (1600, 1000, 1.5),
}
#: Configuration whose pictures the user guide shows.
GUIDE_CONFIG = "1600x1000"
GUIDE_SHOTS = (
    "login",
    "bulletins",
    "bulletins-empty-filter",
    "search",
    "cases",
    "request-editor",
    "requests",
    "review",
    "sync",
    "sync-progress",
    "lock",
)


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


def shoot(client: Path, languages: list[str], out: Path) -> dict[str, list[str]]:
    """Take every picture into ``out``; returns text-fit problems by picture."""
    from datetime import UTC, datetime, timedelta

    from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication, QWidget

    from app.context import open_desk
    from app.sync.engine import BadRow, QuarantinedItem
    from app.sync.state import FailureInfo, SyncProgress, SyncStatus
    from app.users import login
    from tests.helpers.textfit import clipped_texts
    from ui.enrol_dialog import FIELD_CODE, FIELD_NONE, EnrolDialog
    from ui.i18n import install_language
    from ui.login import LoginDialog
    from ui.main import make_application
    from ui.main_window import MainWindow
    from ui.messages import error_text
    from ui.ops import running_ops
    from ui.session import UiSession
    from ui.settings import AboutDialog, SettingsDialog
    from ui.sync_controller import SyncUiFacts

    app = make_application([])
    QApplication.setCursorFlashTime(0)
    desk = open_desk(client)
    users = {u[0]: u[3] for u in run_demo.USERS}
    problems: dict[str, list[str]] = {}

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

    def save(widget: QWidget, name: str, *, screen: bool = False) -> None:
        settle(150)
        if screen:
            # The whole screen: shows whether the window fits it.
            pixmap = QGuiApplication.primaryScreen().grabWindow(0)
        else:
            pixmap = widget.grab()
        pixmap.save(str(out / f"{name}.png"))
        found = clipped_texts(widget)
        if found:
            problems[name] = found

    try:
        for lang in languages:
            install_language(lang)
            login_dialog = LoginDialog(desk)
            login_dialog.username.setText("ivanov")
            login_dialog.show()
            settle()
            save(login_dialog, f"{lang}-login")
            login_dialog._fail(error_text("auth.not_on_this_pc"))
            save(login_dialog, f"{lang}-login-error")
            login_dialog.close()

            officer = login(desk.store, "ivanov", users["ivanov"])
            supervisor = login(desk.store, "petrova", users["petrova"])
            win = MainWindow(UiSession(desk, officer), auto_sync=False)
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
            save(win, f"{lang}-bulletins", screen=True)
            win.bulletins.country.setText("Нидерланды" if lang == "ru" else "Netherlands")
            win.bulletins._country_entered()
            settle()
            save(win, f"{lang}-bulletins-empty-filter", screen=True)
            win.bulletins.country.setText("Atlantis")
            win.bulletins._country_entered()
            settle()
            save(win, f"{lang}-bulletins-unknown-country", screen=True)
            win.bulletins.clear_filter()

            steps: list[tuple[str, Callable[..., object]]] = [
                ("cases", lambda w=win: (w.show_page("cases"), w.cases.view.selectRow(0))),
                ("requests", lambda w=win: w.show_page("requests")),
                ("replies", lambda w=win: w.show_page("replies")),
                ("hits", lambda w=win: w.show_page("hits")),
                ("sync", lambda w=win: w.show_page("sync")),
            ]
            for name, step in steps:
                step()
                settle()
                save(win, f"{lang}-{name}", screen=True)
            # Empty states: a filter that hides every case, and a request stage with none.
            win.show_page("cases")
            win.cases.filter.setText("Zzyzxqw")
            settle()
            save(win, f"{lang}-cases-no-match", screen=True)
            win.cases.filter.clear()
            win.show_page("requests")
            empty_tab = next((k for k, m in win.requests.models.items() if m.rowCount() == 0), None)
            if empty_tab is not None:
                win.requests.show_tab(empty_tab)
                settle()
                save(win, f"{lang}-requests-empty", screen=True)
                win.requests.show_tab("drafts")

            # Sync in progress: the engine's reports of a pull, 20 s apart, as on the link.
            controller = win.sync
            clock = [0.0]
            controller._estimate._clock = lambda c=clock: c[0]  # type: ignore[misc]
            controller._op = object()  # type: ignore[assignment]  # "a cycle is running"
            controller.facts = SyncUiFacts(available=True, running=True)
            controller.status_changed.emit(controller.status, controller.facts)
            for step_no, items in enumerate((0, 1200, 2600, 4100)):
                clock[0] = 20.0 * step_no
                controller._on_progress(
                    SyncProgress(
                        phase="pull",
                        items_done=items,
                        items_total=10_000,
                        bytes_done=items * 71,
                        rate=7600.0,
                    )
                )
            settle()
            save(win, f"{lang}-sync-progress", screen=True)
            controller._op = None
            controller._end_transfer()

            # Offline, with the next attempt, and an item the server refused.
            assert controller.status is not None
            offline = SyncStatus(
                state="backing_off",
                enrolled=True,
                server_url=controller.status.server_url,
                last_confirmed_sync=controller.status.last_confirmed_sync,
                pending_items=2,
                pending_bytes=2300,
                current=None,
                next_attempt=datetime.now(UTC) + timedelta(minutes=4),
                last_error=FailureInfo("sync.offline", "transient"),
                metered=False,
                quarantine=[
                    QuarantinedItem(
                        "q1",
                        "request",
                        "6f1c2a9e-0000-4000-8000-000000000001",
                        "sync.refused",
                        "recipient NCB-XX is not known",
                        datetime.now(UTC),
                    )
                ],
                bad_rows=[
                    BadRow("b", "0b7e4c52-8f1d-4a3e-9c2b-5d6f7a8b9c0d", 48213, 2, "schema"),
                    BadRow("m", "5d1a7f30-2c4b-4e8a-9b6d-1f0e3a2c7b58", 48250, 3, "unstorable"),
                ],
                bad_row_count=2,
            )
            controller.status_changed.emit(offline, SyncUiFacts(available=True, online=False))
            win.sync_panel.bad_button.setChecked(True)
            settle(100)
            save(win, f"{lang}-sync-offline-refused", screen=True)
            # The sync page itself: the refused item and the rows not applied, listed.
            win.show_page("sync")
            settle(100)
            save(win, f"{lang}-sync-refused-and-bad-rows", screen=True)
            controller.refresh()

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
            save(win, f"{lang}-search", screen=True)
            win.search.box.setText("Zzyzxqw")
            win.search.search()
            settle()
            save(win, f"{lang}-search-no-match", screen=True)

            editor = win.new_request()
            if editor is not None:
                editor.recipients.setText("NCB-TASHKENT, KZ-GP")
                editor.body.setPlainText(
                    "Please report any criminal record of the person detained on 12 March "
                    "at the Zhibek Zholy checkpoint."
                    if lang == "en"
                    else "Прошу сообщить сведения о судимости гражданина, задержанного 12 марта "
                    "на КПП «Жибек Жолы»."
                )
                settle()
                save(editor, f"{lang}-request-editor")
                editor.close()
            for dialog_name, make in (
                ("settings", lambda w=win, a=officer: SettingsDialog(desk, a, w)),
                ("about", lambda w=win: AboutDialog(desk, None, w)),
                ("enrol", lambda w=win: EnrolDialog(desk, w)),
            ):
                dialog = make()
                dialog.show()
                settle()
                save(dialog, f"{lang}-{dialog_name}")
                if isinstance(dialog, EnrolDialog):
                    dialog._show_error(FIELD_CODE, error_text("enrol.code_invalid"))
                    dialog._show_error(FIELD_NONE, error_text("enrol.unreachable"))
                    save(dialog, f"{lang}-enrol-error")
                dialog.close()
            win.lock_now()
            settle()
            save(win, f"{lang}-lock", screen=True)
            if win.lock_screen is not None:
                win.lock_screen._logout()
            settle()
            win.close()
            settle()

            sup = MainWindow(UiSession(desk, supervisor), auto_sync=False)
            sup.show()
            sup.show_page("requests")
            sup.requests.show_tab("review")
            settle()
            rid = resubmitted_request(desk, officer, supervisor, lang)
            if rid:
                review = sup.review_request(rid)
                settle()
                save(review, f"{lang}-review")
                review.close()
                # The same request in the editor, where it can no longer be changed.
                read_only = sup.open_request(rid)
                settle()
                save(read_only, f"{lang}-request-read-only")
                read_only.close()
            settle()
            sup.close()
            settle()
    finally:
        desk.close()
        app.processEvents()
    return problems


def run_config(name: str, languages: list[str], offscreen: bool) -> int:
    """Take one configuration's pictures in a child process under its own Xvfb."""
    width, height, scale = CONFIGS[name]
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env["QT_SCALE_FACTOR"] = str(scale)
    env.pop("QT_QPA_PLATFORM", None)
    child = [
        sys.executable,
        __file__,
        "--child",
        name,
    ]
    for language in languages:
        child += ["--lang", language]
    if offscreen:
        env["QT_QPA_PLATFORM"] = "offscreen"
        cmd = child
    else:
        env["QT_QPA_PLATFORM"] = "xcb"
        cmd = ["xvfb-run", "-a", "-s", f"-screen 0 {width}x{height}x24 -nolisten tcp", *child]
    return subprocess.run(cmd, env=env, cwd=ROOT, check=False, timeout=900).returncode


def child_main(name: str, languages: list[str]) -> int:
    out = BUILD / name
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    with tempfile.TemporaryDirectory(prefix="dd-shots-") as tmp:
        client, proc = prepare(Path(tmp))
        try:
            problems = shoot(client, languages, out)
        finally:
            if proc is not None:
                proc.terminate()
                proc.wait(timeout=10)
    (out / "text-fit.json").write_text(
        json.dumps(problems, indent=1, ensure_ascii=False), encoding="utf-8"
    )
    for shot, found in sorted(problems.items()):
        for p in found:
            print(f"{name} {shot}: {p}", file=sys.stderr)
    print(f"{name}: {len(list(out.glob('*.png')))} pictures in {out.relative_to(ROOT)}")
    return 1 if problems else 0


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
    parser.add_argument("--config", action="append", choices=sorted(CONFIGS))
    parser.add_argument("--offscreen", action="store_true", help="no Xvfb: offscreen platform")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    languages = args.lang or ["ru", "en"]
    if args.child:
        return child_main(args.child, languages)
    if not args.offscreen and shutil.which("xvfb-run") is None:
        print("screenshots: xvfb-run not found (scripts/system-deps.sh installs it)")
        return 2
    failed = [c for c in args.config or list(CONFIGS) if run_config(c, languages, args.offscreen)]
    guide = BUILD / GUIDE_CONFIG
    if guide.is_dir():
        DOCS.mkdir(parents=True, exist_ok=True)
        for lang in languages:
            for shot in GUIDE_SHOTS:
                src = guide / f"{lang}-{shot}.png"
                if src.exists():
                    shutil.copyfile(src, DOCS / src.name)
    if failed:
        print(f"screenshots: text does not fit in {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
