-- escape: delete a file outside the output directory
os.remove("/tmp/kg-batch-should-not-exist")
