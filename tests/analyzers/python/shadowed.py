"""A module shadowed by the package shadowed/ next to it."""


class Thing:
    def run(self):
        pass


def helper():
    pass
