"""Definitions in nested and conditional places."""
import sys

if sys.version_info >= (3, 11):
    def compat():
        return "new"

    VERSION = 11
else:
    def compat():
        return "old"

    VERSION = 10

try:
    from fast import speedup
except ImportError:
    def speedup(x):
        return x
finally:
    CLEANED = True

with open(__file__) as fh:
    HEADER = fh.readline()

for _i in range(2):
    LOOP_VAR = _i

while False:
    def never():
        pass

match sys.platform:
    case "linux":
        def platform_name():
            return "Linux"
    case _:
        def platform_name():
            return "Other"


def outer(a):
    """Outer function."""
    local_constant = 1

    def middle(b):
        class Local:
            FIELD = 1

            def method(self):
                def innermost():
                    yield b
                return innermost

        return Local

    if a:
        def branch():
            pass
    else:
        def branch():
            raise RuntimeError
    return middle


class Config:
    if sys.platform == "win32":
        SEP = "\\"

        def path(self):
            return "C:"
    else:
        SEP = "/"

        def path(self):
            return "/"

    try:
        import json as codec
    except ImportError:
        codec = None
