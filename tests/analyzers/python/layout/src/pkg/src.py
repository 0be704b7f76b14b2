"""A file named src.py is not a src/ directory: module pkg.src."""
VALUE = 1
