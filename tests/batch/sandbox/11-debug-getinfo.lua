-- escape: the debug library
debug.getinfo(1)
