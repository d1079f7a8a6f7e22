-- escape: move a file out of the output directory
os.rename("inside.txt", "/tmp/kg-batch-escaped")
