-- escape: require a C module (or any module from a file)
require "lpeg"
