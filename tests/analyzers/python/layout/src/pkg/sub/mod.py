"""Module pkg.sub.mod (src/ layout)."""
from . import x
from .y import z
from ..core import engine, start as go
from ... import too_far
from ...beyond import deeper
from . import *


class Handler:
    pass
