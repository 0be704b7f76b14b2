import os.path
import json as js
import requests
from collections import OrderedDict


class Base:
    def save(self):
        return self.validate()

    def validate(self):
        return True

    @classmethod
    def create(cls):
        return cls.build()

    @classmethod
    def build(cls):
        return cls()


class User(Base):
    def save(self):
        super().save()
        self.notify()
        self.validate()
        return Base.save(self)

    def notify(self):
        print("saved")
        os.path.join("a", "b")
        js.dumps({})
        requests.get("http://example.invalid")
        OrderedDict()
        self.missing()


class Admin(User):
    def promote(self):
        self.notify()
        return self.create()
