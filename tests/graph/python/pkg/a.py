"""The call-graph fixture of the reference (pinned rows)."""
import pkg.b as helpers
from pkg.b import imported_helper as external


def helper():
    return 1


def dynamic(callback):
    callback()
    callback()


def caller():
    helper()
    helper()
    helper()
    dynamic(helper)


class Demo:
    def helper(self):
        return 2

    def caller(self):
        return self.helper()


def imported_caller():
    external()
    helpers.imported_helper()


def registry():
    return [Demo.helper, helper, external]
