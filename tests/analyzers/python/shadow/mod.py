"""shadow/mod.py, shadowed by the package shadow/mod/."""


def helper():
    pass
