"""A scripted session over hostile text, run in its own process (under strace when the test can):
every input format into the window, every chart, quote and tooltip, the briefing, the presentation,
every export and the command line. Prints one line per problem and exits 1 if there were any.

`python -m tests.trust.hostile_text_run FOLDER` — FOLDER holds the files text_corpus built.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
from pathlib import Path

from tests.fixtures.hostile.text_corpus import corpus

RAW_MARKUP = ("<img", "<h1>", "<a href", "<qt>", "<style>")


def _literal_problems(window, texts: list[str], where: str) -> list[str]:
    """Every label shows its text as plain text (or, if rich, with the markup escaped)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLabel, QListWidget, QTreeWidget

    problems = []
    for label in window.findChildren(QLabel):
        text = label.text()
        rich = label.textFormat() != Qt.TextFormat.PlainText
        if rich and any(t in text for t in texts):
            problems.append(f"{where}: label {label.accessibleName()!r} shows file text as markup")
    for view in window.findChildren(QListWidget):
        for i in range(view.count()):
            problems += _tip_problem(view.item(i).toolTip(), where)
    for tree in window.findChildren(QTreeWidget):
        stack = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
        while stack:
            item = stack.pop()
            stack.extend(item.child(i) for i in range(item.childCount()))
            for column in range(tree.columnCount()):
                problems += _tip_problem(item.toolTip(column), where)
    return problems


def _tip_problem(tip: str, where: str) -> list[str]:
    if any(m in tip for m in RAW_MARKUP[:3]) and not tip.startswith("<qt>"):
        return [f"{where}: tooltip {tip[:60]!r} would be read as markup"]
    body = tip.removeprefix("<qt>").removesuffix("</qt>")
    if any(m in body for m in RAW_MARKUP):
        return [f"{where}: tooltip {tip[:60]!r} carries unescaped markup"]
    return []


def _has_image_or_link(document) -> bool:
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fmt = it.fragment().charFormat()
            if fmt.isImageFormat() or fmt.isAnchor() or fmt.anchorHref():
                return True
            it += 1
        block = block.next()
    return False


def _quotes(window, texts: list[str], where: str) -> list[str]:
    from PySide6.QtWidgets import QApplication

    problems = []
    browser = window.quotes
    for row in range(browser.list.count()):
        browser.list.setCurrentRow(row)
        for context in (False, True):
            browser.context_button.setChecked(context)
            QApplication.processEvents()
            if _has_image_or_link(browser.detail.document()):
                problems.append(f"{where}: quote {row} detail holds an image or link")
            window.grab()
    shown = browser.detail.toPlainText()
    if browser.list.count() and not any(t.splitlines()[0][:20] in shown for t in texts):
        problems.append(f"{where}: the quote detail does not show the code names literally")
    return problems


def _exports(window, out: Path, where: str) -> list[str]:
    from explorer.core.errors import ExplorerError
    from explorer.ui import export_actions as ea

    problems = []
    out.mkdir(exist_ok=True)
    jobs = [
        (ea.export_chart_png, out / "chart.png", (640, 360), 96),
        (ea.export_chart_svg, out / "chart.svg"),
        (ea.copy_chart_image,),
        (ea.export_table, out / "table.csv"),
        (ea.export_table, out / "table.xlsx"),
        (ea.export_quotes, out / "quotes.csv"),
        (ea.export_quotes, out / "quotes.xlsx"),
        (ea.export_quotes, out / "quotes.txt"),
        (ea.export_briefing_pdf, out / "briefing.pdf"),
        (ea.export_briefing_pptx, out / "briefing.pptx"),
    ]
    for action, *args in jobs:
        try:
            action(window, *args)
        except ExplorerError as error:
            problems.append(f"{where}: {action.__name__} refused: {error.message[:120]}")
    return problems


def _present(window) -> None:
    from PySide6.QtWidgets import QApplication

    from explorer.ui.presentation.presentation import Presentation

    show = Presentation(window.briefing_panel.briefing, window.session)
    show.show()
    for _ in range(show.deck.count):
        QApplication.processEvents()
        show.audience.grab()
        show.deck.next()
    show.close()


def _cli(folder: Path, survey: Path, qual: Path, briefing: Path) -> list[str]:
    from explorer.cli import main

    problems = []
    out = folder / "cli"
    runs = [
        ["describe", str(survey)],
        ["table", str(survey), "-q", "q_a", "--by", "age"],
        ["quotes", str(qual)],
        ["codes", str(qual)],
        ["export", str(briefing), "--pdf", str(out / "b.pdf"), "--png-dir", str(out)],
    ]
    for argv in runs:
        stdout, stderr = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            code = main(argv)
        text = stdout.getvalue() + stderr.getvalue()
        for char in ("\x1b", "\u202e", "\u2066", "\x07", "\r"):
            if char in text:
                problems.append(f"cli {argv[0]}: printed raw {char!r} (exit {code})")
    return problems


def run(folder: Path) -> list[str]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["BRIEFING_EXPLORER_DATA"] = str(folder / "appdata")
    from PySide6.QtWidgets import QApplication

    from explorer.core.session import load_session
    from explorer.ui import theme
    from explorer.ui.main_window import MainWindow
    from explorer.ui.settings import Settings

    app = QApplication.instance() or QApplication(sys.argv[:1])
    theme.load_fonts()
    theme.apply(app, "light")
    texts = corpus(folder / "canary")
    problems: list[str] = []
    qual = folder / "hostile.qdpx"
    briefing = folder / "hostile.briefing.json"
    for name in ("hostile.csv", "hostile.sav", "hostile.sss"):
        survey = folder / name
        window = MainWindow(Settings(folder / "settings.ini"))
        warnings: list[str] = []
        window.briefing_panel.warn = lambda _t, text, w=warnings: w.append(text)
        window.briefing_panel.ask = lambda _t, _q: True
        window.set_session(load_session(survey, qual))
        window.resize(1366, 768)
        window.show()
        for question in [*window.session.survey.variables, None]:
            window.charts.set_question(question)
            window.charts.set_breakdown("age" if question else None)
            window.flush()
            QApplication.processEvents()
            window.grab()
            problems += _literal_problems(window, texts, f"{name} {question}")
        problems += _quotes(window, texts, name)
        window.briefing_panel.open(briefing)
        QApplication.processEvents()
        window.grab()
        problems += _literal_problems(window, texts, f"{name} briefing")
        problems += _exports(window, folder / f"out-{name}", name)
        _present(window)
        window.close()
        window.deleteLater()
        QApplication.processEvents()
    problems += _cli(folder, folder / "hostile.sav", qual, briefing)
    return problems


if __name__ == "__main__":
    found = run(Path(sys.argv[1]))
    for line in found:
        print("PROBLEM", line)
    print("DONE", len(found))
    raise SystemExit(1 if found else 0)
