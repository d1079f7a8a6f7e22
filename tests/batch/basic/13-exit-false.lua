-- os.exit(false) fails with status 1
coroutine.wrap(function() os.exit(false) end)()
error("never reached")
