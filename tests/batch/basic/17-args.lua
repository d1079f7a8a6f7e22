-- arg[0] is the script; no further arguments
return arg[0], select("#", ...)
