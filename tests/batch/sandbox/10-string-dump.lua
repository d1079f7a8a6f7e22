-- escape: make bytecode
string.dump(print)
