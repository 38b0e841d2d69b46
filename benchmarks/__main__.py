"""`python -m benchmarks`: the tracker-scale benchmark (see benchmarks/run.py)."""

from benchmarks.run import main

main()
