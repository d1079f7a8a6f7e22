-- options end at the script name: the rest are the script's
print(arg[0]:match("args%.lua$"), #arg, arg[1], arg[2], arg[3])
print(select("#", ...), ...)
print(graph:get("alpha").name)
