-- escape: a temporary file outside
io.tmpfile()
