"""Start Briefing Explorer: `python main.py` opens the window on the bundled London sample.

`python main.py --help` lists the options (your own data, screenshots, presentation).
"""

from __future__ import annotations

import multiprocessing
import sys

if __name__ == "__main__":
    # In the frozen app the .sav reader's child process starts from this same executable.
    multiprocessing.freeze_support()
    from explorer.ui.app import main

    sys.exit(main(sys.argv[1:]))
