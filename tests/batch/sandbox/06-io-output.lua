-- escape: redirect the default output outside
io.output("/tmp/kg-batch-escaped")
