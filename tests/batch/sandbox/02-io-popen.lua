-- escape: run a command through a pipe
io.popen("id")
