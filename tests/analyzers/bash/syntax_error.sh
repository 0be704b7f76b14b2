#!/bin/sh
good() { echo ok; }
broken() { if then fi
after() { echo after; }
case x in
