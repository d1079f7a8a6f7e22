-- escape: read a file outside the output directory
assert(io.open("/etc/passwd"))
