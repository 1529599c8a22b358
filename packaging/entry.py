"""What the bundled executables run: the `shipdesk` command line (no arguments: the GUI)."""

import multiprocessing
import sys

from app.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # a frozen Windows child process must not rerun main
    sys.exit(main())
