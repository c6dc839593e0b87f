"""``python -m errorscape export "#surface=…" -o page.html``: the core's own command line (no web server needed)."""

import sys

from .export import main

USAGE = 'usage: python -m errorscape export "#surface=himmelblau&optimizer=adam" -o page.html'

if __name__ == "__main__":
    if sys.argv[1:2] != ["export"]:
        print(USAGE, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[2:]))
