"""Start Briefing Explorer: `python main.py` opens the window on the bundled London sample.

`python main.py --help` lists the options (your own data, screenshots, presentation).
"""

from __future__ import annotations

import sys

from explorer.ui.app import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
