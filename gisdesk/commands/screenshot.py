"""``screenshot PROJECT --out FILE.png``: the main window with the project, drawn off screen.

Qt is imported only when the command runs. The window is laid out at the requested size
(at least 1400 x 900), the map is rendered completely, then the window is grabbed.
"""

from __future__ import annotations

MIN_WIDTH, MIN_HEIGHT = 1400, 900


def configure(parser) -> None:
    parser.add_argument("project", help="project GeoPackage")
    parser.add_argument("--out", required=True, help="PNG file to write")
    parser.add_argument("--width", type=int, default=1600, help="window width in pixels (>= 1400)")
    parser.add_argument("--height", type=int, default=1000, help="window height in pixels (>= 900)")
    parser.add_argument("--language", choices=("zh_CN", "en"), default="zh_CN", help="interface language")
    parser.add_argument("--panel", choices=("siting", "evaluate", "grids", "plans", "officers"), default="siting",
                        help="which planning panel is in front")


def run(args, ctx) -> dict:
    import tempfile
    import time
    from pathlib import Path

    from gisdesk.cli import UsageError
    from gisdesk.commands._common import open_project, output_file

    if args.width < MIN_WIDTH or args.height < MIN_HEIGHT:
        raise UsageError(f"the window must be at least {MIN_WIDTH}x{MIN_HEIGHT}", "--width/--height")
    project = open_project(args.project)
    out = output_file(args.out, ".png", args.project)

    from gisdesk.ui.headless import qt_application

    qt_application()
    from PyQt6.QtCore import QSettings
    from PyQt6.QtWidgets import QApplication

    from gisdesk.ui.app import make_application
    from gisdesk.ui.config import Settings
    from gisdesk.ui.main_window import MainWindow

    app = make_application(language=args.language)
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat))
        settings.autosave_minutes = 0
        window = MainWindow(settings)
        try:
            window.resize(args.width, args.height)
            window.show()
            window.load(project)
            window.siting_panel.show_existing()
            {"siting": window.siting_dock, "evaluate": window.evaluate_dock, "grids": window.grids_dock,
             "plans": window.plans_dock, "officers": window.officers_dock}[args.panel].raise_()
            window.table.show_layer("villages" if len(project["villages"]) else "posts")
            ctx.progress(0.3, "drawing the map")
            deadline = time.monotonic() + 60
            app.processEvents()
            window.canvas.zoom_full()
            window.canvas.render_now()
            while time.monotonic() < deadline:
                app.processEvents()
                if window.canvas.image is not None and not window.canvas.is_rendering:
                    break
                time.sleep(0.01)
            app.processEvents()
            image = window.grab()
            if not image.save(str(out), "PNG"):
                raise UsageError("cannot write the PNG", "--out")
            size = (image.width(), image.height())
        finally:
            window.shutdown()
            window.close()
            window.deleteLater()
            QApplication.processEvents()
    ctx.info(f"wrote {out} ({size[0]}x{size[1]})")
    return {"out": str(out), "width": size[0], "height": size[1]}
