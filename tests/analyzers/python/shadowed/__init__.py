"""The package that shadows shadowed.py."""


def helper():
    pass
