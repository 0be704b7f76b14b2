r"""Raw module docstring: \n stays, \t stays, \\ stays."""


def escapes():
    "Tab:\there, newline:\nnext, quote:\" \x41\101\u00e9\U0001F600 \N{BULLET} \q end\\"


def unicode_text():
    """Café — привет 😀 日本語.

    Indented line with ünïcödé.
    """


def concatenated():
    "first part " 'second part' """ third"""


def prefixed():
    u"""Unicode prefix."""


def raw_prefixed():
    R"""Raw: \d+ and \n kept."""


def fstring_is_not_doc():
    f"""Not a docstring {1}."""


def bytes_is_not_doc():
    b"not a docstring"


def not_first():
    x = 1
    "not a docstring"


def after_comment():
    # a comment before the docstring
    """Docstring after a comment."""


def empty_doc():
    """"""


def cleandoc_rules():
    """

    First real line.
        Indented more.
	Tab-indented line.
      
    Last line.

    """


def continuation():
    """Line one \
continued.
    """


def parenthesized():
    ("Parenthesized "
     "docstring.")


class Documented:
    '''Single-quoted triple.'''

    def method(self):
        "Method docstring."
