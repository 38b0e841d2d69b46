"""The command line: `python -m explorer <command> …` (no window, no Qt).

Each command group lives in its own module and registers a sub-parser; errors are one sentence on
stderr and exit status 2, never a traceback. Everything printed passes through `TerminalSafe`, so a
label or file name holding terminal escapes or direction overrides is shown escaped, never obeyed.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from explorer.core.errors import ExplorerError
from explorer.core.shown_text import visible

EXIT_ERROR = 2


class TerminalSafe:
    """A text stream wrapper that writes control, escape and format characters as escapes."""

    def __init__(self, stream) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        if not text.isprintable():
            text = "".join(
                c
                if c.isprintable() or c in "\n\t" or (c == "\r" and text[i + 1 : i + 2] == "\n")
                else visible(c)
                for i, c in enumerate(text)
            )
        return self._stream.write(text)

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse's own usage errors also exit 2, briefly
        self.print_usage(sys.stderr)
        print(f"error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_ERROR)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m explorer", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    from explorer.cli import (
        export_command,
        matrix_command,
        qual_commands,
        stats_commands,
        survey_commands,
    )

    survey_commands.register(commands)
    qual_commands.register(commands)
    stats_commands.register(commands)
    export_command.register(commands)
    matrix_command.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from explorer.core.survey import reader_process, sav_child

    reader_process.use_fork()  # no Qt here: a .sav reader child forks from this process at once
    # ... and, when a .sav is named, now: its imports overlap this process's own
    reader_process.start_early(sys.argv[1:] if argv is None else argv, sav_child.child_main)
    parser = build_parser()
    args = parser.parse_args(argv)
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = TerminalSafe(out), TerminalSafe(err)
    try:
        from explorer.core.pending_writes import clean_interrupted_writes

        clean_interrupted_writes()
        return int(args.run(args) or 0)
    except ExplorerError as error:
        print(f"error: {error.message}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    finally:
        sys.stdout, sys.stderr = out, err
