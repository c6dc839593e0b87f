"""`python -m app`: the same as the `errorscape` console script."""

from .cli import main

if __name__ == "__main__":
    main()
