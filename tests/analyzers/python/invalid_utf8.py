"""Docstring with a bad byte: ÿ."""


def ok():
    return "café"


VALUE = "À€"
