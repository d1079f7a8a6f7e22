-- escape: a temporary name outside
os.tmpname()
