"""The package shadow.mod."""
from . import helpers
from .. import sibling


def helper():
    pass
