#!/usr/bin/env python
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hallbar.settings")
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(sys.argv)
    except Exception as error:  # a command that fails says why in one line and exits 1; --traceback shows where
        if "--traceback" in sys.argv:
            raise
        message = " ".join(str(error).split())
        sys.stderr.write(f"{type(error).__name__}: {message} (--traceback visar var)\n")
        sys.exit(1)


if __name__ == "__main__":
    main()
