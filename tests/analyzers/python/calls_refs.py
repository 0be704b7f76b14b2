import os
import os.path as paths
import xml.etree.ElementTree as ET
from os.path import join
from io import open
import requests
from requests import get
from .local import helper2


def input(prompt):
    return prompt


def local_func(value):
    return value


class Worker(make_base()):
    def run(self):
        self.cb = self.run
        return [local_func, Worker, print]

    def spawn(self, items):
        callbacks = {"run": self.run, "join": paths.join, "other": unknown}
        register(local_func, key=len, factory=Worker)
        mapped = map(lambda item: local_func(item), items)
        squares = [local_func(i) for i in items]
        return callbacks, mapped, squares

    def format(self, spec):
        # a method does not hide the builtin format()
        return format(self, spec)


def labels(obj, funcs):
    len(obj)
    input("shadowed builtin")
    open("io.open via import")
    join("a", "b")
    paths.join("a")
    os.path.join("b")
    ET.parse("f.xml")
    get("url")
    helper2()
    obj.method()
    requests.post("url")
    local_func(1)
    get_obj().method()
    funcs[0].go()
    funcs[0]()
    (lambda: 1)()
    make()()
    print(f"{local_func(2)} inside an f-string")
    handler = local_func
    alias: object = os.getcwd
    if (chosen := local_func):
        pass
    return handler, {local_func, Worker}, (local_func,)


def with_default(arg=compute_default()):
    pass
