"""Python 2 code."""
import sys


def greet(name):
    print "Hello, %s" % name
    print >>sys.stderr, "to stderr"
    exec "x = 1"
    return name


print("a Python 3 call")
