"""A file with syntax errors: the good parts are still extracted."""
import os


def good_before(a):
    return os.getcwd()


def broken(x:
    return x


class Fine:
    def method(self):
        return helper(


def good_after():
    value = [1, 2
    return value


class AlsoFine:
    LIMIT = 5


class Broken(Base:
    def method(self):
        return call_a()

    def other(self, x) -> int
        return call_b()
