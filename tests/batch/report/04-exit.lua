-- exits with a status
os.exit(7)
