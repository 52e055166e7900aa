"""Child process of bench.ui_bench: launch the real window and say when it is usable.

    python -m bench.ui_launch FOLDER [--baseline]

Prints one line ``usable <seconds since this process started>``: the main window is shown,
its first background jobs (home page, status bar) have finished — the moment a worker could
type. It starts the window as ``gridapp`` does (:func:`gridapp.ui.app.start`).
``--baseline`` shows a bare ``QMainWindow`` with one label instead (the cost of Python + Qt
start-up alone, measured in the same run).
"""

from __future__ import annotations

import os
import sys
import time

# As early as possible: interpreter start-up before this line is counted by the parent.
STARTED = time.perf_counter()


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    folder, baseline = sys.argv[1], "--baseline" in sys.argv
    from pathlib import Path

    from PySide6.QtCore import QTimer

    from gridapp.ui.app import apply_preferences, setup_application, start

    app = setup_application(font_percent=apply_preferences(Path(folder)))
    if baseline:
        from PySide6.QtWidgets import QLabel, QMainWindow

        window = QMainWindow()
        window.setCentralWidget(QLabel("网格通"))
        window.show()

        def ready() -> bool:
            return True

    else:
        # Exactly what `gridapp` does: the integrity check runs beside, not before.
        main = start(Path(folder))
        if main is None:
            return 2
        window = main

        def ready() -> bool:
            return not main.tasks.busy()

    def poll() -> None:
        if ready():
            print(f"usable {time.perf_counter() - STARTED:.4f}", flush=True)
            app.quit()
        else:
            QTimer.singleShot(1, poll)

    QTimer.singleShot(0, poll)
    app.exec()
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
