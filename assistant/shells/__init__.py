"""Shells: thin front ends (the command line) that parse input, call the library and format output."""
