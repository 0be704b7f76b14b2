import sys

__all__ = ["tidy", "which"]


def tidy():
    return None


if sys.platform == "win32":
    def platform_name():
        return "windows"
else:
    def platform_name():
        return "posix"


def which():
    return platform_name()
