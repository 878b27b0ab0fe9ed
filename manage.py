#!/usr/bin/env python
"""Django's command-line utility for the Rembug checkout."""

from rembug.manage import main

if __name__ == "__main__":
    main()
