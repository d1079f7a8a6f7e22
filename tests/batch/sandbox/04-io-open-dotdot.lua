-- escape: climb out of the output directory
assert(io.open("../escaped", "w"))
