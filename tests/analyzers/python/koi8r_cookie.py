#!/usr/bin/env python
# vim: set fileencoding=koi8-r :
"""Привет, мир."""

ПОРТ = 8080


def функция():
    return "привет"
