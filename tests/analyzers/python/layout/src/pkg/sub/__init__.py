"""Package pkg.sub (src/ layout): relative imports resolve against the package itself."""
from . import mod
from .mod import Handler as H
from .. import core
