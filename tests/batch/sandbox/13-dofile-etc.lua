-- escape: run a file outside the output directory
dofile("/etc/passwd")
