-- escape: run a command
os.execute("touch /tmp/kg-batch-escaped")
