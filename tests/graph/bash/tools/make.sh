#!/bin/sh
make clean
