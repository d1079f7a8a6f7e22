-- os.exit(true) passes
os.exit(true)
